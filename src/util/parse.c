/*
 * util/parse.c: strict parsing of single numbers, and safe quoting of user
 * input in messages. This is the only place integers and numbers are read
 * from text (HOUSE-STYLE "Integers only via parse_int64"), so every caller
 * rejects the same things and says so the same way.
 *
 * It must not accept partial input ("12abc"), whitespace, or anything the
 * C library would read differently under another locale: strtol/strtod skip
 * spaces, accept "+", hex, "inf"/"nan", and strtod follows LC_NUMERIC. So we
 * check the grammar ourselves first and only then convert.
 *
 * Nothing here allocates or keeps state; all pointers are borrowed.
 */
#include "util/parse.h"

#include <assert.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

size_t parse_utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		len = 1;
		min = 0;
	} else if (c >= 0xC2 && c <= 0xDF) {	/* C0, C1: always overlong */
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {	/* F5..FF: above U+10FFFF */
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	/* A NUL is not a continuation byte, so we never read past the end. */
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (cp)
		*cp = c;
	return len;
}

/*
 * Characters that are valid but can make a message lie about itself: line
 * separators and bidirectional overrides ("Trojan Source", CVE-2021-42574).
 */
static bool quote_as_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Bytes available at p, at most 4, stopping at the NUL. */
static size_t avail4(const unsigned char *p)
{
	size_t n = 0;

	while (n < 4 && p[n])
		n++;
	return n;
}

static size_t put_hex(char *out, size_t o, unsigned char byte)
{
	static const char hex[] = "0123456789abcdef";

	out[o++] = '\\';
	out[o++] = 'x';
	out[o++] = hex[byte >> 4];
	out[o++] = hex[byte & 0xF];
	return o;
}

/* Appends one character (n bytes at p, code point cp) to out at o. */
static size_t quote_char(char *out, size_t o, const unsigned char *p,
			 size_t n, uint32_t cp)
{
	size_t k;

	if (n == 0)	/* not UTF-8: show the one byte */
		return put_hex(out, o, p[0]);
	if (cp == '"' || cp == '\\') {
		out[o++] = '\\';
		out[o++] = (char)cp;
	} else if (cp == '\n' || cp == '\t' || cp == '\r') {
		out[o++] = '\\';
		out[o++] = cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r';
	} else if (cp < 0x20 || cp == 0x7F || quote_as_escape(cp)) {
		for (k = 0; k < n; k++)
			o = put_hex(out, o, p[k]);
	} else {
		memcpy(out + o, p, n);
		o += n;
	}
	return o;
}

void parse_quote(const char *s, char out[PARSE_QUOTE_MAX])
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t i = 0, o = 0, n;
	uint32_t cp = 0;

	while (p[i]) {
		n = parse_utf8_char(p + i, avail4(p + i), &cp);
		if (i + (n ? n : 1) > PARSE_QUOTE_INPUT)
			break;
		o = quote_char(out, o, p + i, n, cp);
		i += n ? n : 1;
	}
	if (p[i]) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	assert(o < PARSE_QUOTE_MAX);
	out[o] = '\0';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out,
		struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	uint64_t v = 0, limit;
	bool neg;
	size_t i;

	assert(min <= max);
	if (!s)
		goto bad;
	neg = s[0] == '-';
	i = neg ? 1 : 0;
	if (!is_digit(s[i]))
		goto bad;
	/* Magnitude limit: 2^63 for negatives, 2^63 - 1 otherwise. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; is_digit(s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (limit - d) / 10)
			goto bad;
		v = v * 10 + d;
	}
	if (s[i] != '\0')
		goto bad;
	{
		/* Converting 2^63 directly would overflow; go through -1. */
		int64_t r = neg ? (v ? -(int64_t)(v - 1) - 1 : 0) : (int64_t)v;

		if (r < min || r > max)
			goto bad;
		*out = r;
	}
	return 0;
bad:
	parse_quote(s, q);
	return err_set(err, ERR_INVALID,
		       _("expected a whole number from %" PRId64 " to %" PRId64
			 ", got \"%s\""),
		       min, max, q);
}

/*
 * Length of a number in the grammar -?D+([sep]D+)?([eE][+-]?D+)? that spans
 * all of s, or 0. `comma` also allows ',' as the separator.
 */
static size_t scan_number(const char *s, bool comma)
{
	size_t i = 0;

	if (s[i] == '-')
		i++;
	if (!is_digit(s[i]))
		return 0;
	while (is_digit(s[i]))
		i++;
	if (s[i] == '.' || (comma && s[i] == ',')) {
		i++;
		if (!is_digit(s[i]))
			return 0;
		while (is_digit(s[i]))
			i++;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!is_digit(s[i]))
			return 0;
		while (is_digit(s[i]))
			i++;
	}
	return s[i] == '\0' ? i : 0;
}

/* Converts text already checked by scan_number, in the C locale. */
static int convert_number(const char *s, size_t len, double *out)
{
	char copy[PARSE_NUMBER_MAX + 1];
	locale_t c_locale;
	char *end;
	double v;
	size_t i;

	for (i = 0; i < len; i++)
		copy[i] = s[i] == ',' ? '.' : s[i];
	copy[len] = '\0';
	/* glibc hands back its built-in C locale here without allocating. */
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return -1;
	v = strtod_l(copy, &end, c_locale);
	freelocale(c_locale);
	assert(end == copy + len);
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_number(const char *s, bool comma, double *out,
			struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	size_t len = s ? scan_number(s, comma) : 0;

	if (len > 0 && len <= PARSE_NUMBER_MAX &&
	    convert_number(s, len, out) == 0)
		return 0;
	parse_quote(s, q);
	if (comma)
		return err_set(err, ERR_INVALID,
			       _("expected a number such as 1234,5 or 1234.5, "
				 "got \"%s\""),
			       q);
	return err_set(err, ERR_INVALID,
		       _("expected a number such as 1234.5 (with '.' as the "
			 "decimal separator), got \"%s\""),
		       q);
}

int parse_double(const char *s, double *out, struct err *err)
{
	return parse_number(s, false, out, err);
}

int parse_decimal_comma(const char *s, double *out, struct err *err)
{
	return parse_number(s, true, out, err);
}
