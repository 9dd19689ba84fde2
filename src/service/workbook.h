/*
 * service/workbook.h: the strategy workbook (XLSX), and the layout of its
 * sheets, which import-sheet (service/sheet.h) reads back: the same sheet
 * names and the same columns, so a workbook exported, edited and imported
 * changes exactly what was edited.
 *
 * Sheets, in order:
 *   measures          the strategy's measures, every field, then the
 *                     computed columns lead (lead actor's name), status
 *                     (from the latest approved status report), progress
 *                     and last_report (that report's period)
 *   responsibilities  measure, actor, role, note: who leads, contributes,
 *                     is consulted
 *   milestones        measure and the milestone's fields
 *   reports           status reports of those measures (approved ones
 *                     only, unless the reader is signed in)
 *   indicators        indicators of the strategy's goals and measures,
 *                     with the computed column measures (linked ids)
 *   observations      indicator and the observation's fields
 *   focus-areas       the strategy's focus areas
 *   strategies        the strategy itself
 * Computed columns are ignored by import-sheet, and so are the sheets
 * indicators and observations (import-observations loads those).
 *
 * Cells: numbers as numbers, whole dates as dates, true/false as booleans,
 * lists of ids and JSON fields as compact JSON text, everything else as
 * text. Ownership: json arguments are borrowed; buffers are the caller's.
 */
#ifndef VEIKART_SERVICE_WORKBOOK_H
#define VEIKART_SERVICE_WORKBOOK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/entity.h"
#include "model/principal.h"
#include "store/store.h"
#include "util/buf.h"

struct workbook_sheet_def {
	const char *name;		/* sheet name, e.g. "measures" */
	const char *collection;		/* entity the rows belong to */
	const char *child;		/* child of that entity, or NULL */
	const char *parent_column;	/* child sheets: "measure" */
	const char *const *computed;	/* read-only columns; NULL-ended */
	bool importable;		/* import-sheet writes its rows */
};

extern const struct workbook_sheet_def workbook_sheets[];
extern const size_t workbook_nsheets;

/* By sheet name; NULL when unknown. */
const struct workbook_sheet_def *workbook_sheet_find(const char *name);

/* The entity and (for child sheets) child a sheet holds. */
const struct entity_desc *workbook_sheet_entity(
	const struct workbook_sheet_def *d);
const struct child_desc *workbook_sheet_child(
	const struct workbook_sheet_def *d);

/*
 * The field of column `name` in sheet d: *field gets the descriptor, or
 * NULL for the parent column of a child sheet. Returns 1 for a data column,
 * 0 for a computed one, -1 for a column the sheet does not have.
 */
int workbook_column(const struct workbook_sheet_def *d, const char *name,
		    const struct field_desc **field);

/*
 * The indicators of strategy `id`, as records in id order: those its goals
 * measure, and those linked to one of `measure_ids` (an object whose keys
 * are the strategy's measure ids). NULL with err set on a database error.
 */
json_t *service_strategy_indicators(struct store *st, const char *id,
				    json_t *measure_ids, struct err *err);

/*
 * Writes the workbook of strategy `strategy` to `path`. Reports that are
 * not approved appear only for signed-in readers (OP_READ_PRIVATE).
 * ERR_NOT_FOUND for an unknown strategy; ERR_IO when path cannot be
 * written.
 */
int service_workbook_write(struct store *st, const struct principal *who,
			   const char *strategy, const char *path,
			   struct err *err);

/* The same, as bytes appended to out (through a temporary file). */
int service_workbook_bytes(struct store *st, const struct principal *who,
			   const char *strategy, struct buf *out,
			   struct err *err);

/*
 * One sheet named after collection e holding `records` (interchange
 * shape): every field, then each child as JSON text, as the CSV export
 * has them. Appended to out as .xlsx bytes; `modified` (an updated_at
 * such as 2025-09-15T10:00:00Z, or NULL for now) dates the file.
 */
int service_collection_xlsx(const struct entity_desc *e, json_t *records,
			    const char *modified, struct buf *out,
			    struct err *err);

#endif
