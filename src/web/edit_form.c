/*
 * web/edit_form.c: the forms of one record, from its descriptor (see
 * edit_form.h). Controls come from web/form_view.h; which control a field
 * gets, and the text it shows, from web/edit_fields.h. Choices of a
 * reference are the records of the collection it points to, named in
 * the page's language. Every value leaves through an escaper.
 *
 * It reads only through service/edit.h (options) and writes nothing.
 * Ownership: what it allocates is freed before each function returns.
 */
#include "web/edit_form.h"

#include <stdlib.h>
#include <string.h>

#include "http/respond.h"
#include "model/limits.h"
#include "service/edit.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/edit_fields.h"
#include "web/format.h"

#define NAME_MAX_LEN 160
/* A decision is named by its text: this much of it. */
#define LABEL_TEXT_MAX 80

/* ---- options ---- */

static void want_refs(json_t *need, const struct field_desc *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].ref)
			json_object_set_new(need, f[i].ref, json_true());
}

json_t *edit_options(struct page *pg, const struct entity_desc *e,
		     struct err *err)
{
	json_t *need = json_object(), *out = json_object(), *v;
	const char *coll;

	want_refs(need, e->fields, e->nfields);
	for (size_t i = 0; i < e->nchildren; i++)
		want_refs(need, e->children[i].fields, e->children[i].nfields);
	json_object_foreach(need, coll, v) {
		const struct entity_desc *re = entity_find(coll);
		json_t *items =
		    re ? service_edit_items(pg->st, &pg->who, re, err)
		       : json_array();

		if (!items) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_object_set_new(out, coll, items);
	}
	json_decref(need);
	return out;
}

/* The first max bytes of s, cut at a character, with an ellipsis. */
static const char *shortened(const char *s, struct buf *tmp)
{
	size_t n = strlen(s);

	if (n <= LABEL_TEXT_MAX)
		return s;
	n = LABEL_TEXT_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	buf_reset(tmp);
	buf_add(tmp, s, n);
	buf_addstr(tmp, "\xe2\x80\xa6");
	return buf_cstr(tmp);
}

const char *edit_item_label(struct page *pg, json_t *rec, struct buf *tmp)
{
	const char *s = page_pick(pg, rec, "name", NULL);
	const char *from = page_str(rec, "from"), *to = page_str(rec, "to");

	if (!s)
		s = page_pick(pg, rec, "title", NULL);
	if (!s)
		s = page_str(rec, "title");
	if (!s && from && to) {
		buf_reset(tmp);
		buf_addf(tmp, "%s \xe2\x86\x92 %s", from, to);
		return buf_cstr(tmp);
	}
	if (!s && (s = page_pick(pg, rec, "text", NULL)))
		return shortened(s, tmp);
	return s && s[0] ? s : page_str(rec, "id");
}

void edit_base_path(const struct entity_desc *e, char *out, size_t n)
{
	snprintf(out, n, "/workspace/edit/%s/", e->collection);
}

void edit_etag(json_t *item, char out[HTTP_ETAG_SIZE])
{
	struct buf b = BUF_INIT;
	char *dump = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER);

	/* The bytes the API sends for GET (api/write.c), so the version a
	 * form carries is the ETag a client of the API sees. */
	buf_addstr(&b, dump ? dump : "");
	buf_addch(&b, '\n');
	http_etag_compute(buf_cstr(&b), b.len, out);
	free(dump);
	buf_release(&b);
}

void edit_field_label(struct page *pg, const char *name, struct buf *out)
{
	char key[96], lkey[32];
	char base[EDIT_NAME_MAX];
	int l = edit_field_lang(name, base, sizeof(base));

	edit_label_key(name, key, sizeof(key));
	buf_addstr(out, T(pg, key));
	if (l < 0)
		return;
	snprintf(lkey, sizeof(lkey), "edit.lang.in.%s",
		 lang_code((enum lang)l));
	buf_addf(out, " (%s)", T(pg, lkey));
}

/* ---- choices ---- */

struct choices {
	struct form_option *o;
	char **owned; /* labels made here */
	size_t n, cap;
};

static void choice_add(struct choices *c, const char *value, char *label)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->o = xrealloc(c->o, c->cap * sizeof(*c->o));
		c->owned = xrealloc(c->owned, c->cap * sizeof(*c->owned));
	}
	c->o[c->n] = (struct form_option){value, label};
	c->owned[c->n++] = label;
}

static void choices_release(struct choices *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->owned[i]);
	free(c->o);
	free(c->owned);
}

static bool has_choice(const struct choices *c, const char *value)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->o[i].value, value))
			return true;
	return false;
}

static int by_label(const void *a, const void *b)
{
	const struct form_option *x = a, *y = b;

	return fmt_collate(x->label, y->label);
}

/* A record as a choice: "Name (ID)", or the id alone. */
static char *record_label(struct page *pg, json_t *rec)
{
	struct buf tmp = BUF_INIT, out = BUF_INIT;
	const char *id = page_str(rec, "id");
	const char *label = edit_item_label(pg, rec, &tmp);

	if (label && id && strcmp(label, id))
		buf_addf(&out, "%s (%s)", label, id);
	else
		buf_addstr(&out, id ? id : "");
	buf_release(&tmp);
	return buf_detach(&out, NULL);
}

/* The records of the referenced collection, sorted by name. The
 * pairs are sorted together, so labels stay with their values. */
static void record_choices(const struct edit_view *v, const char *coll,
			   struct choices *c)
{
	json_t *items = json_object_get(v->options, coll), *rec;
	size_t i, from = c->n;

	json_array_foreach(items, i, rec)
		if (page_str(rec, "id"))
			choice_add(c, page_str(rec, "id"),
				   record_label(v->pg, rec));
	/* owned[] and o[] hold the same label pointers in the same order
	 * before sorting; after it, owned still frees each exactly once. */
	xqsort(c->o + from, c->n - from, sizeof(*c->o), by_label);
}

/* A stored id no choice offers (its record was deleted): kept as a
 * choice, so that saving the form does not drop it unseen. */
static void keep_unknown(struct page *pg, struct choices *c, const char *id)
{
	struct buf b = BUF_INIT;
	const char *args[] = {id};

	if (!id || !id[0] || has_choice(c, id))
		return;
	edit_fill(&b, T(pg, "edit.select.missing"), args, 1);
	choice_add(c, id, buf_detach(&b, NULL));
}

static void enum_choices(struct page *pg, const struct field_desc *f,
			 struct choices *c)
{
	char key[96];

	for (size_t i = 0; f->values[i]; i++) {
		snprintf(key, sizeof(key), "edit.enum.%s", f->values[i]);
		choice_add(c, f->values[i], xstrdup(T(pg, key)));
	}
}

/* The empty first choice: "choose" when required, "none" otherwise;
 * none for an enum that has a default (it always has a value). */
static void empty_choice(struct page *pg, const struct field_desc *f,
			 struct choices *c)
{
	if (f->type == FT_ENUM && f->dflt)
		return;
	choice_add(
	    c, "",
	    xstrdup(T(pg, (f->flags & FIELD_REQUIRED) ? "edit.select.choose"
						      : "edit.select.none")));
}

/* ---- one field ---- */

/* What a field shows, and how. */
struct shown {
	const struct edit_view *v;
	const struct form_state *fs;
	const struct field_desc *f;
	const char *name; /* the form field's name */
	json_t *value;	  /* stored, or NULL */
	bool new_id;	  /* the id of a new record or row */
};

static const char *help_of(const struct shown *s)
{
	switch (s->f->type) {
	case FT_ID:
		if (!s->new_id)
			return NULL;
		return strchr(s->name, '[') ? "edit.help.row_id"
					    : "edit.help.id";
	case FT_DATE:
		return "edit.help.date";
	case FT_PERIOD:
		return "edit.help.period";
	case FT_ORGNR:
		return "edit.help.orgnr";
	case FT_URL:
		return "edit.help.url";
	case FT_NUM:
		return "edit.help.decimal";
	case FT_JSON:
		return "edit.help.json";
	default:
		return NULL;
	}
}

static const char *input_type(const struct field_desc *f)
{
	switch (edit_control_of(f)) {
	case EC_NUMBER:
		return "number";
	default:
		return f->type == FT_URL ? "url" : "text";
	}
}

static void render_select(const struct shown *s, const struct form_field *ff,
			  const char *stored)
{
	struct choices c = {0};
	const char *cur =
	    s->fs->in ? http_form_get(s->fs->in, s->name) : stored;

	empty_choice(s->v->pg, s->f, &c);
	if (s->f->type == FT_ENUM)
		enum_choices(s->v->pg, s->f, &c);
	else
		record_choices(s->v, s->f->ref, &c);
	keep_unknown(s->v->pg, &c, cur);
	form_select(s->v->pg, s->fs, ff, c.o, c.n);
	choices_release(&c);
}

/* A list of ids as checkboxes; `ref` is the collection they name. */
static void render_checks(const struct shown *s, const struct form_field *ff,
			  const char *ref)
{
	struct choices c = {0};
	size_t n = json_array_size(s->value), i;
	const char **checked = xcalloc(n + 1, sizeof(*checked));
	const char *posted_id;
	json_t *id;

	record_choices(s->v, ref, &c);
	json_array_foreach(s->value, i, id) {
		checked[i] = json_string_value(id) ? json_string_value(id) : "";
		keep_unknown(s->v->pg, &c, checked[i]);
	}
	for (size_t pos = 0; s->fs->in && (posted_id = http_form_next(
					       s->fs->in, s->name, &pos));)
		keep_unknown(s->v->pg, &c, posted_id);
	html_raw(s->v->pg->out, "<div class=\"vk-edit-checks\">\n");
	form_checkboxes(s->v->pg, s->fs, ff, c.o, c.n, checked);
	html_raw(s->v->pg->out, "</div>\n");
	free(checked);
	choices_release(&c);
}

/* One box for a yes/no field, or a row's "remove" box. */
static void render_box(struct page *pg, const struct form_state *fs,
		       const char *name, const char *label, bool on)
{
	if (fs->in)
		on = http_form_get(fs->in, name) != NULL;
	html_raw(pg->out, "<div class=\"ds-field vk-edit-box\"><input "
			  "class=\"ds-input\" type=\"checkbox\" id=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" name=\"");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" value=\"true\"");
	if (on)
		html_raw(pg->out, " checked");
	html_raw(pg->out, "><label class=\"ds-label\" for=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
	html_txt(pg->out, label);
	html_raw(pg->out, "</label></div>\n");
}

static void render_field(const struct shown *s)
{
	struct buf text = BUF_INIT, label = BUF_INIT;
	char key[96];
	struct form_field ff = {0};

	edit_label_key(s->f->name, key, sizeof(key));
	edit_value_text(s->f, s->value, &text);
	ff = (struct form_field){
	    .name = s->name,
	    .label_key = key,
	    .help_key = help_of(s),
	    .value = buf_cstr(&text),
	    .required = (s->f->flags & FIELD_REQUIRED) && !s->new_id,
	    .type = input_type(s->f),
	};
	switch (edit_control_of(s->f)) {
	case EC_TEXTAREA:
	case EC_JSON:
		form_textarea(s->v->pg, s->fs, &ff,
			      s->f->max >= LIMIT_TEXT_BYTES ? 8 : 4);
		break;
	case EC_SELECT:
		render_select(s, &ff, buf_cstr(&text));
		break;
	case EC_CHECKBOXES:
		render_checks(s, &ff, s->f->ref);
		break;
	case EC_CHECKBOX:
		edit_field_label(s->v->pg, s->f->name, &label);
		render_box(s->v->pg, s->fs, s->name, buf_cstr(&label),
			   json_is_true(s->value));
		break;
	default:
		form_input(s->v->pg, s->fs, &ff);
		break;
	}
	buf_release(&text);
	buf_release(&label);
}

/* ---- the record's own fields ---- */

static bool posted(const struct edit_view *v, const char *part)
{
	return v->posted_part && !strcmp(v->posted_part, part);
}

/* Which form this is, and the version it is based on: for the form
 * that was posted and refused, the version it was based on then, so
 * that a record changed meanwhile is not overwritten by posting again. */
static void hidden_version(const struct edit_view *v, const char *part)
{
	const char *etag = posted(v, part) ? v->posted_etag : v->etag;

	form_hidden(v->pg, EDIT_PART, part);
	if (etag)
		form_hidden(v->pg, "etag", etag);
}

/* The _nb, _nn and _en fields, a fieldset per language. */
static void render_languages(const struct edit_view *v,
			     const struct form_state *fs)
{
	char base[EDIT_NAME_MAX], key[32];

	for (int l = 0; l < LANG_COUNT; l++) {
		snprintf(key, sizeof(key), "edit.lang.%s",
			 lang_code((enum lang)l));
		html_raw(v->pg->out, "<fieldset class=\"ds-fieldset "
				     "vk-edit-lang\">\n<legend "
				     "class=\"ds-label\">");
		html_txt(v->pg->out, T(v->pg, key));
		html_raw(v->pg->out, "</legend>\n");
		for (size_t i = 0; i < v->e->nfields; i++) {
			const struct field_desc *f = &v->e->fields[i];
			struct shown s = {v,
					  fs,
					  f,
					  f->name,
					  json_object_get(v->record, f->name),
					  false};

			if (edit_field_lang(f->name, base, sizeof(base)) == l)
				render_field(&s);
		}
		html_raw(v->pg->out, "</fieldset>\n");
	}
}

void edit_render_fields(const struct edit_view *v)
{
	struct form_state empty = {0};
	const struct form_state *fs =
	    posted(v, EDIT_PART_FIELDS) ? v->fs : &empty;
	char path[NAME_MAX_LEN], base[EDIT_NAME_MAX];
	bool languages = false;

	edit_base_path(v->e, path, sizeof(path));
	form_begin(v->pg, path, v->id ? v->id : "new");
	hidden_version(v, EDIT_PART_FIELDS);
	for (size_t i = 0; i < v->e->nfields; i++) {
		const struct field_desc *f = &v->e->fields[i];
		struct shown s = {
		    v,	   fs, f, f->name, json_object_get(v->record, f->name),
		    !v->id};

		if (!strcmp(f->name, "id") && v->id)
			continue; /* shown above the form; never changes */
		if (edit_field_lang(f->name, base, sizeof(base)) >= 0) {
			if (!languages)
				render_languages(v, fs);
			languages = true;
			continue;
		}
		render_field(&s);
	}
	form_button(v->pg, v->id ? "edit.save" : "edit.create", NULL, NULL,
		    true);
	form_end(v->pg);
}

/* ---- nested lists ---- */

/* How many rows the list's form shows. */
static size_t row_count(const struct form_state *fs, const struct child_desc *c,
			size_t stored)
{
	char name[NAME_MAX_LEN];
	const char *n;
	long rows;

	if (!fs->in)
		return stored + EDIT_BLANK_ROWS;
	snprintf(name, sizeof(name), "%s.rows", c->name);
	n = http_form_get(fs->in, name);
	rows = n ? strtol(n, NULL, 10) : 0;
	if (rows < 0 || rows > LIMIT_CHILDREN)
		rows = 0;
	return (size_t)rows;
}

static void render_row(const struct edit_view *v, const struct form_state *fs,
		       const struct child_desc *c, size_t i, json_t *item)
{
	char name[NAME_MAX_LEN], num[24];
	const char *args[] = {num};
	struct buf legend = BUF_INIT;

	snprintf(num, sizeof(num), "%zu", i + 1);
	edit_fill(&legend, T(v->pg, item ? "edit.row" : "edit.row.new"), args,
		  1);
	html_raw(v->pg->out, "<fieldset class=\"ds-fieldset vk-edit-row\">\n"
			     "<legend class=\"ds-label\">");
	html_txt(v->pg->out, buf_cstr(&legend));
	html_raw(v->pg->out, "</legend>\n");
	for (size_t k = 0; k < c->nfields; k++) {
		const struct field_desc *f = &c->fields[k];
		struct shown s = {v,
				  fs,
				  f,
				  name,
				  json_object_get(item, f->name),
				  !strcmp(f->name, "id")};

		snprintf(name, sizeof(name), "%s[%zu].%s", c->name, i, f->name);
		render_field(&s);
	}
	if (item) {
		snprintf(name, sizeof(name), "%s[%zu].remove", c->name, i);
		buf_reset(&legend);
		edit_fill(&legend, T(v->pg, "edit.row.remove"), args, 1);
		render_box(v->pg, fs, name, buf_cstr(&legend), false);
	}
	html_raw(v->pg->out, "</fieldset>\n");
	buf_release(&legend);
}

static void render_rows(const struct edit_view *v, const struct form_state *fs,
			const struct child_desc *c)
{
	json_t *items = json_object_get(v->record, c->name);
	size_t stored = json_array_size(items);
	size_t n = row_count(fs, c, stored);
	char name[NAME_MAX_LEN], count[24];

	snprintf(name, sizeof(name), "%s.rows", c->name);
	snprintf(count, sizeof(count), "%zu", n);
	form_hidden(v->pg, name, count);
	for (size_t i = 0; i < n; i++)
		render_row(v, fs, c, i,
			   i < stored ? json_array_get(items, i) : NULL);
}

void edit_render_child(const struct edit_view *v, const struct child_desc *c)
{
	struct form_state empty = {0};
	const struct form_state *fs = posted(v, c->name) ? v->fs : &empty;
	char path[NAME_MAX_LEN], key[96];

	edit_base_path(v->e, path, sizeof(path));
	snprintf(key, sizeof(key), "edit.child.%s", c->name);
	html_raw(v->pg->out, "<section class=\"vk-edit-child\" "
			     "aria-labelledby=\"child-");
	html_attr(v->pg->out, c->name);
	html_raw(v->pg->out, "\">\n<h2 class=\"ds-heading\" data-size=\"sm\" "
			     "id=\"child-");
	html_attr(v->pg->out, c->name);
	html_raw(v->pg->out, "\">");
	html_txt(v->pg->out, T(v->pg, key));
	html_raw(v->pg->out, "</h2>\n");
	form_begin(v->pg, path, v->id);
	hidden_version(v, c->name);
	if (c->scalar) {
		struct shown s = {v,
				  fs,
				  &c->fields[0],
				  c->name,
				  json_object_get(v->record, c->name),
				  false};
		struct form_field ff = {.name = c->name, .label_key = key};

		render_checks(&s, &ff, c->fields[0].ref);
	} else {
		render_rows(v, fs, c);
	}
	snprintf(key, sizeof(key), "edit.save.%s", c->name);
	form_button(v->pg, key, NULL, NULL, true);
	form_end(v->pg);
	html_raw(v->pg->out, "</section>\n");
}

void edit_render_delete(const struct edit_view *v)
{
	char path[NAME_MAX_LEN];

	edit_base_path(v->e, path, sizeof(path));
	html_raw(v->pg->out, "<section class=\"vk-edit-delete\" "
			     "aria-labelledby=\"delete-heading\">\n");
	page_h2(v->pg, "delete-heading", "edit.delete.h");
	html_raw(v->pg->out, "<p class=\"ds-paragraph\">");
	html_txt(v->pg->out, T(v->pg, "edit.delete.intro"));
	html_raw(v->pg->out, "</p>\n");
	form_begin(v->pg, path, v->id);
	hidden_version(v, "delete_ask");
	form_button(v->pg, "edit.delete", NULL, NULL, false);
	form_end(v->pg);
	html_raw(v->pg->out, "</section>\n");
}
