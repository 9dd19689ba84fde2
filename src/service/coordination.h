/*
 * service/coordination.h: what the coordination page (/{lang}/coordination)
 * asks of the analysis beyond service/analysis.h: which findings concern a
 * strategy, the overlap matrix between two strategies, the actor network
 * drawn by Graphviz with its table, the data version the analysis
 * reflects, and whether a user may mark findings.
 *
 * The findings come from one service_analysis_run per page; everything
 * here reads that result and its snapshot, so a page runs the analysis
 * once. There is no cache of analysis results: see docs/analysis.md.
 *
 * Ownership: snapshots and finding sets are borrowed; JSON returned is the
 * caller's; SVG bytes go into the caller's buffer.
 */
#ifndef VEIKART_SERVICE_COORDINATION_H
#define VEIKART_SERVICE_COORDINATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/snapshot.h"
#include "model/principal.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* The counter every write bumps: the state of the data the analysis saw.
 * Errors: ERR_DB. */
int coordination_data_version(struct store *st, uint64_t *out, struct err *err);

/* Whether who may mark findings (coordinators and admins). */
bool coordination_can_mark(struct store *st, const struct principal *who);

/* The row of strategy `id` in s, or SNAP_NONE. */
int32_t coordination_strategy(const struct snapshot *s, const char *id);

/*
 * Whether finding f concerns strategy st: one of its entities or evidence
 * rows is the strategy, a measure in it (or a report on one), an arena
 * that follows it, an indicator tied to one of its measures or goals, or
 * a scheme that funds one of its measures. Actors and inputs alone do not
 * tie a finding to a strategy.
 */
bool coordination_in_strategy(const struct snapshot *s,
			      const struct finding_set *fs,
			      const struct finding *f, int32_t st);

/* The names of an entity or evidence row (NULL for a report). */
const struct snap_text *coordination_ref_text(const struct snapshot *s,
					      const struct finding_ref *r);

/*
 * The default pair for the overlap matrix: a strategy set up to carry out
 * a measure of another (the export initiative, from the roadmap's export
 * measure) as b, that other as a; else the first two strategies. *a and
 * *b are SNAP_NONE when there are fewer than two.
 */
void coordination_default_pair(const struct snapshot *s, int32_t *a,
			       int32_t *b);

/* One relation between a measure of strategy a and one of strategy b. */
enum coord_rel {
	COORD_REL_CONFIRMED,   /* overlap finding: declared same_as */
	COORD_REL_CANDIDATE,   /* overlap finding: similar, undeclared */
	COORD_REL_SAME_AS,     /* a declared link (no finding: inactive) */
	COORD_REL_DEPENDS_ON,  /* row depends on column */
	COORD_REL_DEPENDED_ON, /* column depends on row */
	COORD_REL_RELATED,
	COORD_REL_COUNT
};

struct coord_cell {
	int32_t row, col;    /* measure rows in the snapshot */
	uint32_t rels;	     /* 1u << enum coord_rel */
	double similarity;   /* the cosine of an overlap finding; -1 when
			      * none or unknown */
	double score;	     /* with the bonuses; -1 as similarity */
	const char *finding; /* the overlap finding's id, or NULL */
};

/*
 * The measures of strategies a and b that are related: overlap findings
 * in fs (whatever their mark) and declared links between them. rows and
 * cols are the measures with at least one relation, in id order; cells
 * one per related pair, by row then column. a may equal b (then each
 * pair once, the lower id as the row).
 */
struct coord_matrix {
	int32_t *rows, *cols;
	size_t nrows, ncols;
	struct coord_cell *cells;
	size_t ncells;
};

void coordination_matrix(const struct snapshot *s, const struct finding_set *fs,
			 int32_t a, int32_t b, struct coord_matrix *out);
void coord_matrix_release(struct coord_matrix *m);
/* The cell of (row, col), or NULL. */
const struct coord_cell *coord_matrix_cell(const struct coord_matrix *m,
					   int32_t row, int32_t col);

/*
 * The actor network of strategy st (SNAP_NONE: all), at most max_edges
 * of the heaviest links, names in lang: the Graphviz SVG document into
 * svg and its table alternative (formats/network_svg.h's network_table)
 * into *table (set even when the drawing fails; NULL only for a network
 * network_svg refuses). *nedges gets the number of links drawn. Errors:
 * those of network_svg (ERR_INTERNAL when Graphviz fails).
 */
int coordination_network(const struct snapshot *s, int32_t st, const char *lang,
			 size_t max_edges, struct buf *svg, json_t **table,
			 size_t *nedges, struct err *err);

#endif
