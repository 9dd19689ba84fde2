/*
 * api/indicators.c: importing an indicator's observations over HTTP and
 * reading its progress class (indicators.h). Each handler reads: check the
 * parameters (each has a form and a limit; anything else is 400 naming
 * it), call service/observations.h, render. Access and validity are the
 * service's to decide; this file only speaks HTTP: media types (415),
 * query parameters, and problems rendered with their line and column.
 *
 * Everything a handler allocates is freed before it returns; the response
 * owns its body.
 */
#include "api/indicators.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/auth.h"
#include "api/render.h"
#include "model/limits.h"
#include "model/progress.h"
#include "model/value.h"
#include "service/app.h"
#include "service/observations.h"
#include "util/i18n.h"
#include "util/parse.h"

/* What the import's query gives; maps point into `mapbuf`. */
struct import_params {
	struct obs_import_opts o;
	struct obs_map maps[OBS_MAX_MAPS];
	char mapbuf[LIMIT_QUERY_PARAM_BYTES + 1];
};

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

static int body_format(const struct http_request *req, enum obs_format *f,
		       struct err *err)
{
	const char *ct = http_header(req, "Content-Type");

	if (media_is(ct, "application/json"))
		*f = OBS_FORMAT_JSONSTAT;
	else if (media_is(ct, "text/csv"))
		*f = OBS_FORMAT_CSV;
	else
		return err_set(err, ERR_MEDIA_TYPE,
			       _("send JSON-stat 2.0 as application/json or "
				 "CSV as text/csv"));
	if (!req->body || !req->body_len)
		return err_set(err, ERR_INVALID,
			       _("the body is empty; send "
				 "the file to import"));
	return 0;
}

/* "DIM:CAT,DIM2:CAT2" into p->maps (the query cannot repeat "map"). */
static int parse_maps(const char *v, struct import_params *p, struct err *err)
{
	char *s = p->mapbuf, *save = NULL, *part;

	snprintf(p->mapbuf, sizeof(p->mapbuf), "%s", v);
	for (part = strtok_r(s, ",", &save); part;
	     part = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(part, ':');

		if (!colon || colon == part || !colon[1])
			return err_set_field(err, ERR_INVALID, "map",
					     _("expected DIM:CATEGORY, several "
					       "separated by ','"));
		if (p->o.nmaps == OBS_MAX_MAPS)
			return err_set_field(err, ERR_INVALID, "map",
					     _("at most %d dimensions"),
					     OBS_MAX_MAPS);
		*colon = '\0';
		p->maps[p->o.nmaps++] = (struct obs_map){part, colon + 1};
	}
	return 0;
}

static bool repeated(const struct http_request *req, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(req->params[k].name, req->params[i].name))
			return true;
	return false;
}

static int import_param(const char *name, const char *v,
			struct import_params *p, struct err *err)
{
	if (!strcmp(name, "time"))
		p->o.time_dim = v;
	else if (!strcmp(name, "dataset"))
		p->o.dataset = v;
	else if (!strcmp(name, "source"))
		p->o.source = v;
	else if (!strcmp(name, "map"))
		return parse_maps(v, p, err);
	else
		return err_set_field(err, ERR_INVALID, name,
				     _("unknown parameter; this resource "
				       "takes time, map, source and dataset"));
	return 0;
}

static int import_params(const struct http_request *req,
			 struct import_params *p, struct err *err)
{
	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;

		if (repeated(req, i))
			return err_set_field(err, ERR_INVALID, name,
					     _("given more than once (give "
					       "several maps as "
					       "map=DIM:CAT,DIM2:CAT2)"));
		if (strlen(req->params[i].value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, name,
					     _("too long"));
		if (import_param(name, req->params[i].value, p, err) < 0)
			return -1;
	}
	p->o.maps = p->maps;
	return 0;
}

/* A 4xx with every problem, each with its line and column. */
static void render_problems(struct http_response *resp, const struct err *err,
			    const struct problems *probs)
{
	int status = err_http_status(err->code);
	json_t *list = json_array();
	json_t *body;

	for (size_t i = 0; i < probs->n; i++) {
		const struct problem *x = &probs->items[i];
		json_t *e = json_pack("{s:s,s:s}", "field", x->field, "message",
				      x->message);

		if (x->line > 0) {
			json_object_set_new(e, "line", json_integer(x->line));
			json_object_set_new(e, "column",
					    json_integer(x->column));
		}
		json_array_append_new(list, e);
	}
	body = json_pack("{s:s,s:s,s:i,s:s,s:o}", "type", "about:blank",
			 "title", err_title(err->code), "status", status,
			 "detail", err->msg, "errors", list);
	api_json(resp, body);
	resp->status = status;
	resp->content_type = "application/problem+json";
	resp->cacheable = false;
	json_decref(body);
}

static json_t *import_result(const char *id, const struct obs_import_result *r)
{
	return json_pack(
	    "{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I}", "indicator", id, "format",
	    r->format == OBS_FORMAT_CSV ? "csv" : "jsonstat", "changed",
	    r->changed, "observations", (json_int_t)r->observations, "missing",
	    (json_int_t)r->missing, "created", (json_int_t)r->created,
	    "updated", (json_int_t)r->updated, "unchanged",
	    (json_int_t)r->unchanged);
}

static void handle_import(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct problems probs = PROBLEMS_INIT(OBS_MAX_PROBLEMS);
	struct import_params p = {0};
	struct obs_import_result res;
	struct err err = ERR_INIT;
	json_t *out;

	p.o.indicator = req->path_params[0];
	if (value_check_id(p.o.indicator, &err) < 0)
		err.code = ERR_NOT_FOUND; /* no record has such an id */
	if (err.code || api_authenticate(req, &who, &err) < 0 ||
	    import_params(req, &p, &err) < 0 ||
	    body_format(req, &p.o.format, &err) < 0 ||
	    service_observations_import(app->st, &who, "body", req->body,
					req->body_len, &p.o, &res, &probs,
					&err) < 0) {
		if (probs.n)
			render_problems(resp, &err, &probs);
		else
			api_problem(resp, &err);
		problems_release(&probs);
		return;
	}
	out = import_result(p.o.indicator, &res);
	api_json(resp, out);
	json_decref(out);
	problems_release(&probs);
}

static int threshold(const char *name, const char *v,
		     struct progress_thresholds *th, struct err *err)
{
	double *slot =
	    !strcmp(name, "on_track")		   ? &th->on_track
	    : !strcmp(name, "acceleration_needed") ? &th->acceleration_needed
	    : !strcmp(name, "limited_progress")	   ? &th->limited_progress
						   : NULL;

	if (!slot)
		return err_set_field(err, ERR_INVALID, name,
				     _("unknown parameter; this resource "
				       "takes on_track, acceleration_needed "
				       "and limited_progress"));
	if (parse_double(v, slot, err) < 0) {
		snprintf(err->field, sizeof(err->field), "%s", name);
		return -1;
	}
	return 0;
}

static int progress_params(const struct http_request *req,
			   struct progress_thresholds *th, struct err *err)
{
	for (size_t i = 0; i < req->nparams; i++) {
		if (repeated(req, i))
			return err_set_field(err, ERR_INVALID,
					     req->params[i].name,
					     _("given more than once"));
		if (threshold(req->params[i].name, req->params[i].value, th,
			      err) < 0)
			return -1;
	}
	return 0;
}

static void handle_progress(struct http_request *req,
			    struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct progress_thresholds th = PROGRESS_THRESHOLDS_DEFAULT;
	struct err err = ERR_INIT;
	json_t *out = NULL;

	if (progress_params(req, &th, &err) < 0 ||
	    value_check_id(req->path_params[0], &err) < 0 ||
	    !(out = service_indicator_progress(app->st, req->path_params[0],
					       &th, &err))) {
		if (err.code == ERR_UNPROCESSABLE) /* a malformed id */
			err.code = ERR_NOT_FOUND;
		api_problem(resp, &err);
		return;
	}
	api_json(resp, out);
	resp->cacheable = true;
	json_decref(out);
}

const struct http_route api_indicator_routes[] = {
    {HTTP_POST, "/api/v1/indicators/:id/observations/import", handle_import},
    {HTTP_GET, "/api/v1/indicators/:id/progress", handle_progress},
};
const size_t api_indicator_nroutes =
    sizeof(api_indicator_routes) / sizeof(api_indicator_routes[0]);
