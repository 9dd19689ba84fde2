/*
 * web/text_diff.c: the word diff of text_diff.h. A plain longest common
 * subsequence over the words that differ: the common first and last
 * words are matched directly, which is where most edits of a report
 * leave the text alone, and only the middle gets the O(n*m) table. The
 * bounds are checked before anything is allocated.
 *
 * It must not know about pages: the labels come from the caller.
 * Ownership: spans point into the caller's strings; the array is ours.
 */
#include "web/text_diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "web/html.h"

struct tok {
	const char *s;
	size_t wlen; /* the word */
	size_t len;  /* the word and the space after it */
	bool at_end; /* the last word of its text */
};

struct toks {
	struct tok *t;
	size_t n;
	bool too_many;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Letters and digits; bytes of multi-byte UTF-8 characters count as
 * letters (punctuation outside ASCII is rare in reports). */
static bool is_word(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
	       (u >= 'A' && u <= 'Z');
}

/* Where the word starting at s ends. */
static const char *word_end(const char *s)
{
	if (!is_word(*s))
		return s + 1;
	while (*s && is_word(*s))
		s++;
	return s;
}

/* Splits s into words; stops counting past the limit. */
static void tokenize(const char *s, struct toks *out)
{
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	while (*s && is_space(*s))
		s++;
	while (*s) {
		const char *w = s;
		struct tok t;

		if (out->n == TEXT_DIFF_MAX_WORDS) {
			out->too_many = true;
			return;
		}
		s = word_end(s);
		t.s = w;
		t.wlen = (size_t)(s - w);
		while (*s && is_space(*s))
			s++;
		t.len = (size_t)(s - w);
		t.at_end = !*s;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->t = xrealloc(out->t, cap * sizeof(*out->t));
		}
		out->t[out->n++] = t;
	}
}

static bool tok_eq(const struct tok *a, const struct tok *b)
{
	return a->wlen == b->wlen && !memcmp(a->s, b->s, a->wlen);
}

/* Appends one token, merged into the last span when it continues it. */
static void emit(struct text_diff *d, size_t *cap, enum text_diff_op op,
		 const struct tok *t)
{
	struct text_diff_span *last = d->n ? &d->spans[d->n - 1] : NULL;

	if (last && last->op == op && last->s + last->len == t->s) {
		last->len += t->len;
		last->at_end = t->at_end;
		return;
	}
	if (d->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		d->spans = xrealloc(d->spans, *cap * sizeof(*d->spans));
	}
	d->spans[d->n++] = (struct text_diff_span){op, t->s, t->len, t->at_end};
}

/* The middle of the two texts, after the common start and end. */
struct middle {
	const struct tok *a, *b;
	size_t n, m;
};

/*
 * L[i][j] = length of the LCS of a[i..] and b[j..], so that the walk
 * that follows goes forward. Cells fit 16 bits: n, m <= MAX_WORDS.
 */
static uint16_t *lcs_table(const struct middle *x)
{
	size_t w = x->m + 1;
	uint16_t *L = xcalloc((x->n + 1) * w, sizeof(*L));

	for (size_t i = x->n; i-- > 0;)
		for (size_t j = x->m; j-- > 0;) {
			uint16_t down = L[(i + 1) * w + j];
			uint16_t right = L[i * w + j + 1];

			if (tok_eq(&x->a[i], &x->b[j]))
				L[i * w + j] =
				    (uint16_t)(L[(i + 1) * w + j + 1] + 1);
			else
				L[i * w + j] = down >= right ? down : right;
		}
	return L;
}

/* Walks the table: deletions before insertions where both fit. */
static void walk(struct text_diff *d, size_t *cap, const struct middle *x,
		 const uint16_t *L)
{
	size_t i = 0, j = 0, w = x->m + 1;

	while (i < x->n || j < x->m) {
		if (i < x->n && j < x->m && tok_eq(&x->a[i], &x->b[j])) {
			emit(d, cap, TEXT_DIFF_SAME, &x->b[j]);
			i++, j++;
		} else if (j == x->m || (i < x->n && L[(i + 1) * w + j] >=
							 L[i * w + j + 1])) {
			emit(d, cap, TEXT_DIFF_DEL, &x->a[i++]);
			d->deleted++;
		} else {
			emit(d, cap, TEXT_DIFF_INS, &x->b[j++]);
			d->inserted++;
		}
	}
}

/* Whether the texts share too little for a diff to help. */
static bool too_different(size_t common, size_t na, size_t nb)
{
	size_t most = na > nb ? na : nb;

	return na && nb && most >= TEXT_DIFF_SHORT_WORDS && common * 4 < most;
}

static void set_rewritten(struct text_diff *d)
{
	text_diff_release(d);
	d->rewritten = true;
}

static void diff_middle(struct text_diff *d, size_t *cap,
			const struct middle *x, size_t na, size_t nb,
			size_t same)
{
	uint16_t *L;

	if ((x->n + 1) * (x->m + 1) > TEXT_DIFF_MAX_CELLS) {
		set_rewritten(d);
		return;
	}
	L = lcs_table(x);
	if (too_different(same + L[0], na, nb)) {
		free(L);
		set_rewritten(d);
		return;
	}
	walk(d, cap, x, L);
	free(L);
}

void text_diff(const char *a, const char *b, struct text_diff *d)
{
	struct toks ta, tb;
	size_t p = 0, s = 0, cap = 0;
	struct middle x;

	*d = (struct text_diff)TEXT_DIFF_INIT;
	tokenize(a, &ta);
	tokenize(b, &tb);
	if (ta.too_many || tb.too_many) {
		d->rewritten = true;
		goto done;
	}
	while (p < ta.n && p < tb.n && tok_eq(&ta.t[p], &tb.t[p]))
		p++;
	while (s < ta.n - p && s < tb.n - p &&
	       tok_eq(&ta.t[ta.n - 1 - s], &tb.t[tb.n - 1 - s]))
		s++;
	for (size_t i = 0; i < p; i++)
		emit(d, &cap, TEXT_DIFF_SAME, &tb.t[i]);
	x = (struct middle){ta.t + p, tb.t + p, ta.n - p - s, tb.n - p - s};
	diff_middle(d, &cap, &x, ta.n, tb.n, p + s);
	for (size_t i = tb.n - s; !d->rewritten && i < tb.n; i++)
		emit(d, &cap, TEXT_DIFF_SAME, &tb.t[i]);
done:
	free(ta.t);
	free(tb.t);
}

void text_diff_release(struct text_diff *d)
{
	free(d->spans);
	*d = (struct text_diff)TEXT_DIFF_INIT;
}

/* A deleted or inserted run, with its hidden label read out first. */
static void marked(struct buf *out, const struct text_diff_span *sp,
		   const char *label)
{
	bool del = sp->op == TEXT_DIFF_DEL;

	if (del)
		html_raw(out, "<del>");
	else
		html_raw(out, "<ins>");
	html_raw(out, "<span class=\"ds-sr-only\">");
	html_txt(out, label);
	html_raw(out, " </span>");
	html_txtn(out, sp->s, sp->len);
	if (del)
		html_raw(out, "</del>");
	else
		html_raw(out, "</ins>");
}

void text_diff_html(struct buf *out, const struct text_diff *d,
		    const char *del_label, const char *ins_label)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct text_diff_span *sp = &d->spans[i];
		const struct text_diff_span *prev = i ? &d->spans[i - 1] : NULL;

		/* The last word of one text has no space after it, but
		 * words of the other text may follow it here; and the old
		 * words and the new ones are two readings, not one word. */
		if (prev && prev->len && !is_space(prev->s[prev->len - 1]) &&
		    (prev->at_end ||
		     (prev->op == TEXT_DIFF_DEL && sp->op == TEXT_DIFF_INS)))
			html_raw(out, " ");
		if (sp->op == TEXT_DIFF_SAME)
			html_txtn(out, sp->s, sp->len);
		else
			marked(out, sp,
			       sp->op == TEXT_DIFF_DEL ? del_label : ins_label);
	}
}
