/*
 * http/respond.c: the single place that calls evhttp_send_reply, so every
 * request gets exactly one reply and every reply the same headers
 * (X-Content-Type-Options, X-Request-Id, and Vary for the API and pages).
 * It copies the body into libevent's output buffer, or hands it over by
 * reference when the reply says how to free it, and keeps no pointer
 * after returning.
 */
#include "http/respond.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>
#include <sodium.h>

#include "util/log.h"

#define HTTP_JSON "application/json; charset=utf-8"

void http_response_init(struct http_response *resp)
{
	resp->status = 200;
	resp->content_type = HTTP_JSON;
	buf_init(&resp->body, BUF_DEFAULT_CAP);
	resp->cacheable = false;
	resp->allow = NULL;
	resp->cache_control = NULL;
	resp->location[0] = '\0';
	resp->set_cookie[0] = '\0';
	resp->retry_after_s = 0;
}

void http_response_release(struct http_response *resp)
{
	buf_release(&resp->body);
}

void http_etag_compute(const char *body, size_t len, char out[HTTP_ETAG_SIZE])
{
	unsigned char hash[16];

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)body, len,
			   NULL, 0);
	out[0] = '"';
	sodium_bin2hex(out + 1, 2 * sizeof(hash) + 1, hash, sizeof(hash));
	out[HTTP_ETAG_SIZE - 2] = '"';
	out[HTTP_ETAG_SIZE - 1] = '\0';
}

bool http_etag_match(const char *inm, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = inm;
	const char *q;

	while (*p) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p != '"')
			return false;
		q = strchr(p + 1, '"');
		if (!q)
			return false;
		if ((size_t)(q + 1 - p) == elen && !memcmp(p, etag, elen))
			return true;
		p = q + 1;
	}
	return false;
}

void http_problem(struct http_response *resp, enum err_code code,
		  const char *detail)
{
	int status = err_http_status(code);
	json_t *o;
	char *s;

	/* "s?" so that a detail that is not UTF-8 drops out, not the body. */
	o = json_pack("{s:s, s:s, s:i, s:s?}", "type", "about:blank", "title",
		      err_title(code), "status", status, "detail", detail);
	if (!o)
		o = json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title",
			      err_title(code), "status", status);
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	buf_reset(&resp->body);
	buf_addstr(&resp->body, s ? s : "{}");
	free(s);
	json_decref(o);
	resp->status = status;
	resp->content_type = "application/problem+json";
	resp->cacheable = false;
}

/* Adds a header; a value libevent refuses (CR/LF) is dropped and logged. */
static void add_header(struct evkeyvalq *h, const char *name, const char *value,
		       const struct http_request *req)
{
	if (evhttp_add_header(h, name, value) < 0)
		log_error("msg=\"invalid response header dropped\" "
			  "header=%s request_id=%s",
			  name, req->request_id);
}

static void reply_headers(const struct http_request *req,
			  const struct http_reply *r, bool not_modified)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req->ev);
	char len[32];

	if (!not_modified)
		add_header(h, "Content-Type", r->content_type, req);
	if (r->cache_control)
		add_header(h, "Cache-Control", r->cache_control, req);
	if (r->etag)
		add_header(h, "ETag", r->etag, req);
	if (r->location && r->location[0])
		add_header(h, "Location", r->location, req);
	if (r->allow)
		add_header(h, "Allow", r->allow, req);
	if (r->set_cookie && r->set_cookie[0])
		add_header(h, "Set-Cookie", r->set_cookie, req);
	if (r->retry_after_s > 0) {
		snprintf(len, sizeof(len), "%d", r->retry_after_s);
		add_header(h, "Retry-After", len, req);
	}
	add_header(h, "X-Content-Type-Options", "nosniff", req);
	add_header(h, "X-Request-Id", req->request_id, req);
	/* An API answer may depend on who asks (drafts for signed-in
	 * readers, 401 for a stale cookie): a shared cache must not give one
	 * person's answer to another. */
	if (req->path && !strncmp(req->path, "/api/", 5))
		add_header(h, "Vary", "Authorization, Cookie", req);
	/* A page shows who is signed in (the header's user menu). */
	else if (req->path && strncmp(req->path, "/static/", 8))
		add_header(h, "Vary", "Cookie", req);
	/* libevent adds Content-Length only when it sends a body. */
	if (req->method == HTTP_HEAD && !not_modified) {
		snprintf(len, sizeof(len), "%zu", r->body_len);
		add_header(h, "Content-Length", len, req);
	}
}

/* Adds the body; by reference when r owns it. Returns the bytes added. */
static size_t add_body(struct evbuffer *out, const struct http_reply *r)
{
	if (!r->body_free)
		return evbuffer_add(out, r->body, r->body_len) == 0
			   ? r->body_len
			   : 0;
	if (evbuffer_add_reference(out, r->body, r->body_len, r->body_free,
				   r->body_arg) == 0)
		return r->body_len;
	/* Not added, so libevent will not call it. */
	r->body_free(r->body, r->body_len, r->body_arg);
	return 0;
}

/*
 * libevent 2.1 knows no phrase for some statuses we send and would say
 * "Client Error"; NULL lets it use its own table for the rest.
 */
static const char *reason_phrase(int status)
{
	switch (status) {
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	default:
		return NULL;
	}
}

size_t http_reply_send(const struct http_request *req,
		       const struct http_reply *r, int *sent)
{
	struct evhttp_request *ev = req->ev;
	const char *inm = NULL;
	bool not_modified = false;
	size_t bytes = 0;

	if (r->etag)
		inm = http_header(req, "If-None-Match");
	if (inm && http_etag_match(inm, r->etag))
		not_modified = true;
	reply_headers(req, r, not_modified);
	*sent = not_modified ? 304 : r->status;
	if (!not_modified && req->method != HTTP_HEAD && r->body_len)
		bytes = add_body(evhttp_request_get_output_buffer(ev), r);
	else if (r->body_free)
		r->body_free(r->body, r->body_len, r->body_arg);
	evhttp_send_reply(ev, *sent, reason_phrase(*sent), NULL);
	return bytes;
}
