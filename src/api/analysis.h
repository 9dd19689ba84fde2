/*
 * api/analysis.h: the coordination analysis in the JSON API.
 *   GET /api/v1/analysis               findings; filters kind, severity,
 *                                      state (default open), lang, limit,
 *                                      offset
 *   GET /api/v1/analysis/:finding      one finding and its mark
 *   PUT /api/v1/analysis/:finding      mark it: {"state", "comment"}
 * The service (service/analysis.h) decides who may see and mark what.
 */
#ifndef VEIKART_API_ANALYSIS_H
#define VEIKART_API_ANALYSIS_H

#include <stddef.h>

#include "http/http.h"

extern const struct http_route api_analysis_routes[];
extern const size_t api_analysis_nroutes;

#endif
