/*
 * store/observation.c: SQL for observation imports and the progress
 * measure (observation.h). Statements are text with ?N parameters only;
 * the multi-row INSERT is generated once per writer, from placeholders
 * alone, so nothing from the input ever enters SQL text. Errors from the
 * driver are logged by the driver and reported as struct err.
 *
 * Why inserts go in batches: SQLite spends about 5 us setting up each
 * statement execution (cursors, a statement journal), more than the row
 * costs; 100 rows per statement roughly halve the time of a million-row
 * import (docs/data-exchange.md). Strings are bound without a copy
 * (store_bind_text_borrowed): the queued rows' strings live until the
 * flush, and copying 7 million strings cost a tenth of the insert time.
 */
#include "store/observation.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define STR_(x) #x
#define STR(x) STR_(x)

int store_observation_bulk_begin(struct store *st, struct err *err)
{
	return store_exec(
	    st,
	    "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; "
	    "PRAGMA cache_size = -" STR(STORE_OBS_BULK_CACHE_KIB),
	    err);
}

void store_observation_bulk_end(struct store *st)
{
	/* SQLite's default cache: 2000 KiB. */
	store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000",
		   NULL);
}

/* Parameters: ?1 indicator, ?2 source, ?3 its key ('' for none), then
 * seven per row. */
#define OBS_ROW_PARAMS 7

struct store_obs_writer {
	struct store *st;
	char *indicator, *source;
	struct store_stmt *batch; /* STORE_OBS_BATCH rows */
	struct store_stmt *one;	  /* one row, for the rest */
	struct store_stmt *update;
	struct store_obs queued[STORE_OBS_BATCH];
	size_t nqueued;
};

static const char insert_head[] =
    "INSERT INTO observation (indicator, source, source_key, period, "
    "period_start, period_end, value, breakdown, status, status_code) "
    "VALUES ";

/* The INSERT for n rows. Only placeholders: no input enters the text. */
static void insert_sql(struct buf *b, size_t n)
{
	buf_addstr(b, insert_head);
	for (size_t r = 0; r < n; r++) {
		size_t p = 4 + r * OBS_ROW_PARAMS;

		buf_addf(b, "%s(?1, ?2, ?3", r ? ", " : "");
		for (size_t k = 0; k < OBS_ROW_PARAMS; k++)
			buf_addf(b, ", ?%zu", p + k);
		buf_addch(b, ')');
	}
}

static int prepare_insert(struct store *st, size_t n, struct store_stmt **q,
			  struct err *err)
{
	struct buf sql = BUF_INIT;
	int rc;

	insert_sql(&sql, n);
	rc = store_prepare(st, buf_cstr(&sql), q, err);
	buf_release(&sql);
	return rc;
}

int store_obs_writer_open(struct store *st, const char *indicator,
			  const char *source, struct store_obs_writer **out,
			  struct err *err)
{
	static const char update[] =
	    "UPDATE observation SET value = ?4, status = ?5, "
	    "status_code = ?6 WHERE indicator = ?1 AND period = ?7 "
	    "AND breakdown = ?8 AND source_key = ?3";
	struct store_obs_writer *w = xcalloc(1, sizeof(*w));

	w->st = st;
	w->indicator = xstrdup(indicator);
	w->source = source ? xstrdup(source) : NULL;
	*out = NULL;
	if (prepare_insert(st, STORE_OBS_BATCH, &w->batch, err) < 0 ||
	    prepare_insert(st, 1, &w->one, err) < 0 ||
	    store_prepare(st, update, &w->update, err) < 0) {
		store_obs_writer_close(w);
		return -1;
	}
	*out = w;
	return 0;
}

static int bind_common(struct store_obs_writer *w, struct store_stmt *q,
		       struct err *err)
{
	if (store_bind_text_borrowed(q, 1, w->indicator, err) < 0 ||
	    store_bind_text_borrowed(q, 2, w->source, err) < 0 ||
	    store_bind_text_borrowed(q, 3, w->source ? w->source : "", err) < 0)
		return -1;
	return 0;
}

static int bind_row(struct store_stmt *q, int p, const struct store_obs *o,
		    struct err *err)
{
	if (store_bind_text_borrowed(q, p, o->period, err) < 0 ||
	    store_bind_text_borrowed(q, p + 1, o->period_start, err) < 0 ||
	    store_bind_text_borrowed(q, p + 2, o->period_end, err) < 0 ||
	    store_bind_double(q, p + 3, o->value, err) < 0 ||
	    store_bind_text_borrowed(q, p + 4, o->breakdown ? o->breakdown : "",
				     err) < 0 ||
	    store_bind_text_borrowed(q, p + 5, o->status, err) < 0 ||
	    store_bind_text_borrowed(q, p + 6, o->status_code, err) < 0)
		return -1;
	return 0;
}

/* Runs q for rows o[0..n), n being the rows q was prepared for. */
static int run_insert(struct store_obs_writer *w, struct store_stmt *q,
		      const struct store_obs *o, size_t n, struct err *err)
{
	int rc = -1;

	if (bind_common(w, q, err) < 0)
		goto done;
	for (size_t r = 0; r < n; r++)
		if (bind_row(q, 4 + (int)(r * OBS_ROW_PARAMS), &o[r], err) < 0)
			goto done;
	if (store_step(q, err) == STORE_DONE)
		rc = 0;
done:
	store_reset(q);
	return rc;
}

int store_obs_writer_flush(struct store_obs_writer *w, struct err *err)
{
	size_t n = w->nqueued;

	w->nqueued = 0;
	if (n == STORE_OBS_BATCH)
		return run_insert(w, w->batch, w->queued, n, err);
	for (size_t r = 0; r < n; r++)
		if (run_insert(w, w->one, &w->queued[r], 1, err) < 0)
			return -1;
	return 0;
}

int store_obs_writer_insert(struct store_obs_writer *w,
			    const struct store_obs *o, struct err *err)
{
	w->queued[w->nqueued++] = *o;
	if (w->nqueued < STORE_OBS_BATCH)
		return 0;
	return store_obs_writer_flush(w, err);
}

int store_obs_writer_update(struct store_obs_writer *w,
			    const struct store_obs *o, struct err *err)
{
	struct store_stmt *q = w->update;
	int rc = -1;

	if (bind_common(w, q, err) == 0 &&
	    store_bind_double(q, 4, o->value, err) == 0 &&
	    store_bind_text_borrowed(q, 5, o->status, err) == 0 &&
	    store_bind_text_borrowed(q, 6, o->status_code, err) == 0 &&
	    store_bind_text_borrowed(q, 7, o->period, err) == 0 &&
	    store_bind_text_borrowed(q, 8, o->breakdown ? o->breakdown : "",
				     err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_reset(q);
	return rc;
}

void store_obs_writer_close(struct store_obs_writer *w)
{
	if (!w)
		return;
	store_finalize(w->batch);
	store_finalize(w->one);
	store_finalize(w->update);
	free(w->indicator);
	free(w->source);
	free(w);
}

int store_observation_each(struct store *st, const char *indicator,
			   const char *source,
			   int (*fn)(void *arg,
				     const struct store_obs_have *have),
			   void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT period, breakdown, value, status, status_code "
	    "FROM observation WHERE indicator = ?1 "
	    "AND source_key = coalesce(?2, '') ORDER BY period, breakdown";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, indicator, err) < 0 ||
	    store_bind_text(q, 2, source, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		struct store_obs_have h = {
		    store_col_text(q, 0),     store_col_text(q, 1),
		    !store_col_is_null(q, 2), store_col_double(q, 2),
		    store_col_text(q, 3),     store_col_text(q, 4)};

		if (fn(arg, &h) < 0)
			goto done;
	}
	rc = r == STORE_DONE ? 0 : -1;
done:
	store_finalize(q);
	return rc;
}

int store_observation_touch(struct store *st, const char *indicator,
			    struct err *err)
{
	static const char sql[] =
	    "UPDATE indicator SET version = version + 1, updated_at = " NOW
	    " WHERE id = ?1";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, indicator, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

static char *dup_col(struct store_stmt *q, int i)
{
	const char *s = store_col_text(q, i);

	return s ? xstrdup(s) : NULL;
}

int store_observation_latest(struct store *st, const char *indicator,
			     size_t max, struct store_obs_rows *out,
			     struct err *err)
{
	static const char sql[] =
	    "SELECT o.period, o.value, o.status, o.status_code, o.source "
	    "FROM observation o JOIN indicator i ON i.id = o.indicator "
	    "WHERE o.indicator = ?1 AND o.breakdown = '' "
	    "AND o.status <> 'forecast' AND o.value IS NOT NULL "
	    "AND o.period_end = (SELECT max(period_end) FROM observation "
	    "WHERE indicator = ?1 AND breakdown = '' "
	    "AND status <> 'forecast' AND value IS NOT NULL) "
	    "ORDER BY o.period_start, o.status <> 'final', "
	    "o.source_key <> coalesce(i.source, ''), o.source_key LIMIT ?2";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	memset(out, 0, sizeof(*out));
	out->items = xcalloc(max ? max : 1, sizeof(*out->items));
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, indicator, err) == 0 &&
	    store_bind_int64(q, 2, (int64_t)max, err) == 0)
		while ((r = store_step(q, err)) == STORE_ROW) {
			struct store_obs_row *row = &out->items[out->n++];

			row->period = dup_col(q, 0);
			row->value = store_col_double(q, 1);
			row->status = dup_col(q, 2);
			row->status_code = dup_col(q, 3);
			row->source = dup_col(q, 4);
		}
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

void store_observation_rows_release(struct store_obs_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->items[i].period);
		free(rows->items[i].status);
		free(rows->items[i].status_code);
		free(rows->items[i].source);
	}
	free(rows->items);
	memset(rows, 0, sizeof(*rows));
}
