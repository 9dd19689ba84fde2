/*
 * tests/test_text_diff.c: the word diff of web/text_diff.c: the spans for
 * replaced, added and removed words, punctuation as words of its own,
 * space that does not count, NULL
 * texts, the HTML with escaped text and hidden labels, æøå, and the
 * bounds (too many words, too different) that give "rewritten".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "web/text_diff.h"

#define DEL_OPEN "<del><span class=\"ds-sr-only\">før: </span>"
#define INS_OPEN "<ins><span class=\"ds-sr-only\">etter: </span>"

/* Span i has op and exactly the text want. */
static void span_is(const struct text_diff *d, size_t i, enum text_diff_op op,
		    const char *want)
{
	assert_true(i < d->n);
	assert_int_equal(d->spans[i].op, op);
	assert_int_equal(d->spans[i].len, strlen(want));
	assert_memory_equal(d->spans[i].s, want, strlen(want));
}

/* The diff of a and b as HTML. */
static char *html_of(const char *a, const char *b)
{
	struct text_diff d = TEXT_DIFF_INIT;
	struct buf out = BUF_INIT;

	text_diff(a, b, &d);
	text_diff_html(&out, &d, "før:", "etter:");
	text_diff_release(&d);
	return buf_detach(&out, NULL);
}

static void test_same_text(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff("Vi har startet.", "Vi har startet.", &d);
	assert_true(text_diff_same(&d));
	assert_int_equal(d.n, 1);
	span_is(&d, 0, TEXT_DIFF_SAME, "Vi har startet.");
	text_diff_release(&d);
	assert_null(d.spans);
	assert_int_equal(d.n, 0);
}

static void test_space_does_not_count(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff("  Vi har\n\nstartet  ", "Vi  har startet", &d);
	assert_true(text_diff_same(&d));
	text_diff_release(&d);
}

static void test_one_word_replaced(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff("Vi har startet arbeidet", "Vi har fullført arbeidet", &d);
	assert_false(d.rewritten);
	assert_int_equal(d.deleted, 1);
	assert_int_equal(d.inserted, 1);
	assert_int_equal(d.n, 4);
	span_is(&d, 0, TEXT_DIFF_SAME, "Vi har ");
	span_is(&d, 1, TEXT_DIFF_DEL, "startet ");
	span_is(&d, 2, TEXT_DIFF_INS, "fullført ");
	span_is(&d, 3, TEXT_DIFF_SAME, "arbeidet");
	text_diff_release(&d);
}

/* The longest common subsequence, not only a common start and end. */
static void test_lcs_in_the_middle(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff("a b c d e", "b c x e", &d);
	assert_int_equal(d.deleted, 2);
	assert_int_equal(d.inserted, 1);
	assert_int_equal(d.n, 5);
	span_is(&d, 0, TEXT_DIFF_DEL, "a ");
	span_is(&d, 1, TEXT_DIFF_SAME, "b c ");
	span_is(&d, 2, TEXT_DIFF_DEL, "d ");
	span_is(&d, 3, TEXT_DIFF_INS, "x ");
	span_is(&d, 4, TEXT_DIFF_SAME, "e");
	text_diff_release(&d);
}

static void test_null_texts(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff(NULL, "Ny tekst", &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.inserted, 2);
	span_is(&d, 0, TEXT_DIFF_INS, "Ny tekst");
	text_diff_release(&d);
	text_diff("Gammel tekst", NULL, &d);
	assert_int_equal(d.deleted, 2);
	span_is(&d, 0, TEXT_DIFF_DEL, "Gammel tekst");
	text_diff_release(&d);
	text_diff(NULL, NULL, &d);
	assert_true(text_diff_same(&d));
	assert_int_equal(d.n, 0);
	text_diff_release(&d);
}

static void test_html_marks_and_escapes(void **state)
{
	char *h;

	(void)state;
	h = html_of("a b c d e", "b c x e");
	assert_string_equal(h, DEL_OPEN "a </del>b c " DEL_OPEN
					"d </del>" INS_OPEN "x </ins>e");
	free(h);
	h = html_of("Pris <100> & \"fast\"", "Pris <200> & \"fast\"");
	assert_string_equal(h, "Pris &lt;" DEL_OPEN "100</del> " INS_OPEN
			       "200</ins>&gt; &amp; &quot;fast&quot;");
	free(h);
}

/* Words after the last word of one text still get a space before. */
static void test_html_space_at_the_end(void **state)
{
	char *h;

	(void)state;
	h = html_of("x y z", "x y");
	assert_string_equal(h, "x y " DEL_OPEN "z</del>");
	free(h);
	h = html_of("x y", "x y z");
	assert_string_equal(h, "x y " INS_OPEN "z</ins>");
	free(h);
}

/* Punctuation is a word of its own: a sentence that goes on shares its
 * last word and its full stop with the old one. */
static void test_punctuation(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;
	char *h;

	(void)state;
	text_diff("behovene i helsenæringen.",
		  "behovene i helsenæringen og kommunene.", &d);
	assert_int_equal(d.deleted, 0);
	assert_int_equal(d.inserted, 2);
	span_is(&d, 0, TEXT_DIFF_SAME, "behovene i helsenæringen ");
	span_is(&d, 1, TEXT_DIFF_INS, "og kommunene");
	span_is(&d, 2, TEXT_DIFF_SAME, ".");
	text_diff_release(&d);
	h = html_of("Testsenter (pilot), Oslo.", "Testsenter (drift), Oslo.");
	assert_string_equal(h, "Testsenter (" DEL_OPEN "pilot</del> " INS_OPEN
			       "drift</ins>), Oslo.");
	free(h);
}

static void test_norwegian_letters(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;

	(void)state;
	text_diff("Økt eksport fra næringen",
		  "Økt eksport fra sårbare næringer", &d);
	assert_int_equal(d.n, 3);
	span_is(&d, 0, TEXT_DIFF_SAME, "Økt eksport fra ");
	span_is(&d, 1, TEXT_DIFF_DEL, "næringen");
	span_is(&d, 2, TEXT_DIFF_INS, "sårbare næringer");
	text_diff_release(&d);
}

/* n words "w<k>" (k from first), each followed by a space. */
static char *words(int first, int n)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < n; i++)
		buf_addf(&b, "w%d ", first + i);
	return buf_detach(&b, NULL);
}

static void test_too_many_words(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;
	char *big = words(0, TEXT_DIFF_MAX_WORDS + 1);
	char *limit = words(0, TEXT_DIFF_MAX_WORDS);

	(void)state;
	text_diff(big, "kort", &d);
	assert_true(d.rewritten);
	assert_int_equal(d.n, 0);
	assert_false(text_diff_same(&d));
	text_diff_release(&d);
	/* At the limit the texts are still compared. */
	text_diff(limit, limit, &d);
	assert_false(d.rewritten);
	assert_true(text_diff_same(&d));
	text_diff_release(&d);
	free(big);
	free(limit);
}

static void test_too_different(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;
	char *a = words(0, 40), *b = words(1000, 40);
	char *h;

	(void)state;
	text_diff(a, b, &d);
	assert_true(d.rewritten);
	text_diff_release(&d);
	h = html_of(a, b);
	assert_string_equal(h, "");
	free(h);
	/* Short texts are diffed however different they are. */
	text_diff("helt annet", "noe nytt", &d);
	assert_false(d.rewritten);
	assert_int_equal(d.deleted, 2);
	assert_int_equal(d.inserted, 2);
	text_diff_release(&d);
	free(a);
	free(b);
}

/* Middles too large for the table are not compared. */
static void test_cells_bound(void **state)
{
	struct text_diff d = TEXT_DIFF_INIT;
	char *a = words(0, 1999), *b = words(5000, 1999);

	(void)state;
	text_diff(a, b, &d);
	assert_true(d.rewritten);
	text_diff_release(&d);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_text),
	    cmocka_unit_test(test_space_does_not_count),
	    cmocka_unit_test(test_one_word_replaced),
	    cmocka_unit_test(test_lcs_in_the_middle),
	    cmocka_unit_test(test_null_texts),
	    cmocka_unit_test(test_html_marks_and_escapes),
	    cmocka_unit_test(test_html_space_at_the_end),
	    cmocka_unit_test(test_punctuation),
	    cmocka_unit_test(test_norwegian_letters),
	    cmocka_unit_test(test_too_many_words),
	    cmocka_unit_test(test_too_different),
	    cmocka_unit_test(test_cells_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
