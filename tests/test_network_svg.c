/*
 * tests/test_network_svg.c: the actor network from a snapshot
 * (analysis/network.c) and its drawing and table (formats/network_svg.c):
 * nodes, weighted edges, arenas as groups, escaping of names, links, and
 * the limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "analysis/network.h"
#include "analysis/snapshot.h"
#include "formats/network_svg.h"

/*
 * Graphviz and fontconfig keep caches for the life of the process that
 * LeakSanitizer reports as leaks; they are theirs, not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig\nleak:libgvc\nleak:libcgraph\n"
	       "leak:libgvplugin\nleak:libpango\nleak:libcairo\n";
}

#define T(nb) ((struct snap_text){(nb), NULL, NULL})

static const size_t g0[] = {0};
static const struct net_group groups[] = {
    {"AR-1", "Dialogarena <&> æøå"},
};
static const struct net_node nodes[] = {
    {"IN", "Innovasjon Norge", "/nb/actors/IN", g0, 1},
    {"SIVA", "Siva \\N \"SF\"", NULL, NULL, 0},
    {"HDIR", "Helsedirektoratet <b>", "/nb/actors/HDIR", g0, 1},
};
static const struct net_edge edges[] = {
    {0, 1, 1, "V-TP-1"},
    {0, 2, 3, "E-08, V-HT-1, E-09"},
};

static const struct network net = {
    "Samarbeid", nodes, 3, edges, 2, groups, 1,
};

static void test_svg(void **state)
{
	struct buf b = BUF_INIT;
	struct err err = ERR_INIT;
	const char *svg;

	(void)state;
	assert_int_equal(network_svg(&net, &b, &err), 0);
	svg = buf_cstr(&b);
	assert_non_null(strstr(svg, "<svg"));
	assert_non_null(strstr(svg, "</svg>"));
	assert_non_null(strstr(svg, "Innovasjon Norge"));
	/* Markup in names comes out escaped, Graphviz escapes inert. */
	assert_non_null(strstr(svg, "Dialogarena &lt;&amp;&gt; æøå"));
	assert_non_null(strstr(svg, "Helsedirektoratet &lt;b&gt;"));
	assert_null(strstr(svg, "<b>"));
	assert_non_null(strstr(svg, "Siva \\N"));
	assert_non_null(strstr(svg, "/nb/actors/IN"));
	assert_non_null(strstr(svg, "class=\"cluster\""));
	assert_int_equal(err.code, ERR_NONE);
	buf_release(&b);
}

static void test_table(void **state)
{
	json_t *t = network_table(&net);
	json_t *e0;

	(void)state;
	assert_non_null(t);
	assert_int_equal(json_array_size(json_object_get(t, "nodes")), 3);
	e0 = json_array_get(json_object_get(t, "edges"), 0);
	assert_int_equal(json_integer_value(json_object_get(e0, "weight")),
			 3); /* heaviest first */
	assert_string_equal(json_string_value(json_object_get(e0, "to")),
			    "HDIR");
	assert_int_equal(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(t, "groups"), 0), "members")),
	    2);
	json_decref(t);
}

static void test_limits(void **state)
{
	static const struct net_edge bad[] = {{0, 7, 1, NULL}};
	struct network n = net;
	struct buf b = BUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	n.edges = bad;
	n.nedges = 1;
	assert_int_equal(network_svg(&n, &b, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_null(network_table(&n));
	n = net;
	n.nnodes = NETWORK_MAX_NODES + 1;
	assert_int_equal(network_svg(&n, &b, &err), -1);
	assert_int_equal(err.code, ERR_TOO_LARGE);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_from_snapshot(void **state)
{
	struct snapshot s;
	struct analysis_network an;
	struct buf b = BUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	snap_init(&s, snap_day("2026-11-23"));
	snap_add_actor(&s, "IN", T("Innovasjon Norge"), NULL, NULL);
	snap_add_actor(&s, "SIVA", T("Siva"), NULL, NULL);
	snap_add_actor(&s, "NFR", T("Forskningsrådet"), NULL, NULL);
	snap_add_actor(&s, "KS", T("KS"), NULL, NULL);
	snap_add_strategy(&s, "VK", T("Veikart"), NULL, NULL);
	snap_add_strategy(&s, "EX", T("Eksport"), NULL, NULL);
	for (int i = 0; i < 3; i++) {
		char id[16];

		snprintf(id, sizeof(id), "V-%d", i);
		snap_add_measure(&s, id, "VK", NULL, T("Tiltak"), NULL, NULL,
				 NULL);
		snap_add_resp(&s, id, "IN", "lead");
		snap_add_resp(&s, id, i ? "SIVA" : "NFR", "contributing");
	}
	snap_add_measure(&s, "E-1", "EX", NULL, T("Eksport"), NULL, NULL, NULL);
	snap_add_resp(&s, "E-1", "KS", "lead");
	snap_add_resp(&s, "E-1", "IN", "contributing");
	snap_add_arena(&s, "AR-1", T("Forum"), NULL, NULL, "IN", NULL);
	snap_arena_member(&s, "AR-1", "SIVA");
	snap_finish(&s);
	/* Strategy 0 is VK. */
	analysis_network_build(&s, 0, "nb", 0, "/nb/actors/", &an);
	assert_int_equal(an.net.nnodes, 3); /* KS is in EX only */
	assert_int_equal(an.net.nedges, 2);
	assert_int_equal(an.net.edges[0].weight, 2); /* IN-SIVA */
	assert_string_equal(an.net.edges[0].label, "V-1, V-2");
	assert_int_equal(an.net.ngroups, 1);
	assert_string_equal(an.net.nodes[0].href, "/nb/actors/IN");
	assert_int_equal(network_svg(&an.net, &b, &err), 0);
	assert_non_null(strstr(buf_cstr(&b), "Forum"));
	analysis_network_release(&an);
	analysis_network_build(&s, SNAP_NONE, "nb", 1, NULL, &an);
	assert_int_equal(an.net.nedges, 1); /* max_edges */
	assert_null(an.net.nodes[0].href);
	analysis_network_release(&an);
	buf_release(&b);
	snap_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_svg),
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_from_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
