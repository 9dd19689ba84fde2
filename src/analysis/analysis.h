/*
 * analysis/analysis.h: the coordination analysis. Pure functions over a
 * finished snapshot (analysis/snapshot.h) that find gaps between plans,
 * actors and forums: measures nobody leads, reports that do not come,
 * measures that look like the same work, actors who share work but never
 * meet, forums that run side by side, risky dependencies, money that does
 * not add up, indicators off their course and inputs nobody answered.
 *
 * A finding names its kind, a severity, the entities involved, evidence
 * (numbers, dates, ids) and, on demand, an explanation and a suggested
 * action in bokmål, nynorsk and English built from the data. Its id is
 * stable across runs: the kind and a hash of the sorted ids of its
 * entities (plus a year for findings about one year of a scheme), so that
 * a coordinator's mark ("handled", "not relevant") survives a re-run.
 * docs/analysis.md describes every rule and threshold.
 *
 * No database, no network, no files. Ownership: a finding set owns its
 * arrays (finding_set_release); JSON from finding_json is the caller's.
 */
#ifndef VEIKART_ANALYSIS_ANALYSIS_H
#define VEIKART_ANALYSIS_ANALYSIS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/snapshot.h"
#include "util/buf.h"

enum finding_kind {
	FK_NO_LEAD,
	FK_MANY_LEADS,
	FK_MISSING_REPORT,
	FK_STALE_REPORT,
	FK_RETURNED_REPORT,
	FK_OVERLAP,
	FK_NO_COMMON_ARENA,
	FK_CROSS_MINISTRY,
	FK_PARALLEL_ARENAS,
	FK_DEPENDENCY_RISK,
	FK_DEPENDENCY_CYCLE,
	FK_FUNDING_GAP,
	FK_OFF_TRACK,
	FK_ABSENT_ACTOR,
	FK_UNANSWERED_INPUT,
	FINDING_KIND_COUNT
};

enum finding_severity { SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_COUNT };

/* What an entity of a finding is; rendered as its collection name. */
enum finding_ent {
	ENT_MEASURE,
	ENT_ACTOR,
	ENT_STRATEGY,
	ENT_ARENA,
	ENT_SCHEME,
	ENT_INDICATOR,
	ENT_INPUT,
	ENT_REPORT
};

/* The families the analyses are run and timed in. */
enum analysis_family {
	FAM_RESPONSIBILITY,
	FAM_REPORTING,
	FAM_OVERLAP,
	FAM_COORDINATION,
	FAM_DEPENDENCY,
	FAM_FUNDING,
	FAM_INDICATORS,
	FAM_INPUTS,
	ANALYSIS_FAMILY_COUNT
};

struct finding_ref {
	uint8_t type; /* enum finding_ent */
	int32_t idx;  /* row in the snapshot */
};

#define FINDING_NUMS 10
#define FINDING_ID_MAX 48

struct finding {
	uint8_t kind;	  /* enum finding_kind */
	uint8_t severity; /* enum finding_severity */
	uint8_t rule;	  /* which variant of the kind's rule */
	int32_t key;	  /* part of the id besides the entities (a year) */
	uint32_t ent_off, nent;	  /* entities: refs[ent_off ...] */
	uint32_t aux_off, naux;	  /* more rows the evidence names */
	uint32_t str_off, nstr;	  /* words the evidence quotes */
	double num[FINDING_NUMS]; /* the kind's numbers (see its file) */
	char id[FINDING_ID_MAX];  /* "<kind>-<16 hex digits>" */
};

struct finding_set {
	struct finding *v;
	size_t n, alloc;
	struct finding_ref *refs;
	size_t nrefs, refs_alloc;
	uint32_t *strs; /* offsets into text */
	size_t nstrs, strs_alloc;
	struct buf text; /* NUL-separated strings */
};

/* Defaults, explained in docs/analysis.md. */
#define ANALYSIS_OVERLAP_THRESHOLD 0.25
#define ANALYSIS_STALE_PERIODS 2

struct analysis_opts {
	uint32_t kinds;		  /* 1u << kind for each kind to run; 0: all */
	double overlap_threshold; /* 0 < t <= 1 */
	int stale_periods;	  /* tertials without a report */
};

#define ANALYSIS_OPTS_INIT                                                     \
	{                                                                      \
		0, ANALYSIS_OVERLAP_THRESHOLD, ANALYSIS_STALE_PERIODS          \
	}

/* CPU seconds spent per family (0 for a family that did not run). */
struct analysis_timings {
	double family_s[ANALYSIS_FAMILY_COUNT];
	double total_s;
};

/*
 * The period the reporting kinds compare against: the newest open
 * reporting period if there is one (open = true), else the tertial that
 * contains the snapshot's day (open = false).
 */
struct analysis_period {
	char id[24];
	bool open;
	int32_t start_day, end_day, due_day;
};

void analysis_current_period(const struct snapshot *s,
			     struct analysis_period *p);

/*
 * Runs the kinds in o (NULL: all, with the defaults) over s, which must be
 * finished, and appends the findings to out (initialised with
 * FINDING_SET_INIT), sorted by severity, kind and the first entity's id.
 * t may be NULL. Returns the number of findings added.
 */
size_t analysis_run(const struct snapshot *s, const struct analysis_opts *o,
		    struct finding_set *out, struct analysis_timings *t);

#define FINDING_SET_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, BUF_INIT                   \
	}

void finding_set_release(struct finding_set *fs);

/* "no_lead" ...; NULL for an unknown kind. */
const char *finding_kind_name(enum finding_kind k);
/* The kind named s, or -1. */
int finding_kind_parse(const char *s);
/* The family a kind belongs to. */
enum analysis_family finding_kind_family(enum finding_kind k);
const char *analysis_family_name(enum analysis_family f);
/* "high", "medium", "low"; and back (-1 when unknown). */
const char *finding_severity_name(enum finding_severity s);
int finding_severity_parse(const char *s);
/* "measures", "actors" ...: the collection of an entity type. */
const char *finding_ent_name(enum finding_ent t);

/* The public id and the name (in lang) of entity i of f. */
const char *finding_ent_id(const struct snapshot *s,
			   const struct finding_set *fs,
			   const struct finding *f, size_t i);
const char *finding_ent_label(const struct snapshot *s,
			      const struct finding_set *fs,
			      const struct finding *f, size_t i,
			      const char *lang);

/* The explanation and the suggested action in lang (nb, nn, en). */
void finding_explain(const struct snapshot *s, const struct finding_set *fs,
		     const struct finding *f, const char *lang,
		     struct buf *out);
void finding_action(const struct snapshot *s, const struct finding_set *fs,
		    const struct finding *f, const char *lang, struct buf *out);

/*
 * The finding as JSON: {"id", "kind", "severity", "entities": [{"type",
 * "id", "name"}], "explanation": {"nb", "nn", "en"}, "evidence": {...},
 * "action": {"nb", "nn", "en"}}. Entity names are in lang (NULL: nb).
 */
json_t *finding_json(const struct snapshot *s, const struct finding_set *fs,
		     const struct finding *f, const char *lang);

/* Finds the finding with this id; NULL when none. Linear. */
const struct finding *finding_set_find(const struct finding_set *fs,
				       const char *id);

#endif
