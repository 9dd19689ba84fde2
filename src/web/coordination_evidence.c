/*
 * web/coordination_evidence.c: a finding's evidence (the numbers, dates
 * and ids the rule used; docs/analysis.md lists them per kind) written
 * out as a description list with labels in the page's language, and
 * domain text and links for the rows of the analysis snapshot.
 *
 * The fields shown are a closed table matched on name and JSON type (the
 * same name means different things in different kinds: "links" is a count
 * for parallel_arenas, a list of link kinds for overlap). A field not in
 * the table is not shown: the explanation above it says it in words.
 * Must not decide anything about findings. Ownership: all borrowed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "web/coordination_view.h"
#include "web/format.h"

enum ev_type {
	EV_INT,	       /* a count */
	EV_YEAR,       /* a year: no grouping */
	EV_REAL,       /* a number with two decimals */
	EV_NOK,	       /* an amount in kroner */
	EV_BOOL,       /* shown only when true */
	EV_DAY,	       /* YYYY-MM-DD */
	EV_TEXT,       /* a period or an id: as it is */
	EV_ENUM,       /* a value with a catalog key <label>.<value> */
	EV_ENUMS,      /* a list of those */
	EV_TEXTS,      /* a list of words or ids */
	EV_MEASURES,   /* a list of measure ids: links */
	EV_ACTORS,     /* a list of actor ids: links */
	EV_ACTOR,      /* one actor id */
	EV_STRATEGY,   /* one strategy id */
	EV_LINK_KINDS, /* depends_on, same_as, related: links.* keys */
	EV_AT_RISK,    /* [{id, status}] */
	EV_SIMILARITY, /* a cosine, with words */
};

struct ev_field {
	const char *name;
	enum ev_type type;
	const char *label; /* catalog key */
};

static const struct ev_field fields[] = {
    {"points", EV_INT, "coordination.ev.points"},
    {"status", EV_ENUM, "coordination.ev.status"},
    {"similarity", EV_SIMILARITY, "coordination.ev.similarity"},
    {"score", EV_REAL, "coordination.ev.score"},
    {"threshold", EV_REAL, "coordination.ev.threshold"},
    {"shared_words", EV_TEXTS, "coordination.ev.shared_words"},
    {"shared_actors", EV_ACTORS, "coordination.ev.shared_actors"},
    {"shared_actors", EV_INT, "coordination.ev.shared_actors_count"},
    {"links", EV_LINK_KINDS, "coordination.ev.declared_links"},
    {"links", EV_INT, "coordination.ev.links"},
    {"origin", EV_BOOL, "coordination.ev.origin"},
    {"group", EV_BOOL, "coordination.ev.group"},
    {"actors_count", EV_INT, "coordination.ev.actors_count"},
    {"shared_measures", EV_INT, "coordination.ev.shared_measures"},
    {"dependencies", EV_INT, "coordination.ev.dependencies"},
    {"sample_measures", EV_MEASURES, "coordination.ev.sample_measures"},
    {"origin_or_parent", EV_BOOL, "coordination.ev.origin_or_parent"},
    {"mandate_similarity", EV_REAL, "coordination.ev.mandate_similarity"},
    {"common_members", EV_INT, "coordination.ev.common_members"},
    {"joint_meetings", EV_INT, "coordination.ev.joint_meetings"},
    {"ministries", EV_INT, "coordination.ev.ministries"},
    {"unmet_pairs", EV_INT, "coordination.ev.unmet_pairs"},
    {"unmet_ministries", EV_ACTORS, "coordination.ev.unmet_ministries"},
    {"strategy", EV_STRATEGY, "coordination.ev.strategy"},
    {"contributing", EV_ACTORS, "coordination.ev.contributing"},
    {"leads_count", EV_INT, "coordination.ev.leads_count"},
    {"leads", EV_ACTORS, "coordination.ev.leads"},
    {"leads", EV_BOOL, "coordination.ev.leads_some"},
    {"period", EV_TEXT, "coordination.ev.period"},
    {"due", EV_DAY, "coordination.ev.due"},
    {"days_overdue", EV_INT, "coordination.ev.days_overdue"},
    {"draft", EV_BOOL, "coordination.ev.draft"},
    {"current_period", EV_TEXT, "coordination.ev.current_period"},
    {"last_report_period", EV_TEXT, "coordination.ev.last_report_period"},
    {"periods_since", EV_INT, "coordination.ev.periods_since"},
    {"threshold_periods", EV_INT, "coordination.ev.threshold_periods"},
    {"report", EV_TEXT, "coordination.ev.report"},
    {"period_closed", EV_BOOL, "coordination.ev.period_closed"},
    {"distance", EV_INT, "coordination.ev.distance"},
    {"at_risk", EV_AT_RISK, "coordination.ev.at_risk"},
    {"size", EV_INT, "coordination.ev.size"},
    {"measures", EV_MEASURES, "coordination.ev.measures"},
    {"measures", EV_INT, "coordination.ev.measures_count"},
    {"rule", EV_ENUM, "coordination.ev.rule"},
    {"year", EV_YEAR, "coordination.ev.year"},
    {"budget_nok", EV_NOK, "coordination.ev.budget_nok"},
    {"allocated_nok", EV_NOK, "coordination.ev.allocated_nok"},
    {"allocations", EV_INT, "coordination.ev.allocations"},
    {"rules", EV_ENUMS, "coordination.ev.rules"},
    {"progress_ratio", EV_REAL, "coordination.ev.progress_ratio"},
    {"latest_value", EV_REAL, "coordination.ev.latest_value"},
    {"latest_period", EV_TEXT, "coordination.ev.latest_period"},
    {"baseline", EV_REAL, "coordination.ev.baseline"},
    {"baseline_year", EV_YEAR, "coordination.ev.baseline_year"},
    {"target", EV_REAL, "coordination.ev.target"},
    {"target_year", EV_YEAR, "coordination.ev.target_year"},
    {"observations_in_latest_period", EV_INT,
     "coordination.ev.observations_in_latest_period"},
    {"related_measures", EV_INT, "coordination.ev.related_measures"},
    {"sample_related", EV_MEASURES, "coordination.ev.sample_related"},
    {"raised_by", EV_ACTOR, "coordination.ev.raised_by"},
    {"inputs_count", EV_INT, "coordination.ev.inputs_count"},
    {"coordination_gaps", EV_INT, "coordination.ev.coordination_gaps"},
    {"inputs", EV_TEXTS, "coordination.ev.inputs"},
};

/* The catalog keys of enumerated evidence values, so that the catalogs
 * can be checked against them (tests/test_coordination_view.c). */
static const char *const enum_keys[] = {
    "coordination.ev.status.candidate",
    "coordination.ev.status.confirmed",
    "coordination.ev.rule.over_budget",
    "coordination.ev.rule.no_allocation",
    "coordination.ev.rule.no_allocation_no_scheme",
    "coordination.ev.rules.deterioration",
    "coordination.ev.rules.limited_progress",
    "coordination.ev.rules.no_recent_observation",
    "coordination.ev.rules.never_observed",
    NULL,
};

static bool type_fits(enum ev_type t, json_t *v)
{
	switch (t) {
	case EV_INT:
	case EV_YEAR:
	case EV_NOK:
		return json_is_integer(v);
	case EV_REAL:
	case EV_SIMILARITY:
		return json_is_number(v);
	case EV_BOOL:
		return json_is_true(v);
	case EV_DAY:
	case EV_TEXT:
	case EV_ENUM:
	case EV_ACTOR:
	case EV_STRATEGY:
		return json_is_string(v);
	default:
		return json_is_array(v) && json_array_size(v) > 0;
	}
}

/* ---- domain text and links ---- */

void coord_text(struct page *pg, const struct snap_text *t,
		const char *fallback)
{
	static const enum lang order[LANG_COUNT][LANG_COUNT] = {
	    [LANG_NB] = {LANG_NB, LANG_NN, LANG_EN},
	    [LANG_NN] = {LANG_NN, LANG_NB, LANG_EN},
	    [LANG_EN] = {LANG_EN, LANG_NB, LANG_NN},
	};

	for (int i = 0; t && i < LANG_COUNT; i++) {
		enum lang l = order[pg->lang][i];
		const char *s = l == LANG_NB   ? t->nb
				: l == LANG_NN ? t->nn
					       : t->en;

		if (!s || !*s)
			continue;
		if (l == pg->lang) {
			html_txt(pg->out, s);
			return;
		}
		html_raw(pg->out, "<span lang=\"");
		html_attr(pg->out, lang_code(l));
		html_raw(pg->out, "\">");
		html_txt(pg->out, s);
		html_raw(pg->out, "</span>");
		return;
	}
	html_txt(pg->out, fallback);
}

/* A measure as a link "Title (ID)"; the id alone when unknown. */
void coord_measure_link(struct page *pg, const struct snapshot *s,
			const char *id)
{
	int32_t m = snap_measure(s, id);

	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, "/measures/", id);
	html_raw(pg->out, "\">");
	coord_text(pg, m >= 0 ? &s->measures.v[m].title : NULL, id);
	html_raw(pg->out, "</a>");
	if (m >= 0) {
		html_raw(pg->out, " (");
		html_txt(pg->out, id);
		html_raw(pg->out, ")");
	}
}

void coord_actor_link(struct page *pg, const struct snapshot *s, const char *id)
{
	int32_t a = snap_actor(s, id);

	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, "/actors/", id);
	html_raw(pg->out, "\">");
	coord_text(pg, a >= 0 ? &s->actors.v[a].name : NULL, id);
	html_raw(pg->out, "</a>");
}

void coord_strategy_link(struct page *pg, const struct snapshot *s,
			 const char *id)
{
	int32_t st = idmap_get(&s->ids_strategy, id);

	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, "/strategies/", id);
	html_raw(pg->out, "\">");
	coord_text(pg, st >= 0 ? &s->strategies.v[st].name : NULL, id);
	html_raw(pg->out, "</a>");
}

/* Text of a row with no page: "Name (ID)", or the id. */
static void named_id(struct page *pg, const struct snap_text *t, const char *id)
{
	if (!t || !t->nb) {
		html_txt(pg->out, id);
		return;
	}
	coord_text(pg, t, id);
	html_raw(pg->out, " (");
	html_txt(pg->out, id);
	html_raw(pg->out, ")");
}

void coord_ref(struct page *pg, const struct snapshot *s,
	       const struct finding_ref *r, const char *id)
{
	switch (r->type) {
	case ENT_MEASURE:
		coord_measure_link(pg, s, id);
		return;
	case ENT_ACTOR:
		coord_actor_link(pg, s, id);
		return;
	case ENT_STRATEGY:
		coord_strategy_link(pg, s, id);
		return;
	case ENT_INDICATOR:
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		page_href(pg, "/indicators/", id);
		html_raw(pg->out, "\">");
		coord_text(pg, &s->indicators.v[r->idx].name, id);
		html_raw(pg->out, "</a>");
		return;
	case ENT_ARENA:
		named_id(pg, &s->arenas.v[r->idx].name, id);
		return;
	case ENT_SCHEME:
		named_id(pg, &s->schemes.v[r->idx].name, id);
		return;
	case ENT_INPUT:
		named_id(pg, &s->inputs.v[r->idx].title, id);
		return;
	default: /* a report: its id says which */
		page_tf(pg, "coordination.report_ref", id, NULL);
		return;
	}
}

/* ---- values ---- */

static void sep(struct page *pg, size_t i)
{
	if (i)
		html_raw(pg->out, ", ");
}

static void enum_value(struct page *pg, const char *label, const char *v)
{
	char key[128];
	int n = snprintf(key, sizeof(key), "%s.%s", label, v);

	if (n > 0 && (size_t)n < sizeof(key) && i18n_has(pg->lang, key))
		html_txt(pg->out, T(pg, key));
	else
		html_txt(pg->out, v);
}

int coord_decimals(double v)
{
	double a = fabs(v);

	if (!isfinite(a) || fabs(a - round(a)) < 0.005)
		return 0;
	if (fabs(a * 10 - round(a * 10)) < 0.05)
		return 1;
	return 2;
}

const char *coord_similarity_key(double similarity)
{
	if (similarity >= 0.5)
		return "coordination.sim.very_high";
	if (similarity >= 0.35)
		return "coordination.sim.high";
	if (similarity >= 0.2)
		return "coordination.sim.moderate";
	return "coordination.sim.low";
}

static void similarity(struct page *pg, double v)
{
	struct buf num = BUF_INIT;

	fmt_num(&num, pg->lang, v, 2);
	page_tf(pg, "coordination.ev.similarity_value", buf_cstr(&num),
		T(pg, coord_similarity_key(v)), NULL);
	buf_release(&num);
}

static void at_risk(struct page *pg, const struct snapshot *s, json_t *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(v, i, x) {
		const char *status = page_str(x, "status");

		sep(pg, i);
		coord_measure_link(pg, s, page_str(x, "id"));
		if (status && strcmp(status, "unknown")) {
			html_raw(pg->out, ": ");
			html_txt(pg->out, page_status_label(pg, status));
		}
	}
}

static void list_value(struct page *pg, const struct snapshot *s,
		       const struct ev_field *f, json_t *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(v, i, x) {
		const char *str = json_string_value(x);

		sep(pg, i);
		if (!str)
			continue;
		if (f->type == EV_MEASURES)
			coord_measure_link(pg, s, str);
		else if (f->type == EV_ACTORS)
			coord_actor_link(pg, s, str);
		else if (f->type == EV_ENUMS)
			enum_value(pg, f->label, str);
		else if (f->type == EV_LINK_KINDS)
			enum_value(pg, "links", str);
		else
			html_txt(pg->out, str);
	}
}

static void value(struct page *pg, const struct snapshot *s,
		  const struct ev_field *f, json_t *v)
{
	switch (f->type) {
	case EV_INT:
		page_int(pg, json_integer_value(v));
		break;
	case EV_YEAR:
		html_int(pg->out, json_integer_value(v));
		break;
	case EV_REAL:
		fmt_num(pg->out, pg->lang, json_number_value(v),
			coord_decimals(json_number_value(v)));
		break;
	case EV_NOK:
		page_nok(pg, json_integer_value(v));
		break;
	case EV_BOOL:
		html_txt(pg->out, T(pg, "coordination.yes"));
		break;
	case EV_DAY:
		page_date(pg, json_string_value(v));
		break;
	case EV_ENUM:
		enum_value(pg, f->label, json_string_value(v));
		break;
	case EV_ACTOR:
		coord_actor_link(pg, s, json_string_value(v));
		break;
	case EV_STRATEGY:
		coord_strategy_link(pg, s, json_string_value(v));
		break;
	case EV_AT_RISK:
		at_risk(pg, s, v);
		break;
	case EV_SIMILARITY:
		similarity(pg, json_number_value(v));
		break;
	case EV_TEXT:
		html_txt(pg->out, json_string_value(v));
		break;
	default:
		list_value(pg, s, f, v);
		break;
	}
}

void coord_evidence(struct page *pg, const struct snapshot *s, json_t *finding)
{
	json_t *ev = json_object_get(finding, "evidence");
	bool open = false;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct ev_field *f = &fields[i];
		json_t *v = json_object_get(ev, f->name);

		if (!v || !type_fits(f->type, v))
			continue;
		if (!open) {
			html_raw(pg->out,
				 "<dl class=\"vk-facts vk-evidence\">\n");
			open = true;
		}
		page_fact(pg, f->label);
		value(pg, s, f, v);
		page_fact_end(pg);
	}
	if (open)
		html_raw(pg->out, "</dl>\n");
}

/* For the tests: every label and enumerated value's key, NULL-ended. */
const char *coord_evidence_key(size_t i)
{
	size_t nf = sizeof(fields) / sizeof(fields[0]);

	if (i < nf)
		return fields[i].label;
	i -= nf;
	return i < sizeof(enum_keys) / sizeof(enum_keys[0]) ? enum_keys[i]
							    : NULL;
}
