/*
 * service/closure.c: ending the reporting on a measure, the way ministries
 * close parliamentary requests (anmodningsvedtak): the lead actor's
 * reporter proposes an outcome (completed, merged into another measure,
 * cancelled) with a reason; a coordinator confirms, which sets the
 * measure's state so that it no longer owes reports, or refuses with a
 * comment. Proposals and decisions are kept and audited.
 *
 * It must not speak SQL (store/report.c does). Returned JSON belongs to
 * the caller; arguments are borrowed.
 */
#include "service/report.h"

#include <string.h>

#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/entity.h"
#include "util/i18n.h"
#include "util/parse.h"

static const char *const closure_outcomes[] = { "completed", "merged",
						"cancelled", NULL };
static const char *const closure_states[] = { "proposed", "confirmed",
					      "refused", NULL };

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A required or optional text field of a body; NULL when absent. */
static const char *body_text(json_t *body, const char *field, bool required,
			     const char *hint, struct problems *probs)
{
	json_t *v = json_object_get(body, field);
	struct err e = ERR_INIT;

	if (!v || json_is_null(v) ||
	    (json_is_string(v) && !json_string_value(v)[strspn(
					  json_string_value(v), " \t\r\n")])) {
		if (required)
			problems_add(probs, field, "is required: %s", hint);
		return NULL;
	}
	if (!json_is_string(v) ||
	    value_check_text(json_string_value(v), 20000, &e) < 0) {
		problems_add(probs, field, "%s",
			     e.code ? e.msg : "expected text");
		return NULL;
	}
	return json_string_value(v);
}

/* Checks merged_into: another live, active measure. */
static void check_merged_into(struct store *st, const char *measure,
			      json_t *v, struct problems *probs)
{
	struct report_measure m;
	const char *target = json_string_value(v);

	if (!target || value_check_id(target, NULL) < 0) {
		problems_add(probs, "merged_into", "give the id of the measure "
						   "this one is merged into");
		return;
	}
	if (!strcmp(target, measure))
		problems_add(probs, "merged_into", "a measure cannot be merged "
						   "into itself");
	else if (store_report_measure(st, target, &m, NULL) < 0)
		problems_add(probs, "merged_into", "no measure has the id %s",
			     target);
	else if (strcmp(m.state, "active"))
		problems_add(probs, "merged_into", "measure %s is %s; merge "
						   "into an active measure",
			     target, m.state);
}

static int propose_input(struct store *st, const char *measure, json_t *body,
			 struct closure_row *row, struct problems *probs,
			 struct err *err)
{
	static const char *const keys[] = { "outcome", "merged_into",
					    "reason", NULL };
	json_t *merged = json_object_get(body, "merged_into");

	if (service_report_check_keys(body, keys, probs) > 0)
		return service_report_invalid(probs, err);
	row->outcome = str(body, "outcome");
	if (value_check_enum(row->outcome, closure_outcomes, NULL) < 0)
		problems_add(probs, "outcome", "expected completed, merged or "
					       "cancelled");
	else if (!strcmp(row->outcome, "merged"))
		check_merged_into(st, measure, merged, probs);
	else if (merged && !json_is_null(merged))
		problems_add(probs, "merged_into",
			     "only a merged measure names "
			     "the measure it is merged "
			     "into");
	if (row->outcome && !strcmp(row->outcome, "merged"))
		row->merged_into = str(body, "merged_into");
	row->reason = body_text(body, "reason", true,
				"say why reporting should end", probs);
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

static int need_no_pending(struct store *st, const char *measure,
			   struct err *err)
{
	int64_t pending;

	if (store_closure_pending(st, measure, &pending, err) < 0)
		return -1;
	if (pending)
		return err_set(err, ERR_CONFLICT,
			       _("measure %s already has closure proposal %lld "
				 "waiting for a coordinator"),
			       measure, (long long)pending);
	return 0;
}

/* Appends the audit event for a closure and commits; steals after. */
static json_t *audit_commit(struct store *st, const struct principal *who,
			    const char *action, json_t *before, json_t *after,
			    struct err *err)
{
	char id[24];

	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(after, "id")));
	if (audit_append(st, who, action, "closures", id, before, after,
			 err) < 0 ||
	    service_report_commit(st, err) < 0) {
		store_rollback(st);
		json_decref(after);
		return NULL;
	}
	return after;
}

json_t *service_closure_propose(struct store *st, const struct principal *who,
				const char *measure, json_t *body,
				struct problems *probs, struct err *err)
{
	struct closure_row row = { .measure = measure,
				   .proposed_by = who->user_id };
	struct report_measure m;
	json_t *after;
	int64_t id;

	if (store_report_measure(st, measure, &m, err) < 0)
		return NULL;
	if (access_check(st, who, OP_PROPOSE_CLOSURE, measure, err) < 0) {
		audit_denied(st, who, "closure.propose", "measures",
				      measure, err);
		return NULL;
	}
	if (store_begin(st, err) < 0)
		return NULL;
	if (store_report_measure(st, measure, &m, err) < 0)
		goto fail;
	if (strcmp(m.state, "active")) {
		err_set(
		    err, ERR_CONFLICT,
		    _("measure %s is %s already; reporting on it has ended"),
		    measure, m.state);
		goto fail;
	}
	if (need_no_pending(st, measure, err) < 0 ||
	    propose_input(st, measure, body, &row, probs, err) < 0 ||
	    store_closure_insert(st, &row, &id, err) < 0 ||
	    !(after = store_closure_get(st, id, err)))
		goto fail;
	return audit_commit(st, who, "closure.propose", NULL, after, err);
fail:
	store_rollback(st);
	return NULL;
}

/* Sets the measure's state to the outcome, audited as measure.close. */
static int close_measure(struct store *st, const struct principal *who,
			 json_t *closure, struct err *err)
{
	const char *measure = str(closure, "measure");
	const char *merged = str(closure, "merged_into");
	struct report_measure m;
	json_t *before, *after;
	int rc;

	if (store_report_measure(st, measure, &m, err) < 0)
		return -1;
	if (strcmp(m.state, "active"))
		return err_set(err, ERR_CONFLICT,
			       _("measure %s is %s already; refuse this "
				 "proposal instead"),
			       measure, m.state);
	if (merged && store_report_measure(st, merged, &m, NULL) < 0)
		return err_set(
		    err, ERR_CONFLICT,
		    _("measure %s, which this one would be merged "
		      "into, no longer exists; refuse this proposal"),
		    merged);
	if (store_measure_set_state(st, measure, str(closure, "outcome"),
				    merged, err) < 0)
		return -1;
	before = json_pack("{s:s}", "state", "active");
	after = json_pack("{s:s,s:s?}", "state", str(closure, "outcome"),
			  "merged_into", merged);
	rc = audit_append(st, who, "measure.close", "measures", measure, before,
			  after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int decide_input(json_t *body, bool confirm, const char **comment,
			struct problems *probs, struct err *err)
{
	static const char *const keys[] = { "comment", NULL };

	*comment = NULL;
	if (!body || json_is_null(body)) {
		if (!confirm)
			problems_add(probs, "comment", "is required: tell the "
						       "reporter why");
	} else if (service_report_check_keys(body, keys, probs) == 0) {
		*comment = body_text(body, "comment", !confirm,
				     "tell the reporter why", probs);
	}
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

static int closure_id(const char *text, int64_t *id, struct err *err)
{
	if (parse_int64(text, 1, INT64_MAX, id, NULL) < 0)
		return err_set(err, ERR_NOT_FOUND,
			       _("no closure proposal has the id %s; ids are "
				 "whole numbers"),
			       text);
	return 0;
}

json_t *service_closure_decide(struct store *st, const struct principal *who,
			       const char *id, bool confirm, json_t *body,
			       struct problems *probs, struct err *err)
{
	const char *action = confirm ? "closure.confirm" : "closure.refuse";
	json_t *before = NULL, *after;
	const char *comment;
	int64_t n;

	if (access_check(st, who, OP_REVIEW_REPORTS, NULL, err) < 0) {
		audit_denied(st, who, action, "closures", id, err);
		return NULL;
	}
	if (closure_id(id, &n, err) < 0 || store_begin(st, err) < 0)
		return NULL;
	if (!(before = store_closure_get(st, n, err)) ||
	    decide_input(body, confirm, &comment, probs, err) < 0)
		goto fail;
	if (strcmp(str(before, "state"), "proposed")) {
		err_set(err, ERR_CONFLICT, _("closure proposal %s was %s "
					     "already"),
			id, str(before, "state"));
		goto fail;
	}
	if ((confirm && close_measure(st, who, before, err) < 0) ||
	    store_closure_decide(st, n, confirm ? "confirmed" : "refused",
				 who->user_id, comment, err) < 0 ||
	    !(after = store_closure_get(st, n, err)))
		goto fail;
	after = audit_commit(st, who, action, before, after, err);
	json_decref(before);
	return after;
fail:
	store_rollback(st);
	json_decref(before);
	return NULL;
}

json_t *service_closure_get(struct store *st, const struct principal *who,
			    const char *id, struct err *err)
{
	int64_t n;

	if (access_check(st, who, OP_READ_PRIVATE, NULL, err) < 0 ||
	    closure_id(id, &n, err) < 0)
		return NULL;
	return store_closure_get(st, n, err);
}

json_t *service_closure_list(struct store *st, const struct principal *who,
			     const char *state, struct err *err)
{
	json_t *items;

	if (access_check(st, who, OP_READ_PRIVATE, NULL, err) < 0)
		return NULL;
	if (state && value_check_enum(state, closure_states, NULL) < 0) {
		err_set_field(err, ERR_INVALID, "state",
			      _("expected proposed, confirmed or refused"));
		return NULL;
	}
	items = store_closure_list(st, state, err);
	return items ? service_report_page(items) : NULL;
}
