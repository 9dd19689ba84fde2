/*
 * service/search.c: the search (see search.h). It reads the text a person
 * typed, asks access.c whether unapproved reports may be found, brings the
 * index up to date in its own short write transactions, then asks
 * store/search.c. It must not speak SQL, and never passes typed text to
 * FTS5 as syntax: every word goes in as a quoted string.
 *
 * Ownership: the arrays in struct search_result are the caller's.
 */
#include "service/search.h"

#include <stdbool.h>
#include <string.h>

#include "service/access.h"
#include "util/i18n.h"
#include "util/parse.h"

/* Changed rows reindexed per write transaction: keeps the write lock
 * short (well under the 5 s other writers wait) even when an import has
 * just changed every row. */
#define SEARCH_REFRESH_BATCH 5000

/* Whether cp is a control character other than white space (tab, line
 * feed, carriage return), as model/value.c counts them. */
static bool is_control(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Valid UTF-8 without control characters, at most SEARCH_QUERY_MAX. */
static int check_text(const char *q, struct err *err)
{
	size_t n = strlen(q);

	if (n > SEARCH_QUERY_MAX)
		return err_set_field(err, ERR_INVALID, "q",
				     _("the search text is longer than %d "
				       "bytes"),
				     SEARCH_QUERY_MAX);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len =
		    parse_utf8_char((const unsigned char *)q + i, n - i, &cp);

		if (!len || is_control(cp))
			return err_set_field(err, ERR_INVALID, "q",
					     _("the search text must be UTF-8 "
					       "without control characters"));
		i += len;
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Whether the word has something the tokenizer keeps: an ASCII letter or
 * digit, or any non-ASCII character (æ, ø, å and the rest of Unicode). */
static bool has_word_char(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 0x80 || (c >= '0' && c <= '9') ||
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return true;
	}
	return false;
}

/* One word as an FTS5 string: inside double quotes every character is
 * literal except the quote itself, which is doubled. */
static void add_word(struct buf *b, const char *w, size_t n, bool prefix)
{
	if (b->len)
		buf_addch(b, ' ');
	buf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '"')
			buf_addch(b, '"');
		buf_addch(b, w[i]);
	}
	buf_addch(b, '"');
	if (prefix)
		buf_addstr(b, " *");
}

size_t search_expression(const char *q, struct buf *b)
{
	size_t nterms = 0;

	while (*q) {
		size_t n, end;
		bool prefix;

		while (is_space(*q))
			q++;
		for (n = 0; q[n] && !is_space(q[n]); n++)
			;
		/* "helse*": words that begin with "helse". */
		for (end = n; end > 0 && q[end - 1] == '*'; end--)
			;
		prefix = end < n;
		if (has_word_char(q, end)) {
			add_word(b, q, end, prefix);
			nterms++;
		}
		q += n;
	}
	return nterms;
}

/* Reindexes what was written since the last search, a batch per
 * transaction. Another thread may be doing the same: it then waits for
 * the lock and finds less (or nothing) left to do. */
int service_search_refresh(struct store *st, struct err *err)
{
	for (;;) {
		bool pending;

		if (store_search_pending(st, &pending, err) < 0)
			return -1;
		if (!pending)
			return 0;
		if (store_begin(st, err) < 0)
			return -1;
		if (store_search_refresh(st, SEARCH_REFRESH_BATCH, err) < 0) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, err) < 0)
			return -1;
	}
}

static int find(struct store *st, const char *match, bool all_reports, int kind,
		int64_t limit, struct search_result *out, struct err *err)
{
	if (store_search_count(st, match, all_reports, out->counts, err) < 0)
		return -1;
	for (int k = 0; k < SEARCH_KINDS; k++) {
		out->total += out->counts[k];
		if (kind >= 0 && kind != k)
			continue;
		if (!out->counts[k]) {
			out->hits[k] = json_array();
			continue;
		}
		out->hits[k] = store_search_hits(st, match, (enum search_kind)k,
						 all_reports, limit, err);
		if (!out->hits[k])
			return -1;
	}
	return 0;
}

int service_search(struct store *st, const struct principal *who, const char *q,
		   int kind, int64_t limit, struct search_result *out,
		   struct err *err)
{
	struct buf match = BUF_INIT;
	bool all_reports;
	int rc = -1;

	*out = (struct search_result)SEARCH_RESULT_INIT;
	if (limit < 1 || limit > SEARCH_LIMIT_MAX || kind >= SEARCH_KINDS)
		return err_set(err, ERR_INTERNAL, "bad search limit or kind");
	if (check_text(q ? q : "", err) < 0)
		return -1;
	out->nterms = search_expression(q ? q : "", &match);
	if (out->nterms == 0) {
		buf_release(&match);
		return 0;
	}
	all_reports =
	    who && access_check(st, who, OP_READ_PRIVATE, NULL, NULL) == 0;
	if (service_search_refresh(st, err) == 0 &&
	    find(st, buf_cstr(&match), all_reports, kind, limit, out, err) == 0)
		rc = 0;
	buf_release(&match);
	if (rc < 0)
		search_result_release(out);
	return rc;
}

void search_result_release(struct search_result *r)
{
	if (!r)
		return;
	for (int k = 0; k < SEARCH_KINDS; k++) {
		json_decref(r->hits[k]);
		r->hits[k] = NULL;
	}
}
