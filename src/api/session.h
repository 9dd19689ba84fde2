/*
 * api/session.h: the account routes of the JSON API - sign-in and
 * sign-out (/api/v1/session), API tokens, passwords and reset links, and
 * user administration - and the small HTTP parsers authentication needs
 * (a cookie, a form field, the Set-Cookie value), exported for api/auth.c
 * and the tests.
 *
 *   POST   /api/v1/session                 sign in (JSON username, password)
 *   GET    /api/v1/session                 who am I (+ csrf_token)
 *   DELETE /api/v1/session                 sign out
 *   GET    /api/v1/tokens                  own tokens (no secrets)
 *   POST   /api/v1/tokens                  new token, shown once
 *   DELETE /api/v1/tokens/:id              revoke (own, or admin)
 *   POST   /api/v1/password-reset-request  e-mail a reset link (always 202)
 *   POST   /api/v1/password                set password from a link token
 *   PUT    /api/v1/me/password             change own password
 *   GET    /api/v1/users                   admin: list users
 *   POST   /api/v1/users                   admin: create (and invite)
 *   GET    /api/v1/users/:username         admin: one user
 *   PATCH  /api/v1/users/:username         admin: role, actors, disabled...
 *
 * Ownership: all arguments are borrowed; outputs go into caller buffers.
 */
#ifndef VEIKART_API_SESSION_H
#define VEIKART_API_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

extern const struct http_route session_routes[];
extern const size_t session_nroutes;

/*
 * Copies the value of cookie `name` from a Cookie header ("a=1; b=2")
 * into out (n bytes), without surrounding blanks and quotes. Returns -1
 * when the header is NULL, has no such cookie, the value is empty, does
 * not fit or holds a byte RFC 6265 does not allow in a cookie value
 * (control, space, '"', ',', ';', '\\' or non-ASCII): so a value handed
 * out is always a non-empty run of cookie-octets from the header. The
 * first cookie of that name wins, even when its value is refused.
 */
int session_cookie_get(const char *header, const char *name, char *out,
		       size_t n);

/*
 * Copies the raw value of field `name` from an
 * application/x-www-form-urlencoded body (len bytes, may hold NULs) into
 * out. Values are not percent-decoded: the only field read this way is
 * the CSRF token, whose characters never need encoding, so an encoded one
 * simply does not match. -1 when absent, empty or too long.
 */
int session_form_get(const char *body, size_t len, const char *name,
		     char *out, size_t n);

/*
 * The Set-Cookie value for the session cookie: HttpOnly, SameSite=Lax,
 * Path=/ and, with `secure`, Secure. value NULL makes the cookie that
 * clears it (Max-Age=0).
 */
void session_set_cookie(char out[256], const char *value, bool secure);

#endif
