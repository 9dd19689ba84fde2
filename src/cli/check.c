/*
 * cli/check.c: `veikart check` runs the integrity check and lists what is
 * wrong; exit 1 when anything is.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/check.h"

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct problems probs = PROBLEMS_INIT(1000);
	struct err err = ERR_INIT;
	const char *db = NULL;
	struct store *st;
	int c, rc;

	if (cli_wants_help(argc, argv, &cli_check_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage_error("check", "unknown option");
		db = optarg;
	}
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument \"%s\"",
				       argv[optind]);
	db = cli_db_path(db);
	st = cli_open_db(db, &err);
	if (!st)
		return cli_fail("check", &err);
	if (service_check(st, &probs, &err) < 0) {
		rc = cli_fail("check", &err);
	} else if (problems_total(&probs) > 0) {
		for (size_t i = 0; i < probs.n; i++)
			printf("%s: %s\n", probs.items[i].field,
			       probs.items[i].message);
		printf("%zu problem%s found in %s\n", problems_total(&probs),
		       problems_total(&probs) == 1 ? "" : "s", db);
		rc = EXIT_PROBLEMS;
	} else {
		printf("%s: no problems found\n", db);
		rc = EXIT_OK;
	}
	problems_release(&probs);
	store_close(st);
	return rc;
}

const struct cli_command cli_check_cmd = {
	"check", "check the integrity of the database", run,
	"usage: veikart check [--db PATH]\n\n"
	"Checks every record with the import rules (types, dates, periods, "
	"organisation\nnumbers with MOD11, references), foreign keys, that "
	"each measure's focus area\nbelongs to its strategy, and that no two "
	"ids differ only in letter case.\n\n"
	"exit status: 0 no problems, 1 problems listed, 2 bad usage, 3 "
	"database unreadable.\n"
};
