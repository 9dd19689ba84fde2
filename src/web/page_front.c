/*
 * web/page_front.c: the front page, /{lang}/: which period the status
 * reflects, then each strategy with its measures counted by status (a
 * stacked bar with the numbers written out) and how many of the measures
 * it announced are registered. Later issues add the share reported this
 * period, indicators on or off track and the latest approved reports.
 */
#include <stdlib.h>
#include <string.h>

#include "service/portal.h"
#include "util/xalloc.h"
#include "web/layout.h"
#include "web/page.h"

/* Newest launched first; strategies without a date last, then by id. */
static int by_launch(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	const char *la = page_str(a, "launched"), *lb = page_str(b, "launched");
	int c = (!la || !lb) ? !la - !lb : strcmp(lb, la);

	return c ? c : strcmp(page_str(a, "id"), page_str(b, "id"));
}

static void strategy_card(struct page *pg, json_t *s, json_t *measures)
{
	int64_t counts[PAGE_STATUS_COUNT], unconfirmed, n;
	const char *id = page_str(s, "id");

	n = page_status_count(measures, id, counts, &unconfirmed);
	html_raw(pg->out, "<section class=\"ds-card vk-card\" "
			  "aria-labelledby=\"strategy-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">\n<h2 class=\"ds-heading\" data-size=\"sm\" "
			  "id=\"strategy-");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	page_link(pg, "/strategies/", id, s, "name");
	html_raw(pg->out, "</h2>\n");
	page_registered(pg, s, n, unconfirmed);
	if (n)
		page_status_bar(pg, counts);
	html_raw(pg->out, "</section>\n");
}

static void strategy_cards(struct page *pg, json_t *strategies,
			   json_t *measures)
{
	size_t n = json_array_size(strategies);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(strategies, i);
	qsort(v, n, sizeof(*v), by_launch);
	html_raw(pg->out, "<div class=\"vk-cards\">\n");
	for (size_t i = 0; i < n; i++)
		strategy_card(pg, v[i], measures);
	html_raw(pg->out, "</div>\n");
	free(v);
}

int page_front(struct page *pg, struct err *err)
{
	json_t *strategies = NULL, *measures = NULL;
	int rc = -1;

	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	strategies = portal_all(pg->st, "strategies", NULL, 0, err);
	measures = strategies ? portal_all(pg->st, "measures", NULL, 0, err)
			      : NULL;
	if (!measures)
		goto done;
	layout_begin(pg, T(pg, "front.title"));
	page_h1(pg, "front.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\" data-variant=\"long\">");
	html_txt(pg->out, T(pg, "front.intro"));
	html_raw(pg->out, "</p>\n");
	if (page_status_period(pg, err) < 0)
		goto done;
	strategy_cards(pg, strategies, measures);
	layout_end(pg);
	rc = 0;
done:
	json_decref(strategies);
	json_decref(measures);
	return rc;
}
