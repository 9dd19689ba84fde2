/*
 * store/migrations.h: versioned schema changes. Each migration runs once,
 * in order, inside one transaction, and records itself in schema_version.
 */
#ifndef VEIKART_STORE_MIGRATIONS_H
#define VEIKART_STORE_MIGRATIONS_H

#include "store/store.h"

/* The schema version this build knows. */
int store_schema_latest(void);
/* The version the database is at (0 when empty). */
int store_schema_version(struct store *st, int *out, struct err *err);
/*
 * Applies every migration above the current version. *applied gets how many
 * ran (may be NULL). A database newer than this build is refused
 * (ERR_CONFLICT) rather than guessed at.
 */
int store_migrate(struct store *st, int *applied, struct err *err);
/* The same, stopping at version `target` (1 .. latest): how the tests
 * build a database as an older release left it, to migrate it from there. */
int store_migrate_to(struct store *st, int target, int *applied,
		     struct err *err);

#endif
