/*
 * cli/cli.c: helpers shared by the subcommands.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "util/i18n.h"

const char *cli_db_path(const char *opt)
{
	const char *env = getenv("VEIKART_DB");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return CLI_DEFAULT_DB;
}

struct store *cli_open_db(const char *path, struct err *err)
{
	struct store *st;
	int version;

	if (access(path, F_OK) != 0) {
		err_set(err, ERR_INVALID,
			_("there is no database at %s; create one with "
			  "`veikart init --db %s`, or name another with --db"),
			path, path);
		return NULL;
	}
	st = store_open(path, 0, err);
	if (!st)
		return NULL;
	if (store_schema_version(st, &version, err) < 0)
		goto fail;
	if (version < store_schema_latest()) {
		err_set(err, ERR_INVALID,
			_("the database %s is at schema version %d, this "
			  "program needs %d; run `veikart migrate --db %s` "
			  "first (make a copy before, to be safe)"),
			path, version, store_schema_latest(), path);
		goto fail;
	}
	if (version > store_schema_latest()) {
		err_set(err, ERR_INVALID,
			_("the database %s is at schema version %d, newer "
			  "than this program (%d); use a newer veikart"),
			path, version, store_schema_latest());
		goto fail;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

int cli_exit_code(const struct err *err)
{
	switch (err->code) {
	case ERR_BUSY:
	case ERR_IO:
	case ERR_DB:
	case ERR_INTERNAL:
		return EXIT_RUNTIME;
	default:
		return EXIT_USAGE;
	}
}

int cli_fail(const char *cmd, const struct err *err)
{
	fprintf(stderr, "veikart %s: %s\n", cmd, err->msg);
	return cli_exit_code(err);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "veikart %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see `veikart %s --help`)\n", cmd);
	return EXIT_USAGE;
}

/*
 * Writes s with control characters shown as \xNN: field paths and messages
 * quote the input file, which must not drive the terminal.
 */
static void print_safe(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

void cli_print_problems(const char *where, const struct problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct problem *x = &p->items[i];

		if (x->line > 0)
			fprintf(stderr, "%s:%d:%d: ", where, x->line,
				x->column);
		else
			fprintf(stderr, "%s: ", where);
		if (x->field[0]) {
			print_safe(stderr, x->field);
			fputs(": ", stderr);
		}
		print_safe(stderr, x->message);
		fputc('\n', stderr);
	}
	if (p->dropped)
		fprintf(stderr, "%s: ... and %zu more problem%s\n", where,
			p->dropped, p->dropped == 1 ? "" : "s");
}

bool cli_wants_help(int argc, char **argv, const struct cli_command *cmd)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(cmd->usage, stdout);
			return true;
		}
	}
	return false;
}
