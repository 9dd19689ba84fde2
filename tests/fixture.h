/*
 * tests/fixture.h: a fresh, migrated SQLite database in a temporary
 * directory for each test, and small helpers shared by the store and
 * service tests. Header-only so that each test binary stays one file.
 */
#ifndef VEIKART_TESTS_FIXTURE_H
#define VEIKART_TESTS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"
#include "util/xalloc.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

/* A database at schema version `version`, as that release left it. */
static inline struct fixture *fixture_new_at(int version)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct err err = ERR_INIT;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/veikart-test-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/t.db", fx->dir);
	fx->st = store_open(fx->path, STORE_OPEN_CREATE, &err);
	assert_non_null(fx->st);
	assert_int_equal(store_migrate_to(fx->st, version, NULL, &err), 0);
	return fx;
}

static inline struct fixture *fixture_new(void)
{
	return fixture_new_at(store_schema_latest());
}

static inline void fixture_free(struct fixture *fx)
{
	char cmd[160];

	store_close(fx->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
}

static inline int fixture_setup(void **state)
{
	*state = fixture_new();
	return 0;
}

static inline int fixture_teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

/* One integer from a query with no parameters. */
static inline int64_t fixture_int(struct store *st, const char *sql)
{
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	int64_t v;

	assert_int_equal(store_prepare(st, sql, &q, &err), 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	v = store_col_int64(q, 0);
	store_finalize(q);
	return v;
}

#endif
