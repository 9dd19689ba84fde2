/*
 * api/routes.c: the API's route tables joined in match order. Each module
 * of api/ keeps its own table; the generic read routes come last because
 * "/api/v1/:collection/:id" would otherwise shadow more specific paths.
 */
#include <pthread.h>

#include "api/analysis.h"
#include "api/api.h"
#include "api/audit.h"
#include "api/indicators.h"
#include "api/opendata.h"
#include "api/reports.h"
#include "api/session.h"
#include "api/write.h"

#define API_MAX_ROUTES 256

static const struct {
	const struct http_route *routes;
	const size_t *n;
} tables[] = {
	{ session_routes, &session_nroutes },
	{ api_report_routes, &api_report_nroutes },
	{ write_routes, &write_nroutes },
	{ audit_routes, &audit_nroutes },
	{ api_analysis_routes, &api_analysis_nroutes },
	{ api_indicator_routes, &api_indicator_nroutes },
	{ opendata_routes, &opendata_nroutes },
	{ api_read_routes, &api_read_nroutes },
};

static struct http_route all[API_MAX_ROUTES];
static size_t nall;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void join(void)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (size_t i = 0; i < *tables[t].n && nall < API_MAX_ROUTES;
		     i++)
			all[nall++] = tables[t].routes[i];
}

const struct http_route *api_routes(size_t *n)
{
	pthread_once(&once, join);
	*n = nall;
	return all;
}
