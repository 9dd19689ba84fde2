/*
 * model/orgnr.c: validation of Norwegian organisation numbers. The rule is
 * Brønnøysundregistrene's: weights 3 2 7 6 5 4 3 2 over the first eight
 * digits, check digit = 11 - (sum mod 11), where 11 means 0 and 10 means the
 * number cannot exist (such numbers are never issued).
 *
 * It must not normalise: "912 660 680" or "NO912660680MVA" are refused, so
 * the stored value is always the bare nine digits. Nothing is allocated.
 */
#include "model/orgnr.h"

#include "util/i18n.h"
#include "util/parse.h"

/* Nine ASCII digits and then the end of the string. */
static bool orgnr_shape_ok(const char *s)
{
	int i;

	if (!s)
		return false;
	for (i = 0; i < ORGNR_DIGITS; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[ORGNR_DIGITS] == '\0';
}

/* Check digit for the first eight digits of s, or -1 when none exists. */
static int orgnr_check_digit(const char *s)
{
	static const int weights[ORGNR_DIGITS - 1] = { 3, 2, 7, 6, 5, 4, 3, 2 };
	int sum = 0, i, d;

	for (i = 0; i < ORGNR_DIGITS - 1; i++)
		sum += weights[i] * (s[i] - '0');
	d = 11 - sum % 11;
	if (d == 11)
		return 0;
	return d == 10 ? -1 : d;
}

bool orgnr_valid(const char *s)
{
	return orgnr_shape_ok(s) &&
	       orgnr_check_digit(s) == s[ORGNR_DIGITS - 1] - '0';
}

int orgnr_check(const char *s, struct err *err)
{
	char q[PARSE_QUOTE_MAX];

	if (orgnr_valid(s))
		return 0;
	parse_quote(s, q);
	if (!orgnr_shape_ok(s))
		return err_set(err, ERR_UNPROCESSABLE,
			       _("expected an organisation number of exactly "
				 "9 digits, without spaces, got \"%s\""),
			       q);
	return err_set(err, ERR_UNPROCESSABLE,
		       _("expected a valid organisation number, but \"%s\" "
			 "does not pass the check digit test (a typing "
			 "error?)"),
		       q);
}
