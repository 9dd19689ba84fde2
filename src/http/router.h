/*
 * http/router.h: matches a decoded path and method against the route table
 * (struct http_route in http/http.h). Pure: no allocation, no libevent, so
 * it is unit-tested on its own (tests/test_router.c).
 */
#ifndef VEIKART_HTTP_ROUTER_H
#define VEIKART_HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

/* Where a ":name" value lies in the path (not NUL-terminated there). */
struct http_router_span {
	size_t off;
	size_t len;
};

struct http_router_match {
	const struct http_route *route;	/* borrowed from the table; or NULL */
	struct http_router_span params[HTTP_MAX_PATH_PARAMS];
	size_t nparams;
	/* Methods of every route whose pattern matched, HEAD added to GET. */
	unsigned allowed;
};

/*
 * Finds the first route whose pattern matches `path` and that takes
 * `method` (a GET route also takes HEAD). Returns 200 with m->route and
 * m->params set; 405 when patterns matched but none takes the method
 * (m->allowed says which would); 404 when no pattern matched.
 */
int http_router_match(const struct http_route *routes, size_t nroutes,
		      const char *path, enum http_method method,
		      struct http_router_match *m);

/*
 * Writes the Allow header value for a method mask ("GET, HEAD, POST") into
 * out, in a fixed order. "" for an empty mask.
 */
void http_router_allow(unsigned methods, char *out, size_t size);

#endif
