/*
 * api/render.h: writing JSON and problem+json bodies into a response.
 * Borrowed arguments; the response owns its body.
 */
#ifndef VEIKART_API_RENDER_H
#define VEIKART_API_RENDER_H

#include <jansson.h>

#include "http/http.h"
#include "util/err.h"
#include "util/problems.h"

/* 200 with `value` as the body (value is borrowed). */
void api_json(struct http_response *resp, json_t *value);
/* A problem for err: status from its code, `errors` with its field. */
void api_problem(struct http_response *resp, const struct err *err);
/* A problem listing several wrong fields. */
void api_problems(struct http_response *resp, const struct err *err,
		  const struct problems *probs);

#endif
