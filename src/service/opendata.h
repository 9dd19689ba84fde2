/*
 * service/opendata.h: open data. Every collection is a dataset, described
 * in a DCAT-AP-NO catalogue (JSON-LD) and downloadable as JSON, CSV and
 * XLSX, one by one or all together in one zip with a data dictionary.
 *
 * What is published is what the public may read: every collection the API
 * serves, and of the status reports only the approved ones.
 *
 * The catalogue's publisher is the operator of the installation
 * (util/config.h): VEIKART_OPERATOR_NAME and VEIKART_OPERATOR_ORGNR. With
 * both set (and the number passing the MOD11 check) the publisher is
 * {foaf:name, dct:identifier, @id: the Brønnøysund register's URI for the
 * number}. Without a valid number the identifier and @id are left out;
 * without a name, foaf:name says that VEIKART_OPERATOR_NAME is not set, so
 * a harvester shows the gap instead of someone else's name. Download URLs
 * start with VEIKART_BASE_URL.
 *
 * cfg may be NULL (no operator, relative download URLs). Ownership:
 * returned json_t values and buffers are the caller's.
 */
#ifndef VEIKART_SERVICE_OPENDATA_H
#define VEIKART_SERVICE_OPENDATA_H

#include <jansson.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/config.h"

/* NLOD 2.0, as DCAT-AP-NO names it. */
#define OPENDATA_LICENSE "http://data.norge.no/nlod/no/2.0"

/*
 * The catalogue: a dcat:Catalog with one dcat:Dataset per collection
 * (title and description in nb and en, publisher, licence, modified (the
 * newest updated_at), temporal coverage where the data has dates, and the
 * distributions JSON, CSV and XLSX under {base}/api/v1/datasets/).
 */
json_t *service_opendata_catalog(struct store *st, const struct config *cfg,
				 struct err *err);

/* One dataset's description, the catalogue's entry for `collection`;
 * ERR_NOT_FOUND for an unknown one. */
json_t *service_opendata_dataset(struct store *st, const struct config *cfg,
				 const char *collection, struct err *err);

/*
 * A distribution: `file` is "<collection>.json", ".csv" or ".xlsx". The
 * bytes are appended to out; *content_type gets a static media type.
 * ERR_NOT_FOUND for an unknown collection or format.
 */
int service_opendata_file(struct store *st, const char *file,
			  struct buf *out, const char **content_type,
			  struct err *err);

/*
 * The bundle, a zip appended to out: README.md, catalog.jsonld,
 * json/<collection>.json and csv/<collection>.csv for every collection,
 * and data-dictionary.csv and data-dictionary.md describing every column.
 * The same data gives the same bytes.
 */
int service_opendata_bundle(struct store *st, const struct config *cfg,
			    struct buf *out, struct err *err);

/* The data dictionary alone, as CSV or Markdown (appended to out). */
void service_opendata_dictionary_csv(struct buf *out);
void service_opendata_dictionary_md(struct buf *out);

#endif
