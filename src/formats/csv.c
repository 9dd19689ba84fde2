/*
 * formats/csv.c: the CSV row iterator (csv.h) on top of libcsv, which is
 * push-based: it calls back once per field and once per record. We feed it
 * one physical line at a time, so at most one record can end per feed and
 * we always know on which line a record began.
 *
 * It must not interpret fields (numbers, periods, ids): callers do. It
 * touches no files; the text is borrowed from the caller. The reader owns
 * the copies of the fields it hands out.
 */
#include "formats/csv.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/limits.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* libcsv's parser state before a record has begun (csv.h keeps it in the
 * public struct csv_parser; libcsv.c names it ROW_NOT_BEGUN). */
#define LIBCSV_ROW_NOT_BEGUN 0

struct csv_reader {
	const char *text;
	size_t len, pos;
	struct csv_reader_opts opts;
	struct csv_parser p;
	bool parser_ready; /* csv_init succeeded */
	size_t line;	   /* physical line of the next feed, 1-based */
	size_t start_line; /* line on which the current record began */
	bool in_record;
	size_t records; /* records completed so far */

	struct buf data; /* the current record's fields, NUL-separated */
	size_t *offsets; /* start of each field in data */
	size_t nfields, alloc;
	const char **fields; /* handed out: pointers into data */
	size_t fields_alloc;
	bool ready; /* a record is complete */
	size_t row; /* row of the record last handed out */

	bool failed; /* sticky: every later next() repeats err */
	struct err err;
	size_t err_row, err_column;
};

/* Grows an array of size_t or pointers to hold at least n items. */
static void *grow(void *p, size_t n, size_t *alloc, size_t size)
{
	if (n <= *alloc)
		return p;
	*alloc = n < 16 ? 16 : n * 2;
	return xrealloc(p, *alloc * size);
}

static void fail_at(struct csv_reader *r, size_t row, size_t column,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void fail_at(struct csv_reader *r, size_t row, size_t column,
		    const char *fmt, ...)
{
	char msg[ERR_MSG_MAX - 64];
	va_list ap;

	if (r->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->failed = true;
	r->err_row = row;
	r->err_column = column;
	err_set(&r->err, ERR_UNPROCESSABLE, _("row %zu, column %zu: %s"), row,
		column, msg);
}

static bool valid_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] < 0x80 && u[i] != 0) {
			i++;
			continue;
		}
		k = parse_utf8_char(u + i, n - i, NULL);
		if (k == 0 || u[i] == 0)
			return false;
		i += k;
	}
	return true;
}

/* Fails the reader when a field passes a limit or is not UTF-8. */
static void check_field(struct csv_reader *r, const char *s, size_t len,
			size_t column)
{
	if (r->nfields >= r->opts.max_columns)
		fail_at(r, r->start_line, column,
			_("more than %zu columns; a row may have at most %zu"),
			r->opts.max_columns, r->opts.max_columns);
	else if (len > r->opts.max_field)
		fail_at(r, r->start_line, column,
			_("the field is %zu bytes long; at most %zu are "
			  "allowed"),
			len, r->opts.max_field);
	else if (!valid_utf8(s, len))
		fail_at(r, r->start_line, column,
			_("the text is not valid UTF-8; save the file as "
			  "UTF-8"));
}

/* libcsv: one field ended. */
static void on_field(void *s, size_t len, void *arg)
{
	struct csv_reader *r = arg;

	if (r->failed)
		return;
	if (!s)
		len = 0;
	check_field(r, s, len, r->nfields + 1);
	if (r->failed)
		return;
	r->offsets =
	    grow(r->offsets, r->nfields + 1, &r->alloc, sizeof(*r->offsets));
	r->offsets[r->nfields++] = r->data.len;
	buf_add(&r->data, len ? s : "", len);
	buf_addch(&r->data, '\0');
}

/* libcsv: one record ended. */
static void on_record(int c, void *arg)
{
	struct csv_reader *r = arg;

	(void)c;
	if (r->failed)
		return;
	r->records++;
	r->ready = true;
	r->row = r->start_line;
	r->in_record = false;
	if (r->records > r->opts.max_rows)
		fail_at(r, r->row, 1,
			_("more than %zu rows; split the file into several"),
			r->opts.max_rows);
}

/* ';' when the first line holds more semicolons than commas outside
 * quotes; otherwise ','. */
static char detect_sep(const char *t, size_t n)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;

	for (size_t i = 0; i < n; i++) {
		if (t[i] == '"')
			quoted = !quoted;
		else if (!quoted && (t[i] == '\n' || t[i] == '\r'))
			break;
		else if (!quoted && t[i] == ',')
			commas++;
		else if (!quoted && t[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static void set_defaults(struct csv_reader_opts *o)
{
	if (!o->max_rows)
		o->max_rows = (size_t)LIMIT_CSV_ROWS + 1;
	if (!o->max_columns)
		o->max_columns = LIMIT_CSV_COLUMNS;
	if (!o->max_field)
		o->max_field = LIMIT_TEXT_BYTES;
}

struct csv_reader *csv_reader_open(const char *text, size_t len,
				   const struct csv_reader_opts *opts,
				   struct err *err)
{
	struct csv_reader *r;

	if (opts && opts->sep && opts->sep != ',' && opts->sep != ';') {
		err_set(err, ERR_INVALID,
			_("the CSV separator must be ',' or ';'"));
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->text = text;
	r->len = len;
	if (opts)
		r->opts = *opts;
	set_defaults(&r->opts);
	buf_init(&r->data, (size_t)-1 / 2);
	r->line = 1;
	/* A UTF-8 byte order mark (Excel writes one) is not data. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		r->pos = 3;
	r->opts.sep =
	    r->opts.sep ? r->opts.sep : detect_sep(text + r->pos, len - r->pos);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		err_set(err, ERR_INTERNAL, _("out of memory"));
		return NULL;
	}
	r->parser_ready = true;
	csv_set_delim(&r->p, (unsigned char)r->opts.sep);
	return r;
}

/* Length of the next physical line from pos, its line end included. */
static size_t line_length(const struct csv_reader *r)
{
	const char *s = r->text + r->pos;
	size_t n = r->len - r->pos;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			return i + 1;
	}
	return n;
}

/* Feeds one line to libcsv; at the end of the text, finishes the parse. */
static void feed(struct csv_reader *r)
{
	size_t n;

	if (r->pos >= r->len) {
		if (csv_fini(&r->p, on_field, on_record, r) != 0)
			fail_at(r, r->start_line, r->nfields + 1,
				_("a quoted field is not closed: a '\"' is "
				  "missing before the end of the file"));
		r->pos = r->len + 1; /* finished */
		return;
	}
	n = line_length(r);
	if (!r->in_record) {
		r->start_line = r->line;
		r->in_record = true;
	}
	if (csv_parse(&r->p, r->text + r->pos, n, on_field, on_record, r) != n)
		fail_at(r, r->start_line, r->nfields + 1,
			_("stray '\"': a quote may only open a field or "
			  "close one (write a quote inside a quoted field "
			  "as \"\")"));
	r->pos += n;
	r->line++;
	/* A blank line starts no record. */
	if (!r->ready && r->p.pstate == LIBCSV_ROW_NOT_BEGUN)
		r->in_record = false;
}

static void start_record(struct csv_reader *r)
{
	buf_reset(&r->data);
	r->nfields = 0;
	r->ready = false;
}

int csv_reader_next(struct csv_reader *r, const char *const **fields, size_t *n,
		    struct err *err)
{
	start_record(r);
	while (!r->failed && !r->ready && r->pos <= r->len)
		feed(r);
	if (r->failed) {
		if (err)
			*err = r->err;
		return -1;
	}
	if (!r->ready)
		return 0;
	r->fields =
	    grow(r->fields, r->nfields, &r->fields_alloc, sizeof(*r->fields));
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->data.buf + r->offsets[i];
	*fields = r->fields;
	*n = r->nfields;
	return 1;
}

size_t csv_reader_row(const struct csv_reader *r)
{
	return r->row;
}

void csv_reader_error_pos(const struct csv_reader *r, size_t *row,
			  size_t *column)
{
	*row = r->err_row;
	*column = r->err_column;
}

char csv_reader_sep(const struct csv_reader *r)
{
	return r->opts.sep;
}

size_t csv_reader_offset(const struct csv_reader *r)
{
	return r->pos > r->len ? r->len : r->pos;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->parser_ready)
		csv_free(&r->p);
	buf_release(&r->data);
	free(r->offsets);
	free(r->fields);
	free(r);
}
