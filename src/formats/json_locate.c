/*
 * formats/json_locate.c: a tiny scanner over JSON text that jansson has
 * already validated. It only skips and compares; it builds nothing and
 * allocates nothing. Nesting is skipped by counting brackets, not by
 * recursion, so deep input cannot exhaust the stack.
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
			       !strchr(",}] \t\r\n", sc->s[sc->pos]))
				sc->pos++;
			if (depth == 0)
				return;
			continue;
		}
		sc->pos++;
	} while (depth > 0);
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
		if (klen == n && !memcmp(sc->s + start, key, n))
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

	for (size_t i = 0; i < offset && text[i]; i++) {
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
	json_position(text, sc.pos, line, column);
	return 0;
}
