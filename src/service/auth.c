/*
 * service/auth.c: accounts and sign-in (see auth.h for the contract).
 *
 * What it must not do: keep or log a secret. Passwords are hashed at once
 * and the buffers are the caller's; cookie values, API tokens and link
 * tokens leave this module only towards the person they belong to, and
 * the database and the audit log see their SHA-256 alone. Every write is
 * one transaction with its audit event; the SQL is in store/user.c.
 *
 * Ownership: returned json_t values are new references; everything else
 * is borrowed.
 */
#include "service/auth.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <pwd.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/mail.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/entity.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

/*
 * argon2id with OWASP's minimum for it (Password Storage Cheat Sheet):
 * 19 MiB of memory, 2 passes, 1 lane. Memory-hard, so a guessing rig gains
 * little from GPUs, yet one verification takes tens of milliseconds and 19
 * MiB, which a small server can afford for every sign-in. Hashes made with
 * other parameters are redone at the next successful sign-in.
 */
#define AUTH_OPSLIMIT 2ULL
#define AUTH_MEMLIMIT ((size_t)19 << 20)

static int need_sodium(struct err *err)
{
	/* Idempotent and thread-safe; fails only without an entropy source. */
	if (sodium_init() < 0)
		return err_set(err, ERR_INTERNAL,
			       _("the cryptography library could not start "
				 "(no source of randomness?)"));
	return 0;
}

/* ---- values ---- */

int auth_username_check(const char *name, struct err *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 2 || n > USER_NAME_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return err_set_field(err, ERR_UNPROCESSABLE, "username",
				     _("a user name is 2 to 64 characters from "
				       "a-z, 0-9, '.', '_' and '-' (lower "
				       "case, no spaces)"));
	return 0;
}

int auth_email_check(const char *email, struct err *err)
{
	const char *at = email ? strchr(email, '@') : NULL;
	size_t n = email ? strlen(email) : 0;
	bool ok = at && at != email && at[1] && !strchr(at + 1, '@') &&
		  strchr(at + 1, '.') && n <= USER_EMAIL_MAX;

	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)email[i];

		/* No spaces, controls or characters that end an address in a
		 * header: that is what keeps header injection out. */
		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			ok = false;
	}
	if (!ok)
		return err_set_field(err, ERR_UNPROCESSABLE, "email",
				     _("expected an e-mail address such as "
				       "ola.nordmann@example.no"));
	return 0;
}

/* UTF-8 characters in s, or -1 when s is not valid UTF-8. */
static long utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), k;
	long n = 0;

	while (left) {
		k = parse_utf8_char(p, left, NULL);
		if (!k)
			return -1;
		p += k;
		left -= k;
		n++;
	}
	return n;
}

static bool same_ignoring_case(const char *a, const char *b)
{
	return a && b && strlen(a) == strlen(b) && !strcasecmp(a, b);
}

int auth_password_check(const char *password, const char *username,
			struct err *err)
{
	long chars;

	if (!password || !*password)
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("a password is needed"));
	if (strlen(password) > AUTH_PASSWORD_MAX)
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("the password is too long: at most %d "
				       "bytes"),
				     AUTH_PASSWORD_MAX);
	chars = utf8_chars(password);
	if (chars < 0)
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("the password is not valid UTF-8 text"));
	if (chars < AUTH_PASSWORD_MIN)
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("the password is too short: use at "
				       "least %d characters (got %ld); a few "
				       "unrelated words make a good one"),
				     AUTH_PASSWORD_MIN, chars);
	if (same_ignoring_case(password, username))
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("the password must not be the user "
				       "name"));
	if (auth_password_is_common(password))
		return err_set_field(err, ERR_UNPROCESSABLE, "password",
				     _("this password is on the list of the "
				       "most common passwords, which are "
				       "guessed first; choose another"));
	return 0;
}

int auth_password_hash(const char *password, char out[USER_HASH_MAX + 1],
		       struct err *err)
{
	char h[crypto_pwhash_STRBYTES];

	if (need_sodium(err) < 0)
		return -1;
	if (crypto_pwhash_str_alg(h, password, strlen(password), AUTH_OPSLIMIT,
				  AUTH_MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13)) {
		log_error("event=password_hash_failed msg=\"out of memory\"");
		return err_set(err, ERR_INTERNAL,
			       _("the server ran out of memory; try again"));
	}
	snprintf(out, USER_HASH_MAX + 1, "%s", h);
	sodium_memzero(h, sizeof(h));
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash || !password || need_sodium(NULL) < 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool auth_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, AUTH_OPSLIMIT,
					      AUTH_MEMLIMIT) != 0;
}

int auth_secret_new(char out[AUTH_SECRET_LEN + 1])
{
	unsigned char raw[AUTH_SECRET_BYTES];

	if (need_sodium(NULL) < 0)
		return -1;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_SECRET_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

void auth_secret_hash(const char *secret, char out[USER_SECRET_HASH + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, USER_SECRET_HASH + 1, d, sizeof(d));
}

static bool base64url(const char *s, size_t n)
{
	return strlen(s) == n &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789-_") == n;
}

bool auth_secret_well_formed(const char *s)
{
	return s && base64url(s, AUTH_SECRET_LEN);
}

bool auth_token_well_formed(const char *s)
{
	return s && !strncmp(s, AUTH_TOKEN_PREFIX, 3) &&
	       base64url(s + 3, AUTH_SECRET_LEN);
}

int auth_token_new(char token[AUTH_TOKEN_LEN + 1],
		   char hash[USER_SECRET_HASH + 1], char prefix[16])
{
	char secret[AUTH_SECRET_LEN + 1];

	if (auth_secret_new(secret) < 0)
		return -1;
	snprintf(token, AUTH_TOKEN_LEN + 1, AUTH_TOKEN_PREFIX "%s", secret);
	sodium_memzero(secret, sizeof(secret));
	auth_secret_hash(token, hash);
	snprintf(prefix, 16, "%.*s", AUTH_TOKEN_SHOWN, token);
	return 0;
}

bool auth_csrf_equal(const char *expected, const char *given)
{
	size_t n = expected ? strlen(expected) : 0;

	/* The length is no secret (always AUTH_SECRET_LEN); the bytes are
	 * compared in constant time so the response time reveals nothing
	 * about how much of a guess was right. */
	if (!n || !given || strlen(given) != n)
		return false;
	return sodium_memcmp(expected, given, n) == 0;
}

/* ---- time ---- */

void auth_time_iso(time_t t, char out[USER_TIME_MAX + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, USER_TIME_MAX + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int auth_time_parse(const char *iso, time_t *out)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end)
		return -1;
	/* Fractions of a second (the audit log's form) are ignored. */
	if (*end == '.')
		end += 1 + strspn(end + 1, "0123456789");
	if (strcmp(end, "Z"))
		return -1;
	*out = timegm(&tm);
	return 0;
}

enum auth_session_verdict auth_session_judge(const struct session_row *s,
					     time_t now, long idle_s,
					     long max_s)
{
	time_t created, seen, expires;

	if (auth_time_parse(s->created_at, &created) < 0 ||
	    auth_time_parse(s->last_seen, &seen) < 0 ||
	    auth_time_parse(s->expires_at, &expires) < 0)
		return AUTH_SESSION_EXPIRED;
	/* The stored expiry, or a shorter maximum configured since. */
	if (now >= expires || now - created >= max_s)
		return AUTH_SESSION_EXPIRED;
	if (now - seen >= idle_s)
		return AUTH_SESSION_IDLE;
	if (now - seen >= AUTH_TOUCH_S)
		return AUTH_SESSION_TOUCH;
	return AUTH_SESSION_VALID;
}

int auth_throttle_wait(const char *oldest, time_t now)
{
	time_t t;
	long wait;

	if (auth_time_parse(oldest, &t) < 0)
		return AUTH_THROTTLE_WINDOW_S;
	wait = (long)(t + AUTH_THROTTLE_WINDOW_S - now);
	if (wait < 1)
		return 1;
	return wait > AUTH_THROTTLE_WINDOW_S ? AUTH_THROTTLE_WINDOW_S
					     : (int)wait;
}

void auth_cli_principal(struct principal *p)
{
	memset(p, 0, sizeof(*p));
	p->role = ROLE_ADMIN;
	p->can_write = true;
}

/* ---- shared helpers ---- */

static bool is_cli(const struct principal *who)
{
	return who->user_id == 0 && who->role == ROLE_ADMIN;
}

/* The audit row of a command-line change has no user: the detail names
 * the operating-system account instead. */
json_t *auth_with_actor(const struct principal *who, json_t *obj)
{
	struct passwd pw, *res = NULL;
	char buf[1024], by[160];

	if (!obj || !is_cli(who))
		return obj;
	if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &res) != 0 || !res)
		snprintf(by, sizeof(by), "command line, uid %u",
			 (unsigned)geteuid());
	else
		snprintf(by, sizeof(by), "command line, uid %u (%s)",
			 (unsigned)geteuid(), res->pw_name);
	json_object_set_new(obj, "by", json_string(by));
	return obj;
}

/* Ends a transaction: commits when rc is 0, else rolls back. */
static int end_tx(struct store *st, int rc, struct err *err)
{
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* An access_check that audits a refusal of a signed-in principal. */
static int allowed(struct store *st, const struct principal *who,
		   enum access_op op, const char *what, struct err *err)
{
	if (access_check(st, who, op, NULL, err) == 0)
		return 0;
	audit_denied(st, who, what, NULL, NULL, err);
	return -1;
}

static void principal_from_user(const struct user *u, struct principal *p)
{
	memset(p, 0, sizeof(*p));
	p->user_id = u->id;
	p->role = u->role;
	p->can_write = true;
	snprintf(p->username, sizeof(p->username), "%s", u->username);
	for (size_t i = 0; i < u->nactors && i < PRINCIPAL_MAX_ACTORS; i++)
		snprintf(p->actors[p->nactors++], sizeof(p->actors[0]), "%s",
			 u->actors[i]);
}

json_t *auth_user_json(const struct user *u)
{
	json_t *actors = json_array();

	for (size_t i = 0; i < u->nactors; i++)
		json_array_append_new(actors, json_string(u->actors[i]));
	return json_pack("{s:s,s:s?,s:s?,s:s,s:o,s:b,s:b,s:s?,s:s?}",
			 "username", u->username, "display_name",
			 u->display_name[0] ? u->display_name : NULL, "email",
			 u->email[0] ? u->email : NULL, "role",
			 role_name(u->role), "actors", actors, "disabled",
			 u->disabled, "has_password", u->password_hash[0] != 0,
			 "created_at", u->created_at[0] ? u->created_at : NULL,
			 "last_login_at",
			 u->last_login_at[0] ? u->last_login_at : NULL);
}

/* A name as typed at sign-in: lower case, at most USER_NAME_MAX bytes. */
static void fold_name(const char *in, char out[USER_NAME_MAX + 1])
{
	size_t i;

	for (i = 0; in && in[i] && i < USER_NAME_MAX; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}


/* ---- throttling ---- */

/* Seconds sign-in must wait for this name or address; 0 when it need not. */
static int throttle_wait(struct store *st, const char *name,
			 const char *address, time_t now, int *wait,
			 struct err *err)
{
	char since[USER_TIME_MAX + 1], oldest[USER_TIME_MAX + 1];
	int64_t n;
	int w;

	*wait = 0;
	auth_time_iso(now - AUTH_THROTTLE_WINDOW_S, since);
	if (store_login_failures_user(st, name, since, AUTH_THROTTLE_PER_USER,
				      &n, oldest, err) < 0)
		return -1;
	if (n >= AUTH_THROTTLE_PER_USER)
		*wait = auth_throttle_wait(oldest, now);
	if (!address || !*address)
		return 0;
	if (store_login_failures_address(st, address, since,
					 AUTH_THROTTLE_PER_ADDRESS, &n, oldest,
					 err) < 0)
		return -1;
	if (n >= AUTH_THROTTLE_PER_ADDRESS &&
	    (w = auth_throttle_wait(oldest, now)) > *wait)
		*wait = w;
	return 0;
}

static int throttled(int wait, struct err *err)
{
	int min = (wait + 59) / 60;

	return err_set(err, ERR_RATE,
		       _("too many failed sign-ins; try again in %d minute%s"),
		       min, min == 1 ? "" : "s");
}

/* ---- refused requests ---- */

/* How each kind of refusal is kept (login_attempt) and audited. */
struct refusal_kind {
	const char *action;	/* the audit event */
	const char *key;	/* username of each refusal's row; NULL: the
				   throttled sign-in attempts themselves */
	const char *report_key;	/* username of the mark of an audit event */
	int ok;			/* outcome of each refusal's row */
};

static const struct refusal_kind refusal_kinds[] = {
	[AUTH_REFUSED_CREDENTIALS] = { "denied.credentials",
				       "denied:credentials",
				       "audited:credentials", LOGIN_DENIED },
	[AUTH_REFUSED_CSRF] = { "denied.csrf", "denied:csrf", "audited:csrf",
				LOGIN_DENIED },
	[AUTH_REFUSED_SIGN_IN] = { "session.sign_in_throttled", NULL,
				   "audited:sign_in_throttled",
				   LOGIN_THROTTLED },
};

/* Refusal events of kind k written in the AUTH_REFUSAL_AUDIT_S up to now,
 * from all addresses. */
static int refusal_events(struct store *st, const struct refusal_kind *k,
			  time_t now, int64_t *n, struct err *err)
{
	char since[USER_TIME_MAX + 1];

	auth_time_iso(now - AUTH_REFUSAL_AUDIT_S + 1, since);
	return store_refusal_reports_since(st, k->report_key, since, n, err);
}

/*
 * Inside a transaction, after the refusal's row is written: audits the
 * refusals of `kind` from `address` since the last such event, with their
 * count and the time of the first added to detail (borrowed) - unless that
 * event is less than AUTH_REFUSAL_AUDIT_S old or the kind's budget of
 * events for that time is spent. This bounds what anyone can add to the
 * hash-chained log by sending requests that cost them nothing.
 */
static int report_refusals(struct store *st, const struct principal *who,
			   enum auth_refusal kind, const char *address,
			   time_t now, json_t *detail, struct err *err)
{
	const struct refusal_kind *k = &refusal_kinds[kind];
	char last[USER_TIME_MAX + 1], first[USER_TIME_MAX + 1],
		at[USER_TIME_MAX + 1];
	int64_t mark, n, id;
	time_t t;

	if (store_refusal_last_report(st, k->report_key, address, &mark, last,
				      err) < 0)
		return -1;
	if (mark && auth_time_parse(last, &t) == 0 &&
	    now - t < AUTH_REFUSAL_AUDIT_S)
		return 0;
	if (refusal_events(st, k, now, &n, err) < 0)
		return -1;
	if (n >= AUTH_REFUSAL_AUDITS_PER_MIN)
		return 0;
	if (store_refusal_count(st, k->key, address, k->ok, mark, &n, first,
				err) < 0)
		return -1;
	if (n == 0)
		return 0;
	json_object_set_new(detail, "count", json_integer(n));
	json_object_set_new(detail, "since", json_string(first));
	auth_time_iso(now, at);
	if (audit_append(st, who, k->action, NULL, NULL, NULL, detail, err) <
		    0 ||
	    store_login_attempt_add(st, k->report_key, address, at,
				    LOGIN_REPORTED, &id, err) < 0)
		return -1;
	return store_refusal_forget(st, k->key, k->report_key, address, id,
				    err);
}

/* ---- sign-in ---- */

/*
 * Audits an attempt that did not sign in, whose row says so already;
 * never the password. who is the signed-in user for a password change,
 * else NULL.
 */
static int audit_failure(struct store *st, const struct principal *who,
			 const char *name, const char *address,
			 const char *why, struct err *err)
{
	char quoted[PARSE_QUOTE_MAX];
	struct principal nobody;
	json_t *d;
	int rc;

	memset(&nobody, 0, sizeof(nobody));
	parse_quote(name, quoted);
	d = json_pack("{s:s,s:s,s:s}", "username", quoted, "address",
		      address ? address : "-", "reason", why);
	rc = audit_record(st, who ? who : &nobody, "session.sign_in_failed",
			  "users",
			  auth_username_check(name, NULL) == 0 ? name : NULL,
			  d, err);
	json_decref(d);
	return rc;
}

/*
 * Starts a sign-in (or a password change) under the write lock: *wait > 0
 * when throttled (that refusal is recorded, and audited as
 * report_refusals allows), else the attempt is recorded as failed until
 * it succeeds, so that guesses racing each other all count at once.
 */
static int begin_attempt(struct store *st, const struct principal *who,
			 const char *name, const char *address, time_t now,
			 int *wait, int64_t *attempt, struct err *err)
{
	char at[USER_TIME_MAX + 1], quoted[PARSE_QUOTE_MAX];
	struct principal nobody;
	json_t *d;
	int rc;

	memset(&nobody, 0, sizeof(nobody));
	if (store_begin(st, err) < 0)
		return -1;
	rc = throttle_wait(st, name, address, now, wait, err);
	auth_time_iso(now, at);
	if (rc == 0)
		rc = store_login_attempt_add(st, name, address, at,
					     *wait ? LOGIN_THROTTLED
						   : LOGIN_FAILED,
					     attempt, err);
	if (rc == 0 && *wait) {
		parse_quote(name, quoted);
		d = json_pack("{s:s,s:s,s:s}", "username", quoted, "address",
			      address ? address : "-", "reason", "throttled");
		rc = report_refusals(st, who ? who : &nobody,
				     AUTH_REFUSED_SIGN_IN, address, now, d,
				     err);
		json_decref(d);
	}
	return end_tx(st, rc, err);
}

/*
 * Whether password opens u's account (u NULL: unknown user). An unknown,
 * disabled or password-less account costs one argon2id hash too, so the
 * time of the answer does not tell which accounts exist.
 */
static bool password_opens(const struct user *u, const char *password,
			   const char **why)
{
	char dummy[USER_HASH_MAX + 1];
	bool ok;

	if (u && !u->disabled && u->password_hash[0] &&
	    strlen(password) <= AUTH_PASSWORD_MAX) {
		ok = auth_password_verify(u->password_hash, password);
		*why = ok ? "" : "wrong password";
		return ok;
	}
	auth_password_hash("timing equaliser", dummy, NULL);
	*why = !u		       ? "unknown user"
	       : u->disabled	       ? "account disabled"
	       : !u->password_hash[0] ? "no password set yet"
				       : "password too long";
	return false;
}

/* Fills s for a new session of u and the secrets in out. */
static int make_session(const struct user *u, time_t now,
			struct auth_new_session *out, struct session_row *s,
			struct err *err)
{
	const struct config *cfg = config_get();

	if (auth_secret_new(out->cookie) < 0 || auth_secret_new(out->csrf) < 0)
		return err_set(err, ERR_INTERNAL,
			       _("the server could not make a session; try "
				 "again"));
	memset(s, 0, sizeof(*s));
	auth_secret_hash(out->cookie, s->id);
	s->user_id = u->id;
	snprintf(s->csrf, sizeof(s->csrf), "%s", out->csrf);
	auth_time_iso(now, s->created_at);
	auth_time_iso(now, s->last_seen);
	auth_time_iso(now + cfg->session_max_s, s->expires_at);
	return 0;
}

/* The writes of a successful sign-in, in one transaction. */
static int open_session(struct store *st, const struct user *u,
			const struct auth_credentials *c, int64_t attempt,
			const char *rehash, struct session_row *s,
			struct err *err)
{
	char old[USER_SECRET_HASH + 1], month_ago[USER_TIME_MAX + 1];
	struct principal p;
	time_t now;
	json_t *d =
	    json_pack("{s:s}", "address", c->address ? c->address : "-");
	int rc;

	principal_from_user(u, &p);
	auth_time_parse(s->created_at, &now);
	auth_time_iso(now - 30L * 86400, month_ago);
	if (store_begin(st, err) < 0) {
		json_decref(d);
		return -1;
	}
	rc = store_session_purge(st, s->created_at, err);
	if (rc == 0)
		rc = store_login_attempt_purge(st, month_ago, err);
	/* A session cookie sent along is replaced, not kept beside. */
	if (rc == 0 && auth_secret_well_formed(c->old_cookie)) {
		auth_secret_hash(c->old_cookie, old);
		rc = store_session_delete(st, old, err);
	}
	if (rc == 0)
		rc = store_session_insert(st, s, c->address, err);
	if (rc == 0)
		rc = store_login_attempt_mark(st, attempt, LOGIN_OK, err);
	if (rc == 0)
		rc = store_user_touch_login(st, u->id, s->created_at, err);
	if (rc == 0 && rehash)
		rc = store_user_set_password(
		    st, u->id, rehash,
		    u->password_changed_at[0] ? u->password_changed_at : NULL,
		    err);
	if (rc == 0)
		rc = audit_append(st, &p, "session.sign_in", "users",
				  u->username, NULL, d, err);
	json_decref(d);
	return end_tx(st, rc, err);
}

/* The user called name; *found false (and 0) when there is none. */
static int find_user(struct store *st, const char *name, struct user *u,
		     bool *found, struct err *err)
{
	struct err e = ERR_INIT;

	*found = false;
	if (!name[0])
		return 0;
	if (store_user_get(st, name, u, &e) == 0) {
		*found = true;
		return 0;
	}
	if (e.code == ERR_NOT_FOUND)
		return 0;
	if (err)
		*err = e;
	return -1;
}

int auth_sign_in(struct store *st, const struct auth_credentials *c,
		 time_t now, struct auth_new_session *out,
		 struct principal *who, struct err *err)
{
	char name[USER_NAME_MAX + 1], rehash[USER_HASH_MAX + 1] = "";
	const char *password = c->password ? c->password : "";
	struct session_row s;
	int64_t attempt = 0;
	const char *why;
	struct user u;
	bool found;

	memset(out, 0, sizeof(*out));
	fold_name(c->username, name);
	if (begin_attempt(st, NULL, name, c->address, now,
			  &out->retry_after_s, &attempt, err) < 0)
		return -1;
	if (out->retry_after_s > 0)
		return throttled(out->retry_after_s, err);
	/* A longer name was cut by fold_name: it must not match the cut. */
	if (strlen(c->username ? c->username : "") > USER_NAME_MAX)
		found = false;
	else if (find_user(st, name, &u, &found, err) < 0)
		return -1;
	if (!password_opens(found ? &u : NULL, password, &why)) {
		if (audit_failure(st, NULL, name, c->address, why, err) < 0)
			return -1;
		return err_set(err, ERR_UNAUTHENTICATED,
			       _(AUTH_WRONG_CREDENTIALS));
	}
	if (auth_password_needs_rehash(u.password_hash) &&
	    auth_password_hash(password, rehash, err) < 0)
		return -1;
	if (make_session(&u, now, out, &s, err) < 0 ||
	    open_session(st, &u, c, attempt, rehash[0] ? rehash : NULL, &s,
			 err) < 0)
		return -1;
	principal_from_user(&u, who);
	snprintf(who->csrf, sizeof(who->csrf), "%s", out->csrf);
	who->session_row = s.rowid;
	return 0;
}

int auth_sign_out(struct store *st, const struct principal *who,
		  struct err *err)
{
	int rc;

	if (!who->session_row)
		return err_set(err, ERR_INVALID,
			       _("this request was not made with a session; "
				 "an API token ends with DELETE "
				 "/api/v1/tokens/ID"));
	if (store_begin(st, err) < 0)
		return -1;
	rc = store_session_delete_row(st, who->session_row, err);
	if (rc == 0)
		rc = audit_append(st, who, "session.sign_out", "users",
				  who->username, NULL, NULL, err);
	return end_tx(st, rc, err);
}

/* ---- resolving credentials ---- */

static int session_ended(enum auth_session_verdict v, struct err *err)
{
	const struct config *cfg = config_get();

	if (v == AUTH_SESSION_IDLE)
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("your session ended after %ld minutes without "
				 "use; sign in again"),
			       cfg->session_idle_s / 60);
	return err_set(err, ERR_UNAUTHENTICATED,
		       _("your session reached its longest allowed time; sign "
			 "in again"));
}

/* The user behind a credential, which must be enabled. */
static int live_user(struct store *st, int64_t id, struct user *u,
		     struct err *err)
{
	if (store_user_get_id(st, id, u, err) < 0)
		return err && err->code == ERR_NOT_FOUND
			       ? err_set(err, ERR_UNAUTHENTICATED,
					 _("this account no longer exists"))
			       : -1;
	if (u->disabled)
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("this account is disabled; ask an "
				 "administrator"));
	return 0;
}

int auth_session_resolve(struct store *st, const char *cookie, time_t now,
			 struct principal *who, struct err *err)
{
	const struct config *cfg = config_get();
	char id[USER_SECRET_HASH + 1], at[USER_TIME_MAX + 1];
	enum auth_session_verdict v;
	struct session_row s;
	struct user u;

	if (!auth_secret_well_formed(cookie))
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("the session cookie is malformed; sign in "
				 "again"));
	auth_secret_hash(cookie, id);
	if (store_session_get(st, id, &s, err) < 0)
		return err && err->code == ERR_NOT_FOUND
			       ? err_set(err, ERR_UNAUTHENTICATED,
					 _("your session has ended (signed out "
					   "or expired); sign in again"))
			       : -1;
	v = auth_session_judge(&s, now, cfg->session_idle_s,
			       cfg->session_max_s);
	if (v == AUTH_SESSION_IDLE || v == AUTH_SESSION_EXPIRED) {
		store_session_delete(st, id, NULL);
		return session_ended(v, err);
	}
	if (live_user(st, s.user_id, &u, err) < 0)
		return -1;
	/* At most one write a minute per session, not one per request. */
	auth_time_iso(now, at);
	if (v == AUTH_SESSION_TOUCH &&
	    store_session_touch(st, id, at, NULL) < 0)
		log_warn("event=session_touch_failed");
	principal_from_user(&u, who);
	snprintf(who->csrf, sizeof(who->csrf), "%s", s.csrf);
	who->session_row = s.rowid;
	return 0;
}

static bool due(const char *last, time_t now)
{
	time_t t;

	return auth_time_parse(last, &t) < 0 || now - t >= AUTH_TOUCH_S;
}

int auth_token_resolve(struct store *st, const char *token, time_t now,
		       struct principal *who, struct err *err)
{
	char hash[USER_SECRET_HASH + 1], at[USER_TIME_MAX + 1];
	struct token_row t;
	struct user u;

	if (!auth_token_well_formed(token))
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("the API token is malformed: expected vk_ and "
				 "43 characters"));
	auth_secret_hash(token, hash);
	if (store_token_by_hash(st, hash, &t, err) < 0)
		return err && err->code == ERR_NOT_FOUND
			       ? err_set(err, ERR_UNAUTHENTICATED,
					 _("unknown API token"))
			       : -1;
	/* The lookup matched on the hash already; compare again in constant
	 * time so no code path depends on a byte-wise comparison. */
	if (sodium_memcmp(t.hash, hash, USER_SECRET_HASH) != 0)
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("unknown API token"));
	if (t.revoked_at[0])
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("this API token was revoked on %s"),
			       t.revoked_at);
	if (live_user(st, t.user_id, &u, err) < 0)
		return -1;
	auth_time_iso(now, at);
	if (due(t.last_used, now) && store_token_touch(st, t.id, at, NULL) < 0)
		log_warn("event=token_touch_failed token_id=%lld",
			 (long long)t.id);
	principal_from_user(&u, who);
	who->token_id = t.id;
	who->can_write = !strcmp(t.scope, "write");
	return 0;
}

void auth_note_denied(struct store *st, const struct principal *who,
		      enum auth_refusal kind, const char *reason,
		      const char *method, const char *path,
		      const char *address, time_t now)
{
	const struct refusal_kind *k = &refusal_kinds[kind];
	char quoted[PARSE_QUOTE_MAX], at[USER_TIME_MAX + 1];
	struct principal nobody;
	struct err err = ERR_INIT;
	json_t *d;
	int rc;

	assert(kind != AUTH_REFUSED_SIGN_IN);
	memset(&nobody, 0, sizeof(nobody));
	parse_quote(path, quoted);
	d = json_pack("{s:s,s:s,s:s,s:s}", "reason", reason, "method", method,
		      "path", quoted, "address", address ? address : "-");
	auth_time_iso(now, at);
	rc = d ? store_begin(st, &err) : -1;
	if (rc == 0)
		rc = store_login_attempt_add(st, k->key, address, at, k->ok,
					     NULL, &err);
	if (rc == 0)
		rc = report_refusals(st, who ? who : &nobody, kind, address,
				     now, d, &err);
	if (end_tx(st, rc, &err) < 0) {
		parse_quote(reason, quoted);
		log_warn("event=refusal_not_recorded reason=\"%s\"", quoted);
	}
	json_decref(d);
}

json_t *auth_whoami(struct store *st, const struct principal *who,
		    struct err *err)
{
	struct user u;
	json_t *out;

	if (!who->user_id) {
		err_set(err, ERR_UNAUTHENTICATED, _("you are not signed in"));
		return NULL;
	}
	if (store_user_get_id(st, who->user_id, &u, err) < 0)
		return NULL;
	out = auth_user_json(&u);
	json_object_del(out, "has_password");
	json_object_del(out, "disabled");
	return out;
}

/* ---- API tokens ---- */

json_t *auth_token_json(const struct token_row *t)
{
	return json_pack("{s:I,s:s,s:s?,s:s,s:s,s:s,s:s?,s:s?}", "id",
			 (json_int_t)t->id, "user", t->username, "name",
			 t->name[0] ? t->name : NULL, "scope", t->scope,
			 "prefix", t->prefix, "created_at", t->created_at,
			 "last_used", t->last_used[0] ? t->last_used : NULL,
			 "revoked_at", t->revoked_at[0] ? t->revoked_at : NULL);
}

static int check_scope_name(const char *scope, const char *name,
			    struct err *err)
{
	if (!scope || (strcmp(scope, "read") && strcmp(scope, "write")))
		return err_set_field(err, ERR_UNPROCESSABLE, "scope",
				     _("scope is \"read\" or \"write\""));
	if (name && value_check_text(name, LIMIT_TITLE_BYTES, err) < 0) {
		if (err)
			snprintf(err->field, sizeof(err->field), "name");
		return -1;
	}
	return 0;
}

/* Whose tokens: username, or who itself when NULL (needs a user). */
static int token_owner(struct store *st, const struct principal *who,
		       const char *username, struct user *u, struct err *err)
{
	if (!username && !who->user_id)
		return err_set(err, ERR_INVALID, _("name the user"));
	if (username && strcmp(username, who->username) &&
	    allowed(st, who, OP_MANAGE_USERS, "tokens of another user",
		    err) < 0)
		return -1;
	return store_user_get(st, username ? username : who->username, u,
			      err);
}

int auth_token_create(struct store *st, const struct principal *who,
		      const char *username, const char *scope,
		      const char *name, time_t now,
		      char token[AUTH_TOKEN_LEN + 1], struct token_row *out,
		      struct err *err)
{
	struct user u;
	json_t *after;
	int rc;

	if (allowed(st, who, OP_OWN_ACCOUNT, "create token", err) < 0)
		return -1;
	if (who->token_id) {
		err_set(err, ERR_FORBIDDEN,
			_("an API token cannot make API tokens; sign in to "
			  "make one"));
		audit_denied(st, who, "create token", NULL, NULL, err);
		return -1;
	}
	if (check_scope_name(scope, name, err) < 0 ||
	    token_owner(st, who, username, &u, err) < 0)
		return -1;
	if (u.disabled)
		return err_set(err, ERR_CONFLICT,
			       _("user %s is disabled; enable them first"),
			       u.username);
	memset(out, 0, sizeof(*out));
	if (auth_token_new(token, out->hash, out->prefix) < 0)
		return err_set(err, ERR_INTERNAL,
			       _("no randomness; try again"));
	out->user_id = u.id;
	snprintf(out->username, sizeof(out->username), "%s", u.username);
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	snprintf(out->scope, sizeof(out->scope), "%s", scope);
	auth_time_iso(now, out->created_at);
	if (store_begin(st, err) < 0)
		return -1;
	rc = store_token_insert(st, out, err);
	after = rc == 0 ? auth_with_actor(who, auth_token_json(out)) : NULL;
	if (rc == 0)
		rc = audit_append(st, who, "token.create", "tokens",
				  out->prefix, NULL, after, err);
	json_decref(after);
	return end_tx(st, rc, err);
}

int auth_token_revoke(struct store *st, const struct principal *who,
		      int64_t id, time_t now, struct err *err)
{
	char at[USER_TIME_MAX + 1];
	struct token_row t;
	json_t *before, *after;
	int rc;

	if (allowed(st, who, OP_OWN_ACCOUNT, "revoke token", err) < 0)
		return -1;
	if (store_token_get(st, id, &t, err) < 0 ||
	    (t.user_id != who->user_id &&
	     access_check(st, who, OP_MANAGE_USERS, NULL, NULL) < 0))
		/* Someone else's token is as unknown as a missing one. */
		return err_set(err, ERR_NOT_FOUND,
			       _("you have no API token %lld"), (long long)id);
	if (t.revoked_at[0])
		return 0;
	auth_time_iso(now, at);
	before = auth_token_json(&t);
	snprintf(t.revoked_at, sizeof(t.revoked_at), "%s", at);
	after = auth_with_actor(who, auth_token_json(&t));
	rc = store_begin(st, err);
	if (rc == 0)
		rc = store_token_revoke(st, id, at, err);
	if (rc == 0)
		rc = audit_append(st, who, "token.revoke", "tokens",
				  t.prefix, before, after, err);
	json_decref(before);
	json_decref(after);
	return end_tx(st, rc, err);
}

static int add_token(const struct token_row *t, void *arg)
{
	json_array_append_new(arg, auth_token_json(t));
	return 0;
}

json_t *auth_token_list(struct store *st, const struct principal *who,
			const char *username, struct err *err)
{
	json_t *list;
	struct user u;
	int64_t owner = 0;

	if (allowed(st, who, OP_READ_PRIVATE, "list tokens", err) < 0)
		return NULL;
	if (username && !*username) {
		if (allowed(st, who, OP_MANAGE_USERS, "list all tokens", err) <
		    0)
			return NULL;
	} else {
		if (token_owner(st, who, username, &u, err) < 0)
			return NULL;
		owner = u.id;
	}
	list = json_array();
	if (store_token_each(st, owner, add_token, list, err) < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* ---- users ---- */

/* Copies actors[0..n) into u, each an existing actor, none twice. */
static int copy_actors(struct store *st, struct user *u,
		       const char *const *actors, size_t n, struct err *err)
{
	bool exists;

	if (n > PRINCIPAL_MAX_ACTORS)
		return err_set_field(err, ERR_UNPROCESSABLE, "actors",
				     _("at most %d actors per user"),
				     PRINCIPAL_MAX_ACTORS);
	u->nactors = 0;
	for (size_t i = 0; i < n; i++) {
		if (value_check_id(actors[i], NULL) < 0)
			return err_set_field(err, ERR_UNPROCESSABLE, "actors",
					     _("not an actor id"));
		if (store_entity_exists(st, "actors", actors[i], &exists,
					err) < 0)
			return -1;
		if (!exists)
			return err_set_field(err, ERR_UNPROCESSABLE, "actors",
					     _("there is no actor %s; see GET "
					       "/api/v1/actors for the ids"),
					     actors[i]);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(actors[k], actors[i]))
				return err_set_field(
					err, ERR_UNPROCESSABLE, "actors",
					_("actor %s is named twice"),
					actors[i]);
		snprintf(u->actors[u->nactors++], sizeof(u->actors[0]), "%s",
			 actors[i]);
	}
	return 0;
}

/* Reporters report for at least one actor; nobody else for any. Actors
 * left over from an earlier role are dropped unless given explicitly. */
static int actor_rule(struct user *u, bool given, struct err *err)
{
	if (u->role == ROLE_REPORTER && !u->nactors)
		return err_set_field(err, ERR_UNPROCESSABLE, "actors",
				     _("a reporter reports for at least one "
				       "actor; name it (an id from "
				       "/api/v1/actors, such as SIVA)"));
	if (u->role != ROLE_REPORTER && u->nactors) {
		if (given)
			return err_set_field(err, ERR_UNPROCESSABLE, "actors",
					     _("only reporters report for "
					       "actors; leave actors out for "
					       "the %s role"),
					     role_name(u->role));
		u->nactors = 0;
	}
	return 0;
}

/* Sets display name and e-mail ("" or NULL clears), checked. */
static int set_contact(struct user *u, const char *display,
		       const char *email, bool set_display, bool set_email,
		       struct err *err)
{
	if (set_display && display && *display) {
		if (value_check_text(display, USER_DISPLAY_MAX, err) < 0) {
			if (err)
				snprintf(err->field, sizeof(err->field),
					 "display_name");
			return -1;
		}
	}
	if (set_email && email && *email &&
	    auth_email_check(email, err) < 0)
		return -1;
	if (set_display)
		snprintf(u->display_name, sizeof(u->display_name), "%s",
			 display ? display : "");
	if (set_email)
		snprintf(u->email, sizeof(u->email), "%s", email ? email : "");
	return 0;
}

static int user_from_in(struct store *st, const struct auth_user_in *in,
			struct user *u, struct err *err)
{
	memset(u, 0, sizeof(*u));
	if (auth_username_check(in->username, err) < 0)
		return -1;
	snprintf(u->username, sizeof(u->username), "%s", in->username);
	if (in->role == ROLE_ANONYMOUS || (int)in->role > ROLE_ADMIN)
		return err_set_field(err, ERR_UNPROCESSABLE, "role",
				     _("role is admin, coordinator, reporter "
				       "or reader"));
	u->role = in->role;
	if (set_contact(u, in->display_name, in->email, true, true, err) < 0 ||
	    copy_actors(st, u, in->actors, in->nactors, err) < 0)
		return -1;
	return actor_rule(u, in->nactors > 0, err);
}

/* The rows of a new user and its audit event (inside a transaction). */
static int insert_user(struct store *st, const struct principal *who,
		       struct user *u, struct err *err)
{
	json_t *after;
	int rc;

	if (store_user_insert(st, u, err) < 0 ||
	    store_user_set_actors(st, u, err) < 0)
		return -1;
	after = auth_with_actor(who, auth_user_json(u));
	rc = audit_append(st, who, "user.create", "users", u->username, NULL,
			  after, err);
	json_decref(after);
	return rc;
}

int auth_user_add(struct store *st, const struct principal *who,
		  const struct auth_user_in *in, const char *password,
		  time_t now, struct err *err)
{
	struct user u;

	if (allowed(st, who, OP_MANAGE_USERS, "add user", err) < 0 ||
	    user_from_in(st, in, &u, err) < 0)
		return -1;
	if (password) {
		if (auth_password_check(password, u.username, err) < 0 ||
		    auth_password_hash(password, u.password_hash, err) < 0)
			return -1;
		auth_time_iso(now, u.password_changed_at);
	}
	if (store_begin(st, err) < 0)
		return -1;
	return end_tx(st, insert_user(st, who, &u, err), err);
}

/* Refuses a change that leaves no enabled administrator. */
static int keeps_an_admin(struct store *st, const struct user *b,
			  const struct user *a, struct err *err)
{
	bool was = b->role == ROLE_ADMIN && !b->disabled;
	bool is = a->role == ROLE_ADMIN && !a->disabled;
	int64_t n;

	if (!was || is)
		return 0;
	if (store_user_count_admins(st, &n, err) < 0)
		return -1;
	if (n <= 1)
		return err_set(err, ERR_CONFLICT,
			       _("%s is the last administrator who can sign "
				 "in; make another user admin first"),
			       b->username);
	return 0;
}

static int apply_patch(struct store *st, struct user *u,
		       const struct auth_user_patch *p, struct err *err)
{
	if (p->has_role) {
		if (p->role == ROLE_ANONYMOUS || (int)p->role > ROLE_ADMIN)
			return err_set_field(err, ERR_UNPROCESSABLE, "role",
					     _("role is admin, coordinator, "
					       "reporter or reader"));
		u->role = p->role;
	}
	if (p->has_disabled)
		u->disabled = p->disabled;
	if (set_contact(u, p->display_name, p->email, p->has_display_name,
			p->has_email, err) < 0)
		return -1;
	if (p->has_actors &&
	    copy_actors(st, u, p->actors, p->nactors, err) < 0)
		return -1;
	return actor_rule(u, p->has_actors && p->nactors > 0, err);
}

/* The columns p changes. */
static unsigned patch_fields(const struct auth_user_patch *p)
{
	return (p->has_display_name ? USER_SET_DISPLAY_NAME : 0) |
	       (p->has_email ? USER_SET_EMAIL : 0) |
	       (p->has_role ? USER_SET_ROLE : 0) |
	       (p->has_disabled ? USER_SET_DISABLED : 0);
}

/* Revokes every live token of u at now, with one audit event for them. */
static int revoke_tokens(struct store *st, const struct principal *who,
			 const struct user *u, const char *why, time_t now,
			 struct err *err)
{
	char at[USER_TIME_MAX + 1];
	int64_t n;
	json_t *d;
	int rc;

	auth_time_iso(now, at);
	if (store_token_revoke_user(st, u->id, at, &n, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	d = auth_with_actor(who, json_pack("{s:s,s:I,s:s}", "user",
					   u->username, "count",
					   (json_int_t)n, "reason", why));
	rc = audit_append(st, who, "token.revoke_all", "tokens", u->username,
			  NULL, d, err);
	json_decref(d);
	return rc;
}

/* The writes of a patch from b (as read under the lock) to a. */
static int patch_rows(struct store *st, const struct principal *who,
		      const struct user *b, const struct user *a,
		      const struct auth_user_patch *p, time_t now,
		      struct err *err)
{
	json_t *before = auth_user_json(b);
	json_t *after = auth_with_actor(who, auth_user_json(a));
	int rc = keeps_an_admin(st, b, a, err);

	if (rc == 0)
		rc = store_user_update(st, a, patch_fields(p), err);
	/* Actors follow the role: a role change may drop them. */
	if (rc == 0 && (p->has_actors || p->has_role))
		rc = store_user_set_actors(st, a, err);
	/* Disabled means out at once, and for good: the sessions go, and the
	 * tokens are revoked, so enabling the user again does not bring
	 * back a token that may have leaked meanwhile. */
	if (rc == 0 && a->disabled && !b->disabled)
		rc = store_session_delete_user(st, a->id, 0, err);
	if (rc == 0 && a->disabled && !b->disabled)
		rc = revoke_tokens(st, who, a, "user disabled", now, err);
	if (rc == 0)
		rc = audit_append(st, who, "user.update", "users", a->username,
				  before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

json_t *auth_user_patch(struct store *st, const struct principal *who,
			const char *username, const struct auth_user_patch *p,
			time_t now, struct err *err)
{
	struct user b, a;
	int rc;

	if (allowed(st, who, OP_MANAGE_USERS, "change user", err) < 0 ||
	    store_begin(st, err) < 0)
		return NULL;
	/* Read under the write lock: a patch racing this one has either
	 * committed (and is seen here) or waits for this one to end. */
	rc = store_user_get(st, username, &b, err);
	if (rc == 0) {
		a = b;
		rc = apply_patch(st, &a, p, err);
	}
	if (rc == 0)
		rc = patch_rows(st, who, &b, &a, p, now, err);
	if (end_tx(st, rc, err) < 0)
		return NULL;
	return auth_user_json(&a);
}

static int add_user(const struct user *u, void *arg)
{
	json_array_append_new(arg, auth_user_json(u));
	return 0;
}

json_t *auth_user_list(struct store *st, const struct principal *who,
		       struct err *err)
{
	json_t *list;

	if (allowed(st, who, OP_MANAGE_USERS, "list users", err) < 0)
		return NULL;
	list = json_array();
	if (store_user_each(st, NULL, add_user, list, err) < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

json_t *auth_user_get(struct store *st, const struct principal *who,
		      const char *username, struct err *err)
{
	struct user u;

	if (allowed(st, who, OP_MANAGE_USERS, "read user", err) < 0 ||
	    store_user_get(st, username, &u, err) < 0)
		return NULL;
	return auth_user_json(&u);
}

/*
 * The rows of a new password for u: the hash, its one-time links voided,
 * its sessions ended but `keep` (a session rowid, 0 for none), and the
 * audit event `action` with detail (taken over). Inside a transaction.
 */
static int password_rows(struct store *st, const struct principal *who,
			 const struct user *u, const char *hash, int64_t keep,
			 const char *action, json_t *detail, time_t now,
			 struct err *err)
{
	char at[USER_TIME_MAX + 1];
	int rc;

	auth_time_iso(now, at);
	detail = auth_with_actor(who, detail);
	rc = store_user_set_password(st, u->id, hash, at, err);
	if (rc == 0)
		rc = store_one_time_use(st, u->id, at, err);
	if (rc == 0)
		rc = store_session_delete_user(st, u->id, keep, err);
	if (rc == 0)
		rc = audit_append(st, who, action, "users", u->username, NULL,
				  detail, err);
	json_decref(detail);
	return rc;
}

/* The new password of u in one transaction; `attempt` (0: none) is the
 * password change's sign-in attempt, which turned out well. */
static int write_password(struct store *st, const struct principal *who,
			  const struct user *u, const char *hash,
			  int64_t keep, int64_t attempt, const char *action,
			  time_t now, struct err *err)
{
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	rc = password_rows(st, who, u, hash, keep, action, json_object(), now,
			   err);
	if (rc == 0 && attempt)
		rc = store_login_attempt_mark(st, attempt, LOGIN_OK, err);
	return end_tx(st, rc, err);
}

int auth_user_set_password(struct store *st, const struct principal *who,
			   const char *username, const char *password,
			   time_t now, struct err *err)
{
	char hash[USER_HASH_MAX + 1];
	struct user u;

	if (allowed(st, who, OP_MANAGE_USERS, "set password", err) < 0 ||
	    store_user_get(st, username, &u, err) < 0 ||
	    auth_password_check(password, u.username, err) < 0 ||
	    auth_password_hash(password, hash, err) < 0)
		return -1;
	return write_password(st, who, &u, hash, 0, 0, "user.password_set",
			      now, err);
}

/* A password change is for a signed-in user, not a token or nobody. */
static int may_change_password(struct store *st, const struct principal *who,
			       struct err *err)
{
	if (allowed(st, who, OP_OWN_ACCOUNT, "change password", err) < 0)
		return -1;
	if (who->user_id && !who->token_id)
		return 0;
	err_set(err, ERR_FORBIDDEN,
		_("change a password while signed in, not with an API "
		  "token"));
	audit_denied(st, who, "change password", NULL, NULL, err);
	return -1;
}

int auth_password_change(struct store *st, const struct principal *who,
			 const char *current, const char *new_password,
			 const char *address, time_t now, int *retry_after_s,
			 struct err *err)
{
	char hash[USER_HASH_MAX + 1];
	int64_t attempt = 0;
	const char *why;
	struct user u;

	*retry_after_s = 0;
	/* The new password's rules first: they cost nothing and say nothing
	 * about the current one, so a weak one is no failed guess. */
	if (may_change_password(st, who, err) < 0 ||
	    auth_password_check(new_password, who->username, err) < 0)
		return -1;
	/* As at sign-in: the guess counts as failed, under the write lock,
	 * before the current password is looked at. */
	if (begin_attempt(st, who, who->username, address, now, retry_after_s,
			  &attempt, err) < 0)
		return -1;
	if (*retry_after_s > 0)
		return throttled(*retry_after_s, err);
	if (store_user_get_id(st, who->user_id, &u, err) < 0)
		return -1;
	if (!password_opens(&u, current ? current : "", &why)) {
		if (audit_failure(st, who, u.username, address,
				  "password change", err) < 0)
			return -1;
		return err_set_field(err, ERR_FORBIDDEN, "current",
				     _("the current password is wrong"));
	}
	if (auth_password_hash(new_password, hash, err) < 0)
		return -1;
	return write_password(st, who, &u, hash, who->session_row, attempt,
			      "user.password_change", now, err);
}

/* ---- one-time links ---- */

static bool is_invite(const char *purpose)
{
	return !strcmp(purpose, "invite");
}

static void link_url(const char *purpose, const char *secret, char *out,
		     size_t n)
{
	const char *base = config_get()->base_url;
	size_t len = strlen(base);

	while (len && base[len - 1] == '/')
		len--;
	snprintf(out, n, "%.*s/nb/%s?token=%s", (int)len, base,
		 is_invite(purpose) ? "invite" : "reset", secret);
}

/* The e-mail for a link, in Norwegian (the users' language). */
static void compose(const struct user *u, const char *purpose,
		    const char *url, struct buf *subject, struct buf *body)
{
	if (is_invite(purpose)) {
		buf_addstr(subject, "Invitasjon til veikart");
		buf_addf(body,
			 "Hei!\n\nDu er invitert til veikart med brukernavnet "
			 "%s (rolle: %s).\nVelg passord her. Lenken virker i "
			 "72 timer og kan brukes én gang:\n\n%s\n\nVentet du "
			 "ikke denne e-posten, kan du se bort fra den.\n",
			 u->username, role_name(u->role), url);
		return;
	}
	buf_addstr(subject, "Nytt passord i veikart");
	buf_addf(body,
		 "Hei!\n\nNoen ba om nytt passord for brukeren %s i veikart.\n"
		 "Lenken virker i én time og kan brukes én gang:\n\n%s\n\n"
		 "Ba du ikke om dette, kan du se bort fra e-posten; passordet "
		 "ditt er ikke endret.\n",
		 u->username, url);
}

/* E-mails u the link; ERR_IO (or ERR_INVALID for an address refused
 * before sending) when it does not go out. */
static int send_link(const struct user *u, const char *purpose,
		     const char *secret, struct err *err)
{
	struct buf subject = BUF_INIT, body = BUF_INIT;
	struct mail_message m;
	char url[1024];
	int rc;

	link_url(purpose, secret, url, sizeof(url));
	compose(u, purpose, url, &subject, &body);
	m = (struct mail_message){ u->email, buf_cstr(&subject),
				   buf_cstr(&body) };
	rc = mail_send(config_get(), &m, err);
	sodium_memzero(url, sizeof(url));
	if (body.buf)
		sodium_memzero(body.buf, body.len);
	buf_release(&subject);
	buf_release(&body);
	return rc;
}

/* A new link for u (inside a transaction); the secret goes to `secret`. */
static int make_link(struct store *st, const struct principal *who,
		     const struct user *u, const char *purpose, time_t now,
		     char secret[AUTH_SECRET_LEN + 1], struct err *err)
{
	char hash[USER_SECRET_HASH + 1], at[USER_TIME_MAX + 1],
		until[USER_TIME_MAX + 1];
	json_t *d;
	int rc;

	if (auth_secret_new(secret) < 0)
		return err_set(err, ERR_INTERNAL,
			       _("no randomness; try again"));
	auth_secret_hash(secret, hash);
	auth_time_iso(now, at);
	auth_time_iso(now + (is_invite(purpose) ? AUTH_INVITE_S : AUTH_RESET_S),
		      until);
	if (store_one_time_insert(st, u->id, purpose, hash, at, until, err) <
	    0)
		return -1;
	d = auth_with_actor(who, json_pack("{s:s,s:s}", "purpose", purpose,
				      "expires_at", until));
	rc = audit_append(st, who, "user.link_create", "users", u->username,
			  NULL, d, err);
	json_decref(d);
	return rc;
}

static int need_mail(struct err *err)
{
	if (!config_get()->smtp_url)
		return err_set(err, ERR_INVALID,
			       _("e-mail is not configured: set "
				 "VEIKART_SMTP_URL (such as "
				 "smtp://localhost:25) and try again"));
	return 0;
}

/* Creates the user and, when send, the link, in one transaction. */
static int create_invited(struct store *st, const struct principal *who,
			  struct user *u, bool send, time_t now,
			  char secret[AUTH_SECRET_LEN + 1], struct err *err)
{
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	rc = insert_user(st, who, u, err);
	if (rc == 0 && send)
		rc = make_link(st, who, u, "invite", now, secret, err);
	return end_tx(st, rc, err);
}

int auth_user_invite(struct store *st, const struct principal *who,
		     const struct auth_user_in *in, bool must_send,
		     time_t now, struct auth_invite_result *res,
		     struct err *err)
{
	char secret[AUTH_SECRET_LEN + 1] = "";
	struct err mail_err = ERR_INIT;
	struct user u;
	bool send;
	int rc;

	memset(res, 0, sizeof(*res));
	if (allowed(st, who, OP_MANAGE_USERS, "invite user", err) < 0 ||
	    (must_send && need_mail(err) < 0))
		return -1;
	if (must_send && (!in->email || !*in->email))
		return err_set_field(err, ERR_INVALID, "email",
				     _("an invitation needs an e-mail "
				       "address"));
	if (user_from_in(st, in, &u, err) < 0)
		return -1;
	send = config_get()->smtp_url && u.email[0];
	if (!send)
		snprintf(res->why_not, sizeof(res->why_not), "%s",
			 u.email[0] ? _("e-mail is not configured "
					"(VEIKART_SMTP_URL)")
				    : _("the user has no e-mail address"));
	if (create_invited(st, who, &u, send, now, secret, err) < 0)
		return -1;
	if (!send)
		return 0;
	rc = send_link(&u, "invite", secret, &mail_err);
	sodium_memzero(secret, sizeof(secret));
	res->sent = rc == 0;
	if (rc == 0)
		return 0;
	snprintf(res->why_not, sizeof(res->why_not), "%.*s",
		 (int)sizeof(res->why_not) - 1, mail_err.msg);
	if (!must_send)
		return 0;
	return err_set(err, ERR_IO,
		       _("user %s was created, but the invitation could not "
			 "be sent (%s); send it again with `veikart user reset "
			 "%s`"),
		       u.username, mail_err.msg, u.username);
}

int auth_reset_send(struct store *st, const struct principal *who,
		    const char *username, time_t now, struct err *err)
{
	char secret[AUTH_SECRET_LEN + 1];
	const char *purpose;
	struct user u;
	int rc;

	if (allowed(st, who, OP_MANAGE_USERS, "send reset link", err) < 0 ||
	    need_mail(err) < 0 || store_user_get(st, username, &u, err) < 0)
		return -1;
	if (u.disabled)
		return err_set(err, ERR_CONFLICT,
			       _("user %s is disabled; enable them first"),
			       u.username);
	if (!u.email[0])
		return err_set(err, ERR_INVALID,
			       _("user %s has no e-mail address; set one, or "
				 "set the password with `veikart user passwd "
				 "%s`"),
			       u.username, u.username);
	purpose = u.password_hash[0] ? "reset" : "invite";
	if (store_begin(st, err) < 0)
		return -1;
	if (end_tx(st, make_link(st, who, &u, purpose, now, secret, err),
		   err) < 0)
		return -1;
	rc = send_link(&u, purpose, secret, err);
	sodium_memzero(secret, sizeof(secret));
	if (rc < 0 && err)
		err->code = ERR_IO;
	return rc;
}

/* ---- password reset requests, in the background ---- */

static const char *link_purpose(const struct user *u)
{
	return u->password_hash[0] ? "reset" : "invite";
}

/*
 * One account's reset, in one transaction: reads user id, and when it is
 * enabled, has an address and got fewer than AUTH_RESET_PER_HOUR links in
 * the hour before now - counted under the write lock, so that requests
 * racing each other cannot pass the cap together - makes a link. secret
 * is "" when none was made.
 */
static int reset_link(struct store *st, int64_t id, time_t now,
		      struct user *u, char secret[AUTH_SECRET_LEN + 1],
		      struct err *err)
{
	char since[USER_TIME_MAX + 1];
	struct principal nobody;
	int64_t n = 0;
	int rc;

	memset(&nobody, 0, sizeof(nobody));
	secret[0] = '\0';
	auth_time_iso(now - 3600, since);
	if (store_begin(st, err) < 0)
		return -1;
	rc = store_user_get_id(st, id, u, err);
	if (rc == 0 && (u->disabled || !u->email[0]))
		return end_tx(st, 0, err);
	if (rc == 0)
		rc = store_one_time_count(st, u->id, since, &n, err);
	/* A cap, so that nobody can flood a person's inbox through us. */
	if (rc == 0 && n >= AUTH_RESET_PER_HOUR)
		log_info("event=reset_not_sent reason=too_many user_id=%lld",
			 (long long)u->id);
	else if (rc == 0)
		rc = make_link(st, &nobody, u, link_purpose(u), now, secret,
			       err);
	if (end_tx(st, rc, err) < 0) {
		sodium_memzero(secret, AUTH_SECRET_LEN + 1);
		return -1;
	}
	return 0;
}

struct id_list {
	int64_t ids[PRINCIPAL_MAX_ACTORS];
	size_t n;
};

static int collect_id(const struct user *u, void *arg)
{
	struct id_list *l = arg;

	l->ids[l->n++] = u->id;
	return l->n == PRINCIPAL_MAX_ACTORS;
}

/* The accounts a request names: one by name (as typed), or those with the
 * e-mail address. */
static int reset_targets(struct store *st, const char *username,
			 const char *email, struct id_list *l,
			 struct err *err)
{
	char name[USER_NAME_MAX + 1];
	struct user u;
	bool found;

	l->n = 0;
	if (username) {
		/* A longer name would be cut by fold_name: it names nobody. */
		if (strlen(username) > USER_NAME_MAX)
			return 0;
		fold_name(username, name);
		if (find_user(st, name, &u, &found, err) < 0)
			return -1;
		if (found)
			l->ids[l->n++] = u.id;
		return 0;
	}
	if (!email || auth_email_check(email, NULL) < 0)
		return 0;
	return store_user_each(st, email, collect_id, l, err);
}

int auth_reset_work(struct store *st, const char *username,
		    const char *email, time_t now, bool send,
		    struct err *err)
{
	char secret[AUTH_SECRET_LEN + 1];
	struct id_list l;
	struct user u;
	int rc = 0;

	if (reset_targets(st, username, email, &l, err) < 0)
		return -1;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		rc = reset_link(st, l.ids[i], now, &u, secret, err);
		if (rc == 0 && secret[0] && send &&
		    send_link(&u, link_purpose(&u), secret, NULL) < 0)
			log_warn("event=reset_mail_failed user_id=%lld",
				 (long long)u.id);
		sodium_memzero(secret, sizeof(secret));
	}
	return rc;
}

/*
 * Reset jobs running now, in the whole process. The one mutable global of
 * this module, for the one thing that must be bounded across all server
 * threads: how many threads, database connections and SMTP sessions
 * anonymous requests can have going at once.
 */
static atomic_int jobs_running;

/* A reset request handed to a background thread, which owns and frees
 * it. */
struct reset_job {
	char *db;		/* the database file */
	char *username;		/* or NULL */
	char *email;		/* or NULL */
	time_t now;
};

static void reset_job_free(struct reset_job *j)
{
	free(j->db);
	free(j->username);
	free(j->email);
	free(j);
}

static void *reset_thread(void *arg)
{
	struct reset_job *j = arg;
	char quoted[PARSE_QUOTE_MAX];
	struct err err = ERR_INIT;
	struct store *st = store_open(j->db, 0, &err);

	if (!st || auth_reset_work(st, j->username, j->email, j->now, true,
				   &err) < 0) {
		parse_quote(err.msg, quoted);
		log_warn("event=reset_failed msg=\"%s\"", quoted);
	}
	store_close(st);
	reset_job_free(j);
	atomic_fetch_sub(&jobs_running, 1);
	return NULL;
}

/* Runs j in a thread of its own, or drops it when AUTH_JOBS_MAX run. */
static void start_job(struct reset_job *j)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	if (atomic_fetch_add(&jobs_running, 1) >= AUTH_JOBS_MAX) {
		atomic_fetch_sub(&jobs_running, 1);
		log_warn("event=reset_dropped reason=\"%d requests are being "
			 "handled\"",
			 AUTH_JOBS_MAX);
		reset_job_free(j);
		return;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, reset_thread, j);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		atomic_fetch_sub(&jobs_running, 1);
		log_warn("event=reset_dropped reason=\"no thread\"");
		reset_job_free(j);
	}
}

int auth_reset_request(struct store *st, const char *username,
		       const char *email, time_t now, struct err *err)
{
	struct reset_job *j;

	(void)err;
	if (!config_get()->smtp_url) {
		log_warn("event=reset_not_sent reason=\"VEIKART_SMTP_URL is "
			 "not set\"");
		return 0;
	}
	/* Nothing here depends on the account: the answer takes as long
	 * whether or not it exists. */
	j = xcalloc(1, sizeof(*j));
	j->db = xstrdup(store_path(st));
	j->username = username ? xstrdup(username) : NULL;
	j->email = email ? xstrdup(email) : NULL;
	j->now = now;
	start_job(j);
	return 0;
}

bool auth_background_wait(int timeout_s)
{
	for (long i = 0; i < timeout_s * 100L; i++) {
		if (atomic_load(&jobs_running) == 0)
			return true;
		usleep(10 * 1000);
	}
	return atomic_load(&jobs_running) == 0;
}

/* The user a link token opens, checked: exists, unused, not expired. */
static int link_user(struct store *st, const char *token, time_t now,
		     struct one_time_row *row, struct user *u,
		     struct err *err)
{
	char hash[USER_SECRET_HASH + 1];
	time_t until;

	if (!auth_secret_well_formed(token))
		return err_set_field(err, ERR_INVALID, "token",
				     _("this link is not valid; ask for a new "
				       "one"));
	auth_secret_hash(token, hash);
	if (store_one_time_find(st, hash, row, err) < 0)
		return err && err->code == ERR_NOT_FOUND
			       ? err_set_field(err, ERR_INVALID, "token",
					       _("this link is not valid; ask "
						 "for a new one"))
			       : -1;
	if (row->used)
		return err_set_field(err, ERR_INVALID, "token",
				     _("this link was used already; ask for a "
				       "new one"));
	if (auth_time_parse(row->expires_at, &until) < 0 || now >= until)
		return err_set_field(err, ERR_INVALID, "token",
				     _("this link has expired; ask for a new "
				       "one"));
	if (store_user_get_id(st, row->user_id, u, err) < 0)
		return -1;
	if (u->disabled)
		return err_set_field(err, ERR_INVALID, "token",
				     _("this account is disabled; ask an "
				       "administrator"));
	return 0;
}

int auth_password_from_link(struct store *st, const char *link_token,
			    const char *password, time_t now,
			    struct err *err)
{
	char hash[USER_HASH_MAX + 1];
	struct one_time_row row;
	struct principal p;
	struct user u;
	int rc;

	if (link_user(st, link_token, now, &row, &u, err) < 0 ||
	    auth_password_check(password, u.username, err) < 0 ||
	    auth_password_hash(password, hash, err) < 0)
		return -1;
	/* Checked again under the write lock: two uses racing each other
	 * must not both succeed. */
	if (store_begin(st, err) < 0)
		return -1;
	if (link_user(st, link_token, now, &row, &u, err) < 0) {
		store_rollback(st);
		return -1;
	}
	principal_from_user(&u, &p);
	rc = password_rows(st, &p, &u, hash, 0,
			   is_invite(row.purpose) ? "user.invite_accepted"
						  : "user.password_reset",
			   json_pack("{s:s}", "purpose", row.purpose), now,
			   err);
	/* A reset may be because the account was taken over: its tokens go
	 * with its sessions. (A user changing their own password keeps
	 * them; they revoke what they no longer trust.) */
	if (rc == 0 && !is_invite(row.purpose))
		rc = revoke_tokens(st, &p, &u, "password reset", now, err);
	return end_tx(st, rc, err);
}
