/*
 * formats/xlsx_read.c: the worksheets of an .xlsx file as rows of strings
 * (see xlsx_read.h). Parts are streamed from libzip into expat in pieces,
 * counting unpacked bytes, so memory follows the cells kept rather than the
 * size of the XML. Namespaced names are compared by their local part
 * ("main|c" and "x:c" are both a cell), which is what the different writers
 * of the format agree on.
 *
 * It must not touch files, the database or the network. Ownership: the
 * book owns every string in it; parse contexts free their own state on
 * every path.
 */
#include "formats/xlsx_read.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "model/limits.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define NS_SEP '|'
#define CHUNK 65536
#define DEFAULT_MAX_PART ((size_t)256 << 20)
/* Excel allows 32767 characters in a cell; each may take 4 bytes. */
#define TEXT_CAP (32767 * 4)
#define MAX_SHEETS 256

/* ---- small helpers ---- */

void xlsx_column_name(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0, k = 0;

	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	while (n > 0)
		out[k++] = tmp[--n];
	out[k] = '\0';
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int xlsx_serial_to_date(double serial, bool date1904, char out[11])
{
	long days, s;
	int y, m, d;

	if (!isfinite(serial) || serial < 0 || serial > 3000000)
		return -1;
	s = (long)floor(serial);	/* the time of day is dropped */
	if (date1904)
		days = s - 24107;	/* serial 0 is 1904-01-01 */
	else if (s >= 61)
		days = s - 25569;	/* serial 25569 is 1970-01-01 */
	else if (s >= 1 && s < 60)
		days = s - 25568;	/* before Excel's phantom 1900-02-29 */
	else
		return -1;
	civil_from_days(days, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* The shortest text that reads back as the same double; s if no number. */
static char *number_text(const char *s)
{
	char out[64];
	double d;

	if (parse_double(s, &d, NULL) < 0)
		return xstrdup(s);
	if (d == 0)
		return xstrdup("0");
	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(out, sizeof(out), "%.0f", d);
		return xstrdup(out);
	}
	for (int prec = 15; prec <= 17; prec++) {
		double back;

		snprintf(out, sizeof(out), "%.*g", prec, d);
		if (parse_double(out, &back, NULL) == 0 && back == d)
			break;
	}
	return xstrdup(out);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void put_utf8(struct buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addch(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
		return;
	}
	u[0] = (char)(0xE0 | (cp >> 12));
	u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[2] = (char)(0x80 | (cp & 0x3F));
	buf_add(b, u, 3);
}

/* Decodes Excel's _xHHHH_ escapes (control characters, a literal _x). */
static char *unescape(const struct buf *in)
{
	const char *s = buf_cstr(in);
	struct buf out = BUF_INIT;

	for (size_t i = 0; s[i];) {
		unsigned cp = 0;
		/* _xHHHH_ is 7 bytes: look no further than the text goes. */
		bool ok = s[i] == '_' && strnlen(s + i, 7) == 7 &&
			  s[i + 1] == 'x' && s[i + 6] == '_';

		for (size_t k = 2; ok && k < 6; k++) {
			int h = hex_value(s[i + k]);

			ok = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		if (ok && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
			put_utf8(&out, cp);
			i += 7;
		} else {
			buf_addch(&out, s[i++]);
		}
	}
	if (!out.len)
		return xstrdup("");
	return buf_detach(&out, NULL);
}

static const char *local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

/* The attribute with this local name, namespaced or not as asked. */
static const char *attr(const char **atts, const char *name, bool ns)
{
	for (size_t i = 0; atts[i]; i += 2) {
		bool has_ns = strchr(atts[i], NS_SEP) != NULL;

		if (has_ns == ns && !strcmp(local_name(atts[i]), name))
			return atts[i + 1];
	}
	return NULL;
}

/* ---- reading one part through expat ---- */

struct parse_base {
	XML_Parser p;
	struct err *err;
	bool failed;	/* a handler set err and stopped the parser */
};

static void base_fail(struct parse_base *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void base_fail(struct parse_base *b, const char *fmt, ...)
{
	va_list ap;

	if (b->failed)
		return;
	va_start(ap, fmt);
	err_setv(b->err, ERR_UNPROCESSABLE, NULL, fmt, ap);
	va_end(ap);
	b->failed = true;
	XML_StopParser(b->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *arg, const XML_Char *name,
			       const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	base_fail(arg, _("the workbook holds a DOCTYPE, which no spreadsheet "
			 "program writes; refused"));
}

static XML_Parser parser_new(struct parse_base *base, void *ctx)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", NS_SEP);

	if (!p)
		return NULL;
	XML_SetUserData(p, ctx);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	base->p = p;
	return p;
}

/* Feeds an open part to the parser in pieces, counting what it unpacks. */
static int feed(zip_file_t *zf, const char *name, struct parse_base *base,
		size_t max)
{
	char *chunk = xmalloc(CHUNK);
	size_t total = 0;
	zip_int64_t n;
	int rc = -1;

	while ((n = zip_fread(zf, chunk, CHUNK)) > 0) {
		total += (size_t)n;
		if (total > max) {
			err_set(base->err, ERR_TOO_LARGE,
				_("%s unpacks to more than %zu MiB; split the "
				  "workbook"),
				name, max >> 20);
			goto done;
		}
		if (XML_Parse(base->p, chunk, (int)n, 0) != XML_STATUS_OK)
			goto xml_error;
	}
	if (n < 0) {
		err_set(base->err, ERR_UNPROCESSABLE,
			_("%s in the workbook is damaged"), name);
		goto done;
	}
	if (XML_Parse(base->p, chunk, 0, 1) == XML_STATUS_OK) {
		rc = 0;
		goto done;
	}
xml_error:
	/* A handler that stopped the parser has said where and why. */
	if (!base->failed)
		err_set(base->err, ERR_UNPROCESSABLE, _("%s line %lu: %s"),
			name, (unsigned long)XML_GetCurrentLineNumber(base->p),
			XML_ErrorString(XML_GetErrorCode(base->p)));
done:
	free(chunk);
	return rc;
}

/* Streams part `name` into the parser; *found false when it is absent. */
static int read_part(zip_t *za, const char *name, struct parse_base *base,
		     size_t max, bool *found)
{
	zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	zip_file_t *zf;
	int rc;

	*found = idx >= 0;
	if (idx < 0)
		return 0;
	zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_set(base->err, ERR_UNPROCESSABLE,
			       _("cannot unpack %s from the workbook"), name);
	rc = feed(zf, name, base, max);
	zip_fclose(zf);
	return rc;
}

/* ---- xl/workbook.xml and its relationships ---- */

struct sheet_ref {
	char *name, *rid, *path;
};

struct workbook_ctx {
	struct parse_base base;
	struct sheet_ref *sheets;
	size_t n;
	bool date1904;
};

static void XMLCALL wb_start(void *arg, const XML_Char *el,
			     const XML_Char **atts)
{
	struct workbook_ctx *c = arg;
	const char *name = local_name(el);

	if (!strcmp(name, "workbookPr")) {
		const char *v = attr(atts, "date1904", false);

		c->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(name, "sheet")) {
		const char *n = attr(atts, "name", false);
		const char *rid = attr(atts, "id", true);

		if (!n || !rid) {
			base_fail(&c->base, _("xl/workbook.xml names a sheet "
					      "without a name or a part"));
			return;
		}
		if (c->n >= MAX_SHEETS) {
			base_fail(&c->base, _("more than %d sheets"),
				  MAX_SHEETS);
			return;
		}
		c->sheets =
		    xrealloc(c->sheets, (c->n + 1) * sizeof(*c->sheets));
		c->sheets[c->n++] = (struct sheet_ref){ xstrdup(n),
							 xstrdup(rid), NULL };
	}
}

static void XMLCALL rels_start(void *arg, const XML_Char *el,
			       const XML_Char **atts)
{
	struct workbook_ctx *c = arg;
	const char *id, *target;

	if (strcmp(local_name(el), "Relationship"))
		return;
	id = attr(atts, "Id", false);
	target = attr(atts, "Target", false);
	if (!id || !target)
		return;
	for (size_t i = 0; i < c->n; i++) {
		struct buf path = BUF_INIT;

		if (strcmp(c->sheets[i].rid, id) || c->sheets[i].path)
			continue;
		/* Targets are relative to xl/, or absolute in the package. */
		if (target[0] == '/')
			buf_addstr(&path, target + 1);
		else
			buf_addf(&path, "xl/%s", target);
		c->sheets[i].path = buf_detach(&path, NULL);
	}
}

static void workbook_release(struct workbook_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->sheets[i].name);
		free(c->sheets[i].rid);
		free(c->sheets[i].path);
	}
	free(c->sheets);
}

static int parse_into(zip_t *za, const char *part, void *ctx,
		      struct parse_base *base, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text,
		      size_t max, bool *found)
{
	int rc;

	if (!parser_new(base, ctx))
		return err_set(base->err, ERR_INTERNAL, "out of memory");
	XML_SetElementHandler(base->p, start, end);
	XML_SetCharacterDataHandler(base->p, text);
	rc = read_part(za, part, base, max, found);
	XML_ParserFree(base->p);
	base->p = NULL;
	return rc;
}

static int read_workbook(zip_t *za, struct workbook_ctx *c, size_t max,
			 struct err *err)
{
	bool found;

	c->base.err = err;
	if (parse_into(za, "xl/workbook.xml", c, &c->base, wb_start, NULL,
		       NULL, max, &found) < 0)
		return -1;
	if (!found || c->n == 0)
		return err_set(err, ERR_UNPROCESSABLE,
			       _("not an .xlsx workbook: it has no "
				 "xl/workbook.xml with sheets"));
	if (parse_into(za, "xl/_rels/workbook.xml.rels", c, &c->base,
		       rels_start, NULL, NULL, max, &found) < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		char fallback[48];

		if (c->sheets[i].path)
			continue;
		/* No relationships part: the usual names, in order. */
		snprintf(fallback, sizeof(fallback),
			 "xl/worksheets/sheet%zu.xml", i + 1);
		c->sheets[i].path = xstrdup(fallback);
	}
	return 0;
}

/* ---- xl/sharedStrings.xml ---- */

struct sst_ctx {
	struct parse_base base;
	char **items;
	size_t n, alloc;
	struct buf cur;
	bool in_si, in_t;
	int rph;	/* inside phonetic runs, which are not the text */
};

static void XMLCALL sst_start(void *arg, const XML_Char *el,
			      const XML_Char **atts)
{
	struct sst_ctx *c = arg;
	const char *name = local_name(el);

	(void)atts;
	if (!strcmp(name, "si")) {
		c->in_si = true;
		buf_reset(&c->cur);
	} else if (!strcmp(name, "rPh")) {
		c->rph++;
	} else if (!strcmp(name, "t") && c->in_si && !c->rph) {
		c->in_t = true;
	}
}

static void XMLCALL sst_end(void *arg, const XML_Char *el)
{
	struct sst_ctx *c = arg;
	const char *name = local_name(el);

	if (!strcmp(name, "t")) {
		c->in_t = false;
	} else if (!strcmp(name, "rPh")) {
		c->rph--;
	} else if (!strcmp(name, "si")) {
		if (c->cur.failed) {
			base_fail(&c->base, _("a shared string is longer "
					      "than Excel allows"));
			return;
		}
		if (c->n == c->alloc) {
			c->alloc = c->alloc ? 2 * c->alloc : 256;
			c->items = xrealloc(c->items,
					    c->alloc * sizeof(*c->items));
		}
		c->items[c->n++] = unescape(&c->cur);
		c->in_si = false;
	}
}

static void XMLCALL sst_text(void *arg, const XML_Char *s, int len)
{
	struct sst_ctx *c = arg;

	if (c->in_t)
		buf_add(&c->cur, s, (size_t)len);
}

static void sst_release(struct sst_ctx *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->items[i]);
	free(c->items);
	buf_release(&c->cur);
}

static int read_sst(zip_t *za, struct sst_ctx *c, size_t max,
		    struct err *err)
{
	bool found;

	c->base.err = err;
	buf_init(&c->cur, TEXT_CAP);
	return parse_into(za, "xl/sharedStrings.xml", c, &c->base, sst_start,
			  sst_end, sst_text, max, &found);
}

/* ---- one worksheet ---- */

enum cell_kind { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL,
		 CELL_ERROR, CELL_ISO_DATE };

struct sheet_ctx {
	struct parse_base base;
	const struct xlsx_read_opts *opts;
	const struct sst_ctx *sst;
	bool date1904;
	struct xlsx_table *t;
	struct xlsx_row row;	/* the row being read */
	size_t last_row, col;
	enum cell_kind kind;
	struct buf v, is;	/* <v> text; inline string text */
	bool in_row, in_cell, in_v, in_is, in_t;
	int rph;
};

static void sheet_fail_at(struct sheet_ctx *c, const char *what)
{
	char col[8];

	xlsx_column_name(c->col, col);
	base_fail(&c->base, _("sheet \"%s\", row %zu, column %s: %s"),
		  c->t->name, c->row.number, col, what);
}

/* Column number from a reference such as "AB12"; 0 when there is none. */
static size_t ref_column(const char *ref)
{
	size_t col = 0;

	for (; ref && *ref >= 'A' && *ref <= 'Z'; ref++) {
		col = col * 26 + (size_t)(*ref - 'A' + 1);
		if (col > 1000000)
			return 0;
	}
	return col;
}

static enum cell_kind cell_kind(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return CELL_NUMBER;
	if (!strcmp(t, "s"))
		return CELL_SHARED;
	if (!strcmp(t, "inlineStr"))
		return CELL_INLINE;
	if (!strcmp(t, "b"))
		return CELL_BOOL;
	if (!strcmp(t, "e"))
		return CELL_ERROR;
	if (!strcmp(t, "d"))
		return CELL_ISO_DATE;
	return CELL_STR;
}

static void row_start(struct sheet_ctx *c, const char **atts)
{
	const char *r = attr(atts, "r", false);
	int64_t n;

	if (c->in_row) {
		/* No writer nests rows; starting afresh would lose the cells
		 * of the row still open (read_sheet frees them). */
		c->col = 1;
		sheet_fail_at(c, _("a row inside a row; the sheet is damaged"));
		return;
	}
	memset(&c->row, 0, sizeof(c->row));
	c->row.number = c->last_row + 1;
	if (r && parse_int64(r, 1, 1048576, &n, NULL) == 0)
		c->row.number = (size_t)n;
	c->last_row = c->row.number;
	c->col = 0;
	c->in_row = true;
}

static void cell_start(struct sheet_ctx *c, const char **atts)
{
	size_t col = ref_column(attr(atts, "r", false));
	size_t max = c->opts->max_columns ? c->opts->max_columns
					  : LIMIT_CSV_COLUMNS;

	c->col = col ? col : c->col + 1;
	c->kind = cell_kind(attr(atts, "t", false));
	buf_reset(&c->v);
	buf_reset(&c->is);
	c->in_cell = true;
	if (c->col > max)
		sheet_fail_at(c, _("too many columns for an import"));
}

static bool date_column(struct sheet_ctx *c)
{
	const struct xlsx_row *h = c->t->nrows ? &c->t->rows[0] : NULL;
	const char *name;

	if (!c->opts->is_date_column || !h || c->col > h->ncells)
		return false;
	name = h->cells[c->col - 1];
	return name && c->opts->is_date_column(c->t->name, name,
					       c->opts->arg);
}

/* The text of the finished cell; NULL for an empty one. */
static char *cell_text(struct sheet_ctx *c)
{
	const char *v = buf_cstr(&c->v);
	char date[11];
	int64_t i;
	double d;

	switch (c->kind) {
	case CELL_SHARED:
		if (parse_int64(v, 0, INT64_MAX, &i, NULL) < 0 ||
		    (size_t)i >= c->sst->n) {
			sheet_fail_at(c, _("refers to a shared string that "
					   "is not there"));
			return NULL;
		}
		return xstrdup(c->sst->items[i]);
	case CELL_INLINE:
		return unescape(&c->is);
	case CELL_BOOL:
		return xstrdup(strcmp(v, "0") ? "true" : "false");
	case CELL_ISO_DATE:
		return xstrndup(v, 10);
	case CELL_STR:
	case CELL_ERROR:
		return unescape(&c->v);
	case CELL_NUMBER:
		break;
	}
	if (date_column(c) && parse_double(v, &d, NULL) == 0 &&
	    xlsx_serial_to_date(d, c->date1904, date) == 0)
		return xstrdup(date);
	return number_text(v);
}

static void cell_end(struct sheet_ctx *c)
{
	char *text;

	c->in_cell = false;
	if (c->v.failed || c->is.failed) {
		sheet_fail_at(c, _("the cell holds more than Excel allows"));
		return;
	}
	if (c->kind == CELL_INLINE ? !c->is.len : !c->v.len)
		return;
	text = cell_text(c);
	if (!text)
		return;
	if (c->col > c->row.ncells) {
		c->row.cells = xrealloc(c->row.cells,
					c->col * sizeof(*c->row.cells));
		for (size_t k = c->row.ncells; k < c->col; k++)
			c->row.cells[k] = NULL;
		c->row.ncells = c->col;
	}
	free(c->row.cells[c->col - 1]);
	c->row.cells[c->col - 1] = text;
}

static void row_end(struct sheet_ctx *c)
{
	struct xlsx_table *t = c->t;
	size_t max = c->opts->max_rows ? c->opts->max_rows
				       : LIMIT_CSV_ROWS + 1;

	c->in_row = false;
	if (c->row.ncells == 0)
		return;	/* a row of formatting only */
	if (t->nrows >= max) {
		sheet_fail_at(c, _("too many rows for an import"));
		goto drop;
	}
	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->rows = xrealloc(t->rows, t->alloc * sizeof(*t->rows));
	}
	t->rows[t->nrows++] = c->row;
	memset(&c->row, 0, sizeof(c->row));
	return;
drop:
	for (size_t k = 0; k < c->row.ncells; k++)
		free(c->row.cells[k]);
	free(c->row.cells);
	memset(&c->row, 0, sizeof(c->row));
}

static void XMLCALL sheet_start(void *arg, const XML_Char *el,
				const XML_Char **atts)
{
	struct sheet_ctx *c = arg;
	const char *name = local_name(el);

	if (!strcmp(name, "row"))
		row_start(c, atts);
	else if (!strcmp(name, "c") && c->in_row)
		cell_start(c, atts);
	else if (!strcmp(name, "v") && c->in_cell)
		c->in_v = true;
	else if (!strcmp(name, "is") && c->in_cell)
		c->in_is = true;
	else if (!strcmp(name, "rPh"))
		c->rph++;
	else if (!strcmp(name, "t") && c->in_is && !c->rph)
		c->in_t = true;
}

static void XMLCALL sheet_end(void *arg, const XML_Char *el)
{
	struct sheet_ctx *c = arg;
	const char *name = local_name(el);

	if (!strcmp(name, "v"))
		c->in_v = false;
	else if (!strcmp(name, "t"))
		c->in_t = false;
	else if (!strcmp(name, "is"))
		c->in_is = false;
	else if (!strcmp(name, "rPh"))
		c->rph--;
	else if (!strcmp(name, "c") && c->in_cell)
		cell_end(c);
	else if (!strcmp(name, "row") && c->in_row)
		row_end(c);
}

static void XMLCALL sheet_text(void *arg, const XML_Char *s, int len)
{
	struct sheet_ctx *c = arg;

	if (c->in_v && !c->in_is)
		buf_add(&c->v, s, (size_t)len);
	else if (c->in_t)
		buf_add(&c->is, s, (size_t)len);
}

static int read_sheet(zip_t *za, const struct sheet_ref *ref,
		      const struct xlsx_read_opts *opts,
		      const struct sst_ctx *sst, bool date1904, size_t max,
		      struct xlsx_table *t, struct err *err)
{
	struct sheet_ctx c;
	bool found;
	int rc;

	memset(&c, 0, sizeof(c));
	c.base.err = err;
	c.opts = opts;
	c.sst = sst;
	c.date1904 = date1904;
	c.t = t;
	t->name = xstrdup(ref->name);
	buf_init(&c.v, TEXT_CAP);
	buf_init(&c.is, TEXT_CAP);
	rc = parse_into(za, ref->path, &c, &c.base, sheet_start, sheet_end,
			sheet_text, max, &found);
	if (rc == 0 && !found)
		rc = err_set(err, ERR_UNPROCESSABLE,
			     _("the sheet \"%s\" has no part %s in the "
			       "workbook"),
			     ref->name, ref->path);
	for (size_t k = 0; k < c.row.ncells; k++)
		free(c.row.cells[k]);
	free(c.row.cells);
	buf_release(&c.v);
	buf_release(&c.is);
	return rc;
}

/* ---- the whole book ---- */

static int read_book(zip_t *za, const struct xlsx_read_opts *opts,
		     struct xlsx_book *out, struct err *err)
{
	size_t max = opts->max_part ? opts->max_part : DEFAULT_MAX_PART;
	struct workbook_ctx wb;
	struct sst_ctx sst;
	size_t n;
	int rc = -1;

	memset(&wb, 0, sizeof(wb));
	memset(&sst, 0, sizeof(sst));
	if (read_workbook(za, &wb, max, err) < 0 ||
	    read_sst(za, &sst, max, err) < 0)
		goto done;
	n = opts->first_only ? 1 : wb.n;
	out->sheets = xcalloc(n, sizeof(*out->sheets));
	for (size_t i = 0; i < n; i++) {
		out->nsheets = i + 1;
		if (read_sheet(za, &wb.sheets[i], opts, &sst, wb.date1904, max,
			       &out->sheets[i], err) < 0)
			goto done;
	}
	rc = 0;
done:
	workbook_release(&wb);
	sst_release(&sst);
	return rc;
}

int xlsx_read(const void *data, size_t len, const struct xlsx_read_opts *opts,
	      struct xlsx_book *out, struct err *err)
{
	static const struct xlsx_read_opts defaults = XLSX_READ_OPTS_INIT;
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	int rc;

	memset(out, 0, sizeof(*out));
	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
	if (!za) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return err_set(err, ERR_UNPROCESSABLE,
			       _("not an .xlsx workbook (not a readable zip "
				 "file)"));
	}
	zip_error_fini(&zerr);
	rc = read_book(za, opts ? opts : &defaults, out, err);
	zip_discard(za);	/* also frees src */
	return rc;
}

void xlsx_book_release(struct xlsx_book *b)
{
	for (size_t s = 0; s < b->nsheets; s++) {
		struct xlsx_table *t = &b->sheets[s];

		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t k = 0; k < t->rows[r].ncells; k++)
				free(t->rows[r].cells[k]);
			free(t->rows[r].cells);
		}
		free(t->rows);
		free(t->name);
	}
	free(b->sheets);
	b->sheets = NULL;
	b->nsheets = 0;
}
