/*
 * web/rollup.c: progress rolled up from measures, and the rule written
 * out with the figures (rollup.h). The counting is a pure function of the
 * measures and their newest approved reports; the rendering only formats
 * what it counted.
 *
 * Ownership: nothing is kept; temporary buffers are released here.
 */
#include "web/rollup.h"

#include <math.h>
#include <string.h>

#include "web/format.h"

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* One measure into r. */
static void add(struct rollup *r, json_t *m, json_t *latest)
{
	const char *state = page_str(m, "state");
	const char *status = page_str(m, "status");
	const char *id = page_str(m, "id");
	json_t *progress;

	if (is(state, "cancelled") || is(state, "merged") ||
	    is(status, "cancelled")) {
		r->left_out++;
		return;
	}
	r->counted++;
	r->weights += ROLLUP_WEIGHT;
	if (is(state, "completed") || is(status, "completed")) {
		r->completed++;
		r->sum += ROLLUP_WEIGHT * 100;
		return;
	}
	progress =
	    json_object_get(json_object_get(latest, id ? id : ""), "progress");
	if (json_is_integer(progress) && json_integer_value(progress) >= 0 &&
	    json_integer_value(progress) <= 100) {
		r->reported++;
		r->sum += ROLLUP_WEIGHT * json_integer_value(progress);
	} else {
		r->unreported++;
	}
}

void rollup_measures(json_t *measures, json_t *latest, struct rollup *out)
{
	json_t *m;
	size_t i;

	memset(out, 0, sizeof(*out));
	json_array_foreach(measures, i, m)
		add(out, m, latest);
}

double rollup_percent(const struct rollup *r)
{
	return r->weights ? (double)r->sum / (double)r->weights : 0;
}

/* A percentage with one decimal, written as fmt_percent writes one. */
static void percent1(struct buf *b, enum lang l, double v)
{
	fmt_num(b, l, v, 1);
	buf_addstr(b, l == LANG_EN ? "%" : "\xc2\xa0%");
}

static void paragraph_open(struct page *pg)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
}

static void paragraph_close(struct page *pg)
{
	html_raw(pg->out, "</p>\n");
}

/* "390 percentage points ÷ 12 = 32,5 %" and the counts behind it. */
static void figures(struct page *pg, const struct rollup *r)
{
	struct buf sum = BUF_INIT, w = BUF_INIT, exact = BUF_INIT;
	struct buf n = BUF_INIT, rep = BUF_INIT, done = BUF_INIT,
		   none = BUF_INIT, out = BUF_INIT;

	fmt_int(&sum, pg->lang, r->sum);
	fmt_int(&w, pg->lang, r->weights);
	percent1(&exact, pg->lang, rollup_percent(r));
	fmt_int(&n, pg->lang, r->counted);
	fmt_int(&rep, pg->lang, r->reported);
	fmt_int(&done, pg->lang, r->completed);
	fmt_int(&none, pg->lang, r->unreported);
	fmt_int(&out, pg->lang, r->left_out);
	paragraph_open(pg);
	page_tf(pg, "rollup.calc", buf_cstr(&sum), buf_cstr(&w),
		buf_cstr(&exact), NULL);
	html_raw(pg->out, " ");
	page_tf(pg, "rollup.counts", buf_cstr(&n), buf_cstr(&rep),
		buf_cstr(&done), buf_cstr(&none), buf_cstr(&out), NULL);
	paragraph_close(pg);
	buf_release(&sum);
	buf_release(&w);
	buf_release(&exact);
	buf_release(&n);
	buf_release(&rep);
	buf_release(&done);
	buf_release(&none);
	buf_release(&out);
}

void rollup_render(struct page *pg, const struct rollup *r)
{
	html_raw(pg->out, "<div class=\"vk-rollup\">\n");
	if (!r->counted) {
		paragraph_open(pg);
		html_txt(pg->out, T(pg, "rollup.none"));
		paragraph_close(pg);
	} else {
		html_raw(pg->out, "<p class=\"ds-paragraph vk-rollup-value\">"
				  "<span class=\"vk-rollup-number\">");
		page_percent(pg, (int64_t)lround(rollup_percent(r)));
		html_raw(pg->out, "</span> ");
		html_txt(pg->out, T(pg, "rollup.value"));
		paragraph_close(pg);
		figures(pg, r);
	}
	paragraph_open(pg);
	html_txt(pg->out, T(pg, "rollup.rule"));
	paragraph_close(pg);
	html_raw(pg->out, "</div>\n");
}
