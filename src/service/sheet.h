/*
 * service/sheet.h: import-sheet. A coordinator keeps the plan in a
 * spreadsheet; this reads it back: an .xlsx workbook (every sheet) or one
 * sheet saved as CSV, with the sheets and columns that the strategy
 * workbook has (service/workbook.h), and creates or updates strategies,
 * focus areas, measures, responsibilities, milestones and status reports.
 *
 * Rules:
 *   - Each row is keyed on its stable id (responsibilities on measure,
 *     actor and role; milestones on measure and id): a new id creates, a
 *     known id updates. An id that a deleted record had is refused (ids are
 *     never reused).
 *   - A column present in the sheet sets its field, an empty cell clears it
 *     (to the field's default, where it has one); a column left out keeps
 *     what is stored. Computed columns (lead, status, progress,
 *     last_report, an indicator's measures) are ignored, and so are the
 *     sheets indicators and observations (import-observations loads
 *     those).
 *   - Nothing is deleted: a record, responsibility or milestone missing
 *     from the sheet stays as it is.
 *   - The whole file is one transaction: every row is checked (with the
 *     validation the API and `import` use) before anything is written, and
 *     if any row is rejected nothing is written. Each created or changed
 *     record is one audit event, in that transaction.
 *   - A dry run reads, checks and reports every row the same way, and
 *     writes nothing.
 *
 * Which sheet a CSV file holds: opts->sheet, else a file name that ends in
 * a sheet name (measures.csv, plan-milestones.csv), else the header row
 * (the one sheet whose columns it fits).
 */
#ifndef VEIKART_SERVICE_SHEET_H
#define VEIKART_SERVICE_SHEET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/principal.h"
#include "store/store.h"

struct sheet_opts {
	bool dry_run;
	const char *sheet;	/* which sheet a CSV file is; NULL: guess */
};

/*
 * Imports `len` bytes of `data` (an .xlsx file when it starts as a zip
 * does, else CSV); `name` is the file name, for messages and for guessing
 * the sheet. Coordinators and admins (OP_WRITE_DOMAIN).
 *
 * *result (when the file could be read; the caller json_decref()s it):
 *   {"rows": [{"sheet", "row", "key", "outcome": "created" | "updated" |
 *              "unchanged" | "rejected", "changes": [field, ...],
 *              "reasons": [text, ...]}],
 *    "skipped": [{"sheet", "reason"}],
 *    "created": N, "updated": N, "unchanged": N, "rejected": N,
 *    "written": true|false}
 * Rows are listed in file order; "row" is the spreadsheet's row number.
 *
 * Returns 0 when the import was written (or, for a dry run, would have
 * been). Otherwise -1: ERR_UNPROCESSABLE when rows were rejected (listed
 * in *result) or the file cannot be read (message with sheet, row and
 * column), ERR_TOO_LARGE, ERR_FORBIDDEN, ERR_BUSY, ERR_DB.
 */
int service_sheet_import(struct store *st, const struct principal *who,
			 const char *name, const char *data, size_t len,
			 const struct sheet_opts *opts, json_t **result,
			 struct err *err);

#endif
