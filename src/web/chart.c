/*
 * web/chart.c: the indicator line chart (chart.h). Scales and ticks are
 * worked out here, then every element is written through web/html.h:
 * literals for markup, html_int for coordinates (whole units of a
 * 960 x 560 drawing, fine enough at any screen size) and html_txt for
 * texts and formatted numbers.
 *
 * It must not look anything up: texts and numbers come in struct chart.
 * Ownership: the sorted copy of the points is freed before returning.
 */
#include "web/chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/sort.h"
#include "util/xalloc.h"
#include "web/format.h"
#include "web/html.h"

/* Colours with at least 3:1 contrast against white (graphics, WCAG
 * 1.4.11) and 4.5:1 for the text; only the grid, a reading aid that
 * carries no information of its own, is lighter. */
#define C_OBS "#0062BA"	   /* 6.1:1, Designsystemet's accent */
#define C_BASE "#1E2B3C"   /* 14.3:1 */
#define C_TARGET "#A3195B" /* 7.4:1 */
#define C_TRAJ "#5A6470"   /* 6.0:1 */
#define C_AXIS "#3A4350"   /* 10.0:1 */
#define C_GRID "#D0D5DB"

#define FONT 34	  /* text size in drawing units: 12 px at 375 px */
#define CHAR_W 19 /* a rough width of one character of it */
#define TOP 70	  /* room for the unit caption and a target label */
#define BOTTOM 60 /* room for the years */
#define RIGHT 40
#define INSET 24 /* keeps the outermost marks inside the plot */
#define MAX_TICKS 6

struct axis {
	double lo, hi; /* the domain */
	double step;   /* between ticks */
	int decimals;  /* of the tick labels */
};

struct frame {
	const struct chart *c;
	struct chart_point *pts; /* drawable points, sorted by time */
	size_t n;
	struct axis x, y;
	int left;	    /* x of the value axis */
	int x0, x1, y0, y1; /* the plot: x0..x1 across, y0 (top)..y1 */
	const struct chart_point *baseline, *target, *last_obs;
	bool drawn[CHART_LEGEND_COUNT];
};

/* ---- numbers ---- */

int chart_decimals(double v)
{
	double a = fabs(v);

	for (int d = 0; d < 3; d++) {
		double scaled = a * pow(10, d);

		if (fabs(scaled - round(scaled)) < 1e-6 * (scaled + 1))
			return d;
	}
	return 3;
}

/* A step of 1, 2 or 5 times a power of ten giving at most about `max`
 * steps over span (span > 0). */
static double nice_step(double span, int max)
{
	double raw = span / max;
	double mag = pow(10, floor(log10(raw)));
	static const double f[] = {1, 2, 5, 10};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] * mag >= raw * (1 - 1e-9))
			return f[i] * mag;
	return 10 * mag;
}

/* The value axis: from zero or below to the largest value or above, so
 * distances to the target are not exaggerated. */
static void value_axis(struct frame *f)
{
	double lo = 0, hi = 0;

	for (size_t i = 0; i < f->n; i++) {
		lo = fmin(lo, f->pts[i].v);
		hi = fmax(hi, f->pts[i].v);
	}
	if (hi - lo <= 0)
		hi = lo + 1;
	f->y.step = nice_step(hi - lo, 5);
	f->y.lo = floor(lo / f->y.step + 1e-9) * f->y.step;
	f->y.hi = ceil(hi / f->y.step - 1e-9) * f->y.step;
	f->y.decimals =
	    f->y.step >= 1 ? 0 : (int)ceil(-log10(f->y.step) - 1e-9);
	if (f->y.decimals > 6)
		f->y.decimals = 6;
}

/* The time axis in whole years; a lone year sits in the middle. */
static void time_axis(struct frame *f)
{
	double lo = f->pts[0].t, hi = f->pts[f->n - 1].t;

	if (hi - lo < 1) {
		double mid = (lo + hi) / 2;

		lo = floor(mid - 1);
		hi = ceil(mid + 1);
	} else {
		lo = floor(lo);
		hi = ceil(hi);
	}
	f->x.lo = lo;
	f->x.hi = hi;
	f->x.step = fmax(1, nice_step(hi - lo, MAX_TICKS));
	f->x.decimals = 0;
}

static int px(const struct frame *f, double t)
{
	double w = f->x1 - f->x0 - 2 * INSET;

	return (int)lround(f->x0 + INSET +
			   (t - f->x.lo) / (f->x.hi - f->x.lo) * w);
}

static int py(const struct frame *f, double v)
{
	return (int)lround(f->y0 + (f->y.hi - v) / (f->y.hi - f->y.lo) *
				       (f->y1 - f->y0));
}

/* Code points in UTF-8 text (for the width of a label). */
static size_t text_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void tick_label(struct buf *b, const struct frame *f, double v)
{
	/* -0 would print as "−0". */
	fmt_num(b, f->c->lang, fabs(v) < f->y.step / 2 ? 0 : v, f->y.decimals);
}

/* The value axis' labels decide how far in the plot starts. */
static void place(struct frame *f)
{
	size_t widest = 1;

	for (double v = f->y.lo; v <= f->y.hi + f->y.step / 2; v += f->y.step) {
		struct buf b = BUF_INIT;

		tick_label(&b, f, v);
		if (text_len(buf_cstr(&b)) > widest)
			widest = text_len(buf_cstr(&b));
		buf_release(&b);
	}
	f->left = (int)widest * CHAR_W + 24;
	f->x0 = f->left;
	f->x1 = CHART_WIDTH - RIGHT;
	f->y0 = TOP;
	f->y1 = CHART_HEIGHT - BOTTOM;
}

/* ---- points ---- */

/* By time; ties by mark, then value, so the order never depends on
 * qsort's (unstable) choices. */
static int cmp_time(const void *a, const void *b)
{
	const struct chart_point *p = a, *q = b;

	if (p->t != q->t)
		return (p->t > q->t) - (p->t < q->t);
	if (p->mark != q->mark)
		return (int)p->mark - (int)q->mark;
	return (p->v > q->v) - (p->v < q->v);
}

static void collect(struct frame *f)
{
	const struct chart *c = f->c;

	f->pts = xcalloc(c->n ? c->n : 1, sizeof(*f->pts));
	for (size_t i = 0; i < c->n; i++) {
		const struct chart_point *p = &c->points[i];

		if (!isfinite(p->t) || !isfinite(p->v) ||
		    p->mark >= CHART_MARK_COUNT)
			continue;
		if ((p->mark == CHART_BASELINE || p->mark == CHART_TARGET) &&
		    f->drawn[p->mark])
			continue; /* only the first of each */
		f->drawn[p->mark] = true;
		f->pts[f->n++] = *p;
	}
	xqsort(f->pts, f->n, sizeof(*f->pts), cmp_time);
	for (size_t i = 0; i < f->n; i++) {
		if (f->pts[i].mark == CHART_BASELINE)
			f->baseline = &f->pts[i];
		else if (f->pts[i].mark == CHART_TARGET)
			f->target = &f->pts[i];
		else if (f->pts[i].mark == CHART_OBSERVATION)
			f->last_obs = &f->pts[i];
	}
	f->drawn[CHART_LEGEND_TRAJECTORY] = f->baseline && f->target;
}

/* ---- writing ---- */

static void attr_xy(struct buf *out, const char *xname, int x,
		    const char *yname, int y)
{
	html_raw(out, " ");
	html_attr(out, xname);
	html_raw(out, "=\"");
	html_int(out, x);
	html_raw(out, "\" ");
	html_attr(out, yname);
	html_raw(out, "=\"");
	html_int(out, y);
	html_raw(out, "\"");
}

static void line(struct buf *out, int x1, int y1, int x2, int y2)
{
	html_raw(out, "<line");
	attr_xy(out, "x1", x1, "y1", y1);
	attr_xy(out, "x2", x2, "y2", y2);
	html_raw(out, "/>");
}

static void text_at(struct buf *out, int x, int y, const char *anchor,
		    const char *s)
{
	html_raw(out, "<text");
	attr_xy(out, "x", x, "y", y);
	html_raw(out, " text-anchor=\"");
	html_attr(out, anchor);
	html_raw(out, "\">");
	html_txt(out, s);
	html_raw(out, "</text>");
}

static void grid_and_values(struct buf *out, const struct frame *f)
{
	html_raw(out, "<g class=\"vk-chart-grid\" stroke=\"" C_GRID "\" "
		      "stroke-width=\"2\">");
	for (double v = f->y.lo; v <= f->y.hi + f->y.step / 2; v += f->y.step)
		line(out, f->x0, py(f, v), f->x1, py(f, v));
	html_raw(out, "</g>\n<g class=\"vk-chart-axis\" fill=\"" C_AXIS "\">");
	for (double v = f->y.lo; v <= f->y.hi + f->y.step / 2; v += f->y.step) {
		struct buf b = BUF_INIT;

		tick_label(&b, f, v);
		text_at(out, f->x0 - 12, py(f, v) + FONT / 3, "end",
			buf_cstr(&b));
		buf_release(&b);
	}
	if (f->c->unit && f->c->unit[0])
		text_at(out, 0, FONT + 4, "start", f->c->unit);
	html_raw(out, "</g>\n");
}

static void time_ticks(struct buf *out, const struct frame *f)
{
	double first = ceil(f->x.lo / f->x.step - 1e-9) * f->x.step;

	html_raw(out, "<g class=\"vk-chart-axis\" stroke=\"" C_AXIS "\" "
		      "stroke-width=\"3\">");
	line(out, f->x0, f->y1, f->x1, f->y1);
	if (f->y.lo < 0) /* zero stands out when values go below it */
		line(out, f->x0, py(f, 0), f->x1, py(f, 0));
	for (double t = first; t <= f->x.hi + 1e-9; t += f->x.step)
		line(out, px(f, t), f->y1, px(f, t), f->y1 + 10);
	html_raw(out, "</g>\n<g class=\"vk-chart-axis\" fill=\"" C_AXIS "\">");
	for (double t = first; t <= f->x.hi + 1e-9; t += f->x.step) {
		struct buf b = BUF_INIT;

		html_int(&b, (int64_t)llround(t));
		text_at(out, px(f, t), f->y1 + 10 + FONT, "middle",
			buf_cstr(&b));
		buf_release(&b);
	}
	html_raw(out, "</g>\n");
}

static void trajectory(struct buf *out, const struct frame *f)
{
	if (!f->drawn[CHART_LEGEND_TRAJECTORY])
		return;
	html_raw(out, "<g class=\"vk-chart-trajectory\" stroke=\"" C_TRAJ "\" "
		      "stroke-width=\"4\" stroke-dasharray=\"18 12\">");
	line(out, px(f, f->baseline->t), py(f, f->baseline->v),
	     px(f, f->target->t), py(f, f->target->v));
	html_raw(out, "</g>\n");
}

static void point_xy(struct buf *out, const struct frame *f,
		     const struct chart_point *p)
{
	html_int(out, px(f, p->t));
	html_raw(out, ",");
	html_int(out, py(f, p->v));
	html_raw(out, " ");
}

/* The solid line through the observations, and the dotted one from the
 * last of them through the forecasts. */
static void lines(struct buf *out, const struct frame *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->pts[i].mark == CHART_OBSERVATION;
	if (n > 1) {
		html_raw(out, "<polyline class=\"vk-chart-observed\" "
			      "fill=\"none\" stroke=\"" C_OBS "\" "
			      "stroke-width=\"5\" stroke-linejoin=\"round\" "
			      "points=\"");
		for (size_t i = 0; i < f->n; i++)
			if (f->pts[i].mark == CHART_OBSERVATION)
				point_xy(out, f, &f->pts[i]);
		html_raw(out, "\"/>\n");
	}
	if (!f->drawn[CHART_FORECAST] || !f->last_obs)
		return;
	html_raw(out, "<polyline class=\"vk-chart-forecast\" fill=\"none\" "
		      "stroke=\"" C_OBS "\" stroke-width=\"4\" "
		      "stroke-dasharray=\"2 10\" stroke-linecap=\"round\" "
		      "points=\"");
	point_xy(out, f, f->last_obs);
	for (size_t i = 0; i < f->n; i++)
		if (f->pts[i].mark == CHART_FORECAST &&
		    f->pts[i].t >= f->last_obs->t)
			point_xy(out, f, &f->pts[i]);
	html_raw(out, "\"/>\n");
}

/* A mark's shape centred on x, y (also drawn in the legend). */
static void shape(struct buf *out, enum chart_mark m, int x, int y)
{
	switch (m) {
	case CHART_BASELINE:
		html_raw(out, "<rect fill=\"" C_BASE "\" width=\"18\" "
			      "height=\"18\"");
		attr_xy(out, "x", x - 9, "y", y - 9);
		break;
	case CHART_OBSERVATION:
		html_raw(out, "<circle fill=\"" C_OBS "\" r=\"9\"");
		attr_xy(out, "cx", x, "cy", y);
		break;
	case CHART_OTHER:
		html_raw(out, "<rect fill=\"#FFFFFF\" stroke=\"" C_OBS "\" "
			      "stroke-width=\"4\" width=\"16\" height=\"16\" "
			      "transform=\"rotate(45 ");
		html_int(out, x);
		html_raw(out, " ");
		html_int(out, y);
		html_raw(out, ")\"");
		attr_xy(out, "x", x - 8, "y", y - 8);
		break;
	case CHART_FORECAST:
		html_raw(out, "<circle fill=\"#FFFFFF\" stroke=\"" C_OBS "\" "
			      "stroke-width=\"4\" r=\"9\"");
		attr_xy(out, "cx", x, "cy", y);
		break;
	default: /* the target: a ring around a dot */
		html_raw(out,
			 "<circle fill=\"#FFFFFF\" stroke=\"" C_TARGET "\" "
			 "stroke-width=\"5\" r=\"14\"");
		attr_xy(out, "cx", x, "cy", y);
		html_raw(out, "/><circle fill=\"" C_TARGET "\" r=\"5\"");
		attr_xy(out, "cx", x, "cy", y);
		break;
	}
}

/* A mark with a tooltip: "2024: 25,9". */
static void mark(struct buf *out, const struct frame *f,
		 const struct chart_point *p)
{
	struct buf b = BUF_INIT;

	html_raw(out, "<g class=\"vk-chart-mark\" data-mark=\"");
	html_int(out, (int64_t)p->mark);
	html_raw(out, "\">");
	shape(out, p->mark, px(f, p->t), py(f, p->v));
	html_raw(out, "><title>");
	if (p->label) {
		html_txt(out, p->label);
		html_raw(out, ": ");
	}
	fmt_num(&b, f->c->lang, p->v, chart_decimals(p->v));
	html_txt(out, buf_cstr(&b));
	buf_release(&b);
	html_raw(out, "</title>");
	/* shape() left its element open for the title. */
	if (p->mark == CHART_BASELINE || p->mark == CHART_OTHER)
		html_raw(out, "</rect>");
	else
		html_raw(out, "</circle>");
	html_raw(out, "</g>");
}

/* Marks from the least to the most important, so the target and the
 * baseline are never hidden under another mark. */
static void marks(struct buf *out, const struct frame *f)
{
	static const enum chart_mark order[] = {
	    CHART_OTHER,    CHART_FORECAST, CHART_OBSERVATION,
	    CHART_BASELINE, CHART_TARGET,
	};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (size_t i = 0; i < f->n; i++)
			if (f->pts[i].mark == order[k])
				mark(out, f, &f->pts[i]);
	html_raw(out, "\n");
}

/*
 * The target's value beside it, towards the middle of the plot, on the
 * side the trajectory does not come from: above when it rises (or there
 * is none), below when it falls and there is room, else level with the
 * mark. A white halo keeps it readable over any line.
 */
static void target_label(struct buf *out, const struct frame *f)
{
	struct buf b = BUF_INIT;
	int x, y, ly;
	bool right_half, falling;

	if (!f->target)
		return;
	x = px(f, f->target->t);
	y = py(f, f->target->v);
	right_half = x > (f->x0 + f->x1) / 2;
	falling = f->baseline && f->baseline->v > f->target->v;
	if (!falling)
		ly = y - 22;
	else if (y + 22 + FONT <= f->y1)
		ly = y + 22 + FONT;
	else
		ly = y + FONT / 3;
	fmt_num(&b, f->c->lang, f->target->v, chart_decimals(f->target->v));
	html_raw(out, "<g class=\"vk-chart-label\" fill=\"" C_TARGET "\" "
		      "font-weight=\"bold\" stroke=\"#FFFFFF\" "
		      "stroke-width=\"8\" stroke-linejoin=\"round\" "
		      "paint-order=\"stroke\">");
	text_at(out, right_half ? x - 24 : x + 24, ly,
		right_half ? "end" : "start", buf_cstr(&b));
	html_raw(out, "</g>\n");
	buf_release(&b);
}

static void open_svg(struct buf *out, const struct chart *c)
{
	html_raw(out, "<svg class=\"vk-chart\" xmlns=\"http://www.w3.org/2000/"
		      "svg\" viewBox=\"0 0 ");
	html_int(out, CHART_WIDTH);
	html_raw(out, " ");
	html_int(out, CHART_HEIGHT);
	html_raw(out, "\" width=\"100%\" role=\"img\" aria-labelledby=\"");
	html_attr(out, c->id);
	html_raw(out, "-title ");
	html_attr(out, c->id);
	html_raw(out, "-desc\" font-size=\"");
	html_int(out, FONT);
	html_raw(out, "\" font-family=\"inherit\">\n<title id=\"");
	html_attr(out, c->id);
	html_raw(out, "-title\">");
	html_txt(out, c->title);
	html_raw(out, "</title>\n<desc id=\"");
	html_attr(out, c->id);
	html_raw(out, "-desc\">");
	html_txt(out, c->desc);
	html_raw(out, "</desc>\n");
}

bool chart_svg(struct buf *out, const struct chart *c)
{
	struct frame f = {.c = c};

	collect(&f);
	if (!f.n) {
		free(f.pts);
		return false;
	}
	value_axis(&f);
	time_axis(&f);
	place(&f);
	open_svg(out, c);
	grid_and_values(out, &f);
	time_ticks(out, &f);
	trajectory(out, &f);
	lines(out, &f);
	marks(out, &f);
	target_label(out, &f);
	html_raw(out, "</svg>\n");
	free(f.pts);
	return true;
}

/* ---- the legend ---- */

static void key_picture(struct buf *out, int entry)
{
	html_raw(out, "<svg class=\"vk-chart-key\" viewBox=\"0 0 60 30\" "
		      "width=\"48\" height=\"24\" aria-hidden=\"true\" "
		      "focusable=\"false\">");
	if (entry == CHART_LEGEND_TRAJECTORY)
		html_raw(out, "<line x1=\"2\" y1=\"15\" x2=\"58\" y2=\"15\" "
			      "stroke=\"" C_TRAJ "\" stroke-width=\"4\" "
			      "stroke-dasharray=\"12 8\"/>");
	else if (entry == CHART_OBSERVATION)
		html_raw(out, "<line x1=\"2\" y1=\"15\" x2=\"58\" y2=\"15\" "
			      "stroke=\"" C_OBS "\" stroke-width=\"5\"/>");
	else if (entry == CHART_FORECAST)
		html_raw(out, "<line x1=\"2\" y1=\"15\" x2=\"58\" y2=\"15\" "
			      "stroke=\"" C_OBS "\" stroke-width=\"4\" "
			      "stroke-dasharray=\"2 8\" "
			      "stroke-linecap=\"round\"/>");
	if (entry != CHART_LEGEND_TRAJECTORY) {
		shape(out, (enum chart_mark)entry, 30, 15);
		html_raw(out, "/>");
	}
	html_raw(out, "</svg>");
}

void chart_legend(struct buf *out, const struct chart *c)
{
	struct frame f = {.c = c};
	bool any = false;

	collect(&f);
	for (int i = 0; i < CHART_LEGEND_COUNT; i++) {
		if (!f.drawn[i] || !c->legend[i])
			continue;
		if (!any)
			html_raw(out, "<ul class=\"vk-chart-legend\">");
		any = true;
		html_raw(out, "<li>");
		key_picture(out, i);
		html_raw(out, "<span>");
		html_txt(out, c->legend[i]);
		html_raw(out, "</span></li>");
	}
	if (any)
		html_raw(out, "</ul>\n");
	free(f.pts);
}
