/*
 * api/collections.c: GET handlers for the read API. One list handler and
 * one item handler serve every collection, driven by the entity
 * descriptors; each collection declares the query parameters it takes, and
 * anything else is refused with 400 naming the parameter.
 */
#include <jansson.h>
#include <string.h>

#include "api/api.h"
#include "api/auth.h"
#include "api/params.h"
#include "api/render.h"
#include "model/entity.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/app.h"
#include "service/observations.h"
#include "service/query.h"
#include "store/migrations.h"
#include "util/i18n.h"
#include "util/parse.h"

static const char *const measure_statuses[] = {
	"not_started", "on_track", "at_risk", "delayed", "completed",
	"cancelled", "not_reported", NULL
};

/* A query parameter that filters a collection. */
struct filter_spec {
	const char *param;
	enum store_filter_kind kind;
	const char *field;		/* SF_FIELD: descriptor field */
	const char *const *values;	/* enum values, or NULL for an id */
};

struct collection_params {
	const char *collection;
	const struct filter_spec *filters;
	size_t n;
};

static const struct filter_spec measure_filters[] = {
	{ "strategy", SF_FIELD, "strategy", NULL },
	{ "focus_area", SF_FIELD, "focus_area", NULL },
	{ "actor", SF_MEASURE_ACTOR, NULL, NULL },
	{ "status", SF_MEASURE_STATUS, NULL, measure_statuses },
};
static const struct filter_spec strategy_filters[] = {
	{ "strategy", SF_FIELD, "strategy", NULL },
};
static const struct filter_spec actor_filters[] = {
	{ "parent", SF_FIELD, "parent", NULL },
};
static const struct filter_spec input_filters[] = {
	{ "raised_by", SF_FIELD, "raised_by", NULL },
};
static const struct filter_spec scheme_filters[] = {
	{ "administered_by", SF_FIELD, "administered_by", NULL },
};

#define P(c, f) { c, f, sizeof(f) / sizeof(f[0]) }
static const struct collection_params collection_params[] = {
	P("measures", measure_filters),
	P("focus-areas", strategy_filters),
	P("goals", strategy_filters),
	P("actors", actor_filters),
	P("inputs", input_filters),
	P("schemes", scheme_filters),
};

static const struct collection_params *params_for(const char *coll)
{
	for (size_t i = 0; i < sizeof(collection_params) /
				       sizeof(collection_params[0]);
	     i++)
		if (!strcmp(collection_params[i].collection, coll))
			return &collection_params[i];
	return NULL;
}

static void allowed_names(const struct collection_params *cp, char *out,
			  size_t n)
{
	size_t used = (size_t)snprintf(out, n, "limit, cursor");

	for (size_t i = 0; cp && i < cp->n && used < n; i++)
		used += (size_t)snprintf(out + used, n - used, ", %s",
					 cp->filters[i].param);
}

static int check_filter(const struct filter_spec *fs, const char *value,
			struct err *err)
{
	int rc = fs->values ? value_check_enum(value, fs->values, err)
			    : value_check_id(value, err);

	if (rc < 0) {
		err->code = ERR_INVALID;
		snprintf(err->field, sizeof(err->field), "%s", fs->param);
	}
	return rc;
}

/* Reads limit, cursor and the collection's filters from the query. */
struct page_parse {
	const struct collection_params *cp;
	struct query_page *page;
	struct store_filter *filters;
};

static int page_param(const char *name, const char *value, void *arg,
		      struct err *err)
{
	struct page_parse *pp = arg;
	const struct filter_spec *fs = NULL;
	char names[256];

	if (!strcmp(name, "limit"))
		return parse_int64(value, 1, LIMIT_PAGE_MAX, &pp->page->limit,
				   err);
	if (!strcmp(name, "cursor")) {
		pp->page->cursor = value;
		return 0;
	}
	for (size_t k = 0; pp->cp && k < pp->cp->n && !fs; k++)
		if (!strcmp(pp->cp->filters[k].param, name))
			fs = &pp->cp->filters[k];
	if (!fs) {
		allowed_names(pp->cp, names, sizeof(names));
		return err_set(err, ERR_INVALID,
			       _("unknown parameter; this collection takes: "
				 "%s"),
			       names);
	}
	if (check_filter(fs, value, err) < 0)
		return -1;
	pp->filters[pp->page->nfilters++] =
		(struct store_filter){ fs->kind, fs->field, value };
	return 0;
}

static int parse_page(const struct http_request *req, const char *coll,
		      struct query_page *page, struct store_filter *filters,
		      struct err *err)
{
	struct page_parse pp = { params_for(coll), page, filters };

	page->limit = LIMIT_PAGE_DEFAULT;
	page->cursor = NULL;
	page->filters = filters;
	page->nfilters = 0;
	return api_params_each(req, page_param, &pp, err);
}

static const struct entity_desc *api_entity(const char *coll,
					    struct err *err)
{
	const struct entity_desc *e = entity_find(coll);

	if (!e || !e->in_api) {
		err_set(err, ERR_NOT_FOUND, _("there is no collection \"%s\"; "
					      "see GET /api/v1"),
			coll);
		return NULL;
	}
	return e;
}

static void no_params(const struct http_request *req, struct err *err)
{
	if (req->nparams)
		err_set_field(err, ERR_INVALID, req->params[0].name,
			      _("unknown parameter; this resource takes "
				"none"));
}

static void handle_list(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct store_filter filters[HTTP_MAX_PARAMS];
	struct err err = ERR_INIT;
	struct query_page page;
	const struct entity_desc *e = api_entity(req->path_params[0], &err);
	json_t *out;

	if (!e || parse_page(req, e->collection, &page, filters, &err) < 0 ||
	    !(out = service_list(app->st, e, &page, &err))) {
		api_problem(resp, &err);
		return;
	}
	api_json(resp, out);
	resp->cacheable = true;
	json_decref(out);
}

static void handle_item(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	const struct entity_desc *e = api_entity(req->path_params[0], &err);
	json_t *out = NULL;

	if (e)
		no_params(req, &err);
	if (!e || err.code || value_check_id(req->path_params[1], &err) < 0 ||
	    !(out = service_get(app->st, e, req->path_params[1], &err))) {
		if (err.code == ERR_UNPROCESSABLE)	/* a malformed id */
			err.code = ERR_NOT_FOUND;
		api_problem(resp, &err);
		return;
	}
	api_json(resp, out);
	resp->cacheable = true;
	json_decref(out);
}

static void reply_sub(struct http_response *resp, json_t *out,
		      struct err *err)
{
	if (!out) {
		if (err->code == ERR_UNPROCESSABLE)
			err->code = ERR_NOT_FOUND;
		api_problem(resp, err);
		return;
	}
	api_json(resp, out);
	resp->cacheable = true;
	json_decref(out);
}

static void handle_reports(struct http_request *req,
			   struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	json_t *out = NULL;

	/* Signed-in readers also see reports not yet approved; such a
	 * request carries credentials, so the server never caches it. */
	no_params(req, &err);
	if (!err.code && api_authenticate(req, &who, &err) == 0 &&
	    value_check_id(req->path_params[0], &err) == 0)
		out = service_measure_reports(app->st, &who,
					      req->path_params[0], &err);
	reply_sub(resp, out, &err);
}

/* ?format=jsonstat gives the observations as a JSON-stat 2.0 dataset
 * (service/observations.h), still as application/json. */
static void handle_observations(struct http_request *req,
				struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	const char *format = http_param(req, "format");
	bool jsonstat = format && !strcmp(format, "jsonstat");
	json_t *out = NULL;

	if (req->nparams > 1 || (req->nparams == 1 && !jsonstat &&
				 (!format || strcmp(format, "json"))))
		err_set_field(&err, ERR_INVALID, req->params[0].name,
			      _("this resource takes only format=json or "
				"format=jsonstat"));
	if (!err.code && value_check_id(req->path_params[0], &err) == 0)
		out = jsonstat ? service_indicator_jsonstat(
					 app->st, req->path_params[0], &err)
			       : service_indicator_observations(
					 app->st, req->path_params[0], &err);
	reply_sub(resp, out, &err);
}

static void handle_index(struct http_request *req, struct http_response *resp)
{
	json_t *list = json_array();
	json_t *out;

	(void)req;
	for (size_t k = 0; k < entity_count; k++) {
		char href[96];

		if (!entity_all[k]->in_api)
			continue;
		snprintf(href, sizeof(href), "/api/v1/%s",
			 entity_all[k]->collection);
		json_array_append_new(list, json_pack("{s:s,s:s}", "name",
						      entity_all[k]->collection,
						      "href", href));
	}
	out = json_pack("{s:s,s:o}", "version", "v1", "collections", list);
	api_json(resp, out);
	resp->cacheable = true;
	json_decref(out);
}

static void handle_healthz(struct http_request *req,
			   struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	uint64_t version;
	int schema;
	json_t *out;

	if (store_data_version(app->st, &version, &err) < 0 ||
	    store_schema_version(app->st, &schema, &err) < 0) {
		err.code = ERR_BUSY;
		api_problem(resp, &err);
		return;
	}
	out = json_pack("{s:s,s:i,s:I}", "status", "ok", "schema_version",
			schema, "data_version", (json_int_t)version);
	api_json(resp, out);
	resp->cache_control = "no-store";
	json_decref(out);
}

void api_fallback(struct http_request *req, struct http_response *resp,
		  int status)
{
	struct err err = ERR_INIT;

	if (status == 405)
		err_set(&err, ERR_METHOD, _("%s does not take this method; "
					    "allowed: %s"),
			req->path, resp->allow ? resp->allow : "GET");
	else
		err_set(&err, ERR_NOT_FOUND, _("nothing is at %s; the API "
					       "starts at /api/v1"),
			req->path);
	api_problem(resp, &err);
}

const struct http_route api_read_routes[] = {
	{ HTTP_GET, "/healthz", handle_healthz },
	{ HTTP_GET, "/api/v1", handle_index },
	{ HTTP_GET, "/api/v1/measures/:id/reports", handle_reports },
	{ HTTP_GET, "/api/v1/indicators/:id/observations",
	  handle_observations },
	{ HTTP_GET, "/api/v1/:collection/:id", handle_item },
	{ HTTP_GET, "/api/v1/:collection", handle_list },
};
const size_t api_read_nroutes =
	sizeof(api_read_routes) / sizeof(api_read_routes[0]);
