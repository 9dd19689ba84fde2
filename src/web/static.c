/*
 * web/static.c: the fingerprinted static files (see static.h). The table
 * is module state written only by web_static_load, before the server
 * starts, and read-only while it serves (the house rule for config).
 * Bodies are copied into each response; the per-thread response cache
 * then keeps one copy and its ETag, so a file is hashed once per thread.
 */
#include "web/static.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "web/routes.h"

#define HASH_HEX 10

struct asset {
	const char *stem;
	const char *src;
	char url[96];
	char *data;
	size_t len;
};

static struct asset assets[WEB_ASSET_COUNT] = {
	[WEB_ASSET_THEME] = { "theme", WEB_ASSET_THEME_SRC, "", NULL, 0 },
	[WEB_ASSET_DS] = { "designsystemet", WEB_ASSET_DS_SRC, "", NULL, 0 },
	[WEB_ASSET_VEIKART] = { "veikart", WEB_ASSET_VEIKART_SRC, "", NULL,
				0 },
};

/* Reads a whole file (at most WEB_ASSET_MAX bytes) into *out. */
static int read_file(const char *path, char **out, size_t *len,
		     struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n;

	if (!f)
		return err_set(err, ERR_IO,
			       "cannot read %s: %s; run `npm ci` in the "
			       "repository root (make run and make test do), "
			       "or give --assets the directory that holds "
			       "node_modules/ and static/",
			       path, strerror(errno));
	data = xmalloc(WEB_ASSET_MAX + 1);
	n = fread(data, 1, WEB_ASSET_MAX + 1, f);
	if (ferror(f) || n > WEB_ASSET_MAX) {
		fclose(f);
		free(data);
		return err_set(err, ERR_IO, "cannot read %s: %s", path,
			       n > WEB_ASSET_MAX ? "larger than 4 MiB"
						 : "read error");
	}
	fclose(f);
	*out = xrealloc(data, n + 1);
	(*out)[n] = '\0';
	*len = n;
	return 0;
}

static void fingerprint(struct asset *a)
{
	unsigned char hash[crypto_generichash_BYTES_MIN];
	char hex[2 * sizeof(hash) + 1];

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)a->data,
			   a->len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	hex[HASH_HEX] = '\0';
	snprintf(a->url, sizeof(a->url), "/static/%s.%s.css", a->stem, hex);
}

int web_static_load(const char *dir, struct err *err)
{
	struct asset loaded[WEB_ASSET_COUNT];
	char path[4096];

	if (sodium_init() < 0)
		return err_set(err, ERR_INTERNAL, "libsodium failed to start");
	memcpy(loaded, assets, sizeof(loaded));
	for (int i = 0; i < WEB_ASSET_COUNT; i++) {
		int n = snprintf(path, sizeof(path), "%s/%s", dir,
				 assets[i].src);

		loaded[i].data = NULL;
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    read_file(path, &loaded[i].data, &loaded[i].len, err) < 0) {
			if (n >= 0 && (size_t)n >= sizeof(path))
				err_set(err, ERR_IO, "assets path too long");
			for (int k = 0; k < i; k++)
				free(loaded[k].data);
			return -1;
		}
		fingerprint(&loaded[i]);
	}
	web_static_unload();
	memcpy(assets, loaded, sizeof(assets));
	return 0;
}

void web_static_unload(void)
{
	for (int i = 0; i < WEB_ASSET_COUNT; i++) {
		free(assets[i].data);
		assets[i].data = NULL;
		assets[i].len = 0;
		assets[i].url[0] = '\0';
	}
}

const char *web_static_url(enum web_asset a)
{
	return (unsigned)a < WEB_ASSET_COUNT ? assets[a].url : "";
}

const char *web_static_find(const char *name, size_t *len)
{
	static const size_t prefix = sizeof("/static/") - 1;

	for (int i = 0; i < WEB_ASSET_COUNT; i++)
		if (assets[i].data && !strcmp(assets[i].url + prefix, name)) {
			*len = assets[i].len;
			return assets[i].data;
		}
	return NULL;
}

void web_static_handle(struct http_request *req, struct http_response *resp)
{
	size_t len;
	const char *data = web_static_find(req->path_params[0], &len);

	if (!data || req->nparams) {
		web_fallback(req, resp, 404);
		return;
	}
	buf_add(&resp->body, data, len);
	resp->content_type = "text/css; charset=utf-8";
	resp->cache_control = "public, max-age=31536000, immutable";
	resp->cacheable = true;
}
