/*
 * tests/test_opendata.c: the DCAT-AP-NO catalogue, the downloads, the
 * bundle and its data dictionary (service/opendata.c), and the zip writer
 * under them (formats/zip_write.c), on the seeded database. Only approved
 * reports are published; the same data gives the same bundle bytes.
 */
#include "fixture.h"

#include <jansson.h>
#include <zip.h>

#include "formats/xlsx_read.h"
#include "formats/zip_write.h"
#include "model/entity.h"
#include "service/import.h"
#include "service/opendata.h"
#include "util/config.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

/*
 * The seeded database (with one approved and one draft report) is made
 * once and copied for each test.
 */
static struct fixture *seeded;

static int group_setup(void **state)
{
	static const char reports[] = HEAD
		"\"reports\": [{\"id\": \"R-OK\", \"measure\": \"V-TP-1\", "
		"\"period\": \"2025-T2\", \"state\": \"approved\", \"status\": "
		"\"on_track\", \"progress\": 40},"
		"{\"id\": \"R-DRAFT\", \"measure\": \"V-TP-2\", \"period\": "
		"\"2025-T2\", \"state\": \"draft\", \"done_text\": "
		"\"hemmelig utkast\"}]}";
	struct import_result res;
	struct err err = ERR_INIT;
	size_t len;
	const char *seed = service_seed_json(&len);

	(void)state;
	seeded = fixture_new();
	assert_int_equal(service_import(seeded->st, "seed", seed, len, &res,
					NULL, &err),
			 0);
	assert_int_equal(service_import(seeded->st, "r", reports,
					strlen(reports), &res, NULL, &err),
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

static struct config config(const char *name, const char *orgnr)
{
	struct config c;

	memset(&c, 0, sizeof(c));
	c.base_url = "https://veikart.example.no/";
	c.operator_name = name;
	c.operator_orgnr = orgnr;
	return c;
}

static json_t *dataset(json_t *catalog, const char *coll)
{
	json_t *d;
	size_t i;
	char want[128];

	snprintf(want, sizeof(want),
		 "https://veikart.example.no/api/v1/datasets/%s", coll);
	json_array_foreach(json_object_get(catalog, "dcat:dataset"), i, d)
		if (!strcmp(json_string_value(json_object_get(d, "@id")), want))
			return d;
	fail_msg("no dataset %s", coll);
	return NULL;
}

static void test_catalog(void **state)
{
	struct fixture *fx = *state;
	struct config c = config("Nærings- og fiskeridepartementet",
				 "912660680");
	struct err err = ERR_INIT;
	json_t *cat = service_opendata_catalog(fx->st, &c, &err), *d, *dist;

	assert_non_null(cat);
	assert_string_equal(json_string_value(json_object_get(cat, "@type")),
			    "dcat:Catalog");
	assert_int_equal(json_array_size(json_object_get(cat, "dcat:dataset")),
			 14);
	d = dataset(cat, "measures");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(d, "dct:publisher"), "dct:identifier")),
		"912660680");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(d, "dct:license"), "@id")),
			    OPENDATA_LICENSE);
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(d, "dct:title"), 0),
			"@value")),
		"Tiltak");
	dist = json_object_get(d, "dcat:distribution");
	assert_int_equal(json_array_size(dist), 3);
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_array_get(dist, 1),
					"dcat:downloadURL"),
			"@id")),
		"https://veikart.example.no/api/v1/datasets/measures.csv");
	assert_non_null(json_object_get(d, "dct:modified"));
	d = dataset(cat, "reports");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(d, "dct:temporal"),
					"dcat:startDate"),
			"@value")),
		"2025-05-01");
	d = dataset(cat, "indicators");
	assert_non_null(json_object_get(d, "dct:temporal"));
	json_decref(cat);
}

static void test_publisher_without_configuration(void **state)
{
	struct fixture *fx = *state;
	struct config c = config(NULL, "123456789");	/* fails MOD11 */
	struct err err = ERR_INIT;
	json_t *cat = service_opendata_catalog(fx->st, &c, &err);
	json_t *p = json_object_get(cat, "dct:publisher");

	assert_non_null(strstr(json_string_value(json_object_get(p,
								 "foaf:name")),
			       "VEIKART_OPERATOR_NAME is not set"));
	assert_null(json_object_get(p, "dct:identifier"));
	assert_null(json_object_get(p, "@id"));
	json_decref(cat);
	assert_null(service_opendata_dataset(fx->st, &c, "users", &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
}

static void test_only_approved_reports_published(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	struct buf out = BUF_INIT;
	const char *type;

	assert_int_equal(service_opendata_file(fx->st, "reports.csv", &out,
					       &type, &err),
			 0);
	assert_string_equal(type, "text/csv; charset=utf-8");
	assert_non_null(strstr(buf_cstr(&out), "R-OK"));
	assert_null(strstr(buf_cstr(&out), "R-DRAFT"));
	buf_reset(&out);
	assert_int_equal(service_opendata_file(fx->st, "reports.json", &out,
					       &type, &err),
			 0);
	assert_null(strstr(buf_cstr(&out), "hemmelig"));
	assert_non_null(strstr(buf_cstr(&out), "veikart-interchange"));
	buf_release(&out);
}

static void test_downloads(void **state)
{
	struct fixture *fx = *state;
	struct err err = ERR_INIT;
	struct buf out = BUF_INIT;
	struct xlsx_book book = XLSX_BOOK_INIT;
	const char *type;

	assert_int_equal(service_opendata_file(fx->st, "measures.xlsx", &out,
					       &type, &err),
			 0);
	assert_int_equal(xlsx_read(out.buf, out.len, NULL, &book, &err), 0);
	assert_string_equal(book.sheets[0].name, "measures");
	assert_string_equal(book.sheets[0].rows[0].cells[0], "id");
	assert_int_equal(book.sheets[0].nrows, 45);	/* header + 44 */
	xlsx_book_release(&book);
	assert_int_equal(service_opendata_file(fx->st, "measures.pdf", &out,
					       &type, &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(service_opendata_file(fx->st, "users.csv", &out,
					       &type, &err),
			 -1);
	assert_int_equal(service_opendata_file(fx->st, "measures", &out, &type,
					       &err),
			 -1);
	buf_release(&out);
}

/* The entries of a zip in memory, name -> size. */
static json_t *zip_entries(const struct buf *b)
{
	zip_source_t *src = zip_source_buffer_create(b->buf, b->len, 0, NULL);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, NULL);
	json_t *out = json_object();

	assert_non_null(za);
	for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
		zip_stat_t st;

		assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st),
				 0);
		json_object_set_new(out, st.name,
				    json_integer((json_int_t)st.size));
	}
	zip_discard(za);
	return out;
}

static size_t published_columns(void)
{
	size_t n = 0;

	for (size_t k = 0; k < entity_count; k++)
		if (entity_all[k]->in_api ||
		    !strcmp(entity_all[k]->collection, "reports"))
			n += entity_all[k]->nfields + entity_all[k]->nchildren;
	return n;
}

static void test_bundle(void **state)
{
	struct fixture *fx = *state;
	struct config c = config("NFD", NULL);
	struct err err = ERR_INIT;
	struct buf a = BUF_INIT, b = BUF_INIT, dict = BUF_INIT;
	json_t *entries;
	size_t lines = 0;

	assert_int_equal(service_opendata_bundle(fx->st, &c, &a, &err), 0);
	assert_int_equal(service_opendata_bundle(fx->st, &c, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	entries = zip_entries(&a);
	assert_int_equal(json_object_size(entries), 4 + 2 * 14);
	assert_non_null(json_object_get(entries, "csv/measures.csv"));
	assert_non_null(json_object_get(entries, "json/reports.json"));
	assert_non_null(json_object_get(entries, "data-dictionary.md"));
	assert_non_null(json_object_get(entries, "catalog.jsonld"));
	json_decref(entries);
	service_opendata_dictionary_csv(&dict);
	for (const char *p = buf_cstr(&dict); *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, published_columns() + 1);
	assert_non_null(strstr(buf_cstr(&dict),
			       "measures,responsible,list,no,yes,"));
	buf_reset(&dict);
	service_opendata_dictionary_md(&dict);
	assert_non_null(strstr(buf_cstr(&dict), "## focus-areas"));
	assert_non_null(strstr(buf_cstr(&dict), "| title_nn | text | no | yes "
						"| In Norwegian Nynorsk."));
	buf_release(&a);
	buf_release(&b);
	buf_release(&dict);
}

static void test_zip_writer(void **state)
{
	struct zip_write_entry e[3] = { { "a/æ.txt", "æøå", 6 },
					{ "b", "", 0 },
					{ "a/æ.txt", "x", 1 } };
	struct buf out = BUF_INIT;
	struct err err = ERR_INIT;
	json_t *entries;

	(void)state;
	assert_int_equal(zip_write_entries(e, 3, 0, &out, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	e[2].name = "";
	assert_int_equal(zip_write_entries(e, 3, 0, &out, &err), -1);
	assert_int_equal(zip_write_entries(e, 2, 0, &out, &err), 0);
	entries = zip_entries(&out);
	assert_int_equal(json_integer_value(json_object_get(entries,
							    "a/æ.txt")),
			 6);
	assert_int_equal(json_integer_value(json_object_get(entries, "b")), 0);
	json_decref(entries);
	buf_release(&out);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_catalog),
		T(test_publisher_without_configuration),
		T(test_only_approved_reports_published),
		T(test_downloads),
		T(test_bundle),
		cmocka_unit_test(test_zip_writer),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
