/*
 * formats/network_svg.c: the network drawing through libgvc and its table
 * (see network_svg.h). Graph, node and cluster names given to Graphviz
 * are made here ("n12", "cluster_3"); every text from the data goes in as
 * a label or tooltip, with backslashes doubled so that Graphviz's escapes
 * (\N, \G, \n) cannot turn data into something else. Graphviz's SVG
 * renderer escapes & < > " itself.
 *
 * Must not read or write files. Ownership: everything made for Graphviz
 * is freed before returning; the bytes go to the caller's buffer.
 */
#include "formats/network_svg.h"

#include <gvc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/*
 * Graphviz is not thread-safe: one drawing at a time, process-wide. And
 * one context for the life of the process: the pango text plugin keeps a
 * pointer into the context's font table from one drawing to the next, so
 * a context freed and made again leaves that pointer dangling.
 */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_context;

/* Text as a Graphviz label: backslashes doubled, at most 200 bytes. */
static char *label_text(const char *s)
{
	size_t n = s ? strlen(s) : 0, k = 0;
	char *out = xmalloc(2 * n + 1);

	for (size_t i = 0; i < n && k < 200; i++) {
		if (s[i] == '\\')
			out[k++] = '\\';
		out[k++] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	}
	out[k] = '\0';
	return out;
}

static void set(void *obj, const char *name, const char *value)
{
	char *v = label_text(value);

	agsafeset(obj, (char *)name, v, "");
	free(v);
}

static int check(const struct network *net, struct err *err)
{
	if (net->nnodes > NETWORK_MAX_NODES || net->nedges > NETWORK_MAX_EDGES)
		return err_set(err, ERR_TOO_LARGE,
			       _("the network has %zu actors and %zu links; "
				 "at most %d and %d can be drawn, so narrow "
				 "it down (one strategy)"),
			       net->nnodes, net->nedges, NETWORK_MAX_NODES,
			       NETWORK_MAX_EDGES);
	for (size_t i = 0; i < net->nedges; i++)
		if (net->edges[i].a >= net->nnodes ||
		    net->edges[i].b >= net->nnodes)
			return err_set(err, ERR_INVALID,
				       _("a link names an actor that is not "
					 "in the network"));
	for (size_t i = 0; i < net->nnodes; i++)
		for (size_t g = 0; g < net->nodes[i].ngroups; g++)
			if (net->nodes[i].groups[g] >= net->ngroups)
				return err_set(err, ERR_INVALID,
					       _("an actor names a group that "
						 "is not in the network"));
	return 0;
}

static void graph_defaults(Agraph_t *g, const struct network *net)
{
	agsafeset(g, "rankdir", "LR", "");
	agsafeset(g, "fontname", "sans-serif", "");
	agsafeset(g, "fontsize", "11", "");
	if (net->title)
		set(g, "label", net->title);
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "style", "rounded");
	agattr(g, AGNODE, "fontname", "sans-serif");
	agattr(g, AGNODE, "fontsize", "10");
	agattr(g, AGEDGE, "color", "#555555");
}

/* One cluster subgraph per group that has a node. */
static Agraph_t **make_clusters(Agraph_t *g, const struct network *net)
{
	Agraph_t **c = xcalloc(net->ngroups + 1, sizeof(*c));
	char name[32];

	for (size_t i = 0; i < net->nnodes; i++) {
		size_t k;

		if (!net->nodes[i].ngroups)
			continue;
		k = net->nodes[i].groups[0];
		if (c[k])
			continue;
		snprintf(name, sizeof(name), "cluster_%zu", k);
		c[k] = agsubg(g, name, 1);
		set(c[k], "label", net->groups[k].label);
		set(c[k], "id", net->groups[k].id);
		agsafeset(c[k], "style", "rounded,dashed", "");
	}
	return c;
}

static Agnode_t **make_nodes(Agraph_t *g, Agraph_t **clusters,
			     const struct network *net)
{
	Agnode_t **n = xcalloc(net->nnodes + 1, sizeof(*n));
	char name[32];

	for (size_t i = 0; i < net->nnodes; i++) {
		const struct net_node *x = &net->nodes[i];
		Agraph_t *home = x->ngroups ? clusters[x->groups[0]] : g;

		snprintf(name, sizeof(name), "n%zu", i);
		n[i] = agnode(home, name, 1);
		set(n[i], "label", x->label ? x->label : x->id);
		set(n[i], "tooltip", x->id);
		set(n[i], "id", x->id);
		if (x->href)
			set(n[i], "URL", x->href);
	}
	return n;
}

static void make_edges(Agraph_t *g, Agnode_t **nodes, const struct network *net)
{
	char width[16];

	for (size_t i = 0; i < net->nedges; i++) {
		const struct net_edge *e = &net->edges[i];
		Agedge_t *ed = agedge(g, nodes[e->a], nodes[e->b], NULL, 1);

		snprintf(width, sizeof(width), "%.1f",
			 1 + log2(e->weight > 1 ? e->weight : 1));
		agsafeset(ed, "penwidth", width, "");
		if (e->label)
			set(ed, "tooltip", e->label);
	}
}

/* Lays out and renders g; the caller holds gv_lock. */
static int render(GVC_t *gvc, Agraph_t *g, struct buf *out, struct err *err)
{
	char *data = NULL;
	unsigned int len = 0;
	int rc = 0;

	if (gvLayout(gvc, g, "dot") != 0)
		return err_set(err, ERR_INTERNAL,
			       _("Graphviz could not lay out the network (is "
				 "its dot plugin installed?)"));
	if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data)
		rc = err_set(err, ERR_INTERNAL,
			     _("Graphviz could not draw SVG"));
	else
		buf_add(out, data, len);
	gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
	return rc;
}

int network_svg(const struct network *net, struct buf *out, struct err *err)
{
	GVC_t *gvc;
	Agraph_t *g, **clusters;
	Agnode_t **nodes;
	int rc;

	if (check(net, err) < 0)
		return -1;
	pthread_mutex_lock(&gv_lock);
	if (!gv_context)
		gv_context = gvContext();
	gvc = gv_context;
	g = agopen("network", Agundirected, NULL);
	graph_defaults(g, net);
	clusters = make_clusters(g, net);
	nodes = make_nodes(g, clusters, net);
	make_edges(g, nodes, net);
	rc = render(gvc, g, out, err);
	agclose(g);
	pthread_mutex_unlock(&gv_lock);
	free(clusters);
	free(nodes);
	return rc;
}

static int by_weight(const void *x, const void *y, void *arg)
{
	const struct network *net = arg;
	const struct net_edge *a = &net->edges[*(const size_t *)x];
	const struct net_edge *b = &net->edges[*(const size_t *)y];
	int r;

	if (a->weight != b->weight)
		return b->weight - a->weight;
	r = strcmp(net->nodes[a->a].id, net->nodes[b->a].id);
	return r ? r : strcmp(net->nodes[a->b].id, net->nodes[b->b].id);
}

static json_t *table_nodes(const struct network *net)
{
	json_t *nodes = json_array();

	for (size_t i = 0; i < net->nnodes; i++) {
		const struct net_node *x = &net->nodes[i];
		json_t *groups = json_array();

		for (size_t g = 0; g < x->ngroups; g++)
			json_array_append_new(
			    groups, json_string(net->groups[x->groups[g]].id));
		json_array_append_new(
		    nodes,
		    json_pack("{s:s,s:s,s:o}", "id", x->id, "label",
			      x->label ? x->label : x->id, "groups", groups));
	}
	return nodes;
}

static json_t *table_groups(const struct network *net)
{
	json_t *groups = json_array();

	for (size_t g = 0; g < net->ngroups; g++) {
		json_t *members = json_array();

		for (size_t i = 0; i < net->nnodes; i++)
			for (size_t k = 0; k < net->nodes[i].ngroups; k++)
				if (net->nodes[i].groups[k] == g)
					json_array_append_new(
					    members,
					    json_string(net->nodes[i].id));
		json_array_append_new(
		    groups,
		    json_pack("{s:s,s:s,s:o}", "id", net->groups[g].id, "label",
			      net->groups[g].label, "members", members));
	}
	return groups;
}

json_t *network_table(const struct network *net)
{
	size_t *order;
	json_t *edges;

	if (check(net, NULL) < 0)
		return NULL;
	order = xmalloc((net->nedges + 1) * sizeof(*order));
	edges = json_array();
	for (size_t i = 0; i < net->nedges; i++)
		order[i] = i;
	qsort_r(order, net->nedges, sizeof(*order), by_weight, (void *)net);
	for (size_t i = 0; i < net->nedges; i++) {
		const struct net_edge *e = &net->edges[order[i]];
		const struct net_node *a = &net->nodes[e->a];
		const struct net_node *b = &net->nodes[e->b];

		json_array_append_new(
		    edges,
		    json_pack("{s:s,s:s,s:s,s:s,s:i,s:s?}", "from", a->id, "to",
			      b->id, "from_label", a->label ? a->label : a->id,
			      "to_label", b->label ? b->label : b->id, "weight",
			      e->weight, "label", e->label));
	}
	free(order);
	return json_pack("{s:o,s:o,s:o}", "nodes", table_nodes(net), "edges",
			 edges, "groups", table_groups(net));
}
