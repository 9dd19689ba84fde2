/*
 * model/progress.c: the progress class of an indicator (progress.h) and
 * its explanation in three languages. Pure arithmetic over plain values:
 * no I/O, no allocation but the caller's buffer.
 *
 * Source of the method and thresholds: Statistics Canada's progress
 * measure for the Canadian Indicator Framework, as implemented in Open
 * SDG's sdg-build (progress_measure.py: ratio thresholds 0.95, 0.6, 0 for
 * indicators with a target). Open SDG replaces a zero target by 0.001 to
 * avoid dividing by zero; we compare linear rates instead, which treats
 * every zero and negative value alike and is easy to explain.
 */
#include "model/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

int progress_thresholds_check(const struct progress_thresholds *th,
			      struct err *err)
{
	if (!isfinite(th->on_track) || !isfinite(th->acceleration_needed) ||
	    !isfinite(th->limited_progress) ||
	    th->on_track <= th->acceleration_needed ||
	    th->acceleration_needed <= th->limited_progress)
		return err_set(err, ERR_INVALID,
			       _("thresholds must be numbers with on_track > "
				 "acceleration_needed > limited_progress"));
	return 0;
}

double progress_time(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_TERTIAL:
		return p->year - 1 + p->n * 4 / 12.0;
	case PERIOD_QUARTER:
		return p->year - 1 + p->n * 3 / 12.0;
	case PERIOD_MONTH:
		return p->year - 1 + p->n / 12.0;
	case PERIOD_RANGE:
		return p->end_year;
	case PERIOD_YEAR:
	default:
		return p->year;
	}
}

static bool achieved(const struct progress_input *in)
{
	return in->lower_is_better ? in->current <= in->target
				   : in->current >= in->target;
}

/* Sets the reason and returns true when the inputs do not allow a class. */
static bool lacks_data(const struct progress_input *in,
		       struct progress_result *r)
{
	if (!in->has_baseline)
		r->reason = PROGRESS_REASON_NO_BASELINE;
	else if (!in->has_target)
		r->reason = PROGRESS_REASON_NO_TARGET;
	else if (in->target_year <= in->baseline_year)
		r->reason = PROGRESS_REASON_TARGET_YEAR;
	else if (!in->has_current)
		r->reason = PROGRESS_REASON_NO_CURRENT;
	else if (in->current_time <= in->baseline_year)
		r->reason = PROGRESS_REASON_NOT_AFTER_BASELINE;
	else
		return false;
	return true;
}

static void rates(const struct progress_input *in, struct progress_result *r)
{
	if (in->baseline > 0 && in->current > 0 && in->target > 0) {
		r->method = PROGRESS_METHOD_CAGR;
		r->actual_rate =
		    pow(in->current / in->baseline, 1 / r->elapsed) - 1;
		r->required_rate =
		    pow(in->target / in->baseline, 1 / r->horizon) - 1;
	} else {
		r->method = PROGRESS_METHOD_LINEAR;
		r->actual_rate = (in->current - in->baseline) / r->elapsed;
		r->required_rate = (in->target - in->baseline) / r->horizon;
	}
	r->has_rates = true;
}

static enum progress_class by_ratio(double ratio,
				    const struct progress_thresholds *th)
{
	if (ratio >= th->on_track)
		return PROGRESS_ON_TRACK;
	if (ratio >= th->acceleration_needed)
		return PROGRESS_ACCELERATION_NEEDED;
	if (ratio >= th->limited_progress)
		return PROGRESS_LIMITED_PROGRESS;
	return PROGRESS_DETERIORATION;
}

void progress_assess(const struct progress_input *in,
		     const struct progress_thresholds *th,
		     struct progress_result *out)
{
	static const struct progress_thresholds dflt =
	    PROGRESS_THRESHOLDS_DEFAULT;

	memset(out, 0, sizeof(*out));
	out->cls = PROGRESS_NO_DATA;
	if (lacks_data(in, out))
		return;
	out->elapsed = in->current_time - in->baseline_year;
	out->horizon = in->target_year - in->baseline_year;
	rates(in, out);
	if (achieved(in)) {
		out->cls = PROGRESS_TARGET_ACHIEVED;
		return;
	}
	if (out->required_rate == 0) {
		/* Target = baseline, not achieved: it moved the wrong way. */
		out->cls = PROGRESS_DETERIORATION;
		return;
	}
	out->ratio = out->actual_rate / out->required_rate;
	out->has_ratio = true;
	out->cls = by_ratio(out->ratio, th ? th : &dflt);
}

const char *progress_class_name(enum progress_class c)
{
	switch (c) {
	case PROGRESS_TARGET_ACHIEVED:
		return "target_achieved";
	case PROGRESS_ON_TRACK:
		return "on_track";
	case PROGRESS_ACCELERATION_NEEDED:
		return "acceleration_needed";
	case PROGRESS_LIMITED_PROGRESS:
		return "limited_progress";
	case PROGRESS_DETERIORATION:
		return "deterioration";
	case PROGRESS_NO_DATA:
	default:
		return "no_data";
	}
}

const char *progress_method_name(enum progress_method m)
{
	return m == PROGRESS_METHOD_CAGR     ? "cagr"
	       : m == PROGRESS_METHOD_LINEAR ? "linear"
					     : "none";
}

enum lang { NB, NN, EN };

static enum lang lang_of(const char *lang)
{
	if (lang && !strncmp(lang, "nn", 2))
		return NN;
	if (lang && !strncmp(lang, "en", 2))
		return EN;
	return NB;
}

const char *progress_class_label(enum progress_class c, const char *lang)
{
	static const char *const labels[][3] = {
	    [PROGRESS_NO_DATA] = {"Ikke nok data", "Ikkje nok data", "No data"},
	    [PROGRESS_TARGET_ACHIEVED] = {"Målet er nådd", "Målet er nått",
					  "Target achieved"},
	    [PROGRESS_ON_TRACK] = {"I rute", "I rute", "On track"},
	    [PROGRESS_ACCELERATION_NEEDED] = {"Fremdriften må økes",
					      "Framdrifta må aukast",
					      "Acceleration needed"},
	    [PROGRESS_LIMITED_PROGRESS] = {"Begrenset fremgang",
					   "Avgrensa framgang",
					   "Limited progress"},
	    [PROGRESS_DETERIORATION] = {"Forverring", "Forverring",
					"Deterioration"},
	};

	return labels[c][lang_of(lang)];
}

/* ---- explanation ------------------------------------------------------ */

/* The words of one language. */
struct words {
	const char *baseline, *target, *latest, *required, *actual, *ratio,
	    *per_year, *units_per_year, *linear_note, *achieved_lower,
	    *achieved_higher, *no_change, *at_least, *below, *and_, *so;
	const char *reason[6];
};

static const struct words nb_words = {
    "Utgangsverdi",
    "mål",
    "siste verdi",
    "Nødvendig årlig vekst",
    "Faktisk årlig vekst",
    "Forholdet",
    "per år",
    "per år",
    "(null eller negative verdier: lineær endring i stedet for "
    "vekstrate)",
    "siste verdi er lik eller lavere enn målet (lavere er bedre)",
    "siste verdi er lik eller høyere enn målet (høyere er bedre)",
    "målet er lik utgangsverdien, og verdien har gått i feil retning",
    "minst",
    "under",
    "og",
    "dvs.",
    {"", "Indikatoren mangler utgangsverdi eller -år.",
     "Indikatoren mangler målverdi eller målår.",
     "Målåret er ikke etter utgangsåret.",
     "Det finnes ingen observasjoner (totaltall, ikke prognoser).",
     "Det finnes ingen observasjon etter utgangsåret."},
};

static const struct words nn_words = {
    "Utgangsverdi",
    "mål",
    "siste verdi",
    "Naudsynt årleg vekst",
    "Faktisk årleg vekst",
    "Forholdet",
    "per år",
    "per år",
    "(null eller negative verdiar: lineær endring i staden for "
    "vekstrate)",
    "siste verdi er lik eller lågare enn målet (lågare er betre)",
    "siste verdi er lik eller høgare enn målet (høgare er betre)",
    "målet er likt utgangsverdien, og verdien har gått i feil retning",
    "minst",
    "under",
    "og",
    "dvs.",
    {"", "Indikatoren manglar utgangsverdi eller -år.",
     "Indikatoren manglar målverdi eller målår.",
     "Måláret er ikkje etter utgangsåret.",
     "Det finst ingen observasjonar (totaltal, ikkje prognosar).",
     "Det finst ingen observasjon etter utgangsåret."},
};

static const struct words en_words = {
    "Baseline",
    "target",
    "latest",
    "Required annual growth",
    "Actual annual growth",
    "Ratio",
    "a year",
    "a year",
    "(zero or negative values: linear change instead of growth rates)",
    "the latest value is at or below the target (lower is better)",
    "the latest value is at or above the target (higher is better)",
    "the target equals the baseline and the value moved the wrong way",
    "at least",
    "below",
    "and",
    "so",
    {"", "The indicator has no baseline value or year.",
     "The indicator has no target value or year.",
     "The target year is not after the baseline year.",
     "There are no observations (totals, not forecasts).",
     "There is no observation after the baseline year."},
};

/* A number for people: up to 6 significant digits, decimal comma in
 * Norwegian. */
static void num(struct buf *b, double v, enum lang l, int decimals)
{
	char s[64];

	if (decimals >= 0)
		snprintf(s, sizeof(s), "%.*f", decimals, v);
	else
		snprintf(s, sizeof(s), "%.6g", v);
	if (l != EN)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	buf_addstr(b, s);
}

static void explain_inputs(const struct progress_input *in,
			   const struct words *w, enum lang l, struct buf *b)
{
	const char *u = in->unit && *in->unit ? in->unit : NULL;

	buf_addf(b, "%s ", w->baseline);
	num(b, in->baseline, l, -1);
	buf_addf(b, "%s%s (%d), %s ", u ? " " : "", u ? u : "",
		 in->baseline_year, w->target);
	num(b, in->target, l, -1);
	buf_addf(b, " (%d), %s ", in->target_year, w->latest);
	num(b, in->current, l, -1);
	buf_addf(b, " (%s). ", in->current_period ? in->current_period : "");
}

/* "(50 / 22)^(1/9) − 1 = 9,55 % per år" or the linear form. */
static void explain_rate(const struct progress_result *r, double to,
			 double from, double years, double rate,
			 const struct words *w, enum lang l, struct buf *b)
{
	if (r->method == PROGRESS_METHOD_CAGR) {
		buf_addstr(b, "(");
		num(b, to, l, -1);
		buf_addstr(b, " / ");
		num(b, from, l, -1);
		buf_addstr(b, ")^(1/");
		num(b, years, l, -1);
		buf_addstr(b, ") − 1 = ");
		num(b, rate * 100, l, 2);
		buf_addf(b, " %% %s", w->per_year);
		return;
	}
	buf_addstr(b, "(");
	num(b, to, l, -1);
	buf_addstr(b, " − ");
	num(b, from, l, -1);
	buf_addstr(b, ") / ");
	num(b, years, l, -1);
	buf_addstr(b, " = ");
	num(b, rate, l, -1);
	buf_addf(b, " %s", w->units_per_year);
}

static void explain_rates(const struct progress_input *in,
			  const struct progress_result *r,
			  const struct words *w, enum lang l, struct buf *b)
{
	buf_addf(b, "%s: ", w->required);
	explain_rate(r, in->target, in->baseline, r->horizon, r->required_rate,
		     w, l, b);
	buf_addf(b, ". %s: ", w->actual);
	explain_rate(r, in->current, in->baseline, r->elapsed, r->actual_rate,
		     w, l, b);
	buf_addstr(b, ". ");
	if (r->method == PROGRESS_METHOD_LINEAR)
		buf_addf(b, "%s ", w->linear_note);
}

/* "Forholdet 0,59: under 0,60 og minst 0 → Begrenset fremgang." */
static void explain_ratio(const struct progress_result *r,
			  const struct progress_thresholds *th,
			  const struct words *w, enum lang l, struct buf *b)
{
	double lo = r->cls == PROGRESS_ON_TRACK ? th->on_track
		    : r->cls == PROGRESS_ACCELERATION_NEEDED
			? th->acceleration_needed
			: th->limited_progress;
	double hi = r->cls == PROGRESS_ACCELERATION_NEEDED ? th->on_track
		    : r->cls == PROGRESS_LIMITED_PROGRESS
			? th->acceleration_needed
			: th->limited_progress;

	buf_addf(b, "%s ", w->ratio);
	num(b, r->ratio, l, 2);
	buf_addstr(b, ": ");
	if (r->cls != PROGRESS_ON_TRACK) {
		buf_addf(b, "%s ", w->below);
		num(b, hi, l, 2);
	}
	if (r->cls != PROGRESS_ON_TRACK && r->cls != PROGRESS_DETERIORATION)
		buf_addf(b, " %s ", w->and_);
	if (r->cls != PROGRESS_DETERIORATION) {
		buf_addf(b, "%s ", w->at_least);
		num(b, lo, l, 2);
	}
}

void progress_explain(const struct progress_input *in,
		      const struct progress_result *r,
		      const struct progress_thresholds *th, const char *lang,
		      struct buf *out)
{
	static const struct progress_thresholds dflt =
	    PROGRESS_THRESHOLDS_DEFAULT;
	enum lang l = lang_of(lang);
	const struct words *w = l == NN	  ? &nn_words
				: l == EN ? &en_words
					  : &nb_words;

	if (r->cls == PROGRESS_NO_DATA) {
		buf_addstr(out, w->reason[r->reason]);
		return;
	}
	explain_inputs(in, w, l, out);
	if (r->has_rates)
		explain_rates(in, r, w, l, out);
	if (r->cls == PROGRESS_TARGET_ACHIEVED)
		buf_addstr(out, in->lower_is_better ? w->achieved_lower
						    : w->achieved_higher);
	else if (!r->has_ratio)
		buf_addstr(out, w->no_change);
	else
		explain_ratio(r, th ? th : &dflt, w, l, out);
	buf_addf(out, " → %s.", progress_class_label(r->cls, lang));
}
