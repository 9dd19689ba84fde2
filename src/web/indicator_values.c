/*
 * web/indicator_values.c: an indicator's values for its page and its CSV
 * download (indicator_values.h). Pure over the indicator record: it reads
 * json, chooses each period's value by the rule of the progress class,
 * and sorts; it looks nothing up.
 *
 * Ownership: the items array is the list's; everything it points to is
 * borrowed from the record.
 */
#include "web/indicator_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/period.h"
#include "model/progress.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/format.h"

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static const char *source_id(json_t *src)
{
	/* Expanded ({"id": ...}) in the API shape, a bare id otherwise. */
	return json_is_object(src) ? str(src, "id") : json_string_value(src);
}

static struct indicator_value *push(struct indicator_values *v)
{
	struct indicator_value *it = &v->items[v->n++];

	memset(it, 0, sizeof(*it));
	return it;
}

/* The baseline or the target: a value and a year, both or nothing. */
static void add_plan(struct indicator_values *v, json_t *ind,
		     const char *value_key, const char *year_key,
		     enum chart_mark kind)
{
	json_t *value = json_object_get(ind, value_key);
	json_t *year = json_object_get(ind, year_key);
	struct indicator_value *it;

	if (!json_is_number(value) || !json_is_integer(year))
		return;
	it = push(v);
	snprintf(it->year, sizeof(it->year), "%d",
		 (int)json_integer_value(year));
	it->period = it->year; /* pointed again after sorting moves it */
	it->t = (double)json_integer_value(year);
	it->v = json_number_value(value);
	it->kind = kind;
	it->source = json_object_get(ind, "source");
}

static void add_observation(struct indicator_values *v, json_t *o,
			    bool with_breakdowns)
{
	const char *period = str(o, "period"), *bd = str(o, "breakdown");
	json_t *value = json_object_get(o, "value");
	struct indicator_value *it;
	struct period p;

	if (!period || !json_is_number(value) ||
	    period_parse(period, &p, NULL) < 0) {
		v->missing++;
		return;
	}
	if (bd && !bd[0])
		bd = NULL;
	if (bd && (v->breakdowns++, !with_breakdowns))
		return;
	it = push(v);
	it->period = period;
	it->t = progress_time(&p);
	it->v = json_number_value(value);
	it->status = str(o, "status");
	it->kind = it->status && !strcmp(it->status, "forecast")
		       ? CHART_FORECAST
		       : CHART_OBSERVATION;
	it->breakdown = bd;
	it->source = json_object_get(o, "source");
	it->note = str(o, "note");
}

/* Whether a is a better value for its period than b (both totals that
 * are not forecasts): final first, the indicator's own source, then the
 * smaller source id, as store_observation_latest orders them. */
static bool better(const struct indicator_value *a,
		   const struct indicator_value *b, const char *own)
{
	bool a_final = a->status && !strcmp(a->status, "final");
	bool b_final = b->status && !strcmp(b->status, "final");
	const char *as = source_id(a->source), *bs = source_id(b->source);
	bool a_own, b_own;

	if (a_final != b_final)
		return a_final;
	as = as ? as : "";
	bs = bs ? bs : "";
	a_own = !strcmp(as, own ? own : "");
	b_own = !strcmp(bs, own ? own : "");
	if (a_own != b_own)
		return a_own;
	return strcmp(as, bs) < 0;
}

/* One value per period on the line; the rest become CHART_OTHER. */
static void choose(struct indicator_values *v, const char *own)
{
	for (size_t i = 0; i < v->n; i++) {
		struct indicator_value *a = &v->items[i];

		if (a->kind != CHART_OBSERVATION || a->breakdown)
			continue;
		for (size_t k = 0; k < v->n; k++) {
			struct indicator_value *b = &v->items[k];

			if (k != i && b->kind != CHART_FORECAST &&
			    b->kind != CHART_BASELINE &&
			    b->kind != CHART_TARGET && !b->breakdown &&
			    !strcmp(a->period, b->period) &&
			    better(b, a, own)) {
				a->kind = CHART_OTHER;
				break;
			}
		}
	}
}

/* An item's period text; a plan's own buffer moves while sorting, so
 * its pointer is not trusted until the sort is done. */
static const char *period_of(const struct indicator_value *it)
{
	return it->kind == CHART_BASELINE || it->kind == CHART_TARGET
		   ? it->year
		   : it->period;
}

/* Time, then the kind (baseline before the observations, the target
 * last), totals before breakdowns, then the period and breakdown text so
 * that the order never rests on qsort's choices. */
static int cmp_values(const void *x, const void *y)
{
	const struct indicator_value *a = x, *b = y;
	int c;

	if (a->t != b->t)
		return (a->t > b->t) - (a->t < b->t);
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (!a->breakdown != !b->breakdown)
		return a->breakdown ? 1 : -1;
	if ((c = strcmp(period_of(a), period_of(b))))
		return c;
	if (a->breakdown && (c = strcmp(a->breakdown, b->breakdown)))
		return c;
	return (a->v > b->v) - (a->v < b->v);
}

void indicator_values_build(json_t *indicator, bool with_breakdowns,
			    struct indicator_values *out)
{
	json_t *obs = json_object_get(indicator, "observations"), *o;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->items = xcalloc(json_array_size(obs) + 2, sizeof(*out->items));
	add_plan(out, indicator, "baseline_value", "baseline_year",
		 CHART_BASELINE);
	json_array_foreach(obs, i, o)
		add_observation(out, o, with_breakdowns);
	choose(out, source_id(json_object_get(indicator, "source")));
	add_plan(out, indicator, "target_value", "target_year", CHART_TARGET);
	xqsort(out->items, out->n, sizeof(*out->items), cmp_values);
	for (i = 0; i < out->n; i++)
		if (out->items[i].kind == CHART_BASELINE ||
		    out->items[i].kind == CHART_TARGET)
			out->items[i].period = out->items[i].year;
}

void indicator_values_release(struct indicator_values *v)
{
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void indicator_value_text(struct buf *b, enum lang l, double v,
			  const char *unit)
{
	fmt_num(b, l, v, chart_decimals(v));
	if (unit && unit[0]) {
		buf_addstr(b, "\xc2\xa0"); /* keeps the unit with its number */
		buf_addstr(b, unit);
	}
}

const char *indicator_value_kind(enum chart_mark kind)
{
	switch (kind) {
	case CHART_BASELINE:
		return "baseline";
	case CHART_OTHER:
		return "other_source";
	case CHART_FORECAST:
		return "forecast";
	case CHART_TARGET:
		return "target";
	default:
		return "observation";
	}
}

/* ---- CSV ---- */

/* RFC 4180 quoting; text a spreadsheet would run as a formula gets a
 * leading apostrophe (OWASP's advice against CSV injection). */
static void cell(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_addch(b, ',');
	if (!s || !s[0])
		return;
	if (!strpbrk(s, ",\"\r\n") && !strchr("=+-@\t\r", s[0])) {
		buf_addstr(b, s);
		return;
	}
	buf_addch(b, '"');
	if (strchr("=+-@\t\r", s[0]))
		buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(b, '"');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

static void csv_row(struct buf *b, const struct indicator_value *it,
		    const char *id, const char *unit)
{
	json_t *src = it->source;

	cell(b, id, true);
	cell(b, it->period, false);
	cell(b, indicator_value_kind(it->kind), false);
	cell(b, it->breakdown, false);
	/* A number, never quoted: a minus sign here is not a formula. */
	buf_addf(b, ",%.15g", it->v);
	cell(b, unit, false);
	cell(b, it->status, false);
	cell(b, source_id(src), false);
	cell(b, json_is_object(src) ? str(src, "title") : NULL, false);
	cell(b, json_is_object(src) ? str(src, "url") : NULL, false);
	cell(b, it->note, false);
	buf_addstr(b, "\r\n");
}

void indicator_values_csv(const struct indicator_values *v, const char *id,
			  const char *unit, struct buf *out)
{
	buf_addstr(out, "indicator,period,kind,breakdown,value,unit,status,"
			"source,source_title,source_url,note\r\n");
	for (size_t i = 0; i < v->n; i++)
		csv_row(out, &v->items[i], id, unit);
}
