/*
 * tests/test_static.c: the portal's static files (web/static.h): read at
 * start-up from a directory laid out as after `npm ci`, fingerprinted
 * with the first 10 hex digits of their BLAKE2b hash, served with
 * immutable cache headers; any other name is the 404 page; a missing file
 * fails the load with a message that says to run npm ci.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/static.h"

struct tree {
	char dir[64];
};

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	snprintf(t->dir, sizeof(t->dir), "/tmp/veikart-static-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	write_file(t->dir, WEB_ASSET_THEME_SRC, ":root{--ds-x:1}");
	write_file(t->dir, WEB_ASSET_DS_SRC, ".ds-link{color:red}");
	write_file(t->dir, WEB_ASSET_VEIKART_SRC, "/* æøå */ .vk-x{}");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	web_static_unload();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* "/static/<stem>.<10 hex>.css" */
static void assert_fingerprinted(const char *url, const char *stem)
{
	size_t n = strlen("/static/") + strlen(stem);

	assert_int_equal(strncmp(url, "/static/", 8), 0);
	assert_int_equal(strncmp(url + 8, stem, strlen(stem)), 0);
	assert_int_equal(url[n], '.');
	assert_int_equal(strspn(url + n + 1, "0123456789abcdef"), 10);
	assert_string_equal(url + n + 11, ".css");
}

static void test_load_and_find(void **state)
{
	struct tree *t = *state;
	struct err err = ERR_INIT;
	size_t len = 0;
	const char *data;

	assert_int_equal(web_static_load(t->dir, &err), 0);
	assert_fingerprinted(web_static_url(WEB_ASSET_THEME), "theme");
	assert_fingerprinted(web_static_url(WEB_ASSET_DS), "designsystemet");
	assert_fingerprinted(web_static_url(WEB_ASSET_VEIKART), "veikart");
	data = web_static_find(web_static_url(WEB_ASSET_VEIKART) + 8, &len);
	assert_non_null(data);
	assert_int_equal(len, strlen("/* æøå */ .vk-x{}"));
	assert_memory_equal(data, "/* æøå */ .vk-x{}", len);
	assert_null(web_static_find("veikart.css", &len));
	assert_null(web_static_find("veikart.0000000000.css", &len));
	assert_null(web_static_find("", &len));
}

static void test_hash_follows_bytes(void **state)
{
	struct tree *t = *state;
	struct err err = ERR_INIT;
	char before[96];

	assert_int_equal(web_static_load(t->dir, &err), 0);
	snprintf(before, sizeof(before), "%s",
		 web_static_url(WEB_ASSET_VEIKART));
	/* Same bytes, same name; other bytes, another name. */
	assert_int_equal(web_static_load(t->dir, &err), 0);
	assert_string_equal(before, web_static_url(WEB_ASSET_VEIKART));
	write_file(t->dir, WEB_ASSET_VEIKART_SRC, ".vk-x{color:blue}");
	assert_int_equal(web_static_load(t->dir, &err), 0);
	assert_string_not_equal(before, web_static_url(WEB_ASSET_VEIKART));
}

static void test_missing_names_npm_ci(void **state)
{
	struct tree *t = *state;
	struct err err = ERR_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", t->dir, WEB_ASSET_DS_SRC);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(web_static_load(t->dir, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_non_null(strstr(err.msg, "npm ci"));
	assert_non_null(strstr(err.msg, "designsystemet-css"));
	/* Nothing half-loaded is served. */
	assert_string_equal(web_static_url(WEB_ASSET_THEME), "");
	assert_int_equal(web_static_load("/nonexistent/veikart", &err), -1);
}

static void serve(const char *name, struct http_response *resp)
{
	struct http_request req;

	memset(&req, 0, sizeof(req));
	req.method = HTTP_GET;
	req.uri = "/static/x";
	req.path = "/static/x";
	req.path_params[0] = name;
	req.npath_params = 1;
	http_response_init(resp);
	web_static_handle(&req, resp);
}

static void test_handler(void **state)
{
	struct tree *t = *state;
	struct err err = ERR_INIT;
	struct http_response resp;

	assert_int_equal(web_static_load(t->dir, &err), 0);
	serve(web_static_url(WEB_ASSET_DS) + 8, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/css; charset=utf-8");
	assert_string_equal(resp.cache_control,
			    "public, max-age=31536000, immutable");
	assert_string_equal(buf_cstr(&resp.body), ".ds-link{color:red}");
	http_response_release(&resp);
	serve("designsystemet.css", &resp);
	assert_int_equal(resp.status, 404);
	assert_non_null(strstr(resp.content_type, "text/html"));
	assert_null(resp.cache_control);
	assert_non_null(strstr(buf_cstr(&resp.body), "<html lang=\"nb\""));
	http_response_release(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_and_find, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hash_follows_bytes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_names_npm_ci,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
