/*
 * service/record.c: validation of whole records against the descriptors in
 * model/entity.c. Single values are checked by model/ (value, period,
 * orgnr); this module walks the record, names the path of each problem and
 * says what was expected.
 */
#include "service/record.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/limits.h"
#include "model/orgnr.h"
#include "model/period.h"
#include "model/value.h"
#include "util/buf.h"

#define PATH_MAX_LEN 200
#define REFLIST_MAX 200

/*
 * Drops a UTF-8 character that a cut at s[len] left incomplete: keys are
 * user text, and a field that is not UTF-8 cannot be shown (json_pack
 * refuses it).
 */
static void cut_at_character(char *s, size_t len)
{
	size_t i = len, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (len - i < need)
		s[i - 1] = '\0';
}

/* A field path; a path longer than the buffer is cut, which only shortens
 * a message. */
static void path_fmt(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void path_fmt(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (len >= 0 && (size_t)len >= n)
		cut_at_character(out, n - 1);
}

static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true or false";
	default:
		return "null";
	}
}

static void check_ref(const struct field_desc *f, const char *id,
		      const char *path, const struct record_refs *refs,
		      struct problems *out)
{
	struct err e = ERR_INIT;

	if (value_check_id(id, &e) < 0) {
		problems_add(out, path, "%s", e.msg);
		return;
	}
	if (refs && !refs->exists(refs->ctx, f->ref, id))
		problems_add(out, path,
			     "no record in %s has the id \"%s\"; give the id "
			     "of an existing record (in this file or the "
			     "database), or add that record",
			     f->ref, id);
}

static void check_reflist(const struct field_desc *f, json_t *v,
			  const char *path, const struct record_refs *refs,
			  struct problems *out)
{
	char sub[PATH_MAX_LEN];
	size_t i;
	json_t *item;

	if (!json_is_array(v)) {
		problems_add(out, path, "expected an array of %s ids, got %s",
			     f->ref, type_name(v));
		return;
	}
	if (json_array_size(v) > REFLIST_MAX) {
		problems_add(out, path, "at most %d ids are allowed here",
			     REFLIST_MAX);
		return;
	}
	json_array_foreach(v, i, item) {
		path_fmt(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!json_is_string(item))
			problems_add(out, sub, "expected an id (a string), "
					       "got %s", type_name(item));
		else
			check_ref(f, json_string_value(item), sub, refs, out);
	}
}

/* Checks a string-typed value by its field type; 0 when good. */
static int check_string(const struct field_desc *f, const char *s,
			struct err *e)
{
	struct period p;

	switch (f->type) {
	case FT_ID:
		return value_check_id(s, e);
	case FT_TEXT:
		return value_check_text(s, (size_t)f->max, e);
	case FT_DATE:
		return value_check_date(s, e);
	case FT_PERIOD:
		return period_parse(s, &p, e);
	case FT_ENUM:
		return value_check_enum(s, f->values, e);
	case FT_URL:
		return value_check_url(s, e);
	case FT_ORGNR:
		return orgnr_check(s, e);
	default:
		return 0;
	}
}

static void check_number(const struct field_desc *f, json_t *v,
			 const char *path, struct problems *out)
{
	if (f->type == FT_NUM) {
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			problems_add(out, path, "expected a number, got %s",
				     type_name(v));
		return;
	}
	if (!json_is_integer(v)) {
		problems_add(out, path, "expected a whole number from %lld "
					"to %lld, got %s",
			     (long long)f->min, (long long)f->max,
			     type_name(v));
		return;
	}
	if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
		problems_add(out, path, "expected a whole number from %lld to "
					"%lld, got %lld",
			     (long long)f->min, (long long)f->max,
			     (long long)json_integer_value(v));
}

static void check_json(const struct field_desc *f, json_t *v,
		       const char *path, struct problems *out)
{
	char *text;

	if (!json_is_array(v) && !json_is_object(v)) {
		problems_add(out, path, "expected an array or an object, got "
					"%s", type_name(v));
		return;
	}
	text = json_dumps(v, JSON_COMPACT);
	if (text && strlen(text) > (size_t)f->max)
		problems_add(out, path, "is too long: at most %lld bytes of "
					"JSON", (long long)f->max);
	free(text);
}

static void check_field(const struct field_desc *f, json_t *v,
			const char *path, const struct record_refs *refs,
			struct problems *out)
{
	struct err e = ERR_INIT;

	if (!v || json_is_null(v)) {
		if (f->flags & FIELD_REQUIRED)
			problems_add(out, path, "is required");
		return;
	}
	switch (f->type) {
	case FT_INT:
	case FT_NUM:
		check_number(f, v, path, out);
		return;
	case FT_BOOL:
		if (!json_is_boolean(v))
			problems_add(out, path, "expected true or false, got "
						"%s", type_name(v));
		return;
	case FT_REFLIST:
		check_reflist(f, v, path, refs, out);
		return;
	case FT_JSON:
		check_json(f, v, path, out);
		return;
	default:
		break;
	}
	if (!json_is_string(v)) {
		problems_add(out, path, "expected a string, got %s",
			     type_name(v));
		return;
	}
	if (f->type == FT_REF)
		check_ref(f, json_string_value(v), path, refs, out);
	else if (check_string(f, json_string_value(v), &e) < 0)
		problems_add(out, path, "%s", e.msg);
}

/* Every member of obj must be a field (or child) of the descriptor. */
static void check_unknown(json_t *obj, const struct field_desc *fields,
			  size_t nfields, const struct child_desc *children,
			  size_t nchildren, const char *path,
			  struct problems *out)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool known = false;
		char sub[PATH_MAX_LEN];
		struct buf names = BUF_INIT;

		for (size_t i = 0; i < nfields && !known; i++)
			known = !strcmp(fields[i].name, key);
		for (size_t i = 0; i < nchildren && !known; i++)
			known = !strcmp(children[i].name, key);
		if (known)
			continue;
		for (size_t i = 0; i < nfields; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", fields[i].name);
		for (size_t i = 0; i < nchildren; i++)
			buf_addf(&names, ", %s", children[i].name);
		path_fmt(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
			 key);
		problems_add(out, sub, "unknown field; the fields here are: %s",
			     buf_cstr(&names));
		buf_release(&names);
	}
}

/* The sibling-unique key of a child item, as text. */
static void child_key(const struct child_desc *c, json_t *item,
		      struct buf *key)
{
	char names[128];
	char *save = NULL;

	buf_reset(key);
	if (c->scalar || !c->key) {
		char *t = json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);

		buf_addstr(key, t ? t : "");
		free(t);
		return;
	}
	snprintf(names, sizeof(names), "%s", c->key);
	for (char *n = strtok_r(names, " ", &save); n;
	     n = strtok_r(NULL, " ", &save)) {
		json_t *v = json_object_get(item, n);

		buf_addf(key, "%s\x1f",
			 json_is_string(v) ? json_string_value(v) : "");
	}
}

static void check_child_item(const struct child_desc *c, json_t *item,
			     const char *path, const struct record_refs *refs,
			     struct problems *out)
{
	char sub[PATH_MAX_LEN];

	if (c->scalar) {
		check_field(&c->fields[0], item, path, refs, out);
		return;
	}
	if (!json_is_object(item)) {
		problems_add(out, path, "expected an object, got %s",
			     type_name(item));
		return;
	}
	check_unknown(item, c->fields, c->nfields, NULL, 0, path, out);
	for (size_t k = 0; k < c->nfields; k++) {
		path_fmt(sub, sizeof(sub), "%s.%s", path, c->fields[k].name);
		check_field(&c->fields[k], json_object_get(item,
							   c->fields[k].name),
			    sub, refs, out);
	}
}

static void check_children(const struct child_desc *c, json_t *v,
			   const char *path, const struct record_refs *refs,
			   struct problems *out)
{
	struct buf key = BUF_INIT;
	json_t *seen = json_object();
	char sub[PATH_MAX_LEN];
	size_t i;
	json_t *item;

	if (!v || json_is_null(v))
		goto done;
	if (!json_is_array(v)) {
		problems_add(out, path, "expected an array, got %s",
			     type_name(v));
		goto done;
	}
	if (json_array_size(v) > LIMIT_CHILDREN) {
		problems_add(out, path, "at most %d entries are allowed here",
			     LIMIT_CHILDREN);
		goto done;
	}
	json_array_foreach(v, i, item) {
		path_fmt(sub, sizeof(sub), "%s[%zu]", path, i);
		check_child_item(c, item, sub, refs, out);
		if (!c->scalar && !c->key)
			continue;
		child_key(c, item, &key);
		if (json_object_get(seen, buf_cstr(&key)))
			problems_add(out, sub, "repeats an earlier entry%s%s; "
					       "give each only once",
				     c->key ? " with the same " : "",
				     c->key ? c->key : "");
		json_object_set_new(seen, buf_cstr(&key), json_true());
	}
done:
	json_decref(seen);
	buf_release(&key);
}

size_t record_check(const struct entity_desc *e, json_t *rec,
		    const char *path, const struct record_refs *refs,
		    struct problems *out)
{
	size_t before = problems_total(out);
	char sub[PATH_MAX_LEN];

	if (!json_is_object(rec)) {
		problems_add(out, path, "expected an object (one %s), got %s",
			     e->singular, type_name(rec));
		return problems_total(out) - before;
	}
	check_unknown(rec, e->fields, e->nfields, e->children, e->nchildren,
		      path, out);
	for (size_t i = 0; i < e->nfields; i++) {
		path_fmt(sub, sizeof(sub), "%s.%s", path, e->fields[i].name);
		check_field(&e->fields[i],
			    json_object_get(rec, e->fields[i].name), sub,
			    refs, out);
	}
	for (size_t i = 0; i < e->nchildren; i++) {
		path_fmt(sub, sizeof(sub), "%s.%s", path, e->children[i].name);
		check_children(&e->children[i],
			       json_object_get(rec, e->children[i].name), sub,
			       refs, out);
	}
	return problems_total(out) - before;
}
