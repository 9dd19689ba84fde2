/*
 * tests/test_user.c: the SQL of store/user.c on a temporary database:
 * users and their actors, sessions, API tokens, sign-in attempts and
 * one-time links. Values that look like SQL are stored as text, never run.
 */
#include "fixture.h"

#include "store/user.h"

static void add_actor(struct store *st, const char *id)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO actor (id, name_nb) VALUES ('%s', 'x')", id);
	assert_int_equal(store_exec(st, sql, NULL), 0);
}

static int64_t new_user(struct store *st, const char *name, enum role role)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	u.role = role;
	assert_int_equal(store_user_insert(st, &u, NULL), 0);
	assert_true(u.id > 0);
	return u.id;
}

static void test_user_insert_get(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	struct user u, got;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "kari");
	snprintf(u.display_name, sizeof(u.display_name), "Kari Nordmann æøå");
	snprintf(u.email, sizeof(u.email), "Kari@Example.no");
	snprintf(u.password_hash, sizeof(u.password_hash), "$argon2id$x");
	u.role = ROLE_REPORTER;
	assert_int_equal(store_user_insert(fx->st, &u, &err), 0);
	assert_int_equal(store_user_get(fx->st, "kari", &got, &err), 0);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.display_name, "Kari Nordmann æøå");
	assert_string_equal(got.email, "Kari@Example.no");
	assert_int_equal(got.role, ROLE_REPORTER);
	assert_string_equal(got.password_hash, "$argon2id$x");
	assert_false(got.disabled);
	assert_string_equal(got.last_login_at, "");
	assert_int_equal(strlen(got.created_at), 20);
	assert_int_equal(store_user_get_id(fx->st, u.id, &got, &err), 0);
	assert_string_equal(got.username, "kari");
	assert_int_equal(store_user_insert(fx->st, &u, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "kari"));
	assert_int_equal(store_user_get(fx->st, "per", &got, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_sql_in_values_is_text(void **state)
{
	struct fixture *fx = *state;
	static const char evil[] = "x'; DROP TABLE app_user;--";
	struct user got;

	new_user(fx->st, evil, ROLE_READER);
	assert_int_equal(store_user_get(fx->st, evil, &got, NULL), 0);
	assert_string_equal(got.username, evil);
	assert_int_equal(store_user_get(fx->st, "' OR '1'='1", &got, NULL),
			 -1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM app_user"),
			 1);
}

static void test_actors_update_password(void **state)
{
	struct fixture *fx = *state;
	struct user u;

	add_actor(fx->st, "SIVA");
	add_actor(fx->st, "NFD");
	new_user(fx->st, "kari", ROLE_REPORTER);
	assert_int_equal(store_user_get(fx->st, "kari", &u, NULL), 0);
	u.nactors = 2;
	snprintf(u.actors[0], sizeof(u.actors[0]), "SIVA");
	snprintf(u.actors[1], sizeof(u.actors[1]), "NFD");
	assert_int_equal(store_user_set_actors(fx->st, &u, NULL), 0);
	u.disabled = true;
	u.role = ROLE_COORDINATOR;
	snprintf(u.email, sizeof(u.email), "k@example.no");
	assert_int_equal(store_user_update(fx->st, &u, USER_SET_ALL, NULL), 0);
	assert_int_equal(store_user_set_password(fx->st, u.id, "$h",
						 "2025-01-01T00:00:00Z", NULL),
			 0);
	assert_int_equal(store_user_touch_login(fx->st, u.id,
						"2025-01-02T00:00:00Z", NULL),
			 0);
	assert_int_equal(store_user_get(fx->st, "kari", &u, NULL), 0);
	assert_int_equal(u.nactors, 2);
	assert_string_equal(u.actors[0], "NFD");	/* ordered */
	assert_string_equal(u.actors[1], "SIVA");
	assert_true(u.disabled);
	assert_int_equal(u.role, ROLE_COORDINATOR);
	assert_string_equal(u.password_hash, "$h");
	assert_string_equal(u.password_changed_at, "2025-01-01T00:00:00Z");
	assert_string_equal(u.last_login_at, "2025-01-02T00:00:00Z");
	u.nactors = 0;
	assert_int_equal(store_user_set_actors(fx->st, &u, NULL), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM user_actor"),
			 0);
}

static int count_user(const struct user *u, void *arg)
{
	(void)u;
	(*(int *)arg)++;
	return 0;
}

static void test_each_and_admins(void **state)
{
	struct fixture *fx = *state;
	int64_t admins;
	struct user u;
	int n = 0;

	new_user(fx->st, "a1", ROLE_ADMIN);
	new_user(fx->st, "a2", ROLE_ADMIN);
	new_user(fx->st, "r1", ROLE_READER);
	assert_int_equal(store_user_get(fx->st, "a2", &u, NULL), 0);
	u.disabled = true;
	snprintf(u.email, sizeof(u.email), "Felles@Example.no");
	assert_int_equal(store_user_update(fx->st, &u, USER_SET_ALL, NULL), 0);
	assert_int_equal(store_user_count_admins(fx->st, &admins, NULL), 0);
	assert_int_equal(admins, 1);
	assert_int_equal(store_user_each(fx->st, NULL, count_user, &n, NULL),
			 0);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(store_user_each(fx->st, "felles@example.NO",
					 count_user, &n, NULL),
			 0);
	assert_int_equal(n, 1);
}

static void session_row(struct session_row *s, const char *id, int64_t user)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", id);
	s->user_id = user;
	snprintf(s->csrf, sizeof(s->csrf), "csrf-%s", id);
	snprintf(s->created_at, sizeof(s->created_at), "2025-01-01T00:00:00Z");
	snprintf(s->last_seen, sizeof(s->last_seen), "2025-01-01T00:00:00Z");
	snprintf(s->expires_at, sizeof(s->expires_at), "2025-01-01T12:00:00Z");
}

static void test_sessions(void **state)
{
	struct fixture *fx = *state;
	struct session_row a, b, got;
	struct err err = ERR_INIT;
	int64_t uid = new_user(fx->st, "ola", ROLE_READER);

	session_row(&a, "aaaa", uid);
	session_row(&b, "bbbb", uid);
	snprintf(b.expires_at, sizeof(b.expires_at), "2025-01-02T00:00:00Z");
	assert_int_equal(store_session_insert(fx->st, &a, "10.0.0.1", &err), 0);
	assert_int_equal(store_session_insert(fx->st, &b, NULL, &err), 0);
	assert_true(a.rowid > 0 && b.rowid > a.rowid);
	assert_int_equal(store_session_get(fx->st, "aaaa", &got, &err), 0);
	assert_string_equal(got.csrf, "csrf-aaaa");
	assert_int_equal(got.rowid, a.rowid);
	assert_int_equal(store_session_touch(fx->st, "aaaa",
					     "2025-01-01T00:05:00Z", &err),
			 0);
	assert_int_equal(store_session_get(fx->st, "aaaa", &got, &err), 0);
	assert_string_equal(got.last_seen, "2025-01-01T00:05:00Z");
	assert_int_equal(store_session_get(fx->st, "zzzz", &got, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	/* Purge takes only what has passed its absolute expiry. */
	assert_int_equal(store_session_purge(fx->st, "2025-01-01T13:00:00Z",
					     &err),
			 0);
	assert_int_equal(store_session_get(fx->st, "aaaa", &got, NULL), -1);
	assert_int_equal(store_session_get(fx->st, "bbbb", &got, NULL), 0);
	assert_int_equal(store_session_insert(fx->st, &a, NULL, &err), 0);
	assert_int_equal(store_session_delete_user(fx->st, uid, b.rowid, &err),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session"),
			 1);
	assert_int_equal(store_session_delete_row(fx->st, b.rowid, &err), 0);
	assert_int_equal(store_session_insert(fx->st, &a, NULL, &err), 0);
	assert_int_equal(store_session_delete(fx->st, "aaaa", &err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session"),
			 0);
}

static int count_token(const struct token_row *t, void *arg)
{
	(void)t;
	(*(int *)arg)++;
	return 0;
}

static void test_tokens(void **state)
{
	struct fixture *fx = *state;
	int64_t ola = new_user(fx->st, "ola", ROLE_ADMIN);
	int64_t per = new_user(fx->st, "per", ROLE_READER);
	struct token_row t, got;
	struct err err = ERR_INIT;
	int n = 0;

	memset(&t, 0, sizeof(t));
	t.user_id = ola;
	snprintf(t.scope, sizeof(t.scope), "read");
	snprintf(t.prefix, sizeof(t.prefix), "vk_abcdef");
	snprintf(t.hash, sizeof(t.hash), "%064d", 1);
	snprintf(t.created_at, sizeof(t.created_at), "2025-01-01T00:00:00Z");
	assert_int_equal(store_token_insert(fx->st, &t, &err), 0);
	t.user_id = per;
	snprintf(t.hash, sizeof(t.hash), "%064d", 2);
	snprintf(t.name, sizeof(t.name), "rapportering");
	assert_int_equal(store_token_insert(fx->st, &t, &err), 0);
	assert_int_equal(store_token_by_hash(fx->st, t.hash, &got, &err), 0);
	assert_int_equal(got.id, t.id);
	assert_string_equal(got.username, "per");
	assert_string_equal(got.name, "rapportering");
	assert_int_equal(store_token_touch(fx->st, t.id, "2025-02-01T00:00:00Z",
					   &err),
			 0);
	assert_int_equal(store_token_revoke(fx->st, t.id,
					    "2025-03-01T00:00:00Z", &err),
			 0);
	/* Revoking twice keeps the first time. */
	assert_int_equal(store_token_revoke(fx->st, t.id,
					    "2025-04-01T00:00:00Z", &err),
			 0);
	assert_int_equal(store_token_get(fx->st, t.id, &got, &err), 0);
	assert_string_equal(got.last_used, "2025-02-01T00:00:00Z");
	assert_string_equal(got.revoked_at, "2025-03-01T00:00:00Z");
	assert_int_equal(store_token_each(fx->st, 0, count_token, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(store_token_each(fx->st, ola, count_token, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_token_by_hash(fx->st, "' OR 1=1 --", &got, &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_login_attempts(void **state)
{
	struct fixture *fx = *state;
	char oldest[USER_TIME_MAX + 1];
	int64_t n, id = 0;

	store_login_attempt_add(fx->st, "ola", "10.0.0.1",
				"2025-01-01T10:00:00Z", LOGIN_FAILED, NULL, NULL);
	store_login_attempt_add(fx->st, "ola", "10.0.0.1",
				"2025-01-01T10:01:00Z", LOGIN_FAILED, NULL, NULL);
	store_login_attempt_add(fx->st, "ola", "10.0.0.2",
				"2025-01-01T10:02:00Z", LOGIN_THROTTLED, NULL, NULL);
	store_login_attempt_add(fx->st, "per", "10.0.0.1",
				"2025-01-01T10:03:00Z", LOGIN_FAILED, NULL, NULL);
	assert_int_equal(store_login_failures_user(fx->st, "ola",
						   "2025-01-01T09:50:00Z", 5,
						   &n, oldest, NULL),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(oldest, "2025-01-01T10:00:00Z");
	/* The limit caps the count; oldest is the last one counted. */
	assert_int_equal(store_login_failures_user(fx->st, "ola",
						   "2025-01-01T09:50:00Z", 1,
						   &n, oldest, NULL),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(oldest, "2025-01-01T10:01:00Z");
	/* Outside the window nothing counts. */
	assert_int_equal(store_login_failures_user(fx->st, "ola",
						   "2025-01-01T10:00:30Z", 5,
						   &n, oldest, NULL),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_failures_address(fx->st, "10.0.0.1",
						      "2025-01-01T09:50:00Z",
						      20, &n, oldest, NULL),
			 0);
	assert_int_equal(n, 3);
	/* A success ends the run for the name, not for the address. */
	store_login_attempt_add(fx->st, "ola", "10.0.0.1",
				"2025-01-01T10:04:00Z", LOGIN_OK, NULL, NULL);
	store_login_failures_user(fx->st, "ola", "2025-01-01T09:50:00Z", 5, &n,
				  oldest, NULL);
	assert_int_equal(n, 0);
	assert_string_equal(oldest, "");
	store_login_failures_address(fx->st, "10.0.0.1",
				     "2025-01-01T09:50:00Z", 20, &n, oldest,
				     NULL);
	assert_int_equal(n, 3);
	/* An attempt recorded as failed turns out well: the run ends. */
	store_login_attempt_add(fx->st, "ola", "10.0.0.1",
				"2025-01-01T10:05:00Z", LOGIN_FAILED, &id, NULL);
	store_login_failures_user(fx->st, "ola", "2025-01-01T09:50:00Z", 5, &n,
				  oldest, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_attempt_mark(fx->st, id, LOGIN_OK, NULL),
			 0);
	store_login_failures_user(fx->st, "ola", "2025-01-01T09:50:00Z", 5, &n,
				  oldest, NULL);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_attempt_purge(fx->st,
						   "2025-01-01T10:02:30Z",
						   NULL),
			 0);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM login_attempt"),
			 3);
}

static void test_one_time_links(void **state)
{
	struct fixture *fx = *state;
	int64_t uid = new_user(fx->st, "ola", ROLE_READER);
	struct one_time_row row;
	struct err err = ERR_INIT;
	int64_t n;

	assert_int_equal(store_one_time_insert(fx->st, uid, "invite", "h1",
					       "2025-01-01T00:00:00Z",
					       "2025-01-04T00:00:00Z", &err),
			 0);
	assert_int_equal(store_one_time_insert(fx->st, uid, "reset", "h2",
					       "2025-01-01T01:00:00Z",
					       "2025-01-01T02:00:00Z", &err),
			 0);
	assert_int_equal(store_one_time_insert(fx->st, uid, "bogus", "h3",
					       "2025-01-01T01:00:00Z",
					       "2025-01-01T02:00:00Z", &err),
			 -1);
	assert_int_equal(store_one_time_find(fx->st, "h1", &row, &err), 0);
	assert_int_equal(row.user_id, uid);
	assert_string_equal(row.purpose, "invite");
	assert_string_equal(row.expires_at, "2025-01-04T00:00:00Z");
	assert_false(row.used);
	assert_int_equal(store_one_time_count(fx->st, uid,
					      "2025-01-01T00:30:00Z", &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_one_time_use(fx->st, uid, "2025-01-01T01:30:00Z",
					    &err),
			 0);
	assert_int_equal(store_one_time_find(fx->st, "h2", &row, &err), 0);
	assert_true(row.used);
	assert_int_equal(store_one_time_find(fx->st, "nope", &row, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_user_delete_cascades(void **state)
{
	struct fixture *fx = *state;
	int64_t uid = new_user(fx->st, "ola", ROLE_READER);
	struct session_row s;

	session_row(&s, "cccc", uid);
	assert_int_equal(store_session_insert(fx->st, &s, NULL, NULL), 0);
	assert_int_equal(store_one_time_insert(fx->st, uid, "reset", "h",
					       "2025-01-01T00:00:00Z",
					       "2025-01-01T01:00:00Z", NULL),
			 0);
	assert_int_equal(store_exec(fx->st, "DELETE FROM app_user", NULL), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session"),
			 0);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM one_time_token"),
			 0);
}

/*
 * A change made from a copy of the row read earlier wrote back every
 * column of that copy, undoing what was changed meanwhile. Only the
 * columns asked for are written now.
 */
static void test_update_writes_only_given_fields(void **state)
{
	struct fixture *fx = *state;
	struct user first, stale, got;

	new_user(fx->st, "per", ROLE_COORDINATOR);
	assert_int_equal(store_user_get(fx->st, "per", &first, NULL), 0);
	stale = first;
	/* One change disables per... */
	first.disabled = true;
	assert_int_equal(store_user_update(fx->st, &first, USER_SET_DISABLED,
					   NULL),
			 0);
	/* ...another, made from an older copy, demotes him. */
	stale.role = ROLE_READER;
	snprintf(stale.email, sizeof(stale.email), "per@example.no");
	assert_int_equal(store_user_update(fx->st, &stale,
					   USER_SET_ROLE | USER_SET_EMAIL,
					   NULL),
			 0);
	assert_int_equal(store_user_get(fx->st, "per", &got, NULL), 0);
	assert_true(got.disabled);
	assert_int_equal(got.role, ROLE_READER);
	assert_string_equal(got.email, "per@example.no");
	assert_string_equal(got.display_name, "");
	/* Nothing asked, nothing written. */
	stale.disabled = false;
	snprintf(stale.display_name, sizeof(stale.display_name), "Per");
	assert_int_equal(store_user_update(fx->st, &stale, 0, NULL), 0);
	assert_int_equal(store_user_get(fx->st, "per", &got, NULL), 0);
	assert_true(got.disabled);
	assert_string_equal(got.display_name, "");
}

static void add_token(struct store *st, int64_t uid, const char *hash)
{
	struct token_row t;

	memset(&t, 0, sizeof(t));
	t.user_id = uid;
	snprintf(t.scope, sizeof(t.scope), "read");
	snprintf(t.hash, sizeof(t.hash), "%s", hash);
	snprintf(t.prefix, sizeof(t.prefix), "vk_%.6s", hash);
	snprintf(t.created_at, sizeof(t.created_at), "2025-01-01T00:00:00Z");
	assert_int_equal(store_token_insert(st, &t, NULL), 0);
}

static void test_revoke_all_tokens_of_a_user(void **state)
{
	struct fixture *fx = *state;
	int64_t per = new_user(fx->st, "per", ROLE_READER);
	int64_t ola = new_user(fx->st, "ola", ROLE_READER);
	int64_t n = -1;

	add_token(fx->st, per, "aaaaaa1");
	add_token(fx->st, per, "aaaaaa2");
	add_token(fx->st, ola, "bbbbbb1");
	assert_int_equal(store_token_revoke(fx->st, 1, "2025-01-02T00:00:00Z",
					    NULL),
			 0);
	assert_int_equal(store_token_revoke_user(fx->st, per,
						 "2025-01-03T00:00:00Z", &n,
						 NULL),
			 0);
	assert_int_equal(n, 1);	/* the other one was revoked already */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM api_token "
					     "WHERE revoked_at IS NULL"),
			 1);
	/* The first revocation keeps its time. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM api_token "
					     "WHERE revoked_at = "
					     "'2025-01-02T00:00:00Z'"),
			 1);
	assert_int_equal(store_token_revoke_user(fx->st, per,
						 "2025-01-04T00:00:00Z", &n,
						 NULL),
			 0);
	assert_int_equal(n, 0);
}

/* The bookkeeping of refused requests, beside the sign-in attempts. */
static void test_refusals(void **state)
{
	struct fixture *fx = *state;
	char at[USER_TIME_MAX + 1], first[USER_TIME_MAX + 1];
	int64_t id, n, mark;

	assert_int_equal(store_refusal_last_report(fx->st, "audited:csrf",
						   "10.0.0.1", &id, at, NULL),
			 0);
	assert_int_equal(id, 0);
	assert_string_equal(at, "");
	for (int i = 0; i < 3; i++)
		store_login_attempt_add(fx->st, "denied:csrf", "10.0.0.1",
					"2025-01-01T10:00:00Z", LOGIN_DENIED,
					NULL, NULL);
	store_login_attempt_add(fx->st, "denied:csrf", "10.0.0.2",
				"2025-01-01T10:00:01Z", LOGIN_DENIED, NULL,
				NULL);
	store_login_attempt_add(fx->st, "denied:credentials", NULL,
				"2025-01-01T10:00:02Z", LOGIN_DENIED, NULL,
				NULL);
	assert_int_equal(store_refusal_count(fx->st, "denied:csrf", "10.0.0.1",
					     LOGIN_DENIED, 0, &n, first, NULL),
			 0);
	assert_int_equal(n, 3);
	assert_string_equal(first, "2025-01-01T10:00:00Z");
	assert_int_equal(store_refusal_count(fx->st, "denied:credentials",
					     NULL, LOGIN_DENIED, 0, &n, first,
					     NULL),
			 0);
	assert_int_equal(n, 1);
	/* Sign-in failures are not refusals, and count by address alone. */
	store_login_attempt_add(fx->st, "ola", "10.0.0.1",
				"2025-01-01T10:00:03Z", LOGIN_FAILED, NULL,
				NULL);
	assert_int_equal(store_refusal_count(fx->st, NULL, "10.0.0.1",
					     LOGIN_FAILED, 0, &n, first, NULL),
			 0);
	assert_int_equal(n, 1);
	/* Reported: the mark, and the rows it covers are forgotten. */
	store_login_attempt_add(fx->st, "audited:csrf", "10.0.0.1",
				"2025-01-01T10:00:04Z", LOGIN_REPORTED, &mark,
				NULL);
	assert_int_equal(store_refusal_forget(fx->st, "denied:csrf",
					      "audited:csrf", "10.0.0.1", mark,
					      NULL),
			 0);
	assert_int_equal(store_refusal_count(fx->st, "denied:csrf", "10.0.0.1",
					     LOGIN_DENIED, 0, &n, first, NULL),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_refusal_count(fx->st, "denied:csrf", "10.0.0.2",
					     LOGIN_DENIED, 0, &n, first, NULL),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_refusal_last_report(fx->st, "audited:csrf",
						   "10.0.0.1", &id, at, NULL),
			 0);
	assert_int_equal(id, mark);
	assert_string_equal(at, "2025-01-01T10:00:04Z");
	store_login_attempt_add(fx->st, "audited:csrf", "10.0.0.1",
				"2025-01-01T10:01:10Z", LOGIN_REPORTED, &id,
				NULL);
	assert_int_equal(store_refusal_reports_since(fx->st, "audited:csrf",
						     "2025-01-01T10:00:00Z",
						     &n, NULL),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_refusal_reports_since(fx->st, "audited:csrf",
						     "2025-01-01T10:01:00Z",
						     &n, NULL),
			 0);
	assert_int_equal(n, 1);
	/* Only the newest mark is kept. */
	assert_int_equal(store_refusal_forget(fx->st, "denied:csrf",
					      "audited:csrf", "10.0.0.1", id,
					      NULL),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "login_attempt WHERE ok = 4"),
			 1);
	/* None of it counts against sign-in. */
	assert_int_equal(store_login_failures_address(fx->st, "10.0.0.1",
						      "2025-01-01T09:00:00Z",
						      20, &n, first, NULL),
			 0);
	assert_int_equal(n, 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_user_insert_get),    T(test_sql_in_values_is_text),
		T(test_actors_update_password), T(test_each_and_admins),
		T(test_sessions),	    T(test_tokens),
		T(test_login_attempts),	    T(test_one_time_links),
		T(test_user_delete_cascades),
		T(test_update_writes_only_given_fields),
		T(test_revoke_all_tokens_of_a_user),
		T(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
