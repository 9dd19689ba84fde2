/*
 * service/changes.c: "what changed since" (see changes.h). One pass over
 * the audit events since the given time gathers, per measure, the record
 * before the first event and after the last, and per status report
 * whether it was approved before its first event; a second step compares
 * that with the approved reports as they are now.
 *
 * It must not pass on anything the public may not read: of a report
 * snapshot only status, progress, period and approval time are copied,
 * and only from approved status reports; the events' user and token are
 * never read (store/changes.c does not select them).
 *
 * Ownership: the work tables are jansson objects released before
 * service_changes returns; its answer is the caller's.
 */
#include "service/changes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/entity.h"
#include "model/period.h"
#include "model/value.h"
#include "store/changes.h"
#include "store/entity.h"
#include "store/web_queries.h"
#include "util/i18n.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* The work tables of one pass over the events. */
struct pass {
	json_t *measures; /* id -> {at, seen, before, after, reports,
			     links} */
	json_t *links;	  /* link id -> {seen, before, after} */
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

static json_t *parse(const char *text)
{
	return text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
}

/* The work entry of measure id, made when missing. */
static json_t *work(struct pass *p, const char *id)
{
	json_t *w = json_object_get(p->measures, id);

	if (!w) {
		w = json_pack("{s:{},s:{}}", "reports", "links");
		json_object_set_new(p->measures, id, w);
	}
	return w;
}

/* Events come oldest first: the last touch is the newest change. */
static void touch(json_t *w, const char *at)
{
	json_object_set_new(w, "at", json_string(at));
}

/* Keeps the first `before` and the last `after` of a record. */
static void track(json_t *w, json_t *before, json_t *after)
{
	if (!json_object_get(w, "seen")) {
		json_object_set_new(w, "seen", json_true());
		json_object_set(w, "before", before ? before : json_null());
	}
	json_object_set(w, "after", after ? after : json_null());
}

static bool public_report(json_t *r)
{
	return r && is(r, "state", "approved") && is(r, "kind", "status");
}

/* What the public saw of an approved status report. */
static json_t *report_view(json_t *r)
{
	json_t *progress = json_object_get(r, "progress");

	return json_pack("{s:s?,s:s?,s:O,s:s?}", "period", str(r, "period"),
			 "status", str(r, "status"), "progress",
			 json_is_integer(progress) ? progress : json_null(),
			 "approved_at", str(r, "approved_at"));
}

static void on_report(struct pass *p, const char *at, json_t *before,
		      json_t *after)
{
	bool was = public_report(before), is_now = public_report(after);
	json_t *rec = before ? before : after, *reports, *r;
	const char *measure = str(rec, "measure");
	const char *period = str(rec, "period");

	/* Drafts, submissions and returns of unapproved reports change
	 * nothing the public sees. */
	if ((!was && !is_now) || !measure || !period)
		return;
	reports = json_object_get(work(p, measure), "reports");
	r = json_object_get(reports, period);
	if (!r) {
		r = json_pack("{s:o}", "before",
			      was ? report_view(before) : json_null());
		json_object_set_new(reports, period, r);
	}
	json_object_set_new(r, "approved", json_boolean(is_now));
	touch(work(p, measure), at);
}

/* A link touches the measures at both of its ends, then and now. */
static void on_link(struct pass *p, const char *id, const char *at,
		    json_t *before, json_t *after)
{
	json_t *l = json_object_get(p->links, id);
	json_t *ends[2] = {before, after};

	if (!l) {
		l = json_object();
		json_object_set_new(p->links, id, l);
	}
	track(l, before, after);
	for (int i = 0; i < 2; i++) {
		const char *from = str(ends[i], "from"),
			   *to = str(ends[i], "to");

		if (from) {
			json_object_set_new(
			    json_object_get(work(p, from), "links"), id,
			    json_true());
			touch(work(p, from), at);
		}
		if (to) {
			json_object_set_new(
			    json_object_get(work(p, to), "links"), id,
			    json_true());
			touch(work(p, to), at);
		}
	}
}

static int on_event(const struct changes_event *ev, void *arg)
{
	struct pass *p = arg;
	json_t *before = parse(ev->before_json);
	json_t *after = parse(ev->after_json);

	if (!ev->entity_id || !ev->entity_type)
		goto done;
	if (!strcmp(ev->entity_type, "measures")) {
		json_t *w = work(p, ev->entity_id);

		track(w, before, after);
		touch(w, ev->at);
	} else if (!strcmp(ev->entity_type, "reports")) {
		on_report(p, ev->at, before, after);
	} else {
		on_link(p, ev->entity_id, ev->at, before, after);
	}
done:
	json_decref(before);
	json_decref(after);
	return 0;
}

/* ---- comparing ---- */

static bool in_list(json_t *list, json_t *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (json_equal(x, v))
			return true;
	return false;
}

/* {removed, added} between two lists, or NULL when they hold the same. */
static json_t *list_diff(json_t *old, json_t *now)
{
	json_t *removed = json_array(), *added = json_array(), *x;
	size_t i;

	json_array_foreach(old, i, x)
		if (!in_list(now, x))
			json_array_append(removed, x);
	json_array_foreach(now, i, x)
		if (!in_list(old, x))
			json_array_append(added, x);
	if (!json_array_size(removed) && !json_array_size(added)) {
		json_decref(removed);
		json_decref(added);
		return NULL;
	}
	return json_pack("{s:o,s:o}", "removed", removed, "added", added);
}

/* Lists shown as entries removed and added; the rest are fields. */
static const char *const list_fields[] = {
    "responsible",
    "allocations",
    "milestones",
    NULL,
};

static bool is_list_field(const char *key)
{
	for (size_t i = 0; list_fields[i]; i++)
		if (!strcmp(list_fields[i], key))
			return true;
	return false;
}

static json_t *or_null(json_t *v)
{
	return v ? v : json_null();
}

/* One field, old and new, when it changed. */
static void field_change(json_t *fields, const char *key, json_t *old,
			 json_t *now)
{
	if (json_equal(or_null(old), or_null(now)))
		return;
	json_array_append_new(fields,
			      json_pack("{s:s,s:O,s:O}", "field", key, "old",
					or_null(old), "new", or_null(now)));
}

static void record_fields(json_t *item, json_t *old, json_t *now)
{
	json_t *fields = json_array(), *v;
	const char *key;

	json_object_foreach(old, key, v) {
		/* text_truncated marks seed text cut at import: the
		 * text itself changing is what a reader sees. */
		if (!strcmp(key, "id") || !strcmp(key, "text_truncated") ||
		    is_list_field(key))
			continue;
		field_change(fields, key, v, json_object_get(now, key));
	}
	json_object_foreach(now, key, v)
		if (!json_object_get(old, key) && !is_list_field(key) &&
		    strcmp(key, "text_truncated"))
			field_change(fields, key, NULL, v);
	if (json_array_size(fields))
		json_object_set(item, "fields", fields);
	json_decref(fields);
}

/* The measure's own record: created, deleted, or what changed in it. */
static void measure_aspects(json_t *item, json_t *w)
{
	json_t *old = json_object_get(w, "before");
	json_t *now = json_object_get(w, "after");

	if (!json_object_get(w, "seen") ||
	    (json_is_null(old) && json_is_null(now)))
		return;
	if (json_is_null(old)) {
		json_object_set_new(item, "created", json_true());
		return;
	}
	if (json_is_null(now)) {
		json_object_set_new(item, "deleted", json_true());
		return;
	}
	for (size_t i = 0; list_fields[i]; i++) {
		json_t *d = list_diff(json_object_get(old, list_fields[i]),
				      json_object_get(now, list_fields[i]));

		if (d)
			json_object_set_new(item, list_fields[i], d);
	}
	record_fields(item, old, now);
}

/* ---- reports: the public status then and now ---- */

/* The text of the last day of a period, "" when it is not one. */
static void period_end(const char *period, char end[11])
{
	struct period p;
	char start[11];

	end[0] = '\0';
	if (period && period_parse(period, &p, NULL) == 0)
		period_bounds(&p, start, end);
}

/* Whether a gives the status before b: store/entity.c's rule, the
 * latest period end, then the latest approval. */
static bool newer(json_t *a, json_t *b)
{
	char ea[11], eb[11];
	const char *aa = str(a, "approved_at"), *ab = str(b, "approved_at");
	int c;

	period_end(str(a, "period"), ea);
	period_end(str(b, "period"), eb);
	c = strcmp(ea, eb);
	if (c)
		return c > 0;
	return strcmp(aa ? aa : "", ab ? ab : "") > 0;
}

/* The report the status came from at `since`: the approved ones now
 * that have not changed since, and those changed as they were then. */
static json_t *report_then(json_t *w, json_t *now_rows)
{
	json_t *reports = json_object_get(w, "reports"), *best = NULL, *r;
	const char *period;
	size_t i;

	json_array_foreach(now_rows, i, r)
		if (!json_object_get(reports, str(r, "period")) &&
		    (!best || newer(r, best)))
			best = r;
	json_object_foreach(reports, period, r) {
		json_t *then = json_object_get(r, "before");

		if (json_is_object(then) && (!best || newer(then, best)))
			best = then;
	}
	return best;
}

static json_t *status_of(json_t *report)
{
	const char *s = str(report, "status");

	return json_string(s ? s : "not_reported");
}

static json_t *progress_of(json_t *report)
{
	json_t *p = json_object_get(report, "progress");

	return json_is_integer(p) ? json_incref(p) : json_null();
}

/* Sets {"old", "new"} under key when they differ; takes both. */
static void old_new(json_t *item, const char *key, json_t *old, json_t *now)
{
	if (!json_equal(old, now))
		json_object_set_new(
		    item, key, json_pack("{s:O,s:O}", "old", old, "new", now));
	json_decref(old);
	json_decref(now);
}

static void report_aspects(json_t *item, json_t *w, json_t *now_rows)
{
	json_t *then = report_then(w, now_rows);
	json_t *now = json_array_get(now_rows, 0), *periods = json_array();
	json_t *r;
	const char *period;

	old_new(item, "status", status_of(then), status_of(now));
	old_new(item, "progress", progress_of(then), progress_of(now));
	json_object_foreach(json_object_get(w, "reports"), period, r)
		if (json_is_true(json_object_get(r, "approved")))
			json_array_append_new(periods, json_string(period));
	if (json_array_size(periods))
		json_object_set(item, "reports", periods);
	json_decref(periods);
}

/* Links: the ones at this measure then and now. */
static void link_aspects(json_t *item, json_t *w, const struct pass *p,
			 const char *measure)
{
	json_t *old = json_array(), *now = json_array(), *d;
	const char *id;
	json_t *v;

	json_object_foreach(json_object_get(w, "links"), id, v) {
		json_t *l = json_object_get(p->links, id);
		json_t *b = json_object_get(l, "before");
		json_t *a = json_object_get(l, "after");

		if (is(b, "from", measure) || is(b, "to", measure))
			json_array_append_new(
			    old,
			    json_pack("{s:s,s:s?,s:s?,s:s?}", "id", id, "from",
				      str(b, "from"), "to", str(b, "to"),
				      "kind", str(b, "kind")));
		if (is(a, "from", measure) || is(a, "to", measure))
			json_array_append_new(
			    now,
			    json_pack("{s:s,s:s?,s:s?,s:s?}", "id", id, "from",
				      str(a, "from"), "to", str(a, "to"),
				      "kind", str(a, "kind")));
	}
	if ((d = list_diff(old, now)))
		json_object_set_new(item, "links", d);
	json_decref(old);
	json_decref(now);
}

/* ---- the answer ---- */

/* Titles from the record as it is now, or as it was last seen. */
static int titles(struct store *st, json_t *item, json_t *w,
		  const char *measure, struct err *err)
{
	static const char *const keys[] = {"title_nb", "title_nn", "title_en"};
	json_t *rec = json_object_get(w, "after"), *got = NULL;
	struct err e = ERR_INIT;

	if (!json_is_object(rec))
		rec = json_object_get(w, "before");
	if (!json_is_object(rec)) {
		got = store_entity_get(st, entity_find("measures"), measure, 0,
				       &e);
		if (!got && e.code != ERR_NOT_FOUND) {
			if (err)
				*err = e;
			return -1;
		}
		rec = got;
	}
	for (size_t i = 0; i < 3; i++)
		json_object_set(item, keys[i],
				or_null(json_object_get(rec, keys[i])));
	json_decref(got);
	return 0;
}

static bool has_aspects(json_t *item)
{
	static const char *const keys[] = {
	    "created",	   "deleted",	  "status",	"progress", "reports",
	    "responsible", "allocations", "milestones", "links",    "fields",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_get(item, keys[i]))
			return true;
	return false;
}

/* Approved status reports now, by measure, each list newest first. */
static json_t *approved_now(struct store *st, struct err *err)
{
	json_t *rows = store_web_approved_reports(st, err), *by, *row;
	size_t i;

	if (!rows)
		return NULL;
	by = json_object();
	json_array_foreach(rows, i, row) {
		const char *m = str(row, "measure");
		json_t *list;

		if (!m)
			continue;
		if (!(list = json_object_get(by, m))) {
			list = json_array();
			json_object_set_new(by, m, list);
		}
		json_array_append(list, row);
	}
	json_decref(rows);
	return by;
}

static int cmp_items(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int c = strcmp(str(b, "at"), str(a, "at"));

	return c ? c : strverscmp(str(a, "measure"), str(b, "measure"));
}

/* The items as a sorted array (an array of json_t * sorted in C). */
static json_t *sorted(json_t *items)
{
	size_t n = json_array_size(items);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v)), *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	xqsort(v, n, sizeof(*v), cmp_items);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

static json_t *build_items(struct store *st, const struct pass *p, json_t *now,
			   struct err *err)
{
	json_t *items = json_array(), *w, *out;
	const char *id;

	json_object_foreach(p->measures, id, w) {
		json_t *item = json_pack("{s:s,s:O}", "measure", id, "at",
					 or_null(json_object_get(w, "at")));

		measure_aspects(item, w);
		report_aspects(item, w, json_object_get(now, id));
		link_aspects(item, w, p, id);
		if (!has_aspects(item) ||
		    !json_is_string(json_object_get(item, "at"))) {
			json_decref(item);
			continue;
		}
		if (titles(st, item, w, id, err) < 0) {
			json_decref(item);
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, item);
	}
	out = sorted(items);
	json_decref(items);
	return out;
}

/* s has the shape of tmpl, where '0' in tmpl stands for any digit. */
static bool fits(const char *s, const char *tmpl)
{
	for (; *tmpl; s++, tmpl++)
		if (*tmpl == '0' ? !isdigit((unsigned char)*s) : *s != *tmpl)
			return false;
	return *s == '\0';
}

/*
 * Writes `since` in the stored form (milliseconds and Z), so that text
 * comparison orders it right among the stored times: "...:32Z" would
 * sort after "...:32.227Z". A bare date stays as it is: a prefix of
 * every time of its day, it sorts before all of them.
 */
static int canon_since(const char *s, char out[32], struct err *err)
{
	static const char *const shapes[] = {
	    "0000-00-00",
	    "0000-00-00T00:00Z",
	    "0000-00-00T00:00:00Z",
	    "0000-00-00T00:00:00.000Z",
	};
	static const char *const tails[] = {"", ":00.000Z", ".000Z", "Z"};
	char date[11];

	for (size_t i = 0; s && i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		if (!fits(s, shapes[i]))
			continue;
		memcpy(date, s, 10);
		date[10] = '\0';
		if (value_check_date(date, NULL) < 0)
			break;
		/* Drop the Z (or nothing, for a date), add the tail. */
		snprintf(out, 32, "%.*s%s", (int)(strlen(s) - (i > 0)), s,
			 tails[i]);
		return 0;
	}
	return err_set(err, ERR_INVALID,
		       _("expected a UTC time such as 2025-05-01 or "
			 "2025-05-01T22:00:00Z"));
}

json_t *service_changes(struct store *st, const char *since, struct err *err)
{
	struct pass p = {NULL, NULL};
	json_t *now = NULL, *items = NULL, *out = NULL;
	char from[32];

	if (canon_since(since, from, err) < 0)
		return NULL;
	p.measures = json_object();
	p.links = json_object();
	if (store_changes_each(st, from, on_event, &p, err) < 0 ||
	    !(now = approved_now(st, err)) ||
	    !(items = build_items(st, &p, now, err)))
		goto done;
	out = json_pack("{s:s,s:O}", "since", from, "items", items);
done:
	json_decref(p.measures);
	json_decref(p.links);
	json_decref(now);
	json_decref(items);
	return out;
}
