/*
 * service/audit.h: the tamper-evident audit log. Every write appends an
 * event in the same transaction as the write itself: who (user, token),
 * what (action, entity type and id), the record before and after, and a
 * SHA-256 hash over all of that and the previous event's hash. Editing,
 * inserting or deleting an event breaks the chain at that point, which
 * `audit verify` finds.
 *
 * Ownership: json arguments are borrowed.
 */
#ifndef VEIKART_SERVICE_AUDIT_H
#define VEIKART_SERVICE_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "model/principal.h"
#include "store/audit.h"
#include "store/store.h"

/* The previous hash of the first event. */
#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/*
 * Appends an event. Call inside the transaction of the write it records,
 * so that both happen or neither. before/after may be NULL (create,
 * delete, sign-in).
 */
int audit_append(struct store *st, const struct principal *who,
		 const char *action, const char *entity_type,
		 const char *entity_id, json_t *before, json_t *after,
		 struct err *err);

/*
 * Appends an event in a transaction of its own, for events that are not
 * part of a write (sign-in, sign-out, failed sign-in, permission denied).
 */
int audit_record(struct store *st, const struct principal *who,
		 const char *action, const char *entity_type,
		 const char *entity_id, json_t *detail, struct err *err);

/*
 * Records that `who` was refused `attempted` (for example "update" or
 * "report.approve") on an entity, with the reason from `why`. Only
 * ERR_FORBIDDEN refusals are recorded: an anonymous caller must not be able
 * to fill the log. Runs its own transaction, so call it after rolling back.
 * A failure to record is logged, not returned: the caller's answer stands.
 */
void audit_denied(struct store *st, const struct principal *who,
		  const char *attempted, const char *entity_type,
		  const char *entity_id, const struct err *why);

/*
 * Walks the chain. *checked gets the number of events read; *bad_id the id
 * of the first event whose link or hash is wrong (0 when the chain is
 * whole), with a description in `why` (at least 200 bytes).
 */
int audit_verify(struct store *st, int64_t *checked, int64_t *bad_id,
		 char *why, size_t why_len, struct err *err);

/* The hash of one event as stored (64 hex digits into out). */
void audit_hash(const struct audit_row *row, char out[65]);

#endif
