/* tests/test_rollup.c: progress rolled up from measures (web/rollup.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "web/rollup.h"

#define NBSP "\xc2\xa0"

/* Four measures: one reported at 30 %, one completed, one with no
 * approved report, one cancelled; and one merged into another. */
static const char measures_json[] =
    "[{\"id\": \"M1\", \"state\": \"active\", \"status\": \"on_track\"},"
    " {\"id\": \"M2\", \"state\": \"active\", \"status\": \"completed\"},"
    " {\"id\": \"M3\", \"state\": \"active\", \"status\": "
    "\"not_reported\"},"
    " {\"id\": \"M4\", \"state\": \"active\", \"status\": \"cancelled\"},"
    " {\"id\": \"M5\", \"state\": \"merged\", \"status\": \"on_track\"}]";
static const char latest_json[] =
    "{\"M1\": {\"progress\": 30}, \"M2\": {\"progress\": 90},"
    " \"M4\": {\"progress\": 10}, \"M5\": {\"progress\": 80}}";

static void rollup_of(const char *m, const char *l, struct rollup *r)
{
	json_t *measures = json_loads(m, 0, NULL);
	json_t *latest = json_loads(l, 0, NULL);

	assert_non_null(measures);
	assert_non_null(latest);
	rollup_measures(measures, latest, r);
	json_decref(measures);
	json_decref(latest);
}

static void test_rule(void **state)
{
	struct rollup r;

	(void)state;
	rollup_of(measures_json, latest_json, &r);
	assert_int_equal(r.counted, 3);
	assert_int_equal(r.left_out, 2);
	assert_int_equal(r.reported, 1);
	assert_int_equal(r.completed, 1);
	assert_int_equal(r.unreported, 1);
	/* (30 + 100 + 0) / 3: a completed measure counts 100 % whatever
	 * its last report said, a missing report 0 %. */
	assert_int_equal(r.sum, 130);
	assert_int_equal(r.weights, 3 * ROLLUP_WEIGHT);
	assert_true(rollup_percent(&r) > 43.33 && rollup_percent(&r) < 43.34);
}

static void test_state_completed_and_bad_progress(void **state)
{
	struct rollup r;

	(void)state;
	/* State completed without a completed report; a progress outside
	 * 0..100 or not a number counts as none. */
	rollup_of("[{\"id\": \"A\", \"state\": \"completed\", \"status\": "
		  "\"on_track\"}, {\"id\": \"B\", \"state\": \"active\"},"
		  " {\"id\": \"C\", \"state\": \"active\"}]",
		  "{\"A\": {\"progress\": 50}, \"B\": {\"progress\": 150},"
		  " \"C\": {\"progress\": \"40\"}}",
		  &r);
	assert_int_equal(r.counted, 3);
	assert_int_equal(r.completed, 1);
	assert_int_equal(r.unreported, 2);
	assert_int_equal(r.sum, 100);
}

static void test_nothing_counts(void **state)
{
	struct rollup r;

	(void)state;
	rollup_of("[]", "{}", &r);
	assert_int_equal(r.counted, 0);
	assert_true(rollup_percent(&r) == 0);
	rollup_of("[{\"id\": \"X\", \"state\": \"cancelled\"}]", "{}", &r);
	assert_int_equal(r.counted, 0);
	assert_int_equal(r.left_out, 1);
}

static struct page page_in(enum lang l, struct buf *out)
{
	struct page pg;

	memset(&pg, 0, sizeof(pg));
	pg.out = out;
	pg.lang = l;
	return pg;
}

static void test_render(void **state)
{
	struct buf out = BUF_INIT;
	struct page pg = page_in(LANG_NB, &out);
	struct rollup r;
	const char *s;

	(void)state;
	rollup_of(measures_json, latest_json, &r);
	rollup_render(&pg, &r);
	s = buf_cstr(&out);
	/* The number, rounded, then the calculation with its figures and
	 * the rule with the weight. */
	assert_non_null(
	    strstr(s, "<span class=\"vk-rollup-number\">43" NBSP "%</span>"));
	assert_non_null(strstr(s, "130 prosentpoeng ÷ 3"));
	assert_non_null(strstr(s, "= 43,3" NBSP "%"));
	assert_non_null(strstr(s, "vekt 1"));
	assert_non_null(strstr(s, "Holdt utenfor: 2"));
	buf_reset(&out);
	pg.lang = LANG_EN;
	rollup_render(&pg, &r);
	s = buf_cstr(&out);
	assert_non_null(strstr(s, ">43%</span>"));
	assert_non_null(strstr(s, "= 43.3%"));
	assert_non_null(strstr(s, "weight 1"));
	buf_release(&out);
}

static void test_render_nothing(void **state)
{
	struct buf out = BUF_INIT;
	struct page pg = page_in(LANG_NN, &out);
	struct rollup r;

	(void)state;
	rollup_of("[]", "{}", &r);
	rollup_render(&pg, &r);
	assert_null(strstr(buf_cstr(&out), "vk-rollup-number"));
	assert_non_null(strstr(buf_cstr(&out), "ingen tiltak tel med"));
	/* The rule is written even then. */
	assert_non_null(strstr(buf_cstr(&out), "vekt 1"));
	buf_release(&out);
}

static int setup(void **state)
{
	struct err err = ERR_INIT;

	(void)state;
	return i18n_init(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rule),
	    cmocka_unit_test(test_state_completed_and_bad_progress),
	    cmocka_unit_test(test_nothing_counts),
	    cmocka_unit_test(test_render),
	    cmocka_unit_test(test_render_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
