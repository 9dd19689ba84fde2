/*
 * store/front_queries.c: SQL for the front page (see front_queries.h).
 * Static statements, bound values; it counts, it does not decide what is
 * shown.
 *
 * A measure's computed status is written here as in measure_status_sql
 * (store/entity.c): the newest approved status report by period end, then
 * approval time. The two must stay the same, or the front page would
 * count other statuses than the measure pages show (tests/test_web.c
 * compares them).
 */
#include "store/front_queries.h"

/* store_col_type's code for an integer column. */
#define COL_INTEGER 1

/* The current row as an object: integers as integers, the rest as
 * strings, NULL as null. */
static json_t *row_object(struct store_stmt *q, const char *const *names, int n)
{
	json_t *row = json_object();

	for (int i = 0; i < n; i++) {
		json_t *v;

		if (store_col_is_null(q, i))
			v = json_null();
		else if (store_col_type(q, i) == COL_INTEGER)
			v = json_integer(store_col_int64(q, i));
		else
			v = json_string(store_col_text(q, i));
		json_object_set_new(row, names[i], v);
	}
	return row;
}

/* Runs a prepared statement to the end, one object per row in an array
 * (as_map: an object from column 0 to column 1 instead). Finalizes q. */
static json_t *collect(struct store_stmt *q, const char *const *names, int n,
		       bool as_map, struct err *err)
{
	enum store_step_result r;
	json_t *out = as_map ? json_object() : json_array();

	while ((r = store_step(q, err)) == STORE_ROW) {
		if (as_map)
			json_object_set_new(out, store_col_text(q, 0),
					    json_string(store_col_text(q, 1)));
		else
			json_array_append_new(out, row_object(q, names, n));
	}
	store_finalize(q);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *store_front_strategy_rows(struct store *st, const char *period,
				  const char *period_end, struct err *err)
{
	/* Both lookups go through status_report(measure, period_end);
	 * period then tells a tertial from a year ending the same day. */
	static const char sql[] =
	    "SELECT strategy, status, count(*), "
	    "coalesce(sum(certainty <> 'confirmed'), 0), "
	    "coalesce(sum(state = 'active' OR reported), 0), "
	    "coalesce(sum(reported), 0) FROM (SELECT t.strategy AS "
	    "strategy, t.certainty AS certainty, t.state AS state, "
	    "coalesce((SELECT r.status FROM status_report r WHERE "
	    "r.measure = t.id AND r.kind = 'status' AND r.state = "
	    "'approved' AND r.deleted_at IS NULL ORDER BY r.period_end "
	    "DESC, r.approved_at DESC LIMIT 1), 'not_reported') AS status, "
	    "EXISTS (SELECT 1 FROM status_report r WHERE r.measure = t.id "
	    "AND r.period_end = ?2 AND r.period = ?1 AND r.kind = 'status' "
	    "AND r.state = 'approved' AND r.deleted_at IS NULL) AS reported "
	    "FROM measure t WHERE t.deleted_at IS NULL) "
	    "GROUP BY strategy, status";
	static const char *const names[] = {
	    "strategy",	   "status",  "measures",
	    "unconfirmed", "counted", "reported",
	};
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	if (store_bind_text(q, 1, period, err) < 0 ||
	    store_bind_text(q, 2, period_end, err) < 0) {
		store_finalize(q);
		return NULL;
	}
	return collect(q, names, 6, false, err);
}

json_t *store_front_indicator_measures(struct store *st, struct err *err)
{
	static const char sql[] =
	    "SELECT m.id, m.strategy FROM measure m WHERE "
	    "m.deleted_at IS NULL AND m.id IN "
	    "(SELECT measure FROM indicator_measure)";
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	return collect(q, NULL, 2, true, err);
}

json_t *store_front_recent_reports(struct store *st, int64_t limit,
				   struct err *err)
{
	/* The inner query walks status_report_approved (migration 5)
	 * newest first and keeps `limit`; only those few get their
	 * measure's titles and lead. */
	static const char sql[] =
	    "SELECT x.id, x.measure, x.period, x.status, x.progress, "
	    "x.actor, x.approved_at, m.title_nb, m.title_nn, m.title_en, "
	    "(SELECT min(ma.actor) FROM measure_actor ma WHERE "
	    "ma.measure = x.measure AND ma.role = 'lead') FROM "
	    "(SELECT r.id, r.measure, r.period, r.period_end, r.status, "
	    "r.progress, r.actor, r.approved_at FROM status_report r "
	    "WHERE r.kind = 'status' AND r.state = 'approved' AND "
	    "r.deleted_at IS NULL AND r.approved_at IS NOT NULL AND "
	    "r.measure IN (SELECT id FROM measure WHERE deleted_at IS NULL) "
	    "ORDER BY r.approved_at DESC, r.period_end DESC, r.id DESC "
	    "LIMIT ?1) x JOIN measure m ON m.id = x.measure "
	    "ORDER BY x.approved_at DESC, x.period_end DESC, x.id DESC";
	static const char *const names[] = {
	    "id",	"measure",  "period",	   "status",
	    "progress", "actor",    "approved_at", "title_nb",
	    "title_nn", "title_en", "lead",
	};
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	if (store_bind_int64(q, 1, limit, err) < 0) {
		store_finalize(q);
		return NULL;
	}
	return collect(q, names, 11, false, err);
}
