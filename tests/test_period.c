/* tests/test_period.c: model/period.h - parsing, formatting, bounds, order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/period.h"

static void expect_period(const char *s, enum period_kind kind, int year,
			  int n, int end_year, const char *canonical)
{
	struct period p;
	struct period again;
	struct err e = ERR_INIT;
	char text[PERIOD_TEXT_MAX];

	assert_int_equal(period_parse(s, &p, &e), 0);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.year, year);
	assert_int_equal(p.n, n);
	assert_int_equal(p.end_year, end_year);
	period_format(&p, text);
	assert_string_equal(text, canonical);
	/* The canonical text parses back to the same period. */
	assert_int_equal(period_parse(text, &again, &e), 0);
	assert_int_equal(period_compare(&p, &again), 0);
	assert_memory_equal(&p, &again, sizeof(p));
}

static void expect_bad(const char *s, const char *msg_part)
{
	struct period p = { PERIOD_MONTH, 1999, 7, 1999 };
	struct err e = ERR_INIT;

	assert_int_equal(period_parse(s, &p, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(e.msg, msg_part));
	/* Untouched on failure. */
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.year, 1999);
	assert_int_equal(p.n, 7);
}

static void test_parse_every_form(void **state)
{
	(void)state;
	expect_period("2025", PERIOD_YEAR, 2025, 0, 2025, "2025");
	expect_period("2025-T1", PERIOD_TERTIAL, 2025, 1, 2025, "2025-T1");
	expect_period("2025-T2", PERIOD_TERTIAL, 2025, 2, 2025, "2025-T2");
	expect_period("2025-T3", PERIOD_TERTIAL, 2025, 3, 2025, "2025-T3");
	expect_period("2025-t2", PERIOD_TERTIAL, 2025, 2, 2025, "2025-T2");
	expect_period("2025-Q1", PERIOD_QUARTER, 2025, 1, 2025, "2025-Q1");
	expect_period("2025-Q4", PERIOD_QUARTER, 2025, 4, 2025, "2025-Q4");
	expect_period("2025K3", PERIOD_QUARTER, 2025, 3, 2025, "2025-Q3");
	expect_period("2025-01", PERIOD_MONTH, 2025, 1, 2025, "2025-01");
	expect_period("2025-12", PERIOD_MONTH, 2025, 12, 2025, "2025-12");
	expect_period("2025M01", PERIOD_MONTH, 2025, 1, 2025, "2025-01");
	expect_period("2025M12", PERIOD_MONTH, 2025, 12, 2025, "2025-12");
	expect_period("2021-2023", PERIOD_RANGE, 2021, 0, 2023, "2021-2023");
	expect_period("2021\xe2\x80\x93" "2023", PERIOD_RANGE, 2021, 0, 2023,
		      "2021-2023");
	expect_period("2024-2025", PERIOD_RANGE, 2024, 0, 2025, "2024-2025");
}

static void test_parse_boundary_years(void **state)
{
	(void)state;
	expect_period("1900", PERIOD_YEAR, 1900, 0, 1900, "1900");
	expect_period("2200", PERIOD_YEAR, 2200, 0, 2200, "2200");
	expect_period("1900-T1", PERIOD_TERTIAL, 1900, 1, 1900, "1900-T1");
	expect_period("2200M12", PERIOD_MONTH, 2200, 12, 2200, "2200-12");
	expect_period("1900-2200", PERIOD_RANGE, 1900, 0, 2200, "1900-2200");
	expect_bad("1899", "years from 1900 to 2200");
	expect_bad("2201", "years from 1900 to 2200");
	expect_bad("0000", "years from 1900 to 2200");
	expect_bad("9999-Q1", "years from 1900 to 2200");
	expect_bad("1899-1950", "years from 1900 to 2200");
	expect_bad("2000-2201", "years from 1900 to 2200");
}

static void test_parse_rejects_other_text(void **state)
{
	static const char *const bad[] = {
		"", "2025-T4", "2025-T0", "2025-T", "2025-T22", "2025-Q0",
		"2025-Q5", "2025K0", "2025K5", "2025K", "2025K03", "2025-13",
		"2025-00", "2025M00", "2025M13", "2025M1", "2025-1", "2025-001",
		"25", "202", "20251", "20250", " 2025", "2025 ", "2025\n",
		"2025-", "2025-q3", "2025k3", "2025m01", "2025-Q3x", "2025-T2 ",
		"2025-K3", "2025T2", "2025Q3", "2025/2026", "2021-23",
		"2021-20233", "2021\xe2\x80\x93", "2021—2023" /* em dash */,
		"2021 - 2023", "abcd", "-2025", "+2025", "２０２５", "2025-T2\xff",
		"2025\xe2\x80",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(bad[i], "expected a period such as");
	expect_bad(NULL, "expected a period such as");
}

static void test_parse_rejects_backward_ranges(void **state)
{
	(void)state;
	expect_bad("2023-2021", "last year comes after its first");
	expect_bad("2023-2023", "last year comes after its first");
	expect_bad("2023\xe2\x80\x93" "2022", "last year comes after");
}

static void test_parse_message(void **state)
{
	struct period p;
	struct err e = ERR_INIT;
	char in[120];

	(void)state;
	assert_int_equal(period_parse("2025-T4", &p, &e), -1);
	assert_string_equal(e.msg,
		"expected a period such as 2025, 2025-T2, 2025-Q3 (or 2025K3), "
		"2025-01 (or 2025M01) or 2021-2023, got \"2025-T4\"");
	/* Long input is cut; quotes and control characters are escaped. */
	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	assert_int_equal(period_parse(in, &p, &e), -1);
	assert_non_null(strstr(e.msg, "got \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				      "xxxxxxxx...\""));
	assert_int_equal(period_parse("\"<b>\n", &p, &e), -1);
	assert_non_null(strstr(e.msg, "got \"\\\"<b>\\n\""));
	/* err may be NULL. */
	assert_int_equal(period_parse("nope", &p, NULL), -1);
}

static void expect_bounds(const char *s, const char *start, const char *end)
{
	struct period p;
	char a[11], b[11];

	assert_int_equal(period_parse(s, &p, NULL), 0);
	period_bounds(&p, a, b);
	assert_string_equal(a, start);
	assert_string_equal(b, end);
}

static void test_bounds(void **state)
{
	(void)state;
	expect_bounds("2025", "2025-01-01", "2025-12-31");
	expect_bounds("2025-T1", "2025-01-01", "2025-04-30");
	expect_bounds("2025-T2", "2025-05-01", "2025-08-31");
	expect_bounds("2025-T3", "2025-09-01", "2025-12-31");
	expect_bounds("2025-Q1", "2025-01-01", "2025-03-31");
	expect_bounds("2025K2", "2025-04-01", "2025-06-30");
	expect_bounds("2025-Q3", "2025-07-01", "2025-09-30");
	expect_bounds("2025-Q4", "2025-10-01", "2025-12-31");
	expect_bounds("2025-01", "2025-01-01", "2025-01-31");
	expect_bounds("2025M11", "2025-11-01", "2025-11-30");
	expect_bounds("2021-2023", "2021-01-01", "2023-12-31");
	/* February: leap years every 4, not every 100, but every 400. */
	expect_bounds("2024-02", "2024-02-01", "2024-02-29");
	expect_bounds("2023-02", "2023-02-01", "2023-02-28");
	expect_bounds("2000-02", "2000-02-01", "2000-02-29");
	expect_bounds("1900-02", "1900-02-01", "1900-02-28");
	expect_bounds("2100M02", "2100-02-01", "2100-02-28");
}

static int cmp_qsort(const void *a, const void *b)
{
	return period_compare(a, b);
}

static void test_compare_orders_by_start_then_end(void **state)
{
	/* Shuffled; sorted they must come out in `want` order. */
	static const char *const in[] = {
		"2025-T2", "2026", "2025", "2024-2026", "2025-01", "2025-Q1",
		"2025-T1", "2025-Q2", "2024-12", "2025-2026",
	};
	static const char *const want[] = {
		"2024-2026", "2024-12", "2025-01", "2025-Q1", "2025-T1",
		"2025", "2025-2026", "2025-Q2", "2025-T2", "2026",
	};
	struct period p[sizeof(in) / sizeof(in[0])];
	char text[PERIOD_TEXT_MAX];
	size_t i, n = sizeof(in) / sizeof(in[0]);

	(void)state;
	for (i = 0; i < n; i++)
		assert_int_equal(period_parse(in[i], &p[i], NULL), 0);
	qsort(p, n, sizeof(p[0]), cmp_qsort);
	for (i = 0; i < n; i++) {
		period_format(&p[i], text);
		assert_string_equal(text, want[i]);
	}
}

static void test_compare_sign_and_equality(void **state)
{
	struct period a, b;

	(void)state;
	assert_int_equal(period_parse("2025-Q3", &a, NULL), 0);
	assert_int_equal(period_parse("2025K3", &b, NULL), 0);
	assert_int_equal(period_compare(&a, &b), 0);
	assert_int_equal(period_parse("2025-T3", &b, NULL), 0);
	assert_true(period_compare(&a, &b) < 0);
	assert_true(period_compare(&b, &a) > 0);
	/* Same start, shorter first. */
	assert_int_equal(period_parse("2025-07", &b, NULL), 0);
	assert_true(period_compare(&b, &a) < 0);
	assert_true(period_compare(&a, &b) > 0);
}

static void expect_label(const char *s, const char *lang, const char *want)
{
	struct period p;
	struct buf b = BUF_INIT;

	assert_int_equal(period_parse(s, &p, NULL), 0);
	period_label(&p, lang, &b);
	assert_false(b.failed);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void test_label_three_languages(void **state)
{
	(void)state;
	expect_label("2025-T2", "nb", "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", "nn", "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", "en", "2025-T2 (May–August 2025)");
	expect_label("2025-T1", "nb", "2025-T1 (januar–april 2025)");
	expect_label("2025-T3", "en", "2025-T3 (September–December 2025)");
	expect_label("2025K3", "nb", "2025-Q3 (juli–september 2025)");
	expect_label("2025-Q1", "nn", "2025-Q1 (januar–mars 2025)");
	expect_label("2025-Q4", "en", "2025-Q4 (October–December 2025)");
	expect_label("2025M01", "nb", "2025-01 (januar 2025)");
	expect_label("2025-05", "nn", "2025-05 (mai 2025)");
	expect_label("2025-12", "en", "2025-12 (December 2025)");
	expect_label("2025-10", "nb", "2025-10 (oktober 2025)");
	expect_label("2025", "nb", "2025");
	expect_label("2025", "en", "2025");
	expect_label("2021–2023", "nb", "2021-2023");
	expect_label("2021-2023", "en", "2021-2023");
}

static void test_label_language_fallback(void **state)
{
	(void)state;
	expect_label("2025-T2", "en-GB", "2025-T2 (May–August 2025)");
	expect_label("2025-T2", "en_US", "2025-T2 (May–August 2025)");
	expect_label("2025-T2", "nb-NO", "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", NULL, "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", "", "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", "eng", "2025-T2 (mai–august 2025)");
	expect_label("2025-T2", "sv", "2025-T2 (mai–august 2025)");
}

static void test_label_appends(void **state)
{
	struct period p;
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(period_parse("2025-T2", &p, NULL), 0);
	buf_addstr(&b, "Periode: ");
	period_label(&p, "nb", &b);
	assert_string_equal(buf_cstr(&b), "Periode: 2025-T2 (mai–august 2025)");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_every_form),
		cmocka_unit_test(test_parse_boundary_years),
		cmocka_unit_test(test_parse_rejects_other_text),
		cmocka_unit_test(test_parse_rejects_backward_ranges),
		cmocka_unit_test(test_parse_message),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_compare_orders_by_start_then_end),
		cmocka_unit_test(test_compare_sign_and_equality),
		cmocka_unit_test(test_label_three_languages),
		cmocka_unit_test(test_label_language_fallback),
		cmocka_unit_test(test_label_appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
