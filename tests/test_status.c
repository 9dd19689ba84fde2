/*
 * tests/test_status.c: the status vocabulary of status reports: the same
 * codes as the data model, definitions in three languages, default
 * progress, look-up by code and language, and the API's shape of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "model/entity.h"
#include "model/status.h"
#include "service/report.h"

static void test_codes_match_the_data_model(void **state)
{
	size_t n, i;
	const struct status_def *all = status_all(&n);

	(void)state;
	for (i = 0; report_statuses[i]; i++) {
		assert_true(i < n);
		assert_string_equal(all[i].code, report_statuses[i]);
		assert_int_equal(all[i].status, (int)i);
	}
	assert_int_equal(i, n);
}

static void test_every_status_is_defined_in_three_languages(void **state)
{
	const char *langs[] = { "nb", "nn", "en" };
	size_t n;
	const struct status_def *all = status_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(all[i].icon);
		assert_non_null(all[i].color);
		for (size_t k = 0; k < 3; k++) {
			const struct status_text *t =
				status_text(&all[i], langs[k]);

			assert_true(strlen(t->label) > 1);
			assert_true(strlen(t->definition) > 20);
		}
		/* Norwegian and English differ: nothing left untranslated. */
		assert_string_not_equal(all[i].nb.definition,
					all[i].en.definition);
	}
}

static void test_at_risk_is_phrased_as_a_consequence(void **state)
{
	const struct status_def *s = status_find("at_risk");

	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s->nb.definition,
			       "Tiltaket vil ikke nå målet eller fristen uten "
			       "at noen griper inn"));
	assert_non_null(strstr(s->nn.definition, "utan at nokon grip inn"));
	assert_non_null(strstr(s->en.definition,
			       "will miss its goal or deadline unless someone "
			       "intervenes"));
	assert_string_equal(s->en.label, "At risk");
}

static void test_default_progress(void **state)
{
	(void)state;
	assert_int_equal(status_find("not_started")->default_progress, 0);
	assert_int_equal(status_find("completed")->default_progress, 100);
	assert_int_equal(status_find("on_track")->default_progress,
			 STATUS_PROGRESS_KEEP);
	assert_int_equal(status_find("delayed")->default_progress,
			 STATUS_PROGRESS_KEEP);
}

static void test_find_refuses_unknown_codes(void **state)
{
	(void)state;
	assert_null(status_find(NULL));
	assert_null(status_find(""));
	assert_null(status_find("On_track"));
	assert_null(status_find("not_reported"));
	assert_null(status_find("on_track "));
	assert_int_equal(status_find("delayed")->status,
			 REPORT_STATUS_DELAYED);
}

static void test_language_choice(void **state)
{
	const struct status_def *s = status_find("delayed");

	(void)state;
	assert_ptr_equal(status_text(s, "en"), &s->en);
	assert_ptr_equal(status_text(s, "en-GB"), &s->en);
	assert_ptr_equal(status_text(s, "nn_NO"), &s->nn);
	assert_ptr_equal(status_text(s, "nb-NO"), &s->nb);
	/* Unknown, partial or absent: Bokmål, the portal's default. */
	assert_ptr_equal(status_text(s, "de"), &s->nb);
	assert_ptr_equal(status_text(s, "e"), &s->nb);
	assert_ptr_equal(status_text(s, "eng"), &s->nb);
	assert_ptr_equal(status_text(s, ""), &s->nb);
	assert_ptr_equal(status_text(s, NULL), &s->nb);
	assert_string_equal(status_text(s, "nn")->label, "Forseinka");
}

static void test_api_shape(void **state)
{
	json_t *out = service_statuses();
	json_t *items = json_object_get(out, "items");
	json_t *on_track = json_array_get(items, 1);
	json_t *completed = json_array_get(items, 4);

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 6);
	assert_string_equal(
		json_string_value(json_object_get(on_track, "code")),
		"on_track");
	assert_true(json_is_null(json_object_get(on_track,
						 "default_progress")));
	assert_int_equal(json_integer_value(json_object_get(
				 completed, "default_progress")),
			 100);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(completed, "label"), "nb")),
			    "Fullført");
	assert_int_equal(json_object_size(json_object_get(completed,
							  "definition")),
			 3);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_match_the_data_model),
		cmocka_unit_test(
			test_every_status_is_defined_in_three_languages),
		cmocka_unit_test(test_at_risk_is_phrased_as_a_consequence),
		cmocka_unit_test(test_default_progress),
		cmocka_unit_test(test_find_refuses_unknown_codes),
		cmocka_unit_test(test_language_choice),
		cmocka_unit_test(test_api_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
