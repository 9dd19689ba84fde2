/*
 * api/audit.h: GET /api/v1/audit, the audit log for coordinators and
 * admins, newest first, with filters and an id cursor.
 */
#ifndef VEIKART_API_AUDIT_H
#define VEIKART_API_AUDIT_H

#include <stddef.h>

#include "http/http.h"

extern const struct http_route audit_routes[];
extern const size_t audit_nroutes;

#endif
