/*
 * web/coordination_matrix.c: the coordination page's overlap matrix: the
 * measures of strategy A (rows) against those of strategy B (columns),
 * each cell saying in words how the two relate: an overlap candidate with
 * its similarity, a confirmed overlap, a declared link. Only measures with
 * at least one relation are shown; when that is still too wide for a
 * table, the pairs are listed instead. The data is service/coordination.c's
 * coordination_matrix.
 *
 * Must not decide what overlaps. Ownership: the matrix is freed here.
 */
#include <stdio.h>
#include <string.h>

#include "service/coordination.h"
#include "web/coordination_view.h"
#include "web/format.h"

/* Wider than this, a matrix no longer fits a page: list the pairs. */
#define MATRIX_MAX_COLS 6
#define MATRIX_MAX_CELLS 150

static void strategy_select(struct page *pg, const struct snapshot *s,
			    const char *name, const char *key, int32_t cur)
{
	html_raw(pg->out, "<div class=\"ds-field\"><label class=\"ds-label\" "
			  "for=\"matrix-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</label><select class=\"ds-input\" id=\"matrix-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" name=\"");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
	for (size_t i = 0; i < s->strategies.n; i++) {
		html_raw(pg->out, "<option value=\"");
		html_attr(pg->out, s->strategies.v[i].id);
		html_raw(pg->out, "\"");
		if ((int32_t)i == cur)
			html_raw(pg->out, " selected");
		html_raw(pg->out, ">");
		/* An <option> holds text only: no lang span. */
		html_txt(pg->out, snap_text_in(&s->strategies.v[i].name,
					       lang_code(pg->lang)));
		html_raw(pg->out, "</option>");
	}
	html_raw(pg->out, "</select></div>\n");
}

/* Keeps the findings' filters when the matrix form is sent. */
static void keep(struct page *pg, const char *name, const char *v)
{
	if (!v)
		return;
	html_raw(pg->out, "<input type=\"hidden\" name=\"");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" value=\"");
	html_attr(pg->out, v);
	html_raw(pg->out, "\">");
}

static void form(struct page *pg, const struct snapshot *s, int32_t a,
		 int32_t b, const char *const *kept)
{
	html_raw(pg->out, "<form class=\"vk-filters\" method=\"get\" "
			  "action=\"");
	page_href(pg, "/coordination", NULL);
	html_raw(pg->out, "#matrix\">\n");
	for (size_t i = 0; kept && kept[i]; i += 2)
		keep(pg, kept[i], kept[i + 1]);
	strategy_select(pg, s, "a", "coordination.matrix.a", a);
	strategy_select(pg, s, "b", "coordination.matrix.b", b);
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"secondary\">");
	html_txt(pg->out, T(pg, "coordination.matrix.submit"));
	html_raw(pg->out, "</button>\n</form>\n");
}

static void number(struct buf *b, enum lang l, double v)
{
	fmt_num(b, l, v, 2);
}

/* One relation in words. */
static void relation(struct page *pg, const struct snapshot *s,
		     const struct coord_cell *c, enum coord_rel r)
{
	const char *row = s->measures.v[c->row].id;
	const char *col = s->measures.v[c->col].id;
	struct buf num = BUF_INIT;

	switch (r) {
	case COORD_REL_CANDIDATE:
	case COORD_REL_CONFIRMED:
		if (c->similarity < 0) {
			html_txt(pg->out,
				 T(pg, "coordination.rel.confirmed_plain"));
			break;
		}
		number(&num, pg->lang, c->similarity);
		page_tf(pg,
			r == COORD_REL_CANDIDATE ? "coordination.rel.candidate"
						 : "coordination.rel.confirmed",
			buf_cstr(&num),
			T(pg, coord_similarity_key(c->similarity)), NULL);
		break;
	case COORD_REL_SAME_AS:
		html_txt(pg->out, T(pg, "coordination.rel.same_as"));
		break;
	case COORD_REL_DEPENDS_ON:
		page_tf(pg, "coordination.rel.depends_on", row, col, NULL);
		break;
	case COORD_REL_DEPENDED_ON:
		page_tf(pg, "coordination.rel.depends_on", col, row, NULL);
		break;
	default:
		html_txt(pg->out, T(pg, "coordination.rel.related"));
		break;
	}
	buf_release(&num);
}

static void relations(struct page *pg, const struct snapshot *s,
		      const struct coord_cell *c)
{
	bool first = true;

	for (int r = 0; r < COORD_REL_COUNT; r++) {
		if (!(c->rels & (1u << r)))
			continue;
		if (!first)
			html_raw(pg->out, ". ");
		relation(pg, s, c, (enum coord_rel)r);
		first = false;
	}
}

static void caption(struct page *pg, const struct snapshot *s, int32_t a,
		    int32_t b, const char *key)
{
	html_raw(pg->out, "<caption id=\"matrix-caption\">");
	page_tf(pg, key,
		snap_text_in(&s->strategies.v[a].name, lang_code(pg->lang)),
		snap_text_in(&s->strategies.v[b].name, lang_code(pg->lang)),
		NULL);
	html_raw(pg->out, "</caption>\n");
}

static void table_begin(struct page *pg)
{
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"matrix-caption\">\n"
			  "<table class=\"ds-table vk-matrix\" data-border>\n");
}

static void matrix_table(struct page *pg, const struct snapshot *s,
			 const struct coord_matrix *m, int32_t a, int32_t b)
{
	table_begin(pg);
	caption(pg, s, a, b, "coordination.matrix.caption");
	html_raw(pg->out, "<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "coordination.matrix.rows"));
	html_raw(pg->out, "</th>");
	for (size_t j = 0; j < m->ncols; j++) {
		html_raw(pg->out, "<th scope=\"col\">");
		coord_measure_link(pg, s, s->measures.v[m->cols[j]].id);
		html_raw(pg->out, "</th>");
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->nrows; i++) {
		html_raw(pg->out, "<tr><th scope=\"row\">");
		coord_measure_link(pg, s, s->measures.v[m->rows[i]].id);
		html_raw(pg->out, "</th>");
		for (size_t j = 0; j < m->ncols; j++) {
			const struct coord_cell *c =
			    coord_matrix_cell(m, m->rows[i], m->cols[j]);

			html_raw(pg->out, "<td>");
			if (c)
				relations(pg, s, c);
			else
				page_none(pg);
			html_raw(pg->out, "</td>");
		}
		html_raw(pg->out, "</tr>\n");
	}
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static void pair_table(struct page *pg, const struct snapshot *s,
		       const struct coord_matrix *m, int32_t a, int32_t b)
{
	static const char *const cols[] = {
	    "coordination.matrix.col.a",
	    "coordination.matrix.col.b",
	    "coordination.matrix.col.relation",
	};

	table_begin(pg);
	caption(pg, s, a, b, "coordination.matrix.pairs_caption");
	html_raw(pg->out, "<thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->ncells; i++) {
		const struct coord_cell *c = &m->cells[i];

		html_raw(pg->out, "<tr><th scope=\"row\">");
		coord_measure_link(pg, s, s->measures.v[c->row].id);
		html_raw(pg->out, "</th><td>");
		coord_measure_link(pg, s, s->measures.v[c->col].id);
		html_raw(pg->out, "</td><td>");
		relations(pg, s, c);
		html_raw(pg->out, "</td></tr>\n");
	}
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static void counts(struct page *pg, const struct coord_matrix *m)
{
	char r[24], c[24], n[24];

	snprintf(r, sizeof(r), "%zu", m->nrows);
	snprintf(c, sizeof(c), "%zu", m->ncols);
	snprintf(n, sizeof(n), "%zu", m->ncells);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "coordination.matrix.count", n, r, c, NULL);
	html_raw(pg->out, "</p>\n");
}

void coord_matrix_section(struct page *pg, const struct snapshot *s,
			  const struct finding_set *fs, int32_t a, int32_t b,
			  const char *const *kept)
{
	struct coord_matrix m;

	page_h2(pg, "matrix", "coordination.matrix.heading");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "coordination.matrix.intro"));
	html_raw(pg->out, "</p>\n");
	if (a < 0 || b < 0) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.matrix.too_few"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	form(pg, s, a, b, kept);
	coordination_matrix(s, fs, a, b, &m);
	if (!m.ncells) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.matrix.none"));
		html_raw(pg->out, "</p>\n");
	} else {
		counts(pg, &m);
		if (m.ncols <= MATRIX_MAX_COLS &&
		    m.nrows * m.ncols <= MATRIX_MAX_CELLS)
			matrix_table(pg, s, &m, a, b);
		else
			pair_table(pg, s, &m, a, b);
	}
	coord_matrix_release(&m);
}
