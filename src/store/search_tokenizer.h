/*
 * store/search_tokenizer.h: the FTS5 tokenizer the search index uses,
 * "veikart_norwegian". It is SQLite's unicode61 tokenizer with
 * remove_diacritics 0 (so æ, ø and å stay letters of their own: "bør" is
 * not "bor", "helsenæringen" is not "helsenaeringen"; upper and lower
 * case still fold), followed by the Snowball "norwegian" stemmer from
 * libstemmer on every token, so that "tiltakene", "tiltaket" and "tiltak"
 * are one term. Positions are those of unicode61, so highlight() and
 * snippet() mark the words as written.
 *
 * SQLite keeps tokenizers per connection: every connection the store opens
 * registers it (store/sqlite.c), before anything touches the index. A
 * connection without it (the sqlite3 shell) can use every other table but
 * not search_fts; nothing but store/search.c reads or writes that table.
 */
#ifndef VEIKART_STORE_SEARCH_TOKENIZER_H
#define VEIKART_STORE_SEARCH_TOKENIZER_H

#include "util/err.h"

struct sqlite3;

/* The name migrations use in CREATE VIRTUAL TABLE ... tokenize = '...'. */
#define SEARCH_TOKENIZER "veikart_norwegian"

/*
 * Registers the tokenizer on connection db. -1 with ERR_DB when this
 * SQLite has no FTS5 (the message says so); nothing to free afterwards:
 * SQLite owns the registration and drops it with the connection.
 */
int search_tokenizer_register(struct sqlite3 *db, struct err *err);

#endif
