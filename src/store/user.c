/*
 * store/user.c: every SQL statement for accounts (see user.h): users and
 * their actors, sessions, API tokens, sign-in attempts and one-time links.
 *
 * It decides nothing: no hashing, no expiry rules, no access checks (those
 * are service/auth.c's). Each statement is static text with ?N parameters,
 * prepared, bound and finalized on every path. Rows are copied into the
 * caller's fixed-size structs; nothing returned needs freeing.
 */
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

#define USER_COLS                                                          \
	"SELECT id, username, display_name, email, role, password_hash, " \
	"disabled, created_at, last_login_at, password_changed_at "       \
	"FROM app_user "

#define TOKEN_COLS                                                        \
	"SELECT t.id, t.user_id, u.username, t.name, t.scope, t.prefix, " \
	"t.token_hash, t.created_at, t.last_used, t.revoked_at "          \
	"FROM api_token t JOIN app_user u ON u.id = t.user_id "

/* Copies text column i into dst (n bytes), "" for NULL; cut if longer. */
static void col_copy(struct store_stmt *q, int i, char *dst, size_t n)
{
	const char *s = store_col_text(q, i);

	snprintf(dst, n, "%s", s ? s : "");
}

/* Binds s, or NULL when s is NULL or "". */
static int bind_opt_text(struct store_stmt *q, int i, const char *s,
			 struct err *err)
{
	return s && *s ? store_bind_text(q, i, s, err)
		       : store_bind_null(q, i, err);
}

/* Steps a bound statement that returns no rows, then finalizes it. */
static int finish(struct store_stmt *q, bool bind_failed, struct err *err)
{
	int rc = -1;

	if (!bind_failed && store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

/* One statement with one integer and up to two text parameters. */
static int run_its(struct store *st, const char *sql, int64_t n,
		   const char *a, const char *b, struct err *err)
{
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_int64(q, 1, n, err) < 0 ||
	      (a && store_bind_text(q, 2, a, err) < 0) ||
	      (b && store_bind_text(q, 3, b, err) < 0);
	return finish(q, bad, err);
}

/* ---- users ---- */

static int load_actors(struct store *st, struct user *u, struct err *err)
{
	static const char sql[] = "SELECT actor FROM user_actor "
				  "WHERE user_id = ?1 ORDER BY actor";
	struct store_stmt *q = NULL;
	enum store_step_result r;

	u->nactors = 0;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, u->id, err) < 0) {
		store_finalize(q);
		return -1;
	}
	while ((r = store_step(q, err)) == STORE_ROW &&
	       u->nactors < PRINCIPAL_MAX_ACTORS)
		col_copy(q, 0, u->actors[u->nactors++],
			 sizeof(u->actors[0]));
	store_finalize(q);
	return r == STORE_ERROR ? -1 : 0;
}

static void read_user(struct store_stmt *q, struct user *u)
{
	char role[16];

	memset(u, 0, sizeof(*u));
	u->id = store_col_int64(q, 0);
	col_copy(q, 1, u->username, sizeof(u->username));
	col_copy(q, 2, u->display_name, sizeof(u->display_name));
	col_copy(q, 3, u->email, sizeof(u->email));
	col_copy(q, 4, role, sizeof(role));
	if (role_parse(role, &u->role) < 0)
		u->role = ROLE_ANONYMOUS;	/* the CHECK makes this a bug */
	col_copy(q, 5, u->password_hash, sizeof(u->password_hash));
	u->disabled = store_col_int64(q, 6) != 0;
	col_copy(q, 7, u->created_at, sizeof(u->created_at));
	col_copy(q, 8, u->last_login_at, sizeof(u->last_login_at));
	col_copy(q, 9, u->password_changed_at,
		 sizeof(u->password_changed_at));
}

/* Steps q for one user row; ERR_NOT_FOUND naming `what` when none. */
static int get_user(struct store *st, struct store_stmt *q, const char *what,
		    struct user *out, struct err *err)
{
	int rc = -1;

	switch (store_step(q, err)) {
	case STORE_ROW:
		read_user(q, out);
		rc = load_actors(st, out, err);
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("there is no user %s"), what);
		break;
	default:
		break;
	}
	store_finalize(q);
	return rc;
}

int store_user_get(struct store *st, const char *username, struct user *out,
		   struct err *err)
{
	static const char sql[] = USER_COLS "WHERE username = ?1";
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, username, err) < 0) {
		store_finalize(q);
		return -1;
	}
	return get_user(st, q, username, out, err);
}

int store_user_get_id(struct store *st, int64_t id, struct user *out,
		      struct err *err)
{
	static const char sql[] = USER_COLS "WHERE id = ?1";
	struct store_stmt *q = NULL;
	char what[32];

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, id, err) < 0) {
		store_finalize(q);
		return -1;
	}
	snprintf(what, sizeof(what), "with number %lld", (long long)id);
	return get_user(st, q, what, out, err);
}

int store_user_insert(struct store *st, struct user *u, struct err *err)
{
	static const char sql[] =
		"INSERT INTO app_user (username, display_name, email, role, "
		"password_hash, disabled, password_changed_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id, created_at";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, u->username, err) < 0 ||
	    bind_opt_text(q, 2, u->display_name, err) < 0 ||
	    bind_opt_text(q, 3, u->email, err) < 0 ||
	    store_bind_text(q, 4, role_name(u->role), err) < 0 ||
	    bind_opt_text(q, 5, u->password_hash, err) < 0 ||
	    store_bind_int64(q, 6, u->disabled, err) < 0 ||
	    bind_opt_text(q, 7, u->password_changed_at, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		u->id = store_col_int64(q, 0);
		col_copy(q, 1, u->created_at, sizeof(u->created_at));
		rc = 0;
	} else if (err && err->code == ERR_CONFLICT) {
		err_set(err, ERR_CONFLICT,
			_("a user called %s already exists; choose another "
			  "name"),
			u->username);
	}
done:
	store_finalize(q);
	return rc;
}

int store_user_update(struct store *st, const struct user *u,
		      unsigned fields, struct err *err)
{
	/* ?6 says which columns change; the others keep their value, so two
	 * changes of different fields cannot undo each other. */
	static const char sql[] =
		"UPDATE app_user SET "
		"display_name = CASE WHEN ?6 & 1 THEN ?2 ELSE display_name END, "
		"email = CASE WHEN ?6 & 2 THEN ?3 ELSE email END, "
		"role = CASE WHEN ?6 & 4 THEN ?4 ELSE role END, "
		"disabled = CASE WHEN ?6 & 8 THEN ?5 ELSE disabled END "
		"WHERE id = ?1";
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_int64(q, 1, u->id, err) < 0 ||
	      bind_opt_text(q, 2, u->display_name, err) < 0 ||
	      bind_opt_text(q, 3, u->email, err) < 0 ||
	      store_bind_text(q, 4, role_name(u->role), err) < 0 ||
	      store_bind_int64(q, 5, u->disabled, err) < 0 ||
	      store_bind_int64(q, 6, fields & USER_SET_ALL, err) < 0;
	return finish(q, bad, err);
}

int store_user_set_password(struct store *st, int64_t id, const char *hash,
			    const char *now, struct err *err)
{
	static const char sql[] =
		"UPDATE app_user SET password_hash = ?2, "
		"password_changed_at = ?3 WHERE id = ?1";

	return run_its(st, sql, id, hash, now, err);
}

int store_user_touch_login(struct store *st, int64_t id, const char *now,
			   struct err *err)
{
	static const char sql[] =
		"UPDATE app_user SET last_login_at = ?2 WHERE id = ?1";

	return run_its(st, sql, id, now, NULL, err);
}

int store_user_set_actors(struct store *st, const struct user *u,
			  struct err *err)
{
	static const char del[] = "DELETE FROM user_actor WHERE user_id = ?1";
	static const char ins[] =
		"INSERT INTO user_actor (user_id, actor) VALUES (?1, ?2)";

	if (run_its(st, del, u->id, NULL, NULL, err) < 0)
		return -1;
	for (size_t i = 0; i < u->nactors; i++)
		if (run_its(st, ins, u->id, u->actors[i], NULL, err) < 0)
			return -1;
	return 0;
}

int store_user_each(struct store *st, const char *email,
		    int (*fn)(const struct user *u, void *arg), void *arg,
		    struct err *err)
{
	static const char all[] = USER_COLS "ORDER BY username";
	static const char by_email[] =
		USER_COLS "WHERE lower(email) = lower(?1) ORDER BY username";
	struct store_stmt *q = NULL;
	enum store_step_result r;
	struct user u;
	int rc = 0;

	if (store_prepare(st, email ? by_email : all, &q, err) < 0)
		return -1;
	if (email && store_bind_text(q, 1, email, err) < 0) {
		store_finalize(q);
		return -1;
	}
	while ((r = store_step(q, err)) == STORE_ROW) {
		read_user(q, &u);
		if (load_actors(st, &u, err) < 0) {
			rc = -1;
			break;
		}
		if (fn(&u, arg))
			break;
	}
	store_finalize(q);
	return r == STORE_ERROR ? -1 : rc;
}

int store_user_count_admins(struct store *st, int64_t *out, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM app_user "
				  "WHERE role = 'admin' AND disabled = 0";
	struct store_stmt *q = NULL;
	int rc = -1;

	*out = 0;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_step(q, err) == STORE_ROW) {
		*out = store_col_int64(q, 0);
		rc = 0;
	}
	store_finalize(q);
	return rc;
}

/* ---- sessions ---- */

int store_session_insert(struct store *st, struct session_row *s,
			 const char *address, struct err *err)
{
	static const char sql[] =
		"INSERT INTO session (id, user_id, csrf, created_at, "
		"last_seen, expires_at, address) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING rowid";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, s->id, err) < 0 ||
	    store_bind_int64(q, 2, s->user_id, err) < 0 ||
	    store_bind_text(q, 3, s->csrf, err) < 0 ||
	    store_bind_text(q, 4, s->created_at, err) < 0 ||
	    store_bind_text(q, 5, s->last_seen, err) < 0 ||
	    store_bind_text(q, 6, s->expires_at, err) < 0 ||
	    bind_opt_text(q, 7, address, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		s->rowid = store_col_int64(q, 0);
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}

int store_session_get(struct store *st, const char *id,
		      struct session_row *out, struct err *err)
{
	static const char sql[] =
		"SELECT id, user_id, csrf, created_at, last_seen, expires_at, "
		"rowid FROM session WHERE id = ?1";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, id, err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		col_copy(q, 0, out->id, sizeof(out->id));
		out->user_id = store_col_int64(q, 1);
		col_copy(q, 2, out->csrf, sizeof(out->csrf));
		col_copy(q, 3, out->created_at, sizeof(out->created_at));
		col_copy(q, 4, out->last_seen, sizeof(out->last_seen));
		col_copy(q, 5, out->expires_at, sizeof(out->expires_at));
		out->rowid = store_col_int64(q, 6);
		rc = 0;
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("no such session"));
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	return rc;
}

/* The session statements keyed on a text id. */
static int run_text2(struct store *st, const char *sql, const char *a,
		     const char *b, struct err *err)
{
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_text(q, 1, a, err) < 0 ||
	      (b && store_bind_text(q, 2, b, err) < 0);
	return finish(q, bad, err);
}

int store_session_touch(struct store *st, const char *id, const char *now,
			struct err *err)
{
	static const char sql[] =
		"UPDATE session SET last_seen = ?2 WHERE id = ?1";

	return run_text2(st, sql, id, now, err);
}

int store_session_delete(struct store *st, const char *id, struct err *err)
{
	static const char sql[] = "DELETE FROM session WHERE id = ?1";

	return run_text2(st, sql, id, NULL, err);
}

int store_session_delete_row(struct store *st, int64_t rowid,
			     struct err *err)
{
	static const char sql[] = "DELETE FROM session WHERE rowid = ?1";

	return run_its(st, sql, rowid, NULL, NULL, err);
}

int store_session_delete_user(struct store *st, int64_t user_id,
			      int64_t keep, struct err *err)
{
	static const char sql[] =
		"DELETE FROM session WHERE user_id = ?1 AND rowid <> ?2";
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_int64(q, 1, user_id, err) < 0 ||
	      store_bind_int64(q, 2, keep, err) < 0;
	return finish(q, bad, err);
}

int store_session_purge(struct store *st, const char *now, struct err *err)
{
	static const char sql[] = "DELETE FROM session WHERE expires_at < ?1";

	return run_text2(st, sql, now, NULL, err);
}

/* ---- API tokens ---- */

static void read_token(struct store_stmt *q, struct token_row *t)
{
	memset(t, 0, sizeof(*t));
	t->id = store_col_int64(q, 0);
	t->user_id = store_col_int64(q, 1);
	col_copy(q, 2, t->username, sizeof(t->username));
	col_copy(q, 3, t->name, sizeof(t->name));
	col_copy(q, 4, t->scope, sizeof(t->scope));
	col_copy(q, 5, t->prefix, sizeof(t->prefix));
	col_copy(q, 6, t->hash, sizeof(t->hash));
	col_copy(q, 7, t->created_at, sizeof(t->created_at));
	col_copy(q, 8, t->last_used, sizeof(t->last_used));
	col_copy(q, 9, t->revoked_at, sizeof(t->revoked_at));
}

int store_token_insert(struct store *st, struct token_row *t,
		       struct err *err)
{
	static const char sql[] =
		"INSERT INTO api_token (user_id, name, scope, token_hash, "
		"prefix, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		"RETURNING id";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, t->user_id, err) < 0 ||
	    bind_opt_text(q, 2, t->name, err) < 0 ||
	    store_bind_text(q, 3, t->scope, err) < 0 ||
	    store_bind_text(q, 4, t->hash, err) < 0 ||
	    store_bind_text(q, 5, t->prefix, err) < 0 ||
	    store_bind_text(q, 6, t->created_at, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		t->id = store_col_int64(q, 0);
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}

/* Steps q for one token row; ERR_NOT_FOUND when none. */
static int get_token(struct store_stmt *q, struct token_row *out,
		     struct err *err)
{
	int rc = -1;

	switch (store_step(q, err)) {
	case STORE_ROW:
		read_token(q, out);
		rc = 0;
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("there is no such API token"));
		break;
	default:
		break;
	}
	store_finalize(q);
	return rc;
}

int store_token_by_hash(struct store *st, const char *hash,
			struct token_row *out, struct err *err)
{
	static const char sql[] = TOKEN_COLS "WHERE t.token_hash = ?1";
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, hash, err) < 0) {
		store_finalize(q);
		return -1;
	}
	return get_token(q, out, err);
}

int store_token_get(struct store *st, int64_t id, struct token_row *out,
		    struct err *err)
{
	static const char sql[] = TOKEN_COLS "WHERE t.id = ?1";
	struct store_stmt *q = NULL;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, id, err) < 0) {
		store_finalize(q);
		return -1;
	}
	return get_token(q, out, err);
}

int store_token_touch(struct store *st, int64_t id, const char *now,
		      struct err *err)
{
	static const char sql[] =
		"UPDATE api_token SET last_used = ?2 WHERE id = ?1";

	return run_its(st, sql, id, now, NULL, err);
}

int store_token_revoke(struct store *st, int64_t id, const char *now,
		       struct err *err)
{
	static const char sql[] = "UPDATE api_token SET revoked_at = ?2 "
				  "WHERE id = ?1 AND revoked_at IS NULL";

	return run_its(st, sql, id, now, NULL, err);
}

int store_token_revoke_user(struct store *st, int64_t user_id,
			    const char *now, int64_t *n, struct err *err)
{
	static const char sql[] =
		"UPDATE api_token SET revoked_at = ?2 WHERE user_id = ?1 AND "
		"revoked_at IS NULL RETURNING id";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	int64_t count = 0;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, user_id, err) == 0 &&
	    store_bind_text(q, 2, now, err) == 0)
		while ((r = store_step(q, err)) == STORE_ROW)
			count++;
	store_finalize(q);
	if (n)
		*n = count;
	return r == STORE_DONE ? 0 : -1;
}

int store_token_each(struct store *st, int64_t user_id,
		     int (*fn)(const struct token_row *t, void *arg), void *arg,
		     struct err *err)
{
	static const char sql[] =
		TOKEN_COLS "WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id DESC";
	struct store_stmt *q = NULL;
	enum store_step_result r;
	struct token_row t;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, user_id, err) < 0) {
		store_finalize(q);
		return -1;
	}
	while ((r = store_step(q, err)) == STORE_ROW) {
		read_token(q, &t);
		if (fn(&t, arg))
			break;
	}
	store_finalize(q);
	return r == STORE_ERROR ? -1 : 0;
}

/* ---- sign-in attempts ---- */

int store_login_attempt_add(struct store *st, const char *username,
			    const char *address, const char *at, int ok,
			    int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO login_attempt (username, address, at, ok) "
		"VALUES (?1, ?2, ?3, ?4) RETURNING id";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (bind_opt_text(q, 1, username, err) < 0 ||
	    bind_opt_text(q, 2, address, err) < 0 ||
	    store_bind_text(q, 3, at, err) < 0 ||
	    store_bind_int64(q, 4, ok, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		if (id)
			*id = store_col_int64(q, 0);
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}

int store_login_attempt_mark(struct store *st, int64_t id, int ok,
			     struct err *err)
{
	static const char sql[] =
		"UPDATE login_attempt SET ok = ?2 WHERE id = ?1";
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_int64(q, 1, id, err) < 0 ||
	      store_bind_int64(q, 2, ok, err) < 0;
	return finish(q, bad, err);
}

/* Counts the rows of a failure query bound with (key, since, limit). */
static int failures(struct store *st, const char *sql, const char *key,
		    const char *since, int64_t limit, int64_t *count,
		    char oldest[USER_TIME_MAX + 1], struct err *err)
{
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	*count = 0;
	oldest[0] = '\0';
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, key, err) < 0 ||
	    store_bind_text(q, 2, since, err) < 0 ||
	    store_bind_int64(q, 3, limit, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		(*count)++;
		col_copy(q, 0, oldest, USER_TIME_MAX + 1);
	}
done:
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

int store_login_failures_user(struct store *st, const char *username,
			      const char *since, int64_t limit,
			      int64_t *count, char oldest[USER_TIME_MAX + 1],
			      struct err *err)
{
	/* A success ends the run of failures before it; ids keep the order
	 * within one second. */
	static const char sql[] =
		"SELECT at FROM login_attempt WHERE username = ?1 AND ok = 0 "
		"AND at >= ?2 AND id > coalesce((SELECT max(id) FROM "
		"login_attempt WHERE username = ?1 AND ok = 1), 0) "
		"ORDER BY id DESC LIMIT ?3";

	return failures(st, sql, username, since, limit, count, oldest, err);
}

int store_login_failures_address(struct store *st, const char *address,
				 const char *since, int64_t limit,
				 int64_t *count,
				 char oldest[USER_TIME_MAX + 1],
				 struct err *err)
{
	static const char sql[] =
		"SELECT at FROM login_attempt WHERE address = ?1 AND ok = 0 "
		"AND at >= ?2 ORDER BY id DESC LIMIT ?3";

	return failures(st, sql, address, since, limit, count, oldest, err);
}

int store_login_attempt_purge(struct store *st, const char *before,
			      struct err *err)
{
	static const char sql[] = "DELETE FROM login_attempt WHERE at < ?1";

	return run_text2(st, sql, before, NULL, err);
}

/* ---- refused requests ---- */

int store_refusal_last_report(struct store *st, const char *report_key,
			      const char *address, int64_t *id,
			      char at[USER_TIME_MAX + 1], struct err *err)
{
	static const char sql[] =
		"SELECT id, at FROM login_attempt WHERE username = ?1 AND "
		"address IS ?2 AND ok = 4 ORDER BY id DESC LIMIT 1";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	*id = 0;
	at[0] = '\0';
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, report_key, err) < 0 ||
	    bind_opt_text(q, 2, address, err) < 0)
		goto done;
	r = store_step(q, err);
	if (r == STORE_ROW) {
		*id = store_col_int64(q, 0);
		col_copy(q, 1, at, USER_TIME_MAX + 1);
	}
done:
	store_finalize(q);
	return r == STORE_ERROR ? -1 : 0;
}

int store_refusal_count(struct store *st, const char *key,
			const char *address, int ok, int64_t after,
			int64_t *n, char first[USER_TIME_MAX + 1],
			struct err *err)
{
	static const char sql[] =
		"SELECT count(*), min(at) FROM login_attempt WHERE "
		"address IS ?1 AND ok = ?2 AND id > ?3 AND "
		"(?4 IS NULL OR username = ?4)";
	struct store_stmt *q = NULL;
	int rc = -1;

	*n = 0;
	first[0] = '\0';
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (bind_opt_text(q, 1, address, err) < 0 ||
	    store_bind_int64(q, 2, ok, err) < 0 ||
	    store_bind_int64(q, 3, after, err) < 0 ||
	    bind_opt_text(q, 4, key, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		*n = store_col_int64(q, 0);
		col_copy(q, 1, first, USER_TIME_MAX + 1);
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}

int store_refusal_reports_since(struct store *st, const char *report_key,
				const char *since, int64_t *n,
				struct err *err)
{
	/* By (username, at): the index login_attempt_username. */
	static const char sql[] =
		"SELECT count(*) FROM login_attempt WHERE username = ?1 AND "
		"at >= ?2 AND ok = 4";
	struct store_stmt *q = NULL;
	int rc = -1;

	*n = 0;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, report_key, err) == 0 &&
	    store_bind_text(q, 2, since, err) == 0 &&
	    store_step(q, err) == STORE_ROW) {
		*n = store_col_int64(q, 0);
		rc = 0;
	}
	store_finalize(q);
	return rc;
}

int store_refusal_forget(struct store *st, const char *key,
			 const char *report_key, const char *address,
			 int64_t upto, struct err *err)
{
	static const char sql[] =
		"DELETE FROM login_attempt WHERE address IS ?1 AND "
		"((ok = 3 AND username = ?2 AND id <= ?4) OR "
		"(ok = 4 AND username = ?3 AND id < ?4))";
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = bind_opt_text(q, 1, address, err) < 0 ||
	      bind_opt_text(q, 2, key, err) < 0 ||
	      store_bind_text(q, 3, report_key, err) < 0 ||
	      store_bind_int64(q, 4, upto, err) < 0;
	return finish(q, bad, err);
}

/* ---- one-time links ---- */

int store_one_time_insert(struct store *st, int64_t user_id,
			  const char *purpose, const char *hash,
			  const char *now, const char *expires,
			  struct err *err)
{
	static const char sql[] =
		"INSERT INTO one_time_token (user_id, purpose, token_hash, "
		"created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	struct store_stmt *q = NULL;
	bool bad;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	bad = store_bind_int64(q, 1, user_id, err) < 0 ||
	      store_bind_text(q, 2, purpose, err) < 0 ||
	      store_bind_text(q, 3, hash, err) < 0 ||
	      store_bind_text(q, 4, now, err) < 0 ||
	      store_bind_text(q, 5, expires, err) < 0;
	return finish(q, bad, err);
}

int store_one_time_find(struct store *st, const char *hash,
			struct one_time_row *out, struct err *err)
{
	static const char sql[] =
		"SELECT id, user_id, purpose, expires_at, used_at IS NOT NULL "
		"FROM one_time_token WHERE token_hash = ?1";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, hash, err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		out->id = store_col_int64(q, 0);
		out->user_id = store_col_int64(q, 1);
		col_copy(q, 2, out->purpose, sizeof(out->purpose));
		col_copy(q, 3, out->expires_at, sizeof(out->expires_at));
		out->used = store_col_int64(q, 4) != 0;
		rc = 0;
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("no such link"));
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	return rc;
}

int store_one_time_use(struct store *st, int64_t user_id, const char *now,
		       struct err *err)
{
	static const char sql[] =
		"UPDATE one_time_token SET used_at = ?2 "
		"WHERE user_id = ?1 AND used_at IS NULL";

	return run_its(st, sql, user_id, now, NULL, err);
}

int store_one_time_count(struct store *st, int64_t user_id,
			 const char *since, int64_t *out, struct err *err)
{
	static const char sql[] =
		"SELECT count(*) FROM one_time_token "
		"WHERE user_id = ?1 AND created_at >= ?2";
	struct store_stmt *q = NULL;
	int rc = -1;

	*out = 0;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, user_id, err) < 0 ||
	    store_bind_text(q, 2, since, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		*out = store_col_int64(q, 0);
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}
