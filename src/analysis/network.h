/*
 * analysis/network.h: who works with whom, as a network to draw
 * (formats/network_svg.h): actors as nodes, an edge between two actors
 * for every active measure both are responsible for (lead or
 * contributing), weighted by how many, and the arenas each sits in as
 * groups. Only the heaviest edges are kept when there are more than a
 * drawing can show. Pure.
 *
 * Ownership: struct analysis_network owns its arrays and hrefs (release
 * with analysis_network_release); labels and ids point into the snapshot,
 * which must outlive it.
 */
#ifndef VEIKART_ANALYSIS_NETWORK_H
#define VEIKART_ANALYSIS_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/snapshot.h"
#include "formats/network_svg.h"

struct analysis_network {
	struct network net; /* what network_svg and network_table take */
	struct net_node *nodes;
	struct net_edge *edges;
	struct net_group *groups;
	size_t *node_groups;
	char **owned; /* hrefs and edge labels */
	size_t nowned;
};

/*
 * Builds the network of strategy `strategy` (SNAP_NONE: all), names in
 * lang, at most max_edges edges (0 or more than NETWORK_MAX_EDGES: that
 * limit) and NETWORK_MAX_NODES nodes. href_prefix ("/nb/actors/") makes
 * each node a link to prefix + id; NULL for none.
 */
void analysis_network_build(const struct snapshot *s, int32_t strategy,
			    const char *lang, size_t max_edges,
			    const char *href_prefix,
			    struct analysis_network *out);
void analysis_network_release(struct analysis_network *n);

#endif
