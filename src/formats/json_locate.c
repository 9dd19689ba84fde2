/*
 * formats/json_locate.c: a tiny scanner over JSON text that jansson has
 * already validated. It only skips and compares; it builds nothing and
 * allocates nothing. Nesting is skipped by counting brackets, not by
 * recursion, so deep input cannot exhaust the stack.
 *
 * "Validated" includes one jansson (2.14) quirk: a NUL byte right after a
 * number or literal ("[1\0]") is accepted and skipped. A NUL is therefore
 * never a delimiter here (strchr would match the terminator), and the text
 * is bounded by its length, never by a NUL.
 */
#include "formats/json_locate.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct scan {
	const char *s;
	size_t len;
	size_t pos;
};

static void skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len && strchr(" \t\r\n", sc->s[sc->pos]) &&
	       sc->s[sc->pos])
		sc->pos++;
}

/* At an opening quote: moves past the closing quote. */
static void skip_string(struct scan *sc)
{
	sc->pos++;
	while (sc->pos < sc->len && sc->s[sc->pos] != '"') {
		if (sc->s[sc->pos] == '\\')
			sc->pos++;
		sc->pos++;
	}
	sc->pos++;
}

/* Skips one value of any kind. */
static void skip_value(struct scan *sc)
{
	int depth = 0;

	skip_ws(sc);
	do {
		if (sc->pos >= sc->len)
			return;
		switch (sc->s[sc->pos]) {
		case '"':
			skip_string(sc);
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			depth--;
			break;
		case ',':
		case ':':
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			break;
		default:
			/* A number or literal: runs to a delimiter. */
			while (sc->pos < sc->len &&
			       (!sc->s[sc->pos] ||
				!strchr(",}] \t\r\n", sc->s[sc->pos])))
				sc->pos++;
			if (depth == 0)
				return;
			continue;
		}
		sc->pos++;
	} while (depth > 0);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits of a \u escape at s[0..4); -1 when not hex. */
static long hex4(const char *s)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Writes code point cp as UTF-8; returns the number of bytes. */
static size_t utf8_put(unsigned long cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decodes one character of a JSON string body s[*i..len) into out; returns
 * its length in bytes, or 0 when the text is cut short or not an escape.
 */
static size_t string_char(const char *s, size_t len, size_t *i,
			  unsigned char out[4])
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	long cp, lo;

	if (s[*i] != '\\') {
		out[0] = (unsigned char)s[(*i)++];
		return 1;
	}
	if (len - *i < 2)
		return 0;
	if (s[*i + 1] != 'u') {
		e = memchr(from, s[*i + 1], sizeof(from) - 1);
		if (!e)
			return 0;
		out[0] = (unsigned char)to[e - from];
		*i += 2;
		return 1;
	}
	if (len - *i < 6 || (cp = hex4(s + *i + 2)) < 0)
		return 0;
	*i += 6;
	/* A high surrogate and its low half are one character. */
	if (cp >= 0xD800 && cp <= 0xDBFF && len - *i >= 6 && s[*i] == '\\' &&
	    s[*i + 1] == 'u' && (lo = hex4(s + *i + 2)) >= 0xDC00 &&
	    lo <= 0xDFFF) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		*i += 6;
	}
	return utf8_put((unsigned long)cp, out);
}

/*
 * Whether the string body s[0..len) (between the quotes, escapes as
 * written) is key[0..n). jansson decodes keys and paths name them decoded,
 * so "\u0074itle" in the text is the member "title".
 */
static bool key_equal(const char *s, size_t len, const char *key, size_t n)
{
	size_t i = 0, k = 0, m;
	unsigned char c[4];

	while (i < len) {
		m = string_char(s, len, &i, c);
		if (m == 0 || m > n - k || memcmp(c, key + k, m) != 0)
			return false;
		k += m;
	}
	return k == n;
}

/* At '{': finds member `key` (length n) and leaves pos at its value. */
static bool find_member(struct scan *sc, const char *key, size_t n)
{
	sc->pos++;
	for (;;) {
		size_t start, klen;

		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
			return false;
		start = sc->pos + 1;
		skip_string(sc);
		klen = sc->pos - 1 - start;
		skip_ws(sc);
		sc->pos++;	/* ':' */
		skip_ws(sc);
		if (key_equal(sc->s + start, klen, key, n))
			return true;
		skip_value(sc);
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != ',')
			return false;
		sc->pos++;
	}
}

/* At '[': finds element `index` and leaves pos at it. */
static bool find_element(struct scan *sc, long index)
{
	sc->pos++;
	for (long i = 0;; i++) {
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] == ']')
			return false;
		if (i == index)
			return true;
		skip_value(sc);
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != ',')
			return false;
		sc->pos++;
	}
}

/* Follows one path segment from the value at pos; false when absent. */
static bool follow(struct scan *sc, const char **path)
{
	const char *p = *path;
	size_t save = sc->pos;

	skip_ws(sc);
	if (*p == '[') {
		char *end;
		long index = strtol(p + 1, &end, 10);

		if (*end != ']' || sc->pos >= sc->len ||
		    sc->s[sc->pos] != '[' || !find_element(sc, index))
			goto absent;
		*path = end + 1;
	} else {
		size_t n = strcspn(p, ".[");

		if (sc->pos >= sc->len || sc->s[sc->pos] != '{' ||
		    !find_member(sc, p, n))
			goto absent;
		*path = p + n;
	}
	if (**path == '.')
		(*path)++;
	return true;
absent:
	sc->pos = save;
	return false;
}

void json_position(const char *text, size_t offset, int *line, int *column)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

int json_locate(const char *text, size_t len, const char *path, int *line,
		int *column)
{
	struct scan sc = { text, len, 0 };

	skip_ws(&sc);
	if (sc.pos >= len)
		return -1;
	while (path && *path && follow(&sc, &path))
		;
	skip_ws(&sc);
	json_position(text, sc.pos < len ? sc.pos : len, line, column);
	return 0;
}
