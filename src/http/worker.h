/*
 * http/worker.h: one worker thread of the server, shared by server.c (which
 * makes, starts and stops workers) and dispatch.c (which serves requests
 * on one). Internal to http/.
 *
 * Everything in a worker belongs to its thread while it runs: the event
 * base, the evhttp, the context from thread_init, the response cache and
 * the scratch block. Other threads touch a running worker only through
 * event_base_once (thread-safe once evthread_use_pthreads was called).
 */
#ifndef VEIKART_HTTP_WORKER_H
#define VEIKART_HTTP_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/cache.h"
#include "http/http.h"
#include "http/request.h"
#include "util/err.h"

struct event_base;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;

enum http_worker_state {
	HTTP_WORKER_STARTING,
	HTTP_WORKER_READY,	/* context made, serving */
	HTTP_WORKER_FAILED,	/* thread_init failed; see err */
};

struct http_worker {
	struct http_server *srv;	/* borrowed: the owner */
	const struct http_config *cfg;	/* the server's, defaults applied */
	int index;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;	/* NULL once it stops accepting */
	pthread_t thread;
	bool thread_started;
	enum http_worker_state state;	/* under the server's lock */
	struct err err;
	void *ctx;			/* from cfg->thread_init */
	struct http_cache *cache;
	struct http_scratch scratch;
	uint64_t id_prefix;	/* high bits of request ids: random + index */
	uint64_t nrequests;
};

/* The evhttp general callback: serves one request on worker `arg`. */
void http_dispatch(struct evhttp_request *ev, void *arg);

#endif
