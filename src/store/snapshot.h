/*
 * store/snapshot.h: the SQL side of the coordination analysis. Loads
 * everything the analysis reads (analysis/snapshot.h) with one query per
 * table, never one per row, so that a database of 100 000 measures and a
 * million reports loads in seconds; and reads and writes the marks that
 * coordinators put on findings (table finding_state).
 *
 * Ownership: the caller owns the snapshot (initialised with snap_init);
 * strings in callbacks are borrowed for the call; JSON returned is the
 * caller's.
 */
#ifndef VEIKART_STORE_SNAPSHOT_H
#define VEIKART_STORE_SNAPSHOT_H

#include <jansson.h>
#include <stdint.h>

#include "analysis/snapshot.h"
#include "store/store.h"

/* Fills s (from snap_init) with the live rows and finishes it. */
int store_snapshot_load(struct store *st, struct snapshot *s, struct err *err);

/* A coordinator's mark on a finding. */
struct store_finding_mark {
	const char *finding;
	const char *state;    /* open, handled, not_relevant */
	const char *comment;  /* may be NULL */
	const char *at;	      /* ISO time */
	const char *username; /* NULL when the command line marked it */
};

/* Calls fn for every mark; fn returns 0 to go on. */
int store_finding_marks(struct store *st,
			int (*fn)(const struct store_finding_mark *m,
				  void *arg),
			void *arg, struct err *err);

/* The mark of one finding as {state, comment, at, user}, or NULL with
 * err->code ERR_NONE when it has none. */
json_t *store_finding_mark_get(struct store *st, const char *finding,
			       struct err *err);

/* Sets the mark (inside the caller's transaction). user_id 0: none. */
int store_finding_mark_put(struct store *st, const char *finding,
			   const char *state, const char *comment,
			   int64_t user_id, struct err *err);

#endif
