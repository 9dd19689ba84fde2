/*
 * analysis/snapshot.c: building a snapshot row by row (see snapshot.h):
 * the string pool, dates, and one add function per kind of row. Ids are
 * resolved as rows arrive, through one idmap per collection; snap_finish
 * (analysis/snapshot_index.c) builds the indexes.
 *
 * Must not read files or the database: the caller hands over values.
 * Ownership: every string is copied into the pool the snapshot owns.
 */
#include "analysis/snapshot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/snapshot_int.h"
#include "model/status.h"
#include "util/xalloc.h"

#define POOL_CHUNK ((size_t)64 << 10)

struct snap_pool_chunk {
	struct snap_pool_chunk *next;
	size_t used, size;
	char data[];
};

void *snap_vec_reserve(void *v, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return v;
	*alloc = *alloc ? *alloc * 2 : 16;
	if (*alloc < need)
		*alloc = need;
	return xrealloc(v, *alloc * size);
}

void snap_init(struct snapshot *s, int32_t today)
{
	memset(s, 0, sizeof(*s));
	s->today = today;
}

const char *snap_strdup(struct snapshot *s, const char *str)
{
	struct snap_pool_chunk *c = s->pool;
	size_t n;
	char *out;

	if (!str)
		return NULL;
	n = strlen(str) + 1;
	if (!c || c->size - c->used < n) {
		size_t size = n > POOL_CHUNK / 4 ? n : POOL_CHUNK;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		/* A big string gets a chunk of its own behind the current
		 * one, so the current chunk keeps its free room. */
		if (size == n && s->pool) {
			c->next = s->pool->next;
			s->pool->next = c;
		} else {
			c->next = s->pool;
			s->pool = c;
		}
	}
	out = c->data + c->used;
	memcpy(out, str, n);
	c->used += n;
	return out;
}

static struct snap_text text_dup(struct snapshot *s, struct snap_text t)
{
	return (struct snap_text){snap_strdup(s, t.nb), snap_strdup(s, t.nn),
				  snap_strdup(s, t.en)};
}

/* Days from 1970-01-01 (H. Hinnant's days_from_civil). */
int32_t snap_civil_day(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void snap_civil(int32_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int32_t snap_day(const char *date)
{
	int y, m = 1, d = 1;
	size_t n;

	if (!date)
		return SNAP_NO_DAY;
	n = strlen(date);
	if ((n != 4 && n != 7 && n != 10) || (y = digits(date, 4)) < 0)
		return SNAP_NO_DAY;
	if (n >= 7 &&
	    (date[4] != '-' || (m = digits(date + 5, 2)) < 1 || m > 12))
		return SNAP_NO_DAY;
	if (n == 10 &&
	    (date[7] != '-' || (d = digits(date + 8, 2)) < 1 || d > 31))
		return SNAP_NO_DAY;
	return snap_civil_day(y, m, d);
}

/* Index of s in a NULL-terminated list, or dflt. */
static int pick(const char *s, const char *const *list, int dflt)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return i;
	return dflt;
}

static int32_t dropped(struct snapshot *s)
{
	s->dropped++;
	return SNAP_NONE;
}

int32_t snap_add_actor(struct snapshot *s, const char *id,
		       struct snap_text name, const char *kind,
		       const char *parent_id)
{
	struct snap_actor *a;

	if (!id || idmap_get(&s->ids_actor, id) >= 0)
		return dropped(s);
	a = SNAP_PUSH(s->actors);
	a->id = snap_strdup(s, id);
	a->name = text_dup(s, name);
	a->is_ministry = kind && !strcmp(kind, "ministry");
	a->parent = a->ministry = SNAP_NONE;
	a->parent_id = snap_strdup(s, parent_id);
	idmap_put(&s->ids_actor, a->id, (int32_t)(s->actors.n - 1));
	return (int32_t)(s->actors.n - 1);
}

int32_t snap_add_strategy(struct snapshot *s, const char *id,
			  struct snap_text name, const char *origin_measure,
			  const char *parent_strategy)
{
	struct snap_strategy *st;

	if (!id || idmap_get(&s->ids_strategy, id) >= 0)
		return dropped(s);
	st = SNAP_PUSH(s->strategies);
	st->id = snap_strdup(s, id);
	st->name = text_dup(s, name);
	st->origin_measure = st->parent = SNAP_NONE;
	st->origin_id = snap_strdup(s, origin_measure);
	st->parent_id = snap_strdup(s, parent_strategy);
	idmap_put(&s->ids_strategy, st->id, (int32_t)(s->strategies.n - 1));
	return (int32_t)(s->strategies.n - 1);
}

int32_t snap_add_focus(struct snapshot *s, const char *id, const char *strategy,
		       struct snap_text name)
{
	int32_t st = idmap_get(&s->ids_strategy, strategy);
	struct snap_focus *f;

	if (!id || st < 0 || idmap_get(&s->ids_focus, id) >= 0)
		return dropped(s);
	f = SNAP_PUSH(s->focus);
	f->id = snap_strdup(s, id);
	f->name = text_dup(s, name);
	f->strategy = st;
	idmap_put(&s->ids_focus, f->id, (int32_t)(s->focus.n - 1));
	return (int32_t)(s->focus.n - 1);
}

int32_t snap_add_measure(struct snapshot *s, const char *id,
			 const char *strategy, const char *focus,
			 struct snap_text title, const char *desc_nb,
			 const char *desc_en, const char *state)
{
	static const char *const states[] = {"active", "completed", "merged",
					     "cancelled", NULL};
	int32_t st = idmap_get(&s->ids_strategy, strategy);
	struct snap_measure *m;

	if (!id || st < 0 || idmap_get(&s->ids_measure, id) >= 0)
		return dropped(s);
	m = SNAP_PUSH(s->measures);
	m->id = snap_strdup(s, id);
	m->title = text_dup(s, title);
	m->desc_nb = snap_strdup(s, desc_nb);
	m->desc_en = snap_strdup(s, desc_en);
	m->strategy = st;
	m->focus = idmap_get(&s->ids_focus, focus);
	m->state = (uint8_t)pick(state, states, SNAP_M_ACTIVE);
	m->status = -1;
	idmap_put(&s->ids_measure, m->id, (int32_t)(s->measures.n - 1));
	return (int32_t)(s->measures.n - 1);
}

int32_t snap_add_resp(struct snapshot *s, const char *measure,
		      const char *actor, const char *role)
{
	static const char *const roles[] = {"lead", "contributing", "consulted",
					    NULL};
	int32_t m = idmap_get(&s->ids_measure, measure);
	int32_t a = idmap_get(&s->ids_actor, actor);
	int r = pick(role, roles, -1);
	struct snap_resp *x;

	if (m < 0 || a < 0 || r < 0)
		return dropped(s);
	x = SNAP_PUSH(s->resps);
	*x = (struct snap_resp){m, a, (uint8_t)r};
	return (int32_t)(s->resps.n - 1);
}

int32_t snap_add_link(struct snapshot *s, const char *id, const char *from,
		      const char *to, const char *kind)
{
	static const char *const kinds[] = {"depends_on", "same_as", "related",
					    NULL};
	int32_t f = idmap_get(&s->ids_measure, from);
	int32_t t = idmap_get(&s->ids_measure, to);
	int k = pick(kind, kinds, -1);
	struct snap_link *l;

	if (f < 0 || t < 0 || k < 0)
		return dropped(s);
	l = SNAP_PUSH(s->links);
	*l = (struct snap_link){snap_strdup(s, id), f, t, (uint8_t)k};
	return (int32_t)(s->links.n - 1);
}

int32_t snap_add_arena(struct snapshot *s, const char *id,
		       struct snap_text name, const char *mandate_nb,
		       const char *mandate_en, const char *convened_by,
		       const char *secretariat)
{
	struct snap_arena *a;

	if (!id || idmap_get(&s->ids_arena, id) >= 0)
		return dropped(s);
	a = SNAP_PUSH(s->arenas);
	a->id = snap_strdup(s, id);
	a->name = text_dup(s, name);
	a->mandate_nb = snap_strdup(s, mandate_nb);
	a->mandate_en = snap_strdup(s, mandate_en);
	a->convened_by = idmap_get(&s->ids_actor, convened_by);
	a->secretariat = idmap_get(&s->ids_actor, secretariat);
	idmap_put(&s->ids_arena, a->id, (int32_t)(s->arenas.n - 1));
	return (int32_t)(s->arenas.n - 1);
}

/* Appends the pair (a, b) to a pair list; both must be known. */
static int32_t add_pair(struct snapshot *s, int32_t a, int32_t b, int32_t **v,
			size_t *n, size_t *alloc)
{
	if (a < 0 || b < 0)
		return dropped(s);
	*v = snap_vec_reserve(*v, alloc, *n + 2, sizeof(**v));
	(*v)[(*n)++] = a;
	(*v)[(*n)++] = b;
	return (int32_t)(*n / 2 - 1);
}

#define ADD_PAIR(s, vec, a, b)                                                 \
	add_pair(s, a, b, &(s)->vec.v, &(s)->vec.n, &(s)->vec.alloc)

int32_t snap_arena_follows(struct snapshot *s, const char *arena,
			   const char *strategy)
{
	return ADD_PAIR(s, follows, idmap_get(&s->ids_arena, arena),
			idmap_get(&s->ids_strategy, strategy));
}

int32_t snap_arena_member(struct snapshot *s, const char *arena,
			  const char *actor)
{
	return ADD_PAIR(s, members, idmap_get(&s->ids_arena, arena),
			idmap_get(&s->ids_actor, actor));
}

int32_t snap_add_meeting(struct snapshot *s, const char *id, const char *arena,
			 const char *date)
{
	int32_t a = idmap_get(&s->ids_arena, arena);
	struct snap_meeting *mt;

	if (!id || a < 0 || idmap_get(&s->ids_meeting, id) >= 0)
		return dropped(s);
	mt = SNAP_PUSH(s->meetings);
	*mt = (struct snap_meeting){snap_strdup(s, id), a, snap_day(date)};
	idmap_put(&s->ids_meeting, mt->id, (int32_t)(s->meetings.n - 1));
	return (int32_t)(s->meetings.n - 1);
}

int32_t snap_meeting_attendee(struct snapshot *s, const char *meeting,
			      const char *actor)
{
	return ADD_PAIR(s, attendees, idmap_get(&s->ids_meeting, meeting),
			idmap_get(&s->ids_actor, actor));
}

int32_t snap_add_scheme(struct snapshot *s, const char *id,
			struct snap_text name, const char *administered_by,
			const char *owner)
{
	struct snap_scheme *sc;

	if (!id || idmap_get(&s->ids_scheme, id) >= 0)
		return dropped(s);
	sc = SNAP_PUSH(s->schemes);
	sc->id = snap_strdup(s, id);
	sc->name = text_dup(s, name);
	sc->administered_by = idmap_get(&s->ids_actor, administered_by);
	sc->owner = idmap_get(&s->ids_actor, owner);
	idmap_put(&s->ids_scheme, sc->id, (int32_t)(s->schemes.n - 1));
	return (int32_t)(s->schemes.n - 1);
}

int32_t snap_scheme_partner(struct snapshot *s, const char *scheme,
			    const char *actor)
{
	return ADD_PAIR(s, partners, idmap_get(&s->ids_scheme, scheme),
			idmap_get(&s->ids_actor, actor));
}

int32_t snap_add_budget(struct snapshot *s, const char *scheme, int32_t year,
			int64_t amount)
{
	int32_t sc = idmap_get(&s->ids_scheme, scheme);
	struct snap_budget *b;

	if (sc < 0)
		return dropped(s);
	b = SNAP_PUSH(s->budgets);
	*b = (struct snap_budget){sc, year, amount};
	return (int32_t)(s->budgets.n - 1);
}

int32_t snap_add_alloc(struct snapshot *s, const char *measure,
		       const char *scheme, int32_t year, int64_t amount)
{
	int32_t m = idmap_get(&s->ids_measure, measure);
	int32_t sc = idmap_get(&s->ids_scheme, scheme);
	struct snap_alloc *x;

	if (m < 0 || sc < 0)
		return dropped(s);
	x = SNAP_PUSH(s->allocs);
	*x = (struct snap_alloc){m, sc, year, amount};
	return (int32_t)(s->allocs.n - 1);
}

int32_t snap_add_indicator(struct snapshot *s, const char *id,
			   struct snap_text name, const char *direction,
			   const char *frequency, double baseline,
			   int32_t baseline_year, double target,
			   int32_t target_year)
{
	static const char *const freqs[] = {"annual",  "tertial",   "quarterly",
					    "monthly", "irregular", NULL};
	struct snap_indicator *in;

	if (!id || idmap_get(&s->ids_indicator, id) >= 0)
		return dropped(s);
	in = SNAP_PUSH(s->indicators);
	in->id = snap_strdup(s, id);
	in->name = text_dup(s, name);
	in->lower_is_better = direction && !strcmp(direction, "lower");
	in->freq = (uint8_t)pick(frequency, freqs, SNAP_FREQ_ANNUAL);
	in->baseline = baseline;
	in->baseline_year = baseline_year;
	in->target = target;
	in->target_year = target_year;
	idmap_put(&s->ids_indicator, in->id, (int32_t)(s->indicators.n - 1));
	return (int32_t)(s->indicators.n - 1);
}

int32_t snap_add_obs(struct snapshot *s, const char *indicator,
		     const char *period, const char *start, const char *end,
		     const char *breakdown, bool has_value, double value)
{
	int32_t in = idmap_get(&s->ids_indicator, indicator);
	struct snap_obs *o;

	if (in < 0 || snap_day(end) == SNAP_NO_DAY)
		return dropped(s);
	/* Breakdowns (by region, by sex) are not the indicator's total. */
	if ((breakdown && *breakdown) || !has_value || !isfinite(value))
		return SNAP_NONE;
	o = SNAP_PUSH(s->obs);
	*o = (struct snap_obs){in, snap_day(start), snap_day(end), value,
			       snap_strdup(s, period)};
	return (int32_t)(s->obs.n - 1);
}

int32_t snap_indicator_measure(struct snapshot *s, const char *indicator,
			       const char *measure)
{
	return ADD_PAIR(s, ind_measures,
			idmap_get(&s->ids_indicator, indicator),
			idmap_get(&s->ids_measure, measure));
}

int32_t snap_add_goal(struct snapshot *s, const char *id, struct snap_text name,
		      const char *strategy, const char *indicator,
		      double baseline, int32_t baseline_year, double target,
		      int32_t target_year)
{
	struct snap_goal *g;

	if (!id)
		return dropped(s);
	g = SNAP_PUSH(s->goals);
	g->id = snap_strdup(s, id);
	g->name = text_dup(s, name);
	g->strategy = idmap_get(&s->ids_strategy, strategy);
	g->indicator = idmap_get(&s->ids_indicator, indicator);
	g->baseline = baseline;
	g->baseline_year = baseline_year;
	g->target = target;
	g->target_year = target_year;
	return (int32_t)(s->goals.n - 1);
}

int32_t snap_add_input(struct snapshot *s, const char *id,
		       struct snap_text title, const char *kind,
		       const char *raised_by, const char *date)
{
	static const char *const kinds[] = {"coordination_gap", "proposal",
					    "consultation_response", NULL};
	struct snap_input *in;

	if (!id || idmap_get(&s->ids_input, id) >= 0)
		return dropped(s);
	in = SNAP_PUSH(s->inputs);
	in->id = snap_strdup(s, id);
	in->title = text_dup(s, title);
	in->kind = (uint8_t)pick(kind, kinds, SNAP_IN_PROPOSAL);
	in->raised_by = idmap_get(&s->ids_actor, raised_by);
	in->date = snap_strdup(s, date);
	idmap_put(&s->ids_input, in->id, (int32_t)(s->inputs.n - 1));
	return (int32_t)(s->inputs.n - 1);
}

int32_t snap_input_answer(struct snapshot *s, const char *input,
			  const char *measure)
{
	return ADD_PAIR(s, answers, idmap_get(&s->ids_input, input),
			idmap_get(&s->ids_measure, measure));
}

int32_t snap_add_period(struct snapshot *s, const char *id, const char *state,
			const char *start, const char *end, const char *due)
{
	struct snap_period *p;

	if (!id || snap_day(start) == SNAP_NO_DAY ||
	    snap_day(end) == SNAP_NO_DAY)
		return dropped(s);
	p = SNAP_PUSH(s->periods);
	p->id = snap_strdup(s, id);
	p->open = !state || !strcmp(state, "open");
	p->start_day = snap_day(start);
	p->end_day = snap_day(end);
	p->due_day = snap_day(due);
	return (int32_t)(s->periods.n - 1);
}

int32_t snap_add_report(struct snapshot *s, const char *id, const char *measure,
			const char *start, const char *end, const char *state,
			const char *status)
{
	static const char *const states[] = {"draft", "submitted", "returned",
					     "approved", NULL};
	int32_t m = idmap_get(&s->ids_measure, measure);
	const struct status_def *sd = status_find(status);
	struct snap_report *r;
	int st = pick(state, states, -1);

	if (m < 0 || st < 0 || snap_day(end) == SNAP_NO_DAY)
		return dropped(s);
	r = SNAP_PUSH(s->reports);
	/* Only a returned report is named by a finding: keeping every id of
	 * a million reports would double the snapshot for nothing. */
	r->id = st == SNAP_R_RETURNED ? snap_strdup(s, id) : NULL;
	r->measure = m;
	r->start_day = snap_day(start);
	r->end_day = snap_day(end);
	r->state = (uint8_t)st;
	r->status = sd ? (int8_t)sd->status : -1;
	return (int32_t)(s->reports.n - 1);
}

int32_t snap_measure(const struct snapshot *s, const char *id)
{
	return idmap_get(&s->ids_measure, id);
}

int32_t snap_actor(const struct snapshot *s, const char *id)
{
	return idmap_get(&s->ids_actor, id);
}

int32_t snap_arena(const struct snapshot *s, const char *id)
{
	return idmap_get(&s->ids_arena, id);
}

const char *snap_text_in(const struct snap_text *t, const char *lang)
{
	const char *v = NULL;

	if (lang && !strncmp(lang, "nn", 2))
		v = t->nn;
	else if (lang && !strncmp(lang, "en", 2))
		v = t->en;
	if (v && *v)
		return v;
	if (t->nb && *t->nb)
		return t->nb;
	return t->en ? t->en : "";
}

bool snap_is_ancestor(const struct snapshot *s, int32_t a, int32_t b)
{
	int32_t p = b < 0 ? SNAP_NONE : s->actors.v[b].parent;

	/* Bounded: a parent chain with a cycle must not loop forever. */
	for (int depth = 0; p >= 0 && depth < 32; depth++) {
		if (p == a)
			return true;
		p = s->actors.v[p].parent;
	}
	return false;
}

void snap_release(struct snapshot *s)
{
	struct snap_csr *csrs[] = {
	    &s->m_resps,     &s->a_resps,      &s->st_measures, &s->m_deps,
	    &s->m_links,     &s->ar_actors,    &s->a_arenas,	&s->ar_follows,
	    &s->ar_meetings, &s->mt_attendees, &s->sc_budgets,	&s->m_allocs,
	    &s->sc_allocs,   &s->a_schemes,    &s->ind_obs,	&s->ind_goals,
	    &s->ind_meas,    &s->in_answers,   &s->m_reports,
	};
	struct idmap *maps[] = {
	    &s->ids_actor,   &s->ids_strategy,	&s->ids_focus,
	    &s->ids_measure, &s->ids_arena,	&s->ids_meeting,
	    &s->ids_scheme,  &s->ids_indicator, &s->ids_input,
	};
	void *vecs[] = {
	    s->actors.v,   s->strategies.v,   s->focus.v,   s->measures.v,
	    s->resps.v,	   s->links.v,	      s->arenas.v,  s->meetings.v,
	    s->schemes.v,  s->budgets.v,      s->allocs.v,  s->indicators.v,
	    s->obs.v,	   s->goals.v,	      s->inputs.v,  s->periods.v,
	    s->reports.v,  s->follows.v,      s->members.v, s->attendees.v,
	    s->partners.v, s->ind_measures.v, s->answers.v,
	};

	for (size_t i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
		snap_csr_free(csrs[i]);
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		idmap_release(maps[i]);
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		free(vecs[i]);
	while (s->pool) {
		struct snap_pool_chunk *next = s->pool->next;

		free(s->pool);
		s->pool = next;
	}
	memset(s, 0, sizeof(*s));
}
