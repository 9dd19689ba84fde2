/*
 * web/progress_view.h: how an indicator's progress class looks on the
 * portal: a Designsystemet tag with an icon and the label, so the class is
 * never told by colour alone, and the rule with the thresholds the service
 * applied, in words. Both take the answer of service_indicator_progress
 * (service/observations.h), the same as GET /api/v1/indicators/<id>/
 * progress, and only show it: nothing is computed here.
 *
 * Ownership: the json is borrowed; output goes to pg->out.
 */
#ifndef VEIKART_WEB_PROGRESS_VIEW_H
#define VEIKART_WEB_PROGRESS_VIEW_H

#include <jansson.h>

#include "web/page.h"

/* The class as a tag: an icon (aria-hidden) and the label in the page's
 * language. A missing class shows as no_data. */
void progress_tag(struct page *pg, json_t *progress);

/* A paragraph: how the class is set, with the thresholds of `progress`
 * ("indicator.rule"). */
void progress_rule(struct page *pg, json_t *progress);

#endif
