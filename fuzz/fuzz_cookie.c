/*
 * fuzz/fuzz_cookie.c: libFuzzer target for http_cookie_get
 * (http/cookie.h), which reads the session cookie out of a request's
 * Cookie header for api/auth.c.
 *
 * Input: the first byte is the size of the output buffer (0-255, the
 * buffer is allocated at exactly that size, so ASan sees any write past
 * it). The rest is the Cookie header; when it starts with a line holding
 * only token characters (1-64 of them), that line is the cookie name and
 * the header follows the newline, else the name is API_SESSION_COOKIE.
 * NUL bytes end the header as they would a C string.
 *
 * Checked on every run: a value handed out is non-empty, fits the buffer,
 * occurs in the header and holds only RFC 6265 cookie-octets (so no ';',
 * space, tab, quote, comma, backslash or control byte); the result agrees
 * with a second, independent reading of the header (split at ';', trim
 * the blanks, the first pair with that name decides, one pair of quotes
 * is dropped); and the "does not fit" edge is exact: the same call with a
 * buffer of strlen(value) + 1 bytes succeeds and one byte smaller fails.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/session.h"
#include "http/cookie.h"

#define NAME_MAX_LEN 64

/* RFC 7230 tchar: what a cookie name is made of. */
static bool tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 6265 4.1.1 cookie-octet. */
static bool cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) ||
	       (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
	       (c >= 0x5D && c <= 0x7E);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The second reading: walks the pairs by index. Returns the value's
 * offset and length in *off, *len, or false when the call must fail.
 */
static bool reference(const char *h, const char *name, size_t n,
		      size_t *off, size_t *len)
{
	size_t hlen = strlen(h), nlen = strlen(name), i = 0;

	while (i < hlen) {
		size_t start = i, stop = i, b, e, k;

		while (stop < hlen && h[stop] != ';')
			stop++;
		i = stop + 1;
		while (start < stop && blank(h[start]))
			start++;
		if (stop - start <= nlen || memcmp(h + start, name, nlen) ||
		    h[start + nlen] != '=')
			continue;
		/* The first pair with this name decides. */
		b = start + nlen + 1;
		e = stop;
		while (b < e && blank(h[b]))
			b++;
		while (e > b && blank(h[e - 1]))
			e--;
		if (e - b >= 2 && h[b] == '"' && h[e - 1] == '"') {
			b++;
			e--;
		}
		if (e == b || e - b >= n)
			return false;
		for (k = b; k < e; k++)
			if (!cookie_octet((unsigned char)h[k]))
				return false;
		*off = b;
		*len = e - b;
		return true;
	}
	return false;
}

/* http_cookie_get into a buffer of exactly n bytes. */
static int get(const char *h, const char *name, size_t n, char **out)
{
	int rc;

	*out = malloc(n ? n : 1);
	if (!*out)
		abort();
	rc = http_cookie_get(h, name, *out, n);
	if (rc != 0 && rc != -1)
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[NAME_MAX_LEN + 1] = API_SESSION_COOKIE;
	const char *h, *nl;
	char *buf, *out, *again;
	size_t n, len, off = 0, rlen = 0, k;
	bool ok;
	int rc;

	if (size < 1)
		return 0;
	n = data[0];
	buf = malloc(size);
	if (!buf)
		abort();
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	h = buf;
	nl = strchr(buf, '\n');
	if (nl && nl > buf && nl - buf <= NAME_MAX_LEN) {
		for (k = 0; buf + k < nl && tchar((unsigned char)buf[k]); k++)
			;
		if (buf + k == nl) {
			memcpy(name, buf, k);
			name[k] = '\0';
			h = nl + 1;
		}
	}

	rc = get(h, name, n, &out);
	ok = reference(h, name, n, &off, &rlen);
	if (ok != (rc == 0))
		abort();
	if (rc == 0) {
		len = strnlen(out, n);
		if (len == 0 || len >= n || len != rlen ||
		    memcmp(out, h + off, len) || !strstr(h, out))
			abort();
		for (k = 0; k < len; k++)
			if (!cookie_octet((unsigned char)out[k]))
				abort();
		/* The fit is exact: len + 1 bytes suffice, len do not. */
		if (get(h, name, len + 1, &again) != 0 || strcmp(again, out))
			abort();
		free(again);
		if (get(h, name, len, &again) != -1)
			abort();
		free(again);
	}
	free(out);
	free(buf);
	return 0;
}
