/*
 * web/format.h: numbers and dates written for people, per language.
 *
 *   nb, nn   1 234,5   (the space is U+00A0 NO-BREAK SPACE, so a number
 *                        never breaks across lines), −3 (U+2212 MINUS)
 *            23. november 2026, november 2026
 *   en       1,234.5, −3
 *            23 November 2026, November 2026
 *
 * The output is plain text made only of digits, letters, spaces and
 * punctuation, never markup characters, so it may be appended to HTML as
 * it is; the functions that take input text write nothing for input they
 * cannot read and say so (-1), and the caller shows the raw text escaped.
 * Ownership: the buffer is the caller's.
 */
#ifndef VEIKART_WEB_FORMAT_H
#define VEIKART_WEB_FORMAT_H

#include <stdint.h>

#include "util/buf.h"
#include "web/i18n.h"

/* A whole number with thousands grouped: 1 234 567 / 1,234,567. */
void fmt_int(struct buf *b, enum lang l, int64_t v);
/* A number with exactly `decimals` (0-6) digits after the mark, rounded:
 * 1 234,5 / 1,234.5. Infinite or NaN values write "–". */
void fmt_num(struct buf *b, enum lang l, double v, int decimals);
/* A percentage: 35 % (nb, nn: with a no-break space) / 35%. */
void fmt_percent(struct buf *b, enum lang l, int64_t pct);
/* An amount in Norwegian kroner: 1 250 000 kr / NOK 1,250,000. */
void fmt_nok(struct buf *b, enum lang l, int64_t amount);
/*
 * A date from YYYY, YYYY-MM, YYYY-MM-DD or a timestamp starting with
 * YYYY-MM-DDT (its date part as written, that is UTC): "2026",
 * "november 2026", "23. november 2026". -1 without writing anything when
 * s is none of these or not a real date.
 */
int fmt_date(struct buf *b, enum lang l, const char *s);
/*
 * Compares two UTF-8 strings in Norwegian alphabetical order, ignoring
 * letter case: a-z, then æ, ø, å (byte order would put å before æ).
 * Other characters compare by code point. <0, 0 or >0 as strcmp.
 */
int fmt_collate(const char *a, const char *b);
/* fmt_collate where either may be NULL (missing): missing sorts last. */
int fmt_collate_opt(const char *a, const char *b);

/* The name of month 1-12 in l ("november", "November"); "" otherwise. */
const char *fmt_month(enum lang l, int month);

#endif
