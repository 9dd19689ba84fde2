/*
 * web/layout.c: the page shell (see layout.h). Designsystemet supplies the
 * components (ds-skip-link, ds-link, ds-heading ...); static/veikart.css
 * the page grid (vk-*). Only the fixed menu tables and catalog text go
 * into the shell; the request data in it, the path for the language
 * switch and the signed-in user's name and CSRF token, is escaped.
 */
#include "web/layout.h"

#include <string.h>

#include "web/static.h"

struct nav_item {
	const char *path;	/* after /{lang} */
	const char *key;	/* catalog key of the label */
	enum page_section section;
};

static const struct nav_item menu[] = {
	{ "/", "nav.front", SECTION_FRONT },
	{ "/strategies", "nav.strategies", SECTION_STRATEGIES },
	{ "/measures", "nav.measures", SECTION_MEASURES },
	{ "/actors", "nav.actors", SECTION_ACTORS },
	{ "/indicators", "nav.indicators", SECTION_INDICATORS },
	{ "/coordination", "nav.coordination", SECTION_COORDINATION },
	{ "/changes", "nav.changes", SECTION_CHANGES },
};

static const struct nav_item footer[] = {
	{ "/about", "footer.about", SECTION_NONE },
	{ "/accessibility", "footer.accessibility", SECTION_NONE },
	{ "/privacy", "footer.privacy", SECTION_NONE },
	{ "/open-data", "footer.open_data", SECTION_NONE },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void stylesheet(struct page *pg, enum web_asset a)
{
	html_raw(pg->out, "<link rel=\"stylesheet\" href=\"");
	html_attr(pg->out, web_static_url(a));
	html_raw(pg->out, "\">\n");
}

static void head(struct page *pg, const char *title)
{
	html_raw(pg->out, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(pg->out, lang_code(pg->lang));
	html_raw(pg->out, "\" data-color-scheme=\"light\">\n<head>\n"
			  "<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" "
			  "content=\"width=device-width, initial-scale=1\">\n"
			  "<title>");
	html_txt(pg->out, title);
	html_raw(pg->out, " \xe2\x80\x93 ");
	html_txt(pg->out, T(pg, "site.name"));
	html_raw(pg->out, "</title>\n");
	/* An inline icon: otherwise every browser asks for /favicon.ico,
	 * a 404 it logs as an error on each page. */
	html_raw(pg->out, "<link rel=\"icon\" href=\"data:image/svg+xml,"
			  "%3Csvg xmlns='http://www.w3.org/2000/svg' "
			  "viewBox='0 0 32 32'%3E%3Crect width='32' "
			  "height='32' rx='6' fill='%230062ba'/%3E%3Cpath "
			  "d='M8 9l8 15 8-15' fill='none' stroke='%23fff' "
			  "stroke-width='4' stroke-linecap='round' "
			  "stroke-linejoin='round'/%3E%3C/svg%3E\">\n");
	stylesheet(pg, WEB_ASSET_THEME);
	stylesheet(pg, WEB_ASSET_DS);
	stylesheet(pg, WEB_ASSET_VEIKART);
	html_raw(pg->out, "</head>\n");
}

/* The same page under language l: the path rest and the query, kept. */
static void switch_href(struct page *pg, enum lang l)
{
	html_raw(pg->out, "/");
	html_attr(pg->out, lang_code(l));
	html_txtn(pg->out, pg->rest, pg->rest_len);
	if (pg->query) {
		html_raw(pg->out, "?");
		html_attr(pg->out, pg->query);
	}
}

static void language_switch(struct page *pg)
{
	html_raw(pg->out, "<nav class=\"vk-lang\" aria-label=\"");
	html_attr(pg->out, T(pg, "nav.language"));
	html_raw(pg->out, "\"><ul>");
	for (int i = 0; i < LANG_COUNT; i++) {
		enum lang l = (enum lang)i;

		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		switch_href(pg, l);
		html_raw(pg->out, "\" hreflang=\"");
		html_attr(pg->out, lang_code(l));
		html_raw(pg->out, "\" lang=\"");
		html_attr(pg->out, lang_code(l));
		html_raw(pg->out, "\"");
		if (l == pg->lang)
			html_raw(pg->out, " aria-current=\"true\"");
		html_raw(pg->out, ">");
		html_txt(pg->out, lang_name(l));
		html_raw(pg->out, "</a></li>");
	}
	html_raw(pg->out, "</ul></nav>\n");
}

static void nav_list(struct page *pg, const struct nav_item *items, size_t n,
		     const char *label_key, const char *cls)
{
	html_raw(pg->out, "<nav class=\"");
	html_attr(pg->out, cls);
	html_raw(pg->out, "\" aria-label=\"");
	html_attr(pg->out, T(pg, label_key));
	html_raw(pg->out, "\"><ul>");
	for (size_t i = 0; i < n; i++) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"");
		page_href(pg, items[i].path, NULL);
		html_raw(pg->out, "\"");
		if (items[i].section != SECTION_NONE &&
		    items[i].section == pg->section)
			html_raw(pg->out, " aria-current=\"page\"");
		html_raw(pg->out, ">");
		html_txt(pg->out, T(pg, items[i].key));
		html_raw(pg->out, "</a></li>");
	}
	html_raw(pg->out, "</ul></nav>\n");
}

/* The search box: a plain GET form to the search page, in
 * Designsystemet's search component (the magnifier and the button joined
 * to the field). */
static void search_form(struct page *pg)
{
	html_raw(pg->out, "<form class=\"vk-search\" role=\"search\" "
			  "method=\"get\" action=\"");
	page_href(pg, "/search", NULL);
	html_raw(pg->out, "\"><label class=\"ds-sr-only\" "
			  "for=\"vk-search-q\">");
	html_txt(pg->out, T(pg, "nav.search_label"));
	html_raw(pg->out, "</label><div class=\"ds-search\" "
			  "data-size=\"sm\"><input class=\"ds-input\" "
			  "type=\"search\" id=\"vk-search-q\" name=\"q\" "
			  "maxlength=\"200\">"
			  "<button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"primary\">");
	html_txt(pg->out, T(pg, "nav.search_button"));
	html_raw(pg->out, "</button></div></form>\n");
}

/* Signed in: the workspace, who it is and signing out (a POST with the
 * session's CSRF token); else the sign-in link. */
static void user_menu(struct page *pg)
{
	html_raw(pg->out, "<div class=\"vk-user\">");
	if (!page_signed_in(pg)) {
		html_raw(pg->out, "<a class=\"ds-link\" href=\"");
		page_href(pg, "/login", NULL);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, "nav.login"));
		html_raw(pg->out, "</a></div>\n");
		return;
	}
	html_raw(pg->out, "<a class=\"ds-link\" href=\"");
	page_href(pg, "/workspace", NULL);
	html_raw(pg->out, "\"");
	if (pg->section == SECTION_WORKSPACE)
		html_raw(pg->out, " aria-current=\"page\"");
	html_raw(pg->out, ">");
	html_txt(pg->out, T(pg, "nav.workspace"));
	html_raw(pg->out, "</a> <span class=\"vk-user-name\">");
	page_tf(pg, "nav.signed_in_as", pg->who.username, NULL);
	html_raw(pg->out, "</span> <form method=\"post\" action=\"");
	page_href(pg, "/logout", NULL);
	html_raw(pg->out, "\"><input type=\"hidden\" name=\"csrf_token\" "
			  "value=\"");
	html_attr(pg->out, pg->who.csrf);
	html_raw(pg->out, "\"><button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"tertiary\" data-size=\"sm\">");
	html_txt(pg->out, T(pg, "nav.logout"));
	html_raw(pg->out, "</button></form></div>\n");
}

void layout_begin(struct page *pg, const char *title)
{
	head(pg, title);
	html_raw(pg->out, "<body>\n<a class=\"ds-skip-link\" href=\"#main\">");
	html_txt(pg->out, T(pg, "nav.skip"));
	html_raw(pg->out, "</a>\n<header class=\"vk-header\">\n"
			  "<div class=\"vk-wrap vk-header-top\">\n"
			  "<a class=\"vk-brand\" href=\"");
	page_href(pg, "/", NULL);
	html_raw(pg->out, "\"><svg class=\"vk-logo\" aria-hidden=\"true\" "
			  "focusable=\"false\" viewBox=\"0 0 32 32\" "
			  "width=\"32\" height=\"32\"><rect width=\"32\" "
			  "height=\"32\" rx=\"6\"/><path "
			  "d=\"M8 9l8 15 8-15\"/></svg>"
			  "<span class=\"vk-brand-name\">");
	html_txt(pg->out, T(pg, "site.name"));
	html_raw(pg->out, "</span> <span class=\"vk-brand-tagline\">");
	html_txt(pg->out, T(pg, "site.tagline"));
	html_raw(pg->out, "</span></a>\n<div class=\"vk-header-tools\">\n");
	user_menu(pg);
	language_switch(pg);
	html_raw(pg->out, "</div>\n</div>\n"
			  "<div class=\"vk-wrap vk-header-nav\">\n");
	nav_list(pg, menu, N(menu), "nav.main", "vk-menu");
	search_form(pg);
	html_raw(pg->out, "</div>\n</header>\n"
			  "<main id=\"main\" class=\"vk-wrap vk-main\" "
			  "tabindex=\"-1\">\n");
}

void layout_end(struct page *pg)
{
	html_raw(pg->out, "</main>\n<footer class=\"vk-footer\">\n"
			  "<div class=\"vk-wrap\">\n");
	nav_list(pg, footer, N(footer), "nav.footer", "vk-footer-nav");
	html_raw(pg->out, "<p class=\"ds-paragraph\" data-size=\"sm\">");
	html_txt(pg->out, T(pg, "footer.owner"));
	html_raw(pg->out, "</p>\n</div>\n</footer>\n</body>\n</html>\n");
}
