/*
 * model/period.c: the one parser and formatter for reporting periods (see
 * period.h). Every layer that reads a period from people or files - import,
 * API, portal, CLI - comes through period_parse, so "2025-T2", "2025K3" and
 * "2025M01" mean the same everywhere and are stored in one canonical form.
 *
 * It must not guess: ambiguous or partial text ("2025-1", "25-T2", " 2025")
 * is refused with a message listing the accepted forms, never rounded to the
 * nearest period. No allocation; periods are plain values.
 */
#include "model/period.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "util/parse.h"

#define EN_DASH "\xE2\x80\x93"	/* U+2013, as typed by word processors */

/* Reads exactly n ASCII digits at s; false if any is not a digit. */
static bool read_digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "<n digits>" and then the end of the string. */
static bool read_last(const char *s, size_t n, int *out)
{
	return read_digits(s, n, out) && s[n] == '\0';
}

/*
 * Reads what follows the four-digit year. Only the shape is checked here;
 * the ranges of year and n are checked by the caller.
 */
static bool parse_suffix(const char *r, struct period *p)
{
	p->n = 0;
	p->end_year = p->year;
	if (r[0] == '\0') {
		p->kind = PERIOD_YEAR;
		return true;
	}
	if (r[0] == 'K' || (r[0] == '-' && r[1] == 'Q')) {
		p->kind = PERIOD_QUARTER;
		return read_last(r + (r[0] == 'K' ? 1 : 2), 1, &p->n);
	}
	if (r[0] == 'M') {
		p->kind = PERIOD_MONTH;
		return read_last(r + 1, 2, &p->n);
	}
	if (r[0] == '-' && (r[1] == 'T' || r[1] == 't')) {
		p->kind = PERIOD_TERTIAL;
		return read_last(r + 2, 1, &p->n);
	}
	if (r[0] == '-' && read_last(r + 1, 2, &p->n)) {
		p->kind = PERIOD_MONTH;
		return true;
	}
	p->kind = PERIOD_RANGE;
	p->n = 0;	/* the month attempt above may have left digits here */
	if (r[0] == '-')
		return read_last(r + 1, 4, &p->end_year);
	if (strncmp(r, EN_DASH, 3) == 0)
		return read_last(r + 3, 4, &p->end_year);
	return false;
}

static int n_max(enum period_kind kind)
{
	switch (kind) {
	case PERIOD_TERTIAL:
		return 3;
	case PERIOD_QUARTER:
		return 4;
	case PERIOD_MONTH:
		return 12;
	default:
		return 0;
	}
}

static bool year_ok(int y)
{
	return y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX;
}

int period_parse(const char *s, struct period *out, struct err *err)
{
	char q[PARSE_QUOTE_MAX];
	struct period p;

	if (!s || !read_digits(s, 4, &p.year) || !parse_suffix(s + 4, &p))
		goto bad;
	if (!year_ok(p.year) || !year_ok(p.end_year)) {
		parse_quote(s, q);
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a period with years from %d to %d, "
				 "got \"%s\""),
			       PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, q);
	}
	if (p.kind == PERIOD_RANGE && p.end_year <= p.year) {
		parse_quote(s, q);
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected a range of years whose last year "
				 "comes after its first, such as 2021-2023, "
				 "got \"%s\""),
			       q);
	}
	if (n_max(p.kind) > 0 && (p.n < 1 || p.n > n_max(p.kind)))
		goto bad;
	*out = p;
	return 0;
bad:
	parse_quote(s, q);
	return err_set(err, ERR_UNPROCESSABLE,
		       _("expected a period such as 2025, 2025-T2, 2025-Q3 (or "
			 "2025K3), 2025-01 (or 2025M01) or 2021-2023, got "
			 "\"%s\""),
		       q);
}

void period_format(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	int n;

	switch (p->kind) {
	case PERIOD_TERTIAL:
		n = snprintf(out, PERIOD_TEXT_MAX, "%04d-T%d", p->year, p->n);
		break;
	case PERIOD_QUARTER:
		n = snprintf(out, PERIOD_TEXT_MAX, "%04d-Q%d", p->year, p->n);
		break;
	case PERIOD_MONTH:
		n = snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d", p->year, p->n);
		break;
	case PERIOD_RANGE:
		n = snprintf(out, PERIOD_TEXT_MAX, "%04d-%04d", p->year,
			     p->end_year);
		break;
	default:
		n = snprintf(out, PERIOD_TEXT_MAX, "%04d", p->year);
		break;
	}
	/* Only a period that period_parse did not make can be this long. */
	if (n < 0 || n >= PERIOD_TEXT_MAX)
		out[0] = '\0';
}

/* First and last month (1-12) the period covers. */
static void period_months(const struct period *p, int *first, int *last)
{
	switch (p->kind) {
	case PERIOD_TERTIAL:
		*first = 4 * p->n - 3;
		*last = 4 * p->n;
		break;
	case PERIOD_QUARTER:
		*first = 3 * p->n - 2;
		*last = 3 * p->n;
		break;
	case PERIOD_MONTH:
		*first = p->n;
		*last = p->n;
		break;
	default:
		*first = 1;
		*last = 12;
		break;
	}
}

static int last_year(const struct period *p)
{
	return p->kind == PERIOD_RANGE ? p->end_year : p->year;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static void format_date(char out[11], int y, int m, int d)
{
	int n = snprintf(out, 11, "%04d-%02d-%02d", y, m, d);

	if (n < 0 || n >= 11)	/* not from period_parse */
		out[0] = '\0';
}

void period_bounds(const struct period *p, char start[11], char end[11])
{
	int first, last;

	period_months(p, &first, &last);
	format_date(start, p->year, first, 1);
	format_date(end, last_year(p), last, days_in_month(last_year(p), last));
}

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

int period_compare(const struct period *a, const struct period *b)
{
	int af, al, bf, bl, c;

	/* Periods start on the 1st and end on a month's last day, so months
	 * since year 0 order them exactly. */
	period_months(a, &af, &al);
	period_months(b, &bf, &bl);
	c = cmp_int(a->year * 12L + af, b->year * 12L + bf);
	if (c == 0)
		c = cmp_int(last_year(a) * 12L + al, last_year(b) * 12L + bl);
	if (c == 0)
		c = cmp_int(a->kind, b->kind);
	return c;
}

/* Nynorsk month names are the same as Bokmål's. */
static const char *const months_nb[12] = {
	"januar", "februar", "mars",	  "april",   "mai",	 "juni",
	"juli",	  "august",  "september", "oktober", "november", "desember",
};
static const char *const months_en[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

/* "en", "en-GB", "en_US" ... are English; everything else Norwegian. */
static bool lang_is_en(const char *lang)
{
	return lang && lang[0] == 'e' && lang[1] == 'n' &&
	       (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

void period_label(const struct period *p, const char *lang, struct buf *out)
{
	const char *const *names = lang_is_en(lang) ? months_en : months_nb;
	char text[PERIOD_TEXT_MAX];
	int first, last;

	period_format(p, text);
	buf_addstr(out, text);
	if (p->kind == PERIOD_YEAR || p->kind == PERIOD_RANGE)
		return;
	period_months(p, &first, &last);
	if (first < 1 || last > 12 || first > last)	/* not from period_parse */
		return;
	if (first == last)
		buf_addf(out, " (%s %d)", names[first - 1], p->year);
	else
		buf_addf(out, " (%s" EN_DASH "%s %d)", names[first - 1],
			 names[last - 1], p->year);
}
