/*
 * service/portal.h: what the web portal asks of the data beyond the read
 * API's pages (service/query.h): whole collections, lookup maps, the
 * newest approved report of every measure, and which period the shown
 * status reflects. Everything here is public data: approved reports only.
 *
 * Ownership: returned json_t values are new references for the caller;
 * arguments are borrowed. NULL (or -1) means failure with err set.
 */
#ifndef VEIKART_SERVICE_PORTAL_H
#define VEIKART_SERVICE_PORTAL_H

#include <jansson.h>
#include <time.h>

#include "model/period.h"
#include "store/entity.h"
#include "store/store.h"

/*
 * Every item of `collection` that passes the filters (ANDed), in id
 * order and in the API shape (sources expanded, a measure's computed
 * status): a JSON array.
 */
json_t *portal_all(struct store *st, const char *collection,
		   const struct store_filter *filters, size_t nfilters,
		   struct err *err);

/* portal_all without filters as an object keyed by id. */
json_t *portal_map(struct store *st, const char *collection,
		   struct err *err);

/*
 * The newest approved status report of each measure that has one, as
 * {measure id: {period, status, progress, approved_at}}; the same report
 * a measure's computed status comes from.
 */
json_t *portal_latest_reports(struct store *st, struct err *err);

/*
 * The period that the status shown on the portal reflects: the newest
 * reporting period opened (open or closed), else the tertial that `now`
 * (local time) falls in.
 */
int portal_status_period(struct store *st, time_t now, struct period *out,
			 struct err *err);

#endif
