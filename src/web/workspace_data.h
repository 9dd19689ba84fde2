/*
 * web/workspace_data.h: what the workspace pages (web/page_workspace.c,
 * web/page_report_form.c) share: the reporting periods that are open, the
 * measures the signed-in user reports on and in which role, finding the
 * user's report of a measure in a period, and showing a report's workflow
 * state (utkast, sendt inn, ...) as a tag with its words.
 *
 * Everything is read through service/; access stays with service/access.c.
 *
 * Ownership: functions returning json_t * give a new reference (NULL with
 * err on failure); the workspace_find_* functions return borrowed values
 * from the array they are given.
 */
#ifndef VEIKART_WEB_WORKSPACE_DATA_H
#define VEIKART_WEB_WORKSPACE_DATA_H

#include <jansson.h>
#include <stdbool.h>

#include "web/page.h"

/* The user's part in a measure, as its responsible list says. */
enum workspace_role {
	WORKSPACE_NONE,
	WORKSPACE_CONTRIBUTES, /* writes a contribution note */
	WORKSPACE_LEADS,       /* writes the status report */
};

/* The open reporting periods, newest first (a JSON array, maybe empty). */
json_t *workspace_open_periods(struct page *pg, struct err *err);

/* The role of who's actors in measure m (lead wins over contributing). */
enum workspace_role workspace_role(const struct principal *who, json_t *m);

/*
 * The measures one of who's actors leads or contributes to, in id order
 * (a JSON array of measures in the API shape). Empty without actors.
 */
json_t *workspace_my_measures(struct page *pg, struct err *err);

/*
 * The user's report in `period` among `reports` (a measure's reports): the
 * status report when `status`, else the contribution note of one of who's
 * actors. Borrowed; NULL when there is none.
 */
json_t *workspace_find_report(json_t *reports, const char *period, bool status,
			      const struct principal *who);
/* The newest approved status report of a period other than `period`, or
 * NULL (borrowed). reports are newest first. */
json_t *workspace_find_previous(json_t *reports, const char *period);

/* The state of a report: "missing" (none yet), "draft", "submitted",
 * "returned" or "approved"; "missing" for NULL. */
const char *workspace_state(json_t *report);
/* The state as a tag: an icon-free word tag with a colour that repeats
 * what the word says. */
void workspace_state_tag(struct page *pg, const char *state);
/* Whether a report in that state still needs the user's work. */
bool workspace_state_open(const char *state);

/* The report's version as text ("" for none), for the hidden field that
 * guards against overwriting someone else's change. */
void workspace_version(json_t *report, char out[32]);

/* A link to the report form of measure (and period when not NULL). */
void workspace_form_href(struct page *pg, const char *measure,
			 const char *period);

#endif
