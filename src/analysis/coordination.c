/*
 * analysis/coordination.c: no_common_arena and cross_ministry — who works
 * together without a place to meet. An actor "sits in" an arena when it is
 * a member, convenes it or is its secretariat. Responsibility means lead
 * or contributing (consulted does not count). Only active measures count.
 * Pure; findings go into the run's set.
 *
 * no_common_arena: two actors who share measures, or lead measures where
 *   one depends on the other, but sit in no common arena. An actor and a
 *   body under it (its parent chain) are left out: they have a line of
 *   governance already. Entities the two actors; aux up to three measures.
 *   num: [0] shared measures, [1] dependencies. High with a dependency or
 *   three shared measures, medium with two, low with one. Groups of three
 *   or more are groups.c's (rule NCA_RULE_GROUP; their texts are there).
 * cross_ministry: a measure whose responsible actors belong under
 *   different ministries (through the parent chain) while some pair of
 *   those ministries never meets in an arena. Entities the measure and the
 *   ministries of the unmet pairs; aux the responsible actors.
 *   num: [0] ministries involved, [1] unmet pairs. Medium; high with three
 *   ministries or more.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "analysis/groups.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define PAIR_SAMPLES 3
#define MAX_ACTORS 64 /* per measure; more is a data problem */

struct pair_acc {
	int32_t a, b;
	int32_t shared, deps;
	int32_t sample[PAIR_SAMPLES];
	int32_t nsample;
};

struct pairs {
	struct pairmap map;
	struct pair_acc *v;
	size_t n, alloc;
};

static struct pair_acc *pair_get(struct pairs *p, int32_t a, int32_t b)
{
	bool created;
	uint32_t *slot;

	if (a > b) {
		int32_t t = a;

		a = b;
		b = t;
	}
	slot =
	    pairmap_slot(&p->map, pair_key((uint32_t)a, (uint32_t)b), &created);
	if (created) {
		p->v =
		    snap_vec_reserve(p->v, &p->alloc, p->n + 1, sizeof(*p->v));
		p->v[p->n] = (struct pair_acc){a, b, 0, 0, {0}, 0};
		*slot = (uint32_t)p->n++;
	}
	return &p->v[*slot];
}

static void sample(struct pair_acc *x, int32_t m)
{
	for (int32_t i = 0; i < x->nsample; i++)
		if (x->sample[i] == m)
			return;
	if (x->nsample < PAIR_SAMPLES)
		x->sample[x->nsample++] = m;
}

/* The distinct actors of measure m with the given roles (lead only, or
 * lead and contributing). */
static size_t measure_actors(const struct snapshot *s, size_t m, bool lead_only,
			     int32_t *out)
{
	const int32_t *r = SNAP_ROW(&s->m_resps, m);
	size_t n = 0;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];
		bool dup = false;

		if (lead_only ? x->role != SNAP_ROLE_LEAD : !resp_counts(x))
			continue;
		for (size_t i = 0; i < n && !dup; i++)
			dup = out[i] == x->actor;
		if (!dup && n < MAX_ACTORS)
			out[n++] = x->actor;
	}
	return n;
}

static void collect_shared(const struct snapshot *s, struct pairs *p)
{
	int32_t act[MAX_ACTORS];

	for (size_t m = 0; m < s->measures.n; m++) {
		size_t n;

		if (s->measures.v[m].state != SNAP_M_ACTIVE)
			continue;
		n = measure_actors(s, m, false, act);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				struct pair_acc *x =
				    pair_get(p, act[i], act[j]);

				x->shared++;
				sample(x, (int32_t)m);
			}
	}
}

static void collect_deps(const struct snapshot *s, struct pairs *p)
{
	int32_t la[MAX_ACTORS], lb[MAX_ACTORS];

	for (size_t i = 0; i < s->links.n; i++) {
		const struct snap_link *l = &s->links.v[i];
		size_t na, nb;

		if (l->kind != SNAP_LINK_DEPENDS_ON ||
		    s->measures.v[l->from].state != SNAP_M_ACTIVE ||
		    s->measures.v[l->to].state != SNAP_M_ACTIVE)
			continue;
		na = measure_actors(s, (size_t)l->from, true, la);
		nb = measure_actors(s, (size_t)l->to, true, lb);
		for (size_t x = 0; x < na; x++)
			for (size_t y = 0; y < nb; y++) {
				struct pair_acc *acc;

				if (la[x] == lb[y])
					continue;
				acc = pair_get(p, la[x], lb[y]);
				acc->deps++;
				sample(acc, l->from);
			}
	}
}

/* True when the two sorted rows share a value. */
static bool rows_meet(const struct snap_csr *c, int32_t a, int32_t b)
{
	const int32_t *x = SNAP_ROW(c, a), *y = SNAP_ROW(c, b);
	uint32_t i = 0, j = 0, nx = SNAP_ROW_N(c, a), ny = SNAP_ROW_N(c, b);

	while (i < nx && j < ny) {
		if (x[i] == y[j])
			return true;
		if (x[i] < y[j])
			i++;
		else
			j++;
	}
	return false;
}

static void report_pairs(struct run_ctx *r, const struct pairs *p)
{
	const struct snapshot *s = r->s;

	for (size_t i = 0; i < p->n; i++) {
		const struct pair_acc *x = &p->v[i];
		enum finding_severity sev = SEV_LOW;
		struct finding *f;

		if (snap_is_ancestor(s, x->a, x->b) ||
		    snap_is_ancestor(s, x->b, x->a) ||
		    rows_meet(&s->a_arenas, x->a, x->b))
			continue;
		if (x->deps > 0 || x->shared >= 3)
			sev = SEV_HIGH;
		else if (x->shared == 2)
			sev = SEV_MEDIUM;
		f = fs_add(r->fs, FK_NO_COMMON_ARENA, sev);
		f->num[0] = x->shared;
		f->num[1] = x->deps;
		fs_ent(r->fs, ENT_ACTOR, x->a);
		fs_ent(r->fs, ENT_ACTOR, x->b);
		for (int32_t k = 0; k < x->nsample; k++)
			fs_aux(r->fs, ENT_MEASURE, x->sample[k]);
	}
}

static void no_common_arena(struct run_ctx *r)
{
	struct pairs p = {PAIRMAP_INIT, NULL, 0, 0};

	collect_shared(r->s, &p);
	collect_deps(r->s, &p);
	report_pairs(r, &p);
	pairmap_release(&p.map);
	free(p.v);
}

/* Pairs of ministries that meet in some arena. */
static void meeting_ministries(const struct snapshot *s, struct pairmap *meet)
{
	int32_t min[MAX_ACTORS];

	for (size_t ar = 0; ar < s->arenas.n; ar++) {
		const int32_t *x = SNAP_ROW(&s->ar_actors, ar);
		size_t n = 0;

		for (uint32_t k = 0; k < SNAP_ROW_N(&s->ar_actors, ar); k++) {
			int32_t mi = s->actors.v[x[k]].ministry;
			bool dup = mi < 0;

			for (size_t i = 0; i < n && !dup; i++)
				dup = min[i] == mi;
			if (!dup && n < MAX_ACTORS)
				min[n++] = mi;
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				if (min[i] < min[j])
					pairmap_slot(meet,
						     pair_key((uint32_t)min[i],
							      (uint32_t)min[j]),
						     NULL);
	}
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static size_t ministries_of(const struct snapshot *s, const int32_t *act,
			    size_t n, int32_t *min)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int32_t mi = s->actors.v[act[i]].ministry;
		bool dup = mi < 0;

		for (size_t j = 0; j < k && !dup; j++)
			dup = min[j] == mi;
		if (!dup)
			min[k++] = mi;
	}
	xqsort(min, k, sizeof(*min), cmp_i32);
	return k;
}

static void check_measure(struct run_ctx *r, size_t m,
			  const struct pairmap *meet)
{
	int32_t act[MAX_ACTORS], min[MAX_ACTORS];
	bool unmet[MAX_ACTORS] = {false};
	size_t na = measure_actors(r->s, m, false, act), nm, pairs = 0;
	struct finding *f;

	nm = ministries_of(r->s, act, na, min);
	for (size_t i = 0; i < nm; i++)
		for (size_t j = i + 1; j < nm; j++)
			if (!pairmap_find(meet, pair_key((uint32_t)min[i],
							 (uint32_t)min[j]))) {
				unmet[i] = unmet[j] = true;
				pairs++;
			}
	if (!pairs)
		return;
	f = fs_add(r->fs, FK_CROSS_MINISTRY, nm >= 3 ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = (double)nm;
	f->num[1] = (double)pairs;
	fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
	for (size_t i = 0; i < nm; i++)
		if (unmet[i])
			fs_ent(r->fs, ENT_ACTOR, min[i]);
	for (size_t i = 0; i < na; i++)
		if (r->s->actors.v[act[i]].ministry >= 0)
			fs_aux(r->fs, ENT_ACTOR, act[i]);
}

static void cross_ministry(struct run_ctx *r)
{
	struct pairmap meet = PAIRMAP_INIT;

	meeting_ministries(r->s, &meet);
	for (size_t m = 0; m < r->s->measures.n; m++)
		if (r->s->measures.v[m].state == SNAP_M_ACTIVE)
			check_measure(r, m, &meet);
	pairmap_release(&meet);
}

void run_coordination(struct run_ctx *r)
{
	if (r->want[FK_NO_COMMON_ARENA])
		no_common_arena(r);
	if (r->want[FK_CROSS_MINISTRY])
		cross_ministry(r);
	if (r->want[FK_ABSENT_ACTOR])
		run_absent_actor(r);
}

void no_common_arena_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	if (f->rule == NCA_RULE_GROUP) {
		nca_group_explain(c);
		return;
	}
	S3(c, "Aktørene ", "Aktørane ", "The actors ");
	t_ents(c, 0, 2);
	if (f->num[0] > 0) {
		T3(c, " har ansvar for %d tiltak%.0s sammen",
		   " har ansvar for %d tiltak%.0s saman",
		   " are jointly responsible for %d measure%s", (int)f->num[0],
		   f->num[0] == 1 ? "" : "s");
		if (f->num[1] > 0)
			S3(c, " og", " og", " and");
	}
	if (f->num[1] > 0)
		S3(c, " leder tiltak der det ene avhenger av det andre",
		   " leier tiltak der det eine avheng av det andre",
		   " lead measures where one depends on the other");
	S3(c, ", for eksempel ", ", til dømes ", ", for example ");
	t_auxs(c, 0, f->naux);
	S3(c, ", men de sitter ikke i noen felles arena.",
	   ", men dei sit ikkje i nokon felles arena.",
	   ", but they sit in no common arena.");
}

void no_common_arena_action(struct text_ctx *c)
{
	if (c->f->rule == NCA_RULE_GROUP) {
		nca_group_action(c);
		return;
	}
	S3(c,
	   "Vurder om aktørene bør møtes i en eksisterende arena, eller "
	   "avtal faste kontaktpunkter for arbeidet de deler.",
	   "Vurder om aktørane bør møtast i ein eksisterande arena, eller "
	   "avtal faste kontaktpunkt for arbeidet dei deler.",
	   "Consider bringing the actors together in an existing arena, or "
	   "agree fixed points of contact for the work they share.");
}

json_t *no_common_arena_evidence(const struct text_ctx *c)
{
	if (c->f->rule == NCA_RULE_GROUP)
		return nca_group_evidence(c);
	return json_pack("{s:i,s:i,s:o,s:o}", "shared_measures",
			 (int)c->f->num[0], "dependencies", (int)c->f->num[1],
			 "sample_measures", j_ids(c, true, 0, c->f->naux),
			 "common_arenas", json_array());
}

void cross_ministry_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	T3(c, " har ansvarlige aktører under %d departementer (",
	   " har ansvarlege aktørar under %d departement (",
	   " has responsible actors under %d ministries (", (int)f->num[0]);
	for (size_t i = 0; i < f->naux; i++) {
		const struct finding_ref *a = t_aux_ref(c, i);

		if (i)
			buf_addstr(c->b, ", ");
		buf_addf(c->b, "%s: %s", ref_id(c->s, a),
			 c->s->actors.v[c->s->actors.v[a->idx].ministry].id);
	}
	S3(c, "), men ", "), men ", "), but ");
	t_ents(c, 1, f->nent);
	S3(c, " møtes ikke i noen arena.", " møtest ikkje i nokon arena.",
	   " do not meet in any arena.");
}

void cross_ministry_action(struct text_ctx *c)
{
	S3(c,
	   "Avklar hvordan departementene samordner tiltaket, for eksempel "
	   "i en felles arena eller i faste møter mellom departementene.",
	   "Avklar korleis departementa samordnar tiltaket, til dømes i ein "
	   "felles arena eller i faste møte mellom departementa.",
	   "Agree how the ministries coordinate the measure, for example in "
	   "a joint arena or in regular meetings between the ministries.");
}

json_t *cross_ministry_evidence(const struct text_ctx *c)
{
	json_t *by = json_object();

	for (size_t i = 0; i < c->f->naux; i++) {
		const struct finding_ref *a = t_aux_ref(c, i);

		json_object_set_new(
		    by, ref_id(c->s, a),
		    json_string(
			c->s->actors.v[c->s->actors.v[a->idx].ministry].id));
	}
	return json_pack("{s:i,s:i,s:o,s:o}", "ministries", (int)c->f->num[0],
			 "unmet_pairs", (int)c->f->num[1], "unmet_ministries",
			 j_ids(c, false, 1, c->f->nent), "actor_ministry", by);
}
