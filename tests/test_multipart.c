/*
 * tests/test_multipart.c: http/multipart.c - the boundary from the
 * Content-Type (token, quoted, other parameters, refusals), a body as curl
 * and browsers send it (a plain field and a file whose bytes hold NUL,
 * CRLF and "--"), an empty file field, quoted names, and each refusal:
 * preamble, epilogue, bare LF, folding, a missing or second disposition,
 * other dispositions, control characters, transfer encodings, a missing
 * closing boundary, and the part and header limits. Bodies are copied to
 * buffers of exactly their length, so a read past the end shows under
 * ASan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "util/buf.h"

#define B "----vk7MA4YWxkTrZu0gW"
#define DISP "Content-Disposition: form-data; "

/* Parses body[0..len) from an exact-size copy. */
static int parse_n(const char *body, size_t len, struct http_multipart *mp,
		   struct err *err)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, body, len);
	rc = http_multipart_parse(copy, len, B, mp, err);
	/* The parts point into the body: keep it while they are looked at
	 * by the caller - copy back what the caller reads. */
	if (rc == 0)
		for (size_t k = 0; k < mp->n; k++)
			mp->parts[k].data = body + (mp->parts[k].data - copy);
	free(copy);
	return rc;
}

static int parse(const char *body, struct http_multipart *mp, struct err *err)
{
	return parse_n(body, strlen(body), mp, err);
}

/* A body that must be refused with `code`. */
static void refused(const char *body, enum err_code code)
{
	struct http_multipart mp;
	struct err err = ERR_INIT;

	if (parse(body, &mp, &err) != -1)
		fail_msg("accepted: %s", body);
	assert_int_equal(err.code, code);
	assert_int_equal(mp.n, 0);
	assert_null(mp.parts);
	assert_true(err.msg[0] != '\0');
}

static void test_boundary(void **state)
{
	char b[HTTP_MULTIPART_BOUNDARY_MAX + 1];
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(http_multipart_boundary(
			     "multipart/form-data; boundary=abc", b, &err),
			 0);
	assert_string_equal(b, "abc");
	assert_int_equal(
	    http_multipart_boundary("Multipart/Form-Data;charset=utf-8;"
				    " BOUNDARY=\"a b'()+_,-./:=?\"",
				    b, &err),
	    0);
	assert_string_equal(b, "a b'()+_,-./:=?");
	assert_true(http_multipart_is("multipart/form-data"));
	assert_false(http_multipart_is("multipart/form-datax; boundary=a"));
	assert_false(http_multipart_is(NULL));
	assert_int_equal(http_multipart_boundary(
			     "application/x-www-form-urlencoded", b, &err),
			 -1);
	assert_int_equal(err.code, ERR_MEDIA_TYPE);
	assert_int_equal(http_multipart_boundary(NULL, b, &err), -1);
	assert_int_equal(err.code, ERR_MEDIA_TYPE);
	{
		static const char *const bad[] = {
		    "multipart/form-data",
		    "multipart/form-data; charset=utf-8",
		    "multipart/form-data; boundary=",
		    "multipart/form-data; boundary=\"\"",
		    "multipart/form-data; boundary=a; boundary=b",
		    "multipart/form-data; boundary=\"ends in space \"",
		    "multipart/form-data; boundary=\"semi;colon\"",
		    "multipart/form-data; boundary=\"open",
		    "multipart/form-data boundary=a",
		    "multipart/form-data; =a",
		    "multipart/form-data; boundary=12345678901234567890"
		    "12345678901234567890123456789012345678901234567890"
		    "1",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			err.code = ERR_NONE;
			if (http_multipart_boundary(bad[i], b, &err) != -1)
				fail_msg("accepted %s", bad[i]);
			assert_int_equal(err.code, ERR_INVALID);
		}
	}
	/* 70 characters is the most RFC 2046 allows. */
	assert_int_equal(http_multipart_boundary(
			     "multipart/form-data; boundary=12345678901234"
			     "567890123456789012345678901234567890123456"
			     "78901234567890",
			     b, &err),
			 0);
	assert_int_equal(strlen(b), 70);
}

static void test_curl_body(void **state)
{
	/* Bytes that look like parts of a delimiter but are none. */
	static const char file[] = "period,value\r\n2024,1\0\r\n--"
				   "not-the-boundary\r\n----vk7MA4\r\n-";
	struct buf body = BUF_INIT;
	struct http_multipart mp;
	struct err err = ERR_INIT;
	const struct http_part *p;

	(void)state;
	buf_addstr(&body, "--" B "\r\n" DISP "name=\"csrf_token\"\r\n\r\n"
			  "abc123\r\n--" B "\r\n" DISP
			  "name=\"file\"; filename=\"tall æøå.csv\"\r\n"
			  "Content-Type: text/csv\r\n\r\n");
	buf_add(&body, file, sizeof(file) - 1);
	buf_addstr(&body, "\r\n--" B "\r\n" DISP "name=indicator\r\n\r\n"
			  "I-1\r\n--" B "--\r\n");
	assert_int_equal(parse_n(body.buf, body.len, &mp, &err), 0);
	assert_int_equal(mp.n, 3);
	p = http_multipart_get(&mp, "csrf_token");
	assert_non_null(p);
	assert_null(p->filename);
	assert_null(p->content_type);
	assert_int_equal(p->len, 6);
	assert_memory_equal(p->data, "abc123", 6);
	p = http_multipart_get(&mp, "file");
	assert_string_equal(p->filename, "tall æøå.csv");
	assert_string_equal(p->content_type, "text/csv");
	assert_int_equal(p->len, sizeof(file) - 1);
	assert_memory_equal(p->data, file, sizeof(file) - 1);
	p = http_multipart_get(&mp, "indicator");
	assert_int_equal(p->len, 3);
	assert_null(http_multipart_get(&mp, "missing"));
	http_multipart_release(&mp);
	http_multipart_release(&mp); /* released twice is harmless */
	buf_release(&body);
}

static void test_empty_parts_and_quoting(void **state)
{
	struct http_multipart mp;
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	/* A file field without a file, as browsers send it; an empty
	 * value; a quoted-pair in a name; transport padding; epilogue of
	 * line ends. */
	assert_int_equal(
	    parse("--" B " \t\r\n" DISP "name=\"file\"; filename=\"\"\r\n"
		  "Content-Type: application/octet-stream\r\n\r\n"
		  "\r\n--" B "\r\n"
		  "content-disposition:FORM-DATA;NAME=\"a\\\"b\";x=y\r\n"
		  "Content-Transfer-Encoding: binary\r\n\r\n"
		  "\r\n--" B "--\r\n\r\n",
		  &mp, &err),
	    0);
	assert_int_equal(mp.n, 2);
	assert_string_equal(mp.parts[0].filename, "");
	assert_int_equal(mp.parts[0].len, 0);
	assert_string_equal(mp.parts[1].name, "a\"b");
	assert_int_equal(mp.parts[1].len, 0);
	assert_int_equal(http_multipart_form(&mp, &f, &err), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(http_form_get(&f, "a\"b"), "");
	http_form_release(&f);
	http_multipart_release(&mp);
	/* An empty form. */
	assert_int_equal(parse("--" B "--", &mp, &err), 0);
	assert_int_equal(mp.n, 0);
	http_multipart_release(&mp);
}

static void test_form_of_plain_fields(void **state)
{
	struct http_multipart mp;
	struct http_form f;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(
	    parse("--" B "\r\n" DISP "name=\"dry_run\"\r\n\r\n1\r\n--" B
		  "\r\n" DISP "name=\"f\"; filename=\"a.csv\"\r\n\r\n"
		  "\xff\xfe\x01\r\n--" B "\r\n" DISP "name=\"note\"\r\n\r\n"
		  "linje 1\r\nlinje 2\r\n--" B "\r\n" DISP
		  "name=\"dry_run\"\r\n\r\n2\r\n--" B "--\r\n",
		  &mp, &err),
	    0);
	assert_int_equal(http_multipart_form(&mp, &f, &err), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(http_form_get(&f, "dry_run"), "1");
	assert_int_equal(http_form_count(&f, "dry_run"), 2);
	assert_string_equal(http_form_get(&f, "note"), "linje 1\r\nlinje 2");
	assert_null(http_form_get(&f, "f"));
	http_form_release(&f);
	http_multipart_release(&mp);
	/* A plain field is text: no invalid UTF-8, no controls, no NUL. */
	assert_int_equal(parse("--" B "\r\n" DISP "name=\"x\"\r\n\r\n"
			       "\xc3\r\n--" B "--",
			       &mp, &err),
			 0);
	assert_int_equal(http_multipart_form(&mp, &f, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_int_equal(f.n, 0);
	http_multipart_release(&mp);
	assert_int_equal(parse_n("--" B "\r\n" DISP "name=\"x\"\r\n\r\na\0b"
				 "\r\n--" B "--",
				 sizeof("--" B "\r\n" DISP "name=\"x\"\r\n\r\n"
					"a\0b\r\n--" B "--") -
				     1,
				 &mp, &err),
			 0);
	assert_int_equal(http_multipart_form(&mp, &f, &err), -1);
	http_multipart_release(&mp);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("", ERR_INVALID);
	refused("preamble\r\n--" B "\r\n" DISP "name=a\r\n\r\nx\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n\r\nx\r\n--" B "--\r\nmore",
		ERR_INVALID);
	refused("--" B "\n" DISP "name=a\n\nx\n--" B "--", ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n\r\nno closing boundary",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n\r\nx\r\n--" B, ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n", ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n x\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\nno colon here\r\n\r\nv\r\n--" B "--", ERR_INVALID);
	refused("--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\n" DISP "name=b\r\n\r\nv\r\n--" B
		"--",
		ERR_INVALID);
	refused("--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\n"
		"v\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "filename=a.csv\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=\"\"\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a; name=b\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=\"a\x01\"\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a; filename=\"x\xff.csv\"\r\n\r\n"
		"v\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=\"open\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a x\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name\r\n\r\nv\r\n--" B "--", ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\nContent-Transfer-Encoding: "
		"base64\r\n\r\ndg==\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "\r\n" DISP "name=a\r\nContent-Type: a\r\n"
		"Content-Type: b\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	refused("--" B "x\r\n" DISP "name=a\r\n\r\nv\r\n--" B "--",
		ERR_INVALID);
	/* Content must not hold the delimiter (RFC 2046 5.1.1), not even
	 * followed by more text. */
	refused("--" B "\r\n" DISP "name=a\r\n\r\nv\r\n--" B "x\r\n--" B "--",
		ERR_INVALID);
}

static void test_limits(void **state)
{
	struct buf body = BUF_INIT;
	struct http_multipart mp;
	struct err err = ERR_INIT;

	(void)state;
	for (int i = 0; i < HTTP_MULTIPART_MAX_PARTS; i++)
		buf_addf(&body, "--" B "\r\n" DISP "name=\"f%d\"\r\n\r\nv\r\n",
			 i);
	buf_addstr(&body, "--" B "--\r\n");
	assert_int_equal(parse_n(body.buf, body.len, &mp, &err), 0);
	assert_int_equal(mp.n, HTTP_MULTIPART_MAX_PARTS);
	http_multipart_release(&mp);
	buf_reset(&body);
	for (int i = 0; i <= HTTP_MULTIPART_MAX_PARTS; i++)
		buf_addf(&body, "--" B "\r\n" DISP "name=\"f%d\"\r\n\r\nv\r\n",
			 i);
	buf_addstr(&body, "--" B "--\r\n");
	assert_int_equal(parse_n(body.buf, body.len, &mp, &err), -1);
	assert_int_equal(err.code, ERR_TOO_LARGE);
	/* Headers up to the limit pass; one byte more does not. */
	for (int extra = 0; extra < 2; extra++) {
		size_t used;

		buf_reset(&body);
		buf_addstr(&body, "--" B "\r\n" DISP "name=a\r\nX-Pad: ");
		used = body.len - (sizeof("--" B "\r\n") - 1);
		while (used + 2 < (size_t)(HTTP_MULTIPART_HEADER_MAX + extra)) {
			buf_addch(&body, 'p');
			used++;
		}
		buf_addstr(&body, "\r\n\r\nv\r\n--" B "--");
		err.code = ERR_NONE;
		assert_int_equal(parse_n(body.buf, body.len, &mp, &err),
				 extra ? -1 : 0);
		if (extra)
			assert_int_equal(err.code, ERR_TOO_LARGE);
		http_multipart_release(&mp);
	}
	buf_release(&body);
}

static void test_from_request_needs_the_type(void **state)
{
	struct http_multipart mp;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(
	    http_multipart_parse("--x--", 5, "bad;boundary", &mp, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_int_equal(http_multipart_parse(NULL, 0, B, &mp, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundary),
	    cmocka_unit_test(test_curl_body),
	    cmocka_unit_test(test_empty_parts_and_quoting),
	    cmocka_unit_test(test_form_of_plain_fields),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_from_request_needs_the_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
