/*
 * analysis/arenas.c: parallel_arenas — two coordination forums that look
 * after overlapping work but share no member and have held no joint
 * meeting (a meeting of one attended by someone who sits in the other).
 * For example the export initiative's project board and the roadmap's
 * strategic-dialogue arena. Pure.
 *
 * Evidence, each adding points; two points make a finding, four a high
 * one, so that one weak sign alone never does:
 *   the arenas follow the same strategy                      2
 *   one followed strategy was set up to carry out a measure
 *   of the other, or is its parent strategy                  2
 *   links between measures of the strategies: 1 to 2         1
 *                                             3 or more      2
 *   the strategies share responsible actors (at least two,
 *   and half of the smaller strategy's actors)               1
 *   similar names and mandates (TF-IDF cosine): >= 0.25      1
 *                                               >= 0.50      2
 * This file also runs the groups of no_common_arena (groups.c), which
 * belong to the same family.
 *
 * Entities: the two arenas. Aux: the strategies each follows (the first
 * num[7] are the first arena's). num: [0] points, [1] shared strategies,
 * [2] links, [3] origin/parent relation, [4] shared actors, [5] their
 * share of the smaller set, [6] mandate similarity, [7] see above.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "analysis/groups.h"
#include "analysis/stem.h"
#include "analysis/tfidf.h"
#include "util/xalloc.h"

#define MANDATE_MIN 0.25
#define MANDATE_HIGH 0.50

struct arena_ctx {
	struct run_ctx *r;
	struct pairmap links;	   /* strategy pair -> links */
	struct pairmap related;	   /* strategy pairs by origin/parent */
	struct pairmap share;	   /* arena pairs with a common member */
	struct pairmap joint;	   /* arena pairs with a joint meeting */
	struct pairmap mandate;	   /* arena pair -> cosine * 1e6 */
	struct pairmap actors;	   /* strategy pair -> shared + 1 */
	struct snap_csr st_actors; /* strategy -> actors, sorted */
};

static uint64_t sorted_key(int32_t a, int32_t b)
{
	return a < b ? pair_key((uint32_t)a, (uint32_t)b)
		     : pair_key((uint32_t)b, (uint32_t)a);
}

static void count_links(struct arena_ctx *c)
{
	const struct snapshot *s = c->r->s;

	for (size_t i = 0; i < s->links.n; i++) {
		int32_t a = s->measures.v[s->links.v[i].from].strategy;
		int32_t b = s->measures.v[s->links.v[i].to].strategy;

		if (a != b)
			(*pairmap_slot(&c->links, sorted_key(a, b), NULL))++;
	}
	for (size_t i = 0; i < s->strategies.n; i++) {
		const struct snap_strategy *st = &s->strategies.v[i];

		if (st->origin_measure >= 0 &&
		    s->measures.v[st->origin_measure].strategy != (int32_t)i)
			pairmap_slot(
			    &c->related,
			    sorted_key(
				(int32_t)i,
				s->measures.v[st->origin_measure].strategy),
			    NULL);
		if (st->parent >= 0 && st->parent != (int32_t)i)
			pairmap_slot(&c->related,
				     sorted_key((int32_t)i, st->parent), NULL);
	}
}

static void resp_item(const void *arg, size_t i, int32_t *row, int32_t *val)
{
	const struct snapshot *s = arg;
	const struct snap_resp *x = &s->resps.v[i];

	*row =
	    resp_counts(x) && s->measures.v[x->measure].state == SNAP_M_ACTIVE
		? s->measures.v[x->measure].strategy
		: SNAP_NONE;
	*val = x->actor;
}

/* Arena pairs with a common member, and those with a joint meeting. */
static void contacts(struct arena_ctx *c)
{
	const struct snapshot *s = c->r->s;

	for (size_t a = 0; a < s->actors.n; a++) {
		const int32_t *x = SNAP_ROW(&s->a_arenas, a);
		uint32_t n = SNAP_ROW_N(&s->a_arenas, a);

		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				pairmap_slot(&c->share, sorted_key(x[i], x[j]),
					     NULL);
	}
	for (size_t mt = 0; mt < s->meetings.n; mt++) {
		const int32_t *att = SNAP_ROW(&s->mt_attendees, mt);
		int32_t home = s->meetings.v[mt].arena;

		for (uint32_t k = 0; k < SNAP_ROW_N(&s->mt_attendees, mt);
		     k++) {
			const int32_t *ar = SNAP_ROW(&s->a_arenas, att[k]);

			for (uint32_t i = 0;
			     i < SNAP_ROW_N(&s->a_arenas, att[k]); i++)
				if (ar[i] != home)
					pairmap_slot(&c->joint,
						     sorted_key(home, ar[i]),
						     NULL);
		}
	}
}

static void on_mandate(void *arg, uint32_t a, uint32_t b, double cos)
{
	struct arena_ctx *c = arg;

	*pairmap_slot(&c->mandate, pair_key(a, b), NULL) =
	    (uint32_t)(cos * 1e6);
}

static const char *nonempty(const char *a, const char *b)
{
	return a && *a ? a : b;
}

static void mandates(struct arena_ctx *c)
{
	const struct snapshot *s = c->r->s;
	struct stemmer *st = stemmer_new();
	struct tfidf tf;

	if (!st)
		return;
	tfidf_init(&tf, st);
	for (size_t a = 0; a < s->arenas.n; a++)
		tfidf_add_doc(
		    &tf,
		    nonempty(s->arenas.v[a].name.nb, s->arenas.v[a].name.en),
		    nonempty(s->arenas.v[a].mandate_nb,
			     s->arenas.v[a].mandate_en));
	tfidf_finish(&tf, 0);
	tfidf_pairs(&tf, MANDATE_MIN, on_mandate, c);
	tfidf_release(&tf);
	stemmer_free(st);
}

/* Shared actors of two strategies (cached); *share gets |A∩B|/min. */
static int shared_actors(struct arena_ctx *c, int32_t a, int32_t b,
			 double *share)
{
	const struct snap_csr *sa = &c->st_actors;
	uint32_t na = SNAP_ROW_N(sa, a), nb = SNAP_ROW_N(sa, b);
	uint32_t *slot = pairmap_slot(&c->actors, sorted_key(a, b), NULL);
	uint32_t i = 0, j = 0, n = 0;

	if (*slot == 0) {
		const int32_t *x = SNAP_ROW(sa, a), *y = SNAP_ROW(sa, b);

		while (i < na && j < nb) {
			if (x[i] == y[j]) {
				n++;
				i++;
				j++;
			} else if (x[i] < y[j]) {
				i++;
			} else {
				j++;
			}
		}
		*slot = n + 1;
	}
	n = *slot - 1;
	*share = na && nb ? (double)n / (na < nb ? na : nb) : 0;
	return (int)n;
}

struct evidence {
	int same, links, related, actors;
	double share, mandate;
};

static void pair_evidence(struct arena_ctx *c, int32_t a, int32_t b,
			  struct evidence *e)
{
	const struct snapshot *s = c->r->s;
	const int32_t *fa = SNAP_ROW(&s->ar_follows, a);
	const int32_t *fb = SNAP_ROW(&s->ar_follows, b);
	const uint32_t *m =
	    pairmap_find(&c->mandate, pair_key((uint32_t)a, (uint32_t)b));

	memset(e, 0, sizeof(*e));
	e->mandate = m ? *m / 1e6 : 0;
	for (uint32_t i = 0; i < SNAP_ROW_N(&s->ar_follows, a); i++)
		for (uint32_t j = 0; j < SNAP_ROW_N(&s->ar_follows, b); j++) {
			const uint32_t *l;
			double share;
			int n;

			if (fa[i] == fb[j]) {
				e->same++;
				continue;
			}
			l = pairmap_find(&c->links, sorted_key(fa[i], fb[j]));
			e->links += l ? (int)*l : 0;
			e->related +=
			    pairmap_find(&c->related,
					 sorted_key(fa[i], fb[j])) != NULL;
			n = shared_actors(c, fa[i], fb[j], &share);
			if (n > e->actors ||
			    (n == e->actors && share > e->share)) {
				e->actors = n;
				e->share = share;
			}
		}
}

static int points(const struct evidence *e)
{
	int p = 0;

	p += e->same ? 2 : 0;
	p += e->related ? 2 : 0;
	p += e->links >= 3 ? 2 : e->links >= 1 ? 1 : 0;
	p += e->actors >= 2 && e->share >= 0.5 ? 1 : 0;
	p += e->mandate >= MANDATE_HIGH ? 2 : e->mandate >= MANDATE_MIN ? 1 : 0;
	return p;
}

static void add_finding(struct arena_ctx *c, int32_t a, int32_t b,
			const struct evidence *e, int p)
{
	const struct snapshot *s = c->r->s;
	struct finding *f;

	f = fs_add(c->r->fs, FK_PARALLEL_ARENAS,
		   p >= 4 ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = p;
	f->num[1] = e->same;
	f->num[2] = e->links;
	f->num[3] = e->related;
	f->num[4] = e->actors;
	f->num[5] = e->share;
	f->num[6] = e->mandate;
	f->num[7] = SNAP_ROW_N(&s->ar_follows, a);
	fs_ent(c->r->fs, ENT_ARENA, a);
	fs_ent(c->r->fs, ENT_ARENA, b);
	for (int k = 0; k < 2; k++) {
		int32_t ar = k ? b : a;

		for (uint32_t i = 0; i < SNAP_ROW_N(&s->ar_follows, ar); i++)
			fs_aux(c->r->fs, ENT_STRATEGY,
			       SNAP_ROW(&s->ar_follows, ar)[i]);
	}
}

static void compare_arenas(struct arena_ctx *c)
{
	const struct snapshot *s = c->r->s;

	for (size_t a = 0; a < s->arenas.n; a++)
		for (size_t b = a + 1; b < s->arenas.n; b++) {
			uint64_t key = pair_key((uint32_t)a, (uint32_t)b);
			struct evidence e;
			int p;

			if (pairmap_find(&c->share, key) ||
			    pairmap_find(&c->joint, key))
				continue;
			pair_evidence(c, (int32_t)a, (int32_t)b, &e);
			p = points(&e);
			if (p >= 2)
				add_finding(c, (int32_t)a, (int32_t)b, &e, p);
		}
}

static void parallel_arenas(struct run_ctx *r)
{
	struct arena_ctx c = {r,
			      PAIRMAP_INIT,
			      PAIRMAP_INIT,
			      PAIRMAP_INIT,
			      PAIRMAP_INIT,
			      PAIRMAP_INIT,
			      PAIRMAP_INIT,
			      {NULL, NULL}};

	if (!r->want[FK_PARALLEL_ARENAS] || r->s->arenas.n < 2)
		return;
	count_links(&c);
	snap_csr_build(&c.st_actors, r->s->strategies.n, r->s->resps.n,
		       resp_item, r->s);
	snap_csr_sort(&c.st_actors, r->s->strategies.n, NULL);
	snap_csr_unique(&c.st_actors, r->s->strategies.n);
	contacts(&c);
	mandates(&c);
	compare_arenas(&c);
	pairmap_release(&c.links);
	pairmap_release(&c.related);
	pairmap_release(&c.share);
	pairmap_release(&c.joint);
	pairmap_release(&c.mandate);
	pairmap_release(&c.actors);
	snap_csr_free(&c.st_actors);
}

/* Runs after run_coordination (analysis.c), in the same family. */
void run_arenas(struct run_ctx *r)
{
	run_no_common_groups(r);
	parallel_arenas(r);
}

static void follows_text(struct text_ctx *c, size_t arena)
{
	size_t n1 = (size_t)c->f->num[7];
	size_t from = arena ? n1 : 0, to = arena ? c->f->naux : n1;

	buf_addstr(c->b, ref_id(c->s, t_ent_ref(c, arena)));
	if (from == to) {
		S3(c, " følger ingen oppgitt strategi",
		   " følgjer ingen oppgitt strategi",
		   " follows no stated strategy");
		return;
	}
	S3(c, " følger ", " følgjer ", " follows ");
	for (size_t i = from; i < to; i++) {
		t_and(c, i - from, to - from);
		t_quoted(c, ref_name(c->s, t_aux_ref(c, i), c->code));
	}
}

void parallel_arenas_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;

	S3(c, "Arenaene ", "Arenaene ", "The arenas ");
	t_ents(c, 0, 2);
	S3(c,
	   " ser ut til å følge opp overlappende arbeid, men har ingen "
	   "felles medlemmer og har ikke holdt felles møter. Grunnlag: ",
	   " ser ut til å følgje opp overlappande arbeid, men har ingen "
	   "felles medlemer og har ikkje halde felles møte. Grunnlag: ",
	   " appear to follow up overlapping work, but share no member and "
	   "have held no joint meeting. Basis: ");
	follows_text(c, 0);
	buf_addstr(c->b, "; ");
	follows_text(c, 1);
	if (f->num[2] > 0)
		T3(c, "; %d koblinger mellom tiltak i strategiene",
		   "; %d koplingar mellom tiltak i strategiane",
		   "; %d links between measures of the strategies",
		   (int)f->num[2]);
	if (f->num[3] > 0)
		S3(c,
		   "; den ene strategien ble satt i gang for å gjennomføre "
		   "et tiltak i den andre",
		   "; den eine strategien vart sett i gang for å gjennomføre "
		   "eit tiltak i den andre",
		   "; one strategy was set up to carry out a measure of the "
		   "other");
	if (f->num[4] > 0)
		T3(c, "; %d felles ansvarlige aktører",
		   "; %d felles ansvarlege aktørar",
		   "; %d shared responsible actors", (int)f->num[4]);
	if (f->num[6] >= MANDATE_MIN) {
		S3(c, "; likt mandat (", "; likt mandat (",
		   "; similar mandates (");
		t_num(c, f->num[6], 2);
		buf_addch(c->b, ')');
	}
	buf_addch(c->b, '.');
}

void parallel_arenas_action(struct text_ctx *c)
{
	S3(c,
	   "Avklar arbeidsdelingen mellom arenaene: gi dem felles "
	   "medlemmer eller felles møter, eller slå dem sammen.",
	   "Avklar arbeidsdelinga mellom arenaene: gi dei felles medlemer "
	   "eller felles møte, eller slå dei saman.",
	   "Settle the division of work between the arenas: give them "
	   "common members or joint meetings, or merge them.");
}

json_t *parallel_arenas_evidence(const struct text_ctx *c)
{
	const struct finding *f = c->f;
	size_t n1 = (size_t)f->num[7];

	return json_pack(
	    "{s:i,s:o,s:o,s:i,s:i,s:b,s:i,s:o,s:o,s:i,s:i}", "points",
	    (int)f->num[0], "follows_first", j_ids(c, true, 0, n1),
	    "follows_second", j_ids(c, true, n1, f->naux), "shared_strategies",
	    (int)f->num[1], "links", (int)f->num[2], "origin_or_parent",
	    f->num[3] > 0, "shared_actors", (int)f->num[4],
	    "shared_actor_share", j_real(f->num[5]), "mandate_similarity",
	    j_real(f->num[6]), "common_members", 0, "joint_meetings", 0);
}
