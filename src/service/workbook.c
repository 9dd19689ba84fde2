/*
 * service/workbook.c: the strategy workbook and the sheet layout shared
 * with import-sheet (see workbook.h). Records come from store/entity.c in
 * the interchange shape; this file turns them into typed cells and hands
 * them to formats/xlsx_write.
 *
 * It must not speak SQL or decide access by itself (service/access.h
 * says who sees unapproved reports). Every json_t and sheet made here is
 * released here; the temporary file is removed on every path.
 */
#include "service/workbook.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "formats/xlsx_write.h"
#include "service/access.h"
#include "store/entity.h"
#include "store/export_queries.h"
#include "util/i18n.h"

#define WORKBOOK_MAX_COLUMNS 64

static const char *const measure_computed[] = { "lead", "status", "progress",
						"last_report", NULL };
static const char *const indicator_computed[] = { "measures", NULL };

const struct workbook_sheet_def workbook_sheets[] = {
    {"measures", "measures", NULL, NULL, measure_computed, true},
    {"responsibilities", "measures", "responsible", "measure", NULL, true},
    {"milestones", "measures", "milestones", "measure", NULL, true},
    {"reports", "reports", NULL, NULL, NULL, true},
    {"indicators", "indicators", NULL, NULL, indicator_computed, false},
    {"observations", "indicators", "observations", "indicator", NULL, false},
    {"focus-areas", "focus-areas", NULL, NULL, NULL, true},
    {"strategies", "strategies", NULL, NULL, NULL, true},
};
const size_t workbook_nsheets =
	sizeof(workbook_sheets) / sizeof(workbook_sheets[0]);

const struct workbook_sheet_def *workbook_sheet_find(const char *name)
{
	for (size_t i = 0; name && i < workbook_nsheets; i++)
		if (!strcmp(workbook_sheets[i].name, name))
			return &workbook_sheets[i];
	return NULL;
}

const struct entity_desc *workbook_sheet_entity(
	const struct workbook_sheet_def *d)
{
	return entity_find(d->collection);
}

const struct child_desc *workbook_sheet_child(
	const struct workbook_sheet_def *d)
{
	return d->child ? entity_child(workbook_sheet_entity(d), d->child)
			: NULL;
}

/* The data fields of a sheet's rows. */
static const struct field_desc *sheet_fields(const struct workbook_sheet_def *d,
					     size_t *n)
{
	const struct child_desc *c = workbook_sheet_child(d);
	const struct entity_desc *e = workbook_sheet_entity(d);

	*n = c ? c->nfields : e->nfields;
	return c ? c->fields : e->fields;
}

int workbook_column(const struct workbook_sheet_def *d, const char *name,
		    const struct field_desc **field)
{
	size_t n;
	const struct field_desc *f = sheet_fields(d, &n);

	*field = NULL;
	if (d->parent_column && !strcmp(name, d->parent_column))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].name, name)) {
			*field = &f[i];
			return 1;
		}
	for (size_t i = 0; d->computed && d->computed[i]; i++)
		if (!strcmp(d->computed[i], name))
			return 0;
	return -1;
}

/* Column names of a sheet: parent column, fields, computed columns. */
static size_t sheet_columns(const struct workbook_sheet_def *d,
			    const char **names)
{
	size_t n, k = 0;
	const struct field_desc *f = sheet_fields(d, &n);

	if (d->parent_column)
		names[k++] = d->parent_column;
	for (size_t i = 0; i < n && k < WORKBOOK_MAX_COLUMNS; i++)
		names[k++] = f[i].name;
	for (size_t i = 0; d->computed && d->computed[i] &&
			   k < WORKBOOK_MAX_COLUMNS;
	     i++)
		names[k++] = d->computed[i];
	return k;
}

/* ---- cells ---- */

static void json_text_cell(struct xlsx_cell *c, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
					   JSON_PRESERVE_ORDER);

	xlsx_cell_text(c, text);
	free(text);
}

/* One value in the cell its field type asks for. */
static void field_cell(struct xlsx_cell *c, const struct field_desc *f,
		       json_t *v)
{
	if (!v || json_is_null(v))
		return;
	if (json_is_number(v)) {
		xlsx_cell_number(c, json_number_value(v));
	} else if (json_is_boolean(v)) {
		xlsx_cell_bool(c, json_is_true(v));
	} else if (json_is_string(v)) {
		if (f && f->type == FT_DATE)
			xlsx_cell_date(c, json_string_value(v));
		else
			xlsx_cell_text(c, json_string_value(v));
	} else {
		json_text_cell(c, v);
	}
}

/* Fills the data columns of a row from an object; returns the next
 * column. */
static size_t fill_fields(struct xlsx_cell *row, size_t k,
			  const struct field_desc *f, size_t n, json_t *obj)
{
	for (size_t i = 0; i < n; i++, k++)
		field_cell(&row[k], &f[i], json_object_get(obj, f[i].name));
	return k;
}

static void sheet_start(struct xlsx_sheet *s,
			const struct workbook_sheet_def *d)
{
	const char *names[WORKBOOK_MAX_COLUMNS];

	xlsx_sheet_init(s, d->name, names, sheet_columns(d, names));
}

/* ---- the data of one strategy ---- */

struct strategy_data {
	json_t *strategy;	/* the record */
	json_t *focus_areas, *measures, *reports, *indicators;
	json_t *measure_ids;	/* id -> true */
	json_t *actors;		/* id -> record */
};

static void data_release(struct strategy_data *d)
{
	json_decref(d->strategy);
	json_decref(d->focus_areas);
	json_decref(d->measures);
	json_decref(d->reports);
	json_decref(d->indicators);
	json_decref(d->measure_ids);
	json_decref(d->actors);
}

static json_t *list_where(struct store *st, const char *coll,
			  const char *field, const char *value, unsigned opts,
			  struct err *err)
{
	struct store_filter f = { SF_FIELD, field, value };

	return store_entity_list(st, entity_find(coll), field ? &f : NULL,
				 field ? 1 : 0, NULL, 0, opts, err);
}

/* Approved reports for everyone; all for signed-in readers. */
static json_t *strategy_reports(struct store *st, const struct principal *who,
				json_t *ids, struct err *err)
{
	bool private = access_check(st, who, OP_READ_PRIVATE, NULL, NULL) == 0;
	json_t *all = list_where(st, "reports", NULL, NULL, STORE_READ_NEWEST,
				 err);
	json_t *out, *r;
	size_t i;

	if (!all)
		return NULL;
	out = json_array();
	json_array_foreach(all, i, r) {
		const char *m =
		    json_string_value(json_object_get(r, "measure"));
		const char *state =
			json_string_value(json_object_get(r, "state"));

		if (m && json_object_get(ids, m) &&
		    (private || (state && !strcmp(state, "approved"))))
			json_array_append(out, r);
	}
	json_decref(all);
	return out;
}

static bool links_measure(json_t *ind, json_t *ids)
{
	json_t *m;
	size_t i;

	json_array_foreach(
	    json_object_get(ind, "measures"), i,
	    m) if (json_is_string(m) &&
		   json_object_get(ids, json_string_value(m))) return true;
	return false;
}

json_t *service_strategy_indicators(struct store *st, const char *id,
				    json_t *ids, struct err *err)
{
	json_t *goals = list_where(st, "goals", "strategy", id, 0, err);
	json_t *all = goals ? list_where(st, "indicators", NULL, NULL, 0, err)
			    : NULL;
	json_t *wanted = json_object(), *out = NULL, *x;
	size_t i;

	if (!all)
		goto done;
	json_array_foreach(goals, i, x)
		if (json_is_string(json_object_get(x, "indicator")))
			json_object_set_new(wanted,
					    json_string_value(json_object_get(
						    x, "indicator")),
					    json_true());
	out = json_array();
	json_array_foreach(all, i, x)
		if (json_object_get(wanted, json_string_value(json_object_get(
						    x, "id"))) ||
		    links_measure(x, ids))
			json_array_append(out, x);
done:
	json_decref(goals);
	json_decref(all);
	json_decref(wanted);
	return out;
}

static json_t *id_map(json_t *list)
{
	json_t *map = json_object(), *x;
	size_t i;

	json_array_foreach(list, i, x) json_object_set(
	    map, json_string_value(json_object_get(x, "id")), x);
	return map;
}

static int load_data(struct store *st, const struct principal *who,
		     const char *id, struct strategy_data *d, struct err *err)
{
	json_t *actors;

	memset(d, 0, sizeof(*d));
	d->strategy = store_entity_get(st, entity_find("strategies"), id, 0,
				       err);
	if (!d->strategy)
		return -1;
	d->focus_areas = list_where(st, "focus-areas", "strategy", id, 0, err);
	d->measures = d->focus_areas
			      ? list_where(st, "measures", "strategy", id,
					   STORE_READ_COMPUTED, err)
			      : NULL;
	if (!d->measures)
		return -1;
	d->measure_ids = id_map(d->measures);
	if (!(d->reports = strategy_reports(st, who, d->measure_ids, err)) ||
	    !(d->indicators = service_strategy_indicators(st, id,
							  d->measure_ids,
							  err)) ||
	    !(actors = list_where(st, "actors", NULL, NULL, 0, err)))
		return -1;
	d->actors = id_map(actors);
	json_decref(actors);
	return 0;
}

/* ---- sheets ---- */

static const char *lead_name(json_t *measure, json_t *actors)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(measure, "responsible"), i, r) {
		const char *role =
		    json_string_value(json_object_get(r, "role"));
		const char *actor =
			json_string_value(json_object_get(r, "actor"));
		json_t *a;

		if (!role || strcmp(role, "lead") || !actor)
			continue;
		a = json_object_get(actors, actor);
		return a ? json_string_value(json_object_get(a, "name_nb"))
			 : actor;
	}
	return NULL;
}

/* The newest approved status report of a measure (reports come newest
 * first), or NULL. */
static json_t *last_report(json_t *reports, const char *measure)
{
	json_t *r;
	size_t i;

	json_array_foreach(reports, i, r) {
		const char *m =
		    json_string_value(json_object_get(r, "measure"));
		const char *kind =
		    json_string_value(json_object_get(r, "kind"));
		const char *state =
			json_string_value(json_object_get(r, "state"));

		if (m && !strcmp(m, measure) && kind &&
		    !strcmp(kind, "status") && state &&
		    !strcmp(state, "approved"))
			return r;
	}
	return NULL;
}

static void measures_sheet(struct xlsx_sheet *s, const struct strategy_data *d)
{
	const struct workbook_sheet_def *def = workbook_sheet_find("measures");
	const struct entity_desc *e = workbook_sheet_entity(def);
	json_t *m;
	size_t i;

	sheet_start(s, def);
	json_array_foreach(d->measures, i, m) {
		struct xlsx_cell *row = xlsx_sheet_add_row(s);
		size_t k = fill_fields(row, 0, e->fields, e->nfields, m);
		json_t *last = last_report(
		    d->reports, json_string_value(json_object_get(m, "id")));

		xlsx_cell_text(&row[k++], lead_name(m, d->actors));
		field_cell(&row[k++], NULL, json_object_get(m, "status"));
		field_cell(&row[k++], NULL, json_object_get(last, "progress"));
		field_cell(&row[k++], NULL, json_object_get(last, "period"));
	}
}

/* A child sheet: one row per child item of each parent record. */
static void child_sheet(struct xlsx_sheet *s, const char *name,
			json_t *parents)
{
	const struct workbook_sheet_def *def = workbook_sheet_find(name);
	const struct child_desc *c = workbook_sheet_child(def);
	json_t *p, *item;
	size_t i, j;

	sheet_start(s, def);
	json_array_foreach(parents, i, p) {
		json_array_foreach(json_object_get(p, c->name), j, item) {
			struct xlsx_cell *row = xlsx_sheet_add_row(s);

			field_cell(&row[0], NULL, json_object_get(p, "id"));
			fill_fields(row, 1, c->fields, c->nfields, item);
		}
	}
}

/* An entity sheet; `extra` adds the computed columns of a row. */
static void entity_sheet(struct xlsx_sheet *s, const char *name,
			 json_t *records,
			 void (*extra)(struct xlsx_cell *, json_t *))
{
	const struct workbook_sheet_def *def = workbook_sheet_find(name);
	const struct entity_desc *e = workbook_sheet_entity(def);
	json_t *r;
	size_t i;

	sheet_start(s, def);
	json_array_foreach(records, i, r) {
		struct xlsx_cell *row = xlsx_sheet_add_row(s);
		size_t k = fill_fields(row, 0, e->fields, e->nfields, r);

		if (extra)
			extra(&row[k], r);
	}
}

static void indicator_extra(struct xlsx_cell *cells, json_t *ind)
{
	json_t *m = json_object_get(ind, "measures");

	if (json_array_size(m) > 0)
		json_text_cell(&cells[0], m);
}

static void build_sheets(struct xlsx_sheet *s, const struct strategy_data *d)
{
	json_t *one = json_pack("[O]", d->strategy);

	measures_sheet(&s[0], d);
	child_sheet(&s[1], "responsibilities", d->measures);
	child_sheet(&s[2], "milestones", d->measures);
	entity_sheet(&s[3], "reports", d->reports, NULL);
	entity_sheet(&s[4], "indicators", d->indicators, indicator_extra);
	child_sheet(&s[5], "observations", d->indicators);
	entity_sheet(&s[6], "focus-areas", d->focus_areas, NULL);
	entity_sheet(&s[7], "strategies", one, NULL);
	json_decref(one);
}

static time_t parse_utc(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return timegm(&tm);
}

int service_workbook_write(struct store *st, const struct principal *who,
			   const char *strategy, const char *path,
			   struct err *err)
{
	struct xlsx_sheet sheets[sizeof(workbook_sheets) /
				 sizeof(workbook_sheets[0])];
	struct strategy_data d;
	struct xlsx_props props = { NULL, "veikart", 0 };
	char modified[32];
	int rc = -1;

	if (load_data(st, who, strategy, &d, err) < 0 ||
	    store_export_strategy_modified(st, strategy, modified, err) < 0) {
		data_release(&d);
		return -1;
	}
	/* The data's own date keeps the bytes the same until it changes. */
	props.created = parse_utc(modified);
	props.title = json_string_value(json_object_get(d.strategy, "name_nb"));
	build_sheets(sheets, &d);
	rc = xlsx_write(path, sheets, workbook_nsheets, &props, err);
	for (size_t i = 0; i < workbook_nsheets; i++)
		xlsx_sheet_release(&sheets[i]);
	data_release(&d);
	return rc;
}

/* ---- bytes through a temporary file ---- */

static int temp_path(char *out, size_t n, struct err *err)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(out, n, "%s/veikart-xlsx-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(out);
	if (fd < 0)
		return err_set(err, ERR_IO,
			       _("cannot make a temporary file: %s"),
			       strerror(errno));
	close(fd);
	return 0;
}

static int slurp(const char *path, struct buf *out, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(err, ERR_IO, _("cannot read %s back: %s"), path,
			       strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f) || out->failed)
		rc = err_set(err, ERR_IO, _("cannot read %s back"), path);
	fclose(f);
	return rc;
}

int service_workbook_bytes(struct store *st, const struct principal *who,
			   const char *strategy, struct buf *out,
			   struct err *err)
{
	char path[4096];
	int rc;

	if (temp_path(path, sizeof(path), err) < 0)
		return -1;
	rc = service_workbook_write(st, who, strategy, path, err);
	if (rc == 0)
		rc = slurp(path, out, err);
	unlink(path);
	return rc;
}

int service_collection_xlsx(const struct entity_desc *e, json_t *records,
			    const char *modified, struct buf *out,
			    struct err *err)
{
	const char *names[WORKBOOK_MAX_COLUMNS];
	struct xlsx_sheet s;
	struct xlsx_props props = { e->collection, "veikart",
				    parse_utc(modified) };
	char path[4096];
	size_t k = 0;
	json_t *r;
	size_t i;
	int rc;

	for (i = 0; i < e->nfields && k < WORKBOOK_MAX_COLUMNS; i++)
		names[k++] = e->fields[i].name;
	for (i = 0; i < e->nchildren && k < WORKBOOK_MAX_COLUMNS; i++)
		names[k++] = e->children[i].name;
	xlsx_sheet_init(&s, e->collection, names, k);
	json_array_foreach(records, i, r) {
		struct xlsx_cell *row = xlsx_sheet_add_row(&s);
		size_t c = fill_fields(row, 0, e->fields, e->nfields, r);

		for (size_t j = 0; j < e->nchildren; j++, c++)
			field_cell(&row[c], NULL,
				   json_object_get(r, e->children[j].name));
	}
	rc = temp_path(path, sizeof(path), err);
	if (rc == 0) {
		rc = xlsx_write(path, &s, 1, &props, err);
		if (rc == 0)
			rc = slurp(path, out, err);
		unlink(path);
	}
	xlsx_sheet_release(&s);
	return rc;
}
