/*
 * web/page.c: what every page shares (see page.h): running a page for a
 * request, the error page, parameters, domain text in the page's language,
 * links, values and status badges. Every value from data leaves here
 * through an escaper of web/html.h; markup is only ever a literal.
 *
 * It must not query anything itself except through service/ (the period
 * line); pages decide what to load.
 */
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/cookie.h"
#include "http/multipart.h"
#include "model/limits.h"
#include "model/period.h"
#include "model/status.h"
#include "model/value.h"
#include "service/app.h"
#include "service/auth.h"
#include "service/portal.h"
#include "util/config.h"
#include "util/log.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/routes.h"

#define HTML_TYPE "text/html; charset=utf-8"
/* What someone signed in sees is theirs alone. */
#define PAGE_PRIVATE "private, no-store"

/* ---- running a page ---- */

static bool has_session(const struct http_request *req)
{
	const char *cookie = http_header(req, "Cookie");

	return cookie && strstr(cookie, WEB_SESSION_COOKIE "=");
}

/*
 * Who is signed in. A cookie that no longer names a session (expired,
 * signed out elsewhere, a disabled user) is cleared and the page is shown
 * as to anyone: a stale cookie must not lock a reader out of public pages.
 */
static void page_who(struct page *pg)
{
	struct err err = ERR_INIT;
	char cookie[128];

	pg->who = (struct principal)PRINCIPAL_ANONYMOUS;
	if (!pg->st || http_cookie_get(http_header(pg->req, "Cookie"),
				       WEB_SESSION_COOKIE, cookie,
				       sizeof(cookie)) < 0)
		return;
	if (auth_session_resolve(pg->st, cookie, time(NULL), &pg->who,
				 &err) == 0)
		return;
	pg->who = (struct principal)PRINCIPAL_ANONYMOUS;
	if (err.code == ERR_UNAUTHENTICATED)
		http_session_cookie(pg->resp->set_cookie, NULL,
				    config_get()->secure_cookies);
	else
		log_error("event=session_resolve code=%d request_id=%s",
			  (int)err.code, pg->req->request_id);
}

/* The language from the path prefix, the rest of the raw path and the
 * query. Routes are literal per language, so the prefix is valid. */
static void page_init(struct page *pg, struct http_request *req,
		      struct http_response *resp, enum page_section section)
{
	const char *uri = req->uri ? req->uri : "";
	const char *q = strchr(uri, '?');
	size_t len = q ? (size_t)(q - uri) : strlen(uri);
	struct app_thread *app = req->ctx;

	memset(pg, 0, sizeof(*pg));
	pg->req = req;
	pg->resp = resp;
	pg->out = &resp->body;
	pg->st = app ? app->st : NULL;
	pg->section = section;
	pg->query = q && q[1] ? q + 1 : NULL;
	if (!req->path || !req->path[0] || !req->path[1] ||
	    !lang_from_code(req->path + 1, strcspn(req->path + 1, "/"),
			    &pg->lang))
		pg->lang = LANG_NB;
	/* An encoded prefix ("/%6Eb/") decodes to a route but leaves no raw
	 * rest to keep: the switch then goes to the front page. */
	if (len >= 3 && uri[0] == '/' &&
	    !memcmp(uri + 1, lang_code(pg->lang), 2) &&
	    (len == 3 || uri[3] == '/')) {
		pg->rest = len > 3 ? uri + 3 : "/";
		pg->rest_len = len > 3 ? len - 3 : 1;
	} else {
		pg->rest = "/";
		pg->rest_len = 1;
	}
}

/* Runs fn on an initialised page: the error page when it fails, and
 * the cache rules of who asked. */
static void page_finish(struct page *pg, page_fn fn)
{
	struct err err = ERR_INIT;

	pg->resp->content_type = HTML_TYPE;
	if (fn(pg, &err) < 0)
		page_error(pg, &err);
	else
		/* The server also skips its cache for requests with a
		 * session cookie; saying so here keeps a signed-in view
		 * out of it should that rule ever change. */
		pg->resp->cacheable = !has_session(pg->req) &&
				      !page_signed_in(pg) &&
				      pg->resp->status == 200;
	if (page_signed_in(pg) || has_session(pg->req) ||
	    pg->req->method == HTTP_POST) {
		pg->resp->cacheable = false;
		pg->resp->cache_control = PAGE_PRIVATE;
	}
	http_form_release(&pg->form);
}

void page_run(struct http_request *req, struct http_response *resp,
	      page_fn fn, enum page_section section)
{
	struct page pg;

	page_init(&pg, req, resp, section);
	page_who(&pg);
	page_finish(&pg, fn);
}

/* The sign-in page, coming back to this page afterwards. */
static void to_login(struct page *pg)
{
	struct buf next = BUF_INIT;
	char *rest = strndup(pg->rest, pg->rest_len);

	/* Only the path after the language goes along: the sign-in page
	 * accepts nothing but such a path, so it cannot send anyone away. */
	buf_addstr(&next, "next=");
	html_url_arg(&next, rest ? rest : "/");
	page_redirect(pg, "/login", NULL, buf_cstr(&next));
	free(rest);
	buf_release(&next);
}

void page_run_private(struct http_request *req, struct http_response *resp,
		      page_fn fn, enum page_section section)
{
	struct page pg;

	page_init(&pg, req, resp, section);
	page_who(&pg);
	if (!page_signed_in(&pg)) {
		to_login(&pg);
		resp->cache_control = PAGE_PRIVATE;
		return;
	}
	page_finish(&pg, fn);
}

/* The form in the body, or the 400 page (-1). */
static int page_form(struct page *pg)
{
	struct err err = ERR_INIT;

	if (http_form_from_request(pg->req, &pg->form, &err) == 0)
		return 0;
	err.code = ERR_INVALID;
	err_set_field(&err, ERR_INVALID, "form", "%s",
		      T(pg, "error.form_type"));
	page_error(pg, &err);
	pg->resp->cache_control = PAGE_PRIVATE;
	return -1;
}

/* The plain fields of a multipart body (a file upload) as the form, or
 * the 400 page (-1). The page reads its file parts from the request
 * itself (http_multipart_from_request; nothing is copied). */
static int page_form_multipart(struct page *pg)
{
	struct http_multipart mp = HTTP_MULTIPART_INIT;
	struct err err = ERR_INIT;
	int rc = 0;

	if (http_multipart_from_request(pg->req, &mp, &err) < 0 ||
	    http_multipart_form(&mp, &pg->form, &err) < 0) {
		err_set_field(&err, ERR_INVALID, "form", "%s",
			      T(pg, "error.form_type"));
		page_error(pg, &err);
		pg->resp->cache_control = PAGE_PRIVATE;
		rc = -1;
	}
	http_multipart_release(&mp);
	return rc;
}

/* page_run_post with the body read by `read_form`. */
static void run_post(struct http_request *req, struct http_response *resp,
		     page_fn fn, enum page_section section,
		     int (*read_form)(struct page *))
{
	struct page pg;
	struct err err = ERR_INIT;
	const char *csrf;

	page_init(&pg, req, resp, section);
	page_who(&pg);
	resp->cache_control = PAGE_PRIVATE;
	if (!page_signed_in(&pg)) {
		to_login(&pg);
		return;
	}
	if (read_form(&pg) < 0)
		return;
	csrf = http_form_get(&pg.form, "csrf_token");
	if (!csrf || !auth_csrf_equal(pg.who.csrf, csrf)) {
		auth_note_denied(pg.st, &pg.who, AUTH_REFUSED_CSRF,
				 "csrf token missing or wrong (form)", "POST",
				 req->path, req->remote_addr, time(NULL));
		err_set_field(&err, ERR_FORBIDDEN, "csrf_token", "%s",
			      T(&pg, "error.csrf"));
		page_error(&pg, &err);
		http_form_release(&pg.form);
		return;
	}
	page_finish(&pg, fn);
}

void page_run_post(struct http_request *req, struct http_response *resp,
		   page_fn fn, enum page_section section)
{
	run_post(req, resp, fn, section, page_form);
}

void page_run_post_multipart(struct http_request *req,
			     struct http_response *resp, page_fn fn,
			     enum page_section section)
{
	run_post(req, resp, fn, section, page_form_multipart);
}

/* Whether a browser says the post came from another site. */
static bool cross_site(const struct http_request *req)
{
	const char *site = http_header(req, "Sec-Fetch-Site");
	const char *origin = http_header(req, "Origin");
	const char *host = http_header(req, "Host");
	const char *o;

	if (site)
		return strcmp(site, "same-origin") && strcmp(site, "none");
	if (!origin || !host || !strcmp(origin, "null"))
		return origin && !strcmp(origin, "null");
	o = strstr(origin, "://");
	return !o || strcmp(o + 3, host) != 0;
}

void page_run_post_public(struct http_request *req,
			  struct http_response *resp, page_fn fn,
			  enum page_section section)
{
	struct page pg;
	struct err err = ERR_INIT;

	page_init(&pg, req, resp, section);
	page_who(&pg);
	resp->cache_control = PAGE_PRIVATE;
	if (cross_site(req)) {
		err_set_field(&err, ERR_FORBIDDEN, "origin", "%s",
			      T(&pg, "error.csrf"));
		page_error(&pg, &err);
		return;
	}
	if (page_form(&pg) < 0)
		return;
	page_finish(&pg, fn);
}

void page_redirect(struct page *pg, const char *path, const char *id,
		   const char *query)
{
	struct buf loc = BUF_INIT;
	struct buf *b = pg->out;

	buf_addf(&loc, "/%s%s", lang_code(pg->lang), path);
	if (id)
		html_url_arg(&loc, id);
	if (query)
		buf_addf(&loc, "?%s", query);
	snprintf(pg->resp->location, sizeof(pg->resp->location), "%s",
		 buf_cstr(&loc));
	buf_release(&loc);
	pg->resp->status = 303;
	pg->resp->content_type = HTML_TYPE;
	pg->resp->cacheable = false;
	buf_reset(b);
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(b, lang_code(pg->lang));
	html_raw(b, "\"><title>veikart</title><a href=\"");
	html_attr(b, pg->resp->location);
	html_raw(b, "\">");
	html_attr(b, pg->resp->location);
	html_raw(b, "</a></html>\n");
}

int page_forbidden(struct page *pg, struct err *err)
{
	return err_set(err, ERR_FORBIDDEN, "%s", T(pg, "error.403.text"));
}

void page_run_error(struct http_request *req, struct http_response *resp,
		    enum err_code code)
{
	struct page pg;
	struct err err = ERR_INIT;

	page_init(&pg, req, resp, SECTION_NONE);
	err.code = code;
	page_error(&pg, &err);
}

/* The page for each status: its title and its explanation. */
static const struct error_page {
	int status;
	const char *title, *text;
} error_pages[] = {
	{ 400, "error.400.title", "error.400.text" },
	{ 403, "error.403.title", "error.403.text" },
	{ 404, "error.404.title", "error.404.text" },
	{ 405, "error.405.title", "error.405.text" },
	{ 503, "error.503.title", "error.503.text" },
	{ 500, "error.500.title", "error.500.text" },	/* the rest */
};

static const struct error_page *error_page(enum err_code code)
{
	int status;
	size_t i = 0, n = sizeof(error_pages) / sizeof(error_pages[0]);

	switch (code) {
	case ERR_NOT_FOUND:
		status = 404;
		break;
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		status = 400;
		break;
	case ERR_METHOD:
		status = 405;
		break;
	case ERR_FORBIDDEN:
		status = 403;
		break;
	case ERR_BUSY:
		status = 503;
		break;
	default:
		status = 500;
		break;
	}
	while (i < n - 1 && error_pages[i].status != status)
		i++;
	return &error_pages[i];
}

void page_error(struct page *pg, const struct err *err)
{
	const struct error_page *e = error_page(err->code);

	if (err->code == ERR_UNAUTHENTICATED) {
		to_login(pg);
		return;
	}
	if (e->status >= 500)
		log_error("event=page_error status=%d code=%d request_id=%s",
			  e->status, (int)err->code, pg->req->request_id);
	buf_reset(pg->out);
	pg->resp->status = e->status;
	pg->resp->content_type = HTML_TYPE;
	pg->resp->cacheable = false;
	pg->section = SECTION_NONE;
	layout_begin(pg, T(pg, e->title));
	page_h1(pg, e->title);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	/* Only the pages' own messages (catalog text naming a parameter
	 * or the form) are shown; a service's message is English and for
	 * the API. */
	if ((e->status == 400 || e->status == 403) && err->field[0] &&
	    err->msg[0])
		html_txt(pg->out, err->msg);
	else
		html_txt(pg->out, T(pg, e->text));
	html_raw(pg->out, "</p>\n");
	if (e->status >= 500) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		page_tf(pg, "error.request_id", pg->req->request_id, NULL);
		html_raw(pg->out, "</p>\n");
	}
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "error.front"));
	html_raw(pg->out, "</a></p>\n");
	layout_end(pg);
}

/* ---- parameters ---- */

static int param_check(struct page *pg, const struct page_param *p,
		       const char *value, struct err *err)
{
	bool ok = true;

	if (p->type == PP_ID) {
		ok = value_check_id(value, NULL) == 0;
	} else {
		ok = false;
		for (size_t i = 0; p->values[i] && !ok; i++)
			ok = !strcmp(p->values[i], value);
	}
	if (!ok)
		return err_set_field(err, ERR_INVALID, p->name, "%s",
				     T(pg, "error.param_value"));
	return 0;
}

int page_params(struct page *pg, const struct page_param *spec, size_t n,
		struct err *err)
{
	const struct http_request *req = pg->req;

	for (size_t i = 0; i < req->nparams; i++) {
		const struct http_param *hp = &req->params[i];
		const struct page_param *p = NULL;

		for (size_t k = 0; k < n && !p; k++)
			if (!strcmp(spec[k].name, hp->name))
				p = &spec[k];
		for (size_t k = 0; k < i; k++)
			if (!strcmp(req->params[k].name, hp->name))
				p = NULL;
		if (!p || strlen(hp->value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, hp->name, "%s",
					     T(pg, "error.param_unknown"));
		if (hp->value[0] && param_check(pg, p, hp->value, err) < 0)
			return -1;
	}
	return 0;
}

const char *page_param(const struct page *pg, const char *name)
{
	const char *v = http_param(pg->req, name);

	return v && v[0] ? v : NULL;
}

/* ---- data ---- */

const char *page_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static const char *field_in(json_t *obj, const char *prefix, enum lang l)
{
	char name[64];
	const char *s;
	int n = snprintf(name, sizeof(name), "%s_%s", prefix, lang_code(l));

	if (n < 0 || (size_t)n >= sizeof(name))
		return NULL;
	s = page_str(obj, name);
	return s && s[0] ? s : NULL;
}

const char *page_pick(const struct page *pg, json_t *obj, const char *prefix,
		      enum lang *shown)
{
	static const enum lang order[LANG_COUNT][LANG_COUNT] = {
		[LANG_NB] = { LANG_NB, LANG_NN, LANG_EN },
		[LANG_NN] = { LANG_NN, LANG_NB, LANG_EN },
		[LANG_EN] = { LANG_EN, LANG_NB, LANG_NN },
	};

	for (int i = 0; i < LANG_COUNT; i++) {
		enum lang l = order[pg->lang][i];
		const char *s = field_in(obj, prefix, l);

		if (s) {
			if (shown)
				*shown = l;
			return s;
		}
	}
	return NULL;
}

static void lang_open(struct page *pg, enum lang shown, const char *tag)
{
	html_raw(pg->out, "<");
	html_txt(pg->out, tag);
	html_raw(pg->out, " lang=\"");
	html_attr(pg->out, lang_code(shown));
	html_raw(pg->out, "\">");
}

void page_text(struct page *pg, json_t *obj, const char *prefix,
	       const char *fallback)
{
	enum lang shown = pg->lang;
	const char *s = page_pick(pg, obj, prefix, &shown);

	if (!s) {
		html_txt(pg->out, fallback);
		return;
	}
	if (shown == pg->lang) {
		html_txt(pg->out, s);
		return;
	}
	lang_open(pg, shown, "span");
	html_txt(pg->out, s);
	html_raw(pg->out, "</span>");
}

/* Writes text as paragraphs split at blank lines, lines joined by <br>. */
static void paragraphs(struct page *pg, const char *s)
{
	while (*s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);

		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		for (size_t i = 0, run = 0; i <= n; i++) {
			if (i < n && s[i] != '\n')
				continue;
			html_txtn(pg->out, s + run, i - run);
			if (i < n)
				html_raw(pg->out, "<br>");
			run = i + 1;
		}
		html_raw(pg->out, "</p>\n");
		s += n;
		s += strspn(s, "\n");
	}
}

void page_report_text(struct page *pg, const char *s)
{
	if (!s || !s[0])
		return;
	if (pg->lang == LANG_EN)
		html_raw(pg->out, "<div lang=\"no\">");
	paragraphs(pg, s);
	if (pg->lang == LANG_EN)
		html_raw(pg->out, "</div>\n");
}

void page_paragraphs(struct page *pg, json_t *obj, const char *prefix)
{
	enum lang shown = pg->lang;
	const char *s = page_pick(pg, obj, prefix, &shown);

	if (!s)
		return;
	if (shown != pg->lang)
		lang_open(pg, shown, "div");
	paragraphs(pg, s);
	if (shown != pg->lang)
		html_raw(pg->out, "</div>\n");
}

/* ---- links ---- */

void page_href(struct page *pg, const char *path, const char *id)
{
	html_raw(pg->out, "/");
	html_attr(pg->out, lang_code(pg->lang));
	html_attr(pg->out, path);
	if (id)
		html_url_arg(pg->out, id);
}

void page_link(struct page *pg, const char *path, const char *id,
	       json_t *obj, const char *prefix)
{
	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, path, id);
	html_raw(pg->out, "\">");
	page_text(pg, obj, prefix, id);
	html_raw(pg->out, "</a>");
}

void page_source(struct page *pg, json_t *src)
{
	const char *url = page_str(src, "url");
	const char *title = page_str(src, "title");
	const char *publisher = page_str(src, "publisher");
	const char *date = page_str(src, "date");

	if (!title)
		title = page_str(src, "id");
	if (html_url_ok(url)) {
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		html_href(pg->out, url);
		html_raw(pg->out, "\">");
		html_txt(pg->out, title);
		html_raw(pg->out, "</a>");
	} else {
		html_txt(pg->out, title);
	}
	if (publisher) {
		html_raw(pg->out, ", ");
		html_txt(pg->out, publisher);
	}
	if (date) {
		html_raw(pg->out, ", ");
		page_date(pg, date);
	}
}

void page_actor_link(struct page *pg, json_t *actors, const char *id)
{
	json_t *a = id ? json_object_get(actors, id) : NULL;

	if (a)
		page_link(pg, "/actors/", id, a, "name");
	else
		html_txt(pg->out, id);
}

void page_fact(struct page *pg, const char *key)
{
	html_raw(pg->out, "<dt>");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</dt><dd>");
}

void page_fact_end(struct page *pg)
{
	html_raw(pg->out, "</dd>\n");
}

/* ---- values ---- */

void page_date(struct page *pg, const char *iso)
{
	if (iso && fmt_date(pg->out, pg->lang, iso) < 0)
		html_txt(pg->out, iso);
}

void page_int(struct page *pg, int64_t v)
{
	fmt_int(pg->out, pg->lang, v);
}

void page_percent(struct page *pg, int64_t v)
{
	fmt_percent(pg->out, pg->lang, v);
}

void page_nok(struct page *pg, int64_t v)
{
	fmt_nok(pg->out, pg->lang, v);
}

void page_none(struct page *pg)
{
	html_raw(pg->out, "<span aria-hidden=\"true\">\xe2\x80\x93</span>"
			  "<span class=\"ds-sr-only\">");
	html_txt(pg->out, T(pg, "list.none"));
	html_raw(pg->out, "</span>");
}

void page_period(struct page *pg, const char *period)
{
	struct buf label = BUF_INIT;
	struct period p;

	if (!period)
		return;
	if (period_parse(period, &p, NULL) < 0) {
		html_txt(pg->out, period);
		return;
	}
	period_label(&p, lang_code(pg->lang), &label);
	html_txt(pg->out, buf_cstr(&label));
	buf_release(&label);
}

/* ---- headings ---- */

void page_h1(struct page *pg, const char *key)
{
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</h1>\n");
}

void page_h2(struct page *pg, const char *id, const char *key)
{
	html_raw(pg->out, "<h2 class=\"ds-heading\" data-size=\"md\" "
			  "id=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</h2>\n");
}

/* ---- breadcrumbs ---- */

void page_th(struct page *pg, const char *key)
{
	html_raw(pg->out, "<th scope=\"col\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</th>");
}

void page_sort_head(struct page *pg, const char *label_key, const char *name,
		    bool sorted, bool desc,
		    void (*href)(void *ctx, const char *sort), void *ctx)
{
	char next[64];

	/* A click sorts ascending; on the sorted column it turns around. */
	snprintf(next, sizeof(next), "%s%s", sorted && !desc ? "-" : "",
		 name);
	html_raw(pg->out, "<th scope=\"col\"");
	if (sorted && desc)
		html_raw(pg->out, " aria-sort=\"descending\"");
	else if (sorted)
		html_raw(pg->out, " aria-sort=\"ascending\"");
	html_raw(pg->out, "><a class=\"ds-link vk-sort\" href=\"");
	href(ctx, next);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, label_key));
	if (sorted && desc) /* a triangle pointing down */
		html_raw(pg->out, " <span aria-hidden=\"true\">\xe2\x96\xbc"
				  "</span>");
	else if (sorted) /* pointing up */
		html_raw(pg->out, " <span aria-hidden=\"true\">\xe2\x96\xb2"
				  "</span>");
	html_raw(pg->out, "</a></th>");
}

void page_crumbs_begin(struct page *pg)
{
	html_raw(pg->out, "<nav class=\"ds-breadcrumbs vk-crumbs\" "
			  "aria-label=\"");
	html_attr(pg->out, T(pg, "nav.breadcrumbs"));
	html_raw(pg->out, "\"><ol><li><a class=\"ds-link\" href=\"");
	page_href(pg, "/", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "nav.front"));
	html_raw(pg->out, "</a></li>");
}

void page_crumb_key(struct page *pg, const char *path, const char *key)
{
	html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
	page_href(pg, path, NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a></li>");
}

void page_crumb_obj(struct page *pg, const char *path, const char *id,
		    json_t *obj, const char *prefix)
{
	html_raw(pg->out, "<li>");
	page_link(pg, path, id, obj, prefix);
	html_raw(pg->out, "</li>");
}

void page_crumbs_end(struct page *pg)
{
	html_raw(pg->out, "</ol></nav>\n");
}

/* ---- the period line ---- */

int page_status_period(struct page *pg, struct err *err)
{
	struct buf label = BUF_INIT;
	struct period p;

	if (portal_status_period(pg->st, time(NULL), &p, err) < 0)
		return -1;
	period_label(&p, lang_code(pg->lang), &label);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-period\">");
	page_tf(pg, "status.per", buf_cstr(&label), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&label);
	return 0;
}
