/*
 * analysis/graph.c: Tarjan's strongly connected components without
 * recursion (see graph.h): an explicit stack of (node, next edge) frames.
 * Must not recurse. Ownership: scratch arrays are freed before return.
 */
#include "analysis/graph.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct tarjan {
	const struct snap_csr *g;
	int32_t *index, *low, *stack, *comp;
	uint32_t *edge; /* per node: next edge to follow */
	int32_t *call;	/* the explicit call stack of nodes */
	bool *on;
	size_t sp, cp, next, ncomp;
};

static void visit(struct tarjan *t, int32_t v)
{
	t->index[v] = t->low[v] = (int32_t)t->next++;
	t->stack[t->sp++] = v;
	t->on[v] = true;
	t->edge[v] = t->g->off[v];
	t->call[t->cp++] = v;
}

/* Pops v's component when v is its root. */
static void close_node(struct tarjan *t, int32_t v)
{
	if (t->low[v] != t->index[v])
		return;
	for (;;) {
		int32_t w = t->stack[--t->sp];

		t->on[w] = false;
		t->comp[w] = (int32_t)t->ncomp;
		if (w == v)
			break;
	}
	t->ncomp++;
}

static void run_from(struct tarjan *t, int32_t root)
{
	visit(t, root);
	while (t->cp > 0) {
		int32_t v = t->call[t->cp - 1];

		if (t->edge[v] < t->g->off[v + 1]) {
			int32_t w = t->g->idx[t->edge[v]++];

			if (t->index[w] < 0)
				visit(t, w);
			else if (t->on[w] && t->index[w] < t->low[v])
				t->low[v] = t->index[w];
			continue;
		}
		t->cp--;
		close_node(t, v);
		if (t->cp > 0) {
			int32_t u = t->call[t->cp - 1];

			if (t->low[v] < t->low[u])
				t->low[u] = t->low[v];
		}
	}
}

size_t graph_scc(const struct snap_csr *g, size_t n, int32_t *comp)
{
	struct tarjan t = {g,	 NULL, NULL, NULL, comp, NULL,
			   NULL, NULL, 0,    0,	   0,	 0};

	t.index = xmalloc((n + 1) * sizeof(*t.index));
	t.low = xmalloc((n + 1) * sizeof(*t.low));
	t.stack = xmalloc((n + 1) * sizeof(*t.stack));
	t.call = xmalloc((n + 1) * sizeof(*t.call));
	t.edge = xmalloc((n + 1) * sizeof(*t.edge));
	t.on = xcalloc(n + 1, sizeof(*t.on));
	for (size_t v = 0; v < n; v++)
		t.index[v] = -1;
	for (size_t v = 0; v < n; v++)
		if (t.index[v] < 0)
			run_from(&t, (int32_t)v);
	free(t.index);
	free(t.low);
	free(t.stack);
	free(t.call);
	free(t.edge);
	free(t.on);
	return t.ncomp;
}
