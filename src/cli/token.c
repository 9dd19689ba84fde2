/*
 * cli/token.c: `veikart token create|revoke|list`, API tokens for machines.
 * `create` prints the token alone on standard output, so a script can
 * capture it (TOKEN=$(veikart token create ...)); it is shown this once
 * and stored only as its SHA-256. Everything else goes to standard error.
 * The command line acts as an administrator (see cli/user.c).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "util/parse.h"

struct token_opts {
	const char *db, *scope, *name;
};

/* Options and the positional arguments (at most max) into args. */
static int parse(const char *cmd, int argc, char **argv, bool scoped,
		 struct token_opts *o, const char **args, int max, int *nargs)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "scope", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o->db = optarg;
		else if (c == 's' && scoped)
			o->scope = optarg;
		else if (c == 'n' && scoped)
			o->name = optarg;
		else
			return cli_usage_error(cmd, "unknown option");
	}
	if (argc - optind > max)
		return cli_usage_error(cmd, "unexpected argument \"%s\"",
				       argv[optind + max]);
	*nargs = argc - optind;
	for (int i = 0; i < *nargs; i++)
		args[i] = argv[optind + i];
	return 0;
}

static int cmd_create(struct store *st, const struct principal *cli,
		      const struct token_opts *o, const char **args, int n,
		      struct err *err)
{
	char token[AUTH_TOKEN_LEN + 1];
	struct token_row t;

	if (n != 1)
		return cli_usage_error("token create", "name the user");
	if (!o->scope)
		return cli_usage_error("token create",
				       "--scope read or --scope write is "
				       "required");
	if (auth_token_create(st, cli, args[0], o->scope, o->name, time(NULL),
			      token, &t, err) < 0)
		return cli_fail("token create", err);
	printf("%s\n", token);
	fflush(stdout);
	sodium_memzero(token, sizeof(token));
	fprintf(stderr,
		"created API token %lld (%s...) for %s, scope %s; it is shown "
		"only now\n",
		(long long)t.id, t.prefix, t.username, t.scope);
	return EXIT_OK;
}

static int cmd_revoke(struct store *st, const struct principal *cli,
		      const struct token_opts *o, const char **args, int n,
		      struct err *err)
{
	int64_t id;

	(void)o;
	if (n != 1)
		return cli_usage_error("token revoke", "name the token's id "
						       "(see `veikart token "
						       "list`)");
	if (parse_int64(args[0], 1, INT64_MAX, &id, err) < 0)
		return cli_usage_error("token revoke", "%s", err->msg);
	if (auth_token_revoke(st, cli, id, time(NULL), err) < 0)
		return cli_fail("token revoke", err);
	fprintf(stderr, "revoked API token %lld\n", (long long)id);
	return EXIT_OK;
}

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

static int cmd_list(struct store *st, const struct principal *cli,
		    const struct token_opts *o, const char **args, int n,
		    struct err *err)
{
	json_t *list, *t;
	size_t i;

	(void)o;
	list = auth_token_list(st, cli, n ? args[0] : "", err);
	if (!list)
		return cli_fail("token list", err);
	printf("%-5s %-20s %-5s %-12s %-20s %-20s %s\n", "ID", "USER",
	       "SCOPE", "PREFIX", "CREATED", "LAST USED", "NAME / STATUS");
	json_array_foreach(list, i, t)
	{
		const char *revoked = str_or(t, "revoked_at", NULL);

		printf("%-5lld %-20s %-5s %-12s %-20s %-20s %s%s%s\n",
		       (long long)json_integer_value(json_object_get(t, "id")),
		       str_or(t, "user", ""), str_or(t, "scope", ""),
		       str_or(t, "prefix", ""), str_or(t, "created_at", ""),
		       str_or(t, "last_used", "never"), str_or(t, "name", "-"),
		       revoked ? ", revoked " : "", revoked ? revoked : "");
	}
	json_decref(list);
	return EXIT_OK;
}

static const struct {
	const char *name;
	bool scoped;
	int max;
	int (*fn)(struct store *st, const struct principal *cli,
		  const struct token_opts *o, const char **args, int n,
		  struct err *err);
} subs[] = {
	{ "create", true, 1, cmd_create },
	{ "revoke", false, 1, cmd_revoke },
	{ "list", false, 1, cmd_list },
};

static int run(int argc, char **argv)
{
	struct token_opts o = { NULL, NULL, NULL };
	struct err err = ERR_INIT;
	struct principal cli;
	const char *args[2];
	char cmd[32];
	struct store *st;
	int n = 0, rc;

	if (cli_wants_help(argc, argv, &cli_token_cmd))
		return EXIT_OK;
	for (size_t i = 0; argc >= 2 && i < sizeof(subs) / sizeof(subs[0]);
	     i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		snprintf(cmd, sizeof(cmd), "token %s", subs[i].name);
		if ((rc = parse(cmd, argc - 1, argv + 1, subs[i].scoped, &o,
				args, subs[i].max, &n)) != 0)
			return rc;
		st = cli_open_db(cli_db_path(o.db), &err);
		if (!st)
			return cli_fail(cmd, &err);
		auth_cli_principal(&cli);
		rc = subs[i].fn(st, &cli, &o, args, n, &err);
		store_close(st);
		return rc;
	}
	return cli_usage_error("token", "name a subcommand: create, revoke or "
					"list");
}

const struct cli_command cli_token_cmd = {
	"token", "create, revoke and list API tokens", run,
	"usage: veikart token create USER --scope read|write [--name NAME]\n"
	"       veikart token revoke ID\n"
	"       veikart token list [USER]\n"
	"(every form takes --db PATH)\n\n"
	"create prints the new token (vk_ and 43 characters) alone on "
	"standard output;\nit is shown only then and stored as a SHA-256 "
	"hash. Send it as\n\"Authorization: Bearer vk_...\". A read token "
	"never changes anything; a write\ntoken may do what its user's role "
	"allows. Tokens stop working when revoked\nor when their user is "
	"disabled.\n\n"
	"exit status: 0 done, 2 bad usage or unknown user or token, 3 "
	"database failure.\n"
};
