/*
 * cli/main.c: `veikart <command> [options] [arguments]`. Finds the command
 * and runs it; the only place that ends the process with a status.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/config.h"
#include "util/log.h"

#ifndef VEIKART_VERSION
#define VEIKART_VERSION "0.1.0"
#endif

static const struct cli_command *const commands[] = {
	&cli_init_cmd,
	&cli_serve_cmd,
	&cli_import_cmd,
	&cli_export_cmd,
	&cli_check_cmd,
	&cli_migrate_cmd,
	&cli_user_cmd,
	&cli_token_cmd,
	&cli_audit_cmd,
	&cli_report_cmd,
	&cli_remind_cmd,
	&cli_analyse_cmd,
	&cli_generate_cmd,
	&cli_import_observations_cmd,
	&cli_import_sheet_cmd,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fputs("usage: veikart <command> [options] [arguments]\n\n"
	      "veikart follows up national strategy roadmaps: measures, "
	      "responsible actors,\nreports, schemes and indicators, and "
	      "where coordination is missing.\n\ncommands:\n",
	      out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-20s %s\n", commands[i]->name,
			commands[i]->summary);
	fputs("\nevery command takes --db PATH (default var/veikart.db, or "
	      "$VEIKART_DB) and --help.\n"
	      "exit status: 0 ok, 1 check found problems, 2 bad usage or "
	      "input, 3 runtime failure.\n",
	      out);
}

int main(int argc, char **argv)
{
	static struct config config;

	log_init_from_env();
	config_from_env(&config);
	config_set(&config);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("veikart %s\n", VEIKART_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i]->name))
			return commands[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "veikart: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
