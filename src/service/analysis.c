/*
 * service/analysis.c: running the analysis for a user and marking
 * findings (see analysis.h). A mark is written like every other write:
 * access first, then one IMMEDIATE transaction with the change, its audit
 * event and the data-version bump (so cached analysis pages go stale).
 * Must not speak SQL (store/snapshot.c does) or HTTP.
 *
 * Why runs are shared: at 100,000 measures loading and analysing takes
 * about 6 s of CPU, and the portal's coordination page and the API would
 * pay it on every signed-in view. A run depends on the database (its
 * path), its data version, the day, the overlap threshold and the kinds
 * run (the reporting kinds are only run for those signed in), not on who
 * asks or on the filters; so the newest run of each audience is kept
 * (two at most, each the size of one analysis) and handed to every result
 * with the same key, counted by reference. A write bumps the data
 * version, so the next view runs again. Two threads that miss at once
 * both run; the later one's run is kept.
 */
#include "service/analysis.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/snapshot.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define MARK_COMMENT_MAX 2000
#define PRIVATE_KINDS                                                          \
	((1u << FK_MISSING_REPORT) | (1u << FK_STALE_REPORT) |                 \
	 (1u << FK_RETURNED_REPORT))
#define ALL_KINDS ((1u << FINDING_KIND_COUNT) - 1)

static const char *const mark_names[] = {"open", "handled", "not_relevant",
					 "all"};

const char *mark_state_name(enum mark_state s)
{
	return (unsigned)s <= MARK_ALL ? mark_names[s] : NULL;
}

int mark_state_parse(const char *s)
{
	for (int i = 0; s && i <= MARK_ALL; i++)
		if (!strcmp(s, mark_names[i]))
			return i;
	return -1;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int32_t today(void)
{
	return (int32_t)(time(NULL) / 86400);
}

struct mark_load {
	struct analysis_result *res;
	struct idmap ids; /* finding id -> finding index */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int on_mark(const struct store_finding_mark *m, void *arg)
{
	struct mark_load *l = arg;
	int32_t i = idmap_get(&l->ids, m->finding);
	int st = mark_state_parse(m->state);

	if (i < 0 || st < 0)
		return 0; /* a mark on a gap that is gone */
	l->res->marks[i] = (struct analysis_mark){
	    (enum mark_state)st, dup_or_null(m->comment), dup_or_null(m->at),
	    dup_or_null(m->username)};
	return 0;
}

static int load_marks(struct store *st, struct analysis_result *res,
		      struct err *err)
{
	struct mark_load l = {res, IDMAP_INIT};
	int rc;

	res->marks = xcalloc(res->fs->n + 1, sizeof(*res->marks));
	for (size_t i = 0; i < res->fs->n; i++)
		idmap_put(&l.ids, res->fs->v[i].id, (int32_t)i);
	rc = store_finding_marks(st, on_mark, &l, err);
	idmap_release(&l.ids);
	return rc;
}

static void filter(struct analysis_result *res, const struct analysis_query *q)
{
	res->shown = xmalloc((res->fs->n + 1) * sizeof(*res->shown));
	for (size_t i = 0; i < res->fs->n; i++) {
		const struct finding *f = &res->fs->v[i];

		if (q->kinds && !(q->kinds & (1u << f->kind)))
			continue;
		if (q->severities && !(q->severities & (1u << f->severity)))
			continue;
		if (q->state != MARK_ALL && res->marks[i].state != q->state) {
			res->hidden_by_mark++;
			continue;
		}
		res->shown[res->nshown++] = (uint32_t)i;
		res->by_severity[f->severity]++;
		res->by_kind[f->kind]++;
	}
}

static bool signed_in(struct store *st, const struct principal *who)
{
	return who && access_check(st, who, OP_READ_PRIVATE, NULL, NULL) == 0;
}

/* ---- runs -------------------------------------------------------------- */

struct analysis_run {
	int refs; /* under runs_lock once shared */
	char *db; /* the database's path: a process may open more than one */
	uint64_t version;
	struct analysis_opts opts;
	struct snapshot snap;
	struct finding_set fs;
	struct analysis_period period;
	struct analysis_timings timings;
	double load_s;
};

/* The newest shared run per audience: [0] public, [1] signed in. */
static pthread_mutex_t runs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct analysis_run *runs[2];

static void run_free(struct analysis_run *run)
{
	free(run->db);
	finding_set_release(&run->fs);
	snap_release(&run->snap);
	free(run);
}

static void run_unref(struct analysis_run *run)
{
	bool last;

	if (!run)
		return;
	pthread_mutex_lock(&runs_lock);
	last = --run->refs == 0;
	pthread_mutex_unlock(&runs_lock);
	if (last)
		run_free(run);
}

static bool same_run(const struct analysis_run *run, const char *db,
		     uint64_t version, const struct analysis_opts *o,
		     int32_t day)
{
	return run && !strcmp(run->db, db) && run->version == version &&
	       run->snap.today == day && run->opts.kinds == o->kinds &&
	       run->opts.overlap_threshold == o->overlap_threshold;
}

/* The kept run for this key with a reference for the caller, or NULL. */
static struct analysis_run *shared_get(int slot, const char *db,
				       uint64_t version,
				       const struct analysis_opts *o,
				       int32_t day)
{
	struct analysis_run *run = NULL;

	pthread_mutex_lock(&runs_lock);
	if (same_run(runs[slot], db, version, o, day)) {
		run = runs[slot];
		run->refs++;
	}
	pthread_mutex_unlock(&runs_lock);
	return run;
}

/* Keeps run (the caller keeps its own reference) in place of the old. */
static void shared_put(int slot, struct analysis_run *run)
{
	struct analysis_run *old;

	pthread_mutex_lock(&runs_lock);
	old = runs[slot];
	run->refs++;
	runs[slot] = run;
	pthread_mutex_unlock(&runs_lock);
	run_unref(old);
}

/* A new run: the snapshot loaded and analysed; refs 1. */
static struct analysis_run *run_new(struct store *st, uint64_t version,
				    const struct analysis_opts *o, int32_t day,
				    struct err *err)
{
	struct analysis_run *run = xcalloc(1, sizeof(*run));
	double t0 = cpu_now();

	run->refs = 1;
	run->db = xstrdup(store_path(st));
	run->version = version;
	run->opts = *o;
	run->fs = (struct finding_set)FINDING_SET_INIT;
	snap_init(&run->snap, day);
	if (store_snapshot_load(st, &run->snap, err) < 0) {
		run_free(run);
		return NULL;
	}
	run->load_s = cpu_now() - t0;
	analysis_current_period(&run->snap, &run->period);
	if (o->kinds)
		analysis_run(&run->snap, o, &run->fs, &run->timings);
	return run;
}

/* The run for q: shared when q asks for it, else made for this call. */
static struct analysis_run *get_run(struct store *st,
				    const struct analysis_query *q,
				    const struct analysis_opts *o, bool private,
				    struct err *err)
{
	int32_t day = q->today ? q->today : today();
	struct analysis_run *run;
	uint64_t version = 0;

	if (!q->shared)
		return run_new(st, 0, o, day, err);
	if (store_data_version(st, &version, err) < 0)
		return NULL;
	run = shared_get(private, store_path(st), version, o, day);
	if (run)
		return run;
	run = run_new(st, version, o, day, err);
	if (run)
		shared_put(private, run);
	return run;
}

int service_analysis_run(struct store *st, const struct principal *who,
			 const struct analysis_query *q,
			 struct analysis_result *res, struct err *err)
{
	struct analysis_opts o = ANALYSIS_OPTS_INIT;
	struct analysis_run *run;

	memset(res, 0, sizeof(*res));
	if (q->overlap_threshold < 0 || q->overlap_threshold > 1)
		return err_set_field(err, ERR_INVALID, "overlap_threshold",
				     _("the overlap threshold must be above 0 "
				       "and at most 1"));
	if (q->overlap_threshold > 0)
		o.overlap_threshold = q->overlap_threshold;
	res->show_marks = signed_in(st, who);
	o.kinds = q->kinds && !q->shared ? q->kinds : ALL_KINDS;
	if (!res->show_marks)
		o.kinds &= ~PRIVATE_KINDS;
	res->private_kinds =
	    ((q->kinds ? q->kinds : ALL_KINDS) & o.kinds & PRIVATE_KINDS) != 0;
	run = get_run(st, q, &o, res->show_marks, err);
	if (!run)
		return -1;
	res->run = run;
	res->snap = &run->snap;
	res->fs = &run->fs;
	res->period = run->period;
	res->timings = run->timings;
	res->load_s = run->load_s;
	res->analysis_s = run->timings.total_s;
	if (load_marks(st, res, err) < 0)
		return -1;
	filter(res, q);
	return 0;
}

void analysis_result_release(struct analysis_result *res)
{
	for (size_t i = 0; res->marks && i < res->fs->n; i++) {
		free(res->marks[i].comment);
		free(res->marks[i].at);
		free(res->marks[i].user);
	}
	free(res->marks);
	free(res->shown);
	run_unref(res->run);
	memset(res, 0, sizeof(*res));
}

static json_t *counts_json(const struct analysis_result *res)
{
	json_t *sev = json_object(), *kind = json_object();

	for (int i = 0; i < SEV_COUNT; i++)
		json_object_set_new(
		    sev, finding_severity_name(i),
		    json_integer((json_int_t)res->by_severity[i]));
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		if (res->by_kind[k])
			json_object_set_new(
			    kind, finding_kind_name(k),
			    json_integer((json_int_t)res->by_kind[k]));
	return json_pack("{s:o,s:o}", "severity", sev, "kind", kind);
}

static json_t *day_json(int32_t day)
{
	char out[16];
	int y, m, d;

	if (day == SNAP_NO_DAY)
		return json_null();
	snap_civil(day, &y, &m, &d);
	snprintf(out, sizeof(out), "%04d-%02d-%02d", y, m, d);
	return json_string(out);
}

static json_t *period_json(const struct analysis_result *res)
{
	return json_pack(
	    "{s:s,s:b,s:o,s:o,s:o,s:b}", "id", res->period.id, "open",
	    res->period.open, "start", day_json(res->period.start_day), "end",
	    day_json(res->period.end_day), "due", day_json(res->period.due_day),
	    "reporting_kinds", res->private_kinds);
}

static json_t *mark_json(const struct analysis_mark *m)
{
	return json_pack("{s:s,s:s?,s:s?,s:s?}", "state",
			 mark_state_name(m->state), "comment", m->comment, "at",
			 m->at, "user", m->user);
}

static void add_meta(json_t *o, const struct analysis_result *res,
		     json_t *marks, size_t next)
{
	json_object_set_new(o, "total", json_integer((json_int_t)res->nshown));
	json_object_set_new(o, "next_offset",
			    next ? json_integer((json_int_t)next)
				 : json_null());
	json_object_set_new(o, "hidden_by_mark",
			    json_integer((json_int_t)res->hidden_by_mark));
	json_object_set_new(o, "counts", counts_json(res));
	json_object_set_new(o, "period", period_json(res));
	if (marks)
		json_object_set_new(o, "marks", marks);
}

json_t *service_analysis_json(const struct analysis_result *res,
			      const char *lang, size_t offset, size_t limit,
			      bool meta)
{
	json_t *list = json_array();
	json_t *marks = meta && res->show_marks ? json_object() : NULL;
	json_t *o;
	size_t end = limit && offset + limit < res->nshown ? offset + limit
							   : res->nshown;

	for (size_t k = offset; k < end; k++) {
		uint32_t i = res->shown[k];
		const struct finding *f = &res->fs->v[i];

		json_array_append_new(
		    list, finding_json(res->snap, res->fs, f, lang));
		if (marks && res->marks[i].at)
			json_object_set_new(marks, f->id,
					    mark_json(&res->marks[i]));
	}
	o = json_pack("{s:o}", "findings", list);
	if (meta)
		add_meta(o, res, marks, end < res->nshown ? end : 0);
	return o;
}

/* The kind named by an id "<kind>-<16 hex digits>", or -1. */
static int id_kind(const char *id)
{
	const char *dash = id ? strrchr(id, '-') : NULL;
	char kind[64];

	if (!dash || strlen(dash + 1) != 16 ||
	    strspn(dash + 1, "0123456789abcdef") != 16 ||
	    (size_t)(dash - id) >= sizeof(kind))
		return -1;
	memcpy(kind, id, (size_t)(dash - id));
	kind[dash - id] = '\0';
	return finding_kind_parse(kind);
}

static int check_mark(const char *id, const char *state, const char *comment,
		      int *kind, struct err *err)
{
	int st = mark_state_parse(state);

	*kind = id_kind(id);
	if (*kind < 0)
		return err_set(err, ERR_NOT_FOUND,
			       _("no finding has the id %s"), id ? id : "");
	if (st < 0 || st == MARK_ALL)
		return err_set_field(err, ERR_UNPROCESSABLE, "state",
				     _("expected open, handled or "
				       "not_relevant"));
	if (st != MARK_OPEN && (!comment || !*comment))
		return err_set_field(err, ERR_UNPROCESSABLE, "comment",
				     _("say why in a comment: what was done, "
				       "or why the finding does not apply"));
	if (comment && value_check_text(comment, MARK_COMMENT_MAX, err) < 0) {
		err->code = ERR_UNPROCESSABLE;
		snprintf(err->field, sizeof(err->field), "comment");
		return -1;
	}
	return 0;
}

/*
 * Runs the analysis for the kind of finding `id` only and renders that
 * finding (with its mark when who may see marks), or NULL with
 * ERR_NOT_FOUND when the analysis does not find it now.
 */
static json_t *find_one(struct store *st, const struct principal *who,
			const char *id, int kind, const char *lang,
			struct err *err)
{
	struct analysis_query q = ANALYSIS_QUERY_INIT;
	struct analysis_result res;
	json_t *out = NULL;

	q.kinds = 1u << kind;
	q.state = MARK_ALL;
	if (kind == FK_OVERLAP)
		q.overlap_threshold = ANALYSIS_MARK_OVERLAP_MIN;
	if (service_analysis_run(st, who, &q, &res, err) == 0) {
		for (size_t i = 0; i < res.fs->n && !out; i++) {
			if (strcmp(res.fs->v[i].id, id))
				continue;
			out =
			    finding_json(res.snap, res.fs, &res.fs->v[i], lang);
			if (res.show_marks && res.marks[i].at)
				json_object_set_new(out, "mark",
						    mark_json(&res.marks[i]));
		}
		if (!out)
			err_set(err, ERR_NOT_FOUND,
				_("the analysis finds no finding %s now; run "
				  "it again and use an id it lists"),
				id);
	}
	analysis_result_release(&res);
	return out;
}

static int finding_exists(struct store *st, const struct principal *who,
			  const char *id, int kind, struct err *err)
{
	json_t *one = find_one(st, who, id, kind, NULL, err);

	json_decref(one);
	return one ? 0 : -1;
}

json_t *service_analysis_get(struct store *st, const struct principal *who,
			     const char *id, const char *lang, struct err *err)
{
	int kind = id_kind(id);

	if (kind < 0) {
		err_set(err, ERR_NOT_FOUND, _("no finding has the id %s"),
			id ? id : "");
		return NULL;
	}
	return find_one(st, who, id, kind, lang, err);
}

static int write_mark(struct store *st, const struct principal *who,
		      const char *id, const char *state, const char *comment,
		      json_t **out, struct err *err)
{
	json_t *before = NULL, *after = NULL;
	int rc = -1;

	if (store_begin(st, err) < 0)
		return -1;
	before = store_finding_mark_get(st, id, err);
	if (!before && err && err->code)
		goto fail;
	if (store_finding_mark_put(st, id, state, comment, who->user_id, err) <
		0 ||
	    !(after = store_finding_mark_get(st, id, err)) ||
	    audit_append(st, who, "finding.mark", "analysis", id, before, after,
			 err) < 0 ||
	    store_bump_version(st, err) < 0)
		goto fail;
	if (store_commit(st, err) < 0)
		goto done;
	json_object_set_new(after, "id", json_string(id));
	*out = json_incref(after);
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	json_decref(before);
	json_decref(after);
	return rc;
}

int service_analysis_mark(struct store *st, const struct principal *who,
			  const char *id, const char *state,
			  const char *comment, json_t **out, struct err *err)
{
	struct err local = ERR_INIT;
	int kind;

	if (!err)
		err = &local;
	*out = NULL;
	if (access_check(st, who, OP_WRITE_DOMAIN, NULL, err) < 0) {
		audit_denied(st, who, "finding.mark", "analysis",
			     id_kind(id) >= 0 ? id : NULL, err);
		return -1;
	}
	if (check_mark(id, state, comment, &kind, err) < 0 ||
	    finding_exists(st, who, id, kind, err) < 0)
		return -1;
	if (write_mark(st, who, id, state, comment && *comment ? comment : NULL,
		       out, err) < 0)
		return -1;
	json_object_set_new(*out, "kind", json_string(finding_kind_name(kind)));
	return 0;
}
