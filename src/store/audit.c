/*
 * store/audit.c: rows of the append-only audit log.
 */
#include "store/audit.h"

#include <string.h>

int store_audit_last_hash(struct store *st, char out[65], struct err *err)
{
	static const char sql[] =
		"SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1";
	struct store_stmt *q = NULL;
	int rc = -1;

	out[0] = '\0';
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	switch (store_step(q, err)) {
	case STORE_ROW:
		strncpy(out, store_col_text(q, 0) ? store_col_text(q, 0) : "",
			64);
		out[64] = '\0';
		rc = 0;
		break;
	case STORE_DONE:
		rc = 0;
		break;
	default:
		break;
	}
	store_finalize(q);
	return rc;
}

static int bind_opt_int(struct store_stmt *q, int i, int64_t v,
			struct err *err)
{
	return v ? store_bind_int64(q, i, v, err) : store_bind_null(q, i, err);
}

int store_audit_insert(struct store *st, const struct audit_row *r,
		       struct err *err)
{
	static const char sql[] =
		"INSERT INTO audit_event (at, user_id, token_id, action, "
		"entity_type, entity_id, before_json, after_json, prev_hash, "
		"hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, r->at, err) == 0 &&
	    bind_opt_int(q, 2, r->user_id, err) == 0 &&
	    bind_opt_int(q, 3, r->token_id, err) == 0 &&
	    store_bind_text(q, 4, r->action, err) == 0 &&
	    store_bind_text(q, 5, r->entity_type, err) == 0 &&
	    store_bind_text(q, 6, r->entity_id, err) == 0 &&
	    store_bind_text(q, 7, r->before_json, err) == 0 &&
	    store_bind_text(q, 8, r->after_json, err) == 0 &&
	    store_bind_text(q, 9, r->prev_hash, err) == 0 &&
	    store_bind_text(q, 10, r->hash, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

static void read_row(struct store_stmt *q, struct audit_row *r)
{
	r->id = store_col_int64(q, 0);
	r->at = store_col_text(q, 1);
	r->user_id = store_col_int64(q, 2);
	r->token_id = store_col_int64(q, 3);
	r->action = store_col_text(q, 4);
	r->entity_type = store_col_text(q, 5);
	r->entity_id = store_col_text(q, 6);
	r->before_json = store_col_text(q, 7);
	r->after_json = store_col_text(q, 8);
	r->prev_hash = store_col_text(q, 9);
	r->hash = store_col_text(q, 10);
}

int store_audit_each(struct store *st,
		     int (*fn)(const struct audit_row *row, void *arg),
		     void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT id, at, user_id, token_id, action, entity_type, "
		"entity_id, before_json, after_json, prev_hash, hash "
		"FROM audit_event ORDER BY id";
	struct store_stmt *q = NULL;
	enum store_step_result r;
	struct audit_row row;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	while ((r = store_step(q, err)) == STORE_ROW) {
		read_row(q, &row);
		if (fn(&row, arg))
			break;
	}
	store_finalize(q);
	return r == STORE_ERROR ? -1 : 0;
}

static json_t *json_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_parsed(const char *s)
{
	json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

json_t *store_audit_list(struct store *st, const struct audit_filter *f,
			 struct err *err)
{
	/* Absent filters are bound as NULL and match everything. */
	static const char sql[] =
		"SELECT e.id, e.at, e.user_id, e.token_id, e.action, "
		"e.entity_type, e.entity_id, e.before_json, e.after_json, "
		"e.prev_hash, e.hash, u.username FROM audit_event e "
		"LEFT JOIN app_user u ON u.id = e.user_id WHERE "
		"(?1 IS NULL OR e.entity_type = ?1) AND "
		"(?2 IS NULL OR e.entity_id = ?2) AND "
		"(?3 IS NULL OR e.action = ?3) AND "
		"(?4 IS NULL OR u.username = ?4) AND "
		"(?5 IS NULL OR e.at >= ?5) AND (?6 IS NULL OR e.at <= ?6) AND "
		"(?7 = 0 OR e.id < ?7) AND (?9 = 0 OR NOT ("
		"coalesce(e.entity_type, '') IN ('users', 'tokens') OR "
		"substr(e.action, 1, 8) = 'session.' OR "
		"substr(e.action, 1, 5) = 'user.' OR "
		"substr(e.action, 1, 6) = 'token.' OR "
		"substr(e.action, 1, 7) = 'denied.' OR "
		"(e.action = 'denied' AND e.entity_type IS NULL))) "
		"ORDER BY e.id DESC LIMIT ?8";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	json_t *out = json_array();
	struct audit_row row;

	if (store_prepare(st, sql, &q, err) < 0 ||
	    store_bind_text(q, 1, f->entity_type, err) < 0 ||
	    store_bind_text(q, 2, f->entity_id, err) < 0 ||
	    store_bind_text(q, 3, f->action, err) < 0 ||
	    store_bind_text(q, 4, f->username, err) < 0 ||
	    store_bind_text(q, 5, f->since, err) < 0 ||
	    store_bind_text(q, 6, f->until, err) < 0 ||
	    store_bind_int64(q, 7, f->before_id, err) < 0 ||
	    store_bind_int64(q, 8, f->limit, err) < 0 ||
	    store_bind_int64(q, 9, f->without_accounts, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		read_row(q, &row);
		json_array_append_new(out, json_pack(
			"{s:I,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:s}",
			"id", (json_int_t)row.id, "at", row.at,
			"user", json_text(store_col_text(q, 11)),
			"token_id", row.token_id ? json_integer(row.token_id)
						 : json_null(),
			"action", row.action,
			"entity_type", json_text(row.entity_type),
			"entity_id", json_text(row.entity_id),
			"before", json_parsed(row.before_json),
			"after", json_parsed(row.after_json),
			"hash", row.hash));
	}
done:
	store_finalize(q);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
