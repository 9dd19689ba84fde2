/*
 * http/router.c: route matching. Patterns are split on '/' and compared
 * segment by segment with the path, so "/items/:id" never matches
 * "/items/1/extra" and ":id" never matches an empty segment. The router
 * does not decode or copy: it reports spans into the caller's path, and the
 * request code copies the values (http/request.c).
 *
 * It matches the percent-decoded path, so an encoded "%2F" splits a segment
 * like a plain '/'. Public ids never contain '/', and treating both alike
 * avoids two spellings of one resource.
 */
#include "http/router.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* True when `pat` matches `path`; fills the ":name" spans of m. */
static bool pattern_match(const char *pat, const char *path,
			  struct http_router_match *m)
{
	const char *p = pat;
	const char *s = path;
	size_t plen, slen;

	m->nparams = 0;
	while (*p == '/' && *s == '/') {
		p++;
		s++;
		/* A final "*" takes the rest of the path, even when empty. */
		if (p[0] == '*' && p[1] == '\0')
			return true;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (*p == ':') {
			/* A table with more is a bug in the table. */
			assert(m->nparams < HTTP_MAX_PATH_PARAMS);
			if (slen == 0 || m->nparams >= HTTP_MAX_PATH_PARAMS)
				return false;
			m->params[m->nparams].off = (size_t)(s - path);
			m->params[m->nparams].len = slen;
			m->nparams++;
		} else if (plen != slen || memcmp(p, s, slen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	return *p == '\0' && *s == '\0';
}

/* The route's methods, with HEAD wherever GET is (RFC 9110 9.3.2). */
static unsigned route_methods(const struct http_route *r)
{
	return r->methods & HTTP_GET ? r->methods | HTTP_HEAD : r->methods;
}

int http_router_match(const struct http_route *routes, size_t nroutes,
		      const char *path, enum http_method method,
		      struct http_router_match *m)
{
	struct http_router_match scratch;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < nroutes; i++) {
		if (!pattern_match(routes[i].pattern, path, &scratch))
			continue;
		m->allowed |= route_methods(&routes[i]);
		if (route_methods(&routes[i]) & (unsigned)method) {
			*m = scratch;
			m->route = &routes[i];
			m->allowed = route_methods(&routes[i]);
			return 200;
		}
	}
	return m->allowed ? 405 : 404;
}

void http_router_allow(unsigned methods, char *out, size_t size)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
	    {HTTP_GET, "GET"},	       {HTTP_HEAD, "HEAD"},
	    {HTTP_POST, "POST"},       {HTTP_PUT, "PUT"},
	    {HTTP_PATCH, "PATCH"},     {HTTP_DELETE, "DELETE"},
	    {HTTP_OPTIONS, "OPTIONS"},
	};
	size_t used = 0;
	size_t i;
	int n;

	assert(size > 0);
	out[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(methods & names[i].bit))
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
			     names[i].name);
		if (n < 0 || (size_t)n >= size - used) {
			/* Too small a buffer is a bug; keep a whole list. */
			assert(!"allow buffer too small");
			out[used] = '\0';
			return;
		}
		used += (size_t)n;
	}
}
