/*
 * cli/cli.h: what the subcommands share: exit codes, the database path,
 * opening a database that must exist, and printing errors. Only cli/ may
 * exit the process, and only cli/main.c calls exit().
 */
#ifndef VEIKART_CLI_CLI_H
#define VEIKART_CLI_CLI_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"
#include "util/problems.h"

enum cli_exit {
	EXIT_OK = 0,
	EXIT_PROBLEMS = 1,	/* check found problems */
	EXIT_USAGE = 2,		/* bad usage or bad input */
	EXIT_RUNTIME = 3,	/* database locked or unreadable, port in use */
};

#define CLI_DEFAULT_DB "var/veikart.db"

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);	/* argv[0] is the command */
	const char *usage;			/* full --help text */
};

extern const struct cli_command cli_init_cmd;
extern const struct cli_command cli_serve_cmd;
extern const struct cli_command cli_import_cmd;
extern const struct cli_command cli_export_cmd;
extern const struct cli_command cli_check_cmd;
extern const struct cli_command cli_migrate_cmd;
extern const struct cli_command cli_user_cmd;
extern const struct cli_command cli_token_cmd;
extern const struct cli_command cli_audit_cmd;
extern const struct cli_command cli_report_cmd;
extern const struct cli_command cli_remind_cmd;
extern const struct cli_command cli_analyse_cmd;
extern const struct cli_command cli_generate_cmd;
extern const struct cli_command cli_import_observations_cmd;
extern const struct cli_command cli_import_sheet_cmd;

/* --db value, else $VEIKART_DB, else CLI_DEFAULT_DB. */
const char *cli_db_path(const char *opt);
/* Opens an existing database at the current schema; NULL + message. */
struct store *cli_open_db(const char *path, struct err *err);
/* The exit code for an error (input errors 2, runtime failures 3). */
int cli_exit_code(const struct err *err);
/* Prints "veikart <cmd>: <message>" and returns the exit code. */
int cli_fail(const char *cmd, const struct err *err);
/* Prints a usage error with a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints each problem as "where: field: message" to stderr. */
void cli_print_problems(const char *where, const struct problems *p);
/* True when argv holds -h/--help; prints the usage text. */
bool cli_wants_help(int argc, char **argv, const struct cli_command *cmd);

#endif
