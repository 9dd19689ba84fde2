/*
 * store/search.h: the full-text index over measures (tiltak), actors
 * (aktører) and status reports, and the queries on it. The index is an
 * FTS5 table with the Norwegian stemming tokenizer (search_tokenizer.h);
 * triggers list every changed row in search_dirty, and
 * store_search_refresh reindexes those (see migrations.c, m004).
 *
 * Queries take an FTS5 expression that service/search.c builds from
 * quoted words; nothing here parses what a person typed. Text comes back
 * with the matched words between SEARCH_MARK_OPEN and SEARCH_MARK_CLOSE,
 * two control characters the data cannot hold (value.c refuses them, and
 * the index replaces any it meets by spaces), so the page can escape the
 * text first and turn the marks into markup after.
 *
 * Ownership: returned json_t values are new references for the caller.
 * Errors: 0/-1 (or NULL) with err; SQL errors are logged here.
 */
#ifndef VEIKART_STORE_SEARCH_H
#define VEIKART_STORE_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define SEARCH_MARK_OPEN "\x01"
#define SEARCH_MARK_CLOSE "\x02"

/* What a hit is; the order in which the page shows them. */
enum search_kind {
	SEARCH_MEASURE,
	SEARCH_ACTOR,
	SEARCH_REPORT,
};
#define SEARCH_KINDS 3

/* Whether rows were written since the index was last brought up to
 * date (cheap: one indexed lookup). */
int store_search_pending(struct store *st, bool *out, struct err *err);

/*
 * Reindexes up to `batch` of the rows written since the last refresh
 * (oldest first) and forgets them: measures and actors not deleted,
 * reports in every state (the queries decide who sees which). Run it in
 * the caller's write transaction; repeat while store_search_pending.
 */
int store_search_refresh(struct store *st, int64_t batch, struct err *err);

/*
 * How many visible rows of each kind match FTS5 expression `match`:
 * counts[kind]. Deleted measures and actors, and reports of deleted
 * measures, never count; reports count only when approved, unless
 * `all_reports`.
 */
int store_search_count(struct store *st, const char *match, bool all_reports,
		       int64_t counts[SEARCH_KINDS], struct err *err);

/*
 * The best `limit` hits of `kind` for `match` (same visibility as
 * store_search_count), best first, as an array of objects:
 *   measure  id, title_nb/nn/en (whole, marked), text_nb/nn/en (a
 *            snippet of the description, marked), text_any (the id)
 *   actor    id, kind, title_nb/nn/en (the names, marked), text_any
 *            (id and organisation number)
 *   report   id, measure, period, kind, state, status, title_nb/nn/en
 *            (the measure's title, unmarked), text_any (a snippet of
 *            the report's texts, marked)
 * Members whose column is NULL or empty are left out.
 */
json_t *store_search_hits(struct store *st, const char *match,
			  enum search_kind kind, bool all_reports,
			  int64_t limit, struct err *err);

#endif
