/*
 * web/routes.h: the portal as the server sees it: its route table, the
 * fallback page for paths nothing matches, and what must be loaded before
 * the server starts. cli/serve.c joins these with the API's routes; the
 * two never overlap (the portal has /, /nb, /nn, /en and /static, the API
 * /api and /healthz).
 *
 * URLs are the same in every language: /{lang}/ and below, lang one of
 * nb (default), nn, en; / redirects by Accept-Language.
 */
#ifndef VEIKART_WEB_ROUTES_H
#define VEIKART_WEB_ROUTES_H

#include <stddef.h>

#include "http/cookie.h"
#include "http/http.h"
#include "util/err.h"

/* The session cookie's name: the one api/auth.h sets (a test checks). */
#define WEB_SESSION_COOKIE HTTP_SESSION_COOKIE

/*
 * Loads the message catalogs and the static files (from assets_dir, the
 * directory holding node_modules/ and static/). Call once before serving;
 * -1 with err saying what is missing (`npm ci`).
 */
int web_init(const char *assets_dir, struct err *err);
/* Frees what web_init loaded; after the server stopped. */
void web_release(void);

/* Every portal route in match order; the array is static. */
const struct http_route *web_routes(size_t *n);

/*
 * The page for a path no route matches (404) or a method a path does not
 * take (405, resp->allow already set): an HTML page in the language of the
 * path's prefix (bokmål when there is none).
 */
void web_fallback(struct http_request *req, struct http_response *resp,
		  int status);

#endif
