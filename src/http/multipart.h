/*
 * http/multipart.h: a multipart/form-data body (RFC 7578, on RFC 2046's
 * multipart syntax): an HTML form with a file field, as the portal's
 * upload page posts it. Strict: what browsers and curl send is read, and
 * anything else is refused rather than guessed at:
 *   - the boundary comes from the Content-Type's boundary parameter (token
 *     or quoted, 1-70 characters of RFC 2046's bchars, not ending in a
 *     space);
 *   - the body starts with the first delimiter (no preamble); after the
 *     closing delimiter only line ends and spaces may follow;
 *   - lines end in CRLF; header lines are "Name: value", not folded;
 *   - each part has Content-Disposition: form-data with a name (token or
 *     quoted string; quoted-pairs are undone), optionally a filename;
 *     filename* is ignored (RFC 7578 section 4.2); a Content-Type is kept;
 *     a Content-Transfer-Encoding other than 7bit, 8bit or binary is
 *     refused (RFC 7578 section 4.7 deprecates it); other headers are
 *     ignored;
 *   - names, filenames and content types are valid UTF-8 without control
 *     characters; a part's content may be any bytes.
 * Limits: HTTP_MULTIPART_MAX_PARTS parts, HTTP_MULTIPART_HEADER_MAX bytes
 * of headers per part; the body itself is bounded by the server's limit
 * (model/limits.h LIMIT_HTTP_BODY).
 *
 * Ownership: a struct http_multipart owns its part array and one block
 * with the names, filenames and content types; http_multipart_release
 * frees them. A part's content is not copied: it points into the body,
 * which must outlive the struct (for a request: the handler call).
 */
#ifndef VEIKART_HTTP_MULTIPART_H
#define VEIKART_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "http/form.h"
#include "http/http.h"
#include "util/err.h"

#define HTTP_MULTIPART_TYPE "multipart/form-data"
/* RFC 2046: a boundary is 1 to 70 characters. */
#define HTTP_MULTIPART_BOUNDARY_MAX 70
/* The upload form has a handful of fields; a form with many checkboxes
 * still stays below this. */
#define HTTP_MULTIPART_MAX_PARTS 128
/* The headers of one part: a disposition with a long file name and a
 * type fit many times over. */
#define HTTP_MULTIPART_HEADER_MAX 4096

struct http_part {
	const char *name;	  /* the field name (owned by the struct) */
	const char *filename;	  /* NULL for a plain field; "" for a file
				     field sent without a file */
	const char *content_type; /* the part's Content-Type, or NULL */
	const char *data;	  /* the content: borrowed from the body,
				     not NUL-terminated */
	size_t len;
};

struct http_multipart {
	struct http_part *parts; /* owned; n of them, in the order sent */
	size_t n;
	char *mem; /* owned: the strings the parts point to */
};

#define HTTP_MULTIPART_INIT                                                    \
	{                                                                      \
		NULL, 0, NULL                                                  \
	}

/* Whether a Content-Type header names multipart/form-data (NULL: no). */
bool http_multipart_is(const char *content_type);

/*
 * The boundary parameter of a multipart/form-data Content-Type into out.
 * ERR_MEDIA_TYPE when the type is another, ERR_INVALID when the boundary
 * is missing, given twice or not a valid boundary.
 */
int http_multipart_boundary(const char *content_type,
			    char out[HTTP_MULTIPART_BOUNDARY_MAX + 1],
			    struct err *err);

/*
 * Splits body (len bytes, need not be NUL-terminated) at `boundary` into
 * mp. ERR_INVALID for a body that is not well-formed as above (mp is then
 * empty), ERR_TOO_LARGE past a limit. An empty form ("--b--") has no
 * parts.
 */
int http_multipart_parse(const char *body, size_t len, const char *boundary,
			 struct http_multipart *mp, struct err *err);

/* The request's body: http_multipart_boundary of its Content-Type, then
 * http_multipart_parse. */
int http_multipart_from_request(const struct http_request *req,
				struct http_multipart *mp, struct err *err);

/* The first part called `name`, or NULL. */
const struct http_part *http_multipart_get(const struct http_multipart *mp,
					   const char *name);

/*
 * The plain fields (parts without a filename) as a form, for the code that
 * reads forms (http/form.h): each value must be text a person could type
 * (valid UTF-8, no NUL or control characters but tab and line breaks),
 * else ERR_INVALID and f is empty. File parts are left out.
 */
int http_multipart_form(const struct http_multipart *mp, struct http_form *f,
			struct err *err);

void http_multipart_release(struct http_multipart *mp);

#endif
