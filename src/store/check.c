/*
 * store/check.c: integrity queries. SQLite's foreign_key_check pragma is
 * driver-specific on purpose: a PostgreSQL driver enforces foreign keys
 * always and would report none.
 */
#include "store/check.h"

#include <stdio.h>

#include "util/buf.h"

int store_check_foreign_keys(struct store *st, struct problems *out,
			     struct err *err)
{
	static const char sql[] = "PRAGMA foreign_key_check";
	struct store_stmt *q = NULL;
	enum store_step_result r;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	/* Columns: table, rowid, referenced table, foreign key index. */
	while ((r = store_step(q, err)) == STORE_ROW) {
		char field[128];

		/* A WITHOUT ROWID table's rows have no number. */
		if (store_col_is_null(q, 1))
			snprintf(field, sizeof(field), "%s",
				 store_col_text(q, 0));
		else
			snprintf(field, sizeof(field), "%s (row %lld)",
				 store_col_text(q, 0),
				 (long long)store_col_int64(q, 1));
		problems_add(out, field, "refers to a %s that does not exist",
			     store_col_text(q, 2));
	}
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

int store_check_focus_area_strategy(struct store *st, struct problems *out,
				    struct err *err)
{
	static const char sql[] =
		"SELECT m.id, m.focus_area, f.strategy, m.strategy "
		"FROM measure m JOIN focus_area f ON f.id = m.focus_area "
		"WHERE f.strategy <> m.strategy AND m.deleted_at IS NULL "
		"ORDER BY m.id";
	struct store_stmt *q = NULL;
	enum store_step_result r;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	while ((r = store_step(q, err)) == STORE_ROW) {
		char field[128];

		snprintf(field, sizeof(field), "measures/%s.focus_area",
			 store_col_text(q, 0));
		problems_add(out, field,
			     "focus area %s belongs to strategy %s, but the "
			     "measure belongs to %s; move one of them",
			     store_col_text(q, 1), store_col_text(q, 2),
			     store_col_text(q, 3));
	}
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

int store_check_case_duplicates(struct store *st, const char *table,
				const char *collection, struct problems *out,
				struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	/* `table` comes from the static descriptors, never from input. */
	buf_addf(&sql, "SELECT a.id, b.id FROM \"%s\" a JOIN \"%s\" b ON "
		       "lower(a.id) = lower(b.id) AND a.id < b.id "
		       "ORDER BY a.id", table, table);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		char field[128];

		snprintf(field, sizeof(field), "%s/%s", collection,
			 store_col_text(q, 1));
		problems_add(out, field,
			     "differs from %s only in letter case; ids must "
			     "be told apart in URLs, rename one",
			     store_col_text(q, 0));
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return r == STORE_DONE ? 0 : -1;
}
