/*
 * analysis/dependency.c: dependency_risk and dependency_cycle over the
 * depends_on links between measures. Pure.
 *
 * A measure is at risk when it is cancelled, or when its newest approved
 * status report says at_risk, delayed or cancelled.
 *
 * dependency_risk: an active measure that depends, directly or through up
 *   to DEP_MAX_DEPTH links, on a measure at risk. The search stops at the
 *   nearest ones: entities the measure, then the measures at risk found
 *   at that distance (at most DEP_MAX_RISKY). num[0] the distance. High
 *   when direct, medium when through others.
 * dependency_cycle: measures that depend on each other in a circle (a
 *   strongly connected component of two or more, or a measure that
 *   depends on itself). Entities the measures (at most CYCLE_MAX);
 *   num[0] their number. High: none of them can be finished first.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "analysis/graph.h"
#include "model/status.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define DEP_MAX_DEPTH 10
#define DEP_MAX_RISKY 10
#define CYCLE_MAX 50

static bool at_risk(const struct snap_measure *m)
{
	return m->state == SNAP_M_CANCELLED ||
	       m->status == REPORT_STATUS_AT_RISK ||
	       m->status == REPORT_STATUS_DELAYED ||
	       m->status == REPORT_STATUS_CANCELLED;
}

struct bfs {
	int32_t *stamp; /* per measure: last search that saw it */
	int32_t *queue;
	int32_t risky[DEP_MAX_RISKY];
	size_t nrisky;
};

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* Level by level from m; returns the depth of the nearest measures at
 * risk (collected in b->risky), or 0 when none within DEP_MAX_DEPTH. */
static int nearest_risk(const struct snapshot *s, struct bfs *b, int32_t m)
{
	size_t head = 0, tail = 0;

	b->nrisky = 0;
	b->stamp[m] = m;
	b->queue[tail++] = m;
	for (int depth = 1; depth <= DEP_MAX_DEPTH && head < tail; depth++) {
		size_t end = tail;

		for (; head < end; head++) {
			int32_t v = b->queue[head];
			const int32_t *d = SNAP_ROW(&s->m_deps, v);

			for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_deps, v);
			     k++) {
				if (b->stamp[d[k]] == m)
					continue;
				b->stamp[d[k]] = m;
				b->queue[tail++] = d[k];
				if (at_risk(&s->measures.v[d[k]]) &&
				    b->nrisky < DEP_MAX_RISKY)
					b->risky[b->nrisky++] = d[k];
			}
		}
		if (b->nrisky) {
			xqsort(b->risky, b->nrisky, sizeof(int32_t), cmp_i32);
			return depth;
		}
	}
	return 0;
}

static void dependency_risk(struct run_ctx *r)
{
	const struct snapshot *s = r->s;
	struct bfs b;

	b.stamp = xmalloc((s->measures.n + 1) * sizeof(*b.stamp));
	b.queue = xmalloc((s->measures.n + 1) * sizeof(*b.queue));
	for (size_t m = 0; m < s->measures.n; m++)
		b.stamp[m] = -1;
	for (size_t m = 0; m < s->measures.n; m++) {
		int depth;
		struct finding *f;

		if (s->measures.v[m].state != SNAP_M_ACTIVE ||
		    SNAP_ROW_N(&s->m_deps, m) == 0)
			continue;
		depth = nearest_risk(s, &b, (int32_t)m);
		if (!depth)
			continue;
		f = fs_add(r->fs, FK_DEPENDENCY_RISK,
			   depth == 1 ? SEV_HIGH : SEV_MEDIUM);
		f->num[0] = depth;
		fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
		for (size_t i = 0; i < b.nrisky; i++)
			fs_ent(r->fs, ENT_MEASURE, b.risky[i]);
	}
	free(b.stamp);
	free(b.queue);
}

static void comp_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	*row = ((const int32_t *)arg)[i];
	*val = (int32_t)i;
}

static bool self_loop(const struct snapshot *s, int32_t m)
{
	return snap_csr_has(&s->m_deps, m, m);
}

static void dependency_cycle(struct run_ctx *r)
{
	const struct snapshot *s = r->s;
	int32_t *comp = xmalloc((s->measures.n + 1) * sizeof(*comp));
	size_t nc = graph_scc(&s->m_deps, s->measures.n, comp);
	struct snap_csr members;

	snap_csr_build(&members, nc, s->measures.n, comp_item, comp);
	for (size_t c = 0; c < nc; c++) {
		uint32_t n = SNAP_ROW_N(&members, c);
		const int32_t *v = SNAP_ROW(&members, c);
		struct finding *f;

		if (n < 2 && !(n == 1 && self_loop(s, v[0])))
			continue;
		f = fs_add(r->fs, FK_DEPENDENCY_CYCLE, SEV_HIGH);
		f->num[0] = n;
		for (uint32_t i = 0; i < n && i < CYCLE_MAX; i++)
			fs_ent(r->fs, ENT_MEASURE, v[i]);
	}
	snap_csr_free(&members);
	free(comp);
}

void run_dependency(struct run_ctx *r)
{
	if (r->want[FK_DEPENDENCY_RISK])
		dependency_risk(r);
	if (r->want[FK_DEPENDENCY_CYCLE])
		dependency_cycle(r);
}

/* "forsinket" / "delayed", or "avlyst" for a cancelled measure. */
static void risk_label(struct text_ctx *c, const struct snap_measure *m)
{
	size_t n;
	const struct status_def *all = status_all(&n);

	if (m->state == SNAP_M_CANCELLED) {
		S3(c, "avbrutt", "avbrote", "cancelled");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if ((int)all[i].status == m->status) {
			const char *l = status_text(&all[i], c->code)->label;

			/* Labels start with a capital; mid-sentence they
			 * read better in lower case (ASCII first letter). */
			if (l[0] >= 'A' && l[0] <= 'Z')
				buf_addch(c->b, (char)(l[0] + 32));
			else
				buf_addch(c->b, l[0]);
			buf_addstr(c->b, l + 1);
			return;
		}
}

void dependency_risk_explain(struct text_ctx *c)
{
	int depth = (int)c->f->num[0];

	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	if (depth == 1)
		S3(c, " avhenger direkte av ", " avheng direkte av ",
		   " depends directly on ");
	else
		T3(c, " avhenger, gjennom %d ledd, av ",
		   " avheng, gjennom %d ledd, av ",
		   " depends, through %d links, on ", depth);
	for (size_t i = 1; i < c->f->nent; i++) {
		t_and(c, i - 1, c->f->nent - 1);
		t_ent(c, i);
		buf_addstr(c->b, " (");
		risk_label(c, &c->s->measures.v[t_ent_ref(c, i)->idx]);
		buf_addch(c->b, ')');
	}
	S3(c, ". Når det tiltaket stopper opp, kan også dette bli forsinket.",
	   ". Når det tiltaket stoppar opp, kan også dette bli forseinka.",
	   ". When that measure stalls, this one may be delayed too.");
}

void dependency_risk_action(struct text_ctx *c)
{
	S3(c,
	   "Be den ansvarlige for tiltaket vurdere konsekvensene og legge "
	   "en plan B, og følg opp tiltaket det avhenger av.",
	   "Be den ansvarlege for tiltaket vurdere konsekvensane og leggje "
	   "ein plan B, og følg opp tiltaket det avheng av.",
	   "Ask the lead of the measure to assess the consequences and make "
	   "a fallback plan, and follow up the measure it depends on.");
}

json_t *dependency_risk_evidence(const struct text_ctx *c)
{
	json_t *risky = json_array();

	for (size_t i = 1; i < c->f->nent; i++) {
		const struct snap_measure *m =
		    &c->s->measures.v[t_ent_ref(c, i)->idx];
		const char *why =
		    m->state == SNAP_M_CANCELLED ? "cancelled" : NULL;
		size_t n;
		const struct status_def *all = status_all(&n);

		for (size_t k = 0; !why && k < n; k++)
			if ((int)all[k].status == m->status)
				why = all[k].code;
		json_array_append_new(risky, json_pack("{s:s,s:s}", "id", m->id,
						       "status",
						       why ? why : "unknown"));
	}
	return json_pack("{s:i,s:o}", "distance", (int)c->f->num[0], "at_risk",
			 risky);
}

void dependency_cycle_explain(struct text_ctx *c)
{
	if (c->f->nent == 1) {
		S3(c, "Tiltak ", "Tiltak ", "Measure ");
		t_ent(c, 0);
		S3(c, " er registrert som avhengig av seg selv.",
		   " er registrert som avhengig av seg sjølv.",
		   " is recorded as depending on itself.");
		return;
	}
	S3(c, "Tiltakene ", "Tiltaka ", "The measures ");
	t_ents(c, 0, c->f->nent);
	if (c->f->num[0] > c->f->nent)
		T3(c, " (og %d til)", " (og %d til)", " (and %d more)",
		   (int)c->f->num[0] - (int)c->f->nent);
	S3(c,
	   " avhenger av hverandre i en sirkel (depends_on), så ingen av "
	   "dem kan fullføres først.",
	   " avheng av kvarandre i ein sirkel (depends_on), så ingen av dei "
	   "kan fullførast først.",
	   " depend on each other in a circle (depends_on), so none of them "
	   "can be finished first.");
}

void dependency_cycle_action(struct text_ctx *c)
{
	S3(c,
	   "Rett opp avhengighetene: avklar hvilket tiltak som faktisk må "
	   "komme først, og fjern eller snu koblingen som lukker sirkelen.",
	   "Rett opp avhengnadene: avklar kva tiltak som faktisk må kome "
	   "først, og fjern eller snu koplinga som lukkar sirkelen.",
	   "Correct the dependencies: agree which measure really must come "
	   "first, and remove or reverse the link that closes the circle.");
}

json_t *dependency_cycle_evidence(const struct text_ctx *c)
{
	return json_pack("{s:i,s:o}", "size", (int)c->f->num[0], "measures",
			 j_ids(c, false, 0, c->f->nent));
}
