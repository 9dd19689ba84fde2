/*
 * cli/report.c: `veikart report status --period 2025-T2` prints the
 * coordinator's overview of a reporting period in the terminal: one line
 * per measure under reporting with its lead actor, report state, status
 * and whether it is late, then the counts per state and per strategy.
 * `veikart report pdf --strategy ID --period P -o FILE` writes the tertial
 * report of one strategy as a PDF (atomically: FILE.tmp, then renamed).
 * Both only read. Stored text is printed with control characters
 * replaced, so a crafted title cannot drive the terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "service/report.h"
#include "service/report_pdf.h"
#include "util/i18n.h"

struct report_args {
	const char *db, *period, *sub, *strategy, *lang, *out;
};

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

static int check_args(const struct report_args *a)
{
	if (!a->period)
		return cli_usage_error("report", "give the period with "
						 "--period, such as 2025-T2");
	if (!strcmp(a->sub, "status")) {
		if (a->strategy || a->lang || a->out)
			return cli_usage_error("report", "--strategy, --lang "
							 "and -o go with "
							 "`report pdf`");
		return 0;
	}
	if (!a->strategy || !a->out)
		return cli_usage_error("report", "`report pdf` needs "
						 "--strategy ID and -o FILE");
	return 0;
}

static int parse(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "period", required_argument, NULL, 'p' },
		{ "strategy", required_argument, NULL, 's' },
		{ "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		const char **slot = c == 'd'   ? &a->db
				    : c == 'p' ? &a->period
				    : c == 's' ? &a->strategy
				    : c == 'l' ? &a->lang
				    : c == 'o' ? &a->out
					       : NULL;

		if (!slot)
			return cli_usage_error("report", "unknown option");
		*slot = optarg;
	}
	if (optind >= argc || (strcmp(argv[optind], "status") &&
			       strcmp(argv[optind], "pdf")))
		return cli_usage_error("report", "expected `report status` or "
						 "`report pdf`");
	a->sub = argv[optind];
	if (optind + 1 < argc)
		return cli_usage_error("report", "unexpected argument \"%s\"",
				       argv[optind + 1]);
	return check_args(a);
}

static int status(struct store *st, const struct report_args *a)
{
	struct err err = ERR_INIT;
	struct principal who;
	json_t *o;

	auth_cli_principal(&who);
	o = service_overview(st, &who, a->period, NULL, &err);
	if (!o)
		return cli_fail("report", &err);
	print_overview(o);
	json_decref(o);
	return EXIT_OK;
}

/* Writes FILE.tmp and renames it, so a reader never sees half a PDF. */
static int pdf(struct store *st, const struct report_args *a)
{
	struct report_pdf_opts o = { a->strategy, a->period, a->lang, NULL,
				     NULL };
	struct err err = ERR_INIT;
	struct principal who;
	char tmp[4200];

	auth_cli_principal(&who);
	snprintf(tmp, sizeof(tmp), "%s.tmp", a->out);
	if (service_report_pdf_write(st, &who, &o, tmp, &err) == 0 &&
	    rename(tmp, a->out) != 0)
		err_set(&err, ERR_IO, _("cannot rename %s to %s: %s"), tmp,
			a->out, strerror(errno));
	if (err.code) {
		unlink(tmp);
		return cli_fail("report", &err);
	}
	printf("wrote %s\n", a->out);
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	struct report_args a = { 0 };
	struct err err = ERR_INIT;
	struct store *st;
	int rc;

	if (cli_wants_help(argc, argv, &cli_report_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &a) != 0)
		return EXIT_USAGE;
	st = cli_open_db(cli_db_path(a.db), &err);
	if (!st)
		return cli_fail("report", &err);
	rc = !strcmp(a.sub, "pdf") ? pdf(st, &a) : status(st, &a);
	store_close(st);
	return rc;
}

const struct cli_command cli_report_cmd = {
	"report", "show a reporting period, or write a tertial report PDF",
	run,
	"usage: veikart report status --period PERIOD [--db PATH]\n"
	"       veikart report pdf --strategy ID --period PERIOD [--lang "
	"nb|nn|en]\n"
	"                          -o FILE [--db PATH]\n\n"
	"`report status` prints the coordinator's overview of a reporting "
	"period (a\ntertial such as 2025-T2, or a year): every measure still "
	"under reporting with\nits lead actor, the state of its status "
	"report (missing, draft, submitted,\nreturned, approved), its status "
	"and progress, and LATE when it is not\nsubmitted or approved after "
	"the due date; then counts per state and per\nstrategy.\n\n"
	"`report pdf` writes the tertial report of one strategy as a PDF (A4): "
	"cover,\ncontents, summary with the status counts, one section per "
	"focus area with\neach measure's status, progress and the reporter's "
	"text, the indicators with\ncharts, and the sources. --lang chooses "
	"the language (default nb).\n\n"
	"exit status: 0 done, 2 bad usage, an unknown strategy or a period "
	"that was\nnever opened (status), 3 database unreadable or the file "
	"cannot be written.\n"
};
