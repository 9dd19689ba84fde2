/*
 * web/edit_fields.c: descriptors to form controls and back, and the
 * write service's problems to form fields (see edit_fields.h). Pure: no
 * page, no store, no catalog; the page turns the kinds into words.
 */
#include "web/edit_fields.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

enum edit_control edit_control_of(const struct field_desc *f)
{
	switch (f->type) {
	case FT_TEXT:
		return f->max >= EDIT_TEXTAREA_FROM ? EC_TEXTAREA : EC_TEXT;
	case FT_INT:
		return EC_NUMBER;
	case FT_NUM:
		return EC_DECIMAL;
	case FT_DATE:
		return EC_DATE;
	case FT_ENUM:
	case FT_REF:
		return EC_SELECT;
	case FT_REFLIST:
		return EC_CHECKBOXES;
	case FT_BOOL:
		return EC_CHECKBOX;
	case FT_JSON:
		return EC_JSON;
	default: /* FT_ID, FT_PERIOD, FT_URL, FT_ORGNR */
		return EC_TEXT;
	}
}

int edit_field_lang(const char *name, char *base, size_t n)
{
	static const char *const suffix[] = {"_nb", "_nn", "_en"};
	size_t len = strlen(name);

	for (int i = 0; i < 3; i++) {
		if (len > 3 && !strcmp(name + len - 3, suffix[i])) {
			snprintf(base, n, "%.*s", (int)(len - 3), name);
			return i;
		}
	}
	snprintf(base, n, "%s", name);
	return -1;
}

void edit_label_key(const char *name, char *out, size_t n)
{
	char base[EDIT_NAME_MAX];

	edit_field_lang(name, base, sizeof(base));
	snprintf(out, n, "edit.field.%s", base);
}

/* The shortest of %.15g, %.16g, %.17g that gives d back: 0.1 rather
 * than 0.10000000000000001. */
static void real_text(double d, struct buf *out)
{
	char t[40];

	for (int digits = 15; digits <= 17; digits++) {
		snprintf(t, sizeof(t), "%.*g", digits, d);
		if (strtod(t, NULL) == d)
			break;
	}
	buf_addstr(out, t);
}

void edit_value_text(const struct field_desc *f, json_t *v, struct buf *out)
{
	char *dump;

	if (!v || json_is_null(v))
		return;
	if (json_is_object(v) && (f->type == FT_REF || f->type == FT_REFLIST))
		v = json_object_get(v, "id");
	if (json_is_string(v)) {
		buf_addstr(out, json_string_value(v));
	} else if (json_is_integer(v)) {
		buf_addf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		real_text(json_real_value(v), out);
	} else if (json_is_true(v)) {
		buf_addstr(out, "true");
	} else if (json_is_array(v) || json_is_object(v)) {
		dump = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		buf_addstr(out, dump ? dump : "");
		free(dump);
	}
}

/* s without surrounding white space, CR LF as LF: a new string. */
static char *tidy(const char *s)
{
	size_t n, k = 0;
	char *out;

	while (*s && isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			out[k++] = s[i];
	out[k] = '\0';
	return out;
}

/* s without ASCII spaces and no-break spaces (U+00A0, U+202F), which
 * Norwegian text puts between groups of digits. */
static void drop_spaces(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if (*r == ' ') {
			r++;
		} else if (!strncmp(r, "\xc2\xa0", 2)) {
			r += 2;
		} else if (!strncmp(r, "\xe2\x80\xaf", 3)) {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static json_t *parse_number(const struct field_desc *f, char *t)
{
	char digits[PARSE_NUMBER_MAX + 1];
	int64_t i;
	double d;

	snprintf(digits, sizeof(digits), "%s", t);
	drop_spaces(digits);
	if (f->type == FT_INT) {
		if (parse_int64(digits, INT64_MIN, INT64_MAX, &i, NULL) == 0)
			return json_integer(i);
	} else if (parse_decimal_comma(digits, &d, NULL) == 0 && isfinite(d)) {
		return json_real(d);
	}
	return NULL;
}

json_t *edit_value_parse(const struct field_desc *f, const char *text)
{
	char *t = tidy(text ? text : "");
	json_t *v = NULL;

	if (f->type == FT_BOOL) {
		v = json_boolean(t[0] != '\0');
	} else if (t[0] == '\0') {
		v = NULL;
	} else if (f->type == FT_INT || f->type == FT_NUM) {
		v = parse_number(f, t);
	} else if (f->type == FT_JSON) {
		v = json_loads(t, JSON_REJECT_DUPLICATES, NULL);
	}
	if (!v && t[0] && f->type != FT_BOOL)
		v = json_string(t);
	free(t);
	return v;
}

static bool says(const char *msg, const char *what)
{
	return msg && strstr(msg, what);
}

static size_t len_of(const char *s)
{
	return s ? strlen(s) : 0;
}

/* What is wrong with a value of f's type that is there. */
static enum edit_problem type_problem(const struct field_desc *f,
				      const char *posted)
{
	bool long_text = f->max > 0 && len_of(posted) > (size_t)f->max;

	switch (f->type) {
	case FT_TEXT:
		return long_text ? EP_TOO_LONG : EP_TEXT;
	case FT_ENUM:
		return EP_NOT_IN_LIST;
	case FT_DATE:
		return EP_DATE;
	case FT_REF:
	case FT_REFLIST:
		return EP_REFERENCE;
	case FT_INT:
		return EP_INTEGER;
	case FT_NUM:
		return EP_NUMBER;
	case FT_URL:
		return long_text ? EP_TOO_LONG : EP_URL;
	case FT_ORGNR:
		return EP_ORGNR;
	case FT_PERIOD:
		return EP_PERIOD;
	case FT_ID:
		return long_text ? EP_TOO_LONG : EP_ID;
	case FT_JSON:
		return long_text ? EP_TOO_LONG : EP_JSON;
	default:
		return EP_OTHER;
	}
}

enum edit_problem edit_problem_of(const struct field_desc *f,
				  const char *posted, const char *msg)
{
	if (says(msg, "repeats an earlier entry"))
		return EP_DUPLICATE;
	if (says(msg, "is required") ||
	    (f && (f->flags & FIELD_REQUIRED) && len_of(posted) == 0))
		return EP_REQUIRED;
	if (!f)
		return EP_OTHER;
	return type_problem(f, posted);
}

const char *edit_problem_key(enum edit_problem p)
{
	static const char *const keys[] = {
	    [EP_OTHER] = NULL,
	    [EP_REQUIRED] = "edit.err.required",
	    [EP_TOO_LONG] = "edit.err.too_long",
	    [EP_NOT_IN_LIST] = "edit.err.not_in_list",
	    [EP_DATE] = "edit.err.date",
	    [EP_REFERENCE] = "edit.err.reference",
	    [EP_INTEGER] = "edit.err.integer",
	    [EP_NUMBER] = "edit.err.number",
	    [EP_URL] = "edit.err.url",
	    [EP_ORGNR] = "edit.err.orgnr",
	    [EP_PERIOD] = "edit.err.period",
	    [EP_ID] = "edit.err.id",
	    [EP_JSON] = "edit.err.json",
	    [EP_TEXT] = "edit.err.text",
	    [EP_DUPLICATE] = "edit.err.duplicate",
	};

	if ((size_t)p >= sizeof(keys) / sizeof(keys[0]))
		return NULL;
	return keys[p];
}

/* Copies s[0..n) into out (EDIT_NAME_MAX); -1 when it does not fit. */
static int part(char *out, const char *s, size_t n)
{
	if (n >= EDIT_NAME_MAX)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int edit_path_parse(const char *path, struct edit_path *out)
{
	const char *br = strchr(path, '['), *close, *rest;
	char *end;

	memset(out, 0, sizeof(*out));
	out->index = -1;
	if (!br)
		return strchr(path, '.') ? -1
					 : part(out->name, path, strlen(path));
	if (part(out->name, path, (size_t)(br - path)) < 0 ||
	    !isdigit((unsigned char)br[1]))
		return -1;
	out->index = strtol(br + 1, &end, 10);
	close = end;
	if (*close != ']' || out->index < 0)
		return -1;
	rest = close + 1;
	if (!*rest)
		return 0;
	if (*rest != '.' || !rest[1] || strpbrk(rest + 1, "[]."))
		return -1;
	return part(out->sub, rest + 1, strlen(rest + 1));
}

void edit_fill(struct buf *out, const char *text, const char *const *args,
	       size_t n)
{
	for (const char *p = text; *p; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' &&
		    (size_t)(p[1] - '1') < n && args[p[1] - '1']) {
			buf_addstr(out, args[p[1] - '1']);
			p += 2;
		} else {
			buf_addch(out, *p);
		}
	}
}

/* The character at s folded to lower case, *len its bytes: ASCII and
 * the Latin-1 capitals (U+00C0-U+00DE: Æ, Ø, Å, É ...), whose small
 * letters are 0x20 further in UTF-8's second byte; others as they are. */
static unsigned fold(const char *s, size_t *len)
{
	unsigned char c = (unsigned char)s[0], d = c ? (unsigned char)s[1] : 0;

	*len = 1;
	if (c != 0xC3 || (d & 0xC0) != 0x80)
		return (unsigned)tolower(c);
	*len = 2;
	if (d <= 0x9E && d != 0x97) /* 0x97 is the sign "×" */
		d += 0x20;
	return 0xC300u | d;
}

static bool starts_folded(const char *s, const char *prefix)
{
	size_t a, b;

	while (*prefix) {
		if (!*s || fold(s, &a) != fold(prefix, &b))
			return false;
		s += a;
		prefix += b;
	}
	return true;
}

bool edit_contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	for (const char *p = hay;; p++) {
		if (starts_folded(p, needle))
			return true;
		if (!*p)
			return false;
	}
}
