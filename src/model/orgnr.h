/*
 * model/orgnr.h: Norwegian organisation numbers (organisasjonsnummer), the
 * nine-digit ids of the Central Coordinating Register for Legal Entities
 * (Enhetsregisteret) that actors carry. The last digit is a
 * MOD11 check digit over the first eight.
 *
 * Strings are borrowed; nothing is allocated.
 */
#ifndef VEIKART_MODEL_ORGNR_H
#define VEIKART_MODEL_ORGNR_H

#include <stdbool.h>

#include "util/err.h"

/* Length of an organisation number, in digits. */
#define ORGNR_DIGITS 9

/*
 * True when s is exactly nine ASCII digits (no spaces) whose check digit is
 * right. NULL is false.
 */
bool orgnr_valid(const char *s);

/*
 * As orgnr_valid, but says why not: returns 0, or -1 with ERR_UNPROCESSABLE
 * and a message that tells a wrong length or a non-digit ("expected an
 * organisation number of exactly 9 digits ...") apart from a failed checksum
 * ("... does not pass the check digit test ..."). The caller adds the field
 * name.
 */
int orgnr_check(const char *s, struct err *err);

#endif
