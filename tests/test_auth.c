/*
 * tests/test_auth.c: service/auth.c. The value functions without a
 * database (password rules and the common list, argon2id hashing, secrets
 * and token format, CSRF comparison, session expiry and throttle timing
 * with time as a parameter), then sign-in, sessions, tokens, users and
 * one-time links against a temporary database, with a clock the test
 * moves. (The cookie parsers are in tests/test_cookie.c.)
 */
#include "fixture.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <time.h>

#include "mail/mail.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/write.h"
#include "util/config.h"

#define T0 ((time_t)1750000000)	/* 2025-06-15T15:06:40Z */
#define GOOD_PW "lange ord som huskes"

static struct config cfg;

static int setup(void **state)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = "http://veikart.test";
	cfg.mail_from = "veikart@localhost";
	cfg.session_idle_s = 3600;
	cfg.session_max_s = 43200;
	config_set(&cfg);	/* no SMTP: nothing is mailed */
	return fixture_setup(state);
}

/* ---- values ---- */

static void test_username_rules(void **state)
{
	(void)state;
	assert_int_equal(auth_username_check("ola", NULL), 0);
	assert_int_equal(auth_username_check("ola.nordmann_2-x", NULL), 0);
	assert_int_equal(auth_username_check("o", NULL), -1);
	assert_int_equal(auth_username_check("Ola", NULL), -1);
	assert_int_equal(auth_username_check("ola nordmann", NULL), -1);
	assert_int_equal(auth_username_check("øyvind", NULL), -1);
	assert_int_equal(auth_username_check("x'; DROP TABLE app_user;--",
					     NULL),
			 -1);
	assert_int_equal(auth_username_check(NULL, NULL), -1);
}

static void test_email_rules(void **state)
{
	(void)state;
	assert_int_equal(auth_email_check("ola@example.no", NULL), 0);
	assert_int_equal(auth_email_check("ola@localhost", NULL), -1);
	assert_int_equal(auth_email_check("ola@@example.no", NULL), -1);
	assert_int_equal(auth_email_check("@example.no", NULL), -1);
	assert_int_equal(auth_email_check("a b@example.no", NULL), -1);
	assert_int_equal(auth_email_check("a@example.no\r\nBcc: x@y.no", NULL),
			 -1);
	assert_int_equal(auth_email_check("<a@example.no>", NULL), -1);
}

static void test_password_length(void **state)
{
	char big[AUTH_PASSWORD_MAX + 2];
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(auth_password_check("kort passord", NULL, NULL), 0);
	assert_int_equal(auth_password_check("kort passor", NULL, &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(err.msg, "at least 12"));
	/* Characters, not bytes: twelve letters of two bytes each pass,
	 * eleven do not. */
	assert_int_equal(auth_password_check("æøåæøåæøåÆØÅ", NULL, NULL), 0);
	assert_int_equal(auth_password_check("æøåæøåæøåÆØ", NULL, NULL), -1);
	memset(big, 'k', AUTH_PASSWORD_MAX);
	big[0] = 'Q';
	big[AUTH_PASSWORD_MAX] = '\0';
	assert_int_equal(auth_password_check(big, NULL, NULL), 0);
	big[AUTH_PASSWORD_MAX] = 'x';
	big[AUTH_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(auth_password_check(big, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	assert_int_equal(auth_password_check("", NULL, NULL), -1);
	assert_int_equal(auth_password_check(NULL, NULL, NULL), -1);
	assert_int_equal(auth_password_check("\xff\xfe ugyldig utf-8 tekst",
					     NULL, NULL),
			 -1);
}

static void test_password_common_list(void **state)
{
	struct err err = ERR_INIT;

	(void)state;
	assert_true(auth_password_is_common("passord123456"));
	assert_true(auth_password_is_common("PASSORD123456"));
	assert_true(auth_password_is_common("sommer2024"));
	assert_true(auth_password_is_common("Sommer2024"));
	assert_true(auth_password_is_common("Sommer2024!!!!"));
	assert_true(auth_password_is_common("qwerty123456"));
	assert_true(auth_password_is_common("HØST2024"));
	assert_true(auth_password_is_common("velkommen2025!"));
	assert_true(auth_password_is_common("zzzzzzzzzzzzzz"));
	assert_false(auth_password_is_common(GOOD_PW));
	assert_false(auth_password_is_common("passord-er-bare-starten"));
	assert_int_equal(auth_password_check("Passord123456", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "common"));
	assert_int_equal(auth_password_check("password1234", NULL, NULL), -1);
}

static void test_password_not_username(void **state)
{
	(void)state;
	assert_int_equal(auth_password_check("ola.nordmann", "ola.nordmann",
					     NULL),
			 -1);
	assert_int_equal(auth_password_check("OLA.NORDMANN", "ola.nordmann",
					     NULL),
			 -1);
	assert_int_equal(auth_password_check("ola.nordmann1", "ola.nordmann",
					     NULL),
			 0);
}

static void test_hash_and_verify(void **state)
{
	char h[USER_HASH_MAX + 1], old[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(auth_password_hash(GOOD_PW, h, NULL), 0);
	assert_true(!strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31));
	assert_true(auth_password_verify(h, GOOD_PW));
	assert_false(auth_password_verify(h, "lange ord som huske"));
	assert_false(auth_password_verify(h, ""));
	assert_false(auth_password_verify("", GOOD_PW));
	assert_false(auth_password_needs_rehash(h));
	/* A hash with weaker parameters is redone at the next sign-in. */
	assert_int_equal(crypto_pwhash_str_alg(old, GOOD_PW, strlen(GOOD_PW),
					       1, 8192 * 1024,
					       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_true(auth_password_verify(old, GOOD_PW));
	assert_true(auth_password_needs_rehash(old));
}

static void test_secrets_and_tokens(void **state)
{
	char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1];
	char tok[AUTH_TOKEN_LEN + 1], hash[65], again[65], prefix[16];

	(void)state;
	assert_int_equal(auth_secret_new(a), 0);
	assert_int_equal(auth_secret_new(b), 0);
	assert_int_equal(strlen(a), 43);
	assert_true(auth_secret_well_formed(a));
	assert_string_not_equal(a, b);
	auth_secret_hash("abc", hash);
	assert_string_equal(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396"
				  "177a9cb410ff61f20015ad");
	assert_int_equal(auth_token_new(tok, hash, prefix), 0);
	assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
	assert_true(!strncmp(tok, "vk_", 3));
	assert_true(auth_token_well_formed(tok));
	auth_secret_hash(tok, again);
	assert_string_equal(hash, again);
	assert_int_equal(strlen(prefix), 9);
	assert_true(!strncmp(tok, prefix, 9));
	/* Only the exact shape passes. */
	assert_false(auth_token_well_formed(a));
	tok[10] = '+';
	assert_false(auth_token_well_formed(tok));
	tok[AUTH_TOKEN_LEN - 1] = '\0';
	assert_false(auth_token_well_formed(tok));
	assert_false(auth_token_well_formed("vk_"));
	assert_false(auth_token_well_formed(NULL));
	assert_false(auth_secret_well_formed("' OR 1=1 --"));
}

static void test_csrf_compare(void **state)
{
	char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1];

	(void)state;
	auth_secret_new(a);
	memcpy(b, a, sizeof(b));
	assert_true(auth_csrf_equal(a, b));
	b[42] = b[42] == 'A' ? 'B' : 'A';
	assert_false(auth_csrf_equal(a, b));
	b[42] = '\0';
	assert_false(auth_csrf_equal(a, b));
	assert_false(auth_csrf_equal(a, ""));
	assert_false(auth_csrf_equal(a, NULL));
	assert_false(auth_csrf_equal("", ""));
	assert_false(auth_csrf_equal(NULL, a));
}

static void test_time_round_trip(void **state)
{
	char iso[USER_TIME_MAX + 1];
	time_t t;

	(void)state;
	auth_time_iso(T0, iso);
	assert_string_equal(iso, "2025-06-15T15:06:40Z");
	assert_int_equal(auth_time_parse(iso, &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(auth_time_parse("2025-06-15T15:06:40.123Z", &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(auth_time_parse("2025-06-15 15:06:40", &t), -1);
	assert_int_equal(auth_time_parse("i går", &t), -1);
	assert_int_equal(auth_time_parse(NULL, &t), -1);
}

static void session_at(struct session_row *s, time_t created, time_t seen,
		       time_t expires)
{
	memset(s, 0, sizeof(*s));
	auth_time_iso(created, s->created_at);
	auth_time_iso(seen, s->last_seen);
	auth_time_iso(expires, s->expires_at);
}

static void test_session_judge(void **state)
{
	struct session_row s;

	(void)state;
	session_at(&s, T0, T0, T0 + 43200);
	assert_int_equal(auth_session_judge(&s, T0 + 59, 3600, 43200),
			 AUTH_SESSION_VALID);
	assert_int_equal(auth_session_judge(&s, T0 + 60, 3600, 43200),
			 AUTH_SESSION_TOUCH);
	assert_int_equal(auth_session_judge(&s, T0 + 3599, 3600, 43200),
			 AUTH_SESSION_TOUCH);
	assert_int_equal(auth_session_judge(&s, T0 + 3600, 3600, 43200),
			 AUTH_SESSION_IDLE);
	/* Kept alive by use, it still ends at its absolute limit. */
	session_at(&s, T0, T0 + 43100, T0 + 43200);
	assert_int_equal(auth_session_judge(&s, T0 + 43130, 3600, 43200),
			 AUTH_SESSION_VALID);
	assert_int_equal(auth_session_judge(&s, T0 + 43200, 3600, 43200),
			 AUTH_SESSION_EXPIRED);
	/* A maximum lowered since the session began applies at once. */
	assert_int_equal(auth_session_judge(&s, T0 + 43150, 3600, 7200),
			 AUTH_SESSION_EXPIRED);
	snprintf(s.expires_at, sizeof(s.expires_at), "garbage");
	assert_int_equal(auth_session_judge(&s, T0, 3600, 43200),
			 AUTH_SESSION_EXPIRED);
}

static void test_throttle_wait(void **state)
{
	char iso[USER_TIME_MAX + 1];

	(void)state;
	auth_time_iso(T0, iso);
	assert_int_equal(auth_throttle_wait(iso, T0), AUTH_THROTTLE_WINDOW_S);
	assert_int_equal(auth_throttle_wait(iso, T0 + 600), 300);
	assert_int_equal(auth_throttle_wait(iso, T0 + 5000), 1);
}

/* ---- against a database ---- */

static void add_user(struct store *st, const char *name, enum role role,
		     const char *pw)
{
	static const char *const actors[] = { "SIVA" };
	struct auth_user_in in = { name, NULL, NULL, role, actors,
				   role == ROLE_REPORTER ? 1 : 0 };
	struct principal cli;
	struct err err = ERR_INIT;

	auth_cli_principal(&cli);
	if (auth_user_add(st, &cli, &in, pw, T0, &err) < 0)
		fail_msg("add_user %s: %s", name, err.msg);
}

static void add_actor(struct store *st)
{
	assert_int_equal(store_exec(st,
				    "INSERT INTO actor (id, name_nb) "
				    "VALUES ('SIVA', 'Siva')",
				    NULL),
			 0);
}

static int sign_in(struct store *st, const char *name, const char *pw,
		   const char *addr, time_t now, struct auth_new_session *s,
		   struct principal *who, struct err *err)
{
	struct auth_credentials c = { name, pw, addr, NULL };

	return auth_sign_in(st, &c, now, s, who, err);
}

static void test_sign_in_and_resolve(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct principal who, again;
	struct err err = ERR_INIT;

	add_actor(fx->st);
	add_user(fx->st, "kari", ROLE_REPORTER, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "Kari", GOOD_PW, "10.0.0.1", T0, &s,
				 &who, &err),
			 0);
	assert_int_equal(who.role, ROLE_REPORTER);
	assert_string_equal(who.username, "kari");
	assert_int_equal(who.nactors, 1);
	assert_string_equal(who.actors[0], "SIVA");
	assert_true(who.can_write);
	assert_string_equal(who.csrf, s.csrf);
	assert_true(auth_secret_well_formed(s.cookie));
	/* Only the hash of the cookie is stored. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session"),
			 1);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 10,
					      &again, &err),
			 0);
	assert_int_equal(again.user_id, who.user_id);
	assert_string_equal(again.csrf, s.csrf);
	assert_int_equal(again.session_row, who.session_row);
	assert_int_equal(auth_sign_out(fx->st, &again, &err), 0);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 20,
					      &again, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
}

static void test_cookie_is_stored_hashed(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct principal who;
	char hash[65], sql[200];

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1", T0, &s,
				 &who, NULL),
			 0);
	auth_secret_hash(s.cookie, hash);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM session WHERE id = '%s'", hash);
	assert_int_equal(fixture_int(fx->st, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM session WHERE id = '%s'", s.cookie);
	assert_int_equal(fixture_int(fx->st, sql), 0);
}

static void test_wrong_password_same_as_unknown_user(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err a = ERR_INIT, b = ERR_INIT;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", "feil passord her", "1.1.1.1",
				 T0, &s, &who, &a),
			 -1);
	assert_int_equal(sign_in(fx->st, "per", "feil passord her", "1.1.1.1",
				 T0, &s, &who, &b),
			 -1);
	assert_int_equal(a.code, ERR_UNAUTHENTICATED);
	assert_int_equal(b.code, ERR_UNAUTHENTICATED);
	assert_string_equal(a.msg, b.msg);
	assert_string_equal(a.msg, AUTH_WRONG_CREDENTIALS);
	/* Both attempts are recorded and audited, the password nowhere. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "login_attempt WHERE ok = 0"),
			 2);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM audit_event "
				     "WHERE action = 'session.sign_in_failed'"),
			 2);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE after_json LIKE "
					     "'%feil passord%'"),
			 0);
}

static void test_throttle_per_account(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	for (int i = 0; i < AUTH_THROTTLE_PER_USER; i++)
		assert_int_equal(sign_in(fx->st, "ola", "feil feil feil",
					 "10.0.0.1", T0 + i, &s, &who, &err),
				 -1);
	/* Now even the right password is refused, with a wait. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.2", T0 + 60,
				 &s, &who, &err),
			 -1);
	assert_int_equal(err.code, ERR_RATE);
	assert_int_equal(s.retry_after_s, AUTH_THROTTLE_WINDOW_S - 60);
	assert_non_null(strstr(err.msg, "try again in 14 minutes"));
	/* The same for a name that does not exist: no enumeration. */
	for (int i = 0; i < AUTH_THROTTLE_PER_USER; i++)
		sign_in(fx->st, "ingen", "feil feil feil", "10.0.0.3", T0 + i,
			&s, &who, NULL);
	assert_int_equal(sign_in(fx->st, "ingen", "x", "10.0.0.4", T0 + 60, &s,
				 &who, &err),
			 -1);
	assert_int_equal(err.code, ERR_RATE);
	/* Once the oldest failure leaves the window, one try is allowed. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.2",
				 T0 + AUTH_THROTTLE_WINDOW_S + 1, &s, &who,
				 &err),
			 0);
}

static void test_success_clears_account_count(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	for (int i = 0; i < AUTH_THROTTLE_PER_USER - 1; i++)
		sign_in(fx->st, "ola", "feil feil feil", "10.0.0.1", T0, &s,
			&who, NULL);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1", T0 + 1,
				 &s, &who, &err),
			 0);
	for (int i = 0; i < AUTH_THROTTLE_PER_USER - 1; i++)
		sign_in(fx->st, "ola", "feil feil feil", "10.0.0.1", T0 + 2,
			&s, &who, NULL);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1", T0 + 3,
				 &s, &who, &err),
			 0);
}

static void test_throttle_per_address(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;
	char name[32];

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	/* Spraying many names from one address. */
	for (int i = 0; i < AUTH_THROTTLE_PER_ADDRESS; i++) {
		snprintf(name, sizeof(name), "navn%d", i);
		sign_in(fx->st, name, "feil feil feil", "192.0.2.9", T0, &s,
			&who, NULL);
	}
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "192.0.2.9", T0 + 1,
				 &s, &who, &err),
			 -1);
	assert_int_equal(err.code, ERR_RATE);
	/* Another address is not affected. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "192.0.2.10", T0 + 1,
				 &s, &who, &err),
			 0);
}

static void test_session_expiry(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	/* Used every half hour, the session lives to its absolute end. */
	for (time_t t = T0 + 1800; t < T0 + 43200; t += 1800)
		assert_int_equal(auth_session_resolve(fx->st, s.cookie, t, &who,
						      &err),
				 0);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 43200,
					      &who, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	/* The expired row is gone. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session"),
			 0);
	/* Idle: an hour without use ends it. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 3600,
					      &who, &err),
			 -1);
	assert_non_null(strstr(err.msg, "without use"));
}

static void test_last_seen_written_once_a_minute(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 NULL),
			 0);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 30, &who,
					      NULL),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session "
					     "WHERE last_seen = created_at"),
			 1);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 61, &who,
					      NULL),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM session "
					     "WHERE last_seen = created_at"),
			 0);
}

static void test_disabled_user_is_out_at_once(void **state)
{
	struct fixture *fx = *state;
	char token[AUTH_TOKEN_LEN + 1];
	struct auth_user_patch p = { 0 };
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who, cli;
	struct token_row t;
	json_t *u;

	auth_cli_principal(&cli);
	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	add_user(fx->st, "per", ROLE_COORDINATOR, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	assert_int_equal(auth_token_create(fx->st, &cli, "per", "write", NULL,
					   T0, token, &t, &err),
			 0);
	p.has_disabled = true;
	p.disabled = true;
	u = auth_user_patch(fx->st, &cli, "per", &p, T0, &err);
	assert_non_null(u);
	json_decref(u);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 1, &who,
					      &err),
			 -1);
	assert_int_equal(auth_token_resolve(fx->st, token, T0 + 1, &who, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, NULL, T0 + 2, &s,
				 &who, &err),
			 -1);
	assert_string_equal(err.msg, AUTH_WRONG_CREDENTIALS);
}

static void test_tokens(void **state)
{
	struct fixture *fx = *state;
	char token[AUTH_TOKEN_LEN + 1], sql[200];
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who, via;
	struct token_row t;

	add_user(fx->st, "ola", ROLE_COORDINATOR, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	assert_int_equal(auth_token_create(fx->st, &who, NULL, "read",
					   "rapport", T0, token, &t, &err),
			 0);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM api_token WHERE token_hash = '%s' "
		 "AND prefix = '%.9s'",
		 t.hash, token);
	assert_int_equal(fixture_int(fx->st, sql), 1);
	assert_int_equal(auth_token_resolve(fx->st, token, T0, &via, &err), 0);
	assert_int_equal(via.token_id, t.id);
	assert_false(via.can_write);
	assert_int_equal(via.role, ROLE_COORDINATOR);
	/* A read token cannot make tokens, nor can any token. */
	assert_int_equal(auth_token_create(fx->st, &via, NULL, "write", NULL,
					   T0, token, &t, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(auth_token_create(fx->st, &who, NULL, "admin", NULL,
					   T0, token, &t, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	/* Someone else's token looks like no token at all. */
	add_user(fx->st, "per", ROLE_READER, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, NULL, T0, &s, &via,
				 &err),
			 0);
	assert_int_equal(auth_token_revoke(fx->st, &via, 1, T0, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(auth_token_revoke(fx->st, &who, 1, T0, &err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM api_token "
					     "WHERE revoked_at IS NOT NULL"),
			 1);
}

static void test_revoked_token_refused(void **state)
{
	struct fixture *fx = *state;
	char token[AUTH_TOKEN_LEN + 1];
	struct err err = ERR_INIT;
	struct principal cli, via;
	struct token_row t;

	auth_cli_principal(&cli);
	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(auth_token_create(fx->st, &cli, "ola", "write", NULL,
					   T0, token, &t, &err),
			 0);
	assert_int_equal(auth_token_resolve(fx->st, token, T0, &via, &err), 0);
	assert_true(via.can_write);
	assert_int_equal(auth_token_revoke(fx->st, &cli, t.id, T0, &err), 0);
	assert_int_equal(auth_token_resolve(fx->st, token, T0, &via, &err), -1);
	assert_non_null(strstr(err.msg, "revoked"));
	token[5] ^= 1;
	assert_int_equal(auth_token_resolve(fx->st, token, T0, &via, &err), -1);
}

static void test_user_rules(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = { "NOPE" };
	static const char *const siva[] = { "SIVA" };
	struct auth_user_in in = { "kari", NULL, NULL, ROLE_REPORTER, NULL, 0 };
	struct principal cli;
	struct err err = ERR_INIT;

	auth_cli_principal(&cli);
	add_actor(fx->st);
	/* A reporter needs an actor, which must exist. */
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 -1);
	assert_string_equal(err.field, "actors");
	in.actors = bad;
	in.nactors = 1;
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 -1);
	assert_non_null(strstr(err.msg, "no actor NOPE"));
	in.actors = siva;
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 0);
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	/* A reader with actors is refused. */
	in.username = "lise";
	in.role = ROLE_READER;
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 -1);
	in.nactors = 0;
	in.email = "lise@example\r\nBcc: x@y.no";
	assert_int_equal(auth_user_add(fx->st, &cli, &in, GOOD_PW, T0, &err),
			 -1);
	assert_string_equal(err.field, "email");
	/* The hash never reaches the audit log. */
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM audit_event "
				     "WHERE after_json LIKE '%argon2%'"),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'user.create'"),
			 1);
}

static void test_last_admin_kept(void **state)
{
	struct fixture *fx = *state;
	struct auth_user_patch p = { 0 };
	struct principal cli;
	struct err err = ERR_INIT;
	json_t *u;

	auth_cli_principal(&cli);
	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	p.has_role = true;
	p.role = ROLE_READER;
	assert_null(auth_user_patch(fx->st, &cli, "ola", &p, T0, &err));
	assert_int_equal(err.code, ERR_CONFLICT);
	add_user(fx->st, "per", ROLE_ADMIN, GOOD_PW);
	u = auth_user_patch(fx->st, &cli, "ola", &p, T0, &err);
	assert_non_null(u);
	assert_string_equal(json_string_value(json_object_get(u, "role")),
			    "reader");
	json_decref(u);
}

static void test_non_admin_cannot_manage_users(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;

	add_user(fx->st, "per", ROLE_COORDINATOR, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	assert_null(auth_user_list(fx->st, &who, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'denied'"),
			 1);
}

/* Puts a link for user_id with a known secret, as make_link would. */
static void put_link(struct store *st, int64_t user_id, const char *secret,
		     const char *purpose, time_t expires)
{
	char hash[65], at[USER_TIME_MAX + 1], until[USER_TIME_MAX + 1];

	auth_secret_hash(secret, hash);
	auth_time_iso(T0, at);
	auth_time_iso(expires, until);
	assert_int_equal(store_one_time_insert(st, user_id, purpose, hash, at,
					       until, NULL),
			 0);
}

static void test_password_from_link(void **state)
{
	struct fixture *fx = *state;
	char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1];
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;
	int64_t id;

	add_user(fx->st, "ola", ROLE_ADMIN, NULL);
	id = fixture_int(fx->st, "SELECT id FROM app_user");
	auth_secret_new(a);
	auth_secret_new(b);
	put_link(fx->st, id, a, "invite", T0 + AUTH_INVITE_S);
	put_link(fx->st, id, b, "reset", T0 + 10);
	/* No password yet: no sign-in. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 -1);
	assert_int_equal(auth_password_from_link(fx->st, a, "for kort", T0,
						 &err),
			 -1);
	assert_string_equal(err.field, "password");
	assert_int_equal(auth_password_from_link(fx->st, a, GOOD_PW, T0 + 100,
						 &err),
			 0);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0 + 101, &s,
				 &who, &err),
			 0);
	/* Single use, and one use voids the user's other links. */
	assert_int_equal(auth_password_from_link(fx->st, a, GOOD_PW "2",
						 T0 + 102, &err),
			 -1);
	assert_non_null(strstr(err.msg, "used already"));
	assert_int_equal(auth_password_from_link(fx->st, b, GOOD_PW "2",
						 T0 + 5, &err),
			 -1);
	assert_int_equal(auth_password_from_link(fx->st, "' OR 1=1 --",
						 GOOD_PW, T0, &err),
			 -1);
	assert_int_equal(err.code, ERR_INVALID);
}

static void test_expired_link(void **state)
{
	struct fixture *fx = *state;
	char a[AUTH_SECRET_LEN + 1];
	struct err err = ERR_INIT;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	auth_secret_new(a);
	put_link(fx->st, fixture_int(fx->st, "SELECT id FROM app_user"), a,
		 "reset", T0 + AUTH_RESET_S);
	assert_int_equal(auth_password_from_link(fx->st, a, GOOD_PW "!",
						 T0 + AUTH_RESET_S, &err),
			 -1);
	assert_non_null(strstr(err.msg, "expired"));
}

static void test_password_change(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s, other;
	struct err err = ERR_INIT;
	struct principal who, o;
	int wait;

	add_user(fx->st, "ola", ROLE_READER, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &other, &o,
				 &err),
			 0);
	assert_int_equal(auth_password_change(fx->st, &who, "feil feil feil",
					      "et helt nytt passord", "1.2.3.4",
					      T0, &wait, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(auth_password_change(fx->st, &who, GOOD_PW,
					      "et helt nytt passord", "1.2.3.4",
					      T0, &wait, &err),
			 0);
	/* This session stays; the other one ended. */
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 1, &o,
					      &err),
			 0);
	assert_int_equal(auth_session_resolve(fx->st, other.cookie, T0 + 1,
					      &o, &err),
			 -1);
	assert_int_equal(sign_in(fx->st, "ola", "et helt nytt passord", NULL,
				 T0 + 2, &s, &who, &err),
			 0);
}

static void test_invite_needs_mail_config(void **state)
{
	struct fixture *fx = *state;
	struct auth_user_in in = { "lise", NULL, "lise@example.no",
				   ROLE_READER, NULL, 0 };
	struct auth_invite_result res;
	struct principal cli;
	struct err err = ERR_INIT;

	auth_cli_principal(&cli);
	assert_int_equal(auth_user_invite(fx->st, &cli, &in, true, T0, &res,
					  &err),
			 -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_non_null(strstr(err.msg, "VEIKART_SMTP_URL"));
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM app_user"),
			 0);
	/* Over the API (must_send false) the user is made, not mailed. */
	assert_int_equal(auth_user_invite(fx->st, &cli, &in, false, T0, &res,
					  &err),
			 0);
	assert_false(res.sent);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM app_user "
					     "WHERE password_hash IS NULL"),
			 1);
	/* A reset request for a user when mail is off changes nothing. */
	assert_int_equal(auth_reset_request(fx->st, "lise", NULL, T0, &err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "one_time_token"),
			 0);
}

/* ---- findings of the security review ---- */

/* A PATCH of user per run on a connection of its own, as a second server
 * thread would. */
struct patch_job {
	const char *path;
	struct auth_user_patch p;
	json_t *out;
	struct err err;
};

static void *patch_thread(void *arg)
{
	struct patch_job *j = arg;
	struct store *st = store_open(j->path, 0, &j->err);
	struct principal cli;

	auth_cli_principal(&cli);
	if (st)
		j->out = auth_user_patch(st, &cli, "per", &j->p, T0, &j->err);
	store_close(st);
	return NULL;
}

/*
 * Lost update: the user was read before the write lock was taken, and
 * every column written back from that copy, so a PATCH racing another
 * (here: one that disables per while this one demotes him) undid it, and
 * the audit "before" was not what the write changed.
 */
static void test_patch_reads_inside_the_transaction(void **state)
{
	struct fixture *fx = *state;
	struct patch_job j = { .path = fx->path };
	struct err err = ERR_INIT;
	struct store *other;
	pthread_t t;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	add_user(fx->st, "per", ROLE_COORDINATOR, GOOD_PW);
	other = store_open(fx->path, 0, &err);
	assert_non_null(other);
	/* Another writer disables per and holds the lock a moment. */
	assert_int_equal(store_begin(other, &err), 0);
	assert_int_equal(store_exec(other,
				    "UPDATE app_user SET disabled = 1 "
				    "WHERE username = 'per'",
				    &err),
			 0);
	j.p.has_role = true;
	j.p.role = ROLE_READER;
	assert_int_equal(pthread_create(&t, NULL, patch_thread, &j), 0);
	usleep(300 * 1000);	/* the patch is waiting for the lock now */
	assert_int_equal(store_commit(other, &err), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	if (!j.out)
		fail_msg("patch failed: %s", j.err.msg);
	/* The demotion applied, and the disabling made meanwhile stands. */
	assert_true(json_is_true(json_object_get(j.out, "disabled")));
	assert_string_equal(json_string_value(json_object_get(j.out, "role")),
			    "reader");
	json_decref(j.out);
	assert_int_equal(fixture_int(fx->st, "SELECT disabled FROM app_user "
					     "WHERE username = 'per'"),
			 1);
	/* The audit event's before is the row the patch changed. */
	assert_int_equal(fixture_int(fx->st,
				     "SELECT json_extract(before_json, "
				     "'$.disabled') FROM audit_event WHERE "
				     "action = 'user.update'"),
			 1);
	store_close(other);
}

/*
 * Throttled sign-ins cost no password check, so anyone could send them
 * without end; each wrote an audit event. Now: one event per address and
 * minute, counting the refusals since the last one.
 */
static void test_throttled_sign_ins_audited_once_a_minute(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	for (int i = 0; i < AUTH_THROTTLE_PER_USER; i++)
		sign_in(fx->st, "ola", "feil feil feil", "10.0.0.1", T0, &s,
			&who, NULL);
	for (int i = 1; i <= 10; i++) {
		assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1",
					 T0 + i, &s, &who, &err),
				 -1);
		assert_int_equal(err.code, ERR_RATE);
	}
	/* Every refusal is recorded; one is audited. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "login_attempt WHERE ok = 2"),
			 10);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM audit_event WHERE "
				     "action = 'session.sign_in_throttled'"),
			 1);
	/* A minute later the next one reports all since that event. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1", T0 + 75,
				 &s, &who, &err),
			 -1);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM audit_event WHERE "
				     "action = 'session.sign_in_throttled'"),
			 2);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT json_extract(after_json, "
				     "'$.count') FROM audit_event WHERE "
				     "action = 'session.sign_in_throttled' "
				     "ORDER BY id DESC LIMIT 1"),
			 10);
}

/* A wrong current password, tried from a connection of its own. */
struct change_job {
	const char *path;
	const struct principal *who;
	int code;
};

static void *change_thread(void *arg)
{
	struct change_job *j = arg;
	struct err err = ERR_INIT;
	struct store *st = store_open(j->path, 0, &err);
	int wait;

	if (st)
		auth_password_change(st, j->who, "feil feil feil",
				     "et helt nytt passord", "10.9.9.9", T0,
				     &wait, &err);
	j->code = err.code;
	store_close(st);
	return NULL;
}

/*
 * Parallel guesses of the current password: the throttle was read
 * outside the lock and the failure recorded after argon2, so all of them
 * got through. Now each is recorded as failed before its check, under
 * the lock, as at sign-in.
 */
static void test_password_change_guesses_in_parallel(void **state)
{
	struct fixture *fx = *state;
	struct change_job jobs[8];
	pthread_t t[8];
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;
	int forbidden = 0, rate = 0;

	add_user(fx->st, "ola", ROLE_READER, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, NULL, T0, &s, &who,
				 &err),
			 0);
	for (int i = 0; i < 8; i++) {
		jobs[i] = (struct change_job){ fx->path, &who, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, change_thread,
						&jobs[i]),
				 0);
	}
	for (int i = 0; i < 8; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		forbidden += jobs[i].code == ERR_FORBIDDEN;
		rate += jobs[i].code == ERR_RATE;
	}
	assert_int_equal(forbidden, AUTH_THROTTLE_PER_USER);
	assert_int_equal(rate, 8 - AUTH_THROTTLE_PER_USER);
}

/* Coordinators read the audit log, but not what it says of accounts. */
static void test_audit_of_accounts_for_admins_only(void **state)
{
	struct fixture *fx = *state;
	struct audit_filter f = { .limit = 100 };
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal admin, coord;
	json_t *page, *ev;
	size_t i;

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	add_user(fx->st, "per", ROLE_COORDINATOR, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "10.0.0.1", T0, &s,
				 &admin, &err),
			 0);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, "10.0.0.2", T0, &s,
				 &coord, &err),
			 0);
	sign_in(fx->st, "ingen", "feil feil feil", "10.0.0.3", T0, &s, &coord,
		NULL);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, "10.0.0.2", T0, &s,
				 &coord, &err),
			 0);
	assert_null(auth_user_list(fx->st, &coord, &err));	/* denied */
	assert_int_equal(store_exec(fx->st,
				    "INSERT INTO actor (id, name_nb) "
				    "VALUES ('SIVA', 'Siva')",
				    NULL),
			 0);
	assert_int_equal(audit_record(fx->st, &coord, "create", "actors",
				      "SIVA", NULL, &err),
			 0);
	page = service_audit_list(fx->st, &coord, &f, &err);
	assert_non_null(page);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	json_array_foreach(json_object_get(page, "items"), i, ev)
		assert_string_equal(json_string_value(json_object_get(
					    ev, "entity_type")),
				    "actors");
	json_decref(page);
	f.entity_type = "users";
	page = service_audit_list(fx->st, &coord, &f, &err);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 0);
	json_decref(page);
	page = service_audit_list(fx->st, &admin, &f, &err);
	assert_true(json_array_size(json_object_get(page, "items")) >= 5);
	json_decref(page);
}

/* A token may not make tokens or change a password: refused, and now
 * audited like every other refusal of a signed-in principal. */
static void test_token_refusals_audited(void **state)
{
	struct fixture *fx = *state;
	char token[AUTH_TOKEN_LEN + 1];
	struct err err = ERR_INIT;
	struct principal cli, via;
	struct token_row t;
	int wait;

	auth_cli_principal(&cli);
	add_user(fx->st, "ola", ROLE_READER, GOOD_PW);
	assert_int_equal(auth_token_create(fx->st, &cli, "ola", "write", NULL,
					   T0, token, &t, &err),
			 0);
	assert_int_equal(auth_token_resolve(fx->st, token, T0, &via, &err), 0);
	assert_int_equal(auth_token_create(fx->st, &via, NULL, "read", NULL,
					   T0, token, &t, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(auth_password_change(fx->st, &via, GOOD_PW,
					      "et helt nytt passord", NULL, T0,
					      &wait, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM audit_event WHERE "
				     "action = 'denied' AND user_id IS NOT "
				     "NULL AND token_id IS NOT NULL"),
			 2);
}

/*
 * A disabled user's tokens were refused only while the flag was set:
 * enabled again, they worked again. Disabling, and a reset by link, now
 * revoke them; a user's own password change keeps them.
 */
static void test_tokens_end_with_disable_and_reset(void **state)
{
	struct fixture *fx = *state;
	char token[AUTH_TOKEN_LEN + 1], keep[AUTH_TOKEN_LEN + 1];
	char link[AUTH_SECRET_LEN + 1];
	struct auth_user_patch p = { 0 };
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal cli, via, who;
	struct token_row t;
	json_t *u;
	int wait;

	auth_cli_principal(&cli);
	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	add_user(fx->st, "per", ROLE_READER, GOOD_PW);
	assert_int_equal(auth_token_create(fx->st, &cli, "per", "write", NULL,
					   T0, token, &t, &err),
			 0);
	p.has_disabled = true;
	p.disabled = true;
	u = auth_user_patch(fx->st, &cli, "per", &p, T0, &err);
	json_decref(u);
	p.disabled = false;
	u = auth_user_patch(fx->st, &cli, "per", &p, T0 + 1, &err);
	assert_non_null(u);
	json_decref(u);
	assert_int_equal(auth_token_resolve(fx->st, token, T0 + 2, &via, &err),
			 -1);
	assert_non_null(strstr(err.msg, "revoked"));
	/* The user's own password change keeps their tokens. */
	assert_int_equal(auth_token_create(fx->st, &cli, "per", "write", NULL,
					   T0, keep, &t, &err),
			 0);
	assert_int_equal(sign_in(fx->st, "per", GOOD_PW, NULL, T0 + 3, &s,
				 &who, &err),
			 0);
	assert_int_equal(auth_password_change(fx->st, &who, GOOD_PW,
					      "et helt nytt passord", NULL,
					      T0 + 4, &wait, &err),
			 0);
	assert_int_equal(auth_token_resolve(fx->st, keep, T0 + 5, &via, &err),
			 0);
	/* A reset by link ends them, and the sessions. */
	auth_secret_new(link);
	put_link(fx->st, fixture_int(fx->st, "SELECT id FROM app_user WHERE "
					     "username = 'per'"),
		 link, "reset", T0 + AUTH_RESET_S);
	assert_int_equal(auth_password_from_link(fx->st, link, GOOD_PW "!",
						 T0 + 6, &err),
			 0);
	assert_int_equal(auth_token_resolve(fx->st, keep, T0 + 7, &via, &err),
			 -1);
	assert_int_equal(auth_session_resolve(fx->st, s.cookie, T0 + 7, &via,
					      &err),
			 -1);
}

#define REFUSED_EVENTS(kind) \
	"SELECT count(*) FROM audit_event WHERE action = '" kind "'"

static void refuse_at(struct store *st, const struct principal *who,
		      enum auth_refusal kind, const char *address, time_t now)
{
	auth_note_denied(st, who, kind, "unknown API token", "GET",
			 "/api/v1/measures", address, now);
}

/*
 * Every request with a wrong credential wrote a hash-chained event, so
 * anyone could grow the log as fast as they could send. Now each refusal
 * is counted, and audited once a minute per address and kind, within a
 * budget per minute for all addresses.
 */
static void test_refused_credentials_audited_once_a_minute(void **state)
{
	struct fixture *fx = *state;
	struct auth_new_session s;
	struct err err = ERR_INIT;
	struct principal who;
	char addr[32];

	add_user(fx->st, "ola", ROLE_ADMIN, GOOD_PW);
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "192.0.2.1", T0, &s,
				 &who, &err),
			 0);
	for (int i = 0; i < 50; i++)
		refuse_at(fx->st, NULL, AUTH_REFUSED_CREDENTIALS, "192.0.2.1",
			  T0 + i % 30);
	assert_int_equal(fixture_int(fx->st,
				     REFUSED_EVENTS("denied.credentials")),
			 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "login_attempt WHERE ok = 3"),
			 49);
	/* Another kind, and another address, have their own minute. */
	refuse_at(fx->st, &who, AUTH_REFUSED_CSRF, "192.0.2.1", T0 + 1);
	refuse_at(fx->st, NULL, AUTH_REFUSED_CREDENTIALS, "192.0.2.2", T0 + 1);
	assert_int_equal(fixture_int(fx->st, REFUSED_EVENTS("denied.csrf") " "
					     "AND user_id = 1"),
			 1);
	assert_int_equal(fixture_int(fx->st,
				     REFUSED_EVENTS("denied.credentials")),
			 2);
	/* A minute later: one event counts all since the last one. */
	refuse_at(fx->st, NULL, AUTH_REFUSED_CREDENTIALS, "192.0.2.1", T0 + 61);
	assert_int_equal(fixture_int(fx->st,
				     REFUSED_EVENTS("denied.credentials")),
			 3);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT json_extract(after_json, '$.count') "
				     "|| ' ' || json_extract(after_json, "
				     "'$.address') = '50 192.0.2.1' AND "
				     "json_extract(after_json, '$.path') = "
				     "'/api/v1/measures' FROM audit_event "
				     "ORDER BY id DESC LIMIT 1"),
			 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "login_attempt WHERE ok = 3 AND "
					     "address = '192.0.2.1'"),
			 0);
	/* Many addresses at once: a budget of events per minute. */
	for (int i = 0; i < 3 * AUTH_REFUSAL_AUDITS_PER_MIN; i++) {
		snprintf(addr, sizeof(addr), "198.51.100.%d", i);
		refuse_at(fx->st, NULL, AUTH_REFUSED_CREDENTIALS, addr,
			  T0 + 200);
	}
	assert_int_equal(fixture_int(fx->st,
				     REFUSED_EVENTS("denied.credentials")),
			 3 + AUTH_REFUSAL_AUDITS_PER_MIN);
	/* None of it counts against signing in, and the chain holds. */
	assert_int_equal(sign_in(fx->st, "ola", GOOD_PW, "192.0.2.1", T0 + 300,
				 &s, &who, &err),
			 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'denied'"),
			 0);
}

static void add_mail_user(struct store *st, const char *name,
			  const char *email)
{
	struct auth_user_in in = { name, NULL, email, ROLE_READER, NULL, 0 };
	struct principal cli;
	struct err err = ERR_INIT;

	auth_cli_principal(&cli);
	if (auth_user_add(st, &cli, &in, GOOD_PW, T0, &err) < 0)
		fail_msg("add_mail_user %s: %s", name, err.msg);
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define KARI_LINKS \
	"SELECT count(*) FROM one_time_token t JOIN app_user u ON " \
	"u.id = t.user_id WHERE u.username = 'kari'"

/*
 * A reset request for an account with an address wrote in the request
 * (its time told the account existed), and counted the hour's links
 * outside the lock (parallel requests passed the cap). Now the request
 * does no work for the account at all; the job counts under the lock.
 */
static void test_reset_request_works_in_the_background(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	struct store *other;
	double t;

	add_mail_user(fx->st, "kari", "kari@example.no");
	cfg.smtp_url = "smtp://127.0.0.1:1";	/* refuses: mails fail */
	other = store_open(fx->path, 0, &err);
	assert_non_null(other);
	assert_int_equal(store_begin(other, &err), 0);	/* holds the lock */
	t = seconds_now();
	assert_int_equal(auth_reset_request(fx->st, "kari", NULL, T0, &err),
			 0);
	assert_int_equal(auth_reset_request(fx->st, "ingen", NULL, T0, &err),
			 0);
	assert_int_equal(auth_reset_request(fx->st, NULL, "kari@example.no",
					    T0, &err),
			 0);
	assert_true(seconds_now() - t < 1.0);
	assert_int_equal(fixture_int(fx->st, KARI_LINKS), 0);
	store_rollback(other);
	store_close(other);
	assert_true(auth_background_wait(30));
	assert_int_equal(fixture_int(fx->st, KARI_LINKS), 2);
	/* Many at once: the cap holds (AUTH_RESET_PER_HOUR an hour). */
	for (int i = 0; i < 20; i++)
		auth_reset_request(fx->st, "kari", NULL, T0, &err);
	assert_true(auth_background_wait(30));
	assert_int_equal(fixture_int(fx->st, KARI_LINKS), AUTH_RESET_PER_HOUR);
	assert_int_equal(auth_reset_work(fx->st, "KARI", NULL, T0 + 60, false,
					 &err),
			 0);
	assert_int_equal(fixture_int(fx->st, KARI_LINKS), AUTH_RESET_PER_HOUR);
	assert_int_equal(auth_reset_work(fx->st, NULL, "KARI@example.no",
					 T0 + 3601, false, &err),
			 0);
	assert_int_equal(fixture_int(fx->st, KARI_LINKS),
			 AUTH_RESET_PER_HOUR + 1);
	cfg.smtp_url = NULL;
}

/*
 * What the mail system says reaches the log quoted (util/parse.h): the
 * text comes from libcurl and can carry what a server sent (a certificate's
 * name, say), which must not be able to forge or break a log line. With
 * today's libcurl no local server can put its own text there, so this
 * pins the shape of the line rather than replaying an attack.
 */
static void test_mail_failure_logged_quoted(void **state)
{
	struct mail_message m = { "ola@example.no", "Emne", "Tekst æøå" };
	char path[] = "/tmp/veikart-log-XXXXXX", text[2048], *line, *msg;
	struct err err = ERR_INIT;
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	cfg.smtp_url = "smtp://127.0.0.1:1";	/* nobody listens */
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(mail_send(&cfg, &m, &err), -1);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	cfg.smtp_url = NULL;
	n = pread(fd, text, sizeof(text) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	text[n] = '\0';
	line = strstr(text, "event=smtp_failed code=7 msg=\"");
	assert_non_null(line);
	msg = strchr(line, '"') + 1;
	/* One line; the message ends at the only unescaped quote. */
	for (; *msg && *msg != '"'; msg++) {
		assert_true((unsigned char)*msg >= 0x20);
		if (*msg == '\\')
			msg++;
	}
	assert_string_equal(msg, "\"\n");
	assert_int_equal(err.code, ERR_IO);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username_rules),
		cmocka_unit_test(test_email_rules),
		cmocka_unit_test(test_password_length),
		cmocka_unit_test(test_password_common_list),
		cmocka_unit_test(test_password_not_username),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_secrets_and_tokens),
		cmocka_unit_test(test_csrf_compare),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_session_judge),
		cmocka_unit_test(test_throttle_wait),
		T(test_sign_in_and_resolve),
		T(test_cookie_is_stored_hashed),
		T(test_wrong_password_same_as_unknown_user),
		T(test_throttle_per_account),
		T(test_success_clears_account_count),
		T(test_throttle_per_address),
		T(test_session_expiry),
		T(test_last_seen_written_once_a_minute),
		T(test_disabled_user_is_out_at_once),
		T(test_tokens),
		T(test_revoked_token_refused),
		T(test_user_rules),
		T(test_last_admin_kept),
		T(test_non_admin_cannot_manage_users),
		T(test_password_from_link),
		T(test_expired_link),
		T(test_password_change),
		T(test_invite_needs_mail_config),
		T(test_patch_reads_inside_the_transaction),
		T(test_throttled_sign_ins_audited_once_a_minute),
		T(test_password_change_guesses_in_parallel),
		T(test_audit_of_accounts_for_admins_only),
		T(test_token_refusals_audited),
		T(test_tokens_end_with_disable_and_reset),
		T(test_refused_credentials_audited_once_a_minute),
		T(test_reset_request_works_in_the_background),
		T(test_mail_failure_logged_quoted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
