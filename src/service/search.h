/*
 * service/search.h: search over measures (tiltak), actors (aktører) and
 * status reports for the portal's search page. Turns what a person typed
 * into a safe full-text query (each word quoted, so quotes, *, NEAR, -,
 * parentheses and column filters are only text), brings the index up to
 * date with every write made before the search, and applies the access
 * rule: reports not yet approved are found only by those who may read
 * them (service/access.c, OP_READ_PRIVATE); the public finds approved
 * reports only.
 *
 * Ownership: the result's json_t arrays are the caller's, released with
 * search_result_release. Errors: -1 with err; ERR_INVALID when the text is
 * too long or not UTF-8 (err->field is "q").
 */
#ifndef VEIKART_SERVICE_SEARCH_H
#define VEIKART_SERVICE_SEARCH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/principal.h"
#include "store/search.h"
#include "store/store.h"
#include "util/buf.h"

/* Longest search text, in bytes (the form's maxlength says the same). */
#define SEARCH_QUERY_MAX 200
/* Most hits of one kind in one answer (the house limit of a page). */
#define SEARCH_LIMIT_MAX 500

struct search_result {
	size_t nterms; /* words searched for; 0: nothing was searched */
	int64_t counts[SEARCH_KINDS]; /* all visible hits of each kind */
	int64_t total;
	/* The best hits of each kind asked for (store_search_hits's shape),
	 * NULL for a kind not asked for or when nothing was searched. */
	json_t *hits[SEARCH_KINDS];
};

#define SEARCH_RESULT_INIT                                                     \
	{                                                                      \
		0, {0}, 0,                                                     \
		{                                                              \
			NULL                                                   \
		}                                                              \
	}

/*
 * Searches for `q` as `who`. `kind` is an enum search_kind to list hits
 * of that kind only, or -1 for every kind; at most `limit` hits of each
 * (1 to SEARCH_LIMIT_MAX). Every kind is counted either way. Text with no
 * word in it gives a result with nterms 0 and no error.
 */
int service_search(struct store *st, const struct principal *who, const char *q,
		   int kind, int64_t limit, struct search_result *out,
		   struct err *err);

void search_result_release(struct search_result *r);

/*
 * Brings the index up to date with every write made so far, in short
 * write transactions: what service_search does first. Cheap when little
 * changed; after a bulk load (an import, `veikart generate`, the
 * migration that made the index) it builds the whole index, which a
 * caller may rather do before the first search (start-up).
 */
int service_search_refresh(struct store *st, struct err *err);

/*
 * The FTS5 expression for q, appended to b: every word (text between
 * white space) as a quoted string, all of them required; a word ending
 * in '*' matches words that begin with it. Words with no letter or digit
 * are left out. Returns the number of words kept. Exposed for the tests.
 */
size_t search_expression(const char *q, struct buf *b);

#endif
