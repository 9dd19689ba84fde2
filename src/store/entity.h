/*
 * store/entity.h: reading and writing records of any entity, driven by the
 * descriptors in model/entity.h. A record is a jansson object in the
 * interchange shape: public ids for references, nested arrays for children.
 *
 * Ownership: returned json_t values are new references the caller must
 * json_decref(); records passed in are borrowed. Writes expect values that
 * the service layer has already validated and run inside its transaction.
 */
#ifndef VEIKART_STORE_ENTITY_H
#define VEIKART_STORE_ENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/entity.h"
#include "store/store.h"

enum store_filter_kind {
	SF_FIELD,		/* the named field equals value */
	SF_MEASURE_ACTOR,	/* measure has value among its responsible */
	SF_MEASURE_STATUS,	/* measure's computed status equals value */
};

struct store_filter {
	enum store_filter_kind kind;
	const char *field;	/* SF_FIELD: a descriptor field name */
	const char *value;
};

/* Options for reading: computed fields (a measure's status) are API-only. */
#define STORE_READ_COMPUTED 0x1u
/* Order by period, newest first (entities with a bounded period field). */
#define STORE_READ_NEWEST 0x2u

/*
 * Inserts or replaces the record whose "id" is rec.id, children included.
 * An unchanged record keeps its version. *created tells which happened.
 */
int store_entity_put(struct store *st, const struct entity_desc *e,
		     json_t *rec, bool *created, struct err *err);

/* Whether a live record with this id exists in collection `coll`. */
int store_entity_exists(struct store *st, const char *coll, const char *id,
			bool *out, struct err *err);

/* One record, or NULL with ERR_NOT_FOUND. */
json_t *store_entity_get(struct store *st, const struct entity_desc *e,
			 const char *id, unsigned opts, struct err *err);

/*
 * Records ordered by id, those after `after` (NULL: from the start), at most
 * `limit` (0: all). Filters are ANDed. Returns a JSON array or NULL.
 */
json_t *store_entity_list(struct store *st, const struct entity_desc *e,
			  const struct store_filter *filters, size_t nfilters,
			  const char *after, int64_t limit, unsigned opts,
			  struct err *err);
int store_entity_count(struct store *st, const struct entity_desc *e,
		       const struct store_filter *filters, size_t nfilters,
		       int64_t *out, struct err *err);

/* The children of one parent as a JSON array (a child's rows, in order). */
json_t *store_child_list(struct store *st, const struct child_desc *c,
			 const char *parent_id, struct err *err);

#endif
