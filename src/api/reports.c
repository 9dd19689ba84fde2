/*
 * api/reports.c: HTTP handlers of the reporting workflow (see reports.h).
 * Each handler reads: authenticate, check the parameters, the media type
 * and the JSON body, call service/report.h, render. Access, validation and
 * transitions are the service's business; this file owns only HTTP: 400
 * for malformed requests, 415, If-Match turned into a write_guard (the
 * same ETag comparison as the write API, api/write.h), 201 with Location,
 * and problem+json.
 *
 * Everything a handler allocates is freed before it returns; the response
 * owns its body. Public answers (statuses, periods, approved reports) are
 * marked cacheable: the server never caches a request that carries
 * credentials, so a signed-in view is never served to the public. Every
 * answer that depended on credentials - a signed-in view, a refused
 * credential, the private views (overview, to-do, closures) and every
 * write - is Cache-Control: private, no-store, so no other cache keeps it
 * either.
 */
#include "api/reports.h"

#include <string.h>
#include <strings.h>

#include "api/auth.h"
#include "api/render.h"
#include "api/write.h"
#include "formats/merge_patch.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/app.h"
#include "service/report.h"
#include "util/i18n.h"
#include "util/parse.h"

#define REPORT_API_MAX_PROBLEMS 50

enum body_kind { BODY_NONE, BODY_OPTIONAL, BODY_JSON, BODY_MERGE_PATCH };

/* What one request carries once its HTTP part is checked. */
struct call {
	struct app_thread *app;
	struct principal who;
	json_t *body;		/* NULL when none was sent */
	struct write_guard guard; /* from If-Match; matches NULL if none */
	struct problems probs;
	struct err err;
	char existing[STORE_ID_SIZE];	/* a create's conflicting report */
	bool private_view;	/* depends on who asks: never cached */
};

#define API_PRIVATE "private, no-store"

static bool guard_matches(void *arg, json_t *item)
{
	char etag[HTTP_ETAG_SIZE];

	api_item_etag(item, etag);
	return api_if_match(arg, etag);
}

/* True when the Content-Type's media type (parameters aside) is `want`. */
static bool media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (!ct)
		return false;
	ct += strspn(ct, " \t");
	if (strncasecmp(ct, want, n))
		return false;
	ct += n + strspn(ct + n, " \t");
	return *ct == '\0' || *ct == ';';
}

static int parse_body(const struct http_request *req, enum body_kind kind,
		      json_t **out, struct err *err)
{
	const char *ct = http_header(req, "Content-Type");
	char quoted[PARSE_QUOTE_MAX];
	json_error_t jerr;

	*out = NULL;
	if (!req->body || req->body_len == 0)
		return kind == BODY_OPTIONAL
			       ? 0
			       : err_set(err, ERR_INVALID,
					 _("the body is empty; send one JSON "
					   "object"));
	if (!media_is(ct, "application/json") &&
	    !(kind == BODY_MERGE_PATCH &&
	      media_is(ct, "application/merge-patch+json")))
		return err_set(err, ERR_MEDIA_TYPE,
			       _("send the body as Content-Type "
				 "application/json"));
	*out = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
			  &jerr);
	if (!*out) {
		parse_quote(jerr.text, quoted);
		return err_set(err, ERR_INVALID,
			       _("invalid JSON at line %d, column %d: %s"),
			       jerr.line, jerr.column, quoted);
	}
	if (!json_is_object(*out) || merge_patch_too_deep(*out))
		return err_set(err, ERR_INVALID,
			       _("the body must be one JSON object, nested "
				 "at most %d levels"),
			       LIMIT_JSON_DEPTH);
	return 0;
}

/*
 * Query parameters: only those in `allowed` (NULL-ended), each once and
 * at most LIMIT_QUERY_PARAM_BYTES long.
 */
static int check_params(const struct http_request *req,
			const char *const *allowed, struct err *err)
{
	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;
		bool known = false;

		for (size_t k = 0; allowed[k] && !known; k++)
			known = !strcmp(allowed[k], name);
		if (!known)
			return err_set_field(err, ERR_INVALID, name,
					     _("unknown parameter"));
		for (size_t k = 0; k < i; k++)
			if (!strcmp(req->params[k].name, name))
				return err_set_field(err, ERR_INVALID, name,
						     _("given more than once"));
		if (strlen(req->params[i].value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, name,
					     _("too long"));
	}
	return 0;
}

static const char *const no_params[] = { NULL };

/* The HTTP part of a request; call_end renders what came of it. */
static int call_begin(struct http_request *req, enum body_kind kind,
		      const char *const *params, struct call *c)
{
	const char *if_match = http_header(req, "If-Match");

	memset(c, 0, sizeof(*c));
	c->app = req->ctx;
	c->who = (struct principal)PRINCIPAL_ANONYMOUS;
	c->probs = (struct problems)PROBLEMS_INIT(REPORT_API_MAX_PROBLEMS);
	c->guard.matches = if_match ? guard_matches : NULL;
	c->guard.arg = (void *)if_match;
	/* Writes and refused credentials are one person's business. */
	c->private_view = req->method != HTTP_GET && req->method != HTTP_HEAD;
	if (api_authenticate(req, &c->who, &c->err) < 0) {
		c->private_view = true;
		return -1;
	}
	if (check_params(req, params ? params : no_params, &c->err) < 0)
		return -1;
	if (kind == BODY_NONE)
		return 0;
	return parse_body(req, kind, &c->body, &c->err);
}

/* A 409 for a duplicate report names the existing one. */
static void conflict_existing(struct http_response *resp, struct call *c)
{
	char href[STORE_ID_SIZE + 32];
	json_t *body;

	snprintf(href, sizeof(href), "/api/v1/reports/%s", c->existing);
	body = json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", "about:blank",
			 "title", err_title(c->err.code), "status",
			 err_http_status(c->err.code), "detail", c->err.msg,
			 "existing", href);
	api_json(resp, body);
	resp->status = err_http_status(c->err.code);
	resp->content_type = "application/problem+json";
	snprintf(resp->location, sizeof(resp->location), "%s", href);
	json_decref(body);
}

/* Renders `out` (stolen) with `status`, or the failure. */
static void call_end(struct http_response *resp, struct call *c, json_t *out,
		     int status)
{
	if (c->private_view || c->who.user_id) {
		resp->cache_control = API_PRIVATE;
		resp->cacheable = false;
	}
	if (out) {
		api_json(resp, out);
		resp->status = status;
	} else if (c->err.code == ERR_CONFLICT && c->existing[0]) {
		conflict_existing(resp, c);
	} else if (c->probs.n) {
		api_problems(resp, &c->err, &c->probs);
	} else {
		api_problem(resp, &c->err);
	}
	json_decref(out);
	json_decref(c->body);
	problems_release(&c->probs);
}

/* A path id that is not well-formed names nothing: 404, as for GET. */
static int path_id(const char *id, struct err *err)
{
	if (value_check_id(id, NULL) == 0)
		return 0;
	return err_set(err, ERR_NOT_FOUND,
		       _("nothing has the id given in the path"));
}

/* Statuses and periods. */

static void handle_statuses(struct http_request *req,
			    struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0)
		out = service_statuses();
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

static void handle_periods(struct http_request *req,
			   struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0)
		out = service_period_list(c.app->st, &c.err);
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

static void handle_period_open(struct http_request *req,
			       struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_JSON, NULL, &c) == 0)
		out = service_period_open(c.app->st, &c.who, c.body, &c.probs,
					  &c.err);
	if (out)
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/periods/%s",
			 json_string_value(json_object_get(out, "id")));
	call_end(resp, &c, out, 201);
}

static void handle_period(struct http_request *req,
			  struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0)
		out = service_period_get(c.app->st, req->path_params[0],
					 &c.err);
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

static void handle_period_close(struct http_request *req,
				struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_OPTIONAL, NULL, &c) == 0) {
		if (c.body && json_object_size(c.body))
			err_set(&c.err, ERR_INVALID,
				_("closing a period takes no fields"));
		else
			out = service_period_close(c.app->st, &c.who,
						   req->path_params[0],
						   &c.err);
	}
	call_end(resp, &c, out, 200);
}

static void handle_overview(struct http_request *req,
			    struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0)
		out = service_overview(c.app->st, &c.who, req->path_params[0],
				       NULL, &c.err);
	if (!out && c.err.code == ERR_INVALID &&
	    !strcmp(c.err.field, "period")) {
		c.err.code = ERR_NOT_FOUND;	/* a malformed period id */
		c.err.field[0] = '\0';
	}
	c.private_view = true;
	call_end(resp, &c, out, 200);
}

static void handle_todo(struct http_request *req, struct http_response *resp)
{
	static const char *const params[] = { "period", NULL };
	const char *period = http_param(req, "period");
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, params, &c) == 0) {
		if (!period)
			err_set_field(&c.err, ERR_INVALID, "period",
				      _("give the period: ?period=2025-T2"));
		else
			out = service_todo(c.app->st, &c.who, period, &c.err);
	}
	c.private_view = true;
	call_end(resp, &c, out, 200);
}

/* Reports. */

static void handle_report_create(struct http_request *req,
				 struct http_response *resp)
{
	const char *measure = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_JSON, NULL, &c) == 0 &&
	    path_id(measure, &c.err) == 0)
		out = service_report_create(c.app->st, &c.who, measure, c.body,
					    c.existing, &c.probs, &c.err);
	if (out)
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/reports/%s",
			 json_string_value(json_object_get(out, "id")));
	call_end(resp, &c, out, 201);
}

static void handle_report(struct http_request *req,
			  struct http_response *resp)
{
	const char *id = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0 &&
	    path_id(id, &c.err) == 0)
		out = service_report_get(c.app->st, &c.who, id, &c.err);
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

static void handle_report_patch(struct http_request *req,
				struct http_response *resp)
{
	const char *id = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_MERGE_PATCH, NULL, &c) == 0 &&
	    path_id(id, &c.err) == 0)
		out = service_report_update(c.app->st, &c.who, id, c.body,
					    &c.guard, &c.probs, &c.err);
	call_end(resp, &c, out, 200);
}

static void report_act(struct http_request *req, struct http_response *resp,
		       enum report_action action)
{
	const char *id = req->path_params[0];
	bool needs_body = action == REPORT_RETURN || action == REPORT_REOPEN;
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, needs_body ? BODY_JSON : BODY_OPTIONAL, NULL,
		       &c) == 0 &&
	    path_id(id, &c.err) == 0)
		out = service_report_act(c.app->st, &c.who, id, action, c.body,
					 &c.guard, &c.probs, &c.err);
	call_end(resp, &c, out, 200);
}

static void handle_submit(struct http_request *req,
			  struct http_response *resp)
{
	report_act(req, resp, REPORT_SUBMIT);
}

static void handle_approve(struct http_request *req,
			   struct http_response *resp)
{
	report_act(req, resp, REPORT_APPROVE);
}

static void handle_return(struct http_request *req,
			  struct http_response *resp)
{
	report_act(req, resp, REPORT_RETURN);
}

static void handle_reopen(struct http_request *req,
			  struct http_response *resp)
{
	report_act(req, resp, REPORT_REOPEN);
}

static void handle_report_history(struct http_request *req,
				  struct http_response *resp)
{
	const char *id = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0 &&
	    path_id(id, &c.err) == 0)
		out = service_report_history(c.app->st, &c.who, id, &c.err);
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

static void handle_measure_history(struct http_request *req,
				   struct http_response *resp)
{
	const char *measure = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0 &&
	    path_id(measure, &c.err) == 0)
		out = service_measure_history(c.app->st, &c.who, measure,
					      &c.err);
	resp->cacheable = out != NULL;
	call_end(resp, &c, out, 200);
}

/* Closures. */

static void handle_closure_propose(struct http_request *req,
				   struct http_response *resp)
{
	const char *measure = req->path_params[0];
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_JSON, NULL, &c) == 0 &&
	    path_id(measure, &c.err) == 0)
		out = service_closure_propose(c.app->st, &c.who, measure,
					      c.body, &c.probs, &c.err);
	if (out)
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/closures/%lld",
			 (long long)json_integer_value(
				 json_object_get(out, "id")));
	call_end(resp, &c, out, 201);
}

static void closure_decide(struct http_request *req,
			   struct http_response *resp, bool confirm)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, confirm ? BODY_OPTIONAL : BODY_JSON, NULL, &c) ==
	    0)
		out = service_closure_decide(c.app->st, &c.who,
					     req->path_params[0], confirm,
					     c.body, &c.probs, &c.err);
	call_end(resp, &c, out, 200);
}

static void handle_confirm(struct http_request *req,
			   struct http_response *resp)
{
	closure_decide(req, resp, true);
}

static void handle_refuse(struct http_request *req,
			  struct http_response *resp)
{
	closure_decide(req, resp, false);
}

static void handle_closures(struct http_request *req,
			    struct http_response *resp)
{
	static const char *const params[] = { "state", NULL };
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, params, &c) == 0)
		out = service_closure_list(c.app->st, &c.who,
					   http_param(req, "state"), &c.err);
	c.private_view = true;
	call_end(resp, &c, out, 200);
}

static void handle_closure(struct http_request *req,
			   struct http_response *resp)
{
	struct call c;
	json_t *out = NULL;

	if (call_begin(req, BODY_NONE, NULL, &c) == 0)
		out = service_closure_get(c.app->st, &c.who,
					  req->path_params[0], &c.err);
	c.private_view = true;
	call_end(resp, &c, out, 200);
}

const struct http_route api_report_routes[] = {
	{ HTTP_GET, "/api/v1/statuses", handle_statuses },
	{ HTTP_GET, "/api/v1/periods", handle_periods },
	{ HTTP_POST, "/api/v1/periods", handle_period_open },
	{ HTTP_GET, "/api/v1/periods/:id", handle_period },
	{ HTTP_POST, "/api/v1/periods/:id/close", handle_period_close },
	{ HTTP_GET, "/api/v1/periods/:id/overview", handle_overview },
	{ HTTP_GET, "/api/v1/me/todo", handle_todo },
	{ HTTP_POST, "/api/v1/measures/:id/reports", handle_report_create },
	{ HTTP_GET, "/api/v1/measures/:id/history", handle_measure_history },
	{ HTTP_POST, "/api/v1/measures/:id/closure", handle_closure_propose },
	{ HTTP_GET, "/api/v1/reports/:id", handle_report },
	{ HTTP_PATCH, "/api/v1/reports/:id", handle_report_patch },
	{ HTTP_GET, "/api/v1/reports/:id/history", handle_report_history },
	{ HTTP_POST, "/api/v1/reports/:id/submit", handle_submit },
	{ HTTP_POST, "/api/v1/reports/:id/approve", handle_approve },
	{ HTTP_POST, "/api/v1/reports/:id/return", handle_return },
	{ HTTP_POST, "/api/v1/reports/:id/reopen", handle_reopen },
	{ HTTP_GET, "/api/v1/closures", handle_closures },
	{ HTTP_GET, "/api/v1/closures/:id", handle_closure },
	{ HTTP_POST, "/api/v1/closures/:id/confirm", handle_confirm },
	{ HTTP_POST, "/api/v1/closures/:id/refuse", handle_refuse },
};
const size_t api_report_nroutes =
	sizeof(api_report_routes) / sizeof(api_report_routes[0]);
