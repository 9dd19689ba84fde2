/*
 * analysis/indicators.c: off_track — indicators that are behind their
 * course to the target, or that are not measured. Only observations of an
 * indicator's total (no breakdown) with a value count; when the latest
 * period has several (sources disagree), their mean is used and the count
 * shown. Baseline and target come from the indicator, else from the first
 * goal that names it with both. Pure.
 *
 * Course: the progress classes of model/progress.h (Statistics Canada's
 * progress measure, as Open SDG computes it): the ratio of the actual to
 * the required compound annual growth rate from the baseline.
 *   deterioration:    ratio < 0 (moved away from the target). High.
 *   limited progress: 0 <= ratio < 0.60. Medium.
 * "acceleration needed" (0.60 to 0.95) is not a finding: the indicator
 * moves the right way, only too slowly to be sure.
 * Not measured: no observation for more than two periods of the
 * indicator's frequency (one period plus as much again for publication),
 * or none at all for an indicator that has a target, a goal or measures.
 * Medium with a target, low without. Irregular indicators are not judged
 * on age.
 *
 * Entity: the indicator. rule: bits RULE_*. num: [0] latest value,
 * [1] its last day, [2] baseline, [3] its year, [4] target, [5] its year,
 * [6] progress ratio, [7] progress class, [8] observations in the latest
 * period.
 */
#include <math.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "model/period.h"
#include "model/progress.h"

#define RULE_DETERIORATION 1
#define RULE_LIMITED 2
#define RULE_STALE 4
#define RULE_NEVER 8

#define DAYS_PER_MONTH 30.44

struct course {
	double base, target;
	int32_t base_year, target_year;
};

static bool course_known(const struct course *c)
{
	return isfinite(c->base) && isfinite(c->target) && c->base_year > 0 &&
	       c->target_year > c->base_year;
}

static void course_of(const struct snapshot *s, size_t i, struct course *c)
{
	const struct snap_indicator *in = &s->indicators.v[i];

	*c = (struct course){in->baseline, in->target, in->baseline_year,
			     in->target_year};
	for (uint32_t k = 0;
	     !course_known(c) && k < SNAP_ROW_N(&s->ind_goals, i); k++) {
		const struct snap_goal *g =
		    &s->goals.v[SNAP_ROW(&s->ind_goals, i)[k]];

		*c = (struct course){g->baseline, g->target, g->baseline_year,
				     g->target_year};
	}
	if (!course_known(c))
		*c = (struct course){in->baseline, in->target,
				     in->baseline_year, in->target_year};
}

/* The latest observation, and the mean of its period's values. */
static const struct snap_obs *latest(const struct snapshot *s, size_t i,
				     double *mean, int *n)
{
	const int32_t *o = SNAP_ROW(&s->ind_obs, i);
	uint32_t k = SNAP_ROW_N(&s->ind_obs, i);
	const struct snap_obs *last;
	double sum = 0;

	*n = 0;
	if (k == 0)
		return NULL;
	last = &s->obs.v[o[k - 1]];
	while (k-- > 0 && s->obs.v[o[k]].end_day == last->end_day &&
	       s->obs.v[o[k]].start_day == last->start_day) {
		sum += s->obs.v[o[k]].value;
		(*n)++;
	}
	*mean = sum / *n;
	return last;
}

/* A period counts at its end (model/progress.h); a period text that does
 * not parse counts at its last day. */
static double time_of(const struct snap_obs *o)
{
	struct period p;
	int y, m, d;

	if (period_parse(o->period, &p, NULL) == 0)
		return progress_time(&p);
	snap_civil(o->end_day, &y, &m, &d);
	return y - 1 + m / 12.0;
}

static void progress_of(const struct snap_indicator *ind,
			const struct course *c, const struct snap_obs *o,
			double value, struct progress_input *in,
			struct progress_result *res)
{
	*in = (struct progress_input){
	    .lower_is_better = ind->lower_is_better,
	    .has_baseline = isfinite(c->base) && c->base_year > 0,
	    .baseline = c->base,
	    .baseline_year = c->base_year,
	    .has_target = isfinite(c->target) && c->target_year > 0,
	    .target = c->target,
	    .target_year = c->target_year,
	    .has_current = o != NULL,
	    .current = value,
	    .current_time = o ? time_of(o) : 0,
	    .current_period = o ? o->period : NULL,
	};
	progress_assess(in, NULL, res);
}

static int freq_months(uint8_t freq)
{
	static const int months[] = {12, 4, 3, 1, 0};

	return freq <= SNAP_FREQ_IRREGULAR ? months[freq] : 0;
}

static bool followed(const struct snapshot *s, size_t i, const struct course *c)
{
	return isfinite(c->target) || SNAP_ROW_N(&s->ind_goals, i) > 0 ||
	       SNAP_ROW_N(&s->ind_meas, i) > 0;
}

static unsigned rules_of(const struct snapshot *s, size_t i,
			 const struct course *c, const struct snap_obs *o,
			 struct progress_result *res)
{
	int months = freq_months(s->indicators.v[i].freq);
	unsigned rule = 0;

	if (!o)
		return followed(s, i, c) ? RULE_NEVER : 0;
	if (res->cls == PROGRESS_DETERIORATION)
		rule |= RULE_DETERIORATION;
	else if (res->cls == PROGRESS_LIMITED_PROGRESS)
		rule |= RULE_LIMITED;
	if (months && s->today - o->end_day > 2 * months * DAYS_PER_MONTH)
		rule |= RULE_STALE;
	return rule;
}

static void check_indicator(struct run_ctx *r, size_t i)
{
	const struct snapshot *s = r->s;
	struct course c;
	struct progress_input in;
	struct progress_result res;
	double v = NAN;
	int n = 0;
	const struct snap_obs *o;
	unsigned rule;
	struct finding *f;

	course_of(s, i, &c);
	o = latest(s, i, &v, &n);
	progress_of(&s->indicators.v[i], &c, o, v, &in, &res);
	rule = rules_of(s, i, &c, o, &res);
	if (!rule)
		return;
	f = fs_add(r->fs, FK_OFF_TRACK,
		   (rule & RULE_DETERIORATION)			   ? SEV_HIGH
		   : ((rule & RULE_LIMITED) || isfinite(c.target)) ? SEV_MEDIUM
								   : SEV_LOW);
	f->rule = (uint8_t)rule;
	f->num[0] = v;
	f->num[1] = o ? o->end_day : SNAP_NO_DAY;
	f->num[2] = c.base;
	f->num[3] = c.base_year;
	f->num[4] = c.target;
	f->num[5] = c.target_year;
	f->num[6] = res.has_ratio ? res.ratio : NAN;
	f->num[7] = res.cls;
	f->num[8] = n;
	fs_ent(r->fs, ENT_INDICATOR, (int32_t)i);
}

void run_indicators(struct run_ctx *r)
{
	if (!r->want[FK_OFF_TRACK])
		return;
	for (size_t i = 0; i < r->s->indicators.n; i++)
		check_indicator(r, i);
}

/* The period text of the indicator's latest observation. */
static const char *latest_period(const struct text_ctx *c)
{
	int32_t i = t_ent_ref(c, 0)->idx;
	uint32_t n = SNAP_ROW_N(&c->s->ind_obs, i);

	if (!n)
		return "";
	return c->s->obs.v[SNAP_ROW(&c->s->ind_obs, i)[n - 1]].period;
}

/* The progress calculation again, from the finding's numbers. */
static void course_text(struct text_ctx *c)
{
	const struct finding *f = c->f;
	int32_t i = t_ent_ref(c, 0)->idx;
	struct course co = {f->num[2], f->num[4], (int32_t)f->num[3],
			    (int32_t)f->num[5]};
	struct progress_input in;
	struct progress_result res;
	double v;
	int n;
	const struct snap_obs *o = latest(c->s, (size_t)i, &v, &n);

	if (f->rule & RULE_DETERIORATION)
		S3(c, " har gått feil vei mot målet.",
		   " har gått feil veg mot målet.",
		   " has moved away from its target.");
	else
		S3(c, " går for sakte mot målet (begrenset fremgang).",
		   " går for sakte mot målet (avgrensa framgang).",
		   " is moving too slowly towards its target (limited "
		   "progress).");
	progress_of(&c->s->indicators.v[i], &co, o, v, &in, &res);
	buf_addch(c->b, ' ');
	progress_explain(&in, &res, NULL, c->code, c->b);
}

static void age_text(struct text_ctx *c)
{
	static const char *const every[3][5] = {
	    {"årlig", "hvert tertial", "hvert kvartal", "månedlig", ""},
	    {"årleg", "kvart tertial", "kvart kvartal", "månadleg", ""},
	    {"every year", "every tertial", "every quarter", "monthly", ""},
	};
	uint8_t freq = c->s->indicators.v[t_ent_ref(c, 0)->idx].freq;

	if (c->f->rule & RULE_NEVER) {
		S3(c,
		   " Indikatoren har ingen observasjoner, selv om den følges "
		   "opp (mål eller tiltak).",
		   " Indikatoren har ingen observasjonar, sjølv om han blir "
		   "følgd opp (mål eller tiltak).",
		   " The indicator has no observations, although it is "
		   "followed up (a target or measures).");
		return;
	}
	T3(c, " Siste observasjon gjelder %s; indikatoren skal måles %s.",
	   " Siste observasjon gjeld %s; indikatoren skal målast %s.",
	   " The latest observation is for %s; the indicator is measured %s.",
	   latest_period(c), every[c->lang][freq <= 4 ? freq : 4]);
}

void off_track_explain(struct text_ctx *c)
{
	S3(c, "Indikatoren ", "Indikatoren ", "The indicator ");
	t_ent(c, 0);
	if (c->f->rule & (RULE_DETERIORATION | RULE_LIMITED))
		course_text(c);
	else
		S3(c, " er ikke målt på lenge.", " er ikkje målt på lenge.",
		   " has not been measured for a long time.");
	if (c->f->rule & (RULE_STALE | RULE_NEVER))
		age_text(c);
	if (c->f->num[8] > 1)
		T3(c,
		   " Perioden har %d tall fra ulike kilder; snittet er brukt.",
		   " Perioden har %d tal frå ulike kjelder; snittet er brukt.",
		   " The period has %d figures from different sources; their "
		   "mean is used.",
		   (int)c->f->num[8]);
}

void off_track_action(struct text_ctx *c)
{
	if (c->f->rule & (RULE_DETERIORATION | RULE_LIMITED)) {
		S3(c,
		   "Drøft med de ansvarlige hva som skal til for å komme på "
		   "kurs igjen, og om målet eller tiltakene må justeres.",
		   "Drøft med dei ansvarlege kva som skal til for å kome på "
		   "kurs att, og om målet eller tiltaka må justerast.",
		   "Discuss with those responsible what it takes to get back "
		   "on course, and whether the target or the measures must "
		   "change.");
		return;
	}
	S3(c,
	   "Skaff og registrer nye tall, og avklar hvem som har ansvar for "
	   "å rapportere indikatoren.",
	   "Skaff og registrer nye tal, og avklar kven som har ansvar for å "
	   "rapportere indikatoren.",
	   "Obtain and record new figures, and agree who is responsible for "
	   "reporting the indicator.");
}

static json_t *rules_json(unsigned rule)
{
	json_t *a = json_array();

	if (rule & RULE_DETERIORATION)
		json_array_append_new(a, json_string("deterioration"));
	if (rule & RULE_LIMITED)
		json_array_append_new(a, json_string("limited_progress"));
	if (rule & RULE_STALE)
		json_array_append_new(a, json_string("no_recent_observation"));
	if (rule & RULE_NEVER)
		json_array_append_new(a, json_string("never_observed"));
	return a;
}

json_t *off_track_evidence(const struct text_ctx *c)
{
	const struct finding *f = c->f;
	json_t *o = json_pack(
	    "{s:o,s:s,s:o,s:o,s:o,s:o}", "rules", rules_json(f->rule),
	    "progress_class",
	    progress_class_name((enum progress_class)f->num[7]),
	    "progress_ratio", j_real(f->num[6]), "latest_value",
	    j_real(f->num[0]), "latest_period",
	    *latest_period(c) ? json_string(latest_period(c)) : json_null(),
	    "baseline", j_real(f->num[2]));

	json_object_set_new(o, "baseline_year",
			    f->num[3] > 0 ? json_integer((json_int_t)f->num[3])
					  : json_null());
	json_object_set_new(o, "target", j_real(f->num[4]));
	json_object_set_new(o, "target_year",
			    f->num[5] > 0 ? json_integer((json_int_t)f->num[5])
					  : json_null());
	json_object_set_new(o, "observations_in_latest_period",
			    json_integer((json_int_t)f->num[8]));
	return o;
}
