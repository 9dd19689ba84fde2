/*
 * web/html.c: the escapers of web/html.h. They must stay small and
 * obviously right: each writes runs of safe bytes in one buf_add and an
 * entity or escape for each byte that needs one. They decide nothing
 * about what is shown.
 */
#include "web/html.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The entity of a byte that must not appear raw in text or a quoted
 * attribute, or NULL. */
static const char *entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void html_txtn(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;

	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *e = entity((unsigned char)s[i]);

		if (!e)
			continue;
		buf_add(b, s + run, i - run);
		buf_addstr(b, e);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void html_txt(struct buf *b, const char *s)
{
	if (s)
		html_txtn(b, s, strlen(s));
}

void html_attr(struct buf *b, const char *s)
{
	/* The same set: in a double-quoted value only " and & matter, but
	 * one rule for both contexts leaves nothing to choose wrongly. */
	html_txt(b, s);
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

void html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0, i;

	if (!s)
		return;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[3] = { '%', hex[c >> 4], hex[c & 15] };

		if (unreserved(c))
			continue;
		buf_add(b, s + run, i - run);
		buf_add(b, esc, sizeof(esc));
		run = i + 1;
	}
	buf_add(b, s + run, i - run);
}

void html_int(struct buf *b, int64_t v)
{
	buf_addf(b, "%" PRId64, v);
}

bool html_url_ok(const char *url)
{
	size_t skip;

	if (!url)
		return false;
	if (!strncasecmp(url, "https://", 8))
		skip = 8;
	else if (!strncasecmp(url, "http://", 7))
		skip = 7;
	else
		return false;
	if (!url[skip] || url[skip] == '/')
		return false;	/* no host */
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

bool html_href(struct buf *b, const char *url)
{
	if (!html_url_ok(url))
		return false;
	html_attr(b, url);
	return true;
}
