/*
 * service/review.h: what the coordinator's reporting pages
 * (web/page_cycle.c) read: the reporting periods with the overview of
 * one of them, and one report to review beside the previous approved one
 * of its measure. Writes (opening and closing periods, approving,
 * returning, reopening) stay with service/report.h.
 *
 * These are the coordinator's views: each function asks service/access.c
 * first (OP_MANAGE_PERIODS, OP_REVIEW_REPORTS), so a reporter or reader
 * gets ERR_FORBIDDEN, audited as a refused "read", and anonymous callers
 * ERR_UNAUTHENTICATED. (service_overview itself lets every signed-in user
 * read a period's numbers, which the workspace start page shows.)
 *
 * Ownership: returned json_t values are new references for the caller;
 * arguments are borrowed. NULL means failure with err set.
 */
#ifndef VEIKART_SERVICE_REVIEW_H
#define VEIKART_SERVICE_REVIEW_H

#include <jansson.h>

#include "model/principal.h"
#include "store/store.h"

/*
 * {"periods": [every period, newest first, as service_period_list],
 *  "period": the id shown, or null when no period was ever opened,
 *  "overview": service_overview of that period, or null}.
 * `period` NULL shows the newest open period, else the newest one; a
 * period that was never opened is ERR_NOT_FOUND. `today` as for
 * service_overview (NULL: the local date).
 */
json_t *service_review_cycle(struct store *st, const struct principal *who,
			     const char *period, const char *today,
			     struct err *err);

/*
 * Report `id` for review: {"report": as stored (service_report_get),
 * "previous": the newest approved report of the same measure and kind
 * (and actor, for a contribution) in an earlier period, or null,
 * "measure": the measure in the API shape, or null when it is gone,
 * "period": the period as service_period_get shows it, or null when the
 * report's period was never opened (an imported report)}.
 */
json_t *service_review_get(struct store *st, const struct principal *who,
			   const char *id, struct err *err);

#endif
