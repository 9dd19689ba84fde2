/*
 * store/changes.c: SQL for the audit events behind "what changed since"
 * (see changes.h). One static statement; it reads no user or token
 * column. Events are in id order, which is the order they were written.
 */
#include "store/changes.h"

#include <stddef.h>

int store_changes_each(struct store *st, const char *since,
		       int (*fn)(const struct changes_event *ev, void *arg),
		       void *arg, struct err *err)
{
	/* The actions that write a measure or link record, and the report
	 * transitions that can make a report public or withdraw it. */
	static const char sql[] =
	    "SELECT id, at, action, entity_type, entity_id, before_json, "
	    "after_json FROM audit_event WHERE at >= ?1 AND ("
	    "(entity_type IN ('measures', 'links') AND action IN "
	    "('create', 'update', 'delete', 'measure.close')) OR "
	    "(entity_type = 'reports' AND action IN ('report.approve', "
	    "'report.return', 'report.reopen'))) ORDER BY id";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	struct changes_event ev;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, since, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		ev.id = store_col_int64(q, 0);
		ev.at = store_col_text(q, 1);
		ev.action = store_col_text(q, 2);
		ev.entity_type = store_col_text(q, 3);
		ev.entity_id = store_col_text(q, 4);
		ev.before_json = store_col_text(q, 5);
		ev.after_json = store_col_text(q, 6);
		if (fn(&ev, arg)) {
			r = STORE_DONE;
			break;
		}
	}
done:
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}
