/*
 * store/snapshot.c: loading the analysis snapshot and the finding marks
 * (see snapshot.h). One statement per table, read in the order the
 * snapshot builder needs (parents first); rows with an unknown reference
 * are dropped there and counted. List-valued columns (an arena's follows,
 * a meeting's attendees, a scheme's partners) are JSON arrays of ids.
 * Must not decide anything about the data; it only copies it over.
 */
#include "store/snapshot.h"

#include <math.h>
#include <string.h>

#include "model/period.h"
#include "util/i18n.h"

typedef void (*row_fn)(struct store_stmt *q, struct snapshot *s);

#define T(i) store_col_text(q, (i))
#define TEXT3(i) ((struct snap_text){T(i), T((i) + 1), T((i) + 2)})

static double num(struct store_stmt *q, int i)
{
	return store_col_is_null(q, i) ? NAN : store_col_double(q, i);
}

static int32_t year(struct store_stmt *q, int i)
{
	return store_col_is_null(q, i) ? 0 : (int32_t)store_col_int64(q, i);
}

static int each_row(struct store *st, const char *sql, row_fn fn,
		    struct snapshot *s, struct err *err)
{
	struct store_stmt *q = NULL;
	enum store_step_result r;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	while ((r = store_step(q, err)) == STORE_ROW)
		fn(q, s);
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

/* Calls add(s, owner, id) for each id in the JSON array text at col i. */
static void
each_id(struct store_stmt *q, int i, struct snapshot *s, const char *owner,
	int32_t (*add)(struct snapshot *, const char *, const char *))
{
	const char *text = T(i);
	json_t *arr, *v;
	size_t k;

	if (!text || !(arr = json_loads(text, 0, NULL)))
		return;
	json_array_foreach(arr, k, v) if (json_is_string(v))
	    add(s, owner, json_string_value(v));
	json_decref(arr);
}

static void actor_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_actor(s, T(0), TEXT3(1), T(4), T(5));
}

static void strategy_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_strategy(s, T(0), TEXT3(1), T(4), T(5));
}

static void focus_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_focus(s, T(0), T(1), TEXT3(2));
}

static void measure_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_measure(s, T(0), T(1), T(2), TEXT3(3), T(6), T(7), T(8));
}

static void resp_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_resp(s, T(0), T(1), T(2));
}

static void link_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_link(s, T(0), T(1), T(2), T(3));
}

static void arena_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_arena(s, T(0), TEXT3(1), T(4), T(5), T(6), T(7));
	each_id(q, 8, s, T(0), snap_arena_follows);
}

static void member_row(struct store_stmt *q, struct snapshot *s)
{
	snap_arena_member(s, T(0), T(1));
}

static void meeting_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_meeting(s, T(0), T(1), T(2));
	each_id(q, 3, s, T(0), snap_meeting_attendee);
}

static void scheme_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_scheme(s, T(0), TEXT3(1), T(4), T(5));
	each_id(q, 6, s, T(0), snap_scheme_partner);
}

static void budget_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_budget(s, T(0), year(q, 1),
			store_col_is_null(q, 2) ? -1 : store_col_int64(q, 2));
}

static void alloc_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_alloc(s, T(0), T(1), year(q, 2),
		       store_col_is_null(q, 3) ? -1 : store_col_int64(q, 3));
}

static void indicator_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_indicator(s, T(0), TEXT3(1), T(4), T(5), num(q, 6), year(q, 7),
			   num(q, 8), year(q, 9));
}

static void obs_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_obs(s, T(0), T(1), T(2), T(3), T(4), !store_col_is_null(q, 5),
		     num(q, 5));
}

static void ind_measure_row(struct store_stmt *q, struct snapshot *s)
{
	snap_indicator_measure(s, T(0), T(1));
}

static void goal_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_goal(s, T(0), TEXT3(1), T(4), T(5), num(q, 6), year(q, 7),
		      num(q, 8), year(q, 9));
}

static void input_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_input(s, T(0), TEXT3(1), T(4), T(5), T(6));
}

static void answer_row(struct store_stmt *q, struct snapshot *s)
{
	snap_input_answer(s, T(0), T(1));
}

/* A reporting period's bounds follow from its id (model/period.h), the
 * same rule the reports' period_start and period_end were written by. */
static void period_row(struct store_stmt *q, struct snapshot *s)
{
	struct period p;
	char start[11], end[11];

	if (period_parse(T(0), &p, NULL) < 0) {
		s->dropped++;
		return;
	}
	period_bounds(&p, start, end);
	snap_add_period(s, T(0), T(1), start, end, T(2));
}

static void report_row(struct store_stmt *q, struct snapshot *s)
{
	snap_add_report(s, T(0), T(1), T(2), T(3), T(4), T(5));
}

#define LIVE " WHERE deleted_at IS NULL"

static const struct {
	const char *sql;
	row_fn fn;
} loads[] = {
    {"SELECT id, name_nb, name_nn, name_en, kind, parent FROM actor" LIVE,
     actor_row},
    {"SELECT id, name_nb, name_nn, name_en, origin_measure, "
     "parent_strategy FROM strategy" LIVE,
     strategy_row},
    {"SELECT id, strategy, name_nb, name_nn, name_en FROM focus_area" LIVE,
     focus_row},
    {"SELECT id, strategy, focus_area, title_nb, title_nn, title_en, "
     "description_nb, description_en, state FROM measure" LIVE " ORDER BY id",
     measure_row},
    {"SELECT measure, actor, role FROM measure_actor", resp_row},
    {"SELECT id, \"from\", \"to\", kind FROM measure_link" LIVE, link_row},
    {"SELECT id, name_nb, name_nn, name_en, mandate_nb, mandate_en, "
     "convened_by, secretariat, follows FROM arena" LIVE,
     arena_row},
    {"SELECT arena, actor FROM arena_member", member_row},
    {"SELECT id, arena, date, attendees FROM meeting" LIVE, meeting_row},
    {"SELECT id, name_nb, name_nn, name_en, administered_by, owner, "
     "partners FROM scheme" LIVE,
     scheme_row},
    {"SELECT scheme, year, amount_nok FROM budget_line", budget_row},
    {"SELECT measure, scheme, year, amount_nok FROM allocation", alloc_row},
    {"SELECT id, name_nb, name_nn, name_en, direction, frequency, "
     "baseline_value, baseline_year, target_value, target_year FROM "
     "indicator" LIVE,
     indicator_row},
    {"SELECT indicator, period, period_start, period_end, breakdown, "
     "value FROM observation",
     obs_row},
    {"SELECT indicator, measure FROM indicator_measure", ind_measure_row},
    {"SELECT id, name_nb, name_nn, name_en, strategy, indicator, "
     "baseline_value, baseline_year, target_value, target_year FROM goal" LIVE,
     goal_row},
    {"SELECT id, title_nb, title_nn, title_en, kind, raised_by, date "
     "FROM stakeholder_input" LIVE " ORDER BY id",
     input_row},
    {"SELECT input, measure FROM input_answer", answer_row},
    {"SELECT id, state, due FROM reporting_period", period_row},
    {"SELECT id, measure, period_start, period_end, state, status FROM "
     "status_report WHERE kind = 'status' AND deleted_at IS NULL",
     report_row},
};

int store_snapshot_load(struct store *st, struct snapshot *s, struct err *err)
{
	size_t n = sizeof(loads) / sizeof(loads[0]);

	for (size_t i = 0; i < n; i++) {
		if (each_row(st, loads[i].sql, loads[i].fn, s, err) < 0) {
			err_prefix(err, _("cannot read the data to analyse"));
			return -1;
		}
	}
	snap_finish(s);
	return 0;
}

static int mark_rows(struct store_stmt *q,
		     int (*fn)(const struct store_finding_mark *m, void *arg),
		     void *arg, struct err *err)
{
	enum store_step_result r;

	while ((r = store_step(q, err)) == STORE_ROW) {
		struct store_finding_mark m = {T(0), T(1), T(2), T(3), T(4)};

		if (fn(&m, arg))
			return 0;
	}
	return r == STORE_DONE ? 0 : -1;
}

#define MARK_SELECT                                                            \
	"SELECT f.finding, f.state, f.comment, f.at, u.username FROM "         \
	"finding_state f LEFT JOIN app_user u ON u.id = f.user_id "

int store_finding_marks(struct store *st,
			int (*fn)(const struct store_finding_mark *m,
				  void *arg),
			void *arg, struct err *err)
{
	static const char sql[] = MARK_SELECT "ORDER BY f.finding";
	struct store_stmt *q = NULL;
	int rc;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	rc = mark_rows(q, fn, arg, err);
	store_finalize(q);
	return rc;
}

json_t *store_finding_mark_get(struct store *st, const char *finding,
			       struct err *err)
{
	static const char sql[] = MARK_SELECT "WHERE f.finding = ?1";
	struct store_stmt *q = NULL;
	json_t *out = NULL;

	if (err)
		err_clear(err);
	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	if (store_bind_text(q, 1, finding, err) == 0 &&
	    store_step(q, err) == STORE_ROW)
		out = json_pack("{s:s,s:s?,s:s,s:s?}", "state", T(1), "comment",
				T(2), "at", T(3), "user", T(4));
	store_finalize(q);
	return out;
}

int store_finding_mark_put(struct store *st, const char *finding,
			   const char *state, const char *comment,
			   int64_t user_id, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO finding_state (finding, state, comment, user_id, "
	    "at) VALUES (?1, ?2, ?3, ?4, "
	    "strftime('%Y-%m-%dT%H:%M:%fZ','now')) ON CONFLICT(finding) "
	    "DO UPDATE SET state = excluded.state, comment = "
	    "excluded.comment, user_id = excluded.user_id, at = excluded.at";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, finding, err) == 0 &&
	    store_bind_text(q, 2, state, err) == 0 &&
	    store_bind_text(q, 3, comment, err) == 0 &&
	    (user_id ? store_bind_int64(q, 4, user_id, err)
		     : store_bind_null(q, 4, err)) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}
