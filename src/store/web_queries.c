/*
 * store/web_queries.c: SQL for the portal (see web_queries.h). Static
 * statements, bound values; it decides nothing about what is shown.
 */
#include "store/web_queries.h"

json_t *store_web_approved_reports(struct store *st, struct err *err)
{
	/* The order must stay the one of measure_status_sql in
	 * store/entity.c, so the progress shown belongs to the status shown. */
	static const char sql[] =
		"SELECT measure, period, status, progress, approved_at "
		"FROM status_report WHERE kind = 'status' AND "
		"state = 'approved' AND deleted_at IS NULL "
		"ORDER BY measure, period_end DESC, approved_at DESC";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	json_t *out = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	out = json_array();
	while ((r = store_step(q, err)) == STORE_ROW) {
		json_t *row = json_object();
		const char *names[] = { "measure", "period", "status",
					"progress", "approved_at" };

		for (int i = 0; i < 5; i++) {
			json_t *v;

			if (store_col_is_null(q, i))
				v = json_null();
			else if (i == 3)
				v = json_integer(store_col_int64(q, i));
			else
				v = json_string(store_col_text(q, i));
			json_object_set_new(row, names[i], v);
		}
		json_array_append_new(out, row);
	}
	store_finalize(q);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
