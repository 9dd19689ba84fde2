/* tests/test_parse.c: util/parse.h - integers, numbers, quoting, UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "util/parse.h"

static void expect_int(const char *s, int64_t min, int64_t max, int64_t want)
{
	struct err e = ERR_INIT;
	int64_t v = -12345;

	assert_int_equal(parse_int64(s, min, max, &v, &e), 0);
	assert_true(v == want);
	assert_int_equal(e.code, ERR_NONE);
}

static void expect_int_bad(const char *s, int64_t min, int64_t max)
{
	struct err e = ERR_INIT;
	int64_t v = -12345;

	assert_int_equal(parse_int64(s, min, max, &v, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_true(v == -12345);	/* untouched on failure */
	assert_non_null(strstr(e.msg, "expected a whole number from"));
}

static void test_int_accepts_whole_numbers(void **state)
{
	(void)state;
	expect_int("0", 0, 10, 0);
	expect_int("42", 0, 100, 42);
	expect_int("-7", -10, 10, -7);
	expect_int("-0", -1, 1, 0);
	expect_int("007", 0, 10, 7);
	expect_int("1", 1, 500, 1);
	expect_int("500", 1, 500, 500);
	expect_int("9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX);
	expect_int("-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN);
}

static void test_int_rejects_malformed(void **state)
{
	(void)state;
	expect_int_bad(NULL, 0, 10);
	expect_int_bad("", 0, 10);
	expect_int_bad("-", 0, 10);
	expect_int_bad("abc", 0, 10);
	expect_int_bad("12abc", 0, 100);
	expect_int_bad(" 12", 0, 100);
	expect_int_bad("12 ", 0, 100);
	expect_int_bad("+5", 0, 10);
	expect_int_bad("--5", -10, 10);
	expect_int_bad("1.0", 0, 10);
	expect_int_bad("1e3", 0, 10000);
	expect_int_bad("0x10", 0, 100);
	expect_int_bad("٣", 0, 10);	/* Arabic-Indic digit three */
}

static void test_int_rejects_overflow_and_range(void **state)
{
	(void)state;
	expect_int_bad("9223372036854775808", INT64_MIN, INT64_MAX);
	expect_int_bad("-9223372036854775809", INT64_MIN, INT64_MAX);
	expect_int_bad("99999999999999999999999", INT64_MIN, INT64_MAX);
	expect_int_bad("0", 1, 500);
	expect_int_bad("501", 1, 500);
	expect_int_bad("-1", 0, 10);
}

static void test_int_message(void **state)
{
	struct err e = ERR_INIT;
	int64_t v;

	(void)state;
	assert_int_equal(parse_int64("abc", 1, 500, &v, &e), -1);
	assert_string_equal(e.msg,
			    "expected a whole number from 1 to 500, got \"abc\"");
	assert_int_equal(parse_int64("-3", -2, 2, &v, &e), -1);
	assert_string_equal(e.msg,
			    "expected a whole number from -2 to 2, got \"-3\"");
	/* A NULL err is allowed. */
	assert_int_equal(parse_int64("x", 0, 1, &v, NULL), -1);
}

static void expect_double(const char *s, double want)
{
	struct err e = ERR_INIT;
	double v = -1;

	assert_int_equal(parse_double(s, &v, &e), 0);
	assert_true(v == want);
	v = -1;
	assert_int_equal(parse_decimal_comma(s, &v, &e), 0);
	assert_true(v == want);
}

static void expect_double_bad(const char *s)
{
	struct err e = ERR_INIT;
	double v = -1;

	assert_int_equal(parse_double(s, &v, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_true(v == -1);
	assert_non_null(strstr(e.msg, "expected a number such as 1234.5"));
}

static void test_double_accepts_numbers(void **state)
{
	(void)state;
	expect_double("0", 0.0);
	expect_double("12", 12.0);
	expect_double("-0.5", -0.5);
	expect_double("1234.5", 1234.5);
	expect_double("1.5e3", 1500.0);
	expect_double("1E-2", 0.01);
	expect_double("2e+2", 200.0);
	expect_double("0.1", 0.1);	/* correctly rounded, as strtod */
	expect_double("1e-400", 0.0);	/* underflow is still finite */
}

static void test_double_rejects_other_text(void **state)
{
	char big[PARSE_NUMBER_MAX + 2];

	(void)state;
	expect_double_bad(NULL);
	expect_double_bad("");
	expect_double_bad("1,5");
	expect_double_bad(".5");
	expect_double_bad("5.");
	expect_double_bad("-");
	expect_double_bad("+1");
	expect_double_bad(" 1");
	expect_double_bad("1 ");
	expect_double_bad("inf");
	expect_double_bad("-infinity");
	expect_double_bad("nan");
	expect_double_bad("0x10");
	expect_double_bad("1e");
	expect_double_bad("1e+");
	expect_double_bad("1e999");	/* overflows to infinity */
	expect_double_bad("-1e999");
	expect_double_bad("1.2.3");
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_double_bad(big);
	big[PARSE_NUMBER_MAX] = '\0';	/* exactly the limit is fine */
	{
		double v = 0;

		assert_int_equal(parse_double(big, &v, NULL), 0);
		assert_true(v > 1.1e127 && v < 1.2e127);
	}
}

static void test_decimal_comma(void **state)
{
	struct err e = ERR_INIT;
	double v = 0;

	(void)state;
	assert_int_equal(parse_decimal_comma("1234,5", &v, &e), 0);
	assert_true(v == 1234.5);
	assert_int_equal(parse_decimal_comma("-0,25", &v, &e), 0);
	assert_true(v == -0.25);
	assert_int_equal(parse_decimal_comma("1234.5", &v, &e), 0);
	assert_true(v == 1234.5);
	assert_int_equal(parse_decimal_comma("1,5e2", &v, &e), 0);
	assert_true(v == 150.0);
	v = 7;
	assert_int_equal(parse_decimal_comma("1.234,5", &v, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "expected a number such as 1234,5 or "
				   "1234.5, got \"1.234,5\"");
	assert_true(v == 7);
	assert_int_equal(parse_decimal_comma("1,234,5", &v, &e), -1);
	assert_int_equal(parse_decimal_comma("1 234,5", &v, &e), -1);
	assert_int_equal(parse_decimal_comma(",5", &v, &e), -1);
	assert_int_equal(parse_decimal_comma("5,", &v, &e), -1);
	assert_int_equal(parse_decimal_comma(NULL, &v, &e), -1);
	assert_true(v == 7);
}

/* strtod follows LC_NUMERIC; our parsers must not. */
static void test_double_ignores_locale(void **state)
{
	static const char *const comma_locales[] = {
		"nb_NO.UTF-8", "nb_NO.utf8", "de_DE.UTF-8", "de_DE.utf8",
		"fr_FR.UTF-8", NULL,
	};
	struct err e = ERR_INIT;
	double v = 0;
	int i, rc1, rc2;

	(void)state;
	for (i = 0; comma_locales[i]; i++)
		if (setlocale(LC_NUMERIC, comma_locales[i]))
			break;
	if (!comma_locales[i])
		skip();	/* no locale with a decimal comma installed */
	rc1 = parse_double("1234.5", &v, &e);
	rc2 = parse_double("1234,5", &v, &e);
	setlocale(LC_NUMERIC, "C");
	assert_int_equal(rc1, 0);
	assert_int_equal(rc2, -1);
}

static void test_quote(void **state)
{
	char q[PARSE_QUOTE_MAX];
	char long_ascii[100];

	(void)state;
	parse_quote(NULL, q);
	assert_string_equal(q, "");
	parse_quote("blåbærsyltetøy ÆØÅ", q);
	assert_string_equal(q, "blåbærsyltetøy ÆØÅ");
	parse_quote("say \"hi\"\\", q);
	assert_string_equal(q, "say \\\"hi\\\"\\\\");
	parse_quote("a\nb\tc\rd\x01\x7f", q);
	assert_string_equal(q, "a\\nb\\tc\\rd\\x01\\x7f");
	parse_quote("bad \xff\xc0\x80 utf8", q);
	assert_string_equal(q, "bad \\xff\\xc0\\x80 utf8");
	parse_quote("rtl \xe2\x80\xae evil", q);	/* U+202E override */
	assert_string_equal(q, "rtl \\xe2\\x80\\xae evil");
	parse_quote("c1 \xc2\x85", q);			/* U+0085 NEL */
	assert_string_equal(q, "c1 \\xc2\\x85");

	memset(long_ascii, 'x', sizeof(long_ascii) - 1);
	long_ascii[sizeof(long_ascii) - 1] = '\0';
	parse_quote(long_ascii, q);
	assert_int_equal(strlen(q), PARSE_QUOTE_INPUT + 3);
	assert_string_equal(q + PARSE_QUOTE_INPUT, "...");
	long_ascii[PARSE_QUOTE_INPUT] = '\0';	/* exactly the limit: no cut */
	parse_quote(long_ascii, q);
	assert_int_equal(strlen(q), PARSE_QUOTE_INPUT);

	/* 39 x then "ø": the two-byte character does not fit, and is not
	 * split. */
	memset(long_ascii, 'x', 39);
	memcpy(long_ascii + 39, "øøø", 7);
	parse_quote(long_ascii, q);
	assert_int_equal(strlen(q), 39 + 3);
	assert_string_equal(q + 39, "...");
}

static void test_quote_worst_case_fits(void **state)
{
	char in[200];
	char q[PARSE_QUOTE_MAX];

	(void)state;
	memset(in, 0xff, sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	parse_quote(in, q);
	assert_int_equal(strlen(q), PARSE_QUOTE_INPUT * 4 + 3);
}

static void expect_utf8(const char *s, size_t n, size_t want_len,
			uint32_t want_cp)
{
	uint32_t cp = 0xFFFFFFFF;

	assert_int_equal(parse_utf8_char((const unsigned char *)s, n, &cp),
			 want_len);
	if (want_len)
		assert_int_equal(cp, want_cp);
}

static void test_utf8_char(void **state)
{
	(void)state;
	expect_utf8("A", 1, 1, 'A');
	expect_utf8("å", 2, 2, 0xE5);
	expect_utf8("\xe2\x80\x93", 3, 3, 0x2013);
	expect_utf8("\xf0\x9f\x98\x80", 4, 4, 0x1F600);
	expect_utf8("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF);
	expect_utf8("\xef\xbf\xbf", 3, 3, 0xFFFF);
	/* Overlong forms of '/' and NUL, and the smallest overlong 3/4. */
	expect_utf8("\xc0\xaf", 2, 0, 0);
	expect_utf8("\xc0\x80", 2, 0, 0);
	expect_utf8("\xc1\xbf", 2, 0, 0);
	expect_utf8("\xe0\x80\xaf", 3, 0, 0);
	expect_utf8("\xe0\x9f\xbf", 3, 0, 0);
	expect_utf8("\xf0\x80\x80\xaf", 4, 0, 0);
	expect_utf8("\xf0\x8f\xbf\xbf", 4, 0, 0);
	/* Surrogates, above U+10FFFF, stray and truncated bytes. */
	expect_utf8("\xed\xa0\x80", 3, 0, 0);
	expect_utf8("\xed\xbf\xbf", 3, 0, 0);
	expect_utf8("\xf4\x90\x80\x80", 4, 0, 0);
	expect_utf8("\xf5\x80\x80\x80", 4, 0, 0);
	expect_utf8("\xff", 1, 0, 0);
	expect_utf8("\x80", 1, 0, 0);
	expect_utf8("\xc3", 1, 0, 0);
	expect_utf8("\xc3\xa5", 1, 0, 0);	/* only one byte available */
	expect_utf8("\xe2\x80", 2, 0, 0);
	expect_utf8("\xc3" "A", 2, 0, 0);
	expect_utf8("", 0, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_accepts_whole_numbers),
		cmocka_unit_test(test_int_rejects_malformed),
		cmocka_unit_test(test_int_rejects_overflow_and_range),
		cmocka_unit_test(test_int_message),
		cmocka_unit_test(test_double_accepts_numbers),
		cmocka_unit_test(test_double_rejects_other_text),
		cmocka_unit_test(test_decimal_comma),
		cmocka_unit_test(test_double_ignores_locale),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_quote_worst_case_fits),
		cmocka_unit_test(test_utf8_char),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
