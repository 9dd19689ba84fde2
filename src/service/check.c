/*
 * service/check.c: integrity of a stored database. Reuses record_check so
 * that `check` and `import` can never disagree about what is valid.
 */
#include "service/check.h"

#include <jansson.h>
#include <stdio.h>

#include "model/entity.h"
#include "service/record.h"
#include "store/check.h"
#include "store/entity.h"

struct db_refs {
	struct store *st;
	bool failed;
};

static bool db_exists(void *arg, const char *coll, const char *id)
{
	struct db_refs *r = arg;
	bool found = false;

	if (store_entity_exists(r->st, coll, id, &found, NULL) < 0)
		r->failed = true;
	return found;
}

static int check_collection(struct store *st, const struct entity_desc *e,
			    const struct record_refs *refs,
			    struct problems *out, struct err *err)
{
	json_t *list = store_entity_list(st, e, NULL, 0, NULL, 0, 0, err);
	json_t *rec;
	size_t i;

	if (!list)
		return -1;
	json_array_foreach(list, i, rec) {
		char path[128];
		json_t *copy = json_deep_copy(rec);
		const char *key;
		json_t *v;
		void *tmp;

		/* Unset optional fields are stored as NULL; that is fine. */
		json_object_foreach_safe(copy, tmp, key, v)
			if (json_is_null(v))
				json_object_del(copy, key);
		snprintf(path, sizeof(path), "%s/%s", e->collection,
			 json_string_value(json_object_get(rec, "id")));
		record_check(e, copy, path, refs, out);
		json_decref(copy);
	}
	json_decref(list);
	return 0;
}

int service_check(struct store *st, struct problems *out, struct err *err)
{
	struct db_refs r = { st, false };
	struct record_refs refs = { db_exists, &r };

	if (store_check_foreign_keys(st, out, err) < 0 ||
	    store_check_focus_area_strategy(st, out, err) < 0)
		return -1;
	for (size_t k = 0; k < entity_count; k++) {
		if (store_check_case_duplicates(st, entity_all[k]->table,
						entity_all[k]->collection, out,
						err) < 0 ||
		    check_collection(st, entity_all[k], &refs, out, err) < 0)
			return -1;
	}
	if (r.failed)
		return err_set(err, ERR_DB, "database error during the check");
	return 0;
}
