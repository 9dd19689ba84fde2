/*
 * web/layout.h: the shell around every page: <html lang>, the head with the
 * fingerprinted style sheets, a skip link to the main content, the header
 * (service name, the signed-in user or a sign-in link, a language switch
 * that keeps the page and its query, the main menu, a search box), the
 * <main> landmark the skip link targets, and the footer (accessibility
 * statement, privacy, about, open data).
 *
 * Pages write their <h1> and content between layout_begin and layout_end.
 */
#ifndef VEIKART_WEB_LAYOUT_H
#define VEIKART_WEB_LAYOUT_H

#include "web/page.h"

/* Everything up to and including <main>; `title` (plain text, escaped
 * here) goes before the service name in <title>. */
void layout_begin(struct page *pg, const char *title);
/* </main>, the footer and the end of the document. */
void layout_end(struct page *pg);

#endif
