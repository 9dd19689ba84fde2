/*
 * http/request.c: request parsing. It validates what libevent does not:
 * libevent's own decoders (evhttp_uridecode, evhttp_parse_query_str) pass
 * a malformed escape through unchanged and let "%00" cut a string short,
 * so one path could be spelled several ways. Here a bad escape or an
 * encoded NUL is a 400.
 *
 * Nothing here outlives the request: strings live in the worker's scratch
 * block (see request.h), the body in libevent's input buffer.
 */
#include "http/request.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "util/i18n.h"
#include "util/xalloc.h"

void http_scratch_reserve(struct http_scratch *s, size_t n)
{
	if (n > s->size) {
		free(s->mem);
		s->mem = xmalloc(n);
		s->size = n;
	}
	s->used = 0;
}

void http_scratch_release(struct http_scratch *s)
{
	free(s->mem);
	s->mem = NULL;
	s->size = 0;
	s->used = 0;
}

/* n bytes from the reserved block; running out is a sizing bug. */
static char *scratch_take(struct http_scratch *s, size_t n)
{
	char *p;

	assert(n <= s->size - s->used);
	p = s->mem + s->used;
	s->used += n;
	return p;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long http_pct_decode(const char *s, size_t len, bool plus, char *out)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+' && plus) {
			out[o++] = ' ';
		} else if (s[i] != '%') {
			out[o++] = s[i];
		} else {
			if (len - i < 3)
				return -1;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi | lo) == 0)
				return -1;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		}
	}
	out[o] = '\0';
	return (long)o;
}

/* Decodes one "name=value" piece into the next free parameter. */
static int query_piece(const char *piece, size_t len, struct http_request *req,
		       struct http_scratch *s, struct err *err)
{
	const char *eq = memchr(piece, '=', len);
	size_t nlen = eq ? (size_t)(eq - piece) : len;
	size_t vlen = eq ? len - nlen - 1 : 0;
	char *name, *value;

	if (req->nparams >= HTTP_MAX_PARAMS)
		return err_set(err, ERR_INVALID,
			       _("The query has more than %d parameters."),
			       HTTP_MAX_PARAMS);
	name = scratch_take(s, nlen + 1);
	value = scratch_take(s, vlen + 1);
	if (http_pct_decode(piece, nlen, true, name) < 0 ||
	    http_pct_decode(eq ? eq + 1 : "", vlen, true, value) < 0)
		return err_set(err, ERR_INVALID,
			       _("The query has an invalid percent-encoding."));
	req->params[req->nparams].name = name;
	req->params[req->nparams].value = value;
	req->nparams++;
	return 0;
}

int http_query_parse(const char *query, struct http_request *req,
		     struct http_scratch *s, struct err *err)
{
	const char *p = query;
	size_t len;

	req->nparams = 0;
	while (p && *p) {
		len = strcspn(p, "&");
		if (len && query_piece(p, len, req, s, err) < 0)
			return -1;
		p += len;
		if (*p == '&')
			p++;
	}
	return 0;
}

static enum http_method method_from_ev(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_HEAD:
		return HTTP_HEAD;
	case EVHTTP_REQ_POST:
		return HTTP_POST;
	case EVHTTP_REQ_PUT:
		return HTTP_PUT;
	case EVHTTP_REQ_PATCH:
		return HTTP_PATCH;
	case EVHTTP_REQ_DELETE:
		return HTTP_DELETE;
	case EVHTTP_REQ_OPTIONS:
		return HTTP_OPTIONS;
	default: /* the server allows no other method (server.c) */
		return HTTP_GET;
	}
}

/* Makes the body one NUL-terminated block inside libevent's buffer. */
static int request_body(struct http_request *req, struct evbuffer *in,
			struct err *err)
{
	size_t n = evbuffer_get_length(in);

	req->body = NULL;
	req->body_len = 0;
	if (!n)
		return 0;
	if (evbuffer_add(in, "", 1) < 0 || !evbuffer_pullup(in, -1))
		return err_set(err, ERR_INTERNAL,
			       _("Could not read the request body."));
	req->body = (const char *)evbuffer_pullup(in, -1);
	req->body_len = n;
	return 0;
}

static void request_remote(struct http_request *req, struct evhttp_request *ev)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(ev);
	char *addr = NULL;
	ev_uint16_t port = 0;

	if (conn)
		evhttp_connection_get_peer(conn, &addr, &port);
	req->remote_addr = addr ? addr : "-";
}

int http_request_parse(struct http_request *req, size_t max_uri,
		       struct http_scratch *s, struct err *err)
{
	struct evhttp_request *ev = req->ev;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	size_t ulen;
	char *dpath;

	req->uri = evhttp_request_get_uri(ev);
	req->method = method_from_ev(evhttp_request_get_command(ev));
	request_remote(req, ev);
	ulen = strlen(req->uri);
	if (ulen > max_uri)
		return err_set(err, ERR_URI_TOO_LONG,
			       _("The URI is longer than %zu bytes."), max_uri);
	if (!path || path[0] != '/')
		return err_set(err, ERR_INVALID,
			       _("The request target must be a path that "
				 "starts with '/'."));
	/* Decoding never lengthens; see http_query_parse for the rest. */
	http_scratch_reserve(s, 2 * ulen + 2 * HTTP_MAX_PARAMS +
				    HTTP_MAX_PATH_PARAMS + 16);
	dpath = scratch_take(s, strlen(path) + 1);
	if (http_pct_decode(path, strlen(path), false, dpath) < 0)
		return err_set(err, ERR_INVALID,
			       _("The path has an invalid percent-encoding."));
	req->path = dpath;
	if (http_query_parse(evhttp_uri_get_query(uri), req, s, err) < 0)
		return -1;
	return request_body(req, evhttp_request_get_input_buffer(ev), err);
}

void http_request_set_path_params(struct http_request *req,
				  const struct http_router_match *m,
				  struct http_scratch *s)
{
	size_t i;
	char *v;

	for (i = 0; i < m->nparams; i++) {
		v = scratch_take(s, m->params[i].len + 1);
		memcpy(v, req->path + m->params[i].off, m->params[i].len);
		v[m->params[i].len] = '\0';
		req->path_params[i] = v;
	}
	req->npath_params = m->nparams;
}

const char *http_header(const struct http_request *req, const char *name)
{
	if (!req->ev)
		return NULL;
	return evhttp_find_header(evhttp_request_get_input_headers(req->ev),
				  name);
}

const char *http_param(const struct http_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->nparams; i++)
		if (!strcmp(req->params[i].name, name))
			return req->params[i].value;
	return NULL;
}
