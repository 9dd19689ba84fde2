/*
 * service/sheet.c: import-sheet (see sheet.h). Four passes over the file:
 *
 *   read     the .xlsx (formats/xlsx_read) or CSV (formats/csv) into tables
 *   parse    each table's sheet and header; each row's cells into typed
 *            values by the column's field (service/workbook.h's layout);
 *            one result per row, in file order
 *   stage    records first (strategies, focus areas, measures, reports),
 *            then the child rows (responsibilities, milestones) merged into
 *            their measure; each record starts as what is stored
 *   check    record_check on every staged record, problems sent back to
 *            the row that caused them; then write in descriptor order with
 *            an audit event per record, or roll back
 *
 * It must not speak SQL (store/ does) or validate fields itself
 * (record_check does, as for `import` and the API). All of it runs inside
 * one transaction. Ownership: every json_t and table made here is released
 * here, except *result, which goes to the caller.
 */
#include "service/sheet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "formats/xlsx_read.h"
#include "model/limits.h"
#include "model/period.h"
#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/record.h"
#include "service/workbook.h"
#include "store/entity.h"
#include "store/ref.h"
#include "store/report.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define SHEET_MAX_PROBLEMS 200

/* A column of a table, as its header names it. */
enum col_kind { COL_IGNORED, COL_DATA, COL_PARENT };

struct column {
	enum col_kind kind;
	const char *name;		/* borrowed from the header row */
	const struct field_desc *field;	/* COL_DATA */
};

/* A data row after parsing. */
struct prow {
	const struct workbook_sheet_def *def;
	json_t *result;	/* borrowed: lives in im->rows */
	json_t *vals;	/* owned: column name -> value */
};

/* A record the import touches. */
struct entry {
	const struct entity_desc *e;
	char *id;
	json_t *before;	/* as stored; NULL when new */
	json_t *after;	/* as the sheet makes it */
	json_t *row;	/* borrowed: the result of its own row, or NULL */
	json_t *kids;	/* child name -> [result or null per item] */
};

struct import {
	struct store *st;
	const struct principal *who;
	const struct sheet_opts *opts;
	json_t *rows, *skipped;	/* the result's lists */
	struct prow *prows;
	size_t nprows, prows_alloc;
	struct entry *entries;
	size_t nentries, entries_alloc;
	json_t *index;		/* "collection/id" -> entry number */
	json_t *sheet_ids;	/* collection -> {id: true}: defined here */
	json_t *report_keys;	/* measure/period/kind/actor -> row */
	bool db_failed;
	struct err db_err;
};

/* ---- results ---- */

/* A message cut short must not end inside a UTF-8 character (jansson
 * refuses such a string): drops an incomplete last character. */
static void cut_whole(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

static void reject(json_t *result, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reject(json_t *result, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(msg))
		cut_whole(msg);
	json_object_set_new(result, "outcome", json_string("rejected"));
	json_array_append_new(json_object_get(result, "reasons"),
			      json_string(msg));
}

static bool is_rejected(json_t *result)
{
	const char *o = json_string_value(json_object_get(result, "outcome"));

	return o && !strcmp(o, "rejected");
}

static void set_outcome(json_t *result, const char *outcome)
{
	if (result && !is_rejected(result))
		json_object_set_new(result, "outcome", json_string(outcome));
}

static json_t *new_result(struct import *im, const char *sheet, size_t row)
{
	json_t *r = json_pack("{s:s,s:I,s:s,s:s,s:[],s:[]}", "sheet", sheet,
			      "row", (json_int_t)row, "key", "", "outcome", "",
			      "changes", "reasons");

	json_array_append_new(im->rows, r);
	return r;
}

static void db_fail(struct import *im, const struct err *err)
{
	if (!im->db_failed)
		im->db_err = *err;
	im->db_failed = true;
}

/* ---- reading the file into tables ---- */

static bool is_date_column(const char *sheet, const char *header, void *arg)
{
	const struct workbook_sheet_def *d = workbook_sheet_find(sheet);
	const struct field_desc *f;

	(void)arg;
	if (d)
		return workbook_column(d, header, &f) == 1 && f &&
		       f->type == FT_DATE;
	/* A renamed sheet: a date in any sheet of the layout. */
	for (size_t i = 0; i < workbook_nsheets; i++)
		if (workbook_column(&workbook_sheets[i], header, &f) == 1 &&
		    f && f->type == FT_DATE)
			return true;
	return false;
}

/* The sheet a CSV file's name speaks of: "measures.csv",
 * "veikart-2023-measures.csv"; NULL when none. */
static const char *sheet_from_name(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t n;

	base = base ? base + 1 : name;
	n = strcspn(base, ".");
	for (size_t i = 0; i < workbook_nsheets; i++) {
		const char *s = workbook_sheets[i].name;
		size_t k = strlen(s);

		if (n >= k && !strncasecmp(base + n - k, s, k) &&
		    (n == k || strchr("-_ ", base[n - k - 1])))
			return s;
	}
	return NULL;
}

static void table_add_row(struct xlsx_table *t, size_t number,
			  const char *const *fields, size_t n)
{
	struct xlsx_row *row;
	bool any = false;

	for (size_t i = 0; i < n; i++)
		any = any || fields[i][0];
	if (!any)
		return;	/* a row of empty cells is a blank line */
	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->rows = xrealloc(t->rows, t->alloc * sizeof(*t->rows));
	}
	row = &t->rows[t->nrows++];
	row->number = number;
	row->ncells = n;
	row->cells = xcalloc(n, sizeof(*row->cells));
	for (size_t i = 0; i < n; i++)
		row->cells[i] = fields[i][0] ? xstrdup(fields[i]) : NULL;
}

static int read_csv(const char *name, const char *data, size_t len,
		    const struct sheet_opts *opts, struct xlsx_book *book,
		    struct err *err)
{
	struct csv_reader *r = csv_reader_open(data, len, NULL, err);
	const char *sheet = opts->sheet ? opts->sheet : sheet_from_name(name);
	const char *const *fields;
	size_t n;
	int rc;

	if (!r)
		return -1;
	book->sheets = xcalloc(1, sizeof(*book->sheets));
	book->nsheets = 1;
	/* An empty name: the sheet is told by its header. */
	book->sheets[0].name = xstrdup(sheet ? sheet : "");
	while ((rc = csv_reader_next(r, &fields, &n, err)) == 1)
		table_add_row(&book->sheets[0], csv_reader_row(r), fields, n);
	csv_reader_free(r);
	return rc;
}

static int read_tables(const char *name, const char *data, size_t len,
		       const struct sheet_opts *opts, struct xlsx_book *book,
		       struct err *err)
{
	struct xlsx_read_opts xo = XLSX_READ_OPTS_INIT;
	int rc;

	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		xo.is_date_column = is_date_column;
		rc = xlsx_read(data, len, &xo, book, err);
	} else {
		rc = read_csv(name, data, len, opts, book, err);
	}
	if (rc < 0)
		err_prefix(err, "%s", name);
	return rc;
}

/* ---- parsing: which sheet, which columns ---- */

/* Whether the header names every key column of sheet d. */
static bool has_keys(const struct workbook_sheet_def *d,
		     const struct xlsx_row *h)
{
	const struct child_desc *c = workbook_sheet_child(d);
	char keys[128], *save = NULL;
	bool ok = true;

	snprintf(keys, sizeof(keys), "%s %s",
		 d->parent_column ? d->parent_column : "id",
		 c && c->key ? c->key : "");
	for (char *k = strtok_r(keys, " ", &save); k && ok;
	     k = strtok_r(NULL, " ", &save)) {
		ok = false;
		for (size_t i = 0; i < h->ncells && !ok; i++)
			ok = h->cells[i] && !strcmp(h->cells[i], k);
	}
	return ok;
}

static bool header_fits(const struct workbook_sheet_def *d,
			const struct xlsx_row *h)
{
	const struct field_desc *f;

	for (size_t i = 0; i < h->ncells; i++)
		if (h->cells[i] && workbook_column(d, h->cells[i], &f) < 0)
			return false;
	return has_keys(d, h);
}

/* The sheet a table holds: by its name, else by its header. */
static const struct workbook_sheet_def *identify(const struct xlsx_table *t)
{
	const struct workbook_sheet_def *d = workbook_sheet_find(t->name);
	const struct workbook_sheet_def *found = NULL;

	if (d || t->nrows == 0)
		return d;
	for (size_t i = 0; i < workbook_nsheets; i++) {
		if (!header_fits(&workbook_sheets[i], &t->rows[0]))
			continue;
		if (found)
			return NULL;	/* more than one fits */
		found = &workbook_sheets[i];
	}
	return found;
}

static void sheet_names(struct buf *b)
{
	for (size_t i = 0; i < workbook_nsheets; i++)
		buf_addf(b, "%s%s", i ? ", " : "", workbook_sheets[i].name);
}

/* Reads the header into cols; problems go to the header row's result. */
static void parse_header(const struct workbook_sheet_def *d,
			 const struct xlsx_row *h, struct column *cols,
			 json_t *result)
{
	for (size_t i = 0; i < h->ncells; i++) {
		const char *name = h->cells[i];
		char letter[8];
		int k;

		cols[i] = (struct column){ COL_IGNORED, name, NULL };
		xlsx_column_name(i + 1, letter);
		if (!name)
			continue;
		for (size_t j = 0; j < i; j++)
			if (h->cells[j] && !strcmp(h->cells[j], name))
				reject(result, "column %s: %s is already "
					       "column %zu",
				       letter, name, j + 1);
		k = workbook_column(d, name, &cols[i].field);
		if (k < 0)
			reject(result, "column %s: the sheet %s has no column "
				       "\"%s\"",
			       letter, d->name, name);
		else if (k == 1)
			cols[i].kind = cols[i].field ? COL_DATA : COL_PARENT;
	}
	if (!has_keys(d, h))
		reject(result, "the header must name the key column%s: %s%s%s",
		       d->parent_column ? "s" : "",
		       d->parent_column ? d->parent_column : "id",
		       workbook_sheet_child(d) ? " " : "",
		       workbook_sheet_child(d) ? workbook_sheet_child(d)->key
					       : "");
}

/* ---- parsing: cells into values ---- */

static json_t *default_value(const struct field_desc *f)
{
	return f->dflt ? json_loads(f->dflt, JSON_DECODE_ANY, NULL)
		       : json_null();
}

/* A number, as an integer when it is whole (as the store gives it). */
static json_t *number_value(const struct field_desc *f, const char *s,
			    struct err *e)
{
	char quoted[PARSE_QUOTE_MAX];
	double d;

	if (parse_decimal_comma(s, &d, NULL) < 0) {
		parse_quote(s, quoted);
		err_set(e, ERR_UNPROCESSABLE, "expected %s, got \"%s\"",
			f->type == FT_INT ? "a whole number"
					  : "a number such as 1234,5 or 1234.5",
			quoted);
		return NULL;
	}
	if (d == (double)(int64_t)d && d > -9e15 && d < 9e15)
		return json_integer((json_int_t)d);
	if (f->type == FT_INT) {
		parse_quote(s, quoted);
		err_set(e, ERR_UNPROCESSABLE,
			"expected a whole number, got \"%s\"", quoted);
		return NULL;
	}
	return json_real(d);
}

static json_t *bool_value(const char *s, struct err *e)
{
	static const char *const yes[] = { "true", "1", "yes", "ja", "sant",
					   NULL };
	static const char *const no[] = { "false", "0", "no", "nei", "usant",
					  NULL };

	for (size_t i = 0; yes[i]; i++) {
		if (!strcasecmp(s, yes[i]))
			return json_true();
		if (!strcasecmp(s, no[i]))
			return json_false();
	}
	err_set(e, ERR_UNPROCESSABLE, "expected true or false");
	return NULL;
}

/* "NFD, HOD" or ["NFD","HOD"]. */
static json_t *list_value(const char *s, struct err *e)
{
	json_t *out;
	const char *p = s;

	if (*s == '[') {
		out = json_loads(s, JSON_DECODE_ANY, NULL);
		if (json_is_array(out))
			return out;
		json_decref(out);
		err_set(e, ERR_UNPROCESSABLE, "expected ids separated by "
					      "commas, or a JSON array");
		return NULL;
	}
	out = json_array();
	while (*p) {
		size_t n;

		p += strspn(p, ",; \t\r\n");
		n = strcspn(p, ",; \t\r\n");
		if (n)
			json_array_append_new(out, json_stringn(p, n));
		p += n;
	}
	return out;
}

static json_t *json_value(const char *s, struct err *e)
{
	json_error_t jerr;
	json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, &jerr);

	if (!v)
		err_set(e, ERR_UNPROCESSABLE, "not JSON: %s", jerr.text);
	return v;
}

/* 23.08.2023 (as Norwegian spreadsheets write dates) -> 2023-08-23. */
static json_t *date_value(const char *s)
{
	int d, m, y, n = 0;
	char out[40];

	if (sscanf(s, "%2d.%2d.%4d%n", &d, &m, &y, &n) == 3 &&
	    (size_t)n == strlen(s) && y >= 1000) {
		snprintf(out, sizeof(out), "%04d-%02d-%02d", y, m, d);
		return json_string(out);
	}
	return json_string(s);
}

static json_t *period_value(const char *s)
{
	char canon[PERIOD_TEXT_MAX];
	struct period p;

	/* Stored in canonical form; left alone when wrong, for the check
	 * to explain. */
	if (period_parse(s, &p, NULL) < 0)
		return json_string(s);
	period_format(&p, canon);
	return json_string(canon);
}

/* The value of one cell for field f; NULL with e set when it is wrong. */
static json_t *cell_value(const struct field_desc *f, const char *s,
			  struct err *e)
{
	if (!s || !*s)
		return default_value(f);
	switch (f->type) {
	case FT_INT:
	case FT_NUM:
		return number_value(f, s, e);
	case FT_BOOL:
		return bool_value(s, e);
	case FT_REFLIST:
		return list_value(s, e);
	case FT_JSON:
		return json_value(s, e);
	case FT_DATE:
		return date_value(s);
	case FT_PERIOD:
		return period_value(s);
	default:
		return json_string(s);
	}
}

/* The key a row shows in results: id, or parent and child key. */
static void row_key(const struct workbook_sheet_def *d, json_t *vals,
		    struct buf *key)
{
	const struct child_desc *c = workbook_sheet_child(d);
	char names[128], *save = NULL;

	buf_reset(key);
	if (!d->parent_column) {
		buf_addstr(key, json_string_value(json_object_get(vals, "id"))
					? json_string_value(
						  json_object_get(vals, "id"))
					: "");
		return;
	}
	buf_addstr(key, json_string_value(json_object_get(
				vals, d->parent_column))
				? json_string_value(json_object_get(
					  vals, d->parent_column))
				: "");
	snprintf(names, sizeof(names), "%s", c && c->key ? c->key : "");
	for (char *k = strtok_r(names, " ", &save); k;
	     k = strtok_r(NULL, " ", &save)) {
		const char *v = json_string_value(json_object_get(vals, k));

		buf_addf(key, " %s", v ? v : "");
	}
}

/* Key columns must hold text: ids cannot be empty. */
static void check_keys(const struct workbook_sheet_def *d, json_t *vals,
		       json_t *result)
{
	const struct child_desc *c = workbook_sheet_child(d);
	char names[128], *save = NULL;

	snprintf(names, sizeof(names), "%s %s",
		 d->parent_column ? d->parent_column : "id",
		 c && c->key ? c->key : "");
	for (char *k = strtok_r(names, " ", &save); k;
	     k = strtok_r(NULL, " ", &save)) {
		json_t *v = json_object_get(vals, k);

		if (!json_is_string(v) || !*json_string_value(v))
			reject(result, "%s: every row needs one (a new id "
				       "creates, a known id updates)",
			       k);
	}
}

/* The row's values by column name; a wrong cell rejects the row. */
static json_t *row_values(const struct column *cols, size_t ncols,
			  const struct xlsx_row *row, json_t *result)
{
	json_t *vals = json_object();
	size_t n = ncols > row->ncells ? ncols : row->ncells;

	for (size_t i = 0; i < n; i++) {
		const char *cell = i < row->ncells ? row->cells[i] : NULL;
		struct err e = ERR_INIT;
		char letter[8];
		json_t *v;

		xlsx_column_name(i + 1, letter);
		if (i >= ncols || !cols[i].name) {
			/* Data nobody named would be lost without a word. */
			if (cell)
				reject(result, "column %s holds a value but "
					       "has no header",
				       letter);
			continue;
		}
		if (cols[i].kind == COL_IGNORED)
			continue;
		if (cols[i].kind == COL_PARENT) {
			if (cell)
				json_object_set_new(vals, cols[i].name,
						    json_string(cell));
			continue;
		}
		/* A cell past the row's end is an empty one. */
		v = cell_value(cols[i].field, cell, &e);
		if (!v)
			reject(result, "column %s %s: %s", letter, cols[i].name,
			       e.msg);
		else
			json_object_set_new(vals, cols[i].name, v);
	}
	return vals;
}

static void parse_row(struct import *im, const struct workbook_sheet_def *d,
		      const struct column *cols, size_t ncols,
		      const struct xlsx_row *row, json_t *seen)
{
	json_t *result = new_result(im, d->name, row->number);
	json_t *vals = row_values(cols, ncols, row, result);
	struct buf key = BUF_INIT;
	json_t *prev;

	check_keys(d, vals, result);
	row_key(d, vals, &key);
	json_object_set_new(result, "key", json_string(buf_cstr(&key)));
	prev = json_object_get(seen, buf_cstr(&key));
	if (prev && !is_rejected(result))
		reject(result, "repeats row %lld, which has the same key",
		       (long long)json_integer_value(prev));
	else
		json_object_set_new(seen, buf_cstr(&key),
				    json_integer((json_int_t)row->number));
	buf_release(&key);
	if (im->nprows == im->prows_alloc) {
		im->prows_alloc = im->prows_alloc ? 2 * im->prows_alloc : 64;
		im->prows = xrealloc(im->prows,
				     im->prows_alloc * sizeof(*im->prows));
	}
	im->prows[im->nprows++] = (struct prow){ d, result, vals };
}

/* Parses one table; a table the import does not take is listed as
 * skipped. */
static void parse_table(struct import *im, const struct xlsx_table *t)
{
	const struct workbook_sheet_def *d = identify(t);
	struct column *cols;
	json_t *header, *seen;
	struct buf names = BUF_INIT;

	if (t->nrows == 0)
		return;
	if (!d) {
		sheet_names(&names);
		reject(new_result(im, t->name, t->rows[0].number),
		       "cannot tell which sheet this is: name the sheet (or, "
		       "for a CSV file, use --sheet) as one of %s, with the "
		       "columns the workbook export writes",
		       buf_cstr(&names));
		buf_release(&names);
		return;
	}
	if (!d->importable) {
		json_array_append_new(
			im->skipped,
			json_pack("{s:s,s:s}", "sheet", t->name, "reason",
				  "read only here; load observations with "
				  "`veikart import-observations`"));
		return;
	}
	cols = xcalloc(t->rows[0].ncells + 1, sizeof(*cols));
	header = json_pack("{s:s,s:I,s:s,s:s,s:[],s:[]}", "sheet", d->name,
			   "row", (json_int_t)t->rows[0].number, "key",
			   "(header)", "outcome", "", "changes", "reasons");
	parse_header(d, &t->rows[0], cols, header);
	/* A good header is no row of data: it is listed only when wrong. */
	if (is_rejected(header))
		json_array_append(im->rows, header);
	json_decref(header);
	seen = json_object();
	for (size_t r = 1; r < t->nrows; r++)
		parse_row(im, d, cols, t->rows[0].ncells, &t->rows[r], seen);
	json_decref(seen);
	free(cols);
}

/* ---- staging: rows into records ---- */

static struct entry *find_entry(struct import *im, const struct entity_desc *e,
				const char *id)
{
	struct buf key = BUF_INIT;
	json_t *n;

	buf_addf(&key, "%s/%s", e->collection, id);
	n = json_object_get(im->index, buf_cstr(&key));
	buf_release(&key);
	return n ? &im->entries[json_integer_value(n)] : NULL;
}

static struct entry *add_entry(struct import *im, const struct entity_desc *e,
			       const char *id, json_t *before)
{
	struct buf key = BUF_INIT;
	struct entry *en;

	if (im->nentries == im->entries_alloc) {
		im->entries_alloc = im->entries_alloc ? 2 * im->entries_alloc
						      : 64;
		im->entries = xrealloc(im->entries, im->entries_alloc *
							sizeof(*im->entries));
	}
	en = &im->entries[im->nentries];
	*en = (struct entry){ e, xstrdup(id), before,
			      before ? json_deep_copy(before)
				     : json_pack("{s:s}", "id", id),
			      NULL, json_object() };
	buf_addf(&key, "%s/%s", e->collection, id);
	json_object_set_new(im->index, buf_cstr(&key),
			    json_integer((json_int_t)im->nentries++));
	buf_release(&key);
	return en;
}

/*
 * The entry of record id, starting from what is stored. NULL when the row
 * is rejected (a deleted record's id; a parent that is not there, when
 * must_exist) or the database failed.
 */
static struct entry *load_entry(struct import *im, const struct entity_desc *e,
				const char *id, json_t *result,
				bool must_exist)
{
	struct entry *en = find_entry(im, e, id);
	struct err err = ERR_INIT;
	json_t *before;
	bool used = false;

	if (en)
		return en;
	before = store_entity_get(im->st, e, id, 0, &err);
	if (!before && err.code != ERR_NOT_FOUND) {
		db_fail(im, &err);
		return NULL;
	}
	if (!before && store_ref_id_used(im->st, e, id, &used, &err) < 0) {
		db_fail(im, &err);
		return NULL;
	}
	if (used) {
		reject(result, "the id %s belonged to a %s that was deleted, "
			       "and ids are never reused; give a new id",
		       id, e->singular);
		return NULL;
	}
	if (!before && must_exist) {
		reject(result, "no %s has the id %s, in the database or in "
			       "the sheet",
		       e->singular, id);
		return NULL;
	}
	return add_entry(im, e, id, before);
}

static void stage_record(struct import *im, struct prow *r)
{
	const struct entity_desc *e = workbook_sheet_entity(r->def);
	const char *id = json_string_value(json_object_get(r->vals, "id"));
	struct entry *en;
	json_t *ids;

	if (!id || !*id)
		return;
	ids = json_object_get(im->sheet_ids, e->collection);
	if (!ids) {
		ids = json_object();
		json_object_set_new(im->sheet_ids, e->collection, ids);
	}
	json_object_set_new(ids, id, json_true());
	en = load_entry(im, e, id, r->result, false);
	if (!en || en->row)
		return;	/* a repeated id: the first row counts */
	en->row = r->result;
	json_object_update(en->after, r->vals);
}

/* The index of the child item with the row's key fields, or -1. */
static long find_item(const struct child_desc *c, json_t *items, json_t *vals)
{
	json_t *item;
	size_t i;

	json_array_foreach(items, i, item) {
		char names[128], *save = NULL;
		bool same = true;

		snprintf(names, sizeof(names), "%s", c->key ? c->key : "");
		for (char *k = strtok_r(names, " ", &save); k && same;
		     k = strtok_r(NULL, " ", &save))
			same = json_equal(json_object_get(item, k),
					  json_object_get(vals, k));
		if (same && c->key)
			return (long)i;
	}
	return -1;
}

/* The row results of a child list, one per item (null: not in the sheet). */
static json_t *kid_results(struct entry *en, const struct child_desc *c,
			   json_t *items)
{
	json_t *kids = json_object_get(en->kids, c->name);

	if (!kids) {
		kids = json_array();
		json_object_set_new(en->kids, c->name, kids);
	}
	while (json_array_size(kids) < json_array_size(items))
		json_array_append_new(kids, json_null());
	return kids;
}

static void stage_child(struct import *im, struct prow *r)
{
	const struct entity_desc *e = workbook_sheet_entity(r->def);
	const struct child_desc *c = workbook_sheet_child(r->def);
	const char *parent = json_string_value(
		json_object_get(r->vals, r->def->parent_column));
	json_t *items, *kids, *item;
	struct entry *en;
	long idx;

	if (is_rejected(r->result) || !parent)
		return;
	en = load_entry(im, e, parent, r->result, true);
	if (!en)
		return;
	items = json_object_get(en->after, c->name);
	if (!json_is_array(items)) {
		items = json_array();
		json_object_set_new(en->after, c->name, items);
	}
	kids = kid_results(en, c, items);
	item = json_deep_copy(r->vals);
	json_object_del(item, r->def->parent_column);
	idx = find_item(c, items, r->vals);
	if (idx >= 0) {
		json_object_update(json_array_get(items, (size_t)idx), item);
		json_array_set(kids, (size_t)idx, r->result);
	} else {
		json_array_append(items, item);
		json_array_append(kids, r->result);
	}
	json_decref(item);
}

/* Records first, in the order an import writes them; then children. */
static void stage_all(struct import *im)
{
	for (size_t k = 0; k < entity_count && !im->db_failed; k++)
		for (size_t i = 0; i < im->nprows && !im->db_failed; i++)
			if (!im->prows[i].def->parent_column &&
			    workbook_sheet_entity(im->prows[i].def) ==
				    entity_all[k])
				stage_record(im, &im->prows[i]);
	for (size_t i = 0; i < im->nprows && !im->db_failed; i++)
		if (im->prows[i].def->parent_column)
			stage_child(im, &im->prows[i]);
}

/* ---- checking ---- */

static bool sheet_ref_exists(void *arg, const char *coll, const char *id)
{
	struct import *im = arg;
	struct err err = ERR_INIT;
	bool found = false;

	if (json_object_get(json_object_get(im->sheet_ids, coll), id))
		return true;
	if (store_entity_exists(im->st, coll, id, &found, &err) < 0)
		db_fail(im, &err);
	return found;
}

static json_t *first_kid(struct entry *en)
{
	const char *name;
	json_t *kids, *r;
	size_t i;

	json_object_foreach(en->kids, name, kids)
		json_array_foreach(kids, i, r)
			if (!json_is_null(r))
				return r;
	return NULL;
}

/* Sends a problem of the record to the row that caused it. */
static void attribute(struct entry *en, const char *field, const char *msg)
{
	const char *f = field[0] == '.' ? field + 1 : field;
	const char *shown = f;
	json_t *target = NULL;

	for (size_t i = 0; i < en->e->nchildren; i++) {
		const char *name = en->e->children[i].name;
		size_t n = strlen(name);
		char *end;
		size_t idx;

		if (strncmp(f, name, n) || f[n] != '[')
			continue;
		idx = strtoul(f + n + 1, &end, 10);
		if (*end != ']')
			break;
		target = json_array_get(json_object_get(en->kids, name), idx);
		if (target && !json_is_null(target) && end[1] == '.')
			shown = end + 2;
		break;
	}
	if (!target || json_is_null(target))
		target = en->row ? en->row : first_kid(en);
	if (target)
		reject(target, "%s: %s", *shown ? shown : en->id, msg);
}

/* One live report per measure, period and kind (and actor, for a
 * contribution): within the sheet and against the database. */
static void check_report_key(struct import *im, struct entry *en)
{
	const char *m =
	    json_string_value(json_object_get(en->after, "measure"));
	const char *p = json_string_value(json_object_get(en->after, "period"));
	const char *kind =
	    json_string_value(json_object_get(en->after, "kind"));
	const char *actor =
		json_string_value(json_object_get(en->after, "actor"));
	bool contribution = kind && !strcmp(kind, "contribution");
	char id[STORE_ID_SIZE];
	struct buf key = BUF_INIT;
	struct err err = ERR_INIT;
	json_t *other;
	bool found;

	if (!m || !p || !en->row)
		return;
	kind = kind ? kind : "status";
	buf_addf(&key, "%s\x1f%s\x1f%s\x1f%s", m, p, kind,
		 contribution && actor ? actor : "");
	other = json_object_get(im->report_keys, buf_cstr(&key));
	if (other)
		reject(en->row, "%s has another %s report for %s in this "
				"sheet (%s)",
		       m, kind, p, json_string_value(other));
	json_object_set_new(im->report_keys, buf_cstr(&key),
			    json_string(en->id));
	buf_release(&key);
	if (store_report_find(im->st, m, p, kind, contribution ? actor : NULL,
			      id, &found, &err) < 0)
		db_fail(im, &err);
	else if (found && strcmp(id, en->id))
		reject(en->row, "%s already has a %s report for %s, with the "
				"id %s; put that id in this row to update it",
		       m, kind, p, id);
}

static void check_entry(struct import *im, struct entry *en)
{
	struct problems p = PROBLEMS_INIT(SHEET_MAX_PROBLEMS);
	struct record_refs refs = { sheet_ref_exists, im };

	record_check(en->e, en->after, "", &refs, &p);
	for (size_t i = 0; i < p.n; i++)
		attribute(en, p.items[i].field, p.items[i].message);
	problems_release(&p);
	if (!strcmp(en->e->collection, "reports"))
		check_report_key(im, en);
}

/* Field names whose values differ between two objects. */
static json_t *changed_fields(json_t *before, json_t *after,
			      const struct field_desc *f, size_t n)
{
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *a = json_object_get(before, f[i].name);
		json_t *b = json_object_get(after, f[i].name);

		if (!json_equal(a ? a : json_null(), b ? b : json_null()))
			json_array_append_new(out, json_string(f[i].name));
	}
	return out;
}

static void decide_row(json_t *result, json_t *before, json_t *after,
		       const struct field_desc *f, size_t n)
{
	json_t *changes;

	if (!result || is_rejected(result))
		return;
	if (!before) {
		set_outcome(result, "created");
		return;
	}
	changes = changed_fields(before, after, f, n);
	set_outcome(result, json_array_size(changes) ? "updated" : "unchanged");
	json_object_set_new(result, "changes", changes);
}

/* Created, updated or unchanged, for the record's row and child rows. */
static void decide(struct entry *en)
{
	decide_row(en->row, en->before, en->after, en->e->fields,
		   en->e->nfields);
	for (size_t c = 0; c < en->e->nchildren; c++) {
		const struct child_desc *cd = &en->e->children[c];
		json_t *kids = json_object_get(en->kids, cd->name), *r;
		json_t *old = json_object_get(en->before, cd->name);
		json_t *now = json_object_get(en->after, cd->name);
		size_t i;

		json_array_foreach(kids, i, r)
			if (!json_is_null(r))
				decide_row(r, json_array_get(old, i),
					   json_array_get(now, i), cd->fields,
					   cd->nfields);
	}
}

static void check_all(struct import *im)
{
	for (size_t i = 0; i < im->nentries && !im->db_failed; i++)
		check_entry(im, &im->entries[i]);
	for (size_t i = 0; i < im->nentries; i++)
		decide(&im->entries[i]);
}

/* ---- writing ---- */

static bool entry_changed(const struct entry *en)
{
	return !en->before || !json_equal(en->before, en->after);
}

/* Writes one record and its audit event (the stored record as "after"). */
static int write_entry(struct import *im, struct entry *en, struct err *err)
{
	json_t *stored;
	int rc;

	if (store_entity_put(im->st, en->e, en->after, NULL, err) < 0)
		return -1;
	stored = store_entity_get(im->st, en->e, en->id, 0, err);
	if (!stored)
		return -1;
	rc = audit_append(im->st, im->who, en->before ? "update" : "create",
			  en->e->collection, en->id, en->before, stored, err);
	json_decref(stored);
	return rc;
}

static int write_all(struct import *im, size_t *written, struct err *err)
{
	*written = 0;
	for (size_t k = 0; k < entity_count; k++)
		for (size_t i = 0; i < im->nentries; i++) {
			struct entry *en = &im->entries[i];

			if (en->e != entity_all[k] || !entry_changed(en))
				continue;
			if (write_entry(im, en, err) < 0) {
				err_prefix(err, "%s %s", en->e->singular,
					   en->id);
				return -1;
			}
			(*written)++;
		}
	return *written ? store_bump_version(im->st, err) : 0;
}

/* ---- the whole import ---- */

static json_t *summary(struct import *im)
{
	json_t *out = json_pack("{s:O,s:O,s:i,s:i,s:i,s:i,s:b}", "rows",
				im->rows, "skipped", im->skipped, "created", 0,
				"updated", 0, "unchanged", 0, "rejected", 0,
				"written", 0);
	json_t *r;
	size_t i;

	json_array_foreach(im->rows, i, r) {
		const char *o =
		    json_string_value(json_object_get(r, "outcome"));
		json_t *n = json_object_get(out, o && *o ? o : "unchanged");

		if (json_is_integer(n))
			json_integer_set(n, json_integer_value(n) + 1);
	}
	return out;
}

static void import_release(struct import *im)
{
	for (size_t i = 0; i < im->nprows; i++)
		json_decref(im->prows[i].vals);
	for (size_t i = 0; i < im->nentries; i++) {
		free(im->entries[i].id);
		json_decref(im->entries[i].before);
		json_decref(im->entries[i].after);
		json_decref(im->entries[i].kids);
	}
	free(im->prows);
	free(im->entries);
	json_decref(im->rows);
	json_decref(im->skipped);
	json_decref(im->index);
	json_decref(im->sheet_ids);
	json_decref(im->report_keys);
}

/* Parse, stage and check inside the open transaction; the summary. */
static json_t *examine(struct import *im, const struct xlsx_book *book,
		       struct err *err)
{
	for (size_t i = 0; i < book->nsheets; i++)
		parse_table(im, &book->sheets[i]);
	stage_all(im);
	if (!im->db_failed)
		check_all(im);
	if (im->db_failed) {
		*err = im->db_err;
		return NULL;
	}
	return summary(im);
}

/* Writes (or, for a dry run, does not) what examine found good. */
static int conclude(struct import *im, const char *name, json_t *res,
		    struct err *err)
{
	int64_t rejected = json_integer_value(json_object_get(res, "rejected"));
	size_t written = 0;

	if (rejected > 0) {
		store_rollback(im->st);
		return err_set(err, ERR_UNPROCESSABLE,
			       _("%s: %lld row%s rejected; nothing was "
				 "written"),
			       name, (long long)rejected,
			       rejected == 1 ? "" : "s");
	}
	if (im->opts->dry_run) {
		store_rollback(im->st);
		return 0;
	}
	if (write_all(im, &written, err) < 0) {
		store_rollback(im->st);
		return -1;
	}
	if (store_commit(im->st, err) < 0)
		return -1;
	json_object_set_new(res, "written", json_boolean(written > 0));
	return 0;
}

static void import_init(struct import *im, struct store *st,
			const struct principal *who,
			const struct sheet_opts *opts)
{
	memset(im, 0, sizeof(*im));
	im->st = st;
	im->who = who;
	im->opts = opts;
	im->rows = json_array();
	im->skipped = json_array();
	im->index = json_object();
	im->sheet_ids = json_object();
	im->report_keys = json_object();
}

static int check_input(const char *name, size_t len,
		       const struct sheet_opts *opts, struct err *err)
{
	struct buf names = BUF_INIT;

	if (len > LIMIT_IMPORT_BYTES)
		return err_set(err, ERR_TOO_LARGE,
			       _("%s is %zu bytes; a sheet may be at most %d "
				 "MiB"),
			       name, len, LIMIT_IMPORT_BYTES >> 20);
	if (!opts || !opts->sheet || workbook_sheet_find(opts->sheet))
		return 0;
	sheet_names(&names);
	err_set_field(err, ERR_INVALID, "sheet",
		      _("there is no sheet \"%s\"; the sheets are %s"),
		      opts->sheet, buf_cstr(&names));
	buf_release(&names);
	return -1;
}

int service_sheet_import(struct store *st, const struct principal *who,
			 const char *name, const char *data, size_t len,
			 const struct sheet_opts *opts, json_t **result,
			 struct err *err)
{
	static const struct sheet_opts defaults = { false, NULL };
	struct xlsx_book book = XLSX_BOOK_INIT;
	struct import im;
	json_t *res = NULL;
	int rc = -1;

	*result = NULL;
	if (check_input(name, len, opts, err) < 0)
		return -1;
	if (access_check(st, who, OP_WRITE_DOMAIN, NULL, err) < 0) {
		audit_denied(st, who, "import-sheet", NULL, NULL, err);
		return -1;
	}
	import_init(&im, st, who, opts ? opts : &defaults);
	if (read_tables(name, data, len, im.opts, &book, err) < 0 ||
	    store_begin(st, err) < 0)
		goto done;
	res = examine(&im, &book, err);
	if (!res) {
		store_rollback(st);
		goto done;
	}
	rc = conclude(&im, name, res, err);
	*result = res;
done:
	xlsx_book_release(&book);
	import_release(&im);
	return rc;
}
