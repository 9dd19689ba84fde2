/*
 * store/audit.h: SQL for the audit_event table. The chain logic (what is
 * hashed, how it is verified) lives in service/audit.c; this module only
 * reads and writes rows.
 */
#ifndef VEIKART_STORE_AUDIT_H
#define VEIKART_STORE_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct audit_row {
	int64_t id;
	const char *at;
	int64_t user_id;	/* 0 for none */
	int64_t token_id;	/* 0 for none */
	const char *action;
	const char *entity_type;	/* may be NULL */
	const char *entity_id;		/* may be NULL */
	const char *before_json;	/* may be NULL */
	const char *after_json;		/* may be NULL */
	const char *prev_hash;
	const char *hash;
};

/* The hash of the newest event into out (65 bytes), "" when none. */
int store_audit_last_hash(struct store *st, char out[65], struct err *err);
int store_audit_insert(struct store *st, const struct audit_row *row,
		       struct err *err);
/*
 * Calls fn for every event in id order; row strings are borrowed for the
 * call. fn returns 0 to go on, 1 to stop. Returns -1 on a database error.
 */
int store_audit_each(struct store *st,
		     int (*fn)(const struct audit_row *row, void *arg),
		     void *arg, struct err *err);

struct audit_filter {
	const char *entity_type, *entity_id, *action, *username;
	const char *since, *until;	/* ISO timestamps, inclusive */
	int64_t before_id;		/* 0: newest first from the top */
	int64_t limit;
	/* Leave out what the log says of accounts: events on users and
	 * tokens, sessions, refused credentials (session.*, user.*, token.*,
	 * denied.*) and refusals of account operations ("denied" without an
	 * entity type). */
	bool without_accounts;
};

/* Events newest first as a JSON array of objects (username resolved). */
json_t *store_audit_list(struct store *st, const struct audit_filter *f,
			 struct err *err);

#endif
