/*
 * store/export_queries.c: statistics for open-data metadata and the
 * workbook's date (see export_queries.h). Identifiers in the SQL come from
 * the descriptors, always quoted; the one value (a strategy id) is bound.
 */
#include "store/export_queries.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

static void copy_col(struct store_stmt *q, int i, char *out, size_t n)
{
	const char *s = store_col_text(q, i);

	snprintf(out, n, "%s", s ? s : "");
}

/* One row of text columns from SQL without parameters. */
static int query_row(struct store *st, const char *sql, char *a, size_t an,
		     char *b, size_t bn, struct err *err)
{
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_step(q, err) == STORE_ROW) {
		copy_col(q, 0, a, an);
		if (b)
			copy_col(q, 1, b, bn);
		rc = 0;
	}
	store_finalize(q);
	return rc;
}

static const struct field_desc *bounded_field(const struct field_desc *f,
					      size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].flags & FIELD_PERIOD_BOUNDS)
			return &f[i];
	return NULL;
}

/* SQL for the first and last date of e's records; "" when it has none. */
static void coverage_sql(const struct entity_desc *e, struct buf *sql)
{
	bool any = false;

	if (bounded_field(e->fields, e->nfields)) {
		buf_addf(sql, "SELECT min(period_start), max(period_end) FROM "
			      "\"%s\" WHERE deleted_at IS NULL",
			 e->table);
		return;
	}
	for (size_t i = 0; i < e->nchildren; i++) {
		const struct child_desc *c = &e->children[i];

		if (!bounded_field(c->fields, c->nfields))
			continue;
		buf_addf(sql, "SELECT min(c.period_start), max(c.period_end) "
			      "FROM \"%s\" c JOIN \"%s\" t ON t.id = c.\"%s\" "
			      "WHERE t.deleted_at IS NULL",
			 c->table, e->table, c->parent_col);
		return;
	}
	for (size_t i = 0; i < e->nfields; i++) {
		if (e->fields[i].type != FT_DATE)
			continue;
		buf_addf(sql, "%s SELECT \"%s\" AS v FROM \"%s\" WHERE "
			      "deleted_at IS NULL",
			 any ? " UNION ALL" : "SELECT min(v), max(v) FROM (",
			 e->fields[i].name, e->table);
		any = true;
	}
	if (any)
		buf_addstr(sql, ") WHERE v IS NOT NULL AND v <> ''");
}

int store_export_stats(struct store *st, const struct entity_desc *e,
		       struct export_stats *out, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	buf_addf(&sql, "SELECT (SELECT count(*) FROM \"%s\" WHERE deleted_at "
		       "IS NULL), (SELECT max(updated_at) FROM \"%s\")",
		 e->table, e->table);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0)
		goto done;
	if (store_step(q, err) != STORE_ROW)
		goto done;
	out->count = store_col_int64(q, 0);
	copy_col(q, 1, out->modified, sizeof(out->modified));
	buf_reset(&sql);
	coverage_sql(e, &sql);
	rc = sql.len ? query_row(st, buf_cstr(&sql), out->first,
				 sizeof(out->first), out->last,
				 sizeof(out->last), err)
		     : 0;
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

int store_export_strategy_modified(struct store *st, const char *id,
				   char out[32], struct err *err)
{
	static const char sql[] =
		"SELECT max(m) FROM ("
		"SELECT updated_at AS m FROM strategy WHERE id = ?1 "
		"UNION ALL SELECT max(updated_at) FROM focus_area "
		"WHERE strategy = ?1 "
		"UNION ALL SELECT max(updated_at) FROM measure "
		"WHERE strategy = ?1 "
		"UNION ALL SELECT max(r.updated_at) FROM status_report r "
		"JOIN measure x ON x.id = r.measure WHERE x.strategy = ?1)";
	struct store_stmt *q = NULL;
	int rc = -1;

	out[0] = '\0';
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, id, err) == 0 &&
	    store_step(q, err) == STORE_ROW) {
		copy_col(q, 0, out, 32);
		rc = 0;
	}
	store_finalize(q);
	return rc;
}
