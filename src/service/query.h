/*
 * service/query.h: what the read API and, later, the portal ask of the
 * data: pages of a collection, one item, a measure's reports and an
 * indicator's observations. Items come out in the API shape: references to
 * sources are expanded to {id, title, publisher, date, url}, every item
 * carries `sources` (all the documents it cites), and a measure carries its
 * computed `status`.
 *
 * Ownership: returned json_t values are new references for the caller.
 */
#ifndef VEIKART_SERVICE_QUERY_H
#define VEIKART_SERVICE_QUERY_H

#include <jansson.h>
#include <stdint.h>

#include "model/principal.h"
#include "store/entity.h"
#include "store/store.h"

struct query_page {
	const struct store_filter *filters;
	size_t nfilters;
	const char *cursor;	/* opaque, from a previous page; NULL first */
	int64_t limit;		/* 1..LIMIT_PAGE_MAX */
};

/*
 * {"items": [...], "total": N, "next": "<cursor>"|null}. A cursor that was
 * not made by this program is ERR_INVALID with field "cursor".
 */
json_t *service_list(struct store *st, const struct entity_desc *e,
		     const struct query_page *page, struct err *err);
/* 0 when collection coll has a live record id; else ERR_NOT_FOUND with
 * "no <what> has the id <id>". */
int service_require(struct store *st, const char *coll, const char *id,
		    const char *what, struct err *err);
/* One item, or NULL with ERR_NOT_FOUND. */
json_t *service_get(struct store *st, const struct entity_desc *e,
		    const char *id, struct err *err);
/*
 * Status reports of a measure, newest period first: a list page. The
 * public (who NULL or anonymous) sees approved reports only; signed-in
 * readers (OP_READ_PRIVATE) also submitted, returned and draft ones.
 */
json_t *service_measure_reports(struct store *st, const struct principal *who,
				const char *measure_id, struct err *err);
/* Observations of an indicator in period order: a list page. */
json_t *service_indicator_observations(struct store *st,
				       const char *indicator_id,
				       struct err *err);

#endif
