/*
 * cli/migrate.c: `veikart migrate` brings a database to this program's
 * schema version.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/migrations.h"
#include "util/i18n.h"

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	const char *db = NULL;
	struct store *st;
	int c, applied = 0, version = 0;

	if (cli_wants_help(argc, argv, &cli_migrate_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage_error("migrate", "unknown option");
		db = optarg;
	}
	if (optind < argc)
		return cli_usage_error("migrate", "unexpected argument \"%s\"",
				       argv[optind]);
	db = cli_db_path(db);
	if (access(db, F_OK) != 0) {
		err_set(&err, ERR_INVALID, _("there is no database at %s; "
					     "create one with `veikart init`"),
			db);
		return cli_fail("migrate", &err);
	}
	st = store_open(db, 0, &err);
	if (!st || store_migrate(st, &applied, &err) < 0 ||
	    store_schema_version(st, &version, &err) < 0) {
		store_close(st);
		return cli_fail("migrate", &err);
	}
	store_close(st);
	printf("%s is at schema version %d (%d migration%s applied)\n", db,
	       version, applied, applied == 1 ? "" : "s");
	return EXIT_OK;
}

const struct cli_command cli_migrate_cmd = {
	"migrate", "bring the database to this program's schema", run,
	"usage: veikart migrate [--db PATH]\n\n"
	"Applies every schema migration the database lacks, in one "
	"transaction.\nA database from a newer program is left alone "
	"(exit 2).\n"
};
