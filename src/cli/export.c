/*
 * cli/export.c: `veikart export` writes the data as interchange JSON, one
 * collection as CSV, or a strategy's workbook as XLSX, to standard output
 * or, atomically, to a file (a workbook only to a file).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "service/export.h"
#include "service/workbook.h"
#include "util/i18n.h"

struct export_opts {
	const char *db, *format, *entity, *out, *strategy;
};

/* The workbook goes straight to its file: libxlsxwriter writes paths. */
static int write_workbook(struct store *st, const struct export_opts *o,
			  const char *path, struct err *err)
{
	struct principal who;

	auth_cli_principal(&who);
	return service_workbook_write(st, &who, o->strategy, path, err);
}

static int write_export(struct store *st, const struct export_opts *o,
			FILE *f, struct err *err)
{
	if (!strcmp(o->format, "csv"))
		return service_export_csv(st, o->entity, f, err);
	return service_export_json(st, o->entity, f, err);
}

/* Writes to OUT.tmp and renames, so a reader never sees half a file. */
static int export_to_file(struct store *st, const struct export_opts *o,
			  struct err *err)
{
	char tmp[4200];
	FILE *f;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", o->out);
	if (!strcmp(o->format, "xlsx")) {
		rc = write_workbook(st, o, tmp, err);
		goto renamed;
	}
	f = fopen(tmp, "wb");
	if (!f)
		return err_set(err, ERR_IO, _("cannot write %s: %s"), tmp,
			       strerror(errno));
	rc = write_export(st, o, f, err);
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(err, ERR_IO, _("cannot write %s"), tmp);
renamed:
	if (rc == 0 && rename(tmp, o->out) != 0)
		rc = err_set(err, ERR_IO, _("cannot rename %s to %s: %s"), tmp,
			     o->out, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	return rc;
}

static int check_opts(const struct export_opts *o)
{
	if (strcmp(o->format, "json") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "xlsx"))
		return cli_usage_error("export", "--format must be json, csv "
						 "or xlsx, not \"%s\"",
				       o->format);
	if (!strcmp(o->format, "csv") && !o->entity)
		return cli_usage_error("export", "CSV holds one collection; "
						 "name it with --entity");
	if (!strcmp(o->format, "xlsx") && (!o->strategy || !o->out))
		return cli_usage_error("export", "a workbook is one strategy "
						 "written to a file: give "
						 "--strategy ID and -o FILE");
	if (strcmp(o->format, "xlsx") && o->strategy)
		return cli_usage_error("export", "--strategy goes with "
						 "--format xlsx");
	return 0;
}

static int parse(int argc, char **argv, struct export_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "entity", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "strategy", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'e':
			o->entity = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 's':
			o->strategy = optarg;
			break;
		default:
			return cli_usage_error("export", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("export", "unexpected argument \"%s\"",
				       argv[optind]);
	return check_opts(o);
}

static int run(int argc, char **argv)
{
	struct export_opts o = { NULL, "json", NULL, NULL, NULL };
	struct err err = ERR_INIT;
	struct store *st;
	int rc;

	if (cli_wants_help(argc, argv, &cli_export_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	st = cli_open_db(cli_db_path(o.db), &err);
	if (!st)
		return cli_fail("export", &err);
	rc = o.out ? export_to_file(st, &o, &err)
		   : write_export(st, &o, stdout, &err);
	store_close(st);
	return rc < 0 ? cli_fail("export", &err) : EXIT_OK;
}

const struct cli_command cli_export_cmd = {
	"export", "write the data as interchange JSON, CSV or XLSX", run,
	"usage: veikart export [--db PATH] [--format json|csv] [--entity NAME] "
	"[-o FILE]\n"
	"       veikart export --format xlsx --strategy ID -o FILE "
	"[--db PATH]\n\n"
	"Writes every collection (or only --entity NAME) as interchange "
	"JSON, which\n`veikart import` reads back to the same content, or "
	"one collection as CSV.\nNAME is an API collection: sources, actors, "
	"strategies, focus-areas, arenas,\nschemes, measures, links, "
	"meetings, decisions, goals, indicators, inputs,\nreports. Output "
	"goes to standard output unless -o FILE is given.\n\n"
	"--format xlsx writes the workbook of one strategy: sheets measures "
	"(with lead,\nstatus, progress and last report), responsibilities, "
	"milestones, reports,\nindicators, observations, focus-areas and "
	"strategies, with the header row\nfrozen, filters on and dates as "
	"dates. `veikart import-sheet` reads it back.\n"
};
