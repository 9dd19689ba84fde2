/*
 * tests/test_analysis_core.c: what every kind of the analysis relies on:
 * the snapshot builder and its dates, words and stems, TF-IDF with
 * compound splitting, the indexed pair search (checked against comparing
 * every pair), stable finding ids, the current period, and the JSON shape
 * and three-language texts of every kind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/graph.h"
#include "analysis/snapshot.h"
#include "analysis/stem.h"
#include "analysis/tfidf.h"

#define T(nb) ((struct snap_text){(nb), NULL, NULL})

static void test_days(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(snap_day("1970-01-01"), 0);
	assert_int_equal(snap_day("2024-03-01") - snap_day("2024-02-28"), 2);
	assert_int_equal(snap_day("2025"), snap_day("2025-01-01"));
	assert_int_equal(snap_day("2025-05"), snap_day("2025-05-01"));
	assert_int_equal(snap_day("2025-13-01"), SNAP_NO_DAY);
	assert_int_equal(snap_day("25-01-01"), SNAP_NO_DAY);
	assert_int_equal(snap_day(NULL), SNAP_NO_DAY);
	snap_civil(snap_day("2026-11-23"), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20261123);
}

static void test_builder(void **state)
{
	struct snapshot s;
	int32_t m;

	(void)state;
	snap_init(&s, snap_day("2026-11-23"));
	/* A parent named before it exists is resolved at the end. */
	snap_add_actor(&s, "HDIR", T("Helsedirektoratet"), "agency", "HOD");
	snap_add_actor(&s, "HOD", T("Helse- og omsorgsdepartementet"),
		       "ministry", NULL);
	assert_int_equal(snap_add_actor(&s, "HOD", T("Igjen"), NULL, NULL),
			 SNAP_NONE); /* a repeated id is dropped */
	snap_add_strategy(&s, "VK", T("Veikart"), "M-2", NULL);
	m = snap_add_measure(&s, "M-1", "VK", "FA-unknown", T("Æøå-tiltak"),
			     NULL, NULL, NULL);
	assert_true(m >= 0);
	snap_add_measure(&s, "M-2", "VK", NULL, T("To"), NULL, NULL,
			 "cancelled");
	assert_int_equal(
	    snap_add_measure(&s, "M-3", "NOPE", NULL, T("x"), NULL, NULL, NULL),
	    SNAP_NONE);
	snap_add_resp(&s, "M-1", "HDIR", "lead");
	snap_add_resp(&s, "M-1", "HOD", "nonsense"); /* bad role: dropped */
	snap_finish(&s);
	assert_int_equal(s.dropped, 3);
	assert_int_equal(s.actors.v[0].parent, 1);
	assert_int_equal(s.actors.v[0].ministry, 1);
	assert_int_equal(s.actors.v[1].ministry, 1);
	assert_true(snap_is_ancestor(&s, 1, 0));
	assert_false(snap_is_ancestor(&s, 0, 1));
	assert_int_equal(s.strategies.v[0].origin_measure, 1);
	assert_int_equal(s.measures.v[m].focus, SNAP_NONE);
	assert_int_equal(s.measures.v[1].state, SNAP_M_CANCELLED);
	assert_int_equal(SNAP_ROW_N(&s.m_resps, m), 1);
	assert_string_equal(snap_text_in(&s.measures.v[m].title, "en"),
			    "Æøå-tiltak"); /* falls back to nb */
	snap_release(&s);
}

static void collect(void *arg, const char *w, size_t n)
{
	struct buf *b = arg;

	buf_add(b, w, n);
	buf_addch(b, '|');
}

static void test_words_and_stems(void **state)
{
	struct stemmer *st = stemmer_new();
	struct buf b = BUF_INIT;
	size_t n;
	const char *stem;

	(void)state;
	assert_non_null(st);
	stem_words("Tiltakene i ØKT eksport – 2025 og «Helse»-næringen, "
		   "K2 x",
		   collect, &b);
	/* Stop words (i, og) and bare numbers go; case is folded. */
	assert_string_equal(buf_cstr(&b),
			    "tiltakene|økt|eksport|helse|næringen|k2|x|");
	stem = stemmer_stem(st, "tiltakene", 9, &n);
	assert_int_equal(n, 6);
	assert_memory_equal(stem, "tiltak", 6);
	assert_true(stem_is_stop("og", 2));
	assert_false(stem_is_stop("eksport", 7));
	assert_true(stem_is_stop_stem("videreutvikl", 12));
	assert_false(stem_is_stop_stem("eksport", 7));
	buf_release(&b);
	stemmer_free(st);
}

static void test_compounds(void **state)
{
	struct stemmer *st = stemmer_new();
	struct tfidf t;
	const char *words[5];
	size_t n;

	(void)state;
	tfidf_init(&t, st);
	tfidf_dict(&t, "Eksport"); /* a focus area's name */
	tfidf_dict(&t, "Helse og satsing");
	tfidf_add_doc(&t, "Egen eksportsatsing", "For næringen.");
	tfidf_add_doc(&t, "Mobilisere for helseeksport", "I utlandet.");
	tfidf_add_doc(&t, "Harmonisere standarder", "Med EU.");
	tfidf_add_doc(&t, "Kliniske studier", "Rask veiledning.");
	tfidf_finish(&t, 0);
	/* "eksportsatsing" and "helseeksport" meet on "eksport". */
	assert_true(tfidf_cosine(&t, 0, 1) > 0.05);
	n = tfidf_shared(&t, 0, 1, words, 5);
	assert_int_equal(n, 1);
	assert_string_equal(words[0], "eksport");
	assert_true(tfidf_cosine(&t, 2, 3) < 1e-9);
	tfidf_release(&t);
	stemmer_free(st);
}

static const char *const vocab[] = {
    "eksport",	 "helse",      "data",	   "studier",	 "kliniske",
    "innkjøp",	 "kommune",    "sykehus",  "kapital",	 "marked",
    "test",	 "pilot",      "register", "plattform",	 "nettverk",
    "klynge",	 "kompetanse", "standard", "legemiddel", "beredskap",
    "forskning", "innovasjon", "pasient",  "tjeneste",	 "bedrift",
    "fond",	 "senter",     "program",  "katapult",	 "verktøy",
    "Tromsø",	 "Bergen",     "Bodø",	   "Hamar",
};

#define PAIRS_MAX 40000

struct pair_set {
	uint32_t a[PAIRS_MAX], b[PAIRS_MAX];
	double cos[PAIRS_MAX];
	size_t n;
};

static void keep(void *arg, uint32_t a, uint32_t b, double cos)
{
	struct pair_set *p = arg;

	assert_true(a < b);
	assert_true(p->n < PAIRS_MAX);
	p->a[p->n] = a;
	p->b[p->n] = b;
	p->cos[p->n++] = cos;
}

/* The indexed search finds exactly the pairs comparing all would. */
static void test_pairs_match_brute_force(void **state)
{
	static const double thresholds[] = {0.1, 0.25, 0.5, 0.8};
	struct stemmer *st = stemmer_new();
	struct pair_set *p = malloc(sizeof(*p));
	struct tfidf t;
	uint64_t r = 42;
	size_t ndocs = 250;

	(void)state;
	tfidf_init(&t, st);
	for (size_t d = 0; d < ndocs; d++) {
		struct buf title = BUF_INIT, body = BUF_INIT;
		size_t nw = 2 + d % 7;

		for (size_t w = 0; w < nw; w++) {
			r = r * 6364136223846793005u + 1442695040888963407u;
			buf_addf(w < 2 ? &title : &body, "%s ",
				 vocab[(r >> 33) %
				       (sizeof(vocab) / sizeof(vocab[0]))]);
		}
		tfidf_add_doc(&t, buf_cstr(&title), buf_cstr(&body));
		buf_release(&title);
		buf_release(&body);
	}
	tfidf_finish(&t, ndocs); /* no cap: the search is exact */
	for (size_t k = 0; k < 4; k++) {
		size_t want = 0;

		p->n = 0;
		tfidf_pairs(&t, thresholds[k], keep, p);
		for (uint32_t a = 0; a < ndocs; a++)
			for (uint32_t b = a + 1; b < ndocs; b++)
				want += tfidf_cosine(&t, a, b) >=
					thresholds[k] - 1e-9;
		assert_int_equal(p->n, want);
		for (size_t i = 0; i < p->n; i++)
			assert_true(fabs(p->cos[i] -
					 tfidf_cosine(&t, p->a[i], p->b[i])) <
				    1e-4);
	}
	free(p);
	tfidf_release(&t);
	stemmer_free(st);
}

static void test_scc(void **state)
{
	/* 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0 */
	uint32_t off[] = {0, 1, 2, 3, 4, 5};
	int32_t idx[] = {1, 2, 0, 3, 0};
	struct snap_csr g = {off, idx};
	int32_t comp[5];
	size_t n;

	(void)state;
	n = graph_scc(&g, 5, comp);
	assert_int_equal(n, 3);
	assert_int_equal(comp[0], comp[1]);
	assert_int_equal(comp[1], comp[2]);
	assert_int_not_equal(comp[3], comp[0]);
	assert_int_not_equal(comp[4], comp[0]);
	assert_int_not_equal(comp[4], comp[3]);
}

static void test_current_period(void **state)
{
	struct snapshot s;
	struct analysis_period p;

	(void)state;
	snap_init(&s, snap_day("2026-11-23"));
	analysis_current_period(&s, &p);
	assert_string_equal(p.id, "2026-T3");
	assert_false(p.open);
	assert_int_equal(p.start_day, snap_day("2026-09-01"));
	assert_int_equal(p.end_day, snap_day("2026-12-31"));
	snap_add_period(&s, "2025-T3", "open", "2025-09-01", "2025-12-31",
			"2026-01-15");
	snap_add_period(&s, "2026-T1", "open", "2026-01-01", "2026-04-30",
			"2026-05-15");
	snap_add_period(&s, "2026-T2", "closed", "2026-05-01", "2026-08-31",
			NULL);
	analysis_current_period(&s, &p);
	assert_string_equal(p.id, "2026-T1"); /* the newest open one */
	assert_true(p.open);
	assert_int_equal(p.due_day, snap_day("2026-05-15"));
	snap_release(&s);
}

static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		assert_int_equal(finding_kind_parse(finding_kind_name(k)), k);
	assert_int_equal(finding_kind_parse("overlaps"), -1);
	assert_int_equal(finding_kind_parse(NULL), -1);
	assert_string_equal(finding_kind_name(FK_PARALLEL_ARENAS),
			    "parallel_arenas");
	assert_int_equal(finding_severity_parse("medium"), SEV_MEDIUM);
	assert_int_equal(finding_severity_parse("urgent"), -1);
	assert_string_equal(finding_ent_name(ENT_MEASURE), "measures");
}

/* A snapshot in which every kind finds something; `reversed` adds the
 * same rows in another order. */
static void everything(struct snapshot *s, bool reversed)
{
	snap_init(s, snap_day("2025-10-01"));
	snap_add_actor(s, "NFD", T("Nærings- og fiskeridepartementet"),
		       "ministry", NULL);
	snap_add_actor(s, "HOD", T("Helse- og omsorgsdepartementet"),
		       "ministry", NULL);
	snap_add_actor(s, "IN", T("Innovasjon Norge"), NULL, "NFD");
	snap_add_actor(s, "HDIR", T("Helsedirektoratet"), NULL, "HOD");
	snap_add_actor(s, "SIVA", T("Siva"), NULL, "NFD");
	snap_add_strategy(s, "VK", T("Veikart"), NULL, NULL);
	snap_add_strategy(s, "EX", T("Eksport"), NULL, NULL);
	for (int i = 0; i < 6; i++) {
		static const char *const ids[] = {"A", "B", "C", "D", "E", "F"};
		static const char *const st[] = {"VK", "EX", "VK",
						 "EX", "VK", "VK"};
		static const char *const titles[] = {
		    "Felles fremstøt for helseeksport",
		    "Fremstøt for helseeksport i nøkkelmarkeder",
		    "Kliniske studier i kommunene",
		    "Tilgang til helsedata",
		    "Harmoniserte standarder",
		    "Testsenter for legemidler",
		};
		int k = reversed ? 5 - i : i;

		snap_add_measure(s, ids[k], st[k], NULL, T(titles[k]), NULL,
				 NULL, k == 5 ? "cancelled" : "active");
	}
	snap_add_resp(s, "A", reversed ? "IN" : "HDIR", "lead");
	snap_add_resp(s, "A", reversed ? "HDIR" : "IN", "lead");
	snap_add_resp(s, "B", "HDIR", "contributing");
	snap_add_resp(s, "B", "IN", "contributing");
	snap_add_resp(s, "C", "SIVA", "lead");
	snap_add_link(s, "L-1", "A", "B", "depends_on");
	snap_add_link(s, "L-2", "B", "A", "depends_on");
	snap_add_link(s, "L-3", "C", "F", "depends_on");
	snap_add_link(s, "L-4", "C", "D", "related");
	snap_add_arena(s, "AR-1", T("Dialog"), "Dialog om veikartet", NULL,
		       NULL, NULL);
	snap_arena_follows(s, "AR-1", "VK");
	snap_add_arena(s, "AR-2", T("Styre"), "Styre for eksport", NULL, NULL,
		       NULL);
	snap_arena_follows(s, "AR-2", "VK");
	snap_add_scheme(s, "SC-1", T("Ordning"), "SIVA", NULL);
	snap_add_budget(s, "SC-1", 2025, 10);
	snap_add_alloc(s, "E", "SC-1", 2025, 20);
	snap_add_indicator(s, "I-1", T("Eksport"), "higher", "annual", 22, 2021,
			   50, 2030);
	snap_add_obs(s, "I-1", "2024", "2024-01-01", "2024-12-31", "", true,
		     21);
	snap_add_input(s, "IN-1", T("Et innspill"), "proposal", "IN", NULL);
	snap_add_period(s, "2025-T2", "open", "2025-05-01", "2025-08-31",
			"2025-09-15");
	snap_add_report(s, "R-1", "E", "2023-01-01", "2023-04-30", "returned",
			"on_track");
	snap_finish(s);
}

static void ids_of(const struct finding_set *fs, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < fs->n; i++) {
		strncat(out, fs->v[i].id, n - strlen(out) - 2);
		strncat(out, " ", n - strlen(out) - 1);
	}
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct finding *)a)->id,
		      ((const struct finding *)b)->id);
}

static void test_stable_ids(void **state)
{
	struct snapshot s1, s2;
	struct finding_set f1 = FINDING_SET_INIT, f2 = FINDING_SET_INIT;
	static char a[16384], b[16384];

	(void)state;
	everything(&s1, false);
	everything(&s2, true);
	analysis_run(&s1, NULL, &f1, NULL);
	analysis_run(&s2, NULL, &f2, NULL);
	assert_int_equal(f1.n, f2.n);
	/* Orders may differ where ties are broken by row order; ids not. */
	qsort(f1.v, f1.n, sizeof(*f1.v), cmp_id);
	qsort(f2.v, f2.n, sizeof(*f2.v), cmp_id);
	ids_of(&f1, a, sizeof(a));
	ids_of(&f2, b, sizeof(b));
	assert_string_equal(a, b);
	for (size_t i = 0; i < f1.n; i++) {
		const char *dash = strrchr(f1.v[i].id, '-');

		assert_non_null(dash);
		assert_int_equal(strlen(dash + 1), 16);
		assert_int_equal(strspn(dash + 1, "0123456789abcdef"), 16);
		if (i)
			assert_string_not_equal(f1.v[i].id, f1.v[i - 1].id);
	}
	finding_set_release(&f1);
	finding_set_release(&f2);
	snap_release(&s1);
	snap_release(&s2);
}

static void check_texts(json_t *o)
{
	static const char *const langs[] = {"nb", "nn", "en"};

	assert_true(json_is_object(o));
	assert_int_equal(json_object_size(o), 3);
	for (size_t i = 0; i < 3; i++) {
		const char *t = json_string_value(json_object_get(o, langs[i]));

		assert_non_null(t);
		assert_true(strlen(t) > 20);
	}
	/* The languages differ (bokmål and English at least). */
	assert_string_not_equal(json_string_value(json_object_get(o, "nb")),
				json_string_value(json_object_get(o, "en")));
}

static void check_shape(const struct snapshot *s, const struct finding_set *fs,
			const struct finding *f)
{
	static const char *const keys[] = {
	    "id",	   "kind",     "severity", "entities",
	    "explanation", "evidence", "action"};
	json_t *o = finding_json(s, fs, f, "nn");
	const char *key;
	json_t *v, *e;
	size_t i = 0, k;

	json_object_foreach(o, key, v)
	    assert_string_equal(key, keys[i++]); /* and in order */
	assert_int_equal(i, 7);
	assert_string_equal(json_string_value(json_object_get(o, "id")), f->id);
	assert_int_equal(
	    finding_kind_parse(json_string_value(json_object_get(o, "kind"))),
	    f->kind);
	assert_int_equal(finding_severity_parse(
			     json_string_value(json_object_get(o, "severity"))),
			 f->severity);
	assert_int_equal(json_array_size(json_object_get(o, "entities")),
			 f->nent);
	json_array_foreach(json_object_get(o, "entities"), k, e)
	{
		assert_int_equal(json_object_size(e), 3);
		assert_non_null(json_string_value(json_object_get(e, "type")));
		assert_non_null(json_string_value(json_object_get(e, "id")));
		assert_non_null(json_string_value(json_object_get(e, "name")));
	}
	check_texts(json_object_get(o, "explanation"));
	check_texts(json_object_get(o, "action"));
	assert_true(json_is_object(json_object_get(o, "evidence")));
	json_decref(o);
}

static void test_every_kind_json(void **state)
{
	struct snapshot s;
	struct finding_set fs = FINDING_SET_INIT;
	bool seen[FINDING_KIND_COUNT] = {false};

	(void)state;
	everything(&s, false);
	analysis_run(&s, NULL, &fs, NULL);
	for (size_t i = 0; i < fs.n; i++) {
		seen[fs.v[i].kind] = true;
		check_shape(&s, &fs, &fs.v[i]);
		if (i) /* sorted by severity, then kind */
			assert_true(fs.v[i - 1].severity < fs.v[i].severity ||
				    (fs.v[i - 1].severity == fs.v[i].severity &&
				     fs.v[i - 1].kind <= fs.v[i].kind));
	}
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		if (!seen[k])
			fail_msg("no %s finding", finding_kind_name(k));
	finding_set_release(&fs);
	snap_release(&s);
}

static void test_kind_filter(void **state)
{
	struct snapshot s;
	struct finding_set fs = FINDING_SET_INIT;
	struct analysis_opts o = ANALYSIS_OPTS_INIT;
	struct analysis_timings t;

	(void)state;
	everything(&s, false);
	o.kinds = (1u << FK_NO_LEAD) | (1u << FK_FUNDING_GAP);
	analysis_run(&s, &o, &fs, &t);
	for (size_t i = 0; i < fs.n; i++)
		assert_true(fs.v[i].kind == FK_NO_LEAD ||
			    fs.v[i].kind == FK_FUNDING_GAP);
	assert_true(fs.n > 0);
	assert_true(t.family_s[FAM_OVERLAP] == 0);
	assert_non_null(finding_set_find(&fs, fs.v[0].id));
	assert_null(finding_set_find(&fs, "no_lead-0000000000000000"));
	finding_set_release(&fs);
	snap_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days),
	    cmocka_unit_test(test_builder),
	    cmocka_unit_test(test_words_and_stems),
	    cmocka_unit_test(test_compounds),
	    cmocka_unit_test(test_pairs_match_brute_force),
	    cmocka_unit_test(test_scc),
	    cmocka_unit_test(test_current_period),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_stable_ids),
	    cmocka_unit_test(test_every_kind_json),
	    cmocka_unit_test(test_kind_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
