/*
 * web/static.h: the portal's static files (CSS), served from memory under
 * fingerprinted names: /static/<stem>.<hash>.css, where hash is the first
 * 10 hex digits of the BLAKE2b hash of the bytes. A new file gives a new
 * URL, so the files are sent with "Cache-Control: public,
 * max-age=31536000, immutable" and browsers never ask again.
 *
 * web_static_load reads every file once at start-up, before the server
 * threads run; afterwards the table is read-only and shared by all
 * threads. Any /static path that is not one of these names is a 404.
 */
#ifndef VEIKART_WEB_STATIC_H
#define VEIKART_WEB_STATIC_H

#include <stddef.h>

#include "http/http.h"
#include "util/err.h"

enum web_asset {
	WEB_ASSET_THEME,	/* the Designsystemet theme (design tokens) */
	WEB_ASSET_DS,		/* the Designsystemet component CSS */
	WEB_ASSET_VEIKART,	/* static/veikart.css: layout, charts */
	WEB_ASSET_COUNT
};

/* Where each file comes from, relative to the assets directory. */
#define WEB_ASSET_THEME_SRC                                                 \
	"node_modules/@digdir/designsystemet-theme/src/themes/"            \
	"designsystemet.css"
#define WEB_ASSET_DS_SRC \
	"node_modules/@digdir/designsystemet-css/dist/src/index.css"
#define WEB_ASSET_VEIKART_SRC "static/veikart.css"

/* Largest file accepted (bytes): far above today's 150 KB. */
#define WEB_ASSET_MAX ((size_t)4 << 20)

/*
 * Reads every asset from `dir` (the repository root, where `npm ci` made
 * node_modules/) and computes its URL. On failure nothing is loaded and
 * err (ERR_IO) names the file and says to run `npm ci`. Loading again
 * replaces the table; call it only while no thread serves.
 */
int web_static_load(const char *dir, struct err *err);
/* Frees the table; a no-op when nothing is loaded. */
void web_static_unload(void);

/* "/static/designsystemet.0123456789.css", or "" when not loaded. */
const char *web_static_url(enum web_asset a);

/* GET /static/:name: the file from memory, or the fallback's 404. */
void web_static_handle(struct http_request *req, struct http_response *resp);

/* The bytes of the file served at /static/<name>, or NULL (for tests). */
const char *web_static_find(const char *name, size_t *len);

#endif
