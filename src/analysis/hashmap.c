/*
 * analysis/hashmap.c: open-addressing tables (see hashmap.h). Must not
 * allocate per entry: a table is three flat arrays, so a map of a million
 * report rows costs three allocations, not a million.
 */
#include "analysis/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(1099511628211);
	}
	/* Mix the high bits down: the table index takes the low bits. */
	return h ^ (h >> 29);
}

void idmap_release(struct idmap *m)
{
	free(m->keys);
	free(m->lens);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t id_find(const struct idmap *m, const char *key, size_t len)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)hash_bytes(key, len) & mask;

	while (m->keys[i] &&
	       !(m->lens[i] == len && !memcmp(m->keys[i], key, len)))
		i = (i + 1) & mask;
	return i;
}

static void id_grow(struct idmap *m)
{
	struct idmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->lens = xcalloc(m->cap, sizeof(*m->lens));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.keys[i])
			continue;
		j = id_find(m, old.keys[i], old.lens[i]);
		m->keys[j] = old.keys[i];
		m->lens[j] = old.lens[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.lens);
	free(old.vals);
}

void idmap_put(struct idmap *m, const char *key, int32_t v)
{
	size_t len = strlen(key), i;

	if ((m->n + 1) * 2 > m->cap)
		id_grow(m);
	i = id_find(m, key, len);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->lens[i] = (uint32_t)len;
		m->n++;
	}
	m->vals[i] = v;
}

int32_t idmap_getn(const struct idmap *m, const char *key, size_t len)
{
	size_t i;

	if (!key || !m->cap)
		return -1;
	i = id_find(m, key, len);
	return m->keys[i] ? m->vals[i] : -1;
}

int32_t idmap_get(const struct idmap *m, const char *key)
{
	return key ? idmap_getn(m, key, strlen(key)) : -1;
}

void pairmap_release(struct pairmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t pair_find(const struct pairmap *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 20) & mask;

	while (m->keys[i] != UINT64_MAX && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void pair_grow(struct pairmap *m)
{
	struct pairmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xmalloc(m->cap * sizeof(*m->keys));
	memset(m->keys, 0xff, m->cap * sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (old.keys[i] == UINT64_MAX)
			continue;
		j = pair_find(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
}

uint32_t *pairmap_slot(struct pairmap *m, uint64_t key, bool *created)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		pair_grow(m);
	i = pair_find(m, key);
	if (created)
		*created = m->keys[i] == UINT64_MAX;
	if (m->keys[i] == UINT64_MAX) {
		m->keys[i] = key;
		m->vals[i] = 0;
		m->n++;
	}
	return &m->vals[i];
}

const uint32_t *pairmap_find(const struct pairmap *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = pair_find(m, key);
	return m->keys[i] == UINT64_MAX ? NULL : &m->vals[i];
}
