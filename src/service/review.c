/*
 * service/review.c: the coordinator's reads of the reporting workflow (see
 * review.h), composed of service/report.h's reads after access.c has
 * said yes. It must not speak SQL or write anything. Ownership: every
 * json_t made here is released here, except the values returned.
 */
#include "service/review.h"

#include <string.h>

#include "model/entity.h"
#include "model/period.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/query.h"
#include "service/report.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool is(json_t *o, const char *key, const char *want)
{
	const char *v = str(o, key);

	return v && !strcmp(v, want);
}

/* The coordinator's right `op`, asked as a read of `type`/`id`. */
static int may(struct store *st, const struct principal *who, enum access_op op,
	       const char *type, const char *id, struct err *err)
{
	if (access_check(st, who, op, NULL, err) == 0)
		return 0;
	audit_denied(st, who, "read", type, id, err);
	return -1;
}

/* The newest open period, else the newest; NULL when there is none. */
static const char *default_period(json_t *periods)
{
	json_t *p;
	size_t i;

	json_array_foreach(periods, i, p)
		if (is(p, "state", "open"))
			return str(p, "id");
	return str(json_array_get(periods, 0), "id");
}

json_t *service_review_cycle(struct store *st, const struct principal *who,
			     const char *period, const char *today,
			     struct err *err)
{
	json_t *list, *periods, *overview = NULL, *out;
	struct err e = ERR_INIT;

	if (may(st, who, OP_MANAGE_PERIODS, "periods", period, err) < 0 ||
	    !(list = service_period_list(st, err)))
		return NULL;
	periods = json_incref(json_object_get(list, "items"));
	json_decref(list);
	if (!period)
		period = default_period(periods);
	if (period &&
	    !(overview = service_overview(st, who, period, today, &e))) {
		/* A period never opened has no overview to show. */
		if (e.code == ERR_INVALID)
			e.code = ERR_NOT_FOUND;
		if (err)
			*err = e;
		json_decref(periods);
		return NULL;
	}
	out =
	    json_pack("{s:o,s:o,s:o}", "periods", periods, "period",
		      overview ? json_copy(json_object_get(
				     json_object_get(overview, "period"), "id"))
			       : json_null(),
		      "overview", overview ? overview : json_null());
	return out;
}

/* Whether report r is an earlier one of the same kind as `of`. */
static bool earlier_peer(json_t *r, json_t *of, const struct period *p)
{
	struct period q;

	if (!is(r, "state", "approved") || !str(r, "kind") ||
	    !is(r, "kind", str(of, "kind")))
		return false;
	if (is(of, "kind", "contribution") &&
	    (!str(r, "actor") || !is(r, "actor", str(of, "actor"))))
		return false;
	return period_parse(str(r, "period"), &q, NULL) == 0 &&
	       period_compare(&q, p) < 0;
}

/* The newest approved report before `report`'s period, or null. */
static json_t *previous(struct store *st, const struct principal *who,
			json_t *report, struct err *err)
{
	json_t *hist, *r, *out = NULL;
	struct period p;
	size_t i;

	if (period_parse(str(report, "period"), &p, NULL) < 0)
		return json_null();
	hist = service_measure_history(st, who, str(report, "measure"), err);
	if (!hist)
		return NULL;
	/* The history is newest first: the first peer is the one. */
	json_array_foreach(json_object_get(hist, "items"), i, r)
		if (!out && earlier_peer(r, report, &p))
			out = json_incref(r);
	json_decref(hist);
	return out ? out : json_null();
}

/* service_x's answer, or null when it is not there (ERR_NOT_FOUND). */
static json_t *or_null(json_t *v, const struct err *e, struct err *err)
{
	if (v)
		return v;
	if (e->code == ERR_NOT_FOUND)
		return json_null();
	if (err)
		*err = *e;
	return NULL;
}

json_t *service_review_get(struct store *st, const struct principal *who,
			   const char *id, struct err *err)
{
	struct err e1 = ERR_INIT, e2 = ERR_INIT;
	json_t *report, *prev, *measure = NULL, *period = NULL;

	if (may(st, who, OP_REVIEW_REPORTS, "reports", id, err) < 0 ||
	    !(report = service_report_get(st, who, id, err)))
		return NULL;
	if (!(prev = previous(st, who, report, err)))
		goto fail;
	measure = or_null(service_get(st, entity_find("measures"),
				      str(report, "measure"), &e1),
			  &e1, err);
	if (!measure)
		goto fail;
	period = or_null(service_period_get(st, str(report, "period"), &e2),
			 &e2, err);
	if (!period)
		goto fail;
	return json_pack("{s:o,s:o,s:o,s:o}", "report", report, "previous",
			 prev, "measure", measure, "period", period);
fail:
	json_decref(report);
	json_decref(prev);
	json_decref(measure);
	return NULL;
}
