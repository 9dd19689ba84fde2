/*
 * api/api.h: the JSON API under /api/v1 — a thin adapter that parses the
 * request, calls service/ and renders JSON or application/problem+json
 * (RFC 9457). Handlers take req->ctx as a struct app_thread.
 */
#ifndef VEIKART_API_API_H
#define VEIKART_API_API_H

#include <stddef.h>

#include "http/http.h"

/*
 * Every route of the API in match order (specific before generic): the
 * tables of api/routes.c joined. The array is static; *n gets its length.
 */
const struct http_route *api_routes(size_t *n);

/* The generic read routes (api/collections.c); they go last. */
extern const struct http_route api_read_routes[];
extern const size_t api_read_nroutes;

/* Renders a 404/405 for an unmatched /api path (http_config.fallback). */
void api_fallback(struct http_request *req, struct http_response *resp,
		  int status);

#endif
