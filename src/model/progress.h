/*
 * model/progress.h: how far an indicator has come towards its target, by
 * the method national SDG platforms use (Statistics Canada's progress
 * measure, as in Open SDG's progress calculation): the ratio of the actual
 * to the required compound annual growth rate (CAGR),
 *
 *   actual   = (current / baseline) ^ (1 / (t - t0)) - 1
 *   required = (target  / baseline) ^ (1 / (T - t0)) - 1
 *   ratio    = actual / required
 *
 * where t0 is the baseline year, t the time of the latest observation and
 * T the target year. Classes, with the default thresholds (Statistics
 * Canada's and Open SDG's for indicators with a numeric target):
 *
 *   target_achieved      current at or beyond the target (by direction)
 *   on_track             ratio >= 0.95
 *   acceleration_needed  0.60 <= ratio < 0.95
 *   limited_progress     0 <= ratio < 0.60
 *   deterioration        ratio < 0 (moving away from the target)
 *   no_data              no baseline value and year, no target value and
 *                        year, a target year not after the baseline year,
 *                        or no observation after the baseline year
 *
 * Direction ("higher" or "lower" is better) decides only whether the
 * target is achieved; the ratio needs no direction, since the required
 * rate carries the sign (both rates are negative for a falling target).
 *
 * Zero and negative values: a growth rate is undefined when the baseline,
 * the current value or the target is zero or negative (a ratio of values
 * with a fractional power). Then the linear rates are compared instead:
 * actual = (current - baseline) / (t - t0), required = (target - baseline)
 * / (T - t0), and the method is reported as "linear". A target equal to
 * the baseline that is not achieved requires no change and the indicator
 * moved the wrong way: deterioration, without a ratio.
 *
 * Time: a period counts at its end, in years: year - 1 + (months to its
 * end) / 12. So 2024, 2024-T3, 2024-Q4 and 2024-12 all count as 2024,
 * 2024-Q1 as 2023.25 and 2024-T2 as 2023.67; a range 2021-2023 counts as
 * 2023. Baseline and target years are whole years (their end).
 *
 * Plain values; nothing to free. Explanations go into a caller's buffer.
 */
#ifndef VEIKART_MODEL_PROGRESS_H
#define VEIKART_MODEL_PROGRESS_H

#include <stdbool.h>

#include "model/period.h"
#include "util/buf.h"
#include "util/err.h"

enum progress_class {
	PROGRESS_NO_DATA,
	PROGRESS_TARGET_ACHIEVED,
	PROGRESS_ON_TRACK,
	PROGRESS_ACCELERATION_NEEDED,
	PROGRESS_LIMITED_PROGRESS,
	PROGRESS_DETERIORATION,
};

enum progress_method {
	PROGRESS_METHOD_NONE,	/* no data, or the target is achieved */
	PROGRESS_METHOD_CAGR,	/* compound annual growth rates */
	PROGRESS_METHOD_LINEAR, /* zero or negative values: linear rates */
};

/* Why a class is no_data. */
enum progress_reason {
	PROGRESS_REASON_NONE,
	PROGRESS_REASON_NO_BASELINE,	    /* baseline value or year missing */
	PROGRESS_REASON_NO_TARGET,	    /* target value or year missing */
	PROGRESS_REASON_TARGET_YEAR,	    /* target year not after baseline */
	PROGRESS_REASON_NO_CURRENT,	    /* no observation */
	PROGRESS_REASON_NOT_AFTER_BASELINE, /* latest not after t0 */
};

/* The lower bounds of on_track, acceleration_needed, limited_progress. */
struct progress_thresholds {
	double on_track;
	double acceleration_needed;
	double limited_progress;
};

#define PROGRESS_THRESHOLDS_DEFAULT                                            \
	{                                                                      \
		0.95, 0.6, 0.0                                                 \
	}

struct progress_input {
	bool lower_is_better; /* direction "lower" */
	bool has_baseline;    /* value and year */
	double baseline;
	int baseline_year;
	bool has_target; /* value and year */
	double target;
	int target_year;
	bool has_current;
	double current;
	double current_time;	    /* progress_time() of its period */
	const char *current_period; /* canonical text, borrowed */
	const char *unit;	    /* borrowed; NULL when none */
};

struct progress_result {
	enum progress_class cls;
	enum progress_method method;
	enum progress_reason reason;
	double elapsed;	    /* t - t0, years */
	double horizon;	    /* T - t0, years */
	bool has_rates;	    /* actual and required were computed */
	double actual_rate; /* a year: fraction (CAGR) or units (linear) */
	double required_rate;
	bool has_ratio;
	double ratio;
};

/* 0 when on_track > acceleration_needed > limited_progress, all finite;
 * else -1 with ERR_INVALID. */
int progress_thresholds_check(const struct progress_thresholds *th,
			      struct err *err);

/* The time of a period in years, as the header describes. */
double progress_time(const struct period *p);

/* Classifies; th NULL means the defaults. */
void progress_assess(const struct progress_input *in,
		     const struct progress_thresholds *th,
		     struct progress_result *out);

/* "target_achieved", "on_track", "acceleration_needed",
 * "limited_progress", "deterioration", "no_data". */
const char *progress_class_name(enum progress_class c);
/* "cagr", "linear" or "none". */
const char *progress_method_name(enum progress_method m);
/* The class for people in lang "nb", "nn" or "en" (others: "nb"). */
const char *progress_class_label(enum progress_class c, const char *lang);

/*
 * Appends the calculation for people, in lang "nb", "nn" or "en": the
 * inputs, the two rates with their formulas filled in, the ratio and the
 * threshold that decided the class (or why there is no class). Decimal
 * comma in nb and nn. th NULL means the defaults.
 */
void progress_explain(const struct progress_input *in,
		      const struct progress_result *r,
		      const struct progress_thresholds *th, const char *lang,
		      struct buf *out);

#endif
