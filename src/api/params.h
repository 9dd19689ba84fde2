/*
 * api/params.h: the one walk over a request's query parameters. Every
 * parameter may be given once and at most LIMIT_QUERY_PARAM_BYTES long;
 * each is then handed to the resource's own setter, and any error is the
 * request's (400) and names the parameter.
 */
#ifndef VEIKART_API_PARAMS_H
#define VEIKART_API_PARAMS_H

#include "http/http.h"
#include "util/err.h"

/* Reads one parameter into arg; -1 with a message in err when wrong. */
typedef int (*api_param_fn)(const char *name, const char *value, void *arg,
			    struct err *err);

/* 0, or -1 with ERR_INVALID and err->field set to the parameter. */
int api_params_each(const struct http_request *req, api_param_fn set,
		    void *arg, struct err *err);

#endif
