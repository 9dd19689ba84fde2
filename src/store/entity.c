/*
 * store/entity.c: record SQL generated from the entity descriptors. The SQL
 * text is built only from the static descriptor names (never from input),
 * always with quoted identifiers; every value is bound. Records are jansson
 * objects; see entity.h for ownership.
 */
#include "store/entity.h"

#include <math.h>
#include <string.h>

#include "model/period.h"
#include "util/buf.h"
#include "util/i18n.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* A measure's status comes from its latest approved status report. */
static const char measure_status_sql[] =
	"coalesce((SELECT r.status FROM status_report r WHERE "
	"r.measure = t.id AND r.kind = 'status' AND r.state = 'approved' AND "
	"r.deleted_at IS NULL ORDER BY r.period_end DESC, r.approved_at DESC "
	"LIMIT 1), 'not_reported')";

static bool is_measure(const struct entity_desc *e)
{
	return !strcmp(e->table, "measure");
}

static void add_ident(struct buf *b, const char *name)
{
	buf_addf(b, "\"%s\"", name);
}

/* Column list for a field set, with period bounds where flagged. */
static void add_columns(struct buf *b, const struct field_desc *f, size_t n,
			const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(b, ", ");
		buf_addstr(b, prefix);
		add_ident(b, f[i].name);
	}
}

static bool has_bounds(const struct field_desc *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].flags & FIELD_PERIOD_BOUNDS)
			return true;
	return false;
}

/* Binds one JSON value to parameter `idx` according to its field type. */
static int bind_value(struct store_stmt *q, int idx,
		      const struct field_desc *f, json_t *v, struct err *err)
{
	json_t *dflt = NULL;
	char *text;
	int rc;

	if ((!v || json_is_null(v)) && f->dflt) {
		dflt = json_loads(f->dflt, JSON_DECODE_ANY, NULL);
		v = dflt;
	}
	if (!v || json_is_null(v)) {
		rc = store_bind_null(q, idx, err);
	} else if (f->type == FT_INT) {
		rc = store_bind_int64(q, idx, json_integer_value(v), err);
	} else if (f->type == FT_BOOL) {
		rc = store_bind_int64(q, idx, json_is_true(v), err);
	} else if (f->type == FT_NUM) {
		rc = store_bind_double(q, idx, json_number_value(v), err);
	} else if (f->type == FT_REFLIST || f->type == FT_JSON) {
		text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
					     JSON_ENCODE_ANY);
		rc = store_bind_text(q, idx, text, err);
		free(text);
	} else if (f->type == FT_PERIOD) {
		struct period p;
		char canon[PERIOD_TEXT_MAX];

		if (period_parse(json_string_value(v), &p, err) < 0)
			rc = -1;
		else {
			period_format(&p, canon);
			rc = store_bind_text(q, idx, canon, err);
		}
	} else {
		rc = store_bind_text(q, idx, json_string_value(v), err);
	}
	json_decref(dflt);
	return rc;
}

/* Binds period_start/period_end after the fields, from the flagged field. */
static int bind_bounds(struct store_stmt *q, int idx,
		       const struct field_desc *f, size_t n, json_t *rec,
		       struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct period p;
		char start[11], end[11];

		if (!(f[i].flags & FIELD_PERIOD_BOUNDS))
			continue;
		if (period_parse(json_string_value(json_object_get(
					 rec, f[i].name)),
				 &p, err) < 0)
			return -1;
		period_bounds(&p, start, end);
		if (store_bind_text(q, idx, start, err) < 0 ||
		    store_bind_text(q, idx + 1, end, err) < 0)
			return -1;
		return 0;
	}
	return 0;
}

/* Converts column `i` of the current row to JSON for field `f`. */
static json_t *column_json(struct store_stmt *q, int i,
			   const struct field_desc *f)
{
	const char *text;
	double d;

	if (store_col_is_null(q, i))
		return json_null();
	switch (f->type) {
	case FT_INT:
		return json_integer(store_col_int64(q, i));
	case FT_BOOL:
		return json_boolean(store_col_int64(q, i) != 0);
	case FT_NUM:
		d = store_col_double(q, i);
		/* 22 reads better than 22.0, and is the same JSON number. */
		if (d == floor(d) && fabs(d) < 9007199254740992.0)
			return json_integer((json_int_t)d);
		return json_real(d);
	case FT_REFLIST:
	case FT_JSON:
		text = store_col_text(q, i);
		return json_loads(text, JSON_DECODE_ANY, NULL);
	default:
		return json_string(store_col_text(q, i));
	}
}

static int put_children(struct store *st, const struct child_desc *c,
			const char *parent_id, json_t *items,
			struct err *err);

static int put_row(struct store *st, const struct entity_desc *e,
		   json_t *rec, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	bool bounds = has_bounds(e->fields, e->nfields);
	size_t n = e->nfields + (bounds ? 2 : 0);
	int rc = -1;

	buf_addf(&sql, "INSERT INTO \"%s\" (", e->table);
	add_columns(&sql, e->fields, e->nfields, "");
	if (bounds)
		buf_addstr(&sql, ", period_start, period_end");
	buf_addstr(&sql, ") VALUES (");
	for (size_t i = 0; i < n; i++)
		buf_addf(&sql, "%s?%zu", i ? ", " : "", i + 1);
	buf_addstr(&sql, ") ON CONFLICT(id) DO UPDATE SET ");
	for (size_t i = 1; i < e->nfields; i++)
		buf_addf(&sql, "\"%s\" = excluded.\"%s\", ", e->fields[i].name,
			 e->fields[i].name);
	if (bounds)
		buf_addstr(&sql, "period_start = excluded.period_start, "
				 "period_end = excluded.period_end, ");
	buf_addstr(&sql, "version = version + 1, updated_at = " NOW
			 ", deleted_at = NULL WHERE deleted_at IS NOT NULL");
	for (size_t i = 1; i < e->nfields; i++)
		buf_addf(&sql, " OR \"%s\" IS NOT excluded.\"%s\"",
			 e->fields[i].name, e->fields[i].name);

	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0)
		goto done;
	for (size_t i = 0; i < e->nfields; i++)
		if (bind_value(q, (int)i + 1, &e->fields[i],
			       json_object_get(rec, e->fields[i].name),
			       err) < 0)
			goto done;
	if (bounds && bind_bounds(q, (int)e->nfields + 1, e->fields,
				  e->nfields, rec, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_DONE)
		rc = 0;
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

int store_entity_put(struct store *st, const struct entity_desc *e,
		     json_t *rec, bool *created, struct err *err)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	bool exists;

	if (store_entity_exists(st, e->collection, id, &exists, err) < 0)
		return -1;
	if (put_row(st, e, rec, err) < 0)
		return -1;
	for (size_t i = 0; i < e->nchildren; i++)
		if (put_children(st, &e->children[i], id,
				 json_object_get(rec, e->children[i].name),
				 err) < 0)
			return -1;
	if (created)
		*created = !exists;
	return 0;
}

static int delete_children(struct store *st, const struct child_desc *c,
			   const char *parent_id, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int rc = -1;

	buf_addf(&sql, "DELETE FROM \"%s\" WHERE \"%s\" = ?1", c->table,
		 c->parent_col);
	if (store_prepare(st, buf_cstr(&sql), &q, err) == 0 &&
	    store_bind_text(q, 1, parent_id, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

/*
 * The <name>_key columns of FIELD_KEY_COPY fields (values: false) or their
 * values (true): the field's own parameter, ?2 onwards as bind_child binds
 * them, with '' for NULL.
 */
static void add_key_copies(struct buf *b, const struct field_desc *f, size_t n,
			   bool values)
{
	for (size_t i = 0; i < n; i++) {
		if (!(f[i].flags & FIELD_KEY_COPY))
			continue;
		if (values)
			buf_addf(b, ", coalesce(?%zu, '')", i + 2);
		else
			buf_addf(b, ", \"%s_key\"", f[i].name);
	}
}

/* Binds one child item; a scalar child's item is the bare id string. */
static int bind_child(struct store_stmt *q, const struct child_desc *c,
		      const char *parent_id, json_t *item, struct err *err)
{
	bool bounds = has_bounds(c->fields, c->nfields);

	if (store_bind_text(q, 1, parent_id, err) < 0)
		return -1;
	if (c->scalar)
		return bind_value(q, 2, &c->fields[0], item, err);
	for (size_t i = 0; i < c->nfields; i++)
		if (bind_value(q, (int)i + 2, &c->fields[i],
			       json_object_get(item, c->fields[i].name),
			       err) < 0)
			return -1;
	if (bounds)
		return bind_bounds(q, (int)c->nfields + 2, c->fields,
				   c->nfields, item, err);
	return 0;
}

static int put_children(struct store *st, const struct child_desc *c,
			const char *parent_id, json_t *items,
			struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	bool bounds = has_bounds(c->fields, c->nfields);
	size_t n = c->nfields + 1 + (bounds ? 2 : 0);
	size_t i;
	json_t *item;
	int rc = -1;

	if (delete_children(st, c, parent_id, err) < 0)
		return -1;
	if (!json_is_array(items) || json_array_size(items) == 0)
		return 0;
	buf_addf(&sql, "INSERT INTO \"%s\" (\"%s\", ", c->table,
		 c->parent_col);
	add_columns(&sql, c->fields, c->nfields, "");
	if (bounds)
		buf_addstr(&sql, ", period_start, period_end");
	add_key_copies(&sql, c->fields, c->nfields, false);
	buf_addstr(&sql, ") VALUES (");
	for (size_t k = 0; k < n; k++)
		buf_addf(&sql, "%s?%zu", k ? ", " : "", k + 1);
	add_key_copies(&sql, c->fields, c->nfields, true);
	buf_addstr(&sql, ")");
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0)
		goto done;
	json_array_foreach(items, i, item) {
		if (bind_child(q, c, parent_id, item, err) < 0 ||
		    store_step(q, err) != STORE_DONE)
			goto done;
		store_reset(q);
	}
	rc = 0;
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

int store_entity_exists(struct store *st, const char *coll, const char *id,
			bool *out, struct err *err)
{
	const struct entity_desc *e = entity_find(coll);
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int rc = -1;

	*out = false;
	if (!e)
		return err_set(err, ERR_INTERNAL, "unknown collection");
	buf_addf(&sql, "SELECT 1 FROM \"%s\" WHERE id = ?1 AND "
		       "deleted_at IS NULL", e->table);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    store_bind_text(q, 1, id, err) < 0)
		goto done;
	switch (store_step(q, err)) {
	case STORE_ROW:
		*out = true;
		rc = 0;
		break;
	case STORE_DONE:
		rc = 0;
		break;
	default:
		break;
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}

/* A stored list's order: the descriptor's, else the order of writing. */
static const char *child_order(const struct child_desc *c)
{
	if (c->order)
		return c->order;
	return has_bounds(c->fields, c->nfields) ? "period_start, rowid"
						 : "rowid";
}

json_t *store_child_list(struct store *st, const struct child_desc *c,
			 const char *parent_id, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	json_t *out = json_array();
	enum store_step_result r;

	buf_addstr(&sql, "SELECT ");
	add_columns(&sql, c->fields, c->nfields, "");
	buf_addf(&sql, " FROM \"%s\" WHERE \"%s\" = ?1 ORDER BY %s", c->table,
		 c->parent_col, child_order(c));
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    store_bind_text(q, 1, parent_id, err) < 0)
		goto fail;
	while ((r = store_step(q, err)) == STORE_ROW) {
		json_t *item;

		if (c->scalar) {
			json_array_append_new(out,
					      column_json(q, 0, &c->fields[0]));
			continue;
		}
		item = json_object();
		for (size_t i = 0; i < c->nfields; i++)
			json_object_set_new(item, c->fields[i].name,
					    column_json(q, (int)i, &c->fields[i]));
		json_array_append_new(out, item);
	}
	if (r == STORE_ERROR)
		goto fail;
	store_finalize(q);
	buf_release(&sql);
	return out;
fail:
	store_finalize(q);
	buf_release(&sql);
	json_decref(out);
	return NULL;
}

/* WHERE clause for the filters; parameters start at *next. */
static int add_filters(struct buf *sql, const struct entity_desc *e,
		       const struct store_filter *f, size_t n, int *next,
		       struct err *err)
{
	buf_addstr(sql, " WHERE t.deleted_at IS NULL");
	for (size_t i = 0; i < n; i++) {
		const struct field_desc *fd;

		switch (f[i].kind) {
		case SF_FIELD:
			fd = entity_field(e, f[i].field);
			if (!fd)
				return err_set_field(err, ERR_INVALID,
						     f[i].field,
						     _("unknown filter"));
			buf_addf(sql, " AND t.\"%s\" = ?%d", fd->name,
				 (*next)++);
			break;
		case SF_MEASURE_ACTOR:
			buf_addf(sql, " AND EXISTS (SELECT 1 FROM "
				      "measure_actor ma WHERE ma.measure = "
				      "t.id AND ma.actor = ?%d)",
				 (*next)++);
			break;
		case SF_MEASURE_STATUS:
			buf_addf(sql, " AND %s = ?%d", measure_status_sql,
				 (*next)++);
			break;
		}
	}
	return 0;
}

static int bind_filters(struct store_stmt *q, const struct store_filter *f,
			size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++)
		if (store_bind_text(q, (int)i + 1, f[i].value, err) < 0)
			return -1;
	return 0;
}

/* Reads the current row into a record, children included. */
static json_t *row_record(struct store *st, const struct entity_desc *e,
			  struct store_stmt *q, unsigned opts,
			  struct err *err)
{
	json_t *rec = json_object();
	const char *id;

	for (size_t i = 0; i < e->nfields; i++)
		json_object_set_new(rec, e->fields[i].name,
				    column_json(q, (int)i, &e->fields[i]));
	if ((opts & STORE_READ_COMPUTED) && is_measure(e))
		json_object_set_new(rec, "status",
				    json_string(store_col_text(
					    q, (int)e->nfields)));
	id = json_string_value(json_object_get(rec, "id"));
	for (size_t i = 0; i < e->nchildren; i++) {
		json_t *kids = store_child_list(st, &e->children[i], id, err);

		if (!kids) {
			json_decref(rec);
			return NULL;
		}
		json_object_set_new(rec, e->children[i].name, kids);
	}
	return rec;
}

static void add_select(struct buf *sql, const struct entity_desc *e,
		       unsigned opts)
{
	buf_addstr(sql, "SELECT ");
	add_columns(sql, e->fields, e->nfields, "t.");
	if ((opts & STORE_READ_COMPUTED) && is_measure(e))
		buf_addf(sql, ", %s", measure_status_sql);
	buf_addf(sql, " FROM \"%s\" t", e->table);
}

json_t *store_entity_list(struct store *st, const struct entity_desc *e,
			  const struct store_filter *filters, size_t nfilters,
			  const char *after, int64_t limit, unsigned opts,
			  struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	json_t *out = NULL;
	enum store_step_result r;
	int next = 1, after_idx = 0, limit_idx;

	add_select(&sql, e, opts);
	if (add_filters(&sql, e, filters, nfilters, &next, err) < 0)
		goto done;
	if (after) {
		after_idx = next++;
		buf_addf(&sql, " AND t.id > ?%d", after_idx);
	}
	limit_idx = next++;
	if ((opts & STORE_READ_NEWEST) && has_bounds(e->fields, e->nfields))
		buf_addf(&sql, " ORDER BY t.period_end DESC, t.id LIMIT ?%d",
			 limit_idx);
	else
		buf_addf(&sql, " ORDER BY t.id LIMIT ?%d", limit_idx);
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    bind_filters(q, filters, nfilters, err) < 0 ||
	    (after && store_bind_text(q, after_idx, after, err) < 0) ||
	    store_bind_int64(q, limit_idx, limit > 0 ? limit : -1, err) < 0)
		goto done;
	out = json_array();
	while ((r = store_step(q, err)) == STORE_ROW) {
		json_t *rec = row_record(st, e, q, opts, err);

		if (!rec)
			break;
		json_array_append_new(out, rec);
	}
	if (r != STORE_DONE) {
		json_decref(out);
		out = NULL;
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return out;
}

json_t *store_entity_get(struct store *st, const struct entity_desc *e,
			 const char *id, unsigned opts, struct err *err)
{
	struct store_filter f = { SF_FIELD, "id", id };
	json_t *list = store_entity_list(st, e, &f, 1, NULL, 1, opts, err);
	json_t *rec;

	if (!list)
		return NULL;
	rec = json_array_get(list, 0);
	if (!rec) {
		json_decref(list);
		err_set(err, ERR_NOT_FOUND, _("no %s has the id %s"),
			e->singular, id);
		return NULL;
	}
	json_incref(rec);
	json_decref(list);
	return rec;
}

int store_entity_count(struct store *st, const struct entity_desc *e,
		       const struct store_filter *filters, size_t nfilters,
		       int64_t *out, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct store_stmt *q = NULL;
	int next = 1, rc = -1;

	buf_addf(&sql, "SELECT count(*) FROM \"%s\" t", e->table);
	if (add_filters(&sql, e, filters, nfilters, &next, err) < 0)
		goto done;
	if (store_prepare(st, buf_cstr(&sql), &q, err) < 0 ||
	    bind_filters(q, filters, nfilters, err) < 0)
		goto done;
	if (store_step(q, err) == STORE_ROW) {
		*out = store_col_int64(q, 0);
		rc = 0;
	}
done:
	store_finalize(q);
	buf_release(&sql);
	return rc;
}
