/*
 * service/record.h: checks one record (a jansson object in interchange
 * shape) against its entity descriptor: required fields, types, limits,
 * enums, dates, periods, organisation numbers, unknown fields, children and
 * their uniqueness, and that references point at something. Used by import
 * and, later, by the write API, so both accept exactly the same data.
 *
 * Pure: whether a referenced id exists is asked through `ref_exists`.
 */
#ifndef VEIKART_SERVICE_RECORD_H
#define VEIKART_SERVICE_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "model/entity.h"
#include "util/problems.h"

struct record_refs {
	/* True when `id` names a record of collection `coll`. */
	bool (*exists)(void *ctx, const char *coll, const char *id);
	void *ctx;
};

/*
 * Appends a problem for every wrong field; `path` is the record's own path
 * ("measures[3]"), prefixed to each field. Returns the number of problems
 * found in this record.
 */
size_t record_check(const struct entity_desc *e, json_t *rec,
		    const char *path, const struct record_refs *refs,
		    struct problems *out);

#endif
