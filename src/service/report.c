/*
 * service/report.c: status reports and contribution notes through their
 * workflow (see report.h): create a draft, edit it, submit, approve,
 * return with a comment, reopen a locked report, and read reports, their
 * kept versions and a measure's timeline.
 *
 * Each write first asks who is asking, without the write lock: anonymous
 * callers (401) and principals that no report lets write (403, audited)
 * never take it. Then one order inside one IMMEDIATE transaction: read the
 * report, check access, compare the client's version, check the state,
 * validate, write, keep a version, audit, bump the data version, commit.
 * Every failure goes through service_report_fail, which rolls all of it
 * back (and audits a refusal). It must not speak SQL; store/report.c does.
 *
 * The public (anyone who may not read unpublished reports) gets approved
 * reports only, and without what is written for the reporters: the
 * coordinator's comment, in the report and in its kept versions, and the
 * names of the staff who made each version. An unpublished report does
 * not exist for them (404, as for an unknown id).
 */
#include "service/report.h"

#include <sodium.h>
#include <string.h>

#include "model/entity.h"
#include "model/status.h"
#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/record.h"
#include "store/entity.h"
#include "store/measure_actor.h"
#include "util/i18n.h"

#define LINKS_MAX 50

/* What a client may give when it creates a report, and later change. */
static const char *const create_keys[] = {
	"period",	   "kind",	 "actor",      "status",
	"progress",	   "done_text",	 "milestones_text",
	"next_steps",	   "challenges", "mitigations", "links",
	NULL
};
static const char *const content_keys[] = {
	"status",     "progress",    "done_text", "milestones_text",
	"next_steps", "challenges", "mitigations", "links",
	NULL
};

static const char *const no_keys[] = { NULL };

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool is(json_t *o, const char *key, const char *want)
{
	const char *v = str(o, key);

	return v && !strcmp(v, want);
}

static bool is_status_kind(json_t *report)
{
	return !is(report, "kind", "contribution");
}

static const char *role_verb(bool status)
{
	return status ? "lead" : "contribute to";
}

/* Validation of a whole report record. */

struct refs_ctx {
	struct store *st;
	bool failed;
};

static bool ref_exists(void *arg, const char *coll, const char *id)
{
	struct refs_ctx *ctx = arg;
	bool found = false;

	if (store_entity_exists(ctx->st, coll, id, &found, NULL) < 0)
		ctx->failed = true;
	return found;
}

static void check_links(json_t *links, struct problems *probs)
{
	char path[48];
	json_t *link;
	size_t i;

	if (!links || json_is_null(links))
		return;
	if (!json_is_array(links) || json_array_size(links) > LINKS_MAX) {
		problems_add(probs, "links", "expected an array of at most %d "
					     "{\"title\", \"url\"} objects",
			     LINKS_MAX);
		return;
	}
	json_array_foreach(links, i, link) {
		json_t *url = json_object_get(link, "url");
		json_t *title = json_object_get(link, "title");
		struct err e = ERR_INIT;

		snprintf(path, sizeof(path), "links[%zu]", i);
		if (!json_is_object(link) ||
		    json_object_size(link) != 1u + (title != NULL))
			problems_add(probs, path, "expected {\"title\", "
						  "\"url\"} and nothing else");
		else if (!json_is_string(url) ||
			 value_check_url(json_string_value(url), &e) < 0)
			problems_add(probs, path, "url: %s",
				     e.code ? e.msg
					    : "give an http(s) address");
		else if (title && (!json_is_string(title) ||
				   value_check_text(json_string_value(title),
						    200, &e) < 0))
			problems_add(probs, path, "title: %s",
				     e.code ? e.msg : "expected text");
	}
}

/*
 * Checks the record with the import rules and the links' shape. Field
 * names come without the leading '.' record_check puts before them.
 */
static int check_report(struct store *st, json_t *rec, struct problems *probs,
			struct err *err)
{
	struct refs_ctx ctx = { st, false };
	struct record_refs refs = { ref_exists, &ctx };
	size_t from = probs->n;
	json_t *fields = json_copy(rec);

	/* Bookkeeping a stored report carries is not the client's input. */
	json_object_del(fields, "version");
	json_object_del(fields, "created_at");
	json_object_del(fields, "updated_at");
	record_check(entity_find("reports"), fields, "", &refs, probs);
	json_decref(fields);
	for (size_t i = from; i < probs->n; i++) {
		char *f = probs->items[i].field;

		if (f[0] == '.')
			memmove(f, f + 1, strlen(f));
	}
	if (ctx.failed)
		return err_set(err, ERR_DB, _("database error; see the "
					      "server log"));
	check_links(json_object_get(rec, "links"), probs);
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

/* Who may write a report. */

static enum access_op write_op(bool status)
{
	return status ? OP_WRITE_STATUS_REPORT : OP_WRITE_CONTRIBUTION;
}

/* The author's reporters (of the report's actor) or a coordinator. */
static int may_edit(struct store *st, const struct principal *who,
		    json_t *report, struct err *err)
{
	const char *actor = str(report, "actor");

	if (access_check(st, who, write_op(is_status_kind(report)),
			 str(report, "measure"), err) < 0)
		return -1;
	if (who->role >= ROLE_COORDINATOR || !actor ||
	    principal_has_actor(who, actor))
		return 0;
	return err_set(err, ERR_FORBIDDEN,
		       _("report %s belongs to actor %s; only its reporters or "
			 "a coordinator may change it"),
		       str(report, "id"), actor);
}

/*
 * Whether who could write any report, asked before the write lock is
 * taken: anonymous callers (401), readers and read-only tokens (403,
 * audited as a refusal of `attempted` on the entity) are refused here;
 * whether the measure lets a reporter write is for may_edit, under the
 * lock.
 */
static int may_try_write(struct store *st, const struct principal *who,
			 const char *attempted, const char *entity_type,
			 const char *entity_id, struct err *err)
{
	if (who->can_write && who->role >= ROLE_REPORTER)
		return 0;
	if (access_check(st, who, OP_WRITE_STATUS_REPORT, NULL, err) == 0)
		return 0;
	audit_denied(st, who, attempted, entity_type, entity_id, err);
	return -1;
}

/* The actor a new report is written for: given, or the writer's own. */
static int pick_actor(struct store *st, const struct principal *who,
		      const char *measure, bool status, const char *lead,
		      char out[STORE_ID_SIZE], struct err *err)
{
	unsigned want = status ? MEASURE_ROLE_LEAD : MEASURE_ROLE_CONTRIBUTING;
	unsigned mask;

	out[0] = '\0';
	if (who->role >= ROLE_COORDINATOR) {
		if (status) {
			snprintf(out, STORE_ID_SIZE, "%s", lead);
			return 0;
		}
		return err_set_field(err, ERR_UNPROCESSABLE, "actor",
				     _("name the contributing actor this "
				       "note is from"));
	}
	for (size_t i = 0; i < who->nactors; i++) {
		if (store_measure_roles(st, measure, who->actors[i], &mask,
					err) < 0)
			return -1;
		if (mask & want) {
			snprintf(out, STORE_ID_SIZE, "%s", who->actors[i]);
			return 0;
		}
	}
	return err_set(err, ERR_FORBIDDEN,
		       _("none of your actors %s measure %s"),
		       role_verb(status), measure);
}

/* Checks an actor the client named: it holds the role and is theirs. */
static int check_actor(struct store *st, const struct principal *who,
		       const char *measure, bool status, json_t *given,
		       char out[STORE_ID_SIZE], struct err *err)
{
	unsigned want = status ? MEASURE_ROLE_LEAD : MEASURE_ROLE_CONTRIBUTING;
	const char *actor = json_string_value(given);
	unsigned mask;

	if (!actor || value_check_id(actor, NULL) < 0)
		return err_set_field(err, ERR_UNPROCESSABLE, "actor",
				     _("expected the id of an actor"));
	if (store_measure_roles(st, measure, actor, &mask, err) < 0)
		return -1;
	if (!(mask & want))
		return err_set_field(err, ERR_UNPROCESSABLE, "actor",
				     _("actor %s does not %s measure %s"),
				     actor, role_verb(status), measure);
	if (who->role < ROLE_COORDINATOR && !principal_has_actor(who, actor))
		return err_set(err, ERR_FORBIDDEN,
			       _("you do not report for actor %s"), actor);
	snprintf(out, STORE_ID_SIZE, "%s", actor);
	return 0;
}

/* Creating a report. */

struct new_report {
	const char *measure;
	char period[PERIOD_TEXT_MAX];
	bool status;		/* kind status, else contribution */
	char actor[STORE_ID_SIZE];	/* "" for none */
	char lead[STORE_ID_SIZE];
};

/* Kind and period from the body, before anything else is looked at. */
static int read_kind_period(json_t *body, struct new_report *nr,
			    struct problems *probs, struct err *err)
{
	json_t *kind = json_object_get(body, "kind");
	json_t *period = json_object_get(body, "period");
	struct period p;
	struct err e = ERR_INIT;

	nr->status = true;
	if (kind && !json_is_null(kind)) {
		if (is(body, "kind", "contribution"))
			nr->status = false;
		else if (!is(body, "kind", "status"))
			problems_add(probs, "kind", "expected \"status\" or "
						    "\"contribution\"");
	}
	if (!json_is_string(period))
		problems_add(probs, "period", "give the reporting period, "
					      "such as 2025-T2");
	else if (service_report_period(json_string_value(period), &p,
				       nr->period, &e) < 0)
		problems_add(probs, "period", "%s", e.msg);
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

/* The period must be open for new reports. */
static int need_open_period(struct store *st, const char *period,
			    struct err *err)
{
	struct err e = ERR_INIT;
	json_t *row = store_period_get(st, period, &e);
	bool open;

	if (!row) {
		if (e.code != ERR_NOT_FOUND) {
			if (err)
				*err = e;
			return -1;
		}
		return err_set(
		    err, ERR_CONFLICT,
		    _("period %s has not been opened for reporting; "
		      "a coordinator opens it (POST /api/v1/periods)"),
		    period);
	}
	open = is(row, "state", "open");
	json_decref(row);
	if (!open)
		return err_set(err, ERR_CONFLICT,
			       _("period %s is closed; reports for it can no "
				 "longer be started"),
			       period);
	return 0;
}

static int need_no_report(struct store *st, const struct new_report *nr,
			  char existing[STORE_ID_SIZE], struct err *err)
{
	char id[STORE_ID_SIZE];
	bool found;

	if (store_report_find(st, nr->measure, nr->period,
			      nr->status ? "status" : "contribution",
			      nr->status ? NULL : nr->actor, id, &found,
			      err) < 0)
		return -1;
	if (!found)
		return 0;
	if (existing)
		snprintf(existing, STORE_ID_SIZE, "%s", id);
	return err_set(err, ERR_CONFLICT,
		       _("measure %s already has a %s for %s: "
			 "/api/v1/reports/%s; change that one instead"),
		       nr->measure,
		       nr->status ? "status report" : "contribution note from "
						      "this actor",
		       nr->period, id);
}

/* measure.period (.actor for contributions), else a random id. */
static int make_id(struct store *st, const struct new_report *nr,
		   char out[STORE_ID_SIZE], struct err *err)
{
	unsigned char r[8];
	bool taken = true;
	int n;

	n = snprintf(out, STORE_ID_SIZE, "%s.%s%s%s", nr->measure, nr->period,
		     nr->status ? "" : ".", nr->status ? "" : nr->actor);
	if (n > 0 && n < STORE_ID_SIZE &&
	    store_report_id_taken(st, out, &taken, err) < 0)
		return -1;
	if (n > 0 && n < STORE_ID_SIZE && !taken)
		return 0;
	if (sodium_init() < 0)
		return err_set(err, ERR_INTERNAL, "no randomness");
	randombytes_buf(r, sizeof(r));
	memcpy(out, "R-", 2);
	sodium_bin2hex(out + 2, STORE_ID_SIZE - 2, r, sizeof(r));
	return 0;
}

/* The new draft as a record: the body's content fields and the keys. */
static json_t *draft_record(json_t *body, const struct new_report *nr)
{
	json_t *rec = json_object();

	for (size_t i = 0; content_keys[i]; i++) {
		json_t *v = json_object_get(body, content_keys[i]);

		if (v)
			json_object_set(rec, content_keys[i], v);
	}
	json_object_set_new(rec, "measure", json_string(nr->measure));
	json_object_set_new(rec, "period", json_string(nr->period));
	json_object_set_new(rec, "actor", nr->actor[0]
						  ? json_string(nr->actor)
						  : json_null());
	json_object_set_new(rec, "kind", json_string(nr->status
							     ? "status"
							     : "contribution"));
	json_object_set_new(rec, "state", json_string("draft"));
	return rec;
}

/*
 * Writes rec (inside the open transaction), reads it back, keeps a version
 * and appends the audit event. Returns the stored report or NULL.
 */
static json_t *write_report(struct store *st, const struct principal *who,
			    const char *action, json_t *before, json_t *rec,
			    struct err *err)
{
	const char *id = str(rec, "id");
	json_t *after;
	char *snapshot;
	int64_t revision;
	int rc;

	if (store_report_put(st, rec, err) < 0 ||
	    !(after = store_report_get(st, id, err)))
		return NULL;
	snapshot = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
	rc = store_report_version_add(st, id, who->user_id, str(after, "state"),
				      snapshot, &revision, err);
	free(snapshot);
	if (rc < 0 || audit_append(st, who, action, "reports", id, before,
				   after, err) < 0) {
		json_decref(after);
		return NULL;
	}
	return after;
}

/* Commits the transaction holding `after`; NULL (and no leak) on failure. */
static json_t *commit_report(struct store *st, json_t *after, struct err *err)
{
	if (service_report_commit(st, err) < 0) {
		json_decref(after);
		return NULL;
	}
	return after;
}

/* Checks that need the measure: it exists, who may write, which actor. */
static int create_checks(struct store *st, const struct principal *who,
			 json_t *body, struct new_report *nr, struct err *err)
{
	struct report_measure m;
	json_t *actor = json_object_get(body, "actor");

	if (store_report_measure(st, nr->measure, &m, err) < 0 ||
	    access_check(st, who, write_op(nr->status), nr->measure, err) < 0)
		return -1;
	if (strcmp(m.state, "active"))
		return err_set(err, ERR_CONFLICT,
			       _("measure %s is %s: reporting on it has ended"),
			       nr->measure, m.state);
	snprintf(nr->lead, sizeof(nr->lead), "%s", m.lead);
	if (actor && !json_is_null(actor))
		return check_actor(st, who, nr->measure, nr->status, actor,
				   nr->actor, err);
	return pick_actor(st, who, nr->measure, nr->status, nr->lead,
			  nr->actor, err);
}

json_t *service_report_create(struct store *st, const struct principal *who,
			      const char *measure, json_t *body,
			      char existing[STORE_ID_SIZE],
			      struct problems *probs, struct err *err)
{
	struct new_report nr = { .measure = measure };
	char id[STORE_ID_SIZE];
	json_t *rec = NULL, *after = NULL;

	if (existing)
		existing[0] = '\0';
	/* Who is asking comes first: 401 before any complaint on the body,
	 * and before the write lock. */
	if (may_try_write(st, who, "report.create", "measures", measure,
			  err) < 0)
		return NULL;
	if (service_report_check_keys(body, create_keys, probs) > 0) {
		service_report_invalid(probs, err);
		return NULL;
	}
	if (read_kind_period(body, &nr, probs, err) < 0)
		return NULL;
	if (store_begin(st, err) < 0)
		return NULL;
	if (create_checks(st, who, body, &nr, err) < 0)
		goto fail;
	if (need_open_period(st, nr.period, err) < 0 ||
	    need_no_report(st, &nr, existing, err) < 0 ||
	    make_id(st, &nr, id, err) < 0)
		goto fail;
	rec = draft_record(body, &nr);
	json_object_set_new(rec, "id", json_string(id));
	if (check_report(st, rec, probs, err) < 0)
		goto fail;
	after = write_report(st, who, "report.create", NULL, rec, err);
	if (!after)
		goto fail;
	json_decref(rec);
	return commit_report(st, after, err);
fail:
	json_decref(rec);
	service_report_fail(st, who, "report.create", "measures", measure, err);
	return NULL;
}

/* Reading. */

static bool may_read_private(struct store *st, const struct principal *who)
{
	return who && access_check(st, who, OP_READ_PRIVATE, NULL, NULL) == 0;
}

void service_report_make_public(json_t *report)
{
	json_object_del(report, "comment");
}

/* Public versions: no comment in the snapshots, no staff names. */
static void public_versions(json_t *items)
{
	json_t *v;
	size_t i;

	json_array_foreach(items, i, v) {
		json_object_del(v, "user");
		service_report_make_public(json_object_get(v, "report"));
	}
}

static void public_reports(json_t *items)
{
	json_t *r;
	size_t i;

	json_array_foreach(items, i, r)
		service_report_make_public(r);
}

json_t *service_report_get(struct store *st, const struct principal *who,
			   const char *id, struct err *err)
{
	json_t *report = store_report_get(st, id, err);

	if (!report || may_read_private(st, who))
		return report;
	if (is(report, "state", "approved")) {
		service_report_make_public(report);
		return report;
	}
	json_decref(report);
	/* The words of store_report_get's: the public cannot tell an
	 * unpublished report from none. */
	err_set(err, ERR_NOT_FOUND, _("no status report has the id %s"), id);
	return NULL;
}

json_t *service_report_history(struct store *st, const struct principal *who,
			       const char *id, struct err *err)
{
	json_t *report = service_report_get(st, who, id, err);
	bool public = !may_read_private(st, who);
	json_t *items;

	if (!report)
		return NULL;
	json_decref(report);
	items = store_report_versions(st, id, public, err);
	if (!items)
		return NULL;
	if (public)
		public_versions(items);
	return service_report_page(items);
}

json_t *service_measure_history(struct store *st, const struct principal *who,
				const char *measure, struct err *err)
{
	bool public = !may_read_private(st, who);
	struct report_measure m;
	json_t *items, *out;

	if (store_report_measure(st, measure, &m, err) < 0)
		return NULL;
	items = store_report_list_measure(st, measure, public, err);
	if (!items)
		return NULL;
	if (public)
		public_reports(items);
	out = service_report_page(items);
	json_object_set_new(out, "measure", json_string(measure));
	json_object_set_new(out, "measure_state", json_string(m.state));
	return out;
}

/* Changing a report. */

/*
 * The client's precondition on the report read for a change, checked
 * after access (so that it tells nothing to whom may not change it):
 * without If-Match (and `required`) ERR_PRECONDITION_REQUIRED, with one
 * that does not match ERR_PRECONDITION.
 */
static int check_guard(json_t *report, const struct write_guard *guard,
		       bool required, const char *id, struct err *err)
{
	if (guard && !guard->matches)
		guard = NULL;	/* the API passes an empty guard: no If-Match */
	if (!guard && required)
		return err_set(err, ERR_PRECONDITION_REQUIRED,
			       _("changing a report requires If-Match: send "
				 "the ETag of GET /api/v1/reports/%s"),
			       id);
	if (guard && !guard->matches(guard->arg, report))
		return err_set(err, ERR_PRECONDITION,
			       _("report %s has changed since you read it "
				 "(If-Match does not match its ETag); GET it "
				 "again and redo your change on that version"),
			       id);
	return 0;
}

static int need_editable(json_t *report, struct err *err)
{
	if (is(report, "state", "draft") || is(report, "state", "returned"))
		return 0;
	return err_set(err, ERR_CONFLICT,
		       _("report %s is %s; only a draft or a returned report "
			 "can be changed%s"),
		       str(report, "id"), str(report, "state"),
		       is(report, "state", "submitted")
			       ? " (a coordinator may return it to you)"
			       : "");
}

/* A copy of report with the merge patch's content fields applied. */
static json_t *apply_patch(json_t *report, json_t *patch)
{
	json_t *rec = json_deep_copy(report);
	const char *key;
	json_t *v;

	json_object_foreach(patch, key, v)
		json_object_set_new(rec, key, json_deep_copy(v));
	return rec;
}

json_t *service_report_update(struct store *st, const struct principal *who,
			      const char *id, json_t *patch,
			      const struct write_guard *guard,
			      struct problems *probs, struct err *err)
{
	json_t *before = NULL, *rec = NULL, *after;

	if (may_try_write(st, who, "report.update", "reports", id, err) < 0 ||
	    store_begin(st, err) < 0)
		return NULL;
	if (!(before = store_report_get(st, id, err)) ||
	    may_edit(st, who, before, err) < 0 ||
	    check_guard(before, guard, true, id, err) < 0 ||
	    need_editable(before, err) < 0)
		goto fail;
	if (service_report_check_keys(patch, content_keys, probs) > 0) {
		service_report_invalid(probs, err);
		goto fail;
	}
	rec = apply_patch(before, patch);
	if (check_report(st, rec, probs, err) < 0)
		goto fail;
	if (json_equal(rec, before)) {
		/* Nothing changes: no version, no event, as in the write API. */
		store_rollback(st);
		json_decref(rec);
		return before;
	}
	after = write_report(st, who, "report.update", before, rec, err);
	if (!after)
		goto fail;
	json_decref(before);
	json_decref(rec);
	return commit_report(st, after, err);
fail:
	json_decref(before);
	json_decref(rec);
	service_report_fail(st, who, "report.update", "reports", id, err);
	return NULL;
}

/* Submitting. */

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

/* Fills progress from the status's default or the previous report. */
static int default_progress(struct store *st, json_t *rec,
			    const struct status_def *s, struct problems *probs,
			    struct err *err)
{
	char start[11], end[11];
	struct period p;
	int64_t prev;
	bool found = false;

	if (s->default_progress != STATUS_PROGRESS_KEEP) {
		json_object_set_new(rec, "progress",
				    json_integer(s->default_progress));
		return 0;
	}
	if (period_parse(str(rec, "period"), &p, NULL) == 0) {
		period_bounds(&p, start, end);
		if (store_report_previous_progress(st, str(rec, "measure"),
						   end, &prev, &found,
						   err) < 0)
			return -1;
	}
	if (found)
		json_object_set_new(rec, "progress", json_integer(prev));
	else if (is_status_kind(rec))
		problems_add(probs, "progress",
			     "give the progress (0-100): status %s keeps the "
			     "previous report's progress, and there is no "
			     "earlier approved report",
			     s->code);
	return 0;
}

/* A report must be complete before it is submitted. */
static int check_complete(struct store *st, json_t *rec,
			  struct problems *probs, struct err *err)
{
	const struct status_def *s = status_find(str(rec, "status"));
	bool status = is_status_kind(rec);

	if (status && !s)
		problems_add(probs, "status", "choose a status: not_started, "
					      "on_track, at_risk, delayed, "
					      "completed or cancelled");
	if (s && !json_is_integer(json_object_get(rec, "progress")) &&
	    default_progress(st, rec, s, probs, err) < 0)
		return -1;
	if (blank(str(rec, "done_text")))
		problems_add(probs, "done_text",
			     "say what was done this period");
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

/* Reviewing. */

/* The text of the one field the action's body needs (comment, reason). */
static int action_text(json_t *body, const char *field, bool required,
		       const char **out, struct problems *probs,
		       struct err *err)
{
	const char *allowed[] = { field, NULL };
	json_t *v = json_object_get(body, field);
	struct err e = ERR_INIT;

	*out = NULL;
	if (!body || json_is_null(body))
		body = NULL;
	if (body && service_report_check_keys(body, field ? allowed : no_keys,
					      probs) > 0)
		return service_report_invalid(probs, err);
	if (!field)
		return 0;
	if (!json_is_string(v) || blank(json_string_value(v))) {
		if (required)
			problems_add(probs, field, "is required: tell the "
						   "reporter why");
	} else if (value_check_text(json_string_value(v), 20000, &e) < 0) {
		problems_add(probs, field, "%s", e.msg);
	} else {
		*out = json_string_value(v);
	}
	return problems_total(probs) ? service_report_invalid(probs, err) : 0;
}

static int period_open(struct store *st, json_t *report, bool *open,
		       struct err *err)
{
	struct err e = ERR_INIT;
	json_t *row = store_period_get(st, str(report, "period"), &e);

	*open = true;
	if (row) {
		*open = is(row, "state", "open");
		json_decref(row);
		return 0;
	}
	/* A report imported for a period never opened has nothing to lock. */
	if (e.code == ERR_NOT_FOUND)
		return 0;
	if (err)
		*err = e;
	return -1;
}

static int wrong_state(json_t *report, const char *what, struct err *err)
{
	return err_set(err, ERR_CONFLICT, _("report %s is %s; %s"),
		       str(report, "id"), str(report, "state"), what);
}

/* Return and reopen: both send an approved or submitted report back. */
static int send_back(struct store *st, json_t *rec, enum report_action action,
		     const char *text, struct err *err)
{
	bool approved = is(rec, "state", "approved");
	bool open;

	if (period_open(st, rec, &open, err) < 0)
		return -1;
	if (action == REPORT_RETURN && !is(rec, "state", "submitted") &&
	    !(approved && open))
		return wrong_state(rec,
				   approved ? "its period is closed, so it "
					      "is locked: reopen it "
					      "instead, giving a reason"
					    : "only a submitted or approved "
					      "report can be returned",
				   err);
	if (action == REPORT_REOPEN && !(approved && !open))
		return wrong_state(rec,
				   approved ? "its period is open: return "
					      "it instead"
					    : "only an approved report of a "
					      "closed period is reopened",
				   err);
	json_object_set_new(rec, "comment", json_string(text));
	json_object_set_new(rec, "state", json_string("returned"));
	return 0;
}

/* The transition itself: checks the state, sets the new one on rec. */
static int transition(struct store *st, json_t *rec,
		      enum report_action action, const char *text,
		      struct problems *probs, struct err *err)
{
	char now[32];

	service_report_now(now);
	switch (action) {
	case REPORT_SUBMIT:
		if (need_editable(rec, err) < 0 ||
		    check_complete(st, rec, probs, err) < 0)
			return -1;
		json_object_set_new(rec, "submitted_at", json_string(now));
		json_object_set_new(rec, "state", json_string("submitted"));
		return 0;
	case REPORT_APPROVE:
		if (!is(rec, "state", "submitted"))
			return wrong_state(rec,
					   "only a submitted report can be "
					   "approved",
					   err);
		json_object_set_new(rec, "approved_at", json_string(now));
		json_object_set_new(rec, "state", json_string("approved"));
		return 0;
	case REPORT_RETURN:
	case REPORT_REOPEN:
		break;
	}
	return send_back(st, rec, action, text, err);
}

static const char *action_name(enum report_action a)
{
	switch (a) {
	case REPORT_SUBMIT:
		return "report.submit";
	case REPORT_APPROVE:
		return "report.approve";
	case REPORT_RETURN:
		return "report.return";
	case REPORT_REOPEN:
		return "report.reopen";
	}
	return "report";
}

/*
 * Access for an action before the write lock: coordinators review (that
 * needs no report); authors submit, which may_edit decides under the lock.
 */
static int may_try_act(struct store *st, const struct principal *who,
		       const char *id, enum report_action action,
		       struct err *err)
{
	if (action == REPORT_SUBMIT)
		return may_try_write(st, who, action_name(action), "reports",
				     id, err);
	if (access_check(st, who, OP_REVIEW_REPORTS, NULL, err) == 0)
		return 0;
	audit_denied(st, who, action_name(action), "reports", id, err);
	return -1;
}

static const char *action_field(enum report_action a)
{
	return a == REPORT_RETURN   ? "comment"
	       : a == REPORT_REOPEN ? "reason"
				    : NULL;
}

json_t *service_report_act(struct store *st, const struct principal *who,
			   const char *id, enum report_action action,
			   json_t *body, const struct write_guard *guard,
			   struct problems *probs, struct err *err)
{
	json_t *before = NULL, *rec = NULL, *after;
	const char *text;

	if (may_try_act(st, who, id, action, err) < 0 ||
	    store_begin(st, err) < 0)
		return NULL;
	if (!(before = store_report_get(st, id, err)) ||
	    (action == REPORT_SUBMIT && may_edit(st, who, before, err) < 0) ||
	    check_guard(before, guard, false, id, err) < 0 ||
	    action_text(body, action_field(action), true, &text, probs,
			err) < 0)
		goto fail;
	rec = json_deep_copy(before);
	if (transition(st, rec, action, text, probs, err) < 0)
		goto fail;
	after = write_report(st, who, action_name(action), before, rec, err);
	if (!after)
		goto fail;
	json_decref(before);
	json_decref(rec);
	return commit_report(st, after, err);
fail:
	json_decref(before);
	json_decref(rec);
	service_report_fail(st, who, action_name(action), "reports", id, err);
	return NULL;
}
