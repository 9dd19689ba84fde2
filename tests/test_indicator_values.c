/*
 * tests/test_indicator_values.c: an indicator's values for its page and
 * CSV (web/indicator_values.h): order, the choice of one value per period
 * (the progress class's rule), forecasts, breakdowns, the CSV's quoting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "web/indicator_values.h"

/* The roadmap's export indicator, shaped as the API gives it. */
static const char export_json[] =
    "{\"id\": \"I-X\", \"unit\": \"mrd. NOK\", \"baseline_value\": 22,"
    " \"baseline_year\": 2021, \"target_value\": 50, \"target_year\": "
    "2030, \"source\": {\"id\": \"own\", \"title\": \"Veikart\"},"
    " \"observations\": ["
    "  {\"period\": \"2024\", \"value\": 29, \"breakdown\": \"\","
    "   \"status\": \"final\", \"source\": {\"id\": \"nht\"}},"
    "  {\"period\": \"2024\", \"value\": 25.9, \"breakdown\": \"\","
    "   \"status\": \"final\", \"source\": {\"id\": \"lmi\"}},"
    "  {\"period\": \"2024\", \"value\": 30, \"breakdown\": \"\","
    "   \"status\": \"preliminary\", \"source\": {\"id\": \"own\"}},"
    "  {\"period\": \"2021\", \"value\": 22, \"breakdown\": \"\","
    "   \"status\": \"final\", \"source\": {\"id\": \"own\"},"
    "   \"note\": \"=cmd|' /C calc'!A0\"},"
    "  {\"period\": \"2025\", \"value\": 26.9, \"breakdown\": \"\","
    "   \"status\": \"forecast\", \"source\": null},"
    "  {\"period\": \"2024-T2\", \"value\": 3, \"breakdown\": "
    "   \"region=Oslo\", \"status\": \"final\"},"
    "  {\"period\": \"2023\", \"value\": null, \"breakdown\": \"\"}]}";

static json_t *load(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	return j;
}

static void test_order_and_kinds(void **state)
{
	json_t *ind = load(export_json);
	struct indicator_values v;

	(void)state;
	indicator_values_build(ind, false, &v);
	assert_int_equal(v.n, 7);
	assert_int_equal(v.breakdowns, 1);
	assert_int_equal(v.missing, 1);
	/* The baseline before the observation of the same year. */
	assert_int_equal(v.items[0].kind, CHART_BASELINE);
	assert_string_equal(v.items[0].period, "2021");
	assert_int_equal(v.items[1].kind, CHART_OBSERVATION);
	/* 2024: the final values beat the preliminary one from the
	 * indicator's own source; between lmi and nht the smaller id. */
	for (size_t i = 2; i < 5; i++) {
		assert_string_equal(v.items[i].period, "2024");
		assert_int_equal(v.items[i].kind, v.items[i].v == 25.9
						      ? CHART_OBSERVATION
						      : CHART_OTHER);
	}
	assert_int_equal(v.items[5].kind, CHART_FORECAST);
	assert_int_equal(v.items[6].kind, CHART_TARGET);
	assert_string_equal(v.items[6].period, "2030");
	assert_true(v.items[6].t == 2030);
	indicator_values_release(&v);
	json_decref(ind);
}

/* Among finals, the indicator's own source wins over smaller ids. */
static void test_own_source_first(void **state)
{
	json_t *ind =
	    load("{\"source\": \"zz\", \"observations\": ["
		 " {\"period\": \"2020\", \"value\": 1, \"status\": \"final\","
		 "  \"source\": {\"id\": \"aa\"}},"
		 " {\"period\": \"2020\", \"value\": 2, \"status\": \"final\","
		 "  \"source\": {\"id\": \"zz\"}}]}");
	struct indicator_values v;

	(void)state;
	indicator_values_build(ind, false, &v);
	assert_int_equal(v.n, 2);
	for (size_t i = 0; i < v.n; i++)
		assert_int_equal(v.items[i].kind, v.items[i].v == 2
						      ? CHART_OBSERVATION
						      : CHART_OTHER);
	indicator_values_release(&v);
	json_decref(ind);
}

/* Periods count at their end: 2024-T1 before 2024. */
static void test_periods_in_time(void **state)
{
	json_t *ind = load("{\"observations\": ["
			   " {\"period\": \"2024\", \"value\": 2},"
			   " {\"period\": \"2024-T1\", \"value\": 1},"
			   " {\"period\": \"2021-2023\", \"value\": 0}]}");
	struct indicator_values v;

	(void)state;
	indicator_values_build(ind, false, &v);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.items[0].period, "2021-2023");
	assert_string_equal(v.items[1].period, "2024-T1");
	assert_string_equal(v.items[2].period, "2024");
	assert_true(v.items[0].t == 2023);
	indicator_values_release(&v);
	json_decref(ind);
}

static void test_nothing(void **state)
{
	json_t *ind = load("{\"baseline_value\": 3, \"observations\": []}");
	struct indicator_values v;

	(void)state;
	/* A baseline without its year is no baseline. */
	indicator_values_build(ind, true, &v);
	assert_int_equal(v.n, 0);
	indicator_values_release(&v);
	json_decref(ind);
}

static void test_csv(void **state)
{
	json_t *ind = load(export_json);
	struct indicator_values v;
	struct buf out = BUF_INIT;
	const char *s;

	(void)state;
	indicator_values_build(ind, true, &v);
	assert_int_equal(v.n, 8); /* the breakdown is listed */
	indicator_values_csv(&v, "I-X", "mrd. NOK", &out);
	s = buf_cstr(&out);
	assert_true(!strncmp(s,
			     "indicator,period,kind,breakdown,value,unit,"
			     "status,source,source_title,source_url,note\r\n",
			     83));
	assert_non_null(strstr(s, "\r\nI-X,2021,baseline,,22,mrd. NOK,,own,"
				  "Veikart,,\r\n"));
	assert_non_null(strstr(s, "I-X,2024,observation,,25.9,mrd. NOK,final,"
				  "lmi,,,\r\n"));
	assert_non_null(strstr(s, "I-X,2024,other_source,,29,"));
	assert_non_null(strstr(s, "I-X,2025,forecast,,26.9,"));
	assert_non_null(strstr(s, "I-X,2024-T2,observation,region=Oslo,3,"));
	assert_non_null(strstr(s, "I-X,2030,target,,50,"));
	/* A note that would run as a formula is defused and quoted. */
	assert_non_null(strstr(s, ",\"'=cmd|' /C calc'!A0\"\r\n"));
	buf_release(&out);
	indicator_values_release(&v);
	json_decref(ind);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_and_kinds),
	    cmocka_unit_test(test_own_source_first),
	    cmocka_unit_test(test_periods_in_time),
	    cmocka_unit_test(test_nothing),
	    cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
