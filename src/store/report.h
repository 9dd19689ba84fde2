/*
 * store/report.h: the SQL of the reporting workflow: reporting periods
 * (reporting_period), status reports (status_report) and their kept
 * versions (status_report_version), closure proposals (measure_closure),
 * the state of a measure as reporting sees it, and the queries behind the
 * reporter's to-do list, the coordinator's overview and the reminders.
 *
 * Writes expect values the service layer has validated and run inside its
 * transaction; nothing here begins or commits. Returned json_t values are
 * new references for the caller; string arguments are borrowed. A missing
 * row is ERR_NOT_FOUND with a message naming the id.
 */
#ifndef VEIKART_STORE_REPORT_H
#define VEIKART_STORE_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Room for a public id (at most 64 bytes) and its NUL. */
#define STORE_ID_SIZE 65

/* Reporting periods. */

/* Inserts an open period opened now; ERR_CONFLICT when the id exists. */
int store_period_insert(struct store *st, const char *id, const char *due,
			struct err *err);
/* {id, state, due, opened_at, closed_at}, or NULL with ERR_NOT_FOUND. */
json_t *store_period_get(struct store *st, const char *id, struct err *err);
/* Every period as above, in no particular order (the service sorts). */
json_t *store_period_list(struct store *st, struct err *err);
/* Sets state 'closed' and closed_at now. */
int store_period_close(struct store *st, const char *id, struct err *err);

/* Measures as reporting sees them. */

struct report_measure {
	char state[16];		/* active, completed, merged, cancelled */
	char lead[STORE_ID_SIZE];	/* first lead actor by id, "" if none */
};

/* The live measure `id`, or -1 with ERR_NOT_FOUND. */
int store_report_measure(struct store *st, const char *id,
			 struct report_measure *out, struct err *err);
/* Sets a measure's state (and merged_into, NULL to clear) and bumps its
 * version, as a closure decides. */
int store_measure_set_state(struct store *st, const char *id,
			    const char *state, const char *merged_into,
			    struct err *err);
/* How many live measures are active, that is, still under reporting. */
int store_report_count_active(struct store *st, int64_t *out,
			      struct err *err);

/* Status reports. */

/*
 * One report: the fields of the `reports` descriptor plus version,
 * created_at and updated_at. NULL with ERR_NOT_FOUND when there is none.
 */
json_t *store_report_get(struct store *st, const char *id, struct err *err);
/* Inserts or replaces a report row (store_entity_put on `reports`). */
int store_report_put(struct store *st, json_t *rec, struct err *err);
/*
 * The id of the live report of measure + period + kind, and of `actor`
 * when actor is not NULL, into id (STORE_ID_SIZE bytes); *found false and
 * id "" when there is none.
 */
int store_report_find(struct store *st, const char *measure,
		      const char *period, const char *kind, const char *actor,
		      char *id, bool *found, struct err *err);
/* Whether any row, deleted or not, has this id. */
int store_report_id_taken(struct store *st, const char *id, bool *taken,
			  struct err *err);
/*
 * The progress of the newest approved status report of `measure` whose
 * period ends before `before` (YYYY-MM-DD) and has a progress; *found
 * false when there is none.
 */
int store_report_previous_progress(struct store *st, const char *measure,
				   const char *before, int64_t *progress,
				   bool *found, struct err *err);
/* The reports of a measure, newest period first; all states or only
 * approved ones. A JSON array of reports as store_report_get gives them. */
json_t *store_report_list_measure(struct store *st, const char *measure,
				  bool approved_only, struct err *err);

/* Kept versions. */

/*
 * Appends a snapshot (the report as JSON text) with the next revision
 * number, now, the user (0: none) and the state; *revision gets it.
 */
int store_report_version_add(struct store *st, const char *report,
			     int64_t user_id, const char *state,
			     const char *snapshot, int64_t *revision,
			     struct err *err);
/*
 * The versions of a report, oldest first: [{revision, at, user (username
 * or null), state, report (the snapshot)}]; only approved ones if asked.
 */
json_t *store_report_versions(struct store *st, const char *report,
			      bool approved_only, struct err *err);

/* Closure proposals (ending the reporting on a measure). */

struct closure_row {
	const char *measure;
	const char *outcome;	/* completed, merged, cancelled */
	const char *merged_into;	/* NULL unless merged */
	const char *reason;
	int64_t proposed_by;	/* user id, 0 for none */
};

int store_closure_insert(struct store *st, const struct closure_row *c,
			 int64_t *id, struct err *err);
/* {id, measure, outcome, merged_into, reason, state, proposed_by (user
 * name), proposed_at, decided_by, decided_at, decision_comment}. */
json_t *store_closure_get(struct store *st, int64_t id, struct err *err);
/* All closures, or those in `state` when not NULL; newest first. */
json_t *store_closure_list(struct store *st, const char *state,
			   struct err *err);
/* The id of the measure's proposal still waiting, or 0. */
int store_closure_pending(struct store *st, const char *measure,
			  int64_t *id, struct err *err);
/* Records the decision: state confirmed or refused, by whom, why. */
int store_closure_decide(struct store *st, int64_t id, const char *state,
			 int64_t user_id, const char *comment,
			 struct err *err);

/* Views of a period. */

/*
 * One row per measure under reporting (active, or with a status report
 * in the period), by strategy and id: [{measure, title, strategy, lead
 * (or null), report (id or null), state (null when missing), status,
 * progress, submitted_at}].
 */
json_t *store_report_overview(struct store *st, const char *period,
			      struct err *err);
/*
 * What `actor` still owes in `period`: active measures it leads (a status
 * report) or contributes to (a contribution) whose report is missing,
 * draft or returned: [{measure, title, kind, actor, report, state,
 * comment}], by measure.
 */
json_t *store_report_todo(struct store *st, const char *period,
			  const char *actor, struct err *err);
/*
 * Whom to remind in `period`: for every enabled reporter with an e-mail
 * bound to an actor that leads an active measure whose status report is
 * missing or returned, one row [{user_id, username, email, actor, measure,
 * title, state ("missing" or "returned")}], by user name and measure.
 */
json_t *store_report_reminders(struct store *st, const char *period,
			       struct err *err);

#endif
