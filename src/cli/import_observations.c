/*
 * cli/import_observations.c: `veikart import-observations FILE --indicator
 * ID` loads an indicator's numbers from JSON-stat 2.0 or CSV, all or
 * nothing (service/observations.h). Problems are printed as
 * FILE:LINE:COLUMN: message (CSV: FILE:ROW:COLUMN). A progress bar goes to
 * standard error while writing a large file, only when that is a terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/limits.h"
#include "service/auth.h"
#include "service/observations.h"
#include "util/buf.h"
#include "util/i18n.h"

#define CMD "import-observations"
/* Rows from which a progress bar is worth drawing. */
#define BAR_MIN_ROWS 100000
#define BAR_WIDTH 40

struct args {
	const char *db, *file, *indicator, *time, *source, *dataset;
	enum obs_format format;
	struct obs_map maps[OBS_MAX_MAPS];
	size_t nmaps;
};

/* Reads all of `path` ("-" for standard input), refusing oversize input. */
static int read_input(const char *path, struct buf *out, struct err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	bool bad;

	if (!f)
		return err_set(err, ERR_INVALID, _("cannot open %s: %s"), path,
			       strerror(errno));
	buf_init(out, LIMIT_IMPORT_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !out->failed)
		buf_add(out, chunk, n);
	bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad)
		return err_set(err, ERR_IO, _("cannot read %s"), path);
	if (out->failed)
		return err_set(err, ERR_TOO_LARGE,
			       _("%s is larger than %d MiB, the most one "
				 "import takes; split it into several files"),
			       path, LIMIT_IMPORT_BYTES >> 20);
	return 0;
}

static void draw_bar(void *arg, size_t done, size_t total)
{
	int filled = total ? (int)(done * BAR_WIDTH / total) : BAR_WIDTH;

	(void)arg;
	if (total < BAR_MIN_ROWS)
		return;
	fprintf(stderr, "\rwriting [%.*s%*s] %3d%% %zu/%zu", filled,
		"########################################", BAR_WIDTH - filled,
		"", (int)(total ? done * 100 / total : 100), done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void report(const struct args *a, const struct obs_import_result *r)
{
	if (r->ndatasets > 1)
		fprintf(stderr,
			"note: %s is a collection of %zu datasets; "
			"dataset %zu was imported (choose one with "
			"--dataset)\n",
			a->file, r->ndatasets, r->dataset);
	if (!r->changed)
		printf("nothing changed: %s has the %zu observations of %s "
		       "already\n",
		       a->indicator, r->observations, a->file);
	else
		printf("imported %s into %s: %zu observations (%zu created, "
		       "%zu updated, %zu unchanged)\n",
		       a->file, a->indicator, r->observations, r->created,
		       r->updated, r->unchanged);
	if (r->missing)
		printf("%zu missing values (null, absent or \"..\") were "
		       "skipped\n",
		       r->missing);
}

static int import(const struct args *a)
{
	struct problems probs = PROBLEMS_INIT(OBS_MAX_PROBLEMS);
	struct obs_import_opts o = {
	    .indicator = a->indicator,
	    .format = a->format,
	    .time_dim = a->time,
	    .maps = a->maps,
	    .nmaps = a->nmaps,
	    .source = a->source,
	    .dataset = a->dataset,
	    .progress = isatty(STDERR_FILENO) ? draw_bar : NULL,
	};
	struct obs_import_result res;
	struct err err = ERR_INIT;
	struct buf text = BUF_INIT;
	struct principal who;
	struct store *st = NULL;
	int rc = EXIT_OK;

	auth_cli_principal(&who);
	if (read_input(a->file, &text, &err) < 0 ||
	    !(st = cli_open_db(a->db, &err))) {
		rc = cli_fail(CMD, &err);
		goto done;
	}
	if (service_observations_import(st, &who, a->file, buf_cstr(&text),
					text.len, &o, &res, &probs, &err) < 0) {
		cli_print_problems(a->file, &probs);
		rc = cli_fail(CMD, &err);
		fprintf(stderr, "The database was not changed.\n");
		goto done;
	}
	report(a, &res);
done:
	store_close(st);
	problems_release(&probs);
	buf_release(&text);
	return rc;
}

/* DIM=CATEGORY: split at the first '=' (a category may hold '='). */
static int add_map(struct args *a, char *spec)
{
	char *eq = strchr(spec, '=');

	if (!eq || eq == spec || !eq[1])
		return cli_usage_error(CMD,
				       "--map takes DIM=CATEGORY, got "
				       "\"%s\"",
				       spec);
	if (a->nmaps == OBS_MAX_MAPS)
		return cli_usage_error(CMD, "at most %d --map options",
				       OBS_MAX_MAPS);
	*eq = '\0';
	a->maps[a->nmaps++] = (struct obs_map){spec, eq + 1};
	return EXIT_OK;
}

static int set_format(struct args *a, const char *f)
{
	if (!strcmp(f, "jsonstat") || !strcmp(f, "json-stat"))
		a->format = OBS_FORMAT_JSONSTAT;
	else if (!strcmp(f, "csv"))
		a->format = OBS_FORMAT_CSV;
	else
		return cli_usage_error(CMD,
				       "--format is jsonstat or csv, "
				       "not \"%s\"",
				       f);
	return EXIT_OK;
}

/* Without --format: .json is JSON-stat, .csv CSV, else look inside. */
static enum obs_format format_of(const char *file)
{
	const char *dot = strrchr(file, '.');

	if (dot && !strcasecmp(dot, ".json"))
		return OBS_FORMAT_JSONSTAT;
	if (dot && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".txt")))
		return OBS_FORMAT_CSV;
	return OBS_FORMAT_AUTO;
}

static int parse_args(int argc, char **argv, struct args *a, bool *have_fmt)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"indicator", required_argument, NULL, 'i'},
	    {"time", required_argument, NULL, 't'},
	    {"map", required_argument, NULL, 'm'},
	    {"source", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"dataset", required_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc = EXIT_OK;

	optind = 1;
	while (rc == EXIT_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'i':
			a->indicator = optarg;
			break;
		case 't':
			a->time = optarg;
			break;
		case 's':
			a->source = optarg;
			break;
		case 'D':
			a->dataset = optarg;
			break;
		case 'm':
			rc = add_map(a, optarg);
			break;
		case 'f':
			rc = set_format(a, optarg);
			*have_fmt = true;
			break;
		default:
			return cli_usage_error(CMD, "unknown option");
		}
	}
	return rc;
}

static int run(int argc, char **argv)
{
	struct args a = {0};
	bool have_fmt = false;
	int rc;

	if (cli_wants_help(argc, argv, &cli_import_observations_cmd))
		return EXIT_OK;
	if ((rc = parse_args(argc, argv, &a, &have_fmt)) != EXIT_OK)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(CMD, "name one FILE to import");
	if (!a.indicator)
		return cli_usage_error(CMD, "--indicator ID is required");
	a.file = argv[optind];
	a.db = cli_db_path(a.db);
	if (!have_fmt)
		a.format = format_of(a.file);
	return import(&a);
}

const struct cli_command cli_import_observations_cmd = {
    CMD, "load an indicator's observations from JSON-stat or CSV", run,
    "usage: veikart import-observations [--db PATH] FILE --indicator ID\n"
    "         [--time DIM] [--map DIM=CATEGORY]... [--source ID]\n"
    "         [--format jsonstat|csv] [--dataset N|LABEL]\n\n"
    "Loads the observations in FILE (- reads standard input) into the "
    "indicator ID,\nall or nothing; see docs/data-exchange.md.\n\n"
    "  FILE            JSON-stat 2.0 (Statistics Norway's format: a "
    "dataset or a\n"
    "                  collection) or CSV with a header "
    "period,value[,breakdown...]\n"
    "                  (',' or ';', decimal comma or point); .json and "
    ".csv are\n"
    "                  recognised, else the content decides\n"
    "  --time DIM      the time dimension (default: role.time, else one "
    "called\n"
    "                  Tid, time, year or år); CSV: the period column\n"
    "  --map DIM=CAT   keep only category CAT (id or label) of dimension "
    "DIM;\n"
    "                  other dimensions with several categories become "
    "the\n"
    "                  breakdown, e.g. region=0301;sektor=privat\n"
    "  --source ID     the source (a sources id) of every observation\n"
    "  --dataset N     which dataset of a collection (number from 1, "
    "label or\n"
    "                  href; default the first)\n\n"
    "Observations are matched on period, breakdown and source: importing "
    "the\nsame file again changes nothing. Problems are printed as "
    "FILE:LINE:COLUMN\n(CSV: FILE:ROW:COLUMN) with what was expected, "
    "and nothing is written.\n\n"
    "exit status: 0 imported (or nothing to change), 2 bad file or "
    "usage,\n3 database locked or unreadable.\n"};
