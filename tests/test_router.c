/* tests/test_router.c: route matching and the Allow header (http/router.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"

static void handler_a(struct http_request *req, struct http_response *resp)
{
	(void)req;
	(void)resp;
}

static const struct http_route routes[] = {
    {HTTP_GET, "/", handler_a},
    {HTTP_GET, "/hello", handler_a},
    {HTTP_GET | HTTP_POST, "/items", handler_a},
    {HTTP_GET, "/items/:id", handler_a},
    {HTTP_DELETE, "/items/:id", handler_a},
    {HTTP_GET, "/items/:id/notes/:note", handler_a},
    {HTTP_GET, "/static/*", handler_a},
    {HTTP_PUT, "/only-put", handler_a},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static int match(const char *path, enum http_method m,
		 struct http_router_match *out)
{
	return http_router_match(routes, NROUTES, path, m, out);
}

/* The value of ":name" number i, copied out of the path. */
static const char *param(const char *path, const struct http_router_match *m,
			 size_t i, char *out, size_t size)
{
	assert_true(i < m->nparams);
	assert_true(m->params[i].len < size);
	memcpy(out, path + m->params[i].off, m->params[i].len);
	out[m->params[i].len] = '\0';
	return out;
}

static void test_router_literal(void **state)
{
	struct http_router_match m;

	(void)state;
	assert_int_equal(match("/hello", HTTP_GET, &m), 200);
	assert_ptr_equal(m.route, &routes[1]);
	assert_int_equal(m.nparams, 0);
	assert_int_equal(match("/", HTTP_GET, &m), 200);
	assert_ptr_equal(m.route, &routes[0]);
}

static void test_router_exact_segments(void **state)
{
	struct http_router_match m;

	(void)state;
	assert_int_equal(match("/hello/", HTTP_GET, &m), 404);
	assert_int_equal(match("/hell", HTTP_GET, &m), 404);
	assert_int_equal(match("/helloo", HTTP_GET, &m), 404);
	assert_int_equal(match("//hello", HTTP_GET, &m), 404);
	assert_int_equal(match("", HTTP_GET, &m), 404);
	assert_null(m.route);
}

static void test_router_params(void **state)
{
	struct http_router_match m;
	const char *p1 = "/items/V-TP-1";
	const char *p2 = "/items/æøå/notes/7";
	char v[64];

	(void)state;
	assert_int_equal(match(p1, HTTP_GET, &m), 200);
	assert_ptr_equal(m.route, &routes[3]);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(param(p1, &m, 0, v, sizeof(v)), "V-TP-1");
	assert_int_equal(match(p2, HTTP_GET, &m), 200);
	assert_ptr_equal(m.route, &routes[5]);
	assert_int_equal(m.nparams, 2);
	assert_string_equal(param(p2, &m, 0, v, sizeof(v)), "æøå");
	assert_string_equal(param(p2, &m, 1, v, sizeof(v)), "7");
}

static void test_router_param_not_empty(void **state)
{
	struct http_router_match m;

	(void)state;
	assert_int_equal(match("/items/", HTTP_GET, &m), 404);
	assert_int_equal(match("/items//notes/1", HTTP_GET, &m), 404);
	assert_int_equal(match("/items/1/extra", HTTP_GET, &m), 404);
}

static void test_router_star(void **state)
{
	struct http_router_match m;

	(void)state;
	assert_int_equal(match("/static/", HTTP_GET, &m), 200);
	assert_int_equal(match("/static/css/site.css", HTTP_GET, &m), 200);
	assert_ptr_equal(m.route, &routes[6]);
	assert_int_equal(match("/static", HTTP_GET, &m), 404);
	assert_int_equal(match("/staticx/a", HTTP_GET, &m), 404);
}

static void test_router_method(void **state)
{
	struct http_router_match m;

	(void)state;
	/* The second route with the same pattern takes DELETE. */
	assert_int_equal(match("/items/9", HTTP_DELETE, &m), 200);
	assert_ptr_equal(m.route, &routes[4]);
	assert_int_equal(match("/items", HTTP_POST, &m), 200);
	assert_ptr_equal(m.route, &routes[2]);
	/* GET routes answer HEAD. */
	assert_int_equal(match("/hello", HTTP_HEAD, &m), 200);
	assert_int_equal(match("/only-put", HTTP_HEAD, &m), 405);
}

static void test_router_405_allow(void **state)
{
	struct http_router_match m;
	char allow[64];

	(void)state;
	assert_int_equal(match("/items/9", HTTP_PUT, &m), 405);
	assert_null(m.route);
	http_router_allow(m.allowed, allow, sizeof(allow));
	assert_string_equal(allow, "GET, HEAD, DELETE");
	assert_int_equal(match("/hello", HTTP_POST, &m), 405);
	http_router_allow(m.allowed, allow, sizeof(allow));
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(match("/only-put", HTTP_GET, &m), 405);
	http_router_allow(m.allowed, allow, sizeof(allow));
	assert_string_equal(allow, "PUT");
}

static void test_router_allow_all(void **state)
{
	char allow[64];

	(void)state;
	http_router_allow(0, allow, sizeof(allow));
	assert_string_equal(allow, "");
	http_router_allow(0x7f, allow, sizeof(allow));
	assert_string_equal(allow,
			    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
}

static void test_router_first_match_wins(void **state)
{
	static const struct http_route rs[] = {
	    {HTTP_GET, "/a/:x", handler_a},
	    {HTTP_GET, "/a/fixed", handler_a},
	};
	struct http_router_match m;

	(void)state;
	assert_int_equal(http_router_match(rs, 2, "/a/fixed", HTTP_GET, &m),
			 200);
	assert_ptr_equal(m.route, &rs[0]);
	assert_int_equal(http_router_match(NULL, 0, "/a", HTTP_GET, &m), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_router_literal),
	    cmocka_unit_test(test_router_exact_segments),
	    cmocka_unit_test(test_router_params),
	    cmocka_unit_test(test_router_param_not_empty),
	    cmocka_unit_test(test_router_star),
	    cmocka_unit_test(test_router_method),
	    cmocka_unit_test(test_router_405_allow),
	    cmocka_unit_test(test_router_allow_all),
	    cmocka_unit_test(test_router_first_match_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
