/*
 * cli/audit.c: `veikart audit verify` walks the hash chain of the audit log
 * and names the first event that was changed, inserted or removed;
 * `veikart audit list` prints recent events. Both only read the database.
 * The operator who can run this can read the file anyway, so no access
 * rules apply here; stored text is printed with control characters
 * replaced, so a crafted value cannot drive the terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/audit.h"
#include "util/parse.h"

#define AUDIT_CLI_LIMIT_MAX 100000

struct audit_opts {
	const char *db;
	struct audit_filter f;
};

static int verify(struct store *st)
{
	char why[256];
	int64_t checked = 0, bad = 0;
	struct err err = ERR_INIT;

	if (audit_verify(st, &checked, &bad, why, sizeof(why), &err) < 0)
		return cli_fail("audit", &err);
	if (bad) {
		printf("audit log broken at event %lld: %s\n", (long long)bad,
		       why);
		return EXIT_PROBLEMS;
	}
	printf("audit log intact: %lld event%s\n", (long long)checked,
	       checked == 1 ? "" : "s");
	return EXIT_OK;
}

/* Prints stored text with control characters shown as '?'. */
static void put_safe(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

/* id, time, user (token), action, type/id, hash: one line, tab-separated. */
static void print_event(json_t *ev)
{
	json_t *tok = json_object_get(ev, "token_id");

	printf("%lld\t",
	       (long long)json_integer_value(json_object_get(ev, "id")));
	put_safe(text(ev, "at"));
	putchar('\t');
	put_safe(text(ev, "user"));
	if (json_is_integer(tok))
		printf(" (token %lld)", (long long)json_integer_value(tok));
	putchar('\t');
	put_safe(text(ev, "action"));
	putchar('\t');
	put_safe(text(ev, "entity_type"));
	putchar('/');
	put_safe(text(ev, "entity_id"));
	putchar('\t');
	put_safe(text(ev, "hash"));
	putchar('\n');
}

static int list(struct store *st, const struct audit_filter *f)
{
	struct err err = ERR_INIT;
	json_t *items = store_audit_list(st, f, &err);
	json_t *ev;
	size_t i;

	if (!items)
		return cli_fail("audit", &err);
	json_array_foreach(items, i, ev)
		print_event(ev);
	json_decref(items);
	return EXIT_OK;
}

static int parse(int argc, char **argv, struct audit_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "entity-type", required_argument, NULL, 't' },
		{ "entity-id", required_argument, NULL, 'i' },
		{ "action", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o->db = optarg;
		else if (c == 't')
			o->f.entity_type = optarg;
		else if (c == 'i')
			o->f.entity_id = optarg;
		else if (c == 'a')
			o->f.action = optarg;
		else if (c == 'l' && parse_int64(optarg, 1, AUDIT_CLI_LIMIT_MAX,
						 &o->f.limit, &err) < 0)
			return cli_usage_error("audit", "--limit: %s", err.msg);
		else if (c != 'l')
			return cli_usage_error("audit", "unknown option");
	}
	if (optind < argc)
		return cli_usage_error("audit", "unexpected argument \"%s\"",
				       argv[optind]);
	return 0;
}

static int run(int argc, char **argv)
{
	struct audit_opts o = { NULL, { .limit = 50 } };
	struct err err = ERR_INIT;
	struct store *st;
	bool is_list;
	int rc;

	if (cli_wants_help(argc, argv, &cli_audit_cmd))
		return EXIT_OK;
	if (argc < 2 || (strcmp(argv[1], "verify") && strcmp(argv[1], "list")))
		return cli_usage_error("audit", "say verify or list");
	is_list = !strcmp(argv[1], "list");
	if (parse(argc - 1, argv + 1, &o) != 0)
		return EXIT_USAGE;
	if (!is_list && (o.f.entity_type || o.f.entity_id || o.f.action))
		return cli_usage_error("audit", "verify checks the whole log; "
						"it takes only --db");
	st = cli_open_db(cli_db_path(o.db), &err);
	if (!st)
		return cli_fail("audit", &err);
	rc = is_list ? list(st, &o.f) : verify(st);
	store_close(st);
	return rc;
}

const struct cli_command cli_audit_cmd = {
	"audit", "verify the audit log's hash chain, or list events", run,
	"usage: veikart audit verify [--db PATH]\n"
	"       veikart audit list [--db PATH] [--entity-type T] "
	"[--entity-id ID]\n"
	"                          [--action A] [--limit N]\n\n"
	"verify walks the audit log from the first event and checks that each "
	"event\nlinks to the one before and that its hash matches its "
	"content. It prints\n\"audit log intact: N events\" (exit 0) or "
	"\"audit log broken at event ID: why\"\n(exit 1): an event was edited, "
	"inserted or removed there.\n\n"
	"list prints the newest events first (default 50), one a line: id, "
	"time,\nuser, action, entity type/id and the event's hash. Keep the "
	"newest hash\nelsewhere: the chain cannot show events cut off its "
	"end. --entity-type\ntakes a collection such as measures; --limit at "
	"most 100000.\n\n"
	"exit status: 0 ok, 1 the chain is broken, 2 bad usage, 3 the "
	"database\ncannot be read.\n"
};
