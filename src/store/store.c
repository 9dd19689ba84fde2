/*
 * store/store.c: connection and statement handles that forward to the
 * driver. Owns struct store and struct store_stmt; callers finalize what
 * they prepare and close what they open.
 */
#include "store/store.h"

#include <stdlib.h>

#include "store/driver.h"
#include "util/xalloc.h"

struct store {
	const struct store_driver *drv;
	void *conn;
	char *path;
	/* Asked on every request by the response cache, so it is prepared
	 * once per connection and kept (owned here, freed in store_close). */
	struct store_stmt *version_q;
};

struct store_stmt {
	const struct store_driver *drv;
	void *h;
};

struct store *store_open(const char *path, unsigned flags, struct err *err)
{
	const struct store_driver *drv = &store_driver_sqlite;
	struct store *st;
	void *conn = drv->open(path, flags, err);

	if (!conn)
		return NULL;
	st = xcalloc(1, sizeof(*st));
	st->drv = drv;
	st->conn = conn;
	st->path = xstrdup(path);
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	store_finalize(st->version_q);
	st->drv->close(st->conn);
	free(st->path);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_exec(struct store *st, const char *sql, struct err *err)
{
	return st->drv->exec(st->conn, sql, err);
}

/* IMMEDIATE takes the write lock at once, so a busy database fails here,
 * before any work is done, rather than halfway through. */
int store_begin(struct store *st, struct err *err)
{
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, struct err *err)
{
	if (store_exec(st, "COMMIT", err) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	/* Fails harmlessly when no transaction is open. */
	st->drv->exec(st->conn, "ROLLBACK", NULL);
}

int store_prepare(struct store *st, const char *sql, struct store_stmt **out,
		  struct err *err)
{
	void *h = st->drv->prepare(st->conn, sql, err);

	*out = NULL;
	if (!h)
		return -1;
	*out = xmalloc(sizeof(**out));
	(*out)->drv = st->drv;
	(*out)->h = h;
	return 0;
}

int store_bind_text(struct store_stmt *q, int i, const char *s,
		    struct err *err)
{
	if (!s)
		return q->drv->bind_null(q->h, i, err);
	return q->drv->bind_text(q->h, i, s, err);
}

int store_bind_text_borrowed(struct store_stmt *q, int i, const char *s,
			     struct err *err)
{
	if (!s)
		return q->drv->bind_null(q->h, i, err);
	return q->drv->bind_text_borrowed(q->h, i, s, err);
}

int store_bind_int64(struct store_stmt *q, int i, int64_t v, struct err *err)
{
	return q->drv->bind_int64(q->h, i, v, err);
}

int store_bind_double(struct store_stmt *q, int i, double v, struct err *err)
{
	return q->drv->bind_double(q->h, i, v, err);
}

int store_bind_null(struct store_stmt *q, int i, struct err *err)
{
	return q->drv->bind_null(q->h, i, err);
}

enum store_step_result store_step(struct store_stmt *q, struct err *err)
{
	return q->drv->step(q->h, err);
}

int store_reset(struct store_stmt *q)
{
	return q->drv->reset(q->h);
}

bool store_col_is_null(struct store_stmt *q, int i)
{
	return q->drv->col_type(q->h, i) == 0;
}

int store_col_type(struct store_stmt *q, int i)
{
	return q->drv->col_type(q->h, i);
}

int64_t store_col_int64(struct store_stmt *q, int i)
{
	return q->drv->col_int64(q->h, i);
}

double store_col_double(struct store_stmt *q, int i)
{
	return q->drv->col_double(q->h, i);
}

const char *store_col_text(struct store_stmt *q, int i)
{
	return q->drv->col_text(q->h, i);
}

int store_col_count(struct store_stmt *q)
{
	return q->drv->col_count(q->h);
}

void store_finalize(struct store_stmt *q)
{
	if (!q)
		return;
	q->drv->finalize(q->h);
	free(q);
}

int store_data_version(struct store *st, uint64_t *out, struct err *err)
{
	static const char sql[] =
		"SELECT value FROM meta WHERE key = 'data_version'";
	int rc = -1;

	if (!st->version_q && store_prepare(st, sql, &st->version_q, err) < 0)
		return -1;
	switch (store_step(st->version_q, err)) {
	case STORE_ROW:
		*out = (uint64_t)store_col_int64(st->version_q, 0);
		rc = 0;
		break;
	case STORE_DONE:
		*out = 0;
		rc = 0;
		break;
	default:
		break;
	}
	/* Reset at once: a statement left open would pin a read snapshot. */
	store_reset(st->version_q);
	return rc;
}

int store_bump_version(struct store *st, struct err *err)
{
	static const char sql[] =
		"UPDATE meta SET value = value + 1 WHERE key = 'data_version'";
	struct store_stmt *q = NULL;
	int rc;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	rc = store_step(q, err) == STORE_DONE ? 0 : -1;
	store_finalize(q);
	return rc;
}
