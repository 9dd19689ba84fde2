/*
 * service/report_pdf.c: gathers one strategy's tertial report (see
 * report_pdf.h) into the plain structs of formats/pdf_report.h.
 *
 * It must not speak SQL or draw anything itself. Ownership: everything
 * lives in struct gather until the PDF is written: records stay in their
 * json_t, texts made here are kept in `keep`, and the C arrays handed to
 * the PDF are freed by gather_release, on every path.
 */
#include "service/report_pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats/pdf_report.h"
#include "model/entity.h"
#include "model/period.h"
#include "model/status.h"
#include "service/access.h"
#include "service/analysis.h"
#include "service/workbook.h"
#include "store/entity.h"
#include "util/config.h"
#include "util/i18n.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct texts {
	const char *not_reported, *submitted, *not_submitted, *completed,
		*merged, *cancelled;
};

static const struct texts texts_nb = {
	"Ikke rapportert",
	"Rapporten er sendt inn, men ikke godkjent ennå.",
	"Rapporten for perioden er ikke sendt inn.",
	"Tiltaket er fullført.",
	"Tiltaket er slått sammen med et annet tiltak.",
	"Tiltaket er avbrutt.",
};

static const struct texts texts_nn = {
	"Ikkje rapportert",
	"Rapporten er send inn, men ikkje godkjend enno.",
	"Rapporten for perioden er ikkje send inn.",
	"Tiltaket er fullført.",
	"Tiltaket er slått saman med eit anna tiltak.",
	"Tiltaket er avbrote.",
};

static const struct texts texts_en = {
	"Not reported",
	"The report is submitted but not approved yet.",
	"The report for the period has not been submitted.",
	"The measure is completed.",
	"The measure has been merged into another one.",
	"The measure is cancelled.",
};

/* Statuses in the order the summary lists them, and one for none. */
#define NCOUNTS 7

struct gather {
	struct store *st;
	const struct report_pdf_opts *o;
	/* Whether the reader may see reports before approval: anyone else
	 * gets the public report, built from approved reports only. */
	bool unpublished;
	const char *lang;
	const struct texts *t;
	char canon[PERIOD_TEXT_MAX];
	struct period period;
	json_t *strategy, *areas, *measures, *reports, *actors, *sources;
	json_t *goals, *indicators, *measure_ids;
	json_t *found;		/* open findings from the analysis */
	json_t *cited;		/* source ids in the order first cited */
	json_t *keep;		/* strings made here, alive until the end */
	struct buf period_label;
	struct pdf_report r;
	struct pdf_section *sections;
	struct pdf_measure *ms;
	struct pdf_indicator *inds;
	struct pdf_point *points;
	struct pdf_finding *finds;
	struct pdf_source *srcs;
	struct pdf_count counts[NCOUNTS];
};

static void gather_release(struct gather *g)
{
	json_decref(g->strategy);
	json_decref(g->areas);
	json_decref(g->measures);
	json_decref(g->reports);
	json_decref(g->actors);
	json_decref(g->sources);
	json_decref(g->goals);
	json_decref(g->indicators);
	json_decref(g->measure_ids);
	json_decref(g->found);
	json_decref(g->cited);
	json_decref(g->keep);
	buf_release(&g->period_label);
	free(g->sections);
	free(g->ms);
	free(g->inds);
	free(g->points);
	free(g->finds);
	free(g->srcs);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* rec's field base_<lang>, else base_nb. */
static const char *in_lang(const struct gather *g, json_t *rec,
			   const char *base)
{
	char key[64];
	const char *s;

	snprintf(key, sizeof(key), "%s_%s", base, g->lang);
	s = str(rec, key);
	if (s)
		return s;
	snprintf(key, sizeof(key), "%s_nb", base);
	return str(rec, key);
}

/* Keeps a string made here alive for the PDF; returns it. */
static const char *keep(struct gather *g, const char *s)
{
	json_t *v = json_string(s ? s : "");

	json_array_append_new(g->keep, v);
	return json_string_value(v);
}

static void cite(struct gather *g, const char *id)
{
	json_t *v;
	size_t i;

	if (!id)
		return;
	json_array_foreach(g->cited, i, v)
		if (!strcmp(json_string_value(v), id))
			return;
	json_array_append_new(g->cited, json_string(id));
}

static void cite_list(struct gather *g, json_t *ids)
{
	json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		cite(g, json_string_value(v));
}

/* ---- loading ---- */

static json_t *list(struct store *st, const char *coll, const char *field,
		    const char *value, struct err *err)
{
	struct store_filter f = { SF_FIELD, field, value };

	return store_entity_list(st, entity_find(coll), field ? &f : NULL,
				 field ? 1 : 0, NULL, 0, 0, err);
}

static json_t *by_id(json_t *records)
{
	json_t *map = json_object(), *r;
	size_t i;

	json_array_foreach(records, i, r) json_object_set(
	    map, json_string_value(json_object_get(r, "id")), r);
	return map;
}

static int rank(const char *state)
{
	if (!state)
		return 0;
	if (!strcmp(state, "approved"))
		return 3;
	if (!strcmp(state, "submitted"))
		return 2;
	return 1;
}

/* measure id -> the status report of the period that counts most. */
static json_t *period_reports(struct gather *g, struct err *err)
{
	json_t *all = list(g->st, "reports", "period", g->canon, err);
	json_t *best = json_object(), *r;
	size_t i;

	if (!all) {
		json_decref(best);
		return NULL;
	}
	json_array_foreach(all, i, r) {
		const char *m = str(r, "measure"), *kind = str(r, "kind");
		json_t *have;

		if (!m || !json_object_get(g->measure_ids, m) || !kind ||
		    strcmp(kind, "status"))
			continue;
		if (!g->unpublished && rank(str(r, "state")) < 3)
			continue;
		have = json_object_get(best, m);
		if (!have || rank(str(r, "state")) > rank(str(have, "state")))
			json_object_set(best, m, r);
	}
	json_decref(all);
	return best;
}

static int load(struct gather *g, struct err *err)
{
	const char *id = g->o->strategy;
	json_t *actors, *sources;

	g->strategy = store_entity_get(g->st, entity_find("strategies"), id, 0,
				       err);
	if (!g->strategy ||
	    !(g->areas = list(g->st, "focus-areas", "strategy", id, err)) ||
	    !(g->measures = list(g->st, "measures", "strategy", id, err)) ||
	    !(g->goals = list(g->st, "goals", "strategy", id, err)))
		return -1;
	g->measure_ids = by_id(g->measures);
	if (!(g->reports = period_reports(g, err)) ||
	    !(g->indicators = service_strategy_indicators(g->st, id,
							  g->measure_ids,
							  err)) ||
	    !(actors = list(g->st, "actors", NULL, NULL, err)))
		return -1;
	g->actors = by_id(actors);
	json_decref(actors);
	if (!(sources = list(g->st, "sources", NULL, NULL, err)))
		return -1;
	g->sources = by_id(sources);
	json_decref(sources);
	return 0;
}

/* ---- measures by focus area ---- */

/* By "no" (those without last), then by id. */
static int by_number(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_t *nx = json_object_get(x, "no"), *ny = json_object_get(y, "no");

	if (json_is_integer(nx) != json_is_integer(ny))
		return json_is_integer(nx) ? -1 : 1;
	if (json_is_integer(nx) &&
	    json_integer_value(nx) != json_integer_value(ny))
		return json_integer_value(nx) < json_integer_value(ny) ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "id")),
		      json_string_value(json_object_get(y, "id")));
}

static void sort_records(json_t *records)
{
	size_t n = json_array_size(records);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(records, i));
	xqsort(v, n, sizeof(*v), by_number);
	json_array_clear(records);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(records, v[i]);
	free(v);
}

static const char *lead_of(struct gather *g, json_t *m)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(m, "responsible"), i, r) {
		const char *role = str(r, "role"), *actor = str(r, "actor");
		json_t *a;

		if (!role || strcmp(role, "lead") || !actor)
			continue;
		a = json_object_get(g->actors, actor);
		return a && in_lang(g, a, "name") ? in_lang(g, a, "name")
						  : actor;
	}
	return NULL;
}

/* The remark under a measure: its report's state, its own state. */
static const char *note_of(struct gather *g, json_t *m, json_t *rep)
{
	const char *state = str(m, "state"), *rstate = str(rep, "state");
	struct buf b = BUF_INIT;
	const char *out;

	if (rstate && !strcmp(rstate, "submitted"))
		buf_addstr(&b, g->t->submitted);
	else if (rstate && strcmp(rstate, "approved"))
		buf_addstr(&b, g->t->not_submitted);
	if (state && strcmp(state, "active"))
		buf_addf(&b, "%s%s", b.len ? " " : "",
			 !strcmp(state, "completed") ? g->t->completed
			 : !strcmp(state, "merged") ? g->t->merged
						    : g->t->cancelled);
	out = b.len ? keep(g, buf_cstr(&b)) : NULL;
	buf_release(&b);
	return out;
}

static void fill_measure(struct gather *g, json_t *m, struct pdf_measure *pm)
{
	json_t *rep = json_object_get(g->reports, str(m, "id"));
	bool shown = rep && rank(str(rep, "state")) >= 2;
	const struct status_def *s = shown ? status_find(str(rep, "status"))
					   : NULL;
	json_t *progress = json_object_get(rep, "progress");

	*pm = (struct pdf_measure){ .id = str(m, "id"),
				    .title = in_lang(g, m, "title"),
				    .progress = -1 };
	pm->status = s ? s->code : NULL;
	pm->status_label = s ? status_text(s, g->lang)->label
			     : g->t->not_reported;
	if (shown && json_is_integer(progress))
		pm->progress = (int)json_integer_value(progress);
	pm->lead = lead_of(g, m);
	pm->note = note_of(g, m, rep);
	if (shown) {
		pm->done_text = str(rep, "done_text");
		pm->milestones_text = str(rep, "milestones_text");
		pm->next_steps = str(rep, "next_steps");
		pm->challenges = str(rep, "challenges");
		pm->mitigations = str(rep, "mitigations");
	}
	cite(g, str(m, "source"));
	cite_list(g, json_object_get(m, "status_sources"));
}

/* Adds the measures of focus area `area` (NULL: those without a known
 * area) as the next section. */
static void add_section(struct gather *g, json_t *area, size_t *used)
{
	struct pdf_section *s = &g->sections[g->r.nsections++];
	const char *aid = area ? str(area, "id") : NULL;
	json_t *m;
	size_t i;

	*s = (struct pdf_section){ area ? in_lang(g, area, "name") : NULL,
				   &g->ms[*used], 0 };
	json_array_foreach(g->measures, i, m) {
		const char *fa = str(m, "focus_area");
		bool known = false;

		for (size_t k = 0; !aid && fa && k < json_array_size(g->areas);
		     k++)
			known = known || !strcmp(fa, str(json_array_get(
							     g->areas, k),
							 "id"));
		if (aid ? (fa && !strcmp(fa, aid)) : !known)
			fill_measure(g, m, &g->ms[(*used)++]);
	}
	s->nmeasures = (size_t)(&g->ms[*used] - s->measures);
	if (!area && s->nmeasures == 0)
		g->r.nsections--;	/* no "other measures" when none are */
}

static void build_sections(struct gather *g)
{
	size_t used = 0, na = json_array_size(g->areas);

	sort_records(g->areas);
	sort_records(g->measures);
	g->sections = xcalloc(na + 1, sizeof(*g->sections));
	g->ms = xcalloc(json_array_size(g->measures) + 1, sizeof(*g->ms));
	for (size_t i = 0; i < na; i++)
		add_section(g, json_array_get(g->areas, i), &used);
	add_section(g, NULL, &used);
	g->r.sections = g->sections;
	g->r.nmeasures = used;
}

static void build_counts(struct gather *g)
{
	size_t n;
	const struct status_def *all = status_all(&n);

	for (size_t i = 0; i < n && i < NCOUNTS - 1; i++)
		g->counts[i] = (struct pdf_count){
			all[i].code, status_text(&all[i], g->lang)->label, 0
		};
	g->counts[NCOUNTS - 1] =
		(struct pdf_count){ NULL, g->t->not_reported, 0 };
	for (size_t i = 0; i < g->r.nmeasures; i++) {
		const char *code = g->ms[i].status;
		size_t k = 0;

		while (k < NCOUNTS - 1 && (!code || !g->counts[k].status ||
					   strcmp(code, g->counts[k].status)))
			k++;
		g->counts[k].n++;
		g->r.nreported += code != NULL;
	}
	g->r.counts = g->counts;
	g->r.ncounts = NCOUNTS;
}

/* ---- indicators ---- */

/* YYYY-MM-DD as a year with a fraction. */
static double year_of(const char *d)
{
	int y, m, day;

	if (!d || sscanf(d, "%d-%d-%d", &y, &m, &day) != 3)
		return NAN;
	return y + (m - 1) / 12.0 + (day - 1) / 365.0;
}

/* The middle of a period, in years; NAN when it does not parse. */
static double period_x(const char *period)
{
	char start[11], end[11];
	struct period p;

	if (!period || period_parse(period, &p, NULL) < 0)
		return NAN;
	period_bounds(&p, start, end);
	return (year_of(start) + year_of(end) + 1 / 365.0) / 2;
}

static json_t *goal_of(struct gather *g, const char *indicator)
{
	json_t *goal;
	size_t i;

	json_array_foreach(g->goals, i, goal) {
		const char *ind = str(goal, "indicator");

		if (ind && !strcmp(ind, indicator))
			return goal;
	}
	return NULL;
}

/* A baseline or target: the indicator's, else its goal's. */
static bool anchor(json_t *ind, json_t *goal, const char *what,
		   struct pdf_point *out)
{
	char vkey[32], ykey[32];
	json_t *src = ind;

	snprintf(vkey, sizeof(vkey), "%s_value", what);
	snprintf(ykey, sizeof(ykey), "%s_year", what);
	if (!json_is_number(json_object_get(src, vkey)) ||
	    !json_is_integer(json_object_get(src, ykey)))
		src = goal;
	if (!json_is_number(json_object_get(src, vkey)) ||
	    !json_is_integer(json_object_get(src, ykey)))
		return false;
	out->value = json_number_value(json_object_get(src, vkey));
	out->x = (double)json_integer_value(json_object_get(src, ykey)) + 0.5;
	return true;
}

/* Totals with a value, in time order; the points are appended at *np. */
static size_t add_points(struct gather *g, json_t *ind, size_t *np)
{
	json_t *o;
	size_t i, n = 0;

	json_array_foreach(json_object_get(ind, "observations"), i, o) {
		double x = period_x(str(o, "period"));

		if (str(o, "breakdown") ||
		    !json_is_number(json_object_get(o, "value")) || isnan(x))
			continue;
		g->points[(*np)++] = (struct pdf_point){
			x, json_number_value(json_object_get(o, "value"))
		};
		n++;
		cite(g, str(o, "source"));
	}
	return n;
}

static void build_indicators(struct gather *g)
{
	size_t n = json_array_size(g->indicators), np = 0, total = 0;
	json_t *ind;
	size_t i;

	json_array_foreach(g->indicators, i, ind)
		total += json_array_size(json_object_get(ind, "observations"));
	g->inds = xcalloc(n + 1, sizeof(*g->inds));
	g->points = xcalloc(total + 1, sizeof(*g->points));
	json_array_foreach(g->indicators, i, ind) {
		struct pdf_indicator *p = &g->inds[i];
		json_t *goal = goal_of(g, str(ind, "id"));

		p->title = in_lang(g, ind, "name");
		p->unit = str(ind, "unit");
		p->goal = goal ? in_lang(g, goal, "name") : NULL;
		p->points = &g->points[np];
		p->npoints = add_points(g, ind, &np);
		p->has_baseline = anchor(ind, goal, "baseline", &p->baseline);
		p->has_target = anchor(ind, goal, "target", &p->target);
		cite(g, str(ind, "source"));
		cite(g, str(goal, "source"));
	}
	g->r.indicators = g->inds;
	g->r.nindicators = n;
}

/* ---- findings and sources ---- */

/* Whether a finding names the strategy or one of its measures. */
static bool concerns(const struct gather *g, json_t *finding)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(finding, "entities"), i, e) {
		const char *type = str(e, "type"), *id = str(e, "id");

		if (!type || !id)
			continue;
		if ((!strcmp(type, "measures") &&
		     json_object_get(g->measure_ids, id)) ||
		    (!strcmp(type, "strategies") &&
		     !strcmp(id, g->o->strategy)))
			return true;
	}
	return false;
}

/*
 * The analysis's open findings (not marked handled or not relevant) that
 * concern this strategy, as [{title, detail}]: what was found and what to
 * do, in the report's language.
 */
static int open_findings(struct gather *g, const struct principal *who,
			 struct err *err)
{
	struct analysis_query q = ANALYSIS_QUERY_INIT;
	struct analysis_result res;
	json_t *all, *f;
	size_t i;

	if (service_analysis_run(g->st, who, &q, &res, err) < 0) {
		analysis_result_release(&res);
		return -1;
	}
	all = service_analysis_json(&res, g->lang, 0, 0, false);
	analysis_result_release(&res);
	g->found = json_array();
	json_array_foreach(json_object_get(all, "findings"), i, f) {
		if (!concerns(g, f))
			continue;
		json_array_append_new(
			g->found,
			json_pack("{s:s?,s:s?}", "title",
				  str(json_object_get(f, "explanation"),
				      g->lang),
				  "detail",
				  str(json_object_get(f, "action"), g->lang)));
	}
	json_decref(all);
	return 0;
}

static void build_findings(struct gather *g)
{
	json_t *f = g->o->findings ? g->o->findings : g->found, *x;
	size_t i;

	g->finds = xcalloc(json_array_size(f) + 1, sizeof(*g->finds));
	json_array_foreach(f, i, x) {
		if (!str(x, "title"))
			continue;
		g->finds[g->r.nfindings++] = (struct pdf_finding){
			str(x, "title"), str(x, "detail")
		};
	}
	g->r.findings = g->finds;
}

static void build_sources(struct gather *g)
{
	json_t *id;
	size_t i;

	g->srcs = xcalloc(json_array_size(g->cited) + 1, sizeof(*g->srcs));
	json_array_foreach(g->cited, i, id) {
		json_t *s = json_object_get(g->sources, json_string_value(id));

		if (!s)
			continue;
		g->srcs[g->r.nsources++] = (struct pdf_source){
			str(s, "title"), str(s, "publisher"), str(s, "date"),
			str(s, "url")
		};
	}
	g->r.sources = g->srcs;
}

/* ---- the whole report ---- */

static int check_opts(const struct report_pdf_opts *o, struct gather *g,
		      struct err *err)
{
	const char *lang = o->lang ? o->lang : "nb";
	struct err e = ERR_INIT;

	if (strcmp(lang, "nb") && strcmp(lang, "nn") && strcmp(lang, "en"))
		return err_set_field(err, ERR_INVALID, "lang",
				     _("the language is nb, nn or en"));
	if (period_parse(o->period, &g->period, &e) < 0)
		return err_set_field(err, ERR_INVALID, "period", "%s", e.msg);
	if (g->period.kind != PERIOD_TERTIAL && g->period.kind != PERIOD_YEAR)
		return err_set_field(err, ERR_INVALID, "period",
				     _("a report covers a tertial (2025-T2) "
				       "or a year (2025)"));
	period_format(&g->period, g->canon);
	g->lang = lang;
	g->t = !strcmp(lang, "nn") ? &texts_nn
	       : !strcmp(lang, "en") ? &texts_en
				     : &texts_nb;
	return 0;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Everything the PDF shows, in g->r; -1 with err set. */
static int gather(struct store *st, const struct principal *who,
		  const struct report_pdf_opts *o, struct gather *g,
		  char date[11], struct err *err)
{
	const struct config *cfg = config_get();

	memset(g, 0, sizeof(*g));
	g->st = st;
	g->o = o;
	g->cited = json_array();
	g->keep = json_array();
	buf_init(&g->period_label, 256);
	/* Approved reports are public, so anyone may have the report of
	 * them; a signed-in reader or a read token also sees what waits for
	 * approval (marked so), as the API shows them (service/access.h). */
	g->unpublished = access_check(st, who, OP_READ_PRIVATE, NULL, NULL) == 0;
	if (check_opts(o, g, err) < 0 || load(g, err) < 0 ||
	    (!o->findings && open_findings(g, who, err) < 0))
		return -1;
	cite(g, str(g->strategy, "source"));
	cite_list(g, json_object_get(g->strategy, "also_sources"));
	build_sections(g);
	build_counts(g);
	build_indicators(g);
	build_findings(g);
	build_sources(g);
	period_label(&g->period, g->lang, &g->period_label);
	if (o->today)
		snprintf(date, 11, "%s", o->today);
	else
		today(date);
	g->r.lang = g->lang;
	g->r.title = in_lang(g, g->strategy, "name");
	g->r.period = buf_cstr(&g->period_label);
	g->r.publisher = cfg && cfg->operator_name ? cfg->operator_name : NULL;
	g->r.date = date;
	g->r.intro = in_lang(g, g->strategy, "goal_summary");
	return 0;
}

int service_report_pdf_write(struct store *st, const struct principal *who,
			     const struct report_pdf_opts *o, const char *path,
			     struct err *err)
{
	struct gather g;
	char date[11];
	int rc = -1;

	if (gather(st, who, o, &g, date, err) == 0)
		rc = pdf_report_write(&g.r, path, err);
	gather_release(&g);
	return rc;
}

int service_report_pdf_bytes(struct store *st, const struct principal *who,
			     const struct report_pdf_opts *o, struct buf *out,
			     struct err *err)
{
	struct gather g;
	char date[11];
	int rc = -1;

	if (gather(st, who, o, &g, date, err) == 0)
		rc = pdf_report_render(&g.r, out, err);
	gather_release(&g);
	return rc;
}
