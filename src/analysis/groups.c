/*
 * analysis/groups.c: no_common_arena for groups — three or more actors
 * jointly responsible (lead or contributing) for the same active measure,
 * no two of whom sit in a common arena or in one line of governance (one
 * under the other). The pairs of such a group are findings of their own
 * (coordination.c); the group is reported as well because a single arena
 * for all of them closes every pair at once, and because "these five
 * share this work and none of them meet" is what a coordinator acts on.
 *
 * Why per measure and not any three actors whose pairs lack an arena:
 * A-B sharing one measure, B-C another and A-C a third is no group that
 * works together, and over a large registry such triangles are countless.
 * Within a measure, the group is every largest set of its actors that are
 * pairwise apart (maximal cliques, Bron–Kerbosch with a pivot over bit
 * masks; a measure has a handful of actors). The same group found in
 * several measures is one finding; its count is every active measure all
 * of its members are responsible for.
 *
 * Entities: the actors (by row). Aux: up to three of the measures.
 * num: [0] shared measures, [1] dependencies (0: groups come from shared
 * measures only), [2] actors. rule NCA_RULE_GROUP. Severity as for pairs:
 * high with three shared measures, medium with two, low with one.
 * Pure; findings go into the run's set.
 */
#include "analysis/groups.h"

#include <stdlib.h>
#include <string.h>

#include "util/sort.h"
#include "util/xalloc.h"

#define GROUP_SAMPLES 3

/* One group found in one measure: members[off .. off+n) sorted rows. */
struct group_rec {
	uint32_t off, n;
	int32_t measure;
};

struct group_ctx {
	const struct snapshot *s;
	SNAP_VEC(struct group_rec) recs;
	SNAP_VEC(int32_t) members;
	/* The measure being searched and its actors. */
	int32_t measure;
	const int32_t *act;
};

/* ---- maximal sets of actors that are pairwise apart ---- */

struct bk {
	const uint32_t *apart;
	size_t n;
	void (*on_set)(void *arg, uint32_t set);
	void *arg;
};

static int bits(uint32_t x)
{
	return __builtin_popcount(x);
}

/* The vertex of p | x with the most neighbours in p: branching only on
 * p's vertices that are not its neighbours still finds every set. */
static uint32_t pivot_mask(const struct bk *b, uint32_t p, uint32_t x)
{
	uint32_t px = p | x, best = 0;
	int most = -1;

	for (size_t u = 0; u < b->n; u++) {
		if (!(px & (1u << u)))
			continue;
		if (bits(p & b->apart[u]) > most) {
			most = bits(p & b->apart[u]);
			best = b->apart[u];
		}
	}
	return best;
}

static void bron_kerbosch(const struct bk *b, uint32_t r, uint32_t p,
			  uint32_t x)
{
	uint32_t cand;

	if (!p && !x) {
		if (bits(r) >= 3)
			b->on_set(b->arg, r);
		return;
	}
	if (bits(r) + bits(p) < 3)
		return; /* too small to report, whatever is added */
	cand = p & ~pivot_mask(b, p, x);
	for (size_t v = 0; v < b->n; v++) {
		uint32_t bit = 1u << v;

		if (!(cand & bit))
			continue;
		bron_kerbosch(b, r | bit, p & b->apart[v], x & b->apart[v]);
		p &= ~bit;
		x |= bit;
	}
}

void nca_groups_of(const uint32_t *apart, size_t n,
		   void (*on_set)(void *arg, uint32_t set), void *arg)
{
	struct bk b = {apart, n, on_set, arg};

	if (n < 3 || n > NCA_GROUP_MAX_ACTORS)
		return;
	bron_kerbosch(&b, 0, (uint32_t)((1ull << n) - 1), 0);
}

/* ---- the groups of each measure ---- */

/* True when the two sorted rows share a value. */
static bool rows_meet(const struct snap_csr *c, int32_t a, int32_t b)
{
	const int32_t *x = SNAP_ROW(c, a), *y = SNAP_ROW(c, b);
	uint32_t i = 0, j = 0, nx = SNAP_ROW_N(c, a), ny = SNAP_ROW_N(c, b);

	while (i < nx && j < ny) {
		if (x[i] == y[j])
			return true;
		if (x[i] < y[j])
			i++;
		else
			j++;
	}
	return false;
}

/* The rule of the pairs: no governance line, no common arena. */
static bool apart(const struct snapshot *s, int32_t a, int32_t b)
{
	return !snap_is_ancestor(s, a, b) && !snap_is_ancestor(s, b, a) &&
	       !rows_meet(&s->a_arenas, a, b);
}

/* The distinct responsible actors of measure m, at most max. */
static size_t measure_actors(const struct snapshot *s, size_t m, int32_t *out,
			     size_t max)
{
	const int32_t *r = SNAP_ROW(&s->m_resps, m);
	size_t n = 0;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];
		bool dup = !resp_counts(x);

		for (size_t i = 0; i < n && !dup; i++)
			dup = out[i] == x->actor;
		if (!dup && n < max)
			out[n++] = x->actor;
	}
	return n;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static void on_group(void *arg, uint32_t set)
{
	struct group_ctx *g = arg;
	struct group_rec *rec = SNAP_PUSH(g->recs);

	rec->off = (uint32_t)g->members.n;
	rec->measure = g->measure;
	for (size_t i = 0; set; i++, set >>= 1)
		if (set & 1) {
			*SNAP_PUSH(g->members) = g->act[i];
			rec->n++;
		}
	xqsort(&g->members.v[rec->off], rec->n, sizeof(int32_t), cmp_i32);
}

static void search_measure(struct group_ctx *g, size_t m)
{
	int32_t act[NCA_GROUP_MAX_ACTORS];
	uint32_t ap[NCA_GROUP_MAX_ACTORS] = {0};
	size_t n = measure_actors(g->s, m, act, NCA_GROUP_MAX_ACTORS);

	if (n < 3)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (apart(g->s, act[i], act[j])) {
				ap[i] |= 1u << j;
				ap[j] |= 1u << i;
			}
	g->measure = (int32_t)m;
	g->act = act;
	nca_groups_of(ap, n, on_group, g);
}

/* ---- one finding per distinct group ---- */

static int cmp_members(const int32_t *a, uint32_t na, const int32_t *b,
		       uint32_t nb)
{
	for (uint32_t i = 0; i < na && i < nb; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (na > nb) - (na < nb);
}

static int by_members(const void *x, const void *y, void *arg)
{
	const struct group_rec *a = x, *b = y;
	const int32_t *pool = arg;
	int r = cmp_members(pool + a->off, a->n, pool + b->off, b->n);

	return r ? r : (a->measure > b->measure) - (a->measure < b->measure);
}

/* Actor -> the active measures it is responsible for, sorted. */
static void resp_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const struct snapshot *s = arg;
	const struct snap_resp *x = &s->resps.v[i];

	*row =
	    resp_counts(x) && s->measures.v[x->measure].state == SNAP_M_ACTIVE
		? x->actor
		: SNAP_NONE;
	*val = x->measure;
}

/* Whether sorted row r of c holds v, from *pos on (moved forward). */
static bool row_has_from(const struct snap_csr *c, int32_t r, int32_t v,
			 uint32_t *pos)
{
	const int32_t *x = SNAP_ROW(c, r);
	uint32_t n = SNAP_ROW_N(c, r);

	while (*pos < n && x[*pos] < v)
		(*pos)++;
	return *pos < n && x[*pos] == v;
}

/*
 * The measures every member is responsible for, ascending, into *out
 * (owned by the caller); returns how many. Sorted rows merged from the
 * member with the fewest: the rows are read in order, which is what makes
 * this fast on a large registry (random reads of responsibilities were
 * most of the time).
 */
static size_t shared_measures(const struct snap_csr *am, const int32_t *mem,
			      uint32_t n, int32_t **out)
{
	uint32_t pos[NCA_GROUP_MAX_ACTORS] = {0};
	int32_t best = mem[0];
	const int32_t *r;
	size_t k = 0;

	for (uint32_t i = 1; i < n; i++)
		if (SNAP_ROW_N(am, mem[i]) < SNAP_ROW_N(am, best))
			best = mem[i];
	r = SNAP_ROW(am, best);
	*out = xmalloc((SNAP_ROW_N(am, best) + 1) * sizeof(**out));
	for (uint32_t j = 0; j < SNAP_ROW_N(am, best); j++) {
		bool all = true;

		for (uint32_t i = 0; i < n && all; i++)
			all = mem[i] == best ||
			      row_has_from(am, mem[i], r[j], &pos[i]);
		if (all)
			(*out)[k++] = r[j];
	}
	return k;
}

static void add_group(struct run_ctx *r, const struct snap_csr *am,
		      const int32_t *mem, uint32_t n)
{
	int32_t *ms = NULL;
	size_t nu = shared_measures(am, mem, n, &ms);
	enum finding_severity sev = SEV_LOW;
	struct finding *f;

	if (nu >= 3)
		sev = SEV_HIGH;
	else if (nu == 2)
		sev = SEV_MEDIUM;
	f = fs_add(r->fs, FK_NO_COMMON_ARENA, sev);
	f->rule = NCA_RULE_GROUP;
	f->num[0] = (double)nu;
	f->num[1] = 0;
	f->num[2] = n;
	for (uint32_t i = 0; i < n; i++)
		fs_ent(r->fs, ENT_ACTOR, mem[i]);
	for (size_t i = 0; i < nu && i < GROUP_SAMPLES; i++)
		fs_aux(r->fs, ENT_MEASURE, ms[i]);
	free(ms);
}

void run_no_common_groups(struct run_ctx *r)
{
	struct group_ctx g;
	struct snap_csr am = {NULL, NULL};
	const int32_t *pool;

	if (!r->want[FK_NO_COMMON_ARENA])
		return;
	memset(&g, 0, sizeof(g));
	g.s = r->s;
	for (size_t m = 0; m < r->s->measures.n; m++)
		if (r->s->measures.v[m].state == SNAP_M_ACTIVE)
			search_measure(&g, m);
	if (!g.recs.n)
		return; /* nothing was allocated */
	pool = g.members.v;
	qsort_r(g.recs.v, g.recs.n, sizeof(*g.recs.v), by_members,
		(void *)pool);
	snap_csr_build(&am, r->s->actors.n, r->s->resps.n, resp_item, r->s);
	snap_csr_sort(&am, r->s->actors.n, NULL);
	snap_csr_unique(&am, r->s->actors.n);
	for (size_t i = 0; i < g.recs.n; i++) {
		const struct group_rec *x = &g.recs.v[i];

		if (i &&
		    !cmp_members(pool + x->off, x->n,
				 pool + g.recs.v[i - 1].off, g.recs.v[i - 1].n))
			continue; /* the same group, another measure */
		add_group(r, &am, pool + x->off, x->n);
	}
	snap_csr_free(&am);
	free(g.recs.v);
	free(g.members.v);
}

/* ---- texts ---- */

void nca_group_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	S3(c, "Aktørene ", "Aktørane ", "The actors ");
	t_ents(c, 0, f->nent);
	T3(c, " har sammen ansvar for %d tiltak%.0s",
	   " har saman ansvar for %d tiltak%.0s",
	   " are jointly responsible for %d measure%s", (int)f->num[0],
	   f->num[0] == 1 ? "" : "s");
	S3(c, ", for eksempel ", ", til dømes ", ", for example ");
	t_auxs(c, 0, f->naux);
	S3(c,
	   ", men ingen to av dem sitter i en felles arena. Hvert par er "
	   "også et eget funn.",
	   ", men ingen to av dei sit i ein felles arena. Kvart par er "
	   "også eit eige funn.",
	   ", but no two of them sit in a common arena. Each pair is also a "
	   "finding of its own.");
}

void nca_group_action(struct text_ctx *c)
{
	S3(c,
	   "Vurder én arena, eller et fast samarbeidsmøte, for hele gruppen: "
	   "det lukker også funnene for hvert par.",
	   "Vurder éin arena, eller eit fast samarbeidsmøte, for heile "
	   "gruppa: det lukkar også funna for kvart par.",
	   "Consider one arena, or a standing meeting, for the whole group: "
	   "that also closes the findings for each pair.");
}

json_t *nca_group_evidence(const struct text_ctx *c)
{
	return json_pack("{s:b,s:i,s:i,s:i,s:o,s:o}", "group", 1,
			 "actors_count", (int)c->f->nent, "shared_measures",
			 (int)c->f->num[0], "dependencies", 0,
			 "sample_measures", j_ids(c, true, 0, c->f->naux),
			 "common_arenas", json_array());
}
