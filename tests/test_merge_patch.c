/*
 * tests/test_merge_patch.c: JSON Merge Patch against every example of
 * RFC 7396 appendix A, plus what the write API relies on: arguments are
 * never changed, the result shares nothing with them, and nesting is
 * bounded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "formats/merge_patch.h"
#include "model/limits.h"
#include "util/buf.h"

static json_t *load(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (!v)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return v;
}

static void expect(const char *target, const char *patch, const char *want)
{
	json_t *t = load(target), *p = load(patch), *w = load(want);
	json_t *t0 = json_deep_copy(t), *p0 = json_deep_copy(p);
	json_t *got = merge_patch_apply(t, p);
	char *g;

	assert_non_null(got);
	if (!json_equal(got, w)) {
		g = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT);
		fail_msg("%s + %s: got %s, want %s", target, patch, g, want);
	}
	/* The arguments are left as they were. */
	assert_true(json_equal(t, t0));
	assert_true(json_equal(p, p0));
	json_decref(got);
	json_decref(t);
	json_decref(p);
	json_decref(w);
	json_decref(t0);
	json_decref(p0);
}

static void test_rfc7396_appendix_a(void **state)
{
	(void)state;
	expect("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
	expect("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
	expect("{\"a\":\"b\"}", "{\"a\":null}", "{}");
	expect("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
	expect("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
	expect("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
	expect("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}",
	       "{\"a\":{\"b\":\"d\"}}");
	expect("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
	expect("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]");
	expect("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]");
	expect("{\"a\":\"foo\"}", "null", "null");
	expect("{\"a\":\"foo\"}", "\"bar\"", "\"bar\"");
	expect("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
	expect("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}");
	expect("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}",
	       "{\"a\":{\"bb\":{}}}");
}

static void test_rfc7396_section_3_example(void **state)
{
	(void)state;
	expect("{\"title\":\"Goodbye!\",\"author\":{\"givenName\":\"John\","
	       "\"familyName\":\"Doe\"},\"tags\":[\"example\",\"sample\"],"
	       "\"content\":\"This will be unchanged\"}",
	       "{\"title\":\"Hello!\",\"phoneNumber\":\"+01-123-456-7890\","
	       "\"author\":{\"familyName\":null},\"tags\":[\"example\"]}",
	       "{\"title\":\"Hello!\",\"author\":{\"givenName\":\"John\"},"
	       "\"tags\":[\"example\"],\"content\":\"This will be unchanged\","
	       "\"phoneNumber\":\"+01-123-456-7890\"}");
}

static void test_children_are_replaced_whole(void **state)
{
	(void)state;
	/* The write API's case: a measure's responsible list. */
	expect("{\"id\":\"M1\",\"responsible\":[{\"actor\":\"IN\",\"role\":"
	       "\"lead\"},{\"actor\":\"SIVA\",\"role\":\"contributing\"}]}",
	       "{\"responsible\":[{\"actor\":\"NFR\",\"role\":\"lead\"}]}",
	       "{\"id\":\"M1\",\"responsible\":[{\"actor\":\"NFR\",\"role\":"
	       "\"lead\"}]}");
	expect("{\"title_nb\":\"Økt eksport\"}", "{\"title_nb\":\"Æøå\"}",
	       "{\"title_nb\":\"Æøå\"}");
}

static void test_absent_target(void **state)
{
	json_t *p = load("{\"a\":{\"b\":null,\"c\":1}}");
	json_t *got = merge_patch_apply(NULL, p);
	json_t *want = load("{\"a\":{\"c\":1}}");

	(void)state;
	assert_true(json_equal(got, want));
	assert_null(merge_patch_apply(want, NULL));
	json_decref(got);
	json_decref(want);
	json_decref(p);
}

static void test_result_shares_nothing(void **state)
{
	json_t *t = load("{\"keep\":{\"x\":[1,2]},\"b\":1}");
	json_t *p = load("{\"new\":{\"y\":[3]}}");
	json_t *got = merge_patch_apply(t, p);

	(void)state;
	/* Changing the result changes neither argument. */
	json_array_append_new(json_object_get(json_object_get(got, "keep"),
					      "x"),
			      json_integer(9));
	json_array_append_new(json_object_get(json_object_get(got, "new"),
					      "y"),
			      json_integer(9));
	assert_int_equal(json_array_size(json_object_get(
				 json_object_get(t, "keep"), "x")),
			 2);
	assert_int_equal(json_array_size(json_object_get(
				 json_object_get(p, "new"), "y")),
			 1);
	json_decref(got);
	json_decref(t);
	json_decref(p);
}

/* n arrays or objects nested in each other. */
static json_t *nested(int n, bool objects)
{
	struct buf b = BUF_INIT;
	json_t *v;

	for (int i = 0; i < n; i++)
		buf_addstr(&b, objects ? "{\"a\":" : "[");
	buf_addstr(&b, "1");
	for (int i = 0; i < n; i++)
		buf_addstr(&b, objects ? "}" : "]");
	v = load(buf_cstr(&b));
	buf_release(&b);
	return v;
}

static void test_depth_is_bounded(void **state)
{
	json_t *t = load("{}");
	json_t *ok = nested(LIMIT_JSON_DEPTH, true);
	json_t *deep = nested(LIMIT_JSON_DEPTH + 1, true);
	json_t *deep_array = nested(LIMIT_JSON_DEPTH + 1, false);
	json_t *got;

	(void)state;
	got = merge_patch_apply(t, ok);
	assert_non_null(got);
	assert_true(json_equal(got, ok));
	assert_false(merge_patch_too_deep(ok));
	assert_true(merge_patch_too_deep(deep));
	assert_null(merge_patch_apply(t, deep));
	assert_null(merge_patch_apply(t, deep_array));
	json_decref(got);
	json_decref(t);
	json_decref(ok);
	json_decref(deep);
	json_decref(deep_array);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7396_appendix_a),
		cmocka_unit_test(test_rfc7396_section_3_example),
		cmocka_unit_test(test_children_are_replaced_whole),
		cmocka_unit_test(test_absent_target),
		cmocka_unit_test(test_result_shares_nothing),
		cmocka_unit_test(test_depth_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
