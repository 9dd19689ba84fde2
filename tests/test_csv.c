/*
 * tests/test_csv.c: the CSV row iterator (formats/csv.h): separators,
 * byte order mark, quoting, line ends, row and column numbers, and every
 * kind of malformed input with the place it is reported at.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "formats/csv.h"

/* Reads all of text; returns the rows as "a|b|c" lines joined by "\n"
 * with each row's number in front ("2:a|b"), and the last result. */
static int read_all(const char *text, const struct csv_reader_opts *o,
		    char *out, size_t cap, struct err *err)
{
	struct csv_reader *r = csv_reader_open(text, strlen(text), o, err);
	const char *const *f;
	size_t n, used = 0;
	int rc;

	assert_non_null(r);
	out[0] = '\0';
	while ((rc = csv_reader_next(r, &f, &n, err)) == 1) {
		used += (size_t)snprintf(out + used, cap - used,
					 "%s%zu:", used ? "\n" : "",
					 csv_reader_row(r));
		for (size_t i = 0; i < n; i++)
			used += (size_t)snprintf(out + used, cap - used, "%s%s",
						 i ? "|" : "", f[i]);
	}
	csv_reader_free(r);
	return rc;
}

static void test_comma_and_rows(void **state)
{
	struct err err = ERR_INIT;
	char out[512];

	(void)state;
	assert_int_equal(read_all("period,value\n2024,1.5\n2025,2\n", NULL, out,
				  sizeof(out), &err),
			 0);
	assert_string_equal(out, "1:period|value\n2:2024|1.5\n3:2025|2");
}

static void test_semicolon_detected_with_decimal_comma(void **state)
{
	struct err err = ERR_INIT;
	struct csv_reader *r;
	char out[512];

	(void)state;
	assert_int_equal(read_all("periode;verdi;region\n2024;1,5;Tromsø\n",
				  NULL, out, sizeof(out), &err),
			 0);
	assert_string_equal(out, "1:periode|verdi|region\n2:2024|1,5|Tromsø");
	r = csv_reader_open("a;b\n", 4, NULL, &err);
	assert_int_equal(csv_reader_sep(r), ';');
	csv_reader_free(r);
	/* A header with more commas than semicolons keeps ','. */
	r = csv_reader_open("a,b,c;d\n", 8, NULL, &err);
	assert_int_equal(csv_reader_sep(r), ',');
	csv_reader_free(r);
}

static void test_explicit_separator(void **state)
{
	struct csv_reader_opts o = CSV_READER_OPTS_INIT;
	struct err err = ERR_INIT;
	char out[256];

	(void)state;
	o.sep = ',';
	assert_int_equal(read_all("a;b,c\n", &o, out, sizeof(out), &err), 0);
	assert_string_equal(out, "1:a;b|c");
	o.sep = '\t';
	assert_null(csv_reader_open("a", 1, &o, &err));
	assert_int_equal(err.code, ERR_INVALID);
}

static void test_bom_skipped(void **state)
{
	struct err err = ERR_INIT;
	char out[256];

	(void)state;
	assert_int_equal(read_all("\xEF\xBB\xBFperiod;value\n2024;3\n", NULL,
				  out, sizeof(out), &err),
			 0);
	assert_string_equal(out, "1:period|value\n2:2024|3");
}

static void test_quotes_newlines_and_blank_lines(void **state)
{
	struct err err = ERR_INIT;
	char out[512];

	(void)state;
	assert_int_equal(read_all("a,b\r\n\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n"
				  "\"two\nlines\",z\n\n  spaced  ,\"\"\nlast,1",
				  NULL, out, sizeof(out), &err),
			 0);
	/* Blank lines count: rows are the lines where records start. */
	assert_string_equal(out, "1:a|b\n3:x, y|say \"hi\"\n4:two\nlines|z\n"
				 "7:spaced|\n8:last|1");
}

static void test_old_mac_line_ends(void **state)
{
	struct err err = ERR_INIT;
	char out[256];

	(void)state;
	assert_int_equal(
	    read_all("a,b\r1,2\r3,4", NULL, out, sizeof(out), &err), 0);
	assert_string_equal(out, "1:a|b\n2:1|2\n3:3|4");
}

static void test_empty_text(void **state)
{
	struct err err = ERR_INIT;
	char out[16];

	(void)state;
	assert_int_equal(read_all("", NULL, out, sizeof(out), &err), 0);
	assert_string_equal(out, "");
	assert_int_equal(read_all("\n\n", NULL, out, sizeof(out), &err), 0);
	csv_reader_free(NULL);
}

/* Reads until the error and checks where it is. */
static void expect_error(const char *text, const struct csv_reader_opts *o,
			 size_t row, size_t column, const char *words)
{
	struct err err = ERR_INIT;
	struct csv_reader *r = csv_reader_open(text, strlen(text), o, &err);
	const char *const *f;
	size_t n, er, ec;
	int rc;

	while ((rc = csv_reader_next(r, &f, &n, &err)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	csv_reader_error_pos(r, &er, &ec);
	assert_int_equal(er, row);
	assert_int_equal(ec, column);
	assert_non_null(strstr(err.msg, words));
	/* The error is sticky. */
	assert_int_equal(csv_reader_next(r, &f, &n, &err), -1);
	csv_reader_free(r);
}

static void test_malformed_quotes(void **state)
{
	(void)state;
	expect_error("a,b\n1,\"x\"y\n", NULL, 2, 2, "stray '\"'");
	expect_error("a,b\n1,x\"y\"\n", NULL, 2, 2, "stray");
	expect_error("a,b\n1,\"open\n2,3\n", NULL, 2, 2, "not closed");
	expect_error("a,b\n1,2\n3,4\n\"", NULL, 4, 1, "not closed");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	expect_error("a,b\n1,Bod\xf8\n", NULL, 2, 2, "not valid UTF-8");
	expect_error("a,b,c\n1,2,\xc3\x28\n", NULL, 2, 3, "UTF-8");
}

static void test_limits(void **state)
{
	struct csv_reader_opts o = CSV_READER_OPTS_INIT;

	(void)state;
	o.max_columns = 2;
	expect_error("a,b\n1,2,3\n", &o, 2, 3, "more than 2 columns");
	o = (struct csv_reader_opts)CSV_READER_OPTS_INIT;
	o.max_rows = 2;
	expect_error("a\n1\n2\n", &o, 3, 1, "more than 2 rows");
	o = (struct csv_reader_opts)CSV_READER_OPTS_INIT;
	o.max_field = 4;
	expect_error("a,b\n1,12345\n", &o, 2, 2, "5 bytes long");
}

static void test_offset_and_fields_stay_until_next(void **state)
{
	const char *text = "æ,ø\nå,b\n";
	struct err err = ERR_INIT;
	struct csv_reader *r = csv_reader_open(text, strlen(text), NULL, &err);
	const char *const *f;
	size_t n;

	(void)state;
	assert_int_equal(csv_reader_offset(r), 0);
	assert_int_equal(csv_reader_next(r, &f, &n, &err), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "æ");
	assert_string_equal(f[1], "ø");
	assert_int_equal(csv_reader_next(r, &f, &n, &err), 1);
	assert_string_equal(f[0], "å");
	assert_int_equal(csv_reader_next(r, &f, &n, &err), 0);
	assert_int_equal(csv_reader_offset(r), strlen(text));
	csv_reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_comma_and_rows),
	    cmocka_unit_test(test_semicolon_detected_with_decimal_comma),
	    cmocka_unit_test(test_explicit_separator),
	    cmocka_unit_test(test_bom_skipped),
	    cmocka_unit_test(test_quotes_newlines_and_blank_lines),
	    cmocka_unit_test(test_old_mac_line_ends),
	    cmocka_unit_test(test_empty_text),
	    cmocka_unit_test(test_malformed_quotes),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_offset_and_fields_stay_until_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
