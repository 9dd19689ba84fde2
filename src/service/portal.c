/*
 * service/portal.c: the portal's reads (see portal.h). It reuses the read
 * API's queries (service_list, service_period_list) so that the pages and
 * the API show the same data in the same shape; the only SQL of its own is
 * in store/web_queries.c. It must not decide what a page shows, only what
 * the data is.
 */
#include "service/portal.h"

#include <string.h>

#include "model/entity.h"
#include "model/limits.h"
#include "service/query.h"
#include "service/report.h"
#include "store/web_queries.h"
#include "util/i18n.h"

json_t *portal_all(struct store *st, const char *collection,
		   const struct store_filter *filters, size_t nfilters,
		   struct err *err)
{
	const struct entity_desc *e = entity_find(collection);
	struct query_page page = { filters, nfilters, NULL, LIMIT_PAGE_MAX };
	json_t *all, *one, *prev = NULL;

	if (!e) {
		err_set(err, ERR_INTERNAL, _("no collection %s"), collection);
		return NULL;
	}
	all = json_array();
	for (;;) {
		one = service_list(st, e, &page, err);
		/* page.cursor pointed into prev; service_list is done
		 * with it. */
		json_decref(prev);
		if (!one) {
			json_decref(all);
			return NULL;
		}
		json_array_extend(all, json_object_get(one, "items"));
		page.cursor = json_string_value(json_object_get(one, "next"));
		if (!page.cursor)
			break;
		prev = one;
	}
	json_decref(one);
	return all;
}

json_t *portal_map(struct store *st, const char *collection,
		   struct err *err)
{
	json_t *list = portal_all(st, collection, NULL, 0, err);
	json_t *map, *item;
	size_t i;

	if (!list)
		return NULL;
	map = json_object();
	json_array_foreach(list, i, item)
		json_object_set(map,
				json_string_value(json_object_get(item, "id")),
				item);
	json_decref(list);
	return map;
}

json_t *portal_latest_reports(struct store *st, struct err *err)
{
	json_t *rows = store_web_approved_reports(st, err);
	json_t *out, *row;
	size_t i;

	if (!rows)
		return NULL;
	out = json_object();
	/* Rows come newest first within each measure: keep the first. */
	json_array_foreach(rows, i, row) {
		const char *m =
			json_string_value(json_object_get(row, "measure"));

		if (m && !json_object_get(out, m))
			json_object_set(out, m, row);
	}
	json_decref(rows);
	return out;
}

int portal_status_period(struct store *st, time_t now, struct period *out,
			 struct err *err)
{
	json_t *periods = service_period_list(st, err);
	const char *newest;
	struct tm tm;
	int rc = 0;

	if (!periods)
		return -1;
	/* service_period_list orders newest first. */
	newest = json_string_value(json_object_get(
		json_array_get(json_object_get(periods, "items"), 0), "id"));
	if (newest && period_parse(newest, out, NULL) == 0)
		goto done;
	if (!localtime_r(&now, &tm)) {
		rc = err_set(err, ERR_INTERNAL, _("cannot read the clock"));
		goto done;
	}
	*out = (struct period){ PERIOD_TERTIAL, tm.tm_year + 1900,
				tm.tm_mon / 4 + 1, tm.tm_year + 1900 };
done:
	json_decref(periods);
	return rc;
}
