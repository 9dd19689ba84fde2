/*
 * store/edit_queries.h: the SQL the portal's edit pages need beyond the
 * generic entity reads (store/entity.h): when each live record of a
 * collection last changed, for the list of records a coordinator picks
 * from.
 *
 * Ownership: returned json_t values are new references for the caller.
 */
#ifndef VEIKART_STORE_EDIT_QUERIES_H
#define VEIKART_STORE_EDIT_QUERIES_H

#include <jansson.h>

#include "model/entity.h"
#include "store/store.h"

/*
 * {id: updated_at} for every live record of e (updated_at as stored,
 * 2025-09-15T10:00:00Z). NULL with err on a database error.
 */
json_t *store_edit_updated(struct store *st, const struct entity_desc *e,
			   struct err *err);

#endif
