/*
 * api/session.h: the account routes of the JSON API - sign-in and
 * sign-out (/api/v1/session), API tokens, passwords and reset links, and
 * user administration. The cookie and form parsers they use are in
 * http/cookie.h.
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

#endif
