/*
 * store/user.h: SQL for accounts: users (app_user) and the actors they
 * report for (user_actor), sign-in sessions, API tokens, sign-in attempts
 * (login_attempt) and one-time links (one_time_token). The rules - who may
 * do what, how secrets are made and hashed, when a session ends - live in
 * service/auth.c; this module only reads and writes rows.
 *
 * Secrets never reach this module: sessions, tokens and one-time links are
 * stored and looked up by the SHA-256 hex of the secret, and passwords as
 * argon2id strings made by the service.
 *
 * Ownership: rows are plain values with fixed-size strings; nothing to free.
 * Timestamps are ISO 8601 UTC text ("2025-06-30T12:00:00Z"), which sorts
 * as time does, so the service passes "now" and SQL compares text. Writes
 * run inside the caller's transaction.
 */
#ifndef VEIKART_STORE_USER_H
#define VEIKART_STORE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/principal.h"
#include "store/store.h"

#define USER_NAME_MAX 64	/* [a-z0-9._-]{2,64} */
#define USER_DISPLAY_MAX 200
#define USER_EMAIL_MAX 254	/* RFC 5321's path limit less the brackets */
#define USER_HASH_MAX 127	/* crypto_pwhash_STRBYTES - 1 */
#define USER_TIME_MAX 31
#define USER_SECRET_HASH 64	/* SHA-256 in hex */

struct user {
	int64_t id;
	char username[USER_NAME_MAX + 1];
	char display_name[USER_DISPLAY_MAX + 1];	/* "" when none */
	char email[USER_EMAIL_MAX + 1];			/* "" when none */
	enum role role;
	bool disabled;
	char password_hash[USER_HASH_MAX + 1];	/* "" when none set yet */
	char created_at[USER_TIME_MAX + 1];
	char last_login_at[USER_TIME_MAX + 1];		/* "" when never */
	char password_changed_at[USER_TIME_MAX + 1];	/* "" when never */
	char actors[PRINCIPAL_MAX_ACTORS][PRINCIPAL_NAME_MAX + 1];
	size_t nactors;
};

/* Inserts u (not its actors) and sets u->id. ERR_CONFLICT when the name
 * is taken. */
int store_user_insert(struct store *st, struct user *u, struct err *err);
/* One user with its actors; ERR_NOT_FOUND when there is none. */
int store_user_get(struct store *st, const char *username, struct user *out,
		   struct err *err);
int store_user_get_id(struct store *st, int64_t id, struct user *out,
		      struct err *err);
/* The columns store_user_update writes. */
#define USER_SET_DISPLAY_NAME 0x1u
#define USER_SET_EMAIL 0x2u
#define USER_SET_ROLE 0x4u
#define USER_SET_DISABLED 0x8u
#define USER_SET_ALL 0xfu

/*
 * Writes the columns named in `fields` (USER_SET_*) of user u->id from u
 * and leaves the others as they are, so a change made from a copy of the
 * row can only touch what it means to change.
 */
int store_user_update(struct store *st, const struct user *u,
		      unsigned fields, struct err *err);
/* Sets the password hash and password_changed_at (NULL: none). */
int store_user_set_password(struct store *st, int64_t id, const char *hash,
			    const char *now, struct err *err);
/* Replaces the actors of user u->id with u->actors. */
int store_user_set_actors(struct store *st, const struct user *u,
			  struct err *err);
int store_user_touch_login(struct store *st, int64_t id, const char *now,
			   struct err *err);
/*
 * Calls fn for every user in username order (with email: only those whose
 * e-mail matches, ignoring letter case). fn returns 0 to go on, 1 to stop;
 * the row is borrowed for the call. -1 on a database error.
 */
int store_user_each(struct store *st, const char *email,
		    int (*fn)(const struct user *u, void *arg), void *arg,
		    struct err *err);
/* Users with the admin role that are not disabled. */
int store_user_count_admins(struct store *st, int64_t *out, struct err *err);

/*
 * A sign-in session; id is the SHA-256 hex of the cookie value. rowid is
 * SQLite's implicit row number (the principal's session_row), read only.
 */
struct session_row {
	int64_t rowid;
	char id[USER_SECRET_HASH + 1];
	int64_t user_id;
	char csrf[PRINCIPAL_NAME_MAX + 1];
	char created_at[USER_TIME_MAX + 1];
	char last_seen[USER_TIME_MAX + 1];
	char expires_at[USER_TIME_MAX + 1];
};

/* Inserts s and sets s->rowid. */
int store_session_insert(struct store *st, struct session_row *s,
			 const char *address, struct err *err);
/* ERR_NOT_FOUND when no session has this id. */
int store_session_get(struct store *st, const char *id,
		      struct session_row *out, struct err *err);
int store_session_touch(struct store *st, const char *id, const char *now,
			struct err *err);
int store_session_delete(struct store *st, const char *id, struct err *err);
int store_session_delete_row(struct store *st, int64_t rowid,
			     struct err *err);
/* Ends every session of a user but the one with rowid `keep` (0: all). */
int store_session_delete_user(struct store *st, int64_t user_id,
			      int64_t keep, struct err *err);
/* Removes sessions whose absolute expiry is before `now`. */
int store_session_purge(struct store *st, const char *now, struct err *err);

/* An API token; hash is the SHA-256 hex of the whole token. */
struct token_row {
	int64_t id;
	int64_t user_id;
	char username[USER_NAME_MAX + 1];	/* read only: joined */
	char name[USER_DISPLAY_MAX + 1];	/* "" when none */
	char scope[8];				/* "read" or "write" */
	char prefix[16];			/* shown to people: vk_AbCdEf */
	char hash[USER_SECRET_HASH + 1];
	char created_at[USER_TIME_MAX + 1];
	char last_used[USER_TIME_MAX + 1];	/* "" when never */
	char revoked_at[USER_TIME_MAX + 1];	/* "" when live */
};

/* Inserts t and sets t->id. */
int store_token_insert(struct store *st, struct token_row *t,
		       struct err *err);
/* Revoked tokens too; ERR_NOT_FOUND when none has this hash. */
int store_token_by_hash(struct store *st, const char *hash,
			struct token_row *out, struct err *err);
int store_token_get(struct store *st, int64_t id, struct token_row *out,
		    struct err *err);
int store_token_touch(struct store *st, int64_t id, const char *now,
		      struct err *err);
int store_token_revoke(struct store *st, int64_t id, const char *now,
		       struct err *err);
/* Revokes every live token of the user at `now`; *n (may be NULL) gets
 * how many there were. */
int store_token_revoke_user(struct store *st, int64_t user_id,
			    const char *now, int64_t *n, struct err *err);
/* Every token (user_id 0) or a user's, newest first; as store_user_each. */
int store_token_each(struct store *st, int64_t user_id,
		     int (*fn)(const struct token_row *t, void *arg), void *arg,
		     struct err *err);

/*
 * Sign-in attempts: ok is 1 (signed in), 0 (failed) or 2 (refused by the
 * throttle without looking at the password). The same table keeps the
 * bookkeeping of refused requests, so that it is purged with the attempts:
 * 3 for a request whose credential was refused, with a key naming the kind
 * of refusal in `username` ("denied:csrf"; ':' never occurs in a user
 * name), and 4 for the mark that the refusals of a kind from an address
 * were audited, with the kind's report key ("audited:csrf").
 */
#define LOGIN_FAILED 0
#define LOGIN_OK 1
#define LOGIN_THROTTLED 2
#define LOGIN_DENIED 3
#define LOGIN_REPORTED 4

/* Records an attempt; *id (may be NULL) gets its row id. */
int store_login_attempt_add(struct store *st, const char *username,
			    const char *address, const char *at, int ok,
			    int64_t *id, struct err *err);
/* Changes the outcome of attempt id (a failure that turned out well). */
int store_login_attempt_mark(struct store *st, int64_t id, int ok,
			     struct err *err);
/*
 * Failed attempts since `since`, newest first, at most `limit`: *count gets
 * how many (<= limit) and `oldest` the time of the last one counted ("" for
 * none). By username, only failures after its last successful sign-in
 * count; by address, all of them.
 */
int store_login_failures_user(struct store *st, const char *username,
			      const char *since, int64_t limit,
			      int64_t *count, char oldest[USER_TIME_MAX + 1],
			      struct err *err);
int store_login_failures_address(struct store *st, const char *address,
				 const char *since, int64_t limit,
				 int64_t *count,
				 char oldest[USER_TIME_MAX + 1],
				 struct err *err);
/* Forgets attempts older than `before`. */
int store_login_attempt_purge(struct store *st, const char *before,
			      struct err *err);

/*
 * The newest LOGIN_REPORTED row with `report_key` from `address` (NULL
 * matches rows without one): *id gets its id and `at` its time, or 0 and
 * "" when there is none.
 */
int store_refusal_last_report(struct store *st, const char *report_key,
			      const char *address, int64_t *id,
			      char at[USER_TIME_MAX + 1], struct err *err);
/*
 * Rows with outcome `ok` from `address` after row `after`, and with
 * username `key` unless key is NULL: *n gets how many, `first` the time of
 * the oldest ("" for none).
 */
int store_refusal_count(struct store *st, const char *key,
			const char *address, int ok, int64_t after,
			int64_t *n, char first[USER_TIME_MAX + 1],
			struct err *err);
/* LOGIN_REPORTED rows with `report_key` at or after `since`, from any
 * address. */
int store_refusal_reports_since(struct store *st, const char *report_key,
				const char *since, int64_t *n,
				struct err *err);
/*
 * After the refusals up to row `upto` were reported: drops the LOGIN_DENIED
 * rows with `key` (none when NULL) from `address` up to it, and the
 * LOGIN_REPORTED rows with `report_key` from there before it.
 */
int store_refusal_forget(struct store *st, const char *key,
			 const char *report_key, const char *address,
			 int64_t upto, struct err *err);

/* One-time links for invitations and password resets. */
struct one_time_row {
	int64_t id;
	int64_t user_id;
	char purpose[8];	/* "invite" or "reset" */
	char expires_at[USER_TIME_MAX + 1];
	bool used;
};

int store_one_time_insert(struct store *st, int64_t user_id,
			  const char *purpose, const char *hash,
			  const char *now, const char *expires,
			  struct err *err);
/* ERR_NOT_FOUND when no link has this hash. */
int store_one_time_find(struct store *st, const char *hash,
			struct one_time_row *out, struct err *err);
/* Marks every unused link of the user used: one use voids the rest. */
int store_one_time_use(struct store *st, int64_t user_id, const char *now,
		       struct err *err);
/* Links made for the user since `since`. */
int store_one_time_count(struct store *st, int64_t user_id,
			 const char *since, int64_t *out, struct err *err);

#endif
