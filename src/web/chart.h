/*
 * web/chart.h: an indicator's line chart as SVG markup, drawn by the
 * server: the baseline, the observations (a solid line through one value
 * per period, with points), values that are not on that line (another
 * source's value for the same period; forecasts, on a dotted line), the
 * target, and the straight trajectory from the baseline to the target
 * (dashed). Axes have ticks and labels written for the language (format.h:
 * 1 234,5 in Norwegian).
 *
 * The chart is a picture with a text alternative: role="img" labelled by
 * its <title> and <desc>, which the caller writes (the desc sums up what
 * the chart shows; the page's table holds the same numbers). Every mark
 * differs by shape or dash pattern, not colour alone, and each colour has
 * at least 3:1 contrast against white (WCAG 1.4.11); the legend is HTML
 * text beside the picture (chart_legend). The SVG scales to its box
 * (viewBox, width 100%).
 *
 * A pure function of its input: no data access, no catalog lookups (the
 * caller passes the texts). Ownership: everything in struct chart is
 * borrowed; output is appended to the caller's buffer.
 */
#ifndef VEIKART_WEB_CHART_H
#define VEIKART_WEB_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "web/i18n.h"

enum chart_mark {
	CHART_BASELINE,	   /* a filled square */
	CHART_OBSERVATION, /* a filled circle on the solid line */
	CHART_OTHER,	   /* another value for a period: a hollow diamond */
	CHART_FORECAST,	   /* a hollow circle on a dotted line */
	CHART_TARGET,	   /* a ring around a dot */
	CHART_MARK_COUNT
};

struct chart_point {
	double t; /* time in years, as model/progress.h progress_time() */
	double v;
	enum chart_mark mark;
	const char *label; /* the period as people write it, or NULL */
};

/* The legend's entries: one per mark, then the trajectory. */
#define CHART_LEGEND_TRAJECTORY CHART_MARK_COUNT
#define CHART_LEGEND_COUNT (CHART_MARK_COUNT + 1)

struct chart {
	const char *id;	   /* element ids "<id>-title", "<id>-desc" */
	const char *title; /* plain text */
	const char *desc;  /* plain text: what the chart shows */
	const char *unit;  /* the value axis' caption, or NULL */
	enum lang lang;	   /* how numbers are written */
	/* Any order. The first baseline and the first target are used;
	 * points with a value or time that is not finite are skipped. */
	const struct chart_point *points;
	size_t n;
	/* Legend texts, indexed by enum chart_mark and then
	 * CHART_LEGEND_TRAJECTORY; an entry shows only when drawn. */
	const char *legend[CHART_LEGEND_COUNT];
};

/* The drawing's size in its own units (the viewBox). */
#define CHART_WIDTH 960
#define CHART_HEIGHT 560

/*
 * Appends the <svg> of c to out. Returns false, writing nothing, when c
 * has no point to draw. The trajectory is drawn when c has both a
 * baseline and a target.
 */
bool chart_svg(struct buf *out, const struct chart *c);

/*
 * Appends the legend as <ul class="vk-chart-legend">: each mark drawn,
 * as a small picture (hidden from screen readers) and its text. Nothing
 * when nothing is drawn.
 */
void chart_legend(struct buf *out, const struct chart *c);

/* The digits after the decimal mark needed to write v (at most 3). */
int chart_decimals(double v);

#endif
