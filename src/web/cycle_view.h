/*
 * web/cycle_view.h: what the coordinator's reporting pages share
 * (web/page_cycle.c: periods and the overview; web/cycle_review.c: one
 * report to approve or return): a report's workflow state as a tag
 * (mangler, utkast, sendt inn, sendt tilbake, godkjent; "forsinket" for a
 * late one), the breadcrumbs, a period's label, and report text as
 * paragraphs.
 *
 * Ownership: everything is borrowed; nothing is kept.
 */
#ifndef VEIKART_WEB_CYCLE_VIEW_H
#define VEIKART_WEB_CYCLE_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "web/page.h"

/* The states of a measure's report in a period, in the overview's order;
 * NULL-terminated. "late" is not a state but a filter beside them. */
extern const char *const cycle_states[];

/* The label of a state ("cycle.state.<state>"). */
const char *cycle_state_label(struct page *pg, const char *state);
/* A state as a tag: the word, with a colour that only repeats it. */
void cycle_state_tag(struct page *pg, const char *state);
/* The "late" tag: past the deadline and not submitted. */
void cycle_late_tag(struct page *pg);

/* Breadcrumbs: the front page, the workspace, and with `in_cycle` the
 * reporting cycle page. */
void cycle_crumbs(struct page *pg, bool in_cycle);

/* A period's label in the page's language ("2025-T2 (mai–august
 * 2025)"), into out; the id itself when it is not a period. */
void cycle_period_label(struct page *pg, const char *id, struct buf *out);

/* A message with {1} filled, as plain text into out (the caller escapes
 * it when it writes it). */
void cycle_fill(struct page *pg, const char *key, const char *arg,
		struct buf *out);

#endif
