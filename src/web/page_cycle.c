/*
 * web/page_cycle.c: /{lang}/workspace/cycle, the coordinator's reporting
 * cycle (tertialrapportering): the overview of a period (by default the
 * newest open one; ?period= picks another) with every measure that owes a
 * report, its state, counts per state, filters, sorting and a link to
 * review each report (web/cycle_overview.c); every period with a way to
 * close an open one, after asking "Er du sikker?"; and a form to open a
 * new tertial with its deadline.
 *
 * Posts (action=open, close_ask, close) go through service/report.h; a
 * refused one shows the page again with the reason (422, 409) and
 * changes nothing. The review of one report (approve, return, reopen) is
 * web/cycle_review.c. Access is the service's (service/review.h): a
 * reporter or reader gets its 403.
 *
 * Ownership: json_t values are released before return.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/period.h"
#include "service/report.h"
#include "service/review.h"
#include "web/cycle_overview.h"
#include "web/cycle_view.h"
#include "web/format.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define CYCLE_MAX_PROBLEMS 10
/* Tertials offered for opening: this many before the current one and
 * after it. */
#define CYCLE_TERTIALS_BEFORE 2
#define CYCLE_TERTIALS_AFTER 3

static const char *const done_values[] = {"opened",   "closed",	  "approved",
					  "returned", "reopened", NULL};
static const struct page_param params[] = {
    {"period", PP_ID, NULL},	    {"state", PP_ENUM, cycle_filter_states},
    {"actor", PP_ID, NULL},	    {"sort", PP_ENUM, cycle_sort_values},
    {"done", PP_ENUM, done_values},
};

/* The page and what a refused post left to show. */
struct cycle_page {
	struct page *pg;
	json_t *data;	      /* service_review_cycle */
	struct form_state fs; /* the open form's errors */
	const char *alert;    /* catalog key of a refusal, or NULL */
};

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int load(struct cycle_page *cp, const char *period, struct err *err)
{
	cp->data =
	    service_review_cycle(cp->pg->st, &cp->pg->who, period, NULL, err);
	return cp->data ? 0 : -1;
}

/* ---- the periods ---- */

static void close_form(struct page *pg, const char *id)
{
	form_begin(pg, "/workspace/cycle", NULL);
	form_hidden(pg, "period", id);
	form_button(pg, "cycle.close", "action", "close_ask", false);
	form_end(pg);
}

static void period_row(struct page *pg, json_t *p)
{
	const char *id = str(p, "id");
	bool open = str(p, "state") && !strcmp(str(p, "state"), "open");
	struct buf label = BUF_INIT;

	cycle_period_label(pg, id, &label);
	html_raw(pg->out, "<tr><th scope=\"row\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/workspace/cycle", NULL);
	html_raw(pg->out, "?period=");
	html_url_arg(pg->out, id);
	html_raw(pg->out, "#overview\">");
	html_txt(pg->out, buf_cstr(&label));
	html_raw(pg->out, "</a></th><td>");
	html_txt(pg->out,
		 T(pg, open ? "cycle.period.open" : "cycle.period.closed"));
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	page_date(pg, str(p, "due"));
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	if (str(p, "closed_at"))
		page_date(pg, str(p, "closed_at"));
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	if (open)
		close_form(pg, id);
	else
		page_none(pg);
	html_raw(pg->out, "</td></tr>\n");
	buf_release(&label);
}

static void periods(struct cycle_page *cp)
{
	struct page *pg = cp->pg;
	json_t *list = json_object_get(cp->data, "periods"), *p;
	size_t i;

	page_h2(pg, "periods", "cycle.periods.h");
	if (!json_array_size(list)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "cycle.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"periods-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"periods-caption\">");
	html_txt(pg->out, T(pg, "cycle.periods.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.period"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.period_state"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.due"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.closed"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "cycle.col.action"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	json_array_foreach(list, i, p)
		period_row(pg, p);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* ---- opening a period ---- */

static bool opened_before(json_t *periods, const char *id)
{
	json_t *p;
	size_t i;

	json_array_foreach(periods, i, p)
		if (str(p, "id") && !strcmp(str(p, "id"), id))
			return true;
	return false;
}

/* The tertial `offset` tertials from t (offset may be negative). */
static struct period tertial_at(const struct period *t, int offset)
{
	int k = t->year * 3 + (t->n - 1) + offset;

	return (struct period){PERIOD_TERTIAL, k / 3, k % 3 + 1, k / 3};
}

/* Tertials around today's that were not opened yet; *pick gets the
 * first from the current one on, which the form selects. */
static size_t tertial_choices(struct page *pg, json_t *periods,
			      char ids[][PERIOD_TEXT_MAX], char **labels,
			      size_t *pick)
{
	time_t now = time(NULL);
	struct tm tm;
	struct period cur;
	size_t n = 0;

	localtime_r(&now, &tm);
	cur = (struct period){PERIOD_TERTIAL, tm.tm_year + 1900,
			      tm.tm_mon / 4 + 1, tm.tm_year + 1900};
	*pick = SIZE_MAX;
	for (int o = -CYCLE_TERTIALS_BEFORE; o <= CYCLE_TERTIALS_AFTER; o++) {
		struct period p = tertial_at(&cur, o);
		struct buf label = BUF_INIT;

		period_format(&p, ids[n]);
		if (opened_before(periods, ids[n]))
			continue;
		if (o >= 0 && *pick == SIZE_MAX)
			*pick = n;
		period_label(&p, lang_code(pg->lang), &label);
		labels[n++] = buf_detach(&label, NULL);
	}
	return n;
}

enum { CYCLE_CHOICES = CYCLE_TERTIALS_BEFORE + CYCLE_TERTIALS_AFTER + 1 };

static void open_form(struct cycle_page *cp)
{
	struct page *pg = cp->pg;
	char ids[CYCLE_CHOICES][PERIOD_TEXT_MAX];
	char *labels[CYCLE_CHOICES];
	struct form_option opts[CYCLE_CHOICES];
	size_t pick,
	    n = tertial_choices(pg, json_object_get(cp->data, "periods"), ids,
				labels, &pick);
	struct form_field period = {
	    .name = "period",
	    .label_key = "cycle.open.period",
	    .help_key = "cycle.open.period.help",
	    .required = true,
	    .value = pick < n ? ids[pick] : NULL,
	};
	struct form_field due = {
	    .name = "due",
	    .label_key = "cycle.open.due",
	    .help_key = "cycle.open.due.help",
	    .type = "date",
	};

	page_h2(pg, "open", "cycle.open.h");
	for (size_t i = 0; i < n; i++)
		opts[i] = (struct form_option){ids[i], labels[i]};
	form_begin(pg, "/workspace/cycle", NULL);
	form_select(pg, &cp->fs, &period, opts, n);
	form_input(pg, &cp->fs, &due);
	form_button(pg, "cycle.open.submit", "action", "open", true);
	form_end(pg);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
}

/* ---- the page ---- */

static void notice(struct page *pg)
{
	const char *done = page_param(pg, "done");
	char key[64];

	if (!done)
		return;
	snprintf(key, sizeof(key), "cycle.done.%s", done);
	form_notice(pg, key);
}

static void alert(struct page *pg, const char *key)
{
	if (!key)
		return;
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"danger\" "
			  "role=\"alert\"><p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p></div>\n");
}

static int render(struct cycle_page *cp, struct err *err)
{
	struct page *pg = cp->pg;
	json_t *o = json_object_get(cp->data, "overview");

	layout_begin(pg, T(pg, "cycle.title"));
	cycle_crumbs(pg, false);
	page_h1(pg, "cycle.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "cycle.intro"));
	html_raw(pg->out, "</p>\n");
	notice(pg);
	alert(pg, cp->alert);
	form_error_summary(pg, &cp->fs);
	if (json_is_object(o) && cycle_overview_render(pg, o, err) < 0)
		return -1;
	periods(cp);
	open_form(cp);
	layout_end(pg);
	return 0;
}

int page_cycle(struct page *pg, struct err *err)
{
	struct cycle_page cp = {.pg = pg};
	int rc = -1;

	if (page_params(pg, params, sizeof(params) / sizeof(params[0]), err) ==
		0 &&
	    load(&cp, page_param(pg, "period"), err) == 0)
		rc = render(&cp, err);
	json_decref(cp.data);
	return rc;
}

/* ---- posts ---- */

/* The page again after a refused post, with status and reason. */
static int again(struct cycle_page *cp, int status, const char *period,
		 struct err *err)
{
	cp->pg->resp->status = status;
	if (load(cp, period, err) < 0)
		return -1;
	return render(cp, err);
}

static void redirect(struct page *pg, const char *done, const char *period)
{
	struct buf q = BUF_INIT;

	buf_addf(&q, "done=%s&period=", done);
	html_url_arg(&q, period);
	page_redirect(pg, "/workspace/cycle", NULL, buf_cstr(&q));
	buf_release(&q);
}

static int open_period(struct cycle_page *cp, struct err *err)
{
	struct page *pg = cp->pg;
	struct problems probs = PROBLEMS_INIT(CYCLE_MAX_PROBLEMS);
	const char *period = http_form_get(&pg->form, "period");
	const char *due = http_form_get(&pg->form, "due");
	struct err werr = ERR_INIT;
	json_t *body = json_object(), *res;
	int rc = -1;

	json_object_set_new(body, "id", json_string(period ? period : ""));
	if (due && due[0])
		json_object_set_new(body, "due", json_string(due));
	res = service_period_open(pg->st, &pg->who, body, &probs, &werr);
	json_decref(body);
	cp->fs.in = &pg->form;
	if (res) {
		redirect(pg, "opened", str(res, "id"));
		rc = 0;
	} else if (werr.code == ERR_UNPROCESSABLE) {
		for (size_t i = 0; i < probs.n; i++)
			if (!strcmp(probs.items[i].field, "due"))
				form_error_key(pg, &cp->fs, "due",
					       "cycle.err.due");
			else
				form_error_key(pg, &cp->fs, "period",
					       "cycle.err.period");
		rc = again(cp, 422, NULL, err);
	} else if (werr.code == ERR_CONFLICT) {
		form_error_key(pg, &cp->fs, "period", "cycle.err.period_taken");
		rc = again(cp, 409, NULL, err);
	} else {
		*err = werr;
	}
	json_decref(res);
	problems_release(&probs);
	return rc;
}

static bool is_open(json_t *data)
{
	const char *s =
	    str(json_object_get(json_object_get(data, "overview"), "period"),
		"state");

	return s && !strcmp(s, "open");
}

/* "N of M measures have no approved report." */
static void not_approved(struct page *pg, json_t *counts)
{
	int64_t total = json_integer_value(json_object_get(counts, "total"));
	int64_t left =
	    total - json_integer_value(json_object_get(counts, "approved"));
	struct buf a = BUF_INIT, b = BUF_INIT;

	if (left <= 0)
		return;
	fmt_int(&a, pg->lang, left);
	fmt_int(&b, pg->lang, total);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "cycle.close.left", buf_cstr(&a), buf_cstr(&b), NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&a);
	buf_release(&b);
}

/* "Close 2025-T2? Are you sure?": the second form, which closes. */
static void confirm_close(struct cycle_page *cp, const char *period)
{
	struct page *pg = cp->pg;
	struct buf label = BUF_INIT, title = BUF_INIT;

	cycle_period_label(pg, period, &label);
	cycle_fill(pg, "cycle.close.title", buf_cstr(&label), &title);
	layout_begin(pg, buf_cstr(&title));
	cycle_crumbs(pg, true);
	html_raw(pg->out, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_txt(pg->out, buf_cstr(&title));
	html_raw(pg->out, "</h1>\n<p class=\"ds-paragraph\"><strong>");
	html_txt(pg->out, T(pg, "cycle.close.sure"));
	html_raw(pg->out, "</strong> ");
	html_txt(pg->out, T(pg, "cycle.close.text"));
	html_raw(pg->out, "</p>\n");
	not_approved(pg, json_object_get(json_object_get(cp->data, "overview"),
					 "counts"));
	form_begin(pg, "/workspace/cycle", NULL);
	form_hidden(pg, "period", period);
	form_button(pg, "cycle.close.yes", "action", "close", true);
	html_raw(pg->out, "<a class=\"ds-link vk-cancel\" href=\"");
	page_href(pg, "/workspace/cycle", NULL);
	html_raw(pg->out, "?period=");
	html_url_arg(pg->out, period);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "cycle.cancel"));
	html_raw(pg->out, "</a>\n");
	form_end(pg);
	layout_end(pg);
	buf_release(&label);
	buf_release(&title);
}

static int ask_close(struct cycle_page *cp, const char *period, struct err *err)
{
	if (load(cp, period, err) < 0)
		return -1;
	if (!is_open(cp->data)) {
		cp->alert = "cycle.err.closed_already";
		cp->pg->resp->status = 409;
		return render(cp, err);
	}
	confirm_close(cp, period);
	return 0;
}

static int close_period(struct cycle_page *cp, const char *period,
			struct err *err)
{
	struct err werr = ERR_INIT;
	json_t *res =
	    service_period_close(cp->pg->st, &cp->pg->who, period, &werr);

	if (res) {
		redirect(cp->pg, "closed", str(res, "id"));
		json_decref(res);
		return 0;
	}
	if (werr.code != ERR_CONFLICT) {
		*err = werr;
		return -1;
	}
	cp->alert = "cycle.err.closed_already";
	return again(cp, 409, period, err);
}

int page_cycle_post(struct page *pg, struct err *err)
{
	struct cycle_page cp = {.pg = pg};
	const char *action = http_form_get(&pg->form, "action");
	const char *period = http_form_get(&pg->form, "period");
	int rc;

	if (action && !strcmp(action, "open"))
		rc = open_period(&cp, err);
	else if (action && period && period[0] && !strcmp(action, "close_ask"))
		rc = ask_close(&cp, period, err);
	else if (action && period && period[0] && !strcmp(action, "close"))
		rc = close_period(&cp, period, err);
	else
		rc = err_set_field(err, ERR_INVALID, "action", "%s",
				   T(pg, "error.form_type"));
	json_decref(cp.data);
	return rc;
}
