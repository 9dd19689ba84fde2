/*
 * web/page_report_form.c: /{lang}/workspace/report/<measure>, one
 * measure's status report (or, for an actor that contributes, its
 * contribution note) for the open period: status with its definition,
 * progress, what was done, milestones, next steps, risks and what is done
 * about them, links; "Lagre utkast" (save draft) and "Send inn" (submit).
 * Beside it the measure, the period and its deadline, and the previous
 * approved report for context; below it, for the lead actor, a proposal
 * to end reporting on the measure (completed, merged, cancelled).
 *
 * A submitted or approved report, or one of a closed period, is shown
 * read-only. ?period= picks another period (the history links there).
 *
 * The form carries the report's version: a save based on an older one is
 * refused with a message and the user's text kept (optimistic
 * concurrency, the service's write_guard). Fields are checked here
 * before anything is written (report_form_input.c), so a refused post
 * writes nothing; the service checks again and has the last word on
 * access. It asks service/ only. Ownership: json_t values are released
 * before return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/status.h"
#include "model/value.h"
#include "service/access.h"
#include "service/query.h"
#include "service/report.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"
#include "web/report_form_input.h"
#include "web/workspace_data.h"

#define RF_MAX_PROBLEMS 50

/* What the page is about, loaded once per request. */
struct rf {
	const char *id;	      /* the measure's id, from the path */
	json_t *m;	      /* the measure */
	json_t *period;	      /* the period shown, or NULL: none open */
	bool status;	      /* a status report (else a contribution) */
	json_t *hist;	      /* the measure's reports, newest first */
	json_t *report;	      /* borrowed from hist, or NULL: none yet */
	json_t *previous;     /* borrowed: the previous approved one */
	bool may_close;	      /* may propose to end the reporting */
	bool closure_waiting; /* a proposal waits for a coordinator */
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

static void rf_release(struct rf *rf)
{
	json_decref(rf->m);
	json_decref(rf->period);
	json_decref(rf->hist);
}

/* ---- loading ---- */

/* Which report the user writes: the status report when they may, else
 * a contribution; the service's refusal (403) when neither. */
static int rf_kind(struct page *pg, struct rf *rf, struct err *err)
{
	struct err e = ERR_INIT;

	if (access_check(pg->st, &pg->who, OP_WRITE_STATUS_REPORT, rf->id,
			 &e) == 0) {
		rf->status = true;
		return 0;
	}
	if (access_check(pg->st, &pg->who, OP_WRITE_CONTRIBUTION, rf->id,
			 err) == 0) {
		rf->status = false;
		return 0;
	}
	return -1;
}

/* The period asked for, else the newest open one (NULL: none). */
static int rf_period(struct page *pg, struct rf *rf, const char *want,
		     struct err *err)
{
	struct err e = ERR_INIT;
	json_t *open;

	if (want) {
		rf->period = service_period_get(pg->st, want, &e);
		if (rf->period)
			return 0;
		if (e.code == ERR_NOT_FOUND || e.code == ERR_INVALID)
			return err_set(err, ERR_NOT_FOUND, "no such period");
		*err = e;
		return -1;
	}
	if (!(open = workspace_open_periods(pg, err)))
		return -1;
	rf->period = json_incref(json_array_get(open, 0));
	json_decref(open);
	return 0;
}

/* Whether a closure proposal for the measure waits already. */
static int rf_closure(struct page *pg, struct rf *rf, struct err *err)
{
	json_t *list, *c;
	size_t i;

	rf->may_close = rf->status && is(rf->m, "state", "active") &&
			access_check(pg->st, &pg->who, OP_PROPOSE_CLOSURE,
				     rf->id, NULL) == 0;
	if (!rf->may_close)
		return 0;
	if (!(list = service_closure_list(pg->st, &pg->who, "proposed", err)))
		return -1;
	json_array_foreach(json_object_get(list, "items"), i,
			   c) if (is(c, "measure", rf->id))
	    rf->closure_waiting = true;
	json_decref(list);
	return 0;
}

static int rf_load(struct page *pg, struct rf *rf, const char *period,
		   struct err *err)
{
	const char *pid;
	json_t *items;

	memset(rf, 0, sizeof(*rf));
	rf->id = pg->req->path_params[0];
	if (value_check_id(rf->id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND, "no such measure");
	if (!(rf->m =
		  service_get(pg->st, entity_find("measures"), rf->id, err)) ||
	    rf_kind(pg, rf, err) < 0 || rf_period(pg, rf, period, err) < 0)
		return -1;
	if (!rf->period)
		return 0;
	if (!(rf->hist =
		  service_measure_history(pg->st, &pg->who, rf->id, err)))
		return -1;
	pid = str(rf->period, "id");
	items = json_object_get(rf->hist, "items");
	rf->report = workspace_find_report(items, pid, rf->status, &pg->who);
	rf->previous = workspace_find_previous(items, pid);
	return rf_closure(pg, rf, err);
}

/* Whether the user may change the report now. */
static bool rf_editable(const struct rf *rf)
{
	if (!is(rf->period, "state", "open"))
		return false;
	if (!rf->report)
		return is(rf->m, "state", "active");
	return is(rf->report, "state", "draft") ||
	       is(rf->report, "state", "returned");
}

/* ---- showing values ---- */

static void fact_text(struct page *pg, json_t *r, const char *field,
		      const char *key)
{
	if (!str(r, field))
		return;
	page_fact(pg, key);
	page_report_text(pg, str(r, field));
	page_fact_end(pg);
}

/* A stored report as facts: status, progress, the texts, the links. */
static void report_facts(struct page *pg, json_t *r)
{
	json_t *l;
	size_t i;

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "report_form.status");
	if (str(r, "status"))
		page_status(pg, str(r, "status"));
	else
		page_none(pg);
	page_fact_end(pg);
	page_fact(pg, "report_form.progress");
	if (json_is_integer(json_object_get(r, "progress")))
		page_percent(
		    pg, json_integer_value(json_object_get(r, "progress")));
	else
		page_none(pg);
	page_fact_end(pg);
	fact_text(pg, r, "done_text", "report_form.done_text");
	fact_text(pg, r, "milestones_text", "report_form.milestones_text");
	fact_text(pg, r, "next_steps", "report_form.next_steps");
	fact_text(pg, r, "challenges", "report_form.challenges");
	fact_text(pg, r, "mitigations", "report_form.mitigations");
	if (json_array_size(json_object_get(r, "links"))) {
		page_fact(pg, "report_form.links");
		html_raw(pg->out, "<ul class=\"ds-list\">");
		json_array_foreach(json_object_get(r, "links"), i, l)
		{
			html_raw(pg->out, "<li>");
			page_source(pg, l);
			html_raw(pg->out, "</li>");
		}
		html_raw(pg->out, "</ul>");
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

/* ---- the page around the form ---- */

static void rf_head(struct page *pg, const struct rf *rf)
{
	const char *h1 = rf->status ? "report_form.title_status"
				    : "report_form.title_contribution";

	layout_begin(pg, T(pg, h1));
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "workspace.title");
	page_crumbs_end(pg);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, T(pg, h1));
	html_raw(pg->out, ": ");
	page_text(pg, rf->m, "title", rf->id);
	html_raw(pg->out, "</h1>\n");
}

/* Measure, period, deadline and the report's state. */
static void rf_facts(struct page *pg, const struct rf *rf)
{
	const char *state = workspace_state(rf->report);

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "report_form.measure");
	page_link(pg, "/measures/", rf->id, rf->m, "title");
	html_raw(pg->out, " <span class=\"vk-id\">");
	html_txt(pg->out, rf->id);
	html_raw(pg->out, "</span>");
	page_fact_end(pg);
	page_fact(pg, "report_form.period");
	page_period(pg, str(rf->period, "id"));
	if (!is(rf->period, "state", "open")) {
		html_raw(pg->out, " (");
		html_txt(pg->out, T(pg, "report_form.period_closed"));
		html_raw(pg->out, ")");
	}
	page_fact_end(pg);
	page_fact(pg, "report_form.due");
	page_date(pg, str(rf->period, "due"));
	page_fact_end(pg);
	page_fact(pg, "report_form.state");
	workspace_state_tag(pg, state);
	page_fact_end(pg);
	if (rf->report && str(rf->report, "updated_at")) {
		page_fact(pg, "report_form.saved");
		page_date(pg, str(rf->report, "updated_at"));
		page_fact_end(pg);
	}
	if (rf->previous) {
		page_fact(pg, "report_form.previous");
		html_raw(pg->out, "<a class=\"ds-link\" href=\"#previous\">");
		page_period(pg, str(rf->previous, "period"));
		html_raw(pg->out, "</a>");
		page_fact_end(pg);
	}
	html_raw(pg->out, "</dl>\n");
}

/* The coordinator's comment on a returned report. */
static void rf_comment(struct page *pg, const struct rf *rf)
{
	const char *comment = str(rf->report, "comment");

	if (!is(rf->report, "state", "returned") || !comment)
		return;
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"warning\">"
			  "<h2 class=\"ds-heading\" data-size=\"xs\">");
	html_txt(pg->out, T(pg, "report_form.returned"));
	html_raw(pg->out, "</h2>\n");
	page_report_text(pg, comment);
	html_raw(pg->out, "</div>\n");
}

static void rf_previous(struct page *pg, const struct rf *rf)
{
	page_h2(pg, "previous", "report_form.previous");
	if (!rf->previous) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "report_form.previous_none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_period(pg, str(rf->previous, "period"));
	if (str(rf->previous, "approved_at")) {
		html_raw(pg->out, "; ");
		html_txt(pg->out, T(pg, "report_form.approved_at"));
		html_raw(pg->out, " ");
		page_date(pg, str(rf->previous, "approved_at"));
	}
	html_raw(pg->out, "</p>\n");
	report_facts(pg, rf->previous);
}

/* Why the report cannot be changed now. */
static void rf_locked(struct page *pg, const struct rf *rf)
{
	const char *key = "report_form.locked_period";

	if (is(rf->period, "state", "open")) {
		if (is(rf->report, "state", "submitted"))
			key = "report_form.locked_submitted";
		else if (is(rf->report, "state", "approved"))
			key = "report_form.locked_approved";
		else
			key = "report_form.locked_measure";
	}
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"info\">"
			  "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p></div>\n");
	if (rf->report) {
		page_h2(pg, "report", "report_form.this_report");
		report_facts(pg, rf->report);
	}
}

/* ---- the report form ---- */

/* One status: radio, icon and label, and its definition. */
static void status_choice(struct page *pg, const struct status_def *s, size_t i,
			  bool on, bool wrong)
{
	char id[32];

	snprintf(id, sizeof(id), "f-status-%zu", i);
	html_raw(pg->out, "<div class=\"ds-field vk-status-choice\">"
			  "<input class=\"ds-input\" type=\"radio\" "
			  "name=\"status\" id=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "\" value=\"");
	html_attr(pg->out, s->code);
	html_raw(pg->out, "\" aria-describedby=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "-def\"");
	if (on)
		html_raw(pg->out, " checked");
	if (wrong)
		html_raw(pg->out, " aria-invalid=\"true\"");
	html_raw(pg->out, "><label class=\"ds-label\" for=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	page_status_icon(pg, s->code);
	html_raw(pg->out, " <span>");
	html_txt(pg->out, page_status_label(pg, s->code));
	html_raw(pg->out, "</span></label><div data-field=\"description\" "
			  "id=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "-def\">");
	html_txt(pg->out, status_text(s, lang_code(pg->lang))->definition);
	html_raw(pg->out, "</div></div>\n");
}

/* The status vocabulary as radios, each with its icon and definition
 * (form_radios has labels of plain text only). */
static void status_radios(struct page *pg, const struct form_state *fs,
			  const char *current, bool required)
{
	const char *msg = form_error_of(fs, "status");
	size_t n;
	const struct status_def *all = status_all(&n);

	html_raw(pg->out, "<fieldset class=\"ds-fieldset\" id=\"f-status\" "
			  "tabindex=\"-1\" aria-describedby=\"f-status-help");
	if (msg)
		html_raw(pg->out, " f-status-error");
	html_raw(pg->out, "\">\n<legend class=\"ds-label\">");
	html_txt(pg->out, T(pg, "report_form.status"));
	if (required) {
		html_raw(pg->out, " <span class=\"vk-required\">");
		html_txt(pg->out, T(pg, "form.required"));
		html_raw(pg->out, "</span>");
	}
	html_raw(pg->out, "</legend>\n<div data-field=\"description\" "
			  "id=\"f-status-help\">");
	html_txt(pg->out, T(pg, "report_form.status_help"));
	html_raw(pg->out, "</div>\n");
	form_field_error(pg, "status", msg);
	for (size_t i = 0; i < n; i++)
		status_choice(pg, &all[i], i,
			      current && !strcmp(current, all[i].code),
			      msg != NULL);
	html_raw(pg->out, "</fieldset>\n");
}

/* The stored value of a field as the form shows it. */
struct stored {
	char progress[24];
	struct buf links;
};

static void stored_values(json_t *r, struct stored *sv)
{
	json_t *p = json_object_get(r, "progress");

	sv->progress[0] = '\0';
	if (json_is_integer(p))
		snprintf(sv->progress, sizeof(sv->progress), "%lld",
			 (long long)json_integer_value(p));
	sv->links = (struct buf)BUF_INIT;
	report_input_links_text(json_object_get(r, "links"), &sv->links);
}

static void text_fields(struct page *pg, const struct form_state *fs, json_t *r,
			const char *links)
{
	static const char *const help[] = {
	    "report_form.done_text_help",   "report_form.milestones_text_help",
	    "report_form.next_steps_help",  "report_form.challenges_help",
	    "report_form.mitigations_help",
	};
	static const char *const label[] = {
	    "report_form.done_text",   "report_form.milestones_text",
	    "report_form.next_steps",  "report_form.challenges",
	    "report_form.mitigations",
	};
	struct form_field f = {0};

	for (size_t i = 0; report_input_texts[i]; i++) {
		f = (struct form_field){report_input_texts[i],
					label[i],
					help[i],
					str(r, report_input_texts[i]),
					i == 0,
					0,
					NULL,
					NULL};
		form_textarea(pg, fs, &f, i == 0 ? 6 : 4);
	}
	f = (struct form_field){"links",
				"report_form.links",
				"report_form.links_help",
				links,
				false,
				0,
				NULL,
				"off"};
	form_textarea(pg, fs, &f, 3);
}

static void report_form(struct page *pg, const struct rf *rf,
			const struct form_state *fs, const char *version)
{
	struct stored sv;
	struct form_field progress = {
	    "progress",
	    "report_form.progress",
	    "report_form.progress_help",
	    NULL,
	    false,
	    0,
	    "number",
	    "off",
	};
	const char *status = fs->in ? http_form_get(fs->in, "status")
				    : str(rf->report, "status");

	stored_values(rf->report, &sv);
	progress.value = sv.progress;
	page_h2(pg, "form",
		rf->status ? "report_form.form_status"
			   : "report_form.form_contribution");
	html_raw(pg->out, "<div id=\"f-report\" tabindex=\"-1\">\n");
	form_begin(pg, "/workspace/report/", rf->id);
	form_hidden(pg, "period", str(rf->period, "id"));
	form_hidden(pg, "version", version);
	status_radios(pg, fs, status, rf->status);
	form_input(pg, fs, &progress);
	text_fields(pg, fs, rf->report, buf_cstr(&sv.links));
	html_raw(pg->out, "<div class=\"vk-buttons\">\n");
	/* Enter in a field presses the first button: let that be the
	 * harmless one, saving a draft, not submitting. */
	form_button(pg, "report_form.save_draft", "action", "draft", false);
	form_button(pg, "report_form.submit", "action", "submit", true);
	html_raw(pg->out, "</div>\n");
	form_end(pg);
	html_raw(pg->out, "</div>\n");
	buf_release(&sv.links);
}

/* ---- the closure proposal ---- */

static void closure_form(struct page *pg, const struct rf *rf,
			 const struct form_state *fs)
{
	static const struct form_field outcome = {
	    "outcome", "report_form.closure.outcome", NULL, NULL, true, 0, NULL,
	    NULL,
	};
	static const struct form_field merged = {
	    "merged_into",
	    "report_form.closure.merged_into",
	    "report_form.closure.merged_into_help",
	    NULL,
	    false,
	    64,
	    NULL,
	    "off",
	};
	static const struct form_field reason = {
	    "reason",
	    "report_form.closure.reason",
	    "report_form.closure.reason_help",
	    NULL,
	    true,
	    0,
	    NULL,
	    NULL,
	};
	struct form_option opts[] = {
	    {"completed", T(pg, "state.completed")},
	    {"merged", T(pg, "state.merged")},
	    {"cancelled", T(pg, "state.cancelled")},
	};

	if (!rf->may_close)
		return;
	page_h2(pg, "closure", "report_form.closure.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out,
		 T(pg, rf->closure_waiting ? "report_form.closure.waiting"
					   : "report_form.closure.intro"));
	html_raw(pg->out, "</p>\n");
	if (rf->closure_waiting)
		return;
	form_begin(pg, "/workspace/report/", rf->id);
	form_hidden(pg, "period", str(rf->period, "id"));
	form_radios(pg, fs, &outcome, opts, 3);
	form_input(pg, fs, &merged);
	form_textarea(pg, fs, &reason, 4);
	form_button(pg, "report_form.closure.submit", "action", "closure",
		    false);
	form_end(pg);
}

/* ---- the whole page ---- */

/* Renders the page; `report_fs` and `closure_fs` carry what was posted
 * and its errors (one of them), else the stored values show. */
static void rf_page(struct page *pg, const struct rf *rf,
		    const struct form_state *report_fs,
		    const struct form_state *closure_fs, const char *version)
{
	rf_head(pg, rf);
	form_error_summary(pg, form_has_errors(closure_fs) ? closure_fs
							   : report_fs);
	rf_facts(pg, rf);
	rf_comment(pg, rf);
	if (rf_editable(rf))
		report_form(pg, rf, report_fs, version);
	else
		rf_locked(pg, rf);
	rf_previous(pg, rf);
	closure_form(pg, rf, closure_fs);
	layout_end(pg);
}

/* No period is open: not an error, a page that says so. */
static void no_period(struct page *pg, const struct rf *rf)
{
	rf_head(pg, rf);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "report_form.no_period"));
	html_raw(pg->out, "</p>\n<p class=\"ds-paragraph\"><a "
			  "class=\"ds-link\" href=\"");
	page_href(pg, "/workspace", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "report_form.back"));
	html_raw(pg->out, "</a></p>\n");
	layout_end(pg);
}

int page_report_form(struct page *pg, struct err *err)
{
	static const struct page_param spec[] = {{"period", PP_ID, NULL}};
	struct form_state fs = {0}, cfs = {0};
	char version[32];
	struct rf rf;
	int rc = -1;

	if (page_params(pg, spec, 1, err) < 0)
		return -1;
	if (rf_load(pg, &rf, page_param(pg, "period"), err) == 0) {
		workspace_version(rf.report, version);
		if (!rf.period)
			no_period(pg, &rf);
		else
			rf_page(pg, &rf, &fs, &cfs, version);
		rc = 0;
	}
	rf_release(&rf);
	return rc;
}

/* ---- saving ---- */

/* The guard: the report is still the version the form was made from. */
static bool same_version(void *arg, json_t *item)
{
	char have[32];

	workspace_version(item, have);
	return !strcmp(have, (const char *)arg);
}

/* The form again with its errors: 422, or `status` (409 when stale). */
static int rf_again(struct page *pg, const struct rf *rf, struct form_state *fs,
		    const char *version, int status)
{
	struct form_state none = {0};

	pg->resp->status = status;
	rf_page(pg, rf, fs, &none, version);
	return 0;
}

/* Creates or changes the report; NULL with err (and probs) on failure. */
static json_t *save(struct page *pg, const struct rf *rf,
		    const struct report_input *in, const char *version,
		    struct problems *probs, struct err *err)
{
	struct write_guard guard = {same_version, (void *)version};
	json_t *body, *out;

	if (rf->report) {
		body = report_input_json(in, true);
		out = service_report_update(pg->st, &pg->who,
					    str(rf->report, "id"), body, &guard,
					    probs, err);
	} else {
		body = report_input_json(in, false);
		json_object_set_new(body, "period",
				    json_string(str(rf->period, "id")));
		json_object_set_new(
		    body, "kind",
		    json_string(rf->status ? "status" : "contribution"));
		out = service_report_create(pg->st, &pg->who, rf->id, body,
					    NULL, probs, err);
	}
	json_decref(body);
	return out;
}

static json_t *submit(struct page *pg, json_t *saved, struct problems *probs,
		      struct err *err)
{
	char version[32];
	struct write_guard guard = {same_version, version};

	workspace_version(saved, version);
	return service_report_act(pg->st, &pg->who, str(saved, "id"),
				  REPORT_SUBMIT, NULL, &guard, probs, err);
}

/* A failed write: the form again with what went wrong, or -1. */
static int save_failed(struct page *pg, const struct rf *rf,
		       struct form_state *fs, const struct problems *probs,
		       const struct err *e, struct err *err)
{
	char version[32];

	workspace_version(rf->report, version);
	switch (e->code) {
	case ERR_UNPROCESSABLE:
		report_input_problems(pg, probs, fs, "report");
		return rf_again(pg, rf, fs, version, 422);
	case ERR_PRECONDITION:
	case ERR_CONFLICT:
		/* Changed, created or moved on by someone else meanwhile. */
		form_error_key(pg, fs, "report", "report_form.error.stale");
		return rf_again(pg, rf, fs, version, 409);
	default:
		*err = *e;
		return -1;
	}
}

static int report_post(struct page *pg, struct rf *rf, bool submitting,
		       struct err *err)
{
	struct form_state fs = {.in = &pg->form};
	struct report_input_rules rules = {
	    submitting,
	    rf->status,
	    rf->previous &&
		json_is_integer(json_object_get(rf->previous, "progress")),
	};
	struct problems probs = PROBLEMS_INIT(RF_MAX_PROBLEMS);
	const char *posted = http_form_get(&pg->form, "version");
	struct report_input in;
	struct err e = ERR_INIT;
	char version[32];
	json_t *saved = NULL, *done = NULL;
	int rc;

	workspace_version(rf->report, version);
	if (!posted || strcmp(posted, version)) {
		form_error_key(pg, &fs, "report", "report_form.error.stale");
		return rf_again(pg, rf, &fs, version, 409);
	}
	report_input_read(pg, &pg->form, &rules, &in, &fs);
	if (form_has_errors(&fs)) {
		report_input_release(&in);
		return rf_again(pg, rf, &fs, version, 422);
	}
	saved = save(pg, rf, &in, version, &probs, &e);
	if (saved && submitting)
		done = submit(pg, saved, &probs, &e);
	report_input_release(&in);
	if (saved && (!submitting || done)) {
		page_redirect(pg, "/workspace", NULL,
			      submitting ? "done=submitted" : "done=draft");
		rc = 0;
	} else {
		rc = save_failed(pg, rf, &fs, &probs, &e, err);
	}
	json_decref(saved);
	json_decref(done);
	problems_release(&probs);
	return rc;
}

/* ---- proposing to end the reporting ---- */

static void closure_check(struct page *pg, struct form_state *fs,
			  const char *outcome, const char *merged,
			  const char *reason)
{
	bool known = outcome && (!strcmp(outcome, "completed") ||
				 !strcmp(outcome, "merged") ||
				 !strcmp(outcome, "cancelled"));

	if (!known)
		form_error_key(pg, fs, "outcome",
			       "report_form.closure.error.outcome");
	else if (!strcmp(outcome, "merged") &&
		 (!merged || value_check_id(merged, NULL) < 0))
		form_error_key(pg, fs, "merged_into",
			       "report_form.closure.error.merged_into");
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		form_error_key(pg, fs, "reason",
			       "report_form.closure.error.reason");
	else if (value_check_text(reason, 20000, NULL) < 0)
		form_error_key(pg, fs, "reason", "report_form.error.text_long");
}

/* The closure form again with its errors. */
static int closure_again(struct page *pg, const struct rf *rf,
			 struct form_state *cfs, int status)
{
	struct form_state none = {0};
	char version[32];

	workspace_version(rf->report, version);
	pg->resp->status = status;
	rf_page(pg, rf, &none, cfs, version);
	return 0;
}

static void closure_problems(struct page *pg, const struct problems *probs,
			     struct form_state *cfs)
{
	for (size_t i = 0; i < probs->n; i++) {
		const char *f = probs->items[i].field;

		if (!strcmp(f, "merged_into"))
			form_error_key(
			    pg, cfs, f,
			    "report_form.closure.error.merged_unknown");
		else if (!strcmp(f, "reason"))
			form_error_key(pg, cfs, f,
				       "report_form.closure.error.reason");
		else
			form_error_key(pg, cfs, "outcome",
				       "report_form.closure.error.outcome");
	}
}

static int closure_post(struct page *pg, const struct rf *rf, struct err *err)
{
	struct form_state cfs = {.in = &pg->form};
	struct problems probs = PROBLEMS_INIT(RF_MAX_PROBLEMS);
	const char *outcome = http_form_get(&pg->form, "outcome");
	const char *merged = http_form_get(&pg->form, "merged_into");
	const char *reason = http_form_get(&pg->form, "reason");
	struct err e = ERR_INIT;
	json_t *body, *out;

	if (!rf->may_close)
		return page_forbidden(pg, err);
	closure_check(pg, &cfs, outcome, merged, reason);
	if (form_has_errors(&cfs))
		return closure_again(pg, rf, &cfs, 422);
	body = json_pack("{s:s,s:s}", "outcome", outcome, "reason", reason);
	if (!strcmp(outcome, "merged"))
		json_object_set_new(body, "merged_into", json_string(merged));
	out =
	    service_closure_propose(pg->st, &pg->who, rf->id, body, &probs, &e);
	json_decref(body);
	if (out) {
		json_decref(out);
		page_redirect(pg, "/workspace", NULL, "done=closure");
	} else if (e.code == ERR_UNPROCESSABLE || e.code == ERR_CONFLICT) {
		if (e.code == ERR_CONFLICT)
			form_error_key(pg, &cfs, "outcome",
				       "report_form.closure.error.conflict");
		closure_problems(pg, &probs, &cfs);
		closure_again(pg, rf, &cfs, e.code == ERR_CONFLICT ? 409 : 422);
	} else {
		*err = e;
	}
	problems_release(&probs);
	return out || e.code == ERR_UNPROCESSABLE || e.code == ERR_CONFLICT
		   ? 0
		   : -1;
}

int page_report_form_post(struct page *pg, struct err *err)
{
	const char *action = http_form_get(&pg->form, "action");
	struct rf rf;
	int rc = -1;

	if (!action || (strcmp(action, "draft") && strcmp(action, "submit") &&
			strcmp(action, "closure")))
		return err_set_field(err, ERR_INVALID, "action", "%s",
				     T(pg, "report_form.error.action"));
	if (rf_load(pg, &rf, http_form_get(&pg->form, "period"), err) < 0)
		goto done;
	rc = 0;
	if (!rf.period)
		no_period(pg, &rf);
	else if (!strcmp(action, "closure"))
		rc = closure_post(pg, &rf, err);
	else if (!rf_editable(&rf))
		rc = rf_again(pg, &rf, &(struct form_state){0}, "", 409);
	else
		rc = report_post(pg, &rf, !strcmp(action, "submit"), err);
done:
	rf_release(&rf);
	return rc;
}
