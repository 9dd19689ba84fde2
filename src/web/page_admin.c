/*
 * web/page_admin.c: /{lang}/workspace/users, administrators only: every
 * user in a table (name, display name, e-mail, role, actors, status, last
 * sign-in), a form to invite a user by e-mail, and per user a change of
 * role, actors and contact details (?user=NAME), disabling and enabling,
 * and a link to set a new password. API tokens are web/page_tokens.c.
 *
 * Each change is a small POST form with a hidden "op" field (invite,
 * change, disable, enable, reset), checked for CSRF by page_run_post.
 * Disabling asks first: a post without confirm=yes answers with a
 * confirmation page and changes nothing. After a change the page redirects
 * (Post/Redirect/Get) with ?done=; a form with errors comes back with them
 * (status 422).
 *
 * Access is the service's (service/auth.h): a user who is not an
 * administrator gets ERR_FORBIDDEN from auth_user_list, the 403 page.
 * The page checks the fields first so that its messages, in the page's
 * language, say what to fix; the service's own checks stay the rule.
 *
 * Ownership: json_t values asked for are released before return.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/value.h"
#include "service/auth.h"
#include "service/portal.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/format.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define USERS_PATH "/workspace/users"

/* The roles in the order the select lists them, with their labels. */
static const char *const role_values[] = {"reader", "reporter", "coordinator",
					  "admin"};
static const char *const role_keys[] = {
    "admin.role.reader", "admin.role.reporter", "admin.role.coordinator",
    "admin.role.admin"};
#define NROLES 4

/* Everything the page shows. */
struct users_view {
	json_t *users;	/* auth_user_list: the users in name order */
	json_t *actors; /* id -> actor */
	struct form_option *actor_opts; /* every actor, by name */
	size_t nactors;
	const char **names; /* the users' names, NULL-terminated */
};

/* What one rendering shows besides the data. */
struct users_ui {
	const char *notice;	  /* catalog key of a done message */
	struct form_state invite; /* the invite form, posted or empty */
	struct form_state change; /* the change form, posted or empty */
	struct form_state table;  /* errors of the table's actions */
};

static void para(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

static const char *role_label(struct page *pg, const char *role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (role && !strcmp(role, role_values[i]))
			return T(pg, role_keys[i]);
	return role;
}

/* ---- loading ---- */

static int by_label(const void *a, const void *b)
{
	const struct form_option *x = a, *y = b;

	return fmt_collate(x->label, y->label);
}

static void actor_options(struct page *pg, struct users_view *v)
{
	const char *id;
	json_t *a;

	v->actor_opts =
	    xcalloc(json_object_size(v->actors) + 1, sizeof(*v->actor_opts));
	json_object_foreach(v->actors, id, a)
	{
		const char *name = page_pick(pg, a, "name", NULL);

		v->actor_opts[v->nactors++] =
		    (struct form_option){id, name ? name : id};
	}
	xqsort(v->actor_opts, v->nactors, sizeof(*v->actor_opts), by_label);
}

static int users_load(struct page *pg, struct users_view *v, struct err *err)
{
	json_t *u;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->users = auth_user_list(pg->st, &pg->who, err);
	if (!v->users || !(v->actors = portal_map(pg->st, "actors", err)))
		return -1;
	actor_options(pg, v);
	v->names = xcalloc(json_array_size(v->users) + 1, sizeof(*v->names));
	json_array_foreach(v->users, i, u)
	{
		v->names[i] = page_str(u, "username");
	}
	return 0;
}

static void users_release(struct users_view *v)
{
	json_decref(v->users);
	json_decref(v->actors);
	free(v->actor_opts);
	free(v->names);
}

static json_t *find_user(const struct users_view *v, const char *name)
{
	json_t *u;
	size_t i;

	json_array_foreach(v->users, i, u)
	{
		const char *n = page_str(u, "username");

		if (name && n && !strcmp(n, name))
			return u;
	}
	return NULL;
}

/* ---- the table ---- */

static void cell_text(struct page *pg, const char *s)
{
	html_raw(pg->out, "<td>");
	if (s && *s)
		html_txt(pg->out, s);
	else
		page_none(pg);
	html_raw(pg->out, "</td>");
}

static void cell_actors(struct page *pg, const struct users_view *v, json_t *u)
{
	json_t *list = json_object_get(u, "actors"), *a;
	size_t i;

	html_raw(pg->out, "<td>");
	if (!json_array_size(list))
		page_none(pg);
	json_array_foreach(list, i, a)
	{
		if (i)
			html_raw(pg->out, ", ");
		page_actor_link(pg, v->actors, json_string_value(a));
	}
	html_raw(pg->out, "</td>");
}

static void cell_state(struct page *pg, json_t *u)
{
	const char *key = json_is_true(json_object_get(u, "disabled"))
			      ? "admin.state.disabled"
			  : json_is_true(json_object_get(u, "has_password"))
			      ? "admin.state.active"
			      : "admin.state.invited";

	html_raw(pg->out, "<td>");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</td>");
}

static void cell_login(struct page *pg, json_t *u)
{
	const char *at = page_str(u, "last_login_at");

	html_raw(pg->out, "<td>");
	if (at)
		page_date(pg, at);
	else
		html_txt(pg->out, T(pg, "admin.never"));
	html_raw(pg->out, "</td>");
}

/* A one-button form posting op for user `name`; the button's accessible
 * name says whom it is for. */
static void action_form(struct page *pg, const char *op, const char *name,
			const char *label_key, const char *aria_key)
{
	form_begin(pg, USERS_PATH, NULL);
	form_hidden(pg, "op", op);
	form_hidden(pg, "username", name);
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"secondary\" data-size=\"sm\" "
			  "aria-label=\"");
	page_tf(pg, aria_key, name, NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, label_key));
	html_raw(pg->out, "</button>\n");
	form_end(pg);
}

static void cell_actions(struct page *pg, json_t *u)
{
	const char *name = page_str(u, "username");
	bool disabled = json_is_true(json_object_get(u, "disabled"));

	html_raw(pg->out, "<td class=\"vk-admin-actions\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, USERS_PATH "?user=", name);
	html_raw(pg->out, "\" aria-label=\"");
	page_tf(pg, "admin.action.change_user", name, NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "admin.action.change"));
	html_raw(pg->out, "</a>\n");
	if (disabled)
		action_form(pg, "enable", name, "admin.action.enable",
			    "admin.action.enable_user");
	else
		action_form(pg, "disable", name, "admin.action.disable",
			    "admin.action.disable_user");
	if (!disabled && page_str(u, "email"))
		action_form(pg, "reset", name, "admin.action.reset",
			    "admin.action.reset_user");
	html_raw(pg->out, "</td>");
}

static void user_row(struct page *pg, const struct users_view *v, json_t *u)
{
	const char *name = page_str(u, "username");

	html_raw(pg->out, "<tr><th scope=\"row\">");
	html_txt(pg->out, name);
	if (name && !strcmp(name, pg->who.username)) {
		html_raw(pg->out, " ");
		html_txt(pg->out, T(pg, "admin.you"));
	}
	html_raw(pg->out, "</th>");
	cell_text(pg, page_str(u, "display_name"));
	cell_text(pg, page_str(u, "email"));
	cell_text(pg, role_label(pg, page_str(u, "role")));
	cell_actors(pg, v, u);
	cell_state(pg, u);
	cell_login(pg, u);
	cell_actions(pg, u);
	html_raw(pg->out, "</tr>\n");
}

static void users_table(struct page *pg, const struct users_view *v)
{
	static const char *const cols[] = {
	    "admin.col.username",   "admin.col.display_name", "admin.col.email",
	    "admin.col.role",	    "admin.col.actors",	      "admin.col.state",
	    "admin.col.last_login", "admin.col.actions",
	};
	size_t i, off = 0;
	char n[24], d[24];
	json_t *u;

	json_array_foreach(v->users, i, u)
	{
		off += json_is_true(json_object_get(u, "disabled"));
	}
	snprintf(n, sizeof(n), "%zu", json_array_size(v->users));
	snprintf(d, sizeof(d), "%zu", off);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "admin.users.count", n, d, NULL);
	html_raw(pg->out,
		 "</p>\n<div class=\"vk-table-scroll\" role=\"region\" "
		 "tabindex=\"0\" aria-labelledby=\"users-caption\">"
		 "<table class=\"ds-table vk-admin-table\" "
		 "id=\"f-users\" tabindex=\"-1\"><caption "
		 "id=\"users-caption\">");
	html_txt(pg->out, T(pg, "admin.users.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		page_th(pg, cols[i]);
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(v->users, i, u)
	{
		user_row(pg, v, u);
	}
	html_raw(pg->out, "</tbody></table></div>\n");
}

/* ---- the forms ---- */

static void role_field(struct page *pg, const struct form_state *fs,
		       const char *value)
{
	struct form_option opts[NROLES];
	const struct form_field f = {
	    .name = "role",
	    .label_key = "admin.field.role",
	    .help_key = "admin.role.help",
	    .value = value,
	    .required = true,
	};

	for (size_t i = 0; i < NROLES; i++)
		opts[i] =
		    (struct form_option){role_values[i], T(pg, role_keys[i])};
	form_select(pg, fs, &f, opts, NROLES);
}

static void actors_field(struct page *pg, const struct users_view *v,
			 const struct form_state *fs,
			 const char *const *checked)
{
	const struct form_field f = {
	    .name = "actors",
	    .label_key = "admin.field.actors",
	    .help_key = "admin.field.actors_help",
	};

	html_raw(pg->out, "<div class=\"vk-admin-actors\">\n");
	form_checkboxes(pg, fs, &f, v->actor_opts, v->nactors, checked);
	html_raw(pg->out, "</div>\n");
}

/* Display name and e-mail, shown from u (NULL: empty); an invitation
 * needs the address. */
static void contact_fields(struct page *pg, const struct form_state *fs,
			   json_t *u, bool need_email)
{
	const struct form_field name = {
	    .name = "display_name",
	    .label_key = "admin.field.display_name",
	    .value = page_str(u, "display_name"),
	    .maxlength = USER_DISPLAY_MAX,
	    .autocomplete = "off",
	};
	const struct form_field email = {
	    .name = "email",
	    .label_key = "admin.field.email",
	    .value = page_str(u, "email"),
	    .required = need_email,
	    .maxlength = USER_EMAIL_MAX,
	    .type = "email",
	    .autocomplete = "off",
	};

	form_input(pg, fs, &name);
	form_input(pg, fs, &email);
}

static void invite_form(struct page *pg, const struct users_view *v,
			const struct form_state *fs)
{
	const struct form_field user = {
	    .name = "username",
	    .label_key = "admin.field.username",
	    .help_key = "admin.field.username_help",
	    .required = true,
	    .maxlength = USER_NAME_MAX,
	    .autocomplete = "off",
	};

	page_h2(pg, "invite", "admin.invite.title");
	para(pg, "admin.invite.intro");
	form_begin(pg, USERS_PATH, NULL);
	form_hidden(pg, "op", "invite");
	form_input(pg, fs, &user);
	contact_fields(pg, fs, NULL, true);
	role_field(pg, fs, "reporter");
	actors_field(pg, v, fs, NULL);
	form_button(pg, "admin.invite.submit", NULL, NULL, true);
	form_end(pg);
}

/* ---- the pages ---- */

static void crumbs(struct page *pg, bool to_users)
{
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	if (to_users)
		page_crumb_key(pg, USERS_PATH, "admin.users.title");
	page_crumbs_end(pg);
}

/* The list: table, then the invite form. */
static void render_list(struct page *pg, const struct users_view *v,
			const struct users_ui *ui)
{
	layout_begin(pg, T(pg, "admin.users.title"));
	crumbs(pg, false);
	page_h1(pg, "admin.users.title");
	para(pg, "admin.users.intro");
	if (ui->notice)
		form_notice(pg, ui->notice);
	form_error_summary(pg, &ui->table);
	form_error_summary(pg, &ui->invite);
	users_table(pg, v);
	invite_form(pg, v, &ui->invite);
	layout_end(pg);
}

/* The user's actors as a NULL-terminated list (borrowed from u). */
static const char **actors_of(json_t *u)
{
	json_t *list = json_object_get(u, "actors"), *a;
	const char **out = xcalloc(json_array_size(list) + 1, sizeof(*out));
	size_t i;

	json_array_foreach(list, i, a)
	{
		out[i] = json_string_value(a);
	}
	return out;
}

/* One user's change form. */
static void render_change(struct page *pg, const struct users_view *v,
			  json_t *u, const struct form_state *fs)
{
	const char *name = page_str(u, "username");
	const char **checked = actors_of(u);

	layout_begin(pg, T(pg, "admin.users.title"));
	crumbs(pg, true);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_tf(pg, "admin.edit.title", name, NULL);
	html_raw(pg->out, "</h1>\n");
	para(pg, "admin.edit.intro");
	form_error_summary(pg, fs);
	form_begin(pg, USERS_PATH, NULL);
	form_hidden(pg, "op", "change");
	form_hidden(pg, "username", name);
	role_field(pg, fs, page_str(u, "role"));
	actors_field(pg, v, fs, checked);
	contact_fields(pg, fs, u, false);
	form_button(pg, "admin.edit.submit", NULL, NULL, true);
	form_end(pg);
	form_leave_link(pg, USERS_PATH, "admin.cancel");
	layout_end(pg);
	free(checked);
}

static const char *notice_key(const char *done)
{
	static const char *const done_values[] = {
	    "invited", "saved", "disabled", "enabled", "reset"};
	static const char *const keys[] = {
	    "admin.done.invited", "admin.done.saved", "admin.done.disabled",
	    "admin.done.enabled", "admin.done.reset"};

	for (size_t i = 0; done && i < 5; i++)
		if (!strcmp(done, done_values[i]))
			return keys[i];
	return NULL;
}

int page_users(struct page *pg, struct err *err)
{
	static const char *const done[] = {"invited", "saved", "disabled",
					   "enabled", "reset", NULL};
	struct page_param spec[] = {{"done", PP_ENUM, done},
				    {"user", PP_ENUM, NULL}};
	struct users_ui ui;
	struct users_view v;
	int rc = -1;

	memset(&ui, 0, sizeof(ui));
	if (users_load(pg, &v, err) < 0)
		goto done;
	/* ?user= names one of the users shown: an unknown one is a 400. */
	spec[1].values = v.names;
	if (page_params(pg, spec, 2, err) < 0)
		goto done;
	if (page_param(pg, "user"))
		render_change(pg, &v, find_user(&v, page_param(pg, "user")),
			      &ui.change);
	else {
		ui.notice = notice_key(page_param(pg, "done"));
		render_list(pg, &v, &ui);
	}
	rc = 0;
done:
	users_release(&v);
	return rc;
}

/* ---- posts: checking the fields ---- */

/* The role field; -1 (with a message) when it is none of ours. */
static int check_role(struct page *pg, struct form_state *fs, enum role *out)
{
	const char *s = http_form_get(&pg->form, "role");

	if (!s || role_parse(s, out) < 0) {
		form_error_key(pg, fs, "role", "admin.error.role");
		return -1;
	}
	return 0;
}

/*
 * The ticked actors into ids (borrowed from the form): for reporters at
 * least one, at most PRINCIPAL_MAX_ACTORS, each an actor there is; for the
 * other roles none, whatever was ticked.
 */
static size_t check_actors(struct page *pg, const struct users_view *v,
			   struct form_state *fs, enum role role,
			   const char **ids)
{
	size_t pos = 0, n = 0;
	const char *a;

	if (role != ROLE_REPORTER)
		return 0;
	while ((a = http_form_next(&pg->form, "actors", &pos))) {
		if (n == PRINCIPAL_MAX_ACTORS) {
			form_error_key(pg, fs, "actors",
				       "admin.error.actors_many");
			return 0;
		}
		if (!json_object_get(v->actors, a))
			form_error_key(pg, fs, "actors",
				       "admin.error.actor_unknown");
		ids[n++] = a;
	}
	if (!n)
		form_error_key(pg, fs, "actors", "admin.error.actors_needed");
	return n;
}

static void check_contact(struct page *pg, struct form_state *fs,
			  bool need_email)
{
	const char *name = http_form_get(&pg->form, "display_name");
	const char *email = http_form_get(&pg->form, "email");

	if (name && *name && value_check_text(name, USER_DISPLAY_MAX, NULL) < 0)
		form_error_key(pg, fs, "display_name",
			       "admin.error.display_name");
	if (email && *email && auth_email_check(email, NULL) < 0)
		form_error_key(pg, fs, "email", "admin.error.email");
	else if (need_email && (!email || !*email))
		form_error_key(pg, fs, "email", "admin.error.email_needed");
}

/*
 * A service error as a message on the form: the field it names, else by
 * what the operation can refuse (`conflict`, `invalid`: catalog keys for
 * ERR_CONFLICT and a field-less ERR_INVALID, may be NULL). -1 for errors
 * that are not the form's (403, 404, the database): the caller returns
 * them.
 */
static int service_error(struct page *pg, struct form_state *fs,
			 const struct err *e, const char *conflict,
			 const char *invalid)
{
	static const char *const fields[][2] = {
	    {"username", "admin.error.username"},
	    {"email", "admin.error.email"},
	    {"display_name", "admin.error.display_name"},
	    {"role", "admin.error.role"},
	    {"actors", "admin.error.actor_unknown"},
	};

	if (e->code == ERR_CONFLICT && conflict) {
		form_error_key(pg, fs, "users", conflict);
		return 0;
	}
	if (e->code != ERR_INVALID && e->code != ERR_UNPROCESSABLE)
		return -1;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(e->field, fields[i][0])) {
			form_error_key(pg, fs, fields[i][0], fields[i][1]);
			return 0;
		}
	form_error_key(pg, fs, "users",
		       invalid ? invalid : "admin.error.other");
	return 0;
}

/* The list again with the form's errors (422). */
static int again_list(struct page *pg, const struct users_view *v,
		      struct users_ui *ui, int status)
{
	pg->resp->status = status;
	render_list(pg, v, ui);
	return 0;
}

/* ---- posts: the operations ---- */

static int op_invite(struct page *pg, const struct users_view *v,
		     struct err *err)
{
	const char *ids[PRINCIPAL_MAX_ACTORS];
	struct auth_invite_result res;
	struct auth_user_in in;
	struct users_ui ui;
	struct err e = ERR_INIT;

	memset(&ui, 0, sizeof(ui));
	memset(&in, 0, sizeof(in));
	ui.invite.in = &pg->form;
	in.username = http_form_get(&pg->form, "username");
	if (auth_username_check(in.username, NULL) < 0)
		form_error_key(pg, &ui.invite, "username",
			       "admin.error.username");
	check_contact(pg, &ui.invite, true);
	if (check_role(pg, &ui.invite, &in.role) == 0)
		in.nactors = check_actors(pg, v, &ui.invite, in.role, ids);
	if (form_has_errors(&ui.invite))
		return again_list(pg, v, &ui, 422);
	in.display_name = http_form_get(&pg->form, "display_name");
	in.email = http_form_get(&pg->form, "email");
	in.actors = ids;
	if (auth_user_invite(pg->st, &pg->who, &in, true, time(NULL), &res,
			     &e) == 0) {
		page_redirect(pg, USERS_PATH, NULL, "done=invited");
		return 0;
	}
	if (e.code == ERR_IO) {
		/* The user exists now; only the e-mail failed. */
		ui.invite.in = NULL;
		form_error_key(pg, &ui.table, "users",
			       "admin.error.send_failed");
		return again_list(pg, v, &ui, 502);
	}
	if (e.code == ERR_CONFLICT)
		form_error_key(pg, &ui.invite, "username", "admin.error.taken");
	else if (e.code == ERR_INVALID && !e.field[0])
		/* The one field-less refusal: no e-mail to send with. */
		form_error_key(pg, &ui.invite, "email", "admin.error.no_mail");
	else if (service_error(pg, &ui.invite, &e, NULL, NULL) < 0) {
		*err = e;
		return -1;
	}
	return again_list(pg, v, &ui, 422);
}

/* The change view again with its errors (422). */
static int again_change(struct page *pg, const struct users_view *v, json_t *u,
			const struct form_state *fs)
{
	pg->resp->status = 422;
	render_change(pg, v, u, fs);
	return 0;
}

static int op_change(struct page *pg, const struct users_view *v, json_t *u,
		     struct err *err)
{
	const char *ids[PRINCIPAL_MAX_ACTORS];
	struct auth_user_patch p;
	struct form_state fs;
	struct err e = ERR_INIT;
	json_t *out;

	memset(&fs, 0, sizeof(fs));
	memset(&p, 0, sizeof(p));
	fs.in = &pg->form;
	check_contact(pg, &fs, false);
	if (check_role(pg, &fs, &p.role) == 0)
		p.nactors = check_actors(pg, v, &fs, p.role, ids);
	if (form_has_errors(&fs))
		return again_change(pg, v, u, &fs);
	p.has_role = p.has_actors = p.has_email = p.has_display_name = true;
	p.actors = ids;
	p.email = http_form_get(&pg->form, "email");
	p.display_name = http_form_get(&pg->form, "display_name");
	out = auth_user_patch(pg->st, &pg->who, page_str(u, "username"), &p,
			      time(NULL), &e);
	if (out) {
		json_decref(out);
		page_redirect(pg, USERS_PATH, NULL, "done=saved");
		return 0;
	}
	/* The last administrator: the role is what has to change. */
	if (e.code == ERR_CONFLICT)
		form_error_key(pg, &fs, "role", "admin.error.last_admin");
	else if (service_error(pg, &fs, &e, NULL, NULL) < 0) {
		*err = e;
		return -1;
	}
	return again_change(pg, v, u, &fs);
}

/* Asks before disabling: nothing changes until confirm=yes comes back. */
static void render_confirm(struct page *pg, const char *name)
{
	layout_begin(pg, T(pg, "admin.users.title"));
	crumbs(pg, true);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	page_tf(pg, "admin.confirm.disable.title", name, NULL);
	html_raw(pg->out, "</h1>\n");
	para(pg, "admin.confirm.disable.text");
	if (!strcmp(name, pg->who.username))
		para(pg, "admin.confirm.disable.self");
	form_begin(pg, USERS_PATH, NULL);
	form_hidden(pg, "op", "disable");
	form_hidden(pg, "username", name);
	form_hidden(pg, "confirm", "yes");
	form_button(pg, "admin.confirm.disable.yes", NULL, NULL, true);
	form_end(pg);
	form_leave_link(pg, USERS_PATH, "admin.cancel");
	layout_end(pg);
}

static int op_enable(struct page *pg, const struct users_view *v, json_t *u,
		     bool enable, struct err *err)
{
	const char *confirm = http_form_get(&pg->form, "confirm");
	struct auth_user_patch p;
	struct users_ui ui;
	struct err e = ERR_INIT;
	json_t *out;

	if (!enable && (!confirm || strcmp(confirm, "yes"))) {
		render_confirm(pg, page_str(u, "username"));
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.has_disabled = true;
	p.disabled = !enable;
	out = auth_user_patch(pg->st, &pg->who, page_str(u, "username"), &p,
			      time(NULL), &e);
	if (out) {
		json_decref(out);
		page_redirect(pg, USERS_PATH, NULL,
			      enable ? "done=enabled" : "done=disabled");
		return 0;
	}
	memset(&ui, 0, sizeof(ui));
	if (service_error(pg, &ui.table, &e, "admin.error.last_admin", NULL) <
	    0) {
		*err = e;
		return -1;
	}
	return again_list(pg, v, &ui, 409);
}

static int op_reset(struct page *pg, const struct users_view *v, json_t *u,
		    struct err *err)
{
	struct users_ui ui;
	struct err e = ERR_INIT;
	int status = 422;

	memset(&ui, 0, sizeof(ui));
	if (!page_str(u, "email"))
		form_error_key(pg, &ui.table, "users",
			       "admin.error.no_address");
	else if (auth_reset_send(pg->st, &pg->who, page_str(u, "username"),
				 time(NULL), &e) == 0) {
		page_redirect(pg, USERS_PATH, NULL, "done=reset");
		return 0;
	} else if (e.code == ERR_IO) {
		form_error_key(pg, &ui.table, "users",
			       "admin.error.reset_failed");
		status = 502;
	} else if (service_error(pg, &ui.table, &e, "admin.error.user_disabled",
				 "admin.error.no_mail") < 0) {
		*err = e;
		return -1;
	}
	return again_list(pg, v, &ui, status);
}

/* The operation named by the form's op on the user it names. */
static int dispatch(struct page *pg, const struct users_view *v, const char *op,
		    struct err *err)
{
	json_t *u = find_user(v, http_form_get(&pg->form, "username"));

	if (!strcmp(op, "invite"))
		return op_invite(pg, v, err);
	if (!u)
		return err_set(err, ERR_NOT_FOUND, "no such user");
	if (!strcmp(op, "change"))
		return op_change(pg, v, u, err);
	if (!strcmp(op, "disable") || !strcmp(op, "enable"))
		return op_enable(pg, v, u, !strcmp(op, "enable"), err);
	return op_reset(pg, v, u, err);
}

int page_users_post(struct page *pg, struct err *err)
{
	static const char *const ops[] = {"invite", "change", "disable",
					  "enable", "reset"};
	const char *op = http_form_get(&pg->form, "op");
	struct users_view v;
	bool known = false;
	int rc = -1;

	for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
		known = known || !strcmp(op, ops[i]);
	if (users_load(pg, &v, err) < 0)
		goto done;
	if (!known) {
		err_set_field(err, ERR_INVALID, "op", "%s",
			      T(pg, "admin.error.action"));
		goto done;
	}
	rc = dispatch(pg, &v, op, err);
done:
	users_release(&v);
	return rc;
}
