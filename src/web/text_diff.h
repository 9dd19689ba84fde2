/*
 * web/text_diff.h: a word-level difference between two texts, for showing
 * what a report says now that the one before did not (and the reverse):
 * the longest common subsequence of the words, the rest marked deleted
 * or inserted. A word is a run of letters and digits (any byte of a
 * multi-byte UTF-8 character counts as a letter, so "næring" is one
 * word), and every other visible character is a word of its own, so
 * "helsenæringen." and "helsenæringen og kommunene." share
 * "helsenæringen" and the full stop. Space is kept with the word before
 * it for display but never compared, so re-wrapping a paragraph is no
 * change.
 *
 * Bounded: the table is (n+1)*(m+1) 16-bit cells after the common start
 * and end are taken off, so texts of more than TEXT_DIFF_MAX_WORDS words,
 * or whose changed middles would need more than TEXT_DIFF_MAX_CELLS
 * cells, are not compared but reported as rewritten. So is a long text
 * that shares less than a quarter of its words with the other: a diff of
 * that would be noise.
 *
 * Ownership: a struct text_diff borrows a and b (its spans point into
 * them); text_diff_release frees its own array only.
 */
#ifndef VEIKART_WEB_TEXT_DIFF_H
#define VEIKART_WEB_TEXT_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define TEXT_DIFF_MAX_WORDS 2000
#define TEXT_DIFF_MAX_CELLS (2000u * 1000u)
/* Texts shorter than this many words are always diffed, however much
 * they differ: a short diff stays readable. */
#define TEXT_DIFF_SHORT_WORDS 30

enum text_diff_op {
	TEXT_DIFF_SAME, /* in both; the span points into b */
	TEXT_DIFF_DEL,	/* only in a */
	TEXT_DIFF_INS,	/* only in b */
};

/* A run of whole words (with the space after each) of one kind. */
struct text_diff_span {
	enum text_diff_op op;
	const char *s;
	size_t len;
	bool at_end; /* ends where its text ends */
};

struct text_diff {
	struct text_diff_span *spans; /* in reading order, runs merged */
	size_t n;
	/* Not compared (too long, or too different): spans is empty. */
	bool rewritten;
	/* Words only in a and only in b (0 and 0: the same words). */
	size_t deleted, inserted;
};

#define TEXT_DIFF_INIT                                                         \
	{                                                                      \
		NULL, 0, false, 0, 0                                           \
	}

/*
 * Compares a (the old text) with b (the new one); NULL counts as "".
 * Fills *d (which must be TEXT_DIFF_INIT or released): spans, or
 * rewritten. Never fails; allocation failure aborts (xmalloc).
 */
void text_diff(const char *a, const char *b, struct text_diff *d);

/* Whether the words are the same (space aside). */
#define text_diff_same(d) (!(d)->rewritten && !(d)->deleted && !(d)->inserted)

/* Frees the spans; *d is TEXT_DIFF_INIT again. */
void text_diff_release(struct text_diff *d);

/*
 * Writes the diff as HTML into out: unchanged words as escaped text,
 * deleted ones in <del>, inserted ones in <ins>, each opened with a
 * visually hidden del_label / ins_label ("før:", "etter:"), so the change
 * is read out and not shown by colour or strike-through alone. Labels are
 * escaped. A space separates a deletion from the insertion after it, and
 * what follows the end of one text. Writes nothing for a rewritten
 * diff.
 */
void text_diff_html(struct buf *out, const struct text_diff *d,
		    const char *del_label, const char *ins_label);

#endif
