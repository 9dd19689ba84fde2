/*
 * util/buf.c: growable NUL-terminated byte strings with a cap and a sticky
 * failure flag. Memory is owned by the buffer until buf_detach().
 */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void buf_init(struct buf *b, size_t cap)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->failed = false;
}

/* Makes room for `extra` more bytes plus the NUL; false if past the cap. */
static bool buf_grow(struct buf *b, size_t extra)
{
	size_t want;

	if (b->failed)
		return false;
	if (extra > b->cap || b->len > b->cap - extra) {
		b->failed = true;
		return false;
	}
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return true;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	if (want < 64)
		want = 64;
	b->buf = xrealloc(b->buf, want);
	b->alloc = want;
	return true;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (!buf_grow(b, len))
		return;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->buf)
		b->buf[0] = '\0';
}

const char *buf_cstr(const struct buf *b)
{
	return b->buf ? b->buf : "";
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s = b->buf ? b->buf : xstrdup("");

	if (len)
		*len = b->len;
	buf_init(b, b->cap);
	return s;
}

void buf_release(struct buf *b)
{
	free(b->buf);
	buf_init(b, b->cap);
}
