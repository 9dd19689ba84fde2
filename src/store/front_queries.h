/*
 * store/front_queries.h: the SQL behind the front page, as aggregates so
 * that the page never reads every measure and report in full: per
 * strategy, its measures counted by computed status and how many
 * reported in a period; which strategy each measure linked to an
 * indicator belongs to; and the newest approved status reports. Approved
 * reports only: everything here is public.
 *
 * Ownership: returned json_t values are new references for the caller;
 * NULL means failure with err set (and the database error logged).
 */
#ifndef VEIKART_STORE_FRONT_QUERIES_H
#define VEIKART_STORE_FRONT_QUERIES_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/*
 * One row per strategy and computed status of its live measures:
 * [{strategy, status, measures, unconfirmed, counted, reported}]. status
 * is the one the API computes for a measure (its newest approved status
 * report's, else "not_reported"); unconfirmed counts certainty other than
 * "confirmed"; reported counts measures with an approved status report
 * for `period` (canonical text, e.g. "2025-T2", ending on `period_end`,
 * YYYY-MM-DD), counted those that are active or reported.
 */
json_t *store_front_strategy_rows(struct store *st, const char *period,
				  const char *period_end, struct err *err);

/* {measure id: strategy id} for the live measures linked to any
 * indicator. */
json_t *store_front_indicator_measures(struct store *st, struct err *err);

/*
 * The `limit` newest approved status reports of live measures, newest
 * approval first: [{id, measure, period, status, progress, actor,
 * approved_at, title_nb, title_nn, title_en, lead}], title_* the
 * measure's, lead its first lead actor by id (null where empty).
 */
json_t *store_front_recent_reports(struct store *st, int64_t limit,
				   struct err *err);

#endif
