/*
 * store/export_queries.h: the few queries the exports need beyond
 * store/entity.h: when a collection last changed and which dates it covers
 * (open-data metadata), and when a strategy's data last changed (the date
 * stamped into its workbook).
 *
 * SQL is generated from the static descriptor names only, as in
 * store/entity.c; nothing here writes. Ownership: outputs are caller-owned
 * fixed arrays.
 */
#ifndef VEIKART_STORE_EXPORT_QUERIES_H
#define VEIKART_STORE_EXPORT_QUERIES_H

#include <stdint.h>

#include "model/entity.h"
#include "store/store.h"

struct export_stats {
	int64_t count;		/* live records */
	char modified[32];	/* newest updated_at of any row; "" if none */
	/*
	 * Earliest and latest date the records speak of, as stored: a
	 * period's first and last day, or the smallest and largest value of
	 * the date fields (which may be partial: "2023", "2023-05"). "" when
	 * the collection has no dates.
	 */
	char first[11], last[11];
};

/* Counts and dates of collection e. */
int store_export_stats(struct store *st, const struct entity_desc *e,
		       struct export_stats *out, struct err *err);

/*
 * The newest updated_at among the strategy `id`, its focus areas,
 * measures and their status reports, into out ("" when none).
 */
int store_export_strategy_modified(struct store *st, const char *id,
				   char out[32], struct err *err);

#endif
