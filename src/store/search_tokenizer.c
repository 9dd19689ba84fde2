/*
 * store/search_tokenizer.c: the "veikart_norwegian" FTS5 tokenizer (see
 * search_tokenizer.h). It wraps the built-in unicode61 tokenizer rather
 * than splitting words itself, so word boundaries, case folding and the
 * byte offsets highlight() needs are SQLite's own; it only replaces each
 * token by its stem.
 *
 * Must not keep state beyond one tokenizer instance: FTS5 makes one per
 * table per connection, and a connection stays on one thread, so the
 * libstemmer handle (not thread-safe) is never shared. Memory: an instance
 * is sqlite3_malloc'ed in xCreate and freed in xDelete, which FTS5 calls
 * exactly once for each.
 */
#include "store/search_tokenizer.h"

#include <libstemmer.h>
#include <sqlite3.h>
#include <string.h>

#include "util/i18n.h"
#include "util/log.h"

/* Longer tokens are ids, URLs or noise: indexed as written. The same bound
 * as analysis/stem.h's, so both stem the same words. */
#define STEM_TOKEN_MAX 64

struct norwegian_tokenizer {
	fts5_tokenizer inner_api; /* unicode61's methods */
	Fts5Tokenizer *inner;
	struct sb_stemmer *sb;
};

typedef int (*token_fn)(void *ctx, int tflags, const char *token, int n,
			int start, int end);

/* What the callback given to unicode61 needs to pass stems on. */
struct stem_call {
	struct norwegian_tokenizer *tok;
	void *ctx;
	token_fn emit;
};

static void tokenizer_delete(Fts5Tokenizer *p)
{
	struct norwegian_tokenizer *t = (struct norwegian_tokenizer *)p;

	if (!t)
		return;
	if (t->inner)
		t->inner_api.xDelete(t->inner);
	if (t->sb)
		sb_stemmer_delete(t->sb);
	sqlite3_free(t);
}

/* xCreate: ctx is the fts5_api the tokenizer was registered with. Takes
 * no arguments of its own; the behaviour is fixed so that an index built
 * once always matches the queries of later builds. */
static int tokenizer_create(void *ctx, const char **argv, int argc,
			    Fts5Tokenizer **out)
{
	static const char *inner_args[] = {"remove_diacritics", "0"};
	fts5_api *api = ctx;
	struct norwegian_tokenizer *t;
	void *inner_ctx = NULL;
	int rc;

	(void)argv;
	*out = NULL;
	if (argc != 0)
		return SQLITE_ERROR;
	t = sqlite3_malloc(sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	rc = api->xFindTokenizer(api, "unicode61", &inner_ctx, &t->inner_api);
	if (rc == SQLITE_OK)
		rc = t->inner_api.xCreate(inner_ctx, inner_args, 2, &t->inner);
	if (rc == SQLITE_OK && !(t->sb = sb_stemmer_new("norwegian", "UTF_8")))
		rc = SQLITE_ERROR;
	if (rc != SQLITE_OK) {
		tokenizer_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

/* One token from unicode61 (already case-folded): passes its stem on with
 * the token's own offsets. */
static int stem_token(void *arg, int tflags, const char *token, int n,
		      int start, int end)
{
	struct stem_call *c = arg;
	const sb_symbol *stem;

	if (n <= 0 || n > STEM_TOKEN_MAX)
		return c->emit(c->ctx, tflags, token, n, start, end);
	stem = sb_stemmer_stem(c->tok->sb, (const sb_symbol *)token, n);
	if (!stem)
		return SQLITE_NOMEM;
	return c->emit(c->ctx, tflags, (const char *)stem,
		       sb_stemmer_length(c->tok->sb), start, end);
}

/*
 * Documents and queries alike, prefix queries too: the stem of a prefix
 * is a prefix of the stems of the words that start with it ("helse*"
 * becomes "hels*", which still finds "helse" itself, stored as "hels").
 */
static int tokenizer_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
			      const char *text, int n, token_fn emit)
{
	struct norwegian_tokenizer *t = (struct norwegian_tokenizer *)p;
	struct stem_call c = {t, ctx, emit};

	return t->inner_api.xTokenize(t->inner, &c, flags, text, n, stem_token);
}

/* The fts5_api of db, or NULL when this SQLite was built without FTS5. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

int search_tokenizer_register(struct sqlite3 *db, struct err *err)
{
	static fts5_tokenizer methods = {tokenizer_create, tokenizer_delete,
					 tokenizer_tokenize};
	fts5_api *api = fts5_api_of(db);
	int rc;

	if (!api) {
		log_error("store=sqlite op=fts5 msg=\"no fts5_api\"");
		return err_set(err, ERR_DB,
			       _("this SQLite library has no full-text search "
				 "(FTS5); install one built with it"));
	}
	rc = api->xCreateTokenizer(api, SEARCH_TOKENIZER, api, &methods, NULL);
	if (rc != SQLITE_OK) {
		log_error("store=sqlite op=fts5_tokenizer rc=%d", rc);
		return err_set(err, ERR_DB,
			       _("cannot set up the search index's word "
				 "splitter; see the server log"));
	}
	return 0;
}
