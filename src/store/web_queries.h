/*
 * store/web_queries.h: the SQL the portal needs beyond the generic entity
 * reads (store/entity.h): for now, every approved status report in the
 * order that makes the first one per measure its newest.
 *
 * Ownership: returned json_t values are new references for the caller.
 */
#ifndef VEIKART_STORE_WEB_QUERIES_H
#define VEIKART_STORE_WEB_QUERIES_H

#include <jansson.h>

#include "store/store.h"

/*
 * Approved status reports (kind "status", not deleted) as
 * [{measure, period, status, progress, approved_at}], ordered by measure,
 * then newest first by the rule that gives a measure its status (period
 * end, then approval time): the first row of each measure is the one its
 * status comes from.
 */
json_t *store_web_approved_reports(struct store *st, struct err *err);

#endif
