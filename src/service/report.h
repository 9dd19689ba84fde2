/*
 * service/report.h: the tertial reporting workflow (tertialrapportering),
 * as the operations people perform:
 *
 *   periods    a coordinator opens a reporting period (a tertial such as
 *              2025-T2, or a year) with a due date, and closes it; the
 *              approved reports of a closed period are locked
 *   reports    for every active measure the lead actor owes one status
 *              report per open period; contributing actors may add a
 *              contribution note. draft -> submitted -> approved, or
 *              submitted -> returned (with a comment) -> submitted again.
 *              Every change keeps a version (status_report_version).
 *   closures   the lead actor's reporter proposes that reporting on a
 *              measure ends (completed, merged, cancelled); a coordinator
 *              confirms (the measure's state changes) or refuses
 *   views      a reporter's to-do list, a coordinator's overview of a
 *              period, reminders by e-mail (service_remind, remind.c)
 *
 * Implemented in report.c (reports), period.c (periods, to-do, overview,
 * statuses), closure.c (closures) and remind.c (reminders). Every write
 * checks access (service/access.h), runs in one transaction with its audit
 * event (service/audit.h) and bumps the data version; a failed operation
 * writes nothing.
 *
 * Ownership: returned json_t values are new references for the caller;
 * arguments are borrowed. Functions that return json_t * return NULL on
 * failure with err set; those that validate a body also fill `probs` with
 * one entry per wrong field (err is then ERR_UNPROCESSABLE). Lists come as
 * {"items": [...], "total": N, "next": null}, as the read API's lists do.
 */
#ifndef VEIKART_SERVICE_REPORT_H
#define VEIKART_SERVICE_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/period.h"
#include "model/principal.h"
#include "service/write.h"
#include "store/report.h"
#include "store/store.h"
#include "util/config.h"
#include "util/problems.h"

/* Statuses with labels and definitions in nb, nn and en (public). */
json_t *service_statuses(void);

/* Periods. */

/*
 * Opens a period from {"id": "2025-T2", "due": "2025-09-15"}: a tertial or
 * a year; due (YYYY-MM-DD) defaults to 15 days after the period ends.
 * Coordinator. ERR_CONFLICT when the period was opened before.
 */
json_t *service_period_open(struct store *st, const struct principal *who,
			    json_t *body, struct problems *probs,
			    struct err *err);
/* Closes an open period (coordinator); ERR_CONFLICT when closed already. */
json_t *service_period_close(struct store *st, const struct principal *who,
			     const char *id, struct err *err);
/* One period (public): {id, label, start, end, state, due, opened_at,
 * closed_at}. `id` may be any form period_parse takes. */
json_t *service_period_get(struct store *st, const char *id,
			   struct err *err);
/* All periods, newest first (public). */
json_t *service_period_list(struct store *st, struct err *err);

/* Reports. */

/*
 * Creates a draft for measure from {"period", "kind": "status" |
 * "contribution", "actor"?, "status"?, "progress"?, "done_text"?,
 * "milestones_text"?, "next_steps"?, "challenges"?, "mitigations"?,
 * "links"?}. A status report needs a reporter of the measure's lead actor,
 * a contribution one of a contributing actor (or a coordinator); actor
 * defaults to the writer's matching actor. The period must be open and
 * the measure active; one live report per measure, period and kind (and
 * actor, for contributions): ERR_CONFLICT naming the existing one, whose
 * id also goes to `existing` (may be NULL).
 *
 * As everywhere in this module, a refusal (ERR_FORBIDDEN) is audited as
 * "denied" in a transaction of its own; other failures leave no trace.
 */
json_t *service_report_create(struct store *st, const struct principal *who,
			      const char *measure, json_t *body,
			      char existing[STORE_ID_SIZE],
			      struct problems *probs, struct err *err);

/*
 * One report. Signed-in readers get every report as stored. Anyone else
 * (who NULL or anonymous) gets approved reports only, as
 * service_report_make_public leaves them, and ERR_NOT_FOUND for any other,
 * in the same words as for an id nobody has.
 */
json_t *service_report_get(struct store *st, const struct principal *who,
			   const char *id, struct err *err);

/*
 * Removes from a report (as store_report_get gives it) what only
 * signed-in users see: the coordinator's comment from returning or
 * reopening it, which stays on the report after it is approved. Every
 * public view of a report goes through it; a JSON null or a non-object is
 * left alone.
 */
void service_report_make_public(json_t *report);

/*
 * Applies a JSON merge patch (RFC 7396) to the report's text fields,
 * status, progress and links, while it is a draft or returned. The
 * author's reporters or a coordinator. Who is asking is checked first,
 * before the write lock: anonymous is ERR_UNAUTHENTICATED, a reader or a
 * read-only token ERR_FORBIDDEN. Then, under the lock, the report
 * (ERR_NOT_FOUND), access to it (ERR_FORBIDDEN), and only then the guard
 * (struct write_guard, service/write.h), which gets the report as stored:
 * NULL is ERR_PRECONDITION_REQUIRED, a mismatch ERR_PRECONDITION, and
 * nothing is written.
 */
json_t *service_report_update(struct store *st, const struct principal *who,
			      const char *id, json_t *patch,
			      const struct write_guard *guard,
			      struct problems *probs, struct err *err);

enum report_action {
	REPORT_SUBMIT,	/* draft|returned -> submitted; author or coordinator */
	REPORT_APPROVE,	/* submitted -> approved; coordinator */
	REPORT_RETURN,	/* submitted (or approved, period open) -> returned,
			   body {"comment"}; coordinator */
	REPORT_REOPEN,	/* approved in a closed period -> returned, body
			   {"reason"}; coordinator */
};

/*
 * Moves a report along the workflow. Access comes first and, but for a
 * submit (which depends on the report's actor), before the write lock.
 * Submitting checks that the report is complete (status, progress 0-100 or
 * the status's default, done_text): ERR_UNPROCESSABLE with probs. A
 * transition the state does not allow is ERR_CONFLICT saying what is
 * possible. body may be NULL where no field is needed; the guard may be
 * NULL (no If-Match) but, when given, must match.
 */
json_t *service_report_act(struct store *st, const struct principal *who,
			   const char *id, enum report_action action,
			   json_t *body, const struct write_guard *guard,
			   struct problems *probs, struct err *err);

/* The kept versions of a report, oldest first: all for signed-in
 * readers; for the public, the approved ones of an approved report, each
 * without "user" (staff names) and its snapshot made public. */
json_t *service_report_history(struct store *st, const struct principal *who,
			       const char *id, struct err *err);

/* A measure's reports across periods, newest first: all for signed-in
 * readers; approved ones, made public, for the public (the measure's
 * timeline). */
json_t *service_measure_history(struct store *st, const struct principal *who,
				const char *measure, struct err *err);

/* Closures. */

/*
 * Proposes to end reporting on a measure from {"outcome": "completed" |
 * "merged" | "cancelled", "merged_into"? (required for merged), "reason"}.
 * A reporter of the lead actor, or a coordinator. ERR_CONFLICT when the
 * measure is not active or already has a proposal waiting.
 */
json_t *service_closure_propose(struct store *st, const struct principal *who,
				const char *measure, json_t *body,
				struct problems *probs, struct err *err);
/*
 * A coordinator confirms (the measure's state becomes the outcome and it
 * stops owing reports) or refuses (body {"comment"}, required) a waiting
 * proposal. `id` is the proposal's number as text.
 */
json_t *service_closure_decide(struct store *st, const struct principal *who,
			       const char *id, bool confirm, json_t *body,
			       struct problems *probs, struct err *err);
/* One proposal by its number (as text); signed-in readers. */
json_t *service_closure_get(struct store *st, const struct principal *who,
			    const char *id, struct err *err);
/* Proposals, newest first, all or in one state; signed-in readers. */
json_t *service_closure_list(struct store *st, const struct principal *who,
			     const char *state, struct err *err);

/* Views of a period. */

/*
 * What the principal's actors still owe in the period: measures they lead
 * (a status report) or contribute to (a contribution, "optional": true)
 * whose report is missing, draft or returned. Signed-in users.
 */
json_t *service_todo(struct store *st, const struct principal *who,
		     const char *period, struct err *err);

/*
 * The coordinator's overview of a period: per measure under reporting its
 * lead actor, report state (missing, draft, submitted, returned,
 * approved), status and whether it is late (not submitted or approved
 * after the due date, as of `today`, YYYY-MM-DD; NULL for the local date
 * now); counts per state and per strategy; how many measures are still
 * under reporting and how many closures wait. Signed-in users.
 */
json_t *service_overview(struct store *st, const struct principal *who,
			 const char *period, const char *today,
			 struct err *err);

/*
 * Reminds every reporter whose actor leads a measure with a missing or
 * returned status report in the period: one e-mail per reporter listing
 * the measures, with a link to {base_url}/nb/workspace/reports?period=P.
 * With dry_run nothing is sent. Coordinator. Without cfg->smtp_url and
 * without dry_run: ERR_INVALID naming VEIKART_SMTP_URL.
 *
 * Returns {period, due, reminders: [{username, email, measures:
 * [{measure, title, state}], sent: true|false|null, error?}],
 * unreachable: [{measure, title, lead, state}] (no reporter with an
 * e-mail), sent: N, failed: N}. A mail that fails is listed with its
 * error; the others are still sent.
 */
json_t *service_remind(struct store *st, const struct principal *who,
		       const struct config *cfg, const char *period,
		       bool dry_run, struct err *err);

/*
 * Helpers shared by the files of this module (report.c, period.c,
 * closure.c, remind.c); not for other callers.
 */

/* Parses a period in any accepted form and writes its canonical text. */
int service_report_period(const char *s, struct period *p,
			  char canon[PERIOD_TEXT_MAX], struct err *err);
/* The period row as the API shows it (label, start, end added); steals
 * row. */
json_t *service_report_period_view(json_t *row);
/* {"items": items, "total": N, "next": null}; steals items. */
json_t *service_report_page(json_t *items);
/* Now in UTC as 2025-09-15T10:00:00Z (21 bytes with the NUL). */
void service_report_now(char out[32]);
/* Today's local date as YYYY-MM-DD. */
void service_report_today(char out[11]);
/* Bumps the data version and commits; on failure rolls back. */
int service_report_commit(struct store *st, struct err *err);
/*
 * Adds a problem for each member of body not in `allowed` (NULL-ended)
 * and for a body that is not an object; returns the number added.
 */
size_t service_report_check_keys(json_t *body, const char *const *allowed,
				 struct problems *probs);
/* ERR_UNPROCESSABLE for the problems found ("n problems in the body"). */
int service_report_invalid(const struct problems *probs, struct err *err);
/* When err is ERR_FORBIDDEN, audits the refusal ("denied") of `attempted`
 * on entity_type/entity_id, in a transaction of its own. Best effort. */
/* Rolls back the open transaction, then service_report_denied; -1. */
int service_report_fail(struct store *st, const struct principal *who,
			const char *attempted, const char *entity_type,
			const char *entity_id, const struct err *err);

#endif
