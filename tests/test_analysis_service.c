/*
 * tests/test_analysis_service.c: the analysis against a real database:
 * the snapshot loader (store/snapshot.c), the run with its filters and
 * who sees what, and marking findings (service/analysis.c): access, the
 * rules for state and comment, the audit trail, and that a mark hides a
 * finding from the default view and survives a re-run.
 */
#include "fixture.h"

#include "analysis/analysis.h"
#include "service/analysis.h"
#include "service/import.h"
#include "store/snapshot.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

/* V-1 has no lead; V-2 is led by SIVA; an open period 2025-T2 with a
 * returned report for V-2; an input nobody answered. */
static const char data[] =
    HEAD "\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\"}],\n"
	 "\"actors\": [{\"id\": \"NFD\", \"name_nb\": \"NFD\", \"kind\": "
	 "\"ministry\"}, {\"id\": \"SIVA\", \"name_nb\": \"Siva\", "
	 "\"parent\": \"NFD\"}],\n"
	 "\"strategies\": [{\"id\": \"VK\", \"name_nb\": \"Veikart\", "
	 "\"source\": \"S1\"}],\n"
	 "\"arenas\": [{\"id\": \"AR-1\", \"name_nb\": \"Forum æøå\", "
	 "\"follows\": [\"VK\"], \"members\": [\"SIVA\"]}],\n"
	 "\"measures\": [\n"
	 " {\"id\": \"V-1\", \"strategy\": \"VK\", \"title_nb\": "
	 "\"Testsenter for helseteknologi\", \"source\": \"S1\"},\n"
	 " {\"id\": \"V-2\", \"strategy\": \"VK\", \"title_nb\": \"Eksport\", "
	 "\"source\": \"S1\", \"responsible\": [{\"actor\": \"SIVA\", "
	 "\"role\": \"lead\"}]}],\n"
	 "\"inputs\": [{\"id\": \"IN-1\", \"title_nb\": \"Et forslag\", "
	 "\"raised_by\": \"NFD\", \"source\": \"S1\"}]}\n";

static const char sql[] =
    "INSERT INTO reporting_period (id, state, due) VALUES "
    "('2025-T2', 'open', '2025-09-15');"
    "INSERT INTO status_report (id, measure, period, period_start, "
    "period_end, state, status) VALUES ('R-1', 'V-2', '2025-T2', "
    "'2025-05-01', '2025-08-31', 'returned', 'at_risk');"
    "INSERT INTO app_user (id, username, role) VALUES "
    "(1, 'koord', 'coordinator'), (2, 'les', 'reader');";

static struct principal coord, reader, anon, readonly;

static void person(struct principal *p, int64_t id, enum role role,
		   const char *name, bool can_write)
{
	memset(p, 0, sizeof(*p));
	p->user_id = id;
	p->role = role;
	p->can_write = can_write;
	snprintf(p->username, sizeof(p->username), "%s", name);
}

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "a.json", data, strlen(data),
					&res, NULL, &err),
			 0);
	assert_int_equal(store_exec(fx->st, sql, &err), 0);
	person(&coord, 1, ROLE_COORDINATOR, "koord", true);
	person(&reader, 2, ROLE_READER, "les", true);
	person(&readonly, 1, ROLE_COORDINATOR, "koord", false);
	person(&anon, 0, ROLE_ANONYMOUS, "", false);
	*state = fx;
	return 0;
}

static struct analysis_query query(void)
{
	struct analysis_query q = ANALYSIS_QUERY_INIT;

	q.today = snap_day("2025-10-01");
	return q;
}

static const struct finding *shown(const struct analysis_result *r,
				   enum finding_kind k, const char *first)
{
	for (size_t i = 0; i < r->nshown; i++) {
		const struct finding *f = &r->fs->v[r->shown[i]];

		if (f->kind == k &&
		    !strcmp(finding_ent_id(r->snap, r->fs, f, 0), first))
			return f;
	}
	return NULL;
}

static void test_load(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct err err = ERR_INIT;

	snap_init(&s, snap_day("2025-10-01"));
	assert_int_equal(store_snapshot_load(fx->st, &s, &err), 0);
	assert_int_equal(s.actors.n, 2);
	assert_int_equal(s.measures.n, 2);
	assert_int_equal(s.resps.n, 1);
	assert_int_equal(s.arenas.n, 1);
	assert_int_equal(SNAP_ROW_N(&s.ar_follows, 0), 1);
	assert_int_equal(SNAP_ROW_N(&s.ar_actors, 0), 1);
	assert_int_equal(s.periods.n, 1);
	assert_int_equal(s.periods.v[0].start_day, snap_day("2025-05-01"));
	assert_int_equal(s.periods.v[0].end_day, snap_day("2025-08-31"));
	assert_true(s.periods.v[0].open);
	assert_int_equal(s.reports.n, 1);
	assert_string_equal(s.reports.v[0].id, "R-1");
	assert_int_equal(s.dropped, 0);
	assert_int_equal(s.actors.v[1].ministry, 0);
	snap_release(&s);
}

static void test_run_and_filters(void **state)
{
	struct fixture *fx = *state;
	struct analysis_query q = query();
	struct analysis_result r;
	struct err err = ERR_INIT;
	json_t *o;

	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &r, &err), 0);
	assert_true(r.private_kinds);
	assert_true(r.period.open);
	assert_non_null(shown(&r, FK_NO_LEAD, "V-1"));
	assert_non_null(shown(&r, FK_RETURNED_REPORT, "V-2"));
	assert_non_null(shown(&r, FK_MISSING_REPORT, "V-1"));
	assert_non_null(shown(&r, FK_UNANSWERED_INPUT, "NFD"));
	o = service_analysis_json(&r, "en", 0, 2, true);
	assert_int_equal(json_array_size(json_object_get(o, "findings")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "total")),
			 (json_int_t)r.nshown);
	assert_int_equal(json_integer_value(json_object_get(o, "next_offset")),
			 2);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(o, "period"), "id")),
			    "2025-T2");
	json_decref(o);
	analysis_result_release(&r);

	/* The public sees no reporting kinds. */
	assert_int_equal(service_analysis_run(fx->st, &anon, &q, &r, &err), 0);
	assert_false(r.private_kinds);
	assert_false(r.show_marks);
	assert_null(shown(&r, FK_RETURNED_REPORT, "V-2"));
	assert_non_null(shown(&r, FK_NO_LEAD, "V-1"));
	analysis_result_release(&r);

	/* Kind and severity filters. */
	q.kinds = 1u << FK_NO_LEAD;
	q.severities = 1u << SEV_LOW;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &r, &err), 0);
	assert_int_equal(r.nshown, 0); /* V-1's no_lead is high */
	analysis_result_release(&r);
	q.overlap_threshold = 2;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &r, &err),
			 -1);
	assert_int_equal(err.code, ERR_INVALID);
	analysis_result_release(&r);
}

/*
 * Shared runs: the same data, day and audience get the same run, and a
 * kind filter is applied to it; a write, the other audience, an unshared
 * query or another database get another. A result keeps its run alive
 * after a newer run has taken its place.
 */
static void test_shared_runs(void **state)
{
	struct fixture *fx = *state, *other;
	struct analysis_query q = query();
	struct analysis_result a, b;
	struct err err = ERR_INIT;
	uint64_t va = 0, vb = 0;
	size_t all;

	q.shared = true;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &a, &err), 0);
	all = a.nshown;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &b, &err), 0);
	assert_ptr_equal(a.snap, b.snap);
	assert_int_equal(b.nshown, all);
	analysis_result_release(&b);

	q.kinds = 1u << FK_NO_LEAD;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &b, &err), 0);
	assert_ptr_equal(a.snap, b.snap);
	assert_int_equal(b.nshown, 1);
	assert_int_equal(b.by_kind[FK_NO_LEAD], 1);
	assert_non_null(shown(&b, FK_NO_LEAD, "V-1"));
	assert_false(b.private_kinds);
	analysis_result_release(&b);
	q.kinds = 0;

	/* The public's run is another one, without the reporting kinds. */
	assert_int_equal(service_analysis_run(fx->st, &anon, &q, &b, &err), 0);
	assert_ptr_not_equal(a.snap, b.snap);
	assert_null(shown(&b, FK_RETURNED_REPORT, "V-2"));
	analysis_result_release(&b);

	/* Unshared: a run of its own. */
	q.shared = false;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &b, &err), 0);
	assert_ptr_not_equal(a.snap, b.snap);
	assert_int_equal(b.nshown, all);
	analysis_result_release(&b);
	q.shared = true;

	/* A write: the next run is new; a still holds the old one. */
	assert_int_equal(store_exec(fx->st,
				    "UPDATE measure_actor SET role = "
				    "'contributing'",
				    &err),
			 0);
	assert_int_equal(store_bump_version(fx->st, &err), 0);
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &b, &err), 0);
	assert_ptr_not_equal(a.snap, b.snap);
	assert_non_null(shown(&b, FK_NO_LEAD, "V-2"));
	assert_null(shown(&a, FK_NO_LEAD, "V-2"));
	assert_non_null(shown(&a, FK_NO_LEAD, "V-1"));
	analysis_result_release(&a);
	analysis_result_release(&b);

	/* Another database at the same data version shares nothing. */
	other = fixture_new();
	assert_int_equal(store_data_version(fx->st, &va, &err), 0);
	do
		assert_int_equal(store_bump_version(other->st, &err), 0);
	while (store_data_version(other->st, &vb, &err) == 0 && vb < va);
	assert_int_equal(vb, va);
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &a, &err), 0);
	assert_int_equal(service_analysis_run(other->st, &coord, &q, &b, &err),
			 0);
	assert_ptr_not_equal(a.snap, b.snap);
	assert_int_equal(b.snap->measures.n, 0);
	analysis_result_release(&a);
	analysis_result_release(&b);
	fixture_free(other);
}

static const char *no_lead_id(struct fixture *fx, char out[FINDING_ID_MAX])
{
	struct analysis_query q = query();
	struct analysis_result r;
	struct err err = ERR_INIT;

	q.kinds = 1u << FK_NO_LEAD;
	assert_int_equal(service_analysis_run(fx->st, &coord, &q, &r, &err), 0);
	assert_int_equal(r.nshown, 1);
	snprintf(out, FINDING_ID_MAX, "%s", r.fs->v[r.shown[0]].id);
	analysis_result_release(&r);
	return out;
}

static void test_mark(void **state)
{
	struct fixture *fx = *state;
	struct analysis_query q = query();
	struct analysis_result r;
	struct err err = ERR_INIT;
	char id[FINDING_ID_MAX];
	json_t *out = NULL;
	int64_t events = fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event");

	no_lead_id(fx, id);
	assert_int_equal(service_analysis_mark(fx->st, &coord, id, "handled",
					       "Siva leder fra 2026", &out,
					       &err),
			 0);
	assert_string_equal(json_string_value(json_object_get(out, "state")),
			    "handled");
	assert_string_equal(json_string_value(json_object_get(out, "user")),
			    "koord");
	json_decref(out);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action = "
					     "'finding.mark' AND entity_type "
					     "= 'analysis'"),
			 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event"),
			 events + 1);
	/* Hidden from the default view, shown with state handled. */
	q.kinds = 1u << FK_NO_LEAD;
	service_analysis_run(fx->st, &coord, &q, &r, &err);
	assert_int_equal(r.nshown, 0);
	assert_int_equal(r.hidden_by_mark, 1);
	analysis_result_release(&r);
	q.state = MARK_HANDLED;
	service_analysis_run(fx->st, &coord, &q, &r, &err);
	assert_int_equal(r.nshown, 1);
	assert_string_equal(r.marks[r.shown[0]].comment, "Siva leder fra 2026");
	analysis_result_release(&r);
	/* Reopened: shown again. */
	assert_int_equal(
	    service_analysis_mark(fx->st, &coord, id, "open", NULL, &out, &err),
	    0);
	json_decref(out);
	q.state = MARK_OPEN;
	service_analysis_run(fx->st, &coord, &q, &r, &err);
	assert_int_equal(r.nshown, 1);
	analysis_result_release(&r);
}

static void test_mark_refused(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	char id[FINDING_ID_MAX];
	json_t *out = NULL;

	no_lead_id(fx, id);
	assert_int_equal(service_analysis_mark(fx->st, &reader, id, "handled",
					       "x", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action = "
					     "'denied'"),
			 1);
	assert_int_equal(service_analysis_mark(fx->st, &readonly, id, "handled",
					       "x", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(service_analysis_mark(fx->st, &anon, id, "handled",
					       "x", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	assert_int_equal(service_analysis_mark(fx->st, &coord, id,
					       "not_relevant", "", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_string_equal(err.field, "comment");
	assert_int_equal(
	    service_analysis_mark(fx->st, &coord, id, "done", "x", &out, &err),
	    -1);
	assert_string_equal(err.field, "state");
	assert_int_equal(service_analysis_mark(fx->st, &coord,
					       "no_lead-0123456789abcdef",
					       "handled", "x", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(service_analysis_mark(fx->st, &coord, "nonsense",
					       "handled", "x", &out, &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "finding_state"),
			 0);
}

static void test_get_one(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	char id[FINDING_ID_MAX];
	json_t *out = NULL, *one;

	no_lead_id(fx, id);
	assert_int_equal(
	    service_analysis_mark(fx->st, &coord, id, "not_relevant",
				  "Tiltaket er ikke reelt", &out, &err),
	    0);
	json_decref(out);
	one = service_analysis_get(fx->st, &coord, id, "en", &err);
	assert_non_null(one);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(one, "mark"), "state")),
			    "not_relevant");
	json_decref(one);
	one = service_analysis_get(fx->st, &anon, id, "en", &err);
	assert_non_null(one);
	assert_null(json_object_get(one, "mark")); /* public: no marks */
	json_decref(one);
	assert_null(service_analysis_get(
	    fx->st, &coord, "overlap-0123456789abcdef", NULL, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_load, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_run_and_filters, setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_shared_runs, setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mark, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mark_refused, setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_get_one, setup,
					    fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
