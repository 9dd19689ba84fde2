/*
 * cli/serve.c: `veikart serve` runs the HTTP server over an existing
 * database: the JSON API (api/) and the web portal (web/) on one port.
 * It composes the two: their route tables joined (they never overlap:
 * the API has /api and /healthz, the portal /, /nb, /nn, /en and
 * /static), and one fallback that answers problem+json under /api and an
 * HTML page everywhere else. Each worker thread opens its own connection
 * (SQLite connections are not shared across threads).
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
#include "service/search.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/routes.h"

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

/* Under /api the API speaks problem+json; everywhere else the portal
 * shows a page. */
static void fallback(struct http_request *req, struct http_response *resp,
		     int status)
{
	const char *p = req->path ? req->path : "";

	if (!strncmp(p, "/api", 4) && (p[4] == '\0' || p[4] == '/'))
		api_fallback(req, resp, status);
	else
		web_fallback(req, resp, status);
}

/* The API's routes, then the portal's, in one array the caller frees. */
static struct http_route *join_routes(size_t *n)
{
	size_t na, nw;
	const struct http_route *api = api_routes(&na);
	const struct http_route *web = web_routes(&nw);
	struct http_route *all = xcalloc(na + nw, sizeof(*all));

	memcpy(all, api, na * sizeof(*all));
	memcpy(all + na, web, nw * sizeof(*all));
	*n = na + nw;
	return all;
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int serve(const char *db, const char *listen, int threads,
		 const char *assets)
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
		.fallback = fallback,
		.app = &app,
		.thread_init = thread_init,
		.thread_free = thread_free,
		.data_version = data_version,
	};
	struct err err = ERR_INIT;
	struct store *probe = cli_open_db(db, &err);
	struct http_route *routes;
	int rc;

	/* Fail before binding when the database is missing or too old, or
	 * the portal's files are (npm ci was not run). */
	if (!probe)
		return cli_fail("serve", &err);
	/* Build the search index now if an import or the migration left it
	 * behind, so the first visitor to search does not wait for it. */
	if (service_search_refresh(probe, &err) < 0) {
		log_warn("event=search_refresh_failed msg=\"%s\"", err.msg);
		err = (struct err)ERR_INIT;
	}
	store_close(probe);
	if (web_init(assets, &err) < 0)
		return cli_fail("serve", &err);
	routes = join_routes(&cfg.nroutes);
	cfg.routes = routes;
	log_info("event=starting listen=%s threads=%d db=%s", listen, threads,
		 db);
	rc = http_serve(&cfg, &err);
	free(routes);
	web_release();
	if (rc < 0)
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
		{ "assets", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *listen = "127.0.0.1:8080";
	const char *assets = getenv("VEIKART_ASSETS") ? getenv("VEIKART_ASSETS")
						      : ".";
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
		} else if (c == 'a') {
			assets = optarg;
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
	return serve(cli_db_path(db), listen, (int)threads, assets);
}

const struct cli_command cli_serve_cmd = {
	"serve", "serve the portal and the API over HTTP", run,
	"usage: veikart serve [--db PATH] [--listen ADDR:PORT] [--threads N]\n"
	"                     [--assets DIR]\n"
	"\n"
	"Serves the web portal (/nb/, /nn/, /en/), the JSON API (/api/v1) "
	"and\n/healthz from the database until SIGINT or SIGTERM, then "
	"finishes the\nrequests in flight and stops.\n\n"
	"  --listen ADDR:PORT   default 127.0.0.1:8080; [::1]:8080 for IPv6\n"
	"  --threads N          worker threads, default one per CPU\n"
	"  --assets DIR         where node_modules/ (from `npm ci`) and "
	"static/ are;\n"
	"                       default $VEIKART_ASSETS, else the current "
	"directory\n\n"
	"Environment: VEIKART_LOG=error|warn|info|debug, VEIKART_ACCESS_LOG=0 "
	"turns\nthe access log off.\n\n"
	"exit status: 0 stopped cleanly, 2 bad usage or no database, 3 port "
	"in use,\nthe portal's files missing (run `npm ci`) or another runtime "
	"failure.\n"
};
