/*
 * store/sqlite.c: the SQLite driver. WAL mode (readers never block the
 * writer), foreign keys on, synchronous=FULL so that a commit that returned
 * survives kill -9 and power loss alike, and a busy timeout so short write
 * bursts queue instead of failing. Raw SQLite messages go to the log only.
 */
#include <sqlite3.h>

#include "store/driver.h"
#include "store/search_tokenizer.h"
#include "util/i18n.h"
#include "util/log.h"

/* Maps an SQLite result code to an error a person can act on. */
static int sqlite_fail(sqlite3 *db, int rc, const char *what,
		       struct err *err)
{
	int base = rc & 0xff;

	log_error("store=sqlite op=%s rc=%d msg=\"%s\"", what, rc,
		  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return err_set(err, ERR_BUSY,
			       _("the database is locked by another process; "
				 "try again, or stop the other writer"));
	if (base == SQLITE_CONSTRAINT)
		return err_set(err, ERR_CONFLICT,
			       _("the change breaks a rule of the data model "
				 "(a duplicate, or a reference to something "
				 "missing); nothing was written"));
	if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT)
		return err_set(err, ERR_IO,
			       _("the file is not a veikart database, or it is "
				 "damaged"));
	if (base == SQLITE_CANTOPEN || base == SQLITE_READONLY ||
	    base == SQLITE_IOERR || base == SQLITE_FULL ||
	    base == SQLITE_PERM)
		return err_set(err, ERR_IO,
			       _("cannot read or write the database file (%s)"),
			       sqlite3_errstr(rc));
	return err_set(err, ERR_DB, _("database error; see the server log"));
}

static void *sqlite_open(const char *path, unsigned flags, struct err *err)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	sqlite3 *db = NULL;
	int rc;

	oflags |= (flags & STORE_OPEN_READONLY) ? SQLITE_OPEN_READONLY
						: SQLITE_OPEN_READWRITE;
	if (flags & STORE_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db, oflags, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(db, rc, "open", err);
		err_prefix(err, _("cannot open database %s"), path);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	/* The search index's tokenizer lives per connection (#5). */
	if (search_tokenizer_register(db, err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	rc = sqlite3_exec(db,
			  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA synchronous=FULL;",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK && !(flags & STORE_OPEN_READONLY)) {
		sqlite_fail(db, rc, "pragma", err);
		err_prefix(err, _("cannot open database %s"), path);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void sqlite_close(void *conn)
{
	sqlite3_close_v2(conn);
}

static int sqlite_exec(void *conn, const char *sql, struct err *err)
{
	int rc = sqlite3_exec(conn, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return sqlite_fail(conn, rc, "exec", err);
	return 0;
}

static void *sqlite_prepare(void *conn, const char *sql, struct err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(conn, sql, -1, &s, NULL);

	if (rc != SQLITE_OK) {
		sqlite_fail(conn, rc, "prepare", err);
		return NULL;
	}
	return s;
}

static int bind_result(sqlite3_stmt *s, int rc, struct err *err)
{
	if (rc != SQLITE_OK)
		return sqlite_fail(sqlite3_db_handle(s), rc, "bind", err);
	return 0;
}

static int sqlite_bind_text(void *stmt, int i, const char *v, struct err *err)
{
	return bind_result(stmt, sqlite3_bind_text(stmt, i, v, -1,
						   SQLITE_TRANSIENT), err);
}

/* SQLITE_STATIC: SQLite reads the caller's bytes at step time instead of
 * copying them at bind time (store_bind_text_borrowed). */
static int sqlite_bind_text_borrowed(void *stmt, int i, const char *v,
				     struct err *err)
{
	return bind_result(stmt, sqlite3_bind_text(stmt, i, v, -1,
						   SQLITE_STATIC), err);
}

static int sqlite_bind_int64(void *stmt, int i, int64_t v, struct err *err)
{
	return bind_result(stmt, sqlite3_bind_int64(stmt, i, v), err);
}

static int sqlite_bind_double(void *stmt, int i, double v, struct err *err)
{
	return bind_result(stmt, sqlite3_bind_double(stmt, i, v), err);
}

static int sqlite_bind_null(void *stmt, int i, struct err *err)
{
	return bind_result(stmt, sqlite3_bind_null(stmt, i), err);
}

static enum store_step_result sqlite_step(void *stmt, struct err *err)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	sqlite_fail(sqlite3_db_handle(stmt), rc, "step", err);
	return STORE_ERROR;
}

static int sqlite_reset(void *stmt)
{
	sqlite3_clear_bindings(stmt);
	return sqlite3_reset(stmt) == SQLITE_OK ? 0 : -1;
}

static int sqlite_col_type(void *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		return 1;
	case SQLITE_FLOAT:
		return 2;
	case SQLITE_TEXT:
		return 3;
	case SQLITE_BLOB:
		return 4;
	default:
		return 0;
	}
}

static int64_t sqlite_col_int64(void *stmt, int i)
{
	return sqlite3_column_int64(stmt, i);
}

static double sqlite_col_double(void *stmt, int i)
{
	return sqlite3_column_double(stmt, i);
}

static const char *sqlite_col_text(void *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

static int sqlite_col_count(void *stmt)
{
	return sqlite3_column_count(stmt);
}

static void sqlite_finalize(void *stmt)
{
	sqlite3_finalize(stmt);
}

const struct store_driver store_driver_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.bind_text = sqlite_bind_text,
	.bind_text_borrowed = sqlite_bind_text_borrowed,
	.bind_int64 = sqlite_bind_int64,
	.bind_double = sqlite_bind_double,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.reset = sqlite_reset,
	.col_type = sqlite_col_type,
	.col_int64 = sqlite_col_int64,
	.col_double = sqlite_col_double,
	.col_text = sqlite_col_text,
	.col_count = sqlite_col_count,
	.finalize = sqlite_finalize,
};
