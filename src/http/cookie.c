/*
 * http/cookie.c: the session cookie and the few raw form reads
 * authentication needs (see cookie.h). Strict on purpose: a value handed
 * out is always something a well-behaved client could have set.
 */
#include "http/cookie.h"

#include <stdio.h>
#include <string.h>

/* RFC 6265 4.1.1 cookie-octet: printable ASCII but for space, '"', ',',
 * ';' and '\\'. */
static bool cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
	       c != '\\';
}

int http_cookie_get(const char *header, const char *name, char *out,
		    size_t n)
{
	size_t nlen = strlen(name), vlen, i;
	const char *p = header, *v;

	while (p && *p) {
		p += strspn(p, " \t;");
		v = p + nlen;
		if (!strncmp(p, name, nlen) && *v == '=') {
			v++;
			v += strspn(v, " \t");
			vlen = strcspn(v, ";");
			while (vlen &&
			       (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (!vlen || vlen >= n)
				return -1;
			for (i = 0; i < vlen; i++)
				if (!cookie_octet((unsigned char)v[i]))
					return -1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = strchr(p, ';');
	}
	return -1;
}

int http_form_raw_get(const char *body, size_t len, const char *name,
		     char *out, size_t n)
{
	size_t nlen = strlen(name), i = 0, end, vlen;

	while (i < len) {
		const char *piece = body + i;
		const char *amp = memchr(piece, '&', len - i);

		end = amp ? (size_t)(amp - body) : len;
		if (end - i > nlen && !memcmp(piece, name, nlen) &&
		    piece[nlen] == '=') {
			vlen = end - i - nlen - 1;
			if (!vlen || vlen >= n ||
			    memchr(piece + nlen + 1, '\0', vlen))
				return -1;
			memcpy(out, piece + nlen + 1, vlen);
			out[vlen] = '\0';
			return 0;
		}
		i = end + 1;
	}
	return -1;
}

void http_session_cookie(char out[256], const char *value, bool secure)
{
	snprintf(out, 256, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
		 HTTP_SESSION_COOKIE, value ? value : "",
		 secure ? "; Secure" : "", value ? "" : "; Max-Age=0");
}
