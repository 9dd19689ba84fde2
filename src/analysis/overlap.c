/*
 * analysis/overlap.c: overlap — pairs of measures that look like the same
 * work. Each measure in state active or completed is a document: its
 * bokmål title (counted twice) and description, or the English ones where
 * bokmål is missing. analysis/tfidf.c weighs stemmed words by TF-IDF and
 * finds the pairs whose cosine similarity comes near the threshold through
 * an inverted index. Sharing a responsible actor (lead or contributing)
 * then adds OVERLAP_ACTOR_BONUS, and a strategy that was set up to carry
 * out the other measure (its origin measure) adds OVERLAP_ORIGIN_BONUS:
 * both make it likelier that the texts mean the same work. The bonuses
 * are small and capped so that the indexed search can stay close to the
 * threshold (it looks for cosines from the threshold less both bonuses).
 * Pairs at or above the threshold are candidates. Declared same_as links are
 * reported as confirmed, whatever their score.
 *
 * Entities: the two measures. Aux: the shared actors. Words: the shared
 * words that weigh most. num: [0] score, [1] cosine, [2] shared actors,
 * [3] links between them (bit per kind), [4] one strategy was set up to
 * carry out the other measure, [5] threshold. rule: 0 candidate,
 * 1 confirmed. Severity: confirmed or already linked low; a score a
 * quarter above the threshold high; else medium.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "analysis/stem.h"
#include "analysis/tfidf.h"
#include "util/xalloc.h"

#define OVERLAP_ACTOR_BONUS 0.05
#define OVERLAP_ORIGIN_BONUS 0.05
#define OVERLAP_BONUS_MAX (OVERLAP_ACTOR_BONUS + OVERLAP_ORIGIN_BONUS)
#define OVERLAP_HIGH_MARGIN 0.25
#define OVERLAP_WORDS 5

enum { RULE_CANDIDATE, RULE_CONFIRMED };

struct overlap_ctx {
	struct run_ctx *r;
	struct tfidf tf;
	int32_t *doc_measure; /* document -> measure */
	int32_t *measure_doc; /* measure -> document or -1 */
};

static void add_dictionary(struct overlap_ctx *o)
{
	const struct snapshot *s = o->r->s;

	for (size_t i = 0; i < s->strategies.n; i++)
		tfidf_dict(&o->tf, s->strategies.v[i].name.nb);
	for (size_t i = 0; i < s->focus.n; i++)
		tfidf_dict(&o->tf, s->focus.v[i].name.nb);
	for (size_t i = 0; i < s->arenas.n; i++) {
		tfidf_dict(&o->tf, s->arenas.v[i].name.nb);
		tfidf_dict(&o->tf, s->arenas.v[i].mandate_nb);
	}
	for (size_t i = 0; i < s->schemes.n; i++)
		tfidf_dict(&o->tf, s->schemes.v[i].name.nb);
	for (size_t i = 0; i < s->indicators.n; i++)
		tfidf_dict(&o->tf, s->indicators.v[i].name.nb);
	for (size_t i = 0; i < s->goals.n; i++)
		tfidf_dict(&o->tf, s->goals.v[i].name.nb);
}

static bool present(const char *s)
{
	return s && *s;
}

static void add_documents(struct overlap_ctx *o)
{
	const struct snapshot *s = o->r->s;
	size_t n = 0;

	o->doc_measure = xmalloc((s->measures.n + 1) * sizeof(int32_t));
	o->measure_doc = xmalloc((s->measures.n + 1) * sizeof(int32_t));
	for (size_t m = 0; m < s->measures.n; m++) {
		const struct snap_measure *x = &s->measures.v[m];
		const char *title =
		    present(x->title.nb) ? x->title.nb : x->title.en;
		const char *body =
		    present(x->desc_nb) ? x->desc_nb : x->desc_en;

		o->measure_doc[m] = -1;
		if (x->state != SNAP_M_ACTIVE && x->state != SNAP_M_COMPLETED)
			continue;
		o->measure_doc[m] = (int32_t)n;
		o->doc_measure[n++] = (int32_t)m;
		tfidf_add_doc(&o->tf, title, body);
	}
}

/* Bits (1 << enum snap_link_kind) of the links between measures a, b. */
static unsigned links_between(const struct snapshot *s, int32_t a, int32_t b)
{
	const int32_t *l = SNAP_ROW(&s->m_links, a);
	unsigned bits = 0;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_links, a); k++) {
		const struct snap_link *x = &s->links.v[l[k]];

		if ((x->from == a && x->to == b) ||
		    (x->from == b && x->to == a))
			bits |= 1u << x->kind;
	}
	return bits;
}

/* Actors responsible (lead/contributing) for both; added as aux when
 * add is set. */
static int shared_actors(struct run_ctx *r, int32_t a, int32_t b, bool add)
{
	const struct snapshot *s = r->s;
	const int32_t *x = SNAP_ROW(&s->m_resps, a);
	const int32_t *y = SNAP_ROW(&s->m_resps, b);
	int n = 0;

	for (uint32_t i = 0; i < SNAP_ROW_N(&s->m_resps, a); i++) {
		const struct snap_resp *p = &s->resps.v[x[i]];
		bool dup = false;

		if (!resp_counts(p))
			continue;
		for (uint32_t k = 0; k < i && !dup; k++)
			dup = s->resps.v[x[k]].actor == p->actor &&
			      resp_counts(&s->resps.v[x[k]]);
		for (uint32_t j = 0; !dup && j < SNAP_ROW_N(&s->m_resps, b);
		     j++) {
			const struct snap_resp *q = &s->resps.v[y[j]];

			if (resp_counts(q) && q->actor == p->actor) {
				n++;
				if (add)
					fs_aux(r->fs, ENT_ACTOR, p->actor);
				break;
			}
		}
	}
	return n;
}

static bool origin_of(const struct snapshot *s, int32_t a, int32_t b)
{
	return s->strategies.v[s->measures.v[b].strategy].origin_measure == a ||
	       s->strategies.v[s->measures.v[a].strategy].origin_measure == b;
}

/* The cosine plus the bonuses for shared actors and an origin. */
static double pair_score(struct run_ctx *r, int32_t a, int32_t b, double cos)
{
	return cos + (shared_actors(r, a, b, false) ? OVERLAP_ACTOR_BONUS : 0) +
	       (origin_of(r->s, a, b) ? OVERLAP_ORIGIN_BONUS : 0);
}

static void add_finding(struct overlap_ctx *o, int32_t a, int32_t b, double cos,
			int rule)
{
	struct run_ctx *r = o->r;
	const char *words[OVERLAP_WORDS];
	int na = shared_actors(r, a, b, false);
	unsigned links = links_between(r->s, a, b);
	double score = pair_score(r, a, b, cos);
	enum finding_severity sev = SEV_MEDIUM;
	struct finding *f;
	size_t nw = 0;

	if (rule == RULE_CONFIRMED || links)
		sev = SEV_LOW;
	else if (score >= r->o->overlap_threshold + OVERLAP_HIGH_MARGIN)
		sev = SEV_HIGH;
	f = fs_add(r->fs, FK_OVERLAP, sev);
	f->rule = (uint8_t)rule;
	f->num[0] = score;
	f->num[1] = cos;
	f->num[2] = na;
	f->num[3] = links;
	f->num[4] = origin_of(r->s, a, b);
	f->num[5] = r->o->overlap_threshold;
	fs_ent(r->fs, ENT_MEASURE, a);
	fs_ent(r->fs, ENT_MEASURE, b);
	shared_actors(r, a, b, true);
	if (o->measure_doc[a] >= 0 && o->measure_doc[b] >= 0)
		nw = tfidf_shared(&o->tf, (uint32_t)o->measure_doc[a],
				  (uint32_t)o->measure_doc[b], words,
				  OVERLAP_WORDS);
	for (size_t i = 0; i < nw; i++)
		fs_str(r->fs, words[i], strlen(words[i]));
}

static void on_pair(void *arg, uint32_t da, uint32_t db, double cos)
{
	struct overlap_ctx *o = arg;
	int32_t a = o->doc_measure[da], b = o->doc_measure[db];
	double t = o->r->o->overlap_threshold, score = cos;

	/* Cheapest tests first: most pairs the search yields stay below. */
	if (score + OVERLAP_BONUS_MAX < t)
		return;
	if (origin_of(o->r->s, a, b))
		score += OVERLAP_ORIGIN_BONUS;
	if (score < t && (score + OVERLAP_ACTOR_BONUS < t ||
			  !shared_actors(o->r, a, b, false)))
		return;
	if (links_between(o->r->s, a, b) & (1u << SNAP_LINK_SAME_AS))
		return; /* reported as confirmed */
	add_finding(o, a, b, cos, RULE_CANDIDATE);
}

static void add_confirmed(struct overlap_ctx *o)
{
	const struct snapshot *s = o->r->s;
	struct pairmap seen = PAIRMAP_INIT;

	for (size_t i = 0; i < s->links.n; i++) {
		const struct snap_link *l = &s->links.v[i];
		int32_t a = l->from < l->to ? l->from : l->to;
		int32_t b = l->from < l->to ? l->to : l->from;
		int32_t da = o->measure_doc[a], db = o->measure_doc[b];
		bool created;

		if (l->kind != SNAP_LINK_SAME_AS || a == b)
			continue;
		pairmap_slot(&seen, pair_key((uint32_t)a, (uint32_t)b),
			     &created);
		if (!created)
			continue;
		add_finding(
		    o, a, b,
		    da >= 0 && db >= 0
			? tfidf_cosine(&o->tf, (uint32_t)da, (uint32_t)db)
			: NAN,
		    RULE_CONFIRMED);
	}
	pairmap_release(&seen);
}

void run_overlap(struct run_ctx *r)
{
	struct overlap_ctx o = {r, {0}, NULL, NULL};
	struct stemmer *st;
	double t_idx = r->o->overlap_threshold - OVERLAP_BONUS_MAX;

	if (!r->want[FK_OVERLAP] || !(st = stemmer_new()))
		return;
	tfidf_init(&o.tf, st);
	add_dictionary(&o);
	add_documents(&o);
	tfidf_finish(&o.tf, 0);
	tfidf_pairs(&o.tf, t_idx > 0.05 ? t_idx : 0.05, on_pair, &o);
	add_confirmed(&o);
	tfidf_release(&o.tf);
	stemmer_free(st);
	free(o.doc_measure);
	free(o.measure_doc);
}

static void measure_in(struct text_ctx *c, size_t i, bool strategy)
{
	const struct finding_ref *m = t_ent_ref(c, i);

	if (i == 0)
		S3(c, "Tiltak ", "Tiltak ", "Measure ");
	else
		S3(c, "tiltak ", "tiltak ", "measure ");
	t_ref(c, m);
	if (!strategy)
		return;
	S3(c, " i strategien ", " i strategien ", " in the strategy ");
	t_quoted(
	    c, snap_text_in(
		   &c->s->strategies.v[c->s->measures.v[m->idx].strategy].name,
		   c->code));
}

static void shared_text(struct text_ctx *c)
{
	const struct finding *f = c->f;

	if (f->nstr) {
		S3(c, ": de deler ordene ", ": dei deler orda ",
		   ": they share the words ");
		for (size_t i = 0; i < f->nstr; i++) {
			t_and(c, i, f->nstr);
			t_quoted(c, t_str(c, i));
		}
	}
	if (isfinite(f->num[1])) {
		S3(c, " (tekstlikhet ", " (tekstlikskap ",
		   " (text similarity ");
		t_num(c, f->num[1], 2);
		buf_addch(c->b, ')');
	}
	if (f->naux) {
		T3(c, " og %s ", " og %s ", " and %s ",
		   f->naux == 1 ? (c->lang == LANG_EN ? "the actor" : "aktøren")
				: (c->lang == LANG_EN	? "the actors"
				   : c->lang == LANG_NN ? "aktørane"
							: "aktørene"));
		t_auxs(c, 0, f->naux);
	}
	buf_addch(c->b, '.');
}

void overlap_explain(struct text_ctx *c)
{
	const struct snapshot *s = c->s;
	int32_t a = t_ent_ref(c, 0)->idx, b = t_ent_ref(c, 1)->idx;
	bool same = s->measures.v[a].strategy == s->measures.v[b].strategy;

	measure_in(c, 0, !same);
	S3(c, " og ", " og ", " and ");
	measure_in(c, 1, true);
	if (c->f->rule == RULE_CONFIRMED)
		S3(c, " er registrert som samme arbeid (same_as)",
		   " er registrerte som same arbeid (same_as)",
		   " are recorded as the same work (same_as)");
	else
		S3(c, " ser ut til å handle om det samme",
		   " ser ut til å handle om det same",
		   " appear to be about the same work");
	shared_text(c);
	if (c->f->num[4] > 0)
		S3(c,
		   " Den ene strategien ble satt i gang for å gjennomføre "
		   "det andre tiltaket.",
		   " Den eine strategien vart sett i gang for å gjennomføre "
		   "det andre tiltaket.",
		   " One strategy was set up to carry out the other measure.");
	if (c->f->rule != RULE_CONFIRMED && (int)c->f->num[3])
		S3(c, " De er koblet, men ikke som samme arbeid.",
		   " Dei er kopla, men ikkje som same arbeid.",
		   " They are linked, but not as the same work.");
}

void overlap_action(struct text_ctx *c)
{
	if (c->f->rule == RULE_CONFIRMED) {
		S3(c,
		   "Sørg for at tiltakene følges opp samlet: én ansvarlig og "
		   "felles rapportering, eller slå dem sammen.",
		   "Sørg for at tiltaka blir følgde opp samla: éin ansvarleg "
		   "og felles rapportering, eller slå dei saman.",
		   "Make sure the measures are followed up together: one lead "
		   "and joint reporting, or merge them.");
		return;
	}
	S3(c,
	   "Avklar med de ansvarlige om tiltakene dekker samme arbeid. Gjør "
	   "de det, registrer koblingen (same_as) og avtal hvem som leder; "
	   "gjør de ikke det, merk funnet som ikke relevant.",
	   "Avklar med dei ansvarlege om tiltaka dekkjer same arbeid. Gjer "
	   "dei det, registrer koplinga (same_as) og avtal kven som leier; "
	   "gjer dei ikkje det, merk funnet som ikkje relevant.",
	   "Check with those responsible whether the measures cover the same "
	   "work. If they do, record the link (same_as) and agree who leads; "
	   "if not, mark the finding not relevant.");
}

static json_t *link_names(unsigned bits)
{
	static const char *const names[] = {"depends_on", "same_as", "related"};
	json_t *a = json_array();

	for (unsigned k = 0; k < 3; k++)
		if (bits & (1u << k))
			json_array_append_new(a, json_string(names[k]));
	return a;
}

json_t *overlap_evidence(const struct text_ctx *c)
{
	const struct finding *f = c->f;
	const struct snapshot *s = c->s;
	int32_t a = t_ent_ref(c, 0)->idx, b = t_ent_ref(c, 1)->idx;

	return json_pack(
	    "{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:[s,s]}", "status",
	    f->rule == RULE_CONFIRMED ? "confirmed" : "candidate", "score",
	    j_real(f->num[0]), "similarity", j_real(f->num[1]), "threshold",
	    j_real(f->num[5]), "shared_words", j_strs(c), "shared_actors",
	    j_ids(c, true, 0, f->naux), "links",
	    link_names((unsigned)f->num[3]), "origin", f->num[4] > 0,
	    "strategies", s->strategies.v[s->measures.v[a].strategy].id,
	    s->strategies.v[s->measures.v[b].strategy].id);
}
