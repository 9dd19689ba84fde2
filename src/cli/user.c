/*
 * cli/user.c: `veikart user add|passwd|list|disable|enable|invite|reset`,
 * user administration from the server's own shell. Whoever can run this
 * can read the database file anyway, so the command line acts as an
 * administrator (auth_cli_principal); the audit log records the
 * operating-system account.
 *
 * Passwords come from the terminal with echo off (asked twice), or from
 * standard input with --password-stdin, never from an argument (argv is
 * visible to every user of the machine in ps). Password buffers are wiped
 * after use. There is no default password anywhere.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "util/i18n.h"

/* Which options a subcommand takes. */
#define O_ROLE 0x1u
#define O_ACTOR 0x2u
#define O_EMAIL 0x4u
#define O_DISPLAY 0x8u
#define O_STDIN 0x10u
#define O_NAME 0x20u

struct user_opts {
	const char *cmd;	/* "user add", for messages */
	const char *db, *role, *email, *display_name, *name;
	const char *actors[PRINCIPAL_MAX_ACTORS];
	size_t nactors;
	bool password_stdin;
	const char *arg;	/* the one positional argument, or NULL */
};

static int parse_opts(int argc, char **argv, unsigned allowed, bool want_arg,
		      struct user_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "actor", required_argument, NULL, 'a' },
		{ "email", required_argument, NULL, 'e' },
		{ "display-name", required_argument, NULL, 'D' },
		{ "name", required_argument, NULL, 'n' },
		{ "password-stdin", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		int c;
		unsigned bit;
	} bits[] = { { 'r', O_ROLE },	 { 'a', O_ACTOR }, { 'e', O_EMAIL },
		     { 'D', O_DISPLAY }, { 'n', O_NAME },  { 's', O_STDIN } };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		unsigned bit = c == 'd' ? ~0u : 0;

		for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			if (bits[i].c == c)
				bit = bits[i].bit;
		if (!(bit & allowed) && c != 'd')
			return cli_usage_error(o->cmd, "unknown option");
		if (c == 'd')
			o->db = optarg;
		else if (c == 'r')
			o->role = optarg;
		else if (c == 'e')
			o->email = optarg;
		else if (c == 'D')
			o->display_name = optarg;
		else if (c == 'n')
			o->name = optarg;
		else if (c == 's')
			o->password_stdin = true;
		else if (o->nactors == PRINCIPAL_MAX_ACTORS)
			return cli_usage_error(o->cmd, "at most %d --actor",
					       PRINCIPAL_MAX_ACTORS);
		else
			o->actors[o->nactors++] = optarg;
	}
	if (want_arg && optind + 1 != argc)
		return cli_usage_error(o->cmd, optind < argc
						   ? "one argument expected"
						   : "an argument is missing");
	if (!want_arg && optind < argc)
		return cli_usage_error(o->cmd, "unexpected argument \"%s\"",
				       argv[optind]);
	o->arg = want_arg ? argv[optind] : NULL;
	return 0;
}

/* One line from f without its line end; too long or empty is an error. */
static int read_line(FILE *f, char *out, size_t n, struct err *err)
{
	size_t len;

	if (!fgets(out, (int)n, f))
		return err_set(err, ERR_INVALID,
			       _("no password was given on standard input"));
	len = strlen(out);
	if (len == n - 1 && out[len - 1] != '\n' && !feof(f))
		return err_set(err, ERR_UNPROCESSABLE,
			       _("the password is too long: at most %d bytes"),
			       AUTH_PASSWORD_MAX);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	if (!len)
		return err_set(err, ERR_INVALID,
			       _("no password was given on standard input"));
	return 0;
}

static int ask(const char *prompt, char *out, size_t n, struct err *err)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return err_set(err, ERR_IO, _("cannot control the terminal"));
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(stdin, out, n, err);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The password, from stdin or asked twice on the terminal. */
static int read_password(const struct user_opts *o, const char *username,
			 char *out, size_t n, struct err *err)
{
	char again[AUTH_PASSWORD_MAX + 2];
	char prompt[128];
	int rc;

	if (o->password_stdin)
		return read_line(stdin, out, n, err);
	if (!isatty(STDIN_FILENO))
		return err_set(err, ERR_INVALID,
			       _("standard input is not a terminal, so the "
				 "password cannot be asked for; pass "
				 "--password-stdin to read it from standard "
				 "input"));
	snprintf(prompt, sizeof(prompt), "New password for %s: ", username);
	if (ask(prompt, out, n, err) < 0 ||
	    ask("The same password again: ", again, sizeof(again), err) < 0)
		return -1;
	rc = strcmp(out, again) ? err_set(err, ERR_INVALID,
					 _("the two passwords differ; nothing "
					   "was changed"))
				: 0;
	sodium_memzero(again, sizeof(again));
	return rc;
}

static int role_arg(const struct user_opts *o, enum role *out)
{
	if (!o->role)
		return cli_usage_error(o->cmd,
				       "--role is required (admin, "
				       "coordinator, reporter or reader)");
	if (role_parse(o->role, out) < 0)
		return cli_usage_error(o->cmd, "--role is admin, coordinator, "
					       "reporter or reader, not \"%s\"",
				       o->role);
	return 0;
}

static void fill_in(const struct user_opts *o, const char *username,
		    enum role role, struct auth_user_in *in)
{
	*in = (struct auth_user_in){ username, o->display_name, o->email, role,
				     o->actors, o->nactors };
}

static int cmd_add(struct store *st, const struct user_opts *o,
		   const struct principal *cli, struct err *err)
{
	char password[AUTH_PASSWORD_MAX + 2];
	struct auth_user_in in;
	enum role role;
	int rc;

	if ((rc = role_arg(o, &role)) != 0)
		return rc;
	if (role == ROLE_REPORTER && !o->nactors)
		return cli_usage_error(o->cmd,
				       "a reporter needs --actor ID (an "
				       "id from /api/v1/actors)");
	fill_in(o, o->arg, role, &in);
	/* Name and role are checked before the password is asked for. */
	if (auth_username_check(o->arg, err) < 0 ||
	    read_password(o, o->arg, password, sizeof(password), err) < 0)
		return cli_fail(o->cmd, err);
	rc = auth_user_add(st, cli, &in, password, time(NULL), err);
	sodium_memzero(password, sizeof(password));
	if (rc < 0)
		return cli_fail(o->cmd, err);
	printf("added user %s (%s)\n", o->arg, role_name(role));
	return EXIT_OK;
}

static int cmd_passwd(struct store *st, const struct user_opts *o,
		      const struct principal *cli, struct err *err)
{
	char password[AUTH_PASSWORD_MAX + 2];
	int rc;

	if (read_password(o, o->arg, password, sizeof(password), err) < 0)
		return cli_fail(o->cmd, err);
	rc = auth_user_set_password(st, cli, o->arg, password, time(NULL),
				    err);
	sodium_memzero(password, sizeof(password));
	if (rc < 0)
		return cli_fail(o->cmd, err);
	printf("set the password of %s; their sessions were ended\n", o->arg);
	return EXIT_OK;
}

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

static int cmd_list(struct store *st, const struct user_opts *o,
		    const struct principal *cli, struct err *err)
{
	json_t *list = auth_user_list(st, cli, err), *u, *a;
	size_t i, k;

	if (!list)
		return cli_fail(o->cmd, err);
	printf("%-20s %-11s %-9s %-20s %-20s %s\n", "USERNAME", "ROLE",
	       "STATUS", "LAST SIGN-IN", "ACTORS", "E-MAIL");
	json_array_foreach(list, i, u)
	{
		char actors[256] = "";
		size_t used = 0;

		json_array_foreach(json_object_get(u, "actors"), k, a)
			used += (size_t)snprintf(
				actors + used, used < sizeof(actors)
						       ? sizeof(actors) - used
						       : 0,
				"%s%s", k ? "," : "", json_string_value(a));
		printf("%-20s %-11s %-9s %-20s %-20s %s\n",
		       str_or(u, "username", ""), str_or(u, "role", ""),
		       json_is_true(json_object_get(u, "disabled")) ? "disabled"
		       : json_is_true(json_object_get(u, "has_password"))
			       ? "active"
			       : "invited",
		       str_or(u, "last_login_at", "never"),
		       actors[0] ? actors : "-", str_or(u, "email", "-"));
	}
	printf("%zu user%s\n", json_array_size(list),
	       json_array_size(list) == 1 ? "" : "s");
	json_decref(list);
	return EXIT_OK;
}

static int set_disabled(struct store *st, const struct user_opts *o,
			const struct principal *cli, bool disabled,
			struct err *err)
{
	struct auth_user_patch p;
	json_t *u;

	memset(&p, 0, sizeof(p));
	p.has_disabled = true;
	p.disabled = disabled;
	u = auth_user_patch(st, cli, o->arg, &p, time(NULL), err);
	if (!u)
		return cli_fail(o->cmd, err);
	json_decref(u);
	printf(disabled ? "disabled %s: their sessions and API tokens stop "
			  "working now\n"
			: "enabled %s\n",
	       o->arg);
	return EXIT_OK;
}

static int cmd_disable(struct store *st, const struct user_opts *o,
		       const struct principal *cli, struct err *err)
{
	return set_disabled(st, o, cli, true, err);
}

static int cmd_enable(struct store *st, const struct user_opts *o,
		      const struct principal *cli, struct err *err)
{
	return set_disabled(st, o, cli, false, err);
}

/* A user name from the part of an e-mail address before the '@'. */
static void name_from_email(const char *email, char out[USER_NAME_MAX + 1])
{
	size_t n = 0;

	for (; *email && *email != '@' && n < USER_NAME_MAX; email++) {
		char c = (char)(*email >= 'A' && *email <= 'Z' ? *email + 32
							       : *email);

		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", c))
			out[n++] = c;
	}
	out[n] = '\0';
}

static int cmd_invite(struct store *st, const struct user_opts *o,
		      const struct principal *cli, struct err *err)
{
	char name[USER_NAME_MAX + 1];
	struct auth_invite_result res;
	struct auth_user_in in;
	enum role role;
	int rc;

	if ((rc = role_arg(o, &role)) != 0)
		return rc;
	if (o->email)
		return cli_usage_error(o->cmd, "the address is the argument; "
					       "--email is not needed");
	name_from_email(o->arg, name);
	fill_in(o, o->name ? o->name : name, role, &in);
	in.email = o->arg;
	if (auth_user_invite(st, cli, &in, true, time(NULL), &res, err) < 0) {
		if (!o->name && err->code == ERR_CONFLICT)
			err_prefix(err, "choose a user name with --name: ");
		return cli_fail(o->cmd, err);
	}
	printf("invited %s (%s) as %s; the link works for 72 hours\n",
	       in.username, role_name(role), o->arg);
	return EXIT_OK;
}

static int cmd_reset(struct store *st, const struct user_opts *o,
		     const struct principal *cli, struct err *err)
{
	if (auth_reset_send(st, cli, o->arg, time(NULL), err) < 0)
		return cli_fail(o->cmd, err);
	printf("sent %s a link to set a new password\n", o->arg);
	return EXIT_OK;
}

static const struct {
	const char *name;
	unsigned opts;
	bool arg;
	int (*fn)(struct store *st, const struct user_opts *o,
		  const struct principal *cli, struct err *err);
} subs[] = {
	{ "add", O_ROLE | O_ACTOR | O_EMAIL | O_DISPLAY | O_STDIN, true,
	  cmd_add },
	{ "passwd", O_STDIN, true, cmd_passwd },
	{ "list", 0, false, cmd_list },
	{ "disable", 0, true, cmd_disable },
	{ "enable", 0, true, cmd_enable },
	{ "invite", O_ROLE | O_ACTOR | O_NAME | O_DISPLAY | O_EMAIL, true,
	  cmd_invite },
	{ "reset", 0, true, cmd_reset },
};

static int run(int argc, char **argv)
{
	struct user_opts o = { 0 };
	struct err err = ERR_INIT;
	struct principal cli;
	char cmd[32];
	struct store *st;
	int rc;

	if (cli_wants_help(argc, argv, &cli_user_cmd))
		return EXIT_OK;
	for (size_t i = 0; argc >= 2 && i < sizeof(subs) / sizeof(subs[0]);
	     i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		snprintf(cmd, sizeof(cmd), "user %s", subs[i].name);
		o.cmd = cmd;
		if ((rc = parse_opts(argc - 1, argv + 1, subs[i].opts,
				     subs[i].arg, &o)) != 0)
			return rc;
		st = cli_open_db(cli_db_path(o.db), &err);
		if (!st)
			return cli_fail(cmd, &err);
		auth_cli_principal(&cli);
		rc = subs[i].fn(st, &o, &cli, &err);
		store_close(st);
		return rc;
	}
	return cli_usage_error("user", "name a subcommand: add, passwd, list, "
				       "disable, enable, invite or reset");
}

const struct cli_command cli_user_cmd = {
	"user", "add, list and manage users", run,
	"usage: veikart user add NAME --role ROLE [--actor ID]... [--email E]\n"
	"                        [--display-name N] [--password-stdin]\n"
	"       veikart user passwd NAME [--password-stdin]\n"
	"       veikart user list\n"
	"       veikart user disable NAME\n"
	"       veikart user enable NAME\n"
	"       veikart user invite EMAIL --role ROLE [--actor ID]... "
	"[--name NAME]\n"
	"       veikart user reset NAME\n"
	"(every form takes --db PATH)\n\n"
	"Roles: admin (everything, users and tokens), coordinator (all "
	"domain data,\nperiods, approval), reporter (reports for its actors; "
	"needs at least one\n--actor, an id from `veikart export` or "
	"/api/v1/actors), reader (signed-in\nreading).\n\n"
	"A user name is 2 to 64 characters from a-z, 0-9, '.', '_' and '-'. "
	"A password\nhas at least 12 characters, is not a common password "
	"and not the user name.\nIt is asked for twice on the terminal, or "
	"read from the first line of\nstandard input with --password-stdin; "
	"never give it as an argument.\n\n"
	"disable ends the user's sessions and stops their API tokens at "
	"once; enable\nlets them sign in again. invite creates the user "
	"without a password and\ne-mails a one-time link valid for 72 hours "
	"(the user name is taken from the\naddress unless --name is given); "
	"reset e-mails a link valid for one hour.\nBoth need "
	"VEIKART_SMTP_URL (and VEIKART_BASE_URL for the link's address).\n\n"
	"exit status: 0 done, 2 bad usage or input (a weak password, an "
	"unknown user,\nno e-mail configured), 3 database or mail server "
	"failure.\n"
};
