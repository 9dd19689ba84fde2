/*
 * web/workspace_data.c: the data the workspace pages share (see
 * workspace_data.h). It only reads, through service/, and writes markup
 * through web/html.h; whether the user may do anything is still decided
 * by service/access.c when a page asks a service.
 */
#include "web/workspace_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/portal.h"
#include "service/report.h"
#include "util/sort.h"
#include "util/xalloc.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool is(json_t *o, const char *key, const char *want)
{
	const char *v = str(o, key);

	return v && !strcmp(v, want);
}

json_t *workspace_open_periods(struct page *pg, struct err *err)
{
	json_t *list = service_period_list(pg->st, err);
	json_t *open, *p;
	size_t i;

	if (!list)
		return NULL;
	open = json_array();
	json_array_foreach(json_object_get(list, "items"), i, p)
		if (is(p, "state", "open"))
			json_array_append(open, p);
	json_decref(list);
	return open;
}

enum workspace_role workspace_role(const struct principal *who, json_t *m)
{
	enum workspace_role best = WORKSPACE_NONE;
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(m, "responsible"), i, r) {
		const char *actor = str(r, "actor");

		if (!actor || !principal_has_actor(who, actor))
			continue;
		if (is(r, "role", "lead"))
			return WORKSPACE_LEADS;
		if (is(r, "role", "contributing"))
			best = WORKSPACE_CONTRIBUTES;
	}
	return best;
}

/* Adds the measures of one actor that are not in `seen` yet. */
static int add_actor_measures(struct page *pg, const char *actor, json_t *seen,
			      struct err *err)
{
	struct store_filter f = {SF_MEASURE_ACTOR, NULL, actor};
	json_t *list = portal_all(pg->st, "measures", &f, 1, err);
	json_t *m;
	size_t i;

	if (!list)
		return -1;
	json_array_foreach(list, i, m) {
		const char *id = str(m, "id");

		if (id && workspace_role(&pg->who, m) != WORKSPACE_NONE)
			json_object_set(seen, id, m);
	}
	json_decref(list);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const char *x = str(*(json_t *const *)a, "id");
	const char *y = str(*(json_t *const *)b, "id");

	return strcmp(x ? x : "", y ? y : "");
}

json_t *workspace_my_measures(struct page *pg, struct err *err)
{
	json_t *seen = json_object(), *out = json_array(), *m;
	json_t **v;
	const char *id;
	size_t n = 0;

	for (size_t i = 0; i < pg->who.nactors; i++) {
		if (add_actor_measures(pg, pg->who.actors[i], seen, err) < 0) {
			json_decref(seen);
			json_decref(out);
			return NULL;
		}
	}
	/* An object keeps no order: sort by id for a stable list. */
	v = xcalloc(json_object_size(seen) + 1, sizeof(*v));
	json_object_foreach(seen, id, m)
		v[n++] = m;
	xqsort(v, n, sizeof(v[0]), by_id);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(seen);
	return out;
}

json_t *workspace_find_report(json_t *reports, const char *period, bool status,
			      const struct principal *who)
{
	json_t *r;
	size_t i;

	json_array_foreach(reports, i, r) {
		if (!is(r, "period", period))
			continue;
		if (status && !is(r, "kind", "contribution"))
			return r;
		if (!status && is(r, "kind", "contribution") &&
		    str(r, "actor") &&
		    principal_has_actor(who, str(r, "actor")))
			return r;
	}
	return NULL;
}

json_t *workspace_find_previous(json_t *reports, const char *period)
{
	json_t *r;
	size_t i;

	json_array_foreach(reports, i, r)
		if (!is(r, "period", period) && is(r, "state", "approved") &&
		    !is(r, "kind", "contribution"))
			return r;
	return NULL;
}

const char *workspace_state(json_t *report)
{
	const char *s = report ? str(report, "state") : NULL;

	return s ? s : "missing";
}

/* Colour only repeats the word: "info" to do, "warning" sent back. */
static const char *state_color(const char *state)
{
	if (!strcmp(state, "approved"))
		return "success";
	if (!strcmp(state, "returned"))
		return "warning";
	if (!strcmp(state, "submitted"))
		return "info";
	return "neutral";
}

void workspace_state_tag(struct page *pg, const char *state)
{
	char key[64];

	snprintf(key, sizeof(key), "workspace.state.%s", state);
	html_raw(pg->out, "<span class=\"ds-tag vk-report-state\" "
			  "data-color=\"");
	html_attr(pg->out, state_color(state));
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</span>");
}

bool workspace_state_open(const char *state)
{
	return !strcmp(state, "missing") || !strcmp(state, "draft") ||
	       !strcmp(state, "returned");
}

void workspace_version(json_t *report, char out[32])
{
	json_t *v = json_object_get(report, "version");

	if (json_is_integer(v))
		snprintf(out, 32, "%lld", (long long)json_integer_value(v));
	else
		out[0] = '\0';
}

void workspace_form_href(struct page *pg, const char *measure,
			 const char *period)
{
	page_href(pg, "/workspace/report/", measure);
	if (period) {
		html_raw(pg->out, "?period=");
		html_url_arg(pg->out, period);
	}
}
