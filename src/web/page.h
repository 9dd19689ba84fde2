/*
 * web/page.h: what the page modules (web/page_*.c) share: the state of one
 * page being rendered, the contract of a page function, and the helpers
 * every page uses (parameters, links, domain text in the right language,
 * status badges, dates and numbers). The layout around a page is in
 * web/layout.h.
 *
 * A page function reads parse -> service_* -> render: it checks its
 * parameters, asks service/ for the data, then writes the whole page with
 * layout_begin ... layout_end into pg->out. It returns 0, or -1 with err
 * (ERR_NOT_FOUND: a 404 page; ERR_INVALID: a 400 page; ERR_FORBIDDEN: a
 * 403 page; ERR_UNAUTHENTICATED: a redirect to the sign-in page; anything
 * else a 500 page), having possibly written part of a page, which is then
 * dropped.
 *
 * Ownership: a struct page and everything it points to are borrowed from
 * the request; json_t values a page asks for are its own to decref.
 */
#ifndef VEIKART_WEB_PAGE_H
#define VEIKART_WEB_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/form.h"
#include "http/http.h"
#include "model/principal.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "web/html.h"
#include "web/i18n.h"

/* The part of the site a page belongs to: the main menu marks it. */
enum page_section {
	SECTION_NONE,
	SECTION_FRONT,
	SECTION_STRATEGIES,
	SECTION_MEASURES,
	SECTION_ACTORS,
	SECTION_INDICATORS,
	SECTION_COORDINATION,
	SECTION_CHANGES,
	SECTION_SEARCH,
	SECTION_WORKSPACE,
};

struct page {
	struct http_request *req;
	struct http_response *resp;
	struct buf *out;	/* &resp->body */
	struct store *st;
	enum lang lang;
	/* The path after the language prefix as received (still percent-
	 * encoded), "/" for the front page: the language switch links to
	 * the same rest under another prefix. */
	const char *rest;
	size_t rest_len;
	const char *query;	/* the raw query string, or NULL */
	enum page_section section;
	/* Who is signed in (a session cookie), else ROLE_ANONYMOUS with
	 * user_id 0. Pages pass it to every service call. */
	struct principal who;
	/* A POST: the decoded form (page_run_post); empty otherwise. */
	struct http_form form;
};

/* Whether someone is signed in. */
#define page_signed_in(pg) ((pg)->who.user_id != 0)

typedef int (*page_fn)(struct page *pg, struct err *err);

/* The pages (one file each; web/routes.c says which route runs which). */
int page_front(struct page *pg, struct err *err);
int page_strategies(struct page *pg, struct err *err);
int page_strategy(struct page *pg, struct err *err);
int page_measures(struct page *pg, struct err *err);
int page_measure(struct page *pg, struct err *err);
int page_actors(struct page *pg, struct err *err);
int page_actor(struct page *pg, struct err *err);
int page_about(struct page *pg, struct err *err);
int page_accessibility(struct page *pg, struct err *err);
int page_privacy(struct page *pg, struct err *err);
/* web/page_focus_area.c */
int page_focus_area(struct page *pg, struct err *err);
/* web/page_indicator.c */
int page_indicators(struct page *pg, struct err *err);
int page_indicator(struct page *pg, struct err *err);
/* web/page_changes.c */
int page_changes(struct page *pg, struct err *err);
/* web/page_search.c */
int page_search(struct page *pg, struct err *err);
/* web/page_opendata.c */
int page_open_data(struct page *pg, struct err *err);
/* web/page_coordination.c */
int page_coordination(struct page *pg, struct err *err);
int page_coordination_post(struct page *pg, struct err *err);
/* web/page_login.c: sign-in, sign-out, reset and invitation links */
int page_login(struct page *pg, struct err *err);
int page_login_post(struct page *pg, struct err *err);
int page_logout_post(struct page *pg, struct err *err);
int page_reset(struct page *pg, struct err *err);
int page_reset_post(struct page *pg, struct err *err);
int page_invite(struct page *pg, struct err *err);
int page_invite_post(struct page *pg, struct err *err);
/* web/page_workspace.c: a signed-in user's start page and history */
int page_workspace(struct page *pg, struct err *err);
int page_workspace_reports(struct page *pg, struct err *err);
/* web/page_report_form.c: one measure's report for the open period */
int page_report_form(struct page *pg, struct err *err);
int page_report_form_post(struct page *pg, struct err *err);
/* web/page_cycle.c (periods, overview) and web/cycle_review.c (approve,
 * return, reopen one report): the coordinator's reporting cycle */
int page_cycle(struct page *pg, struct err *err);
int page_cycle_post(struct page *pg, struct err *err);
int page_review(struct page *pg, struct err *err);
int page_review_post(struct page *pg, struct err *err);
/* web/page_edit.c: coordinator - edit any collection through forms */
int page_edit_list(struct page *pg, struct err *err);
int page_edit(struct page *pg, struct err *err);
int page_edit_post(struct page *pg, struct err *err);
/* web/page_admin.c (users) and web/page_tokens.c (API tokens) */
int page_users(struct page *pg, struct err *err);
int page_users_post(struct page *pg, struct err *err);
int page_tokens(struct page *pg, struct err *err);
int page_tokens_post(struct page *pg, struct err *err);
/* web/page_observations.c: coordinator - upload observations */
int page_observations_upload(struct page *pg, struct err *err);
int page_observations_upload_post(struct page *pg, struct err *err);

/* Renders `fn` for a request: the language from the path, who is signed
 * in, the error page when fn fails; cacheable only when nobody is signed
 * in (a signed-in page is Cache-Control: private, no-store). `section`
 * marks the main menu. */
void page_run(struct http_request *req, struct http_response *resp,
	      page_fn fn, enum page_section section);
/* page_run for a page that needs sign-in: anonymous requests are sent
 * to /{lang}/login?next=<this path> (303). */
void page_run_private(struct http_request *req, struct http_response *resp,
		      page_fn fn, enum page_section section);
/*
 * A form posted by a signed-in user: anonymous -> the sign-in page (303);
 * a missing or wrong csrf_token field -> 403 page, audited, nothing done;
 * a body that is not a form -> 400 page. Otherwise pg->form holds the
 * fields and fn runs: it either redirects (page_redirect, after a change:
 * Post/Redirect/Get) or renders the form again with its errors (status
 * 422, set by the page).
 */
void page_run_post(struct http_request *req, struct http_response *resp,
		   page_fn fn, enum page_section section);
/*
 * page_run_post for a form with a file (multipart/form-data, RFC 7578;
 * http/multipart.h): its plain fields are decoded into pg->form and the
 * csrf_token field is checked the same way; fn reads the file parts from
 * pg->req. A body that is not multipart/form-data -> 400 page.
 */
void page_run_post_multipart(struct http_request *req,
			     struct http_response *resp, page_fn fn,
			     enum page_section section);
/*
 * A form anyone may post (sign-in, password reset, invitation): no CSRF
 * token exists before a session, so a cross-site post is refused by its
 * Origin (or Sec-Fetch-Site) header instead when the browser sends one.
 */
void page_run_post_public(struct http_request *req,
			  struct http_response *resp, page_fn fn,
			  enum page_section section);

/*
 * Answers 303 See Other to /{lang}{path}{id}{?query}: path a literal
 * ("/workspace/reports/"), id (url-encoded here) and query (already
 * encoded, e.g. "done=saved") may be NULL. The body is a short link.
 */
void page_redirect(struct page *pg, const char *path, const char *id,
		   const char *query);

/* The error page for `code` as a whole response (the fallback's 404 and
 * 405, a static file that is not there). */
void page_run_error(struct http_request *req, struct http_response *resp,
		    enum err_code code);

/*
 * The error page for err's code (404, 400, 405 or 500), replacing whatever
 * pg->out holds. A 500 is logged here with the request id; its message
 * never reaches the page.
 */
void page_error(struct page *pg, const struct err *err);

/* Sets err to ERR_FORBIDDEN and returns -1: the 403 page, for a page
 * whose user may not see it (a service's ERR_FORBIDDEN gives the same
 * page; ERR_UNAUTHENTICATED sends to the sign-in page). */
int page_forbidden(struct page *pg, struct err *err);

/* The text of catalog key in the page's language. */
#define T(pg, key) i18n((pg)->lang, (key))
/* The catalog text as HTML with {N} arguments (NULL-terminated). */
#define page_tf(pg, key, ...) \
	i18n_html((pg)->out, (pg)->lang, (key), __VA_ARGS__)

/* ---- parameters ---- */

enum page_param_type {
	PP_ID,		/* a public id (value_check_id) */
	PP_ENUM,	/* one of `values` */
};

struct page_param {
	const char *name;
	enum page_param_type type;
	const char *const *values;	/* PP_ENUM: NULL-terminated */
};

/*
 * Checks the query against the page's parameters: each at most once, at
 * most LIMIT_QUERY_PARAM_BYTES, of its type; an empty value (a form's
 * "all" choice) counts as absent. Unknown or wrong ones are ERR_INVALID
 * with a message for the page.
 */
int page_params(struct page *pg, const struct page_param *spec, size_t n,
		struct err *err);
/* The value of a query parameter, or NULL when absent or empty. */
const char *page_param(const struct page *pg, const char *name);

/* ---- data helpers ---- */

/* The string member `key` of obj, or NULL. */
const char *page_str(json_t *obj, const char *key);

/*
 * Domain text in the page's language: the member <prefix>_nb, _nn or _en,
 * falling back (nn -> nb -> en, en -> nb -> nn, nb -> nn -> en) when a
 * translation is missing. *shown (may be NULL) gets the language of the
 * text returned; NULL when obj has none.
 */
const char *page_pick(const struct page *pg, json_t *obj, const char *prefix,
		      enum lang *shown);
/* Writes page_pick's text escaped, inside <span lang=".."> when it is not
 * in the page's language; `fallback` (escaped) when there is none. */
void page_text(struct page *pg, json_t *obj, const char *prefix,
	       const char *fallback);
/* Long text as paragraphs: blank lines separate them. With lang attribute
 * as page_text. Writes nothing when there is no text. */
void page_paragraphs(struct page *pg, json_t *obj, const char *prefix);
/* A report's free text (written by a person, in Norwegian, with no
 * language field): paragraphs at blank lines, line breaks kept, inside
 * <div lang="no"> on English pages. Nothing for NULL or "". */
void page_report_text(struct page *pg, const char *s);

/* ---- links ---- */

/* Writes the attribute value "/{lang}{path}" (path a literal such as
 * "/measures/"), then id url-encoded when not NULL. */
void page_href(struct page *pg, const char *path, const char *id);
/* <a class="ds-link" href="/{lang}{path}{id}"> + page_text(obj, prefix)
 * + </a>; the id as text when obj has no such text. */
void page_link(struct page *pg, const char *path, const char *id,
	       json_t *obj, const char *prefix);
/* A link to a source document (new window not forced): its title, and the
 * publisher and date; the URL only when it is http(s). */
void page_source(struct page *pg, json_t *src);

/* A link to actor `id` named from the actors map; the id alone when the
 * map lacks it. */
void page_actor_link(struct page *pg, json_t *actors, const char *id);

/* ---- facts (a description list) ---- */

/* <dt>label</dt><dd> with a catalog label; page_fact_end closes it. */
void page_fact(struct page *pg, const char *key);
void page_fact_end(struct page *pg);

/* ---- values ---- */

/* A date (format.h) escaped, or the raw text escaped when not a date. */
void page_date(struct page *pg, const char *iso);
void page_int(struct page *pg, int64_t v);
void page_percent(struct page *pg, int64_t v);
void page_nok(struct page *pg, int64_t v);
/* An empty cell: a dash, read out as "none". */
void page_none(struct page *pg);
/* A period's label ("2025-T2 (mai–august 2025)"), escaped. */
void page_period(struct page *pg, const char *period);

/* ---- status ---- */

/* Status codes in display order, "not_reported" last; NULL-terminated. */
extern const char *const page_status_codes[];
/* The label of a status code in the page's language. */
const char *page_status_label(const struct page *pg, const char *code);
/* A status as a tag: icon and label, never colour alone. */
void page_status(struct page *pg, const char *code);
/* The icon alone (aria-hidden SVG) of a status code. */
void page_status_icon(struct page *pg, const char *code);
/*
 * Counts of measures by status as a stacked bar (a picture, hidden from
 * screen readers) followed by the same numbers written out. counts[i]
 * belongs to page_status_codes[i].
 */
void page_status_bar(struct page *pg, const int64_t *counts);
/* Number of entries of page_status_codes (without the NULL). */
#define PAGE_STATUS_COUNT 7

/*
 * Counts the measures of `strategy` (NULL: all) by status into
 * counts[PAGE_STATUS_COUNT]; *unconfirmed gets how many have a certainty
 * other than "confirmed". Returns the number counted.
 */
int64_t page_status_count(json_t *measures, const char *strategy,
			  int64_t *counts, int64_t *unconfirmed);
/*
 * "N of M announced measures registered (K not confirmed)" for a strategy
 * (its n_measures_announced), as a paragraph; without M when the strategy
 * does not say, without the parenthesis when K is 0.
 */
void page_registered(struct page *pg, json_t *strategy, int64_t n,
		     int64_t unconfirmed);
/* "Status per 2025-T2 (...); approved reports." for the shown period. */
int page_status_period(struct page *pg, struct err *err);

/* ---- headings and chrome ---- */

/* <h2 id="id"> with a catalog text (id: a literal anchor name). */
void page_h2(struct page *pg, const char *id, const char *key);
/* <h1> with a catalog text. */
void page_h1(struct page *pg, const char *key);

/* A column's header cell, <th scope="col">, with a catalog label. */
void page_th(struct page *pg, const char *key);

/*
 * A sortable column's header cell: <th scope="col"> with aria-sort when
 * it is the sorted column, a link that sorts by `name` ascending (or, on
 * the column sorted ascending, descending: "-name"), the catalog label
 * and a triangle. href(ctx, sort) writes the link's address for a sort
 * value (the page with its filters kept).
 */
void page_sort_head(struct page *pg, const char *label_key, const char *name,
		    bool sorted, bool desc,
		    void (*href)(void *ctx, const char *sort), void *ctx);

/* Starts breadcrumbs: the front page is always the first crumb. */
void page_crumbs_begin(struct page *pg);
/* A crumb linking to /{lang}{path}{id} with a catalog label. */
void page_crumb_key(struct page *pg, const char *path, const char *key);
/* A crumb whose label is domain text (page_text of obj/prefix). */
void page_crumb_obj(struct page *pg, const char *path, const char *id,
		    json_t *obj, const char *prefix);
void page_crumbs_end(struct page *pg);

#endif
