/*
 * tests/test_format.c: numbers and dates per language (web/format.h):
 * grouping with a no-break space and a decimal comma in Norwegian, commas
 * and a point in English, the minus sign, dates in words, bad input, and
 * the Norwegian alphabetical order (æ ø å after z).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "web/format.h"

#define NBSP "\xc2\xa0"
#define MINUS "\xe2\x88\x92"

/* Runs one formatting call into a fresh buffer and compares. */
#define EXPECT(call, want)                                                 \
	do {                                                               \
		struct buf b_ = BUF_INIT;                                  \
		struct buf *b = &b_;                                       \
		call;                                                      \
		assert_string_equal(buf_cstr(b), want);                    \
		buf_release(b);                                            \
	} while (0)

static void test_int(void **state)
{
	(void)state;
	EXPECT(fmt_int(b, LANG_NB, 0), "0");
	EXPECT(fmt_int(b, LANG_NB, 999), "999");
	EXPECT(fmt_int(b, LANG_NB, 1234), "1" NBSP "234");
	EXPECT(fmt_int(b, LANG_NN, 1234567), "1" NBSP "234" NBSP "567");
	EXPECT(fmt_int(b, LANG_EN, 1234567), "1,234,567");
	EXPECT(fmt_int(b, LANG_NB, -1234), MINUS "1" NBSP "234");
	EXPECT(fmt_int(b, LANG_EN, INT64_MIN),
	       MINUS "9,223,372,036,854,775,808");
}

static void test_num(void **state)
{
	(void)state;
	EXPECT(fmt_num(b, LANG_NB, 1234.5, 1), "1" NBSP "234,5");
	EXPECT(fmt_num(b, LANG_EN, 1234.5, 1), "1,234.5");
	EXPECT(fmt_num(b, LANG_NN, 22.0, 1), "22,0");
	EXPECT(fmt_num(b, LANG_NB, 2.25, 0), "2");
	EXPECT(fmt_num(b, LANG_NB, 0.126, 2), "0,13");
	EXPECT(fmt_num(b, LANG_NB, -3.5, 1), MINUS "3,5");
	EXPECT(fmt_num(b, LANG_NB, -0.01, 1), "0,0");
	EXPECT(fmt_num(b, LANG_EN, NAN, 1), "\xe2\x80\x93");
	EXPECT(fmt_num(b, LANG_EN, INFINITY, 1), "\xe2\x80\x93");
	EXPECT(fmt_num(b, LANG_EN, 1.5, 99), "1.500000");
}

static void test_percent_and_nok(void **state)
{
	(void)state;
	EXPECT(fmt_percent(b, LANG_NB, 35), "35" NBSP "%");
	EXPECT(fmt_percent(b, LANG_EN, 35), "35%");
	EXPECT(fmt_nok(b, LANG_NB, 1250000),
	       "1" NBSP "250" NBSP "000" NBSP "kr");
	EXPECT(fmt_nok(b, LANG_EN, 1250000), "NOK" NBSP "1,250,000");
}

static void test_dates(void **state)
{
	(void)state;
	EXPECT(fmt_date(b, LANG_NB, "2026-11-23"), "23. november 2026");
	EXPECT(fmt_date(b, LANG_NN, "2026-11-23"), "23. november 2026");
	EXPECT(fmt_date(b, LANG_EN, "2026-11-23"), "23 November 2026");
	EXPECT(fmt_date(b, LANG_NB, "2023-08"), "august 2023");
	EXPECT(fmt_date(b, LANG_EN, "2023-08"), "August 2023");
	EXPECT(fmt_date(b, LANG_NB, "2021"), "2021");
	EXPECT(fmt_date(b, LANG_NB, "2025-06-30T12:00:00Z"), "30. juni 2025");
	EXPECT(fmt_date(b, LANG_EN, "2024-02-29"), "29 February 2024");
	EXPECT(fmt_date(b, LANG_NB, "2025-01-05"), "5. januar 2025");
}

static void test_bad_dates(void **state)
{
	static const char *const bad[] = {
		"", "202", "2025-13", "2025-00", "2025-02-29", "2023-04-31",
		"2025-1-05", "2025/01/05", "2025-01-05x", "<script>", "2025-",
		"abcd",
	};
	struct buf b = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(fmt_date(&b, LANG_NB, bad[i]), -1);
		assert_int_equal(b.len, 0);
	}
	assert_int_equal(fmt_date(&b, LANG_NB, NULL), -1);
	buf_release(&b);
}

static void test_months(void **state)
{
	(void)state;
	assert_string_equal(fmt_month(LANG_NB, 5), "mai");
	assert_string_equal(fmt_month(LANG_EN, 5), "May");
	assert_string_equal(fmt_month(LANG_NN, 12), "desember");
	assert_string_equal(fmt_month(LANG_NB, 0), "");
	assert_string_equal(fmt_month(LANG_NB, 13), "");
}

static void test_collate(void **state)
{
	(void)state;
	assert_true(fmt_collate("abc", "abd") < 0);
	assert_true(fmt_collate("Abc", "abc") == 0);
	assert_true(fmt_collate("zebra", "ærlig") < 0);
	assert_true(fmt_collate("ærlig", "øl") < 0);
	assert_true(fmt_collate("øl", "ål") < 0);
	assert_true(fmt_collate("Ål", "ål") == 0);
	assert_true(fmt_collate("Øst", "åpen") < 0);
	assert_true(fmt_collate("a", "ab") < 0);
	assert_true(fmt_collate(NULL, "a") < 0);
}

/* Missing values (NULL) sort after every text, and equal to each other. */
static void test_collate_missing_last(void **state)
{
	(void)state;
	assert_true(fmt_collate_opt("Ås", NULL) < 0);
	assert_true(fmt_collate_opt(NULL, "a") > 0);
	assert_int_equal(fmt_collate_opt(NULL, NULL), 0);
	assert_true(fmt_collate_opt("ære", "øl") < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_percent_and_nok),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_collate),
		cmocka_unit_test(test_collate_missing_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
