/*
 * model/period.h: reporting periods, parsed in one place for the whole
 * program (import, API, portal, CLI). A period is a calendar year, a tertial
 * (four-month period: T1 = January-April, T2 = May-August, T3 =
 * September-December), a quarter, a month or a range of whole years.
 *
 * struct period is a plain value: no pointers, nothing to free.
 */
#ifndef VEIKART_MODEL_PERIOD_H
#define VEIKART_MODEL_PERIOD_H

#include "util/buf.h"
#include "util/err.h"

enum period_kind {
	PERIOD_YEAR,
	PERIOD_TERTIAL,
	PERIOD_QUARTER,
	PERIOD_MONTH,
	PERIOD_RANGE,
};

struct period {
	enum period_kind kind;
	int year;	/* 1900..2200; for RANGE the first year */
	int n;		/* tertial 1-3, quarter 1-4, month 1-12, else 0 */
	int end_year;	/* RANGE only (> year), else = year */
};

/* Years a period may name, both ends included. */
#define PERIOD_YEAR_MIN 1900
#define PERIOD_YEAR_MAX 2200

/* Room for any canonical period text and its NUL ("2021-2023" is longest). */
#define PERIOD_TEXT_MAX 16

/*
 * Parses s into *out (untouched on failure). Accepted, whole string, no
 * spaces:
 *   2025                    year
 *   2025-T2, 2025-t2        tertial 1-3
 *   2025-Q3, 2025K3         quarter 1-4 (2025K3 is Statistics Norway's form)
 *   2025-01, 2025M01        month 01-12 (two digits; M is SSB's form)
 *   2021-2023, 2021–2023    range of years (en dash U+2013 allowed), end >
 *                           start
 * Years from PERIOD_YEAR_MIN to PERIOD_YEAR_MAX. Anything else, and NULL,
 * returns -1 with ERR_UNPROCESSABLE and a message that lists the accepted
 * forms and quotes the input.
 */
int period_parse(const char *s, struct period *out, struct err *err);

/*
 * Writes the canonical text of a parsed period: 2025, 2025-T2, 2025-Q3,
 * 2025-01 or 2021-2023. period_parse of the result gives back *p.
 */
void period_format(const struct period *p, char out[PERIOD_TEXT_MAX]);

/* Writes the first and the last day of the period as YYYY-MM-DD. */
void period_bounds(const struct period *p, char start[11], char end[11]);

/*
 * Orders periods by first day, then by last day: <0, 0 or >0 as a comes
 * before, together with, or after b. 0 only for equal periods.
 */
int period_compare(const struct period *a, const struct period *b);

/*
 * Appends a label for people to out: the canonical text, followed for
 * tertials, quarters and months by the months it covers, in lang "nb", "nn"
 * or "en" (a region suffix such as "nb-NO" is ignored; anything else,
 * including NULL, gives "nb", the portal's default):
 *   2025-T2 (mai–august 2025)      nb, nn
 *   2025-T2 (May–August 2025)      en
 *   2025-01 (januar 2025)          nb, nn
 * Years and ranges are just the canonical text ("2025", "2021-2023").
 */
void period_label(const struct period *p, const char *lang, struct buf *out);

#endif
