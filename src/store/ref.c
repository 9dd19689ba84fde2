/*
 * store/ref.c: references to a record, and soft delete. The SQL is built
 * only from the static names in the entity descriptors (always quoted) or
 * written out below; the id is always bound. It answers questions and
 * marks rows; whether a delete is allowed is decided in service/write.c.
 */
#include "store/ref.h"

#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/*
 * Tables outside the descriptors that refer to records: a reporter's
 * actors (enabled users only) and closure proposals of measures. Each
 * query takes the id as ?1 and a row limit as ?2 and returns ids.
 */
struct extra_ref {
	const char *target;	/* the collection referred to */
	const char *collection;	/* what the referrer is called */
	const char *field;
	const char *sql;
};

static const struct extra_ref extras[] = {
	{ "actors", "users", "actors",
	  "SELECT u.username FROM user_actor ua JOIN app_user u ON "
	  "u.id = ua.user_id WHERE ua.actor = ?1 AND u.disabled = 0 "
	  "ORDER BY u.username LIMIT ?2" },
	{ "measures", "closures", "measure",
	  "SELECT CAST(id AS TEXT) FROM measure_closure WHERE measure = ?1 "
	  "ORDER BY id LIMIT ?2" },
	{ "measures", "closures", "merged_into",
	  "SELECT CAST(id AS TEXT) FROM measure_closure WHERE "
	  "merged_into = ?1 ORDER BY id LIMIT ?2" },
};

/* The condition "column `col` of alias `a` refers to ?1". */
static void add_match(struct buf *sql, const char *a,
		      const struct field_desc *f)
{
	if (f->type == FT_REFLIST)
		/* A list is JSON text; json_each over NULL is empty, and a
		 * value that is not JSON is treated as no list at all. */
		buf_addf(sql, "EXISTS (SELECT 1 FROM json_each(CASE WHEN "
			      "json_valid(%s.\"%s\") THEN %s.\"%s\" END) j "
			      "WHERE j.value = ?1)",
			 a, f->name, a, f->name);
	else
		buf_addf(sql, "%s.\"%s\" = ?1", a, f->name);
}

static bool refers(const struct field_desc *f, const char *coll)
{
	return (f->type == FT_REF || f->type == FT_REFLIST) && f->ref &&
	       !strcmp(f->ref, coll);
}

/* Runs one query (?1 id, ?2 limit) and appends its ids to out. */
static int collect(struct store *st, const char *sql, const char *id,
		   const char *coll, const char *field, size_t max,
		   json_t *out, struct err *err)
{
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, id, err) == 0 &&
	    store_bind_int64(q, 2, (int64_t)(max - json_array_size(out)),
			     err) == 0)
		while ((r = store_step(q, err)) == STORE_ROW)
			json_array_append_new(
				out, json_pack("{s:s,s:s,s:s}", "collection",
					       coll, "id",
					       store_col_text(q, 0), "field",
					       field));
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}

/* Records of `from` whose field f refers to the id. */
static int from_field(struct store *st, const struct entity_desc *from,
		      const struct field_desc *f, bool self, const char *id,
		      size_t max, json_t *out, struct err *err)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_addf(&sql, "SELECT t.id FROM \"%s\" t WHERE t.deleted_at IS NULL "
		       "AND ", from->table);
	add_match(&sql, "t", f);
	if (self)
		buf_addstr(&sql, " AND t.id <> ?1");
	buf_addstr(&sql, " ORDER BY t.id LIMIT ?2");
	rc = collect(st, buf_cstr(&sql), id, from->collection, f->name, max,
		     out, err);
	buf_release(&sql);
	return rc;
}

/* Live parents of `from` whose child c has a row with field f = id. */
static int from_child(struct store *st, const struct entity_desc *from,
		      const struct child_desc *c, const struct field_desc *f,
		      bool self, const char *id, size_t max, json_t *out,
		      struct err *err)
{
	struct buf sql = BUF_INIT, field = BUF_INIT;
	int rc;

	buf_addf(&sql, "SELECT DISTINCT p.id FROM \"%s\" k JOIN \"%s\" p ON "
		       "p.id = k.\"%s\" WHERE p.deleted_at IS NULL AND ",
		 c->table, from->table, c->parent_col);
	add_match(&sql, "k", f);
	if (self)
		buf_addstr(&sql, " AND p.id <> ?1");
	buf_addstr(&sql, " ORDER BY p.id LIMIT ?2");
	if (c->scalar)
		buf_addstr(&field, c->name);
	else
		buf_addf(&field, "%s.%s", c->name, f->name);
	rc = collect(st, buf_cstr(&sql), id, from->collection,
		     buf_cstr(&field), max, out, err);
	buf_release(&sql);
	buf_release(&field);
	return rc;
}

/* Every descriptor field and child field of `from` that refers to e. */
static int from_entity(struct store *st, const struct entity_desc *from,
		       const struct entity_desc *e, const char *id,
		       size_t max, json_t *out, struct err *err)
{
	bool self = from == e;

	for (size_t i = 0; i < from->nfields; i++)
		if (json_array_size(out) < max &&
		    refers(&from->fields[i], e->collection) &&
		    from_field(st, from, &from->fields[i], self, id, max, out,
			       err) < 0)
			return -1;
	for (size_t c = 0; c < from->nchildren; c++) {
		const struct child_desc *cd = &from->children[c];

		for (size_t i = 0; i < cd->nfields; i++)
			if (json_array_size(out) < max &&
			    refers(&cd->fields[i], e->collection) &&
			    from_child(st, from, cd, &cd->fields[i], self, id,
				       max, out, err) < 0)
				return -1;
	}
	return 0;
}

json_t *store_ref_referrers(struct store *st, const struct entity_desc *e,
			    const char *id, size_t max, struct err *err)
{
	json_t *out = json_array();

	for (size_t k = 0; k < entity_count; k++)
		if (from_entity(st, entity_all[k], e, id, max, out, err) < 0)
			goto fail;
	for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++)
		if (json_array_size(out) < max &&
		    !strcmp(extras[i].target, e->collection) &&
		    collect(st, extras[i].sql, id, extras[i].collection,
			    extras[i].field, max, out, err) < 0)
			goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

int store_ref_soft_delete(struct store *st, const struct entity_desc *e,
			  const char *id, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int rc = -1;

	/* NOW holds '%' itself, so it is added as a plain string. */
	buf_addf(&sql, "UPDATE \"%s\" SET deleted_at = ", e->table);
	buf_addstr(&sql, NOW ", updated_at = " NOW ", version = version + 1 "
			 "WHERE id = ?1 AND deleted_at IS NULL RETURNING id");
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    store_bind_text(q, 1, id, err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		/* RETURNING reports the row; step on to finish the update. */
		rc = store_step(q, err) == STORE_DONE ? 0 : -1;
		break;
	case STORE_DONE:
		err_set(err, ERR_NOT_FOUND, _("no %s has the id %s"),
			e->singular, id);
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

int store_ref_id_used(struct store *st, const struct entity_desc *e,
		      const char *id, bool *used, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int rc = -1;

	*used = false;
	buf_addf(&sql, "SELECT 1 FROM \"%s\" WHERE id = ?1", e->table);
	if (store_prepare(st, buf_cstr(&sql), &q, err) == 0 &&
	    store_bind_text(q, 1, id, err) == 0) {
		switch (store_step(q, err)) {
		case STORE_ROW:
			*used = true;
			/* fall through */
		case STORE_DONE:
			rc = 0;
			break;
		default:
			break;
		}
	}
	store_finalize(q);
	buf_release(&sql);
	return rc;
}
