/*
 * cli/init.c: `veikart init` creates a database, migrates it and loads the
 * built-in dataset. It never touches an existing file: the file is created
 * with O_EXCL, and on any failure what was created is removed again.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/import.h"
#include "store/migrations.h"
#include "util/i18n.h"

static int make_parent_dir(const char *path, struct err *err)
{
	char copy[4096];
	char *dir;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return err_set(err, ERR_INVALID, _("the path is too long"));
	dir = dirname(copy);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return err_set(err, ERR_IO, _("cannot create directory %s: %s"),
			       dir, strerror(errno));
	return 0;
}

static int create_file(const char *path, struct err *err)
{
	int fd;

	if (make_parent_dir(path, err) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
	if (fd < 0 && errno == EEXIST)
		return err_set(err, ERR_CONFLICT,
			       _("%s already exists; init never overwrites a "
				 "database. Load more data with `veikart "
				 "import`, or move the file away to start "
				 "over"),
			       path);
	if (fd < 0)
		return err_set(err, ERR_IO, _("cannot create %s: %s"), path,
			       strerror(errno));
	close(fd);
	return 0;
}

static void remove_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int load(const char *path, bool empty, struct import_result *res,
		struct err *err)
{
	struct problems probs = PROBLEMS_INIT(20);
	struct store *st = store_open(path, 0, err);
	const char *seed;
	size_t len;
	int rc = -1;

	if (!st)
		return -1;
	if (store_migrate(st, NULL, err) < 0)
		goto done;
	if (empty) {
		rc = 0;
		goto done;
	}
	seed = service_seed_json(&len);
	rc = service_import(st, "data/seed.json", seed, len, res, &probs, err);
	if (rc < 0)
		cli_print_problems("data/seed.json", &probs);
done:
	problems_release(&probs);
	store_close(st);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "empty", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct import_result res = { 0, 0 };
	struct err err = ERR_INIT;
	bool empty = false;
	int c;

	if (cli_wants_help(argc, argv, &cli_init_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'e')
			empty = true;
		else
			return cli_usage_error("init", "unknown option");
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument \"%s\"",
				       argv[optind]);
	db = cli_db_path(db);
	if (create_file(db, &err) < 0)
		return cli_fail("init", &err);
	if (load(db, empty, &res, &err) < 0) {
		remove_db(db);
		return cli_fail("init", &err);
	}
	if (empty)
		printf("created %s (schema version %d, no data)\n", db,
		       store_schema_latest());
	else
		printf("created %s (schema version %d) with the built-in "
		       "dataset: %zu records\n",
		       db, store_schema_latest(), res.created);
	/* No account exists yet, and none has a default password. */
	printf("no one can sign in yet; create the first administrator with\n"
	       "  veikart user add NAME --role admin --db %s\n",
	       db);
	return EXIT_OK;
}

const struct cli_command cli_init_cmd = {
	"init", "create a database and load the built-in dataset", run,
	"usage: veikart init [--db PATH] [--empty]\n\n"
	"Creates a new database (default var/veikart.db, or $VEIKART_DB) at "
	"the\ncurrent schema and loads the built-in dataset: Norway's "
	"health-industry\npolicy (Meld. St. 18, the roadmap, the export "
	"initiative), every fact with\nits source.\n\n"
	"  --db PATH   where to create the database\n"
	"  --empty     create the schema only, load no data\n\n"
	"Refuses (exit 2) when the file already exists.\n"
};
