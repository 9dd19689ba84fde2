/*
 * analysis/snapshot_int.h: helpers shared by the files of analysis/ that
 * build or index a snapshot and by the analyses themselves: growable
 * arrays and compressed rows. Not for use outside analysis/.
 *
 * Ownership: a struct snap_csr owns its two arrays (free with
 * snap_csr_free); vectors grow with snap_vec_reserve (xrealloc).
 */
#ifndef VEIKART_ANALYSIS_SNAPSHOT_INT_H
#define VEIKART_ANALYSIS_SNAPSHOT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/snapshot.h"

/* Makes room for `need` items of `size` bytes; returns the (moved) array. */
void *snap_vec_reserve(void *v, size_t *alloc, size_t need, size_t size);

/* Appends one zeroed slot to a SNAP_VEC and yields a pointer to it. */
#define SNAP_PUSH(vec)                                                         \
	((vec).v = snap_vec_reserve((vec).v, &(vec).alloc, (vec).n + 1,        \
				    sizeof(*(vec).v)),                         \
	 memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)), &(vec).v[(vec).n++])

/*
 * Fills *row and *val for item i of n; a negative row leaves the item out.
 */
typedef void (*snap_csr_item_fn)(const void *arg, size_t i, int32_t *row,
				 int32_t *val);

/* Builds rows 0..nrows-1 from n items, keeping the items' order. */
void snap_csr_build(struct snap_csr *c, size_t nrows, size_t n,
		    snap_csr_item_fn item, const void *arg);
/* Sorts each row ascending by key[value] (key NULL: by the value). */
void snap_csr_sort(struct snap_csr *c, size_t nrows, const int32_t *key);
/* Removes repeated values within each (sorted) row. */
void snap_csr_unique(struct snap_csr *c, size_t nrows);
void snap_csr_free(struct snap_csr *c);

/* True when sorted row r of c contains v (binary search). */
int snap_csr_has(const struct snap_csr *c, int32_t r, int32_t v);

#endif
