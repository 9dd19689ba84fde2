/*
 * cli/serve.c: `veikart serve` runs the HTTP server over an existing
 * database: the read API now, the portal later. Each worker thread opens
 * its own connection (SQLite connections are not shared across threads).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "cli/cli.h"
#include "http/http.h"
#include "model/limits.h"
#include "service/app.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

struct serve_app {
	const char *db;
};

static void *thread_init(void *arg, struct err *err)
{
	struct serve_app *app = arg;
	struct app_thread *t;
	struct store *st = cli_open_db(app->db, err);

	if (!st)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->st = st;
	return t;
}

static void thread_free(void *ctx)
{
	struct app_thread *t = ctx;

	if (!t)
		return;
	store_close(t->st);
	free(t);
}

static uint64_t data_version(void *ctx)
{
	struct app_thread *t = ctx;
	uint64_t v = 0;

	/* On a read failure, 0 never matches a cached entry: no stale hit. */
	if (store_data_version(t->st, &v, NULL) < 0)
		return 0;
	return v;
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int serve(const char *db, const char *listen, int threads)
{
	struct serve_app app = { db };
	struct http_config cfg = {
		.listen = listen,
		.threads = threads,
		.max_body = LIMIT_HTTP_BODY,
		.max_headers = LIMIT_HTTP_HEADERS,
		.max_uri = LIMIT_HTTP_URI,
		.timeout_s = LIMIT_HTTP_TIMEOUT_S,
		.cache_bytes = (size_t)4 << 20,
		.access_log = getenv("VEIKART_ACCESS_LOG") == NULL ||
			      strcmp(getenv("VEIKART_ACCESS_LOG"), "0") != 0,
		.session_cookie = "veikart_session",
		.fallback = api_fallback,
		.app = &app,
		.thread_init = thread_init,
		.thread_free = thread_free,
		.data_version = data_version,
	};
	struct err err = ERR_INIT;
	struct store *probe = cli_open_db(db, &err);

	cfg.routes = api_routes(&cfg.nroutes);
	/* Fail before binding when the database is missing or too old. */
	if (!probe)
		return cli_fail("serve", &err);
	store_close(probe);
	log_info("event=starting listen=%s threads=%d db=%s", listen, threads,
		 db);
	if (http_serve(&cfg, &err) < 0)
		return cli_fail("serve", &err);
	log_info("event=stop");
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *listen = "127.0.0.1:8080";
	struct err err = ERR_INIT;
	int64_t threads = default_threads();
	int c;

	if (cli_wants_help(argc, argv, &cli_serve_cmd))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'l') {
			listen = optarg;
		} else if (c == 't') {
			if (parse_int64(optarg, 1, 64, &threads, &err) < 0)
				return cli_usage_error("serve", "--threads: %s",
						       err.msg);
		} else {
			return cli_usage_error("serve", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument \"%s\"",
				       argv[optind]);
	return serve(cli_db_path(db), listen, (int)threads);
}

const struct cli_command cli_serve_cmd = {
	"serve", "serve the API over HTTP", run,
	"usage: veikart serve [--db PATH] [--listen ADDR:PORT] [--threads N]\n"
	"\n"
	"Serves the JSON API (and /healthz) from the database until SIGINT "
	"or\nSIGTERM, then finishes the requests in flight and stops.\n\n"
	"  --listen ADDR:PORT   default 127.0.0.1:8080; [::1]:8080 for IPv6\n"
	"  --threads N          worker threads, default one per CPU\n\n"
	"Environment: VEIKART_LOG=error|warn|info|debug, VEIKART_ACCESS_LOG=0 "
	"turns\nthe access log off.\n\n"
	"exit status: 0 stopped cleanly, 2 bad usage or no database, 3 port "
	"in use or\nother runtime failure.\n"
};
