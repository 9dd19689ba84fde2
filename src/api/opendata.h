/*
 * api/opendata.h: the open-data and document downloads of the API.
 *
 *   GET /api/v1/datasets                     DCAT-AP-NO catalogue (JSON-LD)
 *   GET /api/v1/datasets/:name               one dataset's description, or
 *                                            with .json/.csv/.xlsx its data
 *   GET /api/v1/bundle.zip                   every dataset as CSV and JSON,
 *                                            with the data dictionary
 *   GET /api/v1/strategies/:id/workbook.xlsx the strategy workbook
 *   GET /api/v1/strategies/:id/report.pdf?period=P[&lang=L]
 *                                            the tertial report; coordinators
 *
 * Public answers are cacheable (the server never caches a request that
 * carries credentials, so a signed-in workbook with unapproved reports is
 * never served to the public); the PDF is never cached.
 */
#ifndef VEIKART_API_OPENDATA_H
#define VEIKART_API_OPENDATA_H

#include <stddef.h>

#include "http/http.h"

extern const struct http_route opendata_routes[];
extern const size_t opendata_nroutes;

#endif
