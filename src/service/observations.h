/*
 * service/observations.h: an indicator's numbers in and out. Importing
 * observations from JSON-stat 2.0 or CSV (docs/data-exchange.md, section
 * "Importing observations"), the JSON-stat output of an indicator, and its
 * progress class (model/progress.h).
 *
 * An import is all or nothing: the whole file is parsed and every value
 * checked before anything is written; then one IMMEDIATE transaction
 * upserts each observation by (period, breakdown, source), appends one
 * audit event that sums the import up, and bumps the data version. An
 * import that would change nothing (the same file again) writes nothing:
 * no event, no new version. Observations that are not in the file stay.
 *
 * Ownership: strings in the options are borrowed; returned json_t values
 * are the caller's.
 */
#ifndef VEIKART_SERVICE_OBSERVATIONS_H
#define VEIKART_SERVICE_OBSERVATIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/principal.h"
#include "model/progress.h"
#include "store/store.h"
#include "util/problems.h"

enum obs_format {
	OBS_FORMAT_AUTO, /* JSON-stat when the text starts with '{' */
	OBS_FORMAT_JSONSTAT,
	OBS_FORMAT_CSV,
};

/* --map DIM=CATEGORY: keep only that category of that dimension (by id,
 * else label); for CSV, DIM is a column and CATEGORY one of its values. */
struct obs_map {
	const char *dim;
	const char *category;
};

#define OBS_MAX_MAPS 16
#define OBS_MAX_PROBLEMS 50

struct obs_import_opts {
	const char *indicator; /* required: the indicator's id */
	enum obs_format format;
	const char *time_dim; /* NULL: role.time, else a time-like name;
			       * CSV: the period column, NULL "period" */
	const struct obs_map *maps;
	size_t nmaps;	     /* at most OBS_MAX_MAPS */
	const char *source;  /* source id for every observation, or NULL */
	const char *dataset; /* a collection's dataset (jsonstat.h) */
	/* Check only: read and check everything and count what would be
	 * created, updated and left alone, then write nothing (no rows, no
	 * audit event, no new data version); res->changed stays false. */
	bool dry_run;
	/* Called now and then while writing, with rows done and the total;
	 * NULL for none. */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
};

struct obs_import_result {
	size_t observations; /* values in the file (after --map) */
	size_t missing;	     /* null or absent values, skipped */
	size_t created, updated, unchanged;
	bool changed;		   /* false: nothing was written */
	enum obs_format format;	   /* what was read */
	size_t ndatasets, dataset; /* JSON-stat: datasets, the one read
				    * (1-based) */
};

/*
 * Imports `len` bytes of `text` (`name` only for messages and the audit
 * event) into indicator opts->indicator. Errors: ERR_UNAUTHENTICATED,
 * ERR_FORBIDDEN (coordinators and admins import), ERR_NOT_FOUND (no such
 * indicator or source), ERR_INVALID (bad options, JSON syntax),
 * ERR_UNPROCESSABLE with one entry per problem in probs, each with line
 * and column (CSV: row and column) where the file has them, ERR_TOO_LARGE,
 * ERR_BUSY, ERR_DB. probs may be NULL.
 */
int service_observations_import(struct store *st, const struct principal *who,
				const char *name, const char *text, size_t len,
				const struct obs_import_opts *opts,
				struct obs_import_result *res,
				struct problems *probs, struct err *err);

/*
 * The indicator's observations as a JSON-stat 2.0 dataset
 * (formats/jsonstat.h, jsonstat_write). ERR_NOT_FOUND for an unknown id.
 */
json_t *service_indicator_jsonstat(struct store *st, const char *indicator,
				   struct err *err);

/*
 * The progress class of an indicator with its inputs and the calculation
 * in nb, nn and en:
 *   {"indicator", "class", "label": {nb, nn, en}, "method", "inputs":
 *    {direction, unit, baseline: {value, year}, target: {value, year},
 *     current: {period, value, status, status_code, source} | null,
 *     alternatives: [...]}, "elapsed_years", "horizon_years",
 *    "actual_rate", "required_rate", "ratio", "thresholds": {...},
 *    "calculation": {nb, nn, en}}
 * The current value is the latest total that is not a forecast; when
 * several sources give one for that period, the indicator's own source
 * wins, then the first source id, and the others are listed in
 * alternatives. th NULL: the defaults. ERR_NOT_FOUND for an unknown id.
 */
json_t *service_indicator_progress(struct store *st, const char *indicator,
				   const struct progress_thresholds *th,
				   struct err *err);

#endif
