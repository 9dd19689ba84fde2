/*
 * web/front_cards.c: a strategy's card on the front page (front_view.h):
 * its measures by status (the stacked bar with the numbers written out),
 * registered of announced, the share that reported in the period the
 * status reflects, and its indicators by progress class, each class a tag
 * with an icon and its label (web/progress_view.h), never colour alone.
 * The rule for each figure is written once above the cards.
 *
 * It only draws what page_front.c loaded; nothing is fetched here.
 */
#include <string.h>

#include "model/progress.h"
#include "web/format.h"
#include "web/front_view.h"
#include "web/progress_view.h"

/* The classes in the order a reader scans them: best first, no data
 * last. */
static const enum progress_class class_order[] = {
    PROGRESS_TARGET_ACHIEVED,	  PROGRESS_ON_TRACK,
    PROGRESS_ACCELERATION_NEEDED, PROGRESS_LIMITED_PROGRESS,
    PROGRESS_DETERIORATION,	  PROGRESS_NO_DATA,
};

void front_cards_intro(struct page *pg, const struct front *f)
{
	html_raw(pg->out, "<p class=\"ds-paragraph vk-front-rules\">");
	page_tf(pg,
		f->period_opened ? "front_more.rule.reported"
				 : "front_more.rule.not_opened",
		f->period_text, NULL);
	html_raw(pg->out, " ");
	html_txt(pg->out, T(pg, "front_more.rule.indicators"));
	html_raw(pg->out, " <a class=\"ds-link\" href=\"");
	page_href(pg, "/indicators", NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "front_more.rule.indicators_link"));
	html_raw(pg->out, "</a></p>\n");
}

/* A percentage for k of n (n > 0), rounded, but 0 % and 100 % only when
 * they are exact: 199 of 200 is 99 %, not 100 %. */
static int64_t share(int64_t k, int64_t n)
{
	int64_t pct = (k * 100 + n / 2) / n;

	if (pct == 100 && k < n)
		return 99;
	if (pct == 0 && k > 0)
		return 1;
	return pct;
}

/* "12 av 19 tiltak rapportert for 2025-T2 (63 %)." */
static void reported(struct page *pg, const struct front *f,
		     const struct front_card *c)
{
	int64_t n = json_integer_value(json_object_get(c->sum, "counted"));
	int64_t k = json_integer_value(json_object_get(c->sum, "reported"));
	struct buf sk = BUF_INIT, sn = BUF_INIT, sp = BUF_INIT;

	html_raw(pg->out, "<p class=\"ds-paragraph vk-reported\">");
	if (n > 0) {
		fmt_int(&sk, pg->lang, k);
		fmt_int(&sn, pg->lang, n);
		fmt_percent(&sp, pg->lang, share(k, n));
		page_tf(pg, "front_more.reported", buf_cstr(&sk), buf_cstr(&sn),
			f->period_text, buf_cstr(&sp), NULL);
	} else {
		page_tf(pg, "front_more.reported_none", f->period_text, NULL);
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&sk);
	buf_release(&sn);
	buf_release(&sp);
}

/* "3 av 5 indikatorer er i rute", then a tag and a count per class. */
static void indicators(struct page *pg, const struct front_card *c)
{
	int64_t good = c->classes[PROGRESS_TARGET_ACHIEVED] +
		       c->classes[PROGRESS_ON_TRACK];
	struct buf sg = BUF_INIT, sn = BUF_INIT;

	html_raw(pg->out, "<p class=\"ds-paragraph vk-front-indicators\">");
	if (!c->indicators) {
		html_txt(pg->out, T(pg, "front_more.indicators_none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	fmt_int(&sg, pg->lang, good);
	fmt_int(&sn, pg->lang, c->indicators);
	page_tf(pg,
		c->indicators == 1 ? "front_more.indicators_one"
				   : "front_more.indicators",
		buf_cstr(&sg), buf_cstr(&sn), NULL);
	buf_release(&sg);
	buf_release(&sn);
	html_raw(pg->out, "</p>\n<ul class=\"vk-progress-counts\">");
	for (size_t i = 0; i < sizeof(class_order) / sizeof(class_order[0]);
	     i++) {
		enum progress_class k = class_order[i];

		if (!c->classes[k])
			continue;
		html_raw(pg->out, "<li>");
		progress_tag(pg, c->sample[k]);
		html_raw(pg->out, " <strong>");
		page_int(pg, c->classes[k]);
		html_raw(pg->out, "</strong></li>");
	}
	html_raw(pg->out, "</ul>\n");
}

/* The card's measures by status into counts[PAGE_STATUS_COUNT], in the
 * order of page_status_codes; an unknown status counts as not reported,
 * as page_status_count has it. */
static void status_counts(const struct front_card *c, int64_t *counts)
{
	json_t *n;
	const char *code;

	memset(counts, 0, PAGE_STATUS_COUNT * sizeof(*counts));
	json_object_foreach(json_object_get(c->sum, "statuses"), code, n) {
		size_t k = 0;

		while (page_status_codes[k] &&
		       strcmp(page_status_codes[k], code))
			k++;
		counts[page_status_codes[k] ? k : PAGE_STATUS_COUNT - 1] +=
		    json_integer_value(n);
	}
}

void front_card(struct page *pg, const struct front *f,
		const struct front_card *c)
{
	int64_t counts[PAGE_STATUS_COUNT];
	int64_t n = json_integer_value(json_object_get(c->sum, "measures"));
	int64_t unconfirmed =
	    json_integer_value(json_object_get(c->sum, "unconfirmed"));
	const char *id = page_str(c->s, "id");

	status_counts(c, counts);
	html_raw(pg->out, "<section class=\"ds-card vk-card\" "
			  "aria-labelledby=\"strategy-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">\n<h2 class=\"ds-heading\" data-size=\"sm\" "
			  "id=\"strategy-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	page_link(pg, "/strategies/", id, c->s, "name");
	html_raw(pg->out, "</h2>\n");
	page_registered(pg, c->s, n, unconfirmed);
	if (n)
		page_status_bar(pg, counts);
	reported(pg, f, c);
	indicators(pg, c);
	html_raw(pg->out, "</section>\n");
}
