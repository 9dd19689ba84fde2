/*
 * analysis/tfidf.h: TF-IDF vectors over stemmed words and the pairs of
 * documents whose cosine similarity reaches a threshold, found through an
 * inverted index over stems rather than by comparing every pair.
 *
 * Norwegian writes compounds as one word ("eksportsatsing", "helseeksport"),
 * so a stem is also split into known stems where it can be
 * ("eksport" + "satsing"): the parts must each occur on their own somewhere
 * in the texts or in the dictionary texts (tfidf_dict), with a linking
 * "s" or "e" allowed between them. A document then carries the compound and
 * its parts, and "eksportsatsing" meets "helseeksport" on "eksport".
 *
 * The pair search is the All-Pairs algorithm of Bayardo, Ma and Srikant
 * (WWW 2007) with a static bound: each vector indexes only the features
 * after the point where the rest could still reach the threshold, with the
 * most common stems first, so the long lists of common stems stay out of
 * the index. Stems in more than `df_cap` documents are never indexed (they
 * still count in the similarity); that is the only approximation.
 *
 * Use: tfidf_init, tfidf_dict and tfidf_add_doc in any order, tfidf_finish
 * once, then tfidf_pairs, tfidf_cosine, tfidf_shared. Pure memory.
 * Ownership: the struct owns everything; words returned are borrowed
 * until tfidf_release.
 */
#ifndef VEIKART_ANALYSIS_TFIDF_H
#define VEIKART_ANALYSIS_TFIDF_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/hashmap.h"
#include "analysis/stem.h"
#include "util/buf.h"

/* A title's words count this many times a description's. */
#define TFIDF_TITLE_WEIGHT 2.0f
/* Shortest part of a compound, in characters. */
#define TFIDF_PART_MIN 4
/* Shortest word that is tried as a compound, in characters. */
#define TFIDF_COMPOUND_MIN 8

struct tfidf_feat {
	uint32_t term;
	float w;
};

struct tfidf_chunk;

struct tfidf {
	struct stemmer *stemmer; /* borrowed */
	struct idmap terms;	 /* stem -> term id */
	const char **stem;	 /* term id -> stem (pool) */
	const char **surface;	 /* term id -> a word it came from */
	uint32_t *df;
	size_t nterms, terms_alloc;
	struct tfidf_chunk *pool;

	struct tfidf_feat *feats; /* all documents' features */
	size_t nfeats, feats_alloc;
	uint32_t *doc_off; /* doc d: feats[doc_off[d] ..] */
	size_t ndocs, docs_alloc;

	/* After tfidf_finish: features sorted by rank, most common first;
	 * rank_term maps a rank back to its term. */
	uint32_t *rank_term;
	float *maxw; /* by rank: largest weight */
	size_t df_cap;
	int finished;
};

void tfidf_init(struct tfidf *t, struct stemmer *st);
void tfidf_release(struct tfidf *t);

/* Adds the words of text to the dictionary of compound parts only. */
void tfidf_dict(struct tfidf *t, const char *text);
/* Adds a document; its number (0, 1, ...) is returned. */
uint32_t tfidf_add_doc(struct tfidf *t, const char *title, const char *body);
/* Splits compounds, weighs and normalises; df_cap 0 picks a default. */
void tfidf_finish(struct tfidf *t, size_t df_cap);

/* Calls emit(a, b, cosine) for each pair a < b with cosine >= threshold. */
void tfidf_pairs(const struct tfidf *t, double threshold,
		 void (*emit)(void *arg, uint32_t a, uint32_t b, double cos),
		 void *arg);
double tfidf_cosine(const struct tfidf *t, uint32_t a, uint32_t b);
/*
 * The words two documents share, the largest part of their similarity
 * first: up to max of them into words (borrowed), their count returned.
 */
size_t tfidf_shared(const struct tfidf *t, uint32_t a, uint32_t b,
		    const char **words, size_t max);
/* How many non-zero features document d has. */
size_t tfidf_doc_size(const struct tfidf *t, uint32_t d);

#endif
