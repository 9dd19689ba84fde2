/*
 * store/ref.h: who points at a record, and the soft delete that the write
 * API does once nothing does. A record may be referenced by a field of
 * another record (FT_REF), by a list of ids stored as JSON text
 * (FT_REFLIST), by a child row of another record (a measure's
 * `responsible`), and by a few tables outside the descriptors (a
 * reporter's actors, a measure's closure proposals). Only live records
 * count: a soft-deleted record, and the children of one, refer to nothing.
 *
 * Ownership: returned json_t values are new references for the caller.
 */
#ifndef VEIKART_STORE_REF_H
#define VEIKART_STORE_REF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/entity.h"
#include "store/store.h"

/*
 * The records that refer to record `id` of entity e, at most `max`, as a
 * JSON array of {"collection", "id", "field"}: for a child row, id is its
 * parent's and field is "child.field" ("responsible.actor"); for a user,
 * collection is "users" and id the username. A record's references to
 * itself are left out. Empty array when nothing refers to it; NULL with err
 * set on a database error.
 */
json_t *store_ref_referrers(struct store *st, const struct entity_desc *e,
			    const char *id, size_t max, struct err *err);

/*
 * Marks the live record deleted (deleted_at, updated_at, version + 1). Its
 * children stay, as part of the deleted record. A record that is not there
 * or already deleted is ERR_NOT_FOUND.
 */
int store_ref_soft_delete(struct store *st, const struct entity_desc *e,
			  const char *id, struct err *err);

/* Whether any row, live or soft-deleted, has this id: ids are not reused. */
int store_ref_id_used(struct store *st, const struct entity_desc *e,
		      const char *id, bool *used, struct err *err);

#endif
