/*
 * formats/xlsx_write.c: workbooks through libxlsxwriter (see xlsx_write.h).
 * It must not decide content or open anything but the caller's path; the
 * sheets own their strings, and everything libxlsxwriter allocates is freed
 * by workbook_close on every path.
 */
#include "formats/xlsx_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Column widths in Excel's units (about one digit each). */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

void xlsx_sheet_init(struct xlsx_sheet *s, const char *name,
		     const char *const *columns, size_t ncolumns)
{
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->ncolumns = ncolumns;
	s->columns = xcalloc(ncolumns ? ncolumns : 1, sizeof(*s->columns));
	for (size_t i = 0; i < ncolumns; i++)
		s->columns[i] = xstrdup(columns[i]);
}

struct xlsx_cell *xlsx_sheet_add_row(struct xlsx_sheet *s)
{
	struct xlsx_cell *row;

	if (s->nrows == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 16;
		s->cells = xrealloc(s->cells, s->alloc * (s->ncolumns + 1) *
						      sizeof(*s->cells));
	}
	row = s->cells + s->nrows * s->ncolumns;
	memset(row, 0, s->ncolumns * sizeof(*row));
	s->nrows++;
	return row;
}

void xlsx_sheet_release(struct xlsx_sheet *s)
{
	for (size_t i = 0; i < s->nrows * s->ncolumns; i++)
		free(s->cells[i].text);
	for (size_t i = 0; i < s->ncolumns; i++)
		free(s->columns[i]);
	free(s->cells);
	free(s->columns);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

static void cell_clear(struct xlsx_cell *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}

void xlsx_cell_text(struct xlsx_cell *c, const char *text)
{
	cell_clear(c);
	if (!text)
		return;
	c->type = XLSX_TEXT;
	c->text = xstrdup(text);
}

void xlsx_cell_number(struct xlsx_cell *c, double v)
{
	cell_clear(c);
	c->type = XLSX_NUMBER;
	c->number = v;
}

static bool is_whole_date(const char *s, lxw_datetime *out)
{
	int y, m, d, n = 0;

	if (!s || strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return false;
	/* Excel's calendar starts in 1900. */
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (out)
		*out = (lxw_datetime){ y, m, d, 0, 0, 0 };
	return true;
}

void xlsx_cell_date(struct xlsx_cell *c, const char *ymd)
{
	xlsx_cell_text(c, ymd);
	if (ymd && is_whole_date(ymd, NULL))
		c->type = XLSX_DATE;
}

void xlsx_cell_bool(struct xlsx_cell *c, bool v)
{
	cell_clear(c);
	c->type = XLSX_BOOL;
	c->number = v;
}

/* Characters (not bytes) of the first line of s. */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s && *s != '\n'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t cell_width(const struct xlsx_cell *c)
{
	char num[64];

	switch (c->type) {
	case XLSX_TEXT:
		return text_width(c->text);
	case XLSX_NUMBER:
		snprintf(num, sizeof(num), "%.15g", c->number);
		return strlen(num);
	case XLSX_DATE:
		return 10;
	case XLSX_BOOL:
		return 5;
	default:
		return 0;
	}
}

static double column_width(const struct xlsx_sheet *s, size_t col)
{
	size_t w = text_width(s->columns[col]) + 3;	/* the filter button */

	for (size_t r = 0; r < s->nrows; r++) {
		size_t cw = cell_width(&s->cells[r * s->ncolumns + col]) + 1;

		if (cw > w)
			w = cw;
	}
	if (w < WIDTH_MIN)
		w = WIDTH_MIN;
	if (w > WIDTH_MAX)
		w = WIDTH_MAX;
	return (double)w;
}

static bool bad_sheet_name(const char *name)
{
	size_t n = text_width(name);

	return n == 0 || n > XLSX_SHEET_NAME_MAX || strpbrk(name, "[]:*?/\\") ||
	       strchr(name, '\n');
}

static int check_sheets(const struct xlsx_sheet *sheets, size_t n,
			struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (bad_sheet_name(sheets[i].name))
			return err_set(err, ERR_INVALID,
				       _("\"%s\" cannot name a sheet: 1 to 31 "
					 "characters, none of []:*?/\\"),
				       sheets[i].name);
		for (size_t k = 0; k < i; k++)
			if (!strcasecmp(sheets[k].name, sheets[i].name))
				return err_set(err, ERR_INVALID,
					       _("two sheets are called %s"),
					       sheets[i].name);
	}
	return 0;
}

struct formats {
	lxw_format *header, *date;
};

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
	       (c >= 'a' && c <= 'f');
}

/*
 * Readers take "_xHHHH_" in a cell as an escaped character (that is how
 * libxlsxwriter writes control characters), so a literal one must have
 * its underscore escaped as _x005F_. NULL when s needs nothing.
 */
static char *escape_literal_x(const char *s)
{
	struct buf b = BUF_INIT;
	bool any = false;

	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x' && is_hex(p[2]) &&
		    is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]) &&
		    p[6] == '_') {
			buf_addstr(&b, "_x005F_");	/* the '_' itself */
			any = true;
			continue;
		}
		buf_addch(&b, *p);
	}
	if (!any) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			    const char *text)
{
	char *escaped = escape_literal_x(text);
	lxw_error rc = worksheet_write_string(ws, r, c,
					      escaped ? escaped : text, NULL);

	free(escaped);
	return rc;
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			    const struct xlsx_cell *cell,
			    const struct formats *f)
{
	lxw_datetime dt;

	switch (cell->type) {
	case XLSX_TEXT:
		return write_text(ws, r, c, cell->text);
	case XLSX_NUMBER:
		return worksheet_write_number(ws, r, c, cell->number, NULL);
	case XLSX_DATE:
		is_whole_date(cell->text, &dt);
		return worksheet_write_datetime(ws, r, c, &dt, f->date);
	case XLSX_BOOL:
		return worksheet_write_boolean(ws, r, c, cell->number != 0,
					       NULL);
	default:
		return LXW_NO_ERROR;
	}
}

static lxw_error write_sheet(lxw_workbook *wb, const struct xlsx_sheet *s,
			     const struct formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
	lxw_error rc = LXW_NO_ERROR;

	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (size_t c = 0; c < s->ncolumns && !rc; c++) {
		rc = worksheet_write_string(ws, 0, (lxw_col_t)c,
					    s->columns[c], f->header);
		if (!rc)
			rc = worksheet_set_column(ws, (lxw_col_t)c,
						  (lxw_col_t)c,
						  column_width(s, c), NULL);
	}
	for (size_t r = 0; r < s->nrows && !rc; r++)
		for (size_t c = 0; c < s->ncolumns && !rc; c++)
			rc = write_cell(ws, (lxw_row_t)r + 1, (lxw_col_t)c,
					&s->cells[r * s->ncolumns + c], f);
	if (rc || s->ncolumns == 0)
		return rc;
	worksheet_freeze_panes(ws, 1, 0);
	return worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->nrows,
				    (lxw_col_t)(s->ncolumns - 1));
}

static void set_props(lxw_workbook *wb, const struct xlsx_props *props)
{
	lxw_doc_properties p;

	if (!props)
		return;
	memset(&p, 0, sizeof(p));
	/* libxlsxwriter copies the strings and never writes through them. */
	p.title = (char *)props->title;
	p.author = (char *)props->author;
	p.created = props->created;
	workbook_set_properties(wb, &p);
}

int xlsx_write(const char *path, const struct xlsx_sheet *sheets,
	       size_t nsheets, const struct xlsx_props *props,
	       struct err *err)
{
	lxw_workbook *wb;
	struct formats f;
	lxw_error rc = LXW_NO_ERROR, closed;

	if (check_sheets(sheets, nsheets, err) < 0)
		return -1;
	wb = workbook_new(path);
	if (!wb)
		return err_set(err, ERR_IO, _("cannot create the workbook %s"),
			       path);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	set_props(wb, props);
	for (size_t i = 0; i < nsheets && !rc; i++)
		rc = write_sheet(wb, &sheets[i], &f);
	closed = workbook_close(wb);	/* frees wb, also after an error */
	if (rc)
		return err_set(err, rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED
					    ? ERR_INVALID
					    : ERR_IO,
			       _("cannot write the workbook: %s"),
			       lxw_strerror(rc));
	if (closed)
		return err_set(err, ERR_IO, _("cannot write %s: %s"), path,
			       lxw_strerror(closed));
	return 0;
}
