/*
 * tests/test_changes.c: "what changed since" in the service layer
 * (service/changes.c), on a fresh database per test: the fields, lists
 * and links a PATCH changed; status and progress after a report is
 * approved (and back after an approved one is returned); created and
 * deleted measures; that drafts, comments, user names and account events
 * never reach the answer; the `since` boundary to the millisecond; its
 * forms; newest change first.
 */
#include "fixture.h"

#include <time.h>

#include "service/audit.h"
#include "service/changes.h"
#include "service/import.h"
#include "service/report.h"
#include "service/write.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"
#define ALL "2000-01-01"

/* M1 has an approved report for 2025-T1 (imported: no audit event). */
static const char data[] =
    HEAD "\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\"}],\n"
	 "\"actors\": [{\"id\": \"SIVA\", \"name_nb\": \"Siva\"},"
	 " {\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\"}],\n"
	 "\"strategies\": [{\"id\": \"VK\", \"name_nb\": \"Veikart\", "
	 "\"source\": \"S1\"}],\n"
	 "\"schemes\": [{\"id\": \"SCH\", \"name_nb\": \"Katapult\"}],\n"
	 "\"measures\": [\n"
	 " {\"id\": \"M1\", \"strategy\": \"VK\", \"title_nb\": \"Første æøå\","
	 " \"title_en\": \"First\", \"source\": \"S1\", \"responsible\": "
	 "[{\"actor\": \"SIVA\", \"role\": \"lead\"}]},\n"
	 " {\"id\": \"M2\", \"strategy\": \"VK\", \"title_nb\": \"Andre\", "
	 "\"source\": \"S1\", \"responsible\": [{\"actor\": \"SIVA\", "
	 "\"role\": \"lead\"}]},\n"
	 " {\"id\": \"M3\", \"strategy\": \"VK\", \"title_nb\": \"Tredje\", "
	 "\"source\": \"S1\", \"responsible\": [{\"actor\": \"IN\", "
	 "\"role\": \"lead\"}]}],\n"
	 "\"reports\": [{\"id\": \"M1.2025-T1\", \"measure\": \"M1\", "
	 "\"period\": \"2025-T1\", \"state\": \"approved\", \"status\": "
	 "\"on_track\", \"progress\": 30, \"done_text\": \"Startet\", "
	 "\"approved_at\": \"2025-05-10T10:00:00Z\"}]}\n";

static struct principal coord;

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "c.json", data, strlen(data),
					&res, NULL, &err),
			 0);
	assert_int_equal(store_exec(fx->st,
				    "INSERT INTO app_user (id, username, "
				    "email, role) VALUES (1, 'koordinator', "
				    "'k@example.no', 'coordinator')",
				    &err),
			 0);
	memset(&coord, 0, sizeof(coord));
	coord.user_id = 1;
	coord.role = ROLE_COORDINATOR;
	coord.can_write = true;
	snprintf(coord.username, sizeof(coord.username), "koordinator");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

/* ---- helpers ---- */

static json_t *body(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (!v)
		fail_msg("bad test JSON: %s", jerr.text);
	return v;
}

static const char *sv(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool any(void *arg, json_t *item)
{
	(void)arg;
	(void)item;
	return true;
}

static void patch(struct fixture *fx, const char *coll, const char *id,
		  const char *json)
{
	struct write_guard g = {any, NULL};
	struct write_result res = {0};
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *b = body(json);

	if (service_update(fx->st, &coord, entity_find(coll), id, b, &g, &res,
			   &probs, &err) < 0)
		fail_msg("patch %s: %s", id, err.msg);
	write_result_release(&res);
	problems_release(&probs);
	json_decref(b);
}

static void create(struct fixture *fx, const char *coll, const char *json)
{
	struct write_result res = {0};
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *b = body(json);

	if (service_create(fx->st, &coord, entity_find(coll), b, &res, &probs,
			   &err) < 0)
		fail_msg("create: %s", err.msg);
	write_result_release(&res);
	problems_release(&probs);
	json_decref(b);
}

static void delete (struct fixture *fx, const char *coll, const char *id)
{
	struct write_guard g = {any, NULL};
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;

	if (service_delete(fx->st, &coord, entity_find(coll), id, &g, &probs,
			   &err) < 0)
		fail_msg("delete %s: %s", id, err.msg);
	problems_release(&probs);
}

static void open_period(struct fixture *fx, const char *id)
{
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	char text[64];
	json_t *b, *p;

	snprintf(text, sizeof(text), "{\"id\": \"%s\"}", id);
	b = body(text);
	p = service_period_open(fx->st, &coord, b, &probs, &err);
	if (!p)
		fail_msg("open %s: %s", id, err.msg);
	json_decref(p);
	json_decref(b);
	problems_release(&probs);
}

/* Creates a status report and moves it through `actions`. */
static void report(struct fixture *fx, const char *measure, const char *json,
		   const enum report_action *actions, size_t n)
{
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *b = body(json), *r;
	char id[80];

	r = service_report_create(fx->st, &coord, measure, b, NULL, &probs,
				  &err);
	if (!r)
		fail_msg("report for %s: %s", measure, err.msg);
	snprintf(id, sizeof(id), "%s", sv(r, "id"));
	json_decref(r);
	json_decref(b);
	for (size_t i = 0; i < n; i++) {
		b = actions[i] == REPORT_RETURN
			? body("{\"comment\": \"INTERN KOMMENTAR\"}")
			: NULL;
		r = service_report_act(fx->st, &coord, id, actions[i], b, NULL,
				       &probs, &err);
		if (!r)
			fail_msg("act on %s: %s", id, err.msg);
		json_decref(r);
		json_decref(b);
	}
	problems_release(&probs);
}

static const enum report_action approve[] = {REPORT_SUBMIT, REPORT_APPROVE};

static json_t *changes(struct fixture *fx, const char *since)
{
	struct err err = ERR_INIT;
	json_t *c = service_changes(fx->st, since, &err);

	if (!c)
		fail_msg("changes since %s: %s", since, err.msg);
	return c;
}

/* The item of measure id, or NULL. */
static json_t *item(json_t *c, const char *id)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(c, "items"), i, it)
		if (!strcmp(sv(it, "measure"), id))
			return it;
	return NULL;
}

static size_t n_items(json_t *c)
{
	return json_array_size(json_object_get(c, "items"));
}

/* Lets the clock move on a millisecond or more between events. */
static void tick(void)
{
	struct timespec ts = {0, 3 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

/* The time of the newest audit event (copied into out). */
static void last_at(struct fixture *fx, char out[40])
{
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;

	assert_int_equal(store_prepare(fx->st,
				       "SELECT at FROM audit_event ORDER BY "
				       "id DESC LIMIT 1",
				       &q, &err),
			 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	snprintf(out, 40, "%s", store_col_text(q, 0));
	store_finalize(q);
}

/* ---- tests ---- */

static void test_nothing_changed(void **state)
{
	struct fixture *fx = *state;
	json_t *c = changes(fx, ALL);

	assert_string_equal(sv(c, "since"), ALL);
	assert_int_equal(n_items(c), 0);
	json_decref(c);
}

static void test_patch_marks_fields_and_lists(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *it, *d, *f;

	patch(fx, "measures", "M1",
	      "{\"deadline\": \"2026-12-31\", \"title_nb\": \"Første ny\", "
	      "\"responsible\": [{\"actor\": \"SIVA\", \"role\": \"lead\"}, "
	      "{\"actor\": \"IN\", \"role\": \"contributing\"}], "
	      "\"allocations\": [{\"scheme\": \"SCH\", \"year\": 2025, "
	      "\"amount_nok\": 5000000}]}");
	c = changes(fx, ALL);
	assert_int_equal(n_items(c), 1);
	it = item(c, "M1");
	assert_non_null(it);
	assert_string_equal(sv(it, "title_nb"), "Første ny");
	assert_string_equal(sv(it, "title_en"), "First");
	/* No report moved: no status, progress or reports. */
	assert_null(json_object_get(it, "status"));
	assert_null(json_object_get(it, "progress"));
	assert_null(json_object_get(it, "reports"));
	assert_null(json_object_get(it, "created"));
	d = json_object_get(it, "responsible");
	assert_int_equal(json_array_size(json_object_get(d, "removed")), 0);
	assert_int_equal(json_array_size(json_object_get(d, "added")), 1);
	assert_string_equal(
	    sv(json_array_get(json_object_get(d, "added"), 0), "actor"), "IN");
	d = json_object_get(it, "allocations");
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_array_get(json_object_get(d, "added"), 0), "amount_nok")),
	    5000000);
	assert_null(json_object_get(it, "milestones"));
	f = json_object_get(it, "fields");
	assert_int_equal(json_array_size(f), 2);
	assert_string_equal(sv(json_array_get(f, 0), "field"), "title_nb");
	assert_string_equal(sv(json_array_get(f, 0), "old"), "Første æøå");
	assert_string_equal(sv(json_array_get(f, 0), "new"), "Første ny");
	assert_string_equal(sv(json_array_get(f, 1), "field"), "deadline");
	assert_true(json_is_null(json_object_get(json_array_get(f, 1), "old")));
	assert_string_equal(sv(json_array_get(f, 1), "new"), "2026-12-31");
	json_decref(c);
}

/* Two PATCHes: old is before the first, new after the last; a value
 * changed and changed back is no change. */
static void test_patches_combine(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *f;

	patch(fx, "measures", "M2", "{\"deadline\": \"2026-06-30\"}");
	patch(fx, "measures", "M2", "{\"deadline\": \"2027-06-30\"}");
	patch(fx, "measures", "M3", "{\"start\": \"2025-01\"}");
	patch(fx, "measures", "M3", "{\"start\": null}");
	c = changes(fx, ALL);
	assert_int_equal(n_items(c), 1);
	f = json_object_get(item(c, "M2"), "fields");
	assert_int_equal(json_array_size(f), 1);
	assert_true(json_is_null(json_object_get(json_array_get(f, 0), "old")));
	assert_string_equal(sv(json_array_get(f, 0), "new"), "2027-06-30");
	json_decref(c);
}

static void test_approval_changes_status_and_progress(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *it;

	open_period(fx, "2025-T2");
	report(fx, "M1",
	       "{\"period\": \"2025-T2\", \"status\": \"delayed\", "
	       "\"progress\": 35, \"done_text\": \"Forsinket\"}",
	       approve, 2);
	report(fx, "M2",
	       "{\"period\": \"2025-T2\", \"status\": \"on_track\", "
	       "\"progress\": 10, \"done_text\": \"I gang\"}",
	       approve, 2);
	c = changes(fx, ALL);
	assert_int_equal(n_items(c), 2);
	it = item(c, "M1");
	assert_string_equal(sv(json_object_get(it, "status"), "old"),
			    "on_track");
	assert_string_equal(sv(json_object_get(it, "status"), "new"),
			    "delayed");
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(it, "progress"), "old")),
			 30);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(it, "progress"), "new")),
			 35);
	assert_string_equal(json_string_value(json_array_get(
				json_object_get(it, "reports"), 0)),
			    "2025-T2");
	/* M2 had no approved report: "not reported" and no progress. */
	it = item(c, "M2");
	assert_string_equal(sv(json_object_get(it, "status"), "old"),
			    "not_reported");
	assert_true(json_is_null(
	    json_object_get(json_object_get(it, "progress"), "old")));
	assert_null(json_object_get(it, "fields"));
	json_decref(c);
}

/* A report approved with the same status and progress: only "reports". */
static void test_same_status_new_report(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *it;

	open_period(fx, "2025-T2");
	report(fx, "M1",
	       "{\"period\": \"2025-T2\", \"status\": \"on_track\", "
	       "\"progress\": 30, \"done_text\": \"Som før\"}",
	       approve, 2);
	c = changes(fx, ALL);
	it = item(c, "M1");
	assert_non_null(it);
	assert_null(json_object_get(it, "status"));
	assert_null(json_object_get(it, "progress"));
	assert_int_equal(json_array_size(json_object_get(it, "reports")), 1);
	json_decref(c);
}

/* Drafts, submissions, returns and comments, who did it and account
 * events never reach the answer. */
static void test_nothing_private_leaks(void **state)
{
	static const enum report_action submit_return[] = {REPORT_SUBMIT,
							   REPORT_RETURN};
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *c, *detail;
	char *text;

	open_period(fx, "2025-T2");
	report(fx, "M2",
	       "{\"period\": \"2025-T2\", \"status\": \"at_risk\", "
	       "\"progress\": 5, \"done_text\": \"HEMMELIG UTKAST\"}",
	       submit_return, 2);
	report(fx, "M3",
	       "{\"period\": \"2025-T2\", \"status\": \"at_risk\", "
	       "\"progress\": 5, \"done_text\": \"ANNET UTKAST\"}",
	       NULL, 0);
	detail = json_pack("{s:s}", "address", "192.0.2.1");
	assert_int_equal(audit_record(fx->st, &coord, "session.sign_in",
				      "users", "koordinator", detail, &err),
			 0);
	json_decref(detail);
	audit_denied(fx->st, &coord, "update", "measures", "M1",
		     &(struct err){.code = ERR_FORBIDDEN, .msg = "nei"});
	c = changes(fx, ALL);
	assert_int_equal(n_items(c), 0);
	json_decref(c);
	/* With a public change beside them, still nothing of theirs. */
	patch(fx, "measures", "M2", "{\"deadline\": \"2026-01-01\"}");
	c = changes(fx, ALL);
	text = json_dumps(c, 0);
	assert_int_equal(n_items(c), 1);
	assert_null(strstr(text, "HEMMELIG"));
	assert_null(strstr(text, "ANNET UTKAST"));
	assert_null(strstr(text, "INTERN KOMMENTAR"));
	assert_null(strstr(text, "koordinator"));
	assert_null(strstr(text, "192.0.2.1"));
	assert_null(strstr(text, "at_risk"));
	assert_null(strstr(text, "\"user"));
	free(text);
	json_decref(c);
}

/* An approved report returned while its period is open: the status goes
 * back, so a reader since before both sees no change; one since between
 * them sees it go back. */
static void test_returned_approval(void **state)
{
	static const enum report_action ret[] = {REPORT_RETURN};
	struct fixture *fx = *state;
	char between[40], *text;
	json_t *c, *it;

	open_period(fx, "2025-T2");
	report(fx, "M1",
	       "{\"period\": \"2025-T2\", \"status\": \"completed\", "
	       "\"progress\": 100, \"done_text\": \"Ferdig\"}",
	       approve, 2);
	tick();
	report(fx, "M3",
	       "{\"period\": \"2025-T2\", \"status\": \"on_track\", "
	       "\"progress\": 1, \"done_text\": \"x\"}",
	       NULL, 0);
	last_at(fx, between);
	tick();
	{
		struct problems probs = PROBLEMS_INIT(10);
		struct err err = ERR_INIT;
		json_t *b = body("{\"comment\": \"INTERN KOMMENTAR\"}");
		json_t *r = service_report_act(fx->st, &coord, "M1.2025-T2",
					       ret[0], b, NULL, &probs, &err);

		if (!r)
			fail_msg("return: %s", err.msg);
		json_decref(r);
		json_decref(b);
		problems_release(&probs);
	}
	c = changes(fx, ALL);
	assert_null(item(c, "M1"));
	json_decref(c);
	c = changes(fx, between);
	it = item(c, "M1");
	assert_non_null(it);
	assert_string_equal(sv(json_object_get(it, "status"), "old"),
			    "completed");
	assert_string_equal(sv(json_object_get(it, "status"), "new"),
			    "on_track");
	assert_null(json_object_get(it, "reports"));
	text = json_dumps(c, 0);
	assert_null(strstr(text, "INTERN"));
	free(text);
	json_decref(c);
}

static void test_since_boundary(void **state)
{
	struct fixture *fx = *state;
	char at[40], later[40], second[40];
	json_t *c;
	int ms;

	patch(fx, "measures", "M1", "{\"deadline\": \"2026-12-31\"}");
	last_at(fx, at);
	/* At the event's own time: included. */
	c = changes(fx, at);
	assert_int_equal(n_items(c), 1);
	json_decref(c);
	/* One millisecond later: not. */
	assert_int_equal(strlen(at), 24);
	ms = atoi(at + 20);
	snprintf(later, sizeof(later), "%.20s%03dZ", at, ms + 1);
	if (ms == 999)
		skip();
	c = changes(fx, later);
	assert_int_equal(n_items(c), 0);
	json_decref(c);
	/* The same second without milliseconds is its start: included. */
	snprintf(second, sizeof(second), "%.19sZ", at);
	c = changes(fx, second);
	assert_int_equal(n_items(c), 1);
	assert_int_equal(strlen(sv(c, "since")), 24);
	json_decref(c);
	/* The day as a date: included. */
	snprintf(second, sizeof(second), "%.10s", at);
	c = changes(fx, second);
	assert_int_equal(n_items(c), 1);
	json_decref(c);
}

static void test_since_forms(void **state)
{
	static const char *const bad[] = {
	    "",
	    "yesterday",
	    "2025-13-01",
	    "2025-02-30",
	    "2025-05-01T10:00",
	    "2025-05-01 10:00:00Z",
	    "2025-05-01T10:00:00+02:00",
	    "2025",
	    "2025-05-01T1:00Z",
	    "2025-05-01X",
	};
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = (struct err)ERR_INIT;
		assert_null(service_changes(fx->st, bad[i], &err));
		assert_int_equal(err.code, ERR_INVALID);
	}
	assert_null(service_changes(fx->st, NULL, &err));
	c = changes(fx, "2025-05-01T22:00Z");
	assert_string_equal(sv(c, "since"), "2025-05-01T22:00:00.000Z");
	json_decref(c);
	c = changes(fx, "2025-05-01T22:00:00.123Z");
	assert_string_equal(sv(c, "since"), "2025-05-01T22:00:00.123Z");
	json_decref(c);
}

static void test_created_deleted_and_links(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *it, *added;

	create(fx, "measures",
	       "{\"id\": \"M-NY\", \"strategy\": \"VK\", \"title_nb\": "
	       "\"Nytt tiltak\", \"source\": \"S1\"}");
	create(fx, "measures",
	       "{\"id\": \"M-KORT\", \"strategy\": \"VK\", \"title_nb\": "
	       "\"Kortlivet\", \"source\": \"S1\"}");
	delete (fx, "measures", "M-KORT");
	delete (fx, "measures", "M3");
	create(fx, "links",
	       "{\"id\": \"L9\", \"from\": \"M2\", \"to\": \"M1\", "
	       "\"kind\": \"depends_on\"}");
	c = changes(fx, ALL);
	/* Created and deleted since: nothing to see. */
	assert_null(item(c, "M-KORT"));
	it = item(c, "M-NY");
	assert_true(json_is_true(json_object_get(it, "created")));
	assert_string_equal(sv(it, "title_nb"), "Nytt tiltak");
	it = item(c, "M3");
	assert_true(json_is_true(json_object_get(it, "deleted")));
	assert_string_equal(sv(it, "title_nb"), "Tredje");
	added =
	    json_object_get(json_object_get(item(c, "M1"), "links"), "added");
	assert_int_equal(json_array_size(added), 1);
	assert_string_equal(sv(json_array_get(added, 0), "from"), "M2");
	assert_string_equal(sv(json_array_get(added, 0), "kind"), "depends_on");
	assert_non_null(json_object_get(item(c, "M2"), "links"));
	assert_int_equal(n_items(c), 4);
	json_decref(c);
}

static void test_newest_first(void **state)
{
	struct fixture *fx = *state;
	json_t *c, *items;

	patch(fx, "measures", "M2", "{\"deadline\": \"2026-01-01\"}");
	tick();
	patch(fx, "measures", "M1", "{\"deadline\": \"2026-01-01\"}");
	tick();
	patch(fx, "measures", "M3", "{\"deadline\": \"2026-01-01\"}");
	tick();
	patch(fx, "measures", "M2", "{\"deadline\": \"2026-02-01\"}");
	c = changes(fx, ALL);
	items = json_object_get(c, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(sv(json_array_get(items, 0), "measure"), "M2");
	assert_string_equal(sv(json_array_get(items, 1), "measure"), "M3");
	assert_string_equal(sv(json_array_get(items, 2), "measure"), "M1");
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_nothing_changed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_patch_marks_fields_and_lists,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_patches_combine, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_approval_changes_status_and_progress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_status_new_report, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_nothing_private_leaks, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_returned_approval, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_since_boundary, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_since_forms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_created_deleted_and_links,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newest_first, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
