/*
 * service/write.h: creating, changing and deleting records of any entity
 * the write API serves (every collection with in_api except reports, which
 * the reporting workflow owns), plus the two sub-resources reporters and
 * coordinators need: one milestone of a measure, one new observation of an
 * indicator. And the read side of the audit log, which records them.
 *
 * Every write runs in one IMMEDIATE transaction: check access, re-read the
 * record, compare the client's version (write_guard), validate with
 * record_check (the same rules as import), write, append the audit event,
 * bump the data version, commit. Any failure rolls back all of it. A write
 * that would change nothing commits nothing: no event, no new version.
 * A refused permission (ERR_FORBIDDEN) is itself audited, as "denied".
 *
 * Records go in and out in the interchange shape (docs/data-format.md):
 * references are ids. The item returned is in the API shape, exactly as
 * service_get renders it.
 *
 * Ownership: json arguments are borrowed; res->item is the caller's.
 */
#ifndef VEIKART_SERVICE_WRITE_H
#define VEIKART_SERVICE_WRITE_H

#include <jansson.h>
#include <stdbool.h>

#include "model/entity.h"
#include "model/limits.h"
#include "model/principal.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/problems.h"

/*
 * Optimistic concurrency. `matches` gets the item as service_get renders it
 * now, inside the write's transaction, and says whether that is the version
 * the client based its change on (the API compares ETags). A write that
 * needs a guard and gets NULL fails with ERR_PRECONDITION_REQUIRED; one
 * that does not match fails with ERR_PRECONDITION and changes nothing.
 */
struct write_guard {
	bool (*matches)(void *arg, json_t *item);
	void *arg;
};

struct write_result {
	json_t *item;	/* after create/update: the item; NULL after delete */
	char id[LIMIT_ID_BYTES + 1];	/* the record's id (made on create) */
	bool changed;	/* false: the write changed nothing */
};

/* Releases res->item; safe on a zeroed or released result. */
void write_result_release(struct write_result *res);

/*
 * ERR_UNAUTHENTICATED when nobody is signed in: lets the API answer 401
 * before it reads a body. Each operation still checks its own permission.
 */
int service_write_signed_in(struct store *st, const struct principal *who,
			    struct err *err);

/* True when the write API takes records of e. */
bool service_writable(const struct entity_desc *e);

/*
 * Creates a record from `rec` (one JSON object in interchange shape). When
 * rec has no "id" one is made: a prefix for the collection and six random
 * base32 characters ("M-7KQ2XB"). Errors: ERR_UNAUTHENTICATED,
 * ERR_FORBIDDEN (coordinators and admins write), ERR_INVALID (not an
 * object, nested too deep), ERR_CONFLICT (the id is or was in use: ids are
 * never reused), ERR_UNPROCESSABLE with one entry per wrong field in probs
 * ("title_nb", "responsible[0].actor"), ERR_BUSY, ERR_DB.
 */
int service_create(struct store *st, const struct principal *who,
		   const struct entity_desc *e, json_t *rec,
		   struct write_result *res, struct problems *probs,
		   struct err *err);

/*
 * Applies `patch` (a JSON Merge Patch object, RFC 7396) to record id.
 * Children (arrays such as "responsible") are replaced whole. "id" may be
 * given only with the record's own id. Errors as service_create, and
 * ERR_NOT_FOUND, ERR_PRECONDITION_REQUIRED and ERR_PRECONDITION.
 */
int service_update(struct store *st, const struct principal *who,
		   const struct entity_desc *e, const char *id,
		   json_t *patch, const struct write_guard *guard,
		   struct write_result *res, struct problems *probs,
		   struct err *err);

/*
 * Soft-deletes record id: it disappears from reads, its row and the audit
 * trail stay. Refused with ERR_CONFLICT while live records refer to it;
 * probs then lists them, field "collection/id/field", at most 50.
 */
int service_delete(struct store *st, const struct principal *who,
		   const struct entity_desc *e, const char *id,
		   const struct write_guard *guard, struct problems *probs,
		   struct err *err);

/*
 * Merge-patches the milestone `milestone_id` of measure `measure_id`. A
 * reporter whose actor leads or contributes to the measure may change
 * title_nb, title_nn, title_en, due and done; coordinators any field but
 * the id. The guard compares the measure, and the result is the measure.
 */
int service_milestone_update(struct store *st, const struct principal *who,
			     const char *measure_id, const char *milestone_id,
			     json_t *patch, const struct write_guard *guard,
			     struct write_result *res, struct problems *probs,
			     struct err *err);

/*
 * Appends one observation (an object with the fields of an indicator's
 * observations) to indicator `indicator_id`; coordinators and admins. The
 * guard may be NULL (appending overwrites nothing). The result is the
 * indicator.
 */
int service_observation_add(struct store *st, const struct principal *who,
			    const char *indicator_id, json_t *obs,
			    const struct write_guard *guard,
			    struct write_result *res, struct problems *probs,
			    struct err *err);

/*
 * A page of the audit log, newest first: {"items": [...], "next": id|null},
 * where next is passed back as f->before_id for the following page.
 * f->limit must be 1..LIMIT_PAGE_MAX. Coordinators and admins
 * (OP_READ_AUDIT).
 */
json_t *service_audit_list(struct store *st, const struct principal *who,
			   const struct audit_filter *f, struct err *err);

#endif
