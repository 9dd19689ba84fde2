/*
 * web/change_view.c: old and new values side by side (see change_view.h).
 * Every value leaves through page.h's helpers or html.h's escapers; the
 * words "før"/"etter" are catalog text read out by screen readers only.
 *
 * It must not load anything: the caller passes the maps it needs.
 */
#include "web/change_view.h"

#include <stdio.h>
#include <string.h>

#include "model/period.h"
#include "web/text_diff.h"

static void hidden(struct page *pg, const char *key)
{
	html_raw(pg->out, "<span class=\"ds-sr-only\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, " </span>");
}

void change_del_begin(struct page *pg)
{
	html_raw(pg->out, "<del>");
	hidden(pg, "diff.before");
}

void change_ins_begin(struct page *pg)
{
	html_raw(pg->out, "<ins>");
	hidden(pg, "diff.after");
}

void change_del_end(struct page *pg)
{
	html_raw(pg->out, "</del>");
}

void change_ins_end(struct page *pg)
{
	html_raw(pg->out, "</ins>");
}

void change_arrow(struct page *pg)
{
	html_raw(pg->out, " <span aria-hidden=\"true\">\xe2\x86\x92</span> ");
}

void change_status(struct page *pg, const char *old, const char *now)
{
	change_del_begin(pg);
	page_status(pg, old ? old : "not_reported");
	change_del_end(pg);
	change_arrow(pg);
	change_ins_begin(pg);
	page_status(pg, now ? now : "not_reported");
	change_ins_end(pg);
}

static void percent_or_none(struct page *pg, json_t *v)
{
	if (json_is_integer(v))
		page_percent(pg, json_integer_value(v));
	else
		page_none(pg);
}

void change_progress(struct page *pg, json_t *old, json_t *now)
{
	change_del_begin(pg);
	percent_or_none(pg, old);
	change_del_end(pg);
	change_arrow(pg);
	change_ins_begin(pg);
	percent_or_none(pg, now);
	change_ins_end(pg);
}

/* A short note before a text change ("new text", "rewritten"). */
static void note(struct page *pg, const char *key)
{
	html_raw(pg->out, "<span class=\"vk-diff-note\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</span> ");
}

static void whole(struct page *pg, const char *text, bool del)
{
	if (del)
		change_del_begin(pg);
	else
		change_ins_begin(pg);
	html_txt(pg->out, text);
	if (del)
		change_del_end(pg);
	else
		change_ins_end(pg);
}

/* Both texts present: the word diff, or both whole when rewritten. */
static void both_texts(struct page *pg, const char *old, const char *now)
{
	struct text_diff d = TEXT_DIFF_INIT;

	text_diff(old, now, &d);
	if (d.rewritten) {
		note(pg, "diff.rewritten");
		whole(pg, old, true);
		change_arrow(pg);
		whole(pg, now, false);
	} else {
		text_diff_html(pg->out, &d, T(pg, "diff.before"),
			       T(pg, "diff.after"));
	}
	text_diff_release(&d);
}

void change_text(struct page *pg, const char *old, const char *now,
		 const char *lang)
{
	bool has_old = old && old[0], has_new = now && now[0];

	if (!has_old && !has_new)
		return;
	html_raw(pg->out, "<span class=\"vk-diff\"");
	if (lang) {
		html_raw(pg->out, " lang=\"");
		html_attr(pg->out, lang);
		html_raw(pg->out, "\"");
	}
	html_raw(pg->out, ">");
	if (!has_old) {
		note(pg, "diff.new_text");
		whole(pg, now, false);
	} else if (!has_new) {
		note(pg, "diff.removed_text");
		whole(pg, old, true);
	} else {
		both_texts(pg, old, now);
	}
	html_raw(pg->out, "</span>");
}

/* ---- one item of the "what changed" page ---- */

/* <li> with a tag naming the aspect; the caller closes it. */
static void aspect(struct page *pg, const char *key, const char *color)
{
	html_raw(pg->out, "<li><span class=\"ds-tag vk-aspect\" "
			  "data-color=\"");
	html_attr(pg->out, color);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</span> ");
}

static void aspect_note(struct page *pg, const char *key, const char *note_key,
			const char *color)
{
	aspect(pg, key, color);
	html_txt(pg->out, T(pg, note_key));
	html_raw(pg->out, "</li>\n");
}

/* "Report for 2025-T2 (...) approved." for the periods of the item. */
static void reports(struct page *pg, json_t *periods)
{
	struct buf labels = BUF_INIT;
	struct period p;
	json_t *v;
	size_t i;

	json_array_foreach(periods, i, v) {
		const char *s = json_string_value(v);

		if (i)
			buf_addstr(&labels, ", ");
		if (s && period_parse(s, &p, NULL) == 0)
			period_label(&p, lang_code(pg->lang), &labels);
		else if (s)
			buf_addstr(&labels, s);
	}
	aspect(pg, "changes.aspect.report", "info");
	page_tf(pg,
		json_array_size(periods) > 1 ? "changes.report.approved_many"
					     : "changes.report.approved",
		buf_cstr(&labels), NULL);
	html_raw(pg->out, "</li>\n");
	buf_release(&labels);
}

/* One entry of a list (responsible, allocations, milestones, links);
 * `measure` is the item's, for the direction of a link. */
typedef void (*entry_fn)(struct page *pg, json_t *entry,
			 const struct change_maps *m, const char *measure);

static void role_entry(struct page *pg, json_t *r, const struct change_maps *m,
		       const char *measure)
{
	char key[48];
	const char *note_text = page_str(r, "note");

	(void)measure;
	snprintf(key, sizeof(key), "role.%s",
		 page_str(r, "role") ? page_str(r, "role") : "");
	page_actor_link(pg, m->actors, page_str(r, "actor"));
	html_raw(pg->out, " (");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, ")");
	if (note_text) {
		html_raw(pg->out, " \xe2\x80\x93 ");
		html_txt(pg->out, note_text);
	}
}

static void allocation_entry(struct page *pg, json_t *a,
			     const struct change_maps *m, const char *measure)
{
	const char *scheme = page_str(a, "scheme");
	json_t *year = json_object_get(a, "year");
	json_t *amount = json_object_get(a, "amount_nok");

	(void)measure;
	page_text(pg, json_object_get(m->schemes, scheme ? scheme : ""), "name",
		  scheme);
	if (json_is_integer(year)) {
		html_raw(pg->out, ", ");
		html_int(pg->out, json_integer_value(year));
	}
	if (json_is_integer(amount)) {
		html_raw(pg->out, ": ");
		page_nok(pg, json_integer_value(amount));
	}
}

static void milestone_entry(struct page *pg, json_t *ms,
			    const struct change_maps *m, const char *measure)
{
	(void)m;
	(void)measure;
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
}

static void link_entry(struct page *pg, json_t *l, const struct change_maps *m,
		       const char *measure)
{
	const char *kind = page_str(l, "kind");
	const char *from = page_str(l, "from"), *to = page_str(l, "to");
	bool out = from && measure && !strcmp(from, measure);
	const char *other = out ? to : from;
	const char *key = "links.related";

	if (kind && !strcmp(kind, "depends_on"))
		key = out ? "links.depends_on" : "links.depended_on_by";
	else if (kind && !strcmp(kind, "same_as"))
		key = "links.same_as";
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, " ");
	page_link(pg, "/measures/", other,
		  json_object_get(m->measures, other ? other : ""), "title");
}

/* Removed entries struck out, added ones inserted, one per line. */
static void list_change(struct page *pg, json_t *item, const char *field,
			const char *key, entry_fn fn,
			const struct change_maps *m)
{
	json_t *d = json_object_get(item, field), *e;
	const char *measure = page_str(item, "measure");
	size_t i;

	if (!d)
		return;
	aspect(pg, key, "neutral");
	html_raw(pg->out, "<ul class=\"vk-change-list\">");
	json_array_foreach(json_object_get(d, "removed"), i, e) {
		html_raw(pg->out, "<li>");
		change_del_begin(pg);
		fn(pg, e, m, measure);
		change_del_end(pg);
		html_raw(pg->out, "</li>");
	}
	json_array_foreach(json_object_get(d, "added"), i, e) {
		html_raw(pg->out, "<li>");
		change_ins_begin(pg);
		fn(pg, e, m, measure);
		change_ins_end(pg);
		html_raw(pg->out, "</li>");
	}
	html_raw(pg->out, "</ul></li>\n");
}

/* ---- other fields ---- */

/* Free text fields, shown as a word diff. */
static bool is_long_text(const char *field)
{
	static const char *const prefixes[] = {
	    "description_",   "status_hint", "responsible_note",
	    "certainty_note", NULL,
	};

	for (size_t i = 0; prefixes[i]; i++)
		if (!strncmp(field, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The language of a _nb/_nn/_en field when it is not the page's. */
static const char *field_lang(struct page *pg, const char *field)
{
	size_t n = strlen(field);
	enum lang l;

	if (n > 3 && field[n - 3] == '_' &&
	    lang_from_code(field + n - 2, 2, &l) && l != pg->lang)
		return lang_code(l);
	return NULL;
}

/* A vocabulary value by its catalog family ("state.active"). */
static void coded(struct page *pg, const char *family, const char *code)
{
	char key[64];

	snprintf(key, sizeof(key), "%s.%s", family, code);
	if (i18n_has(pg->lang, key))
		html_txt(pg->out, T(pg, key));
	else
		html_txt(pg->out, code);
}

static void list_value(struct page *pg, json_t *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(v, i, x) {
		if (i)
			html_raw(pg->out, ", ");
		if (json_is_string(x))
			html_txt(pg->out, json_string_value(x));
	}
	if (!json_array_size(v))
		page_none(pg);
}

/* One value of a field as a reader should see it. */
static void value(struct page *pg, const char *field, json_t *v)
{
	const char *s = json_string_value(v);
	const char *lang = field_lang(pg, field);

	if (json_is_null(v) || !v || (s && !s[0]))
		page_none(pg);
	else if (s && (!strcmp(field, "state") || !strcmp(field, "certainty")))
		coded(pg, field, s);
	else if (s && (!strcmp(field, "start") || !strcmp(field, "deadline")))
		page_date(pg, s);
	else if (s && lang) {
		html_raw(pg->out, "<span lang=\"");
		html_attr(pg->out, lang);
		html_raw(pg->out, "\">");
		html_txt(pg->out, s);
		html_raw(pg->out, "</span>");
	} else if (s)
		html_txt(pg->out, s);
	else if (json_is_integer(v))
		page_int(pg, json_integer_value(v));
	else if (json_is_array(v))
		list_value(pg, v);
	else
		html_txt(pg->out, T(pg, "changes.value.changed"));
}

static void field_label(struct page *pg, const char *field)
{
	char key[96];

	snprintf(key, sizeof(key), "changes.field.%s", field);
	html_raw(pg->out, "<span class=\"vk-field-name\">");
	html_txt(pg->out, i18n_has(pg->lang, key) ? T(pg, key) : field);
	html_raw(pg->out, ":</span> ");
}

static void field_change(struct page *pg, json_t *f)
{
	const char *field = page_str(f, "field");
	json_t *old = json_object_get(f, "old"),
	       *now = json_object_get(f, "new");

	if (!field)
		return;
	html_raw(pg->out, "<li>");
	field_label(pg, field);
	if (is_long_text(field) && !json_is_array(old) && !json_is_array(now)) {
		change_text(pg, json_string_value(old), json_string_value(now),
			    field_lang(pg, field));
	} else {
		change_del_begin(pg);
		value(pg, field, old);
		change_del_end(pg);
		change_arrow(pg);
		change_ins_begin(pg);
		value(pg, field, now);
		change_ins_end(pg);
	}
	html_raw(pg->out, "</li>");
}

static void fields(struct page *pg, json_t *list)
{
	json_t *f;
	size_t i;

	if (!json_array_size(list))
		return;
	aspect(pg, "changes.aspect.fields", "neutral");
	html_raw(pg->out, "<ul class=\"vk-change-list\">");
	json_array_foreach(list, i, f)
		field_change(pg, f);
	html_raw(pg->out, "</ul></li>\n");
}

void change_item(struct page *pg, json_t *item, const struct change_maps *m)
{
	json_t *st = json_object_get(item, "status");
	json_t *pr = json_object_get(item, "progress");

	html_raw(pg->out, "<ul class=\"vk-changes\">\n");
	if (json_is_true(json_object_get(item, "created")))
		aspect_note(pg, "changes.aspect.created",
			    "changes.created.note", "success");
	if (json_is_true(json_object_get(item, "deleted")))
		aspect_note(pg, "changes.aspect.deleted",
			    "changes.deleted.note", "danger");
	if (st) {
		aspect(pg, "changes.aspect.status", "info");
		change_status(pg, page_str(st, "old"), page_str(st, "new"));
		html_raw(pg->out, "</li>\n");
	}
	if (pr) {
		aspect(pg, "changes.aspect.progress", "info");
		change_progress(pg, json_object_get(pr, "old"),
				json_object_get(pr, "new"));
		html_raw(pg->out, "</li>\n");
	}
	if (json_array_size(json_object_get(item, "reports")))
		reports(pg, json_object_get(item, "reports"));
	list_change(pg, item, "responsible", "changes.aspect.responsible",
		    role_entry, m);
	list_change(pg, item, "allocations", "changes.aspect.allocations",
		    allocation_entry, m);
	list_change(pg, item, "milestones", "changes.aspect.milestones",
		    milestone_entry, m);
	list_change(pg, item, "links", "changes.aspect.links", link_entry, m);
	fields(pg, json_object_get(item, "fields"));
	html_raw(pg->out, "</ul>\n");
}
