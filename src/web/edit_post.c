/*
 * web/edit_post.c: posted edit forms to records, problems to fields (see
 * edit_post.h). It decides nothing about validity: the write service
 * checks every value (record_check); this file only turns the form's
 * text into JSON and the service's answer into the form's words.
 */
#include "web/edit_post.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/limits.h"
#include "util/xalloc.h"
#include "web/edit_fields.h"
#include "web/edit_form.h"

#define NAME_MAX_LEN 160

void edit_rows_release(struct edit_rows *r)
{
	free(r->row);
	r->row = NULL;
	r->n = 0;
}

/* Every non-empty value posted under name, as an array; NULL if none. */
static json_t *posted_ids(const struct http_form *in, const char *name)
{
	json_t *list = json_array();
	size_t pos = 0;
	const char *v;

	while ((v = http_form_next(in, name, &pos)))
		if (v[0])
			json_array_append_new(list, json_string(v));
	if (json_array_size(list))
		return list;
	json_decref(list);
	return NULL;
}

json_t *edit_read_fields(const struct entity_desc *e,
			 const struct http_form *in, bool create)
{
	json_t *rec = json_object();

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_desc *f = &e->fields[i];
		json_t *v;

		if (!strcmp(f->name, "id") && !create)
			continue;
		if (edit_control_of(f) == EC_CHECKBOXES)
			v = posted_ids(in, f->name);
		else
			v = edit_value_parse(f, http_form_get(in, f->name));
		if (v)
			json_object_set_new(rec, f->name, v);
		else if (!create)
			json_object_set_new(rec, f->name, json_null());
	}
	return rec;
}

/* How many rows the list's form had. */
static size_t rows_posted(const struct child_desc *c,
			  const struct http_form *in)
{
	char name[NAME_MAX_LEN];
	const char *n;
	long rows;

	snprintf(name, sizeof(name), "%s.rows", c->name);
	n = http_form_get(in, name);
	rows = n ? strtol(n, NULL, 10) : 0;
	return rows < 0 || rows > LIMIT_CHILDREN ? 0 : (size_t)rows;
}

/* A value the user typed (a choice with a default is always there). */
static bool typed(const struct field_desc *f)
{
	return f->type != FT_BOOL && !(f->type == FT_ENUM && f->dflt);
}

/* Row i as an item; NULL when it was removed or left empty. */
static json_t *read_row(const struct child_desc *c, const struct http_form *in,
			size_t i)
{
	char name[NAME_MAX_LEN];
	json_t *item;
	bool any = false;

	snprintf(name, sizeof(name), "%s[%zu].remove", c->name, i);
	if (http_form_get(in, name))
		return NULL;
	item = json_object();
	for (size_t k = 0; k < c->nfields; k++) {
		const struct field_desc *f = &c->fields[k];
		json_t *v;

		snprintf(name, sizeof(name), "%s[%zu].%s", c->name, i, f->name);
		v = edit_value_parse(f, http_form_get(in, name));
		if (!v)
			continue;
		any = any || typed(f);
		json_object_set_new(item, f->name, v);
	}
	if (any)
		return item;
	json_decref(item);
	return NULL;
}

static bool id_used(json_t *list, const char *id)
{
	json_t *item;
	size_t i;

	json_array_foreach(list, i, item)
		if (json_is_string(json_object_get(item, "id")) &&
		    !strcmp(json_string_value(json_object_get(item, "id")), id))
			return true;
	return false;
}

/* New rows without an id get the first free M1, M2, ... */
static void give_ids(json_t *list)
{
	json_t *item;
	size_t i;
	int next = 1;

	json_array_foreach(list, i, item) {
		char id[24];

		if (json_object_get(item, "id"))
			continue;
		do
			snprintf(id, sizeof(id), "M%d", next++);
		while (id_used(list, id));
		json_object_set_new(item, "id", json_string(id));
	}
}

json_t *edit_read_child(const struct child_desc *c, const struct http_form *in,
			struct edit_rows *rows)
{
	json_t *list;
	size_t n;

	rows->n = 0;
	if (c->scalar) {
		list = posted_ids(in, c->name);
		return json_pack("{s:o}", c->name, list ? list : json_array());
	}
	n = rows_posted(c, in);
	rows->row = xcalloc(n + 1, sizeof(*rows->row));
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *item = read_row(c, in, i);

		if (!item)
			continue;
		rows->row[rows->n++] = i;
		json_array_append_new(list, item);
	}
	if (c->nfields && !strcmp(c->fields[0].name, "id"))
		give_ids(list);
	return json_pack("{s:o}", c->name, list);
}

static bool has_id(json_t *list, const char *id)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), id))
			return true;
	return false;
}

/* posted reordered: the stored ids it has, in stored order, then the
 * others as posted. A new reference. */
static json_t *ordered(json_t *posted, json_t *stored)
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(stored, i, v)
		if (json_is_string(v) && has_id(posted, json_string_value(v)) &&
		    !has_id(out, json_string_value(v)))
			json_array_append(out, v);
	json_array_foreach(posted, i, v)
		if (!json_is_string(v) || !has_id(out, json_string_value(v)))
			json_array_append(out, v);
	return out;
}

void edit_keep_order(json_t *patch, json_t *record)
{
	const char *key;
	json_t *v, *stored;

	json_object_foreach(patch, key, v) {
		stored = json_object_get(record, key);
		/* No box checked: an empty list stays empty, not null. */
		if (json_is_null(v) && json_is_array(stored) &&
		    !json_array_size(stored)) {
			json_object_set_new(patch, key, json_array());
			continue;
		}
		if (!json_is_array(v) || !json_is_array(stored) ||
		    !json_is_string(json_array_get(v, 0)))
			continue;
		json_object_set_new(patch, key, ordered(v, stored));
	}
}

/* ---- problems ---- */

/* Where one problem goes in the form. */
struct target {
	char name[NAME_MAX_LEN]; /* the control's name */
	const struct field_desc *f;
	const char *posted; /* what was posted there, or NULL */
	long row;	    /* the row of a list, else -1 */
};

/* The index-th value posted under name (a list's wrong item). */
static const char *nth_value(const struct http_form *in, const char *name,
			     long index)
{
	size_t pos = 0;
	const char *v = NULL;

	for (long i = 0; i <= index; i++)
		do
			v = http_form_next(in, name, &pos);
		while (v && !v[0]);
	return v;
}

static int target_of_field(const struct field_desc *f,
			   const struct edit_path *p,
			   const struct http_form *in, struct target *t)
{
	snprintf(t->name, sizeof(t->name), "%s", f->name);
	t->f = f;
	t->row = -1;
	t->posted = p->index >= 0 ? nth_value(in, f->name, p->index)
				  : http_form_get(in, f->name);
	return 0;
}

static int target_of_row(const struct child_desc *c, const struct edit_path *p,
			 const struct edit_rows *rows,
			 const struct http_form *in, struct target *t)
{
	const struct field_desc *f = NULL;

	if (c->scalar) {
		snprintf(t->name, sizeof(t->name), "%s", c->name);
		t->f = &c->fields[0];
		t->row = -1;
		t->posted =
		    p->index >= 0 ? nth_value(in, c->name, p->index) : NULL;
		return 0;
	}
	if (p->index < 0 || (size_t)p->index >= rows->n)
		return -1;
	for (size_t k = 0; k < c->nfields && !f; k++)
		if (!strcmp(c->fields[k].name, p->sub[0] ? p->sub : ""))
			f = &c->fields[k];
	/* A problem with the whole row goes on its first field. */
	if (!f && p->sub[0])
		return -1;
	t->f = f ? f : &c->fields[0];
	t->row = (long)rows->row[p->index];
	snprintf(t->name, sizeof(t->name), "%s[%ld].%s", c->name, t->row,
		 t->f->name);
	t->posted = http_form_get(in, t->name);
	if (!f)
		t->f = NULL; /* the kind comes from the message alone */
	return 0;
}

static int target_of(const struct entity_desc *e, const char *part,
		     const struct edit_rows *rows, const struct http_form *in,
		     const char *path, struct target *t)
{
	struct edit_path p;
	const struct field_desc *f;
	const struct child_desc *c;

	if (edit_path_parse(path, &p) < 0)
		return -1;
	f = entity_field(e, p.name);
	c = f ? NULL : entity_child(e, p.name);
	if (f && !strcmp(part, EDIT_PART_FIELDS) && !p.sub[0])
		return target_of_field(f, &p, in, t);
	if (c && !strcmp(part, c->name))
		return target_of_row(c, &p, rows, in, t);
	return -1;
}

/* "Label" for a field, "Label (row 2)" in a list. */
static void target_label(struct page *pg, const struct target *t,
			 const char *field, struct buf *out)
{
	char num[24];
	const char *args[] = {num};

	edit_field_label(pg, field, out);
	if (t->row < 0)
		return;
	snprintf(num, sizeof(num), "%ld", t->row + 1);
	buf_addstr(out, " (");
	edit_fill(out, T(pg, "edit.row.in"), args, 1);
	buf_addstr(out, ")");
}

static void word(struct page *pg, const struct target *t,
		 const struct problem *p, struct buf *msg)
{
	enum edit_problem kind = edit_problem_of(t->f, t->posted, p->message);
	const char *key = edit_problem_key(kind);
	const char *field = strrchr(t->name, '.');
	struct buf label = BUF_INIT;
	char max[24] = "", min[24] = "";
	const char *args[3];

	if (!key) {
		/* The last resort: the service's own (English) words. */
		buf_addstr(msg, p->message);
		return;
	}
	target_label(pg, t, t->row >= 0 && field ? field + 1 : t->name, &label);
	if (t->f) {
		snprintf(max, sizeof(max), "%lld", (long long)t->f->max);
		snprintf(min, sizeof(min), "%lld", (long long)t->f->min);
	}
	args[0] = buf_cstr(&label);
	args[1] = max;
	args[2] = min;
	edit_fill(msg, T(pg, key), args, 3);
	buf_release(&label);
}

void edit_problems(struct page *pg, const struct entity_desc *e,
		   const char *part, const struct edit_rows *rows,
		   const struct problems *probs, struct form_state *fs,
		   struct buf *general)
{
	for (size_t i = 0; i < probs->n; i++) {
		const struct problem *p = &probs->items[i];
		struct buf msg = BUF_INIT;
		struct target t;

		if (target_of(e, part, rows, &pg->form, p->field, &t) < 0) {
			buf_addf(general, "%s: %s\n", p->field, p->message);
			continue;
		}
		word(pg, &t, p, &msg);
		form_error(fs, t.name, buf_cstr(&msg));
		buf_release(&msg);
	}
}
