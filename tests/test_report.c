/*
 * tests/test_report.c: the reporting workflow in the service layer, on a
 * fresh database per test: periods, the report cycle and its kept
 * versions, who may write what, locking by a closed period, late reports,
 * the to-do list, closures, reminders, and that every failed operation
 * leaves no rows and no audit event behind (a refusal leaves exactly one
 * "denied" event).
 */
#include "fixture.h"

#include <pthread.h>
#include <time.h>

#include "model/status.h"
#include "service/import.h"
#include "service/query.h"
#include "service/report.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

/* SIVA leads V-TP-1 and V-TP-2, TEAMNO leads E-02, IN contributes to
 * V-TP-1 and E-02; M-X has nobody responsible. */
static const char data[] = HEAD
	"\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\"}],\n"
	"\"actors\": [{\"id\": \"SIVA\", \"name_nb\": \"Siva\"},"
	" {\"id\": \"TEAMNO\", \"name_nb\": \"Team Norway\"},"
	" {\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\"}],\n"
	"\"strategies\": [{\"id\": \"VK\", \"name_nb\": \"Veikart\", "
	"\"source\": \"S1\"}, {\"id\": \"EX\", \"name_nb\": \"Eksport\", "
	"\"source\": \"S1\"}],\n"
	"\"measures\": [\n"
	" {\"id\": \"V-TP-1\", \"strategy\": \"VK\", \"title_nb\": "
	"\"Testsenter for helseteknologi – æøå\", \"source\": \"S1\", "
	"\"responsible\": [{\"actor\": \"SIVA\", \"role\": \"lead\"}, "
	"{\"actor\": \"IN\", \"role\": \"contributing\"}]},\n"
	" {\"id\": \"V-TP-2\", \"strategy\": \"VK\", \"title_nb\": \"x\", "
	"\"source\": \"S1\", \"responsible\": [{\"actor\": \"SIVA\", "
	"\"role\": \"lead\"}]},\n"
	" {\"id\": \"E-02\", \"strategy\": \"EX\", \"title_nb\": \"y\", "
	"\"source\": \"S1\", \"responsible\": [{\"actor\": \"TEAMNO\", "
	"\"role\": \"lead\"}, {\"actor\": \"IN\", \"role\": "
	"\"contributing\"}]},\n"
	" {\"id\": \"M-X\", \"strategy\": \"EX\", \"title_nb\": \"z\", "
	"\"source\": \"S1\"}]}\n";

static const char users[] =
	"INSERT INTO app_user (id, username, email, role) VALUES "
	"(1, 'koord', 'k@example.no', 'coordinator'), "
	"(2, 'siva', 'siva@example.no', 'reporter'), "
	"(3, 'team', NULL, 'reporter'), "
	"(4, 'inn', 'inn@example.no', 'reporter'), "
	"(5, 'les', 'les@example.no', 'reader'), "
	"(6, 'gammel', 'old@example.no', 'reporter');"
	"UPDATE app_user SET disabled = 1 WHERE id = 6;"
	"INSERT INTO user_actor VALUES (2, 'SIVA'), (3, 'TEAMNO'), (4, 'IN'), "
	"(6, 'SIVA');";

static struct principal coord, siva, team, inn, reader, anon;

static void person(struct principal *p, int64_t id, enum role role,
		   const char *name, const char *actor)
{
	memset(p, 0, sizeof(*p));
	p->user_id = id;
	p->role = role;
	p->can_write = role != ROLE_ANONYMOUS;
	snprintf(p->username, sizeof(p->username), "%s", name);
	if (actor) {
		snprintf(p->actors[0], sizeof(p->actors[0]), "%s", actor);
		p->nactors = 1;
	}
}

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "r.json", data, strlen(data),
					&res, NULL, &err),
			 0);
	assert_int_equal(store_exec(fx->st, users, &err), 0);
	person(&coord, 1, ROLE_COORDINATOR, "koord", NULL);
	person(&siva, 2, ROLE_REPORTER, "siva", "SIVA");
	person(&team, 3, ROLE_REPORTER, "team", "TEAMNO");
	person(&inn, 4, ROLE_REPORTER, "inn", "IN");
	person(&reader, 5, ROLE_READER, "les", NULL);
	person(&anon, 0, ROLE_ANONYMOUS, "", NULL);
	*state = fx;
	return 0;
}

/* Helpers. */

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

static void open_period(struct fixture *fx, const char *json)
{
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *b = body(json);
	json_t *p = service_period_open(fx->st, &coord, b, &probs, &err);

	if (!p)
		fail_msg("open period: %s", err.msg);
	json_decref(p);
	json_decref(b);
	problems_release(&probs);
}

/* Creates a report; returns its id (static storage of the test). */
static json_t *create(struct fixture *fx, const struct principal *who,
		      const char *measure, const char *json, struct err *err)
{
	struct problems probs = PROBLEMS_INIT(10);
	json_t *b = body(json);
	json_t *r = service_report_create(fx->st, who, measure, b, NULL,
					  &probs, err);

	json_decref(b);
	problems_release(&probs);
	return r;
}

static json_t *act(struct fixture *fx, const struct principal *who,
		   const char *id, enum report_action a, const char *json,
		   struct err *err)
{
	struct problems probs = PROBLEMS_INIT(10);
	json_t *b = json ? body(json) : NULL;
	json_t *r = service_report_act(fx->st, who, id, a, b, NULL, &probs,
				       err);

	json_decref(b);
	problems_release(&probs);
	return r;
}

static void must(json_t *v, const struct err *err)
{
	if (!v)
		fail_msg("expected success, got %d: %s", err->code, err->msg);
	json_decref(v);
}

static int64_t count(struct fixture *fx, const char *sql)
{
	return fixture_int(fx->st, sql);
}

#define REPORTS "SELECT count(*) FROM status_report"
#define VERSIONS "SELECT count(*) FROM status_report_version"
#define EVENTS "SELECT count(*) FROM audit_event"
#define DENIED "SELECT count(*) FROM audit_event WHERE action = 'denied'"

static const char draft[] =
	"{\"period\": \"2025-T2\", \"status\": \"on_track\", \"progress\": 40, "
	"\"done_text\": \"Avtale om testsenter signert; æøå.\", "
	"\"next_steps\": \"Åpning i høst\", \"links\": [{\"title\": "
	"\"Nyhet\", \"url\": \"https://www.siva.no/\"}]}";

/* Version comparison for the guard: the client saw this `version`. */
static bool version_is(void *arg, json_t *item)
{
	return json_integer_value(json_object_get(item, "version")) ==
	       *(json_int_t *)arg;
}

/* Tests. */

static void test_period_open_defaults_and_refusals(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *b = body("{\"id\": \"2025-t2\"}");
	json_t *p = service_period_open(fx->st, &coord, b, &probs, &err);

	assert_non_null(p);
	assert_string_equal(sv(p, "id"), "2025-T2");
	assert_string_equal(sv(p, "due"), "2025-09-15");
	assert_string_equal(sv(p, "state"), "open");
	assert_string_equal(sv(p, "label"), "2025-T2 (mai–august 2025)");
	json_decref(p);
	/* Again: 409, and nothing more written. */
	assert_null(service_period_open(fx->st, &coord, b, &probs, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	json_decref(b);
	open_period(fx, "{\"id\": \"2025\"}");
	p = service_period_get(fx->st, "2025", &err);
	assert_string_equal(sv(p, "due"), "2026-01-15");
	json_decref(p);
	b = body("{\"id\": \"2025-Q3\"}");
	assert_null(service_period_open(fx->st, &coord, b, &probs, &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	json_decref(b);
	b = body("{\"id\": \"2026-T1\", \"due\": \"2026-02-30\"}");
	assert_null(service_period_open(fx->st, &coord, b, &probs, &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	json_decref(b);
	b = body("{\"id\": \"2026-T1\"}");
	assert_null(service_period_open(fx->st, &siva, b, &probs, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	json_decref(b);
	assert_int_equal(count(fx, "SELECT count(*) FROM reporting_period"),
			 2);
	problems_release(&probs);
}

static void test_full_cycle_keeps_five_revisions(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r, *h, *m;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	r = create(fx, &siva, "V-TP-1", draft, &err);
	assert_non_null(r);
	assert_string_equal(sv(r, "id"), "V-TP-1.2025-T2");
	assert_string_equal(sv(r, "state"), "draft");
	assert_string_equal(sv(r, "actor"), "SIVA");
	assert_string_equal(sv(r, "kind"), "status");
	json_decref(r);
	/* Not public before approval (as if it did not exist); readers see
	 * it. */
	assert_null(service_report_get(fx->st, &anon, "V-TP-1.2025-T2", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
	must(service_report_get(fx->st, &reader, "V-TP-1.2025-T2", &err),
	     &err);
	must(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL, &err), &err);
	r = act(fx, &coord, "V-TP-1.2025-T2", REPORT_RETURN,
		"{\"comment\": \"Beskriv risikoen nærmere.\"}", &err);
	assert_string_equal(sv(r, "state"), "returned");
	assert_string_equal(sv(r, "comment"), "Beskriv risikoen nærmere.");
	json_decref(r);
	must(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, "{}", &err), &err);
	r = act(fx, &coord, "V-TP-1.2025-T2", REPORT_APPROVE, NULL, &err);
	assert_string_equal(sv(r, "state"), "approved");
	assert_non_null(sv(r, "approved_at"));
	json_decref(r);

	h = service_report_history(fx->st, &reader, "V-TP-1.2025-T2", &err);
	assert_int_equal(json_integer_value(json_object_get(h, "total")), 5);
	r = json_array_get(json_object_get(h, "items"), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "revision")), 3);
	assert_string_equal(sv(r, "state"), "returned");
	assert_string_equal(sv(r, "user"), "koord");
	assert_string_equal(sv(json_object_get(r, "report"), "comment"),
			    "Beskriv risikoen nærmere.");
	json_decref(h);
	/* The public sees the approved version only. */
	h = service_report_history(fx->st, &anon, "V-TP-1.2025-T2", &err);
	assert_int_equal(json_integer_value(json_object_get(h, "total")), 1);
	json_decref(h);
	/* The import, the period, five report events. */
	assert_int_equal(count(fx, EVENTS), 1 + 1 + 5);
	/* The measure now shows the reported status, publicly. */
	m = service_get(fx->st, entity_find("measures"), "V-TP-1", &err);
	assert_string_equal(sv(m, "status"), "on_track");
	json_decref(m);
	h = service_measure_reports(fx->st, NULL, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(h, "total")), 1);
	json_decref(h);
}

static void test_edit_needs_the_current_version(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_int_t seen;
	struct write_guard guard = { version_is, &seen };
	json_t *r, *patch = body("{\"progress\": 55, \"challenges\": "
				 "\"Forsinket levering\", \"links\": null}");

	open_period(fx, "{\"id\": \"2025-T2\"}");
	r = create(fx, &siva, "V-TP-1", draft, &err);
	seen = json_integer_value(json_object_get(r, "version"));
	json_decref(r);
	assert_null(service_report_update(fx->st, &siva, "V-TP-1.2025-T2",
					  patch, NULL, &probs, &err));
	assert_int_equal(err.code, ERR_PRECONDITION_REQUIRED);
	r = service_report_update(fx->st, &siva, "V-TP-1.2025-T2", patch,
				  &guard, &probs, &err);
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "progress")),
			 55);
	assert_true(json_is_null(json_object_get(r, "links")));
	assert_string_equal(sv(r, "done_text"),
			    "Avtale om testsenter signert; æøå.");
	json_decref(r);
	/* The same patch again changes nothing and writes nothing. */
	seen++;
	r = service_report_update(fx->st, &siva, "V-TP-1.2025-T2", patch,
				  &guard, &probs, &err);
	assert_non_null(r);
	json_decref(r);
	assert_int_equal(count(fx, VERSIONS), 2);
	assert_int_equal(count(fx, "SELECT count(*) FROM audit_event WHERE "
				   "action = 'report.update'"),
			 1);
	/* The version seen is now stale: 412, nothing written. */
	seen--;
	assert_null(service_report_update(fx->st, &siva, "V-TP-1.2025-T2",
					  patch, &guard, &probs, &err));
	assert_int_equal(err.code, ERR_PRECONDITION);
	assert_int_equal(count(fx, VERSIONS), 2);
	/* Only content fields may be patched. */
	json_decref(patch);
	patch = body("{\"state\": \"approved\"}");
	seen++;
	assert_null(service_report_update(fx->st, &siva, "V-TP-1.2025-T2",
					  patch, &guard, &probs, &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_string_equal(probs.items[0].field, "state");
	json_decref(patch);
	problems_release(&probs);
}

static void test_reporter_of_another_actor_is_forbidden(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	int64_t events;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	events = count(fx, EVENTS);
	assert_null(create(fx, &team, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(create(fx, &siva, "E-02", draft, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(create(fx, &reader, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(create(fx, &anon, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	assert_int_equal(count(fx, REPORTS), 0);
	/* Each refusal is audited, and nothing else is. */
	assert_int_equal(count(fx, EVENTS), events + 3);
	assert_int_equal(count(fx, DENIED), 3);
	/* Nor may another actor's reporter submit SIVA's report. */
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	assert_null(act(fx, &team, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL,
			&err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(act(fx, &siva, "V-TP-1.2025-T2", REPORT_APPROVE, NULL,
			&err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
}

static void test_contributions(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	r = create(fx, &inn, "V-TP-1",
		   "{\"period\": \"2025-T2\", \"kind\": \"contribution\", "
		   "\"done_text\": \"Finansierte to pilotprosjekter.\"}",
		   &err);
	assert_non_null(r);
	assert_string_equal(sv(r, "actor"), "IN");
	assert_string_equal(sv(r, "id"), "V-TP-1.2025-T2.IN");
	json_decref(r);
	/* A contribution needs no status to be submitted. */
	must(act(fx, &inn, "V-TP-1.2025-T2.IN", REPORT_SUBMIT, NULL, &err),
	     &err);
	/* The contributing actor may not write the status report. */
	assert_null(create(fx, &inn, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	/* The lead actor may not write a contribution as IN. */
	assert_null(create(fx, &siva, "V-TP-1",
			   "{\"period\": \"2025-T2\", \"kind\": "
			   "\"contribution\", \"actor\": \"IN\"}",
			   &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	/* Both kinds live side by side. */
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	assert_int_equal(count(fx, REPORTS), 2);
}

static void test_one_live_report_per_measure_and_period(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(10);
	char existing[STORE_ID_SIZE];
	struct err err = ERR_INIT;
	json_t *b = body(draft);

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	assert_null(service_report_create(fx->st, &coord, "V-TP-1", b,
					  existing, &probs, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(existing, "V-TP-1.2025-T2");
	assert_non_null(strstr(err.msg, "/api/v1/reports/V-TP-1.2025-T2"));
	json_decref(b);
	problems_release(&probs);
}

static void test_period_must_be_open(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;

	assert_null(create(fx, &siva, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(service_period_close(fx->st, &coord, "2025-T2", &err), &err);
	assert_null(create(fx, &siva, "V-TP-1", draft, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_null(service_period_close(fx->st, &coord, "2025-T2", &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_int_equal(count(fx, REPORTS), 0);
}

static void test_closed_period_locks_approved_reports(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	const char *id = "V-TP-1.2025-T2";
	int64_t events;
	json_t *r;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	must(act(fx, &siva, id, REPORT_SUBMIT, NULL, &err), &err);
	must(act(fx, &coord, id, REPORT_APPROVE, NULL, &err), &err);
	/* Reopening is for closed periods; an open one returns instead. */
	assert_null(act(fx, &coord, id, REPORT_REOPEN,
			"{\"reason\": \"Feil tall\"}", &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	must(service_period_close(fx->st, &coord, "2025-T2", &err), &err);
	events = count(fx, EVENTS);
	assert_null(act(fx, &coord, id, REPORT_RETURN,
			"{\"comment\": \"Rett tallene\"}", &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "locked"));
	assert_null(act(fx, &siva, id, REPORT_SUBMIT, NULL, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_null(act(fx, &coord, id, REPORT_REOPEN, "{}", &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_null(act(fx, &siva, id, REPORT_REOPEN,
			"{\"reason\": \"Feil tall\"}", &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(count(fx, EVENTS), events + 1);	/* denied */
	r = act(fx, &coord, id, REPORT_REOPEN,
		"{\"reason\": \"Feil tall i fremdrift\"}", &err);
	assert_string_equal(sv(r, "state"), "returned");
	json_decref(r);
	assert_int_equal(count(fx, "SELECT count(*) FROM audit_event WHERE "
				   "action = 'report.reopen' AND entity_id = "
				   "'V-TP-1.2025-T2' AND after_json LIKE "
				   "'%Feil tall i fremdrift%'"),
			 1);
	/* A reopened report goes round again, though its period is closed. */
	must(act(fx, &siva, id, REPORT_SUBMIT, NULL, &err), &err);
	must(act(fx, &coord, id, REPORT_APPROVE, NULL, &err), &err);
}

static void test_submit_checks_completeness_and_defaults(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_t *r;

	open_period(fx, "{\"id\": \"2025-T1\"}");
	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", "{\"period\": \"2025-T1\"}", &err),
	     &err);
	r = service_report_act(fx->st, &siva, "V-TP-1.2025-T1", REPORT_SUBMIT,
			       NULL, NULL, &probs, &err);
	assert_null(r);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_int_equal(probs.n, 2);
	assert_string_equal(probs.items[0].field, "status");
	assert_string_equal(probs.items[1].field, "done_text");
	problems_release(&probs);
	/* on_track keeps the previous progress; there is none yet. */
	r = create(fx, &siva, "V-TP-2",
		   "{\"period\": \"2025-T1\", \"status\": \"on_track\", "
		   "\"done_text\": \"x\"}",
		   &err);
	json_decref(r);
	assert_null(act(fx, &siva, "V-TP-2.2025-T1", REPORT_SUBMIT, NULL,
			&err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_string_equal(err.field, "progress");
	/* completed means 100, and a later delayed report keeps it. */
	must(create(fx, &coord, "E-02",
		    "{\"period\": \"2025-T1\", \"status\": "
		    "\"completed\", \"done_text\": \"x\"}",
		    &err),
	     &err);
	must(act(fx, &coord, "E-02.2025-T1", REPORT_SUBMIT, NULL, &err), &err);
	must(act(fx, &coord, "E-02.2025-T1", REPORT_APPROVE, NULL, &err),
	     &err);
	r = service_report_get(fx->st, &anon, "E-02.2025-T1", &err);
	assert_int_equal(json_integer_value(json_object_get(r, "progress")),
			 100);
	assert_string_equal(sv(r, "actor"), "TEAMNO");
	json_decref(r);
	must(create(fx, &coord, "E-02",
		    "{\"period\": \"2025-T2\", \"status\": \"delayed\", "
		    "\"done_text\": \"Leverandør trakk seg.\"}",
		    &err),
	     &err);
	r = act(fx, &coord, "E-02.2025-T2", REPORT_SUBMIT, NULL, &err);
	assert_int_equal(json_integer_value(json_object_get(r, "progress")),
			 100);
	json_decref(r);
}

static void test_validation_names_fields(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(20);
	struct err err = ERR_INIT;
	json_t *b = body("{\"period\": \"2025-T2\", \"status\": \"fine\", "
			 "\"progress\": 101, \"links\": [{\"url\": "
			 "\"javascript:alert(1)\"}], \"done_text\": 5}");

	open_period(fx, "{\"id\": \"2025-T2\"}");
	assert_null(service_report_create(fx->st, &siva, "V-TP-1", b, NULL,
					  &probs, &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_int_equal(probs.n, 4);
	json_decref(b);
	problems_release(&probs);
	b = body("{\"period\": \"2025-X9\", \"id\": \"mine\"}");
	assert_null(service_report_create(fx->st, &siva, "V-TP-1", b, NULL,
					  &probs, &err));
	assert_string_equal(probs.items[0].field, "id");
	json_decref(b);
	problems_release(&probs);
	b = body("{\"period\": \"2025-X9\"}");
	assert_null(service_report_create(fx->st, &siva, "V-TP-1", b, NULL,
					  &probs, &err));
	assert_string_equal(err.field, "period");
	json_decref(b);
	problems_release(&probs);
	assert_null(create(fx, &siva, "NOPE", draft, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_failures_leave_nothing(void **state)
{
	struct fixture *fx = *state;
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	json_int_t stale = 99;
	struct write_guard guard = { version_is, &stale };
	json_t *patch = body("{\"progress\": 10}");
	int64_t reports, versions, events;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", "{\"period\": \"2025-T2\"}", &err),
	     &err);
	reports = count(fx, REPORTS);
	versions = count(fx, VERSIONS);
	events = count(fx, EVENTS);
	assert_null(create(fx, &siva, "V-TP-1", draft, &err));
	assert_null(create(fx, &siva, "V-TP-2",
			   "{\"period\": \"2025-T3\"}", &err));
	assert_null(create(fx, &siva, "V-TP-2",
			   "{\"period\": \"2025-T2\", \"progress\": -1}",
			   &err));
	assert_null(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL,
			&err));
	assert_null(act(fx, &coord, "V-TP-1.2025-T2", REPORT_APPROVE, NULL,
			&err));
	assert_null(act(fx, &coord, "V-TP-1.2025-T2", REPORT_RETURN, "{}",
			&err));
	assert_null(act(fx, &coord, "nope", REPORT_RETURN,
			"{\"comment\": \"x\"}", &err));
	assert_null(service_report_update(fx->st, &siva, "V-TP-1.2025-T2",
					  patch, NULL, &probs, &err));
	assert_null(service_report_update(fx->st, &siva, "V-TP-1.2025-T2",
					  patch, &guard, &probs, &err));
	assert_int_equal(count(fx, REPORTS), reports);
	assert_int_equal(count(fx, VERSIONS), versions);
	assert_int_equal(count(fx, EVENTS), events);
	json_decref(patch);
	problems_release(&probs);
}

static void test_late_after_the_due_date(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *o, *c, *row;
	size_t i;

	open_period(fx, "{\"id\": \"2025-T1\", \"due\": \"2025-05-15\"}");
	must(create(fx, &siva, "V-TP-1",
		    "{\"period\": \"2025-T1\", \"status\": \"on_track\", "
		    "\"progress\": 10, \"done_text\": \"x\"}",
		    &err),
	     &err);
	must(act(fx, &siva, "V-TP-1.2025-T1", REPORT_SUBMIT, NULL, &err), &err);
	must(create(fx, &siva, "V-TP-2", "{\"period\": \"2025-T1\"}", &err),
	     &err);
	o = service_overview(fx->st, &coord, "2025-T1", "2025-05-15", &err);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(o, "counts"), "late")),
			 0);
	json_decref(o);
	o = service_overview(fx->st, &coord, "2025-T1", "2025-05-16", &err);
	c = json_object_get(o, "counts");
	assert_int_equal(json_integer_value(json_object_get(c, "total")), 4);
	assert_int_equal(json_integer_value(json_object_get(c, "missing")), 2);
	assert_int_equal(json_integer_value(json_object_get(c, "draft")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "submitted")),
			 1);
	assert_int_equal(json_integer_value(json_object_get(c, "late")), 3);
	json_array_foreach(json_object_get(o, "measures"), i, row)
		assert_int_equal(json_is_true(json_object_get(row, "late")),
				 strcmp(sv(row, "measure"), "V-TP-1") != 0);
	row = json_array_get(json_object_get(o, "strategies"), 0);
	assert_string_equal(sv(row, "strategy"), "EX");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(row, "counts"), "missing")),
			 2);
	assert_int_equal(json_integer_value(json_object_get(o,
							    "under_reporting")),
			 4);
	json_decref(o);
	assert_null(service_overview(fx->st, &anon, "2025-T1", NULL, &err));
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	assert_null(service_overview(fx->st, &coord, "2024-T1", NULL, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static json_t *todo_ids(struct fixture *fx, const struct principal *who)
{
	struct err err = ERR_INIT;
	json_t *t = service_todo(fx->st, who, "2025-T2", &err);
	json_t *ids = json_array(), *row;
	size_t i;

	assert_non_null(t);
	json_array_foreach(json_object_get(t, "items"), i, row)
		json_array_append_new(ids, json_sprintf("%s:%s:%s",
							sv(row, "measure"),
							sv(row, "kind"),
							sv(row, "state")));
	json_decref(t);
	return ids;
}

static void expect_ids(json_t *ids, const char *want)
{
	char *got = json_dumps(ids, JSON_COMPACT);

	assert_string_equal(got, want);
	free(got);
	json_decref(ids);
}

static void test_todo_lists_what_is_owed(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	expect_ids(todo_ids(fx, &siva),
		   "[\"V-TP-1:status:missing\",\"V-TP-2:status:missing\"]");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	expect_ids(todo_ids(fx, &siva),
		   "[\"V-TP-1:status:draft\",\"V-TP-2:status:missing\"]");
	must(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL, &err), &err);
	expect_ids(todo_ids(fx, &siva), "[\"V-TP-2:status:missing\"]");
	must(act(fx, &coord, "V-TP-1.2025-T2", REPORT_RETURN,
		 "{\"comment\": \"Mer om risiko\"}", &err),
	     &err);
	expect_ids(todo_ids(fx, &siva),
		   "[\"V-TP-1:status:returned\",\"V-TP-2:status:missing\"]");
	expect_ids(todo_ids(fx, &inn), "[\"E-02:contribution:missing\","
				       "\"V-TP-1:contribution:missing\"]");
	expect_ids(todo_ids(fx, &coord), "[]");
	assert_null(service_todo(fx->st, &anon, "2025-T2", &err));
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
}

static json_t *propose(struct fixture *fx, const struct principal *who,
		       const char *measure, const char *json,
		       struct err *err)
{
	struct problems probs = PROBLEMS_INIT(10);
	json_t *b = body(json);
	json_t *r = service_closure_propose(fx->st, who, measure, b, &probs,
					    err);

	json_decref(b);
	problems_release(&probs);
	return r;
}

static json_t *decide(struct fixture *fx, const char *id, bool confirm,
		      const char *json, struct err *err)
{
	struct problems probs = PROBLEMS_INIT(10);
	json_t *b = json ? body(json) : NULL;
	json_t *r = service_closure_decide(fx->st, &coord, id, confirm, b,
					   &probs, err);

	json_decref(b);
	problems_release(&probs);
	return r;
}

static void test_closure_ends_reporting(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *c, *o, *m;
	char id[24];

	open_period(fx, "{\"id\": \"2025-T2\"}");
	assert_null(propose(fx, &team, "V-TP-2",
			    "{\"outcome\": \"completed\", \"reason\": \"x\"}",
			    &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(propose(fx, &siva, "V-TP-2",
			    "{\"outcome\": \"merged\", \"reason\": \"x\"}",
			    &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	c = propose(fx, &siva, "V-TP-2",
		    "{\"outcome\": \"merged\", \"merged_into\": \"V-TP-1\", "
		    "\"reason\": \"Slått sammen med testsenteret\"}",
		    &err);
	assert_non_null(c);
	assert_string_equal(sv(c, "state"), "proposed");
	assert_string_equal(sv(c, "proposed_by"), "siva");
	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(c, "id")));
	json_decref(c);
	assert_null(propose(fx, &siva, "V-TP-2",
			    "{\"outcome\": \"cancelled\", \"reason\": \"x\"}",
			    &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	c = service_closure_list(fx->st, &reader, "proposed", &err);
	assert_int_equal(json_integer_value(json_object_get(c, "total")), 1);
	json_decref(c);
	assert_null(decide(fx, id, false, "{}", &err));
	assert_int_equal(err.code, ERR_UNPROCESSABLE);

	c = decide(fx, id, true, NULL, &err);
	assert_non_null(c);
	assert_string_equal(sv(c, "state"), "confirmed");
	assert_string_equal(sv(c, "decided_by"), "koord");
	json_decref(c);
	m = service_get(fx->st, entity_find("measures"), "V-TP-2", &err);
	assert_string_equal(sv(m, "state"), "merged");
	assert_string_equal(sv(m, "merged_into"), "V-TP-1");
	json_decref(m);
	/* It no longer owes reports. */
	expect_ids(todo_ids(fx, &siva), "[\"V-TP-1:status:missing\"]");
	o = service_overview(fx->st, &coord, "2025-T2", NULL, &err);
	assert_int_equal(json_integer_value(json_object_get(o,
							    "under_reporting")),
			 3);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(o, "counts"), "total")),
			 3);
	json_decref(o);
	assert_null(create(fx, &siva, "V-TP-2", draft, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_null(decide(fx, id, true, NULL, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_int_equal(count(fx, "SELECT count(*) FROM audit_event WHERE "
				   "action IN ('closure.propose', "
				   "'closure.confirm', 'measure.close')"),
			 3);
}

static void test_closure_refused_keeps_the_measure(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *c, *m;

	c = propose(fx, &siva, "V-TP-1",
		    "{\"outcome\": \"completed\", \"reason\": \"Ferdig\"}",
		    &err);
	assert_non_null(c);
	json_decref(c);
	assert_null(decide(fx, "abc", false, "{\"comment\": \"x\"}", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
	c = decide(fx, "1", false,
		   "{\"comment\": \"Testsenteret er ikke åpnet ennå\"}", &err);
	assert_string_equal(sv(c, "state"), "refused");
	json_decref(c);
	m = service_get(fx->st, entity_find("measures"), "V-TP-1", &err);
	assert_string_equal(sv(m, "state"), "active");
	json_decref(m);
}

static void test_readers_see_unapproved_reports(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	r = service_measure_reports(fx->st, &anon, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 0);
	json_decref(r);
	r = service_measure_reports(fx->st, &reader, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
	json_decref(r);
	r = service_measure_history(fx->st, &reader, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
	json_decref(r);
	r = service_measure_history(fx->st, &anon, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 0);
	json_decref(r);
}

static void test_remind_plans_one_mail_per_reporter(void **state)
{
	struct fixture *fx = *state;
	struct config cfg = { .base_url = "http://veikart.test/" };
	struct err err = ERR_INIT;
	json_t *o, *r;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-2", draft, &err), &err);
	o = service_remind(fx->st, &coord, &cfg, "2025-T2", true, &err);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "reminders")), 1);
	r = json_array_get(json_object_get(o, "reminders"), 0);
	assert_string_equal(sv(r, "username"), "siva");
	assert_int_equal(json_array_size(json_object_get(r, "measures")), 1);
	assert_string_equal(sv(json_array_get(json_object_get(r, "measures"),
					      0),
			       "measure"),
			    "V-TP-1");
	/* TEAMNO's reporter has no e-mail; M-X has no lead at all. */
	assert_int_equal(json_array_size(json_object_get(o, "unreachable")),
			 2);
	json_decref(o);
	assert_null(service_remind(fx->st, &coord, &cfg, "2025-T2", false,
				   &err));
	assert_int_equal(err.code, ERR_INVALID);
	assert_non_null(strstr(err.msg, "VEIKART_SMTP_URL"));
	assert_null(service_remind(fx->st, &siva, &cfg, "2025-T2", true,
				   &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
}

/* Runs a report change or action from a connection of its own. */
struct blocked_job {
	const char *path;
	const struct principal *who;
	bool act;
	enum report_action action;
	int code;
	double seconds;
};

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *blocked_thread(void *arg)
{
	struct blocked_job *j = arg;
	struct problems probs = PROBLEMS_INIT(10);
	struct err err = ERR_INIT;
	struct store *st = store_open(j->path, 0, &err);
	json_t *patch = body("{\"progress\": 50}");
	double t0 = seconds_now();
	json_t *r = NULL;

	if (st && j->act)
		r = service_report_act(st, j->who, "V-TP-1.2025-T2", j->action,
				       NULL, NULL, &probs, &err);
	else if (st)
		r = service_report_update(st, j->who, "V-TP-1.2025-T2", patch,
					  NULL, &probs, &err);
	j->seconds = seconds_now() - t0;
	j->code = r ? 0 : err.code;
	json_decref(r);
	json_decref(patch);
	problems_release(&probs);
	store_close(st);
	return NULL;
}

static void run_blocked(struct blocked_job *j)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, blocked_thread, j), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

/*
 * An anonymous PATCH or action took the write lock before anyone asked
 * who was calling (and a PATCH answered 428 before 401): it must be
 * refused without waiting for, or holding, the lock.
 */
static void test_who_is_asking_comes_before_the_lock(void **state)
{
	struct fixture *fx = *state;
	struct blocked_job j = { .path = ((struct fixture *)*state)->path };
	struct err err = ERR_INIT;
	struct store *other;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	other = store_open(fx->path, 0, &err);
	assert_non_null(other);
	assert_int_equal(store_begin(other, &err), 0);	/* holds the lock */
	j.who = &anon;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_UNAUTHENTICATED);
	assert_true(j.seconds < 1.0);
	j.act = true;
	j.action = REPORT_APPROVE;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_UNAUTHENTICATED);
	assert_true(j.seconds < 1.0);
	j.action = REPORT_SUBMIT;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_UNAUTHENTICATED);
	assert_true(j.seconds < 1.0);
	store_rollback(other);
	store_close(other);
	/* Access before If-Match: another actor's reporter is refused (403),
	 * not asked for a version (428). */
	j.act = false;
	j.who = &team;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_FORBIDDEN);
	j.who = &reader;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_FORBIDDEN);
	j.who = &siva;
	run_blocked(&j);
	assert_int_equal(j.code, ERR_PRECONDITION_REQUIRED);
	assert_int_equal(count(fx, VERSIONS), 1);
}

/* The public does not learn that an unpublished report exists. */
static void test_unpublished_report_is_not_found_publicly(void **state)
{
	struct fixture *fx = *state;
	struct err a = ERR_INIT, b = ERR_INIT;
	char msg[sizeof(a.msg)];

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &a), &a);
	assert_null(service_report_get(fx->st, &anon, "V-TP-1.2025-T2", &a));
	assert_null(service_report_get(fx->st, &anon, "V-TP-2.2025-T2", &b));
	assert_int_equal(a.code, ERR_NOT_FOUND);
	assert_int_equal(b.code, ERR_NOT_FOUND);
	snprintf(msg, sizeof(msg), "%s", b.msg);
	assert_non_null(strstr(msg, "V-TP-2.2025-T2"));
	memcpy(strstr(msg, "V-TP-2.2025-T2"), "V-TP-1", 6);
	assert_string_equal(a.msg, msg);
	assert_null(service_report_history(fx->st, NULL, "V-TP-1.2025-T2", &a));
	assert_int_equal(a.code, ERR_NOT_FOUND);
}

/*
 * A coordinator's comment when returning a report, and the names of the
 * staff who edited it, stayed in the approved report and its versions,
 * for anyone to read. The public view leaves both out; signed-in readers
 * see them, and nothing is removed from the history itself.
 */
static void test_public_view_hides_comment_and_staff(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r, *h, *v;
	size_t i;

	open_period(fx, "{\"id\": \"2025-T2\"}");
	must(create(fx, &siva, "V-TP-1", draft, &err), &err);
	must(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL, &err), &err);
	must(act(fx, &coord, "V-TP-1.2025-T2", REPORT_RETURN,
		 "{\"comment\": \"Intern merknad: ring Kari\"}", &err),
	     &err);
	must(act(fx, &siva, "V-TP-1.2025-T2", REPORT_SUBMIT, NULL, &err), &err);
	must(act(fx, &coord, "V-TP-1.2025-T2", REPORT_APPROVE, NULL, &err),
	     &err);
	r = service_report_get(fx->st, &anon, "V-TP-1.2025-T2", &err);
	assert_non_null(r);
	assert_null(json_object_get(r, "comment"));
	json_decref(r);
	r = service_report_get(fx->st, NULL, "V-TP-1.2025-T2", &err);
	assert_null(json_object_get(r, "comment"));
	json_decref(r);
	r = service_report_get(fx->st, &reader, "V-TP-1.2025-T2", &err);
	assert_string_equal(sv(r, "comment"), "Intern merknad: ring Kari");
	json_decref(r);
	h = service_report_history(fx->st, &anon, "V-TP-1.2025-T2", &err);
	assert_int_equal(json_integer_value(json_object_get(h, "total")), 1);
	json_array_foreach(json_object_get(h, "items"), i, v) {
		assert_null(json_object_get(v, "user"));
		assert_null(json_object_get(json_object_get(v, "report"),
					    "comment"));
	}
	json_decref(h);
	h = service_report_history(fx->st, &reader, "V-TP-1.2025-T2", &err);
	v = json_array_get(json_object_get(h, "items"), 4);
	assert_string_equal(sv(v, "user"), "koord");
	assert_string_equal(sv(json_object_get(v, "report"), "comment"),
			    "Intern merknad: ring Kari");
	json_decref(h);
	h = service_measure_history(fx->st, &anon, "V-TP-1", &err);
	assert_int_equal(json_integer_value(json_object_get(h, "total")), 1);
	assert_null(json_object_get(
		json_array_get(json_object_get(h, "items"), 0), "comment"));
	json_decref(h);
	h = service_measure_history(fx->st, &reader, "V-TP-1", &err);
	assert_string_equal(sv(json_array_get(json_object_get(h, "items"), 0),
			       "comment"),
			    "Intern merknad: ring Kari");
	json_decref(h);
	/* The stored report keeps it. */
	assert_int_equal(count(fx, "SELECT count(*) FROM status_report WHERE "
				   "comment = 'Intern merknad: ring Kari'"),
			 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_period_open_defaults_and_refusals),
		T(test_full_cycle_keeps_five_revisions),
		T(test_edit_needs_the_current_version),
		T(test_reporter_of_another_actor_is_forbidden),
		T(test_contributions),
		T(test_one_live_report_per_measure_and_period),
		T(test_period_must_be_open),
		T(test_closed_period_locks_approved_reports),
		T(test_submit_checks_completeness_and_defaults),
		T(test_validation_names_fields),
		T(test_failures_leave_nothing),
		T(test_late_after_the_due_date),
		T(test_todo_lists_what_is_owed),
		T(test_closure_ends_reporting),
		T(test_closure_refused_keeps_the_measure),
		T(test_readers_see_unapproved_reports),
		T(test_remind_plans_one_mail_per_reporter),
		T(test_who_is_asking_comes_before_the_lock),
		T(test_unpublished_report_is_not_found_publicly),
		T(test_public_view_hides_comment_and_staff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
