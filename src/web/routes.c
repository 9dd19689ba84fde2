/*
 * web/routes.c: the portal's route table, its fallback page and its
 * start-up (see routes.h). Routes are literal per language ("/nb/measures",
 * "/nn/measures", ...) rather than "/:lang/measures", so that a path in no
 * language never reaches a page and an API path never matches a page
 * route. Each page is one function in one web/page_*.c file; this table
 * is the only place that says where it lives.
 */
#include "web/routes.h"

#include <stdio.h>
#include <string.h>

#include "web/i18n.h"
#include "web/page.h"
#include "web/static.h"

/* route_<name> runs page_<name> with `runner` (page_run, page_run_private,
 * page_run_post or page_run_post_public: see page.h). */
#define ROUTE_WITH(runner, name, section)                                  \
	static void route_##name(struct http_request *req,                 \
				 struct http_response *resp)               \
	{                                                                  \
		runner(req, resp, page_##name, section);                   \
	}
#define PAGE_ROUTE(name, section) ROUTE_WITH(page_run, name, section)
#define PRIVATE_ROUTE(name) \
	ROUTE_WITH(page_run_private, name, SECTION_WORKSPACE)
#define POST_ROUTE(name) ROUTE_WITH(page_run_post, name, SECTION_WORKSPACE)
#define UPLOAD_ROUTE(name) \
	ROUTE_WITH(page_run_post_multipart, name, SECTION_WORKSPACE)
#define PUBLIC_POST_ROUTE(name) \
	ROUTE_WITH(page_run_post_public, name, SECTION_NONE)

PAGE_ROUTE(front, SECTION_FRONT)
PAGE_ROUTE(strategies, SECTION_STRATEGIES)
PAGE_ROUTE(strategy, SECTION_STRATEGIES)
PAGE_ROUTE(measures, SECTION_MEASURES)
PAGE_ROUTE(measure, SECTION_MEASURES)
PAGE_ROUTE(actors, SECTION_ACTORS)
PAGE_ROUTE(actor, SECTION_ACTORS)
PAGE_ROUTE(about, SECTION_NONE)
PAGE_ROUTE(accessibility, SECTION_NONE)
PAGE_ROUTE(privacy, SECTION_NONE)
PAGE_ROUTE(focus_area, SECTION_STRATEGIES)
PAGE_ROUTE(indicators, SECTION_INDICATORS)
PAGE_ROUTE(indicator, SECTION_INDICATORS)
PAGE_ROUTE(changes, SECTION_CHANGES)
PAGE_ROUTE(search, SECTION_SEARCH)
PAGE_ROUTE(open_data, SECTION_NONE)
PAGE_ROUTE(coordination, SECTION_COORDINATION)
/* Marking a finding; the menu still marks Samordning on a 422. */
ROUTE_WITH(page_run_post, coordination_post, SECTION_COORDINATION)
/* Signing in and the e-mailed links. */
PAGE_ROUTE(login, SECTION_NONE)
PUBLIC_POST_ROUTE(login_post)
POST_ROUTE(logout_post)
PAGE_ROUTE(reset, SECTION_NONE)
PUBLIC_POST_ROUTE(reset_post)
PAGE_ROUTE(invite, SECTION_NONE)
PUBLIC_POST_ROUTE(invite_post)
/* The workspace: signed in only. */
PRIVATE_ROUTE(workspace)
PRIVATE_ROUTE(workspace_reports)
PRIVATE_ROUTE(report_form)
POST_ROUTE(report_form_post)
PRIVATE_ROUTE(cycle)
POST_ROUTE(cycle_post)
PRIVATE_ROUTE(review)
POST_ROUTE(review_post)
PRIVATE_ROUTE(edit_list)
PRIVATE_ROUTE(edit)
POST_ROUTE(edit_post)
PRIVATE_ROUTE(users)
POST_ROUTE(users_post)
PRIVATE_ROUTE(tokens)
POST_ROUTE(tokens_post)
PRIVATE_ROUTE(observations_upload)
UPLOAD_ROUTE(observations_upload_post)

/* A redirect with a short HTML body for clients that do not follow it. */
static void redirect(struct http_response *resp, int status, enum lang l)
{
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	snprintf(resp->location, sizeof(resp->location), "/%s/",
		 lang_code(l));
	html_raw(&resp->body, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(&resp->body, lang_code(l));
	html_raw(&resp->body, "\"><title>veikart</title><a href=\"");
	html_attr(&resp->body, resp->location);
	html_raw(&resp->body, "\">");
	html_attr(&resp->body, resp->location);
	html_raw(&resp->body, "</a></html>\n");
}

/* "/": the language the browser prefers among ours, else bokmål. The
 * answer depends on a header, so nothing may keep it. */
static void route_root(struct http_request *req, struct http_response *resp)
{
	redirect(resp, 302,
		 lang_negotiate(http_header(req, "Accept-Language")));
	resp->cache_control = "no-store";
}

/* "/nb" without the slash: the front page is "/nb/". */
static void route_lang(struct http_request *req, struct http_response *resp)
{
	enum lang l = LANG_NB;

	lang_from_code(req->path + 1, 2, &l);
	redirect(resp, 301, l);
}

#define LANGS_M(method, suffix, fn)                                         \
	{ method, "/nb" suffix, fn }, { method, "/nn" suffix, fn },        \
	{ method, "/en" suffix, fn }
#define LANGS(suffix, fn) LANGS_M(HTTP_GET, suffix, fn)
#define LANGS_POST(suffix, fn) LANGS_M(HTTP_POST, suffix, fn)

static const struct http_route routes[] = {
	{ HTTP_GET, "/", route_root },
	{ HTTP_GET, "/static/:name", web_static_handle },
	LANGS("", route_lang),
	LANGS("/", route_front),
	LANGS("/strategies", route_strategies),
	LANGS("/strategies/:id", route_strategy),
	LANGS("/measures", route_measures),
	LANGS("/measures/:id", route_measure),
	LANGS("/actors", route_actors),
	LANGS("/actors/:id", route_actor),
	LANGS("/about", route_about),
	LANGS("/accessibility", route_accessibility),
	LANGS("/privacy", route_privacy),
	LANGS("/focus-areas/:id", route_focus_area),
	LANGS("/indicators", route_indicators),
	LANGS("/indicators/:id", route_indicator),
	LANGS("/changes", route_changes),
	LANGS("/search", route_search),
	LANGS("/open-data", route_open_data),
	LANGS("/coordination", route_coordination),
	LANGS_POST("/coordination", route_coordination_post),
	LANGS("/login", route_login),
	LANGS_POST("/login", route_login_post),
	LANGS_POST("/logout", route_logout_post),
	LANGS("/reset", route_reset),
	LANGS_POST("/reset", route_reset_post),
	LANGS("/invite", route_invite),
	LANGS_POST("/invite", route_invite_post),
	LANGS("/workspace", route_workspace),
	LANGS("/workspace/reports", route_workspace_reports),
	LANGS("/workspace/report/:measure", route_report_form),
	LANGS_POST("/workspace/report/:measure", route_report_form_post),
	LANGS("/workspace/cycle", route_cycle),
	LANGS_POST("/workspace/cycle", route_cycle_post),
	LANGS("/workspace/review/:id", route_review),
	LANGS_POST("/workspace/review/:id", route_review_post),
	LANGS("/workspace/edit", route_edit_list),
	LANGS("/workspace/edit/:collection", route_edit_list),
	LANGS("/workspace/edit/:collection/:id", route_edit),
	LANGS_POST("/workspace/edit/:collection/:id", route_edit_post),
	LANGS("/workspace/users", route_users),
	LANGS_POST("/workspace/users", route_users_post),
	LANGS("/workspace/tokens", route_tokens),
	LANGS_POST("/workspace/tokens", route_tokens_post),
	LANGS("/workspace/observations", route_observations_upload),
	LANGS_POST("/workspace/observations",
		   route_observations_upload_post),
};

const struct http_route *web_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

void web_fallback(struct http_request *req, struct http_response *resp,
		  int status)
{
	page_run_error(req, resp, status == 405 ? ERR_METHOD : ERR_NOT_FOUND);
}

int web_init(const char *assets_dir, struct err *err)
{
	if (i18n_init(err) < 0)
		return -1;
	return web_static_load(assets_dir, err);
}

void web_release(void)
{
	web_static_unload();
}
