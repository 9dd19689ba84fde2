/*
 * web/page_actor.c: /{lang}/actors (every actor with how many measures it
 * leads and contributes to) and /{lang}/actors/<id>: the actor's facts,
 * its measures by role, the arenas it sits in and the actors it shares
 * measures with.
 */
#include <stdlib.h>
#include <string.h>

#include "model/entity.h"
#include "model/value.h"
#include "service/portal.h"
#include "service/query.h"
#include "util/xalloc.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/page.h"

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* How many measures have `actor` in `role`. */
static int64_t count_role(json_t *measures, const char *actor,
			  const char *role)
{
	json_t *m, *r;
	size_t i, k;
	int64_t n = 0;

	json_array_foreach(measures, i, m)
		json_array_foreach(json_object_get(m, "responsible"), k, r)
			if (same(page_str(r, "actor"), actor) &&
			    same(page_str(r, "role"), role)) {
				n++;
				break;
			}
	return n;
}

static int by_name(const void *x, const void *y, void *arg)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;

	return fmt_collate(page_pick(arg, a, "name", NULL),
			   page_pick(arg, b, "name", NULL));
}

static void kind(struct page *pg, json_t *actor)
{
	char key[64];

	snprintf(key, sizeof(key), "kind.%s",
		 page_str(actor, "kind") ? page_str(actor, "kind") : "other");
	html_txt(pg->out, T(pg, key));
}

static void actor_row(struct page *pg, json_t *a, json_t *measures)
{
	const char *id = page_str(a, "id");

	html_raw(pg->out, "<tr><td>");
	page_link(pg, "/actors/", id, a, "name");
	html_raw(pg->out, "</td><td>");
	kind(pg, a);
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	page_int(pg, count_role(measures, id, "lead"));
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	page_int(pg, count_role(measures, id, "contributing"));
	html_raw(pg->out, "</td></tr>\n");
}

static void actors_table(struct page *pg, json_t *actors, json_t *measures)
{
	static const char *const cols[] = {
		"actors.col.name", "actors.col.kind", "actors.col.lead",
		"actors.col.contributing",
	};
	size_t n = json_array_size(actors), i;
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (i = 0; i < n; i++)
		v[i] = json_array_get(actors, i);
	qsort_r(v, n, sizeof(*v), by_name, pg);
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"actors-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"actors-caption\">");
	html_txt(pg->out, T(pg, "actors.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++)
		actor_row(pg, v[i], measures);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
	free(v);
}

int page_actors(struct page *pg, struct err *err)
{
	json_t *actors = NULL, *measures = NULL;
	int rc = -1;

	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	if (!(actors = portal_all(pg->st, "actors", NULL, 0, err)) ||
	    !(measures = portal_all(pg->st, "measures", NULL, 0, err)))
		goto done;
	layout_begin(pg, T(pg, "actors.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "actors.title");
	actors_table(pg, actors, measures);
	layout_end(pg);
	rc = 0;
done:
	json_decref(actors);
	json_decref(measures);
	return rc;
}

/* ---- one actor ---- */

struct actor_view {
	json_t *a;		/* the actor */
	json_t *actors;		/* id -> actor */
	json_t *measures;	/* measures the actor is responsible for */
	json_t *arenas;		/* every arena */
};

static void facts(struct page *pg, const struct actor_view *v)
{
	const char *parent = page_str(v->a, "parent");
	const char *orgnr = page_str(v->a, "orgnr");
	const char *web = page_str(v->a, "website");

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "actor.kind");
	kind(pg, v->a);
	page_fact_end(pg);
	if (parent) {
		page_fact(pg, "actor.parent");
		page_actor_link(pg, v->actors, parent);
		page_fact_end(pg);
	}
	if (orgnr) {
		page_fact(pg, "actor.orgnr");
		html_txt(pg->out, orgnr);
		page_fact_end(pg);
	}
	if (html_url_ok(web)) {
		page_fact(pg, "actor.website");
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		html_href(pg->out, web);
		html_raw(pg->out, "\">");
		html_txt(pg->out, web);
		html_raw(pg->out, "</a>");
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

/* Whether measure m has actor `id` in `role`. */
static bool holds(json_t *m, const char *id, const char *role)
{
	json_t *r;
	size_t k;

	json_array_foreach(json_object_get(m, "responsible"), k, r)
		if (same(page_str(r, "actor"), id) &&
		    same(page_str(r, "role"), role))
			return true;
	return false;
}

static void role_heading(struct page *pg, const char *role)
{
	char key[48];

	snprintf(key, sizeof(key), "actor.role.%s", role);
	html_raw(pg->out, "<h3 class=\"ds-heading\" data-size=\"xs\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</h3>\n<ul class=\"ds-list\">\n");
}

/* The measures in which the actor holds `role`, with their status. */
static void role_list(struct page *pg, const struct actor_view *v,
		      const char *role)
{
	const char *id = page_str(v->a, "id");
	bool any = false;
	json_t *m;
	size_t i;

	json_array_foreach(v->measures, i, m) {
		if (!holds(m, id, role))
			continue;
		if (!any)
			role_heading(pg, role);
		any = true;
		html_raw(pg->out, "<li>");
		page_link(pg, "/measures/", page_str(m, "id"), m, "title");
		html_raw(pg->out, " ");
		page_status(pg, page_str(m, "status"));
		html_raw(pg->out, "</li>\n");
	}
	if (any)
		html_raw(pg->out, "</ul>\n");
}

static int measures_section(struct page *pg, const struct actor_view *v,
			    struct err *err)
{
	page_h2(pg, "measures", "actor.measures");
	if (!json_array_size(v->measures)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "actor.measures.none"));
		html_raw(pg->out, "</p>\n");
		return 0;
	}
	if (page_status_period(pg, err) < 0)
		return -1;
	for (size_t i = 0; measure_roles[i]; i++)
		role_list(pg, v, measure_roles[i]);
	return 0;
}

static bool in_list(json_t *list, const char *id)
{
	json_t *it;
	size_t i;

	json_array_foreach(list, i, it)
		if (same(json_string_value(it), id))
			return true;
	return false;
}

/* The catalog key of the actor's place in arena ar, or NULL for none. */
static const char *arena_role(json_t *ar, const char *id)
{
	if (same(page_str(ar, "convened_by"), id))
		return "arena.role.convener";
	if (same(page_str(ar, "secretariat"), id))
		return "arena.role.secretariat";
	if (in_list(json_object_get(ar, "members"), id))
		return "arena.role.member";
	if (in_list(json_object_get(ar, "presenters"), id))
		return "arena.role.presenter";
	return NULL;
}

static void arenas(struct page *pg, const struct actor_view *v)
{
	const char *id = page_str(v->a, "id");
	bool any = false;
	json_t *ar;
	size_t i;

	json_array_foreach(v->arenas, i, ar) {
		const char *role = arena_role(ar, id);

		if (!role)
			continue;
		if (!any) {
			page_h2(pg, "arenas", "actor.arenas");
			html_raw(pg->out, "<ul class=\"ds-list\">\n");
			any = true;
		}
		html_raw(pg->out, "<li>");
		page_text(pg, ar, "name", page_str(ar, "id"));
		html_raw(pg->out, " \xe2\x80\x93 ");
		html_txt(pg->out, T(pg, role));
		html_raw(pg->out, "</li>\n");
	}
	if (any)
		html_raw(pg->out, "</ul>\n");
}

struct partner {
	json_t *actor;
	const char *id;
	int64_t n;	/* measures shared */
};

static int by_shared(const void *x, const void *y, void *arg)
{
	const struct partner *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return fmt_collate(a->actor ? page_pick(arg, a->actor, "name", NULL)
				    : a->id,
			   b->actor ? page_pick(arg, b->actor, "name", NULL)
				    : b->id);
}

/* Counts, per other actor, the measures it shares with this one. */
static json_t *shared_counts(const struct actor_view *v)
{
	const char *id = page_str(v->a, "id");
	json_t *counts = json_object(), *m, *r;
	size_t i, k;

	json_array_foreach(v->measures, i, m) {
		json_t *seen = json_object();

		json_array_foreach(json_object_get(m, "responsible"), k, r) {
			const char *other = page_str(r, "actor");

			if (!other || same(other, id) ||
			    json_object_get(seen, other))
				continue;
			json_object_set_new(seen, other, json_true());
			json_object_set_new(counts, other,
				json_integer(1 + json_integer_value(
					json_object_get(counts, other))));
		}
		json_decref(seen);
	}
	return counts;
}

static void partners(struct page *pg, const struct actor_view *v)
{
	json_t *counts = shared_counts(v), *n;
	size_t np = 0, total = json_object_size(counts);
	struct partner *p = xcalloc(total ? total : 1, sizeof(*p));
	const char *other;

	json_object_foreach(counts, other, n)
		p[np++] = (struct partner){ json_object_get(v->actors, other),
					    other, json_integer_value(n) };
	qsort_r(p, np, sizeof(*p), by_shared, pg);
	if (np) {
		page_h2(pg, "partners", "actor.partners");
		html_raw(pg->out, "<ul class=\"ds-list\">\n");
	}
	for (size_t i = 0; i < np; i++) {
		struct buf count = BUF_INIT;

		fmt_int(&count, pg->lang, p[i].n);
		html_raw(pg->out, "<li>");
		page_actor_link(pg, v->actors, p[i].id);
		html_raw(pg->out, " \xe2\x80\x93 ");
		page_tf(pg, p[i].n == 1 ? "actor.partners.one"
					: "actor.partners.many",
			buf_cstr(&count), NULL);
		html_raw(pg->out, "</li>\n");
		buf_release(&count);
	}
	if (np)
		html_raw(pg->out, "</ul>\n");
	free(p);
	json_decref(counts);
}

static int render(struct page *pg, const struct actor_view *v,
		  struct err *err)
{
	layout_begin(pg, page_pick(pg, v->a, "name", NULL));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/actors", "actors.title");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_text(pg, v->a, "name", page_str(v->a, "id"));
	html_raw(pg->out, "</h1>\n");
	facts(pg, v);
	if (measures_section(pg, v, err) < 0)
		return -1;
	arenas(pg, v);
	partners(pg, v);
	layout_end(pg);
	return 0;
}

int page_actor(struct page *pg, struct err *err)
{
	const char *id = pg->req->path_params[0];
	struct store_filter f = { SF_MEASURE_ACTOR, NULL, id };
	struct actor_view v = { NULL, NULL, NULL, NULL };
	int rc = -1;

	if (value_check_id(id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such actor");
	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	if ((v.a = service_get(pg->st, entity_find("actors"), id, err)) &&
	    (v.actors = portal_map(pg->st, "actors", err)) &&
	    (v.measures = portal_all(pg->st, "measures", &f, 1, err)) &&
	    (v.arenas = portal_all(pg->st, "arenas", NULL, 0, err)))
		rc = render(pg, &v, err);
	json_decref(v.a);
	json_decref(v.actors);
	json_decref(v.measures);
	json_decref(v.arenas);
	return rc;
}
