/*
 * web/indicator_chart.c: an indicator's chart on its page (indicator_
 * chart.h): the texts web/chart.c draws with (the title, the summary in
 * <desc>, the legend) from the catalog and the indicator's values, then
 * the figure with its legend and a note on what the dashed line means.
 *
 * Ownership: the points and texts built here are freed before returning.
 */
#include "web/indicator_chart.h"

#include <stdlib.h>
#include <string.h>

#include "model/period.h"
#include "util/xalloc.h"
#include "web/chart.h"
#include "web/format.h"

/* Catalog text with {1}..{3} filled in, as plain text (the chart escapes
 * what it is given). */
static void fill(struct buf *b, const char *tmpl, const char *a1,
		 const char *a2, const char *a3)
{
	const char *args[3] = {a1, a2, a3};

	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}' &&
		    args[p[1] - '1']) {
			buf_addstr(b, args[p[1] - '1']);
			p += 2;
		} else {
			buf_addch(b, *p);
		}
	}
}

/* A space between sentences. */
static void sep(struct buf *desc)
{
	if (desc->len)
		buf_addch(desc, ' ');
}

/* A sentence about one value: tmpl with {1} the value, {2} the period. */
static void said(struct buf *desc, struct page *pg, const char *key,
		 const struct indicator_value *it, const char *unit)
{
	struct buf val = BUF_INIT, when = BUF_INIT;
	struct period p;

	indicator_value_text(&val, pg->lang, it->v, unit);
	if (period_parse(it->period, &p, NULL) == 0)
		period_label(&p, lang_code(pg->lang), &when);
	else
		buf_addstr(&when, it->period);
	sep(desc);
	fill(desc, T(pg, key), buf_cstr(&val), buf_cstr(&when), NULL);
	buf_release(&val);
	buf_release(&when);
}

struct desc_points {
	const struct indicator_value *first, *last, *base, *target;
	size_t n; /* observations on the line */
};

static void find_points(const struct indicator_values *v, struct desc_points *d)
{
	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < v->n; i++) {
		const struct indicator_value *it = &v->items[i];

		if (it->kind == CHART_OBSERVATION) {
			d->first = d->first ? d->first : it;
			d->last = it;
			d->n++;
		} else if (it->kind == CHART_BASELINE) {
			d->base = it;
		} else if (it->kind == CHART_TARGET) {
			d->target = it;
		}
	}
}

/* What the chart shows, in words: the baseline, how many observations
 * over which years and the latest, the target, and where the numbers
 * are. */
static void chart_desc(struct page *pg, json_t *ind,
		       const struct indicator_values *v, struct buf *desc)
{
	const char *unit = page_str(ind, "unit");
	struct desc_points d;

	find_points(v, &d);
	if (d.base)
		said(desc, pg, "indicator.desc.baseline", d.base, unit);
	if (d.n > 1) {
		struct buf count = BUF_INIT;

		fmt_int(&count, pg->lang, (int64_t)d.n);
		sep(desc);
		fill(desc, T(pg, "indicator.desc.count"), buf_cstr(&count),
		     d.first->period, d.last->period);
		buf_release(&count);
	}
	if (d.last) {
		said(desc, pg, "indicator.desc.latest", d.last, unit);
	} else {
		sep(desc);
		fill(desc, T(pg, "indicator.desc.no_observations"), NULL, NULL,
		     NULL);
	}
	if (d.target)
		said(desc, pg,
		     d.base ? "indicator.desc.target_line"
			    : "indicator.desc.target",
		     d.target, unit);
	sep(desc);
	fill(desc, T(pg, "indicator.desc.table"), NULL, NULL, NULL);
}

/* The legend's texts, from the catalog. */
static void legend(struct page *pg, struct chart *c)
{
	c->legend[CHART_BASELINE] = T(pg, "indicator.kind.baseline");
	c->legend[CHART_OBSERVATION] = T(pg, "indicator.legend.observation");
	c->legend[CHART_OTHER] = T(pg, "indicator.legend.other");
	c->legend[CHART_FORECAST] = T(pg, "indicator.legend.forecast");
	c->legend[CHART_TARGET] = T(pg, "indicator.kind.target");
	c->legend[CHART_LEGEND_TRAJECTORY] =
	    T(pg, "indicator.legend.trajectory");
}

void indicator_chart(struct page *pg, json_t *ind,
		     const struct indicator_values *v)
{
	struct chart_point *pts = xcalloc(v->n + 1, sizeof(*pts));
	struct buf title = BUF_INIT, desc = BUF_INIT;
	struct chart c = {.id = "indicator-chart", .lang = pg->lang};

	for (size_t i = 0; i < v->n; i++)
		pts[i] =
		    (struct chart_point){v->items[i].t, v->items[i].v,
					 v->items[i].kind, v->items[i].period};
	fill(&title, T(pg, "indicator.chart.title"),
	     page_pick(pg, ind, "name", NULL), NULL, NULL);
	chart_desc(pg, ind, v, &desc);
	c.title = buf_cstr(&title);
	c.desc = buf_cstr(&desc);
	c.unit = page_str(ind, "unit");
	c.points = pts;
	c.n = v->n;
	legend(pg, &c);
	html_raw(pg->out, "<figure class=\"vk-chart-figure\">\n");
	if (chart_svg(pg->out, &c)) {
		chart_legend(pg->out, &c);
		html_raw(pg->out, "<figcaption class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "indicator.chart.note"));
		html_raw(pg->out, "</figcaption>\n");
	}
	html_raw(pg->out, "</figure>\n");
	buf_release(&title);
	buf_release(&desc);
	free(pts);
}
