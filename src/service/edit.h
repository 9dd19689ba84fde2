/*
 * service/edit.h: what the portal's edit pages (web/page_edit.c) read
 * before they write through service/write.h: the collections a
 * coordinator edits, with how many records each holds; a collection's
 * records in the interchange shape (references are ids, children nested)
 * with when each last changed; one record as its form shows it, beside
 * the item as the API renders it (the version a save is checked
 * against).
 *
 * Every function first asks service/access.c for OP_WRITE_DOMAIN: these
 * are the pages of those who may change the data, so a reporter or a
 * reader gets ERR_FORBIDDEN (audited as a refused "read", as every
 * refusal is) and anonymous callers ERR_UNAUTHENTICATED. Reads only.
 *
 * Ownership: returned json_t values are new references for the caller;
 * arguments are borrowed. NULL means failure with err set.
 */
#ifndef VEIKART_SERVICE_EDIT_H
#define VEIKART_SERVICE_EDIT_H

#include <jansson.h>

#include "model/entity.h"
#include "model/principal.h"
#include "store/store.h"

/*
 * 0 when who may create records of e here: the same rule as the reads
 * below, for the form of a new record, which reads nothing else.
 */
int service_edit_allowed(struct store *st, const struct principal *who,
			 const struct entity_desc *e, struct err *err);

/*
 * Every collection the write API takes (service_writable), in import
 * order, as [{"collection": "actors", "count": 44}].
 */
json_t *service_edit_summary(struct store *st, const struct principal *who,
			     struct err *err);

/*
 * The live records of e in id order, interchange shape, each with
 * "updated_at" added (text, or null when the store has none). e must be
 * writable (ERR_NOT_FOUND otherwise).
 */
json_t *service_edit_items(struct store *st, const struct principal *who,
			   const struct entity_desc *e, struct err *err);

/*
 * Record `id` of e for its form: {"record": interchange shape, "item":
 * the API shape exactly as service_get renders it}. ERR_NOT_FOUND when
 * there is none (or e is not writable).
 */
json_t *service_edit_record(struct store *st, const struct principal *who,
			    const struct entity_desc *e, const char *id,
			    struct err *err);

#endif
