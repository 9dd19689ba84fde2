/*
 * service/auth.h: accounts and sign-in. Passwords (argon2id), sessions
 * (cookie + CSRF token), API tokens, sign-in throttling, user management,
 * invitations and password reset by e-mail. api/ and cli/ call this; the
 * SQL is in store/user.c, the access rules in service/access.c, the e-mail
 * in mail/mail.c.
 *
 * Secrets (cookie values, API tokens, one-time link tokens) are made here
 * from 32 random bytes and stored only as their SHA-256; a secret is shown
 * once, to the person it is for, and never logged or audited.
 *
 * Time is a parameter (`now`, seconds since the epoch), so expiry and
 * throttling are tested without waiting. Functions return 0/-1 with
 * struct err, or a new json_t reference (caller json_decref()s) or NULL
 * with err. Every write runs in one transaction with its audit event.
 */
#ifndef VEIKART_SERVICE_AUTH_H
#define VEIKART_SERVICE_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/principal.h"
#include "store/store.h"
#include "store/user.h"
#include "util/err.h"

/* Password rules (NIST SP 800-63B: length over composition rules). */
#define AUTH_PASSWORD_MIN 12	/* characters (UTF-8 code points) */
#define AUTH_PASSWORD_MAX 1024	/* bytes: bounds the hashing work */

/* A secret: 32 random bytes as unpadded base64url. */
#define AUTH_SECRET_BYTES 32
#define AUTH_SECRET_LEN 43
/* An API token: "vk_" and a secret. */
#define AUTH_TOKEN_PREFIX "vk_"
#define AUTH_TOKEN_LEN (3 + AUTH_SECRET_LEN)
#define AUTH_TOKEN_SHOWN 9	/* "vk_" and 6 characters: the display prefix */

/* Throttling: failures within the window before sign-in is refused. */
#define AUTH_THROTTLE_WINDOW_S (15 * 60)
#define AUTH_THROTTLE_PER_USER 5
#define AUTH_THROTTLE_PER_ADDRESS 20

/*
 * Refused requests cost the sender nothing, so they are not audited one by
 * one: each is recorded (login_attempt), and one audit event per address
 * and kind says how many there were, at most every AUTH_REFUSAL_AUDIT_S,
 * and at most AUTH_REFUSAL_AUDITS_PER_MIN such events per kind within that
 * time from all addresses together. Refusals not yet audited are counted
 * in the next event of their address and kind.
 */
#define AUTH_REFUSAL_AUDIT_S 60
#define AUTH_REFUSAL_AUDITS_PER_MIN 10

enum auth_refusal {
	AUTH_REFUSED_CREDENTIALS,	/* "denied.credentials": unknown,
					   expired or revoked session or
					   token, another scheme */
	AUTH_REFUSED_CSRF,		/* "denied.csrf": missing or wrong
					   CSRF token */
	AUTH_REFUSED_SIGN_IN,		/* "session.sign_in_throttled"; kept
					   by the sign-in itself */
};

/* A session's last_seen is written at most this often. */
#define AUTH_TOUCH_S 60

/* One-time links. */
#define AUTH_INVITE_S (72 * 3600)
#define AUTH_RESET_S 3600
#define AUTH_RESET_PER_HOUR 3	/* more requests send nothing */

/* The one answer for an unknown user and a wrong password alike. */
#define AUTH_WRONG_CREDENTIALS "wrong user name or password"

/* ---- values: checks, hashing, secrets (pure but for randomness) ---- */

/* [a-z0-9._-]{2,64}; ERR_UNPROCESSABLE with what is allowed. */
int auth_username_check(const char *name, struct err *err);
/* Loosely: one '@', something on each side, no spaces or controls, at
 * most USER_EMAIL_MAX bytes. ERR_UNPROCESSABLE otherwise. */
int auth_email_check(const char *email, struct err *err);
/* True when the password is on the common-password list, ignoring letter
 * case (service/passwords.c). */
bool auth_password_is_common(const char *password);
/*
 * The password rules: valid UTF-8, at least AUTH_PASSWORD_MIN characters,
 * at most AUTH_PASSWORD_MAX bytes, not on the common list, not the user
 * name (username may be NULL). ERR_UNPROCESSABLE saying which rule.
 */
int auth_password_check(const char *password, const char *username,
			struct err *err);
/* argon2id string for password into out; ERR_INTERNAL when out of memory. */
int auth_password_hash(const char *password, char out[USER_HASH_MAX + 1],
		       struct err *err);
/* True when password matches the stored argon2id string (constant time). */
bool auth_password_verify(const char *hash, const char *password);
/* True when hash was made with other parameters than today's. */
bool auth_password_needs_rehash(const char *hash);

/* A new random secret (AUTH_SECRET_LEN characters). -1 without libsodium. */
int auth_secret_new(char out[AUTH_SECRET_LEN + 1]);
/* SHA-256 of the text in lower-case hex. */
void auth_secret_hash(const char *secret, char out[USER_SECRET_HASH + 1]);
/* True for exactly AUTH_SECRET_LEN base64url characters. */
bool auth_secret_well_formed(const char *s);
/* A new API token, its hash and its display prefix. */
int auth_token_new(char token[AUTH_TOKEN_LEN + 1],
		   char hash[USER_SECRET_HASH + 1], char prefix[16]);
bool auth_token_well_formed(const char *s);
/* Constant-time comparison of a CSRF token; false when either is empty. */
bool auth_csrf_equal(const char *expected, const char *given);

/* ISO 8601 UTC with seconds ("2025-06-30T12:00:00Z"). */
void auth_time_iso(time_t t, char out[USER_TIME_MAX + 1]);
/* The inverse; -1 for anything else. */
int auth_time_parse(const char *iso, time_t *out);

enum auth_session_verdict {
	AUTH_SESSION_VALID,	/* in use, seen recently */
	AUTH_SESSION_TOUCH,	/* valid; last_seen is due to be written */
	AUTH_SESSION_IDLE,	/* unused for longer than idle_s */
	AUTH_SESSION_EXPIRED,	/* past its absolute lifetime */
};

/* Judges a session at `now` (pure). Unreadable times count as expired. */
enum auth_session_verdict auth_session_judge(const struct session_row *s,
					     time_t now, long idle_s,
					     long max_s);

/* Seconds until sign-in may be tried again, from the time of the oldest
 * failure that still counts (pure); at least 1. */
int auth_throttle_wait(const char *oldest, time_t now);

/* The principal of the command line: an administrator with no user row
 * (user_id 0), which the audit log records as "command line". */
void auth_cli_principal(struct principal *p);
/*
 * For an audit event's detail: when who is the command line, adds "by":
 * "command line, uid 1000 (ola)" (the operating-system account) to obj.
 * Returns obj (taken and given back; NULL stays NULL).
 */
json_t *auth_with_actor(const struct principal *who, json_t *obj);

/* ---- sign-in, sessions and tokens ---- */

struct auth_credentials {
	const char *username;	/* as typed: letter case is ignored */
	const char *password;
	const char *address;	/* the client's address, for throttling */
	const char *old_cookie;	/* a session cookie sent along, or NULL */
};

struct auth_new_session {
	char cookie[AUTH_SECRET_LEN + 1];
	char csrf[AUTH_SECRET_LEN + 1];
	int retry_after_s;	/* with ERR_RATE: how long to wait */
};

/*
 * Checks the credentials and opens a session: *out gets the cookie value
 * and the CSRF token, *who the principal. ERR_UNAUTHENTICATED with
 * AUTH_WRONG_CREDENTIALS for an unknown user, a wrong password, a disabled
 * user or one without a password alike (and as slowly); ERR_RATE with
 * out->retry_after_s when too many sign-ins failed recently. Every attempt
 * is recorded and audited.
 */
int auth_sign_in(struct store *st, const struct auth_credentials *c,
		 time_t now, struct auth_new_session *out,
		 struct principal *who, struct err *err);
/* Ends who's session (who->session_row) and audits it. */
int auth_sign_out(struct store *st, const struct principal *who,
		  struct err *err);
/* The principal of a session cookie; ERR_UNAUTHENTICATED when unknown,
 * expired (the row is removed) or its user is disabled. */
int auth_session_resolve(struct store *st, const char *cookie, time_t now,
			 struct principal *who, struct err *err);
/* The principal of a bearer token; ERR_UNAUTHENTICATED when malformed,
 * unknown, revoked or its user is disabled. */
int auth_token_resolve(struct store *st, const char *token, time_t now,
		       struct principal *who, struct err *err);
/*
 * Records a refused request that carried credentials (kind
 * AUTH_REFUSED_CREDENTIALS or AUTH_REFUSED_CSRF; reason says why, such as
 * "unknown API token"), and audits it with the refusals of that kind from
 * the address not yet audited - unless that was done less than
 * AUTH_REFUSAL_AUDIT_S before `now`, or AUTH_REFUSAL_AUDITS_PER_MIN such
 * events were written in that time: then the next one counts it. The event
 * ("denied.credentials", "denied.csrf") has the count, the time of the
 * first refusal it covers, and the reason, method, path and address of
 * this one. who is the signed-in principal of a CSRF refusal, else NULL.
 * Best effort: a failure is logged, not returned.
 */
void auth_note_denied(struct store *st, const struct principal *who,
		      enum auth_refusal kind, const char *reason,
		      const char *method, const char *path,
		      const char *address, time_t now);
/* {"username", "display_name", "role", "actors", "email"} of who. */
json_t *auth_whoami(struct store *st, const struct principal *who,
		    struct err *err);

/*
 * Creates an API token for `username` (NULL: who itself; someone else
 * needs OP_MANAGE_USERS) with scope "read" or "write". The token itself
 * goes into `token`, to be shown once; *out gets the stored row. A token
 * cannot make tokens: who must be a signed-in user or the command line
 * (ERR_FORBIDDEN, audited as "denied").
 */
int auth_token_create(struct store *st, const struct principal *who,
		      const char *username, const char *scope,
		      const char *name, time_t now,
		      char token[AUTH_TOKEN_LEN + 1], struct token_row *out,
		      struct err *err);
/* Revokes token id: who's own, or any with OP_MANAGE_USERS. */
int auth_token_revoke(struct store *st, const struct principal *who,
		      int64_t id, time_t now, struct err *err);
/* Tokens of `username` (NULL: who's own; "" every user's, admin only),
 * without secrets, as a JSON array. */
json_t *auth_token_list(struct store *st, const struct principal *who,
			const char *username, struct err *err);
json_t *auth_token_json(const struct token_row *t);

/* ---- users ---- */

struct auth_user_in {
	const char *username;
	const char *display_name;	/* NULL or "" for none */
	const char *email;		/* NULL or "" for none */
	enum role role;
	const char *const *actors;	/* reporters: at least one */
	size_t nactors;
};

/* Creates a user (OP_MANAGE_USERS) with `password`, which may be NULL for
 * none yet (an invitation sets it). */
int auth_user_add(struct store *st, const struct principal *who,
		  const struct auth_user_in *in, const char *password,
		  time_t now, struct err *err);

struct auth_invite_result {
	bool sent;		/* an invitation e-mail went out */
	char why_not[256];	/* when not: why, for the person */
};

/*
 * Creates a user without a password and, when e-mail is configured and
 * the user has an address, e-mails a one-time link valid AUTH_INVITE_S:
 * {base_url}/nb/invite?token=<token>. With must_send, a missing SMTP
 * configuration or address is ERR_INVALID before anything is written,
 * and a failed send is ERR_IO after the user was made.
 */
int auth_user_invite(struct store *st, const struct principal *who,
		     const struct auth_user_in *in, bool must_send,
		     time_t now, struct auth_invite_result *res,
		     struct err *err);

/* A change to a user; each part applies only when its has_ flag is set. */
struct auth_user_patch {
	bool has_role, has_actors, has_disabled, has_email, has_display_name;
	enum role role;
	const char *const *actors;
	size_t nactors;
	bool disabled;
	const char *email;		/* NULL or "" clears */
	const char *display_name;	/* NULL or "" clears */
};

/*
 * Applies p (OP_MANAGE_USERS); the user as JSON afterwards. The user is
 * read under the write lock and only the fields p gives are written, so
 * patches racing each other cannot undo one another. Refuses to disable
 * or demote the last enabled administrator (ERR_CONFLICT). Disabling ends
 * the user's sessions and revokes their API tokens at once (at `now`):
 * enabling the user again brings neither back.
 */
json_t *auth_user_patch(struct store *st, const struct principal *who,
			const char *username, const struct auth_user_patch *p,
			time_t now, struct err *err);
json_t *auth_user_list(struct store *st, const struct principal *who,
		       struct err *err);
json_t *auth_user_get(struct store *st, const struct principal *who,
		      const char *username, struct err *err);
/* The user as shown: never the password hash. */
json_t *auth_user_json(const struct user *u);

/* Sets a user's password (OP_MANAGE_USERS) and ends their sessions. */
int auth_user_set_password(struct store *st, const struct principal *who,
			   const char *username, const char *password,
			   time_t now, struct err *err);
/*
 * Changes who's own password given the current one; other sessions of
 * the user end (their API tokens stay). As at sign-in, the attempt is
 * recorded as failed under the write lock before the current password is
 * checked, so parallel guesses all count: a wrong current password is
 * ERR_FORBIDDEN and a failed sign-in, and too many are ERR_RATE. An API
 * token cannot change a password (ERR_FORBIDDEN, audited).
 */
int auth_password_change(struct store *st, const struct principal *who,
			 const char *current, const char *new_password,
			 const char *address, time_t now, int *retry_after_s,
			 struct err *err);

/* ---- one-time links ---- */

/* Sends `username` a reset link valid AUTH_RESET_S (an invitation when
 * the user has no password yet). OP_MANAGE_USERS; ERR_INVALID when e-mail
 * is not configured or the user has no address; ERR_IO when sending
 * fails. */
int auth_reset_send(struct store *st, const struct principal *who,
		    const char *username, time_t now, struct err *err);
/*
 * A person asks for a reset by user name or e-mail address (one of them
 * non-NULL). All the work for the account - finding it, counting its
 * links, making one, the e-mail - is a background job (auth_reset_work on
 * a connection of its own to st's database), so the request does the same
 * little work whether or not the account exists and always succeeds. At
 * most AUTH_JOBS_MAX jobs run at once; a request beyond that is dropped
 * with a line in the log.
 */
#define AUTH_JOBS_MAX 4
int auth_reset_request(struct store *st, const char *username,
		       const char *email, time_t now, struct err *err);
/*
 * The job of a reset request: for the enabled user `username` (as typed),
 * or each one with the address `email`, that has an address and fewer
 * than AUTH_RESET_PER_HOUR links in the hour before now - counted under
 * the write lock, so parallel requests cannot exceed it - makes a link
 * and, with send, e-mails it. Only database failures are errors.
 */
int auth_reset_work(struct store *st, const char *username,
		    const char *email, time_t now, bool send,
		    struct err *err);
/* Waits until no background job runs, at most timeout_s seconds; false
 * when some still do (for tests and shutdown). */
bool auth_background_wait(int timeout_s);
/* Sets the password from an invitation or reset link token: single use,
 * expiry checked, every other link of the user voided, sessions ended;
 * a reset (not an invitation) also revokes the user's API tokens, as the
 * reason for one may be a stolen account. */
int auth_password_from_link(struct store *st, const char *link_token,
			    const char *password, time_t now,
			    struct err *err);

#endif
