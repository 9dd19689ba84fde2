/*
 * service/opendata.c: the DCAT-AP-NO catalogue, the downloads and the
 * bundle (see opendata.h). Records come from store/entity.c in the
 * interchange shape, CSV from service/export.c's writer, XLSX from
 * service/workbook.c, the zip from formats/zip_write.c; the data
 * dictionary is written from the entity descriptors, so a new field shows
 * up in it without anyone remembering to document it here.
 *
 * It must not speak SQL or publish what the public may not read (reports
 * that are not approved). Ownership: json_t values made here are released
 * here unless returned.
 */
#include "service/opendata.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats/zip_write.h"
#include "model/entity.h"
#include "model/orgnr.h"
#include "service/export.h"
#include "service/workbook.h"
#include "store/entity.h"
#include "store/export_queries.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define EU_FILE_TYPE                                                           \
	"http://publications.europa.eu/resource/authority/file-type/"
#define EU_THEME "http://publications.europa.eu/resource/authority/data-theme/"
#define BRREG "https://data.brreg.no/enhetsregisteret/api/enheter/"
#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct dataset_text {
	const char *collection;
	const char *title_nb, *title_en;
	const char *description_nb, *description_en;
};

static const struct dataset_text texts[] = {
	{ "sources", "Kilder", "Sources",
	  "Dokumentene opplysningene bygger på: meldinger, strategier, "
	  "budsjetter og nettsider.",
	  "The documents the data rests on: white papers, strategies, budgets "
	  "and web pages." },
	{ "actors", "Aktører", "Actors",
	  "Departementer, etater, virkemiddelaktører og andre som har ansvar "
	  "for tiltak.",
	  "Ministries, agencies, funding bodies and others responsible for "
	  "measures." },
	{ "strategies", "Strategier", "Strategies",
	  "Nasjonale strategier, veikart og handlingsplaner som følges opp.",
	  "National strategies, roadmaps and action plans being followed "
	  "up." },
	{ "focus-areas", "Innsatsområder", "Focus areas",
	  "Innsatsområdene i hver strategi.",
	  "The focus areas of each strategy." },
	{ "arenas", "Samarbeidsarenaer", "Coordination forums",
	  "Arenaer der aktørene samordner arbeidet, med medlemmer.",
	  "Forums where the actors coordinate their work, with members." },
	{ "schemes", "Virkemidler", "Schemes",
	  "Ordninger og virkemidler med budsjett per år.",
	  "Funding schemes and instruments with budgets per year." },
	{ "measures", "Tiltak", "Measures",
	  "Tiltakene i strategiene, med ansvarlige aktører, milepæler og "
	  "bevilgninger.",
	  "The measures of the strategies, with responsible actors, "
	  "milestones and allocations." },
	{ "links", "Koblinger mellom tiltak", "Links between measures",
	  "Avhengigheter og overlapp mellom tiltak.",
	  "Dependencies and overlaps between measures." },
	{ "meetings", "Møter", "Meetings",
	  "Møter i samarbeidsarenaene.", "Meetings of the coordination "
					 "forums." },
	{ "decisions", "Beslutninger", "Decisions",
	  "Beslutninger fra møtene, med tiltakene de gjelder.",
	  "Decisions taken in the meetings, with the measures they concern." },
	{ "goals", "Mål", "Goals",
	  "Målene i strategiene, med utgangspunkt og målverdi.",
	  "The goals of the strategies, with baseline and target." },
	{ "indicators", "Indikatorer", "Indicators",
	  "Indikatorer (styringsparametere) med observasjoner over tid.",
	  "Indicators with their observations over time." },
	{ "inputs", "Innspill", "Stakeholder input",
	  "Innspill fra aktører og svarene på dem.",
	  "Input from stakeholders and the answers to it." },
	{ "reports", "Statusrapporter", "Status reports",
	  "Godkjente statusrapporter (tertialrapporter) for tiltakene.",
	  "Approved status reports (tertial reports) on the measures." },
};

static const struct dataset_text *text_for(const char *collection)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (!strcmp(texts[i].collection, collection))
			return &texts[i];
	return NULL;
}

/* Collections that are published: what the API serves, and reports. */
static bool published(const struct entity_desc *e)
{
	return e->in_api || !strcmp(e->collection, "reports");
}

/* The public records of a collection (approved reports only). */
static json_t *public_records(struct store *st, const struct entity_desc *e,
			      struct err *err)
{
	struct store_filter approved = { SF_FIELD, "state", "approved" };
	bool reports = !strcmp(e->collection, "reports");

	return store_entity_list(st, e, reports ? &approved : NULL,
				 reports ? 1 : 0, NULL, 0, 0, err);
}

/* ---- JSON-LD pieces ---- */

static json_t *lang_texts(const char *nb, const char *en)
{
	return json_pack("[{s:s,s:s},{s:s,s:s}]", "@language", "nb", "@value",
			 nb, "@language", "en", "@value", en);
}

static json_t *id_ref(const char *uri)
{
	return json_pack("{s:s}", "@id", uri);
}

static json_t *publisher(const struct config *cfg)
{
	const char *name = cfg ? cfg->operator_name : NULL;
	const char *orgnr = cfg ? cfg->operator_orgnr : NULL;
	json_t *p = json_pack("{s:s}", "@type", "foaf:Agent");
	char uri[128];

	json_object_set_new(p, "foaf:name",
			    json_string(name && *name
						? name
						: "Unknown publisher "
						  "(VEIKART_OPERATOR_NAME is "
						  "not set)"));
	if (orgnr && orgnr_check(orgnr, NULL) == 0) {
		snprintf(uri, sizeof(uri), BRREG "%s", orgnr);
		json_object_set_new(p, "@id", json_string(uri));
		json_object_set_new(p, "dct:identifier", json_string(orgnr));
	}
	return p;
}

/* "http://host:8080/" -> "http://host:8080" into out. */
static void base_url(const struct config *cfg, struct buf *out)
{
	const char *b = cfg && cfg->base_url ? cfg->base_url : "";
	size_t n = strlen(b);

	while (n > 0 && b[n - 1] == '/')
		n--;
	buf_add(out, b, n);
}

static json_t *distribution(const char *base, const char *coll,
			    const char *ext, const char *eu_type,
			    const char *media)
{
	struct buf url = BUF_INIT;
	char type[160], title[64];
	json_t *d;

	buf_addf(&url, "%s/api/v1/datasets/%s.%s", base, coll, ext);
	snprintf(type, sizeof(type), "%s%s", EU_FILE_TYPE, eu_type);
	snprintf(title, sizeof(title), "%s (%s)", coll, eu_type);
	d = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "@type",
		      "dcat:Distribution", "dct:title", json_string(title),
		      "dcat:accessURL", id_ref(buf_cstr(&url)),
		      "dcat:downloadURL", id_ref(buf_cstr(&url)), "dct:format",
		      id_ref(type), "dcat:mediaType", json_string(media),
		      "dct:license", id_ref(OPENDATA_LICENSE));
	buf_release(&url);
	return d;
}

/* First and last day of the data; a partial date covers its whole span. */
static void coverage(const struct export_stats *s, json_t *ds)
{
	static const char *const month_end[] = { "31", "28", "31", "30", "31",
						 "30", "31", "31", "30", "31",
						 "30", "31" };
	char start[24], end[24];
	int month;

	if (!s->first[0] || !s->last[0])
		return;
	snprintf(start, sizeof(start), "%.4s-%.2s-%.2s", s->first,
		 strlen(s->first) >= 7 ? s->first + 5 : "01",
		 strlen(s->first) >= 10 ? s->first + 8 : "01");
	month = strlen(s->last) >= 7 ? atoi(s->last + 5) : 12;
	if (month < 1 || month > 12)
		month = 12;
	snprintf(end, sizeof(end), "%.4s-%02d-%.2s", s->last, month,
		 strlen(s->last) >= 10 ? s->last + 8 : month_end[month - 1]);
	json_object_set_new(
		ds, "dct:temporal",
		json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s}}", "@type",
			  "dct:PeriodOfTime", "dcat:startDate", "@value", start,
			  "@type", "xsd:date", "dcat:endDate", "@value", end,
			  "@type", "xsd:date"));
}

static json_t *dataset(const struct config *cfg, const char *base,
		       const struct entity_desc *e,
		       const struct export_stats *s)
{
	const struct dataset_text *t = text_for(e->collection);
	struct buf id = BUF_INIT;
	json_t *ds;

	buf_addf(&id, "%s/api/v1/datasets/%s", base, e->collection);
	ds = json_pack(
		"{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:[o,o,o]}", "@id",
		buf_cstr(&id), "@type", "dcat:Dataset", "dct:identifier",
		buf_cstr(&id), "dct:title",
		lang_texts(t ? t->title_nb : e->collection,
			   t ? t->title_en : e->collection),
		"dct:description",
		lang_texts(t ? t->description_nb : e->collection,
			   t ? t->description_en : e->collection),
		"dct:publisher", publisher(cfg), "dct:license",
		id_ref(OPENDATA_LICENSE), "dct:accessRights",
		id_ref("http://publications.europa.eu/resource/authority/"
		       "access-right/PUBLIC"),
		"dcat:theme", json_pack("[o]", id_ref(EU_THEME "GOVE")),
		"dcat:distribution",
		distribution(base, e->collection, "json", "JSON",
			     "application/json"),
		distribution(base, e->collection, "csv", "CSV", "text/csv"),
		distribution(base, e->collection, "xlsx", "XLSX", XLSX_TYPE));
	if (s->modified[0])
		json_object_set_new(ds, "dct:modified",
				    json_pack("{s:s,s:s}", "@value",
					      s->modified, "@type",
					      "xsd:dateTime"));
	coverage(s, ds);
	buf_release(&id);
	return ds;
}

static json_t *context(void)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "dcat",
			 "http://www.w3.org/ns/dcat#", "dct",
			 "http://purl.org/dc/terms/", "foaf",
			 "http://xmlns.com/foaf/0.1/", "xsd",
			 "http://www.w3.org/2001/XMLSchema#");
}

json_t *service_opendata_catalog(struct store *st, const struct config *cfg,
				 struct err *err)
{
	struct buf base = BUF_INIT, id = BUF_INIT;
	json_t *list = json_array(), *out = NULL;

	base_url(cfg, &base);
	for (size_t k = 0; k < entity_count; k++) {
		struct export_stats s;

		if (!published(entity_all[k]))
			continue;
		if (store_export_stats(st, entity_all[k], &s, err) < 0)
			goto done;
		json_array_append_new(list, dataset(cfg, buf_cstr(&base),
						    entity_all[k], &s));
	}
	buf_addf(&id, "%s/api/v1/datasets", buf_cstr(&base));
	out = json_pack("{s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:O}", "@context",
			context(), "@id", buf_cstr(&id), "@type",
			"dcat:Catalog", "dct:title",
			lang_texts("Veikart: oppfølging av strategier",
				   "Veikart: following up strategies"),
			"dct:description",
			lang_texts("Tiltak, ansvar, rapporter og indikatorer "
				   "fra oppfølgingen av nasjonale strategier.",
				   "Measures, responsibilities, reports and "
				   "indicators from the follow-up of national "
				   "strategies."),
			"dct:publisher", publisher(cfg), "dct:license",
			id_ref(OPENDATA_LICENSE), "dcat:dataset", list);
done:
	json_decref(list);
	buf_release(&base);
	buf_release(&id);
	return out;
}

json_t *service_opendata_dataset(struct store *st, const struct config *cfg,
				 const char *collection, struct err *err)
{
	const struct entity_desc *e = entity_find(collection);
	struct buf base = BUF_INIT;
	struct export_stats s;
	json_t *ds;

	if (!e || !published(e)) {
		err_set(err, ERR_NOT_FOUND, _("there is no dataset \"%s\"; see "
					      "GET /api/v1/datasets"),
			collection);
		return NULL;
	}
	if (store_export_stats(st, e, &s, err) < 0)
		return NULL;
	base_url(cfg, &base);
	ds = dataset(cfg, buf_cstr(&base), e, &s);
	json_object_set_new(ds, "@context", context());
	buf_release(&base);
	return ds;
}

/* ---- downloads ---- */

static int json_file(const struct entity_desc *e, json_t *records,
		     struct buf *out)
{
	json_t *doc = json_pack("{s:s,s:i,s:O}", "format",
				"veikart-interchange", "version", 1,
				e->collection, records);
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);

	buf_addstr(out, text ? text : "");
	buf_addch(out, '\n');
	free(text);
	json_decref(doc);
	return 0;
}

/* Appends one collection in one format ("json", "csv", "xlsx"). */
static int write_format(struct store *st, const struct entity_desc *e,
			const char *format, struct buf *out, struct err *err)
{
	struct export_stats s;
	json_t *records = public_records(st, e, err);
	int rc = 0;

	if (!records)
		return -1;
	if (!strcmp(format, "json"))
		json_file(e, records, out);
	else if (!strcmp(format, "csv"))
		service_export_csv_records(e, records, out);
	else if ((rc = store_export_stats(st, e, &s, err)) == 0)
		rc = service_collection_xlsx(e, records, s.modified, out, err);
	json_decref(records);
	return rc;
}

int service_opendata_file(struct store *st, const char *file,
			  struct buf *out, const char **content_type,
			  struct err *err)
{
	const char *dot = strrchr(file, '.');
	char coll[64];
	const struct entity_desc *e;

	if (!dot || (size_t)(dot - file) >= sizeof(coll))
		goto not_found;
	snprintf(coll, sizeof(coll), "%.*s", (int)(dot - file), file);
	e = entity_find(coll);
	if (!e || !published(e))
		goto not_found;
	if (!strcmp(dot, ".json"))
		*content_type = "application/json";
	else if (!strcmp(dot, ".csv"))
		*content_type = "text/csv; charset=utf-8";
	else if (!strcmp(dot, ".xlsx"))
		*content_type = XLSX_TYPE;
	else
		goto not_found;
	return write_format(st, e, dot + 1, out, err);
not_found:
	return err_set(err, ERR_NOT_FOUND,
		       _("there is no download \"%s\"; each dataset of GET "
			 "/api/v1/datasets has <name>.json, .csv and .xlsx"),
		       file);
}

/* ---- data dictionary ---- */

static const struct {
	const char *name, *meaning;
} meanings[] = {
	{ "id", "Stable public id of the record." },
	{ "source", "The document the record is taken from (an id in "
		    "sources)." },
	{ "note", "Remarks from the editors." },
	{ "strategy", "The strategy the record belongs to." },
	{ "measure", "The measure (tiltak) concerned." },
	{ "period", "The period the values are for." },
	{ "status", "Status as reported." },
	{ "progress", "How much of the measure is done, in per cent." },
	{ "state", "Where the record is in its life cycle." },
	{ "role", "lead: responsible; contributing: takes part; consulted: "
		  "is heard." },
	{ "value", "The observed value, in the indicator's unit." },
	{ "breakdown", "Part of the whole the value is for (region, sector); "
		       "empty for the total." },
};

static const char *meaning(const char *name)
{
	for (size_t i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if (!strcmp(meanings[i].name, name))
			return meanings[i].meaning;
	return NULL;
}

static const char *language_of(const char *name)
{
	size_t n = strlen(name);

	if (n < 4 || name[n - 3] != '_')
		return NULL;
	if (!strcmp(name + n - 2, "nb"))
		return "Norwegian Bokmål";
	if (!strcmp(name + n - 2, "nn"))
		return "Norwegian Nynorsk";
	if (!strcmp(name + n - 2, "en"))
		return "English";
	return NULL;
}

static void describe_type(const struct field_desc *f, struct buf *b)
{
	switch (f->type) {
	case FT_ID:
		buf_addstr(b, "Id: letters, digits, '.', '_' and '-', at most "
			      "64.");
		break;
	case FT_TEXT:
		buf_addf(b, "Text, at most %lld bytes.", (long long)f->max);
		break;
	case FT_INT:
		buf_addf(b, "Whole number from %lld to %lld.",
			 (long long)f->min, (long long)f->max);
		break;
	case FT_NUM:
		buf_addstr(b, "Number.");
		break;
	case FT_BOOL:
		buf_addstr(b, "true or false.");
		break;
	case FT_DATE:
		buf_addstr(b, "Date: YYYY, YYYY-MM or YYYY-MM-DD.");
		break;
	case FT_PERIOD:
		buf_addstr(b, "Period: a year (2025), a tertial (2025-T2), a "
			      "quarter (2025-Q3), a month (2025-01) or years "
			      "(2021-2023).");
		break;
	case FT_ENUM:
		buf_addstr(b, "One of:");
		for (size_t i = 0; f->values[i]; i++)
			buf_addf(b, "%s %s", i ? "," : "", f->values[i]);
		buf_addch(b, '.');
		break;
	case FT_URL:
		buf_addstr(b, "Web address (http or https).");
		break;
	case FT_ORGNR:
		buf_addstr(b, "Norwegian organisation number (9 digits, "
			      "Enhetsregisteret).");
		break;
	case FT_REF:
		buf_addf(b, "Id of a record in %s.", f->ref);
		break;
	case FT_REFLIST:
		buf_addf(b, "List of ids of records in %s (a JSON array in "
			    "CSV).",
			 f->ref);
		break;
	case FT_JSON:
		buf_addstr(b, "JSON.");
		break;
	}
}

static void describe_field(const struct field_desc *f, struct buf *b)
{
	const char *m = meaning(f->name);
	const char *lang = language_of(f->name);

	if (m)
		buf_addf(b, "%s ", m);
	if (lang)
		buf_addf(b, "In %s. ", lang);
	describe_type(f, b);
	if (f->dflt)
		buf_addf(b, " Default %s.", f->dflt);
}

static void describe_child(const struct child_desc *c, struct buf *b)
{
	if (c->scalar) {
		buf_addf(b, "List of ids of records in %s.", c->fields[0].ref);
		return;
	}
	buf_addstr(b, "List of objects with");
	for (size_t i = 0; i < c->nfields; i++)
		buf_addf(b, "%s %s (%s)", i ? "," : "", c->fields[i].name,
			 c->fields[i].type == FT_REF ? c->fields[i].ref
			 : c->fields[i].type == FT_ENUM ? "a fixed value"
							: "a value");
	buf_addstr(b, "; a JSON array in CSV.");
}

/* One column of the dictionary; `first` starts a dataset. */
struct column_doc {
	const char *dataset, *column, *type, *description;
	bool required, in_csv, first;
};

typedef void (*column_fn)(struct buf *out, const struct column_doc *c);

static const char *const type_names[] = {
    [FT_ID] = "id",	    [FT_TEXT] = "text",	    [FT_INT] = "integer",
    [FT_NUM] = "number",    [FT_BOOL] = "boolean",  [FT_DATE] = "date",
    [FT_PERIOD] = "period", [FT_ENUM] = "code",	    [FT_URL] = "url",
    [FT_ORGNR] = "orgnr",   [FT_REF] = "reference", [FT_REFLIST] = "references",
    [FT_JSON] = "json",
};

static void each_field(struct buf *out, column_fn fn,
		       const struct entity_desc *e, struct buf *d)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field_desc *f = &e->fields[i];

		buf_reset(d);
		describe_field(f, d);
		fn(out, &(struct column_doc){
				e->collection, f->name, type_names[f->type],
				buf_cstr(d), f->flags & FIELD_REQUIRED,
				!(f->flags & FIELD_NOT_IN_CSV), i == 0 });
	}
	for (size_t i = 0; i < e->nchildren; i++) {
		buf_reset(d);
		describe_child(&e->children[i], d);
		fn(out, &(struct column_doc){ e->collection,
					      e->children[i].name, "list",
					      buf_cstr(d), false, true,
					      false });
	}
}

/* Calls fn once per column of every published collection. */
static void each_column(struct buf *out, column_fn fn)
{
	struct buf d = BUF_INIT;

	for (size_t k = 0; k < entity_count; k++)
		if (published(entity_all[k]))
			each_field(out, fn, entity_all[k], &d);
	buf_release(&d);
}

static void csv_line(struct buf *out, const struct column_doc *c)
{
	buf_addf(out, "%s,%s,%s,%s,%s,\"", c->dataset, c->column, c->type,
		 c->required ? "yes" : "no", c->in_csv ? "yes" : "no");
	for (const char *p = c->description; *p; p++) {
		if (*p == '"')
			buf_addch(out, '"');
		buf_addch(out, *p);
	}
	buf_addstr(out, "\"\r\n");
}

void service_opendata_dictionary_csv(struct buf *out)
{
	buf_addstr(out, "dataset,column,type,required,in_csv,description\r\n");
	each_column(out, csv_line);
}

static void md_line(struct buf *out, const struct column_doc *c)
{
	if (c->first) {
		const struct dataset_text *t = text_for(c->dataset);

		buf_addf(out, "\n## %s\n\n%s\n\n| column | type | required "
			      "| in CSV | description |\n|---|---|---|---|---|"
			      "\n",
			 c->dataset, t ? t->description_en : "");
	}
	buf_addf(out, "| %s | %s | %s | %s | %s |\n", c->column, c->type,
		 c->required ? "yes" : "no", c->in_csv ? "yes" : "no",
		 c->description);
}

void service_opendata_dictionary_md(struct buf *out)
{
	buf_addstr(out, "# veikart open data: data dictionary\n\n"
			"Every dataset is a collection of records. In JSON a "
			"record is an object with\nthe columns below as "
			"members; in CSV it is a row. Columns marked \"in "
			"CSV:\nno\" hold long free text and are only in the "
			"JSON files. Ids are stable: a\nreference names the "
			"id of a record in another dataset.\n");
	each_column(out, md_line);
}

/* ---- the bundle ---- */

static const char readme[] =
	"# veikart open data\n\n"
	"Measures, responsible actors, approved status reports, goals and "
	"indicators\nfrom the follow-up of national strategy roadmaps.\n\n"
	"- `json/<dataset>.json`: every record, all columns (the veikart "
	"interchange\n  format, which `veikart import` reads)\n"
	"- `csv/<dataset>.csv`: the same records as CSV (UTF-8, comma, "
	"RFC 4180), without\n  long free text\n"
	"- `data-dictionary.csv`, `data-dictionary.md`: what each column "
	"holds\n"
	"- `catalog.jsonld`: the DCAT-AP-NO description of the datasets\n\n"
	"Licence: Norsk lisens for offentlige data (NLOD) 2.0,\n"
	OPENDATA_LICENSE "\n";

/* The files of the bundle; room for four and two per collection. */
struct bundle {
	struct zip_write_entry *entries;
	struct buf *bufs;
	char (*names)[96];
	size_t n, cap;
	time_t mtime;	/* the newest change to the data */
};

static void bundle_init(struct bundle *b)
{
	memset(b, 0, sizeof(*b));
	b->cap = 4 + 2 * entity_count;
	b->entries = xcalloc(b->cap, sizeof(*b->entries));
	b->bufs = xcalloc(b->cap, sizeof(*b->bufs));
	b->names = xcalloc(b->cap, sizeof(*b->names));
}

static void bundle_release(struct bundle *b)
{
	for (size_t i = 0; i < b->n; i++)
		buf_release(&b->bufs[i]);
	free(b->entries);
	free(b->bufs);
	free(b->names);
}

static struct buf *bundle_add(struct bundle *b, const char *name)
{
	size_t i = b->n++;

	assert(i < b->cap);	/* bundle_init counted every file */
	buf_init(&b->bufs[i], BUF_DEFAULT_CAP);
	snprintf(b->names[i], sizeof(b->names[i]), "%s", name);
	return &b->bufs[i];
}

static int bundle_collections(struct store *st, struct bundle *b,
			      struct err *err)
{
	char name[96];

	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		struct export_stats s;

		if (!published(e))
			continue;
		snprintf(name, sizeof(name), "json/%s.json", e->collection);
		if (write_format(st, e, "json", bundle_add(b, name), err) < 0)
			return -1;
		snprintf(name, sizeof(name), "csv/%s.csv", e->collection);
		if (write_format(st, e, "csv", bundle_add(b, name), err) < 0 ||
		    store_export_stats(st, e, &s, err) < 0)
			return -1;
		if (s.modified[0]) {
			struct tm tm;
			time_t t;

			memset(&tm, 0, sizeof(tm));
			if (strptime(s.modified, "%Y-%m-%dT%H:%M:%S", &tm) &&
			    (t = timegm(&tm)) > b->mtime)
				b->mtime = t;
		}
	}
	return 0;
}

int service_opendata_bundle(struct store *st, const struct config *cfg,
			    struct buf *out, struct err *err)
{
	struct bundle b;
	json_t *catalog = NULL;
	char *text = NULL;
	int rc = -1;

	bundle_init(&b);
	buf_addstr(bundle_add(&b, "README.md"), readme);
	if (!(catalog = service_opendata_catalog(st, cfg, err)) ||
	    !(text = json_dumps(catalog, JSON_INDENT(1) | JSON_PRESERVE_ORDER)))
		goto done;
	buf_addstr(bundle_add(&b, "catalog.jsonld"), text);
	service_opendata_dictionary_csv(bundle_add(&b, "data-dictionary.csv"));
	service_opendata_dictionary_md(bundle_add(&b, "data-dictionary.md"));
	if (bundle_collections(st, &b, err) < 0)
		goto done;
	for (size_t i = 0; i < b.n; i++)
		b.entries[i] = (struct zip_write_entry){ b.names[i],
							 b.bufs[i].buf,
							 b.bufs[i].len };
	rc = zip_write_entries(b.entries, b.n, b.mtime, out, err);
done:
	bundle_release(&b);
	free(text);
	json_decref(catalog);
	return rc;
}
