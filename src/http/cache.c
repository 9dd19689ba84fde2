/*
 * http/cache.c: the per-thread response cache. A chained hash table (FNV-1a
 * over the key) plus a list in insertion order, so the oldest entry is
 * found in O(1) when the budget is full. A plain FIFO rather than LRU:
 * every write to the data empties the cache anyway, so entries rarely live
 * long enough for recency to matter, and FIFO needs no update on a hit.
 *
 * Owns every node, key and body it holds, and a node that left it while
 * pinned until the last unpin; nothing is shared between threads.
 */
#include "http/cache.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Power of two: the hash is masked, not divided. */
#define CACHE_BUCKETS 1024

struct cache_node {
	struct cache_node *chain; /* next in the same bucket */
	struct cache_node *older; /* insertion order, for eviction */
	struct cache_node *newer;
	size_t cost;
	uint64_t hash;
	unsigned pins; /* replies still sending the body */
	bool cached;   /* in the table; else freed by the last unpin */
	struct http_cache_entry e; /* e.body points into key[] */
	char key[];		   /* key, NUL, then the body and its NUL */
};

struct http_cache {
	size_t budget;
	size_t used;
	size_t count;
	uint64_t version;
	struct cache_node *oldest;
	struct cache_node *newest;
	struct cache_node *buckets[CACHE_BUCKETS];
};

static uint64_t cache_hash(const char *key)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a 64 offset basis */

	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return h;
}

struct http_cache *http_cache_new(size_t budget)
{
	struct http_cache *c = xcalloc(1, sizeof(*c));

	c->budget = budget;
	return c;
}

/* Unlinks n from its bucket and the age list, and frees it. */
static void cache_remove(struct http_cache *c, struct cache_node *n)
{
	struct cache_node **pp = &c->buckets[n->hash & (CACHE_BUCKETS - 1)];

	while (*pp != n)
		pp = &(*pp)->chain;
	*pp = n->chain;
	if (n->older)
		n->older->newer = n->newer;
	else
		c->oldest = n->newer;
	if (n->newer)
		n->newer->older = n->older;
	else
		c->newest = n->older;
	c->used -= n->cost;
	c->count--;
	n->cached = false;
	if (!n->pins)
		free(n);
}

static struct cache_node *node_of(const struct http_cache_entry *e)
{
	return (struct cache_node *)((char *)e -
				     offsetof(struct cache_node, e));
}

void http_cache_pin(const struct http_cache_entry *e)
{
	node_of(e)->pins++;
}

void http_cache_unpin(const struct http_cache_entry *e)
{
	struct cache_node *n = node_of(e);

	assert(n->pins > 0);
	if (--n->pins == 0 && !n->cached)
		free(n);
}

static void cache_clear(struct http_cache *c)
{
	while (c->oldest)
		cache_remove(c, c->oldest);
}

void http_cache_free(struct http_cache *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c);
}

/* Moves the cache to `version`; entries of another version are stale. */
static void cache_set_version(struct http_cache *c, uint64_t version)
{
	if (c->version == version)
		return;
	cache_clear(c);
	c->version = version;
}

static struct cache_node *cache_find(struct http_cache *c, const char *key,
				     uint64_t hash)
{
	struct cache_node *n = c->buckets[hash & (CACHE_BUCKETS - 1)];

	for (; n; n = n->chain)
		if (n->hash == hash && !strcmp(n->key, key))
			return n;
	return NULL;
}

const struct http_cache_entry *http_cache_get(struct http_cache *c,
					      const char *key, uint64_t version)
{
	struct cache_node *n;

	cache_set_version(c, version);
	if (!c->count)
		return NULL;
	n = cache_find(c, key, cache_hash(key));
	return n ? &n->e : NULL;
}

/* One allocation per entry: node, key and body together. */
static struct cache_node *node_new(const char *key, uint64_t hash,
				   const struct http_cache_entry *e,
				   size_t cost)
{
	size_t klen = strlen(key);
	struct cache_node *n = xmalloc(cost);
	char *body = n->key + klen + 1;

	memset(n, 0, sizeof(*n));
	n->cost = cost;
	n->hash = hash;
	n->cached = true;
	n->e = *e;
	memcpy(n->key, key, klen + 1);
	if (e->body_len)
		memcpy(body, e->body, e->body_len);
	body[e->body_len] = '\0';
	n->e.body = body;
	return n;
}

int http_cache_put(struct http_cache *c, const char *key, uint64_t version,
		   const struct http_cache_entry *e)
{
	uint64_t hash = cache_hash(key);
	size_t cost =
	    sizeof(struct cache_node) + strlen(key) + 1 + e->body_len + 1;
	struct cache_node *n;

	cache_set_version(c, version);
	n = cache_find(c, key, hash);
	if (n)
		cache_remove(c, n);
	if (cost > c->budget)
		return -1;
	while (c->used > c->budget - cost)
		cache_remove(c, c->oldest);
	n = node_new(key, hash, e, cost);
	n->chain = c->buckets[hash & (CACHE_BUCKETS - 1)];
	c->buckets[hash & (CACHE_BUCKETS - 1)] = n;
	n->older = c->newest;
	if (c->newest)
		c->newest->newer = n;
	else
		c->oldest = n;
	c->newest = n;
	c->used += cost;
	c->count++;
	return 0;
}

size_t http_cache_used(const struct http_cache *c)
{
	return c->used;
}

size_t http_cache_count(const struct http_cache *c)
{
	return c->count;
}
