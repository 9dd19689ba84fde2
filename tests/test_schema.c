/*
 * tests/test_schema.c: the hand-written migrations and the entity
 * descriptors must agree, or import/export would fail at run time.
 */
#include "fixture.h"

#include "model/entity.h"
#include "util/buf.h"

/* Whether `table` has column `col`, and whether it is NOT NULL. */
static bool has_column(struct store *st, const char *table, const char *col,
		       bool *notnull)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	bool found = false;

	buf_addf(&sql, "PRAGMA table_info(\"%s\")", table);
	assert_int_equal(store_prepare(st, buf_cstr(&sql), &q, &err), 0);
	while (store_step(q, &err) == STORE_ROW) {
		if (!strcmp(store_col_text(q, 1), col)) {
			found = true;
			*notnull = store_col_int64(q, 3) != 0;
		}
	}
	store_finalize(q);
	buf_release(&sql);
	return found;
}

static void test_every_field_has_a_column(void **state)
{
	struct fixture *fx = *state;
	bool notnull;

	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];

		for (size_t i = 0; i < e->nfields; i++) {
			if (!has_column(fx->st, e->table, e->fields[i].name,
					&notnull))
				fail_msg("%s.%s has no column", e->table,
					 e->fields[i].name);
			/* A required field must be NOT NULL in SQL too. */
			if ((e->fields[i].flags & FIELD_REQUIRED) &&
			    strcmp(e->fields[i].name, "id") && !notnull)
				fail_msg("%s.%s is required but nullable",
					 e->table, e->fields[i].name);
		}
		for (size_t c = 0; c < e->nchildren; c++) {
			const struct child_desc *ch = &e->children[c];

			assert_true(has_column(fx->st, ch->table,
					       ch->parent_col, &notnull));
			for (size_t i = 0; i < ch->nfields; i++)
				if (!has_column(fx->st, ch->table,
						ch->fields[i].name, &notnull))
					fail_msg("%s.%s has no column",
						 ch->table, ch->fields[i].name);
		}
	}
}

static void test_descriptors_are_well_formed(void **state)
{
	(void)state;
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];

		assert_string_equal(e->fields[0].name, "id");
		assert_ptr_equal(entity_find(e->collection), e);
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field_desc *f = &e->fields[i];

			if (f->type == FT_REF || f->type == FT_REFLIST)
				if (!entity_find(f->ref))
					fail_msg("%s.%s refers to unknown %s",
						 e->table, f->name, f->ref);
			if (f->type == FT_ENUM)
				assert_non_null(f->values);
		}
	}
	assert_null(entity_find("nope"));
}

static void test_migrate_twice_applies_nothing(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	int applied = -1, version = 0;

	assert_int_equal(store_migrate(fx->st, &applied, &err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(fx->st, &version, &err), 0);
	assert_int_equal(version, store_schema_latest());
}

static void test_newer_database_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;

	assert_int_equal(store_exec(fx->st, "INSERT INTO schema_version "
					    "VALUES (999, 'x')", &err), 0);
	assert_int_equal(store_migrate(fx->st, NULL, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "newer"));
}

/* A database as release 6 left it: observations with and without a
 * source, two sources on the same period. */
static struct fixture *fixture_at_version_6(void)
{
	struct fixture *fx = fixture_new_at(6);
	struct err err = ERR_INIT;
	int version = 0;

	assert_int_equal(store_schema_version(fx->st, &version, &err), 0);
	assert_int_equal(version, 6);
	assert_int_equal(
	    store_exec(fx->st,
		       "INSERT INTO source (id, title) VALUES ('S1', 'a'), "
		       "('S2', 'b');"
		       "INSERT INTO indicator (id, name_nb) VALUES ('I', 'i');"
		       "INSERT INTO observation (indicator, period, "
		       "period_start, period_end, value, breakdown, source, "
		       "note) VALUES "
		       "('I', '2024', '2024-01-01', '2024-12-31', 1, '', "
		       "NULL, 'kept'), "
		       "('I', '2024', '2024-01-01', '2024-12-31', 2, '', "
		       "'S1', NULL), "
		       "('I', '2024', '2024-01-01', '2024-12-31', 3, '', "
		       "'S2', NULL), "
		       "('I', '2023', '2023-01-01', '2023-12-31', 4, 'r=1', "
		       "NULL, NULL)",
		       &err),
	    0);
	return fx;
}

/* Migration 7 rebuilds observation WITHOUT ROWID, keyed with source_key:
 * every row survives, and the key still tells sources apart. */
static void test_migration_7_keeps_observations(void **state)
{
	struct fixture *fx = fixture_at_version_6();
	struct err err = ERR_INIT;
	int applied = 0;

	(void)state;
	assert_int_equal(store_migrate(fx->st, &applied, &err), 0);
	assert_int_equal(applied, store_schema_latest() - 6);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 4);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT sum(value) FROM observation "
				     "WHERE source_key = coalesce(source, '') "
				     "AND (source IS NULL) = (source_key = '')"),
			 10);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM observation "
				     "WHERE note = 'kept' AND source_key = ''"),
			 1);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM sqlite_master "
				     "WHERE name IN ('observation_key', "
				     "'observation_new')"),
			 0);
	/* The key refuses a second value for the same source ... */
	assert_int_equal(
	    store_exec(fx->st,
		       "INSERT INTO observation (indicator, period, "
		       "period_start, period_end, value, source, source_key) "
		       "VALUES ('I', '2024', '2024-01-01', '2024-12-31', 5, "
		       "'S1', 'S1')",
		       &err),
	    -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	/* ... and the check a source_key that is not the source. */
	assert_int_equal(
	    store_exec(fx->st,
		       "INSERT INTO observation (indicator, period, "
		       "period_start, period_end, value, source) VALUES "
		       "('I', '2025', '2025-01-01', '2025-12-31', 5, 'S1')",
		       &err),
	    -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 4);
	/* Deleting the indicator still takes its observations along. */
	assert_int_equal(store_exec(fx->st, "DELETE FROM indicator", &err), 0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 0);
	fixture_free(fx);
}

static void test_wal_and_foreign_keys_are_on(void **state)
{
	struct fixture *fx = *state;
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;

	assert_int_equal(fixture_int(fx->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(store_prepare(fx->st, "PRAGMA journal_mode", &q,
				       &err), 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	assert_string_equal(store_col_text(q, 0), "wal");
	store_finalize(q);
}

static void test_data_version_bumps(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	uint64_t a, b;

	assert_int_equal(store_data_version(fx->st, &a, &err), 0);
	assert_int_equal(store_bump_version(fx->st, &err), 0);
	assert_int_equal(store_data_version(fx->st, &b, &err), 0);
	assert_int_equal(b, a + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_field_has_a_column,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test(test_descriptors_are_well_formed),
		cmocka_unit_test_setup_teardown(
			test_migrate_twice_applies_nothing, fixture_setup,
			fixture_teardown),
		cmocka_unit_test(test_migration_7_keeps_observations),
		cmocka_unit_test_setup_teardown(test_newer_database_is_refused,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_wal_and_foreign_keys_are_on, fixture_setup,
			fixture_teardown),
		cmocka_unit_test_setup_teardown(test_data_version_bumps,
						fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
