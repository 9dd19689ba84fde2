/*
 * web/page_focus_area.c: /{lang}/focus-areas/<id>, one focus area
 * (innsatsområde: a strategy's area of effort): its strategy, its measures
 * counted by status, their progress rolled up with the rule written out
 * (web/rollup.h), the measures in the shared table (web/measure_list.h)
 * filtered by status and actor and sorted by any column, and the
 * strategy's other focus areas.
 *
 * It reads through service/ only. Ownership: the json values it loads are
 * released before it returns.
 */
#include <stdlib.h>
#include <string.h>

#include "model/value.h"
#include "service/portal.h"
#include "service/query.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/measure_list.h"
#include "web/page.h"
#include "web/rollup.h"

/* A focus area's table: its measures share one strategy and focus area,
 * so only actor and status are left to filter by. */
#define FOCUS_FILTERS (MEASURE_FILTER_ACTOR | MEASURE_FILTER_STATUS)

struct focus_view {
	const char *id;
	json_t *fa, *strategy, *actors, *measures, *latest, *siblings;
};

static void facts(struct page *pg, const struct focus_view *v)
{
	json_t *no = json_object_get(v->fa, "no");
	json_t *src = json_object_get(v->fa, "source");

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "focus_area.strategy");
	page_link(pg, "/strategies/", page_str(v->strategy, "id"), v->strategy,
		  "name");
	page_fact_end(pg);
	if (json_is_integer(no)) {
		page_fact(pg, "focus_area.number");
		page_int(pg, json_integer_value(no));
		page_fact_end(pg);
	}
	if (json_is_object(src)) {
		page_fact(pg, "focus_area.source");
		page_source(pg, src);
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

static int status_section(struct page *pg, const struct focus_view *v,
			  struct err *err)
{
	int64_t counts[PAGE_STATUS_COUNT], unconfirmed, n;
	struct buf sn = BUF_INIT, sk = BUF_INIT;

	n = page_status_count(v->measures, NULL, counts, &unconfirmed);
	page_h2(pg, "status", "focus_area.status");
	if (page_status_period(pg, err) < 0)
		return -1;
	fmt_int(&sn, pg->lang, n);
	fmt_int(&sk, pg->lang, unconfirmed);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-registered\">");
	page_tf(pg,
		unconfirmed ? "registered.count_unconfirmed"
			    : "registered.count",
		buf_cstr(&sn), buf_cstr(&sk), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&sn);
	buf_release(&sk);
	if (n)
		page_status_bar(pg, counts);
	return 0;
}

static void progress_section(struct page *pg, const struct focus_view *v)
{
	struct rollup r;

	page_h2(pg, "progress", "rollup.title");
	rollup_measures(v->measures, v->latest, &r);
	rollup_render(pg, &r);
}

static int measures_section(struct page *pg, const struct focus_view *v,
			    struct err *err)
{
	const struct measure_list_opts list = {
	    .path = "/focus-areas/",
	    .id = v->id,
	    .filters = FOCUS_FILTERS,
	    .latest = v->latest,
	};

	page_h2(pg, "measures", "focus_area.measures");
	if (!json_array_size(v->measures)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "focus_area.measures.none"));
		html_raw(pg->out, "</p>\n");
		return 0;
	}
	return measure_list_render(pg, &list, v->measures, v->actors, err);
}

/* By the number the strategy gives them, then by id. */
static int cmp_no(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t na = json_integer_value(json_object_get(a, "no"));
	json_int_t nb = json_integer_value(json_object_get(b, "no"));
	const char *ia = page_str(a, "id"), *ib = page_str(b, "id");

	if (na != nb)
		return (na > nb) - (na < nb);
	return strverscmp(ia ? ia : "", ib ? ib : "");
}

/* The strategy's other focus areas, in the strategy's order. */
static void siblings(struct page *pg, const struct focus_view *v)
{
	size_t n = json_array_size(v->siblings), i;
	json_t **list;

	if (n < 2)
		return;
	list = xcalloc(n, sizeof(*list));
	for (i = 0; i < n; i++)
		list[i] = json_array_get(v->siblings, i);
	xqsort(list, n, sizeof(*list), cmp_no);
	page_h2(pg, "other-focus-areas", "focus_area.others");
	html_raw(pg->out, "<ul class=\"ds-list vk-focus\">\n");
	for (i = 0; i < n; i++) {
		const char *fid = page_str(list[i], "id");

		if (!fid || !strcmp(fid, v->id))
			continue;
		html_raw(pg->out, "<li>");
		page_link(pg, "/focus-areas/", fid, list[i], "name");
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
	free(list);
}

static int render(struct page *pg, const struct focus_view *v, struct err *err)
{
	layout_begin(pg, page_pick(pg, v->fa, "name", NULL));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/strategies", "strategies.title");
	page_crumb_obj(pg, "/strategies/", page_str(v->strategy, "id"),
		       v->strategy, "name");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_text(pg, v->fa, "name", v->id);
	html_raw(pg->out, "</h1>\n");
	facts(pg, v);
	if (status_section(pg, v, err) < 0)
		return -1;
	progress_section(pg, v);
	if (measures_section(pg, v, err) < 0)
		return -1;
	siblings(pg, v);
	layout_end(pg);
	return 0;
}

static int load(struct page *pg, struct focus_view *v, struct err *err)
{
	struct store_filter by_focus = {SF_FIELD, "focus_area", v->id};
	struct store_filter by_strategy = {SF_FIELD, "strategy", NULL};

	v->fa = service_get(pg->st, entity_find("focus-areas"), v->id, err);
	if (!v->fa)
		return -1;
	by_strategy.value = page_str(v->fa, "strategy");
	if (!by_strategy.value)
		return err_set(err, ERR_INTERNAL,
			       "focus area without strategy");
	if (!(v->strategy = service_get(pg->st, entity_find("strategies"),
					by_strategy.value, err)) ||
	    !(v->actors = portal_map(pg->st, "actors", err)) ||
	    !(v->measures =
		  portal_all(pg->st, "measures", &by_focus, 1, err)) ||
	    !(v->latest = portal_latest_reports(pg->st, err)) ||
	    !(v->siblings =
		  portal_all(pg->st, "focus-areas", &by_strategy, 1, err)))
		return -1;
	return 0;
}

int page_focus_area(struct page *pg, struct err *err)
{
	struct focus_view v = {.id = pg->req->path_params[0]};
	int rc = -1;

	if (value_check_id(v.id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such focus area");
	if (measure_list_params(pg, FOCUS_FILTERS, err) < 0)
		return -1;
	if (load(pg, &v, err) == 0)
		rc = render(pg, &v, err);
	json_decref(v.fa);
	json_decref(v.strategy);
	json_decref(v.actors);
	json_decref(v.measures);
	json_decref(v.latest);
	json_decref(v.siblings);
	return rc;
}
