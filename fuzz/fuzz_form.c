/*
 * fuzz/fuzz_form.c: libFuzzer target for http_form_raw_get (http/cookie.h),
 * which reads the csrf_token field out of an
 * application/x-www-form-urlencoded body for api/auth.c.
 *
 * Input: the first byte is the size of the output buffer (0-255, the
 * buffer is allocated at exactly that size). The rest is the body, passed
 * with its length and without a terminating NUL (bodies may hold NULs, so
 * ASan sees any read past the end); when it starts with a line of 1-64
 * bytes holding no '&', '=' or NUL, that line is the field name and the
 * body follows the newline, else the name is csrf_token.
 *
 * Values are not percent-decoded (see http/cookie.h), so the value handed out
 * must be the raw bytes of the body: checked on every run that it is
 * non-empty, NUL-free and terminated inside the buffer, no longer than the
 * body, free of '&', found in the body right after "name=" at the start of
 * a field; that the result agrees with a second reading of the body (split
 * at '&', the first field with that name decides); and that the fit is
 * exact (strlen(value) + 1 bytes succeed, one fewer fail).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/session.h"
#include "http/cookie.h"

#define NAME_MAX_LEN 64

/*
 * The second reading, field by field. Returns the value's offset and
 * length in *off, *vlen, or false when the call must fail.
 */
static bool reference(const char *b, size_t len, const char *name, size_t n,
		      size_t *off, size_t *vlen)
{
	size_t nlen = strlen(name), start = 0;

	for (;;) {
		size_t stop = start;

		while (stop < len && b[stop] != '&')
			stop++;
		if (stop - start > nlen && !memcmp(b + start, name, nlen) &&
		    b[start + nlen] == '=') {
			size_t v = start + nlen + 1, k;

			if (stop == v || stop - v >= n)
				return false;
			for (k = v; k < stop; k++)
				if (!b[k])
					return false;
			*off = v;
			*vlen = stop - v;
			return true;
		}
		if (stop >= len)
			return false;
		start = stop + 1;
	}
}

/* http_form_raw_get into a buffer of exactly n bytes. */
static int get(const char *b, size_t len, const char *name, size_t n,
	       char **out)
{
	int rc;

	*out = malloc(n ? n : 1);
	if (!*out)
		abort();
	rc = http_form_raw_get(b, len, name, *out, n);
	if (rc != 0 && rc != -1)
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[NAME_MAX_LEN + 1] = "csrf_token";
	const uint8_t *rest = data + 1, *nl;
	size_t rsize, n, len, off = 0, vlen = 0, k;
	char *body, *out, *again;
	bool ok;
	int rc;

	if (size < 1)
		return 0;
	n = data[0];
	rsize = size - 1;
	nl = memchr(rest, '\n', rsize);
	if (nl && nl > rest && nl - rest <= NAME_MAX_LEN) {
		k = (size_t)(nl - rest);
		if (!memchr(rest, '&', k) && !memchr(rest, '=', k) &&
		    !memchr(rest, '\0', k)) {
			memcpy(name, rest, k);
			name[k] = '\0';
			rest = nl + 1;
			rsize -= k + 1;
		}
	}
	/* Exactly rsize bytes: no terminator to lean on. */
	body = malloc(rsize ? rsize : 1);
	if (!body)
		abort();
	memcpy(body, rest, rsize);

	rc = get(body, rsize, name, n, &out);
	ok = reference(body, rsize, name, n, &off, &vlen);
	if (ok != (rc == 0))
		abort();
	if (rc == 0) {
		len = strnlen(out, n);
		if (len == 0 || len >= n || len > rsize || len != vlen ||
		    memcmp(out, body + off, len) || memchr(out, '&', len))
			abort();
		/* The value follows "name=" at the start of a field. */
		if (off < strlen(name) + 1 ||
		    memcmp(body + off - strlen(name) - 1, name, strlen(name)) ||
		    body[off - 1] != '=' ||
		    (off > strlen(name) + 1 &&
		     body[off - strlen(name) - 2] != '&'))
			abort();
		if (get(body, rsize, name, len + 1, &again) != 0 ||
		    strcmp(again, out))
			abort();
		free(again);
		if (get(body, rsize, name, len, &again) != -1)
			abort();
		free(again);
	}
	free(out);
	free(body);
	return 0;
}
