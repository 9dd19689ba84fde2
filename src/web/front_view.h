/*
 * web/front_view.h: the front page's data once loaded (web/page_front.c)
 * and the two parts that draw it: a card per strategy (front_cards.c:
 * measures by status, registered of announced, share reported in the
 * period, indicators by progress class) and the newest approved reports
 * (front_recent.c).
 *
 * Ownership: struct front owns every json_t in it and the cards array;
 * page_front.c releases them. The parts only read.
 */
#ifndef VEIKART_WEB_FRONT_VIEW_H
#define VEIKART_WEB_FRONT_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/period.h"
#include "model/progress.h"
#include "web/page.h"

/* Progress classes, indexed by enum progress_class. */
#define FRONT_NCLASSES (PROGRESS_DETERIORATION + 1)

struct front_card {
	json_t *s;   /* the strategy (borrowed from front.strategies) */
	json_t *sum; /* its figures in front.summary, or NULL: none */
	/* Indicators following the strategy, by class; sample[c] is one
	 * progress answer of class c (borrowed), for its tag. */
	int64_t classes[FRONT_NCLASSES];
	json_t *sample[FRONT_NCLASSES];
	int64_t indicators;
};

struct front {
	struct period period; /* the period the status reflects */
	char period_text[PERIOD_TEXT_MAX];
	bool period_opened; /* whether reporting for it was ever opened */
	json_t *strategies, *goals, *indicators;
	json_t *actors;	  /* id -> actor */
	json_t *summary;  /* service_front_strategies */
	json_t *linked;	  /* service_front_indicator_measures */
	json_t *progress; /* indicator id -> service_indicator_progress */
	json_t *recent;	  /* service_front_recent_reports */
	struct front_card *cards; /* newest launched strategy first */
	size_t ncards;
	json_t *card_index; /* strategy id -> index in cards */
};

/* How many of the newest approved reports the front page lists. */
#define FRONT_RECENT 8

/* The explanation of the cards' figures, once above them. */
void front_cards_intro(struct page *pg, const struct front *f);
/* One strategy's card (a section with an h2). */
void front_card(struct page *pg, const struct front *f,
		const struct front_card *c);
/* The section "latest approved reports" (an h2 and a table). */
void front_recent(struct page *pg, const struct front *f);

#endif
