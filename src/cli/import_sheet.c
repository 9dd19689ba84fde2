/*
 * cli/import_sheet.c: `veikart import-sheet FILE.xlsx|FILE.csv [--dry-run]
 * [--sheet NAME]` reads the plan back from a spreadsheet (see
 * service/sheet.h) and prints, row by row, what was (or, with --dry-run,
 * would be) created, updated or rejected. Text from the file is printed
 * with control characters escaped, so a crafted cell cannot drive the
 * terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/limits.h"
#include "service/auth.h"
#include "service/sheet.h"
#include "util/buf.h"
#include "util/i18n.h"

struct sheet_cli {
	const char *db, *path;
	struct sheet_opts opts;
};

static int read_file(const char *path, struct buf *out, struct err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(err, ERR_INVALID, _("cannot open %s: %s"), path,
			       strerror(errno));
	buf_init(out, LIMIT_IMPORT_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !out->failed)
		buf_add(out, chunk, n);
	if (ferror(f))
		rc = err_set(err, ERR_IO, _("cannot read %s"), path);
	else if (out->failed)
		rc = err_set(err, ERR_TOO_LARGE,
			     _("%s is larger than %d MiB, the most one import "
			       "takes; split it"),
			     path, LIMIT_IMPORT_BYTES >> 20);
	if (f != stdin)
		fclose(f);
	return rc;
}

static void put_safe(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void print_where(FILE *out, const char *path, json_t *row)
{
	fprintf(out, "%s: ", path);
	put_safe(out, text(row, "sheet"));
	fprintf(out, " row %lld (",
		(long long)json_integer_value(json_object_get(row, "row")));
	put_safe(out, text(row, "key"));
	fputs("): ", out);
}

/*
 * One line per reason a row was refused; and, when the import went
 * through (or for a dry run), one per row that changes something.
 */
static void print_row(const char *path, json_t *row, bool changes)
{
	const char *outcome = text(row, "outcome");
	json_t *v;
	size_t i;

	if (!strcmp(outcome, "rejected")) {
		json_array_foreach(json_object_get(row, "reasons"), i, v) {
			print_where(stderr, path, row);
			fputs("rejected: ", stderr);
			put_safe(stderr, json_string_value(v));
			fputc('\n', stderr);
		}
		return;
	}
	if (!changes ||
	    (strcmp(outcome, "created") && strcmp(outcome, "updated")))
		return;
	print_where(stdout, path, row);
	fputs(outcome, stdout);
	json_array_foreach(json_object_get(row, "changes"), i, v) {
		fputs(i ? ", " : " (", stdout);
		put_safe(stdout, json_string_value(v));
	}
	fputs(json_array_size(json_object_get(row, "changes")) ? ")\n" : "\n",
	      stdout);
}

static void print_result(const struct sheet_cli *o, json_t *res)
{
	bool refused = json_integer_value(json_object_get(res, "rejected")) > 0;
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(res, "rows"), i, v)
		print_row(o->path, v, o->opts.dry_run || !refused);
	json_array_foreach(json_object_get(res, "skipped"), i, v) {
		printf("%s: skipped sheet ", o->path);
		put_safe(stdout, text(v, "sheet"));
		printf(": %s\n", text(v, "reason"));
	}
	printf("%s: %lld created, %lld updated, %lld unchanged, %lld "
	       "rejected",
	       o->path,
	       (long long)json_integer_value(json_object_get(res, "created")),
	       (long long)json_integer_value(json_object_get(res, "updated")),
	       (long long)json_integer_value(json_object_get(res, "unchanged")),
	       (long long)json_integer_value(json_object_get(res, "rejected")));
	if (o->opts.dry_run)
		fputs("; dry run, nothing was written\n", stdout);
	else if (refused)
		fputs("; nothing was written\n", stdout);
	else
		fputs("\n", stdout);
}

static int import_sheet(const struct sheet_cli *o)
{
	struct err err = ERR_INIT;
	struct buf data = BUF_INIT;
	struct store *st = NULL;
	struct principal who;
	json_t *res = NULL;
	int rc = EXIT_OK;

	auth_cli_principal(&who);
	if (read_file(o->path, &data, &err) < 0 ||
	    !(st = cli_open_db(o->db, &err))) {
		rc = cli_fail("import-sheet", &err);
		goto done;
	}
	rc = service_sheet_import(st, &who, o->path, buf_cstr(&data),
				  data.len, &o->opts, &res, &err);
	if (res)
		print_result(o, res);
	rc = rc < 0 ? cli_fail("import-sheet", &err) : EXIT_OK;
done:
	json_decref(res);
	store_close(st);
	buf_release(&data);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "sheet", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct sheet_cli o = { NULL, NULL, { false, NULL } };
	int c;

	if (cli_wants_help(argc, argv, &cli_import_sheet_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o.db = optarg;
		else if (c == 'n')
			o.opts.dry_run = true;
		else if (c == 's')
			o.opts.sheet = optarg;
		else
			return cli_usage_error("import-sheet",
					       "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error("import-sheet",
				       "name one FILE.xlsx or FILE.csv");
	o.path = argv[optind];
	o.db = cli_db_path(o.db);
	return import_sheet(&o);
}

const struct cli_command cli_import_sheet_cmd = {
	"import-sheet", "create and update the plan from a spreadsheet", run,
	"usage: veikart import-sheet [--db PATH] [--dry-run] [--sheet NAME] "
	"FILE.xlsx|FILE.csv\n\n"
	"Reads a workbook as `veikart export --format xlsx` writes it (every "
	"sheet),\nor one sheet saved as CSV, and creates or updates "
	"strategies, focus areas,\nmeasures, responsibilities, milestones and "
	"status reports. Rows are keyed on\ntheir id: a new id creates, a "
	"known id updates; nothing is deleted. A column\nleft out keeps what "
	"is stored; an empty cell clears the field. The sheets\nindicators "
	"and observations and the computed columns (lead, status, progress,\n"
	"last_report) are ignored.\n\n"
	"The whole file is one transaction: if any row is rejected, every "
	"rejected\nrow is listed with its reason and nothing is written. "
	"--dry-run prints what\nwould be created, updated or rejected, row by "
	"row, and writes nothing.\n\n"
	"--sheet NAME says which sheet a CSV file holds (measures, "
	"responsibilities,\nmilestones, reports, focus-areas, strategies); "
	"without it the file name\n(measures.csv, plan-milestones.csv) or "
	"else the header row tells.\n\n"
	"exit status: 0 imported (or would be), 2 rows rejected, bad file or "
	"usage,\n3 database locked or unreadable.\n"
};
