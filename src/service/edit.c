/*
 * service/edit.c: reads for the edit pages (see edit.h). Access is asked
 * of access.c before anything is read; a refusal is audited like the
 * write API's. It must not speak SQL (store/ does) or write anything:
 * changes go through service/write.h. Ownership: every json_t made here
 * is released here, except the values returned.
 */
#include "service/edit.h"

#include "service/access.h"
#include "service/audit.h"
#include "service/query.h"
#include "service/write.h"
#include "store/edit_queries.h"
#include "store/entity.h"
#include "util/i18n.h"

/* The coordinator's right to change registry data, asked as a read. */
static int may_edit(struct store *st, const struct principal *who,
		    const char *collection, const char *id, struct err *err)
{
	if (access_check(st, who, OP_WRITE_DOMAIN, NULL, err) == 0)
		return 0;
	audit_denied(st, who, "read", collection, id, err);
	return -1;
}

static int need_writable(const struct entity_desc *e, struct err *err)
{
	if (service_writable(e))
		return 0;
	return err_set(err, ERR_NOT_FOUND,
		       _("records of this kind are not edited here"));
}

int service_edit_allowed(struct store *st, const struct principal *who,
			 const struct entity_desc *e, struct err *err)
{
	if (may_edit(st, who, e->collection, NULL, err) < 0 ||
	    need_writable(e, err) < 0)
		return -1;
	return 0;
}

json_t *service_edit_summary(struct store *st, const struct principal *who,
			     struct err *err)
{
	json_t *out;

	if (may_edit(st, who, "collections", NULL, err) < 0)
		return NULL;
	out = json_array();
	for (size_t i = 0; i < entity_count; i++) {
		const struct entity_desc *e = entity_all[i];
		int64_t n = 0;

		if (!service_writable(e))
			continue;
		if (store_entity_count(st, e, NULL, 0, &n, err) < 0) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s,s:I}", "collection",
						     e->collection, "count",
						     (json_int_t)n));
	}
	return out;
}

json_t *service_edit_items(struct store *st, const struct principal *who,
			   const struct entity_desc *e, struct err *err)
{
	json_t *items = NULL, *updated = NULL, *rec;
	size_t i;

	if (may_edit(st, who, e->collection, NULL, err) < 0 ||
	    need_writable(e, err) < 0)
		return NULL;
	items = store_entity_list(st, e, NULL, 0, NULL, 0, 0, err);
	if (items)
		updated = store_edit_updated(st, e, err);
	if (!updated) {
		json_decref(items);
		return NULL;
	}
	json_array_foreach(items, i, rec) {
		const char *rid = json_string_value(json_object_get(rec, "id"));
		json_t *at = rid ? json_object_get(updated, rid) : NULL;

		json_object_set(rec, "updated_at", at ? at : json_null());
	}
	json_decref(updated);
	return items;
}

json_t *service_edit_record(struct store *st, const struct principal *who,
			    const struct entity_desc *e, const char *id,
			    struct err *err)
{
	json_t *record, *item;

	if (may_edit(st, who, e->collection, id, err) < 0 ||
	    need_writable(e, err) < 0)
		return NULL;
	record = store_entity_get(st, e, id, 0, err);
	if (!record)
		return NULL;
	item = service_get(st, e, id, err);
	if (!item) {
		json_decref(record);
		return NULL;
	}
	return json_pack("{s:o,s:o}", "record", record, "item", item);
}
