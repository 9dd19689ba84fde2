/*
 * store/report.c: all SQL of the reporting workflow (see report.h). Every
 * statement is static text with ?N placeholders, or, for the report's own
 * columns, text built from the static `reports` descriptor; every value is
 * bound. Rows come back as jansson objects made by one helper from a
 * column list, so each query says once what its columns are called.
 *
 * It must not decide anything: who may do what, which transitions are
 * allowed and what is late is the service layer's business.
 */
#include "store/report.h"

#include <stdio.h>
#include <string.h>

#include "model/entity.h"
#include "store/entity.h"
#include "util/buf.h"
#include "util/i18n.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define NOW_MS "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

enum col_type { COL_TEXT, COL_INT, COL_JSON };

struct col {
	const char *name;
	enum col_type type;
};

/* A bound argument: text (NULL binds SQL NULL) or, with is_int, a number. */
struct arg {
	const char *text;
	int64_t num;
	bool is_int;
};

#define TEXT(s) { (s), 0, false }
#define INT(n) { NULL, (n), true }
#define N(a) (sizeof(a) / sizeof((a)[0]))

static int bind_args(struct store_stmt *q, const struct arg *args, size_t n,
		     struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		int rc;

		if (args[i].is_int)
			rc = store_bind_int64(q, (int)i + 1, args[i].num, err);
		else if (args[i].text)
			rc = store_bind_text(q, (int)i + 1, args[i].text, err);
		else
			rc = store_bind_null(q, (int)i + 1, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static json_t *col_json(struct store_stmt *q, int i, enum col_type type)
{
	json_t *v;

	if (store_col_is_null(q, i))
		return json_null();
	switch (type) {
	case COL_INT:
		return json_integer(store_col_int64(q, i));
	case COL_JSON:
		v = json_loads(store_col_text(q, i), JSON_DECODE_ANY, NULL);
		return v ? v : json_null();
	default:
		return json_string(store_col_text(q, i));
	}
}

static json_t *row_object(struct store_stmt *q, const struct col *cols,
			  size_t ncols)
{
	json_t *o = json_object();

	for (size_t i = 0; i < ncols; i++)
		json_object_set_new(o, cols[i].name,
				    col_json(q, (int)i, cols[i].type));
	return o;
}

/* Runs a query and returns its rows as an array of objects, or NULL. */
static json_t *select_rows(struct store *st, const char *sql,
			   const struct arg *args, size_t nargs,
			   const struct col *cols, size_t ncols,
			   struct err *err)
{
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	json_t *out = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	if (bind_args(q, args, nargs, err) < 0)
		goto done;
	out = json_array();
	while ((r = store_step(q, err)) == STORE_ROW)
		json_array_append_new(out, row_object(q, cols, ncols));
done:
	store_finalize(q);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The first row of a query, or NULL with ERR_NOT_FOUND naming `what`. */
static json_t *select_one(struct store *st, const char *sql,
			  const struct arg *args, size_t nargs,
			  const struct col *cols, size_t ncols,
			  const char *what, const char *id, struct err *err)
{
	json_t *rows = select_rows(st, sql, args, nargs, cols, ncols, err);
	json_t *row;

	if (!rows)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!row)
		err_set(err, ERR_NOT_FOUND, _("no %s has the id %s"), what, id);
	return row;
}

/* Runs a statement that returns no rows. */
static int exec_args(struct store *st, const char *sql, const struct arg *args,
		     size_t nargs, struct err *err)
{
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (bind_args(q, args, nargs, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

/* One integer (or text copied into `text`) from the first row. */
static int select_scalar(struct store *st, const char *sql,
			 const struct arg *args, size_t nargs, int64_t *num,
			 char *text, size_t text_size, bool *found,
			 struct err *err)
{
	struct store_stmt *q = NULL;
	int rc = -1;

	*found = false;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (bind_args(q, args, nargs, err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		*found = !store_col_is_null(q, 0);
		if (num)
			*num = store_col_int64(q, 0);
		if (text)
			snprintf(text, text_size, "%s",
				 *found ? store_col_text(q, 0) : "");
		rc = 0;
		break;
	case STORE_DONE:
		rc = 0;
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	return rc;
}

/* Periods. */

static const struct col period_cols[] = {
	{ "id", COL_TEXT },	   { "state", COL_TEXT },
	{ "due", COL_TEXT },	   { "opened_at", COL_TEXT },
	{ "closed_at", COL_TEXT },
};
#define PERIOD_SELECT \
	"SELECT id, state, due, opened_at, closed_at FROM reporting_period "

int store_period_insert(struct store *st, const char *id, const char *due,
			struct err *err)
{
	static const char sql[] =
		"INSERT INTO reporting_period (id, state, due, opened_at) "
		"VALUES (?1, 'open', ?2, " NOW ")";
	const struct arg args[] = { TEXT(id), TEXT(due) };
	struct err lookup = ERR_INIT;
	json_t *old = store_period_get(st, id, &lookup);

	if (old) {
		json_decref(old);
		return err_set(err, ERR_CONFLICT,
			       _("period %s has already been opened"), id);
	}
	if (lookup.code != ERR_NOT_FOUND) {
		if (err)
			*err = lookup;
		return -1;
	}
	return exec_args(st, sql, args, N(args), err);
}

json_t *store_period_get(struct store *st, const char *id, struct err *err)
{
	static const char sql[] = PERIOD_SELECT "WHERE id = ?1";
	const struct arg args[] = { TEXT(id) };

	return select_one(st, sql, args, N(args), period_cols, N(period_cols),
			  "reporting period", id, err);
}

json_t *store_period_list(struct store *st, struct err *err)
{
	static const char sql[] = PERIOD_SELECT "ORDER BY id";

	return select_rows(st, sql, NULL, 0, period_cols, N(period_cols),
			   err);
}

int store_period_close(struct store *st, const char *id, struct err *err)
{
	static const char sql[] =
		"UPDATE reporting_period SET state = 'closed', closed_at = "
		NOW " WHERE id = ?1";
	const struct arg args[] = { TEXT(id) };

	return exec_args(st, sql, args, N(args), err);
}

/* Measures. */

int store_report_measure(struct store *st, const char *id,
			 struct report_measure *out, struct err *err)
{
	static const char sql[] =
		"SELECT m.state, (SELECT min(ma.actor) FROM measure_actor ma "
		"WHERE ma.measure = m.id AND ma.role = 'lead') FROM measure m "
		"WHERE m.id = ?1 AND m.deleted_at IS NULL";
	const struct arg args[] = { TEXT(id) };
	struct store_stmt *q = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (bind_args(q, args, N(args), err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		snprintf(out->state, sizeof(out->state), "%s",
			 store_col_text(q, 0));
		if (!store_col_is_null(q, 1))
			snprintf(out->lead, sizeof(out->lead), "%s",
				 store_col_text(q, 1));
		rc = 0;
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("no measure has the id %s"), id);
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	return rc;
}

int store_measure_set_state(struct store *st, const char *id,
			    const char *state, const char *merged_into,
			    struct err *err)
{
	static const char sql[] =
		"UPDATE measure SET state = ?2, merged_into = ?3, "
		"version = version + 1, updated_at = " NOW
		" WHERE id = ?1 AND deleted_at IS NULL";
	const struct arg args[] = { TEXT(id), TEXT(state), TEXT(merged_into) };

	return exec_args(st, sql, args, N(args), err);
}

int store_report_count_active(struct store *st, int64_t *out,
			      struct err *err)
{
	static const char sql[] =
		"SELECT count(*) FROM measure WHERE deleted_at IS NULL AND "
		"state = 'active'";
	bool found;

	return select_scalar(st, sql, NULL, 0, out, NULL, 0, &found, err);
}

/* Reports. */

/* SELECT of every descriptor field and the bookkeeping columns. */
static void report_select(struct buf *sql, const struct entity_desc *e)
{
	buf_addstr(sql, "SELECT ");
	for (size_t i = 0; i < e->nfields; i++)
		buf_addf(sql, "t.\"%s\", ", e->fields[i].name);
	buf_addstr(sql, "t.version, t.created_at, t.updated_at FROM "
			"status_report t ");
}

static enum col_type field_col_type(const struct field_desc *f)
{
	if (f->type == FT_INT)
		return COL_INT;
	if (f->type == FT_JSON || f->type == FT_REFLIST)
		return COL_JSON;
	return COL_TEXT;
}

static json_t *report_row(struct store_stmt *q, const struct entity_desc *e)
{
	json_t *o = json_object();
	size_t n = e->nfields;

	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, e->fields[i].name,
				    col_json(q, (int)i,
					     field_col_type(&e->fields[i])));
	json_object_set_new(o, "version", col_json(q, (int)n, COL_INT));
	json_object_set_new(o, "created_at", col_json(q, (int)n + 1, COL_TEXT));
	json_object_set_new(o, "updated_at", col_json(q, (int)n + 2, COL_TEXT));
	return o;
}

/* Reports matching `where` (static text with ?1, ?2 ...) as an array. */
static json_t *report_rows(struct store *st, const char *where,
			   const struct arg *args, size_t nargs,
			   struct err *err)
{
	const struct entity_desc *e = entity_find("reports");
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	json_t *out = NULL;

	report_select(&sql, e);
	buf_addstr(&sql, where);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    bind_args(q, args, nargs, err) < 0)
		goto done;
	out = json_array();
	while ((r = store_step(q, err)) == STORE_ROW)
		json_array_append_new(out, report_row(q, e));
done:
	store_finalize(q);
	buf_release(&sql);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *store_report_get(struct store *st, const char *id, struct err *err)
{
	const struct arg args[] = { TEXT(id) };
	json_t *rows = report_rows(
		st, "WHERE t.id = ?1 AND t.deleted_at IS NULL", args, N(args),
		err);
	json_t *row;

	if (!rows)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!row)
		err_set(err, ERR_NOT_FOUND, _("no status report has the id %s"),
			id);
	return row;
}

int store_report_put(struct store *st, json_t *rec, struct err *err)
{
	return store_entity_put(st, entity_find("reports"), rec, NULL, err);
}

int store_report_find(struct store *st, const char *measure,
		      const char *period, const char *kind, const char *actor,
		      char *id, bool *found, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM status_report WHERE measure = ?1 AND "
		"period = ?2 AND kind = ?3 AND (?4 IS NULL OR actor = ?4) AND "
		"deleted_at IS NULL ORDER BY id LIMIT 1";
	const struct arg args[] = { TEXT(measure), TEXT(period), TEXT(kind),
				    TEXT(actor) };

	return select_scalar(st, sql, args, N(args), NULL, id, STORE_ID_SIZE,
			     found, err);
}

int store_report_id_taken(struct store *st, const char *id, bool *taken,
			  struct err *err)
{
	static const char sql[] = "SELECT 1 FROM status_report WHERE id = ?1";
	const struct arg args[] = { TEXT(id) };
	int64_t one;

	return select_scalar(st, sql, args, N(args), &one, NULL, 0, taken,
			     err);
}

int store_report_previous_progress(struct store *st, const char *measure,
				   const char *before, int64_t *progress,
				   bool *found, struct err *err)
{
	static const char sql[] =
		"SELECT progress FROM status_report WHERE measure = ?1 AND "
		"kind = 'status' AND state = 'approved' AND deleted_at IS NULL "
		"AND progress IS NOT NULL AND period_end < ?2 ORDER BY "
		"period_end DESC, approved_at DESC LIMIT 1";
	const struct arg args[] = { TEXT(measure), TEXT(before) };

	return select_scalar(st, sql, args, N(args), progress, NULL, 0, found,
			     err);
}

json_t *store_report_list_measure(struct store *st, const char *measure,
				  bool approved_only, struct err *err)
{
	const struct arg args[] = { TEXT(measure), INT(approved_only) };

	return report_rows(
	    st,
	    "WHERE t.measure = ?1 AND t.deleted_at IS NULL AND "
	    "(?2 = 0 OR t.state = 'approved') ORDER BY "
	    "t.period_end DESC, t.period_start DESC, CASE t.kind "
	    "WHEN 'status' THEN 0 ELSE 1 END, t.actor, t.id",
	    args, N(args), err);
}

/* Versions. */

int store_report_version_add(struct store *st, const char *report,
			     int64_t user_id, const char *state,
			     const char *snapshot, int64_t *revision,
			     struct err *err)
{
	static const char sql[] =
		"INSERT INTO status_report_version (report, revision, at, "
		"user_id, state, snapshot) SELECT ?1, coalesce(max(revision), "
		"0) + 1, " NOW_MS ", ?2, ?3, ?4 FROM status_report_version "
		"WHERE report = ?1 RETURNING revision";
	struct arg args[] = { TEXT(report), INT(user_id), TEXT(state),
			      TEXT(snapshot) };
	bool found;

	if (user_id == 0)
		args[1] = (struct arg)TEXT(NULL);
	if (select_scalar(st, sql, args, N(args), revision, NULL, 0, &found,
			  err) < 0)
		return -1;
	if (!found)
		return err_set(err, ERR_INTERNAL, "no revision returned");
	return 0;
}

json_t *store_report_versions(struct store *st, const char *report,
			      bool approved_only, struct err *err)
{
	static const char sql[] =
		"SELECT v.revision, v.at, u.username, v.state, v.snapshot "
		"FROM status_report_version v LEFT JOIN app_user u ON "
		"u.id = v.user_id WHERE v.report = ?1 AND (?2 = 0 OR "
		"v.state = 'approved') ORDER BY v.revision";
	static const struct col cols[] = {
		{ "revision", COL_INT }, { "at", COL_TEXT },
		{ "user", COL_TEXT },	 { "state", COL_TEXT },
		{ "report", COL_JSON },
	};
	const struct arg args[] = { TEXT(report), INT(approved_only) };

	return select_rows(st, sql, args, N(args), cols, N(cols), err);
}

/* Closures. */

static const struct col closure_cols[] = {
	{ "id", COL_INT },
	{ "measure", COL_TEXT },
	{ "outcome", COL_TEXT },
	{ "merged_into", COL_TEXT },
	{ "reason", COL_TEXT },
	{ "state", COL_TEXT },
	{ "proposed_by", COL_TEXT },
	{ "proposed_at", COL_TEXT },
	{ "decided_by", COL_TEXT },
	{ "decided_at", COL_TEXT },
	{ "decision_comment", COL_TEXT },
};
#define CLOSURE_SELECT \
	"SELECT c.id, c.measure, c.outcome, c.merged_into, c.reason, " \
	"c.state, p.username, c.proposed_at, d.username, c.decided_at, " \
	"c.decision_comment FROM measure_closure c LEFT JOIN app_user p ON " \
	"p.id = c.proposed_by LEFT JOIN app_user d ON d.id = c.decided_by "

int store_closure_insert(struct store *st, const struct closure_row *c,
			 int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO measure_closure (measure, outcome, merged_into, "
		"reason, proposed_by, proposed_at, state) VALUES (?1, ?2, ?3, "
		"?4, ?5, " NOW ", 'proposed') RETURNING id";
	struct arg args[] = { TEXT(c->measure), TEXT(c->outcome),
			      TEXT(c->merged_into), TEXT(c->reason),
			      INT(c->proposed_by) };
	bool found;

	if (c->proposed_by == 0)
		args[4] = (struct arg)TEXT(NULL);
	if (select_scalar(st, sql, args, N(args), id, NULL, 0, &found, err) <
	    0)
		return -1;
	return found ? 0 : err_set(err, ERR_INTERNAL, "no id returned");
}

json_t *store_closure_get(struct store *st, int64_t id, struct err *err)
{
	static const char sql[] = CLOSURE_SELECT "WHERE c.id = ?1";
	const struct arg args[] = { INT(id) };
	char text[24];

	snprintf(text, sizeof(text), "%lld", (long long)id);
	return select_one(st, sql, args, N(args), closure_cols,
			  N(closure_cols), "closure proposal", text, err);
}

json_t *store_closure_list(struct store *st, const char *state,
			   struct err *err)
{
	static const char sql[] =
		CLOSURE_SELECT "WHERE (?1 IS NULL OR c.state = ?1) "
			       "ORDER BY c.id DESC";
	const struct arg args[] = { TEXT(state) };

	return select_rows(st, sql, args, N(args), closure_cols,
			   N(closure_cols), err);
}

int store_closure_pending(struct store *st, const char *measure,
			  int64_t *id, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM measure_closure WHERE measure = ?1 AND "
		"state = 'proposed' ORDER BY id LIMIT 1";
	const struct arg args[] = { TEXT(measure) };
	bool found;

	*id = 0;
	if (select_scalar(st, sql, args, N(args), id, NULL, 0, &found, err) <
	    0)
		return -1;
	if (!found)
		*id = 0;
	return 0;
}

int store_closure_decide(struct store *st, int64_t id, const char *state,
			 int64_t user_id, const char *comment,
			 struct err *err)
{
	static const char sql[] =
		"UPDATE measure_closure SET state = ?2, decided_by = ?3, "
		"decided_at = " NOW ", decision_comment = ?4 WHERE id = ?1 "
		"AND state = 'proposed'";
	struct arg args[] = { INT(id), TEXT(state), INT(user_id),
			      TEXT(comment) };

	if (user_id == 0)
		args[2] = (struct arg)TEXT(NULL);
	return exec_args(st, sql, args, N(args), err);
}

/* Views. */

/* The one live status report of measure m in period ?1. */
#define STATUS_REPORT_OF(m) \
	"(SELECT r2.id FROM status_report r2 WHERE r2.measure = " m " AND " \
	"r2.period = ?1 AND r2.kind = 'status' AND r2.deleted_at IS NULL " \
	"ORDER BY r2.id LIMIT 1)"

json_t *store_report_overview(struct store *st, const char *period,
			      struct err *err)
{
	static const char sql[] =
		"SELECT m.id, m.title_nb, m.strategy, (SELECT min(ma.actor) "
		"FROM measure_actor ma WHERE ma.measure = m.id AND ma.role = "
		"'lead'), r.id, r.state, r.status, r.progress, r.submitted_at, "
		"m.state FROM measure m LEFT JOIN status_report r ON r.id = "
		STATUS_REPORT_OF("m.id") " WHERE m.deleted_at IS NULL AND "
		"(m.state = 'active' OR r.id IS NOT NULL) ORDER BY m.strategy, "
		"m.id";
	static const struct col cols[] = {
		{ "measure", COL_TEXT },      { "title", COL_TEXT },
		{ "strategy", COL_TEXT },     { "lead", COL_TEXT },
		{ "report", COL_TEXT },	      { "state", COL_TEXT },
		{ "status", COL_TEXT },	      { "progress", COL_INT },
		{ "submitted_at", COL_TEXT }, { "measure_state", COL_TEXT },
	};
	const struct arg args[] = { TEXT(period) };

	return select_rows(st, sql, args, N(args), cols, N(cols), err);
}

json_t *store_report_todo(struct store *st, const char *period,
			  const char *actor, struct err *err)
{
	static const char sql[] =
		"SELECT m.id, m.title_nb, CASE ma.role WHEN 'lead' THEN "
		"'status' ELSE 'contribution' END, ma.actor, r.id, r.state, "
		"r.comment FROM measure_actor ma JOIN measure m ON m.id = "
		"ma.measure LEFT JOIN status_report r ON r.id = (SELECT r2.id "
		"FROM status_report r2 WHERE r2.measure = m.id AND "
		"r2.period = ?1 AND r2.deleted_at IS NULL AND ((ma.role = "
		"'lead' AND r2.kind = 'status') OR (ma.role = 'contributing' "
		"AND r2.kind = 'contribution' AND r2.actor = ma.actor)) ORDER "
		"BY r2.id LIMIT 1) WHERE ma.actor = ?2 AND ma.role IN ('lead', "
		"'contributing') AND m.deleted_at IS NULL AND m.state = "
		"'active' AND (r.id IS NULL OR r.state IN ('draft', "
		"'returned')) ORDER BY m.id, ma.role DESC";
	static const struct col cols[] = {
		{ "measure", COL_TEXT }, { "title", COL_TEXT },
		{ "kind", COL_TEXT },	 { "actor", COL_TEXT },
		{ "report", COL_TEXT },	 { "state", COL_TEXT },
		{ "comment", COL_TEXT },
	};
	const struct arg args[] = { TEXT(period), TEXT(actor) };

	return select_rows(st, sql, args, N(args), cols, N(cols), err);
}

json_t *store_report_reminders(struct store *st, const char *period,
			       struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT u.id, u.username, u.email, ua.actor, m.id, "
		"m.title_nb, coalesce(r.state, 'missing') FROM app_user u "
		"JOIN user_actor ua ON ua.user_id = u.id JOIN measure_actor ma "
		"ON ma.actor = ua.actor AND ma.role = 'lead' JOIN measure m ON "
		"m.id = ma.measure LEFT JOIN status_report r ON r.id = "
		STATUS_REPORT_OF("m.id") " WHERE u.role = 'reporter' AND "
		"u.disabled = 0 AND u.email IS NOT NULL AND u.email <> '' AND "
		"m.deleted_at IS NULL AND m.state = 'active' AND (r.id IS NULL "
		"OR r.state = 'returned') ORDER BY u.username, m.id, ua.actor";
	static const struct col cols[] = {
		{ "user_id", COL_INT }, { "username", COL_TEXT },
		{ "email", COL_TEXT },	{ "actor", COL_TEXT },
		{ "measure", COL_TEXT }, { "title", COL_TEXT },
		{ "state", COL_TEXT },
	};
	const struct arg args[] = { TEXT(period) };

	return select_rows(st, sql, args, N(args), cols, N(cols), err);
}
