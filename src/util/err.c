/*
 * util/err.c: error values and the single mapping from error code to HTTP
 * status, shared by api/ and web/ so both answer the same way.
 */
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static void err_append(char *dst, size_t n, const char *msg)
{
	size_t len = strlen(msg);

	if (n < 3)
		return;
	memcpy(dst, ": ", 2);
	if (len > n - 3)
		len = n - 3;
	memcpy(dst + 2, msg, len);
	dst[2 + len] = '\0';
}

int err_setv(struct err *e, enum err_code code, const char *field,
	     const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	return -1;
}

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(e, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_field(struct err *e, enum err_code code, const char *field,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(e, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	size_t n;
	va_list ap;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	n = (size_t)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	/* The prefix and the old message share the buffer; either may be cut. */
	if (n < sizeof(e->msg))
		err_append(e->msg + n, sizeof(e->msg) - n, old);
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ERR_NONE;
	e->msg[0] = '\0';
	e->field[0] = '\0';
}

static const struct {
	int status;
	const char *title;
} err_table[] = {
	[ERR_NONE] = { 200, "OK" },
	[ERR_INVALID] = { 400, "Bad Request" },
	[ERR_UNPROCESSABLE] = { 422, "Unprocessable Content" },
	[ERR_UNAUTHENTICATED] = { 401, "Unauthorized" },
	[ERR_FORBIDDEN] = { 403, "Forbidden" },
	[ERR_NOT_FOUND] = { 404, "Not Found" },
	[ERR_METHOD] = { 405, "Method Not Allowed" },
	[ERR_CONFLICT] = { 409, "Conflict" },
	[ERR_PRECONDITION] = { 412, "Precondition Failed" },
	[ERR_TOO_LARGE] = { 413, "Content Too Large" },
	[ERR_URI_TOO_LONG] = { 414, "URI Too Long" },
	[ERR_MEDIA_TYPE] = { 415, "Unsupported Media Type" },
	[ERR_RATE] = { 429, "Too Many Requests" },
	[ERR_BUSY] = { 503, "Service Unavailable" },
	[ERR_IO] = { 500, "Internal Server Error" },
	[ERR_DB] = { 500, "Internal Server Error" },
	[ERR_INTERNAL] = { 500, "Internal Server Error" },
	[ERR_PRECONDITION_REQUIRED] = { 428, "Precondition Required" },
};

int err_http_status(enum err_code code)
{
	if ((size_t)code >= sizeof(err_table) / sizeof(err_table[0]))
		return 500;
	return err_table[code].status;
}

const char *err_title(enum err_code code)
{
	if ((size_t)code >= sizeof(err_table) / sizeof(err_table[0]))
		return "Internal Server Error";
	return err_table[code].title;
}
