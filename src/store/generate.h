/*
 * store/generate.h: bulk inserts for `veikart generate`, which fills an
 * empty database with a synthetic dataset of any size. Every table gets
 * one prepared statement, reused for each row, and everything is written
 * in one transaction, so a million rows take seconds, not hours.
 *
 * While generating, foreign keys are not checked row by row and the
 * journal is not synced on every page: the generator writes only ids it
 * made itself, and a failed run leaves a file the caller removes. Both
 * settings are restored by store_gen_finish.
 *
 * Ownership: struct store_gen is the caller's, freed by store_gen_finish
 * or store_gen_abort; strings passed in are borrowed for the call.
 */
#ifndef VEIKART_STORE_GENERATE_H
#define VEIKART_STORE_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum gen_table {
	GEN_SOURCE,
	GEN_ACTOR,
	GEN_STRATEGY,
	GEN_FOCUS,
	GEN_MEASURE,
	GEN_RESP,
	GEN_LINK,
	GEN_ARENA,
	GEN_MEMBER,
	GEN_MEETING,
	GEN_SCHEME,
	GEN_BUDGET,
	GEN_ALLOC,
	GEN_INDICATOR,
	GEN_OBS,
	GEN_IND_MEASURE,
	GEN_GOAL,
	GEN_INPUT,
	GEN_ANSWER,
	GEN_PERIOD,
	GEN_REPORT,
	GEN_TABLE_COUNT
};

enum gen_type { GV_NULL, GV_TEXT, GV_INT, GV_REAL };

struct gen_val {
	enum gen_type t;
	const char *s;
	int64_t i;
	double d;
};

/* Text, or NULL for SQL NULL. */
static inline struct gen_val gv_text(const char *s)
{
	return (struct gen_val){s ? GV_TEXT : GV_NULL, s, 0, 0};
}

#define GV_S(x) gv_text(x)
#define GV_I(x) ((struct gen_val){GV_INT, NULL, (x), 0})
#define GV_R(x) ((struct gen_val){GV_REAL, NULL, 0, (x)})
#define GV_NUL ((struct gen_val){GV_NULL, NULL, 0, 0})

struct store_gen;

/* Prepares every statement and opens the transaction. */
struct store_gen *store_gen_begin(struct store *st, struct err *err);

/*
 * One row into table t. The values follow the column list of the table's
 * statement in store/generate.c (documented there); n must match.
 */
int store_gen_row(struct store_gen *g, enum gen_table t,
		  const struct gen_val *v, size_t n, struct err *err);

/* The number of columns a row of t takes. */
size_t store_gen_columns(enum gen_table t);

/* Commits, restores the connection's settings and frees g. */
int store_gen_finish(struct store_gen *g, struct err *err);
/* Rolls back and frees g; NULL is a no-op. */
void store_gen_abort(struct store_gen *g);

#endif
