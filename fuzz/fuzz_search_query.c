/*
 * fuzz/fuzz_search_query.c: libFuzzer target for the search page's query
 * text (service/search.h, search_expression) against a real FTS5 index
 * with the search tokenizer (store/search_tokenizer.h), in memory.
 *
 * Checked on every run: the expression built from any text has balanced
 * quotes and keeps no more words than the text has; FTS5 accepts it
 * (a query never fails, whatever the person typed: quotes, *, NEAR, -,
 * parentheses, column filters); it never reaches the tags column, which
 * only the store's own words may match; and the highlighted text keeps
 * its markers balanced.
 *
 * The database is opened once for the whole run (a fuzz target has no
 * other place to keep it) and never written after set-up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "service/search.h"
#include "store/store.h"

static struct store *st;

static void set_up(void)
{
	struct err err = ERR_INIT;

	st = store_open(":memory:", STORE_OPEN_CREATE, &err);
	if (!st ||
	    store_exec(st,
		       "CREATE VIRTUAL TABLE t USING fts5(x, tags, tokenize = "
		       "'veikart_norwegian');"
		       "INSERT INTO t VALUES ('Tiltakene for helsenæringen, "
		       "«æøå» og bør NEAR title_nb', 'secret'), ('helse "
		       "AND OR NOT * ^ - ( ) { } :', 'secret');",
		       &err) < 0)
		abort();
}

static size_t words(const char *s)
{
	size_t n = 0;

	for (bool in = false; *s; s++) {
		bool space = strchr(" \t\n\r\f\v", *s) != NULL;

		n += !in && !space;
		in = !space;
	}
	return n;
}

/* Runs the expression: every row it matches, highlighted; the count. */
static int run(const char *expr)
{
	static const char sql[] =
	    "SELECT highlight(t, 0, char(1), char(2)) FROM t WHERE t "
	    "MATCH '- {tags} : (' || ?1 || ')'";
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	enum store_step_result r;
	int rows = 0;

	if (store_prepare(st, sql, &q, &err) < 0 ||
	    store_bind_text(q, 1, expr, &err) < 0)
		abort();
	while ((r = store_step(q, &err)) == STORE_ROW) {
		const char *h = store_col_text(q, 0);
		int depth = 0;

		for (; h && *h; h++) {
			depth += (*h == '\x01') - (*h == '\x02');
			if (depth < 0 || depth > 1)
				abort();
		}
		if (depth)
			abort();
		rows++;
	}
	if (r != STORE_DONE)
		abort();
	store_finalize(q);
	return rows;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	struct buf b = BUF_INIT;
	size_t n, quotes = 0;

	if (!st)
		set_up();
	if (size > 4 * SEARCH_QUERY_MAX)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = search_expression(s, &b);
	if (n > words(s))
		abort();
	for (const char *p = buf_cstr(&b); *p; p++)
		quotes += *p == '"';
	if (quotes % 2 || quotes < 2 * n)
		abort();
	/* The word in the tags column alone finds nothing. */
	if (n && run(buf_cstr(&b)) && !strcmp(s, "secret"))
		abort();
	buf_release(&b);
	free(s);
	return 0;
}
