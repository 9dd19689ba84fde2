/*
 * web/measure_list.h: the table of measures with its filter form, shared
 * by every page that lists measures: the list of all measures
 * (/{lang}/measures), a strategy (/{lang}/strategies/<id>) and a focus
 * area (/{lang}/focus-areas/<id>). Each page says which filters it offers
 * (strategy, focus area, actor, status) and its own path, which is the
 * filter form's action and the target of the sort links. Filters are a
 * plain GET form; columns sort with ?sort=<column> or ?sort=-<column>
 * (descending). Everything works without JavaScript.
 */
#ifndef VEIKART_WEB_MEASURE_LIST_H
#define VEIKART_WEB_MEASURE_LIST_H

#include <jansson.h>

#include "web/page.h"

/* The filters a page offers, as a bit set; each is a GET parameter of
 * the same name (?strategy=, ?focus=, ?actor=, ?status=). */
enum measure_filter {
	MEASURE_FILTER_STRATEGY = 1u << 0,
	MEASURE_FILTER_FOCUS = 1u << 1,
	MEASURE_FILTER_ACTOR = 1u << 2,
	MEASURE_FILTER_STATUS = 1u << 3,
};

struct measure_list_opts {
	/* The page the table is on, /{lang}{path}{id}: path a literal such
	 * as "/measures" or "/focus-areas/"; id (url-encoded when written)
	 * NULL when the path is the whole of it. */
	const char *path;
	const char *id;
	unsigned filters; /* MEASURE_FILTER_* bits */
	/* The strategy whose focus areas fill the focus filter; NULL: the
	 * one the strategy filter chose, else every focus area. */
	const char *strategy;
	/* Optional, borrowed: what the page loaded already, else the list
	 * loads it. latest: portal_latest_reports' map; focus_areas: those
	 * of `strategy` (portal_all). */
	json_t *latest;
	json_t *focus_areas;
};

/* Checks the query: the parameters of `filters` and sort, each at most
 * once with a valid value; anything else is ERR_INVALID (a 400 page). */
int measure_list_params(struct page *pg, unsigned filters, struct err *err);

/*
 * Writes the filter form, the count and the table for `measures` (every
 * measure in the page's scope, as portal_all gives them): those that
 * pass the filters, sorted. `actors` maps actor ids to actors. All json is
 * borrowed. Fails only when loading what opts did not give fails.
 */
int measure_list_render(struct page *pg, const struct measure_list_opts *opts,
			json_t *measures, json_t *actors, struct err *err);

#endif
