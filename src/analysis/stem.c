/*
 * analysis/stem.c: tokenising, stop words and the Snowball norwegian
 * stemmer (see stem.h). The stop list is Snowball's Norwegian list (which
 * covers bokmål and nynorsk), common English function words (a measure
 * without a Norwegian description is compared on its English one), and
 * the words of policy prose that say what kind of action a measure is
 * ("styrke", "videreutvikle", "vurdere", "tiltak", "regjeringen", "Norge")
 * rather than what it is about: two measures that both "strengthen"
 * something are not the same work.
 * Must not keep state between calls beyond the stemmer itself.
 */
#include "analysis/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

struct stemmer {
	struct sb_stemmer *sb;
};

struct stemmer *stemmer_new(void)
{
	struct sb_stemmer *sb = sb_stemmer_new("norwegian", "UTF_8");
	struct stemmer *st;

	if (!sb)
		return NULL;
	st = xmalloc(sizeof(*st));
	st->sb = sb;
	return st;
}

void stemmer_free(struct stemmer *st)
{
	if (!st)
		return;
	sb_stemmer_delete(st->sb);
	free(st);
}

const char *stemmer_stem(struct stemmer *st, const char *word, size_t n,
			 size_t *out_len)
{
	const sb_symbol *s =
	    sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)n);

	if (!s) { /* out of memory inside libstemmer: keep the word */
		*out_len = n;
		return word;
	}
	*out_len = (size_t)sb_stemmer_length(st->sb);
	return (const char *)s;
}

/* Sorted, for bsearch. */
static const char *const stop_words[] = {
    "a",      "about",	"all",	   "alle",    "also",	"an",
    "and",    "andre",	"annen",   "annet",   "are",	"as",
    "at",     "av",	"bare",	   "be",      "begge",	"bl",
    "blant",  "ble",	"blei",	   "bli",     "blir",	"blitt",
    "both",   "by",	"både",	   "båe",     "bør",	"ca",
    "da",     "de",	"dei",	   "deim",    "deira",	"deires",
    "dem",    "den",	"denne",   "der",     "dere",	"deres",
    "dermed", "det",	"dette",   "di",      "din",	"disse",
    "ditt",   "du",	"dykk",	   "dykkar",  "då",	"eg",
    "egen",   "eget",	"egne",	   "ein",     "eit",	"eitt",
    "eller",  "elles",	"en",	   "enkelte", "enn",	"er",
    "et",     "etc",	"ett",	   "etter",   "flere",	"for",
    "fordi",  "fra",	"from",	   "fx",      "få",	"får",
    "før",    "gi",	"gir",	   "gjennom", "ha",	"hadde",
    "han",    "hans",	"har",	   "has",     "have",	"hele",
    "helt",   "hennar", "henne",   "hennes",  "her",	"hjå",
    "ho",     "hoe",	"honom",   "hos",     "hoss",	"hossen",
    "hun",    "hva",	"hvem",	   "hver",    "hvilke", "hvilken",
    "hvis",   "hvor",	"hvordan", "hvorfor", "i",	"ikke",
    "ikkje",  "in",	"ingen",   "ingi",    "inkje",	"inn",
    "innen",  "inni",	"into",	   "is",      "it",	"its",
    "ja",     "jeg",	"jf",	   "kan",     "kom",	"korleis",
    "korso",  "kun",	"kunne",   "kva",     "kvar",	"kvarhelst",
    "kven",   "kvi",	"kvifor",  "man",     "mange",	"me",
    "med",    "medan",	"meg",	   "meget",   "mellom", "men",
    "mer",    "mest",	"mi",	   "min",     "mine",	"mitt",
    "more",   "mot",	"mv",	   "mykje",   "må",	"ned",
    "new",    "no",	"noe",	   "noen",    "noka",	"noko",
    "nokon",  "nokor",	"nokre",   "ny",      "nye",	"nytt",
    "nå",     "når",	"of",	   "og",      "også",	"om",
    "on",     "opp",	"or",	   "oss",     "osv",	"other",
    "over",   "per",	"pr",	   "på",      "same",	"samme",
    "samt",   "seg",	"selv",	   "shall",   "si",	"sia",
    "sidan",  "siden",	"sin",	   "sine",    "sitt",	"sjøl",
    "skal",   "skulle", "slik",	   "slike",   "so",	"som",
    "somme",  "somt",	"such",	   "så",      "sånn",	"særlig",
    "ta",     "tar",	"tett",	   "than",    "that",	"the",
    "their",  "them",	"these",   "they",    "this",	"through",
    "til",    "to",	"ulike",   "um",      "under",	"upp",
    "ut",     "uten",	"var",	   "vart",    "varte",	"ved",
    "vere",   "verte",	"vi",	   "via",     "vil",	"ville",
    "vore",   "vors",	"vort",	   "vår",     "være",	"vært",
    "was",    "were",	"will",	   "with",    "within", "å",
};

/* Stems of the words policy prose uses for any kind of action
 * ("videreutvikle", "styrke", "vurdere", "tiltak", "regjeringen"):
 * checked after stemming, so every inflected form is covered. Sorted. */
static const char *const stop_stems[] = {
    "arbeid",	    "bedr",	 "bidr",	 "etabler",   "etablering",
    "fortsett",	    "følg",	 "gjennomfør",	 "legg",      "norg",
    "norsk",	    "regjering", "sikr",	 "styrk",     "styrking",
    "tilrettelegg", "tiltak",	 "utr",		 "utredning", "utvikl",
    "utvikling",    "vider",	 "videreutvikl", "vurder",    "vurdering",
    "øke",	    "økt",
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool in_list(const char *word, size_t n, const char *const *list,
		    size_t len)
{
	char w[STEM_WORD_MAX + 1];

	if (n > STEM_WORD_MAX)
		return false;
	memcpy(w, word, n);
	w[n] = '\0';
	return bsearch(w, list, len, sizeof(*list), cmp_word) != NULL;
}

bool stem_is_stop(const char *word, size_t n)
{
	return in_list(word, n, stop_words,
		       sizeof(stop_words) / sizeof(*stop_words));
}

bool stem_is_stop_stem(const char *stem, size_t n)
{
	return in_list(stem, n, stop_stems,
		       sizeof(stop_stems) / sizeof(*stop_stems));
}

size_t stem_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* A letter or digit: ASCII, Latin-1 letters, and anything beyond Latin-1
 * but the punctuation blocks (dashes, quotes, bullets). */
static bool word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp < 0x100)
		return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7;
	return !(cp >= 0x2000 && cp <= 0x2BFF) &&
	       !(cp >= 0x3000 && cp <= 0x303F);
}

/* Appends the lower case of cp (ASCII and Latin-1 capitals). */
static size_t put_lower(char *w, size_t n, uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		cp += 32;
	else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		cp += 32;
	if (cp < 0x80) {
		w[n] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		w[n] = (char)(0xC0 | (cp >> 6));
		w[n + 1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	return 0; /* longer characters are kept as they came */
}

static void emit(char *w, size_t n, bool alpha,
		 void (*fn)(void *, const char *, size_t), void *arg)
{
	if (n == 0 || n > STEM_WORD_MAX || !alpha || stem_is_stop(w, n))
		return;
	w[n] = '\0';
	fn(arg, w, n);
}

void stem_words(const char *text,
		void (*fn)(void *arg, const char *word, size_t n), void *arg)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t left = text ? strlen(text) : 0, n = 0;
	char w[STEM_WORD_MAX + 8];
	bool alpha = false;

	while (left > 0) {
		uint32_t cp;
		size_t len = parse_utf8_char(p, left, &cp);

		if (len == 0) { /* invalid byte: a separator */
			cp = ' ';
			len = 1;
		}
		if (word_char(cp)) {
			size_t put = n + 4 <= STEM_WORD_MAX + 4
					 ? put_lower(w, n, cp)
					 : 0;

			if (put == 0 && n + len <= STEM_WORD_MAX + 4) {
				memcpy(w + n, p, len);
				put = len;
			}
			n += put;
			alpha = alpha || cp > '9';
		} else {
			emit(w, n, alpha, fn, arg);
			n = 0;
			alpha = false;
		}
		p += len;
		left -= len;
	}
	emit(w, n, alpha, fn, arg);
}
