/*
 * web/html.h: the one door for markup. Every byte of HTML the portal sends
 * is written through these functions: text and attribute values through
 * an escaper chosen by where they go, and markup only as string literals
 * (html_raw refuses anything else at compile time), so user data can never
 * become markup by accident.
 *
 *   html_txt      text between tags
 *   html_attr     a double-quoted attribute value
 *   html_url_arg  a path segment or query value inside an href (percent-
 *                 encodes every byte but A-Z a-z 0-9 - . _ ~; the result
 *                 still goes into a double-quoted attribute, which it
 *                 cannot break out of)
 *   html_href     a URL that came from data: only http: and https: pass
 *
 * No user data goes into <script>, <style>, style="..." or on* attributes,
 * or into unquoted attributes: there is no escaper for those places.
 *
 * Ownership: the buffer is the caller's; strings are borrowed. NULL text
 * writes nothing. Errors are the buffer's sticky cap flag.
 */
#ifndef VEIKART_WEB_HTML_H
#define VEIKART_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Appends a string literal as markup. `"" s` makes anything but a literal
 * a compile error (a char pointer cannot be pasted after ""), so only text
 * written in the source can become markup.
 */
#define html_raw(b, s) buf_add((b), "" s, sizeof(s) - 1)

/* Text: & < > " ' become entities; everything else, UTF-8 included, is
 * copied. */
void html_txt(struct buf *b, const char *s);
/* As html_txt for the first n bytes of s. */
void html_txtn(struct buf *b, const char *s, size_t n);
/* A double-quoted attribute value: the same five characters escaped. */
void html_attr(struct buf *b, const char *s);
/* A URL path segment or query value: percent-encoded UTF-8 bytes. */
void html_url_arg(struct buf *b, const char *s);
/* A whole number as text (no grouping: ids, years, widths). */
void html_int(struct buf *b, int64_t v);

/* True for an absolute http: or https: URL without spaces or controls. */
bool html_url_ok(const char *url);
/*
 * Writes url attribute-escaped when html_url_ok(url); otherwise writes
 * nothing and returns false, so the caller shows the text without a link.
 */
bool html_href(struct buf *b, const char *url);

#endif
