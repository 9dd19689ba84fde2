/*
 * formats/xlsx_write.h: an Excel workbook (.xlsx) from plain data, through
 * libxlsxwriter. A workbook is a list of sheets; a sheet is a header row
 * (column names) and rows of typed cells. Every sheet gets its header row
 * frozen, an autofilter over header and data, column widths fitted to the
 * contents, numbers written as numbers, whole dates (YYYY-MM-DD) as real
 * dates with a date format, and booleans as booleans.
 *
 * It decides nothing about what goes in the sheets, and touches nothing but
 * the file path the caller gives (libxlsxwriter only writes files; it also
 * uses unnamed temporary files while it works).
 *
 * Ownership: a sheet owns copies of its name, column names and cell texts;
 * xlsx_sheet_release frees them. Nothing is borrowed after a call returns.
 */
#ifndef VEIKART_FORMATS_XLSX_WRITE_H
#define VEIKART_FORMATS_XLSX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/err.h"

/* Excel's limits: 31 characters in a sheet name, 32767 in a cell. */
#define XLSX_SHEET_NAME_MAX 31
#define XLSX_CELL_TEXT_MAX 32767

enum xlsx_cell_type {
	XLSX_EMPTY = 0,
	XLSX_TEXT,
	XLSX_NUMBER,
	XLSX_DATE,	/* text holds YYYY-MM-DD */
	XLSX_BOOL,
};

struct xlsx_cell {
	enum xlsx_cell_type type;
	char *text;	/* XLSX_TEXT, XLSX_DATE: owned */
	double number;	/* XLSX_NUMBER; XLSX_BOOL: 0 or 1 */
};

struct xlsx_sheet {
	char *name;
	char **columns;	/* header row, ncolumns names */
	size_t ncolumns;
	struct xlsx_cell *cells;	/* nrows * ncolumns, row by row */
	size_t nrows, alloc;
};

/* A sheet called `name` with these column names, and no rows yet. */
void xlsx_sheet_init(struct xlsx_sheet *s, const char *name,
		     const char *const *columns, size_t ncolumns);
/* Appends an empty row; returns its ncolumns cells (valid until the next
 * add_row). */
struct xlsx_cell *xlsx_sheet_add_row(struct xlsx_sheet *s);
void xlsx_sheet_release(struct xlsx_sheet *s);

/* Cell setters; text is copied. A date that is not a whole YYYY-MM-DD
 * becomes text. */
void xlsx_cell_text(struct xlsx_cell *c, const char *text);
void xlsx_cell_number(struct xlsx_cell *c, double v);
void xlsx_cell_date(struct xlsx_cell *c, const char *ymd);
void xlsx_cell_bool(struct xlsx_cell *c, bool v);

struct xlsx_props {
	const char *title;	/* document title, or NULL */
	const char *author;	/* or NULL */
	time_t created;		/* 0: now; fixed values give the same bytes */
};

/*
 * Writes the sheets to `path` (replacing a file there). props may be NULL.
 * Fails with ERR_INVALID for a bad sheet name (empty, too long, one of
 * []:*?/\, repeated) and ERR_IO when the file cannot be written.
 */
int xlsx_write(const char *path, const struct xlsx_sheet *sheets,
	       size_t nsheets, const struct xlsx_props *props,
	       struct err *err);

#endif
