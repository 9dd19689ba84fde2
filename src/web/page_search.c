/*
 * web/page_search.c: /{lang}/search?q=...[&kind=measures|actors|reports]:
 * the search form, then the hits grouped by kind (measures, actors,
 * status reports) with their counts, each with a link and a snippet in
 * which the matched words are marked. Without kind, the best hits of
 * each kind and a link to all of one kind; with kind, up to
 * KIND_HITS of that one.
 *
 * The highlighting comes from the store as text with two marker control
 * characters around each match (store/search.h). marked() escapes the
 * text and writes <mark> for the markers itself, so matched text that
 * contains markup is shown as text like any other; the markers are
 * never data (value.c refuses control characters and the index blanks
 * them).
 *
 * An empty q shows the form with a hint (200); a q longer than
 * SEARCH_QUERY_MAX bytes, or not UTF-8, shows the form with the error
 * (400). Ownership: the search result is released here.
 */
#include <string.h>

#include "service/search.h"
#include "web/form_view.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/page.h"

/* Hits of each kind on the overview, and of one kind when asked for. */
#define OVERVIEW_HITS 20
#define KIND_HITS 200

/* The kind parameter's values, in enum search_kind order. */
static const char *const kind_values[] = {"measures", "actors", "reports",
					  NULL};
/* The id of each kind's heading (a fragment the overview links to). */
static const char *const kind_anchor[] = {"search-measures", "search-actors",
					  "search-reports"};
static const char *const kind_heading[] = {
    "search.kind.measures", "search.kind.actors", "search.kind.reports"};
static const char *const kind_more[] = {
    "search.more.measures", "search.more.actors", "search.more.reports"};

/* Languages to look in for text, the page's first: as page_pick. */
static const enum lang lang_order[LANG_COUNT][LANG_COUNT] = {
    [LANG_NB] = {LANG_NB, LANG_NN, LANG_EN},
    [LANG_NN] = {LANG_NN, LANG_NB, LANG_EN},
    [LANG_EN] = {LANG_EN, LANG_NB, LANG_NN},
};

struct search_view {
	const char *q;	      /* as typed; NULL when absent */
	int kind;	      /* enum search_kind, or -1 for all */
	struct form_state fs; /* the q field's error, if any */
	struct search_result res;
};

/* ---- parameters ---- */

/* q (free text, checked by the service) and kind; anything else, or a
 * parameter given twice, is the 400 page. */
static int read_params(struct page *pg, struct search_view *v, struct err *err)
{
	const struct http_request *req = pg->req;

	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;
		bool known = !strcmp(name, "q") || !strcmp(name, "kind");

		for (size_t k = 0; k < i && known; k++)
			known = strcmp(req->params[k].name, name) != 0;
		if (!known)
			return err_set_field(err, ERR_INVALID, name, "%s",
					     T(pg, "error.param_unknown"));
	}
	v->q = page_param(pg, "q");
	v->kind = -1;
	if (!page_param(pg, "kind"))
		return 0;
	for (int k = 0; kind_values[k]; k++)
		if (!strcmp(kind_values[k], page_param(pg, "kind")))
			v->kind = k;
	if (v->kind < 0)
		return err_set_field(err, ERR_INVALID, "kind", "%s",
				     T(pg, "error.param_value"));
	return 0;
}

/* ---- marked text ---- */

static bool has_mark(const char *s)
{
	return s && strchr(s, SEARCH_MARK_OPEN[0]);
}

/* Text with its marks as <mark>; everything else escaped. A stray or
 * unbalanced marker is dropped, so the markup is always well formed. */
static void marked(struct page *pg, const char *s)
{
	bool open = false;

	while (s && *s) {
		size_t n = strcspn(s, SEARCH_MARK_OPEN SEARCH_MARK_CLOSE);

		html_txtn(pg->out, s, n);
		s += n;
		if (!*s)
			break;
		if (*s == SEARCH_MARK_OPEN[0]) {
			if (!open)
				html_raw(pg->out, "<mark>");
			open = true;
		} else {
			if (open)
				html_raw(pg->out, "</mark>");
			open = false;
		}
		s++;
	}
	if (open)
		html_raw(pg->out, "</mark>");
}

/* marked() inside <span lang> when l is not the page's language. */
static void marked_in(struct page *pg, const char *s, enum lang l)
{
	if (l == pg->lang) {
		marked(pg, s);
		return;
	}
	html_raw(pg->out, "<span lang=\"");
	html_attr(pg->out, lang_code(l));
	html_raw(pg->out, "\">");
	marked(pg, s);
	html_raw(pg->out, "</span>");
}

/* hit["<prefix>_<lang>"], or NULL. */
static const char *in_lang(json_t *hit, const char *prefix, enum lang l)
{
	char key[32];

	snprintf(key, sizeof(key), "%s_%s", prefix, lang_code(l));
	return page_str(hit, key);
}

/* ---- one hit ---- */

/* The title in the page's language or its fallback, marked, as a link. */
static void hit_title(struct page *pg, json_t *hit, const char *path,
		      const char *id, const char *fragment)
{
	enum lang shown = pg->lang;
	const char *title = page_pick(pg, hit, "title", &shown);

	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, path, id);
	if (fragment) {
		html_raw(pg->out, "#");
		html_attr(pg->out, fragment);
	}
	html_raw(pg->out, "\">");
	if (title)
		marked_in(pg, title, shown);
	else
		html_txt(pg->out, id);
	html_raw(pg->out, "</a>");
}

/* A title in another language that matched where the one shown did
 * not ("Innovasjon" on the English page, which shows "Innovation
 * Norway"), or NULL; *l gets its language. */
static const char *other_title(struct page *pg, json_t *hit, enum lang *l)
{
	const enum lang *order = lang_order[pg->lang];

	if (has_mark(page_pick(pg, hit, "title", NULL)))
		return NULL;
	for (int i = 0; i < LANG_COUNT; i++)
		if (has_mark(in_lang(hit, "title", order[i]))) {
			*l = order[i];
			return in_lang(hit, "title", order[i]);
		}
	return NULL;
}

static void snippet(struct page *pg, const char *s, enum lang l)
{
	html_raw(pg->out, "<p class=\"ds-paragraph vk-search-snippet\">");
	marked_in(pg, s, l);
	html_raw(pg->out, "</p>\n");
}

/*
 * The excerpt under a measure's title: the description where the match
 * is (the page's language first), else a title in another language that
 * matched, else the start of the description as page_pick chooses it.
 */
static void measure_snippet(struct page *pg, json_t *hit)
{
	const enum lang *order = lang_order[pg->lang];
	const char *s = NULL;
	enum lang l = pg->lang;

	for (int i = 0; i < LANG_COUNT && !s; i++)
		if (has_mark(in_lang(hit, "text", order[i])))
			s = in_lang(hit, "text", (l = order[i]));
	if (!s)
		s = other_title(pg, hit, &l);
	if (!s)
		s = page_pick(pg, hit, "text", &l);
	if (s)
		snippet(pg, s, l);
}

static void hit_begin(struct page *pg)
{
	html_raw(pg->out, "<li class=\"vk-search-hit\">\n"
			  "<h3 class=\"ds-heading\" data-size=\"2xs\">");
}

static void meta_begin(struct page *pg, const char *key)
{
	html_raw(pg->out, "</h3>\n<p class=\"ds-paragraph vk-search-meta\" "
			  "data-size=\"sm\">");
	html_txt(pg->out, T(pg, key));
}

static void measure_hit(struct page *pg, json_t *hit)
{
	const char *id = page_str(hit, "id");

	hit_begin(pg);
	hit_title(pg, hit, "/measures/", id, NULL);
	meta_begin(pg, "search.type.measure");
	html_raw(pg->out, " \xc2\xb7 ");
	marked(pg, page_str(hit, "text_any") ? page_str(hit, "text_any") : id);
	html_raw(pg->out, "</p>\n");
	measure_snippet(pg, hit);
	html_raw(pg->out, "</li>\n");
}

static void actor_hit(struct page *pg, json_t *hit)
{
	const char *id = page_str(hit, "id");
	const char *kind = page_str(hit, "kind"), *other;
	enum lang l = pg->lang;
	char key[64];

	hit_begin(pg);
	hit_title(pg, hit, "/actors/", id, NULL);
	meta_begin(pg, "search.type.actor");
	if (kind &&
	    snprintf(key, sizeof(key), "kind.%s", kind) < (int)sizeof(key)) {
		html_raw(pg->out, " \xc2\xb7 ");
		html_txt(pg->out, T(pg, key));
	}
	html_raw(pg->out, " \xc2\xb7 ");
	marked(pg, page_str(hit, "text_any") ? page_str(hit, "text_any") : id);
	html_raw(pg->out, "</p>\n");
	if ((other = other_title(pg, hit, &l)))
		snippet(pg, other, l);
	html_raw(pg->out, "</li>\n");
}

/* The report's state, when it is not published: a reader who may see
 * drafts must not take one for the public record. */
static void report_state(struct page *pg, const char *state)
{
	static const char *const states[][2] = {
	    {"draft", "search.state.draft"},
	    {"submitted", "search.state.submitted"},
	    {"returned", "search.state.returned"},
	};

	for (size_t i = 0; state && i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(states[i][0], state)) {
			html_raw(pg->out, " \xc2\xb7 <strong>");
			html_txt(pg->out, T(pg, states[i][1]));
			html_raw(pg->out, "</strong>");
		}
}

/* A report: the measure it is about as the link (the measure page shows
 * the approved reports in its timeline), its period and the text. */
static void report_hit(struct page *pg, json_t *hit)
{
	const char *kind = page_str(hit, "kind");
	bool contribution = kind && !strcmp(kind, "contribution");
	const char *text = page_str(hit, "text_any");

	hit_begin(pg);
	hit_title(pg, hit, "/measures/", page_str(hit, "measure"), "timeline");
	meta_begin(pg, contribution ? "search.type.contribution"
				    : "search.type.report");
	html_raw(pg->out, " \xc2\xb7 ");
	page_period(pg, page_str(hit, "period"));
	if (page_str(hit, "status")) {
		html_raw(pg->out, " \xc2\xb7 ");
		html_txt(pg->out,
			 page_status_label(pg, page_str(hit, "status")));
	}
	report_state(pg, page_str(hit, "state"));
	html_raw(pg->out, "</p>\n");
	if (text) {
		/* Report texts carry no language (docs/web.md). */
		html_raw(pg->out,
			 "<p class=\"ds-paragraph vk-search-snippet\"");
		if (pg->lang == LANG_EN)
			html_raw(pg->out, " lang=\"no\"");
		html_raw(pg->out, ">");
		marked(pg, text);
		html_raw(pg->out, "</p>\n");
	}
	html_raw(pg->out, "</li>\n");
}

/* ---- the page ---- */

/* A number in the page's language, for catalog arguments. */
static void number(struct page *pg, struct buf *b, int64_t n)
{
	buf_reset(b);
	fmt_int(b, pg->lang, n);
}

/* /{lang}/search?q=<q>[&kind=<kind>] as an attribute value. */
static void search_href(struct page *pg, const char *q, int kind)
{
	page_href(pg, "/search", NULL);
	html_raw(pg->out, "?q=");
	html_url_arg(pg->out, q);
	if (kind >= 0) {
		html_raw(pg->out, "&amp;kind=");
		html_url_arg(pg->out, kind_values[kind]);
	}
}

static void search_form(struct page *pg, const struct search_view *v)
{
	const struct form_field field = {
	    .name = "q",
	    .label_key = "search.label",
	    .help_key = "search.help",
	    .value = v->q,
	    .maxlength = SEARCH_QUERY_MAX,
	    .type = "search",
	};

	html_raw(pg->out, "<form class=\"vk-search-form\" method=\"get\" "
			  "role=\"search\" aria-label=\"");
	html_attr(pg->out, T(pg, "search.title"));
	html_raw(pg->out, "\" action=\"");
	page_href(pg, "/search", NULL);
	html_raw(pg->out, "\">\n");
	form_input(pg, &v->fs, &field);
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\">");
	html_txt(pg->out, T(pg, "search.button"));
	html_raw(pg->out, "</button>\n</form>\n");
}

static void paragraph(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

static void no_hits(struct page *pg, const struct search_view *v)
{
	static const char *const tips[] = {
	    "search.tip.spelling",
	    "search.tip.fewer",
	    "search.tip.prefix",
	    "search.tip.languages",
	};

	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "search.none", v->q, NULL);
	html_raw(pg->out, "</p>\n<h2 class=\"ds-heading\" data-size=\"sm\" "
			  "id=\"search-tips\">");
	html_txt(pg->out, T(pg, "search.tips"));
	html_raw(pg->out, "</h2>\n<ul class=\"ds-list\">\n");
	for (size_t i = 0; i < sizeof(tips) / sizeof(tips[0]); i++) {
		html_raw(pg->out, "<li>");
		html_txt(pg->out, T(pg, tips[i]));
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "<li>");
	html_txt(pg->out, T(pg, "search.tip.browse"));
	html_raw(pg->out, " <a class=\"ds-link\" href=\"");
	page_href(pg, "/measures", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "nav.measures"));
	html_raw(pg->out, "</a>, <a class=\"ds-link\" href=\"");
	page_href(pg, "/actors", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "nav.actors"));
	html_raw(pg->out, "</a></li>\n</ul>\n");
}

/* "N treff for «q»" */
static void count_line(struct page *pg, const struct search_view *v)
{
	struct buf n = BUF_INIT;

	number(pg, &n, v->res.total);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-search-count\">");
	page_tf(pg,
		v->res.total == 1 ? "search.count.one" : "search.count.many",
		buf_cstr(&n), v->q, NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&n);
}

/* The overview's table of contents: each kind with its count, linking to
 * its section (or, in a one-kind view, to that kind's view). */
static void kind_nav(struct page *pg, const struct search_view *v)
{
	struct buf n = BUF_INIT;

	html_raw(pg->out, "<nav class=\"vk-search-kinds\" aria-label=\"");
	html_attr(pg->out, T(pg, "search.kinds"));
	html_raw(pg->out, "\"><ul>\n");
	if (v->kind >= 0) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		search_href(pg, v->q, -1);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, "search.all_kinds"));
		html_raw(pg->out, "</a></li>\n");
	}
	for (int k = 0; k < SEARCH_KINDS; k++) {
		if (!v->res.counts[k] || k == v->kind)
			continue;
		number(pg, &n, v->res.counts[k]);
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		if (v->kind >= 0) {
			search_href(pg, v->q, k);
		} else {
			html_raw(pg->out, "#");
			html_attr(pg->out, kind_anchor[k]);
		}
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, kind_heading[k]));
		html_raw(pg->out, " (");
		html_txt(pg->out, buf_cstr(&n));
		html_raw(pg->out, ")</a></li>\n");
	}
	html_raw(pg->out, "</ul></nav>\n");
	buf_release(&n);
}

/* After a kind's list: a link to all of them, or in the one-kind view
 * how many are not shown. */
static void kind_more_line(struct page *pg, const struct search_view *v, int k,
			   size_t shown)
{
	struct buf n = BUF_INIT, m = BUF_INIT;

	if ((int64_t)shown >= v->res.counts[k])
		return;
	number(pg, &n, v->res.counts[k]);
	fmt_int(&m, pg->lang, (int64_t)shown);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	if (v->kind < 0) {
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		search_href(pg, v->q, k);
		html_raw(pg->out, "\">");
		page_tf(pg, kind_more[k], buf_cstr(&n), NULL);
		html_raw(pg->out, "</a>");
	} else {
		page_tf(pg, "search.capped", buf_cstr(&m), buf_cstr(&n), NULL);
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&n);
	buf_release(&m);
}

static void kind_section(struct page *pg, const struct search_view *v, int k)
{
	json_t *hits = v->res.hits[k], *hit;
	struct buf n = BUF_INIT;
	size_t i;

	number(pg, &n, v->res.counts[k]);
	html_raw(pg->out, "<section aria-labelledby=\"");
	html_attr(pg->out, kind_anchor[k]);
	html_raw(pg->out, "\">\n<h2 class=\"ds-heading\" data-size=\"md\" "
			  "id=\"");
	html_attr(pg->out, kind_anchor[k]);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, kind_heading[k]));
	html_raw(pg->out, " (");
	html_txt(pg->out, buf_cstr(&n));
	html_raw(pg->out, ")</h2>\n<ol class=\"vk-search-hits\">\n");
	json_array_foreach(hits, i, hit)
	{
		if (k == SEARCH_MEASURE)
			measure_hit(pg, hit);
		else if (k == SEARCH_ACTOR)
			actor_hit(pg, hit);
		else
			report_hit(pg, hit);
	}
	html_raw(pg->out, "</ol>\n");
	kind_more_line(pg, v, k, json_array_size(hits));
	html_raw(pg->out, "</section>\n");
	buf_release(&n);
}

static void results(struct page *pg, const struct search_view *v)
{
	if (v->res.nterms == 0) {
		paragraph(pg, "search.nothing");
		return;
	}
	if (v->res.total == 0) {
		no_hits(pg, v);
		return;
	}
	count_line(pg, v);
	kind_nav(pg, v);
	for (int k = 0; k < SEARCH_KINDS; k++)
		if (v->res.hits[k] && (v->kind == k || v->res.counts[k]))
			kind_section(pg, v, k);
}

static void render(struct page *pg, const struct search_view *v)
{
	struct buf title = BUF_INIT;

	if (v->q) {
		buf_addstr(&title, v->q);
		buf_addstr(&title, " \xe2\x80\x93 ");
	}
	buf_addstr(&title, T(pg, "search.title"));
	layout_begin(pg, buf_cstr(&title));
	buf_release(&title);
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "search.title");
	form_error_summary(pg, &v->fs);
	search_form(pg, v);
	if (form_has_errors(&v->fs))
		; /* the summary and the field say what to change */
	else if (!v->q)
		paragraph(pg, "search.intro");
	else
		results(pg, v);
	layout_end(pg);
}

/* The catalog text of key with {1} replaced by arg, as plain text (the
 * form's error is escaped where it is shown). */
static void plain_text(struct page *pg, struct buf *b, const char *key,
		       const char *arg)
{
	const char *t = T(pg, key), *at = strstr(t, "{1}");

	if (!at) {
		buf_addstr(b, t);
		return;
	}
	buf_add(b, t, (size_t)(at - t));
	buf_addstr(b, arg);
	buf_addstr(b, at + 3);
}

/* The service's refusal of q as the form's error (400): too long, or not
 * text. Other failures go to the error page. */
static int refused(struct page *pg, struct search_view *v, const struct err *e,
		   struct err *err)
{
	struct buf msg = BUF_INIT;
	char max[16];

	if (e->code != ERR_INVALID) {
		*err = *e;
		return -1;
	}
	snprintf(max, sizeof(max), "%d", SEARCH_QUERY_MAX);
	if (strlen(v->q) > SEARCH_QUERY_MAX) {
		plain_text(pg, &msg, "search.too_long", max);
	} else {
		plain_text(pg, &msg, "search.invalid", max);
		v->q = NULL; /* not text: not shown again */
	}
	form_error(&v->fs, "q", buf_cstr(&msg));
	buf_release(&msg);
	pg->resp->status = 400;
	return 0;
}

int page_search(struct page *pg, struct err *err)
{
	struct search_view v;
	struct err e = ERR_INIT;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	if (read_params(pg, &v, err) < 0)
		return -1;
	if (v.q && service_search(pg->st, &pg->who, v.q, v.kind,
				  v.kind < 0 ? OVERVIEW_HITS : KIND_HITS,
				  &v.res, &e) < 0)
		rc = refused(pg, &v, &e, err);
	if (rc == 0)
		render(pg, &v);
	search_result_release(&v.res);
	return rc;
}
