/*
 * tests/test_observations.c: importing observations (JSON-stat 2.0 and
 * CSV) into a real database, all or nothing, idempotent; the JSON-stat
 * output and the progress class of an indicator (service/observations.h).
 * After every refused file the database is compared, via export, with what
 * it held before.
 */
#include "fixture.h"

#include "formats/jsonstat.h"
#include "service/auth.h"
#include "service/export.h"
#include "service/import.h"
#include "service/observations.h"
#include "store/entity.h"

#define JS "tests/fixtures/jsonstat/"
#define CSV "tests/fixtures/csv/"

static const char setup_json[] =
    "{\"format\": \"veikart-interchange\", \"version\": 1,"
    "\"sources\": [{\"id\": \"S1\", \"title\": \"SSB\"},"
    "              {\"id\": \"S2\", \"title\": \"Menon\"}],"
    "\"indicators\": [{\"id\": \"I-1\", \"name_nb\": \"Sysselsatte\","
    " \"unit\": \"personer\", \"baseline_value\": 4000,"
    " \"baseline_year\": 2021, \"target_value\": 6000,"
    " \"target_year\": 2030, \"source\": \"S1\"},"
    " {\"id\": \"I-2\", \"name_nb\": \"Tom æøå\"}]}";

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "setup.json", setup_json,
					strlen(setup_json), &res, NULL, &err),
			 0);
	*state = fx;
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
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

static struct obs_import_opts opts(const char *indicator)
{
	struct obs_import_opts o = {.indicator = indicator};
	return o;
}

/* Imports text as the command line does (an administrator). */
static int import_text(struct store *st, const char *text, size_t len,
		       const struct obs_import_opts *o,
		       struct obs_import_result *res, struct problems *p,
		       struct err *err)
{
	struct principal who;

	auth_cli_principal(&who);
	return service_observations_import(st, &who, "f", text, len, o, res, p,
					   err);
}

static int import_file(struct store *st, const char *path,
		       const struct obs_import_opts *o,
		       struct obs_import_result *res, struct problems *p,
		       struct err *err)
{
	size_t len;
	char *text = slurp(path, &len);
	int rc = import_text(st, text, len, o, res, p, err);

	free(text);
	return rc;
}

/* "period|value|breakdown|status|code" rows of an indicator, in order. */
static void rows_of(struct store *st, const char *indicator, char *out,
		    size_t cap)
{
	static const char sql[] =
	    "SELECT period, value, breakdown, status, "
	    "coalesce(status_code, '-'), coalesce(source, '-') "
	    "FROM observation WHERE indicator = ?1 "
	    "ORDER BY period_start, breakdown, source";
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	size_t used = 0;

	out[0] = '\0';
	assert_int_equal(store_prepare(st, sql, &q, &err), 0);
	assert_int_equal(store_bind_text(q, 1, indicator, &err), 0);
	while (store_step(q, &err) == STORE_ROW)
		used += (size_t)snprintf(
		    out + used, cap - used, "%s%s|%g|%s|%s|%s|%s",
		    used ? "\n" : "", store_col_text(q, 0),
		    store_col_double(q, 1), store_col_text(q, 2),
		    store_col_text(q, 3), store_col_text(q, 4),
		    store_col_text(q, 5));
	store_finalize(q);
}

static int64_t audit_events(struct store *st)
{
	return fixture_int(st, "SELECT count(*) FROM audit_event");
}

static void test_jsonstat_import_then_same_again(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	int64_t version, events = audit_events(fx->st);
	char rows[1024], *before, *after;

	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_true(res.changed);
	assert_int_equal(res.observations, 5);
	assert_int_equal(res.missing, 1);
	assert_int_equal(res.created, 5);
	rows_of(fx->st, "I-1", rows, sizeof(rows));
	assert_string_equal(rows, "2022|4100|Region=0301|final|-|-\n"
				  "2022|2100|Region=4601|final|-|-\n"
				  "2023|4350.5|Region=0301|final|-|-\n"
				  "2024|4600|Region=0301|preliminary|p|-\n"
				  "2024|2300|Region=4601|preliminary|p|-");
	assert_int_equal(audit_events(fx->st), events + 1);
	version = fixture_int(fx->st, "SELECT value FROM meta WHERE key = "
				      "'data_version'");
	/* The same file again: nothing written, no event, same version. */
	before = export_all(fx->st);
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_false(res.changed);
	assert_int_equal(res.unchanged, 5);
	assert_int_equal(res.created + res.updated, 0);
	assert_int_equal(audit_events(fx->st), events + 1);
	assert_int_equal(fixture_int(fx->st, "SELECT value FROM meta WHERE "
					     "key = 'data_version'"),
			 version);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A dry run reads, checks and counts like an import and writes nothing. */
static void test_dry_run_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct problems probs = PROBLEMS_INIT(OBS_MAX_PROBLEMS);
	struct err err = ERR_INIT;
	int64_t events = audit_events(fx->st);
	char *before = export_all(fx->st), *after;

	o.dry_run = true;
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_false(res.changed);
	assert_int_equal(res.observations, 5);
	assert_int_equal(res.created, 5);
	assert_int_equal(audit_events(fx->st), events);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	free(after);
	/* A bad file in a dry run: the same problems as an import. */
	assert_int_equal(import_file(fx->st, CSV "bad-value.csv", &o, &res,
				     &probs, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_true(probs.n > 0);
	problems_release(&probs);
	/* Imported for real, a dry run of the same file counts it unchanged. */
	o.dry_run = false;
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	free(before);
	before = export_all(fx->st);
	o.dry_run = true;
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_int_equal(res.unchanged, 5);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/*
 * The writes run with foreign keys off (store_observation_bulk_begin); they
 * must be back on after every way out: a write, nothing to write, and a
 * write that fails inside the transaction (here forced by a trigger), which
 * also leaves nothing behind.
 */
static void test_foreign_keys_back_on_after_import(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_true(res.changed);
	assert_int_equal(fixture_int(fx->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_false(res.changed);
	assert_int_equal(fixture_int(fx->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(store_exec(fx->st,
				    "CREATE TEMP TRIGGER refuse BEFORE INSERT "
				    "ON observation BEGIN SELECT "
				    "RAISE(ABORT, 'refused'); END",
				    &err),
			 0);
	o.indicator = "I-2";
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), -1);
	assert_int_equal(fixture_int(fx->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM observation "
					     "WHERE indicator = 'I-2'"),
			 0);
}

static void test_changed_value_is_one_update(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	size_t len;
	char *text = slurp(JS "ssb-dense.json", &len), *at;
	int64_t events = audit_events(fx->st);

	assert_int_equal(import_text(fx->st, text, len, &o, &res, NULL, &err),
			 0);
	at = strstr(text, "4350.5");
	memcpy(at, "4351.5", 6);
	assert_int_equal(import_text(fx->st, text, len, &o, &res, NULL, &err),
			 0);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.unchanged, 4);
	assert_int_equal(res.created, 0);
	assert_int_equal(audit_events(fx->st), events + 2);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM observation "
					     "WHERE value = 4351.5"),
			 1);
	free(text);
}

/* A refused file: -1, the problem at line:column, nothing changed. */
static void refused(struct fixture *fx, const char *path,
		    const struct obs_import_opts *o, int line, int column,
		    const char *words)
{
	struct problems p = PROBLEMS_INIT(50);
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char *before = export_all(fx->st), *after;
	int64_t events = audit_events(fx->st);

	assert_int_equal(import_file(fx->st, path, o, &res, &p, &err), -1);
	assert_true(p.n >= 1);
	if (p.items[0].line != line || p.items[0].column != column ||
	    !strstr(p.items[0].message, words))
		fail_msg("%s: got %d:%d: %s", path, p.items[0].line,
			 p.items[0].column, p.items[0].message);
	assert_true(err.code == ERR_UNPROCESSABLE || err.code == ERR_INVALID);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	assert_int_equal(audit_events(fx->st), events);
	free(before);
	free(after);
	problems_release(&p);
}

static void test_bad_files_change_nothing(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;

	/* Something there already, so "unchanged" is a real comparison. */
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	refused(fx, JS "truncated.json", &o, 4, 17, "cut short");
	refused(fx, JS "wrong-size.json", &o, 6, 11, "sizes multiply to 6");
	refused(fx, JS "version1.json", &o, 1, 1, "version 1");
	refused(fx, JS "bad-value.json", &o, 5, 4, "number or null");
	refused(fx, JS "bad-period.json", &o, 3, 55,
		"time category \"2025H1\": expected a period");
	refused(fx, JS "wrong-category-count.json", &o, 3, 36,
		"has 2 categories");
	refused(fx, JS "no-time.json", &o, 0, 0, "region (Region), sektor");
	refused(fx, CSV "bad-value.csv", &o, 3, 2, "expected a number");
	refused(fx, CSV "bad-period.csv", &o, 3, 1, "got \"2025H1\"");
	refused(fx, CSV "duplicate.csv", &o, 4, 1,
		"period 2024, breakdown region=Oslo appears more than once "
		"(first in row 2)");
	refused(fx, CSV "short-row.csv", &o, 3, 3, "expected 3 fields");
	refused(fx, CSV "no-value-column.csv", &o, 1, 1,
		"no value column \"value\"; the header has: period, amount");
	refused(fx, CSV "unclosed-quote.csv", &o, 3, 2, "not closed");
	refused(fx, CSV "latin1.csv", &o, 2, 3, "not valid UTF-8");
}

static void test_every_problem_is_listed(void **state)
{
	static const char text[] = "period,value\n2024,x\n2025H2,1\n2026,y\n";
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct problems p = PROBLEMS_INIT(50);
	struct obs_import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(
	    import_text(fx->st, text, strlen(text), &o, &res, &p, &err), -1);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.items[1].line, 3);
	assert_string_equal(p.items[1].field, "period");
	assert_non_null(strstr(err.msg, "3 problems; nothing was imported"));
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 0);
	problems_release(&p);
}

static void test_map_and_time(void **state)
{
	struct fixture *fx = *state;
	struct obs_map bergen[] = {{"region", "Bergen"}};
	struct obs_map bad_cat[] = {{"Region", "Tromsø"}};
	struct obs_map bad_dim[] = {{"Fylke", "x"}};
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char rows[512];

	/* By the dimension's label and the category's label. */
	o.maps = bergen;
	o.nmaps = 1;
	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_int_equal(res.observations, 2);
	assert_int_equal(res.missing, 1);
	rows_of(fx->st, "I-1", rows, sizeof(rows));
	assert_string_equal(rows, "2022|2100||final|-|-\n"
				  "2024|2300||preliminary|p|-");
	o.maps = bad_cat;
	refused(fx, JS "ssb-dense.json", &o, 15, 15,
		"no category \"Tromsø\"; it has: 0301 (Oslo), 4601 (Bergen)");
	o.maps = bad_dim;
	refused(fx, JS "ssb-dense.json", &o, 0, 0,
		"no dimension \"Fylke\"; it has: Region (region), "
		"ContentsCode (statistikkvariabel), Tid (år)");
	o.nmaps = 0;
	o.time_dim = "Region";
	refused(fx, JS "ssb-dense.json", &o, 18, 27, "time category \"0301\"");
}

static void test_collection_and_time_by_name(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-2");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char rows[512];

	o.dataset = "2";
	assert_int_equal(
	    import_file(fx->st, JS "collection.json", &o, &res, NULL, &err), 0);
	assert_int_equal(res.ndatasets, 2);
	assert_int_equal(res.dataset, 2);
	rows_of(fx->st, "I-2", rows, sizeof(rows));
	assert_string_equal(rows, "2021|65||preliminary|p|-\n"
				  "2022|70||preliminary|p|-\n"
				  "2023|75.6||preliminary|p|-");
	o.dataset = NULL;
	assert_int_equal(import_file(fx->st, JS "quarters-named-aar.json", &o,
				     &res, NULL, &err),
			 0);
	assert_int_equal(res.created, 2);
	assert_int_equal(import_file(fx->st, JS "monthly-three-dims.json", &o,
				     &res, NULL, &err),
			 0);
	assert_int_equal(res.created, 7);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT count(*) FROM observation WHERE "
				     "breakdown = 'region=Vestland;"
				     "sektor=offentlig' AND status_code = '.'"),
			 1);
}

static void test_csv_variants(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-2");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char rows[1024];

	assert_int_equal(import_file(fx->st, CSV "semicolon-comma-bom.csv", &o,
				     &res, NULL, &err),
			 0);
	assert_int_equal(res.format, OBS_FORMAT_CSV);
	assert_int_equal(res.created, 2);
	assert_int_equal(res.missing, 2);
	assert_int_equal(
	    import_file(fx->st, CSV "quoted.csv", &o, &res, NULL, &err), 0);
	assert_int_equal(
	    import_file(fx->st, CSV "comma-point.csv", &o, &res, NULL, &err),
	    0);
	rows_of(fx->st, "I-2", rows, sizeof(rows));
	assert_string_equal(rows,
			    "2023|2.25|region=Bergen|final|-|-\n"
			    "2023|1.5|region=Oslo|final|-|-\n"
			    "2024|3|region=Oslo|final|-|-\n"
			    "2024-Q1|1.5|sektor=privat|final|-|-\n"
			    "2024-Q2|2.75|sektor=offentlig|final|-|-\n"
			    "2025-T1|-1000||final|-|-\n"
			    "2025-T1|12.5|region=Nordland \"Nord\"|final|-|-\n"
			    "2025-T1|10|region=Tromsø, Troms|final|-|-");
	assert_int_equal(
	    import_file(fx->st, CSV "quoted.csv", &o, &res, NULL, &err), 0);
	assert_false(res.changed);
}

static void test_csv_map_and_encoding(void **state)
{
	static const char text[] = "period,value,re;gion,sek=tor\n"
				   "2024,1,a=b,100%\n2024,2,x,y\n";
	struct fixture *fx = *state;
	struct obs_map oslo[] = {{"region", "Oslo"}};
	struct obs_map none[] = {{"region", "Tromsø"}};
	struct obs_import_opts o = opts("I-2");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char rows[512];

	o.maps = oslo;
	o.nmaps = 1;
	assert_int_equal(
	    import_file(fx->st, CSV "comma-point.csv", &o, &res, NULL, &err),
	    0);
	assert_int_equal(res.observations, 2);
	o.maps = none;
	refused(fx, CSV "comma-point.csv", &o, 0, 0,
		"no row has \"Tromsø\" in column region; it has: Oslo, "
		"Bergen");
	o.nmaps = 0;
	assert_int_equal(
	    import_text(fx->st, text, strlen(text), &o, &res, NULL, &err), 0);
	rows_of(fx->st, "I-2", rows, sizeof(rows));
	/* ';', '=' and '%' in names and categories are percent-encoded. */
	assert_non_null(strstr(rows, "2024|1|re%3Bgion=a%3Db;sek%3Dtor=100%25"
				     "|"));
	assert_non_null(strstr(rows, "2024|2|re%3Bgion=x;sek%3Dtor=y|"));
}

static void test_source_is_part_of_the_key(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	o.source = "S2";
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	assert_int_equal(res.created, 3);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation WHERE source = 'S2'"),
			 3);
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	assert_false(res.changed);
	o.source = "S9";
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_who_may_import(void **state)
{
	struct fixture *fx = *state;
	struct principal anon = PRINCIPAL_ANONYMOUS, reader = anon;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	static const char text[] = "period,value\n2024,1\n";

	assert_int_equal(service_observations_import(fx->st, &anon, "f", text,
						     strlen(text), &o, &res,
						     NULL, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	reader.role = ROLE_READER;
	reader.user_id = 7;
	reader.can_write = true;
	assert_int_equal(service_observations_import(fx->st, &reader, "f", text,
						     strlen(text), &o, &res,
						     NULL, &err),
			 -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	/* The refusal is audited; nothing else happened. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'denied'"),
			 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 0);
	o.indicator = "I-404";
	assert_int_equal(
	    import_text(fx->st, text, strlen(text), &o, &res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	o.indicator = "not an id";
	assert_int_equal(
	    import_text(fx->st, text, strlen(text), &o, &res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
}

static void test_many_rows_in_batches(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-2");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;

	buf_addstr(&b, "period;value;kommune\n");
	for (int i = 0; i < 1234; i++)
		buf_addf(&b, "%d;%d,5;K%04d\n", 2000 + i % 20, i, i / 20);
	assert_int_equal(
	    import_text(fx->st, buf_cstr(&b), b.len, &o, &res, NULL, &err), 0);
	assert_int_equal(res.created, 1234);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "observation"),
			 1234);
	assert_int_equal(fixture_int(fx->st,
				     "SELECT value * 2 FROM "
				     "observation WHERE period = '2013' "
				     "AND breakdown = 'kommune=K0061'"),
			 2 * 1233 + 1);
	assert_int_equal(
	    import_text(fx->st, buf_cstr(&b), b.len, &o, &res, NULL, &err), 0);
	assert_int_equal(res.unchanged, 1234);
	buf_release(&b);
}

static void test_statuses_and_same_period(void **state)
{
	static const char words[] =
	    "{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"Tid\"],"
	    "\"size\":[3],\"dimension\":{\"Tid\":{\"category\":{\"index\":"
	    "[\"2022\",\"2023\",\"2024\"]}}},\"value\":[1,2,3],"
	    "\"status\":[\"foreløpige tall\",\"forecast\",\"..\"]}";
	static const char long_code[] =
	    "{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"Tid\"],"
	    "\"size\":[1],\"dimension\":{\"Tid\":{\"category\":{\"index\":"
	    "[\"2022\"]}}},\"value\":[1],\"status\":\"not a code at all\"}";
	static const char same[] =
	    "{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"Tid\"],"
	    "\"size\":[2],\"dimension\":{\"Tid\":{\"category\":{\"index\":"
	    "[\"2025K3\",\"2025-Q3\"]}}},\"value\":[1,2]}";
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-2");
	struct problems p = PROBLEMS_INIT(10);
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char rows[512];

	assert_int_equal(
	    import_text(fx->st, words, strlen(words), &o, &res, NULL, &err), 0);
	rows_of(fx->st, "I-2", rows, sizeof(rows));
	assert_string_equal(rows, "2022|1||preliminary|-|-\n"
				  "2023|2||forecast|-|-\n2024|3||final|..|-");
	assert_int_equal(import_text(fx->st, long_code, strlen(long_code), &o,
				     &res, &p, &err),
			 -1);
	assert_non_null(strstr(p.items[0].message, "is not a status code"));
	problems_release(&p);
	p = (struct problems)PROBLEMS_INIT(10);
	assert_int_equal(
	    import_text(fx->st, same, strlen(same), &o, &res, &p, &err), -1);
	assert_non_null(
	    strstr(p.items[0].message,
		   "\"2025-Q3\": is the same period as \"2025K3\""));
	problems_release(&p);
}

static void test_breakdown_too_long(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-2");
	struct problems p = PROBLEMS_INIT(10);
	struct obs_import_result res;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;

	buf_addstr(&b, "period,value,region\n2024,1,");
	for (int i = 0; i < 300; i++)
		buf_addch(&b, 'x');
	buf_addch(&b, '\n');
	assert_int_equal(
	    import_text(fx->st, buf_cstr(&b), b.len, &o, &res, &p, &err), -1);
	assert_int_equal(p.items[0].line, 2);
	assert_non_null(strstr(p.items[0].message, "at most 200 fit"));
	problems_release(&p);
	buf_release(&b);
}

static void test_jsonstat_output_imports_back(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct obs_import_result res;
	struct err err = ERR_INIT;
	char a[1024], b[1024], *text;
	json_t *js;

	assert_int_equal(
	    import_file(fx->st, JS "ssb-dense.json", &o, &res, NULL, &err), 0);
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	js = service_indicator_jsonstat(fx->st, "I-1", &err);
	assert_non_null(js);
	assert_string_equal(json_string_value(json_object_get(js, "source")),
			    "SSB");
	text = json_dumps(js, JSON_COMPACT);
	o.indicator = "I-2";
	assert_int_equal(
	    import_text(fx->st, text, strlen(text), &o, &res, NULL, &err), 0);
	assert_int_equal(res.created, 8);
	rows_of(fx->st, "I-1", a, sizeof(a));
	rows_of(fx->st, "I-2", b, sizeof(b));
	assert_string_equal(a, b);
	free(text);
	json_decref(js);
	assert_null(service_indicator_jsonstat(fx->st, "I-404", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static const char *progress_class(json_t *p)
{
	return json_string_value(json_object_get(p, "class"));
}

static void test_progress_service(void **state)
{
	struct fixture *fx = *state;
	struct obs_import_opts o = opts("I-1");
	struct progress_thresholds bad = {0.1, 0.5, 0};
	struct obs_import_result res;
	struct err err = ERR_INIT;
	json_t *p, *calc;

	p = service_indicator_progress(fx->st, "I-1", NULL, &err);
	assert_string_equal(progress_class(p), "no_data");
	json_decref(p);
	/* 4000 (2021) -> 4600 (2024) against 6000 by 2030: on track. */
	assert_int_equal(
	    import_file(fx->st, CSV "totals.csv", &o, &res, NULL, &err), 0);
	p = service_indicator_progress(fx->st, "I-1", NULL, &err);
	assert_non_null(p);
	assert_string_equal(progress_class(p), "on_track");
	assert_string_equal(json_string_value(json_object_get(p, "method")),
			    "cagr");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_object_get(p, "inputs"), "current"),
		"period")),
	    "2024");
	calc = json_object_get(p, "calculation");
	assert_non_null(strstr(json_string_value(json_object_get(calc, "nb")),
			       "→ I rute."));
	assert_non_null(strstr(json_string_value(json_object_get(calc, "en")),
			       "Baseline 4000 personer (2021)"));
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(p, "label"), "nn")),
			    "I rute");
	json_decref(p);
	p = service_indicator_progress(fx->st, "I-2", NULL, &err);
	assert_string_equal(progress_class(p), "no_data");
	json_decref(p);
	assert_null(service_indicator_progress(fx->st, "I-404", NULL, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_null(service_indicator_progress(fx->st, "I-1", &bad, &err));
	assert_int_equal(err.code, ERR_INVALID);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_jsonstat_import_then_same_again),
	    T(test_changed_value_is_one_update),
	    T(test_dry_run_writes_nothing),
	    T(test_foreign_keys_back_on_after_import),
	    T(test_bad_files_change_nothing),
	    T(test_every_problem_is_listed),
	    T(test_map_and_time),
	    T(test_collection_and_time_by_name),
	    T(test_csv_variants),
	    T(test_csv_map_and_encoding),
	    T(test_source_is_part_of_the_key),
	    T(test_who_may_import),
	    T(test_many_rows_in_batches),
	    T(test_statuses_and_same_period),
	    T(test_breakdown_too_long),
	    T(test_jsonstat_output_imports_back),
	    T(test_progress_service),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
