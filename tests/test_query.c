/*
 * tests/test_query.c: reads in the API's shape: pages and cursors, filters,
 * a measure's computed status, expanded sources, reports and observations.
 */
#include "fixture.h"

#include "service/import.h"
#include "model/principal.h"
#include "service/query.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static const char data[] = HEAD
	"\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\", "
	"\"url\": \"https://www.regjeringen.no/\"}, {\"id\": \"S2\", "
	"\"title\": \"Brev\"}],\n"
	"\"actors\": [{\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\"},"
	" {\"id\": \"SIVA\", \"name_nb\": \"Siva\"}],\n"
	"\"strategies\": [{\"id\": \"A\", \"name_nb\": \"A\", \"source\": \"S1\"},"
	" {\"id\": \"B\", \"name_nb\": \"B\", \"source\": \"S1\"}],\n"
	"\"measures\": [\n"
	" {\"id\": \"M1\", \"strategy\": \"A\", \"title_nb\": \"x\", "
	"\"source\": \"S1\", \"status_sources\": [\"S2\"], \"responsible\": "
	"[{\"actor\": \"IN\", \"role\": \"lead\"}]},\n"
	" {\"id\": \"M2\", \"strategy\": \"A\", \"title_nb\": \"x\", "
	"\"source\": \"S1\"},\n"
	" {\"id\": \"M3\", \"strategy\": \"B\", \"title_nb\": \"x\", "
	"\"source\": \"S1\", \"responsible\": [{\"actor\": \"SIVA\", "
	"\"role\": \"lead\"}, {\"actor\": \"IN\", \"role\": \"contributing\"}]},\n"
	" {\"id\": \"M4\", \"strategy\": \"B\", \"title_nb\": \"x\", "
	"\"source\": \"S1\"},\n"
	" {\"id\": \"M5\", \"strategy\": \"B\", \"title_nb\": \"x\", "
	"\"source\": \"S1\"}],\n"
	"\"indicators\": [{\"id\": \"I1\", \"name_nb\": \"Eksport\", "
	"\"observations\": [{\"period\": \"2024\", \"value\": 25.9, "
	"\"source\": \"S2\"}, {\"period\": \"2021\", \"value\": 22}]}],\n"
	"\"reports\": [\n"
	" {\"id\": \"R1\", \"measure\": \"M1\", \"period\": \"2025-T1\", "
	"\"state\": \"approved\", \"status\": \"on_track\", \"progress\": 30},\n"
	" {\"id\": \"R2\", \"measure\": \"M1\", \"period\": \"2025-T2\", "
	"\"state\": \"approved\", \"status\": \"delayed\", \"progress\": 35, "
	"\"comment\": \"INTERNT: ring meg\"},\n"
	" {\"id\": \"R3\", \"measure\": \"M1\", \"period\": \"2025-T3\", "
	"\"state\": \"submitted\", \"status\": \"completed\", \"progress\": 100}"
	"]}\n";

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "q.json", data, strlen(data),
					&res, NULL, &err), 0);
	*state = fx;
	return 0;
}

static json_t *list(struct fixture *fx, const char *coll,
		    const struct store_filter *f, size_t nf,
		    const char *cursor, int64_t limit, struct err *err)
{
	struct query_page page = { f, nf, cursor, limit };

	return service_list(fx->st, entity_find(coll), &page, err);
}

static void test_pages_follow_cursor_to_the_end(void **state)
{
	struct err err = ERR_INIT;
	json_t *p1 = list(*state, "measures", NULL, 0, NULL, 2, &err);
	json_t *p2, *p3;

	assert_int_equal(json_integer_value(json_object_get(p1, "total")), 5);
	assert_int_equal(json_array_size(json_object_get(p1, "items")), 2);
	p2 = list(*state, "measures", NULL, 0,
		  json_string_value(json_object_get(p1, "next")), 2, &err);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(p2, "items"),
						   0),
				    "id")),
			    "M3");
	p3 = list(*state, "measures", NULL, 0,
		  json_string_value(json_object_get(p2, "next")), 2, &err);
	assert_int_equal(json_array_size(json_object_get(p3, "items")), 1);
	assert_true(json_is_null(json_object_get(p3, "next")));
	json_decref(p1);
	json_decref(p2);
	json_decref(p3);
}

static void test_bad_cursor_names_the_parameter(void **state)
{
	struct err err = ERR_INIT;

	assert_null(list(*state, "measures", NULL, 0, "!!!", 2, &err));
	assert_int_equal(err.code, ERR_INVALID);
	assert_string_equal(err.field, "cursor");
}

static void test_filters(void **state)
{
	struct store_filter by_actor = { SF_MEASURE_ACTOR, NULL, "IN" };
	struct store_filter by_strategy = { SF_FIELD, "strategy", "B" };
	struct store_filter by_status = { SF_MEASURE_STATUS, NULL, "delayed" };
	struct store_filter none = { SF_MEASURE_STATUS, NULL, "not_reported" };
	struct err err = ERR_INIT;
	json_t *r;

	r = list(*state, "measures", &by_actor, 1, NULL, 50, &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 2);
	json_decref(r);
	r = list(*state, "measures", &by_strategy, 1, NULL, 50, &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 3);
	json_decref(r);
	r = list(*state, "measures", &by_status, 1, NULL, 50, &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
	json_decref(r);
	r = list(*state, "measures", &none, 1, NULL, 50, &err);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 4);
	json_decref(r);
}

static void test_status_is_latest_approved_report(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *m = service_get(fx->st, entity_find("measures"), "M1", &err);

	/* R3 (2025-T3) is only submitted, so R2 (2025-T2) decides. */
	assert_string_equal(json_string_value(json_object_get(m, "status")),
			    "delayed");
	json_decref(m);
	m = service_get(fx->st, entity_find("measures"), "M2", &err);
	assert_string_equal(json_string_value(json_object_get(m, "status")),
			    "not_reported");
	json_decref(m);
}

static void test_sources_are_expanded(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *m = service_get(fx->st, entity_find("measures"), "M1", &err);
	json_t *src = json_object_get(m, "source");

	assert_true(json_is_object(src));
	assert_string_equal(json_string_value(json_object_get(src, "url")),
			    "https://www.regjeringen.no/");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(
							   m, "status_sources"),
						   0),
				    "title")),
			    "Brev");
	assert_int_equal(json_array_size(json_object_get(m, "sources")), 2);
	json_decref(m);
}

static void test_unknown_id_is_not_found(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;

	assert_null(service_get(fx->st, entity_find("measures"), "M9", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_null(service_measure_reports(fx->st, NULL, "M9", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_reports_are_approved_newest_first(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r = service_measure_reports(fx->st, NULL, "M1", &err);
	json_t *items = json_object_get(r, "items");

	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(items, 0), "period")),
			    "2025-T2");
	/* A coordinator's comment is not for the public. */
	assert_null(json_object_get(json_array_get(items, 0), "comment"));
	json_decref(r);
}

static void test_signed_in_reader_sees_comment_and_drafts(void **state)
{
	struct fixture *fx = *state;
	struct principal reader = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	json_t *r, *items;

	reader.user_id = 7;
	reader.role = ROLE_READER;
	r = service_measure_reports(fx->st, &reader, "M1", &err);
	items = json_object_get(r, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(items, 1), "comment")),
			    "INTERNT: ring meg");
	json_decref(r);
}

static void test_observations_in_period_order(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *r = service_indicator_observations(fx->st, "I1", &err);
	json_t *items = json_object_get(r, "items");

	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(items, 0), "period")),
			    "2021");
	/* 22 stays an integer; 25.9 a decimal. */
	assert_true(json_is_integer(json_object_get(json_array_get(items, 0),
						    "value")));
	assert_true(json_is_object(json_object_get(json_array_get(items, 1),
						   "source")));
	json_decref(r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pages_follow_cursor_to_the_end),
		T(test_bad_cursor_names_the_parameter),
		T(test_filters),
		T(test_status_is_latest_approved_report),
		T(test_sources_are_expanded),
		T(test_unknown_id_is_not_found),
		T(test_reports_are_approved_newest_first),
		T(test_signed_in_reader_sees_comment_and_drafts),
		T(test_observations_in_period_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
