/*
 * store/observation.h: the SQL of observation imports and of the progress
 * measure. An indicator's observations are also read and written as the
 * "observations" child of the indicator (store/entity.h); this module is
 * the fast path for many rows at once: one prepared upsert, reused.
 *
 * An observation is keyed by (indicator, period, breakdown, source_key),
 * the primary key of the WITHOUT ROWID table of migration 007, where
 * source_key is the source or '' for none. Writes run inside the
 * service's transaction.
 *
 * Ownership: strings passed in are borrowed; strings handed out (rows of
 * store_observation_latest) are owned by the caller's struct and freed with
 * store_observation_rows_release().
 */
#ifndef VEIKART_STORE_OBSERVATION_H
#define VEIKART_STORE_OBSERVATION_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/*
 * Sets the connection up for writing many observations in one transaction:
 * statement journals and temporary tables in memory (on a temporary file a
 * statement journal costs several writes a row), a larger page cache
 * (STORE_OBS_BULK_CACHE_KIB) so that pages do not spill to the WAL
 * mid-transaction, and foreign keys off. Every row of a bulk write has the
 * same indicator and source, so SQLite's check of both parents on every
 * row (a third of the insert time) repeats one answer a million times:
 * the caller checks them once, inside the transaction, instead. Call
 * before store_begin (SQLite ignores the foreign_keys pragma inside a
 * transaction); store_observation_bulk_end() turns foreign keys back on
 * and restores the default cache, and must follow on every path.
 */
int store_observation_bulk_begin(struct store *st, struct err *err);
void store_observation_bulk_end(struct store *st);

#define STORE_OBS_BULK_CACHE_KIB 65536

/* One observation to write; every string borrowed. */
struct store_obs {
	const char *period;		       /* canonical (period_format) */
	const char *period_start, *period_end; /* YYYY-MM-DD */
	double value;
	const char *breakdown;	 /* "" for the total */
	const char *status;	 /* final, preliminary, forecast */
	const char *status_code; /* NULL when none */
};

/*
 * Writes observations of one indicator from one source (NULL: none).
 * Inserts are sent in multi-row statements of STORE_OBS_BATCH rows: one
 * statement per row costs SQLite about 5 us of set-up (cursors, statement
 * journal), more than the insert itself. So the strings of an inserted
 * observation must stay valid until store_obs_writer_flush() or _close().
 */
struct store_obs_writer;

#define STORE_OBS_BATCH 100

int store_obs_writer_open(struct store *st, const char *indicator,
			  const char *source, struct store_obs_writer **out,
			  struct err *err);

/* Queues a new observation; its key must not be in the table yet (the
 * unique index refuses it at flush with ERR_CONFLICT). */
int store_obs_writer_insert(struct store_obs_writer *w,
			    const struct store_obs *o, struct err *err);

/* Sets value, status and status code of the observation with o's key
 * (period, breakdown); its note stays as it was. */
int store_obs_writer_update(struct store_obs_writer *w,
			    const struct store_obs *o, struct err *err);

/* Sends the queued inserts. */
int store_obs_writer_flush(struct store_obs_writer *w, struct err *err);

/* Frees the writer; queued inserts not flushed are dropped. NULL: no-op. */
void store_obs_writer_close(struct store_obs_writer *w);

/* An observation as stored, for store_observation_each. */
struct store_obs_have {
	const char *period, *breakdown;
	bool has_value;
	double value;
	const char *status;
	const char *status_code; /* NULL when none */
};

/*
 * Calls fn for each observation of `indicator` from `source` (NULL: none)
 * in the order of the unique key: period, then breakdown, each in byte
 * order (strcmp). The strings are valid only during the call. fn returns
 * 0 to go on, -1 to stop (then this returns -1 too).
 */
int store_observation_each(struct store *st, const char *indicator,
			   const char *source,
			   int (*fn)(void *arg,
				     const struct store_obs_have *have),
			   void *arg, struct err *err);

/* Bumps the indicator's version and updated_at after its observations
 * changed. */
int store_observation_touch(struct store *st, const char *indicator,
			    struct err *err);

/* A row for the progress measure. */
struct store_obs_row {
	char *period;
	double value;
	char *status;
	char *status_code; /* NULL when none */
	char *source;	   /* NULL when none */
};

struct store_obs_rows {
	struct store_obs_row *items;
	size_t n;
};

/*
 * The totals (breakdown "") of the indicator that are not forecasts and
 * have a value, for the latest period end, most preferred first: the
 * longest period (a year before its last quarter), final before
 * preliminary, the indicator's own source first, then by source id. At
 * most `max` rows; the caller releases them.
 */
int store_observation_latest(struct store *st, const char *indicator,
			     size_t max, struct store_obs_rows *out,
			     struct err *err);

void store_observation_rows_release(struct store_obs_rows *rows);

#endif
