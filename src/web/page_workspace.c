/*
 * web/page_workspace.c: a signed-in user's start page, /{lang}/workspace,
 * and the history of what they wrote, /{lang}/workspace/reports.
 *
 * The start page is a to-do list for whoever reports: per open period,
 * the measures (tiltak) the user's actors lead (a status report) or
 * contribute to (a contribution note), each with the report's state (not
 * started, draft, submitted, returned with the coordinator's comment,
 * approved), the deadline and a link to the report form. Coordinators get
 * the period's overview in numbers and the way to their pages (periods
 * and review, editing, observations; users and tokens for administrators);
 * readers the same numbers and where to read.
 *
 * The history lists every version of a report the user wrote, newest
 * first. The reminder e-mails link here with ?period=, so that filter is
 * kept.
 *
 * It only reads, through service/ (report.h, portal.h); access is decided
 * there. Ownership: json_t values asked for are released before return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/period.h"
#include "service/portal.h"
#include "service/report.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"
#include "web/workspace_data.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Today's local date, YYYY-MM-DD, to tell a late report. */
static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void para(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

/* ---- the to-do list ---- */

/* One line of the list: a measure, the user's part, the report. */
struct todo_row {
	json_t *m; /* the measure (borrowed from the list) */
	enum workspace_role role;
	json_t *report;	   /* own reference, or NULL */
	const char *state; /* workspace_state(report) */
};

/* Order of the list: what needs the user first. */
static int state_rank(const char *state)
{
	static const char *const order[] = {"returned",	 "missing",  "draft",
					    "submitted", "approved", NULL};

	for (int i = 0; order[i]; i++)
		if (!strcmp(order[i], state))
			return i;
	return 9;
}

static int row_order(const void *a, const void *b)
{
	const struct todo_row *x = a, *y = b;
	int d = state_rank(x->state) - state_rank(y->state);

	if (!d)
		d = (int)y->role - (int)x->role; /* status reports first */
	return d ? d : strcmp(str(x->m, "id"), str(y->m, "id"));
}

/* The rows of one period; *n gets how many. NULL with err on failure. */
static struct todo_row *todo_rows(struct page *pg, json_t *measures,
				  const char *period, size_t *n,
				  struct err *err)
{
	struct todo_row *rows =
	    xcalloc(json_array_size(measures) + 1, sizeof(*rows));
	json_t *m;
	size_t i;

	*n = 0;
	json_array_foreach(measures, i, m) {
		struct todo_row *r = &rows[*n];
		json_t *hist = service_measure_history(pg->st, &pg->who,
						       str(m, "id"), err);

		if (!hist)
			goto fail;
		r->m = m;
		r->role = workspace_role(&pg->who, m);
		r->report = json_incref(workspace_find_report(
		    json_object_get(hist, "items"), period,
		    r->role == WORKSPACE_LEADS, &pg->who));
		r->state = workspace_state(r->report);
		json_decref(hist);
		/* A measure whose reporting ended owes nothing new. */
		if (!r->report &&
		    strcmp(str(m, "state") ? str(m, "state") : "active",
			   "active"))
			continue;
		(*n)++;
	}
	xqsort(rows, *n, sizeof(*rows), row_order);
	return rows;
fail:
	for (size_t k = 0; k < *n; k++)
		json_decref(rows[k].report);
	free(rows);
	return NULL;
}

static void todo_action(struct page *pg, const struct todo_row *r,
			const char *period)
{
	const char *key = "workspace.todo.view";

	if (!strcmp(r->state, "missing"))
		key = "workspace.todo.start";
	else if (!strcmp(r->state, "draft"))
		key = "workspace.todo.continue";
	else if (!strcmp(r->state, "returned"))
		key = "workspace.todo.correct";
	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	workspace_form_href(pg, str(r->m, "id"), period);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "<span class=\"ds-sr-only\"> (");
	html_txt(pg->out, str(r->m, "id"));
	html_raw(pg->out, ")</span></a>");
}

static void todo_state(struct page *pg, const struct todo_row *r,
		       json_t *period, const char *now)
{
	const char *due = str(period, "due");
	const char *comment = str(r->report, "comment");
	bool optional =
	    r->role != WORKSPACE_LEADS && !strcmp(r->state, "missing");

	workspace_state_tag(pg, r->state);
	/* A contribution note is optional: never late for not being there. */
	if (due && strcmp(now, due) > 0 && workspace_state_open(r->state) &&
	    !optional) {
		html_raw(pg->out, " <span class=\"ds-tag\" "
				  "data-color=\"danger\">");
		html_txt(pg->out, T(pg, "workspace.todo.late"));
		html_raw(pg->out, "</span>");
	}
	if (!strcmp(r->state, "returned") && comment) {
		html_raw(pg->out,
			 "<p class=\"ds-paragraph vk-comment\"><strong>");
		html_txt(pg->out, T(pg, "workspace.todo.comment"));
		html_raw(pg->out, "</strong> ");
		html_txt(pg->out, comment);
		html_raw(pg->out, "</p>");
	}
}

static void todo_row_html(struct page *pg, const struct todo_row *r,
			  json_t *period, const char *period_arg,
			  const char *now)
{
	html_raw(pg->out, "<tr><td>");
	page_link(pg, "/measures/", str(r->m, "id"), r->m, "title");
	html_raw(pg->out, " <span class=\"vk-id\">");
	html_txt(pg->out, str(r->m, "id"));
	html_raw(pg->out, "</span></td><td>");
	html_txt(pg->out, T(pg, r->role == WORKSPACE_LEADS
				    ? "workspace.todo.role_lead"
				    : "workspace.todo.role_contributing"));
	html_raw(pg->out, "</td><td>");
	todo_state(pg, r, period, now);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	if (str(period, "due"))
		page_date(pg, str(period, "due"));
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	todo_action(pg, r, period_arg);
	html_raw(pg->out, "</td></tr>\n");
}

/* "3 to write or correct, 1 submitted, 2 approved." */
static void todo_counts(struct page *pg, const struct todo_row *rows, size_t n)
{
	size_t open = 0, sent = 0, done = 0;
	char a[24], b[24], c[24];

	for (size_t i = 0; i < n; i++) {
		if (workspace_state_open(rows[i].state))
			open++;
		else if (!strcmp(rows[i].state, "submitted"))
			sent++;
		else
			done++;
	}
	snprintf(a, sizeof(a), "%zu", open);
	snprintf(b, sizeof(b), "%zu", sent);
	snprintf(c, sizeof(c), "%zu", done);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "workspace.todo.counts", a, b, c, NULL);
	html_raw(pg->out, "</p>\n");
}

static void todo_table(struct page *pg, json_t *period, const char *id,
		       const char *period_arg, const struct todo_row *rows,
		       size_t n)
{
	char now[11];

	today(now);
	todo_counts(pg, rows, n);
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"todo-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"todo-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "workspace.todo.caption"));
	html_raw(pg->out, " ");
	page_period(pg, id);
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "workspace.todo.col_measure"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "workspace.todo.col_role"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "workspace.todo.col_state"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "workspace.todo.col_due"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "workspace.todo.col_action"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		todo_row_html(pg, &rows[i], period, period_arg, now);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* One open period's list. `newest`: its form link needs no ?period=. */
static int todo_period(struct page *pg, json_t *measures, json_t *period,
		       bool newest, struct err *err)
{
	const char *id = str(period, "id");
	struct todo_row *rows;
	size_t n;

	if (!id)
		return 0;
	rows = todo_rows(pg, measures, id, &n, err);
	if (!rows)
		return -1;
	html_raw(pg->out, "<h3 class=\"ds-heading\" data-size=\"sm\">");
	page_period(pg, id);
	html_raw(pg->out, "</h3>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "workspace.todo.due"));
	html_raw(pg->out, " <strong>");
	page_date(pg, str(period, "due"));
	html_raw(pg->out, "</strong></p>\n");
	if (n)
		todo_table(pg, period, id, newest ? NULL : id, rows, n);
	else
		para(pg, "workspace.todo.none_in_period");
	for (size_t i = 0; i < n; i++)
		json_decref(rows[i].report);
	free(rows);
	return 0;
}

static int todo_section(struct page *pg, json_t *periods, struct err *err)
{
	json_t *measures, *p;
	size_t i;
	int rc = 0;

	page_h2(pg, "todo", "workspace.todo.title");
	if (!json_array_size(periods)) {
		para(pg, "workspace.todo.no_period");
		return 0;
	}
	if (!(measures = workspace_my_measures(pg, err)))
		return -1;
	if (!json_array_size(measures))
		para(pg, "workspace.todo.no_measures");
	else
		json_array_foreach(periods, i, p)
			if (rc == 0)
				rc = todo_period(pg, measures, p, i == 0, err);
	json_decref(measures);
	return rc;
}

/* ---- the overview in numbers (coordinators and readers) ---- */

static void count_item(struct page *pg, json_t *counts, const char *state,
		       const char *key)
{
	char n[24];

	snprintf(n, sizeof(n), "%lld",
		 (long long)json_integer_value(json_object_get(counts, state)));
	html_raw(pg->out, "<li>");
	page_tf(pg, key, n, NULL);
	html_raw(pg->out, "</li>\n");
}

static int overview(struct page *pg, json_t *period, struct err *err)
{
	json_t *o =
	    service_overview(pg->st, &pg->who, str(period, "id"), NULL, err);
	json_t *counts;

	if (!o)
		return -1;
	counts = json_object_get(o, "counts");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "workspace.overview.lead"));
	html_raw(pg->out, " ");
	page_period(pg, str(period, "id"));
	html_raw(pg->out, ":</p>\n<ul class=\"ds-list vk-counts\">\n");
	count_item(pg, counts, "total", "workspace.overview.total");
	count_item(pg, counts, "missing", "workspace.overview.missing");
	count_item(pg, counts, "draft", "workspace.overview.draft");
	count_item(pg, counts, "submitted", "workspace.overview.submitted");
	count_item(pg, counts, "returned", "workspace.overview.returned");
	count_item(pg, counts, "approved", "workspace.overview.approved");
	count_item(pg, counts, "late", "workspace.overview.late");
	count_item(pg, o, "closures_proposed", "workspace.overview.closures");
	html_raw(pg->out, "</ul>\n");
	json_decref(o);
	return 0;
}

static void link_item(struct page *pg, const char *path, const char *key,
		      const char *help)
{
	html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
	page_href(pg, path, NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a> \xe2\x80\x93 ");
	html_txt(pg->out, T(pg, help));
	html_raw(pg->out, "</li>\n");
}

static int coordinator_section(struct page *pg, json_t *periods,
			       struct err *err)
{
	page_h2(pg, "cycle", "workspace.coord.title");
	if (json_array_size(periods)) {
		if (overview(pg, json_array_get(periods, 0), err) < 0)
			return -1;
	} else {
		para(pg, "workspace.coord.no_period");
	}
	html_raw(pg->out, "<ul class=\"ds-list vk-links\">\n");
	link_item(pg, "/workspace/cycle", "workspace.coord.cycle",
		  "workspace.coord.cycle_help");
	link_item(pg, "/workspace/edit", "workspace.coord.edit",
		  "workspace.coord.edit_help");
	link_item(pg, "/workspace/observations", "workspace.coord.obs",
		  "workspace.coord.obs_help");
	if (pg->who.role >= ROLE_ADMIN) {
		link_item(pg, "/workspace/users", "workspace.coord.users",
			  "workspace.coord.users_help");
		link_item(pg, "/workspace/tokens", "workspace.coord.tokens",
			  "workspace.coord.tokens_help");
	}
	html_raw(pg->out, "</ul>\n");
	return 0;
}

static int reader_section(struct page *pg, json_t *periods, struct err *err)
{
	page_h2(pg, "read", "workspace.reader.title");
	para(pg, "workspace.reader.intro");
	if (json_array_size(periods) &&
	    overview(pg, json_array_get(periods, 0), err) < 0)
		return -1;
	html_raw(pg->out, "<ul class=\"ds-list vk-links\">\n");
	link_item(pg, "/measures", "workspace.reader.measures",
		  "workspace.reader.measures_help");
	link_item(pg, "/coordination", "workspace.reader.coordination",
		  "workspace.reader.coordination_help");
	html_raw(pg->out, "</ul>\n");
	return 0;
}

/* ---- the start page ---- */

static void workspace_head(struct page *pg)
{
	const char *done = page_param(pg, "done");
	char role[40];

	layout_begin(pg, T(pg, "workspace.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "workspace.title");
	if (done && !strcmp(done, "draft"))
		form_notice(pg, "workspace.done.draft");
	else if (done && !strcmp(done, "submitted"))
		form_notice(pg, "workspace.done.submitted");
	else if (done && !strcmp(done, "closure"))
		form_notice(pg, "workspace.done.closure");
	snprintf(role, sizeof(role), "workspace.role.%s",
		 role_name(pg->who.role));
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "workspace.intro", pg->who.username, T(pg, role), NULL);
	html_raw(pg->out, "</p>\n");
}

static void history_link(struct page *pg)
{
	page_h2(pg, "history", "workspace.history.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/workspace/reports", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "workspace.history.link"));
	html_raw(pg->out, "</a></p>\n");
}

int page_workspace(struct page *pg, struct err *err)
{
	static const char *const dones[] = {"draft", "submitted", "closure",
					    NULL};
	static const struct page_param spec[] = {{"done", PP_ENUM, dones}};
	json_t *periods;
	int rc = 0;

	if (page_params(pg, spec, 1, err) < 0 ||
	    !(periods = workspace_open_periods(pg, err)))
		return -1;
	workspace_head(pg);
	if (pg->who.nactors)
		rc = todo_section(pg, periods, err);
	if (rc == 0 && pg->who.role >= ROLE_COORDINATOR)
		rc = coordinator_section(pg, periods, err);
	else if (rc == 0 && !pg->who.nactors)
		rc = reader_section(pg, periods, err);
	if (rc == 0 && (pg->who.nactors || pg->who.role >= ROLE_COORDINATOR))
		history_link(pg);
	json_decref(periods);
	if (rc == 0)
		layout_end(pg);
	return rc;
}

/* ---- the history of my reports ---- */

/* One version the user wrote. */
struct mine {
	json_t *m;	 /* the measure (borrowed) */
	json_t *version; /* {revision, at, user, state, report} */
};

static int newest_first(const void *a, const void *b)
{
	const char *x = str(((const struct mine *)a)->version, "at");
	const char *y = str(((const struct mine *)b)->version, "at");

	return strcmp(y ? y : "", x ? x : "");
}

struct history {
	struct mine *v;
	size_t n, alloc;
};

static void history_add(struct history *h, json_t *m, json_t *version)
{
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 32;
		h->v = xrealloc(h->v, h->alloc * sizeof(*h->v));
	}
	h->v[h->n++] = (struct mine){m, json_incref(version)};
}

/* The versions of one report that who wrote. */
static int report_versions(struct page *pg, json_t *m, json_t *report,
			   struct history *h, struct err *err)
{
	json_t *vs =
	    service_report_history(pg->st, &pg->who, str(report, "id"), err);
	json_t *v;
	size_t i;

	if (!vs)
		return -1;
	json_array_foreach(json_object_get(vs, "items"), i, v) {
		const char *user = str(v, "user");

		if (user && !strcmp(user, pg->who.username))
			history_add(h, m, v);
	}
	json_decref(vs);
	return 0;
}

/* Every version who wrote on the measures, in `period` when not NULL. */
static int collect(struct page *pg, json_t *measures, const char *period,
		   struct history *h, struct err *err)
{
	json_t *m, *r;
	size_t i, k;

	json_array_foreach(measures, i, m) {
		json_t *hist = service_measure_history(pg->st, &pg->who,
						       str(m, "id"), err);
		int rc = hist ? 0 : -1;

		json_array_foreach(json_object_get(hist, "items"), k, r)
			if (rc == 0 &&
			    (!period || (str(r, "period") &&
					 !strcmp(str(r, "period"), period))))
				rc = report_versions(pg, m, r, h, err);
		json_decref(hist);
		if (rc < 0)
			return -1;
	}
	if (h->n) /* qsort's base may not be NULL, even for none */
		xqsort(h->v, h->n, sizeof(*h->v), newest_first);
	return 0;
}

static void history_row(struct page *pg, const struct mine *x)
{
	json_t *rep = json_object_get(x->version, "report");
	const char *at = str(x->version, "at");
	char rev[24];

	snprintf(rev, sizeof(rev), "%lld",
		 (long long)json_integer_value(
		     json_object_get(x->version, "revision")));
	html_raw(pg->out, "<tr><td class=\"vk-nowrap\">");
	page_date(pg, at);
	if (at && strlen(at) >= 16) {
		html_raw(pg->out, " ");
		html_txtn(pg->out, at + 11, 5);
		html_raw(pg->out, " UTC");
	}
	html_raw(pg->out, "</td><td>");
	page_link(pg, "/measures/", str(x->m, "id"), x->m, "title");
	html_raw(pg->out, "</td><td>");
	page_period(pg, str(rep, "period"));
	html_raw(pg->out, "</td><td>");
	if (str(rep, "status"))
		page_status(pg, str(rep, "status"));
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	workspace_state_tag(pg, workspace_state(x->version));
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	html_txt(pg->out, rev);
	html_raw(pg->out, "</td><td><a class=\"ds-link\" href=\"");
	workspace_form_href(pg, str(x->m, "id"), str(rep, "period"));
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "workspace.history.open"));
	html_raw(pg->out, "<span class=\"ds-sr-only\"> (");
	html_txt(pg->out, str(x->m, "id"));
	html_raw(pg->out, ", ");
	html_txt(pg->out, rev);
	html_raw(pg->out, ")</span></a></td></tr>\n");
}

static void history_table(struct page *pg, const struct history *h)
{
	static const char *const cols[] = {
	    "workspace.history.col_at",	    "workspace.history.col_measure",
	    "workspace.history.col_period", "workspace.history.col_status",
	    "workspace.history.col_state",  "workspace.history.col_version",
	    "workspace.history.col_link",
	};

	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"history-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"history-caption\">");
	html_txt(pg->out, T(pg, "workspace.history.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < h->n; i++)
		history_row(pg, &h->v[i]);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* The measures whose reports the user may have written. */
static json_t *history_measures(struct page *pg, struct err *err)
{
	if (pg->who.role >= ROLE_COORDINATOR)
		return portal_all(pg->st, "measures", NULL, 0, err);
	return workspace_my_measures(pg, err);
}

static void history_head(struct page *pg, const char *period)
{
	layout_begin(pg, T(pg, "workspace.history.title"));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "workspace.title");
	page_crumbs_end(pg);
	page_h1(pg, "workspace.history.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	if (period) {
		html_txt(pg->out, T(pg, "workspace.history.period_intro"));
		html_raw(pg->out, " ");
		page_period(pg, period);
		html_raw(pg->out, ". <a class=\"ds-link\" href=\"");
		page_href(pg, "/workspace/reports", NULL);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, "workspace.history.all"));
		html_raw(pg->out, "</a>");
	} else {
		html_txt(pg->out, T(pg, "workspace.history.intro"));
	}
	html_raw(pg->out, "</p>\n<p class=\"ds-paragraph\"><a "
			  "class=\"ds-link\" href=\"");
	page_href(pg, "/workspace", NULL);
	html_raw(pg->out, "#todo\">");
	html_txt(pg->out, T(pg, "workspace.history.to_todo"));
	html_raw(pg->out, "</a></p>\n");
}

int page_workspace_reports(struct page *pg, struct err *err)
{
	static const struct page_param spec[] = {{"period", PP_ID, NULL}};
	struct history h = {NULL, 0, 0};
	char canon[PERIOD_TEXT_MAX];
	const char *period = NULL;
	json_t *measures;
	struct period p;
	int rc = -1;

	if (page_params(pg, spec, 1, err) < 0)
		return -1;
	if (page_param(pg, "period")) {
		if (period_parse(page_param(pg, "period"), &p, NULL) < 0)
			return err_set_field(err, ERR_INVALID, "period", "%s",
					     T(pg, "error.param_value"));
		period_format(&p, canon);
		period = canon;
	}
	if (!(measures = history_measures(pg, err)))
		return -1;
	if (collect(pg, measures, period, &h, err) < 0)
		goto done;
	history_head(pg, period);
	if (h.n)
		history_table(pg, &h);
	else
		para(pg, "workspace.history.none");
	layout_end(pg);
	rc = 0;
done:
	for (size_t i = 0; i < h.n; i++)
		json_decref(h.v[i].version);
	free(h.v);
	json_decref(measures);
	return rc;
}
