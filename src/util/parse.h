/*
 * util/parse.h: strict parsing of single numbers from text (query
 * parameters, form fields, CSV cells, command-line arguments), and the
 * helpers every parser uses to quote the offending input in a message.
 *
 * All functions take a NUL-terminated string, which may be NULL (NULL is
 * treated as invalid input, never dereferenced). Nothing is allocated; all
 * pointers are borrowed. On failure they return -1 and fill `err` (which may
 * be NULL) with ERR_INVALID and a message that quotes the input, e.g.
 *   expected a whole number from 1 to 500, got "abc"
 * The caller adds the field name (err_set_field / err_prefix).
 */
#ifndef VEIKART_UTIL_PARSE_H
#define VEIKART_UTIL_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/*
 * Parses a whole decimal integer in [min, max] into *out (left untouched on
 * failure). The whole string must be digits with an optional leading '-':
 * no spaces, no '+', no fraction, no exponent. Leading zeros are accepted.
 * min <= max is the caller's promise (asserted).
 */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out,
		struct err *err);

/*
 * Parses a finite decimal number into *out (left untouched on failure):
 * an optional '-', digits, optionally '.' and digits, optionally an exponent
 * (e or E, an optional sign, digits), e.g. "12", "-0.5", "1.5e3". The
 * decimal separator is always '.', whatever the process locale. Rejected:
 * spaces, '+', ".5", "5.", hexadecimal, "inf", "nan", values that overflow,
 * and text longer than PARSE_NUMBER_MAX bytes.
 */
int parse_double(const char *s, double *out, struct err *err);

/*
 * As parse_double, but the decimal separator may be ',' or '.', as found in
 * Norwegian spreadsheets and CSV files: "1234,5" and "1234.5" both give
 * 1234.5. At most one separator; no thousands separators.
 */
int parse_decimal_comma(const char *s, double *out, struct err *err);

/* Longest number text parse_double and parse_decimal_comma accept. */
#define PARSE_NUMBER_MAX 128

/*
 * Bytes of input that parse_quote shows before it cuts off with "...".
 * Each shown byte can take up to 4 bytes of output (as \xNN).
 */
#define PARSE_QUOTE_INPUT 40
#define PARSE_QUOTE_MAX (PARSE_QUOTE_INPUT * 4 + 8)

/*
 * Writes a printable, message-safe rendering of user input s (without the
 * surrounding quotes) into out, always NUL-terminated: valid UTF-8 is kept,
 * '"' and '\' are escaped with a backslash, control characters and bytes
 * that are not valid UTF-8 are written as \n, \t, \r or \xNN, and input
 * longer than PARSE_QUOTE_INPUT bytes is cut at a character boundary and
 * ends in "...". NULL is written as an empty string. The result is always
 * valid UTF-8 without control characters, so it can go into JSON, logs and
 * (escaped) HTML.
 */
void parse_quote(const char *s, char out[PARSE_QUOTE_MAX]);

/*
 * Decodes the UTF-8 character at s (at most n bytes available). Returns its
 * length in bytes (1 to 4) and stores the code point in *cp, or returns 0
 * when the bytes there are not a valid UTF-8 character: a stray
 * continuation byte, a truncated sequence, an overlong encoding, a
 * surrogate (U+D800 to U+DFFF) or a value above U+10FFFF. n == 0 returns 0.
 * cp may be NULL.
 */
size_t parse_utf8_char(const unsigned char *s, size_t n, uint32_t *cp);

#endif
