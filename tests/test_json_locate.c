/*
 * tests/test_json_locate.c: positions of values in JSON text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "formats/json_locate.h"

static const char doc[] =
	"{\n"
	" \"format\": \"x\",\n"
	" \"measures\": [\n"
	"  {\"id\": \"A\", \"title_nb\": \"Økt \\\"eksport\\\" [1]\"},\n"
	"  {\"id\": \"B\", \"responsible\": [\n"
	"    {\"actor\": \"IN\", \"role\": \"lead\"},\n"
	"    {\"actor\": \"NFD\", \"role\": \"bad\"}]}\n"
	" ]\n"
	"}\n";

static void locate(const char *path, int want_line, int want_col)
{
	int line = 0, col = 0;

	assert_int_equal(json_locate(doc, strlen(doc), path, &line, &col), 0);
	assert_int_equal(line, want_line);
	assert_int_equal(col, want_col);
}

static void test_top_level_member(void **state)
{
	(void)state;
	locate("format", 2, 12);
}

static void test_nested_array_member(void **state)
{
	(void)state;
	locate("measures[1].responsible[1].role", 7, 30);
	locate("measures[1].responsible[0].actor", 6, 15);
}

static void test_skips_strings_with_brackets_and_escapes(void **state)
{
	(void)state;
	/* The title of measures[0] holds quotes and brackets; "Ø" is one
	 * column although it is two bytes. */
	locate("measures[1].id", 5, 10);
	locate("measures[0].title_nb", 4, 27);
}

static void test_missing_member_points_at_its_parent(void **state)
{
	(void)state;
	locate("measures[1].nope", 5, 3);
	locate("measures[9]", 3, 14);
}

static void test_escaped_keys_match_their_decoded_name(void **state)
{
	/* jansson decodes keys, so paths name them decoded: "title" may be
	 * written "\u0074itle", and "æ😀" as escapes with a surrogate pair. */
	static const char esc[] =
		"{\"a\\\"b\": 1, \"\\u0074itle\": \"t\",\n"
		" \"\\u00e6\\ud83d\\ude00\": [7], \"c\\\\\\/\\n\": 2}";
	int line = 0, col = 0;

	(void)state;
	assert_int_equal(json_locate(esc, strlen(esc), "a\"b", &line, &col),
			 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 10);
	assert_int_equal(json_locate(esc, strlen(esc), "title", &line, &col),
			 0);
	assert_int_equal(col, 27);
	assert_int_equal(json_locate(esc, strlen(esc), "æ😀[0]", &line, &col),
			 0);
	assert_int_equal(line, 2);
	assert_int_equal(col, 25);
	assert_int_equal(json_locate(esc, strlen(esc), "c\\/\n", &line, &col),
			 0);
	assert_int_equal(line, 2);
	assert_int_equal(col, 40);
	/* A key that only matches undecoded is not the same key. */
	assert_int_equal(json_locate(esc, strlen(esc), "\\u0074itle", &line,
				     &col), 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
}

/*
 * Found by fuzz/fuzz_json_locate.c: jansson (2.14) accepts a NUL byte right
 * after a number or a literal and skips it. The scanner took the NUL for a
 * delimiter: inside an array it then looped forever (an import with a
 * problem after such a value hung), elsewhere it lost its place, and
 * json_position stopped counting at the NUL.
 */
static void test_nul_after_number_or_literal(void **state)
{
	static const char t1[] = "{\"a\": [1\0], \"b\": 2}";
	static const char t2[] = "{\"a\": true\0, \"b\": [null\0]}";
	int line = 0, col = 0;

	(void)state;
	assert_int_equal(json_locate(t1, sizeof(t1) - 1, "b", &line, &col), 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 18);
	assert_int_equal(json_locate(t2, sizeof(t2) - 1, "b[0]", &line, &col),
			 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 20);
}

static void test_position_counts_characters(void **state)
{
	int line, col;

	(void)state;
	json_position("æø\nå", 5, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	json_position("æøx", 4, &line, &col);
	assert_int_equal(col, 3);
}

static void test_empty_text(void **state)
{
	int line, col;

	(void)state;
	assert_int_equal(json_locate("   ", 3, "a", &line, &col), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_level_member),
		cmocka_unit_test(test_nested_array_member),
		cmocka_unit_test(test_skips_strings_with_brackets_and_escapes),
		cmocka_unit_test(test_missing_member_points_at_its_parent),
		cmocka_unit_test(test_escaped_keys_match_their_decoded_name),
		cmocka_unit_test(test_nul_after_number_or_literal),
		cmocka_unit_test(test_position_counts_characters),
		cmocka_unit_test(test_empty_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
