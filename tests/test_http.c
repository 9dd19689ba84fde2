/*
 * tests/test_http.c: the HTTP layer against a real server. Each test starts
 * its own server with http_start on 127.0.0.1:0 and talks to it over a
 * socket with the small client below (one request per connection, so the
 * server's "Connection: close" ends each reply). Also unit tests of the
 * decoders and ETag matching, which need no server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "http/http.h"
#include "http/request.h"
#include "http/respond.h"

/* ---- the application under test ---- */

#define HELLO "{\"hello\":\"verden æøå\"}"

struct app {
	atomic_int hello_calls;
	atomic_int nocache_calls;
	atomic_int inits;
	atomic_int frees;
	atomic_uint_least64_t version;
	bool fail_init;
};

static void *app_thread_init(void *app, struct err *err)
{
	struct app *a = app;

	if (a->fail_init) {
		err_set(err, ERR_DB, "cannot open the test database");
		return NULL;
	}
	atomic_fetch_add(&a->inits, 1);
	return a;
}

static void app_thread_free(void *ctx)
{
	struct app *a = ctx;

	atomic_fetch_add(&a->frees, 1);
}

static uint64_t app_version(void *ctx)
{
	struct app *a = ctx;

	return atomic_load(&a->version);
}

static void h_hello(struct http_request *req, struct http_response *resp)
{
	struct app *a = req->ctx;

	atomic_fetch_add(&a->hello_calls, 1);
	buf_addstr(&resp->body, HELLO);
	resp->cacheable = true;
	resp->cache_control = "no-cache";
}

static void h_item(struct http_request *req, struct http_response *resp)
{
	const char *q = http_param(req, "q");

	buf_addf(&resp->body, "id=%s n=%zu q=%s", req->path_params[0],
		 req->npath_params, q ? q : "(none)");
	resp->content_type = "text/plain; charset=utf-8";
}

static void h_nocache(struct http_request *req, struct http_response *resp)
{
	struct app *a = req->ctx;

	atomic_fetch_add(&a->nocache_calls, 1);
	buf_addstr(&resp->body, "{}");
}

static void h_echo(struct http_request *req, struct http_response *resp)
{
	buf_addf(&resp->body, "len=%zu body=%s", req->body_len,
		 req->body ? req->body : "(null)");
	resp->status = 201;
	snprintf(resp->location, sizeof(resp->location), "/items/new");
}

static void fallback(struct http_request *req, struct http_response *resp,
		     int status)
{
	(void)req;
	buf_reset(&resp->body);
	buf_addf(&resp->body, "{\"fallback\":%d}", status);
	resp->status = status;
	resp->content_type = "application/problem+json";
}

static const struct http_route routes[] = {
    {HTTP_GET, "/hello", h_hello},
    {HTTP_GET, "/items/:id", h_item},
    {HTTP_GET, "/nocache", h_nocache},
    {HTTP_POST, "/echo", h_echo},
};

/* ---- fixture ---- */

struct fixture {
	struct app app;
	struct http_config cfg;
	struct http_server *srv;
	int port;
};

static void config_init(struct fixture *f, int threads)
{
	memset(f, 0, sizeof(*f));
	f->cfg = (struct http_config){
	    .listen = "127.0.0.1:0",
	    .threads = threads,
	    .max_body = 1024,
	    .max_uri = 1024,
	    .timeout_s = 5,
	    .cache_bytes = 1 << 20,
	    .routes = routes,
	    .nroutes = sizeof(routes) / sizeof(routes[0]),
	    .fallback = fallback,
	    .app = &f->app,
	    .thread_init = app_thread_init,
	    .thread_free = app_thread_free,
	    .data_version = app_version,
	};
}

static void start(struct fixture *f)
{
	struct err err = ERR_INIT;

	f->srv = http_start(&f->cfg, &err);
	if (!f->srv)
		fail_msg("http_start: %s", err.msg);
	f->port = http_server_port(f->srv);
	assert_true(f->port > 0);
}

static struct fixture *fixture_new(int threads)
{
	struct fixture *f = calloc(1, sizeof(*f));

	config_init(f, threads);
	start(f);
	return f;
}

static void fixture_free(struct fixture *f)
{
	http_stop(f->srv);
	free(f);
}

/* ---- a minimal HTTP/1.1 client ---- */

struct reply {
	int status;
	struct buf raw;
	const char *body; /* into raw */
	size_t body_len;
};

static int connect_to(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct timeval tv = {5, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Sends raw bytes, reads until the server closes; parses status, body. */
static void exchange(int port, const char *req, size_t len, struct reply *r)
{
	int fd = connect_to(port);
	const char *end;
	char chunk[4096];
	ssize_t n;

	memset(r, 0, sizeof(*r));
	r->raw = (struct buf)BUF_INIT;
	assert_int_equal(send(fd, req, len, MSG_NOSIGNAL), (ssize_t)len);
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0)
		buf_add(&r->raw, chunk, (size_t)n);
	close(fd);
	assert_true(r->raw.len > 12);
	assert_true(sscanf(buf_cstr(&r->raw), "HTTP/1.1 %d", &r->status) == 1);
	end = strstr(buf_cstr(&r->raw), "\r\n\r\n");
	assert_non_null(end);
	r->body = end + 4;
	r->body_len = r->raw.len - (size_t)(r->body - r->raw.buf);
}

static void request(int port, const char *method, const char *target,
		    const char *extra_headers, struct reply *r)
{
	struct buf req = BUF_INIT;

	buf_addf(&req,
		 "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sConnection: "
		 "close\r\n\r\n",
		 method, target, extra_headers ? extra_headers : "");
	exchange(port, req.buf, req.len, r);
	buf_release(&req);
}

/* The value of response header `name`, copied into out; NULL if none. */
static const char *header(const struct reply *r, const char *name, char *out,
			  size_t size)
{
	const char *p = strstr(buf_cstr(&r->raw), "\r\n") + 2;
	size_t nlen = strlen(name), vlen;
	const char *eol;

	while (p < r->body - 2) {
		eol = strstr(p, "\r\n");
		if (!strncasecmp(p, name, nlen) && p[nlen] == ':') {
			p += nlen + 1;
			p += strspn(p, " ");
			vlen = (size_t)(eol - p);
			assert_true(vlen < size);
			memcpy(out, p, vlen);
			out[vlen] = '\0';
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

static void body_equal(const struct reply *r, const char *want)
{
	assert_int_equal(r->body_len, strlen(want));
	assert_memory_equal(r->body, want, r->body_len);
}

/* ---- server tests ---- */

static void test_http_hello(void **state)
{
	struct fixture *f = fixture_new(2);
	struct reply r;
	char v[128];
	size_t i;

	(void)state;
	request(f->port, "GET", "/hello", NULL, &r);
	assert_int_equal(r.status, 200);
	body_equal(&r, HELLO);
	assert_string_equal(header(&r, "Content-Type", v, sizeof(v)),
			    "application/json; charset=utf-8");
	assert_string_equal(header(&r, "X-Content-Type-Options", v, sizeof(v)),
			    "nosniff");
	assert_string_equal(header(&r, "Cache-Control", v, sizeof(v)),
			    "no-cache");
	assert_non_null(header(&r, "X-Request-Id", v, sizeof(v)));
	assert_int_equal(strlen(v), 16);
	for (i = 0; i < 16; i++)
		assert_true(isxdigit((unsigned char)v[i]));
	assert_non_null(header(&r, "ETag", v, sizeof(v)));
	assert_int_equal(strlen(v), 34);
	assert_true(v[0] == '"' && v[33] == '"');
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_params(void **state)
{
	struct fixture *f = fixture_new(2);
	struct reply r;
	char v[128];

	(void)state;
	request(f->port, "GET", "/items/V-TP-1?q=%C3%A6+b&x", NULL, &r);
	assert_int_equal(r.status, 200);
	body_equal(&r, "id=V-TP-1 n=1 q=æ b");
	assert_string_equal(header(&r, "Content-Type", v, sizeof(v)),
			    "text/plain; charset=utf-8");
	buf_release(&r.raw);
	request(f->port, "GET", "/items/%C3%B8l", NULL, &r);
	body_equal(&r, "id=øl n=1 q=(none)");
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_etag_304(void **state)
{
	/* Each is put before our ETag; "*" needs none. */
	static const char *const matching[] = {
	    "",
	    "W/",
	    "\"other\", ",
	    "*",
	};
	struct fixture *f = fixture_new(2);
	char etag[64], hdr[128], v[64];
	struct reply r;
	size_t i;

	(void)state;
	request(f->port, "GET", "/hello", NULL, &r);
	assert_non_null(header(&r, "ETag", etag, sizeof(etag)));
	buf_release(&r.raw);
	for (i = 0; i < sizeof(matching) / sizeof(matching[0]); i++) {
		snprintf(hdr, sizeof(hdr), "If-None-Match: %s%s\r\n",
			 matching[i], strcmp(matching[i], "*") ? etag : "");
		request(f->port, "GET", "/hello", hdr, &r);
		assert_int_equal(r.status, 304);
		assert_int_equal(r.body_len, 0);
		assert_string_equal(header(&r, "ETag", v, sizeof(v)), etag);
		buf_release(&r.raw);
	}
	request(f->port, "GET", "/hello", "If-None-Match: \"nope\"\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 0);
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_404_fallback(void **state)
{
	struct fixture *f = fixture_new(2);
	struct reply r;

	(void)state;
	request(f->port, "GET", "/nothing/here", NULL, &r);
	assert_int_equal(r.status, 404);
	body_equal(&r, "{\"fallback\":404}");
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_405_allow(void **state)
{
	struct fixture *f = fixture_new(2);
	struct reply r;
	char v[64];

	(void)state;
	request(f->port, "DELETE", "/hello", NULL, &r);
	assert_int_equal(r.status, 405);
	body_equal(&r, "{\"fallback\":405}");
	assert_string_equal(header(&r, "Allow", v, sizeof(v)), "GET, HEAD");
	buf_release(&r.raw);
	request(f->port, "GET", "/echo", NULL, &r);
	assert_int_equal(r.status, 405);
	assert_string_equal(header(&r, "Allow", v, sizeof(v)), "POST");
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_post_body(void **state)
{
	static const char req[] = "POST /echo HTTP/1.1\r\nHost: x\r\n"
				  "Content-Length: 12\r\nConnection: close\r\n"
				  "\r\n{\"a\":\"æø\"}";
	struct fixture *f = fixture_new(2);
	struct reply r;
	char v[64];

	(void)state;
	exchange(f->port, req, sizeof(req) - 1, &r);
	assert_int_equal(r.status, 201);
	body_equal(&r, "len=12 body={\"a\":\"æø\"}");
	assert_string_equal(header(&r, "Location", v, sizeof(v)), "/items/new");
	assert_null(header(&r, "ETag", v, sizeof(v)));
	buf_release(&r.raw);
	fixture_free(f);
}

static void test_http_413(void **state)
{
	struct fixture *f = fixture_new(2);
	struct buf req = BUF_INIT;
	struct reply r;
	char body[2000];

	(void)state;
	memset(body, 'x', sizeof(body));
	buf_addf(&req,
		 "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 sizeof(body));
	buf_add(&req, body, sizeof(body));
	exchange(f->port, req.buf, req.len, &r);
	assert_int_equal(r.status, 413);
	buf_release(&r.raw);
	buf_release(&req);
	fixture_free(f);
}

static void test_http_414(void **state)
{
	struct fixture *f = fixture_new(2);
	struct buf target = BUF_INIT;
	struct reply r;
	char v[64];
	int i;

	(void)state;
	buf_addstr(&target, "/hello?x=");
	for (i = 0; i < 2000; i++)
		buf_addch(&target, 'a');
	request(f->port, "GET", target.buf, NULL, &r);
	assert_int_equal(r.status, 414);
	assert_string_equal(header(&r, "Content-Type", v, sizeof(v)),
			    "application/problem+json");
	assert_non_null(strstr(r.body, "\"status\":414"));
	assert_int_equal(atomic_load(&f->app.hello_calls), 0);
	buf_release(&r.raw);
	buf_release(&target);
	fixture_free(f);
}

static void test_http_400_bad_input(void **state)
{
	static const char *const bad[] = {
	    "/hel%ZZlo", "/a%00b",	 "/hello%",
	    "/hello%4",	 "/hello?q=%G1", "/hello?q=%00",
	};
	struct fixture *f = fixture_new(2);
	struct buf many = BUF_INIT;
	struct reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		request(f->port, "GET", bad[i], NULL, &r);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "\"status\":400"));
		buf_release(&r.raw);
	}
	buf_addstr(&many, "/hello?");
	for (i = 0; i <= HTTP_MAX_PARAMS; i++)
		buf_addf(&many, "p%zu=1&", i);
	request(f->port, "GET", many.buf, NULL, &r);
	assert_int_equal(r.status, 400);
	buf_release(&r.raw);
	buf_release(&many);
	assert_int_equal(atomic_load(&f->app.hello_calls), 0);
	fixture_free(f);
}

static void test_http_cache(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct reply r;
	char e1[64], e2[64];

	(void)state;
	/* One thread, so every request meets the same cache. */
	config_init(f, 1);
	start(f);
	request(f->port, "GET", "/hello", NULL, &r);
	header(&r, "ETag", e1, sizeof(e1));
	buf_release(&r.raw);
	request(f->port, "GET", "/hello", NULL, &r);
	assert_int_equal(r.status, 200);
	body_equal(&r, HELLO);
	assert_string_equal(header(&r, "ETag", e2, sizeof(e2)), e1);
	assert_string_equal(header(&r, "Cache-Control", e2, sizeof(e2)),
			    "no-cache");
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.hello_calls), 1);
	/* A write bumps the version: the handler runs again. */
	atomic_fetch_add(&f->app.version, 1);
	request(f->port, "GET", "/hello", NULL, &r);
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.hello_calls), 2);
	request(f->port, "GET", "/hello", NULL, &r);
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.hello_calls), 2);
	/* Another URI is another entry; uncacheable responses never stay. */
	request(f->port, "GET", "/hello?x=1", NULL, &r);
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.hello_calls), 3);
	request(f->port, "GET", "/nocache", NULL, &r);
	buf_release(&r.raw);
	request(f->port, "GET", "/nocache", NULL, &r);
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.nocache_calls), 2);
	fixture_free(f);
}

static void test_http_head(void **state)
{
	struct fixture *f = fixture_new(1);
	char etag[64], v[64];
	struct reply r;

	(void)state;
	request(f->port, "HEAD", "/hello", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 0);
	snprintf(etag, sizeof(etag), "%zu", strlen(HELLO));
	assert_string_equal(header(&r, "Content-Length", v, sizeof(v)), etag);
	assert_non_null(header(&r, "ETag", etag, sizeof(etag)));
	buf_release(&r.raw);
	/* Now from the cache: still no body. */
	request(f->port, "HEAD", "/hello", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 0);
	assert_string_equal(header(&r, "ETag", v, sizeof(v)), etag);
	buf_release(&r.raw);
	request(f->port, "GET", "/hello", NULL, &r);
	assert_int_equal(r.body_len, strlen(HELLO));
	assert_string_equal(header(&r, "ETag", v, sizeof(v)), etag);
	buf_release(&r.raw);
	assert_int_equal(atomic_load(&f->app.hello_calls), 1);
	fixture_free(f);
}

static void test_http_threads_init_free(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	(void)state;
	config_init(f, 3);
	start(f);
	assert_int_equal(atomic_load(&f->app.inits), 3);
	http_stop(f->srv);
	assert_int_equal(atomic_load(&f->app.frees), 3);
	free(f);
	http_stop(NULL);
}

static void test_http_thread_init_fails(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err err = ERR_INIT;

	(void)state;
	config_init(f, 2);
	f->app.fail_init = true;
	assert_null(http_start(&f->cfg, &err));
	assert_int_equal(err.code, ERR_DB);
	assert_string_equal(err.msg, "cannot open the test database");
	free(f);
}

static void test_http_port_in_use(void **state)
{
	struct fixture *f = fixture_new(2);
	struct http_config cfg = f->cfg;
	struct err err = ERR_INIT;
	char listen[64];

	(void)state;
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", f->port);
	cfg.listen = listen;
	assert_null(http_start(&cfg, &err));
	assert_int_equal(err.code, ERR_IO);
	assert_non_null(strstr(err.msg, "is in use"));
	assert_non_null(strstr(err.msg, "--listen"));
	fixture_free(f);
}

static void test_http_bad_listen(void **state)
{
	static const char *const bad[] = {
	    "nonsense",	       "127.0.0.1",	"127.0.0.1:",
	    "127.0.0.1:99999", "127.0.0.1:80x", "[::1:80",
	    "example.org:80",  ":80",		NULL,
	};
	struct fixture *f = calloc(1, sizeof(*f));
	struct err err = ERR_INIT;
	size_t i;

	(void)state;
	config_init(f, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f->cfg.listen = bad[i];
		err_clear(&err);
		assert_null(http_start(&f->cfg, &err));
		/* Malformed is bad usage (exit 2), not a runtime failure. */
		assert_int_equal(err.code, ERR_INVALID);
		assert_non_null(strstr(err.msg, "--listen"));
	}
	/* An address this machine does not have. */
	f->cfg.listen = "192.0.2.1:8080";
	assert_null(http_start(&f->cfg, &err));
	assert_non_null(strstr(err.msg, "not an address of this machine"));
	assert_int_equal(atomic_load(&f->app.inits), 0);
	free(f);
}

static void test_http_ipv6(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err err = ERR_INIT;

	(void)state;
	config_init(f, 1);
	f->cfg.listen = "[::1]:0";
	f->srv = http_start(&f->cfg, &err);
	/* A machine without IPv6 loopback cannot run this test. */
	if (!f->srv) {
		free(f);
		skip();
		return;
	}
	assert_true(http_server_port(f->srv) > 0);
	fixture_free(f);
}

/* Runs one request with stderr sent to a file; returns what was logged. */
static char *logged_request(struct fixture *f, const char *target)
{
	char path[] = "/tmp/veikart-test-log-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	struct reply r;
	char *text = calloc(1, 4096);
	FILE *fp;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	request(f->port, "GET", target, "Cookie: session=SECRET\r\n", &r);
	buf_release(&r.raw);
	/* http_stop joins the workers, so the line is written by now. */
	http_stop(f->srv);
	f->srv = NULL;
	dup2(saved, 2);
	close(saved);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_true(fread(text, 1, 4095, fp) > 0);
	fclose(fp);
	close(fd);
	unlink(path);
	return text;
}

static void test_http_access_log(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *text;

	(void)state;
	config_init(f, 1);
	f->cfg.access_log = true;
	start(f);
	text = logged_request(f, "/items/a%22b?token=SECRET");
	assert_non_null(strstr(text, "method=GET path=/items/a%22b status=200 "
				     "bytes="));
	assert_non_null(strstr(text, "duration_us="));
	assert_non_null(strstr(text, "request_id="));
	assert_non_null(strstr(text, "remote=127.0.0.1"));
	assert_null(strstr(text, "SECRET"));
	assert_non_null(strchr(text, '\n'));
	free(text);
	free(f);
}

/* ---- units without a server ---- */

static void test_pct_decode(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(http_pct_decode("a%20b+c", 7, false, out), 5);
	assert_string_equal(out, "a b+c");
	assert_int_equal(http_pct_decode("a%20b+c", 7, true, out), 5);
	assert_string_equal(out, "a b c");
	assert_int_equal(http_pct_decode("%C3%A6%c3%b8", 12, false, out), 4);
	assert_string_equal(out, "æø");
	assert_int_equal(http_pct_decode("", 0, false, out), 0);
	assert_string_equal(out, "");
	assert_int_equal(http_pct_decode("%", 1, false, out), -1);
	assert_int_equal(http_pct_decode("%4", 2, false, out), -1);
	assert_int_equal(http_pct_decode("%4g", 3, false, out), -1);
	assert_int_equal(http_pct_decode("a%00", 4, false, out), -1);
	/* The length bounds the input, not a NUL. */
	assert_int_equal(http_pct_decode("ab%41", 2, false, out), 2);
	assert_string_equal(out, "ab");
}

static void test_query_parse(void **state)
{
	struct http_scratch s = HTTP_SCRATCH_INIT;
	struct http_request req;
	struct err err = ERR_INIT;
	const char *q = "a=1&&b=x+y%21&c&=v&a=2&d=";

	(void)state;
	memset(&req, 0, sizeof(req));
	http_scratch_reserve(&s, 2 * strlen(q) + 2 * HTTP_MAX_PARAMS);
	assert_int_equal(http_query_parse(q, &req, &s, &err), 0);
	assert_int_equal(req.nparams, 6);
	assert_string_equal(http_param(&req, "a"), "1");
	assert_string_equal(http_param(&req, "b"), "x y!");
	assert_string_equal(http_param(&req, "c"), "");
	assert_string_equal(http_param(&req, ""), "v");
	assert_string_equal(http_param(&req, "d"), "");
	assert_null(http_param(&req, "e"));
	assert_string_equal(req.params[4].value, "2");
	assert_int_equal(http_query_parse(NULL, &req, &s, &err), 0);
	assert_int_equal(req.nparams, 0);
	assert_int_equal(http_query_parse("a=%zz", &req, &s, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	http_scratch_release(&s);
}

static void test_etag(void **state)
{
	char etag[HTTP_ETAG_SIZE], other[HTTP_ETAG_SIZE];
	char list[128];

	(void)state;
	http_etag_compute("abc", 3, etag);
	http_etag_compute("abd", 3, other);
	assert_int_equal(strlen(etag), 34);
	assert_string_not_equal(etag, other);
	assert_true(http_etag_match(etag, etag));
	assert_true(http_etag_match("*", etag));
	snprintf(list, sizeof(list), "W/\"x\" ,  W/%s", etag);
	assert_true(http_etag_match(list, etag));
	assert_false(http_etag_match(other, etag));
	assert_false(http_etag_match("", etag));
	assert_false(http_etag_match("\"unterminated", etag));
	assert_false(http_etag_match("garbage", etag));
	/* A prefix of the tag is not the tag. */
	snprintf(list, sizeof(list), "%.20s\"", etag);
	assert_false(http_etag_match(list, etag));
}

static void test_problem(void **state)
{
	struct http_response resp;

	(void)state;
	http_response_init(&resp);
	buf_addstr(&resp.body, "partial");
	resp.cacheable = true;
	http_problem(&resp, ERR_URI_TOO_LONG, "Too \"long\".");
	assert_int_equal(resp.status, 414);
	assert_false(resp.cacheable);
	assert_string_equal(resp.content_type, "application/problem+json");
	assert_string_equal(buf_cstr(&resp.body),
			    "{\"type\":\"about:blank\",\"title\":\"URI Too "
			    "Long\",\"status\":414,\"detail\":\"Too "
			    "\\\"long\\\".\"}");
	/* A detail that is not UTF-8 is left out, not the problem. */
	http_problem(&resp, ERR_INVALID, "bad \xff");
	assert_int_equal(resp.status, 400);
	assert_null(strstr(buf_cstr(&resp.body), "detail"));
	http_response_release(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pct_decode),
	    cmocka_unit_test(test_query_parse),
	    cmocka_unit_test(test_etag),
	    cmocka_unit_test(test_problem),
	    cmocka_unit_test(test_http_hello),
	    cmocka_unit_test(test_http_params),
	    cmocka_unit_test(test_http_etag_304),
	    cmocka_unit_test(test_http_404_fallback),
	    cmocka_unit_test(test_http_405_allow),
	    cmocka_unit_test(test_http_post_body),
	    cmocka_unit_test(test_http_413),
	    cmocka_unit_test(test_http_414),
	    cmocka_unit_test(test_http_400_bad_input),
	    cmocka_unit_test(test_http_cache),
	    cmocka_unit_test(test_http_head),
	    cmocka_unit_test(test_http_threads_init_free),
	    cmocka_unit_test(test_http_thread_init_fails),
	    cmocka_unit_test(test_http_port_in_use),
	    cmocka_unit_test(test_http_bad_listen),
	    cmocka_unit_test(test_http_ipv6),
	    cmocka_unit_test(test_http_access_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
