/*
 * service/coordination.c: the coordination page's questions to the
 * analysis result (see coordination.h). Reads the snapshot and findings of
 * one run; the only store access is the data version, and the access rule
 * comes from service/access.c. Must not render HTML.
 *
 * Ownership: matrix arrays are the struct's (coord_matrix_release); the
 * network's arrays are freed before returning.
 */
#include "service/coordination.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/network.h"
#include "formats/network_svg.h"
#include "service/access.h"
#include "util/xalloc.h"

int coordination_data_version(struct store *st, uint64_t *out, struct err *err)
{
	return store_data_version(st, out, err);
}

bool coordination_can_mark(struct store *st, const struct principal *who)
{
	return who && who->user_id &&
	       access_check(st, who, OP_WRITE_DOMAIN, NULL, NULL) == 0;
}

int32_t coordination_strategy(const struct snapshot *s, const char *id)
{
	return id ? idmap_get(&s->ids_strategy, id) : SNAP_NONE;
}

/* ---- which findings concern a strategy ---- */

static bool measure_in(const struct snapshot *s, int32_t m, int32_t st)
{
	return m >= 0 && s->measures.v[m].strategy == st;
}

static bool row_has(const struct snap_csr *c, int32_t r, int32_t v)
{
	for (uint32_t i = 0; i < SNAP_ROW_N(c, r); i++)
		if (SNAP_ROW(c, r)[i] == v)
			return true;
	return false;
}

static bool indicator_in(const struct snapshot *s, int32_t ind, int32_t st)
{
	for (uint32_t i = 0; i < SNAP_ROW_N(&s->ind_meas, ind); i++)
		if (measure_in(s, SNAP_ROW(&s->ind_meas, ind)[i], st))
			return true;
	for (uint32_t i = 0; i < SNAP_ROW_N(&s->ind_goals, ind); i++)
		if (s->goals.v[SNAP_ROW(&s->ind_goals, ind)[i]].strategy == st)
			return true;
	return false;
}

static bool scheme_in(const struct snapshot *s, int32_t sc, int32_t st)
{
	for (uint32_t i = 0; i < SNAP_ROW_N(&s->sc_allocs, sc); i++) {
		int32_t a = SNAP_ROW(&s->sc_allocs, sc)[i];

		if (measure_in(s, s->allocs.v[a].measure, st))
			return true;
	}
	return false;
}

static bool ref_in(const struct snapshot *s, const struct finding_ref *r,
		   int32_t st)
{
	switch (r->type) {
	case ENT_MEASURE:
		return measure_in(s, r->idx, st);
	case ENT_STRATEGY:
		return r->idx == st;
	case ENT_ARENA:
		return row_has(&s->ar_follows, r->idx, st);
	case ENT_REPORT:
		return measure_in(s, s->reports.v[r->idx].measure, st);
	case ENT_INDICATOR:
		return indicator_in(s, r->idx, st);
	case ENT_SCHEME:
		return scheme_in(s, r->idx, st);
	default: /* actors, inputs */
		return false;
	}
}

bool coordination_in_strategy(const struct snapshot *s,
			      const struct finding_set *fs,
			      const struct finding *f, int32_t st)
{
	/* Entities and aux rows are contiguous: ent_off .. + nent + naux. */
	for (uint32_t i = 0; i < f->nent; i++)
		if (ref_in(s, &fs->refs[f->ent_off + i], st))
			return true;
	for (uint32_t i = 0; i < f->naux; i++)
		if (ref_in(s, &fs->refs[f->aux_off + i], st))
			return true;
	return false;
}

const struct snap_text *coordination_ref_text(const struct snapshot *s,
					      const struct finding_ref *r)
{
	switch (r->type) {
	case ENT_MEASURE:
		return &s->measures.v[r->idx].title;
	case ENT_ACTOR:
		return &s->actors.v[r->idx].name;
	case ENT_STRATEGY:
		return &s->strategies.v[r->idx].name;
	case ENT_ARENA:
		return &s->arenas.v[r->idx].name;
	case ENT_SCHEME:
		return &s->schemes.v[r->idx].name;
	case ENT_INDICATOR:
		return &s->indicators.v[r->idx].name;
	case ENT_INPUT:
		return &s->inputs.v[r->idx].title;
	default:
		return NULL;
	}
}

void coordination_default_pair(const struct snapshot *s, int32_t *a, int32_t *b)
{
	*a = *b = SNAP_NONE;
	for (size_t i = 0; i < s->strategies.n; i++) {
		int32_t om = s->strategies.v[i].origin_measure;

		if (om >= 0 && s->measures.v[om].strategy != (int32_t)i) {
			*a = s->measures.v[om].strategy;
			*b = (int32_t)i;
			return;
		}
	}
	if (s->strategies.n >= 2) {
		*a = 0;
		*b = 1;
	}
}

/* ---- the overlap matrix ---- */

struct matrix_build {
	const struct snapshot *s;
	int32_t a, b;
	struct coord_matrix *m;
	size_t alloc;
};

/* Orients (x, y) as (row in a, column in b); false when it does not fit.
 * *flip tells whether the pair was swapped. */
static bool orient(const struct matrix_build *mb, int32_t *x, int32_t *y,
		   bool *flip)
{
	const struct snapshot *s = mb->s;
	int32_t sx = s->measures.v[*x].strategy,
		sy = s->measures.v[*y].strategy;

	*flip = false;
	if (mb->a == mb->b) {
		if (sx != mb->a || sy != mb->a || *x == *y)
			return false;
		*flip =
		    strverscmp(s->measures.v[*x].id, s->measures.v[*y].id) > 0;
	} else if (sx == mb->b && sy == mb->a) {
		*flip = true;
	} else if (sx != mb->a || sy != mb->b) {
		return false;
	}
	if (*flip) {
		int32_t t = *x;

		*x = *y;
		*y = t;
	}
	return true;
}

static struct coord_cell *cell_for(struct matrix_build *mb, int32_t row,
				   int32_t col)
{
	struct coord_matrix *m = mb->m;

	for (size_t i = 0; i < m->ncells; i++)
		if (m->cells[i].row == row && m->cells[i].col == col)
			return &m->cells[i];
	if (m->ncells == mb->alloc) {
		mb->alloc = mb->alloc ? 2 * mb->alloc : 16;
		m->cells = xrealloc(m->cells, mb->alloc * sizeof(*m->cells));
	}
	m->cells[m->ncells] = (struct coord_cell){row, col, 0, -1, -1, NULL};
	return &m->cells[m->ncells++];
}

/* The cell's numbers from the finding's evidence (docs/analysis.md),
 * not from the analysis' internal layout. */
static void set_overlap(const struct snapshot *s, const struct finding_set *fs,
			const struct finding *f, struct coord_cell *c)
{
	json_t *j = finding_json(s, fs, f, NULL);
	json_t *ev = json_object_get(j, "evidence");
	const char *status = json_string_value(json_object_get(ev, "status"));
	json_t *sim = json_object_get(ev, "similarity");
	json_t *score = json_object_get(ev, "score");

	c->rels |= 1u << (status && !strcmp(status, "confirmed")
			      ? COORD_REL_CONFIRMED
			      : COORD_REL_CANDIDATE);
	c->similarity = json_is_number(sim) ? json_number_value(sim) : -1;
	c->score = json_is_number(score) ? json_number_value(score) : -1;
	c->finding = f->id;
	json_decref(j);
}

static void add_findings(struct matrix_build *mb, const struct finding_set *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		int32_t x, y;
		struct coord_cell *c;
		bool flip;

		if (f->kind != FK_OVERLAP || f->nent != 2)
			continue;
		x = fs->refs[f->ent_off].idx;
		y = fs->refs[f->ent_off + 1].idx;
		if (!orient(mb, &x, &y, &flip))
			continue;
		c = cell_for(mb, x, y);
		set_overlap(mb->s, fs, f, c);
	}
}

static void add_links(struct matrix_build *mb)
{
	const struct snapshot *s = mb->s;

	for (size_t i = 0; i < s->links.n; i++) {
		const struct snap_link *l = &s->links.v[i];
		int32_t x = l->from, y = l->to;
		enum coord_rel rel = COORD_REL_RELATED;
		bool flip;

		if (!orient(mb, &x, &y, &flip))
			continue;
		if (l->kind == SNAP_LINK_DEPENDS_ON)
			rel =
			    flip ? COORD_REL_DEPENDED_ON : COORD_REL_DEPENDS_ON;
		else if (l->kind == SNAP_LINK_SAME_AS)
			rel = COORD_REL_SAME_AS;
		cell_for(mb, x, y)->rels |= 1u << rel;
	}
}

static int by_id(const void *x, const void *y, void *arg)
{
	const struct snapshot *s = arg;

	return strverscmp(s->measures.v[*(const int32_t *)x].id,
			  s->measures.v[*(const int32_t *)y].id);
}

/* The distinct values of one end of the cells, in id order. */
static size_t ends(const struct snapshot *s, const struct coord_matrix *m,
		   bool col, int32_t **out)
{
	size_t n = 0;

	*out = xmalloc((m->ncells + 1) * sizeof(**out));
	for (size_t i = 0; i < m->ncells; i++) {
		int32_t v = col ? m->cells[i].col : m->cells[i].row;
		bool dup = false;

		for (size_t k = 0; k < n && !dup; k++)
			dup = (*out)[k] == v;
		if (!dup)
			(*out)[n++] = v;
	}
	qsort_r(*out, n, sizeof(**out), by_id, (void *)s);
	return n;
}

static int by_cell(const void *x, const void *y, void *arg)
{
	const struct coord_cell *a = x, *b = y;
	int r = by_id(&a->row, &b->row, arg);

	return r ? r : by_id(&a->col, &b->col, arg);
}

void coordination_matrix(const struct snapshot *s, const struct finding_set *fs,
			 int32_t a, int32_t b, struct coord_matrix *out)
{
	struct matrix_build mb = {s, a, b, out, 0};

	memset(out, 0, sizeof(*out));
	if (a < 0 || b < 0)
		return;
	add_findings(&mb, fs);
	add_links(&mb);
	for (size_t i = 0; i < out->ncells; i++)
		if (out->cells[i].rels & (1u << COORD_REL_CONFIRMED))
			out->cells[i].rels &= ~(1u << COORD_REL_SAME_AS);
	if (out->ncells)
		qsort_r(out->cells, out->ncells, sizeof(*out->cells), by_cell,
			(void *)s);
	out->nrows = ends(s, out, false, &out->rows);
	out->ncols = ends(s, out, true, &out->cols);
}

void coord_matrix_release(struct coord_matrix *m)
{
	free(m->rows);
	free(m->cols);
	free(m->cells);
	memset(m, 0, sizeof(*m));
}

const struct coord_cell *coord_matrix_cell(const struct coord_matrix *m,
					   int32_t row, int32_t col)
{
	for (size_t i = 0; i < m->ncells; i++)
		if (m->cells[i].row == row && m->cells[i].col == col)
			return &m->cells[i];
	return NULL;
}

/* ---- the network ---- */

int coordination_network(const struct snapshot *s, int32_t st, const char *lang,
			 size_t max_edges, struct buf *svg, json_t **table,
			 size_t *nedges, struct err *err)
{
	struct analysis_network n;
	int rc;

	*table = NULL;
	/* No links in the drawing: the table beside it has them, and links
	 * inside a picture are not reachable as links by everyone. */
	analysis_network_build(s, st, lang, max_edges, NULL, &n);
	*nedges = n.net.nedges;
	/* The table first: a page can stand on it when Graphviz fails. */
	*table = network_table(&n.net);
	rc = network_svg(&n.net, svg, err);
	analysis_network_release(&n);
	return rc;
}
