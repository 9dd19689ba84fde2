/*
 * fuzz/fuzz_multipart.c: libFuzzer target for http/multipart.h, the
 * parser of the portal's file uploads (multipart/form-data).
 *
 * Input: when it holds a newline within its first 256 bytes, what comes
 * before is the Content-Type (http_multipart_boundary reads the boundary
 * from it) and the body follows; otherwise the boundary is "B" and the
 * whole input is the body. The body is copied to a buffer of exactly its
 * length, without a terminating NUL.
 *
 * Checked on every run: the boundary, when one is read, is 1-70 bytes;
 * on success every part has a non-empty name
 * and names, filenames and content types are valid UTF-8 without control
 * characters; each part's content lies inside the body, after the
 * previous part's, holds no delimiter and is followed by one; the first
 * part called by a name is the one http_multipart_get finds; and
 * http_multipart_form, when it succeeds, holds exactly the plain parts
 * with their bytes. On failure the result is empty and the message is
 * set.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "util/parse.h"

static bool text_ok(const char *s)
{
	size_t len, i, n;
	uint32_t cp;

	if (!s)
		return true;
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = parse_utf8_char((const unsigned char *)s + i, len - i, &cp);
		if (!n || cp < 0x20 || cp == 0x7f)
			return false;
	}
	return true;
}

static void check_form(const struct http_multipart *mp)
{
	struct http_form f;
	struct err err = ERR_INIT;
	size_t k = 0;

	if (http_multipart_form(mp, &f, &err) < 0) {
		if (f.n || err.code != ERR_INVALID)
			abort();
		return;
	}
	for (size_t i = 0; i < mp->n; i++) {
		const struct http_part *p = &mp->parts[i];

		if (p->filename)
			continue;
		if (k >= f.n || strcmp(f.fields[k].name, p->name) ||
		    strlen(f.fields[k].value) != p->len ||
		    memcmp(f.fields[k].value, p->data, p->len))
			abort();
		k++;
	}
	if (k != f.n)
		abort();
	http_form_release(&f);
}

static void check_parts(const struct http_multipart *mp, const char *body,
			size_t len, const char *boundary)
{
	char delim[4 + HTTP_MULTIPART_BOUNDARY_MAX + 1] = "\r\n--";
	size_t dlen = 4 + strlen(boundary);
	const char *prev = body;

	memcpy(delim + 4, boundary, strlen(boundary));
	if (mp->n > HTTP_MULTIPART_MAX_PARTS)
		abort();
	for (size_t i = 0; i < mp->n; i++) {
		const struct http_part *p = &mp->parts[i];

		if (!p->name[0] || !text_ok(p->name) || !text_ok(p->filename) ||
		    !text_ok(p->content_type))
			abort();
		if (p->data < prev || p->data + p->len > body + len ||
		    (size_t)(body + len - (p->data + p->len)) < dlen ||
		    memcmp(p->data + p->len, delim, dlen) ||
		    memmem(p->data, p->len, delim, dlen))
			abort();
		prev = p->data + p->len + dlen;
		if (http_multipart_get(mp, p->name) > p)
			abort();
	}
	check_form(mp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[HTTP_MULTIPART_BOUNDARY_MAX + 1] = "B";
	const uint8_t *nl = memchr(data, '\n', size < 256 ? size : 256);
	struct http_multipart mp = HTTP_MULTIPART_INIT;
	struct err err = ERR_INIT;
	size_t len = size;
	char *body;
	int rc;

	if (nl) {
		char ct[257];
		size_t n = (size_t)(nl - data);

		memcpy(ct, data, n);
		ct[n] = '\0';
		if (http_multipart_boundary(ct, boundary, &err) < 0)
			return 0;
		if (!boundary[0] || strlen(boundary) > 70)
			abort();
		data = nl + 1;
		len = size - n - 1;
	}
	body = malloc(len ? len : 1);
	if (!body)
		abort();
	memcpy(body, data, len);
	rc = http_multipart_parse(body, len, boundary, &mp, &err);
	if (rc == 0)
		check_parts(&mp, body, len, boundary);
	else if (mp.n || mp.parts || !err.msg[0])
		abort();
	http_multipart_release(&mp);
	free(body);
	return 0;
}
