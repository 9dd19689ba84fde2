/*
 * service/export.c: interchange JSON and CSV export. Records come from
 * store/entity.c in id order, so the same database always exports to the
 * same bytes. Arrays and objects inside a CSV cell are written as compact
 * JSON, which keeps the cell reversible.
 */
#include "service/export.h"

#include <jansson.h>
#include <string.h>

#include "model/entity.h"
#include "store/entity.h"
#include "util/buf.h"
#include "util/i18n.h"

static const struct entity_desc *find_collection(const char *coll,
						 struct err *err)
{
	const struct entity_desc *e = entity_find(coll);
	struct buf names = BUF_INIT;

	if (e)
		return e;
	entity_names(&names);
	err_set_field(err, ERR_INVALID, "entity",
		      _("unknown entity \"%s\"; expected one of %s"), coll,
		      buf_cstr(&names));
	buf_release(&names);
	return NULL;
}

static int write_checked(FILE *out, struct err *err)
{
	if (fflush(out) != 0 || ferror(out))
		return err_set(err, ERR_IO, _("cannot write the export (disk "
					      "full, or the pipe closed)"));
	return 0;
}

int service_export_json(struct store *st, const char *collection, FILE *out,
			struct err *err)
{
	const size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER;

	if (collection && !find_collection(collection, err))
		return -1;
	fputs("{\"format\": \"veikart-interchange\", \"version\": 1", out);
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		json_t *list;

		if (collection && strcmp(collection, e->collection))
			continue;
		list = store_entity_list(st, e, NULL, 0, NULL, 0, 0, err);
		if (!list)
			return -1;
		fprintf(out, ",\n\"%s\": ", e->collection);
		json_dumpf(list, out, flags);
		json_decref(list);
	}
	fputs("\n}\n", out);
	return write_checked(out, err);
}

/* RFC 4180: quote when the cell holds a separator, quote or line break. */
static void csv_cell(struct buf *row, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_addstr(row, s);
		return;
	}
	buf_addch(row, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(row, '"');
		buf_addch(row, *s);
	}
	buf_addch(row, '"');
}

static void csv_value(struct buf *row, json_t *v)
{
	char *text;

	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		csv_cell(row, json_string_value(v));
		return;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
				     JSON_PRESERVE_ORDER);
	csv_cell(row, text ? text : "");
	free(text);
}

static void csv_header(const struct entity_desc *e, struct buf *row)
{
	bool first = true;

	for (size_t i = 0; i < e->nfields; i++) {
		if (e->fields[i].flags & FIELD_NOT_IN_CSV)
			continue;
		buf_addf(row, "%s%s", first ? "" : ",", e->fields[i].name);
		first = false;
	}
	for (size_t i = 0; i < e->nchildren; i++)
		buf_addf(row, ",%s", e->children[i].name);
	buf_addstr(row, "\r\n");
}

static void csv_row(const struct entity_desc *e, json_t *rec, struct buf *row)
{
	bool first = true;

	for (size_t i = 0; i < e->nfields; i++) {
		if (e->fields[i].flags & FIELD_NOT_IN_CSV)
			continue;
		if (!first)
			buf_addch(row, ',');
		csv_value(row, json_object_get(rec, e->fields[i].name));
		first = false;
	}
	for (size_t i = 0; i < e->nchildren; i++) {
		buf_addch(row, ',');
		csv_value(row, json_object_get(rec, e->children[i].name));
	}
	buf_addstr(row, "\r\n");
}

void service_export_csv_records(const struct entity_desc *e, json_t *records,
				struct buf *out)
{
	json_t *rec;
	size_t i;

	csv_header(e, out);
	json_array_foreach(records, i, rec)
		csv_row(e, rec, out);
}

int service_export_csv(struct store *st, const char *collection, FILE *out,
		       struct err *err)
{
	const struct entity_desc *e;
	struct buf row = BUF_INIT;
	json_t *list, *rec;
	size_t i;

	if (!collection)
		return err_set_field(err, ERR_INVALID, "entity",
				     _("CSV holds one collection; name it "
				       "with --entity (for example "
				       "--entity measures)"));
	e = find_collection(collection, err);
	if (!e)
		return -1;
	list = store_entity_list(st, e, NULL, 0, NULL, 0, 0, err);
	if (!list)
		return -1;
	csv_header(e, &row);
	fwrite(row.buf, 1, row.len, out);
	json_array_foreach(list, i, rec) {
		buf_reset(&row);
		csv_row(e, rec, &row);
		fwrite(row.buf, 1, row.len, out);
	}
	buf_release(&row);
	json_decref(list);
	return write_checked(out, err);
}
