/*
 * web/measure_list.h: the table of measures with its filter form, shared
 * by the strategy page (/{lang}/strategies/<id>) and the list of all
 * measures (/{lang}/measures). Filters (status, actor, focus area and, on
 * the list of all, strategy) are a plain GET form; columns sort with
 * ?sort=<column> or ?sort=-<column> (descending). Everything works
 * without JavaScript.
 */
#ifndef VEIKART_WEB_MEASURE_LIST_H
#define VEIKART_WEB_MEASURE_LIST_H

#include <jansson.h>

#include "web/page.h"

/* Checks the query parameters the list takes (with_strategy: the list of
 * all measures, which also filters by strategy). */
int measure_list_params(struct page *pg, bool with_strategy,
			struct err *err);

/*
 * Writes the filter form and the table for `measures` (every measure in
 * the page's scope, as portal_all gives them): those that pass the
 * filters, sorted. `strategy` is the strategy page's id (its focus areas
 * fill the focus filter, its URL is the form's action), or NULL for the
 * list of all measures. `actors` maps actor ids to actors.
 */
int measure_list_render(struct page *pg, const char *strategy,
			json_t *measures, json_t *actors, struct err *err);

#endif
