/*
 * store/generate.c: the statements behind `veikart generate` (see
 * generate.h). The column lists below are the contract with
 * cli/generate.c. Must not be used on a database with data in it: the
 * caller creates a fresh file.
 */
#include "store/generate.h"

#include <stdlib.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

static const struct {
	const char *sql;
	size_t ncols;
} stmts[GEN_TABLE_COUNT] = {
    [GEN_SOURCE] = {"INSERT INTO source (id, title, publisher) VALUES "
		    "(?1, ?2, ?3)",
		    3},
    /* id, name_nb, name_en, kind, parent */
    [GEN_ACTOR] = {"INSERT INTO actor (id, name_nb, name_en, kind, "
		   "parent, source) VALUES (?1, ?2, ?3, ?4, ?5, 'GEN')",
		   5},
    /* id, name_nb, name_en, launched, origin_measure, lead_owner */
    [GEN_STRATEGY] = {"INSERT INTO strategy (id, name_nb, name_en, "
		      "launched, origin_measure, lead_owner, source) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'GEN')",
		      6},
    /* id, strategy, no, name_nb */
    [GEN_FOCUS] = {"INSERT INTO focus_area (id, strategy, no, name_nb, "
		   "source) VALUES (?1, ?2, ?3, ?4, 'GEN')",
		   4},
    /* id, strategy, focus_area, no, title_nb, title_en, description_nb,
     * state, start, deadline */
    [GEN_MEASURE] = {"INSERT INTO measure (id, strategy, focus_area, "
		     "no, title_nb, title_en, description_nb, state, "
		     "start, deadline, source) VALUES (?1, ?2, ?3, ?4, "
		     "?5, ?6, ?7, ?8, ?9, ?10, 'GEN')",
		     10},
    /* measure, actor, role */
    [GEN_RESP] = {"INSERT INTO measure_actor (measure, actor, role) "
		  "VALUES (?1, ?2, ?3)",
		  3},
    /* id, from, to, kind, reason */
    [GEN_LINK] = {"INSERT INTO measure_link (id, \"from\", \"to\", kind, "
		  "basis, reason, source) VALUES (?1, ?2, ?3, ?4, "
		  "'stated', ?5, 'GEN')",
		  5},
    /* id, name_nb, mandate_nb, follows (JSON), convened_by,
     * secretariat */
    [GEN_ARENA] = {"INSERT INTO arena (id, name_nb, mandate_nb, follows, "
		   "convened_by, secretariat, source) VALUES (?1, ?2, "
		   "?3, ?4, ?5, ?6, 'GEN')",
		   6},
    /* arena, actor */
    [GEN_MEMBER] = {"INSERT INTO arena_member (arena, actor) VALUES "
		    "(?1, ?2)",
		    2},
    /* id, arena, date, title_nb, attendees (JSON) */
    [GEN_MEETING] = {"INSERT INTO meeting (id, arena, date, title_nb, "
		     "attendees, source) VALUES (?1, ?2, ?3, ?4, ?5, "
		     "'GEN')",
		     5},
    /* id, name_nb, administered_by, owner, partners (JSON) */
    [GEN_SCHEME] = {"INSERT INTO scheme (id, name_nb, administered_by, "
		    "owner, partners, source) VALUES (?1, ?2, ?3, ?4, "
		    "?5, 'GEN')",
		    5},
    /* scheme, year, amount_nok */
    [GEN_BUDGET] = {"INSERT INTO budget_line (scheme, year, amount_nok, "
		    "kind, source) VALUES (?1, ?2, ?3, 'allocation', "
		    "'GEN')",
		    3},
    /* measure, scheme, year, amount_nok */
    [GEN_ALLOC] = {"INSERT INTO allocation (measure, scheme, year, "
		   "amount_nok, source) VALUES (?1, ?2, ?3, ?4, 'GEN')",
		   4},
    /* id, name_nb, unit, direction, frequency, baseline_value,
     * baseline_year, target_value, target_year */
    [GEN_INDICATOR] = {"INSERT INTO indicator (id, name_nb, unit, "
		       "direction, frequency, baseline_value, "
		       "baseline_year, target_value, target_year, "
		       "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		       "?9, 'GEN')",
		       9},
    /* indicator, period, period_start, period_end, value */
    [GEN_OBS] = {"INSERT INTO observation (indicator, period, "
		 "period_start, period_end, value, source, source_key) "
		 "VALUES (?1, ?2, ?3, ?4, ?5, 'GEN', 'GEN')",
		 5},
    /* indicator, measure */
    [GEN_IND_MEASURE] = {"INSERT INTO indicator_measure (indicator, "
			 "measure) VALUES (?1, ?2)",
			 2},
    /* id, strategy, name_nb, indicator */
    [GEN_GOAL] = {"INSERT INTO goal (id, strategy, name_nb, indicator, "
		  "source) VALUES (?1, ?2, ?3, ?4, 'GEN')",
		  4},
    /* id, kind, raised_by, date, title_nb, text_nb */
    [GEN_INPUT] = {"INSERT INTO stakeholder_input (id, kind, raised_by, "
		   "date, title_nb, text_nb, source) VALUES (?1, ?2, ?3, "
		   "?4, ?5, ?6, 'GEN')",
		   6},
    /* input, measure, answer_nb */
    [GEN_ANSWER] = {"INSERT INTO input_answer (input, measure, "
		    "answer_nb, source) VALUES (?1, ?2, ?3, 'GEN')",
		    3},
    /* id, state, due */
    [GEN_PERIOD] = {"INSERT INTO reporting_period (id, state, due, "
		    "opened_at, closed_at) VALUES (?1, ?2, ?3, " NOW
		    ", CASE WHEN ?2 = 'closed' THEN " NOW " END)",
		    3},
    /* id, measure, period, period_start, period_end, actor, state,
     * status, progress, done_text, submitted_at, approved_at */
    [GEN_REPORT] = {"INSERT INTO status_report (id, measure, period, "
		    "period_start, period_end, actor, kind, state, "
		    "status, progress, done_text, submitted_at, "
		    "approved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		    "'status', ?7, ?8, ?9, ?10, ?11, ?12)",
		    12},
};

struct store_gen {
	struct store *st;
	struct store_stmt *q[GEN_TABLE_COUNT];
};

size_t store_gen_columns(enum gen_table t)
{
	return stmts[t].ncols;
}

static void free_stmts(struct store_gen *g)
{
	for (int t = 0; t < GEN_TABLE_COUNT; t++)
		store_finalize(g->q[t]);
	free(g);
}

struct store_gen *store_gen_begin(struct store *st, struct err *err)
{
	struct store_gen *g = xcalloc(1, sizeof(*g));

	g->st = st;
	/* Outside a transaction: these pragmas cannot change inside one. */
	if (store_exec(st, "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF",
		       err) < 0 ||
	    store_begin(st, err) < 0) {
		free(g);
		return NULL;
	}
	for (int t = 0; t < GEN_TABLE_COUNT; t++)
		if (store_prepare(st, stmts[t].sql, &g->q[t], err) < 0) {
			store_gen_abort(g);
			return NULL;
		}
	return g;
}

static int bind(struct store_stmt *q, int i, const struct gen_val *v,
		struct err *err)
{
	switch (v->t) {
	case GV_TEXT:
		return store_bind_text(q, i, v->s, err);
	case GV_INT:
		return store_bind_int64(q, i, v->i, err);
	case GV_REAL:
		return store_bind_double(q, i, v->d, err);
	default:
		return store_bind_null(q, i, err);
	}
}

int store_gen_row(struct store_gen *g, enum gen_table t,
		  const struct gen_val *v, size_t n, struct err *err)
{
	struct store_stmt *q = g->q[t];
	int rc = 0;

	if (n != stmts[t].ncols)
		return err_set(err, ERR_INTERNAL,
			       _("generate: %zu values for %zu columns"), n,
			       stmts[t].ncols);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = bind(q, (int)i + 1, &v[i], err);
	if (rc == 0 && store_step(q, err) != STORE_DONE)
		rc = -1;
	store_reset(q);
	return rc;
}

int store_gen_finish(struct store_gen *g, struct err *err)
{
	struct store *st = g->st;
	int rc;

	for (int t = 0; t < GEN_TABLE_COUNT; t++) {
		store_finalize(g->q[t]);
		g->q[t] = NULL;
	}
	free(g);
	rc = store_commit(st, err);
	store_exec(st, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL", NULL);
	return rc;
}

void store_gen_abort(struct store_gen *g)
{
	struct store *st;

	if (!g)
		return;
	st = g->st;
	free_stmts(g);
	store_rollback(st);
	store_exec(st, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL", NULL);
}
