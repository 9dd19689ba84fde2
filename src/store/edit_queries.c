/*
 * store/edit_queries.c: SQL for the edit pages (see edit_queries.h). The
 * table name comes from the descriptor table in model/entity.c, never
 * from input; values are bound. It decides nothing about access.
 */
#include "store/edit_queries.h"

#include "util/buf.h"

json_t *store_edit_updated(struct store *st, const struct entity_desc *e,
			   struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	json_t *out = NULL;

	buf_addf(&sql,
		 "SELECT id, updated_at FROM \"%s\" WHERE deleted_at "
		 "IS NULL",
		 e->table);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0)
		goto done;
	out = json_object();
	while ((r = store_step(q, err)) == STORE_ROW) {
		const char *id = store_col_text(q, 0);
		const char *at = store_col_text(q, 1);

		if (id)
			json_object_set_new(out, id,
					    at ? json_string(at) : json_null());
	}
	if (r != STORE_DONE) {
		json_decref(out);
		out = NULL;
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return out;
}
