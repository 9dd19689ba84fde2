/*
 * service/export.h: writing the database out in the interchange format
 * (JSON, which `import` reads back to the same content) or one collection as
 * CSV. Output goes to a caller-owned FILE; nothing is written to the
 * database.
 */
#ifndef VEIKART_SERVICE_EXPORT_H
#define VEIKART_SERVICE_EXPORT_H

#include <jansson.h>
#include <stdio.h>

#include "model/entity.h"
#include "store/store.h"
#include "util/buf.h"

/* All collections, or only `collection` when not NULL. */
int service_export_json(struct store *st, const char *collection, FILE *out,
			struct err *err);
/*
 * Appends `records` (a JSON array of records of e, interchange shape) to
 * out as CSV exactly as service_export_csv writes a collection: header
 * row, CRLF line ends, long free text left out, lists as compact JSON.
 */
void service_export_csv_records(const struct entity_desc *e, json_t *records,
				struct buf *out);
/* One collection as CSV (RFC 4180, UTF-8, header row). */
int service_export_csv(struct store *st, const char *collection, FILE *out,
		       struct err *err);

#endif
