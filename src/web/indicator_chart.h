/*
 * web/indicator_chart.h: the chart on an indicator's page, in a <figure>:
 * the SVG of web/chart.h labelled with the indicator's name and a summary
 * of what it shows in the page's language (the baseline, how many
 * observations over which periods and the latest, the target), the
 * legend, and a note saying the dashed line is a straight guide while the
 * class comes from growth rates. Writes an empty figure when there is
 * nothing to draw. The page's table, which comes before it, holds the
 * same numbers.
 *
 * Ownership: arguments are borrowed; output goes to pg->out.
 */
#ifndef VEIKART_WEB_INDICATOR_CHART_H
#define VEIKART_WEB_INDICATOR_CHART_H

#include <jansson.h>

#include "web/indicator_values.h"
#include "web/page.h"

/* `ind` is the indicator record (its name and unit), `v` its values. */
void indicator_chart(struct page *pg, json_t *ind,
		     const struct indicator_values *v);

#endif
