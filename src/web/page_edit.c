/*
 * web/page_edit.c: the coordinator's edit pages for every collection the
 * write API takes (measures and who is responsible for them, actors,
 * links between measures, schemes, indicators and their observations,
 * strategies, sources ...):
 *
 *   /{lang}/workspace/edit                    the collections (edit_list.c)
 *   /{lang}/workspace/edit/<collection>       its records (edit_list.c)
 *   /{lang}/workspace/edit/<collection>/<id>  one record's forms; "new"
 *                                             makes one (edit_form.c)
 *
 * A post saves one form of the page (the record's fields, or one nested
 * list) through service/write.h, or deletes after asking. Success answers
 * 303 to the list with ?done=; a refusal shows the page again with what
 * was posted: 422 with each problem next to its field (edit_post.c), 409
 * when the record changed since the form was opened (nothing is
 * overwritten) or when a delete is refused because other records refer
 * to it. Nothing is written in any of these cases: the service writes all
 * or nothing. Access is the service's: a reporter or reader gets its 403.
 *
 * Ownership: json_t values are released before return.
 */
#include <stdio.h>
#include <string.h>

#include "model/limits.h"
#include "model/value.h"
#include "service/edit.h"
#include "service/write.h"
#include "web/edit_fields.h"
#include "web/edit_form.h"
#include "web/edit_list.h"
#include "web/edit_post.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define EDIT_MAX_PROBLEMS 50

/* One record's page and what a failed post left to show. */
struct edit_page {
	struct page *pg;
	const struct entity_desc *e;
	const char *id;	 /* NULL: a new record */
	json_t *data;	 /* {record, item}, or NULL for a new one */
	json_t *options; /* choices of its references */
	char etag[HTTP_ETAG_SIZE];
	/* A failed post: */
	const char *part; /* the form posted, or NULL */
	const char *posted_etag;
	struct form_state fs;
	bool stale;	 /* the record changed since the form */
	bool referenced; /* a delete refused: probs lists referrers */
	struct problems probs;
	struct buf general; /* problems that fit no field, a line each */
};

static int ep_init(struct page *pg, struct edit_page *ep, struct err *err)
{
	const char *coll = pg->req->path_params[0];
	const char *id = pg->req->path_params[1];

	memset(ep, 0, sizeof(*ep));
	ep->pg = pg;
	ep->probs = (struct problems)PROBLEMS_INIT(EDIT_MAX_PROBLEMS);
	ep->general = (struct buf)BUF_INIT;
	ep->fs.in = &pg->form;
	ep->e = entity_find(coll ? coll : "");
	if (!ep->e || !id || value_check_id(id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such record");
	ep->id = strcmp(id, "new") ? id : NULL;
	return 0;
}

static void ep_release(struct edit_page *ep)
{
	json_decref(ep->data);
	json_decref(ep->options);
	problems_release(&ep->probs);
	buf_release(&ep->general);
}

/* The record and its version, or for a new one whether it may be made:
 * the service decides access either way. */
static int ep_load_record(struct edit_page *ep, struct err *err)
{
	struct page *pg = ep->pg;

	json_decref(ep->data);
	ep->data = NULL;
	if (ep->id) {
		ep->data =
		    service_edit_record(pg->st, &pg->who, ep->e, ep->id, err);
		if (!ep->data)
			return -1;
		edit_etag(json_object_get(ep->data, "item"), ep->etag);
	} else if (service_edit_allowed(pg->st, &pg->who, ep->e, err) < 0) {
		return -1;
	}
	return 0;
}

/* The record and the choices of its references, for the page. */
static int ep_load(struct edit_page *ep, struct err *err)
{
	if (ep_load_record(ep, err) < 0)
		return -1;
	if (!ep->options && !(ep->options = edit_options(ep->pg, ep->e, err)))
		return -1;
	return 0;
}

static json_t *ep_record(const struct edit_page *ep)
{
	return json_object_get(ep->data, "record");
}

/* ---- rendering ---- */

static void crumbs(struct edit_page *ep)
{
	struct page *pg = ep->pg;
	char key[96];

	snprintf(key, sizeof(key), "edit.coll.%s", ep->e->collection);
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	page_crumb_key(pg, "/workspace/edit", "edit.title");
	html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
	page_href(pg, "/workspace/edit/", ep->e->collection);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a></li>");
	page_crumbs_end(pg);
}

/* The page of a record that the public portal shows, or NULL. */
static const char *public_path(const struct entity_desc *e)
{
	static const struct {
		const char *collection, *path;
	} pages[] = {
	    {"measures", "/measures/"},	    {"actors", "/actors/"},
	    {"strategies", "/strategies/"}, {"focus-areas", "/focus-areas/"},
	    {"indicators", "/indicators/"},
	};

	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (!strcmp(pages[i].collection, e->collection))
			return pages[i].path;
	return NULL;
}

static void facts(struct edit_page *ep)
{
	struct page *pg = ep->pg;
	const char *pub = public_path(ep->e);

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "edit.col.id");
	html_txt(pg->out, ep->id);
	page_fact_end(pg);
	html_raw(pg->out, "</dl>\n");
	if (!pub)
		return;
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, pub, ep->id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "edit.public_link"));
	html_raw(pg->out, "</a></p>\n");
}

/* One record that refers to this one ("measures/V-1/responsible.actor"),
 * linked to its own form when it has one. */
static void referrer(struct edit_page *ep, const char *path)
{
	struct page *pg = ep->pg;
	char coll[64], id[LIMIT_ID_BYTES + 1], key[96];
	const char *field = strrchr(path, '.');
	const struct entity_desc *re;
	struct buf label = BUF_INIT;

	if (sscanf(path, "%63[^/]/%64[^/]", coll, id) != 2)
		return;
	field = field ? field + 1 : strrchr(path, '/') + 1;
	re = entity_find(coll);
	snprintf(key, sizeof(key), "edit.coll.%s", coll);
	html_raw(pg->out, "<li>");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, ": ");
	if (re && service_writable(re)) {
		char base[160];

		edit_base_path(re, base, sizeof(base));
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		page_href(pg, base, id);
		html_raw(pg->out, "\">");
		html_txt(pg->out, id);
		html_raw(pg->out, "</a>");
	} else {
		html_txt(pg->out, id);
	}
	edit_field_label(pg, field, &label);
	html_raw(pg->out, " (");
	html_txt(pg->out, buf_cstr(&label));
	html_raw(pg->out, ")</li>\n");
	buf_release(&label);
}

static void alert_begin(struct page *pg, const char *key)
{
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"danger\" "
			  "role=\"alert\"><p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

static void general_lines(struct page *pg, const char *lines)
{
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		html_raw(pg->out, "<li lang=\"en\">");
		html_txtn(pg->out, p, n);
		html_raw(pg->out, "</li>\n");
		p += n + (nl ? 1 : 0);
	}
	html_raw(pg->out, "</ul>\n");
}

static void alerts(struct edit_page *ep)
{
	struct page *pg = ep->pg;
	char path[160];

	if (ep->stale) {
		edit_base_path(ep->e, path, sizeof(path));
		alert_begin(pg, "edit.stale");
		html_raw(pg->out, "<p class=\"ds-paragraph\"><a "
				  "class=\"ds-link\" href=\"");
		page_href(pg, path, ep->id);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, "edit.stale.reload"));
		html_raw(pg->out, "</a></p></div>\n");
	}
	if (ep->referenced) {
		alert_begin(pg, "edit.delete.referenced");
		html_raw(pg->out, "<ul class=\"ds-list\">\n");
		for (size_t i = 0; i < ep->probs.n; i++)
			referrer(ep, ep->probs.items[i].field);
		html_raw(pg->out, "</ul></div>\n");
	}
	if (ep->general.len) {
		alert_begin(pg, "edit.general");
		general_lines(pg, buf_cstr(&ep->general));
		html_raw(pg->out, "</div>\n");
	}
}

static void heading(struct edit_page *ep, struct buf *title)
{
	struct page *pg = ep->pg;
	struct buf tmp = BUF_INIT;
	char key[96];

	if (ep->id) {
		const char *args[] = {edit_item_label(pg, ep_record(ep), &tmp)};

		edit_fill(title, T(pg, "edit.heading"), args, 1);
	} else {
		snprintf(key, sizeof(key), "edit.new.%s", ep->e->collection);
		buf_addstr(title, T(pg, key));
	}
	buf_release(&tmp);
}

static void render(struct edit_page *ep)
{
	struct page *pg = ep->pg;
	struct buf title = BUF_INIT;
	struct edit_view v = {
	    .pg = pg,
	    .e = ep->e,
	    .id = ep->id,
	    .record = ep_record(ep),
	    .options = ep->options,
	    .etag = ep->id ? ep->etag : NULL,
	    .posted_part = ep->part,
	    .posted_etag = ep->posted_etag,
	    .fs = &ep->fs,
	};

	heading(ep, &title);
	layout_begin(pg, buf_cstr(&title));
	crumbs(ep);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, buf_cstr(&title));
	html_raw(pg->out, "</h1>\n");
	alerts(ep);
	form_error_summary(pg, &ep->fs);
	if (ep->id)
		facts(ep);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, ep->id ? "edit.intro.edit" : "edit.intro.new"));
	html_raw(pg->out, "</p>\n");
	edit_render_fields(&v);
	for (size_t i = 0; ep->id && i < ep->e->nchildren; i++)
		edit_render_child(&v, &ep->e->children[i]);
	if (ep->id)
		edit_render_delete(&v);
	layout_end(pg);
	buf_release(&title);
}

int page_edit_list(struct page *pg, struct err *err)
{
	if (pg->req->npath_params == 0)
		return edit_list_collections(pg, err);
	return edit_list_records(pg, pg->req->path_params[0], err);
}

int page_edit(struct page *pg, struct err *err)
{
	struct edit_page ep;
	int rc = -1;

	if (ep_init(pg, &ep, err) == 0 && page_params(pg, NULL, 0, err) == 0 &&
	    ep_load(&ep, err) == 0) {
		ep.fs.in = NULL; /* a GET shows the record */
		render(&ep);
		rc = 0;
	}
	ep_release(&ep);
	return rc;
}

/* ---- posts ---- */

static bool etag_matches(void *arg, json_t *item)
{
	char now[HTTP_ETAG_SIZE];

	edit_etag(item, now);
	return arg && !strcmp(arg, now);
}

static struct write_guard guard_of(struct edit_page *ep)
{
	ep->posted_etag = http_form_get(&ep->pg->form, "etag");
	return (struct write_guard){ep->posted_etag ? etag_matches : NULL,
				    (void *)ep->posted_etag};
}

/* A post the forms cannot have sent: the 400 page. */
static int bad_form(struct page *pg, struct err *err)
{
	return err_set_field(err, ERR_INVALID, EDIT_PART, "%s",
			     T(pg, "error.form_type"));
}

/* Shows the page again after a refused write: why, and what was posted.
 * Other failures are the error page's. */
static int refused(struct edit_page *ep, const struct edit_rows *rows,
		   const struct err *werr, struct err *err)
{
	struct page *pg = ep->pg;

	switch (werr->code) {
	case ERR_UNPROCESSABLE:
		edit_problems(pg, ep->e, ep->part, rows, &ep->probs, &ep->fs,
			      &ep->general);
		if (!form_has_errors(&ep->fs) && !ep->general.len)
			buf_addf(&ep->general, "%s\n", werr->msg);
		pg->resp->status = 422;
		break;
	case ERR_PRECONDITION:
	case ERR_PRECONDITION_REQUIRED:
		ep->stale = true;
		pg->resp->status = 409;
		break;
	case ERR_CONFLICT:
		if (!ep->id)
			form_error_key(pg, &ep->fs, "id", "edit.err.id_taken");
		else
			buf_addf(&ep->general, "%s\n", werr->msg);
		pg->resp->status = 409;
		break;
	default:
		*err = *werr;
		return -1;
	}
	if (ep_load(ep, err) < 0)
		return -1;
	render(ep);
	return 0;
}

static void saved(struct edit_page *ep)
{
	page_redirect(ep->pg, "/workspace/edit/", ep->e->collection,
		      ep->id ? "done=saved" : "done=created");
}

static int save(struct edit_page *ep, struct err *err)
{
	struct page *pg = ep->pg;
	const struct child_desc *c = NULL;
	struct write_guard g = guard_of(ep);
	struct write_result res = {0};
	struct edit_rows rows = {0};
	struct err werr = ERR_INIT;
	json_t *body;
	int rc;

	if (strcmp(ep->part, EDIT_PART_FIELDS) &&
	    (!ep->id || !(c = entity_child(ep->e, ep->part))))
		return bad_form(pg, err);
	body = c ? edit_read_child(c, &pg->form, &rows)
		 : edit_read_fields(ep->e, &pg->form, !ep->id);
	if (ep->id && ep_load_record(ep, err) < 0) {
		json_decref(body);
		edit_rows_release(&rows);
		return -1;
	}
	edit_keep_order(body, ep_record(ep));
	if (ep->id)
		rc = service_update(pg->st, &pg->who, ep->e, ep->id, body, &g,
				    &res, &ep->probs, &werr);
	else
		rc = service_create(pg->st, &pg->who, ep->e, body, &res,
				    &ep->probs, &werr);
	json_decref(body);
	write_result_release(&res);
	if (rc == 0)
		saved(ep);
	else
		rc = refused(ep, &rows, &werr, err);
	edit_rows_release(&rows);
	return rc;
}

/* "Delete X? Are you sure?": the second form, which deletes. */
static int ask_delete(struct edit_page *ep, struct err *err)
{
	struct page *pg = ep->pg;
	struct buf title = BUF_INIT, tmp = BUF_INIT;
	const char *args[1];
	char path[160];

	guard_of(ep);
	if (ep_load_record(ep, err) < 0)
		return -1;
	args[0] = edit_item_label(pg, ep_record(ep), &tmp);
	edit_fill(&title, T(pg, "edit.delete.confirm.title"), args, 1);
	edit_base_path(ep->e, path, sizeof(path));
	layout_begin(pg, buf_cstr(&title));
	crumbs(ep);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, buf_cstr(&title));
	html_raw(pg->out, "</h1>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "edit.delete.confirm.text"));
	html_raw(pg->out, "</p>\n");
	form_begin(pg, path, ep->id);
	form_hidden(pg, EDIT_PART, "delete");
	form_hidden(pg, "etag", ep->posted_etag);
	form_button(pg, "edit.delete.yes", NULL, NULL, true);
	html_raw(pg->out, "<a class=\"ds-link vk-cancel\" href=\"");
	page_href(pg, path, ep->id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "edit.cancel"));
	html_raw(pg->out, "</a>\n");
	form_end(pg);
	layout_end(pg);
	buf_release(&title);
	buf_release(&tmp);
	return 0;
}

static int remove_record(struct edit_page *ep, struct err *err)
{
	struct page *pg = ep->pg;
	struct write_guard g = guard_of(ep);
	struct err werr = ERR_INIT;

	if (service_delete(pg->st, &pg->who, ep->e, ep->id, &g, &ep->probs,
			   &werr) == 0) {
		page_redirect(pg, "/workspace/edit/", ep->e->collection,
			      "done=deleted");
		return 0;
	}
	if (werr.code == ERR_CONFLICT && ep->probs.n) {
		ep->referenced = true;
		ep->part = NULL; /* every form shows the record */
		pg->resp->status = 409;
		if (ep_load(ep, err) < 0)
			return -1;
		render(ep);
		return 0;
	}
	return refused(ep, &(struct edit_rows){0}, &werr, err);
}

int page_edit_post(struct page *pg, struct err *err)
{
	struct edit_page ep;
	int rc = -1;

	if (ep_init(pg, &ep, err) < 0) {
		ep_release(&ep);
		return -1;
	}
	ep.part = http_form_get(&pg->form, EDIT_PART);
	if (!ep.part)
		rc = bad_form(pg, err);
	else if (!strcmp(ep.part, "delete_ask") && ep.id)
		rc = ask_delete(&ep, err);
	else if (!strcmp(ep.part, "delete") && ep.id)
		rc = remove_record(&ep, err);
	else
		rc = save(&ep, err);
	ep_release(&ep);
	return rc;
}
