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

#define PAGE_ROUTE(name, section)                                          \
	static void route_##name(struct http_request *req,                 \
				 struct http_response *resp)               \
	{                                                                  \
		page_run(req, resp, page_##name, section);                 \
	}

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

#define LANGS(suffix, fn)                                                   \
	{ HTTP_GET, "/nb" suffix, fn }, { HTTP_GET, "/nn" suffix, fn },    \
	{ HTTP_GET, "/en" suffix, fn }

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
