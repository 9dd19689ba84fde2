/*
 * tests/test_edit_fields.c: the pure part of the edit forms
 * (web/edit_fields.h): which control each field type gets, the language
 * of _nb/_nn/_en fields, stored values shown as text and posted text read
 * back (numbers with spaces and commas, CR LF, empty text, JSON, boxes),
 * the kinds of problem worded by the page, problem paths, the text
 * filter and placeholders. And that every label, choice, list and
 * collection the edit forms ask the catalogs for is there in all three
 * languages, since those keys are built at run time from the descriptors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "service/write.h"
#include "web/edit_fields.h"
#include "web/i18n.h"

static const struct field_desc f_title = {
    "title_nb", FT_TEXT, FIELD_REQUIRED, 0, 200, NULL, NULL, NULL};
static const struct field_desc f_note = {"note", FT_TEXT, 0,	0,
					 2000,	 NULL,	  NULL, NULL};
static const struct field_desc f_long = {
    "description_nb", FT_TEXT, 0, 0, 20000, NULL, NULL, NULL};
static const struct field_desc f_int = {
    "amount_nok", FT_INT, 0, 0, INT64_C(1000000000000000), NULL, NULL, NULL};
static const struct field_desc f_num = {"value", FT_NUM, 0,    0,
					0,	 NULL,	 NULL, NULL};
static const struct field_desc f_bool = {
    "text_truncated", FT_BOOL, 0, 0, 0, NULL, NULL, "false"};
static const struct field_desc f_ref = {"source", FT_REF,    0,	   0,
					64,	  "sources", NULL, NULL};
static const struct field_desc f_refs = {"owners", FT_REFLIST, 0,    0,
					 200,	   "actors",   NULL, NULL};
static const struct field_desc f_json = {"rounds", FT_JSON, 0,	  0,
					 20000,	   NULL,    NULL, NULL};
static const struct field_desc f_date = {"due", FT_DATE, 0,    0,
					 10,	NULL,	 NULL, NULL};
static const char *const kinds[] = {"a", "b", NULL};
static const struct field_desc f_enum = {"kind", FT_ENUM, 0,	 0,
					 0,	 NULL,	  kinds, NULL};
static const struct field_desc f_url = {"url", FT_URL, 0,    0,
					2000,  NULL,   NULL, NULL};

static void test_controls(void **state)
{
	(void)state;
	assert_int_equal(edit_control_of(&f_title), EC_TEXT);
	assert_int_equal(edit_control_of(&f_note), EC_TEXTAREA);
	assert_int_equal(edit_control_of(&f_long), EC_TEXTAREA);
	assert_int_equal(edit_control_of(&f_int), EC_NUMBER);
	assert_int_equal(edit_control_of(&f_num), EC_DECIMAL);
	assert_int_equal(edit_control_of(&f_bool), EC_CHECKBOX);
	assert_int_equal(edit_control_of(&f_ref), EC_SELECT);
	assert_int_equal(edit_control_of(&f_enum), EC_SELECT);
	assert_int_equal(edit_control_of(&f_refs), EC_CHECKBOXES);
	assert_int_equal(edit_control_of(&f_json), EC_JSON);
	assert_int_equal(edit_control_of(&f_date), EC_DATE);
	assert_int_equal(edit_control_of(&f_url), EC_TEXT);
}

static void test_languages_and_labels(void **state)
{
	char base[EDIT_NAME_MAX], key[96];

	(void)state;
	assert_int_equal(edit_field_lang("title_nb", base, sizeof(base)), 0);
	assert_string_equal(base, "title");
	assert_int_equal(edit_field_lang("description_nn", base, sizeof(base)),
			 1);
	assert_string_equal(base, "description");
	assert_int_equal(edit_field_lang("name_en", base, sizeof(base)), 2);
	assert_int_equal(edit_field_lang("orgnr", base, sizeof(base)), -1);
	assert_string_equal(base, "orgnr");
	/* A field called just "_nb" has no base: not a language field. */
	assert_int_equal(edit_field_lang("_nb", base, sizeof(base)), -1);
	edit_label_key("title_en", key, sizeof(key));
	assert_string_equal(key, "edit.field.title");
	edit_label_key("amount_nok", key, sizeof(key));
	assert_string_equal(key, "edit.field.amount_nok");
}

static void shows(const struct field_desc *f, json_t *v, const char *want)
{
	struct buf b = BUF_INIT;

	edit_value_text(f, v, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
	json_decref(v);
}

static void test_value_text(void **state)
{
	(void)state;
	shows(&f_title, json_string("Åpne <data>"), "Åpne <data>");
	shows(&f_int, json_integer(1250000), "1250000");
	shows(&f_num, json_real(0.5), "0.5");
	shows(&f_num, json_real(0.1), "0.1");
	shows(&f_num, json_real(1.0 / 3), "0.3333333333333333");
	shows(&f_bool, json_true(), "true");
	shows(&f_bool, json_false(), "");
	shows(&f_title, json_null(), "");
	shows(&f_title, NULL, "");
	/* A source reference in the API shape is shown by its id. */
	shows(&f_ref, json_pack("{s:s,s:s}", "id", "S1", "title", "Brev"),
	      "S1");
	shows(&f_json, json_pack("[i]", 1), "[\n  1\n]");
}

/* The JSON text of what edit_value_parse makes of text ("" for NULL). */
static void parses(const struct field_desc *f, const char *text,
		   const char *want)
{
	json_t *v = edit_value_parse(f, text);
	char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	assert_string_equal(s ? s : "", want);
	free(s);
	json_decref(v);
}

static void test_value_parse(void **state)
{
	(void)state;
	parses(&f_title, "  Tittel  ", "\"Tittel\"");
	parses(&f_title, "", "");
	parses(&f_title, "   \r\n ", "");
	parses(&f_title, NULL, "");
	parses(&f_long, "a\r\nb\r\n\r\nc", "\"a\\nb\\n\\nc\"");
	parses(&f_int, "1 250 000", "1250000");
	parses(&f_int,
	       "1\xc2\xa0"
	       "000",
	       "1000");
	parses(&f_int, "-3", "-3");
	/* Not a number: given on as text, for the service to refuse. */
	parses(&f_int, "tolv", "\"tolv\"");
	parses(&f_int, "1,5", "\"1,5\"");
	parses(&f_num, "12,5", "12.5");
	parses(&f_num, "0.25", "0.25");
	parses(&f_num, "abc", "\"abc\"");
	parses(&f_bool, "true", "true");
	parses(&f_bool, NULL, "false");
	parses(&f_json, "[{\"year\": 2025}]", "[{\"year\":2025}]");
	parses(&f_json, "[oops", "\"[oops\"");
	parses(&f_ref, "S1", "\"S1\"");
	parses(&f_enum, "zzz", "\"zzz\"");
}

static void test_problem_kinds(void **state)
{
	char big[300];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(edit_problem_of(&f_title, "", "is required"),
			 EP_REQUIRED);
	assert_int_equal(edit_problem_of(&f_title, NULL, "whatever"),
			 EP_REQUIRED);
	assert_int_equal(edit_problem_of(&f_title, big, "is too long"),
			 EP_TOO_LONG);
	assert_int_equal(edit_problem_of(&f_note, "a\x01", "control"), EP_TEXT);
	assert_int_equal(edit_problem_of(&f_enum, "zzz", "expected one of"),
			 EP_NOT_IN_LIST);
	assert_int_equal(edit_problem_of(&f_date, "2025-02-30", "no day"),
			 EP_DATE);
	assert_int_equal(edit_problem_of(&f_ref, "NOPE", "no record"),
			 EP_REFERENCE);
	assert_int_equal(edit_problem_of(&f_refs, "NOPE", "no record"),
			 EP_REFERENCE);
	assert_int_equal(edit_problem_of(&f_int, "tolv", "expected"),
			 EP_INTEGER);
	assert_int_equal(edit_problem_of(&f_num, "abc", "expected"), EP_NUMBER);
	assert_int_equal(edit_problem_of(&f_url, "ftp://x", "http"), EP_URL);
	assert_int_equal(edit_problem_of(&f_json, "[oops", "expected"),
			 EP_JSON);
	assert_int_equal(edit_problem_of(NULL, "x",
					 "repeats an earlier "
					 "entry with the same id"),
			 EP_DUPLICATE);
	assert_int_equal(edit_problem_of(NULL, "x", "something else"),
			 EP_OTHER);
	assert_null(edit_problem_key(EP_OTHER));
	assert_string_equal(edit_problem_key(EP_REQUIRED), "edit.err.required");
	assert_string_equal(edit_problem_key(EP_DUPLICATE),
			    "edit.err.duplicate");
}

static void test_paths(void **state)
{
	struct edit_path p;

	(void)state;
	assert_int_equal(edit_path_parse("title_nb", &p), 0);
	assert_string_equal(p.name, "title_nb");
	assert_int_equal(p.index, -1);
	assert_string_equal(p.sub, "");
	assert_int_equal(edit_path_parse("owners[12]", &p), 0);
	assert_string_equal(p.name, "owners");
	assert_int_equal(p.index, 12);
	assert_string_equal(p.sub, "");
	assert_int_equal(edit_path_parse("responsible[2].actor", &p), 0);
	assert_string_equal(p.name, "responsible");
	assert_int_equal(p.index, 2);
	assert_string_equal(p.sub, "actor");
	assert_int_equal(edit_path_parse("", &p), 0);
	assert_string_equal(p.name, "");
	assert_int_equal(edit_path_parse("a.b", &p), -1);
	assert_int_equal(edit_path_parse("a[x]", &p), -1);
	assert_int_equal(edit_path_parse("a[-1]", &p), -1);
	assert_int_equal(edit_path_parse("a[1]b", &p), -1);
	assert_int_equal(edit_path_parse("a[1].b[2].c", &p), -1);
	assert_int_equal(edit_path_parse("a[1].", &p), -1);
}

static void test_contains(void **state)
{
	(void)state;
	assert_true(edit_contains("Innovasjon Norge", "norge"));
	assert_true(edit_contains("Innovasjon Norge", "INNOV"));
	assert_true(edit_contains("Øst & Vest", "øst"));
	assert_true(edit_contains("Åpne data", "åpne"));
	assert_true(edit_contains("HELSEØKONOMI", "økonomi"));
	assert_true(edit_contains("V-TP-1", ""));
	assert_false(edit_contains("V-TP-1", "V-TP-2"));
	assert_false(edit_contains(NULL, "x"));
	assert_false(edit_contains("abc", "abcd"));
}

static void test_fill(void **state)
{
	struct buf b = BUF_INIT;
	const char *args[] = {"Tittel", "200"};

	(void)state;
	edit_fill(&b, "{1} kan ha høyst {2} tegn, {3}.", args, 2);
	assert_string_equal(buf_cstr(&b), "Tittel kan ha høyst 200 tegn, {3}.");
	buf_reset(&b);
	/* Arguments are plain text: an escaper comes later. */
	args[0] = "<b>";
	edit_fill(&b, "{1}{", args, 1);
	assert_string_equal(buf_cstr(&b), "<b>{");
	buf_release(&b);
}

/* Every key the edit forms build at run time is in every catalog. */
static void need(const char *key)
{
	for (int l = 0; l < LANG_COUNT; l++)
		if (!i18n_has((enum lang)l, key))
			fail_msg("missing key %s in %s", key,
				 lang_code((enum lang)l));
}

static void need_fields(const struct field_desc *f, size_t n)
{
	char key[128];

	for (size_t i = 0; i < n; i++) {
		edit_label_key(f[i].name, key, sizeof(key));
		need(key);
		for (size_t k = 0; f[i].values && f[i].values[k]; k++) {
			snprintf(key, sizeof(key), "edit.enum.%s",
				 f[i].values[k]);
			need(key);
		}
		if (f[i].ref) {
			snprintf(key, sizeof(key), "edit.coll.%s", f[i].ref);
			need(key);
		}
	}
}

static void test_catalog_keys(void **state)
{
	char key[128];

	(void)state;
	assert_int_equal(i18n_init(NULL), 0);
	for (size_t i = 0; i < entity_count; i++) {
		const struct entity_desc *e = entity_all[i];

		snprintf(key, sizeof(key), "edit.coll.%s", e->collection);
		need(key);
		if (!service_writable(e))
			continue;
		snprintf(key, sizeof(key), "edit.new.%s", e->collection);
		need(key);
		need_fields(e->fields, e->nfields);
		for (size_t c = 0; c < e->nchildren; c++) {
			snprintf(key, sizeof(key), "edit.child.%s",
				 e->children[c].name);
			need(key);
			snprintf(key, sizeof(key), "edit.save.%s",
				 e->children[c].name);
			need(key);
			need_fields(e->children[c].fields,
				    e->children[c].nfields);
		}
	}
	for (int p = EP_REQUIRED; p <= EP_DUPLICATE; p++)
		need(edit_problem_key((enum edit_problem)p));
	need("edit.coll.users");
	need("edit.coll.closures");
	for (int l = 0; l < LANG_COUNT; l++) {
		snprintf(key, sizeof(key), "edit.lang.%s",
			 lang_code((enum lang)l));
		need(key);
		snprintf(key, sizeof(key), "edit.lang.in.%s",
			 lang_code((enum lang)l));
		need(key);
	}
	need("edit.row.in");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_controls),
	    cmocka_unit_test(test_languages_and_labels),
	    cmocka_unit_test(test_value_text),
	    cmocka_unit_test(test_value_parse),
	    cmocka_unit_test(test_problem_kinds),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_contains),
	    cmocka_unit_test(test_fill),
	    cmocka_unit_test(test_catalog_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
