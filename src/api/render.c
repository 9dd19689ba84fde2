/*
 * api/render.c: JSON output. All JSON is made by jansson; nothing is
 * spliced together by hand, so nothing can break the syntax.
 */
#include "api/render.h"

static int to_buf(const char *data, size_t size, void *arg)
{
	buf_add(arg, data, size);
	return 0;
}

static void dump(struct http_response *resp, json_t *value)
{
	buf_reset(&resp->body);
	json_dump_callback(value, to_buf, &resp->body,
			   JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_addch(&resp->body, '\n');
}

void api_json(struct http_response *resp, json_t *value)
{
	resp->status = 200;
	resp->content_type = "application/json; charset=utf-8";
	dump(resp, value);
}

static json_t *problem_body(const struct err *err, int status)
{
	return json_pack("{s:s,s:s,s:i,s:s}", "type", "about:blank", "title",
			 err_title(err->code), "status", status, "detail",
			 err->msg);
}

void api_problem(struct http_response *resp, const struct err *err)
{
	int status = err_http_status(err->code);
	json_t *body = problem_body(err, status);

	if (err->field[0])
		json_object_set_new(body, "errors",
				    json_pack("[{s:s,s:s}]", "field",
					      err->field, "message",
					      err->msg));
	resp->status = status;
	resp->content_type = "application/problem+json";
	resp->cacheable = false;
	dump(resp, body);
	json_decref(body);
}

void api_problems(struct http_response *resp, const struct err *err,
		  const struct problems *probs)
{
	int status = err_http_status(err->code);
	json_t *body = problem_body(err, status);
	json_t *list = json_array();

	for (size_t i = 0; i < probs->n; i++)
		json_array_append_new(list,
				      json_pack("{s:s,s:s}", "field",
						probs->items[i].field,
						"message",
						probs->items[i].message));
	json_object_set_new(body, "errors", list);
	resp->status = status;
	resp->content_type = "application/problem+json";
	resp->cacheable = false;
	dump(resp, body);
	json_decref(body);
}
