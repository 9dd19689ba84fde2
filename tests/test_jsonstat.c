/*
 * tests/test_jsonstat.c: the JSON-stat 2.0 reader and writer
 * (formats/jsonstat.h) against the fixtures in tests/fixtures/jsonstat/
 * (written to the specification: dense and sparse values, statuses as
 * object, array and string, a collection, four dimensions, index as array
 * and object, Statistics Norway's "Tid" and "..") and against bad input,
 * each refused with its line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/jsonstat.h"
#include "util/buf.h"

#define FIX "tests/fixtures/jsonstat/"

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

static struct jsonstat_dataset *read_file(const char *name, const char *dataset)
{
	struct jsonstat_read_opts o = {dataset};
	struct err err = ERR_INIT;
	struct jsonstat_pos pos;
	size_t len;
	char *text = slurp(name, &len);
	struct jsonstat_dataset *ds = jsonstat_read(text, len, &o, &pos, &err);

	if (!ds)
		fail_msg("%s:%d:%d: %s", name, pos.line, pos.column, err.msg);
	free(text);
	return ds;
}

/* "cat/cat/cat=value[status]" of value i. */
static void cell_text(const struct jsonstat_dataset *ds, size_t i, char *out,
		      size_t cap)
{
	size_t coords[8], used = 0;
	const struct jsonstat_value *v = &ds->values[i];

	jsonstat_cell_coords(ds, v->cell, coords);
	for (size_t k = 0; k < ds->ndims; k++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s",
					 k ? "/" : "",
					 ds->dims[k].cats[coords[k]].id);
	snprintf(
	    out + used, cap - used, "=%g%s%s%s", v->value, v->status ? "[" : "",
	    v->status ? ds->statuses[v->status - 1] : "", v->status ? "]" : "");
}

static void expect_cells(const struct jsonstat_dataset *ds,
			 const char *const *want, size_t n)
{
	char got[256];

	assert_int_equal(ds->nvalues, n);
	for (size_t i = 0; i < n; i++) {
		cell_text(ds, i, got, sizeof(got));
		assert_string_equal(got, want[i]);
	}
}

static void test_ssb_dense_status_object(void **state)
{
	static const char *const want[] = {
	    "0301/Sysselsatte/2022=4100",    "0301/Sysselsatte/2023=4350.5",
	    "0301/Sysselsatte/2024=4600[p]", "4601/Sysselsatte/2022=2100",
	    "4601/Sysselsatte/2024=2300[p]",
	};
	struct jsonstat_dataset *ds = read_file(FIX "ssb-dense.json", NULL);
	struct err err = ERR_INIT;
	size_t t, c;

	(void)state;
	assert_int_equal(ds->ndims, 3);
	assert_int_equal(ds->ncells, 6);
	assert_int_equal(ds->nmissing, 1);
	assert_string_equal(ds->label, "Sysselsatte i helsenæringen, etter "
				       "region, statistikkvariabel og år");
	expect_cells(ds, want, 5);
	assert_int_equal(jsonstat_time_dim(ds, NULL, &t, &err), 0);
	assert_string_equal(ds->dims[t].id, "Tid");
	assert_true(ds->dims[t].role_time);
	/* Categories by id and by label. */
	assert_int_equal(jsonstat_find_category(&ds->dims[0], "4601", &c, &err),
			 0);
	assert_int_equal(c, 1);
	assert_int_equal(jsonstat_find_category(&ds->dims[0], "Oslo", &c, &err),
			 0);
	assert_int_equal(c, 0);
	assert_int_equal(
	    jsonstat_find_category(&ds->dims[0], "Tromsø", &c, &err), -1);
	assert_non_null(strstr(err.msg, "0301 (Oslo), 4601 (Bergen)"));
	assert_int_equal(jsonstat_find_dim(ds, "statistikkvariabel", &c, &err),
			 0);
	assert_int_equal(c, 1);
	jsonstat_dataset_free(ds);
	jsonstat_dataset_free(NULL);
}

static void test_sparse_values_status_array(void **state)
{
	static const char *const want[] = {
	    "industri/2024K1=12",      "industri/2024K2=15[p]",
	    "industri/2024K4=9.5[..]", "akademia/2024K1=30",
	    "akademia/2024K4=28[p]",
	};
	struct jsonstat_dataset *ds =
	    read_file(FIX "sparse-status-array.json", NULL);

	(void)state;
	assert_int_equal(ds->ncells, 8);
	assert_int_equal(ds->nmissing, 3);
	assert_true(ds->dims[0].index_is_array);
	assert_string_equal(ds->dims[0].cats[1].label, "Akademisk");
	/* No label given: the id. */
	assert_string_equal(ds->dims[1].cats[0].label, "2024K1");
	expect_cells(ds, want, 5);
	jsonstat_dataset_free(ds);
}

static void test_collection_choice(void **state)
{
	struct jsonstat_dataset *ds = read_file(FIX "collection.json", NULL);
	struct jsonstat_pos pos;
	struct err err = ERR_INIT;
	struct jsonstat_read_opts o = {"Ingen"};
	size_t len;
	char *text;

	(void)state;
	assert_int_equal(ds->ndatasets, 2);
	assert_int_equal(ds->index, 0);
	assert_string_equal(ds->label, "Eksport");
	assert_int_equal(ds->nvalues, 2);
	jsonstat_dataset_free(ds);
	ds = read_file(FIX "collection.json", "2");
	assert_string_equal(ds->label, "Omsetning");
	assert_string_equal(ds->path, "link.item[1].");
	assert_int_equal(ds->nvalues, 3);
	assert_string_equal(ds->statuses[ds->values[2].status - 1], "p");
	jsonstat_dataset_free(ds);
	ds = read_file(FIX "collection.json", "Omsetning");
	assert_int_equal(ds->index, 1);
	jsonstat_dataset_free(ds);
	ds = read_file(FIX "collection.json",
		       "https://example.org/helsenaering/eksport");
	assert_int_equal(ds->index, 0);
	jsonstat_dataset_free(ds);
	text = slurp(FIX "collection.json", &len);
	assert_null(jsonstat_read(text, len, &o, &pos, &err));
	assert_non_null(strstr(err.msg, "no dataset \"Ingen\" (it has 2"));
	free(text);
}

static void test_four_dims_single_category_status_string(void **state)
{
	struct jsonstat_dataset *ds =
	    read_file(FIX "monthly-three-dims.json", NULL);
	char got[128];

	(void)state;
	assert_int_equal(ds->ndims, 4);
	assert_int_equal(ds->dims[1].ncats, 1);
	/* No index: the one category of label. */
	assert_string_equal(ds->dims[1].cats[0].id, "30");
	assert_string_equal(ds->dims[2].cats[1].id, "offentlig");
	assert_false(ds->dims[2].index_is_array);
	assert_int_equal(ds->nvalues, 7);
	cell_text(ds, 6, got, sizeof(got));
	assert_string_equal(got, "Vestland/30/offentlig/2025M02=0.75[.]");
	jsonstat_dataset_free(ds);
}

static void test_time_dimension_by_name(void **state)
{
	struct jsonstat_dataset *ds =
	    read_file(FIX "quarters-named-aar.json", NULL);
	struct err err = ERR_INIT;
	size_t t;

	(void)state;
	assert_int_equal(jsonstat_time_dim(ds, NULL, &t, &err), 0);
	assert_string_equal(ds->dims[t].id, "År");
	assert_int_equal(jsonstat_time_dim(ds, "Næring", &t, &err), 0);
	assert_int_equal(t, 0);
	assert_int_equal(jsonstat_time_dim(ds, "Måned", &t, &err), -1);
	assert_non_null(strstr(err.msg, "it has: Næring, År"));
	jsonstat_dataset_free(ds);
	ds = read_file(FIX "no-time.json", NULL);
	assert_int_equal(jsonstat_time_dim(ds, NULL, &t, &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(err.msg, "region (Region), sektor"));
	jsonstat_dataset_free(ds);
}

/* text must be refused with code, at line:column, saying `words`. */
static void refuse(const char *text, enum err_code code, int line, int column,
		   const char *words)
{
	struct err err = ERR_INIT;
	struct jsonstat_pos pos;

	assert_null(jsonstat_read(text, strlen(text), NULL, &pos, &err));
	if (err.code != code || pos.line != line || pos.column != column ||
	    !strstr(err.msg, words))
		fail_msg("got %d at %d:%d: %s", err.code, pos.line, pos.column,
			 err.msg);
}

static void refuse_file(const char *name, int line, int column,
			const char *words)
{
	struct err err = ERR_INIT;
	struct jsonstat_pos pos;
	size_t len;
	char *text = slurp(name, &len);

	assert_null(jsonstat_read(text, len, NULL, &pos, &err));
	if (pos.line != line || pos.column != column || !strstr(err.msg, words))
		fail_msg("%s: got %d:%d: %s", name, pos.line, pos.column,
			 err.msg);
	free(text);
}

static void test_bad_fixtures(void **state)
{
	(void)state;
	refuse_file(FIX "truncated.json", 4, 17, "cut short");
	refuse_file(FIX "wrong-size.json", 6, 11,
		    "has 5 entries, but the sizes multiply to 6");
	refuse_file(FIX "version1.json", 1, 1, "JSON-stat version 1");
	refuse_file(FIX "bad-value.json", 5, 4, "expected a number or null");
	refuse_file(FIX "wrong-category-count.json", 3, 36,
		    "has 2 categories but \"size\" says 3");
}

#define DS(dims, value)                                                        \
	"{\"version\":\"2.0\",\"class\":\"dataset\"," dims ",\"value\":" value \
	"}"
#define TID3                                                                   \
	"\"id\":[\"Tid\"],\"size\":[3],\"dimension\":{\"Tid\":{\"category\":"  \
	"{\"index\":[\"2022\",\"2023\",\"2024\"]}}}"

static void test_bad_syntax(void **state)
{
	(void)state;
	refuse("", ERR_INVALID, 1, 1, "empty");
	refuse("[1, 2", ERR_INVALID, 1, 6, "ends inside an array");
	refuse("{\"a\": 1} x", ERR_INVALID, 1, 10, "after the end");
	refuse("{\"a\" 1}", ERR_INVALID, 1, 6, "expected ':'");
	refuse("{\"a\": tru}", ERR_INVALID, 1, 7, "expected a value");
	refuse("{\"a\": \"\\x\"}", ERR_INVALID, 1, 8, "escape");
	refuse("{\"a\": 01}", ERR_INVALID, 1, 8, "expected ',' or '}'");
	refuse("{\"a\": 1, \"a\": 2}", ERR_INVALID, 1, 13, "duplicate");
	refuse("[1]", ERR_UNPROCESSABLE, 1, 1, "expected a JSON object");
}

static void test_bad_structure(void **state)
{
	(void)state;
	refuse("{\"class\": \"dataset\"}", ERR_UNPROCESSABLE, 1, 1,
	       "\"version\": \"2.0\" and \"class\" are missing");
	refuse("{\"version\": \"1.0\", \"class\": \"dataset\"}",
	       ERR_UNPROCESSABLE, 1, 13, "expected \"version\": \"2.0\"");
	refuse("{\"version\": \"2.0\", \"class\": \"dimension\"}",
	       ERR_UNPROCESSABLE, 1, 29, "holds no values");
	refuse("{\"version\": \"2.0\", \"class\": \"dataset\", \"id\": []}",
	       ERR_UNPROCESSABLE, 1, 1, "has no \"value\"");
	refuse(DS("\"id\":[\"Tid\"],\"size\":[3,1],\"dimension\":{}", "[]"),
	       ERR_UNPROCESSABLE, 1, 56, "one category count per dimension");
	refuse(DS("\"id\":[\"Tid\"],\"size\":[3],\"dimension\":{}", "[]"),
	       ERR_UNPROCESSABLE, 1, 72, "does not describe it");
	refuse(DS("\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{"
		  "\"category\":{\"index\":{\"x\":0,\"y\":0}}}}",
		  "[1,2]"),
	       ERR_UNPROCESSABLE, 1, 87, "that no other category has");
	refuse(DS("\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{"
		  "\"category\":{\"index\":[\"x\",\"x\"]}}}",
		  "[1,2]"),
	       ERR_UNPROCESSABLE, 1, 87, "appears twice");
	refuse(
	    DS("\"id\":[\"a\"],\"size\":[1],\"dimension\":{\"a\":{}}", "[1]"),
	    ERR_UNPROCESSABLE, 1, 75, "has no \"category\" object");
}

static void test_bad_values_and_statuses(void **state)
{
	(void)state;
	refuse(DS(TID3, "[1,2,3,4]"), ERR_UNPROCESSABLE, 1, 141,
	       "more entries than the 3 cells");
	refuse(DS(TID3, "{\"0\":1,\"3\":2}"), ERR_UNPROCESSABLE, 1, 141,
	       "cell number from 0 to 2");
	refuse(DS(TID3, "{\"1\":1,\"x\":2}"), ERR_UNPROCESSABLE, 1, 141,
	       "cell number");
	refuse(DS(TID3, "{\"2\":1,\"0\":2,\"2\":3}"), ERR_UNPROCESSABLE, 1, 134,
	       "cell 2 has more than one value");
	/* A key past 2^64 wrapped around to a small cell number and was
	 * taken (2^64 + 1 read as cell 1). */
	refuse(DS(TID3, "{\"18446744073709551617\":1}"), ERR_UNPROCESSABLE,
	       1, 135, "cell number from 0 to 2");
	refuse(DS(TID3, "{\"99999999999999999999\":1}"), ERR_UNPROCESSABLE,
	       1, 135, "cell number from 0 to 2");
	refuse(DS(TID3, "[1,true,3]"), ERR_UNPROCESSABLE, 1, 137,
	       "number or null");
	refuse(DS(TID3, "\"x\""), ERR_UNPROCESSABLE, 1, 134,
	       "array or an object");
	refuse(DS(TID3 ",\"status\":[\"a\",\"b\"]", "[1,2,3]"),
	       ERR_UNPROCESSABLE, 1, 135, "one entry per cell (3), but has 2");
	refuse(DS(TID3 ",\"status\":[1,2,3]", "[1,2,3]"), ERR_UNPROCESSABLE, 1,
	       136, "status string or null");
	refuse(DS(TID3 ",\"status\":\"0123456789012345678901234567890123456"
		       "789012345678901234567890123456789\"",
		  "[1,2,3]"),
	       ERR_UNPROCESSABLE, 1, 135, "at most 64 bytes");
}

static void test_escapes_and_null_status(void **state)
{
	static const char text[] = DS(
	    "\"id\":[\"sektor\",\"Tid\"],\"size\":[1,2],\"dimension\":{"
	    "\"sektor\":{\"category\":{\"index\":[\"\\u00e6\\u00f8\\u00e5\"],"
	    "\"label\":{\"æøå\":\"\\ud83d\\ude00\"}}},"
	    "\"Tid\":{\"category\":{\"index\":[\"2024\",\"2025\"]}}},"
	    "\"status\":{\"1\":\"for\\u0065l\\u00f8pig\",\"0\":null}",
	    "[ 1.5e2 , -0 ]");
	struct err err = ERR_INIT;
	struct jsonstat_dataset *ds =
	    jsonstat_read(text, strlen(text), NULL, NULL, &err);
	char got[128];

	(void)state;
	assert_non_null(ds);
	assert_string_equal(ds->dims[0].cats[0].id, "æøå");
	assert_string_equal(ds->dims[0].cats[0].label, "\xF0\x9F\x98\x80");
	cell_text(ds, 0, got, sizeof(got));
	assert_string_equal(got, "æøå/2024=150");
	cell_text(ds, 1, got, sizeof(got));
	assert_string_equal(got, "æøå/2025=-0[foreløpig]");
	jsonstat_dataset_free(ds);
}

static void test_empty_dimension(void **state)
{
	static const char text[] =
	    DS("\"id\":[\"Tid\"],\"size\":[0],\"dimension\":{\"Tid\":{"
	       "\"category\":{\"index\":[]}}}",
	       "[]");
	struct err err = ERR_INIT;
	struct jsonstat_dataset *ds =
	    jsonstat_read(text, strlen(text), NULL, NULL, &err);

	(void)state;
	assert_non_null(ds);
	assert_int_equal(ds->ncells, 0);
	assert_int_equal(ds->nvalues, 0);
	jsonstat_dataset_free(ds);
}

static const struct jsonstat_obs series_obs[] = {
    {"2024", "", 25.9, "final", NULL, "lmi"},
    {"2024", "", 29, "final", NULL, "menon"},
    {"2023", "region=Oslo", 1.25, "preliminary", "p", "ssb"},
    {"2023", "", 27, "final", NULL, "ssb"},
    {"2025-Q1", "region=Oslo", 2, "forecast", NULL, NULL},
};

static void test_write_and_read_back(void **state)
{
	struct jsonstat_series s = {"I-X", "Eksport",  "mrd. NOK", "Kilde",
				    NULL,  series_obs, 5};
	struct err err = ERR_INIT;
	json_t *js = jsonstat_write(&s, &err);
	char *text = json_dumps(js, JSON_COMPACT);
	struct jsonstat_dataset *ds;
	json_t *alt;
	char got[128];

	(void)state;
	assert_non_null(js);
	assert_string_equal(json_string_value(json_object_get(js, "version")),
			    "2.0");
	/* Times sorted; the total first among breakdowns. */
	assert_string_equal(
	    json_string_value(json_array_get(
		json_object_get(
		    json_object_get(
			json_object_get(json_object_get(js, "dimension"),
					"time"),
			"category"),
		    "index"),
		2)),
	    "2025-Q1");
	alt = json_object_get(json_object_get(js, "extension"), "alternatives");
	assert_int_equal(json_array_size(alt), 1);
	assert_int_equal(json_integer_value(
			     json_object_get(json_array_get(alt, 0), "value")),
			 29);
	ds = jsonstat_read(text, strlen(text), NULL, NULL, &err);
	assert_non_null(ds);
	assert_int_equal(ds->nvalues, 4);
	cell_text(ds, 0, got, sizeof(got));
	assert_string_equal(got, "I-X/2023/_T=27");
	cell_text(ds, 1, got, sizeof(got));
	assert_string_equal(got, "I-X/2023/region=Oslo=1.25[p]");
	cell_text(ds, 2, got, sizeof(got));
	assert_string_equal(got, "I-X/2024/_T=25.9");
	cell_text(ds, 3, got, sizeof(got));
	assert_string_equal(got, "I-X/2025-Q1/region=Oslo=2");
	jsonstat_dataset_free(ds);
	free(text);
	json_decref(js);
}

static void test_write_sparse_and_empty(void **state)
{
	static const struct jsonstat_obs diag[] = {
	    {"2021", "a=1", 1, "final", NULL, NULL},
	    {"2022", "a=2", 2, "final", NULL, NULL},
	    {"2023", "a=3", 3, "final", NULL, NULL},
	};
	struct jsonstat_series s = {"I", NULL, NULL, NULL, NULL, diag, 3};
	struct err err = ERR_INIT;
	json_t *js = jsonstat_write(&s, &err);

	(void)state;
	/* 3 of 9 cells: a sparse object. */
	assert_true(json_is_object(json_object_get(js, "value")));
	assert_int_equal(json_object_size(json_object_get(js, "value")), 3);
	json_decref(js);
	s.nobs = 0;
	js = jsonstat_write(&s, &err);
	assert_int_equal(json_array_size(json_object_get(js, "value")), 0);
	json_decref(js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ssb_dense_status_object),
	    cmocka_unit_test(test_sparse_values_status_array),
	    cmocka_unit_test(test_collection_choice),
	    cmocka_unit_test(test_four_dims_single_category_status_string),
	    cmocka_unit_test(test_time_dimension_by_name),
	    cmocka_unit_test(test_bad_fixtures),
	    cmocka_unit_test(test_bad_syntax),
	    cmocka_unit_test(test_bad_structure),
	    cmocka_unit_test(test_bad_values_and_statuses),
	    cmocka_unit_test(test_escapes_and_null_status),
	    cmocka_unit_test(test_empty_dimension),
	    cmocka_unit_test(test_write_and_read_back),
	    cmocka_unit_test(test_write_sparse_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
