/*
 * http/http.h: the HTTP server (libevent evhttp). One event base and one
 * evhttp per worker thread, all listening on the same port with
 * SO_REUSEPORT. Each thread owns a context made by cfg->thread_init (for
 * example its own database connection) and a cache of rendered responses
 * keyed on the request URI and the data version that every write bumps.
 *
 * The server knows nothing about veikart's data: it parses the request,
 * matches a route, calls the handler and sends exactly one reply. Handlers
 * fill a struct http_response; the server adds ETag (a hash of the body),
 * answers If-None-Match with 304, applies limits and writes the access log.
 *
 * Ownership: everything in struct http_request is borrowed and valid only
 * during the handler call. The handler owns nothing it did not allocate;
 * resp->body is released by the server after sending.
 */
#ifndef VEIKART_HTTP_HTTP_H
#define VEIKART_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
};

#define HTTP_MAX_PARAMS 32
#define HTTP_MAX_PATH_PARAMS 4

struct http_param {
	const char *name;	/* percent-decoded */
	const char *value;	/* percent-decoded, '+' as space */
};

struct http_request {
	enum http_method method;
	const char *uri;	/* as received: path and query */
	const char *path;	/* percent-decoded path, no query */
	struct http_param params[HTTP_MAX_PARAMS];	/* query parameters */
	size_t nparams;
	/* Values of the ":name" segments of the matched route, in order. */
	const char *path_params[HTTP_MAX_PATH_PARAMS];
	size_t npath_params;
	const char *body;	/* NUL-terminated; NULL when empty */
	size_t body_len;
	const char *remote_addr;
	char request_id[17];	/* 16 hex digits, also in the access log */
	void *ctx;		/* the thread context from cfg->thread_init */
	void *ev;		/* the evhttp_request, for http_header() */
};

struct http_response {
	int status;			/* default 200 */
	const char *content_type;	/* static string; default JSON */
	struct buf body;
	bool cacheable;		/* may be kept in the per-thread cache */
	const char *allow;	/* Allow header for 405; static string */
	const char *cache_control;	/* static string or NULL */
	char location[512];	/* Location header when non-empty */
	/* Set-Cookie header when non-empty (one cookie: the session's). */
	char set_cookie[256];
	int retry_after_s;	/* Retry-After header (seconds) when > 0 */
};

typedef void (*http_handler_fn)(struct http_request *req,
				struct http_response *resp);

/*
 * A route: `pattern` is a path whose segments are literal or ":name"
 * (matching one non-empty segment); a final "*" matches any rest.
 * `methods` is a mask of enum http_method; GET routes also answer HEAD.
 */
struct http_route {
	unsigned methods;
	const char *pattern;
	http_handler_fn handler;
};

/*
 * A limit left at 0 takes the default below. max_uri should stay below
 * max_headers: libevent counts the request line as a header and answers
 * a line longer than max_headers itself, before veikart sees it.
 */
#define HTTP_DEFAULT_MAX_BODY ((size_t)1 << 20)		/* 1 MiB */
#define HTTP_DEFAULT_MAX_HEADERS ((size_t)16 << 10)	/* 16 KiB */
#define HTTP_DEFAULT_MAX_URI ((size_t)8 << 10)		/* 8 KiB */
#define HTTP_DEFAULT_TIMEOUT_S 30

struct http_config {
	const char *listen;	/* "127.0.0.1:8080", "[::1]:8080"; port 0 picks one */
	int threads;		/* worker threads, >= 1 */
	size_t max_body;	/* bytes; larger bodies get 413 */
	size_t max_headers;	/* bytes of all headers; larger get 413/400 */
	size_t max_uri;		/* bytes; longer URIs get 414 */
	int timeout_s;		/* read/write timeout per connection */
	/*
	 * Response cache budget per thread; 0 turns the cache off. Only GET
	 * (and HEAD) responses with status 200 and resp->cacheable are kept,
	 * keyed on the URI alone: a handler whose body depends on anything
	 * else (the session, a cookie, a header) must leave cacheable false.
	 */
	size_t cache_bytes;
	bool access_log;
	/*
	 * Requests that carry credentials (an Authorization header, or this
	 * cookie when not NULL) never use the response cache: what a
	 * signed-in user sees may differ from the public view.
	 */
	const char *session_cookie;

	const struct http_route *routes;
	size_t nroutes;
	/*
	 * Called when no route matches (status 404) or the path matches but
	 * not the method (status 405, resp->allow already set). Renders the
	 * error body (problem+json or a page).
	 */
	void (*fallback)(struct http_request *req, struct http_response *resp,
			 int status);

	void *app;	/* passed to thread_init */
	/*
	 * Called once in each worker thread before it serves; returns the
	 * thread's context (req->ctx) or NULL with err set. When NULL itself,
	 * every thread uses `app` as its context.
	 */
	void *(*thread_init)(void *app, struct err *err);
	void (*thread_free)(void *ctx);	/* in the same thread, at exit */
	/*
	 * The data version seen by this thread's context; cache key part,
	 * read once per request. NULL turns the response cache off.
	 */
	uint64_t (*data_version)(void *ctx);
};

struct http_server;

/*
 * Binds, starts cfg->threads workers and blocks until SIGINT or SIGTERM,
 * then stops accepting, lets requests in flight finish and returns 0.
 * Returns -1 with err set when the address is bad or in use (ERR_IO) or a
 * thread context cannot be made.
 */
int http_serve(const struct http_config *cfg, struct err *err);

/*
 * The parts of http_serve, for tests and embedding. http_start binds (the
 * error is reported here, synchronously), starts the workers, waits until
 * each has made its context and returns without blocking; NULL with err
 * set as for http_serve. cfg must outlive the server. The caller frees the
 * result with http_stop, which stops accepting, lets requests in flight
 * finish, joins the workers and frees everything; http_stop(NULL) is a
 * no-op. http_start ignores SIGPIPE for the whole process: a client that
 * hangs up must not kill the server.
 */
struct http_server *http_start(const struct http_config *cfg,
			       struct err *err);
/* The bound port; tells which one the kernel picked for port 0. */
int http_server_port(const struct http_server *srv);
void http_stop(struct http_server *srv);

/* The value of request header `name` (case-insensitive), or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* The first query parameter called `name`, or NULL. */
const char *http_param(const struct http_request *req, const char *name);

/* Resets resp to its defaults (status 200, JSON, empty body). */
void http_response_init(struct http_response *resp);
void http_response_release(struct http_response *resp);

#endif
