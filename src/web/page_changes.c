/*
 * web/page_changes.c: /{lang}/changes, "what changed since": a plain GET
 * form to choose "since the start of period X" (default: the tertial
 * before the current one) or "since a date", and a table of the measures
 * whose public record changed since then (service/changes.h), newest
 * change first, each with its changed aspects as tags and the old and new
 * values (web/change_view.h).
 *
 * Dates people choose are local (Norwegian) days; the audit log keeps UTC,
 * so the start of the chosen day is converted here. The page shows only
 * what service_changes gives, which is public: never who made a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/period.h"
#include "model/value.h"
#include "service/changes.h"
#include "service/portal.h"
#include "service/report.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/change_view.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/page.h"

/* Tertials offered in the form: this year's and the two before. */
#define CHANGES_YEARS_BACK 2

static const char *const from_values[] = {"period", "date", NULL};

static const struct page_param params[] = {
    {"from", PP_ENUM, from_values},
    {"period", PP_ID, NULL},
    {"date", PP_ID, NULL},
};

/* The interval asked for. */
struct window {
	bool by_date;
	struct period period; /* !by_date */
	char day[11];	      /* the first local day, YYYY-MM-DD */
	char since[32];	      /* its start in UTC, for the service */
	char today[11];
};

/* ---- the interval ---- */

static int bad(struct page *pg, const char *field, const char *key,
	       struct err *err)
{
	return err_set_field(err, ERR_INVALID, field, "%s", T(pg, key));
}

static void local_today(char out[11], struct tm *tm)
{
	time_t now = time(NULL);

	localtime_r(&now, tm);
	strftime(out, 11, "%Y-%m-%d", tm);
}

/* The start of local day `day` as UTC, in the audit log's form. */
static int day_start_utc(const char *day, char out[32])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 || !gmtime_r(&t, &tm))
		return -1;
	return strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm) ? 0 : -1;
}

/* The tertial before the one `tm` falls in. */
static struct period previous_tertial(const struct tm *tm)
{
	int year = tm->tm_year + 1900, n = tm->tm_mon / 4 + 1;

	if (--n == 0) {
		n = 3;
		year--;
	}
	return (struct period){PERIOD_TERTIAL, year, n, year};
}

static int read_date(struct page *pg, struct window *w, struct err *err)
{
	const char *date = page_param(pg, "date");

	if (!date)
		return bad(pg, "date", "changes.error.date_missing", err);
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    value_check_date(date, NULL) < 0)
		return bad(pg, "date", "changes.error.date", err);
	w->by_date = true;
	snprintf(w->day, sizeof(w->day), "%s", date);
	return 0;
}

static int read_period(struct page *pg, struct window *w, const struct tm *tm,
		       struct err *err)
{
	const char *period = page_param(pg, "period");
	char end[11];

	if (!period)
		w->period = previous_tertial(tm);
	else if (period_parse(period, &w->period, NULL) < 0)
		return bad(pg, "period", "changes.error.period", err);
	period_bounds(&w->period, w->day, end);
	return 0;
}

static int read_window(struct page *pg, struct window *w, struct err *err)
{
	const char *from = page_param(pg, "from");
	bool by_date = from ? !strcmp(from, "date") : !!page_param(pg, "date");
	struct tm tm;

	memset(w, 0, sizeof(*w));
	local_today(w->today, &tm);
	if ((by_date ? read_date(pg, w, err) : read_period(pg, w, &tm, err)) <
	    0)
		return -1;
	if (strcmp(w->day, w->today) > 0)
		return bad(pg, by_date ? "date" : "period",
			   "changes.error.future", err);
	if (day_start_utc(w->day, w->since) < 0)
		return bad(pg, "date", "changes.error.date", err);
	return 0;
}

/* ---- the form ---- */

static bool listed(const struct period *v, size_t n, const struct period *p)
{
	for (size_t i = 0; i < n; i++)
		if (period_compare(&v[i], p) == 0)
			return true;
	return false;
}

static int newest_first(const void *x, const void *y)
{
	return period_compare(y, x);
}

/*
 * The periods to choose from: the tertials of this year and the two
 * before up to the current one, the reporting periods opened, and the one
 * asked for; none that starts after today. *n gets the count.
 */
static struct period *period_choices(struct page *pg, const struct window *w,
				     size_t *n, struct err *err)
{
	json_t *opened = service_period_list(pg->st, err), *it;
	int year = atoi(w->today);
	size_t cap = 3 * (CHANGES_YEARS_BACK + 1) + 1, i;
	struct period *v, p;
	char start[11], end[11];

	if (!opened)
		return NULL;
	cap += json_array_size(json_object_get(opened, "items"));
	v = xcalloc(cap, sizeof(*v));
	*n = 0;
	for (int y = year - CHANGES_YEARS_BACK; y <= year; y++)
		for (int t = 1; t <= 3; t++)
			v[(*n)++] = (struct period){PERIOD_TERTIAL, y, t, y};
	json_array_foreach(json_object_get(opened, "items"), i,
			   it) if (period_parse(page_str(it, "id"), &p, NULL) ==
				       0 &&
				   !listed(v, *n, &p)) v[(*n)++] = p;
	if (!w->by_date && !listed(v, *n, &w->period))
		v[(*n)++] = w->period;
	json_decref(opened);
	/* Drop what starts after today. */
	for (i = 0; i < *n;) {
		period_bounds(&v[i], start, end);
		if (strcmp(start, w->today) > 0)
			v[i] = v[--(*n)];
		else
			i++;
	}
	xqsort(v, *n, sizeof(*v), newest_first);
	return v;
}

static void period_option(struct page *pg, const struct period *p,
			  const struct window *w)
{
	char code[PERIOD_TEXT_MAX];
	struct buf label = BUF_INIT;

	period_format(p, code);
	period_label(p, lang_code(pg->lang), &label);
	html_raw(pg->out, "<option value=\"");
	html_attr(pg->out, code);
	html_raw(pg->out, "\"");
	if (!w->by_date && period_compare(p, &w->period) == 0)
		html_raw(pg->out, " selected");
	html_raw(pg->out, ">");
	html_txt(pg->out, buf_cstr(&label));
	html_raw(pg->out, "</option>");
	buf_release(&label);
}

static void radio(struct page *pg, const char *value, bool on, const char *key)
{
	html_raw(pg->out, "<div class=\"ds-field\"><input class=\"ds-input\" "
			  "type=\"radio\" name=\"from\" id=\"changes-from-");
	html_attr(pg->out, value);
	html_raw(pg->out, "\" value=\"");
	html_attr(pg->out, value);
	html_raw(pg->out, "\"");
	if (on)
		html_raw(pg->out, " checked");
	html_raw(pg->out, "><label class=\"ds-label\" for=\"changes-from-");
	html_attr(pg->out, value);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</label></div>\n");
}

static void field_begin(struct page *pg, const char *id, const char *key)
{
	html_raw(pg->out, "<div class=\"ds-field\"><label class=\"ds-label\" "
			  "for=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</label>");
}

static int render_form(struct page *pg, const struct window *w, struct err *err)
{
	size_t n = 0;
	struct period *v = period_choices(pg, w, &n, err);

	if (!v)
		return -1;
	html_raw(pg->out, "<form class=\"vk-changes-form\" method=\"get\" "
			  "action=\"");
	page_href(pg, "/changes", NULL);
	html_raw(pg->out, "\">\n<fieldset class=\"ds-fieldset\"><legend "
			  "class=\"ds-label\">");
	html_txt(pg->out, T(pg, "changes.form.legend"));
	html_raw(pg->out, "</legend>\n<div class=\"vk-changes-choice\">\n");
	radio(pg, "period", !w->by_date, "changes.form.from_period");
	field_begin(pg, "changes-period", "changes.form.period");
	html_raw(pg->out, "<select class=\"ds-input\" id=\"changes-period\" "
			  "name=\"period\">");
	for (size_t i = 0; i < n; i++)
		period_option(pg, &v[i], w);
	html_raw(pg->out, "</select></div>\n</div>\n"
			  "<div class=\"vk-changes-choice\">\n");
	radio(pg, "date", w->by_date, "changes.form.from_date");
	field_begin(pg, "changes-date", "changes.form.date");
	html_raw(pg->out, "<input class=\"ds-input\" type=\"date\" "
			  "id=\"changes-date\" name=\"date\" max=\"");
	html_attr(pg->out, w->today);
	html_raw(pg->out, "\" value=\"");
	html_attr(pg->out, w->by_date ? w->day : "");
	html_raw(pg->out, "\"></div>\n</div>\n</fieldset>\n<button "
			  "class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"primary\">");
	html_txt(pg->out, T(pg, "changes.form.submit"));
	html_raw(pg->out, "</button>\n</form>\n");
	free(v);
	return 0;
}

/* ---- the results ---- */

static void interval(struct page *pg, const struct window *w)
{
	struct buf day = BUF_INIT, label = BUF_INIT;

	fmt_date(&day, pg->lang, w->day);
	html_raw(pg->out, "<p class=\"ds-paragraph\" id=\"changes-interval\">");
	if (w->by_date) {
		page_tf(pg, "changes.interval.date", buf_cstr(&day), NULL);
	} else {
		period_label(&w->period, lang_code(pg->lang), &label);
		page_tf(pg, "changes.interval.period", buf_cstr(&day),
			buf_cstr(&label), NULL);
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&day);
	buf_release(&label);
}

static void count(struct page *pg, size_t n)
{
	struct buf num = BUF_INIT;

	html_raw(pg->out, "<p class=\"ds-paragraph\" role=\"status\">");
	if (n == 0) {
		html_txt(pg->out, T(pg, "changes.none"));
	} else {
		fmt_int(&num, pg->lang, (int64_t)n);
		page_tf(pg, n == 1 ? "changes.count.one" : "changes.count",
			buf_cstr(&num), NULL);
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&num);
}

static void measure_cell(struct page *pg, json_t *item)
{
	const char *id = page_str(item, "measure");

	html_raw(pg->out, "<th scope=\"row\">");
	if (json_is_true(json_object_get(item, "deleted")))
		page_text(pg, item, "title", id);
	else
		page_link(pg, "/measures/", id, item, "title");
	html_raw(pg->out, "<br><span class=\"vk-id\">");
	html_txt(pg->out, id);
	html_raw(pg->out, "</span></th>");
}

static void row(struct page *pg, json_t *item, const struct change_maps *m)
{
	html_raw(pg->out, "<tr>");
	measure_cell(pg, item);
	html_raw(pg->out, "<td>");
	change_item(pg, item, m);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	page_date(pg, page_str(item, "at"));
	html_raw(pg->out, "</td></tr>\n");
}

static void table(struct page *pg, json_t *items, const struct change_maps *m)
{
	static const char *const cols[] = {
	    "changes.col.measure",
	    "changes.col.what",
	    "changes.col.when",
	};
	json_t *item;
	size_t i;

	html_raw(pg->out,
		 "<div class=\"vk-table-scroll\" role=\"region\" "
		 "tabindex=\"0\" aria-labelledby=\"changes-caption\">\n"
		 "<table class=\"ds-table vk-changes-table\" "
		 "data-border>\n<caption id=\"changes-caption\">");
	html_txt(pg->out, T(pg, "changes.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(items, i, item) row(pg, item, m);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

static void intro(struct page *pg)
{
	layout_begin(pg, T(pg, "changes.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "changes.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "changes.intro"));
	html_raw(pg->out, "</p>\n");
}

static int render(struct page *pg, const struct window *w, json_t *items,
		  const struct change_maps *m, struct err *err)
{
	intro(pg);
	if (render_form(pg, w, err) < 0)
		return -1;
	page_h2(pg, "changes-result", "changes.result");
	interval(pg, w);
	if (page_status_period(pg, err) < 0)
		return -1;
	count(pg, json_array_size(items));
	if (json_array_size(items))
		table(pg, items, m);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-period\">");
	html_txt(pg->out, T(pg, "changes.note"));
	html_raw(pg->out, "</p>\n");
	layout_end(pg);
	return 0;
}

int page_changes(struct page *pg, struct err *err)
{
	struct change_maps m = {NULL, NULL, NULL};
	struct window w;
	json_t *changes = NULL;
	int rc = -1;

	if (page_params(pg, params, sizeof(params) / sizeof(params[0]), err) <
		0 ||
	    read_window(pg, &w, err) < 0)
		return -1;
	if (!(changes = service_changes(pg->st, w.since, err)) ||
	    !(m.actors = portal_map(pg->st, "actors", err)) ||
	    !(m.schemes = portal_map(pg->st, "schemes", err)) ||
	    !(m.measures = portal_map(pg->st, "measures", err)))
		goto done;
	rc = render(pg, &w, json_object_get(changes, "items"), &m, err);
done:
	json_decref(changes);
	json_decref(m.actors);
	json_decref(m.schemes);
	json_decref(m.measures);
	return rc;
}
