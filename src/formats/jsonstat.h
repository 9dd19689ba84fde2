/*
 * formats/jsonstat.h: JSON-stat 2.0 (https://json-stat.org/format/), the
 * format of Statistics Norway's API: read one dataset into its dimensions
 * and a flat list of its values; write one indicator's observations as a
 * dataset.
 *
 * Reading. A response is a dataset ("class": "dataset") or a collection
 * ("class": "collection", datasets inline in link.item). Version 1
 * responses (no "version"/"class", datasets under their own keys such as
 * {"dataset": {...}}) are refused with a message that says so. What is
 * understood of a dataset:
 *   id, size        dimension order; values are in row-major order, the
 *                   last dimension varying fastest
 *   dimension       label, category.index (array of ids, or object id ->
 *                   position), category.label (id -> label); a dimension
 *                   without index has exactly one category, named in label
 *   role.time       which dimensions are time
 *   value           array (dense: one entry per cell, null = missing) or
 *                   object (sparse: "cell number" -> value; absent =
 *                   missing); numbers or null
 *   status          one string for every value, an array (one per cell) or
 *                   an object (sparse), strings or null
 * Missing values are left out of jsonstat_dataset.values and only counted.
 *
 * Speed and memory: "value" and "status" are parsed by a scanner of our
 * own straight into compact arrays; jansson reads only the rest (the
 * metadata), from a copy of the text in which those two members are
 * blanked out with spaces (line breaks kept, so jansson's positions stay
 * right). A million values take about 16 MB instead of jansson's ~140 MB
 * for a sparse object (docs/data-exchange.md has the measurements).
 *
 * Errors: every function that can fail fills struct err (ERR_INVALID for
 * JSON syntax, ERR_UNPROCESSABLE for JSON that is not usable JSON-stat)
 * and, where the input has a place, struct jsonstat_pos with the line and
 * column (1-based, the column in UTF-8 characters) of the offending value.
 *
 * Ownership: jsonstat_read returns a dataset the caller frees with
 * jsonstat_dataset_free(); all strings in it are owned by it. The text is
 * only borrowed during the call. jsonstat_write returns a new json_t.
 */
#ifndef VEIKART_FORMATS_JSONSTAT_H
#define VEIKART_FORMATS_JSONSTAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Where in the text an error is; 0/0 when the error has no place. */
struct jsonstat_pos {
	int line, column;
};

struct jsonstat_category {
	char *id;
	char *label; /* the id when the file gives no label */
};

struct jsonstat_dim {
	char *id;
	char *label; /* the id when the file gives no label */
	struct jsonstat_category *cats; /* in index order */
	size_t ncats;
	bool role_time;	     /* named in role.time */
	bool index_is_array; /* category.index was an array */
};

/* One value that is there (not null, not absent). */
struct jsonstat_value {
	uint32_t cell;	 /* row-major cell number */
	uint32_t status; /* 1 + index into statuses; 0 = no status */
	double value;
};

/* Most distinct status strings one dataset may use. */
#define JSONSTAT_MAX_STATUSES 256
/* Longest status string, in bytes. */
#define JSONSTAT_STATUS_MAX 64
/* Most cells (product of sizes) a dataset may declare. */
#define JSONSTAT_MAX_CELLS UINT32_MAX

struct jsonstat_dataset {
	char *label;		   /* NULL when the file gives none */
	struct jsonstat_dim *dims; /* in "id" order */
	size_t ndims;
	uint64_t ncells;	       /* product of the sizes */
	struct jsonstat_value *values; /* ordered by cell */
	size_t nvalues;
	size_t nmissing; /* cells without a value */
	char **statuses; /* distinct status strings */
	size_t nstatuses;
	/* Collections: how many datasets there were and which one this is
	 * (0-based among them); a plain dataset is 1 and 0. */
	size_t ndatasets, index;
	/* Where the dataset is, as a formats/json_locate.h path prefix: ""
	 * for a plain dataset, "link.item[3]." in a collection. */
	char path[48];
};

struct jsonstat_read_opts {
	/*
	 * Which dataset of a collection: NULL takes the first; a whole number
	 * N takes the N-th (from 1); other text takes the dataset whose label
	 * or href equals it. Ignored for a plain dataset.
	 */
	const char *dataset;
};

/*
 * Parses `len` bytes of `text` and returns the chosen dataset, or NULL
 * with err (and *pos) set: invalid JSON (what was expected, and where),
 * version 1, not a dataset or collection, sizes that do not match the
 * categories or the number of values, a value that is not a number or
 * null, an unknown dataset name. opts and pos may be NULL.
 */
struct jsonstat_dataset *jsonstat_read(const char *text, size_t len,
				       const struct jsonstat_read_opts *opts,
				       struct jsonstat_pos *pos,
				       struct err *err);

void jsonstat_dataset_free(struct jsonstat_dataset *ds);

/*
 * The index of the time dimension: the one called `want` (id or label,
 * exactly) when want is not NULL; else the first with role.time; else the
 * first whose id or label is, ignoring case, one of Tid, time, year, år,
 * aar, period, periode. None: -1 with ERR_UNPROCESSABLE and a message that
 * lists the dimensions there are.
 */
int jsonstat_time_dim(const struct jsonstat_dataset *ds, const char *want,
		      size_t *out, struct err *err);

/* The index of dimension `name` (id, else label), or -1 with a message
 * listing the dimensions. */
int jsonstat_find_dim(const struct jsonstat_dataset *ds, const char *name,
		      size_t *out, struct err *err);

/* The index of category `name` (id, else label) in d, or -1 with a message
 * listing the categories (at most 20 of them). */
int jsonstat_find_category(const struct jsonstat_dim *d, const char *name,
			   size_t *out, struct err *err);

/* The category index in each dimension (coords[ndims]) of a cell. */
void jsonstat_cell_coords(const struct jsonstat_dataset *ds, uint32_t cell,
			  size_t *coords);

/* One observation to write: borrowed strings, period in canonical form. */
struct jsonstat_obs {
	const char *period;
	const char *breakdown; /* "" for the total */
	double value;
	const char *status;	 /* final, preliminary, forecast */
	const char *status_code; /* NULL when none */
	const char *source;	 /* source id, NULL when none */
};

struct jsonstat_series {
	const char *indicator; /* id */
	const char *label;     /* the indicator's name */
	const char *unit;      /* NULL when none */
	const char *source;    /* dataset-level source text, NULL when none */
	const char *updated;   /* ISO 8601 or NULL */
	const struct jsonstat_obs *obs;
	size_t nobs;
};

/*
 * A JSON-stat 2.0 dataset of one indicator with dimensions indicator (one
 * category), time (the periods, sorted, role time) and breakdown (category
 * "_T" for the total, then each breakdown). Cells are filled from obs; when
 * several observations share a cell (figures from different sources) the
 * first one in obs wins and the others are listed in
 * extension.alternatives. "value" is a dense array when at least half the
 * cells are filled, else a sparse object. "status" holds status codes;
 * extension.status the status words (only those not "final") and
 * extension.source each cell's source id. Returns NULL only when an obs
 * period is not a period (ERR_INTERNAL: stored data is always canonical).
 */
json_t *jsonstat_write(const struct jsonstat_series *s, struct err *err);

#endif
