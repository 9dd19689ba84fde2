/*
 * tests/test_progress.c: the progress class of an indicator
 * (model/progress.h): each class, "lower is better", zero and negative
 * values (linear rates), missing inputs, custom thresholds, the time of a
 * period, and the calculation text in nb, nn and en.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "model/progress.h"

/* Higher is better, baseline 22 (2021), target 50 (2030): the health
 * industry's export goal. */
static struct progress_input export_goal(double current, double when)
{
	struct progress_input in = {
	    .has_baseline = true,
	    .baseline = 22,
	    .baseline_year = 2021,
	    .has_target = true,
	    .target = 50,
	    .target_year = 2030,
	    .has_current = true,
	    .current = current,
	    .current_time = when,
	    .current_period = "2024",
	    .unit = "mrd. NOK",
	};
	return in;
}

static enum progress_class classify(const struct progress_input *in)
{
	struct progress_result r;

	progress_assess(in, NULL, &r);
	return r.cls;
}

static void test_ratio_and_classes(void **state)
{
	struct progress_input in = export_goal(25.9, 2024);
	struct progress_result r;

	(void)state;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.method, PROGRESS_METHOD_CAGR);
	assert_true(fabs(r.required_rate - (pow(50.0 / 22, 1 / 9.0) - 1)) <
		    1e-12);
	assert_true(fabs(r.actual_rate - (pow(25.9 / 22, 1 / 3.0) - 1)) <
		    1e-12);
	assert_true(fabs(r.ratio - 0.5854) < 1e-4);
	assert_int_equal(r.cls, PROGRESS_LIMITED_PROGRESS);
	assert_string_equal(progress_class_name(r.cls), "limited_progress");
	/* The required rate is 9.55 % a year: 22 * 1.0955^3 = 28.92. */
	in.current = 29.5;
	assert_int_equal(classify(&in), PROGRESS_ON_TRACK);
	in.current = 27.5; /* ratio ~0.8 */
	assert_int_equal(classify(&in), PROGRESS_ACCELERATION_NEEDED);
	in.current = 21;
	assert_int_equal(classify(&in), PROGRESS_DETERIORATION);
	in.current = 50;
	assert_int_equal(classify(&in), PROGRESS_TARGET_ACHIEVED);
	in.current = 60;
	assert_int_equal(classify(&in), PROGRESS_TARGET_ACHIEVED);
}

static void test_lower_is_better(void **state)
{
	/* Waiting time from 100 days (2020) to 50 (2030). */
	struct progress_input in = {
	    .lower_is_better = true,
	    .has_baseline = true,
	    .baseline = 100,
	    .baseline_year = 2020,
	    .has_target = true,
	    .target = 50,
	    .target_year = 2030,
	    .has_current = true,
	    .current = 75,
	    .current_time = 2024,
	    .current_period = "2024",
	};
	struct progress_result r;

	(void)state;
	progress_assess(&in, NULL, &r);
	/* Both rates negative; the ratio positive and large. */
	assert_true(r.required_rate < 0 && r.actual_rate < 0);
	assert_true(r.ratio > 1);
	assert_int_equal(r.cls, PROGRESS_ON_TRACK);
	in.current = 80; /* ratio 0.81 */
	assert_int_equal(classify(&in), PROGRESS_ACCELERATION_NEEDED);
	in.current = 110;
	assert_int_equal(classify(&in), PROGRESS_DETERIORATION);
	in.current = 95;
	assert_int_equal(classify(&in), PROGRESS_LIMITED_PROGRESS);
	in.current = 45;
	assert_int_equal(classify(&in), PROGRESS_TARGET_ACHIEVED);
}

static void test_zero_and_negative_values_are_linear(void **state)
{
	/* From 0 to 10 cases by 2030: no growth rate from zero. */
	struct progress_input in = {
	    .has_baseline = true,
	    .baseline = 0,
	    .baseline_year = 2020,
	    .has_target = true,
	    .target = 10,
	    .target_year = 2030,
	    .has_current = true,
	    .current = 4,
	    .current_time = 2024,
	    .current_period = "2024",
	};
	struct progress_result r;

	(void)state;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.method, PROGRESS_METHOD_LINEAR);
	assert_true(fabs(r.required_rate - 1.0) < 1e-12);
	assert_true(fabs(r.actual_rate - 1.0) < 1e-12);
	assert_int_equal(r.cls, PROGRESS_ON_TRACK);
	/* A balance from -5 to +5; now -4. */
	in.baseline = -5;
	in.target = 5;
	in.current = -4;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.method, PROGRESS_METHOD_LINEAR);
	assert_true(fabs(r.ratio - 0.25) < 1e-12);
	assert_int_equal(r.cls, PROGRESS_LIMITED_PROGRESS);
	/* Lower is better down to zero. */
	in = (struct progress_input){
	    .lower_is_better = true,
	    .has_baseline = true,
	    .baseline = 40,
	    .baseline_year = 2020,
	    .has_target = true,
	    .target = 0,
	    .target_year = 2030,
	    .has_current = true,
	    .current = 30,
	    .current_time = 2025,
	    .current_period = "2025",
	};
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.method, PROGRESS_METHOD_LINEAR);
	assert_true(fabs(r.ratio - 0.5) < 1e-12);
	assert_int_equal(r.cls, PROGRESS_LIMITED_PROGRESS);
}

static void test_target_equal_to_baseline(void **state)
{
	struct progress_input in = export_goal(20, 2024);
	struct progress_result r;

	(void)state;
	in.target = 22;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.cls, PROGRESS_DETERIORATION);
	assert_false(r.has_ratio);
	in.current = 23;
	assert_int_equal(classify(&in), PROGRESS_TARGET_ACHIEVED);
}

static void test_no_data(void **state)
{
	struct progress_input in = export_goal(25.9, 2024);
	struct progress_result r;

	(void)state;
	in.has_baseline = false;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.cls, PROGRESS_NO_DATA);
	assert_int_equal(r.reason, PROGRESS_REASON_NO_BASELINE);
	in = export_goal(25.9, 2024);
	in.has_target = false;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.reason, PROGRESS_REASON_NO_TARGET);
	in = export_goal(25.9, 2024);
	in.target_year = 2021;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.reason, PROGRESS_REASON_TARGET_YEAR);
	in = export_goal(25.9, 2024);
	in.has_current = false;
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.reason, PROGRESS_REASON_NO_CURRENT);
	in = export_goal(22, 2021);
	progress_assess(&in, NULL, &r);
	assert_int_equal(r.reason, PROGRESS_REASON_NOT_AFTER_BASELINE);
	assert_string_equal(progress_class_name(r.cls), "no_data");
	assert_string_equal(progress_method_name(r.method), "none");
}

static void test_custom_thresholds(void **state)
{
	struct progress_thresholds th = {0.5, 0.2, -0.1};
	struct progress_thresholds bad = {0.5, 0.6, 0};
	struct progress_input in = export_goal(25.9, 2024);
	struct progress_result r;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(progress_thresholds_check(&th, &err), 0);
	progress_assess(&in, &th, &r);
	assert_int_equal(r.cls, PROGRESS_ON_TRACK);
	assert_int_equal(progress_thresholds_check(&bad, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	bad = (struct progress_thresholds){NAN, 0.5, 0};
	assert_int_equal(progress_thresholds_check(&bad, &err), -1);
}

static void test_time_of_periods(void **state)
{
	static const struct {
		const char *text;
		double t;
	} cases[] = {
	    {"2024", 2024},	  {"2024-T3", 2024},
	    {"2024-Q4", 2024},	  {"2024-12", 2024},
	    {"2024-Q1", 2023.25}, {"2024-01", 2023 + 1 / 12.0},
	    {"2021-2023", 2023},
	};
	struct period p;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(period_parse(cases[i].text, &p, NULL), 0);
		assert_true(fabs(progress_time(&p) - cases[i].t) < 1e-9);
	}
	assert_int_equal(period_parse("2024-T2", &p, NULL), 0);
	assert_true(fabs(progress_time(&p) - (2023 + 8 / 12.0)) < 1e-9);
}

static void test_quarterly_current(void **state)
{
	struct progress_input in = export_goal(25, 2023.75);
	struct progress_result r;

	(void)state;
	progress_assess(&in, NULL, &r);
	assert_true(fabs(r.elapsed - 2.75) < 1e-9);
}

static void test_explanations(void **state)
{
	struct progress_input in = export_goal(25.9, 2024);
	struct progress_result r;
	struct buf nb = BUF_INIT, nn = BUF_INIT, en = BUF_INIT;

	(void)state;
	progress_assess(&in, NULL, &r);
	progress_explain(&in, &r, NULL, "nb", &nb);
	progress_explain(&in, &r, NULL, "nn-NO", &nn);
	progress_explain(&in, &r, NULL, "en", &en);
	assert_non_null(
	    strstr(buf_cstr(&nb), "Utgangsverdi 22 mrd. NOK (2021)"));
	assert_non_null(strstr(buf_cstr(&nb), "(50 / 22)^(1/9) − 1 = 9,55 %"));
	assert_non_null(
	    strstr(buf_cstr(&nb), "(25,9 / 22)^(1/3) − 1 = 5,59 %"));
	assert_non_null(strstr(buf_cstr(&nb), "Forholdet 0,59: under 0,60 og "
					      "minst 0,00 → Begrenset "
					      "fremgang."));
	assert_non_null(strstr(buf_cstr(&nn), "Naudsynt årleg vekst"));
	assert_non_null(strstr(buf_cstr(&nn), "Avgrensa framgang"));
	assert_non_null(strstr(buf_cstr(&en),
			       "Ratio 0.59: below 0.60 and at "
			       "least 0.00 → Limited progress."));
	assert_string_equal(progress_class_label(PROGRESS_ON_TRACK, "en"),
			    "On track");
	assert_string_equal(
	    progress_class_label(PROGRESS_TARGET_ACHIEVED, NULL),
	    "Målet er nådd");
	buf_release(&nb);
	buf_release(&nn);
	buf_release(&en);
}

static void test_explanations_other_cases(void **state)
{
	struct progress_input in = export_goal(60, 2024);
	struct progress_result r;
	struct buf b = BUF_INIT;

	(void)state;
	progress_assess(&in, NULL, &r);
	progress_explain(&in, &r, NULL, "en", &b);
	assert_non_null(strstr(buf_cstr(&b), "at or above the target"));
	assert_non_null(strstr(buf_cstr(&b), "→ Target achieved."));
	buf_reset(&b);
	in.has_target = false;
	progress_assess(&in, NULL, &r);
	progress_explain(&in, &r, NULL, "nb", &b);
	assert_string_equal(buf_cstr(&b),
			    "Indikatoren mangler målverdi eller målår.");
	buf_reset(&b);
	in = (struct progress_input){
	    .has_baseline = true,
	    .baseline = 0,
	    .baseline_year = 2020,
	    .has_target = true,
	    .target = 10,
	    .target_year = 2030,
	    .has_current = true,
	    .current = -2,
	    .current_time = 2024,
	    .current_period = "2024",
	};
	progress_assess(&in, NULL, &r);
	progress_explain(&in, &r, NULL, "en", &b);
	assert_non_null(strstr(buf_cstr(&b), "(-2 − 0) / 4 = -0.5 a year"));
	assert_non_null(strstr(buf_cstr(&b), "linear change"));
	assert_non_null(strstr(buf_cstr(&b), "below 0.00 → Deterioration."));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ratio_and_classes),
	    cmocka_unit_test(test_lower_is_better),
	    cmocka_unit_test(test_zero_and_negative_values_are_linear),
	    cmocka_unit_test(test_target_equal_to_baseline),
	    cmocka_unit_test(test_no_data),
	    cmocka_unit_test(test_custom_thresholds),
	    cmocka_unit_test(test_time_of_periods),
	    cmocka_unit_test(test_quarterly_current),
	    cmocka_unit_test(test_explanations),
	    cmocka_unit_test(test_explanations_other_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
