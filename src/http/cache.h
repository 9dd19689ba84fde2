/*
 * http/cache.h: a per-thread cache of rendered responses. One worker
 * thread owns each cache, so it has no locks. Entries are keyed on the
 * request URI and belong to one data version: when the version changes,
 * every entry is stale, so the cache empties itself at once (which also
 * returns the memory) rather than keeping a version per entry.
 *
 * Memory is bounded by the budget given to http_cache_new: keys, bodies
 * and entry headers count; when a new entry does not fit, the oldest go
 * first. Content types and Cache-Control values are static strings (the
 * http_response contract) and are kept as pointers.
 *
 * A reply hands the cached body to libevent by reference instead of
 * copying it, so an entry can be pinned: a pinned entry that leaves the
 * cache (evicted, stale, or the cache freed) no longer counts against the
 * budget and is freed by the last unpin. Pins are not thread-safe either:
 * pin and unpin in the cache's thread.
 */
#ifndef VEIKART_HTTP_CACHE_H
#define VEIKART_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* A quoted strong ETag: '"' + 32 hex digits + '"' + NUL. */
#define HTTP_ETAG_SIZE 35

struct http_cache;

/* What is stored for one URI; the cache keeps its own copy of body. */
struct http_cache_entry {
	int status;
	const char *content_type;	/* static */
	const char *cache_control;	/* static or NULL */
	const char *body;
	size_t body_len;
	char etag[HTTP_ETAG_SIZE];
};

/* A cache holding at most `budget` bytes; 0 makes one that keeps nothing. */
struct http_cache *http_cache_new(size_t budget);
void http_cache_free(struct http_cache *c);

/*
 * The entry for `key` at data version `version`, or NULL. Borrowed: valid
 * until the next http_cache_put or http_cache_free on this cache. A
 * version other than the cache's empties the cache first.
 */
const struct http_cache_entry *http_cache_get(struct http_cache *c,
					      const char *key,
					      uint64_t version);

/*
 * Stores a copy of `e` (body included) under `key`, replacing an entry of
 * the same key. Returns 0, or -1 when the entry alone is larger than the
 * budget (nothing stored; not an error worth reporting).
 */
int http_cache_put(struct http_cache *c, const char *key, uint64_t version,
		   const struct http_cache_entry *e);

/*
 * Keeps e (and its body) valid until the matching unpin, even after the
 * cache drops it or is freed. e must come from http_cache_get.
 */
void http_cache_pin(const struct http_cache_entry *e);
void http_cache_unpin(const struct http_cache_entry *e);

/* Bytes counted against the budget, and the number of entries. */
size_t http_cache_used(const struct http_cache *c);
size_t http_cache_count(const struct http_cache *c);

#endif
