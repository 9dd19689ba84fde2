/*
 * web/indicator_groups.h: which strategies an indicator belongs to, the
 * one rule every page uses to group indicators (the list of indicators,
 * the front page's cards): an indicator follows a strategy when a goal of
 * the strategy names it, or when a measure of the strategy contributes to
 * it (the indicator's "measures").
 *
 * Ownership: every argument is borrowed; indicator_strategies returns a
 * new object for the caller.
 */
#ifndef VEIKART_WEB_INDICATOR_GROUPS_H
#define VEIKART_WEB_INDICATOR_GROUPS_H

#include <jansson.h>
#include <stdbool.h>

/*
 * Whether indicator `ind` follows strategy `strategy`. `goals` is every
 * goal (portal_all), `measures` maps measure ids to measures (portal_map,
 * or any object whose members have "strategy").
 */
bool indicator_follows(json_t *goals, json_t *measures, json_t *ind,
		       const char *strategy);

/* Whether `ind` follows any strategy of the array `strategies`. */
bool indicator_follows_any(json_t *goals, json_t *measures, json_t *strategies,
			   json_t *ind);

/*
 * The ids of the strategies `ind` follows, by the same rule, as the keys
 * of a new object (values true), in one pass over the goals and the
 * indicator's measures: for pages that group many indicators at once.
 */
json_t *indicator_strategies(json_t *goals, json_t *measures, json_t *ind);

#endif
