/*
 * api/analysis.c: HTTP handlers of the analysis API (see analysis.h).
 * Each reads: authenticate (api_authenticate, which also checks the CSRF
 * token of a cookie-authenticated PUT), check the parameters or the body,
 * call service/analysis.h, render. Anything a handler allocates is freed
 * before it returns. A public list is cacheable (the server never caches a
 * request that carries credentials, and every mark bumps the data
 * version); a mark and one finding with its mark are private.
 */
#include "api/analysis.h"

#include <string.h>
#include <strings.h>

#include "api/auth.h"
#include "api/params.h"
#include "api/render.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/analysis.h"
#include "service/app.h"
#include "util/i18n.h"
#include "util/parse.h"

#define API_PRIVATE "private, no-store"

struct list_params {
	struct analysis_query q;
	const char *lang;
	int64_t limit, offset;
};

/* Each name of a comma-separated list through parse into *mask. */
static int names(const char *v, int (*parse)(const char *), unsigned *mask,
		 const char *what, struct err *err)
{
	char buf[LIMIT_QUERY_PARAM_BYTES + 1];
	char *save = NULL;

	snprintf(buf, sizeof(buf), "%s", v);
	for (char *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int k = parse(tok);

		if (k < 0)
			return err_set(err, ERR_INVALID,
				       _("unknown %s; see docs/analysis.md "
					 "for the list"),
				       what);
		*mask |= 1u << k;
	}
	return 0;
}

static int lang_param(const char *v, const char **out, struct err *err)
{
	if (strcmp(v, "nb") && strcmp(v, "nn") && strcmp(v, "en"))
		return err_set(err, ERR_INVALID, _("expected nb, nn or en"));
	*out = v;
	return 0;
}

static int set_param(const char *name, const char *v, void *arg,
		     struct err *err)
{
	struct list_params *p = arg;
	int st;

	if (!strcmp(name, "kind"))
		return names(v, finding_kind_parse, &p->q.kinds, "kind", err);
	if (!strcmp(name, "severity"))
		return names(v, finding_severity_parse, &p->q.severities,
			     "severity", err);
	if (!strcmp(name, "lang"))
		return lang_param(v, &p->lang, err);
	if (!strcmp(name, "limit"))
		return parse_int64(v, 1, LIMIT_PAGE_MAX, &p->limit, err);
	if (!strcmp(name, "offset"))
		return parse_int64(v, 0, INT32_MAX, &p->offset, err);
	if (!strcmp(name, "state")) {
		if ((st = mark_state_parse(v)) < 0)
			return err_set(err, ERR_INVALID,
				       _("expected open, handled, "
					 "not_relevant or all"));
		p->q.state = (enum mark_state)st;
		return 0;
	}
	return err_set(err, ERR_INVALID,
		       _("unknown parameter; this resource takes: kind, "
			 "severity, state, lang, limit, offset"));
}

static int parse_params(const struct http_request *req, struct list_params *p,
			struct err *err)
{
	*p = (struct list_params){ANALYSIS_QUERY_INIT, "nb", LIMIT_PAGE_MAX, 0};
	p->q.shared = true;
	return api_params_each(req, set_param, p, err);
}

static void handle_list(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct analysis_result res;
	struct err err = ERR_INIT;
	struct list_params p;
	json_t *out;

	memset(&res, 0, sizeof(res));
	if (api_authenticate(req, &who, &err) < 0 ||
	    parse_params(req, &p, &err) < 0 ||
	    service_analysis_run(app->st, &who, &p.q, &res, &err) < 0) {
		analysis_result_release(&res);
		api_problem(resp, &err);
		return;
	}
	out = service_analysis_json(&res, p.lang, (size_t)p.offset,
				    (size_t)p.limit, true);
	analysis_result_release(&res);
	api_json(resp, out);
	json_decref(out);
	resp->cacheable = who.role == ROLE_ANONYMOUS;
	if (!resp->cacheable)
		resp->cache_control = API_PRIVATE;
}

static void handle_item(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	const char *lang = "nb";
	json_t *out = NULL;

	for (size_t i = 0; i < req->nparams && !err.code; i++)
		if (strcmp(req->params[i].name, "lang") ||
		    lang_param(req->params[i].value, &lang, &err) < 0)
			err_set_field(&err, ERR_INVALID, req->params[i].name,
				      _("this resource takes only lang (nb, "
					"nn or en)"));
	if (!err.code && api_authenticate(req, &who, &err) == 0)
		out = service_analysis_get(app->st, &who, req->path_params[0],
					   lang, &err);
	resp->cache_control = API_PRIVATE;
	if (!out) {
		api_problem(resp, &err);
		return;
	}
	api_json(resp, out);
	json_decref(out);
}

static bool is_json(const char *ct)
{
	size_t n = strlen("application/json");

	if (!ct)
		return false;
	ct += strspn(ct, " \t");
	return !strncasecmp(ct, "application/json", n) &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The body {"state": ..., "comment": ...}; nothing else. */
static json_t *mark_body(const struct http_request *req, struct err *err)
{
	json_error_t jerr;
	const char *key;
	json_t *body, *v;

	if (!req->body || !req->body_len) {
		err_set(err, ERR_INVALID,
			_("send {\"state\": \"handled\", "
			  "\"comment\": \"...\"}"));
		return NULL;
	}
	if (!is_json(http_header(req, "Content-Type"))) {
		err_set(err, ERR_MEDIA_TYPE,
			_("send the body as Content-Type "
			  "application/json"));
		return NULL;
	}
	body =
	    json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(body)) {
		json_decref(body);
		err_set(err, ERR_INVALID,
			_("the body must be one JSON object"));
		return NULL;
	}
	json_object_foreach(body, key, v)
	{
		if ((strcmp(key, "state") && strcmp(key, "comment")) ||
		    !(json_is_string(v) || json_is_null(v))) {
			err_set_field(err, ERR_INVALID, key,
				      _("takes state and comment, as text"));
			json_decref(body);
			return NULL;
		}
	}
	return body;
}

static void handle_mark(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	json_t *body = NULL, *out = NULL;

	resp->cache_control = API_PRIVATE;
	if (req->nparams)
		err_set_field(&err, ERR_INVALID, req->params[0].name,
			      _("unknown parameter; this resource takes none"));
	if (!err.code && api_authenticate(req, &who, &err) == 0 &&
	    (body = mark_body(req, &err)))
		service_analysis_mark(
		    app->st, &who, req->path_params[0],
		    json_string_value(json_object_get(body, "state")),
		    json_string_value(json_object_get(body, "comment")), &out,
		    &err);
	json_decref(body);
	if (!out) {
		api_problem(resp, &err);
		return;
	}
	api_json(resp, out);
	json_decref(out);
}

const struct http_route api_analysis_routes[] = {
    {HTTP_GET, "/api/v1/analysis", handle_list},
    {HTTP_GET, "/api/v1/analysis/:finding", handle_item},
    {HTTP_PUT, "/api/v1/analysis/:finding", handle_mark},
};
const size_t api_analysis_nroutes =
    sizeof(api_analysis_routes) / sizeof(api_analysis_routes[0]);
