/*
 * analysis/graph.h: graph helpers over compressed rows (struct snap_csr):
 * strongly connected components, found iteratively so that a chain of a
 * hundred thousand dependencies cannot overflow the stack. Pure.
 * Ownership: the caller owns the arrays it passes.
 */
#ifndef VEIKART_ANALYSIS_GRAPH_H
#define VEIKART_ANALYSIS_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/snapshot.h"

/*
 * Tarjan's algorithm over the n nodes of g (edges v -> g's row v).
 * comp[v] gets v's component (0 .. count-1); returns the count.
 */
size_t graph_scc(const struct snap_csr *g, size_t n, int32_t *comp);

#endif
