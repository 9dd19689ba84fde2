/*
 * web/cycle_view.c: the pieces the coordinator's reporting pages share
 * (see cycle_view.h). Markup only through web/html.h; words only from the
 * catalog (data/i18n/<lang>/cycle.txt).
 */
#include "web/cycle_view.h"

#include <stdio.h>
#include <string.h>

#include "model/period.h"
#include "web/edit_fields.h"

const char *const cycle_states[] = {"missing",	"draft",    "submitted",
				    "returned", "approved", NULL};

const char *cycle_state_label(struct page *pg, const char *state)
{
	char key[64];

	snprintf(key, sizeof(key), "cycle.state.%s", state ? state : "");
	return T(pg, key);
}

/* The colour only repeats what the word says. */
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

void cycle_state_tag(struct page *pg, const char *state)
{
	if (!state)
		state = "missing";
	html_raw(pg->out, "<span class=\"ds-tag vk-report-state\" "
			  "data-color=\"");
	html_attr(pg->out, state_color(state));
	html_raw(pg->out, "\">");
	html_txt(pg->out, cycle_state_label(pg, state));
	html_raw(pg->out, "</span>");
}

void cycle_late_tag(struct page *pg)
{
	html_raw(pg->out, " <span class=\"ds-tag vk-report-state\" "
			  "data-color=\"danger\">");
	html_txt(pg->out, T(pg, "cycle.state.late"));
	html_raw(pg->out, "</span>");
}

void cycle_crumbs(struct page *pg, bool in_cycle)
{
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	if (in_cycle)
		page_crumb_key(pg, "/workspace/cycle", "cycle.title");
	page_crumbs_end(pg);
}

void cycle_period_label(struct page *pg, const char *id, struct buf *out)
{
	struct period p;

	if (id && period_parse(id, &p, NULL) == 0)
		period_label(&p, lang_code(pg->lang), out);
	else
		buf_addstr(out, id ? id : "");
}


void cycle_fill(struct page *pg, const char *key, const char *arg,
		struct buf *out)
{
	const char *args[] = {arg};

	edit_fill(out, T(pg, key), args, 1);
}
