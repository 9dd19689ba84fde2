/*
 * util/err.h: errors as values. A function that can fail returns 0 or -1 and
 * fills a caller-owned struct err (which may be NULL). The message is safe to
 * show to a person; `field` names the input that was wrong, when there is one.
 */
#ifndef VEIKART_UTIL_ERR_H
#define VEIKART_UTIL_ERR_H

#include <stdarg.h>

enum err_code {
	ERR_NONE = 0,
	ERR_INVALID,		/* 400: malformed request or argument */
	ERR_UNPROCESSABLE,	/* 422: well-formed but fails validation */
	ERR_UNAUTHENTICATED,	/* 401 */
	ERR_FORBIDDEN,		/* 403 */
	ERR_NOT_FOUND,		/* 404 */
	ERR_METHOD,		/* 405 */
	ERR_CONFLICT,		/* 409 */
	ERR_PRECONDITION,	/* 412 */
	ERR_TOO_LARGE,		/* 413 */
	ERR_URI_TOO_LONG,	/* 414 */
	ERR_MEDIA_TYPE,		/* 415 */
	ERR_RATE,		/* 429 */
	ERR_BUSY,		/* 503: database locked, try again */
	ERR_IO,			/* 500: file or socket failure */
	ERR_DB,			/* 500 */
	ERR_INTERNAL,		/* 500 */
	ERR_PRECONDITION_REQUIRED,	/* 428: a write without If-Match */
};

#define ERR_MSG_MAX 1024
#define ERR_FIELD_MAX 160

struct err {
	enum err_code code;
	char msg[ERR_MSG_MAX];
	char field[ERR_FIELD_MAX];	/* "" when no single field is at fault */
};

#define ERR_INIT { ERR_NONE, "", "" }

/* Sets code and message; always returns -1 so callers can `return err_set()`. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As err_set, and names the field at fault (a JSON path or parameter name). */
int err_set_field(struct err *e, enum err_code code, const char *field,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

int err_setv(struct err *e, enum err_code code, const char *field,
	     const char *fmt, va_list ap);

/* Prefixes the existing message with "prefix: " (for context on the way up). */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

/* The one table from error code to HTTP status and RFC 9457 title. */
int err_http_status(enum err_code code);
const char *err_title(enum err_code code);

#endif
