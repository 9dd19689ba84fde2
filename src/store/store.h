/*
 * store/store.h: the only door to the database. Everything that speaks SQL
 * lives under store/. A struct store is one connection; it is not shared
 * between threads (each server thread opens its own).
 *
 * Statements are prepared from static SQL text with ?N placeholders and
 * bound; input never enters SQL text. The driver behind a store is chosen at
 * open time (SQLite now; the interface is what a PostgreSQL driver fills).
 *
 * Errors: functions return 0/-1 and fill struct err. Raw database messages
 * are logged here and never shown; the user gets a message that says what
 * to do. A busy/locked database is ERR_BUSY (CLI exit 3).
 */
#ifndef VEIKART_STORE_STORE_H
#define VEIKART_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct store_stmt;

enum store_step_result { STORE_ERROR = -1, STORE_ROW = 1, STORE_DONE = 0 };

#define STORE_OPEN_CREATE 0x1u	/* create the file if it does not exist */
#define STORE_OPEN_READONLY 0x2u

/* Opens (and with STORE_OPEN_CREATE creates) a database; NULL on error. */
struct store *store_open(const char *path, unsigned flags, struct err *err);
void store_close(struct store *st);

/* Transactions; the service layer owns them. begin takes the write lock. */
int store_begin(struct store *st, struct err *err);
int store_commit(struct store *st, struct err *err);
void store_rollback(struct store *st);

int store_prepare(struct store *st, const char *sql, struct store_stmt **out,
		  struct err *err);
int store_bind_text(struct store_stmt *q, int i, const char *s,
		    struct err *err);
/*
 * As store_bind_text, without a copy: s must stay valid and unchanged until
 * the statement is reset, rebound or finalized. For bulk writes, where the
 * copy of every string is a measurable share of the time.
 */
int store_bind_text_borrowed(struct store_stmt *q, int i, const char *s,
			     struct err *err);
int store_bind_int64(struct store_stmt *q, int i, int64_t v, struct err *err);
int store_bind_double(struct store_stmt *q, int i, double v, struct err *err);
int store_bind_null(struct store_stmt *q, int i, struct err *err);
enum store_step_result store_step(struct store_stmt *q, struct err *err);
int store_reset(struct store_stmt *q);
bool store_col_is_null(struct store_stmt *q, int i);
int64_t store_col_int64(struct store_stmt *q, int i);
double store_col_double(struct store_stmt *q, int i);
/* Borrowed; valid until the next step/reset/finalize. NULL for SQL NULL. */
const char *store_col_text(struct store_stmt *q, int i);
int store_col_count(struct store_stmt *q);
/* 0 = NULL, 1 = integer, 2 = real, 3 = text, 4 = blob */
int store_col_type(struct store_stmt *q, int i);
void store_finalize(struct store_stmt *q);	/* NULL is a no-op */

/* Runs SQL with no parameters and no rows (DDL, pragmas). */
int store_exec(struct store *st, const char *sql, struct err *err);

/* The counter every write bumps; the response cache keys on it. */
int store_data_version(struct store *st, uint64_t *out, struct err *err);
int store_bump_version(struct store *st, struct err *err);

/* The path the store was opened with (borrowed). */
const char *store_path(const struct store *st);

#endif
