/*
 * web/cycle_review.c: /{lang}/workspace/review/<report>, one status
 * report (or contribution note) for the coordinator to review: its facts,
 * the report side by side with the previous approved one of its measure
 * (status, progress, the texts, links), and what can be done in its
 * state: approve or return it with a comment (submitted); return it
 * (approved, while its period is open); reopen it with a reason
 * (approved in a closed period, so locked).
 *
 * Each form carries the report's version: when someone else approved or
 * returned it meanwhile, the post is refused with what the report is now
 * (409) and nothing changes. An empty comment or reason is a 422 with
 * the message next to the field. Success goes back to the cycle page
 * (303, ?done=). Access is the service's (service/review.h and
 * service_report_act): a reporter or reader gets its 403.
 *
 * These are page_review and page_review_post (web/page.h, listed there
 * under page_cycle.c, the page they belong to). Ownership: json_t values
 * are released before return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/entity.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/query.h"
#include "service/report.h"
#include "service/review.h"
#include "web/cycle_view.h"
#include "web/edit_fields.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define REVIEW_MAX_PROBLEMS 10

/* The page and what a refused post left to show. */
struct review {
	struct page *pg;
	const char *id;
	json_t *data;	/* service_review_get */
	json_t *report; /* borrowed from data */
	struct form_state fs;
	const char *posted; /* the action whose form was refused */
	bool changed;	    /* someone else changed the report */
};

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool is(json_t *o, const char *key, const char *want)
{
	const char *v = str(o, key);

	return v && !strcmp(v, want);
}

static int load(struct review *rv, struct err *err)
{
	json_decref(rv->data);
	rv->data = service_review_get(rv->pg->st, &rv->pg->who, rv->id, err);
	rv->report = json_object_get(rv->data, "report");
	return rv->data ? 0 : -1;
}

static json_t *part(const struct review *rv, const char *key)
{
	json_t *v = json_object_get(rv->data, key);

	return json_is_null(v) ? NULL : v;
}

/* ---- facts ---- */

static void fact_text(struct page *pg, const char *key, const char *text)
{
	if (!text)
		return;
	page_fact(pg, key);
	html_txt(pg->out, text);
	page_fact_end(pg);
}

static void fact_date(struct page *pg, const char *key, const char *iso)
{
	if (!iso)
		return;
	page_fact(pg, key);
	page_date(pg, iso);
	page_fact_end(pg);
}

/* The actor's name in the page's language, linked to its page; the id
 * when it cannot be read. */
static void actor_name(struct review *rv, const char *id)
{
	json_t *a = service_get(rv->pg->st, entity_find("actors"), id, NULL);

	if (a)
		page_link(rv->pg, "/actors/", id, a, "name");
	else
		html_txt(rv->pg->out, id);
	json_decref(a);
}

static void facts(struct review *rv)
{
	struct page *pg = rv->pg;
	json_t *r = rv->report, *m = part(rv, "measure");
	struct buf label = BUF_INIT;

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "cycle.f.measure");
	if (m)
		page_link(pg, "/measures/", str(r, "measure"), m, "title");
	else
		html_txt(pg->out, str(r, "measure"));
	page_fact_end(pg);
	cycle_period_label(pg, str(r, "period"), &label);
	fact_text(pg, "cycle.f.period", buf_cstr(&label));
	fact_text(pg, "cycle.f.kind",
		  T(pg, is(r, "kind", "contribution")
			    ? "cycle.kind.contribution"
			    : "cycle.kind.status"));
	if (str(r, "actor")) {
		page_fact(pg, "cycle.f.actor");
		actor_name(rv, str(r, "actor"));
		page_fact_end(pg);
	}
	page_fact(pg, "cycle.f.state");
	cycle_state_tag(pg, str(r, "state"));
	page_fact_end(pg);
	fact_date(pg, "cycle.f.submitted", str(r, "submitted_at"));
	fact_date(pg, "cycle.f.approved", str(r, "approved_at"));
	if (str(r, "comment") && str(r, "comment")[0]) {
		page_fact(pg, "cycle.f.comment");
		page_report_text(pg, str(r, "comment"));
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
	buf_release(&label);
}

/* ---- the comparison ---- */

static void links_cell(struct page *pg, json_t *links)
{
	json_t *l;
	size_t i;

	if (!json_array_size(links)) {
		page_none(pg);
		return;
	}
	html_raw(pg->out, "<ul class=\"ds-list\">");
	json_array_foreach(links, i, l) {
		const char *url = str(l, "url");
		const char *title = str(l, "title") ? str(l, "title") : url;

		html_raw(pg->out, "<li>");
		if (html_url_ok(url)) {
			html_raw(pg->out, "<a class=\"ds-link\" href=\"");
			html_href(pg->out, url);
			html_raw(pg->out, "\">");
			html_txt(pg->out, title);
			html_raw(pg->out, "</a>");
		} else {
			html_txt(pg->out, title);
		}
		html_raw(pg->out, "</li>");
	}
	html_raw(pg->out, "</ul>");
}

static void cell(struct page *pg, json_t *r, const char *field)
{
	json_t *v = json_object_get(r, field);

	html_raw(pg->out, "<td>");
	if (!r)
		page_none(pg);
	else if (!strcmp(field, "status") && json_is_string(v))
		page_status(pg, json_string_value(v));
	else if (!strcmp(field, "progress") && json_is_integer(v))
		page_percent(pg, json_integer_value(v));
	else if (!strcmp(field, "links"))
		links_cell(pg, v);
	else if (json_is_string(v) && json_string_value(v)[0])
		page_report_text(pg, json_string_value(v));
	else
		page_none(pg);
	html_raw(pg->out, "</td>");
}

static void head(struct page *pg, const char *key, json_t *r)
{
	html_raw(pg->out, "<th scope=\"col\">");
	if (r)
		page_tf(pg, key, str(r, "period"), NULL);
	else
		html_txt(pg->out, T(pg, "cycle.compare.none"));
	html_raw(pg->out, "</th>");
}

static void compare(struct review *rv)
{
	static const struct {
		const char *field, *key;
	} rows[] = {
	    {"status", "list.col.status"},
	    {"progress", "list.col.progress"},
	    {"done_text", "report.done_text"},
	    {"milestones_text", "report.milestones_text"},
	    {"next_steps", "report.next_steps"},
	    {"challenges", "report.challenges"},
	    {"mitigations", "report.mitigations"},
	    {"links", "cycle.compare.links"},
	};
	struct page *pg = rv->pg;
	json_t *prev = part(rv, "previous");

	page_h2(pg, "compare", "cycle.compare.h");
	html_raw(pg->out,
		 "<div class=\"vk-table-scroll\" role=\"region\" "
		 "tabindex=\"0\" aria-labelledby=\"compare-caption\">"
		 "\n<table class=\"ds-table vk-compare\" data-border>\n"
		 "<caption id=\"compare-caption\">");
	html_txt(pg->out, T(pg, "cycle.compare.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.compare.field"));
	html_raw(pg->out, "</th>");
	head(pg, "cycle.compare.this", rv->report);
	head(pg, "cycle.compare.prev", prev);
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		html_raw(pg->out, "<tr><th scope=\"row\">");
		html_txt(pg->out, T(pg, rows[i].key));
		html_raw(pg->out, "</th>");
		cell(pg, rv->report, rows[i].field);
		cell(pg, prev, rows[i].field);
		html_raw(pg->out, "</tr>\n");
	}
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* ---- the actions ---- */

static void version_field(struct review *rv)
{
	char v[32] = "";
	json_t *n = json_object_get(rv->report, "version");

	if (json_is_integer(n))
		snprintf(v, sizeof(v), "%lld",
			 (long long)json_integer_value(n));
	form_hidden(rv->pg, "version", v);
}

/* One action's form: a heading, a text, the field it needs (comment or
 * reason; none for approve) and its button. Their catalog keys are
 * `prefix` ("cycle.return.") followed by h, text, field, help, submit. */
static void action_form(struct review *rv, const char *action,
			const char *field, const char *prefix, bool primary)
{
	struct page *pg = rv->pg;
	char h[64], text[64], label[64], help[64], button[64], anchor[64];
	struct form_state empty = {0};
	bool posted = rv->posted && !strcmp(rv->posted, action);

	snprintf(h, sizeof(h), "%sh", prefix);
	snprintf(text, sizeof(text), "%stext", prefix);
	snprintf(label, sizeof(label), "%sfield", prefix);
	snprintf(help, sizeof(help), "%shelp", prefix);
	snprintf(button, sizeof(button), "%ssubmit", prefix);
	snprintf(anchor, sizeof(anchor), "action-%s", action);
	page_h2(pg, anchor, h);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, text));
	html_raw(pg->out, "</p>\n");
	form_begin(pg, "/workspace/review/", rv->id);
	version_field(rv);
	if (field) {
		struct form_field f = {.name = field,
				       .label_key = label,
				       .help_key = help,
				       .required = true};

		form_textarea(pg, posted ? &rv->fs : &empty, &f, 5);
	}
	form_button(pg, button, "action", action, primary);
	form_end(pg);
}

static void actions(struct review *rv)
{
	json_t *r = rv->report, *period = part(rv, "period");
	bool open = !period || is(period, "state", "open");
	struct page *pg = rv->pg;

	if (is(r, "state", "submitted")) {
		action_form(rv, "approve", NULL, "cycle.approve.", true);
		action_form(rv, "return", "comment", "cycle.return.", false);
	} else if (is(r, "state", "approved") && open) {
		action_form(rv, "return", "comment", "cycle.return_approved.",
			    true);
	} else if (is(r, "state", "approved")) {
		action_form(rv, "reopen", "reason", "cycle.reopen.", true);
	} else {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "cycle.review.waiting"));
		html_raw(pg->out, "</p>\n");
	}
}

static void changed_alert(struct review *rv)
{
	struct page *pg = rv->pg;
	struct buf msg = BUF_INIT;

	if (!rv->changed)
		return;
	cycle_fill(pg, "cycle.err.changed",
		   cycle_state_label(pg, str(rv->report, "state")), &msg);
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"danger\" "
			  "role=\"alert\"><p class=\"ds-paragraph\">");
	html_txt(pg->out, buf_cstr(&msg));
	html_raw(pg->out, "</p></div>\n");
	buf_release(&msg);
}

static void render(struct review *rv)
{
	struct page *pg = rv->pg;
	json_t *m = part(rv, "measure");
	const char *name = m ? page_pick(pg, m, "title", NULL) : NULL;
	struct buf title = BUF_INIT;

	cycle_fill(pg, "cycle.review.title",
		   name ? name : str(rv->report, "measure"), &title);
	layout_begin(pg, buf_cstr(&title));
	cycle_crumbs(pg, true);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, buf_cstr(&title));
	html_raw(pg->out, "</h1>\n");
	changed_alert(rv);
	form_error_summary(pg, &rv->fs);
	facts(rv);
	compare(rv);
	actions(rv);
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/workspace/cycle", NULL);
	html_raw(pg->out, "?period=");
	html_url_arg(pg->out, str(rv->report, "period"));
	html_raw(pg->out, "#overview\">");
	html_txt(pg->out, T(pg, "cycle.review.back"));
	html_raw(pg->out, "</a></p>\n");
	layout_end(pg);
	buf_release(&title);
}

static int init(struct page *pg, struct review *rv, struct err *err)
{
	memset(rv, 0, sizeof(*rv));
	rv->pg = pg;
	rv->id = pg->req->path_params[0];
	if (!rv->id || value_check_id(rv->id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such report");
	return 0;
}

int page_review(struct page *pg, struct err *err)
{
	struct review rv;
	int rc = -1;

	if (init(pg, &rv, err) == 0 && page_params(pg, NULL, 0, err) == 0 &&
	    load(&rv, err) == 0) {
		render(&rv);
		rc = 0;
	}
	json_decref(rv.data);
	return rc;
}

/* ---- posts ---- */

/* The version the form was based on is still the report's. */
static bool same_version(void *arg, json_t *report)
{
	json_t *v = json_object_get(report, "version");
	char now[32];

	if (!arg || !json_is_integer(v))
		return false;
	snprintf(now, sizeof(now), "%lld", (long long)json_integer_value(v));
	return !strcmp(arg, now);
}

static bool action_of(const char *s, enum report_action *out,
		      const char **field)
{
	static const struct {
		const char *name, *field;
		enum report_action action;
	} actions_map[] = {
	    {"approve", NULL, REPORT_APPROVE},
	    {"return", "comment", REPORT_RETURN},
	    {"reopen", "reason", REPORT_REOPEN},
	};

	for (size_t i = 0;
	     s && i < sizeof(actions_map) / sizeof(actions_map[0]); i++) {
		if (!strcmp(s, actions_map[i].name)) {
			*out = actions_map[i].action;
			*field = actions_map[i].field;
			return true;
		}
	}
	return false;
}

static void done(struct review *rv, const char *action, json_t *report)
{
	struct buf q = BUF_INIT;

	buf_addf(&q, "done=%s&period=",
		 !strcmp(action, "approve")  ? "approved"
		 : !strcmp(action, "return") ? "returned"
					     : "reopened");
	html_url_arg(&q, str(report, "period"));
	page_redirect(rv->pg, "/workspace/cycle", NULL, buf_cstr(&q));
	buf_release(&q);
}

/* What is wrong with the comment or reason: missing, or too long. */
static const char *error_key(struct page *pg, const char *field)
{
	const char *text = field ? http_form_get(&pg->form, field) : NULL;
	bool given = text && text[strspn(text, " \t\r\n")];

	if (given)
		return "cycle.err.too_long";
	return field && !strcmp(field, "reason") ? "cycle.err.reason"
						 : "cycle.err.comment";
}

/* The page again after a refusal the user can act on; else the error
 * page. */
static int refused(struct review *rv, const char *field, const struct err *werr,
		   struct err *err)
{
	struct page *pg = rv->pg;

	switch (werr->code) {
	case ERR_UNPROCESSABLE:
		rv->fs.in = &pg->form;
		form_error_key(pg, &rv->fs, field ? field : "action",
			       error_key(pg, field));
		pg->resp->status = 422;
		break;
	case ERR_PRECONDITION:
	case ERR_PRECONDITION_REQUIRED:
	case ERR_CONFLICT:
		rv->changed = true;
		rv->posted = NULL;
		pg->resp->status = 409;
		break;
	default:
		*err = *werr;
		return -1;
	}
	if (load(rv, err) < 0)
		return -1;
	render(rv);
	return 0;
}

int page_review_post(struct page *pg, struct err *err)
{
	struct review rv;
	struct problems probs = PROBLEMS_INIT(REVIEW_MAX_PROBLEMS);
	enum report_action action;
	const char *field = NULL, *version;
	struct write_guard g;
	struct err werr = ERR_INIT;
	json_t *body = NULL, *res;
	int rc = -1;

	if (init(pg, &rv, err) < 0)
		return -1;
	rv.posted = http_form_get(&pg->form, "action");
	if (!action_of(rv.posted, &action, &field))
		return err_set_field(err, ERR_INVALID, "action", "%s",
				     T(pg, "error.form_type"));
	version = http_form_get(&pg->form, "version");
	g = (struct write_guard){same_version, (void *)version};
	if (field) {
		/* As the edit forms read text: trimmed, CR LF as LF. */
		static const struct field_desc text = {
		    "text", FT_TEXT, 0, 0, LIMIT_TEXT_BYTES, NULL, NULL, NULL};
		json_t *v =
		    edit_value_parse(&text, http_form_get(&pg->form, field));

		body = json_pack("{s:o}", field, v ? v : json_string(""));
	}
	res = service_report_act(pg->st, &pg->who, rv.id, action, body, &g,
				 &probs, &werr);
	if (res) {
		done(&rv, rv.posted, res);
		rc = 0;
	} else {
		rc = refused(&rv, field, &werr, err);
	}
	json_decref(body);
	json_decref(res);
	json_decref(rv.data);
	problems_release(&probs);
	return rc;
}
