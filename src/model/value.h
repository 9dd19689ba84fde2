/*
 * model/value.h: checks of single field values against their type (see
 * enum field_type in model/entity.h), shared by import, the API, the portal's
 * forms and the check command, so a value is accepted or refused the same
 * way wherever it comes from.
 *
 * Each check takes a NUL-terminated string (NULL is refused, never read) and
 * returns 0, or -1 with ERR_UNPROCESSABLE and a message saying what was
 * expected; the caller adds the field name (err_set_field / err_prefix).
 * User input in messages is quoted with parse_quote, so messages are always
 * valid UTF-8 without control characters. All pointers are borrowed;
 * nothing is allocated.
 *
 * Integers and numbers are checked by util/parse.h, periods by
 * model/period.h and organisation numbers by model/orgnr.h.
 */
#ifndef VEIKART_MODEL_VALUE_H
#define VEIKART_MODEL_VALUE_H

#include <stddef.h>

#include "util/err.h"

/*
 * A public id such as V-TP-1: 1 to LIMIT_ID_BYTES (64) bytes from
 * [A-Za-z0-9._-], the first a letter or a digit. ASCII only, so ids are
 * safe in URLs and file names without escaping.
 */
int value_check_id(const char *s, struct err *err);

/*
 * Free text: at most max_bytes bytes (not characters; "æ" is two), valid
 * UTF-8 (overlong forms, surrogates and values above U+10FFFF refused), and
 * no control characters (U+0000-U+001F, U+007F-U+009F) except tab, line
 * feed and carriage return. Use LIMIT_TITLE_BYTES or LIMIT_TEXT_BYTES from
 * model/limits.h. The message names the first offending byte (counted from
 * 1). A NUL inside the value cannot be seen here: the value ends there.
 */
int value_check_text(const char *s, size_t max_bytes, struct err *err);

/*
 * A date, possibly partial, as sources give them: YYYY, YYYY-MM or
 * YYYY-MM-DD, with a four-digit year from 1000 to 9999 and a real calendar
 * day (2024-02-29 yes, 2023-02-29 and 2025-04-31 no). Gregorian leap years.
 */
int value_check_date(const char *s, struct err *err);

/*
 * A web address: "http://" or "https://" (any case), then a host (a name of
 * letters, digits, '-', '.' or non-ASCII UTF-8, or an [IPv6] literal) with an
 * optional :port (1-65535), then an optional path, query and fragment.
 * Refused: user names or passwords before the host ("https://a@b"), spaces,
 * control characters, '"', '<', '>', '\', invalid UTF-8, and more than
 * LIMIT_URL_BYTES (2000) bytes. Only http(s) is allowed, so a stored link
 * can never run script ("javascript:") when shown.
 */
int value_check_url(const char *s, struct err *err);

/*
 * One of values (a NULL-terminated list, e.g. measure_roles), compared
 * exactly (case matters). The message lists the allowed values.
 */
int value_check_enum(const char *s, const char *const *values,
		     struct err *err);

#endif
