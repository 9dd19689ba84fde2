/*
 * web/page_strategy.c: /{lang}/strategies (every strategy) and
 * /{lang}/strategies/<id>: the strategy's facts and goal, its measures
 * counted by status, its focus areas, its measures in the filterable,
 * sortable table of web/measure_list.c, and its data to download (the
 * tertial report as PDF, the workbook, the measures as JSON and CSV).
 */
#include <string.h>
#include <time.h>

#include "model/period.h"
#include "model/value.h"
#include "service/access.h"
#include "service/portal.h"
#include "service/query.h"
#include "web/layout.h"
#include "web/measure_list.h"
#include "web/page.h"
#include "web/rollup.h"

static void strategy_row(struct page *pg, json_t *s, json_t *measures)
{
	int64_t counts[PAGE_STATUS_COUNT], unconfirmed;
	int64_t n = page_status_count(measures, page_str(s, "id"), counts,
				      &unconfirmed);
	json_t *announced = json_object_get(s, "n_measures_announced");

	html_raw(pg->out, "<tr><td>");
	page_link(pg, "/strategies/", page_str(s, "id"), s, "name");
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	page_date(pg, page_str(s, "launched"));
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	html_txt(pg->out, page_str(s, "period"));
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	page_int(pg, n);
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (json_is_integer(announced))
		page_int(pg, json_integer_value(announced));
	html_raw(pg->out, "</td></tr>\n");
}

static void strategies_table(struct page *pg, json_t *strategies,
			     json_t *measures)
{
	static const char *const cols[] = {
	    "strategies.col.name",	"strategies.col.launched",
	    "strategies.col.period",	"strategies.col.registered",
	    "strategies.col.announced",
	};
	json_t *s;
	size_t i;

	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" "
			  "aria-labelledby=\"strategies-caption\">\n"
			  "<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"strategies-caption\">");
	html_txt(pg->out, T(pg, "strategies.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(strategies, i, s)
		strategy_row(pg, s, measures);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

int page_strategies(struct page *pg, struct err *err)
{
	json_t *strategies = NULL, *measures = NULL;
	int rc = -1;

	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	strategies = portal_all(pg->st, "strategies", NULL, 0, err);
	measures =
	    strategies ? portal_all(pg->st, "measures", NULL, 0, err) : NULL;
	if (!measures)
		goto done;
	layout_begin(pg, T(pg, "strategies.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "strategies.title");
	strategies_table(pg, strategies, measures);
	layout_end(pg);
	rc = 0;
done:
	json_decref(strategies);
	json_decref(measures);
	return rc;
}

/* ---- one strategy ---- */

struct strategy_view {
	json_t *s, *actors, *measures, *focus_areas;
};

static void owners(struct page *pg, const struct strategy_view *v)
{
	json_t *id;
	size_t i;

	json_array_foreach(json_object_get(v->s, "owners"), i, id) {
		if (i)
			html_raw(pg->out, ", ");
		page_actor_link(pg, v->actors, json_string_value(id));
	}
}

static void facts(struct page *pg, const struct strategy_view *v)
{
	json_t *src = json_object_get(v->s, "source");

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	if (page_str(v->s, "launched")) {
		page_fact(pg, "strategy.launched");
		page_date(pg, page_str(v->s, "launched"));
		page_fact_end(pg);
	}
	if (page_str(v->s, "period")) {
		page_fact(pg, "strategy.period");
		html_txt(pg->out, page_str(v->s, "period"));
		page_fact_end(pg);
	}
	if (json_array_size(json_object_get(v->s, "owners"))) {
		page_fact(pg, "strategy.owners");
		owners(pg, v);
		page_fact_end(pg);
	}
	if (json_is_object(src)) {
		page_fact(pg, "strategy.source");
		page_source(pg, src);
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

static void focus_areas(struct page *pg, const struct strategy_view *v)
{
	json_t *f;
	size_t i;

	if (!json_array_size(v->focus_areas))
		return;
	page_h2(pg, "focus-areas", "strategy.focus_areas");
	html_raw(pg->out, "<ul class=\"ds-list vk-focus\">\n");
	json_array_foreach(v->focus_areas, i, f) {
		html_raw(pg->out, "<li>");
		page_link(pg, "/focus-areas/", page_str(f, "id"), f, "name");
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

/* Progress rolled up from the measures, with the rule written out. */
static int progress_section(struct page *pg, const struct strategy_view *v,
			    struct err *err)
{
	json_t *latest = portal_latest_reports(pg->st, err);
	struct rollup r;

	if (!latest)
		return -1;
	page_h2(pg, "progress", "rollup.title");
	rollup_measures(v->measures, latest, &r);
	rollup_render(pg, &r);
	json_decref(latest);
	return 0;
}

static int status_section(struct page *pg, const struct strategy_view *v,
			  struct err *err)
{
	int64_t counts[PAGE_STATUS_COUNT], unconfirmed, n;

	n = page_status_count(v->measures, page_str(v->s, "id"), counts,
			      &unconfirmed);
	page_h2(pg, "status", "strategy.status");
	if (page_status_period(pg, err) < 0)
		return -1;
	page_registered(pg, v->s, n, unconfirmed);
	if (n)
		page_status_bar(pg, counts);
	return progress_section(pg, v, err);
}

/* ---- downloads ---- */

/* Ends the link the caller opened ("<li><a ... type=\"..."): the text
 * of key, the format after it, the end of the item. */
static void download_end(struct page *pg, const char *key, const char *format)
{
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a> <span class=\"vk-format\">(");
	html_txt(pg->out, format);
	html_raw(pg->out, ")</span></li>\n");
}

/*
 * The tertial report as PDF for the period the status reflects. Anyone
 * may have it (service/report_pdf.h): the public one is built from
 * approved reports only, while someone signed in also gets the reports
 * that wait for approval, marked so; the note says which this link gives.
 */
static int pdf_link(struct page *pg, const char *id, struct err *err)
{
	char code[PERIOD_TEXT_MAX];
	struct period p;
	bool unpublished =
	    page_signed_in(pg) &&
	    access_check(pg->st, &pg->who, OP_READ_PRIVATE, NULL, NULL) == 0;

	if (portal_status_period(pg->st, time(NULL), &p, err) < 0)
		return -1;
	period_format(&p, code);
	html_raw(pg->out,
		 "<li><a class=\"ds-link\" href=\"/api/v1/strategies/");
	html_url_arg(pg->out, id);
	html_raw(pg->out, "/report.pdf?period=");
	html_url_arg(pg->out, code);
	html_raw(pg->out, "&amp;lang=");
	html_url_arg(pg->out, lang_code(pg->lang));
	html_raw(pg->out, "\" type=\"application/pdf\">");
	page_tf(pg, "diff.download.pdf", code, NULL);
	html_raw(pg->out, "</a> <span class=\"vk-format\">(PDF; ");
	html_txt(pg->out, T(pg, unpublished ? "diff.download.pdf_private"
					    : "diff.download.pdf_public"));
	html_raw(pg->out, ")</span></li>\n");
	return 0;
}

static int downloads(struct page *pg, const char *id, struct err *err)
{
	page_h2(pg, "downloads", "diff.download.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "diff.download.intro"));
	html_raw(pg->out, "</p>\n<ul class=\"ds-list vk-downloads\">\n");
	if (pdf_link(pg, id, err) < 0)
		return -1;
	html_raw(pg->out,
		 "<li><a class=\"ds-link\" href=\"/api/v1/strategies/");
	html_url_arg(pg->out, id);
	html_raw(pg->out, "/workbook.xlsx\" type=\"application/vnd."
			  "openxmlformats-officedocument.spreadsheetml.sheet");
	download_end(pg, "diff.download.xlsx", "XLSX");
	html_raw(pg->out, "<li><a class=\"ds-link\" href=\"/api/v1/measures?"
			  "strategy=");
	html_url_arg(pg->out, id);
	html_raw(pg->out, "&amp;limit=500\" type=\"application/json");
	download_end(pg, "diff.download.json", "JSON");
	html_raw(pg->out, "<li><a class=\"ds-link\" href=\"/api/v1/datasets/"
			  "measures.csv\" type=\"text/csv");
	download_end(pg, "diff.download.csv", "CSV");
	html_raw(pg->out, "</ul>\n<p class=\"ds-paragraph\"><a "
			  "class=\"ds-link\" href=\"");
	page_href(pg, "/open-data", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "diff.download.more"));
	html_raw(pg->out, "</a></p>\n");
	return 0;
}

/* The strategy's table offers every filter but the strategy. */
#define STRATEGY_FILTERS                                                       \
	(MEASURE_FILTER_FOCUS | MEASURE_FILTER_ACTOR | MEASURE_FILTER_STATUS)

static int render(struct page *pg, struct strategy_view *v, struct err *err)
{
	const char *id = page_str(v->s, "id");
	struct measure_list_opts list = {
	    .path = "/strategies/",
	    .id = id,
	    .filters = STRATEGY_FILTERS,
	    .strategy = id,
	    .focus_areas = v->focus_areas,
	};

	layout_begin(pg, page_pick(pg, v->s, "name", NULL));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/strategies", "strategies.title");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_text(pg, v->s, "name", id);
	html_raw(pg->out, "</h1>\n");
	facts(pg, v);
	page_paragraphs(pg, v->s, "goal_summary");
	if (status_section(pg, v, err) < 0)
		return -1;
	focus_areas(pg, v);
	page_h2(pg, "measures", "strategy.measures");
	if (measure_list_render(pg, &list, v->measures, v->actors, err) < 0 ||
	    downloads(pg, id, err) < 0)
		return -1;
	layout_end(pg);
	return 0;
}

int page_strategy(struct page *pg, struct err *err)
{
	const char *id = pg->req->path_params[0];
	struct store_filter f = {SF_FIELD, "strategy", id};
	struct strategy_view v = {NULL, NULL, NULL, NULL};
	int rc = -1;

	if (value_check_id(id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such strategy");
	if (measure_list_params(pg, STRATEGY_FILTERS, err) < 0)
		return -1;
	if (!(v.s = service_get(pg->st, entity_find("strategies"), id, err)) ||
	    !(v.actors = portal_map(pg->st, "actors", err)) ||
	    !(v.measures = portal_all(pg->st, "measures", &f, 1, err)) ||
	    !(v.focus_areas = portal_all(pg->st, "focus-areas", &f, 1, err)))
		goto done;
	rc = render(pg, &v, err);
done:
	json_decref(v.s);
	json_decref(v.actors);
	json_decref(v.measures);
	json_decref(v.focus_areas);
	return rc;
}
