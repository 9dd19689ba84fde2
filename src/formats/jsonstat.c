/*
 * formats/jsonstat.c: JSON-stat 2.0 reader and writer (see jsonstat.h).
 *
 * Reading runs in three steps:
 *   1. scan: our own pass over the whole text checks the JSON syntax and
 *      notes where the "value" and "status" members of each dataset are
 *      (the top-level object, or each object in link.item);
 *   2. metadata: jansson parses a copy of the text with those members
 *      blanked out (so it never builds a tree of a million numbers) and we
 *      read id, size, dimension and role from it;
 *   3. values: the chosen dataset's "value" and "status" are parsed from
 *      the original text straight into struct jsonstat_value.
 * Step 1 is what makes a million values cheap: a jansson tree of a sparse
 * value object of that size takes ~140 MB and a second; the arrays here
 * take 16 MB (docs/data-exchange.md).
 *
 * It must not know about indicators, periods or the database: it hands out
 * categories, cells and numbers. Pure: no I/O, no globals. Every string in
 * a dataset is owned by the dataset.
 */
#include "formats/jsonstat.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/json_locate.h"
#include "model/limits.h"
#include "model/period.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* ---- step 1: the syntax scan ------------------------------------------ */

/* What the object or array being scanned is, in JSON-stat terms. */
enum scan_role { R_OTHER, R_ROOT, R_LINK, R_ITEMS, R_ITEM };

/* Where one dataset's value and status members are (offsets of their
 * values: [start, end)). */
struct capture {
	long item; /* -1: the top-level object; else index in link.item */
	size_t v0, v1, s0, s1;
	bool has_v, has_s;
};

struct scan {
	const char *t;
	size_t n, i;
	int depth;
	long item; /* link.item index of the object being scanned */
	struct capture *caps;
	size_t ncaps, acaps;
	/* the first error */
	bool failed;
	size_t err_at;
	char msg[256];
};

static int scan_fail(struct scan *s, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int scan_fail(struct scan *s, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (s->failed)
		return -1;
	s->failed = true;
	s->err_at = at;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void skip_ws(const char *t, size_t n, size_t *i)
{
	while (*i < n && (t[*i] == ' ' || t[*i] == '\t' || t[*i] == '\n' ||
			  t[*i] == '\r'))
		(*i)++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the JSON number at t[i..n), or 0 when there is none. */
static size_t number_length(const char *t, size_t n, size_t i)
{
	size_t j = i;

	if (j < n && t[j] == '-')
		j++;
	if (j >= n || !is_digit(t[j]))
		return 0;
	if (t[j] == '0')
		j++;
	else
		while (j < n && is_digit(t[j]))
			j++;
	if (j < n && t[j] == '.') {
		if (++j >= n || !is_digit(t[j]))
			return 0;
		while (j < n && is_digit(t[j]))
			j++;
	}
	if (j < n && (t[j] == 'e' || t[j] == 'E')) {
		j++;
		if (j < n && (t[j] == '+' || t[j] == '-'))
			j++;
		if (j >= n || !is_digit(t[j]))
			return 0;
		while (j < n && is_digit(t[j]))
			j++;
	}
	return j - i;
}

static int hex4(const char *t, size_t n, size_t i, unsigned *out)
{
	unsigned v = 0;

	if (i + 4 > n)
		return -1;
	for (size_t k = i; k < i + 4; k++) {
		char c = t[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes \uXXXX (and a surrogate pair) at t[*i] (just after "\u"). */
static int unicode_escape(const char *t, size_t n, size_t *i, unsigned *cp)
{
	unsigned hi, lo;

	if (hex4(t, n, *i, &hi) < 0)
		return -1;
	*i += 4;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return -1;
	if (hi < 0xD800 || hi > 0xDBFF) {
		*cp = hi;
		return 0;
	}
	if (*i + 6 > n || t[*i] != '\\' || t[*i + 1] != 'u' ||
	    hex4(t, n, *i + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
		return -1;
	*i += 6;
	*cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
	return 0;
}

/* The character an escape stands for (after the backslash), or -1. */
static int simple_escape(char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '/':
		return '/';
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return -1;
	}
}

/*
 * Reads the string starting at t[*i] (the opening quote) and leaves *i
 * after its closing quote. With out, decodes it into out (cap bytes with
 * the NUL; *too_long when it did not fit). Returns -1 with *bad at the
 * offending byte for a syntax error.
 */
/*
 * One character of a string at t[*j]: advances *j past it and sets *src
 * and *k to its bytes (decoded into tmp for an escape). -1 for a control
 * character, a bad escape or bytes that are not UTF-8.
 */
static int string_char(const char *t, size_t n, size_t *j, char tmp[4],
		       const char **src, size_t *k)
{
	unsigned char c = (unsigned char)t[*j];
	int e = *j + 1 < n ? simple_escape(t[*j + 1]) : -1;
	unsigned cp;

	*src = t + *j;
	*k = 1;
	if (c < 0x20)
		return -1;
	if (c >= 0x80) {
		*k = parse_utf8_char((const unsigned char *)t + *j, n - *j,
				     NULL);
		*j += *k;
		return *k ? 0 : -1;
	}
	if (c != '\\') {
		(*j)++;
		return 0;
	}
	*src = tmp;
	if (e >= 0) {
		tmp[0] = (char)e;
		*j += 2;
		return 0;
	}
	if (*j + 1 >= n || t[*j + 1] != 'u')
		return -1;
	*j += 2;
	if (unicode_escape(t, n, j, &cp) < 0 || cp == 0)
		return -1;
	*k = put_utf8(tmp, cp);
	return 0;
}

static int read_string(const char *t, size_t n, size_t *i, char *out,
		       size_t cap, bool *too_long, size_t *bad)
{
	size_t j = *i + 1, o = 0, k;
	const char *src;
	char tmp[4];

	while (j < n && t[j] != '"') {
		size_t at = j;

		if (string_char(t, n, &j, tmp, &src, &k) < 0) {
			*bad = at;
			return -1;
		}
		if (out && o + k < cap) {
			memcpy(out + o, src, k);
			o += k;
		} else if (out) {
			*too_long = true;
		}
	}
	if (j >= n) {
		*bad = n;
		return -1;
	}
	if (out)
		out[o] = '\0';
	*i = j + 1;
	return 0;
}

static int scan_value(struct scan *s, enum scan_role role);

static int scan_string(struct scan *s, char *out, size_t cap)
{
	bool too_long = false;
	size_t bad = 0;

	if (read_string(s->t, s->n, &s->i, out, cap, &too_long, &bad) < 0)
		return scan_fail(s, bad,
				 bad >= s->n
				     ? _("the text ends inside a string; "
					 "expected a closing '\"'")
				     : _("invalid character or escape in "
					 "a string"));
	return 0;
}

static int scan_literal(struct scan *s, const char *lit)
{
	size_t k = strlen(lit);

	if (s->n - s->i < k || memcmp(s->t + s->i, lit, k))
		return scan_fail(s, s->i,
				 _("expected a value (a string, number, "
				   "object, array, true, false or null)"));
	s->i += k;
	return 0;
}

static struct capture *capture_for(struct scan *s)
{
	for (size_t k = 0; k < s->ncaps; k++)
		if (s->caps[k].item == s->item)
			return &s->caps[k];
	if (s->ncaps == s->acaps) {
		s->acaps = s->acaps ? s->acaps * 2 : 4;
		s->caps = xrealloc(s->caps, s->acaps * sizeof(*s->caps));
	}
	s->caps[s->ncaps] = (struct capture){.item = s->item};
	return &s->caps[s->ncaps++];
}

/* Scans a member's value, noting it when it is a dataset's value/status. */
static int scan_member(struct scan *s, enum scan_role role, const char *key)
{
	bool data = (role == R_ROOT || role == R_ITEM) &&
		    (!strcmp(key, "value") || !strcmp(key, "status"));
	size_t start = s->i;
	struct capture *c;

	if (!data) {
		if (role == R_ROOT && !strcmp(key, "link"))
			return scan_value(s, R_LINK);
		if (role == R_LINK && !strcmp(key, "item"))
			return scan_value(s, R_ITEMS);
		return scan_value(s, R_OTHER);
	}
	if (scan_value(s, R_OTHER) < 0)
		return -1;
	c = capture_for(s);
	if (key[0] == 'v') {
		c->v0 = start;
		c->v1 = s->i;
		c->has_v = true;
	} else {
		c->s0 = start;
		c->s1 = s->i;
		c->has_s = true;
	}
	return 0;
}

static int scan_object(struct scan *s, enum scan_role role)
{
	long item = s->item;
	char key[16];

	s->i++;
	skip_ws(s->t, s->n, &s->i);
	if (s->i < s->n && s->t[s->i] == '}') {
		s->i++;
		return 0;
	}
	for (;;) {
		if (s->i >= s->n || s->t[s->i] != '"')
			return scan_fail(s, s->i,
					 _("expected a member name "
					   "in double quotes"));
		if (scan_string(s, key, sizeof(key)) < 0)
			return -1;
		skip_ws(s->t, s->n, &s->i);
		if (s->i >= s->n || s->t[s->i] != ':')
			return scan_fail(s, s->i,
					 _("expected ':' after the "
					   "member name"));
		s->i++;
		skip_ws(s->t, s->n, &s->i);
		s->item = item;
		if (scan_member(s, role, key) < 0)
			return -1;
		skip_ws(s->t, s->n, &s->i);
		if (s->i < s->n && s->t[s->i] == ',') {
			s->i++;
			skip_ws(s->t, s->n, &s->i);
			continue;
		}
		if (s->i < s->n && s->t[s->i] == '}') {
			s->i++;
			return 0;
		}
		return scan_fail(s, s->i,
				 s->i >= s->n
				     ? _("the text ends inside an object "
					 "(is the file cut short?)")
				     : _("expected ',' or '}' after an "
					 "object member"));
	}
}

static int scan_array(struct scan *s, enum scan_role role)
{
	long k = 0;

	s->i++;
	skip_ws(s->t, s->n, &s->i);
	if (s->i < s->n && s->t[s->i] == ']') {
		s->i++;
		return 0;
	}
	for (;; k++) {
		if (role == R_ITEMS)
			s->item = k;
		if (scan_value(s, role == R_ITEMS ? R_ITEM : R_OTHER) < 0)
			return -1;
		skip_ws(s->t, s->n, &s->i);
		if (s->i < s->n && s->t[s->i] == ',') {
			s->i++;
			skip_ws(s->t, s->n, &s->i);
			continue;
		}
		if (s->i < s->n && s->t[s->i] == ']') {
			s->i++;
			return 0;
		}
		return scan_fail(s, s->i,
				 s->i >= s->n
				     ? _("the text ends inside an array "
					 "(is the file cut short?)")
				     : _("expected ',' or ']' after an "
					 "array element"));
	}
}

static int scan_value(struct scan *s, enum scan_role role)
{
	size_t len;
	int rc;

	if (s->i >= s->n)
		return scan_fail(s, s->n,
				 _("the text ends where a value was "
				   "expected (is the file cut "
				   "short?)"));
	if (s->depth >= LIMIT_JSON_DEPTH)
		return scan_fail(s, s->i, _("nested more than %d levels deep"),
				 LIMIT_JSON_DEPTH);
	s->depth++;
	switch (s->t[s->i]) {
	case '{':
		rc = scan_object(s, role);
		break;
	case '[':
		rc = scan_array(s, role);
		break;
	case '"':
		rc = scan_string(s, NULL, 0);
		break;
	case 't':
		rc = scan_literal(s, "true");
		break;
	case 'f':
		rc = scan_literal(s, "false");
		break;
	case 'n':
		rc = scan_literal(s, "null");
		break;
	default:
		len = number_length(s->t, s->n, s->i);
		rc = len ? 0
			 : scan_fail(s, s->i,
				     _("expected a value (a string, number, "
				       "object, array, true, false or "
				       "null)"));
		s->i += len;
	}
	s->depth--;
	return rc;
}

/* ---- the reader's context and its errors ------------------------------ */

struct reader {
	const char *text;
	size_t len;
	struct jsonstat_pos *pos;
	struct err *err;
	locale_t c_locale;
	char prefix[48]; /* json_locate path of the dataset: "" or
			  * "link.item[3]." */
};

static int fail_at(struct reader *rd, size_t off, enum err_code code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail_at(struct reader *rd, size_t off, enum err_code code,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(rd->err, code, NULL, fmt, ap);
	va_end(ap);
	if (rd->pos)
		json_position(rd->text, off > rd->len ? rd->len : off,
			      &rd->pos->line, &rd->pos->column);
	return -1;
}

/* An error about the member at `path` (relative to the dataset). */
static int fail_path(struct reader *rd, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_path(struct reader *rd, const char *path, const char *fmt, ...)
{
	char full[512];
	va_list ap;

	va_start(ap, fmt);
	err_setv(rd->err, ERR_UNPROCESSABLE, NULL, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s%s", rd->prefix, path);
	if (full[0] && full[strlen(full) - 1] == '.')
		full[strlen(full) - 1] = '\0';
	if (rd->pos)
		json_locate(rd->text, rd->len, full, &rd->pos->line,
			    &rd->pos->column);
	return -1;
}

/* ---- step 2: metadata ------------------------------------------------- */

/* A version 1 response: datasets under their own names ("dataset"), each
 * an object with "dimension". */
static bool looks_v1(json_t *root)
{
	const char *key;
	json_t *v;

	json_object_foreach(root, key,
			    v) if (json_is_object(v) &&
				   json_object_get(v, "dimension")) return true;
	return json_object_get(root, "dataset") != NULL;
}

static int check_version(struct reader *rd, json_t *root, const char **cls)
{
	json_t *ver = json_object_get(root, "version");
	json_t *c = json_object_get(root, "class");
	const char *vs = json_string_value(ver);

	if (!ver && !c && looks_v1(root))
		return fail_path(rd, "",
				 _("this is JSON-stat version 1 (no "
				   "\"version\" and \"class\"); veikart "
				   "reads JSON-stat 2.0: ask the source "
				   "for version 2 (Statistics Norway's "
				   "API: outputFormat json-stat2)"));
	if (!ver || !c)
		return fail_path(rd, "",
				 _("not JSON-stat 2.0: \"version\": "
				   "\"2.0\" and \"class\" are missing"));
	if (!vs || strncmp(vs, "2.", 2))
		return fail_path(rd, "version",
				 _("expected \"version\": "
				   "\"2.0\""));
	*cls = json_string_value(c);
	if (*cls && (!strcmp(*cls, "dataset") || !strcmp(*cls, "collection")))
		return 0;
	return fail_path(rd, "class",
			 _("expected \"class\": \"dataset\" or \"collection\" "
			   "(a \"dimension\" response holds no values)"));
}

static char *dup_or(json_t *v, const char *fallback)
{
	const char *s = json_string_value(v);

	return xstrdup(s ? s : fallback);
}

/* category.index given as an array of ids. */
static int index_array(struct reader *rd, json_t *idx, struct jsonstat_dim *d,
		       const char *path)
{
	json_t *seen = json_object(), *v;
	size_t i;
	int rc = 0;

	json_array_foreach(idx, i, v)
	{
		const char *id = json_string_value(v);

		if (!id || json_object_get(seen, id)) {
			rc = fail_path(rd, path,
				       id ? _("category \"%s\" appears twice "
					      "in the index")
					  : _("expected category ids "
					      "(strings)%s"),
				       id ? id : "");
			break;
		}
		json_object_set_new(seen, id, json_true());
		d->cats[i].id = xstrdup(id);
	}
	json_decref(seen);
	return rc;
}

/* category.index given as an object id -> position. */
static int index_object(struct reader *rd, json_t *idx, struct jsonstat_dim *d,
			const char *path)
{
	const char *id;
	json_t *v;

	json_object_foreach(idx, id, v)
	{
		json_int_t k = json_is_integer(v) ? json_integer_value(v) : -1;

		if (k < 0 || (size_t)k >= d->ncats || d->cats[k].id)
			return fail_path(rd, path,
					 _("category \"%s\": expected a "
					   "position from 0 to %zu that no "
					   "other category has"),
					 id, d->ncats - 1);
		d->cats[k].id = xstrdup(id);
	}
	return 0;
}

static int category_count(struct reader *rd, json_t *idx, json_t *labels,
			  const char *path, size_t *n)
{
	if (json_is_array(idx))
		*n = json_array_size(idx);
	else if (json_is_object(idx))
		*n = json_object_size(idx);
	else if (!idx && json_object_size(labels) == 1)
		*n = 1;
	else
		return fail_path(rd, path,
				 _("expected category.index (an array or an "
				   "object), or one category in "
				   "category.label"));
	return 0;
}

static int read_categories(struct reader *rd, json_t *cat,
			   struct jsonstat_dim *d, json_int_t size,
			   const char *path)
{
	json_t *idx = json_object_get(cat, "index");
	json_t *labels = json_object_get(cat, "label");
	size_t n = 0;
	int rc;

	if (category_count(rd, idx, labels, path, &n) < 0)
		return -1;
	if ((json_int_t)n != size)
		return fail_path(rd, path,
				 _("dimension \"%s\" has %zu categories but "
				   "\"size\" says %lld"),
				 d->id, n, (long long)size);
	d->ncats = n;
	d->cats = xcalloc(n ? n : 1, sizeof(*d->cats));
	d->index_is_array = json_is_array(idx);
	if (json_is_array(idx)) {
		rc = index_array(rd, idx, d, path);
	} else if (json_is_object(idx)) {
		rc = index_object(rd, idx, d, path);
	} else {
		/* No index: the one category named in label. */
		d->cats[0].id =
		    xstrdup(json_object_iter_key(json_object_iter(labels)));
		rc = 0;
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		d->cats[i].label = dup_or(
		    json_object_get(labels, d->cats[i].id), d->cats[i].id);
	return rc;
}

static int read_dim(struct reader *rd, json_t *dims, const char *id,
		    json_int_t size, struct jsonstat_dim *d)
{
	json_t *dim = json_object_get(dims, id);
	json_t *cat = json_object_get(dim, "category");
	char path[256];

	d->id = xstrdup(id);
	snprintf(path, sizeof(path), "dimension.%s", id);
	if (!json_is_object(dim))
		return fail_path(rd, "dimension",
				 _("\"id\" names the dimension \"%s\", but "
				   "\"dimension\" does not describe it"),
				 id);
	d->label = dup_or(json_object_get(dim, "label"), id);
	if (!json_is_object(cat))
		return fail_path(rd, path,
				 _("dimension \"%s\" has no "
				   "\"category\" object"),
				 id);
	snprintf(path, sizeof(path), "dimension.%s.category", id);
	return read_categories(rd, cat, d, size, path);
}

static int check_id_size(struct reader *rd, json_t *ids, json_t *sizes)
{
	size_t i;
	json_t *v;

	if (!json_is_array(ids) || json_array_size(ids) == 0)
		return fail_path(rd, "id",
				 _("expected \"id\": an array of "
				   "dimension ids"));
	if (!json_is_array(sizes) ||
	    json_array_size(sizes) != json_array_size(ids))
		return fail_path(rd, "size",
				 _("expected \"size\": an array with one "
				   "category count per dimension in \"id\" "
				   "(%zu)"),
				 json_array_size(ids));
	json_array_foreach(ids, i, v) if (!json_is_string(v)) return fail_path(
	    rd, "id",
	    _("expected dimension ids "
	      "(strings) in \"id\""));
	json_array_foreach(
	    sizes, i, v) if (!json_is_integer(v) ||
			     json_integer_value(v) <
				 0) return fail_path(rd, "size",
						     _("expected whole numbers "
						       "(0 or more) in "
						       "\"size\""));
	return 0;
}

static void mark_time_roles(json_t *d, struct jsonstat_dataset *ds)
{
	json_t *times = json_object_get(json_object_get(d, "role"), "time");
	json_t *v;
	size_t i;

	json_array_foreach(times, i,
			   v) for (size_t k = 0; k < ds->ndims;
				   k++) if (json_is_string(v) &&
					    !strcmp(json_string_value(v),
						    ds->dims[k].id)) ds->dims[k]
	    .role_time = true;
}

static int read_dims(struct reader *rd, json_t *d, struct jsonstat_dataset *ds)
{
	json_t *ids = json_object_get(d, "id"),
	       *sizes = json_object_get(d, "size");
	uint64_t cells = 1;

	if (check_id_size(rd, ids, sizes) < 0)
		return -1;
	ds->ndims = json_array_size(ids);
	ds->dims = xcalloc(ds->ndims, sizeof(*ds->dims));
	for (size_t k = 0; k < ds->ndims; k++) {
		json_int_t size = json_integer_value(json_array_get(sizes, k));

		for (size_t j = 0; j < k; j++)
			if (!strcmp(ds->dims[j].id,
				    json_string_value(json_array_get(ids, k))))
				return fail_path(rd, "id",
						 _("dimension \"%s\" is named "
						   "twice in \"id\""),
						 ds->dims[j].id);
		if (read_dim(rd, json_object_get(d, "dimension"),
			     json_string_value(json_array_get(ids, k)), size,
			     &ds->dims[k]) < 0)
			return -1;
		cells = size && cells > JSONSTAT_MAX_CELLS / (uint64_t)size
			    ? JSONSTAT_MAX_CELLS + (uint64_t)1
			    : cells * (uint64_t)size;
	}
	if (cells > JSONSTAT_MAX_CELLS)
		return fail_path(rd, "size",
				 _("the sizes multiply to more "
				   "than %lu cells"),
				 (unsigned long)JSONSTAT_MAX_CELLS);
	ds->ncells = cells;
	mark_time_roles(d, ds);
	return 0;
}

/* ---- step 3: values and statuses -------------------------------------- */

static int read_number(struct reader *rd, size_t *i, double *out)
{
	size_t len = number_length(rd->text, rd->len, *i);
	char copy[PARSE_NUMBER_MAX + 1];
	char *end;

	if (len == 0)
		return fail_at(rd, *i, ERR_UNPROCESSABLE,
			       _("expected a number or null"));
	if (len > PARSE_NUMBER_MAX)
		return fail_at(rd, *i, ERR_UNPROCESSABLE,
			       _("the number is longer than %d characters"),
			       PARSE_NUMBER_MAX);
	memcpy(copy, rd->text + *i, len);
	copy[len] = '\0';
	*out = strtod_l(copy, &end, rd->c_locale);
	if (!isfinite(*out))
		return fail_at(rd, *i, ERR_UNPROCESSABLE,
			       _("the number is too large"));
	*i += len;
	return 0;
}

static void push_value(struct jsonstat_dataset *ds, size_t *alloc,
		       uint32_t cell, double v)
{
	if (ds->nvalues == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 1024;
		ds->values = xrealloc(ds->values, *alloc * sizeof(*ds->values));
	}
	ds->values[ds->nvalues++] = (struct jsonstat_value){cell, 0, v};
}

/* One element of value: a number (kept) or null (missing). */
static int read_element(struct reader *rd, size_t *i,
			struct jsonstat_dataset *ds, size_t *alloc,
			uint64_t cell)
{
	double v = 0;

	if (*i + 4 <= rd->len && !memcmp(rd->text + *i, "null", 4)) {
		*i += 4;
		return 0;
	}
	if (read_number(rd, i, &v) < 0)
		return -1;
	push_value(ds, alloc, (uint32_t)cell, v);
	return 0;
}

/* After an element: true at the closing bracket (consumed). The scan has
 * already checked the syntax, so only ',' or the closer can follow. */
static bool next_element(struct reader *rd, size_t *i, char closer)
{
	skip_ws(rd->text, rd->len, i);
	if (rd->text[*i] == closer) {
		(*i)++;
		return true;
	}
	(*i)++; /* ',' */
	skip_ws(rd->text, rd->len, i);
	return false;
}

static int read_dense(struct reader *rd, size_t at, struct jsonstat_dataset *ds)
{
	size_t i = at + 1, alloc = 0;
	uint64_t n = 0;

	skip_ws(rd->text, rd->len, &i);
	if (rd->text[i] == ']')
		i++;
	else
		for (bool end = false; !end; n++) {
			if (n >= ds->ncells)
				return fail_at(rd, i, ERR_UNPROCESSABLE,
					       _("\"value\" has more entries "
						 "than the %llu cells that "
						 "\"size\" describes"),
					       (unsigned long long)ds->ncells);
			if (read_element(rd, &i, ds, &alloc, n) < 0)
				return -1;
			end = next_element(rd, &i, ']');
		}
	if (n != ds->ncells)
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("\"value\" has %llu entries, but the sizes "
				 "multiply to %llu cells"),
			       (unsigned long long)n,
			       (unsigned long long)ds->ncells);
	return 0;
}

/* A sparse key: the cell number as a string of digits below ncells. */
static int read_cell_key(struct reader *rd, size_t *i, uint64_t ncells,
			 uint64_t *cell)
{
	char key[24];
	bool too_long = false;
	size_t at = *i, bad;
	uint64_t c = 0;

	read_string(rd->text, rd->len, i, key, sizeof(key), &too_long, &bad);
	for (size_t k = 0; key[k] && !too_long; k++) {
		if (!is_digit(key[k]) || (k == 0 && key[k] == '0' && key[1]))
			too_long = true;
		/* Past every cell already: stop before c could wrap. */
		else if (c >= ncells)
			too_long = true;
		else
			c = c * 10 + (uint64_t)(key[k] - '0');
	}
	if (too_long || !key[0] || c >= ncells)
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("expected a cell number from 0 to %llu as the "
				 "key"),
			       (unsigned long long)(ncells ? ncells - 1 : 0));
	*cell = c;
	skip_ws(rd->text, rd->len, i);
	(*i)++; /* ':' */
	skip_ws(rd->text, rd->len, i);
	return 0;
}

static int cmp_value(const void *a, const void *b)
{
	const struct jsonstat_value *x = a, *y = b;

	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

static int read_sparse(struct reader *rd, size_t at,
		       struct jsonstat_dataset *ds)
{
	size_t i = at + 1, alloc = 0;
	bool sorted = true;

	skip_ws(rd->text, rd->len, &i);
	if (rd->text[i] == '}')
		return 0;
	for (bool end = false; !end;) {
		uint64_t cell;

		if (read_cell_key(rd, &i, ds->ncells, &cell) < 0 ||
		    read_element(rd, &i, ds, &alloc, cell) < 0)
			return -1;
		if (ds->nvalues > 1 && ds->values[ds->nvalues - 1].cell <=
					   ds->values[ds->nvalues - 2].cell)
			sorted = false;
		end = next_element(rd, &i, '}');
	}
	if (!sorted)
		xqsort(ds->values, ds->nvalues, sizeof(*ds->values), cmp_value);
	for (size_t k = 1; k < ds->nvalues; k++)
		if (ds->values[k].cell == ds->values[k - 1].cell)
			return fail_at(rd, at, ERR_UNPROCESSABLE,
				       _("cell %lu has more than one value"),
				       (unsigned long)ds->values[k].cell);
	return 0;
}

static int read_values(struct reader *rd, const struct capture *c,
		       struct jsonstat_dataset *ds)
{
	char first = rd->text[c->v0];
	int rc;

	if (first == '[')
		rc = read_dense(rd, c->v0, ds);
	else if (first == '{')
		rc = read_sparse(rd, c->v0, ds);
	else
		return fail_at(rd, c->v0, ERR_UNPROCESSABLE,
			       _("expected \"value\" to be an array or an "
				 "object"));
	if (rc == 0)
		ds->nmissing = (size_t)(ds->ncells - ds->nvalues);
	return rc;
}

/* The status id (1-based) of the string at *i, added when new; 0 for
 * null. */
static int read_status(struct reader *rd, size_t *i,
		       struct jsonstat_dataset *ds, uint32_t *out)
{
	char s[JSONSTAT_STATUS_MAX + 1];
	bool too_long = false;
	size_t at = *i, bad;

	if (rd->text[*i] == 'n') {
		*i += 4;
		*out = 0;
		return 0;
	}
	if (rd->text[*i] != '"')
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("expected a status string or null"));
	read_string(rd->text, rd->len, i, s, sizeof(s), &too_long, &bad);
	if (too_long)
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("a status may be at most %d bytes"),
			       JSONSTAT_STATUS_MAX);
	for (size_t k = ds->nstatuses; k > 0; k--)
		if (!strcmp(ds->statuses[k - 1], s)) {
			*out = (uint32_t)k;
			return 0;
		}
	if (ds->nstatuses == JSONSTAT_MAX_STATUSES)
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("more than %d different statuses"),
			       JSONSTAT_MAX_STATUSES);
	ds->statuses =
	    xrealloc(ds->statuses, (ds->nstatuses + 1) * sizeof(*ds->statuses));
	ds->statuses[ds->nstatuses++] = xstrdup(s);
	*out = (uint32_t)ds->nstatuses;
	return 0;
}

/* The value of cell `cell`, or NULL when it is missing. */
static struct jsonstat_value *find_value(struct jsonstat_dataset *ds,
					 uint64_t cell)
{
	size_t lo = 0, hi = ds->nvalues;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ds->values[mid].cell < cell)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->nvalues && ds->values[lo].cell == cell ? &ds->values[lo]
							       : NULL;
}

static void set_status(struct jsonstat_dataset *ds, uint64_t cell, uint32_t sid)
{
	struct jsonstat_value *v = find_value(ds, cell);

	if (v)
		v->status = sid;
}

static int status_array(struct reader *rd, size_t at,
			struct jsonstat_dataset *ds)
{
	size_t i = at + 1, j = 0;
	uint64_t n = 0;

	skip_ws(rd->text, rd->len, &i);
	if (rd->text[i] != ']')
		for (bool end = false; !end; n++) {
			uint32_t sid;

			if (n >= ds->ncells)
				return fail_at(rd, i, ERR_UNPROCESSABLE,
					       _("\"status\" has more entries "
						 "than there are cells "
						 "(%llu)"),
					       (unsigned long long)ds->ncells);
			if (read_status(rd, &i, ds, &sid) < 0)
				return -1;
			while (j < ds->nvalues && ds->values[j].cell < n)
				j++;
			if (j < ds->nvalues && ds->values[j].cell == n)
				ds->values[j].status = sid;
			end = next_element(rd, &i, ']');
		}
	if (n != ds->ncells)
		return fail_at(rd, at, ERR_UNPROCESSABLE,
			       _("\"status\" as an array needs one entry per "
				 "cell (%llu), but has %llu"),
			       (unsigned long long)ds->ncells,
			       (unsigned long long)n);
	return 0;
}

static int status_object(struct reader *rd, size_t at,
			 struct jsonstat_dataset *ds)
{
	size_t i = at + 1;

	skip_ws(rd->text, rd->len, &i);
	if (rd->text[i] == '}')
		return 0;
	for (bool end = false; !end;) {
		uint64_t cell;
		uint32_t sid;

		if (read_cell_key(rd, &i, ds->ncells, &cell) < 0 ||
		    read_status(rd, &i, ds, &sid) < 0)
			return -1;
		set_status(ds, cell, sid);
		end = next_element(rd, &i, '}');
	}
	return 0;
}

static int read_statuses(struct reader *rd, const struct capture *c,
			 struct jsonstat_dataset *ds)
{
	size_t i = c->s0;
	uint32_t sid;

	if (!c->has_s)
		return 0;
	switch (rd->text[i]) {
	case '[':
		return status_array(rd, i, ds);
	case '{':
		return status_object(rd, i, ds);
	case '"':
		if (read_status(rd, &i, ds, &sid) < 0)
			return -1;
		for (size_t k = 0; k < ds->nvalues; k++)
			ds->values[k].status = sid;
		return 0;
	case 'n':
		return 0;
	default:
		return fail_at(rd, i, ERR_UNPROCESSABLE,
			       _("expected \"status\" to be a string, an "
				 "array or an object"));
	}
}

/* ---- choosing the dataset --------------------------------------------- */

static bool is_dataset(json_t *item)
{
	const char *c = json_string_value(json_object_get(item, "class"));

	return c && !strcmp(c, "dataset");
}

static bool names_dataset(json_t *item, const char *want, size_t nth)
{
	const char *label = json_string_value(json_object_get(item, "label"));
	const char *href = json_string_value(json_object_get(item, "href"));
	size_t n = strspn(want, "0123456789");

	if (want[0] && !want[n])
		return strtoul(want, NULL, 10) == nth;
	return (label && !strcmp(label, want)) || (href && !strcmp(href, want));
}

/* The item of a collection to read; sets ds->index and ds->ndatasets. */
static json_t *pick_item(struct reader *rd, json_t *root, const char *want,
			 struct jsonstat_dataset *ds, size_t *item_index)
{
	json_t *items = json_object_get(json_object_get(root, "link"), "item");
	json_t *item, *chosen = NULL;
	size_t i;

	json_array_foreach(items, i, item)
	{
		if (!is_dataset(item))
			continue;
		ds->ndatasets++;
		if (!chosen &&
		    (want ? names_dataset(item, want, ds->ndatasets) : true)) {
			chosen = item;
			ds->index = ds->ndatasets - 1;
			*item_index = i;
		}
	}
	if (!chosen)
		fail_path(rd, "link",
			  want ? _("the collection has no dataset \"%s\" (it "
				   "has %zu; name one by its number, label or "
				   "href)")
			       : _("the collection holds no dataset%s (it has "
				   "%zu)"),
			  want ? want : "", ds->ndatasets);
	return chosen;
}

static const struct capture *capture_of(const struct scan *s, long item)
{
	for (size_t k = 0; k < s->ncaps; k++)
		if (s->caps[k].item == item)
			return &s->caps[k];
	return NULL;
}

/* The dataset object to read and where its values are. */
static json_t *pick_dataset(struct reader *rd, json_t *root, const char *cls,
			    const char *want, const struct scan *s,
			    struct jsonstat_dataset *ds,
			    const struct capture **cap)
{
	size_t item = 0;
	json_t *d = root;

	ds->ndatasets = 1;
	if (!strcmp(cls, "collection")) {
		ds->ndatasets = 0;
		if (!(d = pick_item(rd, root, want, ds, &item)))
			return NULL;
		snprintf(rd->prefix, sizeof(rd->prefix), "link.item[%zu].",
			 item);
	}
	snprintf(ds->path, sizeof(ds->path), "%s", rd->prefix);
	*cap = capture_of(s, d == root ? -1 : (long)item);
	if (!*cap || !(*cap)->has_v) {
		fail_path(rd, "",
			  _("the dataset has no \"value\" (a "
			    "collection may only link to a dataset: "
			    "fetch it by its href)"));
		return NULL;
	}
	ds->label =
	    json_is_string(json_object_get(d, "label"))
		? xstrdup(json_string_value(json_object_get(d, "label")))
		: NULL;
	return d;
}

/* ---- jsonstat_read ---------------------------------------------------- */

static int run_scan(struct reader *rd, struct scan *s)
{
	*s = (struct scan){.t = rd->text, .n = rd->len, .item = -1};
	skip_ws(s->t, s->n, &s->i);
	if (s->i >= s->n)
		return fail_at(rd, 0, ERR_INVALID, _("the file is empty"));
	if (scan_value(s, R_ROOT) == 0) {
		skip_ws(s->t, s->n, &s->i);
		if (s->i < s->n)
			scan_fail(s, s->i,
				  _("unexpected text after the end "
				    "of the JSON value"));
	}
	if (s->failed)
		return fail_at(rd, s->err_at, ERR_INVALID, "%s", s->msg);
	return 0;
}

/* jansson's tree of everything but the captured value/status members. */
static json_t *load_metadata(struct reader *rd, const struct scan *s)
{
	char *copy = xmalloc(rd->len + 1);
	json_error_t jerr;
	json_t *root;

	memcpy(copy, rd->text, rd->len);
	for (size_t k = 0; k < s->ncaps; k++) {
		const struct capture *c = &s->caps[k];
		size_t r[2][2] = {{c->v0, c->v1}, {c->s0, c->s1}};

		for (int m = 0; m < 2; m++) {
			if (r[m][1] <= r[m][0])
				continue;
			/* Line breaks stay, so positions after stay right. */
			for (size_t i = r[m][0]; i < r[m][1]; i++)
				if (copy[i] != '\n')
					copy[i] = ' ';
			copy[r[m][0]] = '0';
		}
	}
	root = json_loadb(copy, rd->len, JSON_REJECT_DUPLICATES, &jerr);
	free(copy);
	if (!root)
		fail_at(rd, (size_t)jerr.position, ERR_INVALID, "%s",
			jerr.text);
	return root;
}

struct jsonstat_dataset *jsonstat_read(const char *text, size_t len,
				       const struct jsonstat_read_opts *opts,
				       struct jsonstat_pos *pos,
				       struct err *err)
{
	struct err local = ERR_INIT;
	struct reader rd = {text, len, pos, err ? err : &local, 0, ""};
	struct jsonstat_dataset *ds = xcalloc(1, sizeof(*ds));
	const struct capture *cap = NULL;
	struct scan s;
	json_t *root = NULL, *d;
	const char *cls = NULL;
	int rc = -1;

	if (pos)
		*pos = (struct jsonstat_pos){0, 0};
	rd.c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!rd.c_locale) {
		err_set(rd.err, ERR_INTERNAL, _("no C locale"));
		goto done;
	}
	if (run_scan(&rd, &s) < 0 || !(root = load_metadata(&rd, &s)))
		goto done;
	if (!json_is_object(root)) {
		fail_at(&rd, 0, ERR_UNPROCESSABLE,
			_("expected a JSON object (a JSON-stat 2.0 dataset or "
			  "collection)"));
		goto done;
	}
	if (check_version(&rd, root, &cls) < 0 ||
	    !(d = pick_dataset(&rd, root, cls, opts ? opts->dataset : NULL, &s,
			       ds, &cap)) ||
	    read_dims(&rd, d, ds) < 0 || read_values(&rd, cap, ds) < 0 ||
	    read_statuses(&rd, cap, ds) < 0)
		goto done;
	rc = 0;
done:
	if (rd.c_locale)
		freelocale(rd.c_locale);
	json_decref(root);
	free(s.caps);
	if (rc < 0) {
		jsonstat_dataset_free(ds);
		return NULL;
	}
	return ds;
}

void jsonstat_dataset_free(struct jsonstat_dataset *ds)
{
	if (!ds)
		return;
	for (size_t k = 0; k < ds->ndims; k++) {
		struct jsonstat_dim *d = &ds->dims[k];

		for (size_t i = 0; d->cats && i < d->ncats; i++) {
			free(d->cats[i].id);
			free(d->cats[i].label);
		}
		free(d->cats);
		free(d->id);
		free(d->label);
	}
	for (size_t k = 0; k < ds->nstatuses; k++)
		free(ds->statuses[k]);
	free(ds->statuses);
	free(ds->dims);
	free(ds->values);
	free(ds->label);
	free(ds);
}

/* ---- finding dimensions and categories -------------------------------- */

/* Lower case for ASCII and Æ, Ø, Å (enough for the time names). */
static void fold(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; s[i] && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (c == 0xC3 &&
			 (s[i + 1] == '\x86' || s[i + 1] == '\x98' ||
			  s[i + 1] == '\x85') &&
			 o + 2 < cap) {
			out[o++] = (char)c;
			c = (unsigned char)(s[++i] + 0x20);
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static bool time_name(const char *s)
{
	static const char *const names[] = {"tid", "time",   "year",   "år",
					    "aar", "period", "periode"};
	char f[32];

	fold(s, f, sizeof(f));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(f, names[i]))
			return true;
	return false;
}

static void list_dims(const struct jsonstat_dataset *ds, struct buf *b)
{
	for (size_t k = 0; k < ds->ndims; k++) {
		buf_addf(b, "%s%s", k ? ", " : "", ds->dims[k].id);
		if (strcmp(ds->dims[k].label, ds->dims[k].id))
			buf_addf(b, " (%s)", ds->dims[k].label);
	}
}

int jsonstat_find_dim(const struct jsonstat_dataset *ds, const char *name,
		      size_t *out, struct err *err)
{
	struct buf b = BUF_INIT;

	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < ds->ndims; k++)
			if (!strcmp(pass ? ds->dims[k].label : ds->dims[k].id,
				    name)) {
				*out = k;
				return 0;
			}
	list_dims(ds, &b);
	err_set(err, ERR_UNPROCESSABLE,
		_("the file has no dimension \"%s\"; it has: %s"), name,
		buf_cstr(&b));
	buf_release(&b);
	return -1;
}

int jsonstat_time_dim(const struct jsonstat_dataset *ds, const char *want,
		      size_t *out, struct err *err)
{
	struct buf b = BUF_INIT;

	if (want)
		return jsonstat_find_dim(ds, want, out, err);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < ds->ndims; k++)
			if (pass == 0 ? ds->dims[k].role_time
				      : time_name(ds->dims[k].id) ||
					    time_name(ds->dims[k].label)) {
				*out = k;
				return 0;
			}
	list_dims(ds, &b);
	err_set(err, ERR_UNPROCESSABLE,
		_("no time dimension found (none has role.time or is called "
		  "Tid, time, year or år); name it with --time, one of: %s"),
		buf_cstr(&b));
	buf_release(&b);
	return -1;
}

int jsonstat_find_category(const struct jsonstat_dim *d, const char *name,
			   size_t *out, struct err *err)
{
	struct buf b = BUF_INIT;
	size_t shown = d->ncats < 20 ? d->ncats : 20;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < d->ncats; i++)
			if (!strcmp(pass ? d->cats[i].label : d->cats[i].id,
				    name)) {
				*out = i;
				return 0;
			}
	for (size_t i = 0; i < shown; i++) {
		buf_addf(&b, "%s%s", i ? ", " : "", d->cats[i].id);
		if (strcmp(d->cats[i].label, d->cats[i].id))
			buf_addf(&b, " (%s)", d->cats[i].label);
	}
	if (shown < d->ncats)
		buf_addf(&b, " and %zu more", d->ncats - shown);
	err_set(err, ERR_UNPROCESSABLE,
		_("dimension %s has no category \"%s\"; it has: %s"), d->id,
		name, buf_cstr(&b));
	buf_release(&b);
	return -1;
}

void jsonstat_cell_coords(const struct jsonstat_dataset *ds, uint32_t cell,
			  size_t *coords)
{
	uint64_t c = cell;

	for (size_t k = ds->ndims; k > 0; k--) {
		size_t n = ds->dims[k - 1].ncats;

		coords[k - 1] = n ? (size_t)(c % n) : 0;
		c = n ? c / n : 0;
	}
}

/* ---- writing ---------------------------------------------------------- */

struct cell_ref {
	uint64_t cell;
	size_t obs; /* index in series->obs */
};

static int cmp_cell_ref(const void *a, const void *b)
{
	const struct cell_ref *x = a, *y = b;

	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
	return x->obs < y->obs ? -1 : x->obs > y->obs;
}

struct time_cat {
	struct period p;
	const char *text;
};

static int cmp_time(const void *a, const void *b)
{
	const struct time_cat *x = a, *y = b;

	return period_compare(&x->p, &y->p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct periods, in time order; n gets their count. */
static struct time_cat *time_cats(const struct jsonstat_series *s, size_t *n,
				  struct err *err)
{
	struct time_cat *t = xcalloc(s->nobs + 1, sizeof(*t));
	size_t k = 0;

	for (size_t i = 0; i < s->nobs; i++) {
		if (period_parse(s->obs[i].period, &t[i].p, err) < 0) {
			free(t);
			err->code = ERR_INTERNAL;
			return NULL;
		}
		t[i].text = s->obs[i].period;
	}
	xqsort(t, s->nobs, sizeof(*t), cmp_time);
	for (size_t i = 0; i < s->nobs; i++)
		if (k == 0 || period_compare(&t[k - 1].p, &t[i].p))
			t[k++] = t[i];
	*n = k;
	return t;
}

/* Distinct breakdowns, "" first, then in byte order. */
static const char **breakdown_cats(const struct jsonstat_series *s, size_t *n)
{
	const char **b = xcalloc(s->nobs + 1, sizeof(*b));
	size_t k = 0;

	for (size_t i = 0; i < s->nobs; i++)
		b[i] = s->obs[i].breakdown ? s->obs[i].breakdown : "";
	xqsort(b, s->nobs, sizeof(*b), cmp_str);
	for (size_t i = 0; i < s->nobs; i++)
		if (k == 0 || strcmp(b[k - 1], b[i]))
			b[k++] = b[i];
	*n = k;
	return b;
}

static size_t find_time(const struct time_cat *t, size_t n, const char *p)
{
	struct period want;
	size_t lo = 0, hi = n;

	period_parse(p, &want, NULL);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (period_compare(&t[mid].p, &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t find_str(const char **b, size_t n, const char *s)
{
	const char **hit = bsearch(&s, b, n, sizeof(*b), cmp_str);

	return hit ? (size_t)(hit - b) : 0;
}

static json_t *dim_time(const struct time_cat *t, size_t n)
{
	json_t *index = json_array(), *labels = json_object();

	for (size_t i = 0; i < n; i++) {
		json_array_append_new(index, json_string(t[i].text));
		json_object_set_new(labels, t[i].text, json_string(t[i].text));
	}
	return json_pack("{s:s,s:{s:o,s:o}}", "label", "time", "category",
			 "index", index, "label", labels);
}

static json_t *dim_breakdown(const char **b, size_t n)
{
	json_t *index = json_array(), *labels = json_object();

	for (size_t i = 0; i < n; i++) {
		const char *id = b[i][0] ? b[i] : "_T";

		json_array_append_new(index, json_string(id));
		json_object_set_new(labels, id,
				    json_string(b[i][0] ? b[i] : "Total"));
	}
	return json_pack("{s:s,s:{s:o,s:o}}", "label", "breakdown", "category",
			 "index", index, "label", labels);
}

static json_t *dim_indicator(const struct jsonstat_series *s)
{
	json_t *d = json_pack("{s:s,s:{s:[s],s:{s:s}}}", "label", "indicator",
			      "category", "index", s->indicator, "label",
			      s->indicator, s->label ? s->label : s->indicator);

	if (d && s->unit)
		json_object_set_new(
		    json_object_get(d, "category"), "unit",
		    json_pack("{s:{s:s}}", s->indicator, "label", s->unit));
	return d;
}

static json_t *number(double v)
{
	/* Whole numbers print without a fraction ("22", not "22.0"). */
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

struct out_cells {
	json_t *value, *status, *ext_status, *ext_source, *alternatives;
	bool dense;
};

/* Puts observation o into cell c (the first one for that cell). */
static void put_cell(struct out_cells *oc, uint64_t c,
		     const struct jsonstat_obs *o)
{
	char key[24];

	snprintf(key, sizeof(key), "%llu", (unsigned long long)c);
	if (oc->dense)
		json_array_set_new(oc->value, (size_t)c, number(o->value));
	else
		json_object_set_new(oc->value, key, number(o->value));
	if (o->status_code)
		json_object_set_new(oc->status, key,
				    json_string(o->status_code));
	if (o->status && strcmp(o->status, "final"))
		json_object_set_new(oc->ext_status, key,
				    json_string(o->status));
	if (o->source)
		json_object_set_new(oc->ext_source, key,
				    json_string(o->source));
}

static void put_alternative(struct out_cells *oc, const struct jsonstat_obs *o)
{
	json_t *a = json_pack(
	    "{s:s,s:s,s:o,s:s}", "time", o->period, "breakdown",
	    o->breakdown && o->breakdown[0] ? o->breakdown : "_T", "value",
	    number(o->value), "status", o->status ? o->status : "final");

	if (o->source)
		json_object_set_new(a, "source", json_string(o->source));
	if (o->status_code)
		json_object_set_new(a, "status_code",
				    json_string(o->status_code));
	json_array_append_new(oc->alternatives, a);
}

static void fill_cells(const struct jsonstat_series *s, struct cell_ref *refs,
		       size_t ncells, struct out_cells *oc)
{
	size_t filled = 0;

	xqsort(refs, s->nobs, sizeof(*refs), cmp_cell_ref);
	for (size_t i = 0; i < s->nobs; i++)
		filled += i == 0 || refs[i].cell != refs[i - 1].cell;
	oc->dense = filled * 2 >= ncells;
	oc->value = oc->dense ? json_array() : json_object();
	for (size_t i = 0; oc->dense && i < ncells; i++)
		json_array_append_new(oc->value, json_null());
	for (size_t i = 0; i < s->nobs; i++) {
		const struct jsonstat_obs *o = &s->obs[refs[i].obs];

		if (i > 0 && refs[i].cell == refs[i - 1].cell)
			put_alternative(oc, o);
		else
			put_cell(oc, refs[i].cell, o);
	}
}

static json_t *assemble(const struct jsonstat_series *s, json_t *dims,
			size_t nt, size_t nb, struct out_cells *oc)
{
	json_t *ds =
	    json_pack("{s:s,s:s,s:s,s:[s,s,s],s:[i,I,I],s:{s:[s],"
		      "s:[s]},s:o,s:o}",
		      "version", "2.0", "class", "dataset", "label",
		      s->label ? s->label : s->indicator, "id", "indicator",
		      "time", "breakdown", "size", 1, (json_int_t)nt,
		      (json_int_t)nb, "role", "time", "time", "metric",
		      "indicator", "dimension", dims, "value", oc->value);
	json_t *ext =
	    json_pack("{s:s,s:o,s:o,s:o}", "indicator", s->indicator, "status",
		      oc->ext_status, "source", oc->ext_source, "alternatives",
		      oc->alternatives);

	if (s->source)
		json_object_set_new(ds, "source", json_string(s->source));
	if (s->updated)
		json_object_set_new(ds, "updated", json_string(s->updated));
	if (json_object_size(oc->status))
		json_object_set(ds, "status", oc->status);
	json_object_set_new(ds, "extension", ext);
	json_decref(oc->status);
	return ds;
}

json_t *jsonstat_write(const struct jsonstat_series *s, struct err *err)
{
	struct err local = ERR_INIT;
	struct out_cells oc = {0};
	struct time_cat *t;
	struct cell_ref *refs;
	const char **b;
	size_t nt, nb;
	json_t *dims;

	if (!(t = time_cats(s, &nt, err ? err : &local)))
		return NULL;
	b = breakdown_cats(s, &nb);
	refs = xcalloc(s->nobs + 1, sizeof(*refs));
	for (size_t i = 0; i < s->nobs; i++)
		refs[i] = (struct cell_ref){
		    (uint64_t)find_time(t, nt, s->obs[i].period) * nb +
			find_str(b, nb,
				 s->obs[i].breakdown ? s->obs[i].breakdown
						     : ""),
		    i};
	oc.status = json_object();
	oc.ext_status = json_object();
	oc.ext_source = json_object();
	oc.alternatives = json_array();
	fill_cells(s, refs, nt * nb, &oc);
	dims = json_pack("{s:o,s:o,s:o}", "indicator", dim_indicator(s), "time",
			 dim_time(t, nt), "breakdown", dim_breakdown(b, nb));
	free(t);
	free(b);
	free(refs);
	return assemble(s, dims, nt, nb, &oc);
}
