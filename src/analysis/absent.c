/*
 * analysis/absent.c: absent_actor — an actor responsible (lead or
 * contributing) for active measures in one strategy only, sitting in no
 * arena, while other strategies have related work: measures linked to its
 * measures, or measures in a focus area of the same name ("Eksport",
 * "Kliniske studier"). It is then absent from both the forums and the
 * other strategies' work in its own field. Pure.
 *
 * Entities: the actor and its strategy. Aux: up to OWN_SAMPLES of its
 * measures, then up to RELATED_SAMPLES related measures. num: [0] own
 * samples in aux, [1] its measures, [2] related measures found, [3] it
 * leads one of them. Medium when it leads, else low.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "util/xalloc.h"

#define OWN_SAMPLES 3
#define RELATED_SAMPLES 5

struct focus_groups {
	int32_t *group;		 /* focus -> group of same-named areas */
	struct snap_csr members; /* group -> focus areas */
	int32_t *first_measure;	 /* focus -> an active measure, or -1 */
	size_t ngroups;
};

/* Lower case for ASCII and the Latin-1 capitals of UTF-8 (Æ Ø Å). */
static char *lowered(const char *s)
{
	char *out = xstrdup(s ? s : "");

	for (unsigned char *p = (unsigned char *)out; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E &&
			 p[1] != 0x97) {
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		}
	}
	return out;
}

static void group_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	*row = ((const int32_t *)arg)[i];
	*val = (int32_t)i;
}

static void focus_groups_build(const struct snapshot *s, struct focus_groups *g)
{
	struct idmap names = IDMAP_INIT;
	char **low = xmalloc((s->focus.n + 1) * sizeof(*low));

	g->group = xmalloc((s->focus.n + 1) * sizeof(int32_t));
	g->first_measure = xmalloc((s->focus.n + 1) * sizeof(int32_t));
	g->ngroups = 0;
	for (size_t f = 0; f < s->focus.n; f++) {
		int32_t id;

		low[f] = lowered(s->focus.v[f].name.nb);
		id = idmap_get(&names, low[f]);
		if (id < 0) {
			id = (int32_t)g->ngroups++;
			idmap_put(&names, low[f], id);
		}
		g->group[f] = id;
		g->first_measure[f] = -1;
	}
	snap_csr_build(&g->members, g->ngroups, s->focus.n, group_item,
		       g->group);
	for (size_t m = s->measures.n; m-- > 0;)
		if (s->measures.v[m].focus >= 0 &&
		    s->measures.v[m].state == SNAP_M_ACTIVE)
			g->first_measure[s->measures.v[m].focus] = (int32_t)m;
	idmap_release(&names);
	for (size_t f = 0; f < s->focus.n; f++)
		free(low[f]);
	free(low);
}

static void focus_groups_free(struct focus_groups *g)
{
	free(g->group);
	free(g->first_measure);
	snap_csr_free(&g->members);
}

/* The one strategy of actor a's active measures; -1 for none, -2 for
 * several. *leads tells whether it leads any. */
static int32_t only_strategy(const struct snapshot *s, size_t a, bool *leads)
{
	const int32_t *r = SNAP_ROW(&s->a_resps, a);
	int32_t st = -1;

	*leads = false;
	for (uint32_t k = 0; k < SNAP_ROW_N(&s->a_resps, a); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];
		const struct snap_measure *m = &s->measures.v[x->measure];

		if (!resp_counts(x) || m->state != SNAP_M_ACTIVE)
			continue;
		if (st >= 0 && m->strategy != st)
			return -2;
		st = m->strategy;
		*leads = *leads || x->role == SNAP_ROLE_LEAD;
	}
	return st;
}

struct related {
	int32_t v[RELATED_SAMPLES];
	size_t n, total;
};

static void related_add(struct related *rel, int32_t m)
{
	for (size_t i = 0; i < rel->n; i++)
		if (rel->v[i] == m)
			return;
	rel->total++;
	if (rel->n < RELATED_SAMPLES)
		rel->v[rel->n++] = m;
}

/* Related work of measure m in strategies other than st. */
static void related_of(const struct snapshot *s, const struct focus_groups *g,
		       int32_t m, int32_t st, struct related *rel)
{
	const int32_t *l = SNAP_ROW(&s->m_links, m);
	int32_t f = s->measures.v[m].focus;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_links, m); k++) {
		const struct snap_link *x = &s->links.v[l[k]];
		int32_t o = x->from == m ? x->to : x->from;

		if (s->measures.v[o].strategy != st &&
		    s->measures.v[o].state == SNAP_M_ACTIVE)
			related_add(rel, o);
	}
	if (f < 0)
		return;
	for (uint32_t k = 0; k < SNAP_ROW_N(&g->members, g->group[f]); k++) {
		int32_t h = SNAP_ROW(&g->members, g->group[f])[k];

		if (s->focus.v[h].strategy != st && g->first_measure[h] >= 0)
			related_add(rel, g->first_measure[h]);
	}
}

static void check_actor(struct run_ctx *r, const struct focus_groups *g,
			size_t a)
{
	const struct snapshot *s = r->s;
	const int32_t *x = SNAP_ROW(&s->a_resps, a);
	struct related rel = {{0}, 0, 0}, own = {{0}, 0, 0};
	bool leads;
	int32_t st = only_strategy(s, a, &leads);
	struct finding *f;

	if (st < 0 || SNAP_ROW_N(&s->a_arenas, a) > 0)
		return;
	for (uint32_t k = 0; k < SNAP_ROW_N(&s->a_resps, a); k++) {
		const struct snap_resp *p = &s->resps.v[x[k]];

		if (!resp_counts(p) ||
		    s->measures.v[p->measure].state != SNAP_M_ACTIVE)
			continue;
		related_add(&own, p->measure);
		related_of(s, g, p->measure, st, &rel);
	}
	if (rel.total == 0)
		return;
	f = fs_add(r->fs, FK_ABSENT_ACTOR, leads ? SEV_MEDIUM : SEV_LOW);
	f->num[0] = (double)(own.n < OWN_SAMPLES ? own.n : OWN_SAMPLES);
	f->num[1] = (double)own.total;
	f->num[2] = (double)rel.total;
	f->num[3] = leads;
	fs_ent(r->fs, ENT_ACTOR, (int32_t)a);
	fs_ent(r->fs, ENT_STRATEGY, st);
	for (size_t i = 0; i < (size_t)f->num[0]; i++)
		fs_aux(r->fs, ENT_MEASURE, own.v[i]);
	for (size_t i = 0; i < rel.n; i++)
		fs_aux(r->fs, ENT_MEASURE, rel.v[i]);
}

void run_absent_actor(struct run_ctx *r)
{
	struct focus_groups g;

	focus_groups_build(r->s, &g);
	for (size_t a = 0; a < r->s->actors.n; a++)
		check_actor(r, &g, a);
	focus_groups_free(&g);
}

void absent_actor_explain(struct text_ctx *c)
{
	size_t own = (size_t)c->f->num[0];

	S3(c, "Aktøren ", "Aktøren ", "The actor ");
	t_ent(c, 0);
	S3(c, " har ansvar for tiltak i bare én strategi, ",
	   " har ansvar for tiltak i berre éin strategi, ",
	   " is responsible for measures in one strategy only, ");
	t_quoted(c, ref_name(c->s, t_ent_ref(c, 1), c->code));
	buf_addstr(c->b, " (");
	t_auxs(c, 0, own);
	S3(c,
	   "), og sitter ikke i noen arena. Andre strategier har beslektede "
	   "tiltak (",
	   "), og sit ikkje i nokon arena. Andre strategiar har tiltak i "
	   "same felt (",
	   "), and sits in no arena. Other strategies have related "
	   "measures (");
	t_auxs(c, own, c->f->naux);
	S3(c, "), men aktøren er ikke med på dem.",
	   "), men aktøren er ikkje med på dei.",
	   "), but the actor takes no part in them.");
}

void absent_actor_action(struct text_ctx *c)
{
	S3(c,
	   "Vurder om aktøren bør trekkes inn i de beslektede tiltakene, "
	   "eller inviteres til en arena der de samordnes.",
	   "Vurder om aktøren bør trekkjast inn i dei same tiltaka, eller "
	   "inviterast til ein arena der dei blir samordna.",
	   "Consider involving the actor in the related measures, or "
	   "inviting it to an arena where they are coordinated.");
}

json_t *absent_actor_evidence(const struct text_ctx *c)
{
	size_t own = (size_t)c->f->num[0];

	return json_pack("{s:s,s:i,s:o,s:i,s:o,s:b,s:o}", "strategy",
			 ref_id(c->s, t_ent_ref(c, 1)), "measures",
			 (int)c->f->num[1], "sample_measures",
			 j_ids(c, true, 0, own), "related_measures",
			 (int)c->f->num[2], "sample_related",
			 j_ids(c, true, own, c->f->naux), "leads",
			 c->f->num[3] > 0, "arenas", json_array());
}
