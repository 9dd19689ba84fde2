/*
 * tests/test_analysis_kinds.c: every kind of the coordination analysis on
 * small hand-made snapshots, each with the case that must produce a
 * finding and the cases that must not. The snapshots are built with the
 * same builder the database loader uses (analysis/snapshot.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/groups.h"
#include "analysis/snapshot.h"

#define T(nb) ((struct snap_text){(nb), NULL, NULL})

static int32_t day(const char *d)
{
	return snap_day(d);
}

/* Two ministries, four bodies (two under each), and two strategies. */
static void base(struct snapshot *s, const char *today)
{
	snap_init(s, day(today));
	snap_add_actor(s, "NFD", T("Nærings- og fiskeridepartementet"),
		       "ministry", NULL);
	snap_add_actor(s, "HOD", T("Helse- og omsorgsdepartementet"),
		       "ministry", NULL);
	snap_add_actor(s, "IN", T("Innovasjon Norge"), "company_state", "NFD");
	snap_add_actor(s, "SIVA", T("Siva"), "company_state", "NFD");
	snap_add_actor(s, "HDIR", T("Helsedirektoratet"), "agency", "HOD");
	snap_add_actor(s, "RHF", T("Helseforetakene"), "hospital_trust", "HOD");
	snap_add_strategy(s, "VK", T("Veikart for helsenæringen"), NULL, NULL);
	snap_add_strategy(s, "EX", T("Eksportsatsing"), NULL, NULL);
}

static void measure(struct snapshot *s, const char *id, const char *st,
		    const char *title, const char *state)
{
	assert_true(snap_add_measure(s, id, st, NULL, T(title), NULL, NULL,
				     state) >= 0);
}

static size_t run(struct snapshot *s, enum finding_kind k,
		  struct finding_set *fs)
{
	struct analysis_opts o = ANALYSIS_OPTS_INIT;

	o.kinds = 1u << k;
	snap_finish(s);
	*fs = (struct finding_set)FINDING_SET_INIT;
	return analysis_run(s, &o, fs, NULL);
}

/* The finding whose entities are exactly ids, in order; NULL if none. */
static const struct finding *find(const struct snapshot *s,
				  const struct finding_set *fs, const char *ids)
{
	for (size_t i = 0; i < fs->n; i++) {
		char got[512] = "";

		for (uint32_t k = 0; k < fs->v[i].nent; k++) {
			strcat(got, k ? " " : "");
			strcat(got, finding_ent_id(s, fs, &fs->v[i], k));
		}
		if (!strcmp(got, ids))
			return &fs->v[i];
	}
	return NULL;
}

static void done(struct snapshot *s, struct finding_set *fs)
{
	finding_set_release(fs);
	snap_release(s);
}

static void test_no_lead(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "Ingen leder, men bidragsyter", "active");
	snap_add_resp(&s, "M-1", "IN", "contributing");
	measure(&s, "M-2", "VK", "Ingen i det hele tatt", "active");
	measure(&s, "M-3", "VK", "Har leder", "active");
	snap_add_resp(&s, "M-3", "SIVA", "lead");
	measure(&s, "M-4", "VK", "Avsluttet uten leder", "completed");
	snap_add_resp(&s, "M-5", "SIVA", "lead"); /* unknown: dropped */
	assert_int_equal(s.dropped, 1);
	assert_int_equal(run(&s, FK_NO_LEAD, &fs), 2);
	f = find(&s, &fs, "M-1");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM);
	assert_int_equal(f->naux, 1);
	f = find(&s, &fs, "M-2");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_null(find(&s, &fs, "M-3"));
	assert_null(find(&s, &fs, "M-4"));
	done(&s, &fs);
}

static void test_many_leads(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "To ledere", "active");
	snap_add_resp(&s, "M-1", "IN", "lead");
	snap_add_resp(&s, "M-1", "SIVA", "lead");
	measure(&s, "M-2", "VK", "Én leder, én bidragsyter", "active");
	snap_add_resp(&s, "M-2", "IN", "lead");
	snap_add_resp(&s, "M-2", "SIVA", "contributing");
	assert_int_equal(run(&s, FK_MANY_LEADS, &fs), 1);
	assert_non_null(find(&s, &fs, "M-1 IN SIVA"));
	done(&s, &fs);
}

/* Reports of M-1..M-3 for an open period; M-4 reported nothing. */
static void reporting_base(struct snapshot *s, const char *today, bool open)
{
	base(s, today);
	for (int i = 1; i <= 4; i++) {
		char id[16];

		snprintf(id, sizeof(id), "M-%d", i);
		measure(s, id, "VK", "Tiltak", "active");
		snap_add_resp(s, id, "IN", "lead");
	}
	snap_add_period(s, "2025-T2", open ? "open" : "closed", "2025-05-01",
			"2025-08-31", "2025-09-15");
	snap_add_report(s, "R-1", "M-1", "2025-05-01", "2025-08-31",
			"submitted", "on_track");
	snap_add_report(s, "R-2", "M-2", "2025-05-01", "2025-08-31", "draft",
			NULL);
	snap_add_report(s, "R-3", "M-3", "2025-05-01", "2025-08-31", "returned",
			"at_risk");
}

static void test_missing_report(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	reporting_base(&s, "2025-10-01", true);
	assert_int_equal(run(&s, FK_MISSING_REPORT, &fs), 2);
	assert_null(find(&s, &fs, "M-1")); /* submitted */
	assert_null(find(&s, &fs, "M-3")); /* returned_report's */
	f = find(&s, &fs, "M-2");	   /* a draft is not a report */
	assert_non_null(f);
	assert_true(f->num[0] > 0);
	f = find(&s, &fs, "M-4");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH); /* past the due date */
	assert_int_equal((int)f->num[2], 16);
	done(&s, &fs);

	/* Before the due date: medium. No open period: nothing at all. */
	reporting_base(&s, "2025-09-01", true);
	run(&s, FK_MISSING_REPORT, &fs);
	assert_int_equal(find(&s, &fs, "M-4")->severity, SEV_MEDIUM);
	done(&s, &fs);
	reporting_base(&s, "2025-10-01", false);
	assert_int_equal(run(&s, FK_MISSING_REPORT, &fs), 0);
	done(&s, &fs);
}

static void test_stale_report(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23"); /* no open period: 2026-T3 */
	measure(&s, "M-OLD", "VK", "Sist rapportert 2025-T3", "active");
	snap_add_report(&s, "R-1", "M-OLD", "2025-09-01", "2025-12-31",
			"approved", "on_track");
	measure(&s, "M-NEW", "VK", "Rapportert 2026-T1", "active");
	snap_add_report(&s, "R-2", "M-NEW", "2026-01-01", "2026-04-30",
			"approved", "on_track");
	measure(&s, "M-DRAFT", "VK", "Bare et gammelt utkast", "active");
	snap_add_report(&s, "R-3", "M-DRAFT", "2024-01-01", "2024-04-30",
			"draft", NULL);
	measure(&s, "M-ANCIENT", "VK", "Sist rapportert 2024-T1", "active");
	snap_add_report(&s, "R-4", "M-ANCIENT", "2024-01-01", "2024-04-30",
			"approved", "on_track");
	measure(&s, "M-DONE", "VK", "Ferdig", "completed");
	snap_add_report(&s, "R-5", "M-DONE", "2024-01-01", "2024-04-30",
			"approved", "completed");
	assert_int_equal(run(&s, FK_STALE_REPORT, &fs), 2);
	f = find(&s, &fs, "M-OLD");
	assert_non_null(f);
	assert_int_equal((int)f->num[0], 3);
	assert_int_equal(f->severity, SEV_MEDIUM);
	f = find(&s, &fs, "M-ANCIENT");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH); /* 8 > 2 * 2 */
	done(&s, &fs);
}

static void test_returned_report(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	reporting_base(&s, "2025-10-01", true);
	assert_int_equal(run(&s, FK_RETURNED_REPORT, &fs), 1);
	f = find(&s, &fs, "M-3 R-3");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH); /* due date passed */
	done(&s, &fs);
	reporting_base(&s, "2025-09-01", true);
	run(&s, FK_RETURNED_REPORT, &fs);
	assert_int_equal(find(&s, &fs, "M-3 R-3")->severity, SEV_MEDIUM);
	done(&s, &fs);

	/* A measure that ended owes nothing more. */
	base(&s, "2025-10-01");
	measure(&s, "M-9", "VK", "Avsluttet", "completed");
	snap_add_report(&s, "R-9", "M-9", "2025-05-01", "2025-08-31",
			"returned", "completed");
	assert_int_equal(run(&s, FK_RETURNED_REPORT, &fs), 0);
	done(&s, &fs);
}

static void overlap_base(struct snapshot *s)
{
	base(s, "2026-11-23");
	snap_add_measure(s, "V-EK-1", "VK", NULL,
			 T("Eksportsatsing med felles fremstøt i "
			   "nøkkelmarkeder"),
			 "Felles fremstøt for helseeksport i nøkkelmarkeder, "
			 "sammen med næringen.",
			 NULL, "active");
	snap_add_measure(s, "E-01", "EX", NULL,
			 T("Felles fremstøt i nøkkelmarkeder"),
			 "Koble norske bedrifter med kunder gjennom felles "
			 "fremstøt for helseeksport i nøkkelmarkeder.",
			 NULL, "active");
	snap_add_measure(s, "E-02", "EX", NULL, T("Harmonisere standarder"),
			 "Arbeide for harmoniserte standarder med EU.", NULL,
			 "active");
	snap_add_measure(s, "V-KS-1", "VK", NULL,
			 T("Veiledning om kliniske studier"),
			 "Rask veiledning til forskningsmiljøer om kliniske "
			 "studier.",
			 NULL, "active");
	snap_add_measure(s, "V-OLD", "VK", NULL,
			 T("Felles fremstøt i nøkkelmarkeder"),
			 "Koble norske bedrifter med kunder gjennom felles "
			 "fremstøt for helseeksport i nøkkelmarkeder.",
			 NULL, "cancelled");
}

static void test_overlap(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	overlap_base(&s);
	snap_add_link(&s, "L-1", "E-02", "V-KS-1", "same_as");
	run(&s, FK_OVERLAP, &fs);
	f = find(&s, &fs, "V-EK-1 E-01");
	assert_non_null(f);
	assert_int_equal(f->rule, 0); /* a candidate */
	assert_true(f->num[1] >= ANALYSIS_OVERLAP_THRESHOLD);
	assert_true(f->nstr >= 2); /* fremstøt, nøkkelmarked ... */
	/* Declared same_as: confirmed whatever the texts say. */
	f = find(&s, &fs, "E-02 V-KS-1");
	assert_non_null(f);
	assert_int_equal(f->rule, 1);
	assert_int_equal(f->severity, SEV_LOW);
	/* Unrelated texts, and a cancelled measure: nothing. */
	assert_null(find(&s, &fs, "V-EK-1 V-KS-1"));
	assert_null(find(&s, &fs, "E-01 V-OLD"));
	assert_null(find(&s, &fs, "V-EK-1 E-02"));
	done(&s, &fs);
}

static void test_overlap_threshold_and_bonus(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	struct analysis_opts o = ANALYSIS_OPTS_INIT;

	(void)state;
	overlap_base(&s);
	snap_finish(&s);
	fs = (struct finding_set)FINDING_SET_INIT;
	o.kinds = 1u << FK_OVERLAP;
	o.overlap_threshold = 0.99;
	analysis_run(&s, &o, &fs, NULL);
	assert_null(find(&s, &fs, "V-EK-1 E-01"));
	done(&s, &fs);

	/* A shared actor adds to the score. */
	overlap_base(&s);
	snap_add_resp(&s, "V-EK-1", "NFD", "lead");
	snap_add_resp(&s, "E-01", "NFD", "contributing");
	run(&s, FK_OVERLAP, &fs);
	assert_true(find(&s, &fs, "V-EK-1 E-01")->num[0] >
		    find(&s, &fs, "V-EK-1 E-01")->num[1]);
	assert_int_equal(find(&s, &fs, "V-EK-1 E-01")->naux, 1);
	done(&s, &fs);
}

static void test_no_common_arena(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	for (int i = 1; i <= 3; i++) {
		char id[16];

		snprintf(id, sizeof(id), "M-%d", i);
		measure(&s, id, "VK", "Felles tiltak", "active");
		snap_add_resp(&s, id, "IN", "lead");
		snap_add_resp(&s, id, "HDIR", "contributing");
		snap_add_resp(&s, id, "NFD", "contributing"); /* IN's */
	}
	measure(&s, "M-4", "VK", "Bare konsultert", "active");
	snap_add_resp(&s, "M-4", "SIVA", "lead");
	snap_add_resp(&s, "M-4", "RHF", "consulted");
	assert_int_equal(run(&s, FK_NO_COMMON_ARENA, &fs), 2);
	f = find(&s, &fs, "IN HDIR");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_int_equal((int)f->num[0], 3);
	assert_non_null(find(&s, &fs, "NFD HDIR"));
	assert_null(find(&s, &fs, "NFD IN"));	/* IN sits under NFD */
	assert_null(find(&s, &fs, "SIVA RHF")); /* consulted only */
	done(&s, &fs);
}

static void test_no_common_arena_met(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "Felles tiltak", "active");
	snap_add_resp(&s, "M-1", "IN", "lead");
	snap_add_resp(&s, "M-1", "HDIR", "contributing");
	/* They meet: IN is a member, HDIR the secretariat. */
	snap_add_arena(&s, "AR-1", T("Forum"), NULL, NULL, NULL, "HDIR");
	snap_arena_member(&s, "AR-1", "IN");
	assert_int_equal(run(&s, FK_NO_COMMON_ARENA, &fs), 0);
	done(&s, &fs);
}

/* Three bodies under three ministries on the same measures, no two in a
 * common arena: the group besides its three pairs. */
static void group_base(struct snapshot *s)
{
	base(s, "2026-11-23");
	snap_add_actor(s, "KD", T("Kunnskapsdepartementet"), "ministry", NULL);
	snap_add_actor(s, "NFR", T("Forskningsrådet"), "agency", "KD");
	for (int i = 1; i <= 2; i++) {
		char id[16];

		snprintf(id, sizeof(id), "M-%d", i);
		measure(s, id, "VK", "Felles tiltak", "active");
		snap_add_resp(s, id, "IN", "lead");
		snap_add_resp(s, id, "HDIR", "contributing");
		snap_add_resp(s, id, "NFR", "contributing");
	}
	/* Another measure with only two of them does not add to the group;
	 * a fourth actor apart from the others makes a group of its own. */
	measure(s, "M-3", "VK", "Bare to", "active");
	snap_add_resp(s, "M-3", "IN", "lead");
	snap_add_resp(s, "M-3", "HDIR", "contributing");
	measure(s, "M-4", "VK", "Fire", "active");
	snap_add_resp(s, "M-4", "IN", "lead");
	snap_add_resp(s, "M-4", "HDIR", "contributing");
	snap_add_resp(s, "M-4", "NFR", "contributing");
	snap_add_resp(s, "M-4", "SIVA", "contributing"); /* IN's sibling */
	snap_add_resp(s, "M-4", "RHF", "lead");		 /* HDIR's sibling */
}

static void test_no_common_arena_group(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;
	json_t *j;

	(void)state;
	group_base(&s);
	run(&s, FK_NO_COMMON_ARENA, &fs);
	f = find(&s, &fs, "IN HDIR NFR");
	assert_non_null(f);
	assert_int_equal((int)f->num[0], 3); /* M-1, M-2 and M-4 */
	assert_int_equal(f->severity, SEV_HIGH);
	assert_int_equal(f->naux, 3);
	assert_non_null(find(&s, &fs, "IN HDIR")); /* the pairs stay */
	assert_non_null(find(&s, &fs, "HDIR NFR"));
	/* Siblings (IN and SIVA under NFD) are not in one line: all five
	 * of M-4 are apart, a group of its own (entities in row order). */
	f = find(&s, &fs, "IN SIVA HDIR RHF NFR");
	assert_non_null(f);
	assert_int_equal((int)f->num[0], 1);
	assert_int_equal(f->severity, SEV_LOW);
	f = find(&s, &fs, "IN HDIR NFR");
	j = finding_json(&s, &fs, f, "en");
	assert_true(json_is_true(
	    json_object_get(json_object_get(j, "evidence"), "group")));
	assert_non_null(strstr(json_string_value(json_object_get(
				   json_object_get(j, "explanation"), "en")),
			       "no two of them sit in a common arena"));
	json_decref(j);
	done(&s, &fs);
}

static void test_no_common_arena_group_met(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	/* Two of the three meet: no group (the other pairs remain). */
	group_base(&s);
	snap_add_arena(&s, "AR-1", T("Forum"), NULL, NULL, "IN", NULL);
	snap_arena_member(&s, "AR-1", "NFR");
	run(&s, FK_NO_COMMON_ARENA, &fs);
	assert_null(find(&s, &fs, "IN HDIR NFR"));
	assert_null(find(&s, &fs, "IN NFR"));
	assert_non_null(find(&s, &fs, "IN HDIR"));
	assert_non_null(find(&s, &fs, "HDIR NFR"));
	done(&s, &fs);

	/* One governance line among the three: no group either. */
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "Felles tiltak", "active");
	snap_add_resp(&s, "M-1", "IN", "lead");
	snap_add_resp(&s, "M-1", "NFD", "contributing");
	snap_add_resp(&s, "M-1", "HDIR", "contributing");
	run(&s, FK_NO_COMMON_ARENA, &fs);
	assert_int_equal(fs.n, 2); /* IN-HDIR and NFD-HDIR only */
	done(&s, &fs);
}

struct sets {
	uint32_t v[64];
	size_t n;
};

static void on_set(void *arg, uint32_t set)
{
	struct sets *s = arg;

	assert_true(s->n < 64);
	s->v[s->n++] = set;
}

static bool has_set(const struct sets *s, uint32_t set)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == set)
			return true;
	return false;
}

/* The largest pairwise-apart sets of a small graph, found once each. */
static void test_nca_groups_of(void **state)
{
	/* 0-1-2 a triangle, 2-3-4 a triangle, 5 apart from 0 only. */
	uint32_t apart[6] = {0};
	static const int edges[][2] = {{0, 1}, {1, 2}, {0, 2}, {2, 3},
				       {3, 4}, {2, 4}, {0, 5}};
	struct sets got = {{0}, 0};

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		apart[edges[i][0]] |= 1u << edges[i][1];
		apart[edges[i][1]] |= 1u << edges[i][0];
	}
	nca_groups_of(apart, 6, on_set, &got);
	assert_int_equal(got.n, 2);
	assert_true(has_set(&got, 0x07));
	assert_true(has_set(&got, 0x1c));
	/* All apart: one set of all; fewer than three: none. */
	got.n = 0;
	for (int i = 0; i < 4; i++)
		apart[i] = 0x0f & ~(1u << i);
	nca_groups_of(apart, 4, on_set, &got);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], 0x0f);
	got.n = 0;
	nca_groups_of(apart, 2, on_set, &got);
	assert_int_equal(got.n, 0);
	/* Nobody apart. */
	memset(apart, 0, sizeof(apart));
	nca_groups_of(apart, 6, on_set, &got);
	assert_int_equal(got.n, 0);
}

static void test_cross_ministry(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "Tvers av departementer", "active");
	snap_add_resp(&s, "M-1", "HDIR", "lead");
	snap_add_resp(&s, "M-1", "IN", "contributing");
	measure(&s, "M-2", "VK", "Innenfor ett departement", "active");
	snap_add_resp(&s, "M-2", "IN", "lead");
	snap_add_resp(&s, "M-2", "SIVA", "contributing");
	assert_int_equal(run(&s, FK_CROSS_MINISTRY, &fs), 1);
	assert_non_null(find(&s, &fs, "M-1 NFD HOD"));
	done(&s, &fs);

	/* An arena where bodies of both ministries sit: they meet. */
	base(&s, "2026-11-23");
	measure(&s, "M-1", "VK", "Tvers av departementer", "active");
	snap_add_resp(&s, "M-1", "HDIR", "lead");
	snap_add_resp(&s, "M-1", "IN", "contributing");
	snap_add_arena(&s, "AR-1", T("Forum"), NULL, NULL, NULL, NULL);
	snap_arena_member(&s, "AR-1", "RHF");
	snap_arena_member(&s, "AR-1", "SIVA");
	assert_int_equal(run(&s, FK_CROSS_MINISTRY, &fs), 0);
	done(&s, &fs);
}

/* AR-A follows VK, AR-B follows EX; three links between them. */
static void arenas_base(struct snapshot *s)
{
	base(s, "2026-11-23");
	for (int i = 1; i <= 3; i++) {
		char a[16], b[16], l[16];

		snprintf(a, sizeof(a), "V-%d", i);
		snprintf(b, sizeof(b), "E-%d", i);
		snprintf(l, sizeof(l), "L-%d", i);
		measure(s, a, "VK", "Veikarttiltak", "active");
		measure(s, b, "EX", "Eksporttiltak", "active");
		snap_add_link(s, l, b, a, "related");
	}
	snap_add_strategy(s, "OTHER", T("Noe annet"), NULL, NULL);
	snap_add_arena(s, "AR-A", T("Dialogarena"), "Strategisk dialog", NULL,
		       NULL, NULL);
	snap_arena_follows(s, "AR-A", "VK");
	snap_add_arena(s, "AR-B", T("Prosjektstyre"), "Lede eksportarbeidet",
		       NULL, NULL, NULL);
	snap_arena_follows(s, "AR-B", "EX");
	snap_add_arena(s, "AR-C", T("Fagråd"), "Helt andre saker", NULL, NULL,
		       NULL);
	snap_arena_follows(s, "AR-C", "OTHER");
}

static void test_parallel_arenas(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	arenas_base(&s);
	assert_int_equal(run(&s, FK_PARALLEL_ARENAS, &fs), 1);
	f = find(&s, &fs, "AR-A AR-B");
	assert_non_null(f);
	assert_int_equal((int)f->num[2], 3); /* links */
	assert_int_equal((int)f->num[0], 2); /* points */
	assert_null(find(&s, &fs, "AR-A AR-C"));
	done(&s, &fs);

	/* A common member, or a joint meeting, and they are not parallel. */
	arenas_base(&s);
	snap_arena_member(&s, "AR-A", "IN");
	snap_arena_member(&s, "AR-B", "IN");
	assert_int_equal(run(&s, FK_PARALLEL_ARENAS, &fs), 0);
	done(&s, &fs);
	arenas_base(&s);
	snap_arena_member(&s, "AR-B", "HDIR");
	snap_add_meeting(&s, "MT-1", "AR-A", "2025-03-01");
	snap_meeting_attendee(&s, "MT-1", "HDIR");
	assert_int_equal(run(&s, FK_PARALLEL_ARENAS, &fs), 0);
	done(&s, &fs);
}

static void test_dependency_risk(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "A", "VK", "Avhenger av B", "active");
	measure(&s, "B", "VK", "Avhenger av C", "active");
	measure(&s, "C", "EX", "Avlyst", "cancelled");
	measure(&s, "D", "VK", "Avhenger av E", "active");
	measure(&s, "E", "VK", "I rute", "active");
	measure(&s, "F", "VK", "Avhenger av G", "active");
	measure(&s, "G", "VK", "Forsinket", "active");
	snap_add_link(&s, "L-1", "A", "B", "depends_on");
	snap_add_link(&s, "L-2", "B", "C", "depends_on");
	snap_add_link(&s, "L-3", "D", "E", "depends_on");
	snap_add_link(&s, "L-4", "F", "G", "depends_on");
	snap_add_link(&s, "L-5", "E", "G", "related"); /* not a dependency */
	snap_add_report(&s, "R-1", "G", "2026-01-01", "2026-04-30", "approved",
			"delayed");
	snap_add_report(&s, "R-2", "E", "2026-01-01", "2026-04-30", "approved",
			"on_track");
	/* A delayed report that is not approved does not count. */
	snap_add_report(&s, "R-3", "E", "2026-05-01", "2026-08-31", "submitted",
			"delayed");
	assert_int_equal(run(&s, FK_DEPENDENCY_RISK, &fs), 3);
	f = find(&s, &fs, "A C");
	assert_non_null(f);
	assert_int_equal((int)f->num[0], 2);
	assert_int_equal(f->severity, SEV_MEDIUM);
	assert_int_equal(find(&s, &fs, "B C")->severity, SEV_HIGH);
	assert_int_equal(find(&s, &fs, "F G")->severity, SEV_HIGH);
	assert_null(find(&s, &fs, "D E"));
	done(&s, &fs);
}

static void test_dependency_cycle(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "A", "VK", "A", "active");
	measure(&s, "B", "VK", "B", "active");
	measure(&s, "C", "VK", "C", "active");
	measure(&s, "D", "VK", "D", "active");
	measure(&s, "E", "VK", "E", "active");
	measure(&s, "F", "VK", "F", "active");
	snap_add_link(&s, "L-1", "A", "B", "depends_on");
	snap_add_link(&s, "L-2", "B", "C", "depends_on");
	snap_add_link(&s, "L-3", "C", "A", "depends_on");
	snap_add_link(&s, "L-4", "D", "D", "depends_on");
	snap_add_link(&s, "L-5", "E", "F", "depends_on");
	snap_add_link(&s, "L-6", "F", "E", "related");
	assert_int_equal(run(&s, FK_DEPENDENCY_CYCLE, &fs), 2);
	assert_int_equal(fs.v[0].nent + fs.v[1].nent, 4);
	assert_non_null(find(&s, &fs, "D"));
	done(&s, &fs);
}

static void test_funding_gap(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	snap_add_scheme(&s, "SC-1", T("Ordning"), "IN", "NFD");
	snap_add_budget(&s, "SC-1", 2025, 100);
	snap_add_budget(&s, "SC-1", 2026, 100);
	measure(&s, "M-1", "VK", "Finansiert", "active");
	snap_add_resp(&s, "M-1", "IN", "lead");
	snap_add_alloc(&s, "M-1", "SC-1", 2025, 90);
	snap_add_alloc(&s, "M-1", "SC-1", 2026, 80);
	measure(&s, "M-2", "VK", "Også finansiert", "active");
	snap_add_alloc(&s, "M-2", "SC-1", 2026, 70); /* 2026: 150 > 100 */
	snap_add_resp(&s, "M-2", "SIVA", "lead");
	measure(&s, "M-3", "VK", "Leder har ordning", "active");
	snap_add_resp(&s, "M-3", "IN", "lead");
	measure(&s, "M-4", "VK", "Leder har ingen ordning", "active");
	snap_add_resp(&s, "M-4", "HDIR", "lead");
	measure(&s, "M-5", "VK", "Ferdig uten midler", "completed");
	assert_int_equal(run(&s, FK_FUNDING_GAP, &fs), 3);
	f = find(&s, &fs, "SC-1");
	assert_non_null(f);
	assert_int_equal(f->key, 2026);
	assert_int_equal(f->severity, SEV_HIGH);
	assert_int_equal((int)f->num[2], 150);
	assert_int_equal(find(&s, &fs, "M-3")->severity, SEV_LOW);
	assert_int_equal(find(&s, &fs, "M-4")->severity, SEV_MEDIUM);
	assert_null(find(&s, &fs, "M-1"));
	assert_null(find(&s, &fs, "M-5"));
	done(&s, &fs);
}

static void indicator(struct snapshot *s, const char *id, double base_v,
		      double target, const char *freq)
{
	snap_add_indicator(s, id, T("Eksport fra helseindustrien"), "higher",
			   freq, base_v, isnan(base_v) ? 0 : 2021, target,
			   isnan(target) ? 0 : 2030);
}

static void obs(struct snapshot *s, const char *id, const char *year, double v)
{
	char start[16], end[16];

	snprintf(start, sizeof(start), "%s-01-01", year);
	snprintf(end, sizeof(end), "%s-12-31", year);
	snap_add_obs(s, id, year, start, end, "", true, v);
}

static void test_off_track(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	base(&s, "2026-06-01");
	indicator(&s, "I-SLOW", 22, 50, "annual");
	obs(&s, "I-SLOW", "2025", 26.9); /* ratio 0.54: limited */
	indicator(&s, "I-DOWN", 22, 50, "annual");
	obs(&s, "I-DOWN", "2025", 20); /* away from the target */
	indicator(&s, "I-OK", 22, 50, "annual");
	obs(&s, "I-OK", "2025", 34); /* on track */
	indicator(&s, "I-OLD", 22, 50, "annual");
	obs(&s, "I-OLD", "2022", 25);		   /* nothing since 2022 */
	indicator(&s, "I-NONE", 22, 50, "annual"); /* never measured */
	indicator(&s, "I-LOOSE", NAN, NAN, "irregular");
	obs(&s, "I-LOOSE", "2015", 3); /* not judged on age */
	snap_add_obs(&s, "I-OK", "2025", "2025-01-01", "2025-12-31", "Oslo",
		     true, 1); /* a breakdown: ignored */
	assert_int_equal(run(&s, FK_OFF_TRACK, &fs), 4);
	assert_int_equal(find(&s, &fs, "I-SLOW")->severity, SEV_MEDIUM);
	assert_int_equal(find(&s, &fs, "I-SLOW")->rule, 2);
	assert_int_equal(find(&s, &fs, "I-DOWN")->severity, SEV_HIGH);
	assert_true(find(&s, &fs, "I-OLD")->rule & 4);
	assert_true(find(&s, &fs, "I-NONE")->rule & 8);
	assert_null(find(&s, &fs, "I-OK"));
	assert_null(find(&s, &fs, "I-LOOSE"));
	done(&s, &fs);
}

static void test_off_track_goal_target(void **state)
{
	struct snapshot s;
	struct finding_set fs;

	(void)state;
	/* The course comes from a goal when the indicator has none. */
	base(&s, "2026-06-01");
	indicator(&s, "I-1", NAN, NAN, "annual");
	obs(&s, "I-1", "2025", 20);
	snap_add_goal(&s, "G-1", T("Doble eksporten"), "EX", "I-1", 22, 2021,
		      50, 2030);
	assert_int_equal(run(&s, FK_OFF_TRACK, &fs), 1);
	assert_int_equal(fs.v[0].severity, SEV_HIGH);
	done(&s, &fs);
}

static void test_absent_actor(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	measure(&s, "V-1", "VK", "Siva leder", "active");
	snap_add_resp(&s, "V-1", "SIVA", "lead");
	measure(&s, "E-1", "EX", "Beslektet eksporttiltak", "active");
	snap_add_resp(&s, "E-1", "HDIR", "lead");
	snap_add_link(&s, "L-1", "E-1", "V-1", "related");
	measure(&s, "V-2", "VK", "Helsedirektoratet bidrar", "active");
	snap_add_resp(&s, "V-2", "HDIR", "contributing");
	measure(&s, "V-3", "VK", "RHF uten beslektet arbeid", "active");
	snap_add_resp(&s, "V-3", "RHF", "lead");
	measure(&s, "V-4", "VK", "IN sitter i en arena", "active");
	snap_add_resp(&s, "V-4", "IN", "lead");
	snap_add_link(&s, "L-2", "V-4", "E-1", "depends_on");
	snap_add_arena(&s, "AR-1", T("Forum"), NULL, NULL, "IN", NULL);
	assert_int_equal(run(&s, FK_ABSENT_ACTOR, &fs), 1);
	f = find(&s, &fs, "SIVA VK");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM); /* it leads */
	/* HDIR works in both strategies; RHF has nothing related; IN
	 * convenes an arena. */
	done(&s, &fs);
}

static void test_unanswered_input(void **state)
{
	struct snapshot s;
	struct finding_set fs;
	const struct finding *f;

	(void)state;
	base(&s, "2026-11-23");
	snap_add_actor(&s, "HO21R", T("HelseOmsorg21-rådet"), "council", "HOD");
	measure(&s, "M-1", "VK", "Svar", "active");
	snap_add_input(&s, "GAP-02", T("Arenaene må samordnes"),
		       "coordination_gap", "HO21R", "2024-04-05");
	snap_add_input(&s, "GAP-01", T("Mangelfull koordinering"),
		       "coordination_gap", "HO21R", "2024-04-05");
	snap_add_input(&s, "GAP-03", T("Besvart"), "coordination_gap", "HO21R",
		       "2024-04-05");
	snap_input_answer(&s, "GAP-03", "M-1");
	snap_add_input(&s, "P-1", T("Et forslag"), "proposal", "IN", "2023");
	snap_input_answer(&s, "P-1", "M-1");
	snap_add_input(&s, "P-2", T("Uten avsender"), "proposal", NULL, NULL);
	assert_int_equal(run(&s, FK_UNANSWERED_INPUT, &fs), 2);
	f = find(&s, &fs, "HO21R GAP-01 GAP-02");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	f = find(&s, &fs, "P-2");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM);
	done(&s, &fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_lead),
	    cmocka_unit_test(test_many_leads),
	    cmocka_unit_test(test_missing_report),
	    cmocka_unit_test(test_stale_report),
	    cmocka_unit_test(test_returned_report),
	    cmocka_unit_test(test_overlap),
	    cmocka_unit_test(test_overlap_threshold_and_bonus),
	    cmocka_unit_test(test_no_common_arena),
	    cmocka_unit_test(test_no_common_arena_met),
	    cmocka_unit_test(test_no_common_arena_group),
	    cmocka_unit_test(test_no_common_arena_group_met),
	    cmocka_unit_test(test_nca_groups_of),
	    cmocka_unit_test(test_cross_ministry),
	    cmocka_unit_test(test_parallel_arenas),
	    cmocka_unit_test(test_dependency_risk),
	    cmocka_unit_test(test_dependency_cycle),
	    cmocka_unit_test(test_funding_gap),
	    cmocka_unit_test(test_off_track),
	    cmocka_unit_test(test_off_track_goal_target),
	    cmocka_unit_test(test_absent_actor),
	    cmocka_unit_test(test_unanswered_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
