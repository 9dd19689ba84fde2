/*
 * api/auth.c: api_authenticate (see api/auth.h): who sent a request, from
 * a bearer token or the session cookie, and the CSRF check for
 * state-changing requests made with the cookie.
 *
 * It decides identity only, never permission (service/access.c does), and
 * it never logs or audits a credential: refusals are recorded, and
 * audited at a bounded rate, with the reason, the method, the path and
 * the address.
 */
#include "api/auth.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/session.h"
#include "http/cookie.h"
#include "service/app.h"
#include "service/auth.h"
#include "util/i18n.h"

static const char *method_name(enum http_method m)
{
	switch (m) {
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	case HTTP_HEAD:
		return "HEAD";
	case HTTP_OPTIONS:
		return "OPTIONS";
	default:
		return "GET";
	}
}

static bool changes_state(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	       m == HTTP_DELETE;
}

/*
 * Records the refusal (only refusals of credentials; a database error is
 * not one) and leaves *who anonymous. Anyone can send refused credentials
 * at no cost, so they are counted, and audited at a bounded rate
 * (auth_note_denied), not one event each.
 */
static int refuse(struct http_request *req, const struct principal *known,
		  struct principal *who, enum auth_refusal kind,
		  const char *reason, struct err *err)
{
	struct app_thread *app = req->ctx;

	if (err && (err->code == ERR_UNAUTHENTICATED ||
		    err->code == ERR_FORBIDDEN))
		auth_note_denied(app->st, known, kind, reason,
				 method_name(req->method), req->path,
				 req->remote_addr, time(NULL));
	memset(who, 0, sizeof(*who));
	return -1;
}

static int bearer(struct http_request *req, const char *authz,
		  struct principal *who, struct err *err)
{
	struct app_thread *app = req->ctx;
	char token[AUTH_TOKEN_LEN + 2];
	size_t n;

	if (strncasecmp(authz, "Bearer ", 7)) {
		err_set(err, ERR_UNAUTHENTICATED,
			_("send an API token as \"Authorization: Bearer "
			  "vk_...\"; other schemes are not accepted"));
		return refuse(req, NULL, who, AUTH_REFUSED_CREDENTIALS,
			      "authorization scheme", err);
	}
	authz += 7 + strspn(authz + 7, " ");
	n = strcspn(authz, " \t");
	if (n >= sizeof(token) || authz[n + strspn(authz + n, " \t")])
		n = 0;	/* too long, or more than one word: malformed */
	memcpy(token, authz, n);
	token[n] = '\0';
	if (auth_token_resolve(app->st, token, time(NULL), who, err) < 0)
		return refuse(req, NULL, who, AUTH_REFUSED_CREDENTIALS,
			      err ? err->msg : "token", err);
	return 0;
}

/* The CSRF token sent with the request: header, else the form field. */
static bool csrf_sent_ok(const struct http_request *req,
			 const struct principal *who)
{
	const char *h = http_header(req, "X-CSRF-Token");
	const char *ct = http_header(req, "Content-Type");
	char form[128];

	if (h)
		return auth_csrf_equal(who->csrf, h);
	if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33) &&
	    req->body &&
	    http_form_raw_get(req->body, req->body_len, "csrf_token", form,
			     sizeof(form)) == 0)
		return auth_csrf_equal(who->csrf, form);
	return false;
}

int api_authenticate(struct http_request *req, struct principal *who,
		     struct err *err)
{
	struct app_thread *app = req->ctx;
	const char *authz = http_header(req, "Authorization");
	char cookie[128];

	memset(who, 0, sizeof(*who));
	if (authz)
		return bearer(req, authz, who, err);
	if (http_cookie_get(http_header(req, "Cookie"), API_SESSION_COOKIE,
			       cookie, sizeof(cookie)) < 0)
		return 0;	/* anonymous */
	if (auth_session_resolve(app->st, cookie, time(NULL), who, err) < 0)
		return refuse(req, NULL, who, AUTH_REFUSED_CREDENTIALS,
			      err ? err->msg : "session", err);
	if (changes_state(req->method) && !csrf_sent_ok(req, who)) {
		err_set(err, ERR_FORBIDDEN,
			_("this change needs the session's CSRF token in the "
			  "X-CSRF-Token header (or the csrf_token form "
			  "field); GET /api/v1/session returns it"));
		return refuse(req, who, who, AUTH_REFUSED_CSRF,
			      "csrf token missing or wrong", err);
	}
	return 0;
}
