/*
 * tests/test_cookie.c: http/cookie.c - reading the session cookie from a
 * Cookie header, one raw form field, and the Set-Cookie value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/cookie.h"

static void test_cookie_and_form_parsers(void **state)
{
	char v[64], c[256];

	(void)state;
	assert_int_equal(http_cookie_get("a=1; veikart_session=abc; b=2",
					    "veikart_session", v, sizeof(v)),
			 0);
	assert_string_equal(v, "abc");
	assert_int_equal(http_cookie_get("veikart_session=\"q\"",
					    "veikart_session", v, sizeof(v)),
			 0);
	assert_string_equal(v, "q");
	assert_int_equal(http_cookie_get("xveikart_session=abc",
					    "veikart_session", v, sizeof(v)),
			 -1);
	assert_int_equal(http_cookie_get("veikart_session=",
					    "veikart_session", v, sizeof(v)),
			 -1);
	assert_int_equal(http_cookie_get(NULL, "veikart_session", v,
					    sizeof(v)),
			 -1);
	assert_int_equal(http_form_raw_get("a=1&csrf_token=XyZ&b=", 20,
					  "csrf_token", v, sizeof(v)),
			 0);
	assert_string_equal(v, "XyZ");
	assert_int_equal(http_form_raw_get("xcsrf_token=1", 13, "csrf_token",
					  v, sizeof(v)),
			 -1);
	http_session_cookie(c, "abc", true);
	assert_string_equal(c, "veikart_session=abc; Path=/; HttpOnly; "
			       "SameSite=Lax; Secure");
	http_session_cookie(c, NULL, false);
	assert_string_equal(c, "veikart_session=; Path=/; HttpOnly; "
			       "SameSite=Lax; Max-Age=0");
}

/*
 * Found by fuzz/fuzz_cookie.c: the value handed out could hold a blank
 * after '=', a blank inside, a lone quote or any other byte a cookie value
 * may not (RFC 6265 cookie-octet). Blanks around the value are dropped;
 * any other such byte makes the lookup fail.
 */
static void test_cookie_value_is_cookie_octets(void **state)
{
	static const char *const refused[] = {
		"veikart_session=a b",	  "veikart_session=\"",
		"veikart_session=\"a b\"", "veikart_session=a,b",
		"veikart_session=a\\b",  "veikart_session=a\"b",
		"veikart_session=bl\xc3\xa5", "veikart_session=a\x01",
		"veikart_session= ",	  "veikart_session=\"\"",
	};
	char v[64];
	size_t i;

	(void)state;
	assert_int_equal(http_cookie_get("veikart_session= abc ; b=2",
					    "veikart_session", v, sizeof(v)),
			 0);
	assert_string_equal(v, "abc");
	assert_int_equal(http_cookie_get("veikart_session=\t\"q\" ",
					    "veikart_session", v, sizeof(v)),
			 0);
	assert_string_equal(v, "q");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_int_equal(http_cookie_get(refused[i],
						    "veikart_session", v,
						    sizeof(v)),
				 -1);
	/* The first cookie of the name still decides, valid or not. */
	assert_int_equal(http_cookie_get("veikart_session=a b; "
					    "veikart_session=ok",
					    "veikart_session", v, sizeof(v)),
			 -1);
	/* The fit is exact: "abc" needs 4 bytes. */
	assert_int_equal(http_cookie_get("veikart_session=abc",
					    "veikart_session", v, 4),
			 0);
	assert_int_equal(http_cookie_get("veikart_session=abc",
					    "veikart_session", v, 3),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_and_form_parsers),
		cmocka_unit_test(test_cookie_value_is_cookie_octets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
