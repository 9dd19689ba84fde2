/*
 * tests/test_form.c: http/form.c - decoding a posted HTML form: escapes
 * and '+', repeated names in order, empty pieces, and the refusals (bad
 * escape, invalid UTF-8, control characters, too many fields, a body that
 * is not a form).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

static int parse(const char *body, struct http_form *f, struct err *err)
{
	return http_form_parse(body, strlen(body), f, err);
}

static void test_decodes_names_and_values(void **state)
{
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(parse("summary=Tiltak+i+r%C3%B8r&status=on_track"
			       "&empty=&flag&%C3%A6=%3Cb%3E",
			       &f, &err),
			 0);
	assert_int_equal(f.n, 5);
	assert_string_equal(http_form_get(&f, "summary"), "Tiltak i rør");
	assert_string_equal(http_form_get(&f, "status"), "on_track");
	assert_string_equal(http_form_get(&f, "empty"), "");
	assert_string_equal(http_form_get(&f, "flag"), "");
	assert_string_equal(http_form_get(&f, "æ"), "<b>");
	assert_null(http_form_get(&f, "missing"));
	http_form_release(&f);
}

static void test_repeated_names_in_order(void **state)
{
	struct http_form f;
	struct err err = ERR_INIT;
	size_t pos = 0;

	(void)state;
	assert_int_equal(parse("actor=SIVA&&x=1&actor=HDIR&actor=NFR&", &f,
			       &err),
			 0);
	assert_int_equal(http_form_count(&f, "actor"), 3);
	assert_string_equal(http_form_next(&f, "actor", &pos), "SIVA");
	assert_string_equal(http_form_next(&f, "actor", &pos), "HDIR");
	assert_string_equal(http_form_next(&f, "actor", &pos), "NFR");
	assert_null(http_form_next(&f, "actor", &pos));
	assert_int_equal(http_form_count(&f, "x"), 1);
	http_form_release(&f);
}

static void test_line_breaks_kept(void **state)
{
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(parse("text=a%0D%0Ab%09c", &f, &err), 0);
	assert_string_equal(http_form_get(&f, "text"), "a\r\nb\tc");
	http_form_release(&f);
}

static void test_refusals(void **state)
{
	static const char *const bad[] = {
		"a=%G1", "a=%4", "a=%00", "a=%01", "a=%7F", "a=%C3",
		"a=%FF%FE", "%ZZ=1", "a=%ED%A0%80",
	};
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = (struct err)ERR_INIT;
		assert_int_equal(parse(bad[i], &f, &err), -1);
		assert_int_equal(err.code, ERR_INVALID);
		assert_true(err.msg[0] != '\0');
		assert_null(f.fields);
		assert_int_equal(f.n, 0);
	}
}

static void test_field_limit(void **state)
{
	size_t n = HTTP_FORM_MAX_FIELDS + 1;
	char *body = malloc(n * 4 + 1), *p = body;
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "a=1&");
	p[-1] = '\0';
	assert_int_equal(parse(body, &f, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	/* One fewer is fine. */
	p[-4] = '\0';
	err = (struct err)ERR_INIT;
	assert_int_equal(parse(body, &f, &err), 0);
	assert_int_equal(f.n, HTTP_FORM_MAX_FIELDS);
	http_form_release(&f);
	free(body);
}

static void test_empty_body(void **state)
{
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(http_form_parse("", 0, &f, &err), 0);
	assert_int_equal(f.n, 0);
	assert_null(http_form_get(&f, "a"));
	http_form_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decodes_names_and_values),
		cmocka_unit_test(test_repeated_names_in_order),
		cmocka_unit_test(test_line_breaks_kept),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_empty_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
