/*
 * web/page_tokens.c: /{lang}/workspace/tokens, the API tokens of the
 * signed-in user (an administrator sees and revokes everyone's): name,
 * owner, the shown prefix, scope, created, last used, status - never a
 * secret - and forms to create a token and to revoke one.
 *
 * A new token's secret is in the answer to the post that made it, once:
 * status 200 on a page that is private, no-store (page_run_post), never
 * in a redirect or any URL, never logged. Revoking asks first: a post
 * without confirm=yes answers with a confirmation page and changes
 * nothing. Posts carry a hidden "op" (create, revoke) and are checked for
 * CSRF by page_run_post.
 *
 * Access is the service's (service/auth.h); the page only picks which
 * list to ask for: every user's for an administrator, else one's own.
 * Ownership: json_t values asked for are released before return; the
 * secret's buffer is wiped.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/limits.h"
#include "model/value.h"
#include "service/auth.h"
#include "util/parse.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define TOKENS_PATH "/workspace/tokens"

struct tokens_ui {
	const char *notice;	  /* catalog key of a done message */
	const char *secret;	  /* a token just made, or NULL */
	struct form_state create; /* the create form, posted or empty */
};

static void para(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

/* Every user's tokens for an administrator (the service checks that),
 * else the user's own. */
static bool sees_all(const struct page *pg)
{
	return pg->who.role == ROLE_ADMIN;
}

static json_t *tokens_load(struct page *pg, struct err *err)
{
	return auth_token_list(pg->st, &pg->who, sees_all(pg) ? "" : NULL, err);
}

static json_t *find_token(json_t *list, int64_t id)
{
	json_t *t;
	size_t i;

	json_array_foreach(list, i, t) {
		if (json_integer_value(json_object_get(t, "id")) == id)
			return t;
	}
	return NULL;
}

/* ---- the table ---- */

static void td_date(struct page *pg, const char *iso)
{
	html_raw(pg->out, "<td>");
	if (iso)
		page_date(pg, iso);
	else
		page_none(pg);
	html_raw(pg->out, "</td>");
}

/* The token's name, or a word saying it has none. */
static const char *token_name(struct page *pg, json_t *t)
{
	const char *name = page_str(t, "name");

	return name ? name : T(pg, "admin.tokens.unnamed");
}

static void revoke_form(struct page *pg, json_t *t)
{
	char id[24];

	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(t, "id")));
	form_begin(pg, TOKENS_PATH, NULL);
	form_hidden(pg, "op", "revoke");
	form_hidden(pg, "id", id);
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"secondary\" data-size=\"sm\" "
			  "aria-label=\"");
	page_tf(pg, "admin.tokens.revoke_token", token_name(pg, t), NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "admin.tokens.revoke"));
	html_raw(pg->out, "</button>\n");
	form_end(pg);
}

static void token_row(struct page *pg, json_t *t)
{
	const char *scope = page_str(t, "scope");
	const char *revoked = page_str(t, "revoked_at");

	html_raw(pg->out, "<tr><th scope=\"row\">");
	html_txt(pg->out, token_name(pg, t));
	html_raw(pg->out, "</th>");
	if (sees_all(pg)) {
		html_raw(pg->out, "<td>");
		html_txt(pg->out, page_str(t, "user"));
		html_raw(pg->out, "</td>");
	}
	html_raw(pg->out, "<td><code>");
	html_txt(pg->out, page_str(t, "prefix"));
	html_raw(pg->out, "</code></td><td>");
	html_txt(pg->out, T(pg, scope && !strcmp(scope, "write")
				    ? "admin.tokens.scope.write"
				    : "admin.tokens.scope.read"));
	html_raw(pg->out, "</td>");
	td_date(pg, page_str(t, "created_at"));
	td_date(pg, page_str(t, "last_used"));
	html_raw(pg->out, "<td>");
	html_txt(pg->out, T(pg, revoked ? "admin.tokens.state.revoked"
					: "admin.tokens.state.active"));
	if (revoked) {
		html_raw(pg->out, " ");
		page_date(pg, revoked);
	}
	html_raw(pg->out, "</td><td class=\"vk-admin-actions\">");
	if (!revoked)
		revoke_form(pg, t);
	html_raw(pg->out, "</td></tr>\n");
}

static void tokens_table(struct page *pg, json_t *list)
{
	json_t *t;
	size_t i;

	if (!json_array_size(list)) {
		para(pg, "admin.tokens.none");
		return;
	}
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"tokens-caption\">"
			  "<table class=\"ds-table vk-admin-table\"><caption "
			  "id=\"tokens-caption\">");
	html_txt(pg->out, T(pg, sees_all(pg) ? "admin.tokens.caption_all"
					     : "admin.tokens.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	page_th(pg, "admin.tokens.col.name");
	if (sees_all(pg))
		page_th(pg, "admin.tokens.col.user");
	page_th(pg, "admin.tokens.col.prefix");
	page_th(pg, "admin.tokens.col.scope");
	page_th(pg, "admin.tokens.col.created");
	page_th(pg, "admin.tokens.col.last_used");
	page_th(pg, "admin.tokens.col.state");
	page_th(pg, "admin.tokens.col.actions");
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(list, i, t) {
		token_row(pg, t);
	}
	html_raw(pg->out, "</tbody></table></div>\n");
}

/* ---- the forms and the new secret ---- */

static void create_form(struct page *pg, const struct form_state *fs)
{
	static const struct form_field name = {
	    .name = "name",
	    .label_key = "admin.tokens.field.name",
	    .help_key = "admin.tokens.field.name_help",
	    .maxlength = LIMIT_TITLE_BYTES,
	    .autocomplete = "off",
	};
	static const struct form_field scope = {
	    .name = "scope",
	    .label_key = "admin.tokens.field.scope",
	    .value = "read",
	    .required = true,
	};
	struct form_option opts[2] = {
	    {"read", T(pg, "admin.tokens.scope.read")},
	    {"write", T(pg, "admin.tokens.scope.write")},
	};

	page_h2(pg, "create", "admin.tokens.create.title");
	form_begin(pg, TOKENS_PATH, NULL);
	form_hidden(pg, "op", "create");
	form_input(pg, fs, &name);
	form_radios(pg, fs, &scope, opts, 2);
	form_button(pg, "admin.tokens.create.submit", NULL, NULL, true);
	form_end(pg);
}

/* The secret, once: in a read-only field that is easy to select. */
static void new_secret(struct page *pg, const char *secret)
{
	html_raw(pg->out, "<section class=\"ds-alert vk-admin-secret\" "
			  "data-color=\"success\" role=\"status\" "
			  "aria-labelledby=\"new-token\">\n");
	page_h2(pg, "new-token", "admin.tokens.new.title");
	para(pg, "admin.tokens.new.text");
	html_raw(pg->out, "<div class=\"ds-field\"><label class=\"ds-label\" "
			  "for=\"f-new-token\">");
	html_txt(pg->out, T(pg, "admin.tokens.new.label"));
	html_raw(pg->out, "</label><input class=\"ds-input vk-admin-token\" "
			  "id=\"f-new-token\" type=\"text\" readonly "
			  "autocomplete=\"off\" spellcheck=\"false\" "
			  "value=\"");
	html_attr(pg->out, secret);
	html_raw(pg->out, "\"></div>\n</section>\n");
}

static void crumbs(struct page *pg)
{
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	page_crumbs_end(pg);
}

static void render(struct page *pg, json_t *list, const struct tokens_ui *ui)
{
	layout_begin(pg, T(pg, "admin.tokens.title"));
	crumbs(pg);
	page_h1(pg, "admin.tokens.title");
	para(pg, "admin.tokens.intro");
	if (sees_all(pg))
		para(pg, "admin.tokens.intro_admin");
	if (ui->notice)
		form_notice(pg, ui->notice);
	if (ui->secret)
		new_secret(pg, ui->secret);
	form_error_summary(pg, &ui->create);
	tokens_table(pg, list);
	create_form(pg, &ui->create);
	layout_end(pg);
}

int page_tokens(struct page *pg, struct err *err)
{
	static const char *const done[] = {"revoked", NULL};
	static const struct page_param spec[] = {{"done", PP_ENUM, done}};
	struct tokens_ui ui;
	json_t *list;

	memset(&ui, 0, sizeof(ui));
	if (page_params(pg, spec, 1, err) < 0 || !(list = tokens_load(pg, err)))
		return -1;
	if (page_param(pg, "done"))
		ui.notice = "admin.tokens.done.revoked";
	render(pg, list, &ui);
	json_decref(list);
	return 0;
}

/* ---- posts ---- */

static int op_create(struct page *pg, struct err *err)
{
	const char *name = http_form_get(&pg->form, "name");
	const char *scope = http_form_get(&pg->form, "scope");
	char token[AUTH_TOKEN_LEN + 1] = "";
	struct tokens_ui ui;
	struct token_row row;
	struct err e = ERR_INIT;
	json_t *list = NULL;
	int rc = -1;

	memset(&ui, 0, sizeof(ui));
	ui.create.in = &pg->form;
	if (name && value_check_text(name, LIMIT_TITLE_BYTES, NULL) < 0)
		form_error_key(pg, &ui.create, "name",
			       "admin.tokens.error.name");
	if (!scope || (strcmp(scope, "read") && strcmp(scope, "write")))
		form_error_key(pg, &ui.create, "scope",
			       "admin.tokens.error.scope");
	if (form_has_errors(&ui.create)) {
		/* shown again below with its messages */
	} else if (auth_token_create(pg->st, &pg->who, NULL, scope,
				     name && *name ? name : NULL, time(NULL),
				     token, &row, &e) == 0) {
		/* A fresh, empty form under the secret. */
		ui.create.in = NULL;
		ui.secret = token;
	} else if (e.code == ERR_UNPROCESSABLE && !strcmp(e.field, "name")) {
		form_error_key(pg, &ui.create, "name",
			       "admin.tokens.error.name");
	} else if (e.code == ERR_UNPROCESSABLE) {
		form_error_key(pg, &ui.create, "scope",
			       "admin.tokens.error.scope");
	} else {
		*err = e;
		return -1;
	}
	if (form_has_errors(&ui.create))
		pg->resp->status = 422;
	if ((list = tokens_load(pg, err))) {
		render(pg, list, &ui);
		rc = 0;
	}
	json_decref(list);
	explicit_bzero(token, sizeof(token));
	return rc;
}

static void render_confirm(struct page *pg, json_t *t, const char *id)
{
	layout_begin(pg, T(pg, "admin.tokens.title"));
	crumbs(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_tf(pg, "admin.tokens.confirm.title", token_name(pg, t), NULL);
	html_raw(pg->out, "</h1>\n");
	para(pg, "admin.tokens.confirm.text");
	form_begin(pg, TOKENS_PATH, NULL);
	form_hidden(pg, "op", "revoke");
	form_hidden(pg, "id", id);
	form_hidden(pg, "confirm", "yes");
	form_button(pg, "admin.tokens.confirm.yes", NULL, NULL, true);
	form_end(pg);
	form_leave_link(pg, TOKENS_PATH, "admin.cancel");
	layout_end(pg);
}

static int op_revoke(struct page *pg, struct err *err)
{
	const char *id = http_form_get(&pg->form, "id");
	const char *confirm = http_form_get(&pg->form, "confirm");
	json_t *list, *t;
	int64_t n;
	int rc = -1;

	if (!id || parse_int64(id, 1, INT64_MAX, &n, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such token");
	if (!(list = tokens_load(pg, err)))
		return -1;
	/* Only a token the user may see can be named here. */
	t = find_token(list, n);
	if (!t)
		err_set(err, ERR_NOT_FOUND, "no such token");
	else if (!confirm || strcmp(confirm, "yes")) {
		render_confirm(pg, t, id);
		rc = 0;
	} else if (auth_token_revoke(pg->st, &pg->who, n, time(NULL), err) ==
		   0) {
		page_redirect(pg, TOKENS_PATH, NULL, "done=revoked");
		rc = 0;
	}
	json_decref(list);
	return rc;
}

int page_tokens_post(struct page *pg, struct err *err)
{
	const char *op = http_form_get(&pg->form, "op");

	if (op && !strcmp(op, "create"))
		return op_create(pg, err);
	if (op && !strcmp(op, "revoke"))
		return op_revoke(pg, err);
	return err_set_field(err, ERR_INVALID, "op", "%s",
			     T(pg, "admin.error.action"));
}
