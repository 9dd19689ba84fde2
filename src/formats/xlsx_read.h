/*
 * formats/xlsx_read.h: reads the worksheets of an .xlsx workbook (Office
 * Open XML, as Excel, LibreOffice and libxlsxwriter write it) into rows of
 * strings that know their row and column numbers. libzip opens the zip in
 * memory; expat reads xl/workbook.xml (sheet names and order), its
 * relationships, xl/sharedStrings.xml and each xl/worksheets/sheetN.xml.
 *
 * Cells come out as text, whatever their type in the file:
 *   shared and inline strings   as written (Excel's _xHHHH_ escapes decoded)
 *   numbers                     shortest text that reads back to the same
 *                               double: 40, 25.9, 1e+21
 *   booleans                    "true" or "false"
 *   formulas                    their cached result
 *   errors                      as Excel shows them (#N/A)
 *   dates                       Excel keeps a date as a day count (serial);
 *                               in a column the caller calls a date column
 *                               (by its header, see opts) a whole serial
 *                               becomes YYYY-MM-DD (1900 and 1904 calendars)
 * Empty cells are NULL. The first row that has cells is the header row.
 *
 * Pure: it reads only the bytes given, writes nothing. A DOCTYPE is refused
 * (no entity tricks), and every part is read in pieces with a cap on its
 * unpacked size, so a small zip cannot unpack into gigabytes.
 *
 * Ownership: the book owns everything in it; xlsx_book_release frees it.
 */
#ifndef VEIKART_FORMATS_XLSX_READ_H
#define VEIKART_FORMATS_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct xlsx_row {
	size_t number;	/* 1-based, as the spreadsheet shows it */
	char **cells;	/* cells[i] is column i + 1 (A = 1); NULL: empty */
	size_t ncells;
};

struct xlsx_table {
	char *name;	/* the sheet's name */
	struct xlsx_row *rows;	/* rows that have at least one cell */
	size_t nrows, alloc;
};

struct xlsx_book {
	struct xlsx_table *sheets;	/* in the workbook's order */
	size_t nsheets;
};

#define XLSX_BOOK_INIT { NULL, 0 }

struct xlsx_read_opts {
	/* True when the column with this header holds dates; may be NULL. */
	bool (*is_date_column)(const char *sheet, const char *header,
			       void *arg);
	void *arg;
	bool first_only;	/* read only the first sheet */
	size_t max_rows;	/* per sheet; 0: LIMIT_CSV_ROWS + 1 */
	size_t max_columns;	/* 0: LIMIT_CSV_COLUMNS */
	size_t max_part;	/* unpacked bytes of one part; 0: 256 MiB */
};

#define XLSX_READ_OPTS_INIT { NULL, NULL, false, 0, 0, 0 }

/*
 * Reads the workbook in data[0..len) into *out (which the caller releases,
 * also after a failure). opts may be NULL. Errors are ERR_UNPROCESSABLE
 * with a message that says where: "sheet \"measures\", row 5, column C:
 * ..." for a cell, or names the part of the file that is broken.
 */
int xlsx_read(const void *data, size_t len, const struct xlsx_read_opts *opts,
	      struct xlsx_book *out, struct err *err);
void xlsx_book_release(struct xlsx_book *b);

/* Column number (1-based) as letters: 1 -> "A", 28 -> "AB". */
void xlsx_column_name(size_t col, char out[8]);

/*
 * An Excel day count as YYYY-MM-DD (out: 11 bytes). 0 on success; -1 for
 * a count that is not a whole day in 1900..9999 (or Excel's phantom
 * 1900-02-29).
 */
int xlsx_serial_to_date(double serial, bool date1904, char out[11]);

#endif
