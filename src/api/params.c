/*
 * api/params.c: query-parameter checks shared by the API's handlers, so
 * that every resource refuses repeats and oversize values the same way.
 */
#include "api/params.h"

#include <stdio.h>
#include <string.h>

#include "model/limits.h"
#include "util/i18n.h"

int api_params_each(const struct http_request *req, api_param_fn set,
		    void *arg, struct err *err)
{
	for (size_t i = 0; i < req->nparams; i++) {
		const char *name = req->params[i].name;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(req->params[k].name, name))
				return err_set_field(err, ERR_INVALID, name,
						     _("given more than once"));
		if (strlen(req->params[i].value) > LIMIT_QUERY_PARAM_BYTES)
			return err_set_field(err, ERR_INVALID, name,
					     _("too long"));
		if (set(name, req->params[i].value, arg, err) < 0) {
			/* Every parameter error is the request's: 400. */
			err->code = ERR_INVALID;
			snprintf(err->field, sizeof(err->field), "%s", name);
			return -1;
		}
	}
	return 0;
}
