/*
 * model/principal.h: who is acting. Made by authentication (a session
 * cookie, a bearer token, or nobody) and passed, read-only, to every service
 * call, which decides with service/access.h what it may do. Plain value; no
 * pointers, nothing to free.
 */
#ifndef VEIKART_MODEL_PRINCIPAL_H
#define VEIKART_MODEL_PRINCIPAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_ANONYMOUS = 0,	/* not signed in: public data only */
	ROLE_READER,		/* also unpublished (not yet approved) reports */
	ROLE_REPORTER,		/* writes reports for its actors' measures */
	ROLE_COORDINATOR,	/* all domain data, periods, approval */
	ROLE_ADMIN,		/* everything, users and tokens too */
};

#define PRINCIPAL_NAME_MAX 64
#define PRINCIPAL_MAX_ACTORS 16

struct principal {
	int64_t user_id;	/* 0 when anonymous */
	int64_t token_id;	/* the API token used, else 0 */
	enum role role;
	bool can_write;		/* false for read-scoped tokens */
	char username[PRINCIPAL_NAME_MAX + 1];
	/* The actors (organisations) a reporter reports for. */
	char actors[PRINCIPAL_MAX_ACTORS][PRINCIPAL_NAME_MAX + 1];
	size_t nactors;
	/* Session-authenticated requests: the session's CSRF token, which
	 * every state-changing request must echo; "" otherwise. */
	char csrf[PRINCIPAL_NAME_MAX + 1];
	int64_t session_row;	/* 0 when not a session */
};

#define PRINCIPAL_ANONYMOUS { 0, 0, ROLE_ANONYMOUS, false, "", { "" }, 0, "", 0 }

/* "admin", "coordinator", "reporter", "reader" (and "anonymous"). */
const char *role_name(enum role r);
/* 0 and *out set for a known role name (not "anonymous"), else -1. */
int role_parse(const char *name, enum role *out);
bool principal_has_actor(const struct principal *p, const char *actor);

#endif
