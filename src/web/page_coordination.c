/*
 * web/page_coordination.c: /{lang}/coordination, the coordination
 * analysis for people: its findings grouped by kind (what each kind means,
 * how many, each finding with the entities it names as links, the
 * explanation, the suggested action and the evidence), a filter by kind,
 * strategy and mark; the actor network as a table and a Graphviz drawing
 * (web/coordination_network.c); and the overlap matrix between two
 * strategies (web/coordination_matrix.c). Signed-in users see how each
 * finding is marked; coordinators and admins mark findings with the small
 * form under each (POST /{lang}/coordination, page_coordination_post).
 *
 * The page asks for the analysis once (service_analysis_run: the service
 * decides who sees which kinds, and shares one run between the requests
 * that see the same data) and reads everything from that result.
 * Must not touch the store. Ownership: the result is released here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/value.h"
#include "service/analysis.h"
#include "service/coordination.h"
#include "util/parse.h"
#include "web/coordination_page.h"
#include "web/coordination_view.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

/* Without a kind chosen, each kind shows this many; with one, a page of
 * PAGE_SIZE and links to the next. */
#define PER_KIND 20
#define PAGE_SIZE 50

/* Per kind, its heading and what it means, as catalog keys. */
static const struct kind_text {
	const char *title, *about;
} kind_texts[FINDING_KIND_COUNT] = {
    [FK_NO_LEAD] = {"coordination.kind.no_lead",
		    "coordination.kind.no_lead.about"},
    [FK_MANY_LEADS] = {"coordination.kind.many_leads",
		       "coordination.kind.many_leads.about"},
    [FK_MISSING_REPORT] = {"coordination.kind.missing_report",
			   "coordination.kind.missing_report.about"},
    [FK_STALE_REPORT] = {"coordination.kind.stale_report",
			 "coordination.kind.stale_report.about"},
    [FK_RETURNED_REPORT] = {"coordination.kind.returned_report",
			    "coordination.kind.returned_report.about"},
    [FK_OVERLAP] = {"coordination.kind.overlap",
		    "coordination.kind.overlap.about"},
    [FK_NO_COMMON_ARENA] = {"coordination.kind.no_common_arena",
			    "coordination.kind.no_common_arena.about"},
    [FK_CROSS_MINISTRY] = {"coordination.kind.cross_ministry",
			   "coordination.kind.cross_ministry.about"},
    [FK_PARALLEL_ARENAS] = {"coordination.kind.parallel_arenas",
			    "coordination.kind.parallel_arenas.about"},
    [FK_DEPENDENCY_RISK] = {"coordination.kind.dependency_risk",
			    "coordination.kind.dependency_risk.about"},
    [FK_DEPENDENCY_CYCLE] = {"coordination.kind.dependency_cycle",
			     "coordination.kind.dependency_cycle.about"},
    [FK_FUNDING_GAP] = {"coordination.kind.funding_gap",
			"coordination.kind.funding_gap.about"},
    [FK_OFF_TRACK] = {"coordination.kind.off_track",
		      "coordination.kind.off_track.about"},
    [FK_ABSENT_ACTOR] = {"coordination.kind.absent_actor",
			 "coordination.kind.absent_actor.about"},
    [FK_UNANSWERED_INPUT] = {"coordination.kind.unanswered_input",
			     "coordination.kind.unanswered_input.about"},
};

const char *coord_kind_title(int kind)
{
	return kind_texts[kind].title;
}

static const char *const severity_keys[SEV_COUNT] = {
    "coordination.severity.high",
    "coordination.severity.medium",
    "coordination.severity.low",
};
static const char *const severity_colors[SEV_COUNT] = {
    "danger",
    "warning",
    "info",
};

static const char *const done_values[] = {"marked", NULL};

static const struct page_param params[] = {
    {"kind", PP_ID, NULL},
    {"strategy", PP_ID, NULL},
    {"state", PP_ENUM, coord_state_values},
    {"a", PP_ID, NULL},
    {"b", PP_ID, NULL},
    {"page", PP_ID, NULL},
    {"done", PP_ENUM, done_values},
};

/* ---- filters ---- */

static int bad(struct page *pg, struct err *err, const char *field,
	       const char *key)
{
	return err_set_field(err, ERR_INVALID, field, "%s", T(pg, key));
}

/* Parses the filter values in f (set by the caller from the query or
 * the form). */
static int parse_filters(struct page *pg, struct filters *f, struct err *err)
{
	int st = f->state ? mark_state_parse(f->state) : MARK_OPEN;

	f->kind_i = f->kind ? finding_kind_parse(f->kind) : -1;
	if (f->kind && f->kind_i < 0)
		return bad(pg, err, "kind", "coordination.error.kind");
	if (st < 0)
		return bad(pg, err, "state", "coordination.error.state");
	f->mark = (enum mark_state)st;
	f->pageno = 1;
	if (f->page && parse_int64(f->page, 1, 1000000, &f->pageno, NULL) < 0)
		return bad(pg, err, "page", "coordination.error.page");
	if ((f->strategy && value_check_id(f->strategy, NULL) < 0) ||
	    (f->a && value_check_id(f->a, NULL) < 0) ||
	    (f->b && value_check_id(f->b, NULL) < 0))
		return bad(pg, err, "strategy", "coordination.error.strategy");
	return 0;
}

static int query_filters(struct page *pg, struct filters *f, struct err *err)
{
	memset(f, 0, sizeof(*f));
	if (page_params(pg, params, sizeof(params) / sizeof(params[0]), err) <
	    0)
		return -1;
	f->kind = page_param(pg, "kind");
	f->strategy = page_param(pg, "strategy");
	f->state = page_param(pg, "state");
	f->a = page_param(pg, "a");
	f->b = page_param(pg, "b");
	f->page = page_param(pg, "page");
	f->marked = page_param(pg, "done") != NULL;
	return parse_filters(pg, f, err);
}

static int form_filters(struct page *pg, struct filters *f, struct err *err)
{
	memset(f, 0, sizeof(*f));
	f->kind = coord_form_value(pg, "kind");
	f->strategy = coord_form_value(pg, "strategy");
	f->state = coord_form_value(pg, "state");
	f->a = coord_form_value(pg, "a");
	f->b = coord_form_value(pg, "b");
	f->page = coord_form_value(pg, "page");
	return parse_filters(pg, f, err);
}

/* The query that gives this view again ("kind=x&strategy=y"), with page
 * when above 1; kind_i -2 keeps the view's kind. Values are url-encoded. */
static void filter_query(const struct view *v, struct buf *b, int kind_i,
			 int64_t pageno)
{
	const struct filters *f = &v->f;
	const char *kind = kind_i == -2	 ? f->kind
			   : kind_i >= 0 ? finding_kind_name(kind_i)
					 : NULL;
	const char *names[] = {"kind", "strategy", "state", "a", "b"};
	const char *vals[] = {kind, f->strategy, f->state, f->a, f->b};

	for (size_t i = 0; i < 5; i++) {
		if (!vals[i])
			continue;
		buf_addstr(b, b->len ? "&" : "");
		buf_addstr(b, names[i]);
		buf_addch(b, '=');
		html_url_arg(b, vals[i]);
	}
	if (pageno > 1)
		buf_addf(b, "%spage=%lld", b->len ? "&" : "",
			 (long long)pageno);
}

/* href="/{lang}/coordination?<query>" for a kind and page. */
static void view_href(struct view *v, int kind_i, int64_t pageno)
{
	struct buf q = BUF_INIT;

	filter_query(v, &q, kind_i, pageno);
	page_href(v->pg, "/coordination", NULL);
	if (q.len) {
		html_raw(v->pg->out, "?");
		html_attr(v->pg->out, buf_cstr(&q));
	}
	buf_release(&q);
}

/* ---- loading ---- */

static int strategy_row(struct page *pg, const struct snapshot *s,
			const char *id, int32_t *out, struct err *err)
{
	*out = SNAP_NONE;
	if (!id)
		return 0;
	*out = coordination_strategy(s, id);
	return *out < 0
		   ? bad(pg, err, "strategy", "coordination.error.strategy")
		   : 0;
}

static void list_add(struct view *v, uint32_t i)
{
	const struct finding *f = &v->res.fs->v[i];

	v->list[v->nlist++] = i;
	v->by_kind[f->kind]++;
	v->by_sev[f->severity]++;
}

/*
 * The findings the page lists: those the service shows, of the chosen
 * kind and strategy. A finding whose mark was refused comes first, even
 * when the filters hide it (marked already in another tab), so that its
 * form with the message is where the error summary links to.
 */
static void select_findings(struct view *v)
{
	const struct analysis_result *r = &v->res;
	int64_t failed = -1;

	v->list = calloc(r->nshown + 2, sizeof(*v->list));
	for (size_t i = 0; v->list && v->failed && i < r->fs->n; i++)
		if (!strcmp(r->fs->v[i].id, v->failed)) {
			failed = (int64_t)i;
			list_add(v, (uint32_t)i);
			break;
		}
	for (size_t k = 0; v->list && k < r->nshown; k++) {
		const struct finding *f = &r->fs->v[r->shown[k]];

		if ((int64_t)r->shown[k] == failed ||
		    (v->f.kind_i >= 0 && f->kind != v->f.kind_i) ||
		    (v->strategy >= 0 &&
		     !coordination_in_strategy(r->snap, r->fs, f, v->strategy)))
			continue;
		list_add(v, r->shown[k]);
	}
}

static int load(struct view *v, struct err *err)
{
	struct analysis_query q = ANALYSIS_QUERY_INIT;
	struct page *pg = v->pg;

	q.state = v->f.mark;
	q.shared = true;
	/* One kind, and overlap for the matrix. */
	if (v->f.kind_i >= 0)
		q.kinds = (1u << v->f.kind_i) | (1u << FK_OVERLAP);
	if (coordination_data_version(pg->st, &v->version, err) < 0 ||
	    service_analysis_run(pg->st, &pg->who, &q, &v->res, err) < 0)
		return -1;
	if (strategy_row(pg, v->res.snap, v->f.strategy, &v->strategy, err) <
		0 ||
	    strategy_row(pg, v->res.snap, v->f.a, &v->a, err) < 0 ||
	    strategy_row(pg, v->res.snap, v->f.b, &v->b, err) < 0)
		return -1;
	if (v->a < 0 || v->b < 0) {
		int32_t a, b;

		coordination_default_pair(v->res.snap, &a, &b);
		v->a = v->a < 0 ? a : v->a;
		v->b = v->b < 0 ? b : v->b;
	}
	v->can_mark = coordination_can_mark(pg->st, &pg->who);
	select_findings(v);
	return 0;
}

/* ---- the top of the page ---- */

static void analysed(struct view *v)
{
	struct page *pg = v->pg;
	char day[16], ver[24];
	int y, m, d;

	snap_civil(v->res.snap->today, &y, &m, &d);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d);
	snprintf(ver, sizeof(ver), "%llu", (unsigned long long)v->version);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-period\">");
	html_txt(pg->out, T(pg, "coordination.analysed"));
	html_raw(pg->out, " <time datetime=\"");
	html_attr(pg->out, day);
	html_raw(pg->out, "\">");
	page_date(pg, day);
	html_raw(pg->out, "</time>. ");
	page_tf(pg, "coordination.version", ver, NULL);
	html_raw(pg->out, "</p>\n");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	if (v->res.show_marks)
		page_tf(pg, "coordination.period", v->res.period.id, NULL);
	else
		html_txt(pg->out, T(pg, "coordination.public_note"));
	html_raw(pg->out, "</p>\n");
}

static void contents(struct page *pg)
{
	static const struct {
		const char *id, *key;
	} parts[] = {
	    {"findings", "coordination.h.findings"},
	    {"network", "coordination.net.heading"},
	    {"matrix", "coordination.matrix.heading"},
	};

	html_raw(pg->out, "<nav aria-labelledby=\"contents-h\" "
			  "class=\"vk-contents\"><h2 class=\"ds-heading\" "
			  "data-size=\"2xs\" id=\"contents-h\">");
	html_txt(pg->out, T(pg, "coordination.contents"));
	html_raw(pg->out, "</h2><ul class=\"ds-list\">");
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"#");
		html_attr(pg->out, parts[i].id);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, parts[i].key));
		html_raw(pg->out, "</a></li>");
	}
	html_raw(pg->out, "</ul></nav>\n");
}

/* ---- findings ---- */

static void summary(struct view *v)
{
	struct page *pg = v->pg;
	char n[4][24];

	snprintf(n[0], sizeof(n[0]), "%zu", v->nlist);
	for (int i = 0; i < SEV_COUNT; i++)
		snprintf(n[i + 1], sizeof(n[i + 1]), "%zu", v->by_sev[i]);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	if (!v->nlist)
		html_txt(pg->out, T(pg, "coordination.none"));
	else
		page_tf(pg, "coordination.summary", n[0], n[1], n[2], n[3],
			NULL);
	if (v->res.hidden_by_mark && v->f.mark == MARK_OPEN) {
		snprintf(n[0], sizeof(n[0]), "%zu", v->res.hidden_by_mark);
		html_raw(pg->out, " ");
		page_tf(pg, "coordination.hidden", n[0], NULL);
	}
	html_raw(pg->out, "</p>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "coordination.severity.about"));
	html_raw(pg->out, "</p>\n");
	if (v->f.kind_i >= 0 && !v->res.show_marks &&
	    (v->f.kind_i == FK_MISSING_REPORT ||
	     v->f.kind_i == FK_STALE_REPORT ||
	     v->f.kind_i == FK_RETURNED_REPORT)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.private_kind"));
		html_raw(pg->out, "</p>\n");
	}
}

static void entities(struct view *v, const struct finding *f)
{
	const struct analysis_result *r = &v->res;

	html_raw(v->pg->out, "<ul class=\"vk-plain-list vk-entities\">");
	for (uint32_t i = 0; i < f->nent; i++) {
		html_raw(v->pg->out, "<li>");
		coord_ref(v->pg, r->snap, &r->fs->refs[f->ent_off + i],
			  finding_ent_id(r->snap, r->fs, f, i));
		html_raw(v->pg->out, "</li>");
	}
	html_raw(v->pg->out, "</ul>\n");
}

static void prose(struct view *v, const struct finding *f, bool action)
{
	struct page *pg = v->pg;
	struct buf b = BUF_INIT;

	if (action)
		finding_action(v->res.snap, v->res.fs, f, lang_code(pg->lang),
			       &b);
	else
		finding_explain(v->res.snap, v->res.fs, f, lang_code(pg->lang),
				&b);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	if (action) {
		html_raw(pg->out, "<strong>");
		html_txt(pg->out, T(pg, "coordination.action"));
		html_raw(pg->out, "</strong> ");
	}
	html_txt(pg->out, buf_cstr(&b));
	html_raw(pg->out, "</p>\n");
	buf_release(&b);
}

static void finding_item(struct view *v, uint32_t i)
{
	struct page *pg = v->pg;
	const struct finding *f = &v->res.fs->v[i];
	json_t *j =
	    finding_json(v->res.snap, v->res.fs, f, lang_code(pg->lang));

	html_raw(pg->out, "<li class=\"vk-finding\" id=\"finding-");
	html_attr(pg->out, f->id);
	html_raw(pg->out, "\">\n<p class=\"vk-finding-head\"><span "
			  "class=\"ds-tag\" data-color=\"");
	html_attr(pg->out, severity_colors[f->severity]);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, severity_keys[f->severity]));
	html_raw(pg->out, "</span> <span class=\"vk-finding-id\">");
	page_tf(pg, "coordination.finding_id", f->id, NULL);
	html_raw(pg->out, "</span></p>\n");
	entities(v, f);
	prose(v, f, false);
	coord_evidence(pg, v->res.snap, j);
	prose(v, f, true);
	if (v->res.show_marks)
		coord_mark_state(v, i);
	if (v->can_mark)
		coord_mark_form(v, f);
	html_raw(pg->out, "</li>\n");
	json_decref(j);
}

static void pager(struct view *v, int kind, size_t total, int64_t pageno)
{
	struct page *pg = v->pg;
	int64_t pages = (int64_t)((total + PAGE_SIZE - 1) / PAGE_SIZE);

	if (pages <= 1)
		return;
	html_raw(pg->out, "<nav class=\"vk-pager\" aria-label=\"");
	html_attr(pg->out, T(pg, "coordination.pages"));
	html_raw(pg->out, "\"><ul class=\"vk-plain-list\">");
	if (pageno > 1) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		view_href(v, kind, pageno - 1);
		html_raw(pg->out, "#findings\">");
		html_txt(pg->out, T(pg, "coordination.prev"));
		html_raw(pg->out, "</a></li>");
	}
	if (pageno < pages) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		view_href(v, kind, pageno + 1);
		html_raw(pg->out, "#findings\">");
		html_txt(pg->out, T(pg, "coordination.next"));
		html_raw(pg->out, "</a></li>");
	}
	html_raw(pg->out, "</ul></nav>\n");
}

/* How many of the kind's findings are shown, and where the rest are. */
static void shown_of(struct view *v, int kind, size_t from, size_t n)
{
	struct page *pg = v->pg;
	char a[24], b[24], c[24];
	size_t total = v->by_kind[kind];

	if (n == total)
		return;
	snprintf(a, sizeof(a), "%zu", from + 1);
	snprintf(b, sizeof(b), "%zu", from + n);
	snprintf(c, sizeof(c), "%zu", total);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "coordination.shown_of", a, b, c, NULL);
	if (v->f.kind_i < 0) {
		html_raw(pg->out, " <a class=\"ds-link\" href=\"");
		view_href(v, kind, 1);
		html_raw(pg->out, "#findings\">");
		page_tf(pg, "coordination.show_all", c, NULL);
		html_raw(pg->out, "</a>");
	}
	html_raw(pg->out, "</p>\n");
	if (v->f.kind_i >= 0)
		pager(v, kind, total, v->f.pageno);
}

static void kind_section(struct view *v, int kind)
{
	struct page *pg = v->pg;
	size_t limit = v->f.kind_i >= 0 ? PAGE_SIZE : PER_KIND;
	size_t from =
	    v->f.kind_i >= 0 ? (size_t)(v->f.pageno - 1) * PAGE_SIZE : 0;
	size_t seen = 0, n = 0;
	char count[24];

	snprintf(count, sizeof(count), "%zu", v->by_kind[kind]);
	html_raw(pg->out, "<section class=\"vk-kind\" aria-labelledby=\"kind-");
	html_attr(pg->out, finding_kind_name(kind));
	html_raw(pg->out, "\">\n<h3 class=\"ds-heading\" data-size=\"sm\" "
			  "id=\"kind-");
	html_attr(pg->out, finding_kind_name(kind));
	html_raw(pg->out, "\">");
	page_tf(pg, "coordination.kind.heading", T(pg, kind_texts[kind].title),
		count, NULL);
	html_raw(pg->out, "</h3>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, kind_texts[kind].about));
	html_raw(pg->out, "</p>\n<ol class=\"vk-findings\">\n");
	for (size_t k = 0; k < v->nlist && n < limit; k++) {
		if (v->res.fs->v[v->list[k]].kind != kind || seen++ < from)
			continue;
		finding_item(v, v->list[k]);
		n++;
	}
	html_raw(pg->out, "</ol>\n");
	shown_of(v, kind, from, n);
	html_raw(pg->out, "</section>\n");
}

static void findings(struct view *v)
{
	struct page *pg = v->pg;

	page_h2(pg, "findings", "coordination.h.findings");
	coord_filter_form(v);
	summary(v);
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		if (v->by_kind[k])
			kind_section(v, k);
}

/* A mark that failed on a finding the page does not show: its message
 * needs a place the error summary can link to. */
static void failed_elsewhere(struct view *v)
{
	struct page *pg = v->pg;

	if (!v->failed || !form_error_of(&v->fs, "mark-gone"))
		return;
	html_raw(pg->out, "<p class=\"ds-validation-message\" "
			  "id=\"f-mark-gone\" tabindex=\"-1\">");
	html_txt(pg->out, form_error_of(&v->fs, "mark-gone"));
	html_raw(pg->out, "</p>\n");
}

static void render(struct view *v)
{
	struct page *pg = v->pg;
	const char *kept[] = {"kind",  v->f.kind,  "strategy", v->f.strategy,
			      "state", v->f.state, NULL};

	layout_begin(pg, T(pg, "coordination.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "coordination.title");
	form_error_summary(pg, &v->fs);
	if (v->f.marked)
		form_notice(pg, "coordination.mark.saved");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "coordination.intro"));
	html_raw(pg->out, "</p>\n");
	analysed(v);
	contents(pg);
	failed_elsewhere(v);
	findings(v);
	coord_network_section(pg, v->res.snap, v->strategy, NULL);
	coord_matrix_section(pg, v->res.snap, v->res.fs, v->a, v->b, kept);
	layout_end(pg);
}

static void view_init(struct view *v, struct page *pg)
{
	memset(v, 0, sizeof(*v));
	v->pg = pg;
	v->strategy = v->a = v->b = SNAP_NONE;
}

static void view_release(struct view *v)
{
	free(v->list);
	analysis_result_release(&v->res);
}

int page_coordination(struct page *pg, struct err *err)
{
	struct view v;
	int rc = -1;

	view_init(&v, pg);
	if (query_filters(pg, &v.f, err) < 0 || load(&v, err) < 0)
		goto done;
	render(&v);
	rc = 0;
done:
	view_release(&v);
	return rc;
}

/* ---- marking ---- */

static void back_to_view(struct view *v, const char *id)
{
	struct buf q = BUF_INIT;

	buf_addstr(&q, "done=marked");
	filter_query(v, &q, -2, v->f.pageno);
	buf_addstr(&q, "#finding-");
	html_url_arg(&q, id);
	page_redirect(v->pg, "/coordination", NULL, buf_cstr(&q));
	buf_release(&q);
}

int page_coordination_post(struct page *pg, struct err *err)
{
	struct view v;
	struct err merr = ERR_INIT;
	const char *id = coord_form_value(pg, "finding");
	json_t *out = NULL;
	int rc = -1;

	view_init(&v, pg);
	if (form_filters(pg, &v.f, err) < 0)
		goto done;
	if (!id || value_check_id(id, NULL) < 0) {
		bad(pg, err, "finding", "coordination.error.finding");
		goto done;
	}
	if (service_analysis_mark(
		pg->st, &pg->who, id, coord_form_value(pg, "mark"),
		coord_form_value(pg, "comment"), &out, &merr) == 0) {
		json_decref(out);
		back_to_view(&v, id);
		rc = 0;
		goto done;
	}
	if (merr.code != ERR_UNPROCESSABLE && merr.code != ERR_NOT_FOUND) {
		*err = merr; /* 403, 503, 500: the error page */
		goto done;
	}
	coord_mark_error(&v, id, &merr);
	if (load(&v, err) < 0)
		goto done;
	render(&v);
	pg->resp->status = 422;
	rc = 0;
done:
	view_release(&v);
	return rc;
}
