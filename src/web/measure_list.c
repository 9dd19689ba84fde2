/*
 * web/measure_list.c: the filterable, sortable table of measures (see
 * measure_list.h). Filtering and sorting happen here over the measures
 * the page loaded, since a strategy has tens, not thousands, of them; the
 * sort column comes from a fixed list, never from the query as such.
 *
 * Ownership: json the caller gives is borrowed; what the list loads
 * itself, and its rows, are released before measure_list_render returns.
 */
#include "web/measure_list.h"

#include <stdlib.h>
#include <string.h>

#include "service/portal.h"
#include "util/xalloc.h"
#include "web/form_view.h"
#include "web/format.h"

enum sort_col {
	SORT_ID,
	SORT_TITLE,
	SORT_LEAD,
	SORT_STATUS,
	SORT_PROGRESS,
	SORT_UPDATED,
	SORT_COUNT
};

static const char *const sort_names[SORT_COUNT] = {
    "id", "title", "lead", "status", "progress", "updated",
};
static const char *const sort_keys[SORT_COUNT] = {
    "list.col.id",     "list.col.title",    "list.col.lead",
    "list.col.status", "list.col.progress", "list.col.updated",
};
static const char *const sort_values[] = {
    "id",      "-id",	   "title",   "-title",	  "lead",
    "-lead",   "status",   "-status", "progress", "-progress",
    "updated", "-updated", NULL,
};

/* The filters in the order of their bits in enum measure_filter. */
static const struct page_param filter_params[] = {
    {"strategy", PP_ID, NULL},
    {"focus", PP_ID, NULL},
    {"actor", PP_ID, NULL},
    {"status", PP_ENUM, page_status_codes},
};
#define NFILTERS (sizeof(filter_params) / sizeof(filter_params[0]))
static const struct page_param sort_param = {"sort", PP_ENUM, sort_values};

struct row {
	json_t *m;
	const char *id;
	const char *title;
	json_t *lead;	       /* the first lead actor, or NULL */
	const char *lead_name; /* its name in the page's language */
	int rank;	       /* index in page_status_codes */
	int64_t progress;      /* -1 without an approved report */
	const char *updated;   /* approval time of that report */
};

struct list {
	struct page *pg;
	const struct measure_list_opts *o;
	const char *f_strategy, *f_focus, *f_actor, *f_status;
	enum sort_col sort;
	bool desc;
	struct row *rows;
	size_t n, total;
	json_t *actors;
	/* Borrowed from o, or loaded here and then also in `owned`. */
	json_t *latest, *focus_areas, *strategies;
	json_t *owned[3];
};

int measure_list_params(struct page *pg, unsigned filters, struct err *err)
{
	struct page_param spec[NFILTERS + 1];
	size_t n = 0;

	for (size_t i = 0; i < NFILTERS; i++)
		if (filters & (1u << i))
			spec[n++] = filter_params[i];
	spec[n++] = sort_param;
	return page_params(pg, spec, n, err);
}

/* The value of filter `bit` when the page offers it, else NULL. */
static const char *filter(const struct list *l, enum measure_filter bit,
			  const char *name)
{
	return (l->o->filters & bit) ? page_param(l->pg, name) : NULL;
}

static void read_filters(struct list *l)
{
	const char *sort = page_param(l->pg, "sort");

	l->f_strategy = filter(l, MEASURE_FILTER_STRATEGY, "strategy");
	l->f_focus = filter(l, MEASURE_FILTER_FOCUS, "focus");
	l->f_actor = filter(l, MEASURE_FILTER_ACTOR, "actor");
	l->f_status = filter(l, MEASURE_FILTER_STATUS, "status");
	l->sort = SORT_ID;
	l->desc = sort && sort[0] == '-';
	for (int i = 0; sort && i < SORT_COUNT; i++)
		if (!strcmp(sort + l->desc, sort_names[i]))
			l->sort = (enum sort_col)i;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The first lead actor of a measure, or NULL. */
static json_t *lead_of(json_t *m, json_t *actors)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(m, "responsible"), i, r) {
		const char *actor = page_str(r, "actor");

		if (actor && same(page_str(r, "role"), "lead"))
			return json_object_get(actors, actor);
	}
	return NULL;
}

static bool has_actor(json_t *m, const char *actor)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(m, "responsible"), i, r) {
		const char *a = page_str(r, "actor");

		if (a && !strcmp(a, actor))
			return true;
	}
	return false;
}

static bool passes(const struct list *l, json_t *m)
{
	return (!l->f_strategy ||
		same(page_str(m, "strategy"), l->f_strategy)) &&
	       (!l->f_focus || same(page_str(m, "focus_area"), l->f_focus)) &&
	       (!l->f_status || same(page_str(m, "status"), l->f_status)) &&
	       (!l->f_actor || has_actor(m, l->f_actor));
}

static int status_rank(const char *code)
{
	int i;

	for (i = 0; page_status_codes[i]; i++)
		if (same(code, page_status_codes[i]))
			break;
	return i;
}

static void fill_row(struct list *l, struct row *r, json_t *m)
{
	json_t *rep, *progress;

	r->m = m;
	r->id = page_str(m, "id");
	r->title = page_pick(l->pg, m, "title", NULL);
	r->lead = lead_of(m, l->actors);
	r->lead_name = r->lead ? page_pick(l->pg, r->lead, "name", NULL) : NULL;
	r->rank = status_rank(page_str(m, "status"));
	rep = json_object_get(l->latest, r->id ? r->id : "");
	progress = json_object_get(rep, "progress");
	r->progress =
	    json_is_integer(progress) ? json_integer_value(progress) : -1;
	r->updated = page_str(rep, "approved_at");
}

static int cmp_rows(const void *x, const void *y, void *arg)
{
	const struct row *a = x, *b = y;
	const struct list *l = arg;
	int c = 0;

	switch (l->sort) {
	case SORT_ID:
		c = strverscmp(a->id ? a->id : "", b->id ? b->id : "");
		break;
	case SORT_TITLE:
		c = fmt_collate_opt(a->title, b->title);
		break;
	case SORT_LEAD:
		c = fmt_collate_opt(a->lead_name, b->lead_name);
		break;
	case SORT_STATUS:
		c = a->rank - b->rank;
		break;
	case SORT_PROGRESS:
		c = (a->progress > b->progress) - (a->progress < b->progress);
		break;
	case SORT_UPDATED:
		c = fmt_collate_opt(a->updated, b->updated);
		break;
	default:
		break;
	}
	if (l->desc)
		c = -c;
	/* Ids as people number them: V-TP-2 before V-TP-10. */
	return c ? c : strverscmp(a->id ? a->id : "", b->id ? b->id : "");
}

static void build_rows(struct list *l, json_t *measures)
{
	json_t *m;
	size_t i;

	l->total = json_array_size(measures);
	l->rows = xcalloc(l->total ? l->total : 1, sizeof(*l->rows));
	json_array_foreach(measures, i, m)
		if (passes(l, m))
			fill_row(l, &l->rows[l->n++], m);
	qsort_r(l->rows, l->n, sizeof(*l->rows), cmp_rows, l);
}

/* ---- the form ---- */

/* The path of the page the list is on: the form's action. */
static void base_href(struct list *l)
{
	page_href(l->pg, l->o->path, l->o->id);
}

/* A filter's select, starting with "all". */
static void select_begin(struct list *l, const char *name, const char *key)
{
	form_filter_begin(l->pg, name, key);
	form_filter_option(l->pg, "", false, T(l->pg, "list.filter.all"), NULL);
}

/* An option named by obj's `prefix` in the page's language (or the one
 * there is), else by label, else by its value. */
static void option(struct page *pg, const char *value, const char *selected,
		   json_t *obj, const char *prefix, const char *label)
{
	enum lang shown = pg->lang;
	const char *text = obj ? page_pick(pg, obj, prefix, &shown) : label;

	form_filter_option(pg, value, same(value, selected),
			   text ? text : value,
			   shown != pg->lang ? lang_code(shown) : NULL);
}

static int cmp_named(const void *x, const void *y, void *arg)
{
	struct page *pg = arg;
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;

	return fmt_collate_opt(page_pick(pg, a, "name", NULL),
			page_pick(pg, b, "name", NULL));
}

/* The actors responsible for any measure in scope, by name. */
static void actor_options(struct list *l, json_t *measures)
{
	json_t *seen = json_object(), *m, *r, *a, **v;
	const char *id;
	size_t i, k, n = 0;

	json_array_foreach(measures, i, m)
		json_array_foreach(json_object_get(m, "responsible"), k, r)
			if ((a = json_object_get(l->actors,
						 page_str(r, "actor")
						     ? page_str(r, "actor")
						     : "")))
				json_object_set(seen, page_str(r, "actor"), a);
	v = xcalloc(json_object_size(seen) + 1, sizeof(*v));
	json_object_foreach(seen, id, a)
		v[n++] = a;
	qsort_r(v, n, sizeof(*v), cmp_named, l->pg);
	select_begin(l, "actor", "list.filter.actor");
	for (i = 0; i < n; i++)
		option(l->pg, page_str(v[i], "id"), l->f_actor, v[i], "name",
		       NULL);
	form_filter_end(l->pg);
	free(v);
	json_decref(seen);
}

static void list_options(struct list *l, json_t *items, const char *name,
			 const char *key, const char *selected)
{
	json_t *it;
	size_t i;

	select_begin(l, name, key);
	json_array_foreach(items, i, it)
		option(l->pg, page_str(it, "id"), selected, it, "name", NULL);
	form_filter_end(l->pg);
}

static void render_form(struct list *l, json_t *measures)
{
	struct page *pg = l->pg;
	const char *sort = page_param(pg, "sort");

	html_raw(pg->out, "<form class=\"vk-filters\" method=\"get\" "
			  "action=\"");
	base_href(l);
	html_raw(pg->out, "\">\n");
	if (l->o->filters & MEASURE_FILTER_STRATEGY)
		list_options(l, l->strategies, "strategy",
			     "list.filter.strategy", l->f_strategy);
	if (l->o->filters & MEASURE_FILTER_FOCUS)
		list_options(l, l->focus_areas, "focus", "list.filter.focus",
			     l->f_focus);
	if (l->o->filters & MEASURE_FILTER_ACTOR)
		actor_options(l, measures);
	if (l->o->filters & MEASURE_FILTER_STATUS) {
		select_begin(l, "status", "list.filter.status");
		for (size_t i = 0; page_status_codes[i]; i++)
			option(pg, page_status_codes[i], l->f_status, NULL,
			       NULL,
			       page_status_label(pg, page_status_codes[i]));
		form_filter_end(pg);
	}
	if (sort) {
		html_raw(pg->out, "<input type=\"hidden\" name=\"sort\" "
				  "value=\"");
		html_attr(pg->out, sort);
		html_raw(pg->out, "\">");
	}
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\">");
	html_txt(pg->out, T(pg, "list.filter.submit"));
	html_raw(pg->out, "</button>\n</form>\n");
}

/* ---- the table ---- */

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

/* This page with the current filters and sort `sort` (NULL: none). */
static void list_href(struct list *l, const char *sort)
{
	bool first = true;

	base_href(l);
	query_arg(l->pg, "strategy", l->f_strategy, &first);
	query_arg(l->pg, "focus", l->f_focus, &first);
	query_arg(l->pg, "actor", l->f_actor, &first);
	query_arg(l->pg, "status", l->f_status, &first);
	query_arg(l->pg, "sort", sort, &first);
}

static void sorted_href(void *ctx, const char *sort)
{
	list_href(ctx, sort);
}

static void head_cell(struct list *l, enum sort_col col)
{
	page_sort_head(l->pg, sort_keys[col], sort_names[col], l->sort == col,
		       l->desc, sorted_href, l);
}

static void body_row(struct list *l, const struct row *r)
{
	struct page *pg = l->pg;

	html_raw(pg->out, "<tr><td class=\"vk-nowrap\">");
	html_txt(pg->out, r->id);
	html_raw(pg->out, "</td><td>");
	page_link(pg, "/measures/", r->id, r->m, "title");
	html_raw(pg->out, "</td><td>");
	if (r->lead)
		page_actor_link(pg, l->actors, page_str(r->lead, "id"));
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	page_status(pg, page_str(r->m, "status"));
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (r->progress >= 0)
		page_percent(pg, r->progress);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	if (r->updated)
		page_date(pg, r->updated);
	else
		page_none(pg);
	html_raw(pg->out, "</td></tr>\n");
}

static void render_table(struct list *l)
{
	struct page *pg = l->pg;
	struct buf n = BUF_INIT, total = BUF_INIT;

	fmt_int(&n, pg->lang, (int64_t)l->n);
	fmt_int(&total, pg->lang, (int64_t)l->total);
	html_raw(pg->out, "<p class=\"ds-paragraph\" id=\"measures-count\">");
	page_tf(pg, "list.count", buf_cstr(&n), buf_cstr(&total), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&n);
	buf_release(&total);
	if (!l->n)
		return;
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"measures-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"measures-caption\">");
	html_txt(pg->out, T(pg, "list.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (int c = 0; c < SORT_COUNT; c++)
		head_cell(l, (enum sort_col)c);
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++)
		body_row(l, &l->rows[i]);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* Loads what the options did not give and the offered filters need. */
static int load(struct list *l, struct err *err)
{
	const struct measure_list_opts *o = l->o;
	struct store_filter f = {SF_FIELD, "strategy", NULL};
	struct store *st = l->pg->st;

	f.value = o->strategy ? o->strategy : l->f_strategy;
	l->latest = o->latest;
	if (!l->latest &&
	    !(l->latest = l->owned[0] = portal_latest_reports(st, err)))
		return -1;
	l->focus_areas = o->strategy ? o->focus_areas : NULL;
	if ((o->filters & MEASURE_FILTER_FOCUS) && !l->focus_areas &&
	    !(l->focus_areas = l->owned[1] =
		  portal_all(st, "focus-areas", &f, f.value ? 1 : 0, err)))
		return -1;
	if ((o->filters & MEASURE_FILTER_STRATEGY) &&
	    !(l->strategies = l->owned[2] =
		  portal_all(st, "strategies", NULL, 0, err)))
		return -1;
	return 0;
}

int measure_list_render(struct page *pg, const struct measure_list_opts *opts,
			json_t *measures, json_t *actors, struct err *err)
{
	struct list l = {.pg = pg, .o = opts, .actors = actors};
	int rc = -1;

	read_filters(&l);
	if (load(&l, err) < 0)
		goto done;
	build_rows(&l, measures);
	render_form(&l, measures);
	render_table(&l);
	rc = 0;
done:
	free(l.rows);
	for (size_t i = 0; i < sizeof(l.owned) / sizeof(l.owned[0]); i++)
		json_decref(l.owned[i]);
	return rc;
}
