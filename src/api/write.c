/*
 * api/write.c: the write API. Each handler reads: authenticate, check the
 * media type, parse the JSON body, call service/write.h, render. It decides
 * nothing about access or validity (service/ does); its own part is HTTP:
 * media types (415), JSON syntax (400 with line and column), If-Match
 * turned into a write_guard, and the status of the answer.
 *
 * POST and PATCH answer with the item exactly as GET would send it (the
 * same bytes, so the same ETag), but without an ETag header: the server
 * adds ETags to GET and HEAD answers only. Clients take the ETag from a
 * GET (docs/api.md). Everything a handler allocates is freed before it
 * returns; the response owns its body.
 */
#include "api/write.h"

#include <string.h>
#include <strings.h>

#include "api/auth.h"
#include "api/render.h"
#include "http/respond.h"
#include "model/entity.h"
#include "model/value.h"
#include "service/app.h"
#include "service/write.h"
#include "util/i18n.h"
#include "util/parse.h"

#define WRITE_API_MAX_PROBLEMS 50

static int to_buf(const char *data, size_t size, void *arg)
{
	buf_add(arg, data, size);
	return 0;
}

void api_item_render(json_t *item, struct buf *out)
{
	/* api/render.c's dump(): keep the two identical (test_write.c). */
	json_dump_callback(item, to_buf, out,
			   JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_addch(out, '\n');
}

void api_item_etag(json_t *item, char out[HTTP_ETAG_SIZE])
{
	struct buf b = BUF_INIT;

	api_item_render(item, &b);
	http_etag_compute(buf_cstr(&b), b.len, out);
	buf_release(&b);
}

bool api_if_match(const char *h, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = h, *q;

	while (*p) {
		bool weak;

		p += strspn(p, " \t,");
		if (!*p)
			break;
		if (*p == '*')
			return true;
		weak = !strncmp(p, "W/", 2);
		if (weak)
			p += 2;
		if (*p != '"' || !(q = strchr(p + 1, '"')))
			return false;
		if (!weak && (size_t)(q + 1 - p) == elen &&
		    !memcmp(p, etag, elen))
			return true;
		p = q + 1;
	}
	return false;
}

static bool guard_matches(void *arg, json_t *item)
{
	char etag[HTTP_ETAG_SIZE];

	api_item_etag(item, etag);
	return api_if_match(arg, etag);
}

enum body_kind { BODY_NONE, BODY_JSON, BODY_MERGE_PATCH };

/* What one write request carries once its HTTP part is checked. */
struct write_call {
	struct app_thread *app;
	struct principal who;
	json_t *body;			/* NULL for DELETE */
	struct write_guard guard;	/* from If-Match; .matches NULL: none */
	struct write_result res;
	struct problems probs;
	struct err err;
};

/* True when the Content-Type's media type (parameters aside) is `want`. */
static bool media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (!ct)
		return false;
	ct += strspn(ct, " \t");
	if (strncasecmp(ct, want, n))
		return false;
	ct += n;
	ct += strspn(ct, " \t");
	return *ct == '\0' || *ct == ';';
}

static int check_media(const struct http_request *req, enum body_kind kind,
		       struct err *err)
{
	const char *ct = http_header(req, "Content-Type");

	if (media_is(ct, "application/json") ||
	    (kind == BODY_MERGE_PATCH &&
	     media_is(ct, "application/merge-patch+json")))
		return 0;
	return err_set(err, ERR_MEDIA_TYPE,
		       kind == BODY_MERGE_PATCH
			       ? _("send the patch as Content-Type "
				   "application/merge-patch+json (RFC 7396) or "
				   "application/json")
			       : _("send the body as Content-Type "
				   "application/json"));
}

static json_t *parse_body(const struct http_request *req, struct err *err)
{
	char quoted[PARSE_QUOTE_MAX];
	json_error_t jerr;
	json_t *v;

	if (!req->body || req->body_len == 0) {
		err_set(err, ERR_INVALID, _("the body is empty; send one JSON "
					    "object"));
		return NULL;
	}
	v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
		       &jerr);
	if (!v) {
		/* jansson's text may quote the input: make it safe to show. */
		parse_quote(jerr.text, quoted);
		err_set(err, ERR_INVALID,
			_("invalid JSON at line %d, column %d: %s"), jerr.line,
			jerr.column, quoted);
	}
	return v;
}

static int no_params(const struct http_request *req, struct err *err)
{
	if (!req->nparams)
		return 0;
	return err_set_field(err, ERR_INVALID, req->params[0].name,
			     _("unknown parameter; this resource takes none"));
}

/* The HTTP part of a write; call_end renders a failure. */
static int call_begin(struct http_request *req, enum body_kind kind,
		      struct write_call *c)
{
	const char *if_match = http_header(req, "If-Match");

	memset(c, 0, sizeof(*c));
	c->app = req->ctx;
	c->who = (struct principal)PRINCIPAL_ANONYMOUS;
	c->probs = (struct problems)PROBLEMS_INIT(WRITE_API_MAX_PROBLEMS);
	c->guard.matches = if_match ? guard_matches : NULL;
	c->guard.arg = (void *)if_match;
	if (api_authenticate(req, &c->who, &c->err) == 0 &&
	    service_write_signed_in(c->app->st, &c->who, &c->err) == 0 &&
	    no_params(req, &c->err) == 0 &&
	    (kind == BODY_NONE || (check_media(req, kind, &c->err) == 0 &&
				   (c->body = parse_body(req, &c->err)))))
		return 0;
	return -1;
}

/* Renders the outcome: the item with `status`, 204, or the problem. */
static void call_end(struct http_response *resp, struct write_call *c,
		     int rc, int status)
{
	if (rc < 0 && c->probs.n)
		api_problems(resp, &c->err, &c->probs);
	else if (rc < 0)
		api_problem(resp, &c->err);
	else if (c->res.item) {
		api_json(resp, c->res.item);
		resp->status = status;
	} else
		resp->status = 204;
	json_decref(c->body);
	write_result_release(&c->res);
	problems_release(&c->probs);
}

/* A path id that is not well-formed names nothing: 404, as for GET. */
static int path_id(const char *id, struct err *err)
{
	if (value_check_id(id, err) == 0)
		return 0;
	return err_set(err, ERR_NOT_FOUND, _("nothing has the id given in "
					     "the path"));
}

static const struct entity_desc *writable(const char *coll, struct err *err)
{
	const struct entity_desc *e = entity_find(coll);

	if (service_writable(e))
		return e;
	err_set(err, ERR_NOT_FOUND, _("there is no collection \"%s\" to write "
				      "to; see GET /api/v1"),
		coll);
	return NULL;
}

static void handle_create(struct http_request *req,
			  struct http_response *resp)
{
	struct write_call c;
	const struct entity_desc *e = NULL;
	int rc = -1;

	if (call_begin(req, BODY_JSON, &c) < 0)
		goto done;
	e = writable(req->path_params[0], &c.err);
	if (e)
		rc = service_create(c.app->st, &c.who, e, c.body, &c.res,
				    &c.probs, &c.err);
	if (rc == 0)
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/%s/%s", e->collection, c.res.id);
done:
	call_end(resp, &c, rc, 201);
}

static void handle_patch(struct http_request *req, struct http_response *resp)
{
	struct write_call c;
	const struct entity_desc *e = NULL;
	const char *id = req->path_params[1];
	int rc = -1;

	if (call_begin(req, BODY_MERGE_PATCH, &c) < 0)
		goto done;
	e = writable(req->path_params[0], &c.err);
	if (e && path_id(id, &c.err) == 0)
		rc = service_update(c.app->st, &c.who, e, id, c.body,
				    &c.guard, &c.res, &c.probs, &c.err);
done:
	call_end(resp, &c, rc, 200);
}

static void handle_delete(struct http_request *req,
			  struct http_response *resp)
{
	struct write_call c;
	const struct entity_desc *e = NULL;
	const char *id = req->path_params[1];
	int rc = -1;

	if (call_begin(req, BODY_NONE, &c) < 0)
		goto done;
	e = writable(req->path_params[0], &c.err);
	if (e && path_id(id, &c.err) == 0)
		rc = service_delete(c.app->st, &c.who, e, id, &c.guard,
				    &c.probs, &c.err);
done:
	call_end(resp, &c, rc, 204);
}

static void handle_item(struct http_request *req, struct http_response *resp)
{
	if (req->method == HTTP_DELETE)
		handle_delete(req, resp);
	else
		handle_patch(req, resp);
}

static void handle_milestone(struct http_request *req,
			     struct http_response *resp)
{
	struct write_call c;
	const char *measure = req->path_params[0];
	const char *milestone = req->path_params[1];
	int rc = -1;

	if (call_begin(req, BODY_MERGE_PATCH, &c) < 0)
		goto done;
	if (path_id(measure, &c.err) == 0 && path_id(milestone, &c.err) == 0)
		rc = service_milestone_update(c.app->st, &c.who, measure,
					      milestone, c.body, &c.guard,
					      &c.res, &c.probs, &c.err);
done:
	call_end(resp, &c, rc, 200);
}

static void handle_observation(struct http_request *req,
			       struct http_response *resp)
{
	struct write_call c;
	const char *indicator = req->path_params[0];
	int rc = -1;

	if (call_begin(req, BODY_JSON, &c) < 0)
		goto done;
	if (path_id(indicator, &c.err) == 0)
		rc = service_observation_add(
			c.app->st, &c.who, indicator, c.body,
			c.guard.matches ? &c.guard : NULL, &c.res, &c.probs,
			&c.err);
	if (rc == 0)
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/indicators/%s/observations", indicator);
done:
	call_end(resp, &c, rc, 201);
}

const struct http_route write_routes[] = {
	{ HTTP_PATCH, "/api/v1/measures/:id/milestones/:mid",
	  handle_milestone },
	{ HTTP_POST, "/api/v1/indicators/:id/observations",
	  handle_observation },
	{ HTTP_POST, "/api/v1/:collection", handle_create },
	{ HTTP_PATCH | HTTP_DELETE, "/api/v1/:collection/:id", handle_item },
};
const size_t write_nroutes = sizeof(write_routes) / sizeof(write_routes[0]);
