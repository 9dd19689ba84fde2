/*
 * cli/import.c: `veikart import FILE` loads interchange JSON, all or
 * nothing. Problems are printed as FILE:LINE:COLUMN: record: field: message.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/limits.h"
#include "service/import.h"
#include "util/buf.h"
#include "util/i18n.h"

/* Reads all of `path` ("-" for standard input), refusing oversize input. */
static int read_input(const char *path, struct buf *out, struct err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;

	if (!f)
		return err_set(err, ERR_INVALID, _("cannot open %s: %s"), path,
			       strerror(errno));
	buf_init(out, LIMIT_IMPORT_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !out->failed)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		if (f != stdin)
			fclose(f);
		return err_set(err, ERR_IO, _("cannot read %s"), path);
	}
	if (f != stdin)
		fclose(f);
	if (out->failed)
		return err_set(err, ERR_TOO_LARGE,
			       _("%s is larger than %d MiB, the most one "
				 "import takes; split it into several files"),
			       path, LIMIT_IMPORT_BYTES >> 20);
	return 0;
}

static int import_file(const char *db, const char *path)
{
	struct problems probs = PROBLEMS_INIT(50);
	struct import_result res;
	struct err err = ERR_INIT;
	struct buf text = BUF_INIT;
	struct store *st = NULL;
	int rc = EXIT_OK;

	if (read_input(path, &text, &err) < 0 ||
	    !(st = cli_open_db(db, &err))) {
		rc = cli_fail("import", &err);
		goto done;
	}
	if (service_import(st, path, buf_cstr(&text), text.len, &res, &probs,
			   &err) < 0) {
		cli_print_problems(path, &probs);
		rc = cli_fail("import", &err);
		if (probs.n)
			fprintf(stderr, "The database was not changed.\n");
		goto done;
	}
	printf("imported %s: %zu created, %zu updated\n", path, res.created,
	       res.updated);
done:
	store_close(st);
	problems_release(&probs);
	buf_release(&text);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	int c;

	if (cli_wants_help(argc, argv, &cli_import_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage_error("import", "unknown option");
		db = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error("import", "name one FILE to import");
	return import_file(cli_db_path(db), argv[optind]);
}

const struct cli_command cli_import_cmd = {
	"import", "load an interchange JSON file (all or nothing)", run,
	"usage: veikart import [--db PATH] FILE\n\n"
	"Loads FILE (interchange JSON, see docs/data-format.md; - reads "
	"standard\ninput) in one transaction. A record whose id exists is "
	"replaced, a new\nid is created. If anything in the file is wrong, "
	"every problem is listed\nas FILE:LINE:COLUMN: record: field: "
	"message, and nothing is written.\n\n"
	"exit status: 0 imported, 2 bad file or usage, 3 database locked or "
	"unreadable.\n"
};
