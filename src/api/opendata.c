/*
 * api/opendata.c: handlers for open data, the workbook and the tertial
 * report PDF (see opendata.h). Each reads: check parameters (and who is
 * asking, where it matters), call the service, put its bytes in the
 * response. Access is decided in service/.
 *
 * Ownership: the response owns its body; everything else made here is
 * freed before the handler returns.
 */
#include "api/opendata.h"

#include <string.h>

#include "api/auth.h"
#include "api/render.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/app.h"
#include "service/opendata.h"
#include "service/report_pdf.h"
#include "service/workbook.h"
#include "util/config.h"
#include "util/i18n.h"

#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int no_params(const struct http_request *req, struct err *err)
{
	if (req->nparams)
		return err_set_field(err, ERR_INVALID, req->params[0].name,
				     _("unknown parameter; this resource "
				       "takes none"));
	return 0;
}

/* A body of bytes with its (static) media type; cacheable or not. */
static void reply_bytes(struct http_response *resp, const char *type,
			bool cacheable)
{
	resp->status = 200;
	resp->content_type = type;
	resp->cacheable = cacheable;
	if (!cacheable)
		resp->cache_control = "private, no-store";
}

static void reply_jsonld(struct http_response *resp, json_t *out)
{
	api_json(resp, out);
	resp->content_type = "application/ld+json";
	resp->cacheable = true;
}

static void handle_catalog(struct http_request *req,
			   struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	json_t *out = NULL;

	if (no_params(req, &err) == 0)
		out = service_opendata_catalog(app->st, config_get(), &err);
	if (!out) {
		api_problem(resp, &err);
		return;
	}
	reply_jsonld(resp, out);
	json_decref(out);
}

/* "measures": the dataset; "measures.csv" and the like: its data. */
static void handle_dataset(struct http_request *req,
			   struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	const char *name = req->path_params[0];
	const char *type = NULL;
	struct err err = ERR_INIT;
	json_t *out = NULL;

	if (no_params(req, &err) < 0) {
		api_problem(resp, &err);
		return;
	}
	if (!strchr(name, '.')) {
		out = service_opendata_dataset(app->st, config_get(), name,
					       &err);
		if (out)
			reply_jsonld(resp, out);
		else
			api_problem(resp, &err);
		json_decref(out);
		return;
	}
	buf_reset(&resp->body);
	if (service_opendata_file(app->st, name, &resp->body, &type, &err) < 0)
		api_problem(resp, &err);
	else
		reply_bytes(resp, type, true);
}

static void handle_bundle(struct http_request *req,
			  struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;

	buf_reset(&resp->body);
	if (no_params(req, &err) < 0 ||
	    service_opendata_bundle(app->st, config_get(), &resp->body,
				    &err) < 0) {
		api_problem(resp, &err);
		return;
	}
	reply_bytes(resp, "application/zip", true);
}

/* The strategy id of the path; a malformed one is nothing there (404). */
static int strategy_id(const struct http_request *req, struct err *err)
{
	if (value_check_id(req->path_params[0], NULL) == 0)
		return 0;
	return err_set(err, ERR_NOT_FOUND, _("no strategy has that id"));
}

static void handle_workbook(struct http_request *req,
			    struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;

	buf_reset(&resp->body);
	if (no_params(req, &err) < 0 || strategy_id(req, &err) < 0 ||
	    api_authenticate(req, &who, &err) < 0 ||
	    service_workbook_bytes(app->st, &who, req->path_params[0],
				   &resp->body, &err) < 0) {
		api_problem(resp, &err);
		return;
	}
	reply_bytes(resp, XLSX_TYPE, true);
}

/* period (required) and lang (nb, nn, en); nothing else. */
static int pdf_params(const struct http_request *req,
		      struct report_pdf_opts *o, struct err *err)
{
	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;
		const char **slot = !strcmp(name, "period") ? &o->period
				    : !strcmp(name, "lang") ? &o->lang
							    : NULL;

		if (!slot)
			return err_set_field(err, ERR_INVALID, name,
					     _("unknown parameter; this "
					       "resource takes period and "
					       "lang"));
		if (*slot)
			return err_set_field(err, ERR_INVALID, name,
					     _("given more than once"));
		if (strlen(req->params[i].value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, name,
					     _("too long"));
		*slot = req->params[i].value;
	}
	if (!o->period)
		return err_set_field(err, ERR_INVALID, "period",
				     _("give the period, such as "
				       "?period=2025-T2"));
	return 0;
}

static void handle_report_pdf(struct http_request *req,
			      struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct report_pdf_opts o = { req->path_params[0], NULL, NULL, NULL,
				     NULL };
	struct err err = ERR_INIT;

	buf_reset(&resp->body);
	if (api_authenticate(req, &who, &err) < 0 ||
	    strategy_id(req, &err) < 0 || pdf_params(req, &o, &err) < 0 ||
	    service_report_pdf_bytes(app->st, &who, &o, &resp->body,
				     &err) < 0) {
		api_problem(resp, &err);
		resp->cache_control = "no-store";
		return;
	}
	reply_bytes(resp, "application/pdf", false);
}

const struct http_route opendata_routes[] = {
	{ HTTP_GET, "/api/v1/datasets", handle_catalog },
	{ HTTP_GET, "/api/v1/datasets/:name", handle_dataset },
	{ HTTP_GET, "/api/v1/bundle.zip", handle_bundle },
	{ HTTP_GET, "/api/v1/strategies/:id/workbook.xlsx", handle_workbook },
	{ HTTP_GET, "/api/v1/strategies/:id/report.pdf", handle_report_pdf },
};
const size_t opendata_nroutes =
	sizeof(opendata_routes) / sizeof(opendata_routes[0]);
