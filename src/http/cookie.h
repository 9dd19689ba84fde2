/*
 * http/cookie.h: the session cookie (its name, reading it from a Cookie
 * header, the Set-Cookie value) and reading one raw field of a form body,
 * shared by the API's and the portal's authentication.
 */
#ifndef VEIKART_HTTP_COOKIE_H
#define VEIKART_HTTP_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

/* The session cookie's name (API and portal share one session). */
#define HTTP_SESSION_COOKIE "veikart_session"

/*
 * Copies the value of cookie `name` from a Cookie header ("a=1; b=2")
 * into out (n bytes), without surrounding blanks and quotes. Returns -1
 * when the header is NULL, has no such cookie, the value is empty, does
 * not fit or holds a byte RFC 6265 does not allow in a cookie value
 * (control, space, '"', ',', ';', '\\' or non-ASCII): so a value handed
 * out is always a non-empty run of cookie-octets from the header. The
 * first cookie of that name wins, even when its value is refused.
 */
int http_cookie_get(const char *header, const char *name, char *out,
		    size_t n);

/*
 * Copies the raw value of field `name` from an
 * application/x-www-form-urlencoded body (len bytes, may hold NULs) into
 * out. Values are not percent-decoded: the only field read this way is
 * the CSRF token, whose characters never need encoding, so an encoded one
 * simply does not match. -1 when absent, empty or too long.
 */
int http_form_raw_get(const char *body, size_t len, const char *name,
		      char *out, size_t n);

/*
 * The Set-Cookie value for the session cookie: HttpOnly, SameSite=Lax,
 * Path=/ and, with `secure`, Secure. value NULL makes the cookie that
 * clears it (Max-Age=0).
 */
void http_session_cookie(char out[256], const char *value, bool secure);

#endif
