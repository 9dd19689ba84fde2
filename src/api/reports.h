/*
 * api/reports.h: the routes of the reporting workflow under /api/v1:
 * status definitions, reporting periods, status reports and their
 * history, closure proposals, a reporter's to-do list and the
 * coordinator's overview of a period. docs/reporting.md lists them with
 * examples.
 */
#ifndef VEIKART_API_REPORTS_H
#define VEIKART_API_REPORTS_H

#include <stddef.h>

#include "http/http.h"

/* The routes, specific before generic; they go before the write routes. */
extern const struct http_route api_report_routes[];
extern const size_t api_report_nroutes;

#endif
