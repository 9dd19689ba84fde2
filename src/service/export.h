/*
 * service/export.h: writing the database out in the interchange format
 * (JSON, which `import` reads back to the same content) or one collection as
 * CSV. Output goes to a caller-owned FILE; nothing is written to the
 * database.
 */
#ifndef VEIKART_SERVICE_EXPORT_H
#define VEIKART_SERVICE_EXPORT_H

#include <stdio.h>

#include "store/store.h"

/* All collections, or only `collection` when not NULL. */
int service_export_json(struct store *st, const char *collection, FILE *out,
			struct err *err);
/* One collection as CSV (RFC 4180, UTF-8, header row). */
int service_export_csv(struct store *st, const char *collection, FILE *out,
		       struct err *err);

#endif
