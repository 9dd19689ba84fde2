/*
 * web/page_front.c: the front page, /{lang}/: which period the status
 * reflects, then a card per strategy (web/front_cards.c: its measures
 * counted by status in a stacked bar with the numbers written out, how
 * many of the measures it announced are registered, how many reported in
 * the period, its indicators by progress class), then the newest approved
 * reports (web/front_recent.c).
 *
 * Loading stays a fixed number of queries however large the data: the
 * strategies, goals and indicators once; the measures by status, the
 * reporting counts and the newest reports as store aggregates
 * (service/front.h), so no measure or report is read in full; and one
 * progress answer per indicator that follows a strategy. It reads
 * through service/ only. Ownership: everything it loads is in
 * struct front and released before it returns.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/front.h"
#include "service/observations.h"
#include "service/portal.h"
#include "service/report.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/front_view.h"
#include "web/indicator_groups.h"
#include "web/layout.h"
#include "web/page.h"

/* Newest launched first; strategies without a date last, then by id. */
static int by_launch(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	const char *la = page_str(a, "launched"), *lb = page_str(b, "launched");
	const char *ia = page_str(a, "id"), *ib = page_str(b, "id");
	int c = (!la || !lb) ? !la - !lb : strcmp(lb, la);

	return c ? c : strcmp(ia ? ia : "", ib ? ib : "");
}

/* The card of strategy `id`, or NULL. */
static struct front_card *card_of(struct front *f, const char *id)
{
	json_t *i = json_object_get(f->card_index, id ? id : "");

	return json_is_integer(i) ? &f->cards[json_integer_value(i)] : NULL;
}

/* One card per strategy, newest first, each with its figures. */
static void build_cards(struct front *f)
{
	size_t n = json_array_size(f->strategies);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = json_array_get(f->strategies, i);
	xqsort(v, n, sizeof(*v), by_launch);
	f->cards = xcalloc(n ? n : 1, sizeof(*f->cards));
	f->ncards = n;
	for (i = 0; i < n; i++) {
		const char *sid = page_str(v[i], "id");

		f->cards[i].s = v[i];
		f->cards[i].sum = json_object_get(f->summary, sid ? sid : "");
		if (sid)
			json_object_set_new(f->card_index, sid,
					    json_integer((json_int_t)i));
	}
	free(v);
}

/* The class of a progress answer as enum progress_class (no_data when
 * the service names another). */
static enum progress_class class_of(json_t *progress)
{
	const char *name = page_str(progress, "class");

	for (int c = 0; name && c < FRONT_NCLASSES; c++)
		if (!strcmp(progress_class_name((enum progress_class)c), name))
			return (enum progress_class)c;
	return PROGRESS_NO_DATA;
}

/* Counts indicator `ind` on the card of every strategy it follows. */
static int tally_indicator(struct page *pg, struct front *f, json_t *ind,
			   struct err *err)
{
	json_t *in = indicator_strategies(f->goals, f->linked, ind), *p, *yes;
	const char *id = page_str(ind, "id"), *sid;
	enum progress_class cls;
	int rc = 0;

	if (!id || !json_object_size(in))
		goto done;
	if (!(p = service_indicator_progress(pg->st, id, NULL, err))) {
		rc = -1;
		goto done;
	}
	json_object_set_new(f->progress, id, p);
	cls = class_of(p);
	json_object_foreach(in, sid, yes) {
		struct front_card *c = card_of(f, sid);

		if (!c)
			continue;
		c->classes[cls]++;
		c->indicators++;
		if (!c->sample[cls])
			c->sample[cls] = p;
	}
done:
	json_decref(in);
	return rc;
}

/* The period the status reflects, and whether reporting for it opened. */
static int load_period(struct page *pg, struct front *f, struct err *err)
{
	json_t *row;

	if (portal_status_period(pg->st, time(NULL), &f->period, err) < 0)
		return -1;
	period_format(&f->period, f->period_text);
	row = service_period_get(pg->st, f->period_text, err);
	if (!row && err->code != ERR_NOT_FOUND)
		return -1;
	f->period_opened = row != NULL;
	json_decref(row);
	err_clear(err);
	return 0;
}

static int load(struct page *pg, struct front *f, struct err *err)
{
	struct store *st = pg->st;
	json_t *ind;
	size_t i;

	if (load_period(pg, f, err) < 0 ||
	    !(f->strategies = portal_all(st, "strategies", NULL, 0, err)) ||
	    !(f->goals = portal_all(st, "goals", NULL, 0, err)) ||
	    !(f->indicators = portal_all(st, "indicators", NULL, 0, err)) ||
	    !(f->actors = portal_map(st, "actors", err)) ||
	    !(f->summary = service_front_strategies(st, &f->period, err)) ||
	    !(f->linked = service_front_indicator_measures(st, err)) ||
	    !(f->recent = service_front_recent_reports(st, FRONT_RECENT, err)))
		return -1;
	f->progress = json_object();
	f->card_index = json_object();
	build_cards(f);
	json_array_foreach(f->indicators, i, ind)
		if (tally_indicator(pg, f, ind, err) < 0)
			return -1;
	return 0;
}

static void front_release(struct front *f)
{
	json_t **all[] = {
	    &f->strategies, &f->goals,	 &f->indicators,
	    &f->actors,	    &f->summary, &f->linked,
	    &f->progress,   &f->recent,	 &f->card_index,
	};

	free(f->cards);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		json_decref(*all[i]);
}

static int render(struct page *pg, const struct front *f, struct err *err)
{
	layout_begin(pg, T(pg, "front.title"));
	page_h1(pg, "front.title");
	html_raw(pg->out, "<p class=\"ds-paragraph\" data-variant=\"long\">");
	html_txt(pg->out, T(pg, "front.intro"));
	html_raw(pg->out, "</p>\n");
	if (page_status_period(pg, err) < 0)
		return -1;
	front_cards_intro(pg, f);
	html_raw(pg->out, "<div class=\"vk-cards\">\n");
	for (size_t i = 0; i < f->ncards; i++)
		front_card(pg, f, &f->cards[i]);
	html_raw(pg->out, "</div>\n");
	front_recent(pg, f);
	layout_end(pg);
	return 0;
}

int page_front(struct page *pg, struct err *err)
{
	struct front f;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	if (load(pg, &f, err) == 0)
		rc = render(pg, &f, err);
	front_release(&f);
	return rc;
}
