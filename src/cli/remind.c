/*
 * cli/remind.c: `veikart remind --period 2025-T2 [--dry-run]` e-mails each
 * reporter whose actor leads a measure with a missing or returned status
 * report in the period, one message listing the measures. --dry-run lists
 * who would get what and sends nothing. E-mail goes through
 * VEIKART_SMTP_URL (util/config.h); without it only a dry run is possible.
 * Stored text is printed with control characters replaced.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "service/report.h"
#include "util/config.h"

struct remind_opts {
	const char *db, *period;
	bool dry_run;
};

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static void put_safe(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void print_reminder(json_t *r, bool dry_run)
{
	json_t *sent = json_object_get(r, "sent");
	json_t *m;
	size_t i;

	put_safe(text(r, "username"));
	printf(" <");
	put_safe(text(r, "email"));
	printf(">: %s\n", dry_run		 ? "would be reminded of"
			  : json_is_true(sent) ? "reminded of"
					       : "NOT SENT");
	if (!dry_run && !json_is_true(sent)) {
		printf("  error: ");
		put_safe(text(r, "error"));
		putchar('\n');
	}
	json_array_foreach(json_object_get(r, "measures"), i, m) {
		printf("  %-14s %-9s ", text(m, "measure"), text(m, "state"));
		put_safe(text(m, "title"));
		putchar('\n');
	}
}

static void print_result(json_t *o, bool dry_run)
{
	json_t *reminders = json_object_get(o, "reminders");
	json_t *unreached = json_object_get(o, "unreachable");
	json_t *r;
	size_t i;

	printf("Reminders for %s (due %s)%s\n\n",
	       text(json_object_get(o, "period"), "label"), text(o, "due"),
	       dry_run ? ", dry run: nothing is sent" : "");
	json_array_foreach(reminders, i, r)
		print_reminder(r, dry_run);
	if (json_array_size(reminders) == 0)
		printf("no reporter to remind\n");
	if (json_array_size(unreached)) {
		printf("\nowing a report, but no reporter with an e-mail to "
		       "remind:\n");
		json_array_foreach(unreached, i, r) {
			printf("  %-14s %-12s %-9s ", text(r, "measure"),
			       text(r, "lead"), text(r, "state"));
			put_safe(text(r, "title"));
			putchar('\n');
		}
	}
	if (!dry_run)
		printf(
		    "\n%lld sent, %lld failed\n",
		    (long long)json_integer_value(json_object_get(o, "sent")),
		    (long long)json_integer_value(
			json_object_get(o, "failed")));
}

static int parse(int argc, char **argv, struct remind_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "period", required_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o->db = optarg;
		else if (c == 'p')
			o->period = optarg;
		else if (c == 'n')
			o->dry_run = true;
		else
			return cli_usage_error("remind", "unknown option");
	}
	if (optind < argc)
		return cli_usage_error("remind", "unexpected argument \"%s\"",
				       argv[optind]);
	if (!o->period)
		return cli_usage_error("remind", "give the period with "
						 "--period, such as 2025-T2");
	return 0;
}

static int run(int argc, char **argv)
{
	struct remind_opts o = { NULL, NULL, false };
	struct err err = ERR_INIT;
	struct principal who;
	struct store *st;
	json_t *out;
	int rc;

	if (cli_wants_help(argc, argv, &cli_remind_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	st = cli_open_db(cli_db_path(o.db), &err);
	if (!st)
		return cli_fail("remind", &err);
	auth_cli_principal(&who);
	out = service_remind(st, &who, config_get(), o.period, o.dry_run,
			     &err);
	store_close(st);
	if (!out)
		return cli_fail("remind", &err);
	print_result(out, o.dry_run);
	rc = json_integer_value(json_object_get(out, "failed")) > 0
		     ? EXIT_RUNTIME
		     : EXIT_OK;
	json_decref(out);
	return rc;
}

const struct cli_command cli_remind_cmd = {
	"remind", "e-mail reporters whose reports are missing or returned",
	run,
	"usage: veikart remind --period PERIOD [--dry-run] [--db PATH]\n\n"
	"E-mails every reporter (role reporter, with an e-mail, bound to the "
	"lead actor)\nof each measure whose status report for PERIOD is "
	"missing or returned: one\nmessage per reporter listing the "
	"measures, with a link to\n$VEIKART_BASE_URL/nb/workspace/"
	"reports?period=PERIOD. Measures that owe a report\nbut have no "
	"such reporter are listed too.\n\n"
	"  --dry-run   list who would get what; send nothing\n\n"
	"E-mail goes through $VEIKART_SMTP_URL (smtp://host:port); without "
	"it only\n--dry-run works. $VEIKART_MAIL_FROM sets the sender.\n\n"
	"exit status: 0 done, 2 bad usage, an unknown period or no SMTP "
	"server set,\n3 database unreadable or a message could not be "
	"sent.\n"
};
