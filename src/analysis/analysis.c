/*
 * analysis/analysis.c: one run of the analysis (see analysis.h): decides
 * the current period, runs each family that has a wanted kind, times it,
 * gives every finding its stable id and sorts the lot. Must not read the
 * clock for anything but the timings: "today" is the snapshot's.
 * Ownership: findings go into the caller's set.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/finding_int.h"
#include "util/sort.h"
#include "util/xalloc.h"

void analysis_current_period(const struct snapshot *s,
			     struct analysis_period *p)
{
	const struct snap_period *best = NULL;
	int y, m, d, t;

	for (size_t i = 0; i < s->periods.n; i++) {
		const struct snap_period *x = &s->periods.v[i];

		if (x->open && (!best || x->start_day > best->start_day ||
				(x->start_day == best->start_day &&
				 x->end_day > best->end_day)))
			best = x;
	}
	memset(p, 0, sizeof(*p));
	if (best) {
		snprintf(p->id, sizeof(p->id), "%s", best->id);
		p->open = true;
		p->start_day = best->start_day;
		p->end_day = best->end_day;
		p->due_day = best->due_day;
		return;
	}
	/* No open period: the tertial that contains today. */
	snap_civil(s->today, &y, &m, &d);
	t = (m - 1) / 4;
	snprintf(p->id, sizeof(p->id), "%04d-T%d", y, t + 1);
	p->start_day = snap_civil_day(y, 4 * t + 1, 1);
	p->end_day = (t == 2 ? snap_civil_day(y + 1, 1, 1)
			     : snap_civil_day(y, 4 * t + 5, 1)) -
		     1;
	p->due_day = SNAP_NO_DAY;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef void (*family_fn)(struct run_ctx *r);

/* A family runs when one of its kinds is wanted; the coordination family
 * is two files. */
static void run_family(struct run_ctx *r, enum analysis_family fam)
{
	static const family_fn fns[ANALYSIS_FAMILY_COUNT][2] = {
	    [FAM_RESPONSIBILITY] = {run_responsibility, NULL},
	    [FAM_REPORTING] = {run_reporting, NULL},
	    [FAM_OVERLAP] = {run_overlap, NULL},
	    [FAM_COORDINATION] = {run_coordination, run_arenas},
	    [FAM_DEPENDENCY] = {run_dependency, NULL},
	    [FAM_FUNDING] = {run_funding, NULL},
	    [FAM_INDICATORS] = {run_indicators, NULL},
	    [FAM_INPUTS] = {run_inputs, NULL},
	};

	for (size_t i = 0; i < 2; i++)
		if (fns[fam][i])
			fns[fam][i](r);
}

struct sort_item {
	uint32_t index;
	uint8_t severity, kind;
	const char *first; /* the first entity's id */
	const char *id;
};

static int by_order(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int r;

	if (x->severity != y->severity)
		return x->severity - y->severity;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	r = strcmp(x->first, y->first);
	return r ? r : strcmp(x->id, y->id);
}

/* Sorts findings [from, n) of the set by severity, kind, first entity. */
static void sort_findings(const struct snapshot *s, struct finding_set *fs,
			  size_t from)
{
	size_t n = fs->n - from;
	struct sort_item *order;
	struct finding *tmp;

	if (n < 2)
		return;
	order = xmalloc((n + 1) * sizeof(*order));
	tmp = xmalloc((n + 1) * sizeof(*tmp));
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &fs->v[from + i];

		order[i] = (struct sort_item){
		    (uint32_t)(from + i), f->severity, f->kind,
		    f->nent ? ref_id(s, &fs->refs[f->ent_off]) : "", f->id};
	}
	xqsort(order, n, sizeof(*order), by_order);
	for (size_t i = 0; i < n; i++)
		tmp[i] = fs->v[order[i].index];
	memcpy(fs->v + from, tmp, n * sizeof(*tmp));
	free(tmp);
	free(order);
}

static void want_kinds(struct run_ctx *r, uint32_t mask)
{
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		r->want[k] = !mask || (mask & (1u << k));
}

size_t analysis_run(const struct snapshot *s, const struct analysis_opts *o,
		    struct finding_set *out, struct analysis_timings *t)
{
	static const struct analysis_opts defaults = ANALYSIS_OPTS_INIT;
	struct run_ctx r = {s, o ? o : &defaults, out, {"", 0, 0, 0, 0}, {0}};
	size_t from = out->n;
	double start = cpu_now();

	if (sodium_init() < 0)
		abort(); /* cannot happen once the library loaded */
	want_kinds(&r, r.o->kinds);
	analysis_current_period(s, &r.period);
	if (t)
		memset(t, 0, sizeof(*t));
	for (int fam = 0; fam < ANALYSIS_FAMILY_COUNT; fam++) {
		bool any = false;
		double t0 = cpu_now();

		for (int k = 0; k < FINDING_KIND_COUNT; k++)
			any = any || (r.want[k] &&
				      finding_kind_family(k) == (unsigned)fam);
		if (!any)
			continue;
		run_family(&r, (enum analysis_family)fam);
		if (t)
			t->family_s[fam] = cpu_now() - t0;
	}
	for (size_t i = from; i < out->n; i++)
		finding_make_id(s, out, &out->v[i]);
	sort_findings(s, out, from);
	if (t)
		t->total_s = cpu_now() - start;
	return out->n - from;
}
