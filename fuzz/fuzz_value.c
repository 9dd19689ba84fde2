/*
 * fuzz/fuzz_value.c: libFuzzer target for model/value.h and util/parse.h.
 * Every check runs on every input. Failures must carry ERR_UNPROCESSABLE
 * (ERR_INVALID for numbers) and a message that is itself valid text; what
 * is accepted is cross-checked against independent rules: a table-driven
 * UTF-8 validator (Unicode Table 3-7), and the number parsers against each
 * other.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/entity.h"
#include "model/limits.h"
#include "model/value.h"
#include "util/parse.h"

/* Well-formed UTF-8 per Unicode Table 3-7, without control characters. */
static bool reference_text(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, lo = 0x80, hi = 0xBF;
		int n, i;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return false;
			if (c == 0x7F)
				return false;
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return false;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		if (c == 0xC2 && s[1] <= 0x9F)	/* C1 control characters */
			return false;
		for (i = 1; i <= n; i++) {
			unsigned b = s[i];

			if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
				return false;
		}
		s += n + 1;
	}
	return true;
}

static void check_failure(int rc, const struct err *e, enum err_code want)
{
	if (rc == 0)
		return;
	if (rc != -1 || e->code != want ||
	    value_check_text(e->msg, ERR_MSG_MAX, NULL) != 0)
		abort();
}

static void check_text(const char *s)
{
	struct err e = ERR_INIT;
	int rc = value_check_text(s, LIMIT_TEXT_BYTES, &e);

	check_failure(rc, &e, ERR_UNPROCESSABLE);
	if (strlen(s) <= LIMIT_TEXT_BYTES &&
	    (rc == 0) != reference_text((const unsigned char *)s))
		abort();
}

static void check_values(const char *s)
{
	struct err e = ERR_INIT;
	size_t len = strlen(s);
	int rc;

	rc = value_check_id(s, &e);
	check_failure(rc, &e, ERR_UNPROCESSABLE);
	if (rc == 0 && (len < 1 || len > LIMIT_ID_BYTES ||
			strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
				len))
		abort();
	rc = value_check_date(s, &e);
	check_failure(rc, &e, ERR_UNPROCESSABLE);
	if (rc == 0 && len != 4 && len != 7 && len != 10)
		abort();
	rc = value_check_url(s, &e);
	check_failure(rc, &e, ERR_UNPROCESSABLE);
	if (rc == 0 && (len > LIMIT_URL_BYTES || strpbrk(s, " \t\n\r\"<>\\") ||
			!reference_text((const unsigned char *)s) ||
			value_check_text(s, LIMIT_URL_BYTES, NULL) != 0))
		abort();
	rc = value_check_enum(s, report_statuses, &e);
	check_failure(rc, &e, ERR_UNPROCESSABLE);
	if ((rc == 0) != (strcmp(s, "on_track") == 0 ||
			  strcmp(s, "not_started") == 0 ||
			  strcmp(s, "at_risk") == 0 ||
			  strcmp(s, "delayed") == 0 ||
			  strcmp(s, "completed") == 0 ||
			  strcmp(s, "cancelled") == 0))
		abort();
}

static void check_numbers(const char *s)
{
	struct err e = ERR_INIT;
	char again[32];
	int64_t i = 0, j = 0;
	double d = 0, c = 0;
	int rc_i, rc_d, rc_c;

	rc_i = parse_int64(s, INT64_MIN, INT64_MAX, &i, &e);
	check_failure(rc_i, &e, ERR_INVALID);
	rc_d = parse_double(s, &d, &e);
	check_failure(rc_d, &e, ERR_INVALID);
	rc_c = parse_decimal_comma(s, &c, &e);
	check_failure(rc_c, &e, ERR_INVALID);
	if (rc_i == 0) {
		/* Its canonical text parses to the same number. */
		snprintf(again, sizeof(again), "%" PRId64, i);
		if (parse_int64(again, INT64_MIN, INT64_MAX, &j, NULL) != 0 ||
		    i != j)
			abort();
		if (strlen(s) <= PARSE_NUMBER_MAX && rc_d != 0)
			abort();
	}
	/* '.' input: both parsers agree exactly; ',' input: only one takes it. */
	if (rc_d == 0 && (rc_c != 0 || d != c))
		abort();
	if (rc_c == 0 && !strchr(s, ',') && rc_d != 0)
		abort();
	if (rc_d == 0 && strchr(s, ','))
		abort();
	/* In range, so narrow ranges must agree with the full one. */
	if (rc_i == 0 && (i >= 1 && i <= 500) !=
				 (parse_int64(s, 1, 500, &j, NULL) == 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char q[PARSE_QUOTE_MAX];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_text(s);
	check_values(s);
	check_numbers(s);
	parse_quote(s, q);
	if (!reference_text((const unsigned char *)q))
		abort();
	free(s);
	return 0;
}
