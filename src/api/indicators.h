/*
 * api/indicators.h: the indicator routes of the JSON API that are not
 * plain reads or writes of records:
 *   POST /api/v1/indicators/:id/observations/import   JSON-stat or CSV body
 *   GET  /api/v1/indicators/:id/progress              progress class
 * (GET .../observations?format=jsonstat is in api/collections.c, beside the
 * plain list.)
 */
#ifndef VEIKART_API_INDICATORS_H
#define VEIKART_API_INDICATORS_H

#include <stddef.h>

#include "http/http.h"

extern const struct http_route api_indicator_routes[];
extern const size_t api_indicator_nroutes;

#endif
