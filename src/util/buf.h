/*
 * util/buf.h: the one growable string type (after git's strbuf). Always
 * NUL-terminated once anything was added; buf_cstr() is safe on an empty
 * buffer. A buffer has a cap: an append that would pass it sets the sticky
 * `failed` flag and is dropped, so callers check once at the end instead of
 * after every append (as SQLite's StrAccum).
 */
#ifndef VEIKART_UTIL_BUF_H
#define VEIKART_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_CAP ((size_t)64 << 20)	/* 64 MiB */

struct buf {
	char *buf;	/* owned; NULL until the first append */
	size_t len;
	size_t alloc;
	size_t cap;	/* most bytes (without the NUL) this buffer may hold */
	bool failed;	/* an append passed the cap */
};

#define BUF_INIT { NULL, 0, 0, BUF_DEFAULT_CAP, false }

void buf_init(struct buf *b, size_t cap);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forgets the contents but keeps the memory for reuse. */
void buf_reset(struct buf *b);
/* The contents, or "" when nothing was added. Borrowed. */
const char *buf_cstr(const struct buf *b);
/* Hands the string to the caller (who frees it) and re-initialises b. */
char *buf_detach(struct buf *b, size_t *len);
void buf_release(struct buf *b);

#endif
