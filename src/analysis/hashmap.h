/*
 * analysis/hashmap.h: the two lookup tables the analysis needs, kept small
 * and explicit: public ids (strings) to row indices, and 64-bit keys (a
 * pair of row indices, a row and a year) to a caller's slot. Open
 * addressing with linear probing; both grow at 50 % load.
 *
 * Ownership: an idmap borrows its keys (they live in the snapshot's string
 * pool); each map owns its tables and frees them in *_release. Pure memory;
 * no I/O.
 */
#ifndef VEIKART_ANALYSIS_HASHMAP_H
#define VEIKART_ANALYSIS_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* FNV-1a over n bytes: fast, good enough for ids and word stems. */
uint64_t hash_bytes(const void *p, size_t n);

struct idmap {
	const char **keys; /* borrowed; NULL marks a free slot */
	uint32_t *lens;
	int32_t *vals;
	size_t cap, n;
};

#define IDMAP_INIT                                                             \
	{                                                                      \
		NULL, NULL, NULL, 0, 0                                         \
	}

void idmap_release(struct idmap *m);
/* Maps key (borrowed, must outlive the map) to v; replaces an old value. */
void idmap_put(struct idmap *m, const char *key, int32_t v);
/* The value of key, or -1. NULL key gives -1. */
int32_t idmap_get(const struct idmap *m, const char *key);
/* The value of the len bytes at key (not NUL-terminated), or -1. */
int32_t idmap_getn(const struct idmap *m, const char *key, size_t len);

/* A key made of two 32-bit values (row indices, or a row and a year). */
static inline uint64_t pair_key(uint32_t a, uint32_t b)
{
	return ((uint64_t)a << 32) | b;
}

struct pairmap {
	uint64_t *keys; /* UINT64_MAX marks a free slot */
	uint32_t *vals;
	size_t cap, n;
};

#define PAIRMAP_INIT                                                           \
	{                                                                      \
		NULL, NULL, 0, 0                                               \
	}

void pairmap_release(struct pairmap *m);
/*
 * The value slot of key, made (with value 0) when absent; *created tells
 * which. The pointer is valid until the next call that may grow the map.
 * key must not be UINT64_MAX.
 */
uint32_t *pairmap_slot(struct pairmap *m, uint64_t key, bool *created);
/* The value slot of key, or NULL when absent. */
const uint32_t *pairmap_find(const struct pairmap *m, uint64_t key);

#endif
