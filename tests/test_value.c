/* tests/test_value.c: model/value.h - checks of single field values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "model/entity.h"
#include "model/limits.h"
#include "model/value.h"

/* rc and message of one check, for the table-driven tests below. */
static void expect_err(int rc, const struct err *e, const char *msg_part)
{
	assert_int_equal(rc, -1);
	assert_int_equal(e->code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(e->msg, msg_part));
}

static void test_id_good(void **state)
{
	static const char *const good[] = {
		"V-TP-1", "a", "0", "Z9", "tiltak.2025_v2", "A-", "a..b",
		"FA-01", "x_y-z.0",
	};
	char max[LIMIT_ID_BYTES + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(value_check_id(good[i], NULL), 0);
	memset(max, 'a', LIMIT_ID_BYTES);
	max[LIMIT_ID_BYTES] = '\0';
	assert_int_equal(value_check_id(max, NULL), 0);
}

static void test_id_bad(void **state)
{
	static const char *const bad[] = {
		"", "-a", ".a", "_a", "a b", " a", "a ", "a/b", "a?b", "a#b",
		"tiltak-æøå", "Ø1", "a\n", "a%20", "a+b", "a:b", "\xff",
	};
	char over[LIMIT_ID_BYTES + 2];
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_id(bad[i], &e), &e, "expected an id");
	expect_err(value_check_id(NULL, &e), &e, "expected an id");
	memset(over, 'a', LIMIT_ID_BYTES + 1);
	over[LIMIT_ID_BYTES + 1] = '\0';
	expect_err(value_check_id(over, &e), &e, "1 to 64 characters");
	assert_int_equal(value_check_id("a b", &e), -1);
	assert_string_equal(e.msg,
			    "expected an id of 1 to 64 characters from A-Z, "
			    "a-z, 0-9, '.', '_' and '-', starting with a "
			    "letter or digit, got \"a b\"");
}

static void test_text_good(void **state)
{
	(void)state;
	assert_int_equal(value_check_text("", 0, NULL), 0);
	assert_int_equal(value_check_text("Økt bruk av kunstig intelligens "
					  "i offentlig sektor – blåbær",
					  LIMIT_TITLE_BYTES, NULL),
			 0);
	assert_int_equal(value_check_text("linje 1\nlinje 2\r\n\tinnrykk",
					  LIMIT_TEXT_BYTES, NULL),
			 0);
	/* Four-byte characters, U+FFFF and the last code point are text. */
	assert_int_equal(value_check_text("🚀 \xef\xbf\xbf \xf4\x8f\xbf\xbf",
					  100, NULL),
			 0);
	/* Exactly the limit in bytes: "æøå" is six bytes. */
	assert_int_equal(value_check_text("æøå", 6, NULL), 0);
}

static void test_text_too_long(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(value_check_text("æøå", 5, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_string_equal(e.msg, "expected at most 5 bytes of text, got 6");
	expect_err(value_check_text("a", 0, &e), &e, "at most 0 bytes");
}

static void test_text_bad_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "abc\x80", "bl\xe5\x62\xe6r",	/* Latin-1 "blåbær" */
		"\xc0\xaf", "\xc1\xbf",			/* overlong '/' */
		"\xe0\x80\xaf", "\xf0\x80\x80\xaf",	/* overlong '/' */
		"\xc0\x80",				/* overlong NUL */
		"\xed\xa0\x80", "\xed\xbf\xbf",		/* surrogates */
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",	/* > U+10FFFF */
		"ok\xc3", "ok\xe2\x80",			/* cut short */
	};
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_text(bad[i], 100, &e), &e,
			   "not valid UTF-8");
	assert_int_equal(value_check_text("æø\xc0\xaf", 100, &e), -1);
	assert_string_equal(e.msg,
			    "expected UTF-8 text, but byte 5 is not valid "
			    "UTF-8 (is the file in another encoding, such as "
			    "Windows-1252?)");
	expect_err(value_check_text(NULL, 100, &e), &e, "expected text");
}

static void test_text_control_chars(void **state)
{
	static const char *const bad[] = {
		"a\x01", "\x1b[31m", "a\x7f", "a\x0b", "a\x0c", "\x1f",
		"a\xc2\x80", "a\xc2\x9f",		/* C1 controls */
	};
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_text(bad[i], 100, &e), &e,
			   "without control characters");
	assert_int_equal(value_check_text("ab\x1b", 100, &e), -1);
	assert_string_equal(e.msg, "expected text without control characters, "
				   "but byte 3 is U+001B");
	/* U+00A0 (no-break space) is just after the C1 range: allowed. */
	assert_int_equal(value_check_text("a\xc2\xa0" "b", 100, &e), 0);
}

static void test_date_good(void **state)
{
	static const char *const good[] = {
		"2025", "2025-01", "2025-12", "2025-01-31", "2025-12-31",
		"2024-02-29", "2000-02-29", "2023-02-28", "2025-04-30",
		"1000", "9999-12-31", "1814-05-17",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(value_check_date(good[i], NULL), 0);
}

static void test_date_bad_shape(void **state)
{
	static const char *const bad[] = {
		"", "25", "20251", "2025-1", "2025-1-1", "2025-01-1",
		"2025/01/01", "01.02.2025", "2025-01-01T00:00", "2025-01-01 ",
		" 2025", "2025-", "2025-01-", "202a", "2025-0a", "2025–01",
		"2025-01-01Z", "+2025",
	};
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_date(bad[i], &e), &e,
			   "expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
	expect_err(value_check_date(NULL, &e), &e, "expected a date");
}

static void test_date_not_in_calendar(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	expect_err(value_check_date("2023-02-29", &e), &e, "does not exist");
	assert_string_equal(e.msg, "expected a real calendar date, but "
				   "\"2023-02-29\" does not exist");
	expect_err(value_check_date("1900-02-29", &e), &e, "does not exist");
	expect_err(value_check_date("2100-02-29", &e), &e, "does not exist");
	expect_err(value_check_date("2024-02-30", &e), &e, "does not exist");
	expect_err(value_check_date("2025-04-31", &e), &e, "does not exist");
	expect_err(value_check_date("2025-01-32", &e), &e, "does not exist");
	expect_err(value_check_date("2025-01-00", &e), &e, "does not exist");
	expect_err(value_check_date("2025-13", &e), &e, "month from 01 to 12");
	expect_err(value_check_date("2025-00-10", &e), &e, "month from 01");
	expect_err(value_check_date("0999", &e), &e, "year from 1000");
	expect_err(value_check_date("0000-01-01", &e), &e, "year from 1000");
}

static void test_url_good(void **state)
{
	static const char *const good[] = {
		"https://www.regjeringen.no/no/dokumenter/",
		"http://example.com",
		"HTTPS://EXAMPLE.COM/A",
		"https://data.ssb.no/api/v0/no/table/07459?lang=no#top",
		"https://example.com:8443/x",
		"https://[2001:db8::1]/",
		"https://[2001:db8::1]:443",
		"https://blåbær.no/søk?q=æøå",
		"https://x.no/path%20with%20spaces",
		"https://x.no/a(b)c;d=e&f=g,h~i!j*k'l",
		"https://x.no?q=1",
		"https://x.no#frag",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(value_check_url(good[i], NULL), 0);
}

static void test_url_bad_scheme_or_host(void **state)
{
	static const char *const bad[] = {
		"", "www.example.com", "javascript:alert(1)",
		"JavaScript://example.com/%0aalert(1)", "ftp://example.com",
		"data:text/html,<b>", "mailto:a@b.no", "https://", "http://",
		"https:///path", "https://?q", "https://#x", "https:example.com",
		"https://user:pw@example.com/", "https://example.com@evil.no",
		"https://-x.no", "https://.x.no", "https://x.no:", "https://x.no:0",
		"https://x.no:65536", "https://x.no:123456", "https://x.no:8a",
		"https://[]/", "https://[::1", "https://x_y.no", " https://x.no",
		"//x.no", "https://x.no\\@evil.no",
	};
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_url(bad[i], &e), &e,
			   "starting with http:// or https:// and a host");
	expect_err(value_check_url(NULL, &e), &e, "starting with http://");
}

static void test_url_bad_characters(void **state)
{
	static const char *const bad[] = {
		"https://x.no/a b", "https://x.no/a\tb", "https://x.no/\n",
		"https://x.no/\"onmouseover=\"x", "https://x.no/<script>",
		"https://x.no/a>b", "https://x.no/a\\b", "https://x.no/\x7f",
		"https://x.no/\xc2\x85", "https://x.no/\xff",
		"https://x.no/\xc0\xaf", "https://blå\xe6.no/",
	};
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_err(value_check_url(bad[i], &e), &e,
			   "without spaces, quotes");
	assert_int_equal(value_check_url("https://x.no/a b", &e), -1);
	assert_string_equal(e.msg,
			    "expected a web address without spaces, quotes, "
			    "angle brackets, backslashes or control characters "
			    "(write a space as %20), got \"https://x.no/a b\"");
}

static void test_url_length(void **state)
{
	char url[LIMIT_URL_BYTES + 2];
	struct err e = ERR_INIT;

	(void)state;
	memcpy(url, "https://x.no/", 13);
	memset(url + 13, 'a', LIMIT_URL_BYTES - 13);
	url[LIMIT_URL_BYTES] = '\0';
	assert_int_equal(value_check_url(url, &e), 0);
	url[LIMIT_URL_BYTES] = 'a';
	url[LIMIT_URL_BYTES + 1] = '\0';
	expect_err(value_check_url(url, &e), &e, "at most 2000 bytes");
	assert_string_equal(e.msg,
			    "expected a web address of at most 2000 bytes, "
			    "got 2001");
}

static void test_enum(void **state)
{
	static const char *const one[] = { "only", NULL };
	static const char *const none[] = { NULL };
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(value_check_enum("lead", measure_roles, &e), 0);
	assert_int_equal(value_check_enum("consulted", measure_roles, &e), 0);
	assert_int_equal(value_check_enum("delayed", report_statuses, &e), 0);
	assert_int_equal(value_check_enum("only", one, &e), 0);
	expect_err(value_check_enum("Lead", measure_roles, &e), &e,
		   "expected one of");
	assert_string_equal(e.msg, "expected one of lead, contributing, "
				   "consulted; got \"Lead\"");
	expect_err(value_check_enum("lead ", measure_roles, &e), &e, "got");
	expect_err(value_check_enum("", measure_roles, &e), &e, "got \"\"");
	expect_err(value_check_enum(NULL, measure_roles, &e), &e, "lead");
	expect_err(value_check_enum("leder ✓", one, &e), &e,
		   "expected one of only; got \"leder ✓\"");
	expect_err(value_check_enum("x", none, &e), &e, "expected one of");
	expect_err(value_check_enum("x", NULL, &e), &e, "expected one of");
}

static void test_enum_long_list_is_cut(void **state)
{
	static char words[100][12];
	const char *values[101];
	struct err e = ERR_INIT;
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		memcpy(words[i], "value-", 6);
		words[i][6] = (char)('0' + i / 10);
		words[i][7] = (char)('0' + i % 10);
		words[i][8] = '\0';
		values[i] = words[i];
	}
	values[100] = NULL;
	assert_int_equal(value_check_enum("value-99", values, &e), 0);
	expect_err(value_check_enum("x", values, &e), &e, "value-00, value-01");
	assert_non_null(strstr(e.msg, ", ...; got \"x\""));
	assert_null(strstr(e.msg, "value-99"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_good),
		cmocka_unit_test(test_id_bad),
		cmocka_unit_test(test_text_good),
		cmocka_unit_test(test_text_too_long),
		cmocka_unit_test(test_text_bad_utf8),
		cmocka_unit_test(test_text_control_chars),
		cmocka_unit_test(test_date_good),
		cmocka_unit_test(test_date_bad_shape),
		cmocka_unit_test(test_date_not_in_calendar),
		cmocka_unit_test(test_url_good),
		cmocka_unit_test(test_url_bad_scheme_or_host),
		cmocka_unit_test(test_url_bad_characters),
		cmocka_unit_test(test_url_length),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_enum_long_list_is_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
