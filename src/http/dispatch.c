/*
 * http/dispatch.c: serving one request on a worker: parse, answer from the
 * per-thread cache or route to a handler (or the fallback), send the one
 * reply, write the access log line. Runs only in the worker's thread.
 *
 * It must not log bodies, cookies, Authorization or the query string
 * (which may carry a token): the access log has the path only.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "http/cache.h"
#include "http/request.h"
#include "http/respond.h"
#include "http/router.h"
#include "http/worker.h"
#include "util/i18n.h"
#include "util/log.h"

#define HTTP_JSON "application/json; charset=utf-8"

/* What the dispatcher needs to know across the steps of one request. */
struct dispatch {
	struct http_worker *w;
	struct http_request req;
	struct http_response resp;
	bool use_cache;
	uint64_t version;
	char allow[64];
};

static void request_begin(struct dispatch *d, struct evhttp_request *ev)
{
	struct http_worker *w = d->w;

	memset(&d->req, 0, sizeof(d->req));
	d->req.ev = ev;
	d->req.ctx = w->ctx;
	d->req.uri = "";
	d->req.method = HTTP_GET;
	d->req.remote_addr = "-";
	snprintf(d->req.request_id, sizeof(d->req.request_id), "%016llx",
		 (unsigned long long)(w->id_prefix |
				      (w->nrequests++ & 0xffffffffULL)));
	http_response_init(&d->resp);
}

/* Routes to the handler, or the fallback with 404 or 405 and Allow. */
static void route(struct dispatch *d)
{
	const struct http_config *cfg = d->w->cfg;
	struct http_router_match m;
	int rc;

	rc = http_router_match(cfg->routes, cfg->nroutes, d->req.path,
			       d->req.method, &m);
	if (rc == 200) {
		http_request_set_path_params(&d->req, &m, &d->w->scratch);
		m.route->handler(&d->req, &d->resp);
		return;
	}
	d->resp.status = rc;
	if (rc == 405) {
		http_router_allow(m.allowed, d->allow, sizeof(d->allow));
		d->resp.allow = d->allow;
	}
	if (cfg->fallback)
		cfg->fallback(&d->req, &d->resp, rc);
	else if (rc == 405)
		http_problem(&d->resp, ERR_METHOD,
			     _("This resource does not take that method."));
	else
		http_problem(&d->resp, ERR_NOT_FOUND,
			     _("There is nothing at this address."));
}

/* Turns a response a handler got wrong into a 500 rather than a crash. */
static void response_check(struct dispatch *d)
{
	struct http_response *resp = &d->resp;

	if (resp->body.failed) {
		log_error("msg=\"response body passed its cap\" request_id=%s",
			  d->req.request_id);
		http_problem(resp, ERR_INTERNAL,
			     _("The response was too large to send."));
	} else if (resp->status < 200 || resp->status > 599) {
		log_error("msg=\"handler set an invalid status\" status=%d "
			  "request_id=%s",
			  resp->status, d->req.request_id);
		http_problem(resp, ERR_INTERNAL,
			     _("The server made an error."));
	}
	if (!resp->content_type)
		resp->content_type = HTTP_JSON;
}

/* evbuffer cleanup for a body sent straight from the cache. */
static void unpin_body(const void *body, size_t len, void *arg)
{
	(void)body;
	(void)len;
	http_cache_unpin(arg);
}

/* evbuffer cleanup for a body taken from an http_response. */
static void free_body(const void *body, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)body);
}

static size_t send_cached(struct dispatch *d, const struct http_cache_entry *e,
			  int *sent)
{
	struct http_reply r = {
	    .status = e->status,
	    .content_type = e->content_type,
	    .cache_control = e->cache_control,
	    .etag = e->etag,
	    .body = e->body,
	    .body_len = e->body_len,
	    .body_free = unpin_body,
	    .body_arg = (void *)e,
	};

	/* The entry may be evicted while libevent still sends its body. */
	http_cache_pin(e);
	return http_reply_send(&d->req, &r, sent);
}

/* Puts a copy in the cache and sends that, so the body is copied once. */
static bool send_via_cache(struct dispatch *d, struct http_reply *r,
			   size_t *bytes, int *sent)
{
	struct http_cache_entry e = {
	    .status = r->status,
	    .content_type = r->content_type,
	    .cache_control = r->cache_control,
	    .body = r->body,
	    .body_len = r->body_len,
	};
	const struct http_cache_entry *got;

	memcpy(e.etag, r->etag, sizeof(e.etag));
	if (http_cache_put(d->w->cache, d->req.uri, d->version, &e) < 0)
		return false;
	got = http_cache_get(d->w->cache, d->req.uri, d->version);
	if (!got)
		return false;
	*bytes = send_cached(d, got, sent);
	return true;
}

/* Sends the handler's response, keeping a copy in the cache if allowed. */
static size_t send_response(struct dispatch *d, int *sent)
{
	struct http_response *resp = &d->resp;
	struct http_reply r = {
	    .status = resp->status,
	    .content_type = resp->content_type,
	    .cache_control = resp->cache_control,
	    .allow = resp->allow,
	    .location = resp->location,
	    .set_cookie = resp->set_cookie,
	    .retry_after_s = resp->retry_after_s,
	    .body = buf_cstr(&resp->body),
	    .body_len = resp->body.len,
	};
	char etag[HTTP_ETAG_SIZE];
	size_t bytes;

	if (r.status == 200 &&
	    (d->req.method == HTTP_GET || d->req.method == HTTP_HEAD)) {
		http_etag_compute(r.body, r.body_len, etag);
		r.etag = etag;
		/* A reply that sets a cookie is one person's: never cached. */
		if (d->use_cache && resp->cacheable && !resp->set_cookie[0] &&
		    send_via_cache(d, &r, &bytes, sent))
			return bytes;
	}
	if (resp->body.len) {
		/* libevent frees the body once sent: no copy. */
		r.body = buf_detach(&resp->body, NULL);
		r.body_free = free_body;
	}
	return http_reply_send(&d->req, &r, sent);
}

/*
 * Whether the request is made on someone's behalf. A false positive (a
 * cookie that merely contains the name) only costs a cache miss.
 */
static bool carries_credentials(const struct http_request *req,
				const struct http_config *cfg)
{
	const char *cookie;

	if (http_header(req, "Authorization"))
		return true;
	cookie = cfg->session_cookie ? http_header(req, "Cookie") : NULL;
	return cookie && strstr(cookie, cfg->session_cookie);
}

/* Answers a parsed request; returns the body bytes sent. */
static size_t serve(struct dispatch *d, int *sent)
{
	const struct http_config *cfg = d->w->cfg;
	const struct http_cache_entry *e;

	d->use_cache =
	    (d->req.method == HTTP_GET || d->req.method == HTTP_HEAD) &&
	    cfg->data_version && cfg->cache_bytes &&
	    !carries_credentials(&d->req, cfg);
	if (d->use_cache) {
		/* Read once: a write in the handler makes the copy stale. */
		d->version = cfg->data_version(d->w->ctx);
		e = http_cache_get(d->w->cache, d->req.uri, d->version);
		if (e)
			return send_cached(d, e, sent);
	}
	route(d);
	response_check(d);
	return send_response(d, sent);
}

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_HEAD:
		return "HEAD";
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	case HTTP_OPTIONS:
		return "OPTIONS";
	}
	return "-";
}

/*
 * The raw path, without the query, made safe for a key=value line: bytes
 * outside printable ASCII and '"' and '\\' become %XX, and a long path is
 * cut with "...".
 */
static void log_path(const char *uri, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	unsigned char c;

	/* Room for one escape, "..." and the NUL is kept at every step. */
	assert(size >= 8);
	for (; *uri && *uri != '?' && o + 7 < size; uri++) {
		c = (unsigned char)*uri;
		if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '%';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	if (*uri && *uri != '?') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (!o)
		out[o++] = '-';
	out[o] = '\0';
}

static void access_log(const struct dispatch *d, int status, size_t bytes,
		       const struct timespec *t0)
{
	char line[1024], when[32], path[512];
	struct timespec t1, now;
	long long us;
	struct tm tm;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_REALTIME, &now);
	us = (long long)(t1.tv_sec - t0->tv_sec) * 1000000 +
	     (t1.tv_nsec - t0->tv_nsec) / 1000;
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	log_path(d->req.uri, path, sizeof(path));
	n = snprintf(line, sizeof(line),
		     "time=%s.%03ldZ method=%s path=%s status=%d bytes=%zu "
		     "duration_us=%lld request_id=%s remote=%s",
		     when, now.tv_nsec / 1000000, method_name(d->req.method),
		     path, status, bytes, us, d->req.request_id,
		     d->req.remote_addr);
	if (n > 0)
		log_line(line, (size_t)n < sizeof(line) ? (size_t)n
							: sizeof(line) - 1);
}

void http_dispatch(struct evhttp_request *ev, void *arg)
{
	struct http_worker *w = arg;
	struct dispatch d = {.w = w};
	struct err err = ERR_INIT;
	struct timespec t0;
	size_t bytes;
	int sent = 0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	request_begin(&d, ev);
	rc = http_request_parse(&d.req, w->cfg->max_uri, &w->scratch, &err);
	if (rc < 0) {
		http_problem(&d.resp, err.code, err.msg);
		bytes = send_response(&d, &sent);
	} else {
		bytes = serve(&d, &sent);
	}
	if (w->cfg->access_log)
		access_log(&d, sent, bytes, &t0);
	http_response_release(&d.resp);
}
