/*
 * tests/test_record.c: checks of single records against their entity
 * (service/record.h), without a database: references are answered by a
 * callback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "model/entity.h"
#include "model/value.h"
#include "service/record.h"
#include "util/buf.h"

static bool exists_unless_x(void *ctx, const char *coll, const char *id)
{
	(void)ctx;
	(void)coll;
	return id[0] != 'x';
}

static const struct record_refs refs = { exists_unless_x, NULL };

static json_t *load(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

	assert_non_null(v);
	return v;
}

static void test_good_record_has_no_problems(void **state)
{
	struct problems p = PROBLEMS_INIT(10);
	json_t *rec = load("{\"id\": \"NFD\", \"name_nb\": \"Nærings- og "
			   "fiskeridepartementet\", \"orgnr\": \"912660680\"}");

	(void)state;
	assert_int_equal(record_check(entity_find("actors"), rec, "actors[0]",
				      &refs, &p),
			 0);
	json_decref(rec);
	problems_release(&p);
}

static void test_problems_name_their_fields(void **state)
{
	struct problems p = PROBLEMS_INIT(10);
	json_t *rec = load("{\"id\": \"NFD\", \"name_nb\": \"x\", \"orgnr\": "
			   "\"912660681\", \"parent\": \"xNOPE\"}");

	(void)state;
	assert_int_equal(record_check(entity_find("actors"), rec, "actors[2]",
				      &refs, &p),
			 2);
	/* In descriptor order. */
	assert_string_equal(p.items[0].field, "actors[2].parent");
	assert_non_null(strstr(p.items[0].message, "xNOPE"));
	assert_string_equal(p.items[1].field, "actors[2].orgnr");
	json_decref(rec);
	problems_release(&p);
}

/*
 * Found by fuzz/fuzz_import.c: a long unknown key made of "æ" was cut in
 * the middle of a character, so the field was not UTF-8 and the API's
 * problem list (built with json_pack) lost it.
 */
static void test_long_key_is_cut_between_characters(void **state)
{
	struct problems p = PROBLEMS_INIT(10);
	struct buf text = BUF_INIT, want = BUF_INIT;
	json_t *rec;

	(void)state;
	buf_addstr(&text, "{\"id\": \"A\", \"name_nb\": \"a\", \"");
	buf_addstr(&want, "actors[0].");
	for (int i = 0; i < 120; i++) {
		buf_addstr(&text, "æ");
		buf_addstr(&want, "æ");
	}
	buf_addstr(&text, "\": 1}");
	rec = load(buf_cstr(&text));
	assert_int_equal(record_check(entity_find("actors"), rec, "actors[0]",
				      &refs, &p),
			 1);
	assert_int_equal(value_check_text(p.items[0].field, 1000, NULL), 0);
	/* Cut short (the path buffer holds 199 bytes), but a prefix. */
	assert_true(strlen(p.items[0].field) < want.len);
	assert_true(strlen(p.items[0].field) >= 190);
	assert_memory_equal(p.items[0].field, buf_cstr(&want),
			    strlen(p.items[0].field));
	json_decref(rec);
	buf_release(&text);
	buf_release(&want);
	problems_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_record_has_no_problems),
		cmocka_unit_test(test_problems_name_their_fields),
		cmocka_unit_test(test_long_key_is_cut_between_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
