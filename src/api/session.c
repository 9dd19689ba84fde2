/*
 * api/session.c: the account routes (listed in api/session.h). Each
 * handler parses the request, calls service/auth.c and renders JSON; none
 * decides access itself.
 *
 * What it must not do: echo a secret anywhere but the one response that
 * hands it out (the sign-in's Set-Cookie and csrf_token, a new API token),
 * or let any of these responses be cached: all are Cache-Control:
 * private, no-store. Bodies are small JSON objects with known fields only.
 */
#include "api/session.h"
#include "http/cookie.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/auth.h"
#include "api/render.h"
#include "service/app.h"
#include "service/auth.h"
#include "util/config.h"
#include "util/i18n.h"
#include "util/parse.h"

/* Every answer here depends on who asks: no cache may keep it. */
#define API_PRIVATE "private, no-store"

/* Account bodies are a few fields; a password is at most 1024 bytes. */
#define SESSION_BODY_MAX (16 * 1024)

/* ---- request and response helpers ---- */

static bool json_media(const char *ct)
{
	static const char *const types[] = { "application/json",
					     "application/merge-patch+json" };

	for (size_t i = 0; ct && i < 2; i++) {
		size_t n = strlen(types[i]);

		if (!strncasecmp(ct, types[i], n) &&
		    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return true;
	}
	return false;
}

static bool key_allowed(const char *key, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (!strcmp(key, *allowed))
			return true;
	return false;
}

/* The body as a JSON object with only `allowed` members, or NULL. */
static json_t *json_body(const struct http_request *req,
			 const char *const *allowed, struct err *err)
{
	json_error_t je;
	const char *key;
	json_t *o, *v;

	if (!json_media(http_header(req, "Content-Type"))) {
		err_set(err, ERR_MEDIA_TYPE,
			_("send the body as application/json"));
		return NULL;
	}
	if (req->body_len > SESSION_BODY_MAX) {
		err_set(err, ERR_TOO_LARGE,
			_("the body is larger than %d bytes"),
			SESSION_BODY_MAX);
		return NULL;
	}
	o = req->body ? json_loadb(req->body, req->body_len,
				   JSON_REJECT_DUPLICATES, &je)
		      : NULL;
	if (!json_is_object(o)) {
		err_set(err, ERR_INVALID,
			_("expected a JSON object as the body"));
		json_decref(o);
		return NULL;
	}
	json_object_foreach(o, key, v)
	{
		if (!key_allowed(key, allowed)) {
			char quoted[PARSE_QUOTE_MAX];

			parse_quote(key, quoted);
			err_set_field(err, ERR_INVALID, quoted,
				      _("unknown field"));
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Member `key` as a string (*out NULL when absent or null). */
static int get_str(json_t *o, const char *key, bool required,
		   const char **out, struct err *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? err_set_field(err, ERR_INVALID, key,
						_("this field is required"))
				: 0;
	if (!json_is_string(v))
		return err_set_field(err, ERR_INVALID, key,
				     _("expected a string"));
	if (strlen(json_string_value(v)) != json_string_length(v))
		return err_set_field(err, ERR_INVALID, key,
				     _("must not contain NUL characters"));
	*out = json_string_value(v);
	return 0;
}

static int get_role(json_t *o, bool required, bool *has, enum role *out,
		    struct err *err)
{
	const char *s;

	*has = false;
	if (get_str(o, "role", required, &s, err) < 0)
		return -1;
	if (!s)
		return 0;
	if (role_parse(s, out) < 0)
		return err_set_field(err, ERR_UNPROCESSABLE, "role",
				     _("role is admin, coordinator, reporter "
				       "or reader"));
	*has = true;
	return 0;
}

/* "actors": an array of strings into names (borrowed from o). */
static int get_actors(json_t *o, bool *has, const char **names, size_t *n,
		      struct err *err)
{
	json_t *v = json_object_get(o, "actors"), *a;
	size_t i;

	*has = v != NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) > PRINCIPAL_MAX_ACTORS)
		return err_set_field(err, ERR_UNPROCESSABLE, "actors",
				     _("expected an array of at most %d actor "
				       "ids"),
				     PRINCIPAL_MAX_ACTORS);
	json_array_foreach(v, i, a)
	{
		if (!json_is_string(a))
			return err_set_field(err, ERR_UNPROCESSABLE, "actors",
					     _("expected actor ids (strings)"));
		names[(*n)++] = json_string_value(a);
	}
	return 0;
}

static int no_params(const struct http_request *req, struct err *err)
{
	if (!req->nparams)
		return 0;
	return err_set(err, ERR_INVALID,
		       _("this resource takes no query parameters"));
}

/* Renders out with status, or the problem; takes out. */
static void reply(struct http_response *resp, json_t *out, int status,
		  struct err *err)
{
	resp->cache_control = API_PRIVATE;
	if (!out) {
		if (err->code == ERR_NONE)
			err_set(err, ERR_INTERNAL,
				_("the server made an error"));
		api_problem(resp, err);
		return;
	}
	api_json(resp, out);
	resp->status = status;
	json_decref(out);
}

static void reply_empty(struct http_response *resp, int rc, int status,
			struct err *err)
{
	resp->cache_control = API_PRIVATE;
	if (rc < 0) {
		api_problem(resp, err);
		return;
	}
	resp->status = status;
	buf_reset(&resp->body);
}

/* The signed-in answer: the user and, for a session, its CSRF token. */
static json_t *session_view(struct store *st, const struct principal *who,
			    struct err *err)
{
	json_t *user = auth_whoami(st, who, err);

	if (!user)
		return NULL;
	if (who->token_id)
		return json_pack("{s:o,s:s,s:I,s:s}", "user", user, "via",
				 "token", "token_id", (json_int_t)who->token_id,
				 "scope", who->can_write ? "write" : "read");
	return json_pack("{s:o,s:s,s:s}", "user", user, "via", "session",
			 "csrf_token", who->csrf);
}

/* api_authenticate, and a signed-in user required. */
static int signed_in(struct http_request *req, struct principal *who,
		     struct err *err)
{
	if (api_authenticate(req, who, err) < 0)
		return -1;
	if (!who->user_id)
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("sign in first (POST /api/v1/session) or "
				 "send an API token"));
	return 0;
}

/* ---- /api/v1/session ---- */

static void handle_sign_in(struct http_request *req,
			   struct http_response *resp)
{
	static const char *const keys[] = { "username", "password", NULL };
	struct app_thread *app = req->ctx;
	struct auth_credentials c = { NULL, NULL, req->remote_addr, NULL };
	struct auth_new_session s = { "", "", 0 };
	struct err err = ERR_INIT;
	struct principal who;
	char old[128];
	json_t *body = NULL, *out = NULL;

	if (no_params(req, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    get_str(body, "username", true, &c.username, &err) == 0 &&
	    get_str(body, "password", true, &c.password, &err) == 0) {
		if (http_cookie_get(http_header(req, "Cookie"),
				       API_SESSION_COOKIE, old,
				       sizeof(old)) == 0)
			c.old_cookie = old;
		if (auth_sign_in(app->st, &c, time(NULL), &s, &who, &err) == 0)
			out = session_view(app->st, &who, &err);
	}
	if (out)
		http_session_cookie(resp->set_cookie, s.cookie,
				   config_get()->secure_cookies);
	if (err.code == ERR_RATE)
		resp->retry_after_s = s.retry_after_s;
	reply(resp, out, 200, &err);
	sodium_memzero(&s, sizeof(s));
	json_decref(body);
}

static void handle_whoami(struct http_request *req,
			  struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *out = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0)
		out = session_view(app->st, &who, &err);
	reply(resp, out, 200, &err);
}

static void handle_sign_out(struct http_request *req,
			    struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	int rc = -1;

	if (signed_in(req, &who, &err) == 0)
		rc = auth_sign_out(app->st, &who, &err);
	/* Whatever happened, the browser should forget the cookie - unless
	 * the refusal was CSRF, when the request is not the user's own. */
	if (err.code != ERR_FORBIDDEN)
		http_session_cookie(resp->set_cookie, NULL,
				   config_get()->secure_cookies);
	reply_empty(resp, rc, 204, &err);
}

/* ---- /api/v1/tokens ---- */

static void handle_token_list(struct http_request *req,
			      struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *list = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0)
		list = auth_token_list(app->st, &who, NULL, &err);
	reply(resp, list ? json_pack("{s:o}", "items", list) : NULL, 200,
	      &err);
}

static void handle_token_create(struct http_request *req,
				struct http_response *resp)
{
	static const char *const keys[] = { "scope", "name", NULL };
	struct app_thread *app = req->ctx;
	char token[AUTH_TOKEN_LEN + 1] = "";
	const char *scope, *name;
	struct err err = ERR_INIT;
	struct principal who;
	struct token_row t;
	json_t *body = NULL, *out = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    get_str(body, "scope", true, &scope, &err) == 0 &&
	    get_str(body, "name", false, &name, &err) == 0 &&
	    auth_token_create(app->st, &who, NULL, scope, name, time(NULL),
			      token, &t, &err) == 0) {
		out = auth_token_json(&t);
		json_object_set_new(out, "token", json_string(token));
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/tokens/%lld", (long long)t.id);
	}
	reply(resp, out, 201, &err);
	sodium_memzero(token, sizeof(token));
	json_decref(body);
}

static void handle_token_revoke(struct http_request *req,
				struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	int64_t id;
	int rc = -1;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0) {
		if (parse_int64(req->path_params[0], 1, INT64_MAX, &id, NULL) <
		    0)
			err_set(&err, ERR_NOT_FOUND,
				_("there is no API token %s"), "with that id");
		else
			rc = auth_token_revoke(app->st, &who, id, time(NULL),
					       &err);
	}
	reply_empty(resp, rc, 204, &err);
}

/* ---- passwords ---- */

static void handle_reset_request(struct http_request *req,
				 struct http_response *resp)
{
	static const char *const keys[] = { "username", "email", NULL };
	struct app_thread *app = req->ctx;
	const char *username = NULL, *email = NULL;
	struct err err = ERR_INIT;
	json_t *body = NULL, *out = NULL;

	if (no_params(req, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    get_str(body, "username", false, &username, &err) == 0 &&
	    get_str(body, "email", false, &email, &err) == 0) {
		if (!username == !email)
			err_set(&err, ERR_INVALID,
				_("give either \"username\" or \"email\""));
		else if (auth_reset_request(app->st, username, email,
					    time(NULL), &err) == 0)
			out = json_pack(
				"{s:s}", "detail",
				_("if the account exists and has an e-mail "
				  "address, a link to set a new password is "
				  "on its way; it works for one hour"));
	}
	reply(resp, out, 202, &err);
	json_decref(body);
}

static void handle_password_from_link(struct http_request *req,
				      struct http_response *resp)
{
	static const char *const keys[] = { "token", "password", NULL };
	struct app_thread *app = req->ctx;
	const char *token, *password;
	struct err err = ERR_INIT;
	json_t *body = NULL;
	int rc = -1;

	if (no_params(req, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    get_str(body, "token", true, &token, &err) == 0 &&
	    get_str(body, "password", true, &password, &err) == 0)
		rc = auth_password_from_link(app->st, token, password,
					     time(NULL), &err);
	reply_empty(resp, rc, 204, &err);
	json_decref(body);
}

static void handle_password_change(struct http_request *req,
				   struct http_response *resp)
{
	static const char *const keys[] = { "current", "new", NULL };
	struct app_thread *app = req->ctx;
	const char *current, *new_password;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *body = NULL;
	int rc = -1, wait = 0;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    get_str(body, "current", true, &current, &err) == 0 &&
	    get_str(body, "new", true, &new_password, &err) == 0)
		rc = auth_password_change(app->st, &who, current, new_password,
					  req->remote_addr, time(NULL), &wait,
					  &err);
	if (err.code == ERR_RATE)
		resp->retry_after_s = wait;
	reply_empty(resp, rc, 204, &err);
	json_decref(body);
}

/* ---- /api/v1/users (admin) ---- */

static void handle_user_list(struct http_request *req,
			     struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *list = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0)
		list = auth_user_list(app->st, &who, &err);
	reply(resp, list ? json_pack("{s:o}", "items", list) : NULL, 200,
	      &err);
}

static void handle_user_get(struct http_request *req,
			    struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *out = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0)
		out = auth_user_get(app->st, &who, req->path_params[0], &err);
	reply(resp, out, 200, &err);
}

static int parse_new_user(json_t *body, struct auth_user_in *in,
			  const char **actors, struct err *err)
{
	bool has;

	memset(in, 0, sizeof(*in));
	if (get_str(body, "username", true, &in->username, err) < 0 ||
	    get_role(body, true, &has, &in->role, err) < 0 ||
	    get_str(body, "email", false, &in->email, err) < 0 ||
	    get_str(body, "display_name", false, &in->display_name, err) < 0 ||
	    get_actors(body, &has, actors, &in->nactors, err) < 0)
		return -1;
	in->actors = actors;
	return 0;
}

static void handle_user_create(struct http_request *req,
			       struct http_response *resp)
{
	static const char *const keys[] = { "username", "role", "actors",
					     "email", "display_name", NULL };
	const char *actors[PRINCIPAL_MAX_ACTORS];
	struct app_thread *app = req->ctx;
	struct auth_invite_result res;
	struct err err = ERR_INIT;
	struct auth_user_in in;
	struct principal who;
	json_t *body = NULL, *out = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    parse_new_user(body, &in, actors, &err) == 0 &&
	    auth_user_invite(app->st, &who, &in, false, time(NULL), &res,
			     &err) == 0 &&
	    (out = auth_user_get(app->st, &who, in.username, &err))) {
		json_object_set_new(out, "invitation",
				    json_pack("{s:b,s:s?}", "sent", res.sent,
					      "reason",
					      res.sent ? NULL : res.why_not));
		snprintf(resp->location, sizeof(resp->location),
			 "/api/v1/users/%s", in.username);
	}
	reply(resp, out, 201, &err);
	json_decref(body);
}

static int parse_patch(json_t *body, struct auth_user_patch *p,
		       const char **actors, struct err *err)
{
	json_t *d = json_object_get(body, "disabled");

	memset(p, 0, sizeof(*p));
	if (get_role(body, false, &p->has_role, &p->role, err) < 0 ||
	    get_actors(body, &p->has_actors, actors, &p->nactors, err) < 0)
		return -1;
	p->actors = actors;
	if (d && !json_is_boolean(d))
		return err_set_field(err, ERR_INVALID, "disabled",
				     _("expected true or false"));
	p->has_disabled = d != NULL;
	p->disabled = json_is_true(d);
	p->has_email = json_object_get(body, "email") != NULL;
	p->has_display_name = json_object_get(body, "display_name") != NULL;
	if (get_str(body, "email", false, &p->email, err) < 0 ||
	    get_str(body, "display_name", false, &p->display_name, err) < 0)
		return -1;
	return 0;
}

static void handle_user_patch(struct http_request *req,
			      struct http_response *resp)
{
	static const char *const keys[] = { "role", "actors", "disabled",
					     "email", "display_name", NULL };
	const char *actors[PRINCIPAL_MAX_ACTORS];
	struct app_thread *app = req->ctx;
	struct auth_user_patch p;
	struct err err = ERR_INIT;
	struct principal who;
	json_t *body = NULL, *out = NULL;

	if (no_params(req, &err) == 0 && signed_in(req, &who, &err) == 0 &&
	    (body = json_body(req, keys, &err)) &&
	    parse_patch(body, &p, actors, &err) == 0)
		out = auth_user_patch(app->st, &who, req->path_params[0], &p,
				      time(NULL), &err);
	reply(resp, out, 200, &err);
	json_decref(body);
}

const struct http_route session_routes[] = {
	{ HTTP_POST, "/api/v1/session", handle_sign_in },
	{ HTTP_GET, "/api/v1/session", handle_whoami },
	{ HTTP_DELETE, "/api/v1/session", handle_sign_out },
	{ HTTP_GET, "/api/v1/tokens", handle_token_list },
	{ HTTP_POST, "/api/v1/tokens", handle_token_create },
	{ HTTP_DELETE, "/api/v1/tokens/:id", handle_token_revoke },
	{ HTTP_POST, "/api/v1/password-reset-request", handle_reset_request },
	{ HTTP_POST, "/api/v1/password", handle_password_from_link },
	{ HTTP_PUT, "/api/v1/me/password", handle_password_change },
	{ HTTP_GET, "/api/v1/users", handle_user_list },
	{ HTTP_POST, "/api/v1/users", handle_user_create },
	{ HTTP_GET, "/api/v1/users/:username", handle_user_get },
	{ HTTP_PATCH, "/api/v1/users/:username", handle_user_patch },
};
const size_t session_nroutes =
	sizeof(session_routes) / sizeof(session_routes[0]);
