/*
 * web/cycle_overview.c: one period's overview on the cycle page (see
 * cycle_overview.h). Measure titles and actor names come from the public
 * maps (service/portal.h) in the page's language; the rows, their states
 * and the counts from service_overview.
 */
#include "web/cycle_overview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/portal.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/cycle_view.h"
#include "web/form_view.h"
#include "web/format.h"

enum col {
	COL_MEASURE,
	COL_TITLE,
	COL_LEAD,
	COL_STATE,
	COL_STATUS,
	COL_PROGRESS,
	COL_SUBMITTED,
	COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
    "measure", "title", "lead", "state", "status", "progress", "submitted",
};
static const char *const col_keys[COL_COUNT] = {
    "cycle.col.measure",   "cycle.col.title",  "cycle.col.lead",
    "cycle.col.state",	   "cycle.col.status", "cycle.col.progress",
    "cycle.col.submitted",
};

const char *const cycle_filter_states[] = {
    "missing", "draft", "submitted", "late", "returned", "approved", NULL};
const char *const cycle_sort_values[] = {
    "measure",	"-measure",  "title",	  "-title",	"lead",
    "-lead",	"state",     "-state",	  "status",	"-status",
    "progress", "-progress", "submitted", "-submitted", NULL,
};

struct row {
	json_t *r;    /* the overview's row (borrowed) */
	json_t *m;    /* the measure, or NULL */
	json_t *lead; /* the lead actor, or NULL */
	const char *id, *title, *lead_name, *state, *status, *submitted;
	bool late;
	int64_t progress; /* -1: none */
};

struct view {
	struct page *pg;
	json_t *o;
	const char *period;
	const char *f_state, *f_actor;
	enum col sort;
	bool desc;
	json_t *measures, *actors;
	struct row *rows;
	size_t n;
};

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static int rank_in(const char *v, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (same(v, list[i]))
			break;
	return i;
}

static void read_filters(struct view *v)
{
	const char *sort = page_param(v->pg, "sort");

	v->f_state = page_param(v->pg, "state");
	v->f_actor = page_param(v->pg, "actor");
	v->sort = COL_MEASURE;
	v->desc = sort && sort[0] == '-';
	for (int i = 0; sort && i < COL_COUNT; i++)
		if (!strcmp(sort + v->desc, col_names[i]))
			v->sort = (enum col)i;
}

static bool passes(const struct view *v, const struct row *r)
{
	if (v->f_actor && !same(str(r->r, "lead"), v->f_actor))
		return false;
	if (!v->f_state)
		return true;
	return !strcmp(v->f_state, "late") ? r->late
					   : same(r->state, v->f_state);
}

static void fill_row(struct view *v, struct row *r, json_t *row)
{
	json_t *progress = json_object_get(row, "progress");

	r->r = row;
	r->id = str(row, "measure");
	r->m = json_object_get(v->measures, r->id ? r->id : "");
	r->lead = json_object_get(v->actors,
				  str(row, "lead") ? str(row, "lead") : "");
	r->title = r->m ? page_pick(v->pg, r->m, "title", NULL) : NULL;
	if (!r->title)
		r->title = str(row, "title");
	r->lead_name = r->lead ? page_pick(v->pg, r->lead, "name", NULL)
			       : str(row, "lead");
	r->state = str(row, "state");
	r->status = str(row, "status");
	r->submitted = str(row, "submitted_at");
	r->late = json_is_true(json_object_get(row, "late"));
	r->progress =
	    json_is_integer(progress) ? json_integer_value(progress) : -1;
}

static int cmp_rows(const void *x, const void *y, void *arg)
{
	const struct row *a = x, *b = y;
	const struct view *v = arg;
	int c = 0;

	switch (v->sort) {
	case COL_TITLE:
		c = fmt_collate_opt(a->title, b->title);
		break;
	case COL_LEAD:
		c = fmt_collate_opt(a->lead_name, b->lead_name);
		break;
	case COL_STATE:
		c = rank_in(a->state, cycle_states) -
		    rank_in(b->state, cycle_states);
		break;
	case COL_STATUS:
		c = rank_in(a->status, page_status_codes) -
		    rank_in(b->status, page_status_codes);
		break;
	case COL_PROGRESS:
		c = (a->progress > b->progress) - (a->progress < b->progress);
		break;
	case COL_SUBMITTED:
		c = fmt_collate_opt(a->submitted, b->submitted);
		break;
	default:
		break;
	}
	if (v->desc)
		c = -c;
	return c ? c : strverscmp(a->id ? a->id : "", b->id ? b->id : "");
}

static void build_rows(struct view *v)
{
	json_t *list = json_object_get(v->o, "measures"), *row;
	size_t i;

	v->rows = xcalloc(json_array_size(list) + 1, sizeof(*v->rows));
	json_array_foreach(list, i, row) {
		fill_row(v, &v->rows[v->n], row);
		if (passes(v, &v->rows[v->n]))
			v->n++;
	}
	qsort_r(v->rows, v->n, sizeof(*v->rows), cmp_rows, v);
}

/* ---- links ---- */

static void query_arg(struct page *pg, const char *name, const char *value,
		      bool *first)
{
	if (!value)
		return;
	if (*first)
		html_raw(pg->out, "?");
	else
		html_raw(pg->out, "&amp;");
	*first = false;
	html_attr(pg->out, name);
	html_raw(pg->out, "=");
	html_url_arg(pg->out, value);
}

/* The cycle page with this period, the given filters and sort. */
static void cycle_link(struct view *v, const char *state, const char *actor,
		       const char *sort)
{
	bool first = true;

	page_href(v->pg, "/workspace/cycle", NULL);
	query_arg(v->pg, "period", v->period, &first);
	query_arg(v->pg, "state", state, &first);
	query_arg(v->pg, "actor", actor, &first);
	query_arg(v->pg, "sort", sort, &first);
}

/* ---- the header and the counts ---- */

static void count_cell(struct view *v, const char *state)
{
	int64_t n = json_integer_value(
	    json_object_get(json_object_get(v->o, "counts"), state));
	struct page *pg = v->pg;

	html_raw(pg->out, "<tr><th scope=\"row\">");
	if (!strcmp(state, "late"))
		html_txt(pg->out, T(pg, "cycle.state.late"));
	else
		html_txt(pg->out, cycle_state_label(pg, state));
	html_raw(pg->out, "</th><td class=\"vk-num\">");
	if (n > 0 && strcmp(state, "total")) {
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		cycle_link(v, state, NULL, NULL);
		html_raw(pg->out, "\">");
		page_int(pg, n);
		html_raw(pg->out, "</a>");
	} else {
		page_int(pg, n);
	}
	html_raw(pg->out, "</td></tr>\n");
}

static void counts(struct view *v)
{
	struct page *pg = v->pg;

	html_raw(pg->out, "<table class=\"ds-table vk-cycle-counts\" "
			  "data-border>\n<caption>");
	html_txt(pg->out, T(pg, "cycle.counts.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.state"));
	html_raw(pg->out, "</th><th scope=\"col\" class=\"vk-num\">");
	html_txt(pg->out, T(pg, "cycle.col.count"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; cycle_states[i]; i++)
		count_cell(v, cycle_states[i]);
	count_cell(v, "late");
	count_cell(v, "total");
	html_raw(pg->out, "</tbody>\n</table>\n");
}

static void header(struct view *v)
{
	struct page *pg = v->pg;
	json_t *p = json_object_get(v->o, "period");
	struct buf label = BUF_INIT, n = BUF_INIT, m = BUF_INIT;
	const char *due = str(p, "due");

	cycle_period_label(pg, v->period, &label);
	html_raw(pg->out, "<h2 class=\"ds-heading\" data-size=\"md\" "
			  "id=\"overview\">");
	page_tf(pg, "cycle.overview.h", buf_cstr(&label), NULL);
	html_raw(pg->out, "</h2>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, same(str(p, "state"), "open")
				    ? "cycle.overview.open"
				    : "cycle.overview.closed"));
	if (due) {
		html_raw(pg->out, " ");
		buf_reset(&label);
		fmt_date(&label, pg->lang, due);
		page_tf(pg, "cycle.overview.due", buf_cstr(&label), NULL);
	}
	fmt_int(&n, pg->lang,
		json_integer_value(json_object_get(v->o, "under_reporting")));
	fmt_int(&m, pg->lang,
		json_integer_value(json_object_get(v->o, "closures_proposed")));
	html_raw(pg->out, " ");
	page_tf(pg, "cycle.overview.under", buf_cstr(&n), buf_cstr(&m), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&label);
	buf_release(&n);
	buf_release(&m);
}

/* ---- the filters ---- */

static void option(struct page *pg, const char *value, const char *label,
		   const char *selected)
{
	form_filter_option(pg, value, same(value, selected), label, NULL);
}

/* A filter's select, starting with "all". */
static void select_begin(struct page *pg, const char *name, const char *key)
{
	form_filter_begin(pg, name, key);
	option(pg, "", T(pg, "cycle.filter.all"), NULL);
}

/* A lead actor of the filter: its id and its name in the page's
 * language. */
struct lead {
	const char *id, *name;
};

static int by_name(const void *a, const void *b)
{
	return fmt_collate(((const struct lead *)a)->name,
			   ((const struct lead *)b)->name);
}

/* The lead actors of the period's rows, once each, by name. */
static void actor_select(struct view *v)
{
	json_t *seen = json_object(), *row, *a;
	struct page *pg = v->pg;
	struct lead *leads;
	const char *id;
	size_t i, n = 0;

	json_array_foreach(json_object_get(v->o, "measures"), i, row)
		if (str(row, "lead"))
			json_object_set_new(seen, str(row, "lead"),
					    json_true());
	leads = xcalloc(json_object_size(seen) + 1, sizeof(*leads));
	json_object_foreach(seen, id, a) {
		json_t *actor = json_object_get(v->actors, id);
		const char *name =
		    actor ? page_pick(pg, actor, "name", NULL) : NULL;

		leads[n++] = (struct lead){id, name ? name : id};
	}
	xqsort(leads, n, sizeof(*leads), by_name);
	select_begin(pg, "actor", "cycle.filter.actor");
	for (i = 0; i < n; i++)
		option(pg, leads[i].id, leads[i].name, v->f_actor);
	form_filter_end(pg);
	free(leads);
	json_decref(seen);
}

static void filters(struct view *v)
{
	struct page *pg = v->pg;
	const char *sort = page_param(pg, "sort");

	html_raw(pg->out, "<form class=\"vk-filters\" method=\"get\" "
			  "action=\"");
	page_href(pg, "/workspace/cycle", NULL);
	html_raw(pg->out, "\">\n");
	html_raw(pg->out, "<input type=\"hidden\" name=\"period\" value=\"");
	html_attr(pg->out, v->period);
	html_raw(pg->out, "\">\n");
	select_begin(pg, "state", "cycle.filter.state");
	for (size_t i = 0; cycle_filter_states[i]; i++) {
		const char *s = cycle_filter_states[i];

		option(pg, s,
		       !strcmp(s, "late") ? T(pg, "cycle.state.late")
					  : cycle_state_label(pg, s),
		       v->f_state);
	}
	form_filter_end(pg);
	actor_select(v);
	if (sort) {
		html_raw(pg->out, "<input type=\"hidden\" name=\"sort\" "
				  "value=\"");
		html_attr(pg->out, sort);
		html_raw(pg->out, "\">\n");
	}
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\">");
	html_txt(pg->out, T(pg, "cycle.filter.submit"));
	html_raw(pg->out, "</button>\n</form>\n");
}

/* ---- the table ---- */

/* The overview with its filters and sort `sort`. */
static void sorted_href(void *ctx, const char *sort)
{
	struct view *v = ctx;

	cycle_link(v, v->f_state, v->f_actor, sort);
}

static void head_cell(struct view *v, enum col c)
{
	page_sort_head(v->pg, col_keys[c], col_names[c], v->sort == c, v->desc,
		       sorted_href, v);
}

static void action_cell(struct page *pg, const struct row *r)
{
	const char *report = str(r->r, "report");

	if (!report) {
		page_none(pg);
		return;
	}
	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, "/workspace/review/", report);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, same(r->state, "submitted") ? "cycle.review"
							    : "cycle.view"));
	/* Every row's link says the same: the measure tells them apart. */
	html_raw(pg->out, "<span class=\"ds-sr-only\"> ");
	html_txt(pg->out, r->id);
	html_raw(pg->out, "</span></a>");
}

static void body_row(struct view *v, const struct row *r)
{
	struct page *pg = v->pg;

	html_raw(pg->out, "<tr><td class=\"vk-nowrap\">");
	html_txt(pg->out, r->id);
	html_raw(pg->out, "</td><td>");
	if (r->m)
		page_link(pg, "/measures/", r->id, r->m, "title");
	else
		html_txt(pg->out, r->title);
	html_raw(pg->out, "</td><td>");
	if (r->lead)
		page_text(pg, r->lead, "name", str(r->r, "lead"));
	else if (r->lead_name)
		html_txt(pg->out, r->lead_name);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	cycle_state_tag(pg, r->state);
	if (r->late)
		cycle_late_tag(pg);
	html_raw(pg->out, "</td><td>");
	if (r->status)
		page_status(pg, r->status);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (r->progress >= 0)
		page_percent(pg, r->progress);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	if (r->submitted)
		page_date(pg, r->submitted);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	action_cell(pg, r);
	html_raw(pg->out, "</td></tr>\n");
}

static void table(struct view *v)
{
	struct page *pg = v->pg;
	struct buf a = BUF_INIT, b = BUF_INIT, label = BUF_INIT;

	fmt_int(&a, pg->lang, (int64_t)v->n);
	fmt_int(&b, pg->lang,
		(int64_t)json_array_size(json_object_get(v->o, "measures")));
	html_raw(pg->out, "<p class=\"ds-paragraph\" role=\"status\">");
	page_tf(pg, "cycle.count", buf_cstr(&a), buf_cstr(&b), NULL);
	html_raw(pg->out, "</p>\n");
	if (v->n) {
		cycle_period_label(pg, v->period, &label);
		html_raw(pg->out, "<div class=\"vk-table-scroll\" "
				  "role=\"region\" tabindex=\"0\" "
				  "aria-labelledby=\"cycle-caption\">\n"
				  "<table class=\"ds-table\" data-border>\n"
				  "<caption id=\"cycle-caption\">");
		page_tf(pg, "cycle.table.caption", buf_cstr(&label), NULL);
		html_raw(pg->out, "</caption>\n<thead><tr>");
		for (int c = 0; c < COL_COUNT; c++)
			head_cell(v, (enum col)c);
		html_raw(pg->out, "<th scope=\"col\">");
		html_txt(pg->out, T(pg, "cycle.col.action"));
		html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < v->n; i++)
			body_row(v, &v->rows[i]);
		html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
	}
	buf_release(&a);
	buf_release(&b);
	buf_release(&label);
}

int cycle_overview_render(struct page *pg, json_t *o, struct err *err)
{
	struct view v = {.pg = pg, .o = o};
	int rc = -1;

	v.period = str(json_object_get(o, "period"), "id");
	read_filters(&v);
	if (!(v.measures = portal_map(pg->st, "measures", err)) ||
	    !(v.actors = portal_map(pg->st, "actors", err)))
		goto done;
	build_rows(&v);
	header(&v);
	counts(&v);
	filters(&v);
	table(&v);
	rc = 0;
done:
	free(v.rows);
	json_decref(v.measures);
	json_decref(v.actors);
	return rc;
}
