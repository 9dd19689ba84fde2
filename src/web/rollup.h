/*
 * web/rollup.h: progress rolled up from a set of measures (a focus area's,
 * a strategy's), with the rule written next to the number so a reader can
 * check it:
 *
 *   rolled-up progress = sum(weight x progress) / sum(weight)
 *
 * over the measures that count, each with weight 1. A measure's progress
 * is the percentage of its newest approved status report; a completed
 * measure (state or status "completed") counts as 100 %, one without an
 * approved report with a percentage as 0 %, so missing reports never make
 * the number look better. Cancelled and merged measures are left out (a
 * merged measure's work goes on in the measure it was merged into).
 *
 * Ownership: json arguments are borrowed; struct rollup is plain values.
 */
#ifndef VEIKART_WEB_ROLLUP_H
#define VEIKART_WEB_ROLLUP_H

#include <jansson.h>
#include <stdint.h>

#include "web/page.h"

/* Every measure weighs the same. */
#define ROLLUP_WEIGHT 1

struct rollup {
	int64_t counted;    /* measures in the average */
	int64_t reported;   /* of them, with a percentage from a report */
	int64_t completed;  /* of them, completed: 100 % */
	int64_t unreported; /* of them, without a percentage: 0 % */
	int64_t left_out;   /* cancelled or merged */
	int64_t weights;    /* sum of the weights */
	int64_t sum;	    /* sum of weight x progress, percentage points */
};

/*
 * Rolls up `measures` (portal_all's shape: state, status, id) with
 * `latest`, portal_latest_reports' map of each measure's newest approved
 * report (its "progress", 0-100, may be absent).
 */
void rollup_measures(json_t *measures, json_t *latest, struct rollup *out);

/* The rolled-up percentage (sum / weights); 0 when nothing counts. */
double rollup_percent(const struct rollup *r);

/*
 * Writes the number, the calculation with this rollup's figures and the
 * rule (catalog keys "rollup.*"), or a sentence saying there is nothing
 * to roll up, then the rule. A page puts it under the heading
 * page_h2(pg, "progress", "rollup.title").
 */
void rollup_render(struct page *pg, const struct rollup *r);

#endif
