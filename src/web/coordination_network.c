/*
 * web/coordination_network.c: the coordination page's network section:
 * who shares measures with whom, first as a table (the text alternative,
 * WCAG 1.1.1, read before the picture), then as the Graphviz drawing made
 * by service/coordination.c and embedded through coord_svg_embed.
 *
 * Must not lay anything out itself. Ownership: the table JSON and the SVG
 * bytes are freed before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "service/coordination.h"
#include "util/log.h"
#include "util/sort.h"
#include "util/xalloc.h"
#include "web/coordination_view.h"
#include "web/format.h"

/* A drawing with more links is a tangle; the table has the same rows. */
#define NETWORK_PAGE_EDGES 120

struct net_view {
	struct page *pg;
	const struct snapshot *s;
	json_t *table;
};

/* The measures of an edge's label ("V-1, V-2, ..."), each a link. */
static void edge_measures(struct page *pg, const struct snapshot *s,
			  const char *label)
{
	const char *p = label;
	bool first = true;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		char id[128];

		if (n && n < sizeof(id)) {
			memcpy(id, p, n);
			id[n] = '\0';
			if (!first)
				html_raw(pg->out, ", ");
			if (!strcmp(id, "..."))
				html_raw(pg->out, "\xe2\x80\xa6");
			else
				coord_measure_link(pg, s, id);
			first = false;
		}
		p += n;
		p += strspn(p, ", ");
	}
}

static void partners(struct net_view *v, const char *id)
{
	struct page *pg = v->pg;
	json_t *e;
	size_t i, n = 0;

	html_raw(pg->out, "<ul class=\"vk-plain-list\">");
	json_array_foreach(json_object_get(v->table, "edges"), i, e) {
		const char *from = page_str(e, "from"), *to = page_str(e, "to");
		const char *other = !strcmp(from, id) ? to
				    : !strcmp(to, id) ? from
						      : NULL;
		char count[24];

		if (!other)
			continue;
		snprintf(count, sizeof(count), "%lld",
			 (long long)json_integer_value(
			     json_object_get(e, "weight")));
		html_raw(pg->out, "<li>");
		coord_actor_link(pg, v->s, other);
		html_raw(pg->out, ": ");
		page_tf(pg, "coordination.net.shared", count, NULL);
		html_raw(pg->out, " (");
		edge_measures(pg, v->s, page_str(e, "label"));
		html_raw(pg->out, ")</li>");
		n++;
	}
	html_raw(pg->out, "</ul>");
}

static void arenas(struct net_view *v, json_t *node)
{
	struct page *pg = v->pg;
	json_t *g;
	size_t i;

	if (!json_array_size(json_object_get(node, "groups"))) {
		page_none(pg);
		return;
	}
	json_array_foreach(json_object_get(node, "groups"), i, g) {
		int32_t ar = snap_arena(v->s, json_string_value(g));

		if (i)
			html_raw(pg->out, ", ");
		coord_text(pg, ar >= 0 ? &v->s->arenas.v[ar].name : NULL,
			   json_string_value(g));
	}
}

static int by_label(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;

	return fmt_collate(page_str(a, "label"), page_str(b, "label"));
}

static void table(struct net_view *v)
{
	struct page *pg = v->pg;
	json_t *nodes = json_object_get(v->table, "nodes");
	size_t n = json_array_size(nodes);
	json_t **order = xcalloc(n + 1, sizeof(*order));

	for (size_t i = 0; i < n; i++)
		order[i] = json_array_get(nodes, i);
	xqsort(order, n, sizeof(*order), by_label);
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"network-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"network-caption\">");
	html_txt(pg->out, T(pg, "coordination.net.caption"));
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, "coordination.net.col.actor"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "coordination.net.col.arenas"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "coordination.net.col.shares"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const char *id = page_str(order[i], "id");

		html_raw(pg->out, "<tr><th scope=\"row\">");
		coord_actor_link(pg, v->s, id);
		html_raw(pg->out, "</th><td>");
		arenas(v, order[i]);
		html_raw(pg->out, "</td><td>");
		partners(v, id);
		html_raw(pg->out, "</td></tr>\n");
	}
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
	free(order);
}

/* A catalog text with {1} and {2} filled in, not escaped: for the
 * drawing's <desc>, which coord_svg_embed escapes. */
static void fill(struct buf *b, const char *tmpl, const char *a1,
		 const char *a2)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && (p[1] == '1' || p[1] == '2') &&
		    p[2] == '}') {
			buf_addstr(b, p[1] == '1' ? a1 : a2);
			p += 2;
		} else {
			buf_addch(b, *p);
		}
	}
}

static void h3(struct page *pg, const char *id, const char *key)
{
	html_raw(pg->out, "<h3 class=\"ds-heading\" data-size=\"sm\" id=\"");
	html_attr(pg->out, id);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</h3>\n");
}

static void drawing(struct net_view *v, const struct buf *svg, size_t nnodes,
		    size_t nedges)
{
	struct page *pg = v->pg;
	struct buf desc = BUF_INIT;
	struct err err = ERR_INIT;
	char nn[24], ne[24];

	snprintf(nn, sizeof(nn), "%zu", nnodes);
	snprintf(ne, sizeof(ne), "%zu", nedges);
	fill(&desc, T(pg, "coordination.net.desc"), nn, ne);
	h3(pg, "network-drawing", "coordination.net.drawing");
	html_raw(pg->out, "<figure class=\"vk-network\">\n<div "
			  "class=\"vk-network-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"network-drawing\">"
			  "\n");
	if (coord_svg_embed(pg->out, svg->buf, svg->len, "vk-net",
			    T(pg, "coordination.net.title"), buf_cstr(&desc),
			    &err) < 0) {
		log_error("event=network_embed msg=\"%s\" request_id=%s",
			  err.msg, pg->req ? pg->req->request_id : "-");
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.net.failed"));
		html_raw(pg->out, "</p>\n");
	}
	html_raw(pg->out, "</div>\n<figcaption class=\"ds-paragraph\">");
	page_tf(pg, "coordination.net.desc", nn, ne, NULL);
	html_raw(pg->out, "</figcaption>\n</figure>\n");
	buf_release(&desc);
}

static void intro(struct page *pg, const struct snapshot *s, int32_t strategy,
		  size_t nedges)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "coordination.net.intro"));
	html_raw(pg->out, " ");
	if (strategy >= 0) {
		html_txt(pg->out, T(pg, "coordination.net.scope_strategy"));
		html_raw(pg->out, " ");
		coord_strategy_link(pg, s, s->strategies.v[strategy].id);
		html_raw(pg->out, ".");
	} else {
		html_txt(pg->out, T(pg, "coordination.net.scope_all"));
	}
	if (nedges >= NETWORK_PAGE_EDGES) {
		char n[16];

		snprintf(n, sizeof(n), "%d", NETWORK_PAGE_EDGES);
		html_raw(pg->out, " ");
		page_tf(pg, "coordination.net.capped", n, NULL);
	}
	html_raw(pg->out, "</p>\n");
}

int coord_network_section(struct page *pg, const struct snapshot *s,
			  int32_t strategy, struct err *err)
{
	struct buf svg = BUF_INIT;
	struct net_view v = {pg, s, NULL};
	size_t nedges = 0;
	struct err gv = ERR_INIT;
	int rc;

	(void)err;
	page_h2(pg, "network", "coordination.net.heading");
	rc = coordination_network(s, strategy, lang_code(pg->lang),
				  NETWORK_PAGE_EDGES, &svg, &v.table, &nedges,
				  &gv);
	intro(pg, s, strategy, nedges);
	if (!nedges || !v.table) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.net.none"));
		html_raw(pg->out, "</p>\n");
		goto done;
	}
	h3(pg, "network-table", "coordination.net.table");
	table(&v);
	if (rc == 0) {
		drawing(&v, &svg,
			json_array_size(json_object_get(v.table, "nodes")),
			nedges);
	} else {
		/* The drawing is an extra: the table above has it all. */
		log_error("event=network_svg code=%d msg=\"%s\" request_id=%s",
			  (int)gv.code, gv.msg,
			  pg->req ? pg->req->request_id : "-");
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "coordination.net.failed"));
		html_raw(pg->out, "</p>\n");
	}
done:
	json_decref(v.table);
	buf_release(&svg);
	return 0;
}
