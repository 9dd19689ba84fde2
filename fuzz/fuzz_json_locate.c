/*
 * fuzz/fuzz_json_locate.c: libFuzzer target for formats/json_locate.h.
 * json_locate only ever sees text that jansson has accepted (import loads
 * with JSON_REJECT_DUPLICATES first), so inputs jansson refuses are skipped.
 *
 * Paths come from the parsed tree (the first levels of keys and indexes,
 * each also with a missing member and a missing index appended) and from
 * the raw input (its quoted tokens, alone and joined), so the fuzzer steers
 * both the text and the path. For every path a reference walker over the
 * jansson tree, reading the same path syntax, finds the deepest value that
 * is there; the located line and column, turned back into a byte offset,
 * must be where that value's text starts: jansson, reading from there, must
 * decode a value equal to it.
 *
 * The text is handed over without a trailing NUL, so any read past `len`
 * is caught by AddressSanitizer.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/json_locate.h"
#include "util/buf.h"

#define MAX_DEPTH 4	/* levels of the tree turned into paths */
#define MAX_CHILDREN 6	/* members or elements per level */
#define MAX_TOKENS 8	/* quoted tokens of the input used as paths */

struct target {
	const char *text;	/* not NUL-terminated */
	size_t len;
	json_t *root;
};

/* The deepest value along path, read as json_locate reads it. */
static json_t *reference_walk(json_t *v, const char *path)
{
	while (path && *path) {
		const char *p = path;
		json_t *next;

		if (*p == '[') {
			char *end;
			long index = strtol(p + 1, &end, 10);

			if (*end != ']' || !json_is_array(v) || index < 0 ||
			    (size_t)index >= json_array_size(v))
				break;
			next = json_array_get(v, (size_t)index);
			path = end + 1;
		} else {
			size_t n = strcspn(p, ".[");

			if (!json_is_object(v))
				break;
			next = json_object_getn(v, p, n);
			if (!next)
				break;
			path = p + n;
		}
		if (*path == '.')
			path++;
		v = next;
	}
	return v;
}

/* The byte offset of 1-based (line, column), columns in UTF-8 chars. */
static size_t offset_of(const char *text, size_t len, int line, int column)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (i < len && l < line)
		if (text[i++] == '\n')
			l++;
	for (; i < len && text[i] != '\n'; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		if (c++ == column)
			return i;
	}
	return i;	/* the end of the line or the text */
}

static void check_path(const struct target *t, const char *path)
{
	json_t *want = reference_walk(t->root, path), *got;
	int line = 0, column = 0;
	size_t off;

	if (json_locate(t->text, t->len, path, &line, &column) != 0)
		abort();	/* jansson accepted it, so it is not empty */
	if (line < 1 || column < 1)
		abort();
	off = offset_of(t->text, t->len, line, column);
	if (off >= t->len)
		abort();
	got = json_loadb(t->text + off, t->len - off,
			 JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, NULL);
	if (!got || !json_equal(got, want)) {
		fprintf(stderr, "path \"%s\": located %d:%d (byte %zu) is not "
				"the start of the value there\n",
			path, line, column, off);
		abort();
	}
	json_decref(got);
}

static void truncate_to(struct buf *b, size_t len)
{
	b->len = len;
	if (b->buf)
		b->buf[len] = '\0';
}

/* Checks path and, below it, the first members and elements of v. */
static void walk_tree(const struct target *t, json_t *v, struct buf *path,
		      int depth)
{
	size_t len = path->len, i = 0;
	const char *key;
	json_t *x;

	check_path(t, buf_cstr(path));
	if (depth >= MAX_DEPTH)
		return;
	/* Absent parts: the position must be that of v itself. */
	buf_addstr(path, len ? ".\x7fmissing" : "\x7fmissing");
	check_path(t, buf_cstr(path));
	truncate_to(path, len);
	buf_addstr(path, "[1000000]");
	check_path(t, buf_cstr(path));
	truncate_to(path, len);
	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			if (i++ >= MAX_CHILDREN)
				break;
			/* Not expressible in the path syntax. */
			if (!*key || strpbrk(key, ".["))
				continue;
			buf_addf(path, "%s%s", len ? "." : "", key);
			walk_tree(t, x, path, depth + 1);
			truncate_to(path, len);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (i >= MAX_CHILDREN)
				break;
			buf_addf(path, "[%zu]", i);
			walk_tree(t, x, path, depth + 1);
			truncate_to(path, len);
		}
	}
}

/* Quoted tokens of the raw input, each alone and joined by '.'. */
static void raw_paths(const struct target *t)
{
	struct buf joined = BUF_INIT, one = BUF_INIT;
	size_t i = 0, start;
	int tokens = 0;

	while (i < t->len && tokens < MAX_TOKENS) {
		if (t->text[i++] != '"')
			continue;
		start = i;
		while (i < t->len && t->text[i] != '"')
			i++;
		if (i >= t->len)
			break;
		buf_reset(&one);
		buf_add(&one, t->text + start, i - start);
		i++;
		if (strlen(buf_cstr(&one)) != one.len)
			continue;	/* a path is a C string */
		check_path(t, buf_cstr(&one));
		buf_addf(&joined, "%s%s", tokens ? "." : "", buf_cstr(&one));
		check_path(t, buf_cstr(&joined));
		tokens++;
	}
	buf_release(&joined);
	buf_release(&one);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target t;
	struct buf path = BUF_INIT;
	char *text;

	/* The import's flags, plus any top-level value. */
	t.root = json_loadb((const char *)data, size,
			    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (!t.root)
		return 0;
	text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	t.text = text;
	t.len = size;
	walk_tree(&t, t.root, &path, 0);
	raw_paths(&t);
	buf_release(&path);
	json_decref(t.root);
	free(text);
	return 0;
}
