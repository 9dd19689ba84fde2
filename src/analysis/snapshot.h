/*
 * analysis/snapshot.h: everything the coordination analysis looks at, as
 * plain arrays in memory. store/snapshot.c fills one from the database;
 * the unit tests build small ones by hand through the same functions. The
 * analysis itself (analysis/analysis.h) only reads a finished snapshot.
 *
 * Rows refer to each other by index (int32_t, SNAP_NONE for "none"). The
 * builder takes public ids and resolves them: a row whose required
 * reference is unknown is dropped and counted in `dropped`. Rows must come
 * in this order, parents first: actors, strategies, focus areas, measures,
 * responsibilities, links, arenas (and their follows and members),
 * meetings, schemes (budgets, partners), allocations, indicators
 * (observations, measures), goals, inputs (answers), periods, reports.
 * Only an actor's parent and a strategy's origin measure and parent
 * strategy may name a row that comes later; snap_finish resolves those.
 *
 * Glossary: tiltak = measure, aktør = actor, innsatsområde = focus area,
 * arena = coordination forum, virkemiddel/ordning = scheme, innspill =
 * stakeholder input, tertial = four-month reporting period.
 *
 * Ownership: the snapshot owns every string (copied into its pool) and
 * array; snap_release frees them all. Dates are day numbers (days since
 * 1970-01-01; SNAP_NO_DAY when unknown). Pure memory; no I/O.
 */
#ifndef VEIKART_ANALYSIS_SNAPSHOT_H
#define VEIKART_ANALYSIS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/hashmap.h"

#define SNAP_NONE (-1)
#define SNAP_NO_DAY INT32_MIN

enum snap_role { SNAP_ROLE_LEAD, SNAP_ROLE_CONTRIBUTING, SNAP_ROLE_CONSULTED };
enum snap_mstate {
	SNAP_M_ACTIVE,
	SNAP_M_COMPLETED,
	SNAP_M_MERGED,
	SNAP_M_CANCELLED
};
enum snap_rstate {
	SNAP_R_DRAFT,
	SNAP_R_SUBMITTED,
	SNAP_R_RETURNED,
	SNAP_R_APPROVED
};
enum snap_link_kind {
	SNAP_LINK_DEPENDS_ON,
	SNAP_LINK_SAME_AS,
	SNAP_LINK_RELATED
};
enum snap_freq {
	SNAP_FREQ_ANNUAL,
	SNAP_FREQ_TERTIAL,
	SNAP_FREQ_QUARTERLY,
	SNAP_FREQ_MONTHLY,
	SNAP_FREQ_IRREGULAR
};
enum snap_input_kind { SNAP_IN_GAP, SNAP_IN_PROPOSAL, SNAP_IN_CONSULTATION };

/* A text in the three languages; nn and en may be NULL. */
struct snap_text {
	const char *nb, *nn, *en;
};

struct snap_actor {
	const char *id;
	struct snap_text name;
	bool is_ministry;      /* kind "ministry" */
	int32_t parent;	       /* the body it sits under, or SNAP_NONE */
	int32_t ministry;      /* the ministry above it (itself for one) */
	const char *parent_id; /* until snap_finish */
};

struct snap_strategy {
	const char *id;
	struct snap_text name;
	int32_t origin_measure; /* the measure it was set up to carry out */
	int32_t parent;		/* parent strategy */
	const char *origin_id, *parent_id; /* until snap_finish */
};

struct snap_focus {
	const char *id;
	struct snap_text name;
	int32_t strategy;
};

struct snap_measure {
	const char *id;
	struct snap_text title;
	const char *desc_nb, *desc_en;
	int32_t strategy, focus;
	uint8_t state; /* enum snap_mstate */
	/* enum report_status (model/status.h) of the newest approved status
	 * report, or -1 when none; set by snap_finish. */
	int8_t status;
};

struct snap_resp {
	int32_t measure, actor;
	uint8_t role; /* enum snap_role */
};

struct snap_link {
	const char *id;
	int32_t from, to;
	uint8_t kind; /* enum snap_link_kind */
};

struct snap_arena {
	const char *id;
	struct snap_text name;
	const char *mandate_nb, *mandate_en;
	int32_t convened_by, secretariat;
};

struct snap_meeting {
	const char *id;
	int32_t arena;
	int32_t day;
};

struct snap_scheme {
	const char *id;
	struct snap_text name;
	int32_t administered_by, owner;
};

struct snap_budget {
	int32_t scheme, year;
	int64_t amount;
};

struct snap_alloc {
	int32_t measure, scheme;
	int32_t year;	/* 0 when not given */
	int64_t amount; /* -1 when not given */
};

struct snap_indicator {
	const char *id;
	struct snap_text name;
	bool lower_is_better;
	uint8_t freq;			    /* enum snap_freq */
	double baseline, target;	    /* NAN when unknown */
	int32_t baseline_year, target_year; /* 0 when unknown */
};

/* An observation of an indicator's total (no breakdown) with a value. */
struct snap_obs {
	int32_t indicator;
	int32_t start_day, end_day;
	double value;
	const char *period;
};

struct snap_goal {
	const char *id;
	struct snap_text name;
	int32_t strategy, indicator;
	double baseline, target;
	int32_t baseline_year, target_year;
};

struct snap_input {
	const char *id;
	struct snap_text title;
	int32_t raised_by;
	uint8_t kind; /* enum snap_input_kind */
	const char *date;
};

struct snap_period {
	const char *id;
	bool open;
	int32_t start_day, end_day, due_day;
};

/* A status report (kind "status"). The id is kept only when returned. */
struct snap_report {
	const char *id;
	int32_t measure;
	int32_t start_day, end_day;
	uint8_t state; /* enum snap_rstate */
	int8_t status; /* enum report_status, or -1 */
};

/* Compressed rows: the items of row r are idx[off[r]] .. idx[off[r+1]-1]. */
struct snap_csr {
	uint32_t *off;
	int32_t *idx;
};

#define SNAP_ROW_N(c, r) ((c)->off[(r) + 1] - (c)->off[(r)])
#define SNAP_ROW(c, r) (&(c)->idx[(c)->off[(r)]])

/* A growable array of T. */
#define SNAP_VEC(T)                                                            \
	struct {                                                               \
		T *v;                                                          \
		size_t n, alloc;                                               \
	}

struct snap_pool_chunk;

struct snapshot {
	SNAP_VEC(struct snap_actor) actors;
	SNAP_VEC(struct snap_strategy) strategies;
	SNAP_VEC(struct snap_focus) focus;
	SNAP_VEC(struct snap_measure) measures;
	SNAP_VEC(struct snap_resp) resps;
	SNAP_VEC(struct snap_link) links;
	SNAP_VEC(struct snap_arena) arenas;
	SNAP_VEC(struct snap_meeting) meetings;
	SNAP_VEC(struct snap_scheme) schemes;
	SNAP_VEC(struct snap_budget) budgets;
	SNAP_VEC(struct snap_alloc) allocs;
	SNAP_VEC(struct snap_indicator) indicators;
	SNAP_VEC(struct snap_obs) obs;
	SNAP_VEC(struct snap_goal) goals;
	SNAP_VEC(struct snap_input) inputs;
	SNAP_VEC(struct snap_period) periods;
	SNAP_VEC(struct snap_report) reports;
	/* Pairs (row, other row) for the list-valued relations. */
	SNAP_VEC(int32_t)
	follows, members, attendees, partners, ind_measures, answers;

	int32_t today;	/* the day the analysis is for */
	size_t dropped; /* rows with an unknown required reference */
	bool finished;

	/* Built by snap_finish. */
	struct snap_csr m_resps;      /* measure -> resps */
	struct snap_csr a_resps;      /* actor -> resps */
	struct snap_csr st_measures;  /* strategy -> measures */
	struct snap_csr m_deps;	      /* measure -> measures it depends on */
	struct snap_csr m_links;      /* measure -> links (either end) */
	struct snap_csr ar_actors;    /* arena -> actors present, sorted */
	struct snap_csr a_arenas;     /* actor -> arenas, sorted */
	struct snap_csr ar_follows;   /* arena -> strategies */
	struct snap_csr ar_meetings;  /* arena -> meetings */
	struct snap_csr mt_attendees; /* meeting -> actors */
	struct snap_csr sc_budgets;   /* scheme -> budgets */
	struct snap_csr m_allocs;     /* measure -> allocations */
	struct snap_csr sc_allocs;    /* scheme -> allocations */
	struct snap_csr a_schemes;    /* actor -> schemes it runs or funds */
	struct snap_csr ind_obs;      /* indicator -> obs, oldest first */
	struct snap_csr ind_goals;    /* indicator -> goals */
	struct snap_csr ind_meas;     /* indicator -> measures */
	struct snap_csr in_answers;   /* input -> measures answering it */
	struct snap_csr m_reports;    /* measure -> reports, oldest first */

	struct idmap ids_actor, ids_strategy, ids_focus, ids_measure, ids_arena,
	    ids_meeting, ids_scheme, ids_indicator, ids_input;
	struct snap_pool_chunk *pool;
};

void snap_init(struct snapshot *s, int32_t today);
void snap_release(struct snapshot *s);

/* A copy of str in the snapshot's pool; NULL stays NULL. */
const char *snap_strdup(struct snapshot *s, const char *str);

/*
 * Day number of a date "YYYY-MM-DD"; "YYYY-MM" and "YYYY" give the first
 * day. SNAP_NO_DAY for NULL or anything else.
 */
int32_t snap_day(const char *date);
/* The day number of a calendar date (proleptic Gregorian). */
int32_t snap_civil_day(int y, int m, int d);
/* The calendar date of a day number. */
void snap_civil(int32_t day, int *y, int *m, int *d);

/* Builders. Each returns the new row's index, or SNAP_NONE when dropped. */
int32_t snap_add_actor(struct snapshot *s, const char *id,
		       struct snap_text name, const char *kind,
		       const char *parent_id);
int32_t snap_add_strategy(struct snapshot *s, const char *id,
			  struct snap_text name, const char *origin_measure,
			  const char *parent_strategy);
int32_t snap_add_focus(struct snapshot *s, const char *id, const char *strategy,
		       struct snap_text name);
int32_t snap_add_measure(struct snapshot *s, const char *id,
			 const char *strategy, const char *focus,
			 struct snap_text title, const char *desc_nb,
			 const char *desc_en, const char *state);
int32_t snap_add_resp(struct snapshot *s, const char *measure,
		      const char *actor, const char *role);
int32_t snap_add_link(struct snapshot *s, const char *id, const char *from,
		      const char *to, const char *kind);
int32_t snap_add_arena(struct snapshot *s, const char *id,
		       struct snap_text name, const char *mandate_nb,
		       const char *mandate_en, const char *convened_by,
		       const char *secretariat);
int32_t snap_arena_follows(struct snapshot *s, const char *arena,
			   const char *strategy);
int32_t snap_arena_member(struct snapshot *s, const char *arena,
			  const char *actor);
int32_t snap_add_meeting(struct snapshot *s, const char *id, const char *arena,
			 const char *date);
int32_t snap_meeting_attendee(struct snapshot *s, const char *meeting,
			      const char *actor);
int32_t snap_add_scheme(struct snapshot *s, const char *id,
			struct snap_text name, const char *administered_by,
			const char *owner);
int32_t snap_scheme_partner(struct snapshot *s, const char *scheme,
			    const char *actor);
/* year 0 and amount -1 mean "not given". */
int32_t snap_add_budget(struct snapshot *s, const char *scheme, int32_t year,
			int64_t amount);
int32_t snap_add_alloc(struct snapshot *s, const char *measure,
		       const char *scheme, int32_t year, int64_t amount);
/* NAN and 0 for unknown values and years; direction "higher"/"lower". */
int32_t snap_add_indicator(struct snapshot *s, const char *id,
			   struct snap_text name, const char *direction,
			   const char *frequency, double baseline,
			   int32_t baseline_year, double target,
			   int32_t target_year);
/* Observations with a breakdown or without a value are not analysed. */
int32_t snap_add_obs(struct snapshot *s, const char *indicator,
		     const char *period, const char *start, const char *end,
		     const char *breakdown, bool has_value, double value);
int32_t snap_indicator_measure(struct snapshot *s, const char *indicator,
			       const char *measure);
int32_t snap_add_goal(struct snapshot *s, const char *id, struct snap_text name,
		      const char *strategy, const char *indicator,
		      double baseline, int32_t baseline_year, double target,
		      int32_t target_year);
int32_t snap_add_input(struct snapshot *s, const char *id,
		       struct snap_text title, const char *kind,
		       const char *raised_by, const char *date);
int32_t snap_input_answer(struct snapshot *s, const char *input,
			  const char *measure);
/* period id such as 2025-T2; start/end/due as dates; state open|closed. */
int32_t snap_add_period(struct snapshot *s, const char *id, const char *state,
			const char *start, const char *end, const char *due);
/* status: a report status code (model/status.h) or NULL. */
int32_t snap_add_report(struct snapshot *s, const char *id, const char *measure,
			const char *start, const char *end, const char *state,
			const char *status);

/* Resolves late references and builds the indexes; call once, last. */
void snap_finish(struct snapshot *s);

/* Lookups by public id (after the row was added); SNAP_NONE if unknown. */
int32_t snap_measure(const struct snapshot *s, const char *id);
int32_t snap_actor(const struct snapshot *s, const char *id);
int32_t snap_arena(const struct snapshot *s, const char *id);

/* The text in lang ("nb", "nn", "en"), falling back to nb, then en. */
const char *snap_text_in(const struct snap_text *t, const char *lang);

/* True when actor a sits above actor b in the parent chain. */
bool snap_is_ancestor(const struct snapshot *s, int32_t a, int32_t b);

#endif
