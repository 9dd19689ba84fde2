/*
 * tests/test_audit.c: the audit log's hash chain. A chain written through
 * audit_append verifies; then each test tampers with the table the way an
 * attacker with the database file could (edit, delete, insert, with SQL)
 * and checks that audit_verify names the first event that no longer fits.
 */
#include "fixture.h"

#include "service/audit.h"

static const struct principal who = {
	2, 0, ROLE_COORDINATOR, true, "koord", { "" }, 0, "", 0
};

/* Appends n events, each in its own transaction as writes do. */
static void append_events(struct store *st, int n)
{
	struct err err = ERR_INIT;

	for (int i = 1; i <= n; i++) {
		char id[16];
		json_t *before = json_pack("{s:s,s:i}", "name_nb", "Før",
					   "no", i);
		json_t *after = json_pack("{s:s,s:i}", "name_nb",
					  "Etter æøå", "no", i);

		snprintf(id, sizeof(id), "A-%d", i);
		assert_int_equal(store_begin(st, &err), 0);
		assert_int_equal(audit_append(st, &who, "update", "actors", id,
					      i == 1 ? NULL : before, after,
					      &err), 0);
		assert_int_equal(store_commit(st, &err), 0);
		json_decref(before);
		json_decref(after);
	}
}

/* Runs verify; returns the first bad id (0: intact), *checked the count. */
static int64_t verify(struct store *st, int64_t *checked, char *why)
{
	struct err err = ERR_INIT;
	int64_t bad = -1, n = 0;

	assert_int_equal(audit_verify(st, &n, &bad, why, 256, &err), 0);
	if (checked)
		*checked = n;
	return bad;
}

static void sql(struct store *st, const char *text)
{
	struct err err = ERR_INIT;

	if (store_exec(st, text, &err) < 0)
		fail_msg("%s: %s", text, err.msg);
}

static void expect_broken_at(struct store *st, int64_t id, const char *why)
{
	char got[256];
	int64_t bad = verify(st, NULL, got);

	assert_int_equal(bad, id);
	if (!strstr(got, why))
		fail_msg("\"%s\" lacks \"%s\"", got, why);
}

static void test_empty_log_is_intact(void **state)
{
	struct fixture *fx = *state;
	char why[256];
	int64_t n = -1;

	assert_int_equal(verify(fx->st, &n, why), 0);
	assert_int_equal(n, 0);
}

static void test_chain_verifies(void **state)
{
	struct fixture *fx = *state;
	char why[256];
	int64_t n;

	append_events(fx->st, 6);
	assert_int_equal(verify(fx->st, &n, why), 0);
	assert_int_equal(n, 6);
	assert_string_equal(why, "");
	/* The first event links to the genesis value. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE id = 1 AND "
					     "prev_hash = '" AUDIT_GENESIS "'"),
			 1);
	/* Each later one to the hash of the one before. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event a JOIN audit_event "
					     "b ON b.id = a.id - 1 WHERE "
					     "a.prev_hash = b.hash"),
			 5);
}

static void test_edited_content_is_found(void **state)
{
	struct fixture *fx = *state;

	append_events(fx->st, 5);
	sql(fx->st, "UPDATE audit_event SET after_json = "
		    "'{\"name_nb\":\"Forfalsket\",\"no\":3}' WHERE id = 3");
	expect_broken_at(fx->st, 3, "was changed after it was written");
}

static void test_every_column_is_covered(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_event SET at = '2020-01-01T00:00:00.000Z' "
		"WHERE id = 2",
		"UPDATE audit_event SET user_id = 1 WHERE id = 2",
		"UPDATE audit_event SET token_id = 9 WHERE id = 2",
		"UPDATE audit_event SET action = 'create' WHERE id = 2",
		"UPDATE audit_event SET entity_type = 'measures' WHERE id = 2",
		"UPDATE audit_event SET entity_id = 'A-9' WHERE id = 2",
		"UPDATE audit_event SET before_json = NULL WHERE id = 2",
		"UPDATE audit_event SET hash = '00' WHERE id = 2",
	};
	struct fixture *fx = *state;

	append_events(fx->st, 3);
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		sql(fx->st, "SAVEPOINT t");
		sql(fx->st, edits[i]);
		expect_broken_at(fx->st, 2, "event 2");
		sql(fx->st, "ROLLBACK TO t");
		sql(fx->st, "RELEASE t");
		assert_int_equal(verify(fx->st, NULL, (char[256]){ 0 }), 0);
	}
}

static void test_deleted_event_breaks_the_next(void **state)
{
	struct fixture *fx = *state;

	append_events(fx->st, 5);
	sql(fx->st, "DELETE FROM audit_event WHERE id = 3");
	expect_broken_at(fx->st, 4, "does not link to the event before it");
}

/* A well-formed event (hash right for its content) put between 10 and 20. */
static void insert_forged(struct store *st, int64_t id, const char *prev,
			  bool good_hash)
{
	struct audit_row row = {
		.id = id, .at = "2025-01-01T00:00:00.000Z", .user_id = 1,
		.action = "delete", .entity_type = "measures",
		.entity_id = "M-1", .before_json = "{\"id\":\"M-1\"}",
		.prev_hash = prev,
	};
	char hash[65], text[1024];

	audit_hash(&row, hash);
	snprintf(text, sizeof(text),
		 "INSERT INTO audit_event (id, at, user_id, action, "
		 "entity_type, entity_id, before_json, prev_hash, hash) VALUES "
		 "(%lld, '%s', 1, 'delete', 'measures', 'M-1', "
		 "'{\"id\":\"M-1\"}', '%s', '%s')",
		 (long long)id, row.at, prev, good_hash ? hash : "forged");
	sql(st, text);
}

static void test_inserted_event_is_found(void **state)
{
	struct fixture *fx = *state;
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	char prev[65];

	append_events(fx->st, 4);
	/* Ids are not hashed: spreading them out keeps the chain whole. */
	sql(fx->st, "UPDATE audit_event SET id = id * 10");
	assert_int_equal(verify(fx->st, NULL, (char[256]){ 0 }), 0);
	assert_int_equal(store_prepare(fx->st, "SELECT hash FROM audit_event "
					       "WHERE id = 10", &q, &err), 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	snprintf(prev, sizeof(prev), "%s", store_col_text(q, 0));
	store_finalize(q);

	/* A crude forgery fails on its own hash. */
	sql(fx->st, "SAVEPOINT t");
	insert_forged(fx->st, 15, prev, false);
	expect_broken_at(fx->st, 15, "was changed after it was written");
	sql(fx->st, "ROLLBACK TO t");
	sql(fx->st, "RELEASE t");
	/* A careful one (right link, right hash) breaks the link after it. */
	insert_forged(fx->st, 15, prev, true);
	expect_broken_at(fx->st, 20, "does not link to the event before it");
}

static void test_rolled_back_write_leaves_no_event(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *after = json_pack("{s:s}", "id", "X");

	append_events(fx->st, 1);
	assert_int_equal(store_begin(fx->st, &err), 0);
	assert_int_equal(audit_append(fx->st, &who, "create", "actors", "X",
				      NULL, after, &err), 0);
	store_rollback(fx->st);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event"),
			 1);
	/* The next event links to the last committed one. */
	assert_int_equal(audit_record(fx->st, &who, "denied", "actors", "X",
				      NULL, &err), 0);
	assert_int_equal(verify(fx->st, NULL, (char[256]){ 0 }), 0);
	json_decref(after);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, \
					     fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty_log_is_intact),
		T(test_chain_verifies),
		T(test_edited_content_is_found),
		T(test_every_column_is_covered),
		T(test_deleted_event_breaks_the_next),
		T(test_inserted_event_is_found),
		T(test_rolled_back_write_leaves_no_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
