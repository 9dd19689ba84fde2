/*
 * api/audit.c: GET /api/v1/audit. Parses and checks the filters (each has
 * a form and a limit; anything else is 400 naming the parameter), then asks
 * service_audit_list, which decides who may read. The answer is private:
 * never cached, marked no-store.
 */
#include "api/audit.h"

#include <ctype.h>
#include <string.h>

#include "api/auth.h"
#include "api/params.h"
#include "api/render.h"
#include "model/limits.h"
#include "model/principal.h"
#include "model/value.h"
#include "service/app.h"
#include "service/write.h"
#include "util/i18n.h"
#include "util/parse.h"

#define AUDIT_TIME_MAX 32

struct audit_params {
	struct audit_filter f;
	char until[AUDIT_TIME_MAX];	/* a date alone means its whole day */
};

/* s has the shape of tmpl, where '0' in tmpl stands for any digit. */
static bool fits(const char *s, const char *tmpl)
{
	for (; *tmpl; s++, tmpl++)
		if (*tmpl == '0' ? !isdigit((unsigned char)*s) : *s != *tmpl)
			return false;
	return *s == '\0';
}

/* YYYY-MM-DD, optionally with THH:MM, :SS, .mmm and Z, in UTC. */
static int check_time(const char *s, struct err *err)
{
	static const char *const rests[] = {
		"", "T00:00", "T00:00Z", "T00:00:00", "T00:00:00Z",
		"T00:00:00.000", "T00:00:00.000Z",
	};
	size_t n = sizeof(rests) / sizeof(rests[0]);
	char date[11];

	if (strlen(s) >= 10) {
		memcpy(date, s, 10);
		date[10] = '\0';
		if (fits(date, "0000-00-00") &&
		    value_check_date(date, NULL) == 0)
			for (size_t i = 0; i < n; i++)
				if (fits(s + 10, rests[i]))
					return 0;
	}
	return err_set(err, ERR_INVALID,
		       _("expected a UTC time such as 2025-06-30 or "
			 "2025-06-30T14:05:00Z"));
}

static int set_time(const char *name, const char *v, struct audit_params *p,
		    struct err *err)
{
	if (check_time(v, err) < 0)
		return -1;
	if (!strcmp(name, "since")) {
		p->f.since = v;
		return 0;
	}
	/* Stored times are ISO text; a bare date covers its whole day. */
	snprintf(p->until, sizeof(p->until), "%s%s", v,
		 strlen(v) == 10 ? "T23:59:59.999Z" : "");
	p->f.until = p->until;
	return 0;
}

static int set_param(const char *name, const char *v, void *arg,
		     struct err *err)
{
	struct audit_params *p = arg;

	if (!strcmp(name, "limit"))
		return parse_int64(v, 1, LIMIT_PAGE_MAX, &p->f.limit, err);
	if (!strcmp(name, "before"))
		return parse_int64(v, 1, INT64_MAX, &p->f.before_id, err);
	if (!strcmp(name, "since") || !strcmp(name, "until"))
		return set_time(name, v, p, err);
	if (!strcmp(name, "user")) {
		p->f.username = v;
		return value_check_text(v, PRINCIPAL_NAME_MAX, err);
	}
	if (!strcmp(name, "entity_type"))
		p->f.entity_type = v;
	else if (!strcmp(name, "entity_id"))
		p->f.entity_id = v;
	else if (!strcmp(name, "action"))
		p->f.action = v;
	else
		return err_set(err, ERR_INVALID,
			       _("unknown parameter; this resource takes: "
				 "entity_type, entity_id, action, user, "
				 "since, until, limit, before"));
	return value_check_id(v, err);
}

static int parse_params(const struct http_request *req,
			struct audit_params *p, struct err *err)
{
	memset(p, 0, sizeof(*p));
	p->f.limit = LIMIT_PAGE_DEFAULT;
	return api_params_each(req, set_param, p, err);
}

static void handle_audit(struct http_request *req, struct http_response *resp)
{
	struct app_thread *app = req->ctx;
	struct principal who = PRINCIPAL_ANONYMOUS;
	struct err err = ERR_INIT;
	struct audit_params p;
	json_t *out = NULL;

	if (api_authenticate(req, &who, &err) == 0 &&
	    parse_params(req, &p, &err) == 0)
		out = service_audit_list(app->st, &who, &p.f, &err);
	if (!out)
		api_problem(resp, &err);
	else
		api_json(resp, out);
	resp->cacheable = false;
	resp->cache_control = "no-store";
	json_decref(out);
}

const struct http_route audit_routes[] = {
	{ HTTP_GET, "/api/v1/audit", handle_audit },
};
const size_t audit_nroutes = sizeof(audit_routes) / sizeof(audit_routes[0]);
