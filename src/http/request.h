/*
 * http/request.h: turning an evhttp request into a struct http_request
 * (http/http.h). Internal to http/; the decoders are exported for tests.
 *
 * Every decoded string of a request lives in one scratch block owned by the
 * worker thread and reused for the next request, so parsing does not
 * allocate once the block has grown to fit. The block is sized before any
 * pointer into it is handed out, so the pointers stay valid for the
 * request.
 */
#ifndef VEIKART_HTTP_REQUEST_H
#define VEIKART_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "http/router.h"
#include "util/err.h"

struct evhttp_request;

struct http_scratch {
	char *mem;	/* owned */
	size_t size;
	size_t used;
};

#define HTTP_SCRATCH_INIT { NULL, 0, 0 }

/* Empties s and makes room for n bytes; earlier pointers become invalid. */
void http_scratch_reserve(struct http_scratch *s, size_t n);
void http_scratch_release(struct http_scratch *s);

/*
 * Percent-decodes s[0..len) into out, which has room for len + 1 bytes,
 * and NUL-terminates it; with `plus`, '+' becomes a space (query strings,
 * application/x-www-form-urlencoded). Returns the decoded length, or -1
 * when an escape is not '%' and two hex digits or decodes to NUL.
 */
long http_pct_decode(const char *s, size_t len, bool plus, char *out);

/*
 * Splits a raw query string ("a=1&b=x%20y") into req->params, decoded into
 * s (which must have room for 2 * strlen(query) + 2 * HTTP_MAX_PARAMS
 * bytes). Empty pieces are skipped; a piece without '=' has value "".
 * Returns -1 with ERR_INVALID on a bad escape or more than HTTP_MAX_PARAMS
 * parameters.
 */
int http_query_parse(const char *query, struct http_request *req,
		     struct http_scratch *s, struct err *err);

/*
 * Fills req (whose request_id, ctx and ev the caller has set) from the
 * evhttp request req->ev: method, uri, decoded path, query parameters,
 * body (NUL-terminated in libevent's input buffer) and remote address.
 * Returns -1 with ERR_URI_TOO_LONG when the URI passes max_uri, or
 * ERR_INVALID for a target that is not a path or cannot be decoded.
 */
int http_request_parse(struct http_request *req, size_t max_uri,
		       struct http_scratch *s, struct err *err);

/* Copies the ":name" values of a route match into req->path_params. */
void http_request_set_path_params(struct http_request *req,
				  const struct http_router_match *m,
				  struct http_scratch *s);

#endif
