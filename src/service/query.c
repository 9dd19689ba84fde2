/*
 * service/query.c: read queries in the API's shape. Keyset pagination on
 * the public id keeps pages stable while data changes and costs the same at
 * any depth; the cursor is the last id, base64url-encoded so that clients
 * treat it as opaque.
 */
#include "service/query.h"

#include <sodium.h>
#include <string.h>

#include "model/entity.h"
#include "service/report.h"
#include "service/access.h"
#include "util/i18n.h"

static int cursor_decode(const char *cursor, char *out, size_t outlen,
			 struct err *err)
{
	size_t n = 0;

	if (sodium_base642bin((unsigned char *)out, outlen - 1, cursor,
			      strlen(cursor), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n == 0)
		return err_set_field(err, ERR_INVALID, "cursor",
				     _("not a cursor from this API; use the "
				       "\"next\" value of the previous page"));
	out[n] = '\0';
	if (strlen(out) != n)
		return err_set_field(err, ERR_INVALID, "cursor",
				     _("not a cursor from this API"));
	return 0;
}

static json_t *cursor_encode(const char *id)
{
	char out[sodium_base64_ENCODED_LEN(
		256, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	size_t n = strlen(id);

	if (n > 256)
		return json_null();
	sodium_bin2base64(out, sizeof(out), (const unsigned char *)id, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return json_string(out);
}

/* All sources as id -> {id, title, publisher, date, url}. */
static json_t *source_map(struct store *st, struct err *err)
{
	json_t *list = store_entity_list(st, entity_find("sources"), NULL, 0,
					 NULL, 0, 0, err);
	json_t *map, *src;
	size_t i;

	if (!list)
		return NULL;
	map = json_object();
	json_array_foreach(list, i, src) {
		json_t *o = json_pack("{s:O,s:O,s:O,s:O,s:O}", "id",
				      json_object_get(src, "id"), "title",
				      json_object_get(src, "title"),
				      "publisher",
				      json_object_get(src, "publisher"),
				      "date", json_object_get(src, "date"),
				      "url", json_object_get(src, "url"));

		json_object_set_new(map, json_string_value(json_object_get(
						 src, "id")),
				    o);
	}
	json_decref(list);
	return map;
}

static json_t *expand_one(json_t *map, json_t *id, json_t *cited)
{
	json_t *o = json_object_get(map, json_string_value(id));

	if (!o)
		return json_incref(id);
	if (!json_object_get(cited, json_string_value(id)))
		json_object_set(cited, json_string_value(id), o);
	return json_incref(o);
}

/* Replaces source ids in obj's fields by objects; collects them in cited. */
static void expand_fields(json_t *obj, const struct field_desc *f, size_t n,
			  json_t *map, json_t *cited)
{
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(obj, f[i].name);
		json_t *arr, *id;
		size_t k;

		if (!v || json_is_null(v) || !f[i].ref ||
		    strcmp(f[i].ref, "sources"))
			continue;
		if (f[i].type == FT_REF) {
			json_object_set_new(obj, f[i].name,
					    expand_one(map, v, cited));
			continue;
		}
		arr = json_array();
		json_array_foreach(v, k, id)
			json_array_append_new(arr, expand_one(map, id, cited));
		json_object_set_new(obj, f[i].name, arr);
	}
}

static void expand_item(const struct entity_desc *e, json_t *item,
			json_t *map)
{
	json_t *cited = json_object();
	json_t *sources = json_array();
	const char *key;
	json_t *v;

	expand_fields(item, e->fields, e->nfields, map, cited);
	for (size_t c = 0; c < e->nchildren; c++) {
		json_t *kids = json_object_get(item, e->children[c].name);
		json_t *kid;
		size_t k;

		if (e->children[c].scalar)
			continue;
		json_array_foreach(kids, k, kid)
			expand_fields(kid, e->children[c].fields,
				      e->children[c].nfields, map, cited);
	}
	json_object_foreach(cited, key, v)
		json_array_append(sources, v);
	json_object_set_new(item, "sources", sources);
	json_decref(cited);
}

static int expand_items(struct store *st, const struct entity_desc *e,
			json_t *items, struct err *err)
{
	json_t *map, *item;
	size_t i;

	if (!strcmp(e->collection, "sources"))
		return 0;
	map = source_map(st, err);
	if (!map)
		return -1;
	json_array_foreach(items, i, item)
		expand_item(e, item, map);
	json_decref(map);
	return 0;
}

/* Expands source ids in a list of child rows (observations). */
static int expand_child_items(struct store *st, const struct child_desc *c,
			      json_t *items, struct err *err)
{
	json_t *map = source_map(st, err);
	json_t *cited = json_object();
	json_t *item;
	size_t i;

	if (map)
		json_array_foreach(items, i, item)
			expand_fields(item, c->fields, c->nfields, map, cited);
	json_decref(map);
	json_decref(cited);
	return map ? 0 : -1;
}

json_t *service_list(struct store *st, const struct entity_desc *e,
		     const struct query_page *page, struct err *err)
{
	char after[512];
	json_t *items, *last;
	int64_t total;

	if (page->cursor &&
	    cursor_decode(page->cursor, after, sizeof(after), err) < 0)
		return NULL;
	if (store_entity_count(st, e, page->filters, page->nfilters, &total,
			       err) < 0)
		return NULL;
	/* One more than asked tells whether another page follows. */
	items = store_entity_list(st, e, page->filters, page->nfilters,
				  page->cursor ? after : NULL, page->limit + 1,
				  STORE_READ_COMPUTED, err);
	if (!items)
		return NULL;
	last = NULL;
	if ((int64_t)json_array_size(items) > page->limit) {
		json_array_remove(items, (size_t)page->limit);
		last = json_array_get(items, (size_t)page->limit - 1);
	}
	if (expand_items(st, e, items, err) < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:o}", "items", items, "total",
			 (json_int_t)total, "next",
			 last ? cursor_encode(json_string_value(
				       json_object_get(last, "id")))
			      : json_null());
}

json_t *service_get(struct store *st, const struct entity_desc *e,
		    const char *id, struct err *err)
{
	json_t *item = store_entity_get(st, e, id, STORE_READ_COMPUTED, err);
	json_t *one;

	if (!item)
		return NULL;
	one = json_pack("[O]", item);
	if (expand_items(st, e, one, err) < 0) {
		json_decref(one);
		json_decref(item);
		return NULL;
	}
	json_decref(one);
	return item;
}

int service_require(struct store *st, const char *coll, const char *id,
		    const char *what, struct err *err)
{
	bool found = false;

	if (store_entity_exists(st, coll, id, &found, err) < 0)
		return -1;
	if (!found)
		return err_set(err, ERR_NOT_FOUND, _("no %s has the id %s"),
			       what, id);
	return 0;
}

static json_t *whole_page(json_t *items)
{
	return json_pack("{s:o,s:I,s:n}", "items", items, "total",
			 (json_int_t)json_array_size(items), "next");
}

json_t *service_measure_reports(struct store *st, const struct principal *who,
				const char *measure_id, struct err *err)
{
	const struct entity_desc *e = entity_find("reports");
	struct store_filter f[] = {
		{ SF_FIELD, "measure", measure_id },
		{ SF_FIELD, "state", "approved" },
	};
	/* Signed-in readers also see reports not yet approved. */
	bool all = who && access_check(st, who, OP_READ_PRIVATE, NULL,
				       NULL) == 0;
	json_t *items;

	if (service_require(st, "measures", measure_id, "measure", err) < 0)
		return NULL;
	items = store_entity_list(st, e, f, all ? 1 : 2, NULL, 0,
				  STORE_READ_NEWEST, err);
	if (!items || expand_items(st, e, items, err) < 0) {
		json_decref(items);
		return NULL;
	}
	/* The public never sees a coordinator's comment or staff names. */
	if (!all) {
		json_t *item;
		size_t i;

		json_array_foreach(items, i, item)
			service_report_make_public(item);
	}
	return whole_page(items);
}

json_t *service_indicator_observations(struct store *st,
				       const char *indicator_id,
				       struct err *err)
{
	const struct entity_desc *e = entity_find("indicators");
	const struct child_desc *c = entity_child(e, "observations");
	json_t *items;

	if (service_require(st, "indicators", indicator_id, "indicator",
			    err) < 0)
		return NULL;
	items = store_child_list(st, c, indicator_id, err);
	if (!items)
		return NULL;
	if (expand_child_items(st, c, items, err) < 0) {
		json_decref(items);
		return NULL;
	}
	return whole_page(items);
}
