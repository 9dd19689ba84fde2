/*
 * tests/test_html.c: the escapers of web/html.h, the only door for markup.
 * Text and attribute values with markup characters, quotes and æøå; URL
 * arguments percent-encoded byte by byte; data URLs that are not http(s).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "web/html.h"

static void test_txt_escapes_markup(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_txt(&b, "<i>Tiltak & \"økt\"</i>");
	assert_string_equal(b.buf,
			    "&lt;i&gt;Tiltak &amp; &quot;økt&quot;&lt;/i&gt;");
	buf_release(&b);
}

static void test_txt_script_probe(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_txt(&b, "<script>alert(1)</script>");
	assert_string_equal(b.buf, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_null(strchr(b.buf, '<'));
	buf_release(&b);
}

static void test_txt_keeps_utf8(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_txt(&b, "Æ Ø Å æ ø å – “sitat” 1\xc2\xa0" "234");
	assert_string_equal(b.buf,
			    "Æ Ø Å æ ø å – “sitat” 1\xc2\xa0" "234");
	buf_release(&b);
}

static void test_txt_null_and_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_txt(&b, NULL);
	html_txt(&b, "");
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void test_txtn_stops_at_n(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_txtn(&b, "a<b>c", 2);
	assert_string_equal(b.buf, "a&lt;");
	buf_release(&b);
}

static void test_attr_quotes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_attr(&b, "\" onmouseover='x' a=\"b");
	assert_string_equal(b.buf, "&quot; onmouseover=&#39;x&#39; a=&quot;b");
	assert_null(strchr(b.buf, '"'));
	assert_null(strchr(b.buf, '\''));
	buf_release(&b);
}

static void test_url_arg_encodes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_url_arg(&b, "V-TP-1.a_b~");
	assert_string_equal(b.buf, "V-TP-1.a_b~");
	buf_reset(&b);
	html_url_arg(&b, "a b&c=d/e?f#g\"<'");
	assert_string_equal(b.buf, "a%20b%26c%3Dd%2Fe%3Ff%23g%22%3C%27");
	buf_reset(&b);
	html_url_arg(&b, "æøå");
	assert_string_equal(b.buf, "%C3%A6%C3%B8%C3%A5");
	buf_release(&b);
}

static void test_raw_literal(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* html_raw(&b, some_pointer) does not compile: "" p is no
	 * expression. Only literals, pasted ones too, are accepted. */
	html_raw(&b, "<p>" "x" "</p>");
	assert_string_equal(b.buf, "<p>x</p>");
	buf_release(&b);
}

static void test_int(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_int(&b, -1234567);
	assert_string_equal(b.buf, "-1234567");
	buf_release(&b);
}

static void test_url_ok(void **state)
{
	(void)state;
	assert_true(html_url_ok("https://www.regjeringen.no/no/x?a=1&b=2"));
	assert_true(html_url_ok("http://example.no"));
	assert_true(html_url_ok("HTTPS://example.no/"));
	assert_false(html_url_ok(NULL));
	assert_false(html_url_ok(""));
	assert_false(html_url_ok("javascript:alert(1)"));
	assert_false(html_url_ok(" https://example.no"));
	assert_false(html_url_ok("https://"));
	assert_false(html_url_ok("https:///x"));
	assert_false(html_url_ok("data:text/html,<script>"));
	assert_false(html_url_ok("//example.no/x"));
	assert_false(html_url_ok("https://exa mple.no"));
	assert_false(html_url_ok("https://example.no/\nx"));
}

static void test_href(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(html_href(&b, "https://x.no/?a=1&b=\"2\""));
	assert_string_equal(b.buf, "https://x.no/?a=1&amp;b=&quot;2&quot;");
	buf_reset(&b);
	assert_false(html_href(&b, "javascript:alert(1)"));
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_cap_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	html_txt(&b, "<<<");	/* 12 bytes: past the cap */
	assert_true(b.failed);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_txt_escapes_markup),
		cmocka_unit_test(test_txt_script_probe),
		cmocka_unit_test(test_txt_keeps_utf8),
		cmocka_unit_test(test_txt_null_and_empty),
		cmocka_unit_test(test_txtn_stops_at_n),
		cmocka_unit_test(test_attr_quotes),
		cmocka_unit_test(test_url_arg_encodes),
		cmocka_unit_test(test_raw_literal),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_url_ok),
		cmocka_unit_test(test_href),
		cmocka_unit_test(test_cap_is_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
