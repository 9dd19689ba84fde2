/*
 * web/page_indicator.c: /{lang}/indicators, every indicator grouped by the
 * strategy whose goals or measures it follows, with its latest value,
 * target and progress class; and /{lang}/indicators/<id>, one indicator:
 * its facts, its progress class with the calculation written out
 * (web/progress_view.h), its values as a table and then as a chart
 * (web/indicator_chart.h) drawn from the same rows (web/indicator_
 * values.h), the goals and measures it belongs to, and downloads (CSV
 * from this page with ?format=csv, JSON-stat and the progress
 * calculation from the API).
 *
 * The class and its calculation are the service's (service_indicator_
 * progress, the same as GET /api/v1/indicators/<id>/progress); this page
 * only shows them. It reads through service/ only. Ownership: json values
 * it loads and buffers it fills are released before it returns.
 */
#include <string.h>

#include "model/value.h"
#include "service/observations.h"
#include "service/portal.h"
#include "service/query.h"
#include "web/format.h"
#include "web/indicator_chart.h"
#include "web/indicator_groups.h"
#include "web/indicator_values.h"
#include "web/layout.h"
#include "web/page.h"
#include "web/progress_view.h"

#define CSV_TYPE "text/csv; charset=utf-8"

static const char *const formats[] = {"csv", NULL};

/* "25,9 mrd. NOK" into the page. */
static void page_value(struct page *pg, double v, const char *unit)
{
	struct buf b = BUF_INIT;

	indicator_value_text(&b, pg->lang, v, unit);
	html_txt(pg->out, buf_cstr(&b));
	buf_release(&b);
}

/* ---- the list ---- */

struct list_view {
	json_t *indicators, *strategies, *goals, *measures;
	json_t *progress; /* indicator id -> service_indicator_progress */
};

/* Whether `ind` is in the group of strategy `sid` (web/indicator_groups.h,
 * the rule the front page uses too). */
static bool follows(const struct list_view *v, json_t *ind, const char *sid)
{
	return indicator_follows(v->goals, v->measures, ind, sid);
}

static bool follows_any(const struct list_view *v, json_t *ind)
{
	return indicator_follows_any(v->goals, v->measures, v->strategies, ind);
}

static void latest_cell(struct page *pg, json_t *inputs)
{
	json_t *cur = json_object_get(inputs, "current");
	json_t *value = json_object_get(cur, "value");

	if (!json_is_number(value)) {
		page_none(pg);
		return;
	}
	page_value(pg, json_number_value(value), page_str(inputs, "unit"));
	html_raw(pg->out, " <span class=\"vk-nowrap\">(");
	page_period(pg, page_str(cur, "period"));
	html_raw(pg->out, ")</span>");
}

static void target_cell(struct page *pg, json_t *inputs)
{
	json_t *target = json_object_get(inputs, "target");
	json_t *value = json_object_get(target, "value");
	json_t *year = json_object_get(target, "year");

	if (!json_is_number(value)) {
		page_none(pg);
		return;
	}
	page_value(pg, json_number_value(value), page_str(inputs, "unit"));
	html_raw(pg->out, " (");
	html_int(pg->out, json_integer_value(year));
	html_raw(pg->out, ")");
}

static void list_row(struct page *pg, const struct list_view *v, json_t *ind)
{
	const char *id = page_str(ind, "id");
	json_t *p = json_object_get(v->progress, id ? id : "");
	json_t *inputs = json_object_get(p, "inputs");

	html_raw(pg->out, "<tr><th scope=\"row\">");
	page_link(pg, "/indicators/", id, ind, "name");
	html_raw(pg->out, "</th><td>");
	latest_cell(pg, inputs);
	html_raw(pg->out, "</td><td>");
	target_cell(pg, inputs);
	html_raw(pg->out, "</td><td>");
	progress_tag(pg, p);
	html_raw(pg->out, "</td></tr>\n");
}

/* One group: a heading (the strategy's name, or "other indicators"),
 * then the table of its indicators. `sid` NULL: those of no strategy. */
static void group(struct page *pg, const struct list_view *v, json_t *s,
		  size_t n)
{
	static const char *const cols[] = {
	    "indicator.col.name",
	    "indicator.col.latest",
	    "indicator.col.target",
	    "indicator.col.class",
	};
	const char *sid = s ? page_str(s, "id") : NULL;
	json_t *ind;
	size_t i, rows = 0;

	json_array_foreach(v->indicators, i, ind)
		rows += sid ? follows(v, ind, sid) : !follows_any(v, ind);
	if (!rows)
		return;
	html_raw(pg->out, "<h2 class=\"ds-heading\" data-size=\"md\" "
			  "id=\"group-");
	html_int(pg->out, (int64_t)n);
	html_raw(pg->out, "\">");
	if (s)
		page_link(pg, "/strategies/", sid, s, "name");
	else
		html_txt(pg->out, T(pg, "indicator.list.other"));
	html_raw(pg->out, "</h2>\n<div class=\"vk-table-scroll\" "
			  "role=\"region\" tabindex=\"0\" "
			  "aria-labelledby=\"group-");
	html_int(pg->out, (int64_t)n);
	html_raw(pg->out, "\">\n<table class=\"ds-table\" data-border>\n"
			  "<caption>");
	html_txt(pg->out, T(pg, "indicator.list.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(v->indicators, i, ind)
		if (sid ? follows(v, ind, sid) : !follows_any(v, ind))
			list_row(pg, v, ind);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static int load_list(struct page *pg, struct list_view *v, struct err *err)
{
	json_t *ind;
	size_t i;

	if (!(v->indicators = portal_all(pg->st, "indicators", NULL, 0, err)) ||
	    !(v->strategies = portal_all(pg->st, "strategies", NULL, 0, err)) ||
	    !(v->goals = portal_all(pg->st, "goals", NULL, 0, err)) ||
	    !(v->measures = portal_map(pg->st, "measures", err)))
		return -1;
	v->progress = json_object();
	json_array_foreach(v->indicators, i, ind) {
		const char *id = page_str(ind, "id");
		json_t *p =
		    id ? service_indicator_progress(pg->st, id, NULL, err)
		       : NULL;

		if (!p)
			return -1;
		json_object_set_new(v->progress, id, p);
	}
	return 0;
}

static void render_list(struct page *pg, const struct list_view *v)
{
	json_t *s, *any;
	const char *key;
	size_t i;

	layout_begin(pg, T(pg, "indicator.list.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "indicator.list.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "indicator.list.intro"));
	html_raw(pg->out, "</p>\n");
	json_object_foreach(v->progress, key, any) {
		progress_rule(pg,
			      any); /* the thresholds are the same for all */
		break;
	}
	if (!json_array_size(v->indicators)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "indicator.list.none"));
		html_raw(pg->out, "</p>\n");
	}
	json_array_foreach(v->strategies, i, s)
		group(pg, v, s, i);
	group(pg, v, NULL, json_array_size(v->strategies));
	layout_end(pg);
}

int page_indicators(struct page *pg, struct err *err)
{
	struct list_view v = {NULL, NULL, NULL, NULL, NULL};
	int rc = -1;

	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	if (load_list(pg, &v, err) == 0) {
		render_list(pg, &v);
		rc = 0;
	}
	json_decref(v.indicators);
	json_decref(v.strategies);
	json_decref(v.goals);
	json_decref(v.measures);
	json_decref(v.progress);
	return rc;
}

/* ---- one indicator ---- */

struct ind_view {
	const char *id;
	json_t *ind, *progress, *goals, *strategies, *measures;
	struct indicator_values values;
};

static void fact_plan(struct page *pg, const struct ind_view *v,
		      const char *key, const char *value_key,
		      const char *year_key)
{
	json_t *value = json_object_get(v->ind, value_key);
	json_t *year = json_object_get(v->ind, year_key);

	page_fact(pg, key);
	if (json_is_number(value)) {
		page_value(pg, json_number_value(value),
			   page_str(v->ind, "unit"));
		if (json_is_integer(year)) {
			html_raw(pg->out, " (");
			html_int(pg->out, json_integer_value(year));
			html_raw(pg->out, ")");
		}
	} else {
		html_txt(pg->out, T(pg, "indicator.not_set"));
	}
	page_fact_end(pg);
}

/* The frequency's label; a fixed table keeps every key a literal. */
static const char *frequency_key(const char *f)
{
	static const char *const keys[][2] = {
	    {"annual", "indicator.frequency.annual"},
	    {"tertial", "indicator.frequency.tertial"},
	    {"quarterly", "indicator.frequency.quarterly"},
	    {"monthly", "indicator.frequency.monthly"},
	    {"irregular", "indicator.frequency.irregular"},
	};

	for (size_t i = 0; f && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i][0], f))
			return keys[i][1];
	return NULL;
}

static void facts(struct page *pg, const struct ind_view *v)
{
	const char *unit = page_str(v->ind, "unit");
	const char *dir = page_str(v->ind, "direction");
	const char *freq = frequency_key(page_str(v->ind, "frequency"));
	json_t *src = json_object_get(v->ind, "source");

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "indicator.id");
	html_txt(pg->out, v->id);
	page_fact_end(pg);
	if (unit) {
		page_fact(pg, "indicator.unit");
		html_txt(pg->out, unit);
		page_fact_end(pg);
	}
	page_fact(pg, "indicator.direction");
	html_txt(pg->out, T(pg, dir && !strcmp(dir, "lower")
				    ? "indicator.direction.lower"
				    : "indicator.direction.higher"));
	page_fact_end(pg);
	if (freq) {
		page_fact(pg, "indicator.frequency");
		html_txt(pg->out, T(pg, freq));
		page_fact_end(pg);
	}
	fact_plan(pg, v, "indicator.baseline", "baseline_value",
		  "baseline_year");
	fact_plan(pg, v, "indicator.target", "target_value", "target_year");
	if (json_is_object(src)) {
		page_fact(pg, "indicator.source");
		page_source(pg, src);
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

/* The source object of the current value (the progress answer names
 * only its id): from the observations, which carry it expanded. */
static json_t *current_source(const struct ind_view *v, json_t *cur)
{
	const char *sid = page_str(cur, "source");

	for (size_t i = 0; sid && i < v->values.n; i++) {
		json_t *s = v->values.items[i].source;

		if (v->values.items[i].kind == CHART_OBSERVATION &&
		    !v->values.items[i].breakdown && page_str(s, "id") &&
		    !strcmp(page_str(s, "id"), sid) &&
		    !strcmp(v->values.items[i].period,
			    page_str(cur, "period") ? page_str(cur, "period")
						    : ""))
			return s;
	}
	return NULL;
}

/* When several sources give the latest period, which one the class
 * uses. */
static void current_choice(struct page *pg, const struct ind_view *v)
{
	json_t *inputs = json_object_get(v->progress, "inputs");
	json_t *cur = json_object_get(inputs, "current");
	json_t *src = current_source(v, cur);

	if (!json_array_size(json_object_get(inputs, "alternatives")))
		return;
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "indicator.current_choice", NULL);
	html_raw(pg->out, " ");
	if (src)
		page_source(pg, src);
	else
		html_txt(pg->out, page_str(cur, "source"));
	html_raw(pg->out, ".</p>\n");
}

static void progress_section(struct page *pg, const struct ind_view *v)
{
	const char *calc = page_str(json_object_get(v->progress, "calculation"),
				    lang_code(pg->lang));

	page_h2(pg, "progress", "indicator.progress");
	html_raw(pg->out, "<p class=\"ds-paragraph vk-status-line\">");
	progress_tag(pg, v->progress);
	html_raw(pg->out, "</p>\n<p class=\"ds-paragraph\"><strong>");
	html_txt(pg->out, T(pg, "indicator.calculation"));
	html_raw(pg->out, "</strong> ");
	html_txt(pg->out, calc);
	html_raw(pg->out, "</p>\n");
	current_choice(pg, v);
	progress_rule(pg, v->progress);
}

/* The kind of a row, for people. */
static const char *kind_key(const struct indicator_value *it)
{
	switch (it->kind) {
	case CHART_BASELINE:
		return "indicator.kind.baseline";
	case CHART_TARGET:
		return "indicator.kind.target";
	case CHART_FORECAST:
		return "indicator.kind.forecast";
	case CHART_OTHER:
		return "indicator.kind.other";
	default:
		return it->status && !strcmp(it->status, "preliminary")
			   ? "indicator.kind.preliminary"
			   : "indicator.kind.observation";
	}
}

static void value_row(struct page *pg, const struct indicator_value *it)
{
	html_raw(pg->out, "<tr><th scope=\"row\" class=\"vk-nowrap\">");
	if (it->kind == CHART_BASELINE || it->kind == CHART_TARGET)
		html_txt(pg->out, it->year);
	else
		page_period(pg, it->period);
	html_raw(pg->out, "</th><td class=\"vk-num\">");
	page_value(pg, it->v, NULL);
	html_raw(pg->out, "</td><td>");
	html_txt(pg->out, T(pg, kind_key(it)));
	html_raw(pg->out, "</td><td>");
	if (json_is_object(it->source))
		page_source(pg, it->source);
	else if (json_is_string(it->source))
		html_txt(pg->out, json_string_value(it->source));
	else
		page_none(pg);
	html_raw(pg->out, "</td></tr>\n");
}

static void values_table(struct page *pg, const struct ind_view *v)
{
	const char *unit = page_str(v->ind, "unit");

	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"values-caption\">"
			  "\n<table class=\"ds-table vk-values\" data-border>\n"
			  "<caption id=\"values-caption\">");
	html_txt(pg->out, T(pg, "indicator.values.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "indicator.col.period"));
	html_raw(pg->out, "</th><th scope=\"col\" class=\"vk-num\">");
	if (unit)
		page_tf(pg, "indicator.col.value_unit", unit, NULL);
	else
		html_txt(pg->out, T(pg, "indicator.col.value"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "indicator.col.kind"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "indicator.col.source"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->values.n; i++)
		value_row(pg, &v->values.items[i]);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static void values_section(struct page *pg, const struct ind_view *v)
{
	page_h2(pg, "values", "indicator.values");
	if (!v->values.n) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "indicator.values.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	if (v->values.breakdowns) {
		struct buf n = BUF_INIT;

		fmt_int(&n, pg->lang, (int64_t)v->values.breakdowns);
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		page_tf(pg, "indicator.values.breakdowns", buf_cstr(&n), NULL);
		html_raw(pg->out, "</p>\n");
		buf_release(&n);
	}
	/* The table first: it is the chart's equal, and comes first in
	 * reading order. */
	values_table(pg, v);
	indicator_chart(pg, v->ind, &v->values);
}

/* ---- goals, measures, downloads ---- */

static void goals_section(struct page *pg, const struct ind_view *v)
{
	json_t *g;
	size_t i;

	if (!json_array_size(v->goals))
		return;
	page_h2(pg, "goals", "indicator.goals");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(v->goals, i, g) {
		const char *sid = page_str(g, "strategy");
		json_t *s = json_object_get(v->strategies, sid ? sid : "");

		html_raw(pg->out, "<li>");
		page_text(pg, g, "name", page_str(g, "id"));
		if (s) {
			html_raw(pg->out, " (");
			page_link(pg, "/strategies/", sid, s, "name");
			html_raw(pg->out, ")");
		}
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static void measures_section(struct page *pg, const struct ind_view *v)
{
	json_t *list = json_object_get(v->ind, "measures"), *id;
	size_t i;

	if (!json_array_size(list))
		return;
	page_h2(pg, "measures", "indicator.measures");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(list, i, id) {
		const char *mid = json_string_value(id);

		if (!mid)
			continue;
		html_raw(pg->out, "<li>");
		page_link(pg, "/measures/", mid,
			  json_object_get(v->measures, mid), "title");
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static void download(struct page *pg, const char *key, const char *hint)
{
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a> ");
	html_txt(pg->out, T(pg, hint));
	html_raw(pg->out, "</li>\n");
}

static void downloads_section(struct page *pg, const struct ind_view *v)
{
	page_h2(pg, "download", "indicator.download");
	html_raw(pg->out, "<ul class=\"ds-list\">\n<li><a class=\"ds-link\" "
			  "download=\"");
	html_attr(pg->out, v->id);
	html_raw(pg->out, ".csv\" type=\"text/csv\" href=\"");
	page_href(pg, "/indicators/", v->id);
	html_raw(pg->out, "?format=csv");
	download(pg, "indicator.download.csv", "indicator.download.csv_hint");
	html_raw(pg->out, "<li><a class=\"ds-link\" download=\"");
	html_attr(pg->out, v->id);
	html_raw(pg->out, ".json\" type=\"application/json\" "
			  "href=\"/api/v1/indicators/");
	html_url_arg(pg->out, v->id);
	html_raw(pg->out, "/observations?format=jsonstat");
	download(pg, "indicator.download.jsonstat",
		 "indicator.download.jsonstat_hint");
	html_raw(pg->out, "<li><a class=\"ds-link\" type=\"application/json\" "
			  "href=\"/api/v1/indicators/");
	html_url_arg(pg->out, v->id);
	html_raw(pg->out, "/progress");
	download(pg, "indicator.download.progress",
		 "indicator.download.progress_hint");
	html_raw(pg->out, "</ul>\n");
}

static void render(struct page *pg, const struct ind_view *v)
{
	layout_begin(pg, page_pick(pg, v->ind, "name", NULL));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/indicators", "indicator.list.title");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_text(pg, v->ind, "name", v->id);
	html_raw(pg->out, "</h1>\n");
	facts(pg, v);
	progress_section(pg, v);
	values_section(pg, v);
	goals_section(pg, v);
	measures_section(pg, v);
	downloads_section(pg, v);
	layout_end(pg);
}

/* The values as CSV instead of the page (?format=csv). */
static void render_csv(struct page *pg, const struct ind_view *v)
{
	pg->resp->content_type = CSV_TYPE;
	indicator_values_csv(&v->values, v->id, page_str(v->ind, "unit"),
			     pg->out);
}

static int load(struct page *pg, struct ind_view *v, bool csv, struct err *err)
{
	struct store_filter f = {SF_FIELD, "indicator", v->id};

	v->ind = service_get(pg->st, entity_find("indicators"), v->id, err);
	if (!v->ind)
		return -1;
	indicator_values_build(v->ind, csv, &v->values);
	if (csv)
		return 0;
	if (!(v->progress =
		  service_indicator_progress(pg->st, v->id, NULL, err)) ||
	    !(v->goals = portal_all(pg->st, "goals", &f, 1, err)) ||
	    !(v->strategies = portal_map(pg->st, "strategies", err)) ||
	    !(v->measures = portal_map(pg->st, "measures", err)))
		return -1;
	return 0;
}

int page_indicator(struct page *pg, struct err *err)
{
	static const struct page_param params[] = {
	    {"format", PP_ENUM, formats},
	};
	struct ind_view v = {.id = pg->req->path_params[0]};
	bool csv;
	int rc = -1;

	if (value_check_id(v.id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such indicator");
	if (page_params(pg, params, 1, err) < 0)
		return -1;
	csv = page_param(pg, "format") != NULL;
	if (load(pg, &v, csv, err) == 0) {
		if (csv)
			render_csv(pg, &v);
		else
			render(pg, &v);
		rc = 0;
	}
	indicator_values_release(&v.values);
	json_decref(v.ind);
	json_decref(v.progress);
	json_decref(v.goals);
	json_decref(v.strategies);
	json_decref(v.measures);
	return rc;
}
