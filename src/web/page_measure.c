/*
 * web/page_measure.c: /{lang}/measures (every measure, in the filterable
 * table of web/measure_list.c) and /{lang}/measures/<id>: the measure's
 * facts and description, who is responsible in which role, its status
 * timeline (approved reports, newest first, each with what changed from
 * the report before: status and progress old -> new, the texts as a word
 * diff), milestones, related measures, funding, the indicators it
 * contributes to and its sources.
 */
#include <string.h>

#include "model/period.h"
#include "model/value.h"
#include "service/portal.h"
#include "service/query.h"
#include "web/change_view.h"
#include "web/layout.h"
#include "web/measure_list.h"
#include "web/page.h"

int page_measures(struct page *pg, struct err *err)
{
	static const struct measure_list_opts list = {
	    .path = "/measures",
	    .filters = MEASURE_FILTER_STRATEGY | MEASURE_FILTER_FOCUS |
		       MEASURE_FILTER_ACTOR | MEASURE_FILTER_STATUS,
	};
	json_t *actors = NULL, *measures = NULL;
	int rc = -1;

	if (measure_list_params(pg, list.filters, err) < 0)
		return -1;
	if (!(actors = portal_map(pg->st, "actors", err)) ||
	    !(measures = portal_all(pg->st, "measures", NULL, 0, err)))
		goto done;
	layout_begin(pg, T(pg, "measures.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "measures.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "measures.intro"));
	html_raw(pg->out, "</p>\n");
	if (page_status_period(pg, err) < 0 ||
	    measure_list_render(pg, &list, measures, actors, err) < 0)
		goto done;
	layout_end(pg);
	rc = 0;
done:
	json_decref(actors);
	json_decref(measures);
	return rc;
}

/* ---- one measure ---- */

struct measure_view {
	json_t *m;			  /* the measure (API shape) */
	json_t *reports;		  /* approved reports, newest first */
	json_t *actors;			  /* id -> actor */
	json_t *strategy, *focus, *arena; /* or NULL */
	json_t *links;			  /* links from or to the measure */
	json_t *others;			  /* id -> measure, for the links */
	json_t *schemes;    /* id -> scheme, for the allocations */
	json_t *indicators; /* those the measure contributes to */
};

static void fact_link(struct page *pg, const char *key, const char *path,
		      json_t *obj, const char *prefix)
{
	if (!obj)
		return;
	page_fact(pg, key);
	page_link(pg, path, page_str(obj, "id"), obj, prefix);
	page_fact_end(pg);
}

static void fact_text(struct page *pg, const char *key, json_t *obj,
		      const char *prefix)
{
	if (!page_pick(pg, obj, prefix, NULL))
		return;
	page_fact(pg, key);
	page_text(pg, obj, prefix, NULL);
	page_fact_end(pg);
}

static void fact_date(struct page *pg, const char *key, const char *date)
{
	if (!date)
		return;
	page_fact(pg, key);
	page_date(pg, date);
	page_fact_end(pg);
}

static void certainty(struct page *pg, json_t *m)
{
	const char *c = page_str(m, "certainty");
	char key[48];

	if (!c || !strcmp(c, "confirmed"))
		return;
	snprintf(key, sizeof(key), "certainty.%s", c);
	page_fact(pg, "measure.certainty");
	/* certainty_note is a researcher's note of unknown language: the
	 * sources listed below say the same to those who need it. */
	html_txt(pg->out, T(pg, key));
	page_fact_end(pg);
}

static void state(struct page *pg, const struct measure_view *v)
{
	const char *s = page_str(v->m, "state");
	const char *into = page_str(v->m, "merged_into");
	char key[48];

	if (!s || !strcmp(s, "active"))
		return;
	snprintf(key, sizeof(key), "state.%s", s);
	page_fact(pg, "measure.state");
	html_txt(pg->out, T(pg, key));
	if (into) {
		html_raw(pg->out, ": ");
		page_link(pg, "/measures/", into,
			  json_object_get(v->others, into), "title");
	}
	page_fact_end(pg);
}

static void facts(struct page *pg, const struct measure_view *v)
{
	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "measure.id");
	html_txt(pg->out, page_str(v->m, "id"));
	page_fact_end(pg);
	fact_link(pg, "measure.strategy", "/strategies/", v->strategy, "name");
	if (v->focus)
		fact_text(pg, "measure.focus_area", v->focus, "name");
	certainty(pg, v->m);
	state(pg, v);
	fact_date(pg, "measure.start", page_str(v->m, "start"));
	fact_date(pg, "measure.deadline", page_str(v->m, "deadline"));
	if (v->arena)
		fact_text(pg, "measure.arena", v->arena, "name");
	html_raw(pg->out, "</dl>\n");
}

/* The current status and progress under the heading. */
static void status_line(struct page *pg, const struct measure_view *v)
{
	json_t *items = json_object_get(v->reports, "items");
	json_t *progress =
	    json_object_get(json_array_get(items, 0), "progress");

	html_raw(pg->out, "<p class=\"ds-paragraph vk-status-line\">");
	page_status(pg, page_str(v->m, "status"));
	if (json_is_integer(progress)) {
		html_raw(pg->out, " ");
		html_txt(pg->out, T(pg, "measure.progress"));
		html_raw(pg->out, " ");
		page_percent(pg, json_integer_value(progress));
	}
	html_raw(pg->out, "</p>\n");
}

static void responsible(struct page *pg, const struct measure_view *v)
{
	json_t *list = json_object_get(v->m, "responsible"), *r;
	size_t i;
	char key[48];

	page_h2(pg, "responsible", "measure.responsible");
	if (!json_array_size(list)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "measure.responsible.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(list, i, r) {
		snprintf(key, sizeof(key), "role.%s",
			 page_str(r, "role") ? page_str(r, "role") : "");
		html_raw(pg->out, "<li>");
		page_actor_link(pg, v->actors, page_str(r, "actor"));
		html_raw(pg->out, " \xe2\x80\x93 ");
		html_txt(pg->out, T(pg, key));
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

/* One text of a report, with its label, when present. */
static void report_text(struct page *pg, json_t *r, const char *field,
			const char *key)
{
	const char *s = page_str(r, field);

	if (!s || !s[0])
		return;
	html_raw(pg->out, "<dt>");
	html_txt(pg->out, T(pg, key));
	/* Reports are written in Norwegian of either form; the English page
	 * says so rather than guess which. */
	if (pg->lang == LANG_EN)
		html_raw(pg->out, "</dt><dd lang=\"no\">");
	else
		html_raw(pg->out, "</dt><dd>");
	html_txt(pg->out, s);
	html_raw(pg->out, "</dd>\n");
}

/* ---- the timeline and what changed from one report to the next ---- */

/* The texts of a report, in the order the form asks for them. */
static const struct {
	const char *field, *key;
} report_texts[] = {
    {"done_text", "report.done_text"},
    {"milestones_text", "report.milestones_text"},
    {"challenges", "report.challenges"},
    {"mitigations", "report.mitigations"},
    {"next_steps", "report.next_steps"},
};
#define N_REPORT_TEXTS (sizeof(report_texts) / sizeof(report_texts[0]))

static bool same_str(const char *a, const char *b)
{
	return (!a || !a[0]) ? (!b || !b[0]) : (b && !strcmp(a, b));
}

/*
 * The report r is compared with: the next older approved one of the same
 * kind, and for a contribution note the same actor's. NULL for the first.
 */
static json_t *previous_report(json_t *items, size_t i)
{
	json_t *r = json_array_get(items, i), *x;
	bool note = same_str(page_str(r, "kind"), "contribution");

	for (size_t k = i + 1; (x = json_array_get(items, k)); k++)
		if (same_str(page_str(x, "kind"), page_str(r, "kind")) &&
		    (!note ||
		     same_str(page_str(x, "actor"), page_str(r, "actor"))))
			return x;
	return NULL;
}

/* Reports carry no language: on the English page they are marked "no". */
static const char *report_lang(const struct page *pg)
{
	return pg->lang == LANG_EN ? "no" : NULL;
}

static void diff_label(struct page *pg, const char *key)
{
	html_raw(pg->out, "<span class=\"vk-field-name\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, ":</span> ");
}

/* Status and progress against the report before, old -> new. */
static void diff_summary(struct page *pg, json_t *r, json_t *prev)
{
	struct buf label = BUF_INIT;
	struct period p;
	json_t *po = json_object_get(prev, "progress");
	json_t *pn = json_object_get(r, "progress");
	bool status =
	    !same_str(page_str(prev, "status"), page_str(r, "status"));
	bool progress =
	    !json_equal(po ? po : json_null(), pn ? pn : json_null());

	if (period_parse(page_str(prev, "period"), &p, NULL) == 0)
		period_label(&p, lang_code(pg->lang), &label);
	else
		buf_addstr(&label, page_str(prev, "period"));
	html_raw(pg->out, "<p class=\"ds-paragraph vk-diff-summary\">");
	if (!status && !progress) {
		page_tf(pg, "diff.unchanged", buf_cstr(&label), NULL);
	} else {
		page_tf(pg, "diff.since", buf_cstr(&label), NULL);
		if (status) {
			html_raw(pg->out, " ");
			diff_label(pg, "diff.status");
			change_status(pg, page_str(prev, "status"),
				      page_str(r, "status"));
		}
		if (progress) {
			html_raw(pg->out, " ");
			diff_label(pg, "diff.progress");
			change_progress(pg, po, pn);
		}
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&label);
}

static bool texts_changed(json_t *r, json_t *prev)
{
	for (size_t i = 0; i < N_REPORT_TEXTS; i++)
		if (!same_str(page_str(prev, report_texts[i].field),
			      page_str(r, report_texts[i].field)))
			return true;
	return false;
}

/* The texts that changed, as word diffs, folded away under a summary. */
static void diff_texts(struct page *pg, json_t *r, json_t *prev)
{
	if (!texts_changed(r, prev))
		return;
	html_raw(pg->out, "<details class=\"ds-details vk-diff-details\">"
			  "<summary>");
	page_tf(pg, "diff.texts", page_str(prev, "period"), NULL);
	html_raw(pg->out, "</summary>\n<div><dl class=\"vk-facts\">\n");
	for (size_t i = 0; i < N_REPORT_TEXTS; i++) {
		const char *old = page_str(prev, report_texts[i].field);
		const char *now = page_str(r, report_texts[i].field);

		if (same_str(old, now))
			continue;
		html_raw(pg->out, "<dt>");
		html_txt(pg->out, T(pg, report_texts[i].key));
		html_raw(pg->out, "</dt><dd>");
		change_text(pg, old, now, report_lang(pg));
		html_raw(pg->out, "</dd>\n");
	}
	html_raw(pg->out, "</dl></div></details>\n");
}

static void timeline_entry(struct page *pg, json_t *r, json_t *prev)
{
	json_t *progress = json_object_get(r, "progress");

	html_raw(pg->out, "<li><h3 class=\"ds-heading\" data-size=\"xs\">");
	page_period(pg, page_str(r, "period"));
	html_raw(pg->out, "</h3>\n<p class=\"ds-paragraph\">");
	page_status(pg, page_str(r, "status"));
	if (json_is_integer(progress)) {
		html_raw(pg->out, " ");
		page_percent(pg, json_integer_value(progress));
	}
	if (page_str(r, "approved_at")) {
		html_raw(pg->out, " \xc2\xb7 ");
		html_txt(pg->out, T(pg, "measure.approved"));
		html_raw(pg->out, " ");
		page_date(pg, page_str(r, "approved_at"));
	}
	html_raw(pg->out, "</p>\n");
	if (prev)
		diff_summary(pg, r, prev);
	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	for (size_t i = 0; i < N_REPORT_TEXTS; i++)
		report_text(pg, r, report_texts[i].field, report_texts[i].key);
	html_raw(pg->out, "</dl>\n");
	if (prev)
		diff_texts(pg, r, prev);
	html_raw(pg->out, "</li>\n");
}

static void timeline(struct page *pg, const struct measure_view *v)
{
	json_t *items = json_object_get(v->reports, "items"), *r;
	size_t i;

	page_h2(pg, "timeline", "measure.timeline");
	if (!json_array_size(items)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "measure.timeline.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<ol class=\"vk-timeline\">\n");
	json_array_foreach(items, i, r)
		timeline_entry(pg, r, previous_report(items, i));
	html_raw(pg->out, "</ol>\n");
}

static void milestones(struct page *pg, const struct measure_view *v)
{
	json_t *list = json_object_get(v->m, "milestones"), *ms;
	size_t i;

	if (!json_array_size(list))
		return;
	page_h2(pg, "milestones", "measure.milestones");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(list, i, ms) {
		html_raw(pg->out, "<li>");
		page_text(pg, ms, "title", page_str(ms, "id"));
		if (page_str(ms, "due")) {
			html_raw(pg->out, " \xe2\x80\x93 ");
			html_txt(pg->out, T(pg, "measure.milestone.due"));
			html_raw(pg->out, " ");
			page_date(pg, page_str(ms, "due"));
		}
		if (page_str(ms, "done")) {
			html_raw(pg->out, " \xe2\x80\x93 ");
			html_txt(pg->out, T(pg, "measure.milestone.done"));
			html_raw(pg->out, " ");
			page_date(pg, page_str(ms, "done"));
		}
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

/* The catalog key saying how the other measure relates to this one. */
static const char *link_key(json_t *link, bool outgoing)
{
	const char *kind = page_str(link, "kind");

	if (kind && !strcmp(kind, "depends_on"))
		return outgoing ? "links.depends_on" : "links.depended_on_by";
	if (kind && !strcmp(kind, "same_as"))
		return "links.same_as";
	return "links.related";
}

static void related(struct page *pg, const struct measure_view *v)
{
	const char *id = page_str(v->m, "id");
	json_t *link;
	size_t i;

	if (!json_array_size(v->links))
		return;
	page_h2(pg, "related", "measure.related");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(v->links, i, link) {
		bool out = !strcmp(page_str(link, "from"), id);
		const char *other = page_str(link, out ? "to" : "from");

		html_raw(pg->out, "<li>");
		html_txt(pg->out, T(pg, link_key(link, out)));
		html_raw(pg->out, " ");
		page_link(pg, "/measures/", other,
			  json_object_get(v->others, other), "title");
		html_raw(pg->out, " (");
		html_txt(pg->out, other);
		html_raw(pg->out, ")</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static void allocation_row(struct page *pg, const struct measure_view *v,
			   json_t *a)
{
	const char *scheme = page_str(a, "scheme");
	json_t *year = json_object_get(a, "year");
	json_t *amount = json_object_get(a, "amount_nok");

	html_raw(pg->out, "<tr><td>");
	page_text(pg, json_object_get(v->schemes, scheme ? scheme : ""), "name",
		  scheme);
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (json_is_integer(year))
		html_int(pg->out, json_integer_value(year));
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (json_is_integer(amount))
		page_nok(pg, json_integer_value(amount));
	else
		page_none(pg);
	html_raw(pg->out, "</td></tr>\n");
}

static void funding(struct page *pg, const struct measure_view *v)
{
	json_t *list = json_object_get(v->m, "allocations"), *a;
	size_t i;

	if (!json_array_size(list))
		return;
	page_h2(pg, "funding", "measure.funding");
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"funding\">\n"
			  "<table class=\"ds-table\" data-border>\n<thead><tr>"
			  "<th scope=\"col\">");
	html_txt(pg->out, T(pg, "funding.scheme"));
	html_raw(pg->out, "</th><th scope=\"col\" class=\"vk-num\">");
	html_txt(pg->out, T(pg, "funding.year"));
	html_raw(pg->out, "</th><th scope=\"col\" class=\"vk-num\">");
	html_txt(pg->out, T(pg, "funding.amount"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	json_array_foreach(list, i, a)
		allocation_row(pg, v, a);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static void indicators(struct page *pg, const struct measure_view *v)
{
	json_t *ind;
	size_t i;

	if (!json_array_size(v->indicators))
		return;
	page_h2(pg, "indicators", "measure.indicators");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(v->indicators, i, ind) {
		html_raw(pg->out, "<li>");
		page_link(pg, "/indicators/", page_str(ind, "id"), ind, "name");
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static void sources(struct page *pg, const struct measure_view *v)
{
	json_t *list = json_object_get(v->m, "sources"), *src;
	size_t i;

	if (!json_array_size(list))
		return;
	page_h2(pg, "sources", "measure.sources");
	html_raw(pg->out, "<ul class=\"ds-list\">\n");
	json_array_foreach(list, i, src) {
		html_raw(pg->out, "<li>");
		page_source(pg, src);
		html_raw(pg->out, "</li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static int render(struct page *pg, const struct measure_view *v,
		  struct err *err)
{
	layout_begin(pg, page_pick(pg, v->m, "title", NULL));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/measures", "measures.title");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_text(pg, v->m, "title", page_str(v->m, "id"));
	html_raw(pg->out, "</h1>\n");
	status_line(pg, v);
	if (page_status_period(pg, err) < 0)
		return -1;
	facts(pg, v);
	page_paragraphs(pg, v->m, "description");
	responsible(pg, v);
	timeline(pg, v);
	milestones(pg, v);
	related(pg, v);
	funding(pg, v);
	indicators(pg, v);
	sources(pg, v);
	layout_end(pg);
	return 0;
}

/* ---- loading ---- */

/*
 * One item of a collection by id into map[id] (when map is not NULL) or
 * *out; an id that names nothing is left out. -1 only on a real failure.
 */
static int get_into(struct page *pg, const char *coll, const char *id,
		    json_t *map, json_t **out, struct err *err)
{
	struct err e = ERR_INIT;
	json_t *it;

	if (!id || (map && json_object_get(map, id)))
		return 0;
	it = service_get(pg->st, entity_find(coll), id, &e);
	if (!it) {
		if (e.code == ERR_NOT_FOUND)
			return 0;
		if (err)
			*err = e;
		return -1;
	}
	if (map)
		json_object_set_new(map, id, it);
	else
		*out = it;
	return 0;
}

/* Links from and to the measure, and the measures at their other ends. */
static int load_links(struct page *pg, struct measure_view *v, const char *id,
		      struct err *err)
{
	struct store_filter from = {SF_FIELD, "from", id};
	struct store_filter to = {SF_FIELD, "to", id};
	json_t *in, *link;
	size_t i;

	if (!(v->links = portal_all(pg->st, "links", &from, 1, err)) ||
	    !(in = portal_all(pg->st, "links", &to, 1, err)))
		return -1;
	json_array_extend(v->links, in);
	json_decref(in);
	json_array_foreach(v->links, i, link) {
		const char *f = page_str(link, "from");
		const char *other = f;

		if (f && !strcmp(f, id))
			other = page_str(link, "to");

		if (get_into(pg, "measures", other, v->others, NULL, err) < 0)
			return -1;
	}
	return get_into(pg, "measures", page_str(v->m, "merged_into"),
			v->others, NULL, err);
}

static int load_schemes(struct page *pg, struct measure_view *v,
			struct err *err)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(v->m, "allocations"), i, a)
		if (get_into(pg, "schemes", page_str(a, "scheme"), v->schemes,
			     NULL, err) < 0)
			return -1;
	return 0;
}

/* The indicators whose list of contributing measures has id. */
static int load_indicators(struct page *pg, struct measure_view *v,
			   const char *id, struct err *err)
{
	json_t *all = portal_all(pg->st, "indicators", NULL, 0, err), *ind, *m;
	size_t i, k;

	if (!all)
		return -1;
	v->indicators = json_array();
	json_array_foreach(all, i, ind)
		json_array_foreach(json_object_get(ind, "measures"), k, m)
			if (json_string_value(m) &&
			    !strcmp(json_string_value(m), id)) {
				json_array_append(v->indicators, ind);
				break;
			}
	json_decref(all);
	return 0;
}

static int load(struct page *pg, struct measure_view *v, const char *id,
		struct err *err)
{
	if (!(v->m = service_get(pg->st, entity_find("measures"), id, err)) ||
	    !(v->reports = service_measure_reports(pg->st, NULL, id, err)) ||
	    !(v->actors = portal_map(pg->st, "actors", err)))
		return -1;
	v->others = json_object();
	v->schemes = json_object();
	if (get_into(pg, "strategies", page_str(v->m, "strategy"), NULL,
		     &v->strategy, err) < 0 ||
	    get_into(pg, "focus-areas", page_str(v->m, "focus_area"), NULL,
		     &v->focus, err) < 0 ||
	    get_into(pg, "arenas", page_str(v->m, "arena"), NULL, &v->arena,
		     err) < 0)
		return -1;
	if (load_links(pg, v, id, err) < 0 || load_schemes(pg, v, err) < 0)
		return -1;
	return load_indicators(pg, v, id, err);
}

int page_measure(struct page *pg, struct err *err)
{
	const char *id = pg->req->path_params[0];
	struct measure_view v;
	int rc = -1;

	memset(&v, 0, sizeof(v));
	if (value_check_id(id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such measure");
	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	if (load(pg, &v, id, err) == 0)
		rc = render(pg, &v, err);
	json_decref(v.m);
	json_decref(v.reports);
	json_decref(v.actors);
	json_decref(v.strategy);
	json_decref(v.focus);
	json_decref(v.arena);
	json_decref(v.links);
	json_decref(v.others);
	json_decref(v.schemes);
	json_decref(v.indicators);
	return rc;
}
