/*
 * web/page_opendata.c: /{lang}/open-data: every dataset the service
 * publishes (the collections and the approved status reports), each with
 * its description, number of records, time span, last change and links to
 * JSON, CSV and XLSX; the whole bundle; the DCAT-AP-NO catalogue; the
 * indicators as JSON-stat; each strategy's workbook; the licence (NLOD
 * 2.0) and where the API is described.
 *
 * The datasets, their dates and files come from the catalogue that
 * service/opendata.c makes for harvesters, so the page lists exactly what
 * is published; the links are relative, so they work whatever
 * VEIKART_BASE_URL says. Counts are the records of each JSON download.
 */
#include <stdio.h>
#include <string.h>

#include "service/opendata.h"
#include "service/portal.h"
#include "util/config.h"
#include "web/format.h"
#include "web/layout.h"
#include "web/page.h"

#define NLOD_NO "https://data.norge.no/nlod/no/2.0"
#define NLOD_EN "https://data.norge.no/nlod/en/2.0"

/* The last path segment of a URL in a JSON-LD {"@id": ...}. */
static const char *last_segment(json_t *node)
{
	const char *url = page_str(node, "@id");
	const char *slash = url ? strrchr(url, '/') : NULL;

	return slash ? slash + 1 : url;
}

static const char *ld_value(json_t *node)
{
	return page_str(node, "@value");
}

/* A dataset's name in a catalog key ("opendata.ds.measures.title"). */
static const char *ds_text(struct page *pg, const char *name, const char *what,
			   char *key, size_t len)
{
	snprintf(key, len, "opendata.ds.%s.%s", name, what);
	return i18n_has(pg->lang, key) ? T(pg, key) : NULL;
}

/* The catalogue's own title ("nb" or "en") when we have no text. */
static const char *ld_title(struct page *pg, json_t *ds)
{
	const char *want = pg->lang == LANG_EN ? "en" : "nb";
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(ds, "dct:title"), i,
			   t) if (!strcmp(page_str(t, "@language")
					      ? page_str(t, "@language")
					      : "",
					  want)) return page_str(t, "@value");
	return NULL;
}

/* Records in the JSON download of collection `name`; -1 if unknown. */
static int64_t records(struct page *pg, const char *name)
{
	struct buf body = BUF_INIT;
	struct err err = ERR_INIT;
	const char *type;
	char file[96];
	json_t *doc;
	int64_t n = -1;

	snprintf(file, sizeof(file), "%s.json", name);
	if (service_opendata_file(pg->st, file, &body, &type, &err) == 0 &&
	    (doc = json_loadb(body.buf, body.len, 0, NULL))) {
		json_t *list = json_object_get(doc, name);

		if (json_is_array(list))
			n = (int64_t)json_array_size(list);
		json_decref(doc);
	}
	buf_release(&body);
	return n;
}

static const char *format_label(const char *file)
{
	const char *dot = file ? strrchr(file, '.') : NULL;

	if (!dot)
		return "?";
	if (!strcmp(dot, ".json"))
		return "JSON";
	if (!strcmp(dot, ".csv"))
		return "CSV";
	if (!strcmp(dot, ".xlsx"))
		return "Excel (XLSX)";
	return dot + 1;
}

/* The download links of a dataset, each naming it for screen readers. */
static void files(struct page *pg, json_t *ds, const char *title)
{
	json_t *d;
	size_t i;

	html_raw(pg->out, "<ul class=\"vk-formats\">");
	json_array_foreach(json_object_get(ds, "dcat:distribution"), i, d)
	{
		const char *file =
		    last_segment(json_object_get(d, "dcat:downloadURL"));

		if (!file)
			continue;
		html_raw(pg->out, "<li><a class=\"ds-link\" "
				  "href=\"/api/v1/datasets/");
		html_url_arg(pg->out, file);
		html_raw(pg->out, "\" type=\"");
		html_attr(pg->out, page_str(d, "dcat:mediaType"));
		html_raw(pg->out, "\">");
		html_txt(pg->out, format_label(file));
		html_raw(pg->out, "<span class=\"ds-sr-only\"> \xe2\x80\x93 ");
		html_txt(pg->out, title);
		html_raw(pg->out, "</span></a></li>");
	}
	html_raw(pg->out, "</ul>");
}

static void temporal(struct page *pg, json_t *ds)
{
	json_t *t = json_object_get(ds, "dct:temporal");
	const char *from = ld_value(json_object_get(t, "dcat:startDate"));
	const char *to = ld_value(json_object_get(t, "dcat:endDate"));

	if (!from && !to) {
		page_none(pg);
		return;
	}
	page_date(pg, from);
	if (to && (!from || strcmp(from, to))) {
		html_raw(pg->out, "\xe2\x80\x93");
		page_date(pg, to);
	}
}

static void dataset_row(struct page *pg, json_t *ds)
{
	const char *name = last_segment(ds);
	char key[128];
	const char *title = ds_text(pg, name, "title", key, sizeof(key));
	const char *desc = ds_text(pg, name, "desc", key, sizeof(key));
	const char *modified = ld_value(json_object_get(ds, "dct:modified"));
	int64_t n = records(pg, name);

	if (!title)
		title = ld_title(pg, ds) ? ld_title(pg, ds) : name;
	html_raw(pg->out, "<tr id=\"dataset-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\"><th scope=\"row\">");
	html_txt(pg->out, title);
	if (desc) {
		html_raw(pg->out, "<span class=\"vk-desc\">");
		html_txt(pg->out, desc);
		html_raw(pg->out, "</span>");
	}
	html_raw(pg->out, "</th><td class=\"vk-num\">");
	if (n >= 0)
		page_int(pg, n);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	temporal(pg, ds);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	if (modified)
		page_date(pg, modified);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td>");
	files(pg, ds, title);
	html_raw(pg->out, "</td></tr>\n");
}

static void datasets(struct page *pg, json_t *catalog)
{
	static const char *const cols[] = {
	    "opendata.col.dataset",  "opendata.col.records",
	    "opendata.col.temporal", "opendata.col.modified",
	    "opendata.col.formats",
	};
	json_t *ds;
	size_t i;

	page_h2(pg, "datasets", "opendata.datasets.h");
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "opendata.datasets.p"));
	html_raw(pg->out,
		 "</p>\n<div class=\"vk-table-scroll\" role=\"region\" "
		 "tabindex=\"0\" aria-labelledby=\"datasets-caption\">\n"
		 "<table class=\"ds-table\" data-border>\n<caption "
		 "id=\"datasets-caption\">");
	html_txt(pg->out, T(pg, "opendata.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(catalog, "dcat:dataset"), i, ds)
	    dataset_row(pg, ds);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}

/* ---- the other sections ---- */

static void paragraph(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

static void licence(struct page *pg)
{
	page_h2(pg, "licence", "opendata.licence.h");
	paragraph(pg, "opendata.licence.p");
	paragraph(pg, "opendata.licence.credit");
	html_raw(pg->out, "<ul class=\"ds-list\"><li><a class=\"ds-link\" "
			  "href=\"" NLOD_NO "\" hreflang=\"no\">");
	html_txt(pg->out, T(pg, "opendata.licence.link_no"));
	html_raw(pg->out, "</a></li><li><a class=\"ds-link\" href=\"" NLOD_EN
			  "\" hreflang=\"en\">");
	html_txt(pg->out, T(pg, "opendata.licence.link_en"));
	html_raw(pg->out, "</a></li></ul>\n");
}

static void bundle_and_catalog(struct page *pg)
{
	page_h2(pg, "bundle", "opendata.bundle.h");
	paragraph(pg, "opendata.bundle.p");
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"/api/v1/bundle.zip\" "
			  "type=\"application/zip\">");
	html_txt(pg->out, T(pg, "opendata.bundle.link"));
	html_raw(pg->out, "</a></p>\n");
	page_h2(pg, "catalog", "opendata.catalog.h");
	paragraph(pg, "opendata.catalog.p");
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"/api/v1/datasets\" "
			  "type=\"application/ld+json\">");
	html_txt(pg->out, T(pg, "opendata.catalog.link"));
	html_raw(pg->out, "</a></p>\n");
}

/* What a per-item link downloads. */
enum item_file { ITEM_JSONSTAT, ITEM_WORKBOOK };

/* One link per item, named by the item; `what_key` says what it is to
 * screen readers. */
static void item_links(struct page *pg, json_t *items, const char *what_key,
		       enum item_file kind)
{
	json_t *it;
	size_t i;

	html_raw(pg->out, "<ul class=\"ds-list vk-columns\">\n");
	json_array_foreach(items, i, it)
	{
		const char *id = page_str(it, "id");

		if (!id)
			continue;
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		if (kind == ITEM_JSONSTAT) {
			html_raw(pg->out, "/api/v1/indicators/");
			html_url_arg(pg->out, id);
			html_raw(pg->out, "/observations?format=jsonstat\" "
					  "type=\"application/json\">");
		} else {
			html_raw(pg->out, "/api/v1/strategies/");
			html_url_arg(pg->out, id);
			html_raw(pg->out, "/workbook.xlsx\" type=\"application/"
					  "vnd.openxmlformats-officedocument."
					  "spreadsheetml.sheet\">");
		}
		page_text(pg, it, "name", id);
		html_raw(pg->out, "<span class=\"ds-sr-only\"> \xe2\x80\x93 ");
		html_txt(pg->out, T(pg, what_key));
		html_raw(pg->out, "</span></a></li>\n");
	}
	html_raw(pg->out, "</ul>\n");
}

static int per_item(struct page *pg, struct err *err)
{
	json_t *indicators = portal_all(pg->st, "indicators", NULL, 0, err);
	json_t *strategies =
	    indicators ? portal_all(pg->st, "strategies", NULL, 0, err) : NULL;

	if (!strategies) {
		json_decref(indicators);
		return -1;
	}
	page_h2(pg, "workbooks", "opendata.workbooks.h");
	paragraph(pg, "opendata.workbooks.p");
	item_links(pg, strategies, "opendata.workbooks.format", ITEM_WORKBOOK);
	if (json_array_size(indicators)) {
		page_h2(pg, "jsonstat", "opendata.jsonstat.h");
		paragraph(pg, "opendata.jsonstat.p");
		item_links(pg, indicators, "opendata.jsonstat.format",
			   ITEM_JSONSTAT);
	}
	json_decref(indicators);
	json_decref(strategies);
	return 0;
}

static void api(struct page *pg)
{
	page_h2(pg, "api", "opendata.api.h");
	paragraph(pg, "opendata.api.p");
	html_raw(pg->out, "<ul class=\"ds-list\"><li><a class=\"ds-link\" "
			  "href=\"/api/v1\" type=\"application/json\">");
	html_txt(pg->out, T(pg, "opendata.api.link"));
	html_raw(pg->out, "</a></li></ul>\n");
	paragraph(pg, "opendata.api.docs");
}

int page_open_data(struct page *pg, struct err *err)
{
	json_t *catalog = NULL;
	int rc = -1;

	if (page_params(pg, NULL, 0, err) < 0 ||
	    !(catalog = service_opendata_catalog(pg->st, config_get(), err)))
		return -1;
	layout_begin(pg, T(pg, "opendata.title"));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, "opendata.title");
	paragraph(pg, "opendata.intro");
	licence(pg);
	datasets(pg, catalog);
	bundle_and_catalog(pg);
	if (per_item(pg, err) < 0)
		goto done;
	api(pg);
	layout_end(pg);
	rc = 0;
done:
	json_decref(catalog);
	return rc;
}
