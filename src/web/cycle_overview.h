/*
 * web/cycle_overview.h: the overview of one reporting period on the
 * coordinator's cycle page (web/page_cycle.c): the deadline, how many
 * measures are in each state (missing, draft, submitted, returned,
 * approved, and how many are late), a filter form (state, lead actor) and
 * a sortable table of every measure that owes a report, with a link to
 * review each report.
 *
 * Filtering and sorting happen here over the rows the service gave (a
 * period has tens of measures); the sort column comes from a fixed list.
 * Ownership: everything is borrowed.
 */
#ifndef VEIKART_WEB_CYCLE_OVERVIEW_H
#define VEIKART_WEB_CYCLE_OVERVIEW_H

#include <jansson.h>

#include "web/page.h"

/* The values ?state= and ?sort= take (NULL-terminated). */
extern const char *const cycle_filter_states[];
extern const char *const cycle_sort_values[];

/*
 * Writes the overview `o` (service_overview's answer) under an <h2>,
 * with the filters ?state=, ?actor= and ?sort= of the request. Names
 * come from portal maps; -1 with err when they cannot be read.
 */
int cycle_overview_render(struct page *pg, json_t *o, struct err *err);

#endif
