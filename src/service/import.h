/*
 * service/import.h: loading interchange JSON (docs/data-format.md) into the
 * database. All or nothing: the file is parsed and every record checked
 * before anything is written, and the writes run in one transaction, so a
 * failed import leaves the database exactly as it was.
 *
 * Imports are made on the command line (`veikart import`, and `veikart
 * init`, whose seed import is the log's first event): each one is audited
 * as one event "import" with no user (the local operator; the detail's
 * "by" names the operating-system account), no entity, and after =
 * {"file", "created", "updated", "collections": {name: records}}.
 */
#ifndef VEIKART_SERVICE_IMPORT_H
#define VEIKART_SERVICE_IMPORT_H

#include <stddef.h>

#include "store/store.h"
#include "util/problems.h"

struct import_result {
	size_t created;
	size_t updated;	/* existing ids written again (maybe unchanged) */
};

/*
 * Imports `len` bytes of `text`; `name` (the file name) is used in
 * messages and the audit event. On failure returns -1: err has a summary (ERR_INVALID for bad
 * JSON, ERR_UNPROCESSABLE for bad records, ERR_TOO_LARGE, ERR_BUSY, ...)
 * and `probs` (may be NULL) one entry per wrong field, with line and column.
 */
int service_import(struct store *st, const char *name, const char *text,
		   size_t len, struct import_result *res,
		   struct problems *probs, struct err *err);

/* The built-in dataset compiled into the program (data/seed.json). */
const char *service_seed_json(size_t *len);

#endif
