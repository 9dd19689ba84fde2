/*
 * analysis/stem.h: words for text similarity. Splits UTF-8 text into
 * lower-case words, drops Norwegian (bokmål and nynorsk) and English stop
 * words, and reduces each word to its stem with the Snowball "norwegian"
 * stemmer (libstemmer), so that "tiltakene" and "tiltak" count as one.
 *
 * A struct stemmer is not thread-safe; make one per run. Pure memory:
 * libstemmer works on the bytes it is given.
 * Ownership: stems returned are borrowed until the next call.
 */
#ifndef VEIKART_ANALYSIS_STEM_H
#define VEIKART_ANALYSIS_STEM_H

#include <stdbool.h>
#include <stddef.h>

/* Longest word kept, in bytes; longer "words" are noise (URLs, ids). */
#define STEM_WORD_MAX 64

struct stemmer;

/* NULL only if libstemmer lacks the norwegian stemmer. */
struct stemmer *stemmer_new(void);
void stemmer_free(struct stemmer *st);

/* The stem of a lower-case word of n bytes; *out_len gets its length. */
const char *stemmer_stem(struct stemmer *st, const char *word, size_t n,
			 size_t *out_len);

/* True for a stop word (lower case, n bytes). */
bool stem_is_stop(const char *word, size_t n);
/* True for the stem of a policy word that says nothing about the subject
 * ("styrk", "videreutvikl", "tiltak"); see stem.c. */
bool stem_is_stop_stem(const char *stem, size_t n);

/*
 * Calls fn once per word of text, in order: each word lower-cased
 * (A-Z, and À-Þ such as Æ Ø Å), at most STEM_WORD_MAX bytes, letters and
 * digits only. Words of digits alone are skipped, so are stop words.
 */
void stem_words(const char *text,
		void (*fn)(void *arg, const char *word, size_t n), void *arg);

/* The number of UTF-8 characters in n bytes. */
size_t stem_chars(const char *s, size_t n);

#endif
