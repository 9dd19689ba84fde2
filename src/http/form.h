/*
 * http/form.h: an application/x-www-form-urlencoded body (an HTML form
 * posted by the portal) as decoded name/value pairs in the order sent.
 * A name may repeat (checkboxes, multiple selects).
 *
 * Ownership: a struct http_form owns one block holding every decoded
 * string; http_form_release frees it. Values borrowed from it live until
 * then.
 */
#ifndef VEIKART_HTTP_FORM_H
#define VEIKART_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/err.h"

/* The most fields one form may send: the largest edit form has fewer
 * than 60, and a checkbox list of every actor stays well below this. */
#define HTTP_FORM_MAX_FIELDS 512

struct http_form {
	struct http_param *fields;	/* owned; n of them */
	size_t n;
	char *mem;			/* owned: the decoded strings */
};

#define HTTP_FORM_INIT { NULL, 0, NULL }

/*
 * Decodes body (len bytes) into f: '+' is a space, %XX escapes are
 * decoded, empty pieces are skipped and a piece without '=' has value "".
 * A name or value that decodes to invalid UTF-8 or holds a control
 * character other than tab, CR and LF is refused, as is a bad escape or
 * more than HTTP_FORM_MAX_FIELDS fields: -1 with ERR_INVALID (f is then
 * empty). The caller bounds len (the server's body limit).
 */
int http_form_parse(const char *body, size_t len, struct http_form *f,
		    struct err *err);

/*
 * The request's body as a form: ERR_MEDIA_TYPE when the Content-Type is
 * not application/x-www-form-urlencoded, else as http_form_parse. An
 * empty body is an empty form.
 */
int http_form_from_request(const struct http_request *req,
			   struct http_form *f, struct err *err);

/* The first value of `name`, or NULL. */
const char *http_form_get(const struct http_form *f, const char *name);
/*
 * The values of `name` in order: pass *pos = 0 first; returns the next
 * value and advances *pos, or NULL when there are no more.
 */
const char *http_form_next(const struct http_form *f, const char *name,
			   size_t *pos);
/* How many times `name` was sent. */
size_t http_form_count(const struct http_form *f, const char *name);

void http_form_release(struct http_form *f);

#endif
