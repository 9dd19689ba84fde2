/*
 * service/analysis.h: the coordination analysis as users ask for it: load
 * a snapshot, run the analysis (analysis/analysis.h), put each finding
 * together with the mark a coordinator gave it (open, handled,
 * not_relevant, with a comment) and filter by kind, severity and mark.
 * And marking a finding: checked, audited, in one transaction.
 *
 * Who sees what: the reporting kinds (missing_report, stale_report,
 * returned_report) tell about reports that are not public, so they are
 * left out for anyone not signed in; so are the marks' comments.
 *
 * Ownership: a result holds a reference to the run that owns its
 * snapshot and findings, which are read only, as results in other threads
 * may share them (release with analysis_result_release); the marks and
 * the filter are the result's own. JSON returned is the caller's.
 */
#ifndef VEIKART_SERVICE_ANALYSIS_H
#define VEIKART_SERVICE_ANALYSIS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/snapshot.h"
#include "model/principal.h"
#include "store/store.h"

enum mark_state { MARK_OPEN, MARK_HANDLED, MARK_NOT_RELEVANT, MARK_ALL };

/* Overlap marks are accepted for pairs down to this similarity, so that a
 * pair found with a lower --overlap-threshold can be marked too. */
#define ANALYSIS_MARK_OVERLAP_MIN 0.15

struct analysis_query {
	uint32_t kinds;		  /* 1u << kind; 0: all */
	unsigned severities;	  /* 1u << severity; 0: all */
	enum mark_state state;	  /* which marks to show; MARK_ALL: all */
	double overlap_threshold; /* 0: the default */
	int32_t today;		  /* day number; 0: today (UTC) */
	/*
	 * Reuse the analysis of the same data, day, threshold and audience
	 * that an earlier call in this process ran (the portal and the API);
	 * every kind is then run and `kinds` only filters what is shown.
	 * Without it (the command line, the PDF), only `kinds` run, afresh.
	 */
	bool shared;
};

#define ANALYSIS_QUERY_INIT                                                    \
	{                                                                      \
		0, 0, MARK_OPEN, 0, 0, false                                   \
	}

struct analysis_mark {
	enum mark_state state;
	char *comment, *at, *user; /* owned; may be NULL */
};

/* One run of the analysis, shared by the results made from it. */
struct analysis_run;

struct analysis_result {
	struct analysis_run *run;    /* holds snap and fs; shared */
	const struct snapshot *snap; /* read only: other threads share it */
	const struct finding_set *fs;
	struct analysis_period period;
	struct analysis_mark *marks; /* per finding */
	uint32_t *shown;	     /* findings that pass the filters */
	size_t nshown;
	size_t by_severity[SEV_COUNT]; /* of those shown */
	size_t by_kind[FINDING_KIND_COUNT];
	size_t hidden_by_mark;	   /* marked, filtered out by state */
	bool private_kinds;	   /* the reporting kinds were run */
	bool show_marks;	   /* comments may be shown */
	double load_s, analysis_s; /* CPU seconds */
	struct analysis_timings timings;
};

/* "open", "handled", "not_relevant", "all" and back (-1: unknown). */
const char *mark_state_name(enum mark_state s);
int mark_state_parse(const char *s);

/*
 * Runs the analysis for who (NULL: anonymous). Errors: ERR_DB, ERR_BUSY,
 * ERR_INVALID for a threshold outside (0, 1].
 */
int service_analysis_run(struct store *st, const struct principal *who,
			 const struct analysis_query *q,
			 struct analysis_result *res, struct err *err);
void analysis_result_release(struct analysis_result *res);

/*
 * {"findings": [...]} with the shown findings from offset, at most limit
 * (0: all); entity names in lang. With `meta`, also "total", "counts"
 * (by severity and kind), "period" (what the reporting kinds compare
 * against), "next_offset", and "marks" (id -> {state, comment, at, user})
 * when the result may show them.
 */
json_t *service_analysis_json(const struct analysis_result *res,
			      const char *lang, size_t offset, size_t limit,
			      bool meta);

/*
 * One finding as the analysis finds it now, in the JSON of finding_json,
 * with "mark" ({state, comment, at, user}) when it has one and who may see
 * it. NULL with ERR_NOT_FOUND for an id the analysis does not find.
 */
json_t *service_analysis_get(struct store *st, const struct principal *who,
			     const char *id, const char *lang, struct err *err);

/*
 * Marks finding `id` as state ("open", "handled" or "not_relevant") with
 * a comment (required unless reopening, at most 2000 bytes). Coordinators
 * and admins (OP_WRITE_DOMAIN); refusals are audited. The finding must be
 * one the analysis finds now. *out gets {id, kind, state, comment, at,
 * user}. Errors: ERR_UNAUTHENTICATED, ERR_FORBIDDEN, ERR_NOT_FOUND,
 * ERR_UNPROCESSABLE (field state or comment), ERR_BUSY, ERR_DB.
 */
int service_analysis_mark(struct store *st, const struct principal *who,
			  const char *id, const char *state,
			  const char *comment, json_t **out, struct err *err);

#endif
