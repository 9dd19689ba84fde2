/*
 * formats/network_svg.h: a network drawing as SVG bytes, laid out by
 * Graphviz (libgvc, the "dot" engine): actors as nodes, shared measures as
 * edges (thicker for more), arenas as boxed groups around their members.
 * And the same data as plain rows for the table that must accompany the
 * drawing for those who cannot see it (WCAG 1.1.1).
 *
 * The caller decides what goes in (analysis/network.h builds it from a
 * snapshot); this module only draws. Graphviz keeps global state and is
 * not thread-safe, so calls are serialised with a mutex inside.
 *
 * Ownership: the network is borrowed; SVG bytes are appended to the
 * caller's buffer; the table is a new JSON reference.
 */
#ifndef VEIKART_FORMATS_NETWORK_SVG_H
#define VEIKART_FORMATS_NETWORK_SVG_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Larger drawings are unreadable, and slow to lay out. */
#define NETWORK_MAX_NODES 400
#define NETWORK_MAX_EDGES 2000

struct net_node {
	const char *id;	      /* public id, e.g. "IN" */
	const char *label;    /* shown; any text */
	const char *href;     /* link target, http(s) or a path; may be NULL */
	const size_t *groups; /* indices into groups[]; the drawing puts
			       * the node in the first (a node can be in one
			       * box only), the table names all */
	size_t ngroups;
};

struct net_edge {
	size_t a, b;	   /* indices into nodes[] */
	int weight;	   /* shared measures, >= 1 */
	const char *label; /* tooltip, e.g. the measures' ids; may be
			    * NULL */
};

struct net_group {
	const char *id; /* e.g. "AR-DIALOG" */
	const char *label;
};

struct network {
	const char *title; /* the SVG's <title>; may be NULL */
	const struct net_node *nodes;
	size_t nnodes;
	const struct net_edge *edges;
	size_t nedges;
	const struct net_group *groups;
	size_t ngroups;
};

/*
 * Lays the network out and appends the SVG document to out. Errors:
 * ERR_TOO_LARGE past the limits above, ERR_INVALID for an edge or group
 * index out of range, ERR_INTERNAL when Graphviz fails (its plugins are
 * missing).
 */
int network_svg(const struct network *net, struct buf *out, struct err *err);

/*
 * The table alternative: {"nodes": [{"id", "label", "groups": [ids]}],
 * "edges": [{"from", "to", "from_label", "to_label", "weight", "label"}],
 * "groups": [{"id", "label", "members": [ids]}]}, edges by weight (most
 * first), then by ids. NULL for a network network_svg would refuse.
 */
json_t *network_table(const struct network *net);

#endif
