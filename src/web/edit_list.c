/*
 * web/edit_list.c: the collections and records a coordinator edits (see
 * edit_list.h). The text filter runs here over the records the service
 * gave, since a collection has tens or hundreds of them, not millions.
 * It reads through service/edit.h only. Ownership: json_t values are
 * released before return.
 */
#include "web/edit_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/limits.h"
#include "model/value.h"
#include "service/edit.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/edit_fields.h"
#include "web/edit_form.h"
#include "web/format.h"
#include "web/form_view.h"
#include "web/layout.h"

static const char *const done_values[] = {"saved", "created", "deleted", NULL};

void edit_list_notice(struct page *pg)
{
	const char *done = page_param(pg, "done");

	if (!done)
		return;
	if (!strcmp(done, "saved"))
		form_notice(pg, "form.saved");
	else if (!strcmp(done, "created"))
		form_notice(pg, "edit.done.created");
	else if (!strcmp(done, "deleted"))
		form_notice(pg, "edit.done.deleted");
}

static void crumbs(struct page *pg, bool in_collection)
{
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	if (in_collection)
		page_crumb_key(pg, "/workspace/edit", "edit.title");
	page_crumbs_end(pg);
}

static void collection_name(struct page *pg, const char *coll, struct buf *out)
{
	char key[96];

	snprintf(key, sizeof(key), "edit.coll.%s", coll);
	buf_addstr(out, T(pg, key));
}

/* ---- every collection ---- */

static void summary_row(struct page *pg, json_t *row)
{
	const char *coll = page_str(row, "collection");
	struct buf name = BUF_INIT;

	collection_name(pg, coll, &name);
	html_raw(pg->out, "<tr><th scope=\"row\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/workspace/edit/", coll);
	html_raw(pg->out, "\">");
	html_txt(pg->out, buf_cstr(&name));
	html_raw(pg->out, "</a></th><td class=\"vk-num\">");
	page_int(pg, json_integer_value(json_object_get(row, "count")));
	html_raw(pg->out, "</td></tr>\n");
	buf_release(&name);
}

int edit_list_collections(struct page *pg, struct err *err)
{
	json_t *rows, *row;
	size_t i;

	if (page_params(pg, NULL, 0, err) < 0 ||
	    !(rows = service_edit_summary(pg->st, &pg->who, err)))
		return -1;
	layout_begin(pg, T(pg, "edit.title"));
	crumbs(pg, false);
	page_h1(pg, "edit.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "edit.intro"));
	html_raw(pg->out, "</p>\n<table class=\"ds-table vk-edit-table\" "
			  "data-border>\n<caption>");
	html_txt(pg->out, T(pg, "edit.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "edit.col.collection"));
	html_raw(pg->out, "</th><th scope=\"col\" class=\"vk-num\">");
	html_txt(pg->out, T(pg, "edit.col.count"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	json_array_foreach(rows, i, row)
		summary_row(pg, row);
	html_raw(pg->out, "</tbody>\n</table>\n");
	layout_end(pg);
	json_decref(rows);
	return 0;
}

/* ---- one collection ---- */

/* ?q= is free text, which page_params has no type for; ?done= is one of
 * done_values. Anything else, or either twice, is the 400 page. */
static int list_params(struct page *pg, struct err *err)
{
	const struct http_request *req = pg->req;

	for (size_t i = 0; i < req->nparams; i++) {
		const struct http_param *p = &req->params[i];
		bool q = !strcmp(p->name, "q"), done = !strcmp(p->name, "done");
		bool ok = !p->value[0], twice = false;

		for (size_t k = 0; k < i; k++)
			twice = twice || !strcmp(req->params[k].name, p->name);
		if (twice || (!q && !done))
			return err_set_field(err, ERR_INVALID, p->name, "%s",
					     T(pg, "error.param_unknown"));
		for (size_t k = 0; done && done_values[k] && !ok; k++)
			ok = !strcmp(p->value, done_values[k]);
		if (q)
			ok = value_check_text(p->value, LIMIT_QUERY_PARAM_BYTES,
					      NULL) == 0;
		if (!ok)
			return err_set_field(err, ERR_INVALID, p->name, "%s",
					     T(pg, "error.param_value"));
	}
	return 0;
}

/* Whether a record matches the filter: its id, or a name or title in
 * any language. */
static bool matches(struct page *pg, json_t *rec, const char *q)
{
	static const char *const fields[] = {
	    "id",	"name_nb", "name_nn", "name_en", "title_nb", "title_nn",
	    "title_en", "title",   "from",    "to",	 NULL};
	struct buf tmp = BUF_INIT;
	bool hit;

	if (!q)
		return true;
	for (size_t i = 0; fields[i]; i++)
		if (edit_contains(page_str(rec, fields[i]), q))
			return true;
	hit = edit_contains(edit_item_label(pg, rec, &tmp), q);
	buf_release(&tmp);
	return hit;
}

static int by_id(const void *a, const void *b)
{
	const char *x = page_str(*(json_t *const *)a, "id");
	const char *y = page_str(*(json_t *const *)b, "id");

	/* Ids as people number them: V-TP-2 before V-TP-10. */
	return strverscmp(x ? x : "", y ? y : "");
}

static void filter_form(struct page *pg, const struct entity_desc *e,
			const char *q)
{
	html_raw(pg->out, "<form class=\"vk-filters\" method=\"get\" "
			  "action=\"");
	page_href(pg, "/workspace/edit/", e->collection);
	html_raw(pg->out, "\">\n<div class=\"ds-field\"><label "
			  "class=\"ds-label\" for=\"filter-q\">");
	html_txt(pg->out, T(pg, "edit.filter.q"));
	html_raw(pg->out, "</label><input class=\"ds-input\" type=\"search\" "
			  "id=\"filter-q\" name=\"q\" value=\"");
	html_attr(pg->out, q ? q : "");
	html_raw(pg->out, "\"></div>\n<button class=\"ds-button\" "
			  "type=\"submit\" data-variant=\"secondary\">");
	html_txt(pg->out, T(pg, "edit.filter.submit"));
	html_raw(pg->out, "</button>\n</form>\n");
}

static void record_row(struct page *pg, const struct entity_desc *e,
		       json_t *rec)
{
	struct buf tmp = BUF_INIT;
	char path[160];
	const char *id = page_str(rec, "id");

	edit_base_path(e, path, sizeof(path));
	html_raw(pg->out, "<tr><td class=\"vk-nowrap\">");
	html_txt(pg->out, id);
	html_raw(pg->out, "</td><td><a class=\"ds-link\" href=\"");
	page_href(pg, path, id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, edit_item_label(pg, rec, &tmp));
	html_raw(pg->out, "</a></td><td class=\"vk-nowrap\">");
	if (page_str(rec, "updated_at"))
		page_date(pg, page_str(rec, "updated_at"));
	else
		page_none(pg);
	html_raw(pg->out, "</td></tr>\n");
	buf_release(&tmp);
}

static void records_table(struct page *pg, const struct entity_desc *e,
			  json_t **v, size_t n, const char *name)
{
	if (!n) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "edit.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"records-caption\">"
			  "\n<table class=\"ds-table vk-edit-table\" "
			  "data-border>\n<caption id=\"records-caption\">");
	html_txt(pg->out, name);
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "edit.col.id"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "edit.col.name"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "edit.col.updated"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		record_row(pg, e, v[i]);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* "Showing N of M." */
static void count_line(struct page *pg, size_t n, size_t total)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	fmt_int(&a, pg->lang, (int64_t)n);
	fmt_int(&b, pg->lang, (int64_t)total);
	html_raw(pg->out, "<p class=\"ds-paragraph\" role=\"status\">");
	page_tf(pg, "edit.count", buf_cstr(&a), buf_cstr(&b), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&a);
	buf_release(&b);
}

static void new_button(struct page *pg, const struct entity_desc *e)
{
	char path[160], key[96];

	edit_base_path(e, path, sizeof(path));
	snprintf(key, sizeof(key), "edit.new.%s", e->collection);
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-button\" "
			  "data-variant=\"primary\" href=\"");
	page_href(pg, path, "new");
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a></p>\n");
}

static void render_records(struct page *pg, const struct entity_desc *e,
			   json_t *items)
{
	const char *q = page_param(pg, "q");
	size_t total = json_array_size(items), n = 0, i;
	json_t **v = xcalloc(total + 1, sizeof(*v)), *rec;
	struct buf name = BUF_INIT;

	json_array_foreach(items, i, rec)
		if (matches(pg, rec, q))
			v[n++] = rec;
	xqsort(v, n, sizeof(*v), by_id);
	collection_name(pg, e->collection, &name);
	layout_begin(pg, buf_cstr(&name));
	crumbs(pg, true);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, buf_cstr(&name));
	html_raw(pg->out, "</h1>\n");
	edit_list_notice(pg);
	new_button(pg, e);
	filter_form(pg, e, q);
	count_line(pg, n, total);
	records_table(pg, e, v, n, buf_cstr(&name));
	layout_end(pg);
	buf_release(&name);
	free(v);
}

int edit_list_records(struct page *pg, const char *collection, struct err *err)
{
	const struct entity_desc *e = entity_find(collection);
	json_t *items;

	if (!e)
		return err_set(err, ERR_NOT_FOUND, "no such collection");
	if (list_params(pg, err) < 0 ||
	    !(items = service_edit_items(pg->st, &pg->who, e, err)))
		return -1;
	render_records(pg, e, items);
	json_decref(items);
	return 0;
}
