/*
 * model/limits.h: the one place for input limits (HOUSE-STYLE "Limits").
 * Every input veikart accepts - HTTP requests, form and query values, JSON
 * and CSV imports, single fields - is bounded by a constant here, so a limit
 * is changed in one place and documented once. Sizes are in bytes, not
 * characters: "æ" is two bytes in UTF-8.
 *
 * Plain integer constants (no casts), so they also work in #if.
 */
#ifndef VEIKART_MODEL_LIMITS_H
#define VEIKART_MODEL_LIMITS_H

/* Fields. */
#define LIMIT_ID_BYTES 64	/* public id such as V-TP-1 (value_check_id) */
#define LIMIT_TITLE_BYTES 200	/* names and titles */
#define LIMIT_TEXT_BYTES 20000	/* long free text: descriptions, reports */
#define LIMIT_URL_BYTES 2000	/* links to sources (value_check_url) */

/* Lists in the API and the portal. */
#define LIMIT_PAGE_DEFAULT 50	/* items per page when none is asked for */
#define LIMIT_PAGE_MAX 500	/* most items per page a client may ask for */

/* Imports. */
#define LIMIT_IMPORT_BYTES (64 * 1024 * 1024)	/* one JSON or CSV file */
#define LIMIT_CHILDREN 1000	/* items in one nested list (responsible, observations) */
#define LIMIT_JSON_DEPTH 32	/* nesting of arrays and objects */
#define LIMIT_CSV_ROWS 1000000	/* data rows in one CSV file */
#define LIMIT_CSV_COLUMNS 200	/* columns in one CSV row */

/* HTTP. */
#define LIMIT_HTTP_BODY (1024 * 1024)	/* request body (API writes, forms) */
#define LIMIT_HTTP_HEADERS (16 * 1024)	/* all request headers together */
#define LIMIT_HTTP_URI 4096	/* request target, path and query */
#define LIMIT_HTTP_TIMEOUT_S 30	/* seconds to read a request or send a reply */
#define LIMIT_QUERY_PARAM_BYTES 1024	/* one decoded query or form value */

#endif
