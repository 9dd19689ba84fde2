/*
 * model/value.c: checks of single field values (see value.h). These are the
 * rules a value must meet before it is stored, whatever door it came in by;
 * entity descriptors say which check applies to which field.
 *
 * It must not change the value (no trimming, no case folding, no Unicode
 * normalisation): it says yes or no, and why. Nothing is allocated; all
 * pointers are borrowed.
 */
#include "model/value.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "model/limits.h"
#include "util/i18n.h"
#include "util/parse.h"

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

int value_check_id(const char *s, struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	size_t i;

	if (s && is_alnum((unsigned char)s[0])) {
		for (i = 1; i < LIMIT_ID_BYTES; i++) {
			unsigned char c = (unsigned char)s[i];

			if (!is_alnum(c) && c != '.' && c != '_' && c != '-')
				break;
		}
		if (s[i] == '\0')
			return 0;
	}
	parse_quote(s, q);
	return err_set(err, ERR_UNPROCESSABLE,
		       _("expected an id of 1 to %d characters from A-Z, a-z, "
			 "0-9, '.', '_' and '-', starting with a letter or "
			 "digit, got \"%s\""),
		       LIMIT_ID_BYTES, q);
}

/* C0 and C1 control characters and DEL, except tab, LF and CR. */
static bool is_bad_control(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return false;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

int value_check_text(const char *s, size_t max_bytes, struct err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i, n;
	uint32_t cp = 0;

	if (!s)
		return err_set(err, ERR_UNPROCESSABLE, _("expected text"));
	len = strlen(s);
	if (len > max_bytes)
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected at most %zu bytes of text, got %zu"),
			       max_bytes, len);
	for (i = 0; i < len; i += n) {
		n = parse_utf8_char(p + i, min_size(4, len - i), &cp);
		if (n == 0)
			return err_set(err, ERR_UNPROCESSABLE,
				       _("expected UTF-8 text, but byte %zu is "
					 "not valid UTF-8 (is the file in "
					 "another encoding, such as "
					 "Windows-1252?)"),
				       i + 1);
		if (is_bad_control(cp))
			return err_set(err, ERR_UNPROCESSABLE,
				       _("expected text without control "
					 "characters, but byte %zu is U+%04X"),
				       i + 1, (unsigned)cp);
	}
	return 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads exactly n digits at s; false if one is not a digit. */
static bool read_num(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* 1 when s has the shape YYYY[-MM[-DD]], with year, month, day read. */
static bool date_shape(const char *s, int *y, int *m, int *d)
{
	*m = 0;
	*d = 0;
	if (!read_num(s, 4, y))
		return false;
	if (s[4] == '\0')
		return true;
	if (s[4] != '-' || !read_num(s + 5, 2, m))
		return false;
	if (s[7] == '\0')
		return true;
	return s[7] == '-' && read_num(s + 8, 2, d) && s[10] == '\0';
}

int value_check_date(const char *s, struct err *err)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	char q[PARSE_QUOTE_MAX];
	int y, m, d, dim;

	if (!s || !date_shape(s, &y, &m, &d)) {
		parse_quote(s, q);
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a date as YYYY, YYYY-MM or "
				 "YYYY-MM-DD, got \"%s\""),
			       q);
	}
	parse_quote(s, q);
	if (y < 1000)
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a year from 1000 to 9999, got "
				 "\"%s\""),
			       q);
	if (s[4] && (m < 1 || m > 12))
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a month from 01 to 12, got \"%s\""),
			       q);
	dim = m == 2 && is_leap(y) ? 29 : m ? mdays[m - 1] : 0;
	if (s[4] && s[7] && (d < 1 || d > dim))
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a real calendar date, but \"%s\" "
				 "does not exist"),
			       q);
	return 0;
}

/* Case-insensitive ASCII prefix test; p is lower case. */
static bool has_prefix_ci(const char *s, const char *p)
{
	for (; *p; s++, p++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;

		if (c != *p)
			return false;
	}
	return true;
}

/* Length of the :port at s (0 when there is none), or -1 when invalid. */
static int port_len(const char *s)
{
	int i, v = 0;

	if (s[0] != ':')
		return 0;
	for (i = 1; is_digit((unsigned char)s[i]) && i <= 5; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 1 || v < 1 || v > 65535)
		return -1;
	return i;
}

/* Length of the host (and port) at s, 0 when there is no valid one. */
static size_t host_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int port;

	if (p[0] == '[') {	/* IPv6 literal: hex digits, ':' and '.' */
		for (i = 1; is_alnum(p[i]) || p[i] == ':' || p[i] == '.'; i++)
			;
		if (i == 1 || p[i] != ']')
			return 0;
		i++;
	} else {
		/* The UTF-8 in an IDN name is checked with the whole URL. */
		if (!is_alnum(p[0]) && p[0] < 0x80)
			return 0;
		while (is_alnum(p[i]) || p[i] == '-' || p[i] == '.' ||
		       p[i] >= 0x80)
			i++;
	}
	port = port_len(s + i);
	if (port < 0)
		return 0;
	i += (size_t)port;
	/* Anything else before the path ('@', '_', '!' ...) is refused. */
	if (p[i] != '\0' && p[i] != '/' && p[i] != '?' && p[i] != '#')
		return 0;
	return i;
}

/* Characters a link may not contain, even though browsers repair some. */
static bool url_char_ok(uint32_t cp)
{
	return cp > 0x20 && !(cp >= 0x7F && cp <= 0x9F) && cp != '"' &&
	       cp != '<' && cp != '>' && cp != '\\';
}

static bool url_chars_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n;
	uint32_t cp = 0;

	for (i = 0; i < len; i += n) {
		n = parse_utf8_char(p + i, min_size(4, len - i), &cp);
		if (n == 0 || !url_char_ok(cp))
			return false;
	}
	return true;
}

int value_check_url(const char *s, struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	const char *rest = NULL;
	size_t len;

	if (s && has_prefix_ci(s, "https://"))
		rest = s + 8;
	else if (s && has_prefix_ci(s, "http://"))
		rest = s + 7;
	len = s ? strlen(s) : 0;
	if (len > LIMIT_URL_BYTES)
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a web address of at most %d bytes, "
				 "got %zu"),
			       LIMIT_URL_BYTES, len);
	parse_quote(s, q);
	if (!rest || host_len(rest) == 0)
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a web address starting with "
				 "http:// or https:// and a host name, got "
				 "\"%s\""),
			       q);
	if (!url_chars_ok(s, len))
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a web address without spaces, "
				 "quotes, angle brackets, backslashes or "
				 "control characters (write a space as %%20), "
				 "got \"%s\""),
			       q);
	return 0;
}

/* Writes "a, b, c" into out, cut with ", ..." when it does not fit. */
static void enum_list(const char *const *values, char *out, size_t size)
{
	size_t o = 0, n;
	int i;

	out[0] = '\0';
	for (i = 0; values && values[i]; i++) {
		n = strlen(values[i]);
		if (o + n + 2 + 5 >= size) {	/* room for ", ..." and NUL */
			memcpy(out + o, i > 0 ? ", ..." : "...", i > 0 ? 6 : 4);
			return;
		}
		if (i > 0) {
			memcpy(out + o, ", ", 2);
			o += 2;
		}
		memcpy(out + o, values[i], n);
		o += n;
		out[o] = '\0';
	}
}

int value_check_enum(const char *s, const char *const *values,
		     struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	char list[600];
	int i;

	for (i = 0; s && values && values[i]; i++)
		if (strcmp(s, values[i]) == 0)
			return 0;
	parse_quote(s, q);
	enum_list(values, list, sizeof(list));
	return err_set(err, ERR_UNPROCESSABLE,
		       _("expected one of %s; got \"%s\""), list, q);
}
