/*
 * web/i18n.h: the portal's languages and message catalogs. Every interface
 * string of the portal is a key in data/i18n/nb/, nn/ and en/ (one
 * `key = text` file per part of the portal, UTF-8, the same file names in
 * each language), concatenated and compiled into the binary (data/i18n.S).
 * A test fails when a key is missing in one catalog or only one has it,
 * and when code asks for a key no catalog has (tests/test_i18n.c).
 *
 * The catalogs are parsed once (i18n_init, idempotent and thread-safe)
 * into tables that are read-only afterwards. Returned strings are borrowed
 * from those tables and live until the program ends.
 */
#ifndef VEIKART_WEB_I18N_H
#define VEIKART_WEB_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Bokmål is the default; the order is the language switch's. */
enum lang { LANG_NB, LANG_NN, LANG_EN };
#define LANG_COUNT 3

/* "nb", "nn" or "en". */
const char *lang_code(enum lang l);
/* The language's own name ("Bokmål", "Nynorsk", "English"). */
const char *lang_name(enum lang l);
/* True and *out for exactly "nb", "nn" or "en" (the first n bytes of s). */
bool lang_from_code(const char *s, size_t n, enum lang *out);
/*
 * The language to redirect "/" to, from an Accept-Language header (RFC
 * 9110 12.5.4): the highest q among nb, nn and en, where "no" (and "no-*",
 * "nb-*" ...) count as nb and "*" as nb; ties go to the earlier range.
 * LANG_NB when the header is NULL or names none of them.
 */
enum lang lang_negotiate(const char *accept_language);

/*
 * Parses the embedded catalogs (once). -1 with ERR_INTERNAL naming the
 * catalog and line when one is malformed: a build error, reported at
 * start-up rather than on a page.
 */
int i18n_init(struct err *err);

/* The text of `key` in `l`; the key itself when missing (never NULL). */
const char *i18n(enum lang l, const char *key);
/* Whether `key` is in the catalog of l. */
bool i18n_has(enum lang l, const char *key);

/*
 * Appends the text of `key` to b as HTML: escaped, with {1} ... {9}
 * replaced by the escaped arguments (a NULL-terminated list of strings).
 * A placeholder without an argument is left as it is.
 */
void i18n_html(struct buf *b, enum lang l, const char *key, ...)
	__attribute__((sentinel));

/*
 * Compares the catalogs: every key of each must be in the others. Writes
 * one line per problem to report (may be NULL) and returns their number.
 */
size_t i18n_check(struct buf *report);

/*
 * Parses catalog text as i18n_init does, for tests: the number of keys, or
 * -1 with err naming `name` and the line.
 */
long i18n_parse_check(const char *name, const char *text, struct err *err);

#endif
