/*
 * cli/report.c: `veikart report status --period 2025-T2` prints the
 * coordinator's overview of a reporting period in the terminal: one line
 * per measure under reporting with its lead actor, report state, status
 * and whether it is late, then the counts per state and per strategy. It
 * only reads. Stored text is printed with control characters replaced, so
 * a crafted title cannot drive the terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "service/report.h"

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Prints stored text with control characters shown as '?'. */
static void put_safe(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void print_counts(json_t *c)
{
	printf("missing %lld, draft %lld, submitted %lld, returned %lld, "
	       "approved %lld; late %lld",
	       (long long)num(c, "missing"), (long long)num(c, "draft"),
	       (long long)num(c, "submitted"), (long long)num(c, "returned"),
	       (long long)num(c, "approved"), (long long)num(c, "late"));
}

static void print_row(json_t *row)
{
	json_t *progress = json_object_get(row, "progress");
	char pct[8] = "-";

	if (json_is_integer(progress))
		snprintf(pct, sizeof(pct), "%lld%%",
			 (long long)json_integer_value(progress));
	printf("%-14s %-12s %-10s %-12s %-5s %-5s ", text(row, "measure"),
	       text(row, "lead"), text(row, "state"), text(row, "status"),
	       pct, json_is_true(json_object_get(row, "late")) ? "LATE" : "");
	put_safe(text(row, "title"));
	putchar('\n');
}

static void print_overview(json_t *o)
{
	json_t *period = json_object_get(o, "period");
	json_t *row, *s;
	size_t i;

	printf("Reporting period %s: %s, due %s (today %s)\n\n",
	       text(period, "label"), text(period, "state"),
	       text(period, "due"), text(o, "today"));
	printf("%-14s %-12s %-10s %-12s %-5s %-5s %s\n", "measure", "lead",
	       "state", "status", "prog.", "late", "title");
	json_array_foreach(json_object_get(o, "measures"), i, row)
		print_row(row);
	printf("\n%lld measures: ",
	       (long long)num(json_object_get(o, "counts"), "total"));
	print_counts(json_object_get(o, "counts"));
	printf("\n\nper strategy:\n");
	json_array_foreach(json_object_get(o, "strategies"), i, s) {
		printf("  %-24s %3lld: ", text(s, "strategy"),
		       (long long)num(json_object_get(s, "counts"), "total"));
		print_counts(json_object_get(s, "counts"));
		putchar('\n');
	}
	printf("\nmeasures still under reporting: %lld; closure proposals "
	       "waiting: %lld\n",
	       (long long)num(o, "under_reporting"),
	       (long long)num(o, "closures_proposed"));
}

static int parse(int argc, char **argv, const char **db, const char **period)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "period", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			*db = optarg;
		else if (c == 'p')
			*period = optarg;
		else
			return cli_usage_error("report", "unknown option");
	}
	if (optind >= argc || strcmp(argv[optind], "status"))
		return cli_usage_error("report", "expected `report status`");
	if (optind + 1 < argc)
		return cli_usage_error("report", "unexpected argument \"%s\"",
				       argv[optind + 1]);
	if (!*period)
		return cli_usage_error("report", "give the period with "
						 "--period, such as 2025-T2");
	return 0;
}

static int run(int argc, char **argv)
{
	const char *db = NULL, *period = NULL;
	struct err err = ERR_INIT;
	struct principal who;
	struct store *st;
	json_t *o;

	if (cli_wants_help(argc, argv, &cli_report_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &db, &period) != 0)
		return EXIT_USAGE;
	st = cli_open_db(cli_db_path(db), &err);
	if (!st)
		return cli_fail("report", &err);
	auth_cli_principal(&who);
	o = service_overview(st, &who, period, NULL, &err);
	store_close(st);
	if (!o)
		return cli_fail("report", &err);
	print_overview(o);
	json_decref(o);
	return EXIT_OK;
}

const struct cli_command cli_report_cmd = {
	"report", "show the state of a reporting period", run,
	"usage: veikart report status --period PERIOD [--db PATH]\n\n"
	"Prints the coordinator's overview of a reporting period (a tertial "
	"such as\n2025-T2, or a year): every measure still under reporting "
	"with its lead actor,\nthe state of its status report (missing, "
	"draft, submitted, returned, approved),\nits status and progress, "
	"and LATE when it is not submitted or approved after\nthe due date; "
	"then counts per state and per strategy.\n\n"
	"exit status: 0 printed, 2 bad usage or a period that was never "
	"opened,\n3 database unreadable.\n"
};
