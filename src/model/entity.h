/*
 * model/entity.h: the domain's entities described as data. One table of
 * descriptors says, for every collection, which fields it has, their types,
 * limits and references. Import, export, the check command and the JSON API
 * all read these descriptors instead of repeating per-entity code; the SQL
 * schema itself is written out by hand in store/migrations.c, and a unit test
 * checks that the two agree.
 *
 * Domain words, glossed once: tiltak = measure, innsatsområde = focus area,
 * aktør = actor, virkemiddel/ordning = scheme, arena = coordination forum,
 * innspill = stakeholder input, tertial = four-month reporting period.
 *
 * Everything here is const and static; nothing is owned by callers.
 */
#ifndef VEIKART_MODEL_ENTITY_H
#define VEIKART_MODEL_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
	FT_ID,		/* public id: [A-Za-z0-9][A-Za-z0-9._-]*, at most 64 */
	FT_TEXT,	/* UTF-8 text, at most `max` bytes */
	FT_INT,		/* integer in [min, max] */
	FT_NUM,		/* finite number */
	FT_BOOL,
	FT_DATE,	/* YYYY, YYYY-MM or YYYY-MM-DD (sources give partial dates) */
	FT_PERIOD,	/* model/period.h: 2025-T2, 2025, 2025-Q3, 2021-2023 ... */
	FT_ENUM,	/* one of `values` */
	FT_URL,		/* http:// or https:// */
	FT_ORGNR,	/* Norwegian organisation number, MOD11-checked */
	FT_REF,		/* public id of a record in collection `ref` */
	FT_REFLIST,	/* array of public ids in `ref`; stored as JSON text */
	FT_JSON,	/* free JSON array or object; stored as JSON text */
};

#define FIELD_REQUIRED 0x1u
#define FIELD_NOT_IN_CSV 0x2u	/* long free text left out of CSV exports */
/* A period the store also keeps as period_start/period_end for ordering. */
#define FIELD_PERIOD_BOUNDS 0x4u
/* An optional field in a table's primary key: the store also writes it as
 * the column <name>_key, '' when absent (a primary key cannot hold NULL). */
#define FIELD_KEY_COPY 0x8u

struct field_desc {
	const char *name;	/* JSON name and SQL column (always quoted) */
	enum field_type type;
	unsigned flags;
	int64_t min, max;	/* FT_TEXT: max bytes; FT_INT: range */
	const char *ref;	/* FT_REF/FT_REFLIST: target collection */
	const char *const *values;	/* FT_ENUM: NULL-terminated */
	const char *dflt;	/* value stored when absent (as JSON text) */
};

/*
 * A child is a nested array inside a record in the interchange format and in
 * the API, stored in its own table with a column pointing to the parent.
 * Children are replaced as a whole when their parent is written. A `scalar`
 * child is an array of ids (its single field is the reference).
 */
struct child_desc {
	const char *name;	/* JSON name, e.g. "responsible" */
	const char *table;	/* e.g. "measure_actor" */
	const char *parent_col;	/* e.g. "measure" */
	const struct field_desc *fields;
	size_t nfields;
	bool scalar;
	/* Space-separated fields that must be unique among siblings; NULL
	 * for none. A scalar child's items are unique by themselves. */
	const char *key;
	/* ORDER BY of the stored list (SQL text, only from descriptors);
	 * NULL: the order the items were written in. */
	const char *order;
};

struct entity_desc {
	const char *collection;	/* API and interchange name: "focus-areas" */
	const char *table;	/* SQL table: "focus_area" */
	const char *singular;	/* for messages: "focus area" */
	const struct field_desc *fields;	/* fields[0] is always "id" */
	size_t nfields;
	const struct child_desc *children;
	size_t nchildren;
	bool in_api;		/* served under /api/v1/<collection> */
};

/* All entities, in the order an import writes them. */
extern const struct entity_desc *const entity_all[];
extern const size_t entity_count;

/* By collection name ("measures"); NULL when unknown. */
const struct entity_desc *entity_find(const char *collection);
const struct field_desc *entity_field(const struct entity_desc *e,
				      const char *name);
const struct child_desc *entity_child(const struct entity_desc *e,
				      const char *name);

/* "sources, actors, ..." in import order, for messages (into b). */
struct buf;
void entity_names(struct buf *b);

/* Shared vocabularies. */
extern const char *const measure_roles[];	/* lead contributing consulted */
extern const char *const report_statuses[];	/* not_started on_track ... */

#endif
