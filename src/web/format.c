/*
 * web/format.c: number and date formatting for the portal (format.h).
 * Pure functions over their arguments: no locale (setlocale is process-
 * wide and would race between threads), no time zone, no allocation but
 * the caller's buffer.
 */
#include "web/format.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define NBSP "\xc2\xa0"		/* U+00A0 NO-BREAK SPACE */
#define MINUS "\xe2\x88\x92"	/* U+2212 MINUS SIGN */

static const char *const months_no[12] = {
	"januar", "februar", "mars", "april", "mai", "juni", "juli",
	"august", "september", "oktober", "november", "desember",
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

const char *fmt_month(enum lang l, int month)
{
	if (month < 1 || month > 12)
		return "";
	return l == LANG_EN ? months_en[month - 1] : months_no[month - 1];
}

static const char *group_sep(enum lang l)
{
	return l == LANG_EN ? "," : NBSP;
}

/* Appends the digit string `digits` with thousands grouped. */
static void add_grouped(struct buf *b, enum lang l, const char *digits)
{
	size_t n = strlen(digits);

	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_addstr(b, group_sep(l));
		buf_addch(b, digits[i]);
	}
}

void fmt_int(struct buf *b, enum lang l, int64_t v)
{
	char digits[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
	if (v < 0)
		buf_addstr(b, MINUS);
	add_grouped(b, l, digits);
}

void fmt_num(struct buf *b, enum lang l, double v, int decimals)
{
	char text[64];
	char *dot;
	int n;

	if (!isfinite(v) || fabs(v) >= 1e18) {
		buf_addstr(b, "\xe2\x80\x93");	/* en dash: no value */
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	n = snprintf(text, sizeof(text), "%.*f", decimals, fabs(v));
	if (n < 0 || (size_t)n >= sizeof(text))
		return;
	/* "-0,0" is not a number people write. */
	if (v < 0 && strspn(text, "0.") != (size_t)n)
		buf_addstr(b, MINUS);
	dot = strchr(text, '.');
	if (dot)
		*dot = '\0';
	add_grouped(b, l, text);
	if (dot) {
		buf_addch(b, l == LANG_EN ? '.' : ',');
		buf_addstr(b, dot + 1);
	}
}

void fmt_percent(struct buf *b, enum lang l, int64_t pct)
{
	fmt_int(b, l, pct);
	buf_addstr(b, l == LANG_EN ? "%" : NBSP "%");
}

void fmt_nok(struct buf *b, enum lang l, int64_t amount)
{
	if (l == LANG_EN) {
		buf_addstr(b, "NOK" NBSP);
		fmt_int(b, l, amount);
		return;
	}
	fmt_int(b, l, amount);
	buf_addstr(b, NBSP "kr");
}

/* Reads n digits at s; -1 unless all are digits. */
static int digits_at(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Splits s into year, month (0 if absent), day (0 if absent); -1 when s
 * is not one of the accepted forms or not a real date. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	size_t n = s ? strlen(s) : 0;

	*m = *d = 0;
	if (n < 4 || (*y = digits_at(s, 4)) < 0)
		return -1;
	if (n == 4)
		return 0;
	if (n < 7 || s[4] != '-' || (*m = digits_at(s + 5, 2)) < 1 || *m > 12)
		return -1;
	if (n == 7)
		return 0;
	if (n < 10 || s[7] != '-' || (*d = digits_at(s + 8, 2)) < 1 ||
	    *d > days_in(*y, *m))
		return -1;
	return n == 10 || s[10] == 'T' ? 0 : -1;
}

int fmt_date(struct buf *b, enum lang l, const char *s)
{
	int y, m, d;

	if (parse_date(s, &y, &m, &d) < 0)
		return -1;
	if (d && l == LANG_EN)
		buf_addf(b, "%d %s %d", d, fmt_month(l, m), y);
	else if (d)
		buf_addf(b, "%d. %s %d", d, fmt_month(l, m), y);
	else if (m)
		buf_addf(b, "%s %d", fmt_month(l, m), y);
	else
		buf_addf(b, "%d", y);
	return 0;
}

/* The next code point of s (advancing *s), lower-cased for ASCII, with
 * æ ø å (either case) placed after z. Invalid bytes count as themselves. */
static unsigned collate_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = *p++;

	if (c >= 0xc0 && (*p & 0xc0) == 0x80) {
		c = ((c & 0x1f) << 6) | (*p++ & 0x3f);
		if (c == 0xe6 || c == 0xc6)
			c = 'z' + 1;	/* æ */
		else if (c == 0xf8 || c == 0xd8)
			c = 'z' + 2;	/* ø */
		else if (c == 0xe5 || c == 0xc5)
			c = 'z' + 3;	/* å */
		else
			c += 0x100;	/* after every ASCII letter */
	} else if (c >= 'A' && c <= 'Z') {
		c += 'a' - 'A';
	}
	*s = p;
	return c;
}

int fmt_collate(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)(a ? a : "");
	const unsigned char *q = (const unsigned char *)(b ? b : "");

	while (*p && *q) {
		unsigned x = collate_next(&p), y = collate_next(&q);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return (int)*p - (int)*q;
}

int fmt_collate_opt(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return fmt_collate(a, b);
}
