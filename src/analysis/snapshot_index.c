/*
 * analysis/snapshot_index.c: snap_finish and the compressed rows it builds
 * (see snapshot.h): who is responsible for what, who sits in which arena,
 * which measure depends on which, reports by measure in period order. Each
 * index is built in linear time by counting, so a snapshot of 100 000
 * measures and a million reports is indexed in a fraction of a second.
 *
 * Must not allocate per row. Ownership: the snapshot owns every index.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/snapshot_int.h"
#include "util/xalloc.h"

void snap_csr_build(struct snap_csr *c, size_t nrows, size_t n,
		    snap_csr_item_fn item, const void *arg)
{
	uint32_t *fill;
	int32_t row, val;

	c->off = xcalloc(nrows + 1, sizeof(*c->off));
	for (size_t i = 0; i < n; i++) {
		item(arg, i, &row, &val);
		if (row >= 0 && (size_t)row < nrows)
			c->off[row + 1]++;
	}
	for (size_t r = 0; r < nrows; r++)
		c->off[r + 1] += c->off[r];
	c->idx = xmalloc((c->off[nrows] + 1) * sizeof(*c->idx));
	fill = xmalloc((nrows + 1) * sizeof(*fill));
	memcpy(fill, c->off, (nrows + 1) * sizeof(*fill));
	for (size_t i = 0; i < n; i++) {
		item(arg, i, &row, &val);
		if (row >= 0 && (size_t)row < nrows)
			c->idx[fill[row]++] = val;
	}
	free(fill);
}

static int by_key(const void *a, const void *b, void *key)
{
	const int32_t *k = key;
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	int32_t kx = k ? k[x] : x, ky = k ? k[y] : y;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x > y) - (x < y);
}

void snap_csr_sort(struct snap_csr *c, size_t nrows, const int32_t *key)
{
	for (size_t r = 0; r < nrows; r++)
		if (c->off[r + 1] - c->off[r] > 1)
			qsort_r(&c->idx[c->off[r]], c->off[r + 1] - c->off[r],
				sizeof(int32_t), by_key, (void *)key);
}

void snap_csr_unique(struct snap_csr *c, size_t nrows)
{
	uint32_t out = 0, start = 0;

	for (size_t r = 0; r < nrows; r++) {
		uint32_t end = c->off[r + 1];

		c->off[r] = out;
		for (uint32_t i = start; i < end; i++)
			if (i == start || c->idx[i] != c->idx[i - 1])
				c->idx[out++] = c->idx[i];
		start = end;
	}
	c->off[nrows] = out;
}

void snap_csr_free(struct snap_csr *c)
{
	free(c->off);
	free(c->idx);
	c->off = NULL;
	c->idx = NULL;
}

int snap_csr_has(const struct snap_csr *c, int32_t r, int32_t v)
{
	uint32_t lo = c->off[r], hi = c->off[r + 1];

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->idx[mid] == v)
			return 1;
		if (c->idx[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Items are rows of a struct array; the row is an int32_t field. */
struct field_src {
	const char *base;
	size_t size, off;
};

static void field_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const struct field_src *f = arg;

	memcpy(row, f->base + i * f->size + f->off, sizeof(*row));
	*val = (int32_t)i;
}

#define FIELD_SRC(vec, field)                                                  \
	(struct field_src)                                                     \
	{                                                                      \
		(const char *)(vec).v, sizeof(*(vec).v),                       \
		    offsetof(__typeof__(*(vec).v), field)                      \
	}

static void by_field(struct snap_csr *c, size_t nrows, size_t n,
		     struct field_src src)
{
	snap_csr_build(c, nrows, n, field_item, &src);
}

/* Items are pairs (a, b) in a flat array: row a, value b (or reversed). */
static void pair_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const int32_t *v = arg;

	*row = v[2 * i];
	*val = v[2 * i + 1];
}

static void pair_item_rev(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const int32_t *v = arg;

	*row = v[2 * i + 1];
	*val = v[2 * i];
}

static void dep_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const struct snap_link *l = (const struct snap_link *)arg + i;

	*row = l->kind == SNAP_LINK_DEPENDS_ON ? l->from : SNAP_NONE;
	*val = l->to;
}

static void link_end_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const struct snap_link *l = (const struct snap_link *)arg + i / 2;

	*row = i % 2 ? l->to : l->from;
	*val = (int32_t)(i / 2);
	if (i % 2 && l->to == l->from)
		*row = SNAP_NONE; /* a self-link is listed once */
}

static void resolve_actors(struct snapshot *s)
{
	for (size_t i = 0; i < s->actors.n; i++) {
		struct snap_actor *a = &s->actors.v[i];

		a->parent = idmap_get(&s->ids_actor, a->parent_id);
		if (a->parent == (int32_t)i)
			a->parent = SNAP_NONE;
	}
	for (size_t i = 0; i < s->actors.n; i++) {
		int32_t p = (int32_t)i;

		/* Bounded walk up the parent chain to the ministry. */
		for (int d = 0; p >= 0 && d < 32; d++) {
			if (s->actors.v[p].is_ministry)
				break;
			p = s->actors.v[p].parent;
		}
		s->actors.v[i].ministry =
		    p >= 0 && s->actors.v[p].is_ministry ? p : SNAP_NONE;
	}
}

static void resolve_strategies(struct snapshot *s)
{
	for (size_t i = 0; i < s->strategies.n; i++) {
		struct snap_strategy *st = &s->strategies.v[i];

		st->origin_measure = idmap_get(&s->ids_measure, st->origin_id);
		st->parent = idmap_get(&s->ids_strategy, st->parent_id);
	}
}

/* Pairs (arena, actor): members, conveners and secretariats. */
static int32_t *arena_presence(const struct snapshot *s, size_t *n)
{
	size_t cap = s->members.n + 4 * s->arenas.n + 2, k = 0;
	int32_t *v = xmalloc(cap * sizeof(*v));

	if (s->members.n)
		memcpy(v, s->members.v, s->members.n * sizeof(*v));
	k = s->members.n;
	for (size_t i = 0; i < s->arenas.n; i++) {
		const struct snap_arena *a = &s->arenas.v[i];

		if (a->convened_by >= 0) {
			v[k++] = (int32_t)i;
			v[k++] = a->convened_by;
		}
		if (a->secretariat >= 0) {
			v[k++] = (int32_t)i;
			v[k++] = a->secretariat;
		}
	}
	*n = k / 2;
	return v;
}

/* Pairs (scheme, actor): who administers, owns or funds a scheme. */
static int32_t *scheme_actors(const struct snapshot *s, size_t *n)
{
	size_t cap = s->partners.n + 4 * s->schemes.n + 2, k;
	int32_t *v = xmalloc(cap * sizeof(*v));

	if (s->partners.n)
		memcpy(v, s->partners.v, s->partners.n * sizeof(*v));
	k = s->partners.n;
	for (size_t i = 0; i < s->schemes.n; i++) {
		const struct snap_scheme *sc = &s->schemes.v[i];

		if (sc->administered_by >= 0) {
			v[k++] = (int32_t)i;
			v[k++] = sc->administered_by;
		}
		if (sc->owner >= 0) {
			v[k++] = (int32_t)i;
			v[k++] = sc->owner;
		}
	}
	*n = k / 2;
	return v;
}

static void index_arenas(struct snapshot *s)
{
	size_t n;
	int32_t *pres = arena_presence(s, &n);

	snap_csr_build(&s->ar_actors, s->arenas.n, n, pair_item, pres);
	snap_csr_sort(&s->ar_actors, s->arenas.n, NULL);
	snap_csr_unique(&s->ar_actors, s->arenas.n);
	snap_csr_build(&s->a_arenas, s->actors.n, n, pair_item_rev, pres);
	snap_csr_sort(&s->a_arenas, s->actors.n, NULL);
	snap_csr_unique(&s->a_arenas, s->actors.n);
	free(pres);
	snap_csr_build(&s->ar_follows, s->arenas.n, s->follows.n / 2, pair_item,
		       s->follows.v);
	snap_csr_sort(&s->ar_follows, s->arenas.n, NULL);
	snap_csr_unique(&s->ar_follows, s->arenas.n);
	by_field(&s->ar_meetings, s->arenas.n, s->meetings.n,
		 FIELD_SRC(s->meetings, arena));
	snap_csr_build(&s->mt_attendees, s->meetings.n, s->attendees.n / 2,
		       pair_item, s->attendees.v);
}

static void index_money(struct snapshot *s)
{
	size_t n;
	int32_t *v = scheme_actors(s, &n);

	snap_csr_build(&s->a_schemes, s->actors.n, n, pair_item_rev, v);
	snap_csr_sort(&s->a_schemes, s->actors.n, NULL);
	snap_csr_unique(&s->a_schemes, s->actors.n);
	free(v);
	by_field(&s->sc_budgets, s->schemes.n, s->budgets.n,
		 FIELD_SRC(s->budgets, scheme));
	by_field(&s->m_allocs, s->measures.n, s->allocs.n,
		 FIELD_SRC(s->allocs, measure));
	by_field(&s->sc_allocs, s->schemes.n, s->allocs.n,
		 FIELD_SRC(s->allocs, scheme));
}

static void index_indicators(struct snapshot *s)
{
	int32_t *key = xmalloc((s->obs.n + 1) * sizeof(*key));

	for (size_t i = 0; i < s->obs.n; i++)
		key[i] = s->obs.v[i].end_day;
	by_field(&s->ind_obs, s->indicators.n, s->obs.n,
		 FIELD_SRC(s->obs, indicator));
	snap_csr_sort(&s->ind_obs, s->indicators.n, key);
	free(key);
	by_field(&s->ind_goals, s->indicators.n, s->goals.n,
		 FIELD_SRC(s->goals, indicator));
	snap_csr_build(&s->ind_meas, s->indicators.n, s->ind_measures.n / 2,
		       pair_item, s->ind_measures.v);
	snap_csr_build(&s->in_answers, s->inputs.n, s->answers.n / 2, pair_item,
		       s->answers.v);
}

/* Reports by measure, oldest first; a measure's status is the status of
 * its newest approved status report (as the API computes it). */
static void index_reports(struct snapshot *s)
{
	int32_t *key = xmalloc((s->reports.n + 1) * sizeof(*key));

	for (size_t i = 0; i < s->reports.n; i++)
		key[i] = s->reports.v[i].end_day;
	by_field(&s->m_reports, s->measures.n, s->reports.n,
		 FIELD_SRC(s->reports, measure));
	snap_csr_sort(&s->m_reports, s->measures.n, key);
	free(key);
	for (size_t m = 0; m < s->measures.n; m++) {
		const int32_t *r = SNAP_ROW(&s->m_reports, m);

		for (uint32_t k = SNAP_ROW_N(&s->m_reports, m); k-- > 0;) {
			const struct snap_report *rep = &s->reports.v[r[k]];

			if (rep->state == SNAP_R_APPROVED && rep->status >= 0) {
				s->measures.v[m].status = rep->status;
				break;
			}
		}
	}
}

static void index_measures(struct snapshot *s)
{
	by_field(&s->m_resps, s->measures.n, s->resps.n,
		 FIELD_SRC(s->resps, measure));
	by_field(&s->a_resps, s->actors.n, s->resps.n,
		 FIELD_SRC(s->resps, actor));
	by_field(&s->st_measures, s->strategies.n, s->measures.n,
		 FIELD_SRC(s->measures, strategy));
	snap_csr_build(&s->m_deps, s->measures.n, s->links.n, dep_item,
		       s->links.v);
	snap_csr_sort(&s->m_deps, s->measures.n, NULL);
	snap_csr_unique(&s->m_deps, s->measures.n);
	snap_csr_build(&s->m_links, s->measures.n, 2 * s->links.n,
		       link_end_item, s->links.v);
}

void snap_finish(struct snapshot *s)
{
	if (s->finished)
		return;
	resolve_actors(s);
	resolve_strategies(s);
	index_measures(s);
	index_arenas(s);
	index_money(s);
	index_indicators(s);
	index_reports(s);
	s->finished = true;
}
