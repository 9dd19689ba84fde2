/*
 * http/respond.h: sending the one reply of a request, with the headers
 * every response carries, the ETag and the 304 answer to If-None-Match.
 * Internal to http/; the ETag helpers are exported for tests.
 */
#ifndef VEIKART_HTTP_RESPOND_H
#define VEIKART_HTTP_RESPOND_H

#include <stdbool.h>
#include <stddef.h>

#include "http/cache.h"
#include "http/http.h"
#include "util/err.h"

/* Frees a body handed over by reference (evbuffer_ref_cleanup_cb). */
typedef void (*http_body_free_fn)(const void *body, size_t len, void *arg);

/*
 * A reply ready to send, made from a handler's http_response or from a
 * cache entry. All pointers are borrowed for the call, except the body
 * when body_free is set: then the reply owns it and calls
 * body_free(body, body_len, body_arg) once libevent has sent it (or at
 * once, when no body is sent), so a large body is never copied.
 */
struct http_reply {
	int status;
	const char *content_type;
	const char *cache_control;	/* or NULL */
	const char *allow;		/* or NULL */
	const char *location;		/* or NULL / "" */
	const char *set_cookie;		/* or NULL / "" */
	int retry_after_s;		/* Retry-After when > 0 */
	const char *etag;		/* quoted, or NULL for none */
	const char *body;
	size_t body_len;
	http_body_free_fn body_free;	/* NULL: body is copied */
	void *body_arg;
};

/*
 * Sends r as the reply to req (the only evhttp_send_reply of the request).
 * Answers 304 without a body when r has an ETag that If-None-Match names,
 * and sends no body to HEAD. Returns the body bytes sent; *sent gets the
 * status actually sent.
 */
size_t http_reply_send(const struct http_request *req,
		       const struct http_reply *r, int *sent);

/* The strong ETag of a body: a 16-byte BLAKE2b hash, hex, quoted. */
void http_etag_compute(const char *body, size_t len,
		       char out[HTTP_ETAG_SIZE]);

/*
 * True when an If-None-Match value names `etag`: "*", or a list in which
 * one entity tag has the same opaque value (a W/ prefix is ignored, as the
 * weak comparison of RFC 9110 13.1.2 asks). A malformed list matches
 * nothing, so the full response is sent.
 */
bool http_etag_match(const char *if_none_match, const char *etag);

/*
 * Replaces resp with an RFC 9457 problem (application/problem+json) with
 * the status and title of `code` and `detail` as the explanation.
 */
void http_problem(struct http_response *resp, enum err_code code,
		  const char *detail);

#endif
