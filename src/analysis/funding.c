/*
 * analysis/funding.c: funding_gap — money that does not add up. Pure.
 *
 * Rule 0, no allocation: an active measure with no allocation from any
 *   scheme (virkemiddel), while a lead runs or funds a scheme. Low: the
 *   money may be there under another name.
 * Rule 1, no allocation and no scheme: as rule 0, but no lead runs, owns
 *   or funds any scheme (or there is no lead). Medium.
 *   Entities the measure; aux its leads.
 * Rule 2, over budget: the allocations of a scheme in one year add up to
 *   more than its budget for that year (all budget lines of the year
 *   together). Allocations or budgets without a year or amount are left
 *   out; a year with no budget line is not judged. High. Entity the
 *   scheme, the year is in the id; aux up to SAMPLE measures.
 *   num: [0] year, [1] budget, [2] allocated, [3] allocations.
 */
#include <stdlib.h>

#include "analysis/finding_int.h"
#include "util/xalloc.h"

#define SAMPLE 5

enum { RULE_NO_ALLOC, RULE_NO_SCHEME, RULE_OVER_BUDGET };

static bool lead_has_scheme(const struct snapshot *s, size_t m, bool *lead)
{
	const int32_t *r = SNAP_ROW(&s->m_resps, m);

	*lead = false;
	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];

		if (x->role != SNAP_ROLE_LEAD)
			continue;
		*lead = true;
		if (SNAP_ROW_N(&s->a_schemes, x->actor) > 0)
			return true;
	}
	return false;
}

static void unfunded(struct run_ctx *r)
{
	const struct snapshot *s = r->s;

	for (size_t m = 0; m < s->measures.n; m++) {
		const int32_t *x = SNAP_ROW(&s->m_resps, m);
		bool lead, has;
		struct finding *f;

		if (s->measures.v[m].state != SNAP_M_ACTIVE ||
		    SNAP_ROW_N(&s->m_allocs, m) > 0)
			continue;
		has = lead_has_scheme(s, m, &lead);
		f = fs_add(r->fs, FK_FUNDING_GAP, has ? SEV_LOW : SEV_MEDIUM);
		f->rule = has ? RULE_NO_ALLOC : RULE_NO_SCHEME;
		f->num[0] = lead;
		fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
		for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++)
			if (s->resps.v[x[k]].role == SNAP_ROLE_LEAD)
				fs_aux(r->fs, ENT_ACTOR,
				       s->resps.v[x[k]].actor);
	}
}

struct year_sum {
	int32_t year;
	int64_t budget, allocated;
	int32_t n;
	bool has_budget;
};

/* Sums of one scheme by year; *n gets how many years. */
static struct year_sum *scheme_years(const struct snapshot *s, size_t sc,
				     size_t *n)
{
	size_t cap =
	    SNAP_ROW_N(&s->sc_budgets, sc) + SNAP_ROW_N(&s->sc_allocs, sc) + 1;
	struct year_sum *y = xcalloc(cap, sizeof(*y));

	*n = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct snap_csr *c =
		    pass ? &s->sc_allocs : &s->sc_budgets;

		for (uint32_t k = 0; k < SNAP_ROW_N(c, sc); k++) {
			int32_t i = SNAP_ROW(c, sc)[k];
			int32_t year =
			    pass ? s->allocs.v[i].year : s->budgets.v[i].year;
			int64_t amount = pass ? s->allocs.v[i].amount
					      : s->budgets.v[i].amount;
			size_t j = 0;

			if (year <= 0 || amount < 0)
				continue;
			while (j < *n && y[j].year != year)
				j++;
			if (j == *n)
				y[(*n)++].year = year;
			if (pass) {
				y[j].allocated += amount;
				y[j].n++;
			} else {
				y[j].budget += amount;
				y[j].has_budget = true;
			}
		}
	}
	return y;
}

static void over_budget_samples(struct run_ctx *r, size_t sc, int32_t year)
{
	const struct snapshot *s = r->s;
	int n = 0;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->sc_allocs, sc) && n < SAMPLE;
	     k++) {
		const struct snap_alloc *a =
		    &s->allocs.v[SNAP_ROW(&s->sc_allocs, sc)[k]];

		if (a->year == year && a->amount >= 0) {
			fs_aux(r->fs, ENT_MEASURE, a->measure);
			n++;
		}
	}
}

static void over_budget(struct run_ctx *r)
{
	const struct snapshot *s = r->s;

	for (size_t sc = 0; sc < s->schemes.n; sc++) {
		size_t n;
		struct year_sum *y = scheme_years(s, sc, &n);

		for (size_t i = 0; i < n; i++) {
			struct finding *f;

			if (!y[i].has_budget || y[i].allocated <= y[i].budget)
				continue;
			f = fs_add(r->fs, FK_FUNDING_GAP, SEV_HIGH);
			f->rule = RULE_OVER_BUDGET;
			f->key = y[i].year;
			f->num[0] = y[i].year;
			f->num[1] = (double)y[i].budget;
			f->num[2] = (double)y[i].allocated;
			f->num[3] = y[i].n;
			fs_ent(r->fs, ENT_SCHEME, (int32_t)sc);
			over_budget_samples(r, sc, y[i].year);
		}
		free(y);
	}
}

void run_funding(struct run_ctx *r)
{
	if (!r->want[FK_FUNDING_GAP])
		return;
	over_budget(r);
	unfunded(r);
}

static void over_budget_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	S3(c, "Tildelingene fra ordningen ", "Tildelingane frå ordninga ",
	   "The allocations from the scheme ");
	t_ent(c, 0);
	T3(c, " for %d er til sammen ", " for %d er til saman ",
	   " for %d add up to ", (int)f->num[0]);
	t_nok(c, f->num[2]);
	S3(c, ", mer enn budsjettet på ", ", meir enn budsjettet på ",
	   ", more than its budget of ");
	t_nok(c, f->num[1]);
	T3(c, " (%d tildelinger).", " (%d tildelingar).", " (%d allocations).",
	   (int)f->num[3]);
}

void funding_gap_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	if (f->rule == RULE_OVER_BUDGET) {
		over_budget_explain(c);
		return;
	}
	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	S3(c, " er aktivt, men har ingen tildeling fra noen ordning",
	   " er aktivt, men har inga tildeling frå nokon ordning",
	   " is active but has no allocation from any scheme");
	if (f->rule == RULE_NO_ALLOC) {
		S3(c, ". Den ansvarlige, ", ". Den ansvarlege, ",
		   ". Its lead, ");
		t_auxs(c, 0, f->naux);
		S3(c,
		   ", forvalter eller finansierer ordninger som kan være "
		   "aktuelle.",
		   ", forvaltar eller finansierer ordningar som kan vere "
		   "aktuelle.",
		   ", runs or funds schemes that might pay for it.");
	} else if (f->naux) {
		S3(c, ", og den ansvarlige (", ", og den ansvarlege (",
		   ", and its lead (");
		t_auxs(c, 0, f->naux);
		S3(c, ") forvalter ingen ordning.", ") forvaltar inga ordning.",
		   ") runs no scheme.");
	} else {
		S3(c, ", og ingen aktør er ansvarlig for det.",
		   ", og ingen aktør er ansvarleg for det.",
		   ", and no actor leads it.");
	}
}

void funding_gap_action(struct text_ctx *c)
{
	if (c->f->rule == RULE_OVER_BUDGET) {
		S3(c,
		   "Kontroller tildelingene og budsjettet for året; juster "
		   "tildelingene eller registrer det økte budsjettet.",
		   "Kontroller tildelingane og budsjettet for året; juster "
		   "tildelingane eller registrer det auka budsjettet.",
		   "Check the year's allocations and budget; adjust the "
		   "allocations or record the increased budget.");
		return;
	}
	S3(c,
	   "Avklar hvordan tiltaket finansieres og registrer tildelingen, "
	   "eller noter at det dekkes innenfor ordinære rammer.",
	   "Avklar korleis tiltaket blir finansiert og registrer "
	   "tildelinga, eller noter at det blir dekt innanfor ordinære "
	   "rammer.",
	   "Agree how the measure is funded and record the allocation, or "
	   "note that it is covered by ordinary budgets.");
}

json_t *funding_gap_evidence(const struct text_ctx *c)
{
	const struct finding *f = c->f;

	if (f->rule == RULE_OVER_BUDGET)
		return json_pack("{s:s,s:i,s:I,s:I,s:i,s:o}", "rule",
				 "over_budget", "year", (int)f->num[0],
				 "budget_nok", (json_int_t)f->num[1],
				 "allocated_nok", (json_int_t)f->num[2],
				 "allocations", (int)f->num[3],
				 "sample_measures", j_ids(c, true, 0, f->naux));
	return json_pack("{s:s,s:i,s:o}", "rule",
			 f->rule == RULE_NO_ALLOC ? "no_allocation"
						  : "no_allocation_no_scheme",
			 "allocations", 0, "leads", j_ids(c, true, 0, f->naux));
}
