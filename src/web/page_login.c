/*
 * web/page_login.c: signing in and out, and the pages the e-mailed links
 * open: /{lang}/login (the sign-in form; ?next= is where to go after),
 * /{lang}/logout (a POST from the header's button), /{lang}/reset (ask
 * for a reset link by user name or e-mail address; with ?token= choose a
 * new password) and /{lang}/invite?token= (accept an invitation by
 * choosing a password).
 *
 * The rules live in service/auth.c: throttling, the one answer for an
 * unknown user and a wrong password, single-use links, password rules,
 * audit. This file turns them into forms. It must never echo a password,
 * never say whether an account exists, and never redirect anywhere but
 * to a path on this site (`next` is checked by next_is_local).
 *
 * Tokens travel in the query (?token=), not in the path: the access log
 * records paths but never queries.
 *
 * Ownership: everything is borrowed from the request.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/cookie.h"
#include "model/limits.h"
#include "service/auth.h"
#include "util/config.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

/* ---- query parameters and the way back ---- */

/* Each parameter at most once, one of `names`, of bounded length. */
static int own_params(struct page *pg, const char *const *names,
		      struct err *err)
{
	const struct http_request *req = pg->req;

	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;
		bool known = false;

		for (size_t k = 0; names[k] && !known; k++)
			known = !strcmp(names[k], name);
		for (size_t k = 0; k < i && known; k++)
			known = strcmp(req->params[k].name, name) != 0;
		if (!known ||
		    strlen(req->params[i].value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, name, "%s",
					     T(pg, "error.param_unknown"));
	}
	return 0;
}

/*
 * Whether `next` is a path on this site: "/" and then anything but a
 * second "/" or "\" (which browsers read as another host), only visible
 * ASCII (a tab or newline inside is dropped by browsers, so "/\t/evil"
 * would become "//evil"), no backslash anywhere, and short enough for
 * the Location header.
 */
static bool next_is_local(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return false;
	if (strlen(next) > 400)
		return false;
	for (const char *p = next; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
			return false;
	return true;
}

/* Whether path already starts with a language prefix ("/nb/..."). */
static bool has_lang(const char *path)
{
	enum lang l;

	return strlen(path) >= 3 && lang_from_code(path + 1, 2, &l) &&
	       (path[3] == '/' || path[3] == '\0' || path[3] == '?');
}

/* 303 to `next` when it is local (under the page's language unless it
 * names one), else to the workspace. */
static void redirect_next(struct page *pg, const char *next)
{
	enum lang page_lang = pg->lang;

	if (!next_is_local(next)) {
		page_redirect(pg, "/workspace", NULL, NULL);
		return;
	}
	if (has_lang(next)) {
		lang_from_code(next + 1, 2, &pg->lang);
		next += 3;
	}
	page_redirect(pg, next, NULL, NULL);
	pg->lang = page_lang;
}

/* A catalog text with {1} replaced by arg, as plain text (form_error
 * escapes it when written). */
static void text_with(struct page *pg, const char *key, const char *arg,
		      char *out, size_t n)
{
	const char *t = T(pg, key);
	const char *at = strstr(t, "{1}");

	if (!at)
		snprintf(out, n, "%s", t);
	else
		snprintf(out, n, "%.*s%s%s", (int)(at - t), t, arg, at + 3);
}

/* ---- the sign-in form ---- */

static void login_form(struct page *pg, const struct form_state *fs,
		       const char *next)
{
	static const struct form_field user = {
	    "username", "login.username", NULL,	      NULL, true,
	    64,		"text",		  "username",
	};
	static const struct form_field pass = {
	    "password", "login.password",  NULL,       NULL,
	    true,	AUTH_PASSWORD_MAX, "password", "current-password",
	};

	form_error_summary(pg, fs);
	form_begin(pg, "/login", NULL);
	if (next_is_local(next))
		form_hidden(pg, "next", next);
	form_input(pg, fs, &user);
	form_input(pg, fs, &pass);
	form_button(pg, "login.submit", NULL, NULL, true);
	form_end(pg);
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/reset", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "login.forgot"));
	html_raw(pg->out, "</a></p>\n");
}

/* The notice after a reset or an accepted invitation. */
static void login_notice(struct page *pg)
{
	const char *done = page_param(pg, "done");

	if (done && !strcmp(done, "reset"))
		form_notice(pg, "login.done.reset");
	else if (done && !strcmp(done, "invited"))
		form_notice(pg, "login.done.invited");
}

static void login_page(struct page *pg, const struct form_state *fs,
		       const char *next)
{
	layout_begin(pg, T(pg, "login.title"));
	html_raw(pg->out, "<div class=\"vk-narrow\">\n");
	page_h1(pg, "login.title");
	login_notice(pg);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "login.intro"));
	html_raw(pg->out, "</p>\n");
	login_form(pg, fs, next);
	html_raw(pg->out, "</div>\n");
	layout_end(pg);
}

int page_login(struct page *pg, struct err *err)
{
	static const char *const names[] = {"next", "done", NULL};
	struct form_state fs = {0};
	const char *done = page_param(pg, "done");

	if (own_params(pg, names, err) < 0)
		return -1;
	if (done && strcmp(done, "reset") && strcmp(done, "invited"))
		return err_set_field(err, ERR_INVALID, "done", "%s",
				     T(pg, "error.param_value"));
	if (page_signed_in(pg)) {
		redirect_next(pg, page_param(pg, "next"));
		return 0;
	}
	login_page(pg, &fs, page_param(pg, "next"));
	return 0;
}

/* Signed in: the cookie, then on to where the user was going. */
static void signed_in(struct page *pg, const struct auth_new_session *ns,
		      const char *next)
{
	http_session_cookie(pg->resp->set_cookie, ns->cookie,
			    config_get()->secure_cookies);
	redirect_next(pg, next);
}

/* The form again with one message on the password field. */
static void sign_in_refused(struct page *pg, struct form_state *fs,
			    const struct err *e,
			    const struct auth_new_session *ns, const char *next)
{
	char msg[FORM_MSG_MAX], mins[16];

	if (e->code == ERR_RATE) {
		int m = (ns->retry_after_s + 59) / 60;

		snprintf(mins, sizeof(mins), "%d", m);
		text_with(pg,
			  m == 1 ? "login.error.throttled_one"
				 : "login.error.throttled",
			  mins, msg, sizeof(msg));
		form_error(fs, "password", msg);
		pg->resp->status = 429;
		pg->resp->retry_after_s = ns->retry_after_s;
	} else {
		form_error_key(pg, fs, "password", "login.error.wrong");
		pg->resp->status = 401;
	}
	login_page(pg, fs, next);
}

int page_login_post(struct page *pg, struct err *err)
{
	struct form_state fs = {.in = &pg->form};
	const char *user = http_form_get(&pg->form, "username");
	const char *pass = http_form_get(&pg->form, "password");
	const char *next = http_form_get(&pg->form, "next");
	struct auth_new_session ns = {0};
	struct principal who;
	struct err e = ERR_INIT;
	char old[128];
	struct auth_credentials c = {user, pass, pg->req->remote_addr, NULL};

	if (!user || !*user)
		form_error_key(pg, &fs, "username", "login.error.username");
	if (!pass || !*pass)
		form_error_key(pg, &fs, "password", "login.error.password");
	if (form_has_errors(&fs)) {
		pg->resp->status = 422;
		login_page(pg, &fs, next);
		return 0;
	}
	if (http_cookie_get(http_header(pg->req, "Cookie"), HTTP_SESSION_COOKIE,
			    old, sizeof(old)) == 0)
		c.old_cookie = old;
	if (auth_sign_in(pg->st, &c, time(NULL), &ns, &who, &e) == 0) {
		signed_in(pg, &ns, next);
		return 0;
	}
	if (e.code != ERR_UNAUTHENTICATED && e.code != ERR_RATE) {
		*err = e;
		return -1;
	}
	sign_in_refused(pg, &fs, &e, &ns, next);
	return 0;
}

int page_logout_post(struct page *pg, struct err *err)
{
	if (auth_sign_out(pg->st, &pg->who, err) < 0)
		return -1;
	http_session_cookie(pg->resp->set_cookie, NULL,
			    config_get()->secure_cookies);
	page_redirect(pg, "/", NULL, NULL);
	return 0;
}

/* ---- links from e-mails: a new password ---- */

/* Which link a new-password form answers. */
struct link_kind {
	const char *path;  /* "/reset" or "/invite" */
	const char *title; /* catalog key of the h1 */
	const char *intro;
	const char *button;
	const char *done; /* the sign-in page's ?done= */
};

static const struct link_kind reset_link = {
    "/reset",
    "login.reset.new_title",
    "login.reset.new_intro",
    "login.reset.new_submit",
    "done=reset",
};
static const struct link_kind invite_link = {
    "/invite",
    "login.invite.title",
    "login.invite.intro",
    "login.invite.submit",
    "done=invited",
};

/* The page for a link that is malformed, used, expired or unknown: one
 * text for all, with the way to a new link. */
static int link_invalid(struct page *pg)
{
	pg->resp->status = 400;
	pg->resp->cache_control = "private, no-store";
	layout_begin(pg, T(pg, "login.link.title"));
	html_raw(pg->out, "<div class=\"vk-narrow\">\n");
	page_h1(pg, "login.link.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "login.link.text"));
	html_raw(pg->out, "</p>\n<p class=\"ds-paragraph\"><a "
			  "class=\"ds-link\" href=\"");
	page_href(pg, "/reset", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "login.link.new"));
	html_raw(pg->out, "</a></p>\n</div>\n");
	layout_end(pg);
	return 0;
}

static void password_form(struct page *pg, const struct link_kind *k,
			  const struct form_state *fs, const char *token)
{
	static const struct form_field pass = {
	    "password",
	    "login.new_password",
	    "login.new_password.help",
	    NULL,
	    true,
	    AUTH_PASSWORD_MAX,
	    "password",
	    "new-password",
	};
	static const struct form_field again = {
	    "password_again",
	    "login.password_again",
	    NULL,
	    NULL,
	    true,
	    AUTH_PASSWORD_MAX,
	    "password",
	    "new-password",
	};

	/* The address holds a one-time secret: no cache may keep it. */
	pg->resp->cache_control = "private, no-store";
	layout_begin(pg, T(pg, k->title));
	html_raw(pg->out, "<div class=\"vk-narrow\">\n");
	page_h1(pg, k->title);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, k->intro));
	html_raw(pg->out, "</p>\n");
	form_error_summary(pg, fs);
	form_begin(pg, k->path, NULL);
	form_hidden(pg, "token", token);
	form_input(pg, fs, &pass);
	form_input(pg, fs, &again);
	form_button(pg, k->button, NULL, NULL, true);
	form_end(pg);
	html_raw(pg->out, "</div>\n");
	layout_end(pg);
}

/* Characters (UTF-8 code points) in s: the password rule counts these. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The password rules, with a message in the page's language per field. */
static void check_new_password(struct page *pg, struct form_state *fs,
			       const char *pass, const char *again)
{
	if (!pass || !*pass)
		form_error_key(pg, fs, "password", "login.error.new_password");
	else if (strlen(pass) > AUTH_PASSWORD_MAX)
		form_error_key(pg, fs, "password", "login.error.too_long");
	else if (chars(pass) < AUTH_PASSWORD_MIN)
		form_error_key(pg, fs, "password", "login.error.too_short");
	else if (auth_password_is_common(pass))
		form_error_key(pg, fs, "password", "login.error.common");
	if (!again || !*again)
		form_error_key(pg, fs, "password_again",
			       "login.error.password_again");
	else if (pass && strcmp(pass, again))
		form_error_key(pg, fs, "password_again",
			       "login.error.mismatch");
}

/* Sets the password from the link in the form; the sign-in page after. */
static int new_password_post(struct page *pg, const struct link_kind *k,
			     struct err *err)
{
	struct form_state fs = {.in = &pg->form};
	const char *token = http_form_get(&pg->form, "token");
	const char *pass = http_form_get(&pg->form, "password");
	struct err e = ERR_INIT;

	if (!token || !auth_secret_well_formed(token))
		return link_invalid(pg);
	check_new_password(pg, &fs, pass,
			   http_form_get(&pg->form, "password_again"));
	if (!form_has_errors(&fs) &&
	    auth_password_from_link(pg->st, token, pass, time(NULL), &e) == 0) {
		page_redirect(pg, "/login", NULL, k->done);
		return 0;
	}
	if (e.code == ERR_INVALID && !strcmp(e.field, "token"))
		return link_invalid(pg);
	if (e.code && e.code != ERR_UNPROCESSABLE) {
		*err = e;
		return -1;
	}
	/* The one rule the page cannot check: not the user name. */
	if (e.code == ERR_UNPROCESSABLE)
		form_error_key(pg, &fs, "password", "login.error.rejected");
	pg->resp->status = 422;
	password_form(pg, k, &fs, token);
	return 0;
}

/* GET of a link: the new-password form, when the token looks right. */
static int new_password_get(struct page *pg, const struct link_kind *k,
			    struct err *err)
{
	static const char *const names[] = {"token", NULL};
	struct form_state fs = {0};
	const char *token = page_param(pg, "token");

	if (own_params(pg, names, err) < 0)
		return -1;
	if (!token || !auth_secret_well_formed(token))
		return link_invalid(pg);
	password_form(pg, k, &fs, token);
	return 0;
}

/* ---- asking for a reset link ---- */

static void reset_request_page(struct page *pg, const struct form_state *fs)
{
	static const struct form_field user = {
	    "username",
	    "login.reset.who",
	    "login.reset.who_help",
	    NULL,
	    true,
	    254,
	    "text",
	    "username",
	};

	layout_begin(pg, T(pg, "login.reset.title"));
	html_raw(pg->out, "<div class=\"vk-narrow\">\n");
	page_h1(pg, "login.reset.title");
	if (page_param(pg, "sent"))
		form_notice(pg, "login.reset.sent");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "login.reset.intro"));
	html_raw(pg->out, "</p>\n");
	form_error_summary(pg, fs);
	form_begin(pg, "/reset", NULL);
	form_input(pg, fs, &user);
	form_button(pg, "login.reset.submit", NULL, NULL, true);
	form_end(pg);
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/login", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "login.back"));
	html_raw(pg->out, "</a></p>\n</div>\n");
	layout_end(pg);
}

int page_reset(struct page *pg, struct err *err)
{
	static const char *const sent[] = {"1", NULL};
	static const struct page_param spec[] = {{"sent", PP_ENUM, sent}};
	struct form_state fs = {0};

	if (http_param(pg->req, "token"))
		return new_password_get(pg, &reset_link, err);
	if (page_params(pg, spec, 1, err) < 0)
		return -1;
	reset_request_page(pg, &fs);
	return 0;
}

int page_reset_post(struct page *pg, struct err *err)
{
	struct form_state fs = {.in = &pg->form};
	const char *who = http_form_get(&pg->form, "username");

	if (http_form_get(&pg->form, "token"))
		return new_password_post(pg, &reset_link, err);
	if (!who || !*who) {
		form_error_key(pg, &fs, "username", "login.reset.who_missing");
		pg->resp->status = 422;
		reset_request_page(pg, &fs);
		return 0;
	}
	/* The same answer whether or not the account exists: the work
	 * happens in the background (service/auth.h). */
	if (auth_reset_request(pg->st, strchr(who, '@') ? NULL : who,
			       strchr(who, '@') ? who : NULL, time(NULL),
			       err) < 0)
		return -1;
	page_redirect(pg, "/reset", NULL, "sent=1");
	return 0;
}

/* ---- invitations ---- */

int page_invite(struct page *pg, struct err *err)
{
	return new_password_get(pg, &invite_link, err);
}

int page_invite_post(struct page *pg, struct err *err)
{
	return new_password_post(pg, &invite_link, err);
}
