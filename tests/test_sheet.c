/*
 * tests/test_sheet.c: import-sheet (service/sheet.c) on the seeded
 * database. The workbook export reads back changing nothing; CSV sheets
 * create and update records, children and reports, with an audit event
 * each; a dry run and a sheet with any bad row leave the database exactly
 * as it was (compared via the JSON export), listing every rejected row
 * with its reason.
 */
#include "fixture.h"

#include "formats/xlsx_write.h"
#include "model/principal.h"
#include "service/auth.h"
#include "service/export.h"
#include "service/import.h"
#include "service/sheet.h"
#include "service/workbook.h"
#include "store/entity.h"
#include "store/ref.h"

/*
 * The seeded database is made once (group_setup) and copied for each
 * test, which is much faster than importing the seed every time.
 */
static struct fixture *seeded;

static int group_setup(void **state)
{
	struct import_result res;
	struct err err = ERR_INIT;
	size_t len;
	const char *seed = service_seed_json(&len);

	(void)state;
	seeded = fixture_new();
	assert_int_equal(service_import(seeded->st, "seed", seed, len, &res,
					NULL, &err),
			 0);
	store_close(seeded->st);	/* the file is whole once closed */
	seeded->st = NULL;
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", seeded->dir);
	assert_int_equal(system(cmd), 0);
	free(seeded);
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct err err = ERR_INIT;
	char cmd[600];

	store_close(fx->st);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'",
		 seeded->path, fx->path, fx->path, fx->path);
	assert_int_equal(system(cmd), 0);
	fx->st = store_open(fx->path, 0, &err);
	assert_non_null(fx->st);
	*state = fx;
	return 0;
}

static char *export_all(struct store *st)
{
	struct err err = ERR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(service_export_json(st, NULL, f, &err), 0);
	fclose(f);
	return text;
}

static int64_t audit_count(struct store *st)
{
	return fixture_int(st, "SELECT count(*) FROM audit_event");
}

static uint64_t version(struct store *st)
{
	struct err err = ERR_INIT;
	uint64_t v;

	assert_int_equal(store_data_version(st, &v, &err), 0);
	return v;
}

/* Imports text as `name`; returns rc, the result in *res. */
static int run(struct store *st, const char *name, const char *text,
	       bool dry_run, json_t **res, struct err *err)
{
	struct sheet_opts o = { dry_run, NULL };
	struct principal admin;

	auth_cli_principal(&admin);
	return service_sheet_import(st, &admin, name, text, strlen(text), &o,
				    res, err);
}

static int64_t count(json_t *res, const char *what)
{
	return json_integer_value(json_object_get(res, what));
}

/* The row result for sheet row `row`, or fail. */
static json_t *row_of(json_t *res, size_t row)
{
	json_t *r;
	size_t i;

	json_array_foreach(
	    json_object_get(res, "rows"), i,
	    r) if ((size_t)json_integer_value(json_object_get(r, "row")) ==
		   row) return r;
	fail_msg("no result for row %zu", row);
	return NULL;
}

static bool says(json_t *row, const char *text)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(row, "reasons"), i, v)
		if (strstr(json_string_value(v), text))
			return true;
	return false;
}

static void test_workbook_round_trip_changes_nothing(void **state)
{
	static const char *const ids[] = { "veikart-2023", "eksport-helse-2024",
					   "meld18-2019" };
	struct fixture *fx = *state;
	struct principal admin;
	int64_t events = audit_count(fx->st);
	uint64_t v = version(fx->st);

	auth_cli_principal(&admin);
	for (size_t i = 0; i < 3; i++) {
		struct sheet_opts o = { false, NULL };
		struct err err = ERR_INIT;
		struct buf wb = BUF_INIT;
		json_t *res = NULL;

		assert_int_equal(service_workbook_bytes(fx->st, &admin, ids[i],
							&wb, &err),
				 0);
		assert_int_equal(service_sheet_import(fx->st, &admin, "w.xlsx",
						      wb.buf, wb.len, &o, &res,
						      &err),
				 0);
		assert_int_equal(count(res, "created"), 0);
		assert_int_equal(count(res, "updated"), 0);
		assert_int_equal(count(res, "rejected"), 0);
		assert_true(count(res, "unchanged") > 10);
		assert_int_equal(json_array_size(json_object_get(res,
								 "skipped")),
				 2);
		json_decref(res);
		buf_release(&wb);
	}
	assert_int_equal(audit_count(fx->st), events);
	assert_int_equal(version(fx->st), v);
}

static const char new_measures[] =
	"id,strategy,focus_area,title_nb,source,deadline,status,no\n"
	"V-NY-1,veikart-2023,VK-TP,Nytt tiltak – æøå,seed-003,31.12.2026,"
	"on_track,\"7,0\"\n"
	"V-TP-1,veikart-2023,VK-TP,Katapult (endret),seed-003,,,\n";

static void test_csv_creates_and_updates(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	int64_t events = audit_count(fx->st);
	uint64_t v = version(fx->st);
	json_t *res = NULL, *m;

	assert_int_equal(run(fx->st, "measures.csv", new_measures, false, &res,
			     &err),
			 0);
	assert_int_equal(count(res, "created"), 1);
	assert_int_equal(count(res, "updated"), 1);
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(row_of(res, 3), "changes"),
				    0)),
			    "title_nb");
	json_decref(res);
	assert_int_equal(audit_count(fx->st), events + 2);
	assert_true(version(fx->st) > v);
	m = store_entity_get(fx->st, entity_find("measures"), "V-NY-1", 0,
			     &err);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "deadline")),
			    "2026-12-31");
	assert_int_equal(json_integer_value(json_object_get(m, "no")), 7);
	json_decref(m);
	/* The responsibilities of V-TP-1 that the sheet leaves out stay. */
	m = store_entity_get(fx->st, entity_find("measures"), "V-TP-1", 0,
			     &err);
	assert_int_equal(json_array_size(json_object_get(m, "responsible")), 3);
	json_decref(m);
}

static void test_children_merge_into_measures(void **state)
{
	static const char resp[] = "measure,actor,role,note\n"
				   "V-NY-1,SIVA,lead,\n"
				   "V-TP-1,SIVA,lead,hovedansvar\n";
	static const char ms[] = "measure;id;title_nb;due\n"
				 "V-NY-1;M1;Første milepæl;2026-06-30\n";
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *res = NULL, *m, *r;

	assert_int_equal(run(fx->st, "measures.csv", new_measures, false, &res,
			     &err),
			 0);
	json_decref(res);
	assert_int_equal(run(fx->st, "x.csv", resp, false, &res, &err), 0);
	assert_string_equal(json_string_value(json_object_get(row_of(res, 2),
							      "outcome")),
			    "created");
	assert_string_equal(json_string_value(json_object_get(row_of(res, 3),
							      "outcome")),
			    "updated");
	json_decref(res);
	assert_int_equal(run(fx->st, "plan-milestones.csv", ms, false, &res,
			     &err),
			 0);
	assert_int_equal(count(res, "created"), 1);
	json_decref(res);
	m = store_entity_get(fx->st, entity_find("measures"), "V-TP-1", 0,
			     &err);
	r = json_array_get(json_object_get(m, "responsible"), 0);
	assert_string_equal(json_string_value(json_object_get(r, "note")),
			    "hovedansvar");
	assert_int_equal(json_array_size(json_object_get(m, "responsible")), 3);
	json_decref(m);
	m = store_entity_get(fx->st, entity_find("measures"), "V-NY-1", 0,
			     &err);
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(m, "milestones"), 0),
			"title_nb")),
		"Første milepæl");
	json_decref(m);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	char *before = export_all(fx->st), *after;
	int64_t events = audit_count(fx->st);
	json_t *res = NULL;

	assert_int_equal(run(fx->st, "measures.csv", new_measures, true, &res,
			     &err),
			 0);
	assert_int_equal(count(res, "created"), 1);
	assert_int_equal(count(res, "updated"), 1);
	assert_false(json_is_true(json_object_get(res, "written")));
	json_decref(res);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	assert_int_equal(audit_count(fx->st), events);
	free(before);
	free(after);
}

static const char bad_reports[] =
	"id,measure,period,kind,state,status,progress,done_text,actor\n"
	"R-1,V-TP-1,2025-t2,status,approved,on_track,40,Gjort,SIVA\n"
	"R-2,V-TP-1,2025-T2,status,approved,at_risk,140,Feil,SIVA\n"
	"R-3,V-NOPE,2025-T9,,,,abc,,\n"
	",V-TP-1,2025-T3,,,,,,\n"
	"R-1,V-TP-1,2025-T3,,,,,,\n";

static void test_bad_rows_rejected_and_nothing_written(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	char *before = export_all(fx->st), *after;
	int64_t events = audit_count(fx->st);
	json_t *res = NULL;

	assert_int_equal(run(fx->st, "reports.csv", bad_reports, false, &res,
			     &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(err.msg, "4 rows rejected; nothing was "
					"written"));
	assert_true(says(row_of(res, 3), "progress: expected a whole number "
					 "from 0 to 100, got 140"));
	assert_true(says(row_of(res, 3), "another status report for "
					 "2025-T2"));
	assert_true(says(row_of(res, 4), "column G progress: expected a whole "
					 "number, got \"abc\""));
	assert_true(says(row_of(res, 4), "no record in measures"));
	assert_true(says(row_of(res, 4), "period"));
	assert_true(says(row_of(res, 5), "id: every row needs one"));
	assert_true(says(row_of(res, 6), "repeats row 2"));
	json_decref(res);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	assert_int_equal(audit_count(fx->st), events);
	free(before);
	free(after);
}

static void test_reports_one_per_measure_and_period(void **state)
{
	static const char second[] =
		"id,measure,period,status,progress\n"
		"R-9,V-TP-1,2025-T2,at_risk,20\n";
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *res = NULL, *r;

	assert_int_equal(run(fx->st, "reports.csv",
			     "id,measure,period,state,status,progress\n"
			     "R-1,V-TP-1,2025-T2,approved,on_track,40\n",
			     false, &res, &err),
			 0);
	json_decref(res);
	r = store_entity_get(fx->st, entity_find("reports"), "R-1", 0, &err);
	assert_string_equal(json_string_value(json_object_get(r, "kind")),
			    "status");
	json_decref(r);
	assert_int_equal(run(fx->st, "reports.csv", second, false, &res, &err),
			 -1);
	assert_true(says(row_of(res, 2), "already has a status report for "
					 "2025-T2, with the id R-1"));
	json_decref(res);
}

static void test_headers_and_sheets(void **state)
{
	struct fixture *fx = *state;
	struct sheet_opts o = { false, "milestones" };
	struct principal admin;
	struct err err = ERR_INIT;
	json_t *res = NULL;

	assert_int_equal(run(fx->st, "measures.csv", "id,title_nb,colour\n"
						     "V-TP-1,x,red\n",
			     false, &res, &err),
			 -1);
	assert_true(says(row_of(res, 1), "column C: the sheet measures has no "
					 "column \"colour\""));
	json_decref(res);
	assert_int_equal(run(fx->st, "data.csv", "a,b\n1,2\n", false, &res,
			     &err),
			 -1);
	assert_true(says(row_of(res, 1), "cannot tell which sheet"));
	json_decref(res);
	/* The header tells: title_nb with id, and no measure column. */
	assert_int_equal(run(fx->st, "data.csv", "id,title_nb\nV-TP-1,Ny\n",
			     false, &res, &err),
			 0);
	assert_int_equal(count(res, "updated"), 1);
	json_decref(res);
	assert_int_equal(run(fx->st, "measures.csv", "id,title_nb\n"
						     "V-TP-1,x,forgotten\n",
			     false, &res, &err),
			 -1);
	assert_true(says(row_of(res, 2), "column C holds a value but has no "
					 "header"));
	json_decref(res);
	/* --sheet wins over the name; a milestone needs its measure. */
	auth_cli_principal(&admin);
	assert_int_equal(service_sheet_import(fx->st, &admin, "measures.csv",
					      "id,title_nb\nM1,x\n", 17, &o,
					      &res, &err),
			 -1);
	assert_true(says(row_of(res, 1), "key columns: measure id"));
	json_decref(res);
	o.sheet = "tiltak";
	assert_int_equal(service_sheet_import(fx->st, &admin, "measures.csv",
					      "id,title_nb\nM1,x\n", 17, &o,
					      &res, &err),
			 -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_null(res);
}

static void test_deleted_id_is_not_reused(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *res = NULL;

	assert_int_equal(store_begin(fx->st, &err), 0);
	assert_int_equal(store_ref_soft_delete(fx->st, entity_find("measures"),
					       "V-X-2", &err),
			 0);
	assert_int_equal(store_commit(fx->st, &err), 0);
	assert_int_equal(run(fx->st, "measures.csv",
			     "id,strategy,title_nb,source\n"
			     "V-X-2,veikart-2023,Igjen,seed-003\n",
			     false, &res, &err),
			 -1);
	assert_true(says(row_of(res, 2), "ids are never reused"));
	json_decref(res);
}

static void test_only_coordinators(void **state)
{
	struct fixture *fx = *state;
	struct principal reporter = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	json_t *res = NULL;

	reporter.user_id = 42;
	reporter.role = ROLE_REPORTER;
	reporter.can_write = true;
	assert_int_equal(service_sheet_import(fx->st, &reporter, "m.csv",
					      new_measures,
					      strlen(new_measures), NULL, &res,
					      &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(res);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'denied'"),
			 1);
}

/* A workbook edited elsewhere: computed columns and other sheets aside. */
static void test_edited_workbook(void **state)
{
	static const char *const cols[] = { "id", "title_nb", "lead",
					    "start" };
	struct fixture *fx = *state;
	struct sheet_opts o = { false, NULL };
	struct principal admin;
	struct err err = ERR_INIT;
	struct xlsx_sheet s;
	struct xlsx_cell *row;
	struct buf bytes = BUF_INIT;
	char path[] = "/tmp/veikart-sheet-XXXXXX";
	json_t *res = NULL, *m;
	FILE *f;
	char chunk[4096];
	size_t n;

	close(mkstemp(path));
	xlsx_sheet_init(&s, "measures", cols, 4);
	row = xlsx_sheet_add_row(&s);
	xlsx_cell_text(&row[0], "V-TP-2");
	xlsx_cell_text(&row[1], "Utrede katapult – endret i Excel");
	xlsx_cell_text(&row[2], "noen andre");
	xlsx_cell_date(&row[3], "2024-01-15");
	assert_int_equal(xlsx_write(path, &s, 1, NULL, &err), 0);
	xlsx_sheet_release(&s);
	f = fopen(path, "rb");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&bytes, chunk, n);
	fclose(f);
	unlink(path);
	auth_cli_principal(&admin);
	assert_int_equal(service_sheet_import(fx->st, &admin, "plan.xlsx",
					      bytes.buf, bytes.len, &o, &res,
					      &err),
			 0);
	assert_int_equal(count(res, "updated"), 1);
	json_decref(res);
	m = store_entity_get(fx->st, entity_find("measures"), "V-TP-2", 0,
			     &err);
	assert_string_equal(json_string_value(json_object_get(m, "start")),
			    "2024-01-15");
	json_decref(m);
	buf_release(&bytes);
}

static void test_unreadable_files(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	json_t *res = NULL;

	assert_int_equal(run(fx->st, "m.csv", "id,title_nb\n\"open quote\n",
			     false, &res, &err),
			 -1);
	assert_null(res);
	assert_non_null(strstr(err.msg, "m.csv"));
	assert_int_equal(run(fx->st, "m.xlsx", "PK\x03\x04 broken", false,
			     &res, &err),
			 -1);
	assert_null(res);
	assert_non_null(strstr(err.msg, "not a readable zip"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_workbook_round_trip_changes_nothing),
		T(test_csv_creates_and_updates),
		T(test_children_merge_into_measures),
		T(test_dry_run_writes_nothing),
		T(test_bad_rows_rejected_and_nothing_written),
		T(test_reports_one_per_measure_and_period),
		T(test_headers_and_sheets),
		T(test_deleted_id_is_not_reused),
		T(test_only_coordinators),
		T(test_edited_workbook),
		T(test_unreadable_files),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
