/*
 * http/server.c: the server's life: parse the listen address, bind one
 * listener per worker on the same port (SO_REUSEPORT, so the kernel spreads
 * connections over the threads), start the worker threads, wait for a
 * signal, stop. Requests themselves are served in dispatch.c.
 *
 * Binding happens in the calling thread, before any worker starts, so a
 * port in use is reported by http_start itself with a message that says
 * what to do. The server owns every base, evhttp and thread it made and
 * frees them in http_stop; each thread frees what it made itself (its
 * context, cache and scratch block).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <sodium.h>

#include "http/worker.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/xalloc.h"

/* How long a stopping worker may still flush replies already begun. */
#define HTTP_STOP_GRACE_US 100000
#define HTTP_BACKLOG 511 /* as nginx */
#define HTTP_MAX_THREADS 256
#define HTTP_MAX_SINGLE_WRITE ((size_t)1 << 20)

struct http_server {
	struct http_config cfg; /* a copy, with the defaults applied */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int port;
	int nworkers;
	struct http_worker *workers;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int nreported; /* workers that left HTTP_WORKER_STARTING */
};

static int parse_port(const char *s, int *port)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/* "a.b.c.d:port" or "[v6]:port" into addr and port (set by the probe). */
static int listen_parse(const char *listen, struct sockaddr_storage *ss,
			socklen_t *len, int *port, struct err *err)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	const char *colon = listen ? strrchr(listen, ':') : NULL;
	char host[64];
	size_t hlen;

	memset(ss, 0, sizeof(*ss));
	if (!colon || parse_port(colon + 1, port) < 0)
		goto bad;
	hlen = (size_t)(colon - listen);
	if (listen[0] == '[' && hlen >= 2 && listen[hlen - 1] == ']') {
		listen++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	/* The one name people type; resolving others is a proxy's job. */
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		*len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		return 0;
	}
bad:
	return err_set(err, ERR_INVALID,
		       _("'%s' is not an address to listen on; give an IP "
			 "address (or localhost) and port such as 127.0.0.1:8080 or "
			 "[::1]:8080 with --listen"),
		       listen ? listen : "");
}

static void addr_set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
}

static int addr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
}

/* A message that tells the operator what to do about a failed bind. */
static int bind_error(int e, const char *listen, int port, struct err *err)
{
	switch (e) {
	case EADDRINUSE:
		return err_set(err, ERR_IO,
			       _("port %d is in use; stop the other server or "
				 "choose another with --listen"),
			       port);
	case EADDRNOTAVAIL:
		return err_set(err, ERR_IO,
			       _("%s is not an address of this machine; "
				 "choose another with --listen"),
			       listen);
	case EACCES:
		return err_set(err, ERR_IO,
			       _("port %d needs privileges (every port below "
				 "1024 does); choose a port from 1024 up with "
				 "--listen"),
			       port);
	default:
		return err_set(err, ERR_IO,
			       _("cannot listen on %s (%s); choose another "
				 "address with --listen"),
			       listen, strerror(e));
	}
}

/*
 * Binds a plain socket (SO_REUSEADDR, no SO_REUSEPORT) to see whether the
 * address is free. The workers' sockets use SO_REUSEPORT, which would let
 * them join a second veikart of the same user on the same port and split
 * its traffic without a word; this probe fails instead. It also learns
 * the port the kernel picks for port 0.
 */
static int listen_probe(struct http_server *srv, struct err *err)
{
	struct sockaddr_storage got;
	socklen_t len = sizeof(got);
	int one = 1;
	int fd, e;

	addr_set_port(&srv->addr, srv->port);
	fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return bind_error(errno, srv->cfg.listen, srv->port, err);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&srv->addr, srv->addrlen) < 0 ||
	    getsockname(fd, (struct sockaddr *)&got, &len) < 0) {
		e = errno;
		close(fd);
		return bind_error(e, srv->cfg.listen, srv->port, err);
	}
	close(fd);
	srv->port = addr_port(&got);
	addr_set_port(&srv->addr, srv->port);
	return 0;
}

static void config_defaults(struct http_config *cfg)
{
	if (!cfg->max_body)
		cfg->max_body = HTTP_DEFAULT_MAX_BODY;
	if (!cfg->max_headers)
		cfg->max_headers = HTTP_DEFAULT_MAX_HEADERS;
	if (!cfg->max_uri)
		cfg->max_uri = HTTP_DEFAULT_MAX_URI;
	if (cfg->timeout_s <= 0)
		cfg->timeout_s = HTTP_DEFAULT_TIMEOUT_S;
}

/*
 * Makes the bufferevent of each new connection. libevent writes at most
 * 16 KiB per call by default, so a 70 KB reply took five writev calls and
 * five trips through the event loop; the kernel's socket buffer is the
 * better limit.
 */
static struct bufferevent *connection_bev(struct event_base *base, void *arg)
{
	struct bufferevent *bev;

	(void)arg;
	bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev)
		bufferevent_set_max_single_write(bev, HTTP_MAX_SINGLE_WRITE);
	return bev;
}

static int evhttp_configure(struct http_worker *w)
{
	const struct http_config *cfg = w->cfg;

	evhttp_set_max_headers_size(w->http, (ev_ssize_t)cfg->max_headers);
	evhttp_set_max_body_size(w->http, (ev_ssize_t)cfg->max_body);
	evhttp_set_timeout(w->http, cfg->timeout_s);
	evhttp_set_allowed_methods(
	    w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
			 EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |
			 EVHTTP_REQ_OPTIONS);
	/*
	 * Lingering close: libevent reads (and drops) an oversized body before
	 * answering 413, so the client sees the 413 instead of a reset.
	 */
	if (evhttp_set_flags(w->http, EVHTTP_SERVER_LINGERING_CLOSE) < 0)
		return -1;
	evhttp_set_bevcb(w->http, connection_bev, NULL);
	evhttp_set_gencb(w->http, http_dispatch, w);
	return 0;
}

/* Makes worker i's base, evhttp and listener, in the calling thread. */
static int worker_make(struct http_server *srv, int i, struct err *err)
{
	struct http_worker *w = &srv->workers[i];
	struct evconnlistener *lis;
	int one = 1;

	w->srv = srv;
	w->cfg = &srv->cfg;
	w->index = i;
	w->id_prefix = ((uint64_t)(randombytes_random() & ~0xffu) | (unsigned)i)
		       << 32;
	w->base = event_base_new();
	w->http = w->base ? evhttp_new(w->base) : NULL;
	if (!w->http || evhttp_configure(w) < 0)
		return err_set(err, ERR_INTERNAL,
			       _("cannot set up the HTTP server"));
	lis = evconnlistener_new_bind(
	    w->base, NULL, NULL,
	    LEV_OPT_REUSEABLE | LEV_OPT_REUSEABLE_PORT | LEV_OPT_CLOSE_ON_FREE |
		LEV_OPT_CLOSE_ON_EXEC,
	    HTTP_BACKLOG, (struct sockaddr *)&srv->addr, srv->addrlen);
	if (!lis)
		return bind_error(errno, srv->cfg.listen, srv->port, err);
	/*
	 * Without TCP_NODELAY the last small segment of a large reply waits
	 * for the client's delayed ACK: 40 ms per request. Accepted sockets
	 * inherit the option from the listener on Linux. nginx sets it too.
	 */
	setsockopt(evconnlistener_get_fd(lis), IPPROTO_TCP, TCP_NODELAY, &one,
		   sizeof(one));
	w->bound = evhttp_bind_listener(w->http, lis);
	if (!w->bound) {
		evconnlistener_free(lis);
		return err_set(err, ERR_INTERNAL,
			       _("cannot set up the HTTP server"));
	}
	return 0;
}

static void worker_report(struct http_worker *w, enum http_worker_state st)
{
	struct http_server *srv = w->srv;

	pthread_mutex_lock(&srv->lock);
	w->state = st;
	srv->nreported++;
	pthread_cond_broadcast(&srv->cond);
	pthread_mutex_unlock(&srv->lock);
}

static void *worker_main(void *arg)
{
	struct http_worker *w = arg;
	const struct http_config *cfg = w->cfg;
	sigset_t set;

	/* Signals are the main thread's business (http_serve). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	w->ctx = cfg->app;
	if (cfg->thread_init) {
		w->ctx = cfg->thread_init(cfg->app, &w->err);
		if (!w->ctx) {
			worker_report(w, HTTP_WORKER_FAILED);
			return NULL;
		}
	}
	w->cache = http_cache_new(cfg->cache_bytes);
	worker_report(w, HTTP_WORKER_READY);
	event_base_dispatch(w->base);
	/*
	 * Closing the connections here, in the worker's thread, runs the
	 * cleanups of bodies still queued (they unpin cache entries).
	 */
	evhttp_free(w->http);
	w->http = NULL;
	http_cache_free(w->cache);
	w->cache = NULL;
	http_scratch_release(&w->scratch);
	if (cfg->thread_free)
		cfg->thread_free(w->ctx);
	return NULL;
}

/* Runs in the worker's thread: stop accepting, then leave the loop. */
static void worker_stop_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_worker *w = arg;
	struct timeval grace = {0, HTTP_STOP_GRACE_US};

	(void)fd;
	(void)what;
	if (w->bound) {
		evhttp_del_accept_socket(w->http, w->bound);
		w->bound = NULL;
	}
	event_base_loopexit(w->base, &grace);
}

/* Starts the threads; waits until each has made its context or failed. */
static int workers_start(struct http_server *srv, struct err *err)
{
	int i, started = 0, rc = 0;

	for (i = 0; i < srv->nworkers; i++) {
		struct http_worker *w = &srv->workers[i];

		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			rc = err_set(err, ERR_INTERNAL,
				     _("cannot start a server thread"));
			break;
		}
		w->thread_started = true;
		started++;
	}
	pthread_mutex_lock(&srv->lock);
	while (srv->nreported < started)
		pthread_cond_wait(&srv->cond, &srv->lock);
	pthread_mutex_unlock(&srv->lock);
	for (i = 0; i < started && rc == 0; i++) {
		if (srv->workers[i].state == HTTP_WORKER_FAILED) {
			if (err)
				*err = srv->workers[i].err;
			rc = -1;
		}
	}
	return rc;
}

struct http_server *http_start(const struct http_config *cfg, struct err *err)
{
	struct http_server *srv;
	int i;

	if (cfg->threads < 1 || cfg->threads > HTTP_MAX_THREADS) {
		err_set(err, ERR_INVALID,
			_("the number of threads must be from 1 to %d"),
			HTTP_MAX_THREADS);
		return NULL;
	}
	/* Both are idempotent; sodium_init only fails without entropy. */
	if (sodium_init() < 0 || evthread_use_pthreads() < 0) {
		err_set(err, ERR_INTERNAL, _("cannot initialise libraries"));
		return NULL;
	}
	signal(SIGPIPE, SIG_IGN);
	srv = xcalloc(1, sizeof(*srv));
	srv->cfg = *cfg;
	config_defaults(&srv->cfg);
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->cond, NULL);
	srv->nworkers = cfg->threads;
	srv->workers = xcalloc((size_t)srv->nworkers, sizeof(*srv->workers));
	if (listen_parse(cfg->listen, &srv->addr, &srv->addrlen, &srv->port,
			 err) < 0 ||
	    listen_probe(srv, err) < 0)
		goto fail;
	for (i = 0; i < srv->nworkers; i++)
		if (worker_make(srv, i, err) < 0)
			goto fail;
	if (workers_start(srv, err) < 0)
		goto fail;
	return srv;
fail:
	http_stop(srv);
	return NULL;
}

int http_server_port(const struct http_server *srv)
{
	return srv->port;
}

/*
 * Frees what worker_make made and the thread did not free itself; the
 * thread has ended or never began.
 */
static void worker_release(struct http_worker *w)
{
	if (w->http)
		evhttp_free(w->http); /* also frees the listener */
	if (w->base)
		event_base_free(w->base);
}

void http_stop(struct http_server *srv)
{
	int i;

	if (!srv)
		return;
	for (i = 0; i < srv->nworkers; i++)
		if (srv->workers[i].thread_started &&
		    srv->workers[i].state != HTTP_WORKER_FAILED)
			event_base_once(srv->workers[i].base, -1, EV_TIMEOUT,
					worker_stop_cb, &srv->workers[i], NULL);
	for (i = 0; i < srv->nworkers; i++) {
		if (srv->workers[i].thread_started)
			pthread_join(srv->workers[i].thread, NULL);
		worker_release(&srv->workers[i]);
	}
	pthread_cond_destroy(&srv->cond);
	pthread_mutex_destroy(&srv->lock);
	free(srv->workers);
	free(srv);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	log_info("msg=\"stopping\" signal=%d", (int)sig);
	event_base_loopbreak(arg);
}

int http_serve(const struct http_config *cfg, struct err *err)
{
	struct http_server *srv = http_start(cfg, err);
	struct event_base *base;
	struct event *sigint = NULL, *sigterm = NULL;
	int rc = -1;

	if (!srv)
		return -1;
	base = event_base_new();
	if (base) {
		sigint = evsignal_new(base, SIGINT, on_signal, base);
		sigterm = evsignal_new(base, SIGTERM, on_signal, base);
	}
	if (!sigint || !sigterm || event_add(sigint, NULL) < 0 ||
	    event_add(sigterm, NULL) < 0) {
		err_set(err, ERR_INTERNAL, _("cannot wait for signals"));
		goto done;
	}
	log_info("msg=\"listening\" listen=%s port=%d threads=%d", cfg->listen,
		 srv->port, cfg->threads);
	event_base_dispatch(base);
	rc = 0;
done:
	if (sigint)
		event_free(sigint);
	if (sigterm)
		event_free(sigterm);
	if (base)
		event_base_free(base);
	http_stop(srv);
	return rc;
}
