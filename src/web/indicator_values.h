/*
 * web/indicator_values.h: an indicator's values as the indicator page
 * shows them (the table, the chart) and as its CSV download gives them:
 * the baseline, the observations and the target, in time order, each
 * with its kind and source.
 *
 * Observations without a breakdown ("totals") make the line. Where
 * several totals that are not forecasts share a period, one is the
 * period's value and the others are kind CHART_OTHER, chosen as the
 * progress class chooses its current value (store_observation_latest):
 * a final value before a preliminary one, then the indicator's own
 * source, then the source ids in order. Forecasts are CHART_FORECAST;
 * observations of a breakdown (region=Oslo ...) are only counted, or
 * listed when asked for (the CSV).
 *
 * Ownership: strings and json values in the items are borrowed from the
 * indicator record, which must outlive the list; the list's own memory
 * is freed by indicator_values_release.
 */
#ifndef VEIKART_WEB_INDICATOR_VALUES_H
#define VEIKART_WEB_INDICATOR_VALUES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "web/chart.h"
#include "web/i18n.h"

struct indicator_value {
	const char *period; /* canonical period text, or the year */
	char year[8];	    /* baseline and target: the year's text */
	double t;	    /* progress_time() of the period */
	double v;
	enum chart_mark kind;
	const char *status;    /* observations: final, preliminary ... */
	const char *breakdown; /* NULL for totals */
	json_t *source;	       /* the source object (id, title, url ...) */
	const char *note;
};

struct indicator_values {
	struct indicator_value *items;
	size_t n;
	size_t breakdowns; /* observations of a breakdown (listed or not) */
	size_t missing;	   /* observations without a value or period */
};

/*
 * Builds the values of `indicator` (the API shape of one indicator: its
 * baseline_value/_year, target_value/_year, source and observations with
 * sources expanded). with_breakdowns also lists breakdown observations.
 */
void indicator_values_build(json_t *indicator, bool with_breakdowns,
			    struct indicator_values *out);
void indicator_values_release(struct indicator_values *v);

/* v as people write it in l, with as many decimals as it has (up to 3),
 * then the unit after a no-break space when there is one: "25,9 mrd.
 * NOK". Plain text. */
void indicator_value_text(struct buf *b, enum lang l, double v,
			  const char *unit);

/* The kind's name in the CSV: "baseline", "observation", "other_source",
 * "forecast" or "target". */
const char *indicator_value_kind(enum chart_mark kind);

/*
 * Appends the values as CSV (RFC 4180, UTF-8, CRLF, a header row; numbers
 * with a decimal point): indicator, period, kind, breakdown, value, unit,
 * status, source, source_title, source_url, note. A text cell that a
 * spreadsheet would read as a formula (= + - @ first) gets a leading '.
 */
void indicator_values_csv(const struct indicator_values *v, const char *id,
			  const char *unit, struct buf *out);

#endif
