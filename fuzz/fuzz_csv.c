/*
 * fuzz/fuzz_csv.c: libFuzzer target for the CSV row iterator
 * (formats/csv.h), which reads uploaded observation files and
 * `import-sheet FILE.csv`.
 *
 * Input: the first byte picks the options - bits 0-1 the separator (auto,
 * ',', ';', or '\t', which must be refused), bit 2 small limits (4 rows,
 * 3 columns, 8 bytes a field) so every limit is reached; the rest is the
 * text, in a buffer of exactly its length without a terminating NUL.
 *
 * Checked on every run: each record has at least one field and at most
 * max_columns; each field is NUL-terminated valid UTF-8 without NUL and at
 * most max_field bytes; rows never go backwards and never pass the number
 * of lines; records stay within max_rows; the offset never passes the
 * text. After an error, the message starts "row R, column C: " with the
 * numbers csv_reader_error_pos gives, and the next call fails the same.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "model/limits.h"
#include "util/parse.h"

static bool is_utf8(const char *s, size_t len)
{
	size_t i, n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = parse_utf8_char((const unsigned char *)s + i,
				    len - i < 4 ? len - i : 4, &cp);
		if (n == 0 || cp == 0)
			return false;
	}
	return true;
}

/* Physical lines: a record cannot start past the last one. */
static size_t count_lines(const char *t, size_t n)
{
	size_t lines = 1;

	for (size_t i = 0; i < n; i++)
		if (t[i] == '\n' ||
		    (t[i] == '\r' && (i + 1 == n || t[i + 1] != '\n')))
			lines++;
	return lines;
}

static void check_error(struct csv_reader *r, const struct err *err)
{
	const char *const *fields;
	struct err again = ERR_INIT;
	size_t row, col, n;
	char want[64];

	csv_reader_error_pos(r, &row, &col);
	snprintf(want, sizeof(want), "row %zu, column %zu: ", row, col);
	if (row < 1 || col < 1 || strncmp(err->msg, want, strlen(want)) ||
	    !is_utf8(err->msg, strlen(err->msg)))
		abort();
	if (csv_reader_next(r, &fields, &n, &again) != -1 ||
	    strcmp(again.msg, err->msg))
		abort();
}

static void read_all(struct csv_reader *r, const struct csv_reader_opts *o,
		     size_t len, size_t lines)
{
	const char *const *fields;
	struct err err = ERR_INIT;
	size_t n, last = 0, records = 0;
	int rc;

	while ((rc = csv_reader_next(r, &fields, &n, &err)) == 1) {
		size_t row = csv_reader_row(r);

		records++;
		if (n < 1 || n > o->max_columns || row < 1 || row < last ||
		    row > lines || records > o->max_rows)
			abort();
		last = row;
		for (size_t i = 0; i < n; i++) {
			size_t flen = strlen(fields[i]);

			if (flen > o->max_field || !is_utf8(fields[i], flen))
				abort();
		}
		if (csv_reader_offset(r) > len)
			abort();
	}
	if (rc == -1)
		check_error(r, &err);
	else if (rc != 0 || csv_reader_next(r, &fields, &n, &err) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = {0, ',', ';', '\t'};
	struct csv_reader_opts o = CSV_READER_OPTS_INIT;
	struct err err = ERR_INIT;
	struct csv_reader *r;
	size_t len;
	char *text;

	if (size < 1)
		return 0;
	o.sep = seps[data[0] & 3];
	if (data[0] & 4) {
		o.max_rows = 4;
		o.max_columns = 3;
		o.max_field = 8;
	}
	len = size - 1;
	text = malloc(len ? len : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, len);
	r = csv_reader_open(text, len, &o, &err);
	if (o.sep == '\t') {
		if (r || err.code != ERR_INVALID)
			abort();
	} else {
		if (!r)
			abort();
		if (csv_reader_sep(r) != ',' && csv_reader_sep(r) != ';')
			abort();
		if (!o.max_rows) {
			o.max_rows = (size_t)LIMIT_CSV_ROWS + 1;
			o.max_columns = LIMIT_CSV_COLUMNS;
			o.max_field = LIMIT_TEXT_BYTES;
		}
		read_all(r, &o, len, count_lines(text, len));
		csv_reader_free(r);
	}
	free(text);
	return 0;
}
