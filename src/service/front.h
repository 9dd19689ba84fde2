/*
 * service/front.h: what the front page asks beyond service/portal.h, as
 * aggregates in the store so the page costs the same few queries however
 * many measures and reports there are: per strategy, its measures by
 * status and how many reported in the period the status reflects; which
 * strategy the measures linked to indicators belong to; and the newest
 * approved status reports. Everything here is public data: approved
 * reports only.
 *
 * Ownership: returned json_t values are new references for the caller;
 * arguments are borrowed. NULL means failure with err set.
 */
#ifndef VEIKART_SERVICE_FRONT_H
#define VEIKART_SERVICE_FRONT_H

#include <jansson.h>
#include <stdint.h>

#include "model/period.h"
#include "store/store.h"

/* How many of the newest approved reports the front page may ask for. */
#define SERVICE_FRONT_RECENT_MAX 50

/*
 * Per strategy with live measures, {strategy id: {"measures": N,
 * "unconfirmed": U, "statuses": {status: n}, "counted": C, "reported":
 * K}}: N measures, U of them with a certainty other than "confirmed",
 * counted by the status the API computes for them (the newest approved
 * status report's, else "not_reported"). Reporting in period p: a measure
 * counts (C) when it is active, and so owes a status report for the
 * period, or when it has an approved status report for p all the same
 * (it was completed, merged or cancelled after reporting); it is reported
 * (K) when it has an approved status report for p.
 */
json_t *service_front_strategies(struct store *st, const struct period *p,
				 struct err *err);

/* {measure id: {"strategy": id}} for the measures linked to any
 * indicator: enough to group indicators by strategy
 * (web/indicator_groups.h) without reading every measure. */
json_t *service_front_indicator_measures(struct store *st, struct err *err);

/*
 * The `limit` (1..SERVICE_FRONT_RECENT_MAX) newest approved status
 * reports, newest approval first: [{id, measure, period, status,
 * progress, actor, approved_at, title_nb, title_nn, title_en, lead}],
 * with the measure's titles and its first lead actor. ERR_INVALID for a
 * limit out of range.
 */
json_t *service_front_recent_reports(struct store *st, int64_t limit,
				     struct err *err);

#endif
