/* tests/test_chart.c: the indicator line chart (web/chart.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/chart.h"

#define NBSP "\xc2\xa0"
#define MINUS "\xe2\x88\x92"

static const char *const legend[CHART_LEGEND_COUNT] = {
    "Utgangsverdi", "Observasjon", "Annen kilde",
    "Prognose",	    "Mål",	   "Rett linje",
};

static struct chart chart_of(const struct chart_point *p, size_t n)
{
	struct chart c = {
	    .id = "ind-chart",
	    .title = "Eksport",
	    .desc = "Seks verdier",
	    .unit = "mrd. NOK",
	    .lang = LANG_NB,
	    .points = p,
	    .n = n,
	};

	memcpy(c.legend, legend, sizeof(legend));
	return c;
}

/* The roadmap's export goal: 22 bn (2021) to 50 bn (2030). */
static const struct chart_point export_series[] = {
    {2021, 22, CHART_BASELINE, "2021"},
    {2030, 50, CHART_TARGET, "2030"},
    {2024, 25.9, CHART_OBSERVATION, "2024"},
    {2021, 22, CHART_OBSERVATION, "2021"},
    {2023, 27, CHART_OBSERVATION, "2023"},
    {2024, 29, CHART_OTHER, "2024"},
    {2025, 26.9, CHART_FORECAST, "2025"},
};

static char *render(const struct chart *c, bool *drawn)
{
	struct buf b = BUF_INIT;

	*drawn = chart_svg(&b, c);
	return buf_detach(&b, NULL);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The markup parses as XML (it is sent inside HTML, but an SVG saved
 * from the page must still open). */
static void assert_well_formed(const char *svg)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	enum XML_Status st = XML_Parse(p, svg, (int)strlen(svg), 1);

	if (st != XML_STATUS_OK)
		fail_msg("not XML at line %lu: %s",
			 (unsigned long)XML_GetCurrentLineNumber(p),
			 XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
}

static void test_title_desc_role(void **state)
{
	struct chart c = chart_of(export_series, 7);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_true(drawn);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"ind-chart-title "
				    "ind-chart-desc\""));
	assert_non_null(strstr(svg, "<title id=\"ind-chart-title\">Eksport"
				    "</title>"));
	assert_non_null(strstr(svg, "<desc id=\"ind-chart-desc\">Seks verdier"
				    "</desc>"));
	assert_non_null(strstr(svg, "viewBox=\"0 0 960 560\""));
	assert_non_null(strstr(svg, "width=\"100%\""));
	/* The <title> comes first, as assistive technology expects. */
	assert_true(strstr(svg, "<title id") < strstr(svg, "<g"));
	free(svg);
}

/*
 * Values 0 to 50 give ticks every 10 and labels two characters wide, so
 * the plot starts at x 62 (2 x 19 + 24) and spans 62..920 x 70..500;
 * inside an inset of 24, 2021..2030 maps to x 86..896 (90 a year).
 */
static void test_points_where_expected(void **state)
{
	struct chart c = chart_of(export_series, 7);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	/* 2021: 22 -> y 70 + 28/50 * 430 = 310.8; 2023: 27 -> 267.8, x
	 * 86 + 2 * 90 = 266; 2024: 25.9 -> 277.3, x 356. */
	assert_non_null(strstr(svg, "class=\"vk-chart-observed\""));
	assert_non_null(strstr(svg, "points=\"86,311 266,268 356,277 \""));
	/* The trajectory runs from the baseline to the target. */
	assert_non_null(strstr(svg, "stroke-dasharray=\"18 12\"><line "
				    "x1=\"86\" y1=\"311\" x2=\"896\" "
				    "y2=\"70\"/>"));
	/* The baseline square and the target ring sit on those ends. */
	assert_non_null(strstr(svg, "x=\"77\" y=\"302\""));
	assert_non_null(strstr(svg, "r=\"14\" cx=\"896\" cy=\"70\""));
	/* The forecast continues dotted from the last observation. */
	assert_non_null(strstr(svg, "class=\"vk-chart-forecast\""));
	assert_non_null(strstr(svg, "points=\"356,277 446,269 \""));
	/* The other source's 2024 value is a separate mark, off the line. */
	assert_non_null(strstr(svg, "rotate(45 356 251)"));
	/* Ticks: every ten on the value axis, every even year. */
	assert_non_null(strstr(svg, ">50</text>"));
	assert_non_null(strstr(svg, ">0</text>"));
	assert_non_null(strstr(svg, ">2022</text>"));
	assert_non_null(strstr(svg, ">2030</text>"));
	assert_null(strstr(svg, ">2021</text>"));
	/* The unit captions the value axis; the target is labelled. */
	assert_non_null(strstr(svg, ">mrd. NOK</text>"));
	assert_non_null(strstr(svg, "paint-order=\"stroke\"><text x=\"872\" "
				    "y=\"48\" text-anchor=\"end\">50</text>"));
	/* Tooltips say the period and the value, in Norwegian. */
	assert_non_null(strstr(svg, "<title>2024: 25,9</title>"));
	free(svg);
}

static void test_escaping(void **state)
{
	struct chart_point p[] = {
	    {2020, 1, CHART_OBSERVATION, "<i>2020</i>"},
	};
	struct chart c = chart_of(p, 1);
	bool drawn;
	char *svg;

	(void)state;
	c.title = "<script>alert(1)</script>";
	c.desc = "A & B \"quoted\"";
	c.unit = "<b>kr</b>";
	c.id = "x\"onload=\"y";
	svg = render(&c, &drawn);
	assert_well_formed(svg);
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<b>"));
	assert_null(strstr(svg, "<i>"));
	assert_null(strstr(svg, "\"onload"));
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(svg, "A &amp; B &quot;quoted&quot;"));
	assert_non_null(strstr(svg, "&lt;b&gt;kr&lt;/b&gt;"));
	assert_non_null(strstr(svg, "&lt;i&gt;2020&lt;/i&gt;: 1"));
	free(svg);
}

static void test_numbers_per_language(void **state)
{
	struct chart_point p[] = {
	    {2021, 11000, CHART_BASELINE, NULL},
	    {2023, 13300, CHART_OBSERVATION, NULL},
	};
	struct chart c = chart_of(p, 2);
	bool drawn;
	char *svg;

	(void)state;
	svg = render(&c, &drawn);
	assert_non_null(strstr(svg, ">10" NBSP "000</text>"));
	assert_non_null(strstr(svg, ">15" NBSP "000</text>"));
	free(svg);
	c.lang = LANG_EN;
	svg = render(&c, &drawn);
	assert_non_null(strstr(svg, ">10,000</text>"));
	assert_null(strstr(svg, NBSP));
	free(svg);
	/* Small values get decimals on the ticks: 0,5 steps. */
	p[0].v = 0.8;
	p[1].v = 1.2;
	c.lang = LANG_NN;
	svg = render(&c, &drawn);
	assert_non_null(strstr(svg, ">0,5</text>"));
	assert_non_null(strstr(svg, ">1,5</text>"));
	free(svg);
}

static void test_nothing_to_draw(void **state)
{
	struct chart_point p[] = {
	    {NAN, 3, CHART_OBSERVATION, NULL},
	    {2020, INFINITY, CHART_OBSERVATION, NULL},
	};
	struct chart c = chart_of(p, 2);
	struct buf b = BUF_INIT;

	(void)state;
	assert_false(chart_svg(&b, &c));
	assert_int_equal(b.len, 0);
	chart_legend(&b, &c);
	assert_int_equal(b.len, 0);
	c.n = 0;
	c.points = NULL;
	assert_false(chart_svg(&b, &c));
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* Baseline and target without any observation: the plan alone. */
static void test_no_observations(void **state)
{
	struct chart_point p[] = {
	    {2019, 0.8, CHART_BASELINE, NULL},
	    {2025, 5, CHART_TARGET, NULL},
	};
	struct chart c = chart_of(p, 2);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_true(drawn);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "vk-chart-trajectory"));
	assert_null(strstr(svg, "vk-chart-observed"));
	assert_int_equal(count(svg, "data-mark=\"1\""), 0);
	free(svg);
}

/* One observation: a point in the middle of three years, no line. */
static void test_one_observation(void **state)
{
	struct chart_point p[] = {
	    {2024, 10, CHART_OBSERVATION, "2024"},
	};
	struct chart c = chart_of(p, 1);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_true(drawn);
	assert_null(strstr(svg, "<polyline"));
	assert_null(strstr(svg, "vk-chart-trajectory"));
	assert_int_equal(count(svg, "data-mark=\"1\""), 1);
	/* 0..10 in steps of 2: labels two wide, plot 62..920; 2023..2025
	 * puts 2024 at 86 + 810 / 2 = 491; 10 is the top, y 70. */
	assert_non_null(strstr(svg, "cx=\"491\" cy=\"70\""));
	assert_non_null(strstr(svg, ">2023</text>"));
	assert_non_null(strstr(svg, ">2025</text>"));
	free(svg);
}

/* A value past the target still fits: the axis reaches the largest. */
static void test_beyond_target(void **state)
{
	struct chart_point p[] = {
	    {2020, 10, CHART_BASELINE, NULL},
	    {2030, 50, CHART_TARGET, NULL},
	    {2024, 72, CHART_OBSERVATION, NULL},
	};
	struct chart c = chart_of(p, 3);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_non_null(strstr(svg, ">80</text>"));
	/* 72 of 0..80 lies inside the plot (y 70..500): 70 + 8/80 * 430. */
	assert_non_null(strstr(svg, "cy=\"113\""));
	free(svg);
}

/* Lower is better, and the target is below zero: the trajectory falls,
 * and zero gets its own line. */
static void test_falling_negative_target(void **state)
{
	struct chart_point p[] = {
	    {2020, 10, CHART_BASELINE, NULL},
	    {2030, -5, CHART_TARGET, NULL},
	    {2022, 4, CHART_OBSERVATION, NULL},
	    {2024, -1, CHART_OBSERVATION, NULL},
	};
	struct chart c = chart_of(p, 4);
	bool drawn;
	char *svg = render(&c, &drawn);
	const char *traj;
	int x1, y1, x2, y2;

	(void)state;
	assert_well_formed(svg);
	assert_non_null(strstr(svg, ">" MINUS "5</text>"));
	traj = strstr(svg, "vk-chart-trajectory");
	assert_non_null(traj);
	traj = strstr(traj, "<line");
	assert_int_equal(sscanf(traj,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
				"y2=\"%d\"",
				&x1, &y1, &x2, &y2),
			 4);
	assert_true(x2 > x1);
	assert_true(y2 > y1); /* down the page: a falling line */
	/* The falling line comes from above: the target's label sits level
	 * with the mark (at the bottom, there is no room below). */
	assert_non_null(
	    strstr(svg, "y=\"511\" text-anchor=\"end\">" MINUS "5</text>"));
	/* -5..10 in steps of 5: zero at 70 + 10/15 * 430 = 356.7, a grid
	 * line and the axis' own line. */
	assert_int_equal(count(svg, "y1=\"357\" x2=\"920\" y2=\"357\""), 2);
	free(svg);
}

static void test_missing_baseline(void **state)
{
	struct chart_point p[] = {
	    {2030, 50, CHART_TARGET, NULL},
	    {2022, 20, CHART_OBSERVATION, NULL},
	    {2023, 30, CHART_OBSERVATION, NULL},
	};
	struct chart c = chart_of(p, 3);
	struct buf b = BUF_INIT;
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_true(drawn);
	assert_null(strstr(svg, "vk-chart-trajectory"));
	assert_int_equal(count(svg, "data-mark=\"0\""), 0);
	assert_non_null(strstr(svg, "vk-chart-observed"));
	chart_legend(&b, &c);
	assert_null(strstr(buf_cstr(&b), "Rett linje"));
	assert_null(strstr(buf_cstr(&b), "Utgangsverdi"));
	assert_non_null(strstr(buf_cstr(&b), "<span>Mål</span>"));
	assert_non_null(strstr(buf_cstr(&b), "<span>Observasjon</span>"));
	buf_release(&b);
	free(svg);
}

/* Only the first baseline and target count. */
static void test_one_baseline_one_target(void **state)
{
	struct chart_point p[] = {
	    {2020, 10, CHART_BASELINE, NULL},
	    {2021, 12, CHART_BASELINE, NULL},
	    {2030, 50, CHART_TARGET, NULL},
	    {2031, 60, CHART_TARGET, NULL},
	};
	struct chart c = chart_of(p, 4);
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_int_equal(count(svg, "data-mark=\"0\""), 1);
	assert_int_equal(count(svg, "data-mark=\"4\""), 1);
	assert_null(strstr(svg, ">60</text>"));
	free(svg);
}

static void test_legend(void **state)
{
	struct chart c = chart_of(export_series, 7);
	struct buf b = BUF_INIT;
	const char *s;

	(void)state;
	chart_legend(&b, &c);
	s = buf_cstr(&b);
	assert_well_formed(s);
	assert_int_equal(count(s, "<li>"), 6);
	assert_int_equal(count(s, "aria-hidden=\"true\""), 6);
	/* Different dash patterns tell the lines apart. */
	assert_non_null(strstr(s, "stroke-dasharray=\"12 8\""));
	assert_non_null(strstr(s, "stroke-dasharray=\"2 8\""));
	c.legend[CHART_OTHER] = "<b>x</b>";
	buf_reset(&b);
	chart_legend(&b, &c);
	assert_non_null(strstr(buf_cstr(&b), "&lt;b&gt;x&lt;/b&gt;"));
	buf_release(&b);
}

static double luminance(unsigned hex)
{
	double c[3] = {(hex >> 16) & 255, (hex >> 8) & 255, hex & 255};

	for (int i = 0; i < 3; i++) {
		c[i] /= 255;
		c[i] = c[i] <= 0.03928 ? c[i] / 12.92
				       : pow((c[i] + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* Every colour on white, but white itself and the grid, has 3:1. */
static void assert_contrast(const char *svg)
{
	const char *p = svg;
	int seen = 0;

	while ((p = strstr(p, "=\"#"))) {
		unsigned hex;
		const char *g = strstr(svg, "vk-chart-grid");
		const char *g_end = g ? strstr(g, "</g>") : NULL;

		assert_int_equal(sscanf(p + 3, "%6x", &hex), 1);
		if (hex != 0xFFFFFF && !(g && p > g && p < g_end)) {
			double ratio = 1.05 / (luminance(hex) + 0.05);

			if (ratio < 3)
				fail_msg("colour #%06X has %.2f:1", hex, ratio);
			seen++;
		}
		p += 3;
	}
	assert_true(seen > 5);
}

static void test_contrast(void **state)
{
	struct chart c = chart_of(export_series, 7);
	struct buf b = BUF_INIT;
	bool drawn;
	char *svg = render(&c, &drawn);

	(void)state;
	assert_contrast(svg);
	chart_legend(&b, &c);
	assert_contrast(buf_cstr(&b));
	buf_release(&b);
	free(svg);
}

static void test_decimals(void **state)
{
	(void)state;
	assert_int_equal(chart_decimals(22), 0);
	assert_int_equal(chart_decimals(-17), 0);
	assert_int_equal(chart_decimals(25.9), 1);
	assert_int_equal(chart_decimals(0.25), 2);
	assert_int_equal(chart_decimals(1.0 / 3), 3);
	assert_int_equal(chart_decimals(13300), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title_desc_role),
	    cmocka_unit_test(test_points_where_expected),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_numbers_per_language),
	    cmocka_unit_test(test_nothing_to_draw),
	    cmocka_unit_test(test_no_observations),
	    cmocka_unit_test(test_one_observation),
	    cmocka_unit_test(test_beyond_target),
	    cmocka_unit_test(test_falling_negative_target),
	    cmocka_unit_test(test_missing_baseline),
	    cmocka_unit_test(test_one_baseline_one_target),
	    cmocka_unit_test(test_legend),
	    cmocka_unit_test(test_contrast),
	    cmocka_unit_test(test_decimals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
