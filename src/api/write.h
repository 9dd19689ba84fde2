/*
 * api/write.h: the write routes of the JSON API (POST, PATCH, DELETE on the
 * collections; PATCH of one milestone; POST of one observation), and the
 * one function that renders an item to the bytes GET sends, so that the
 * ETag a client reads and the ETag If-Match is compared with cannot drift.
 */
#ifndef VEIKART_API_WRITE_H
#define VEIKART_API_WRITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/cache.h"
#include "http/http.h"
#include "util/buf.h"

/* The routes, specific before generic; they go before the read routes. */
extern const struct http_route write_routes[];
extern const size_t write_nroutes;

/*
 * Appends `item` (borrowed) to out exactly as api_json (api/render.c)
 * writes a response body: compact JSON, members in order, then "\n".
 */
void api_item_render(json_t *item, struct buf *out);

/* The ETag GET /api/v1/{collection}/{id} sends for `item` (quoted). */
void api_item_etag(json_t *item, char out[HTTP_ETAG_SIZE]);

/*
 * True when an If-Match header value names `etag` by the strong comparison
 * of RFC 9110 13.1.1: "*" (the item exists), or a list of entity tags one
 * of which is exactly etag. Weak tags (W/"...") never match; a malformed
 * list matches nothing.
 */
bool api_if_match(const char *if_match, const char *etag);

#endif
