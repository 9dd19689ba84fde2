/*
 * formats/csv.h: a row iterator over CSV text held in memory (libcsv
 * underneath). Used for observation imports (period,value[,breakdown...])
 * and for `import-sheet FILE.csv`; it knows nothing about either: it hands
 * out rows of NUL-terminated UTF-8 fields and says where each one sits.
 *
 * What it accepts:
 *   - separator ',' or ';' (opts.sep), or auto-detected from the first
 *     line: ';' when that line has more semicolons than commas outside
 *     quotes, else ',' (a header never holds a decimal comma);
 *   - an optional UTF-8 byte order mark, which is skipped;
 *   - RFC 4180 quoting: "a,b", "say ""hi""", line breaks inside quotes;
 *   - line ends \n, \r\n or \r; blank lines are skipped (they still count
 *     as rows, so row numbers match what a spreadsheet shows);
 *   - spaces and tabs around unquoted fields are trimmed (libcsv default).
 * What it refuses (next returns -1): bytes that are not valid UTF-8, a
 * stray quote inside an unquoted field or after a closing quote, a quote
 * left open at the end, more than opts.max_rows rows or opts.max_columns
 * columns, a field longer than opts.max_field bytes.
 *
 * Positions: rows and columns are 1-based. The row is the physical line on
 * which a record starts (the header is row 1 unless blank lines precede
 * it); the column is the field's index in its record plus one. Every error
 * message starts with "row R, column C: " and csv_reader_error_pos() gives
 * the same numbers, so callers can print FILE:ROW:COLUMN.
 *
 * Ownership: the reader borrows `text` (it must outlive the reader) and
 * owns the fields it returns; they stay valid until the next call to
 * csv_reader_next() or csv_reader_free().
 *
 * Names: libcsv already exports csv_init, csv_free, csv_parse...; this
 * module's symbols all start with csv_reader_ to stay clear of them.
 */
#ifndef VEIKART_FORMATS_CSV_H
#define VEIKART_FORMATS_CSV_H

#include <stddef.h>

#include "util/err.h"

struct csv_reader;

struct csv_reader_opts {
	char sep;	 /* ',' or ';'; 0 = auto-detect */
	size_t max_rows; /* records, header included; 0 = LIMIT_CSV_ROWS + 1 */
	size_t max_columns; /* 0 = LIMIT_CSV_COLUMNS */
	size_t max_field;   /* bytes in one field; 0 = LIMIT_TEXT_BYTES */
};

#define CSV_READER_OPTS_INIT                                                   \
	{                                                                      \
		0, 0, 0, 0                                                     \
	}

/*
 * Starts reading `len` bytes of `text` (need not be NUL-terminated). opts
 * may be NULL (all defaults). Returns a reader the caller frees with
 * csv_reader_free(), or NULL with err set (ERR_INVALID: bad separator
 * option). Empty text is fine: the first next() returns 0.
 */
struct csv_reader *csv_reader_open(const char *text, size_t len,
				   const struct csv_reader_opts *opts,
				   struct err *err);

/*
 * Reads the next record. Returns 1 and sets *fields to an array of *n
 * NUL-terminated strings (n >= 1; an empty field is ""), 0 at the end of
 * the text, or -1 with err set (ERR_UNPROCESSABLE, message prefixed
 * "row R, column C: ") on malformed input or a passed limit. After -1 the
 * reader is finished: further calls return -1 again with the same error.
 */
int csv_reader_next(struct csv_reader *r, const char *const **fields, size_t *n,
		    struct err *err);

/* Row (1-based) of the record that csv_reader_next() last returned. */
size_t csv_reader_row(const struct csv_reader *r);

/* Row and column (1-based) of the error csv_reader_next() reported. */
void csv_reader_error_pos(const struct csv_reader *r, size_t *row,
			  size_t *column);

/* The separator in use (after auto-detection): ',' or ';'. */
char csv_reader_sep(const struct csv_reader *r);

/* Bytes of text consumed so far (for progress bars). */
size_t csv_reader_offset(const struct csv_reader *r);

/* Frees the reader and its fields; NULL is a no-op. */
void csv_reader_free(struct csv_reader *r);

#endif
