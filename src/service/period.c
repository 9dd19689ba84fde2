/*
 * service/period.c: reporting periods (open, close, read), the status
 * vocabulary as the API shows it, the reporter's to-do list and the
 * coordinator's overview of a period, and the helpers the other files of
 * the reporting service share (see report.h).
 *
 * It must not speak SQL (store/report.c does) and must not decide access
 * by itself (service/access.h does). Returned JSON belongs to the caller.
 */
#include "service/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/status.h"
#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/report.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* Days between the end of a period and its default due date. */
#define PERIOD_DUE_DAYS 15

int service_report_period(const char *s, struct period *p,
			  char canon[PERIOD_TEXT_MAX], struct err *err)
{
	if (period_parse(s, p, err) < 0)
		return -1;
	period_format(p, canon);
	return 0;
}

json_t *service_report_period_view(json_t *row)
{
	const char *id = json_string_value(json_object_get(row, "id"));
	struct buf label = BUF_INIT;
	char start[11], end[11];
	struct period p;
	json_t *out;

	if (!id || period_parse(id, &p, NULL) < 0)
		return row;	/* stored by hand; show it as it is */
	period_bounds(&p, start, end);
	period_label(&p, "nb", &label);
	out = json_pack("{s:s,s:s,s:s,s:s,s:O,s:O,s:O,s:O}", "id", id, "label",
			buf_cstr(&label), "start", start, "end", end, "state",
			json_object_get(row, "state"), "due",
			json_object_get(row, "due"), "opened_at",
			json_object_get(row, "opened_at"), "closed_at",
			json_object_get(row, "closed_at"));
	buf_release(&label);
	json_decref(row);
	return out;
}

json_t *service_report_page(json_t *items)
{
	return json_pack("{s:o,s:I,s:n}", "items", items, "total",
			 (json_int_t)json_array_size(items), "next");
}

void service_report_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void service_report_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int service_report_commit(struct store *st, struct err *err)
{
	if (store_bump_version(st, err) < 0 || store_commit(st, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

size_t service_report_check_keys(json_t *body, const char *const *allowed,
				 struct problems *probs)
{
	size_t before = problems_total(probs);
	const char *key;
	json_t *v;

	if (!json_is_object(body)) {
		problems_add(probs, "", "expected a JSON object as the body");
		return 1;
	}
	json_object_foreach(body, key, v) {
		struct buf names = BUF_INIT;
		bool known = false;

		for (size_t i = 0; allowed[i] && !known; i++)
			known = !strcmp(allowed[i], key);
		if (known)
			continue;
		for (size_t i = 0; allowed[i]; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", allowed[i]);
		problems_add(probs, key, "unknown or read-only field; give "
					 "only: %s",
			     buf_cstr(&names));
		buf_release(&names);
	}
	return problems_total(probs) - before;
}

int service_report_invalid(const struct problems *probs, struct err *err)
{
	size_t n = problems_total(probs);

	if (n == 1 && probs->n == 1)
		return err_set_field(err, ERR_UNPROCESSABLE,
				     probs->items[0].field, "%s: %s",
				     probs->items[0].field[0]
					     ? probs->items[0].field
					     : "body",
				     probs->items[0].message);
	return err_set(err, ERR_UNPROCESSABLE,
		       _("%zu fields are wrong; see errors"), n);
}

int service_report_fail(struct store *st, const struct principal *who,
			const char *attempted, const char *entity_type,
			const char *entity_id, const struct err *err)
{
	store_rollback(st);
	audit_denied(st, who, attempted, entity_type, entity_id, err);
	return -1;
}

/* Statuses. */

static json_t *texts(const struct status_def *s, bool definition)
{
	const char *langs[] = { "nb", "nn", "en" };
	json_t *o = json_object();

	for (size_t i = 0; i < 3; i++) {
		const struct status_text *t = status_text(s, langs[i]);

		json_object_set_new(o, langs[i],
				    json_string(definition ? t->definition
							   : t->label));
	}
	return o;
}

json_t *service_statuses(void)
{
	size_t n;
	const struct status_def *all = status_all(&n);
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct status_def *s = &all[i];

		json_array_append_new(
			items,
			json_pack("{s:s,s:o,s:o,s:o,s:s,s:s}", "code", s->code,
				  "label", texts(s, false), "definition",
				  texts(s, true), "default_progress",
				  s->default_progress == STATUS_PROGRESS_KEEP
					  ? json_null()
					  : json_integer(s->default_progress),
				  "icon", s->icon, "color", s->color));
	}
	return service_report_page(items);
}

/* Periods. */

/* Parses a period id; a malformed one is `code` (404 in a path, 400 as a
 * parameter), naming `field` when given. */
static int parse_id(const char *id, struct period *p,
		    char canon[PERIOD_TEXT_MAX], enum err_code code,
		    const char *field, struct err *err)
{
	struct err e = ERR_INIT;

	if (service_report_period(id, p, canon, &e) == 0)
		return 0;
	if (field)
		return err_set_field(err, code, field, "%s", e.msg);
	return err_set(err, code, "%s", e.msg);
}

static void add_days(const char *date, int days, char out[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	out[0] = '\0';
	if (!strptime(date, "%Y-%m-%d", &tm))
		return;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Reads and checks {"id", "due"?}; fills canon and due. */
static int open_input(json_t *body, char canon[PERIOD_TEXT_MAX],
		      char due[11], struct problems *probs, struct err *err)
{
	static const char *const allowed[] = { "id", "due", NULL };
	json_t *jid = json_object_get(body, "id");
	json_t *jdue = json_object_get(body, "due");
	struct err e = ERR_INIT;
	char start[11], end[11];
	struct period p;

	if (service_report_check_keys(body, allowed, probs) > 0)
		return service_report_invalid(probs, err);
	if (!json_is_string(jid))
		problems_add(probs, "id", "give the period, such as 2025-T2");
	else if (service_report_period(json_string_value(jid), &p, canon,
				       &e) < 0)
		problems_add(probs, "id", "%s", e.msg);
	else if (p.kind != PERIOD_TERTIAL && p.kind != PERIOD_YEAR)
		problems_add(probs, "id", "reporting periods are tertials "
					  "(2025-T2) or years (2025)");
	if (problems_total(probs) > 0)
		return service_report_invalid(probs, err);
	period_bounds(&p, start, end);
	if (!jdue || json_is_null(jdue)) {
		add_days(end, PERIOD_DUE_DAYS, due);
		return 0;
	}
	if (!json_is_string(jdue) || strlen(json_string_value(jdue)) != 10 ||
	    value_check_date(json_string_value(jdue), &e) < 0)
		problems_add(probs, "due", "expected a date as YYYY-MM-DD");
	else if (strcmp(json_string_value(jdue), start) < 0)
		problems_add(probs, "due", "the due date comes before the "
					   "period starts (%s)", start);
	else
		snprintf(due, 11, "%s", json_string_value(jdue));
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

json_t *service_period_open(struct store *st, const struct principal *who,
			    json_t *body, struct problems *probs,
			    struct err *err)
{
	char canon[PERIOD_TEXT_MAX], due[11];
	json_t *row = NULL;

	if (access_check(st, who, OP_MANAGE_PERIODS, NULL, err) < 0) {
		audit_denied(st, who, "period.open", "periods", NULL,
				      err);
		return NULL;
	}
	if (open_input(body, canon, due, probs, err) < 0)
		return NULL;
	if (store_begin(st, err) < 0)
		return NULL;
	if (store_period_insert(st, canon, due, err) < 0 ||
	    !(row = store_period_get(st, canon, err)) ||
	    audit_append(st, who, "period.open", "periods", canon, NULL, row,
			 err) < 0) {
		store_rollback(st);
		json_decref(row);
		return NULL;
	}
	if (service_report_commit(st, err) < 0) {
		json_decref(row);
		return NULL;
	}
	return service_report_period_view(row);
}

json_t *service_period_close(struct store *st, const struct principal *who,
			     const char *id, struct err *err)
{
	char canon[PERIOD_TEXT_MAX];
	json_t *before = NULL, *after = NULL;
	struct period p;

	if (access_check(st, who, OP_MANAGE_PERIODS, NULL, err) < 0) {
		audit_denied(st, who, "period.close", "periods", id,
				      err);
		return NULL;
	}
	if (parse_id(id, &p, canon, ERR_NOT_FOUND, NULL, err) < 0 ||
	    store_begin(st, err) < 0)
		return NULL;
	if (!(before = store_period_get(st, canon, err)))
		goto fail;
	if (strcmp(json_string_value(json_object_get(before, "state")),
		   "open")) {
		err_set(err, ERR_CONFLICT, _("period %s is closed already"),
			canon);
		goto fail;
	}
	if (store_period_close(st, canon, err) < 0 ||
	    !(after = store_period_get(st, canon, err)) ||
	    audit_append(st, who, "period.close", "periods", canon, before,
			 after, err) < 0)
		goto fail;
	json_decref(before);
	if (service_report_commit(st, err) < 0) {
		json_decref(after);
		return NULL;
	}
	return service_report_period_view(after);
fail:
	store_rollback(st);
	json_decref(before);
	json_decref(after);
	return NULL;
}

json_t *service_period_get(struct store *st, const char *id, struct err *err)
{
	char canon[PERIOD_TEXT_MAX];
	struct period p;
	json_t *row;

	if (parse_id(id, &p, canon, ERR_NOT_FOUND, NULL, err) < 0)
		return NULL;
	row = store_period_get(st, canon, err);
	return row ? service_report_period_view(row) : NULL;
}

static int newest_first(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	struct period p, q;

	if (period_parse(json_string_value(json_object_get(*x, "id")), &p,
			 NULL) < 0 ||
	    period_parse(json_string_value(json_object_get(*y, "id")), &q,
			 NULL) < 0)
		return 0;
	return period_compare(&q, &p);
}

json_t *service_period_list(struct store *st, struct err *err)
{
	json_t *rows = store_period_list(st, err);
	json_t *items, *row;
	json_t **v;
	size_t i, n;

	if (!rows)
		return NULL;
	n = json_array_size(rows);
	v = xcalloc(n ? n : 1, sizeof(*v));
	json_array_foreach(rows, i, row)
		v[i] = json_incref(row);
	xqsort(v, n, sizeof(*v), newest_first);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, service_report_period_view(v[i]));
	free(v);
	json_decref(rows);
	return service_report_page(items);
}

/* The period `id` as the API shows it, after parsing; NULL + err. */
static json_t *period_for_view(struct store *st, const char *id,
			       char canon[PERIOD_TEXT_MAX], struct err *err)
{
	struct period p;
	json_t *row;

	if (parse_id(id, &p, canon, ERR_INVALID, "period", err) < 0)
		return NULL;
	row = store_period_get(st, canon, err);
	if (!row)
		return NULL;
	return service_report_period_view(row);
}

/* To-do. */

static int todo_actor(struct store *st, const char *canon, const char *actor,
		      json_t *items, struct err *err)
{
	json_t *rows = store_report_todo(st, canon, actor, err);
	json_t *row;
	size_t i;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row) {
		bool contribution = !strcmp(
			json_string_value(json_object_get(row, "kind")),
			"contribution");

		if (json_is_null(json_object_get(row, "state")))
			json_object_set_new(row, "state",
					    json_string("missing"));
		json_object_set_new(row, "optional",
				    json_boolean(contribution));
		json_array_append(items, row);
	}
	json_decref(rows);
	return 0;
}

json_t *service_todo(struct store *st, const struct principal *who,
		     const char *period, struct err *err)
{
	char canon[PERIOD_TEXT_MAX];
	json_t *view, *items, *out;

	if (access_check(st, who, OP_READ_PRIVATE, NULL, err) < 0)
		return NULL;
	view = period_for_view(st, period, canon, err);
	if (!view)
		return NULL;
	items = json_array();
	for (size_t i = 0; i < who->nactors; i++) {
		if (todo_actor(st, canon, who->actors[i], items, err) < 0) {
			json_decref(items);
			json_decref(view);
			return NULL;
		}
	}
	out = service_report_page(items);
	json_object_set_new(out, "period", view);
	return out;
}

/* Overview. */

static const char *const overview_states[] = { "missing", "draft",
					       "submitted", "returned",
					       "approved", NULL };

static json_t *zero_counts(void)
{
	json_t *c = json_object();

	for (size_t i = 0; overview_states[i]; i++)
		json_object_set_new(c, overview_states[i], json_integer(0));
	json_object_set_new(c, "late", json_integer(0));
	json_object_set_new(c, "total", json_integer(0));
	return c;
}

static void count(json_t *counts, const char *key)
{
	json_t *v = json_object_get(counts, key);

	json_integer_set(v, json_integer_value(v) + 1);
}

/* Sets state and late on one row and counts it. */
static void overview_row(json_t *row, const char *due, const char *today,
			 json_t *counts, json_t *strategies)
{
	const char *state = json_string_value(json_object_get(row, "state"));
	const char *strategy =
		json_string_value(json_object_get(row, "strategy"));
	json_t *sc = json_object_get(strategies, strategy ? strategy : "");
	bool late;

	if (!state) {
		state = "missing";	/* static: outlives the row's string */
		json_object_set_new(row, "state", json_string(state));
	}
	late = due && strcmp(today, due) > 0 &&
	       (!strcmp(state, "missing") || !strcmp(state, "draft") ||
		!strcmp(state, "returned"));
	json_object_set_new(row, "late", json_boolean(late));
	if (!sc) {
		sc = zero_counts();
		json_object_set_new(strategies, strategy ? strategy : "", sc);
	}
	count(counts, state);
	count(counts, "total");
	count(sc, state);
	count(sc, "total");
	if (late) {
		count(counts, "late");
		count(sc, "late");
	}
}

/* Counts per strategy as an array, in the order strategies came. */
static json_t *strategy_list(json_t *strategies)
{
	json_t *list = json_array();
	const char *key;
	json_t *v;

	json_object_foreach(strategies, key, v)
		json_array_append_new(list, json_pack("{s:s,s:O}", "strategy",
						      key, "counts", v));
	return list;
}

static int closure_counts(struct store *st, json_t *out, struct err *err)
{
	json_t *waiting = store_closure_list(st, "proposed", err);
	int64_t active;

	if (!waiting || store_report_count_active(st, &active, err) < 0) {
		json_decref(waiting);
		return -1;
	}
	json_object_set_new(out, "under_reporting", json_integer(active));
	json_object_set_new(out, "closures_proposed",
			    json_integer((json_int_t)json_array_size(waiting)));
	json_decref(waiting);
	return 0;
}

json_t *service_overview(struct store *st, const struct principal *who,
			 const char *period, const char *today,
			 struct err *err)
{
	char canon[PERIOD_TEXT_MAX], now[11];
	json_t *view, *rows, *counts, *strategies, *row, *out;
	const char *due;
	size_t i;

	if (access_check(st, who, OP_READ_PRIVATE, NULL, err) < 0 ||
	    !(view = period_for_view(st, period, canon, err)))
		return NULL;
	if (!(rows = store_report_overview(st, canon, err))) {
		json_decref(view);
		return NULL;
	}
	if (!today) {
		service_report_today(now);
		today = now;
	}
	due = json_string_value(json_object_get(view, "due"));
	counts = zero_counts();
	strategies = json_object();
	json_array_foreach(rows, i, row)
		overview_row(row, due, today, counts, strategies);
	out = json_pack("{s:o,s:s,s:o,s:o,s:o}", "period", view, "today",
			today, "counts", counts, "strategies",
			strategy_list(strategies), "measures", rows);
	json_decref(strategies);
	if (closure_counts(st, out, err) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}
