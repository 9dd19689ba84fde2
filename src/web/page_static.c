/*
 * web/page_static.c: the pages whose text is all in the catalogs:
 * /{lang}/about, /{lang}/accessibility (the accessibility statement,
 * tilgjengelighetserklæring, in the structure Uutilsynet asks for) and
 * /{lang}/privacy (personvernerklæring: what personal data the service
 * keeps, why and for how long). Each page is a table of blocks; a block is
 * a heading, a paragraph, a list item or a link, its text a catalog key.
 */
#include <stdbool.h>

#include "model/status.h"
#include "web/layout.h"
#include "web/page.h"

enum block_kind {
	BLOCK_H2,	/* a section heading */
	BLOCK_P,	/* a paragraph */
	BLOCK_LI,	/* a list item; neighbours form one list */
	BLOCK_LINK,	/* a paragraph that is a link to `url` */
	BLOCK_STATUSES,	/* the status vocabulary with its definitions */
};

struct block {
	enum block_kind kind;
	const char *key;
	const char *url;	/* BLOCK_LINK: a constant http(s) URL */
};

#define H2(k) { BLOCK_H2, k, NULL }
#define P(k) { BLOCK_P, k, NULL }
#define LI(k) { BLOCK_LI, k, NULL }
#define LINK(k, u) { BLOCK_LINK, k, u }
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct block about[] = {
	P("about.intro"),
	H2("about.data.h"), P("about.data.p1"), P("about.data.p2"),
	H2("about.status.h"), P("about.status.p1"),
	{ BLOCK_STATUSES, NULL, NULL },
	P("about.status.p2"),
	H2("about.languages.h"), P("about.languages.p"),
	H2("about.api.h"), P("about.api.p"),
};

static const struct block accessibility[] = {
	P("a11y.intro"),
	H2("a11y.status.h"), P("a11y.status.p"),
	LI("a11y.status.li1"), LI("a11y.status.li2"), LI("a11y.status.li3"),
	LI("a11y.status.li4"), LI("a11y.status.li5"),
	H2("a11y.deviations.h"), P("a11y.deviations.p"),
	H2("a11y.feedback.h"), P("a11y.feedback.p"),
	H2("a11y.complaint.h"), P("a11y.complaint.p"),
	LINK("a11y.complaint.link", "https://www.uutilsynet.no/"),
};

static const struct block privacy[] = {
	P("privacy.intro"),
	H2("privacy.controller.h"), P("privacy.controller.p"),
	H2("privacy.what.h"), P("privacy.what.p"),
	LI("privacy.what.visitors"), LI("privacy.what.users"),
	LI("privacy.what.sessions"), LI("privacy.what.attempts"),
	LI("privacy.what.audit"),
	H2("privacy.why.h"), P("privacy.why.p"),
	H2("privacy.how_long.h"),
	LI("privacy.how_long.sessions"), LI("privacy.how_long.attempts"),
	LI("privacy.how_long.users"), LI("privacy.how_long.audit"),
	LI("privacy.how_long.log"),
	H2("privacy.rights.h"), P("privacy.rights.p"),
	LINK("privacy.rights.link", "https://www.datatilsynet.no/"),
};

/* The status vocabulary as a description list, in the page's language. */
static void statuses(struct page *pg)
{
	size_t n;
	const struct status_def *all = status_all(&n);

	html_raw(pg->out, "<dl class=\"vk-facts vk-statuses\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct status_text *t = status_text(&all[i],
							  lang_code(pg->lang));

		html_raw(pg->out, "<dt>");
		page_status(pg, all[i].code);
		html_raw(pg->out, "</dt><dd>");
		html_txt(pg->out, t->definition);
		html_raw(pg->out, "</dd>\n");
	}
	html_raw(pg->out, "<dt>");
	page_status(pg, "not_reported");
	html_raw(pg->out, "</dt><dd>");
	html_txt(pg->out, T(pg, "status.not_reported.definition"));
	html_raw(pg->out, "</dd>\n</dl>\n");
}

static void block(struct page *pg, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_H2:
		page_h2(pg, b->key, b->key);
		break;
	case BLOCK_LI:
		html_raw(pg->out, "<li>");
		html_txt(pg->out, T(pg, b->key));
		html_raw(pg->out, "</li>\n");
		break;
	case BLOCK_LINK:
		html_raw(pg->out, "<p class=\"ds-paragraph\">"
				  "<a class=\"ds-link\" href=\"");
		html_href(pg->out, b->url);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, b->key));
		html_raw(pg->out, "</a></p>\n");
		break;
	case BLOCK_STATUSES:
		statuses(pg);
		break;
	default:
		html_raw(pg->out, "<p class=\"ds-paragraph\" "
				  "data-variant=\"long\">");
		html_txt(pg->out, T(pg, b->key));
		html_raw(pg->out, "</p>\n");
		break;
	}
}

static int render(struct page *pg, const char *title,
		  const struct block *blocks, size_t n, struct err *err)
{
	bool in_list = false;

	if (page_params(pg, NULL, 0, err) < 0)
		return -1;
	layout_begin(pg, T(pg, title));
	page_crumbs_begin(pg);
	page_crumbs_end(pg);
	page_h1(pg, title);
	for (size_t i = 0; i < n; i++) {
		bool li = blocks[i].kind == BLOCK_LI;

		if (in_list && !li)
			html_raw(pg->out, "</ul>\n");
		if (!in_list && li)
			html_raw(pg->out, "<ul class=\"ds-list\">\n");
		in_list = li;
		block(pg, &blocks[i]);
	}
	if (in_list)
		html_raw(pg->out, "</ul>\n");
	layout_end(pg);
	return 0;
}

int page_about(struct page *pg, struct err *err)
{
	return render(pg, "about.title", about, N(about), err);
}

int page_accessibility(struct page *pg, struct err *err)
{
	return render(pg, "a11y.title", accessibility, N(accessibility), err);
}

int page_privacy(struct page *pg, struct err *err)
{
	return render(pg, "privacy.title", privacy, N(privacy), err);
}
