/*
 * api/auth.h: who sent a request. Every API handler that reads anything
 * private or writes anything starts here, then passes the principal to
 * service/, which decides (service/access.h).
 */
#ifndef VEIKART_API_AUTH_H
#define VEIKART_API_AUTH_H

#include "http/cookie.h"
#include "http/http.h"
#include "model/principal.h"
#include "util/err.h"

/* The session cookie's name (HttpOnly, SameSite=Lax). */
#define API_SESSION_COOKIE HTTP_SESSION_COOKIE

/*
 * Fills *who from `Authorization: Bearer <token>`, else the session cookie,
 * else anonymous. Returns -1 with ERR_UNAUTHENTICATED for a token or
 * session that is unknown, revoked or expired (a client that sent
 * credentials must learn they failed rather than silently see the public
 * view), and ERR_FORBIDDEN when a state-changing request (POST, PUT,
 * PATCH, DELETE) authenticated by the cookie lacks the session's CSRF token
 * in the X-CSRF-Token header (or the form field csrf_token, for forms).
 * Bearer-token requests need no CSRF token.
 */
int api_authenticate(struct http_request *req, struct principal *who,
		     struct err *err);

#endif
