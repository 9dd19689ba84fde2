/*
 * tests/test_coordination.c: the coordination page's questions to the
 * analysis (service/coordination.h) on a small hand-made snapshot: which
 * findings concern a strategy, the default pair of strategies, the overlap
 * matrix (overlap findings and declared links, oriented rows A, columns B,
 * only related measures), and the network with its table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "analysis/analysis.h"
#include "service/coordination.h"

/*
 * Graphviz and fontconfig keep caches for the life of the process that
 * LeakSanitizer reports as leaks; they are theirs, not ours (as in
 * tests/test_network_svg.c).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig\nleak:libgvc\nleak:libcgraph\n"
	       "leak:libgvplugin\nleak:libpango\nleak:libcairo\n";
}

#define T(nb) ((struct snap_text){(nb), NULL, NULL})

/*
 * Roadmap VK and export initiative EX (set up to carry out V-1); V-1 and
 * E-1 say the same thing; V-2 depends on E-2; V-3 is unrelated; an arena
 * follows each; IN and SIVA share V-1 and E-1.
 */
static void build(struct snapshot *s, struct finding_set *fs)
{
	struct analysis_opts o = ANALYSIS_OPTS_INIT;

	snap_init(s, snap_day("2026-11-23"));
	snap_add_actor(s, "IN", T("Innovasjon Norge"), "company_state", NULL);
	snap_add_actor(s, "SIVA", T("Siva"), "company_state", NULL);
	snap_add_strategy(s, "VK", T("Veikart"), NULL, NULL);
	snap_add_strategy(s, "EX", T("Eksportsatsing"), "V-1", NULL);
	snap_add_strategy(s, "OTHER", T("Annet"), NULL, NULL);
	snap_add_measure(s, "V-1", "VK", NULL,
			 T("Eksportfremme for helsenæringen"),
			 "Styrke eksport av helseteknologi og legemidler "
			 "gjennom felles fremstøt i utvalgte markeder.",
			 NULL, "active");
	snap_add_measure(s, "V-2", "VK", NULL, T("Kliniske studier"),
			 "Flere kliniske studier i sykehusene.", NULL,
			 "active");
	snap_add_measure(s, "V-3", "VK", NULL, T("Fiskehelse"),
			 "Vaksiner for oppdrettslaks.", NULL, "active");
	snap_add_measure(s, "E-1", "EX", NULL,
			 T("Eksportfremme for helseteknologi"),
			 "Felles fremstøt for eksport av helseteknologi og "
			 "legemidler i utvalgte markeder.",
			 NULL, "active");
	snap_add_measure(s, "E-2", "EX", NULL, T("Markedsanalyser"),
			 "Analyser av markeder i Asia.", NULL, "active");
	snap_add_measure(s, "O-1", "OTHER", NULL, T("Noe annet"),
			 "Helt andre saker.", NULL, "active");
	for (int i = 0; i < 2; i++) {
		const char *m = i ? "E-1" : "V-1";

		snap_add_resp(s, m, "IN", "lead");
		snap_add_resp(s, m, "SIVA", "contributing");
	}
	snap_add_link(s, "L-1", "V-2", "E-2", "depends_on");
	snap_add_arena(s, "AR-VK", T("Dialog"), "Dialog om veikartet", NULL,
		       NULL, NULL);
	snap_arena_follows(s, "AR-VK", "VK");
	snap_finish(s);
	*fs = (struct finding_set)FINDING_SET_INIT;
	analysis_run(s, &o, fs, NULL);
}

static const struct finding *find_kind(const struct finding_set *fs,
				       enum finding_kind k)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].kind == k)
			return &fs->v[i];
	return NULL;
}

static void test_in_strategy(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *ov;
	int32_t vk, ex, other;

	(void)state;
	build(&s, &fs);
	vk = coordination_strategy(&s, "VK");
	ex = coordination_strategy(&s, "EX");
	other = coordination_strategy(&s, "OTHER");
	assert_true(vk >= 0 && ex >= 0 && other >= 0);
	assert_int_equal(coordination_strategy(&s, "NOPE"), SNAP_NONE);
	assert_int_equal(coordination_strategy(&s, NULL), SNAP_NONE);
	ov = find_kind(&fs, FK_OVERLAP);
	assert_non_null(ov);
	assert_true(coordination_in_strategy(&s, &fs, ov, vk));
	assert_true(coordination_in_strategy(&s, &fs, ov, ex));
	assert_false(coordination_in_strategy(&s, &fs, ov, other));
	for (size_t i = 0; i < fs.n; i++)
		if (fs.v[i].kind == FK_NO_LEAD)
			assert_true(
			    coordination_in_strategy(&s, &fs, &fs.v[i], vk) ||
			    coordination_in_strategy(&s, &fs, &fs.v[i], ex) ||
			    coordination_in_strategy(&s, &fs, &fs.v[i], other));
	finding_set_release(&fs);
	snap_release(&s);
}

static void test_default_pair(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	int32_t a, b;

	(void)state;
	build(&s, &fs);
	coordination_default_pair(&s, &a, &b);
	/* EX was set up to carry out V-1: rows VK, columns EX. */
	assert_string_equal(s.strategies.v[a].id, "VK");
	assert_string_equal(s.strategies.v[b].id, "EX");
	finding_set_release(&fs);
	snap_release(&s);

	snap_init(&s, 0);
	snap_finish(&s);
	coordination_default_pair(&s, &a, &b);
	assert_int_equal(a, SNAP_NONE);
	assert_int_equal(b, SNAP_NONE);
	snap_release(&s);
}

static void test_matrix(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	struct coord_matrix m;
	const struct coord_cell *c;
	int32_t vk, ex;

	(void)state;
	build(&s, &fs);
	vk = coordination_strategy(&s, "VK");
	ex = coordination_strategy(&s, "EX");
	coordination_matrix(&s, &fs, vk, ex, &m);
	assert_int_equal(m.nrows, 2); /* V-1, V-2; not V-3 */
	assert_int_equal(m.ncols, 2); /* E-1, E-2 */
	assert_string_equal(s.measures.v[m.rows[0]].id, "V-1");
	assert_string_equal(s.measures.v[m.cols[1]].id, "E-2");
	c = coord_matrix_cell(&m, snap_measure(&s, "V-1"),
			      snap_measure(&s, "E-1"));
	assert_non_null(c);
	assert_true(c->rels & (1u << COORD_REL_CANDIDATE));
	assert_true(c->similarity > 0.25 && c->similarity <= 1);
	assert_non_null(c->finding);
	c = coord_matrix_cell(&m, snap_measure(&s, "V-2"),
			      snap_measure(&s, "E-2"));
	assert_non_null(c);
	assert_int_equal(c->rels, 1u << COORD_REL_DEPENDS_ON);
	assert_null(coord_matrix_cell(&m, snap_measure(&s, "V-1"),
				      snap_measure(&s, "E-2")));
	coord_matrix_release(&m);

	/* The other way round: rows EX, and the dependency turns. */
	coordination_matrix(&s, &fs, ex, vk, &m);
	c = coord_matrix_cell(&m, snap_measure(&s, "E-2"),
			      snap_measure(&s, "V-2"));
	assert_non_null(c);
	assert_int_equal(c->rels, 1u << COORD_REL_DEPENDED_ON);
	coord_matrix_release(&m);

	/* Nothing between VK and OTHER. */
	coordination_matrix(&s, &fs, vk, coordination_strategy(&s, "OTHER"),
			    &m);
	assert_int_equal(m.ncells, 0);
	assert_int_equal(m.nrows, 0);
	coord_matrix_release(&m);
	finding_set_release(&fs);
	snap_release(&s);
}

static void test_network(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	struct buf svg = BUF_INIT;
	struct err err = ERR_INIT;
	json_t *table = NULL;
	size_t nedges = 0;

	(void)state;
	build(&s, &fs);
	if (coordination_network(&s, SNAP_NONE, "nb", 10, &svg, &table, &nedges,
				 &err) < 0 &&
	    err.code == ERR_INTERNAL) {
		json_decref(table);
		buf_release(&svg);
		finding_set_release(&fs);
		snap_release(&s);
		skip(); /* Graphviz's plugins are missing here */
	}
	assert_int_equal(nedges, 1); /* IN and SIVA */
	assert_non_null(table);
	assert_int_equal(json_array_size(json_object_get(table, "nodes")), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_array_get(json_object_get(table, "edges"), 0), "weight")),
	    2);
	assert_non_null(strstr(buf_cstr(&svg), "<svg"));
	json_decref(table);
	buf_release(&svg);
	finding_set_release(&fs);
	snap_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_strategy),
	    cmocka_unit_test(test_default_pair),
	    cmocka_unit_test(test_matrix),
	    cmocka_unit_test(test_network),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
