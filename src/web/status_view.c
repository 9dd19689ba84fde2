/*
 * web/status_view.c: how a measure's status looks on the portal (see
 * page.h): a Designsystemet tag with an icon and the label, so status is
 * never told by colour alone, and the stacked bar whose numbers are also
 * written out. The icons are drawn here (24x24, currentColor) after the
 * Aksel icon names in model/status.h; they are decoration (aria-hidden)
 * next to the text that says the same.
 */
#include <string.h>

#include "model/status.h"
#include "web/format.h"
#include "web/page.h"

#define NOT_REPORTED "not_reported"

const char *const page_status_codes[] = {
	"completed", "on_track", "at_risk", "delayed", "not_started",
	"cancelled", NOT_REPORTED, NULL,
};

const char *page_status_label(const struct page *pg, const char *code)
{
	const struct status_def *s = status_find(code);

	if (!s)
		return T(pg, "status.not_reported");
	return status_text(s, lang_code(pg->lang))->label;
}

/* The Designsystemet colour of a status ("neutral" when unknown). */
static const char *status_color(const char *code)
{
	const struct status_def *s = status_find(code);

	return s && s->color ? s->color : "neutral";
}

#define SVG_OPEN \
	"<svg class=\"vk-icon\" viewBox=\"0 0 24 24\" width=\"1em\" " \
	"height=\"1em\" aria-hidden=\"true\" focusable=\"false\" " \
	"fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" " \
	"stroke-linecap=\"round\" stroke-linejoin=\"round\">"

void page_status_icon(struct page *pg, const char *code)
{
	const struct status_def *s = status_find(code);

	html_raw(pg->out, SVG_OPEN);
	switch (s ? (int)s->status : -1) {
	case REPORT_STATUS_NOT_STARTED:	/* circle */
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"8\"/>");
		break;
	case REPORT_STATUS_ON_TRACK:	/* arrow-right */
		html_raw(pg->out, "<path d=\"M4 12h15M13 6l6 6-6 6\"/>");
		break;
	case REPORT_STATUS_AT_RISK:	/* exclamationmark-triangle */
		html_raw(pg->out, "<path d=\"M12 3 2 20h20z\"/>"
				  "<path d=\"M12 10v4M12 17v.5\"/>");
		break;
	case REPORT_STATUS_DELAYED:	/* clock */
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"9\"/>"
				  "<path d=\"M12 7v5l3 3\"/>");
		break;
	case REPORT_STATUS_COMPLETED:	/* checkmark-circle */
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"9\"/>"
				  "<path d=\"m8 12 3 3 5-6\"/>");
		break;
	case REPORT_STATUS_CANCELLED:	/* x-mark-octagon */
		html_raw(pg->out, "<path d=\"M8 3h8l5 5v8l-5 5H8l-5-5V8z\"/>"
				  "<path d=\"m9 9 6 6M15 9l-6 6\"/>");
		break;
	default:			/* not reported: a dashed circle */
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"8\" "
				  "stroke-dasharray=\"3 3\"/>");
		break;
	}
	html_raw(pg->out, "</svg>");
}

void page_status(struct page *pg, const char *code)
{
	html_raw(pg->out, "<span class=\"ds-tag vk-status\" data-color=\"");
	html_attr(pg->out, status_color(code));
	html_raw(pg->out, "\">");
	page_status_icon(pg, code);
	html_raw(pg->out, "<span>");
	html_txt(pg->out, page_status_label(pg, code));
	html_raw(pg->out, "</span></span>");
}

/* The bar: one rect per status with a count, on a 0..1000 scale. */
static void bar(struct page *pg, const int64_t *counts, int64_t total)
{
	int64_t x = 0, seen = 0;

	html_raw(pg->out, "<svg class=\"vk-bar\" viewBox=\"0 0 1000 20\" "
			  "preserveAspectRatio=\"none\" aria-hidden=\"true\" "
			  "focusable=\"false\">");
	for (size_t i = 0; page_status_codes[i]; i++) {
		int64_t end;

		if (!counts[i])
			continue;
		seen += counts[i];
		/* Cumulative rounding: the widths always add up to 1000. */
		end = seen * 1000 / total;
		html_raw(pg->out, "<rect class=\"vk-bar-");
		html_attr(pg->out, page_status_codes[i]);
		html_raw(pg->out, "\" x=\"");
		html_int(pg->out, x);
		html_raw(pg->out, "\" width=\"");
		html_int(pg->out, end - x);
		html_raw(pg->out, "\" height=\"20\"/>");
		x = end;
	}
	html_raw(pg->out, "</svg>\n");
}

void page_status_bar(struct page *pg, const int64_t *counts)
{
	int64_t total = 0;

	for (size_t i = 0; page_status_codes[i]; i++)
		total += counts[i];
	if (total > 0)
		bar(pg, counts, total);
	html_raw(pg->out, "<ul class=\"vk-legend\">");
	for (size_t i = 0; page_status_codes[i]; i++) {
		if (!counts[i])
			continue;
		html_raw(pg->out, "<li><span class=\"vk-swatch vk-bar-");
		html_attr(pg->out, page_status_codes[i]);
		html_raw(pg->out, "\">");
		page_status_icon(pg, page_status_codes[i]);
		html_raw(pg->out, "</span> ");
		html_txt(pg->out, page_status_label(pg, page_status_codes[i]));
		html_raw(pg->out, ": <strong>");
		page_int(pg, counts[i]);
		html_raw(pg->out, "</strong></li>");
	}
	html_raw(pg->out, "</ul>\n");
}

int64_t page_status_count(json_t *measures, const char *strategy,
			  int64_t *counts, int64_t *unconfirmed)
{
	int64_t n = 0;
	json_t *m;
	size_t i;

	memset(counts, 0, PAGE_STATUS_COUNT * sizeof(*counts));
	*unconfirmed = 0;
	json_array_foreach(measures, i, m) {
		const char *s = page_str(m, "strategy");
		const char *status = page_str(m, "status");
		const char *certainty = page_str(m, "certainty");
		size_t k = 0;

		if (strategy && (!s || strcmp(s, strategy)))
			continue;
		while (page_status_codes[k] &&
		       (!status || strcmp(page_status_codes[k], status)))
			k++;
		/* An unknown status counts as not reported. */
		counts[page_status_codes[k] ? k : PAGE_STATUS_COUNT - 1]++;
		if (certainty && strcmp(certainty, "confirmed"))
			(*unconfirmed)++;
		n++;
	}
	return n;
}

void page_registered(struct page *pg, json_t *strategy, int64_t n,
		     int64_t unconfirmed)
{
	json_t *announced = json_object_get(strategy, "n_measures_announced");
	struct buf sn = BUF_INIT, sm = BUF_INIT, sk = BUF_INIT;

	fmt_int(&sn, pg->lang, n);
	fmt_int(&sk, pg->lang, unconfirmed);
	html_raw(pg->out, "<p class=\"ds-paragraph vk-registered\">");
	if (json_is_integer(announced)) {
		fmt_int(&sm, pg->lang, json_integer_value(announced));
		page_tf(pg, unconfirmed ? "registered.of_unconfirmed"
					: "registered.of",
			buf_cstr(&sn), buf_cstr(&sm), buf_cstr(&sk), NULL);
	} else {
		page_tf(pg, unconfirmed ? "registered.count_unconfirmed"
					: "registered.count",
			buf_cstr(&sn), buf_cstr(&sk), NULL);
	}
	html_raw(pg->out, "</p>\n");
	buf_release(&sn);
	buf_release(&sm);
	buf_release(&sk);
}
