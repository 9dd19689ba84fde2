/*
 * cli/analyse.c: `veikart analyse [--kind K]... [--severity S]...
 * [--format text|json] [--lang nb|nn|en] [--all] [--overlap-threshold X]
 * [--date YYYY-MM-DD]` runs the coordination analysis on the database and
 * prints the findings: for people grouped by severity with counts, for
 * machines as {"findings": [...]}. Findings a coordinator marked handled
 * or not relevant are left out unless --all. The hidden --timings prints
 * CPU time per phase and peak memory to stderr (bench/analysis.sh).
 * Stored text is printed with control characters replaced.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analysis/snapshot.h"
#include "cli/cli.h"
#include "service/analysis.h"
#include "service/auth.h"
#include "util/parse.h"

struct analyse_opts {
	const char *db, *lang, *date;
	bool json, all, timings;
	struct analysis_query q;
};

static void put_safe(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static int lang_of(const char *lang)
{
	return !strcmp(lang, "nn") ? 1 : !strcmp(lang, "en") ? 2 : 0;
}

static const char *pick(const char *lang, const char *nb, const char *nn,
			const char *en)
{
	int l = lang_of(lang);

	return l == 1 ? nn : l == 2 ? en : nb;
}

static void print_header(const struct analysis_result *res, const char *lang,
			 bool all)
{
	static const char *const sev[3][SEV_COUNT] = {
	    {"høy", "middels", "lav"},
	    {"høg", "middels", "låg"},
	    {"high", "medium", "low"},
	};
	int l = lang_of(lang);

	printf("%s: %zu %s",
	       pick(lang, "Samordningsanalyse", "Samordningsanalyse",
		    "Coordination analysis"),
	       res->nshown,
	       all ? pick(lang, "funn", "funn", "findings")
		   : pick(lang, "åpne funn", "opne funn", "open findings"));
	for (int i = 0; i < SEV_COUNT; i++)
		printf("%s %zu %s", i ? "," : " –", res->by_severity[i],
		       sev[l][i]);
	printf("\n%s %s",
	       pick(lang, "Gjeldende periode:", "Gjeldande periode:",
		    "Current period:"),
	       res->period.id);
	if (!res->period.open)
		printf(" %s", pick(lang,
				   "(ingen rapporteringsperiode er åpen, så "
				   "manglende rapporter sjekkes ikke)",
				   "(ingen rapporteringsperiode er open, så "
				   "manglande rapportar blir ikkje sjekka)",
				   "(no reporting period is open, so missing "
				   "reports are not checked)"));
	printf("\n");
	if (res->hidden_by_mark)
		printf("%zu %s\n", res->hidden_by_mark,
		       pick(lang, "funn er merket og skjult (se --all)",
			    "funn er merkte og skjulte (sjå --all)",
			    "findings are marked and hidden (see --all)"));
}

static void print_finding(const struct analysis_result *res, uint32_t i,
			  const char *lang)
{
	const struct finding *f = &res->fs->v[i];
	const struct analysis_mark *m = &res->marks[i];
	struct buf b = BUF_INIT;

	printf("\n  [%s] ", finding_kind_name(f->kind));
	for (uint32_t k = 0; k < f->nent && k < 4; k++)
		printf("%s%s", k ? ", " : "",
		       finding_ent_id(res->snap, res->fs, f, k));
	if (f->nent > 4)
		printf(", …");
	finding_explain(res->snap, res->fs, f, lang, &b);
	printf("\n    ");
	put_safe(buf_cstr(&b));
	buf_reset(&b);
	finding_action(res->snap, res->fs, f, lang, &b);
	printf("\n    -> ");
	put_safe(buf_cstr(&b));
	printf("\n    id: %s", f->id);
	if (m->at) {
		printf(" (%s, %s", mark_state_name(m->state), m->at);
		if (m->comment) {
			printf(": ");
			put_safe(m->comment);
		}
		printf(")");
	}
	printf("\n");
	buf_release(&b);
}

static void print_text(const struct analysis_result *res, const char *lang,
		       bool all)
{
	static const char *const title[3][SEV_COUNT] = {
	    {"HØY", "MIDDELS", "LAV"},
	    {"HØG", "MIDDELS", "LÅG"},
	    {"HIGH", "MEDIUM", "LOW"},
	};
	int last = -1;

	print_header(res, lang, all);
	for (size_t k = 0; k < res->nshown; k++) {
		const struct finding *f = &res->fs->v[res->shown[k]];

		if (f->severity != last) {
			last = f->severity;
			printf("\n%s (%zu)\n", title[lang_of(lang)][last],
			       res->by_severity[last]);
		}
		print_finding(res, res->shown[k], lang);
	}
	printf("\n%s", pick(lang, "Per type:", "Per type:", "By kind:"));
	for (int kd = 0; kd < FINDING_KIND_COUNT; kd++)
		if (res->by_kind[kd])
			printf(" %s %zu", finding_kind_name(kd),
			       res->by_kind[kd]);
	printf("\n");
}

static void print_timings(const struct analysis_result *res, double render)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "timing load_s=%.3f\n", res->load_s);
	for (int f = 0; f < ANALYSIS_FAMILY_COUNT; f++)
		fprintf(stderr, "timing family_%s_s=%.3f\n",
			analysis_family_name(f), res->timings.family_s[f]);
	fprintf(stderr, "timing analysis_s=%.3f\n", res->analysis_s);
	fprintf(stderr, "timing render_s=%.3f\n", render);
	fprintf(stderr, "timing findings=%zu\n", res->fs->n);
	fprintf(stderr, "timing measures=%zu reports=%zu dropped=%zu\n",
		res->snap->measures.n, res->snap->reports.n,
		res->snap->dropped);
	fprintf(stderr, "timing peak_rss_mb=%.1f\n", ru.ru_maxrss / 1024.0);
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds each name of a comma-separated list to *mask via parse. */
static int add_names(const char *list, int (*parse)(const char *),
		     unsigned *mask, const char *what)
{
	char buf[256];
	char *save = NULL, *tok;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return cli_usage_error("analyse", "--%s is too long", what);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int v = parse(tok);

		if (v < 0)
			return cli_usage_error("analyse", "unknown %s \"%s\"",
					       what, tok);
		*mask |= 1u << v;
	}
	return 0;
}

static int set_threshold(const char *v, struct analyse_opts *o)
{
	double t;

	if (parse_double(v, &t, NULL) < 0 || t <= 0 || t > 1)
		return cli_usage_error("analyse",
				       "--overlap-threshold takes a "
				       "number above 0 and at most 1, "
				       "such as 0.25");
	o->q.overlap_threshold = t;
	return 0;
}

static int set_option(int c, const char *v, struct analyse_opts *o)
{
	switch (c) {
	case 'd':
		o->db = v;
		return 0;
	case 'k':
		return add_names(v, finding_kind_parse, &o->q.kinds, "kind");
	case 's':
		return add_names(v, finding_severity_parse, &o->q.severities,
				 "severity");
	case 'f':
		if (strcmp(v, "text") && strcmp(v, "json"))
			return cli_usage_error("analyse", "--format is text or "
							  "json");
		o->json = !strcmp(v, "json");
		return 0;
	case 'l':
		if (strcmp(v, "nb") && strcmp(v, "nn") && strcmp(v, "en"))
			return cli_usage_error("analyse", "--lang is nb, nn or "
							  "en");
		o->lang = v;
		return 0;
	case 'a':
		o->all = true;
		return 0;
	case 't':
		o->timings = true;
		return 0;
	case 'o':
		return set_threshold(v, o);
	case 'D':
		if (snap_day(v) == SNAP_NO_DAY || strlen(v) != 10)
			return cli_usage_error("analyse", "--date takes "
							  "YYYY-MM-DD");
		o->q.today = snap_day(v);
		return 0;
	default:
		return cli_usage_error("analyse", "unknown option");
	}
}

static int parse(int argc, char **argv, struct analyse_opts *o)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"kind", required_argument, NULL, 'k'},
	    {"severity", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"lang", required_argument, NULL, 'l'},
	    {"all", no_argument, NULL, 'a'},
	    {"timings", no_argument, NULL, 't'},
	    {"overlap-threshold", required_argument, NULL, 'o'},
	    {"date", required_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (set_option(c, optarg, o) != 0)
			return EXIT_USAGE;
	if (optind < argc)
		return cli_usage_error("analyse", "unexpected argument \"%s\"",
				       argv[optind]);
	if (o->all)
		o->q.state = MARK_ALL;
	return 0;
}

/* {"findings": [...]}, one finding per line, made and written one at a
 * time: a hundred thousand findings never sit in memory as JSON. */
static void print_json(const struct analysis_result *res, const char *lang)
{
	fputs("{\"findings\": [", stdout);
	for (size_t k = 0; k < res->nshown; k++) {
		const struct finding *f = &res->fs->v[res->shown[k]];
		json_t *o = finding_json(res->snap, res->fs, f, lang);

		fputs(k ? ",\n" : "\n", stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
	}
	fputs("\n]}\n", stdout);
}

static int run(int argc, char **argv)
{
	struct analyse_opts o = {
	    NULL, "nb", NULL, false, false, false, ANALYSIS_QUERY_INIT};
	struct analysis_result res;
	struct err err = ERR_INIT;
	struct principal who;
	struct store *st;
	double t0;
	int rc;

	if (cli_wants_help(argc, argv, &cli_analyse_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	st = cli_open_db(cli_db_path(o.db), &err);
	if (!st)
		return cli_fail("analyse", &err);
	auth_cli_principal(&who);
	rc = service_analysis_run(st, &who, &o.q, &res, &err);
	store_close(st);
	if (rc < 0) {
		analysis_result_release(&res);
		return cli_fail("analyse", &err);
	}
	t0 = cpu_now();
	if (o.json)
		print_json(&res, o.lang);
	else
		print_text(&res, o.lang, o.all);
	fflush(stdout);
	if (o.timings)
		print_timings(&res, cpu_now() - t0);
	analysis_result_release(&res);
	return EXIT_OK;
}

const struct cli_command cli_analyse_cmd = {
    "analyse", "find coordination gaps: overlaps, missing leads, forums", run,
    "usage: veikart analyse [--kind KIND]... [--severity S]... "
    "[--format text|json]\n"
    "                       [--lang nb|nn|en] [--all] "
    "[--overlap-threshold X]\n"
    "                       [--date YYYY-MM-DD] [--db PATH]\n\n"
    "Runs the coordination analysis and prints its findings: for people "
    "grouped\nby severity with counts (text, the default), for machines "
    "as {\"findings\": [...]}\n(json). docs/analysis.md explains every "
    "kind, its rule and thresholds.\n\n"
    "  --kind KIND    only these kinds (repeat, or separate with commas):\n"
    "                 no_lead many_leads missing_report stale_report\n"
    "                 returned_report overlap no_common_arena "
    "cross_ministry\n"
    "                 parallel_arenas dependency_risk dependency_cycle\n"
    "                 funding_gap off_track absent_actor "
    "unanswered_input\n"
    "  --severity S   only high, medium or low (repeat or commas)\n"
    "  --lang L       language of the text and of names (default nb); "
    "the JSON\n"
    "                 has every explanation in nb, nn and en\n"
    "  --all          also findings marked handled or not relevant\n"
    "  --overlap-threshold X\n"
    "                 similarity from which two measures are an overlap "
    "candidate\n"
    "                 (0 < X <= 1, default 0.25)\n"
    "  --date D       analyse as of this day instead of today\n\n"
    "exit status: 0 done (findings or not), 2 bad usage, 3 database "
    "unreadable.\n"};
