/*
 * tests/test_import.c: interchange import. Good files load; bad files are
 * refused with the file position, record and field; after any failure the
 * database holds exactly what it held before (compared via export).
 */
#include "fixture.h"

#include "service/audit.h"
#include "service/export.h"
#include "service/import.h"
#include "store/entity.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static const char good[] = HEAD
	"\"sources\": [{\"id\": \"S1\", \"title\": \"Meld. St. 18\"}],\n"
	"\"actors\": [\n"
	" {\"id\": \"NFD\", \"name_nb\": \"Nærings- og fiskeridepartementet\","
	" \"kind\": \"ministry\", \"orgnr\": \"912660680\", \"source\": \"S1\"},\n"
	" {\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\", \"parent\": \"NFD\"}"
	"],\n"
	"\"strategies\": [{\"id\": \"ST\", \"name_nb\": \"Veikart\", "
	"\"source\": \"S1\", \"origin_measure\": \"M-2\", \"period\": \"2024–2030\"}],\n"
	"\"focus-areas\": [{\"id\": \"FA\", \"strategy\": \"ST\", "
	"\"name_nb\": \"Eksport\"}],\n"
	"\"measures\": [\n"
	" {\"id\": \"M-1\", \"strategy\": \"ST\", \"focus_area\": \"FA\","
	" \"title_nb\": \"Økt eksport\", \"source\": \"S1\","
	" \"responsible\": [{\"actor\": \"IN\", \"role\": \"lead\"}]},\n"
	" {\"id\": \"M-2\", \"strategy\": \"ST\", \"title_nb\": \"Katapult\","
	" \"source\": \"S1\"}\n"
	"]}\n";

static char *export_all(struct store *st)
{
	struct err err = ERR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(service_export_json(st, NULL, f, &err), 0);
	fclose(f);
	return text;
}

static int import(struct store *st, const char *text, struct problems *p,
		  struct err *err)
{
	struct import_result res;

	return service_import(st, "t.json", text, strlen(text), &res, p, err);
}

static void test_good_file_loads(void **state)
{
	struct fixture *fx = *state;
	struct import_result res;
	struct err err = ERR_INIT;
	json_t *m;

	assert_int_equal(service_import(fx->st, "t.json", good, strlen(good),
					&res, NULL, &err), 0);
	assert_int_equal(res.created, 7);
	m = store_entity_get(fx->st, entity_find("measures"), "M-1", 0, &err);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "title_nb")),
			    "Økt eksport");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(
							   m, "responsible"),
						   0),
				    "role")),
			    "lead");
	json_decref(m);
	/* The en dash range was stored in canonical form. */
	m = store_entity_get(fx->st, entity_find("strategies"), "ST", 0, &err);
	assert_string_equal(json_string_value(json_object_get(m, "period")),
			    "2024-2030");
	json_decref(m);
}

static void test_reimport_is_idempotent(void **state)
{
	struct fixture *fx = *state;
	struct import_result res;
	struct err err = ERR_INIT;
	char *before, *after;

	assert_int_equal(import(fx->st, good, NULL, &err), 0);
	before = export_all(fx->st);
	assert_int_equal(service_import(fx->st, "t.json", good, strlen(good),
					&res, NULL, &err), 0);
	assert_int_equal(res.created, 0);
	assert_int_equal(res.updated, 7);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	/* Unchanged rows keep their version (their ETag stays valid). */
	assert_int_equal(fixture_int(fx->st, "SELECT max(version) FROM "
					     "measure"), 1);
	free(before);
	free(after);
}

/* Imports `bad` over the good data and checks nothing changed. */
static void expect_refused(struct fixture *fx, const char *bad,
			   enum err_code code, const char *field,
			   const char *msg_part, int line, int column)
{
	struct problems p = PROBLEMS_INIT(50);
	struct err err = ERR_INIT;
	char *before, *after;

	assert_int_equal(import(fx->st, good, NULL, &err), 0);
	before = export_all(fx->st);
	assert_int_equal(import(fx->st, bad, &p, &err), -1);
	assert_int_equal(err.code, code);
	assert_true(p.n >= 1);
	if (field)
		assert_string_equal(p.items[0].field, field);
	if (!strstr(p.items[0].message, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", p.items[0].message,
			 msg_part);
	assert_int_equal(p.items[0].line, line);
	assert_int_equal(p.items[0].column, column);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	problems_release(&p);
}

static void test_bad_json_names_position(void **state)
{
	expect_refused(*state, HEAD "\"actors\": [{\"id\": \"X\",}]}",
		       ERR_INVALID, "", "invalid JSON", 2, 23);
}

static void test_unknown_actor_names_record_and_field(void **state)
{
	static const char bad[] = HEAD
		"\"measures\": [\n"
		" {\"id\": \"M-1\", \"strategy\": \"ST\", \"title_nb\": \"x\","
		" \"source\": \"S1\",\n"
		"  \"responsible\": [{\"actor\": \"NOPE\", \"role\": \"lead\"}]}"
		"]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "measures[0] (id M-1): field responsible[0].actor",
		       "no record in actors has the id \"NOPE\"", 4, 29);
}

static void test_bad_orgnr_is_refused(void **state)
{
	static const char bad[] = HEAD
		"\"actors\": [{\"id\": \"NFD\", \"name_nb\": \"x\", "
		"\"orgnr\": \"912660681\"}]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "actors[0] (id NFD): field orgnr", "", 2, 51);
}

static void test_unknown_field_lists_the_fields(void **state)
{
	static const char bad[] = HEAD
		"\"actors\": [{\"id\": \"A\", \"name_nb\": \"x\", \"nmae\": 1}]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "actors[0] (id A): field nmae", "name_nb", 2, 48);
}

static void test_wrong_enum_and_type(void **state)
{
	static const char bad[] = HEAD
		"\"measures\": [{\"id\": \"M-1\", \"strategy\": \"ST\", "
		"\"title_nb\": \"x\", \"source\": \"S1\", \"no\": \"one\"}]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "measures[0] (id M-1): field no", "whole number", 2, 85);
}

static void test_missing_required_field(void **state)
{
	static const char bad[] = HEAD
		"\"measures\": [{\"id\": \"M-9\", \"strategy\": \"ST\", "
		"\"source\": \"S1\"}]}";

	/* A missing field points at its record. */
	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "measures[0] (id M-9): field title_nb", "required", 2,
		       14);
}

static void test_duplicate_id_in_file(void **state)
{
	static const char bad[] = HEAD
		"\"sources\": [{\"id\": \"S2\", \"title\": \"a\"},\n"
		"            {\"id\": \"S2\", \"title\": \"b\"}]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "sources[1] (id S2): field id", "earlier", 3, 20);
}

static void test_duplicate_responsibility(void **state)
{
	static const char bad[] = HEAD
		"\"measures\": [{\"id\": \"M-1\", \"strategy\": \"ST\", "
		"\"title_nb\": \"x\", \"source\": \"S1\", \"responsible\": ["
		"{\"actor\": \"IN\", \"role\": \"lead\"}, "
		"{\"actor\": \"IN\", \"role\": \"lead\"}]}]}";

	expect_refused(*state, bad, ERR_UNPROCESSABLE,
		       "measures[0] (id M-1): field responsible[1]", "repeats",
		       2, 128);
}

static void test_wrong_format_header(void **state)
{
	expect_refused(*state, "{\"format\": \"other\", \"version\": 1}",
		       ERR_UNPROCESSABLE, "format", "veikart-interchange", 1,
		       12);
}

static void test_too_large_is_refused_before_parsing(void **state)
{
	struct fixture *fx = *state;
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "big.json", "{}",
					(size_t)65 << 20, &res, NULL, &err),
			 -1);
	assert_int_equal(err.code, ERR_TOO_LARGE);
}

static void test_export_reimports_to_same_content(void **state)
{
	struct fixture *fx = *state;
	struct fixture *other = fixture_new();
	struct err err = ERR_INIT;
	char *a, *b;

	assert_int_equal(import(fx->st, good, NULL, &err), 0);
	a = export_all(fx->st);
	assert_int_equal(import(other->st, a, NULL, &err), 0);
	b = export_all(other->st);
	assert_string_equal(a, b);
	free(a);
	free(b);
	fixture_free(other);
}

static void test_seed_loads_and_is_consistent(void **state)
{
	struct fixture *fx = *state;
	struct import_result res;
	struct err err = ERR_INIT;
	size_t len;
	const char *seed = service_seed_json(&len);

	assert_true(len > 1000);
	assert_int_equal(service_import(fx->st, "seed", seed, len, &res, NULL,
					&err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM measure "
					     "WHERE strategy = 'veikart-2023'"),
			 19);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM actor "
					     "WHERE orgnr IS NOT NULL"), 10);
}

/*
 * An import wrote without an audit event. Now each one appends one event,
 * in its transaction, attributed to the command line (no user), and a
 * failed import leaves none.
 */
static void test_import_is_audited(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	char why[256];
	int64_t checked, bad;

	assert_int_equal(import(fx->st, good, NULL, &err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'import' AND "
					     "entity_type IS NULL AND "
					     "entity_id IS NULL AND user_id "
					     "IS NULL AND before_json IS NULL"),
			 1);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT json_extract(after_json, "
				     "'$.file') = 't.json' AND "
				     "json_extract(after_json, '$.created') = 7 "
				     "AND json_extract(after_json, "
				     "'$.updated') = 0 AND json_extract("
				     "after_json, '$.collections.actors') = 2 "
				     "AND json_extract(after_json, "
				     "'$.collections.\"focus-areas\"') = 1 AND "
				     "json_extract(after_json, '$.by') LIKE "
				     "'command line, uid %' FROM audit_event"),
			 1);
	/* Again: one more event, all updated. A failed import: none. */
	assert_int_equal(import(fx->st, good, NULL, &err), 0);
	assert_int_equal(import(fx->st, "{\"format\": 1}", NULL, &err), -1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event"),
			 2);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT json_extract(after_json, "
				     "'$.updated') FROM audit_event WHERE "
				     "id = 2"),
			 7);
	assert_int_equal(audit_verify(fx->st, &checked, &bad, why, sizeof(why),
				      &err),
			 0);
	assert_int_equal(checked, 2);
	assert_int_equal(bad, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good_file_loads),
		T(test_reimport_is_idempotent),
		T(test_bad_json_names_position),
		T(test_unknown_actor_names_record_and_field),
		T(test_bad_orgnr_is_refused),
		T(test_unknown_field_lists_the_fields),
		T(test_wrong_enum_and_type),
		T(test_missing_required_field),
		T(test_duplicate_id_in_file),
		T(test_duplicate_responsibility),
		T(test_wrong_format_header),
		T(test_too_large_is_refused_before_parsing),
		T(test_export_reimports_to_same_content),
		T(test_seed_loads_and_is_consistent),
		T(test_import_is_audited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
