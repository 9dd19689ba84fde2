/*
 * service/front.c: the front page's aggregates (see front.h). It puts the
 * period in the store's terms, shapes the store's rows into one object
 * per strategy and checks the limit; the counting is
 * store/front_queries.c's. It must not decide what the page shows.
 */
#include "service/front.h"

#include "store/front_queries.h"
#include "util/i18n.h"

/* Adds `name` of row to the same member of sum. */
static void add(json_t *sum, json_t *row, const char *name)
{
	json_int_t have = json_integer_value(json_object_get(sum, name));

	json_object_set_new(
	    sum, name,
	    json_integer(have +
			 json_integer_value(json_object_get(row, name))));
}

/* The store's rows (one per strategy and status) folded per strategy. */
static json_t *by_strategy(json_t *rows)
{
	json_t *out = json_object(), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		const char *sid =
		    json_string_value(json_object_get(row, "strategy"));
		const char *status =
		    json_string_value(json_object_get(row, "status"));
		json_t *sum;

		if (!sid || !status)
			continue;
		if (!(sum = json_object_get(out, sid))) {
			sum = json_pack("{s{}}", "statuses");
			json_object_set_new(out, sid, sum);
		}
		json_object_set(json_object_get(sum, "statuses"), status,
				json_object_get(row, "measures"));
		add(sum, row, "measures");
		add(sum, row, "unconfirmed");
		add(sum, row, "counted");
		add(sum, row, "reported");
	}
	return out;
}

json_t *service_front_strategies(struct store *st, const struct period *p,
				 struct err *err)
{
	char text[PERIOD_TEXT_MAX], start[11], end[11];
	json_t *rows, *out;

	period_format(p, text);
	period_bounds(p, start, end);
	if (!(rows = store_front_strategy_rows(st, text, end, err)))
		return NULL;
	out = by_strategy(rows);
	json_decref(rows);
	return out;
}

json_t *service_front_indicator_measures(struct store *st, struct err *err)
{
	json_t *pairs = store_front_indicator_measures(st, err), *out, *sid;
	const char *mid;

	if (!pairs)
		return NULL;
	out = json_object();
	json_object_foreach(pairs, mid, sid)
		json_object_set_new(out, mid,
				    json_pack("{sO}", "strategy", sid));
	json_decref(pairs);
	return out;
}

json_t *service_front_recent_reports(struct store *st, int64_t limit,
				     struct err *err)
{
	if (limit < 1 || limit > SERVICE_FRONT_RECENT_MAX) {
		err_set(err, ERR_INVALID, _("limit must be 1 to %d"),
			SERVICE_FRONT_RECENT_MAX);
		return NULL;
	}
	return store_front_recent_reports(st, limit, err);
}
