/*
 * store/check.h: integrity queries for `veikart check`: rules the schema
 * cannot state (or that were switched off while the data was written).
 * Each appends one problem per offending row.
 */
#ifndef VEIKART_STORE_CHECK_H
#define VEIKART_STORE_CHECK_H

#include "store/store.h"
#include "util/problems.h"

/* Rows whose foreign keys point at nothing. */
int store_check_foreign_keys(struct store *st, struct problems *out,
			     struct err *err);
/* Measures whose focus area belongs to another strategy. */
int store_check_focus_area_strategy(struct store *st, struct problems *out,
				    struct err *err);
/* Ids in one collection that differ only in letter case. */
int store_check_case_duplicates(struct store *st, const char *table,
				const char *collection, struct problems *out,
				struct err *err);

#endif
