/*
 * fuzz/fuzz_xlsx_read.c: libFuzzer target for xlsx_read
 * (formats/xlsx_read.h), which reads workbooks for `import-sheet`.
 *
 * Mutating a zip mostly breaks its checksums, so most inputs would never
 * reach the XML. The first byte therefore picks a mode and the options:
 *   bit 0   0: the rest is the file as it is (the zip layer);
 *           1: the rest is the parts, separated by 0x01 bytes (a byte no
 *              XML may hold), zipped here: xl/workbook.xml,
 *              xl/_rels/workbook.xml.rels, xl/sharedStrings.xml,
 *              xl/worksheets/sheet1.xml, xl/worksheets/sheet2.xml (fewer
 *              pieces leave the later parts out);
 *   bit 1   first sheet only;
 *   bit 2   columns whose header starts with 'd' hold dates;
 *   bit 3   small limits (3 rows, 3 columns, 4 KiB a part).
 *
 * Checked on every run: on success each sheet has a name, at most
 * max_rows rows, each with at least one cell and at most max_columns,
 * every cell NULL or valid UTF-8; on failure a non-empty message. The
 * book is released after failures too, as the header asks.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/xlsx_read.h"
#include "formats/zip_write.h"
#include "model/limits.h"
#include "util/buf.h"
#include "util/parse.h"

#define NPARTS 5

static bool is_utf8(const char *s)
{
	size_t len = strlen(s), i, n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = parse_utf8_char((const unsigned char *)s + i,
				    len - i < 4 ? len - i : 4, &cp);
		if (n == 0)
			return false;
	}
	return true;
}

static bool date_column(const char *sheet, const char *header, void *arg)
{
	(void)arg;
	if (!sheet || !header)
		abort();
	return header[0] == 'd';
}

/* The parts in data[0..size) zipped into out; false when zipping fails. */
static bool zip_parts(const uint8_t *data, size_t size, struct buf *out)
{
	static const char *const names[NPARTS] = {
	    "xl/workbook.xml",		"xl/_rels/workbook.xml.rels",
	    "xl/sharedStrings.xml",	"xl/worksheets/sheet1.xml",
	    "xl/worksheets/sheet2.xml",
	};
	struct zip_write_entry e[NPARTS];
	struct err err = ERR_INIT;
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= size && n < NPARTS; i++) {
		if (i < size && data[i] != 0x01)
			continue;
		e[n] =
		    (struct zip_write_entry){names[n], data + start, i - start};
		n++;
		start = i + 1;
	}
	return zip_write_entries(e, n, 0, out, &err) == 0;
}

static void check_book(const struct xlsx_book *b,
		       const struct xlsx_read_opts *o)
{
	size_t max_rows = o->max_rows ? o->max_rows : LIMIT_CSV_ROWS + 1;
	size_t max_cols = o->max_columns ? o->max_columns : LIMIT_CSV_COLUMNS;

	if (b->nsheets < 1 || (o->first_only && b->nsheets != 1))
		abort();
	for (size_t s = 0; s < b->nsheets; s++) {
		const struct xlsx_table *t = &b->sheets[s];

		if (!t->name || !is_utf8(t->name) || t->nrows > max_rows)
			abort();
		for (size_t r = 0; r < t->nrows; r++) {
			const struct xlsx_row *row = &t->rows[r];

			if (row->ncells < 1 || row->ncells > max_cols ||
			    row->number < 1)
				abort();
			for (size_t c = 0; c < row->ncells; c++)
				if (row->cells[c] && !is_utf8(row->cells[c]))
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_read_opts o = XLSX_READ_OPTS_INIT;
	struct xlsx_book book = XLSX_BOOK_INIT;
	struct err err = ERR_INIT;
	struct buf zip = BUF_INIT;
	const void *bytes;
	size_t len;
	char *copy;

	if (size < 1)
		return 0;
	o.first_only = data[0] & 2;
	if (data[0] & 4)
		o.is_date_column = date_column;
	if (data[0] & 8) {
		o.max_rows = 3;
		o.max_columns = 3;
		o.max_part = 4096;
	}
	if (data[0] & 1) {
		if (!zip_parts(data + 1, size - 1, &zip)) {
			buf_release(&zip);
			return 0;
		}
		bytes = zip.buf;
		len = zip.len;
	} else {
		bytes = data + 1;
		len = size - 1;
	}
	/* Exactly len bytes, so ASan sees a read past the end. */
	copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	memcpy(copy, bytes, len);
	if (xlsx_read(copy, len, &o, &book, &err) == 0)
		check_book(&book, &o);
	else if (!err.msg[0])
		abort();
	xlsx_book_release(&book);
	free(copy);
	buf_release(&zip);
	return 0;
}
