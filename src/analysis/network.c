/*
 * analysis/network.c: the actor network to draw (see network.h). Must not
 * draw anything itself: formats/network_svg.c does. Ownership: see
 * network.h.
 */
#include "analysis/network.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/snapshot_int.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define EDGE_SAMPLES 5
#define MAX_ACTORS 64

struct acc {
	int32_t a, b, weight;
	int32_t sample[EDGE_SAMPLES];
};

struct accs {
	struct pairmap map;
	struct acc *v;
	size_t n, alloc;
};

static void count_pair(struct accs *p, int32_t a, int32_t b, int32_t m)
{
	bool created;
	uint32_t *slot;
	struct acc *x;

	if (a > b) {
		int32_t t = a;

		a = b;
		b = t;
	}
	slot =
	    pairmap_slot(&p->map, pair_key((uint32_t)a, (uint32_t)b), &created);
	if (created) {
		p->v =
		    snap_vec_reserve(p->v, &p->alloc, p->n + 1, sizeof(*p->v));
		p->v[p->n] = (struct acc){a, b, 0, {0}};
		*slot = (uint32_t)p->n++;
	}
	x = &p->v[*slot];
	if (x->weight < EDGE_SAMPLES)
		x->sample[x->weight] = m;
	x->weight++;
}

static size_t actors_of(const struct snapshot *s, size_t m, int32_t *out)
{
	const int32_t *r = SNAP_ROW(&s->m_resps, m);
	size_t n = 0;

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];
		bool dup = x->role == SNAP_ROLE_CONSULTED;

		for (size_t i = 0; i < n && !dup; i++)
			dup = out[i] == x->actor;
		if (!dup && n < MAX_ACTORS)
			out[n++] = x->actor;
	}
	return n;
}

static void collect(const struct snapshot *s, int32_t strategy, struct accs *p)
{
	int32_t act[MAX_ACTORS];

	for (size_t m = 0; m < s->measures.n; m++) {
		size_t n;

		if (s->measures.v[m].state != SNAP_M_ACTIVE ||
		    (strategy != SNAP_NONE &&
		     s->measures.v[m].strategy != strategy))
			continue;
		n = actors_of(s, m, act);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				count_pair(p, act[i], act[j], (int32_t)m);
	}
}

static int by_weight(const void *x, const void *y, void *arg)
{
	const struct snapshot *s = arg;
	const struct acc *a = x, *b = y;
	int r;

	if (a->weight != b->weight)
		return b->weight - a->weight;
	r = strcmp(s->actors.v[a->a].id, s->actors.v[b->a].id);
	return r ? r : strcmp(s->actors.v[a->b].id, s->actors.v[b->b].id);
}

static char *own(struct analysis_network *n, char *str)
{
	n->owned[n->nowned++] = str;
	return str;
}

/* The node of actor a, made when new (the caller checked the room). */
static int32_t node_of(const struct snapshot *s, struct analysis_network *n,
		       int32_t *node, int32_t a, const char *lang,
		       const char *href_prefix)
{
	struct net_node *x;
	struct buf b = BUF_INIT;

	if (node[a] >= 0)
		return node[a];
	x = &n->nodes[n->net.nnodes];
	*x = (struct net_node){s->actors.v[a].id,
			       snap_text_in(&s->actors.v[a].name, lang), NULL,
			       NULL, 0};
	if (href_prefix) {
		buf_addf(&b, "%s%s", href_prefix, s->actors.v[a].id);
		x->href = own(n, buf_detach(&b, NULL));
	}
	node[a] = (int32_t)n->net.nnodes++;
	return node[a];
}

static void add_edge(const struct snapshot *s, struct analysis_network *n,
		     const struct acc *x, int32_t na, int32_t nb)
{
	struct buf b = BUF_INIT;

	for (int32_t k = 0; k < x->weight && k < EDGE_SAMPLES; k++)
		buf_addf(&b, "%s%s", k ? ", " : "",
			 s->measures.v[x->sample[k]].id);
	if (x->weight > EDGE_SAMPLES)
		buf_addstr(&b, ", ...");
	n->edges[n->net.nedges++] = (struct net_edge){
	    (size_t)na, (size_t)nb, x->weight, own(n, buf_detach(&b, NULL))};
}

/* Gives each node the arenas its actor sits in, as groups. */
static void add_groups(const struct snapshot *s, struct analysis_network *n)
{
	int32_t *group = xmalloc((s->arenas.n + 1) * sizeof(*group));
	size_t used = 0;

	for (size_t a = 0; a < s->arenas.n; a++)
		group[a] = -1;
	for (size_t i = 0; i < n->net.nnodes; i++) {
		int32_t actor = snap_actor(s, n->nodes[i].id);
		const int32_t *ar = SNAP_ROW(&s->a_arenas, actor);
		uint32_t k = SNAP_ROW_N(&s->a_arenas, actor);

		n->nodes[i].groups = n->node_groups + used;
		n->nodes[i].ngroups = k;
		for (uint32_t j = 0; j < k; j++) {
			if (group[ar[j]] < 0) {
				group[ar[j]] = (int32_t)n->net.ngroups;
				n->groups[n->net.ngroups++] =
				    (struct net_group){
					s->arenas.v[ar[j]].id,
					snap_text_in(&s->arenas.v[ar[j]].name,
						     "nb")};
			}
			n->node_groups[used++] = (size_t)group[ar[j]];
		}
	}
	free(group);
}

void analysis_network_build(const struct snapshot *s, int32_t strategy,
			    const char *lang, size_t max_edges,
			    const char *href_prefix,
			    struct analysis_network *out)
{
	struct accs p = {PAIRMAP_INIT, NULL, 0, 0};
	int32_t *node = xmalloc((s->actors.n + 1) * sizeof(*node));

	memset(out, 0, sizeof(*out));
	if (!max_edges || max_edges > NETWORK_MAX_EDGES)
		max_edges = NETWORK_MAX_EDGES;
	collect(s, strategy, &p);
	if (p.n > 1)
		qsort_r(p.v, p.n, sizeof(*p.v), by_weight, (void *)s);
	out->nodes = xcalloc(NETWORK_MAX_NODES + 1, sizeof(*out->nodes));
	out->edges = xcalloc(max_edges + 1, sizeof(*out->edges));
	out->groups = xcalloc(s->arenas.n + 1, sizeof(*out->groups));
	out->node_groups = xcalloc(s->a_arenas.off[s->actors.n] + 1,
				   sizeof(*out->node_groups));
	out->owned =
	    xcalloc(NETWORK_MAX_NODES + max_edges + 1, sizeof(*out->owned));
	for (size_t a = 0; a < s->actors.n; a++)
		node[a] = -1;
	for (size_t i = 0; i < p.n && out->net.nedges < max_edges; i++) {
		size_t need = (node[p.v[i].a] < 0) + (node[p.v[i].b] < 0);
		int32_t na, nb;

		if (out->net.nnodes + need > NETWORK_MAX_NODES)
			continue; /* no room for its actors */
		na = node_of(s, out, node, p.v[i].a, lang, href_prefix);
		nb = node_of(s, out, node, p.v[i].b, lang, href_prefix);
		add_edge(s, out, &p.v[i], na, nb);
	}
	add_groups(s, out);
	out->net.nodes = out->nodes;
	out->net.edges = out->edges;
	out->net.groups = out->groups;
	free(node);
	free(p.v);
	pairmap_release(&p.map);
}

void analysis_network_release(struct analysis_network *n)
{
	for (size_t i = 0; i < n->nowned; i++)
		free(n->owned[i]);
	free(n->owned);
	free(n->nodes);
	free(n->edges);
	free(n->groups);
	free(n->node_groups);
	memset(n, 0, sizeof(*n));
}
