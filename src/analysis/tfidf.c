/*
 * analysis/tfidf.c: vectors, compound splitting and the indexed pair
 * search (see tfidf.h). Must not compare all pairs: every candidate comes
 * out of the inverted index. Ownership: the struct owns all memory.
 */
#include "analysis/tfidf.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/snapshot_int.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define CHUNK ((size_t)64 << 10)
#define DF_CAP_MIN 1000
#define DF_CAP_SHARE 20 /* or one document in 20 */

struct tfidf_chunk {
	struct tfidf_chunk *next;
	size_t used;
	char data[CHUNK];
};

void tfidf_init(struct tfidf *t, struct stemmer *st)
{
	memset(t, 0, sizeof(*t));
	t->stemmer = st;
}

void tfidf_release(struct tfidf *t)
{
	idmap_release(&t->terms);
	free(t->stem);
	free(t->surface);
	free(t->df);
	free(t->feats);
	free(t->doc_off);
	free(t->rank_term);
	free(t->maxw);
	while (t->pool) {
		struct tfidf_chunk *next = t->pool->next;

		free(t->pool);
		t->pool = next;
	}
	memset(t, 0, sizeof(*t));
}

static const char *pool_dup(struct tfidf *t, const char *s, size_t n)
{
	char *out;

	if (!t->pool || CHUNK - t->pool->used < n + 1) {
		struct tfidf_chunk *c = xmalloc(sizeof(*c));

		c->used = 0;
		c->next = t->pool;
		t->pool = c;
	}
	out = t->pool->data + t->pool->used;
	memcpy(out, s, n);
	out[n] = '\0';
	t->pool->used += n + 1;
	return out;
}

/* The term id of a stem, made when new (n <= STEM_WORD_MAX). */
static uint32_t intern(struct tfidf *t, const char *stem, size_t n,
		       const char *word, size_t wn)
{
	int32_t id = idmap_getn(&t->terms, stem, n);

	if (id >= 0)
		return (uint32_t)id;
	if (t->nterms + 1 > t->terms_alloc) {
		size_t a = t->terms_alloc;

		t->stem = snap_vec_reserve(t->stem, &a, t->nterms + 1,
					   sizeof(*t->stem));
		t->surface = xrealloc(t->surface, a * sizeof(*t->surface));
		t->terms_alloc = a;
	}
	t->stem[t->nterms] = pool_dup(t, stem, n);
	t->surface[t->nterms] = pool_dup(t, word, wn);
	idmap_put(&t->terms, t->stem[t->nterms], (int32_t)t->nterms);
	return (uint32_t)t->nterms++;
}

struct word_ctx {
	struct tfidf *t;
	float weight;
	int add; /* 0: dictionary only */
};

static void push_feat(struct tfidf *t, uint32_t term, float w)
{
	t->feats = snap_vec_reserve(t->feats, &t->feats_alloc, t->nfeats + 1,
				    sizeof(*t->feats));
	t->feats[t->nfeats++] = (struct tfidf_feat){term, w};
}

static void on_word(void *arg, const char *word, size_t n)
{
	struct word_ctx *c = arg;
	size_t sn;
	const char *stem = stemmer_stem(c->t->stemmer, word, n, &sn);
	uint32_t id;

	if (sn == 0 || sn > STEM_WORD_MAX || stem_is_stop_stem(stem, sn))
		return;
	id = intern(c->t, stem, sn, word, n);
	if (c->add)
		push_feat(c->t, id, c->weight);
}

void tfidf_dict(struct tfidf *t, const char *text)
{
	struct word_ctx c = {t, 0, 0};

	stem_words(text, on_word, &c);
}

static int by_term(const void *a, const void *b)
{
	const struct tfidf_feat *x = a, *y = b;

	return (x->term > y->term) - (x->term < y->term);
}

/* Sorts the features of the open document and sums repeated terms. */
static void merge_doc(struct tfidf *t, size_t from)
{
	size_t out = from;

	if (t->nfeats - from < 2)
		return;
	xqsort(t->feats + from, t->nfeats - from, sizeof(*t->feats), by_term);
	for (size_t i = from; i < t->nfeats; i++) {
		if (out > from && t->feats[out - 1].term == t->feats[i].term)
			t->feats[out - 1].w += t->feats[i].w;
		else
			t->feats[out++] = t->feats[i];
	}
	t->nfeats = out;
}

uint32_t tfidf_add_doc(struct tfidf *t, const char *title, const char *body)
{
	struct word_ctx c = {t, TFIDF_TITLE_WEIGHT, 1};
	size_t from = t->nfeats;

	if (t->ndocs + 2 > t->docs_alloc)
		t->doc_off =
		    snap_vec_reserve(t->doc_off, &t->docs_alloc, t->ndocs + 2,
				     sizeof(*t->doc_off));
	t->doc_off[t->ndocs] = (uint32_t)from;
	stem_words(title, on_word, &c);
	c.weight = 1.0f;
	stem_words(body, on_word, &c);
	merge_doc(t, from);
	t->doc_off[t->ndocs + 1] = (uint32_t)t->nfeats;
	return (uint32_t)t->ndocs++;
}

/* A known stem of at least TFIDF_PART_MIN characters. */
static int32_t part_term(const struct tfidf *t, const char *s, size_t n)
{
	if (stem_chars(s, n) < TFIDF_PART_MIN)
		return -1;
	return idmap_getn(&t->terms, s, n);
}

/* A non-final part may end in a linking "s" or "e": "helse|eksport". */
static int32_t head_term(const struct tfidf *t, const char *s, size_t n)
{
	int32_t id = part_term(t, s, n);

	if (id < 0 && n > 1 && (s[n - 1] == 's' || s[n - 1] == 'e'))
		id = part_term(t, s, n - 1);
	return id;
}

#define SPLIT_MAX_BYTES 64
#define SPLIT_MAX_PARTS 6

/*
 * Splits stem w into the fewest known parts (at least two) by dynamic
 * programming over character boundaries; writes their term ids to parts.
 */
static size_t split(const struct tfidf *t, const char *w, int32_t *parts)
{
	size_t n = strlen(w);
	int best[SPLIT_MAX_BYTES + 1], from[SPLIT_MAX_BYTES + 1];
	int32_t term[SPLIT_MAX_BYTES + 1];
	size_t k = 0;

	if (n > SPLIT_MAX_BYTES || stem_chars(w, n) < TFIDF_COMPOUND_MIN)
		return 0;
	for (size_t j = 0; j <= n; j++)
		best[j] = j ? 1000 : 0;
	for (size_t j = 1; j <= n; j++) {
		if (j < n && ((unsigned char)w[j] & 0xC0) == 0x80)
			continue; /* not a character boundary */
		for (size_t i = 0; i < j; i++) {
			int32_t id;

			if (best[i] >= SPLIT_MAX_PARTS || (i == 0 && j == n) ||
			    ((unsigned char)w[i] & 0xC0) == 0x80)
				continue;
			id = j == n ? part_term(t, w + i, j - i)
				    : head_term(t, w + i, j - i);
			if (id >= 0 && best[i] + 1 < best[j]) {
				best[j] = best[i] + 1;
				from[j] = (int)i;
				term[j] = id;
			}
		}
	}
	if (best[n] >= 1000)
		return 0;
	for (size_t j = n; j > 0; j = (size_t)from[j])
		parts[k++] = term[j];
	return k;
}

/* A verb made from a noun counts as the noun too: "eksporter" (of
 * "eksporterer") also gives "eksport" when that stem is known. */
static size_t derive(const struct tfidf *t, const char *w, int32_t *parts)
{
	size_t n = strlen(w);
	int32_t id;

	if (n < 7 || strcmp(w + n - 2, "er") || stem_chars(w, n - 2) < 5)
		return 0;
	id = idmap_getn(&t->terms, w, n - 2);
	if (id < 0)
		return 0;
	parts[0] = id;
	return 1;
}

/* Adds the parts of every compound to the documents that use it. The
 * rebuilt documents are appended after the old ones, then moved down. */
static void add_parts(struct tfidf *t)
{
	int32_t *nparts = xcalloc(t->nterms + 1, sizeof(*nparts));
	int32_t *parts =
	    xmalloc((t->nterms + 1) * SPLIT_MAX_PARTS * sizeof(*parts));
	uint32_t *old = xmalloc((t->ndocs + 1) * sizeof(*old));
	size_t nf = t->nfeats;

	memcpy(old, t->doc_off, (t->ndocs + 1) * sizeof(*old));
	for (size_t i = 0; i < t->nterms; i++) {
		int32_t *p = parts + i * SPLIT_MAX_PARTS;

		nparts[i] = (int32_t)split(t, t->stem[i], p);
		if (!nparts[i])
			nparts[i] = (int32_t)derive(t, t->stem[i], p);
	}
	for (size_t d = 0; d < t->ndocs; d++) {
		size_t from = t->nfeats;

		for (uint32_t k = old[d]; k < old[d + 1]; k++) {
			struct tfidf_feat f = t->feats[k];
			const int32_t *p = parts + f.term * SPLIT_MAX_PARTS;

			push_feat(t, f.term, f.w);
			for (int32_t i = 0; i < nparts[f.term]; i++)
				push_feat(t, (uint32_t)p[i], f.w);
		}
		merge_doc(t, from);
		t->doc_off[d] = (uint32_t)(from - nf);
		t->doc_off[d + 1] = (uint32_t)(t->nfeats - nf);
	}
	if (t->nfeats > nf)
		memmove(t->feats, t->feats + nf,
			(t->nfeats - nf) * sizeof(*t->feats));
	t->nfeats -= nf;
	free(old);
	free(nparts);
	free(parts);
}

/* (1 + ln tf) * ln(N / df), normalised to length 1; zero weights go. */
static void weigh(struct tfidf *t)
{
	size_t out = 0;

	t->df = xcalloc(t->nterms + 1, sizeof(*t->df));
	for (size_t k = 0; k < t->nfeats; k++)
		t->df[t->feats[k].term]++;
	for (size_t d = 0; d < t->ndocs; d++) {
		uint32_t a = t->doc_off[d], b = t->doc_off[d + 1];
		double norm = 0;

		t->doc_off[d] = (uint32_t)out;
		for (uint32_t k = a; k < b; k++) {
			struct tfidf_feat f = t->feats[k];
			double w = (1.0 + log(f.w)) *
				   log((double)t->ndocs / t->df[f.term]);

			if (w > 1e-9) {
				t->feats[out++] =
				    (struct tfidf_feat){f.term, (float)w};
				norm += w * w;
			}
		}
		norm = sqrt(norm);
		for (size_t k = t->doc_off[d]; k < out; k++)
			t->feats[k].w = (float)(t->feats[k].w / norm);
	}
	t->doc_off[t->ndocs] = (uint32_t)out;
	t->nfeats = out;
}

static int by_df(const void *a, const void *b, void *arg)
{
	const uint32_t *df = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (df[x] != df[y])
		return df[x] > df[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* Renumbers terms by rank, most common first, and sorts each document's
 * features by rank: the order the pair search needs. */
static void rank_terms(struct tfidf *t)
{
	uint32_t *rank = xmalloc((t->nterms + 1) * sizeof(*rank));
	uint32_t *df = xmalloc((t->nterms + 1) * sizeof(*df));

	t->rank_term = xmalloc((t->nterms + 1) * sizeof(*t->rank_term));
	t->maxw = xcalloc(t->nterms + 1, sizeof(*t->maxw));
	for (uint32_t i = 0; i < t->nterms; i++)
		t->rank_term[i] = i;
	qsort_r(t->rank_term, t->nterms, sizeof(*t->rank_term), by_df, t->df);
	for (uint32_t r = 0; r < t->nterms; r++) {
		rank[t->rank_term[r]] = r;
		df[r] = t->df[t->rank_term[r]];
	}
	if (t->nterms)
		memcpy(t->df, df, t->nterms * sizeof(*df)); /* by rank */
	for (size_t k = 0; k < t->nfeats; k++) {
		t->feats[k].term = rank[t->feats[k].term];
		if (t->feats[k].w > t->maxw[t->feats[k].term])
			t->maxw[t->feats[k].term] = t->feats[k].w;
	}
	for (size_t d = 0; d < t->ndocs; d++)
		if (t->doc_off[d + 1] - t->doc_off[d] > 1)
			xqsort(t->feats + t->doc_off[d],
			      t->doc_off[d + 1] - t->doc_off[d],
			      sizeof(*t->feats), by_term);
	free(rank);
	free(df);
}

void tfidf_finish(struct tfidf *t, size_t df_cap)
{
	if (t->finished)
		return;
	if (t->ndocs == 0) {
		t->doc_off = xcalloc(1, sizeof(*t->doc_off));
	} else {
		add_parts(t);
		weigh(t);
	}
	rank_terms(t);
	t->df_cap = df_cap ? df_cap : t->ndocs / DF_CAP_SHARE;
	if (!df_cap && t->df_cap < DF_CAP_MIN)
		t->df_cap = DF_CAP_MIN;
	t->finished = 1;
}

size_t tfidf_doc_size(const struct tfidf *t, uint32_t d)
{
	return t->doc_off[d + 1] - t->doc_off[d];
}

struct posting {
	uint32_t doc;
	float w;
};

/* What the unindexed features of a document can add to a dot product:
 * at most bound (by the largest weights), norm (Cauchy-Schwarz, the other
 * vector has length 1) or the other's largest weight times sum. */
struct prefix {
	uint32_t start; /* first indexed feature */
	uint32_t last;	/* rank of the last unindexed feature */
	float bound, norm, sum;
};

/* Where each document's indexed features start: no vector can reach the
 * threshold through the features before. */
static void prefixes(const struct tfidf *t, double threshold, struct prefix *p)
{
	for (size_t d = 0; d < t->ndocs; d++) {
		uint32_t k = t->doc_off[d];
		double b = 0, sq = 0, sum = 0;

		for (; k < t->doc_off[d + 1]; k++) {
			const struct tfidf_feat *f = &t->feats[k];
			double bb = b + (double)t->maxw[f->term] * f->w;

			if (t->df[f->term] <= t->df_cap && bb >= threshold)
				break;
			b = bb;
			sq += (double)f->w * f->w;
			sum += f->w;
		}
		p[d] = (struct prefix){
		    k, k > t->doc_off[d] ? t->feats[k - 1].term : 0, (float)b,
		    (float)sqrt(sq), (float)sum};
	}
}

/* The inverted index over the indexed features, documents in order. */
static struct posting *index_build(const struct tfidf *t,
				   const struct prefix *pre, uint32_t **off_out)
{
	uint32_t *off = xcalloc(t->nterms + 2, sizeof(*off));
	struct posting *p;

	for (size_t d = 0; d < t->ndocs; d++)
		for (uint32_t k = pre[d].start; k < t->doc_off[d + 1]; k++)
			off[t->feats[k].term + 2]++;
	for (size_t r = 0; r < t->nterms; r++)
		off[r + 2] += off[r + 1];
	p = xmalloc((off[t->nterms + 1] + 1) * sizeof(*p));
	for (size_t d = 0; d < t->ndocs; d++)
		for (uint32_t k = pre[d].start; k < t->doc_off[d + 1]; k++)
			p[off[t->feats[k].term + 1]++] =
			    (struct posting){(uint32_t)d, t->feats[k].w};
	*off_out = off; /* term r: p[off[r] .. off[r+1]) */
	return p;
}

struct scan {
	const struct tfidf *t;
	const struct prefix *pre;
	const uint32_t *off;
	const struct posting *post;
	float *acc, *dense;
	uint32_t *touched;
	double *cum; /* x's squared weights summed in rank order */
};

/* Adds x's feature f to the accumulators of the earlier documents that
 * index it; only documents already found when admit is false. */
static size_t probe(struct scan *c, uint32_t x, const struct tfidf_feat *f,
		    bool admit, size_t nt)
{
	for (uint32_t i = c->off[f->term];
	     i < c->off[f->term + 1] && c->post[i].doc < x; i++) {
		uint32_t y = c->post[i].doc;

		if (c->acc[y] == 0) {
			if (!admit)
				continue;
			c->touched[nt++] = y;
		}
		c->acc[y] += f->w * c->post[i].w;
	}
	return nt;
}

/* The length of x restricted to ranks up to r (Cauchy-Schwarz against a
 * prefix whose ranks all lie there). */
static double x_norm_upto(const struct scan *c, uint32_t x, uint32_t r)
{
	const struct tfidf *t = c->t;
	uint32_t lo = t->doc_off[x], hi = t->doc_off[x + 1];

	while (lo < hi) { /* first feature of x with a rank above r */
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->feats[mid].term <= r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > t->doc_off[x] ? sqrt(c->cum[lo - 1 - t->doc_off[x]]) : 0;
}

/* Verifies candidate y: its unindexed features against x, exactly, unless
 * a bound shows they cannot lift it to the threshold. */
static void verify(struct scan *c, uint32_t x, uint32_t y, float top,
		   double threshold,
		   void (*emit)(void *, uint32_t, uint32_t, double), void *arg)
{
	const struct tfidf *t = c->t;
	const struct prefix *p = &c->pre[y];
	double s = c->acc[y], most = p->bound;

	c->acc[y] = 0;
	if (p->start == t->doc_off[y]) {
		most = 0;
	} else {
		if (top * p->sum < most)
			most = top * p->sum;
		if (s + most >= threshold)
			most = fmin(most, p->norm * x_norm_upto(c, x, p->last));
	}
	if (s + most < threshold)
		return;
	for (uint32_t k = t->doc_off[y]; k < p->start; k++)
		s += (double)c->dense[t->feats[k].term] * t->feats[k].w;
	if (s >= threshold - 1e-9)
		emit(arg, y, x, s);
}

/*
 * Candidates for x among earlier documents. x's features are taken rarest
 * first; once what its remaining features could add (rem) is below the
 * threshold, no new candidate is admitted: a document not met by then
 * can only share those features (All-Pairs' remscore, and the length of
 * the rest of x as in L2AP).
 */
static void scan_doc(struct scan *c, uint32_t x, double threshold,
		     void (*emit)(void *, uint32_t, uint32_t, double),
		     void *arg)
{
	const struct tfidf *t = c->t;
	uint32_t a = t->doc_off[x], b = t->doc_off[x + 1];
	double rem = 0;
	size_t nt = 0;
	float top = 0;

	for (uint32_t k = a; k < b; k++) {
		const struct tfidf_feat *f = &t->feats[k];

		top = f->w > top ? f->w : top;
		rem += (double)f->w * t->maxw[f->term];
		c->dense[f->term] = f->w;
		c->cum[k - a] =
		    (k > a ? c->cum[k - a - 1] : 0) + (double)f->w * f->w;
	}
	for (uint32_t k = b; k-- > a;) {
		const struct tfidf_feat *f = &t->feats[k];
		/* Also at most the length of what is left of x (L2AP). */
		double left = sqrt(c->cum[k - a]);

		nt = probe(c, x, f, rem >= threshold && left >= threshold, nt);
		rem -= (double)f->w * t->maxw[f->term];
	}
	for (size_t i = 0; i < nt; i++)
		verify(c, x, c->touched[i], top, threshold, emit, arg);
	for (uint32_t k = a; k < b; k++)
		c->dense[t->feats[k].term] = 0;
}

void tfidf_pairs(const struct tfidf *t, double threshold,
		 void (*emit)(void *arg, uint32_t a, uint32_t b, double cos),
		 void *arg)
{
	size_t n = t->ndocs;
	struct prefix *pre = xmalloc((n + 1) * sizeof(*pre));
	struct scan c = {t, pre, NULL, NULL, NULL, NULL, NULL, NULL};
	uint32_t *off, longest = 0;

	prefixes(t, threshold, pre);
	c.post = index_build(t, pre, &off);
	c.off = off;
	c.acc = xcalloc(n + 1, sizeof(*c.acc));
	c.dense = xcalloc(t->nterms + 1, sizeof(*c.dense));
	c.touched = xmalloc((n + 1) * sizeof(*c.touched));
	for (size_t d = 0; d < n; d++)
		if (t->doc_off[d + 1] - t->doc_off[d] > longest)
			longest = t->doc_off[d + 1] - t->doc_off[d];
	c.cum = xmalloc((longest + 1) * sizeof(*c.cum));
	for (uint32_t x = 0; x < n; x++)
		scan_doc(&c, x, threshold, emit, arg);
	free(c.cum);
	free(c.touched);
	free(c.dense);
	free(c.acc);
	free((void *)c.post);
	free(off);
	free(pre);
}

double tfidf_cosine(const struct tfidf *t, uint32_t a, uint32_t b)
{
	uint32_t i = t->doc_off[a], j = t->doc_off[b];
	double s = 0;

	while (i < t->doc_off[a + 1] && j < t->doc_off[b + 1]) {
		if (t->feats[i].term == t->feats[j].term)
			s += (double)t->feats[i++].w * t->feats[j++].w;
		else if (t->feats[i].term < t->feats[j].term)
			i++;
		else
			j++;
	}
	return s;
}

struct contrib {
	double v;
	uint32_t rank;
};

static int by_contrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;

	if (x->v != y->v)
		return x->v > y->v ? -1 : 1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

size_t tfidf_shared(const struct tfidf *t, uint32_t a, uint32_t b,
		    const char **words, size_t max)
{
	uint32_t i = t->doc_off[a], j = t->doc_off[b];
	size_t n = 0, cap = tfidf_doc_size(t, a) + 1;
	struct contrib *c = xmalloc(cap * sizeof(*c));

	while (i < t->doc_off[a + 1] && j < t->doc_off[b + 1]) {
		if (t->feats[i].term == t->feats[j].term) {
			c[n++] = (struct contrib){(double)t->feats[i].w *
						      t->feats[j].w,
						  t->feats[i].term};
			i++;
			j++;
		} else if (t->feats[i].term < t->feats[j].term) {
			i++;
		} else {
			j++;
		}
	}
	xqsort(c, n, sizeof(*c), by_contrib);
	if (n > max)
		n = max;
	for (size_t k = 0; k < n; k++)
		words[k] = t->surface[t->rank_term[c[k].rank]];
	free(c);
	return n;
}
