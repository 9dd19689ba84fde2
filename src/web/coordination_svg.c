/*
 * web/coordination_svg.c: an SVG document made inline-safe for the
 * coordination page (see coordination_view.h). Graphviz escapes the
 * labels it writes, but the page must not depend on that: the document is
 * parsed (expat) and written again through web/html.h's escapers, keeping
 * only a closed list of drawing elements and presentation attributes.
 * Ids are renumbered because Graphviz uses the data's ids ("IN",
 * "AR-DIALOG", "node1"), which could repeat an id of the page ("main").
 *
 * Must not keep anything between calls. Ownership: the parser's state is
 * freed before returning; bytes go to the caller's buffer only when the
 * whole document was read.
 */
#include <expat.h>
#include <limits.h>
#include <string.h>

#include "web/coordination_view.h"
#include "web/html.h"

#define MAX_DEPTH 64

/* Elements copied; "a" is unwrapped, anything else is left out with all
 * it contains (title, desc, script, style, foreignObject, image ...). */
static const char *const kept_elements[] = {
    "g",      "polygon", "polyline", "path", "ellipse",
    "circle", "rect",	 "line",     "text", NULL,
};

static const char *const kept_attrs[] = {
    "class",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "fill-opacity",
    "points",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "transform",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    NULL,
};

enum frame { FRAME_KEPT, FRAME_TEXT, FRAME_UNWRAPPED };

struct embed {
	XML_Parser p;
	struct buf out;
	const char *prefix, *title, *desc;
	unsigned next_id;
	bool root_done;
	int skip; /* depth inside a left-out element; 0 when copying */
	enum frame stack[MAX_DEPTH];
	int depth;
	bool bad; /* an entity declaration, or nesting too deep */
};

static bool listed(const char *const *list, const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/* A value that could point elsewhere (url(...), javascript:) is dropped:
 * a drawing needs none. */
static bool value_ok(const char *v)
{
	return !strstr(v, "url(") && !strstr(v, "javascript:") &&
	       !strstr(v, "expression(");
}

static void new_id(struct embed *e)
{
	html_raw(&e->out, " id=\"");
	html_attr(&e->out, e->prefix);
	html_raw(&e->out, "-");
	html_int(&e->out, e->next_id++);
	html_raw(&e->out, "\"");
}

static void attrs(struct embed *e, const char **atts, bool root)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *name = atts[i], *v = atts[i + 1];

		if (!strcmp(name, "id") && !root) {
			new_id(e);
			continue;
		}
		if (!(listed(kept_attrs, name) ||
		      (root && !strcmp(name, "viewBox"))) ||
		    !value_ok(v))
			continue;
		html_raw(&e->out, " ");
		html_txt(&e->out, name); /* from the list: plain */
		html_raw(&e->out, "=\"");
		html_attr(&e->out, v);
		html_raw(&e->out, "\"");
	}
}

static void root_start(struct embed *e, const char **atts)
{
	html_raw(&e->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			  "role=\"img\" focusable=\"false\" "
			  "aria-labelledby=\"");
	html_attr(&e->out, e->prefix);
	html_raw(&e->out, "-title ");
	html_attr(&e->out, e->prefix);
	html_raw(&e->out, "-desc\"");
	attrs(e, atts, true);
	html_raw(&e->out, "><title id=\"");
	html_attr(&e->out, e->prefix);
	html_raw(&e->out, "-title\">");
	html_txt(&e->out, e->title);
	html_raw(&e->out, "</title><desc id=\"");
	html_attr(&e->out, e->prefix);
	html_raw(&e->out, "-desc\">");
	html_txt(&e->out, e->desc);
	html_raw(&e->out, "</desc>\n");
	e->root_done = true;
}

static void XMLCALL on_start(void *arg, const char *name, const char **atts)
{
	struct embed *e = arg;

	if (e->skip || e->depth >= MAX_DEPTH) {
		e->skip++;
		e->bad = e->bad || e->depth >= MAX_DEPTH;
		return;
	}
	if (!e->root_done && !strcmp(name, "svg")) {
		root_start(e, atts);
		e->stack[e->depth++] = FRAME_KEPT;
		return;
	}
	if (!e->root_done ||
	    (strcmp(name, "a") && !listed(kept_elements, name))) {
		e->skip = 1;
		return;
	}
	if (!strcmp(name, "a")) {
		e->stack[e->depth++] = FRAME_UNWRAPPED;
		return;
	}
	html_raw(&e->out, "<");
	html_txt(&e->out, name);
	attrs(e, atts, false);
	html_raw(&e->out, ">");
	e->stack[e->depth++] = strcmp(name, "text") ? FRAME_KEPT : FRAME_TEXT;
}

static void XMLCALL on_end(void *arg, const char *name)
{
	struct embed *e = arg;

	if (e->skip) {
		e->skip--;
		return;
	}
	if (e->depth == 0)
		return;
	if (e->stack[--e->depth] == FRAME_UNWRAPPED)
		return;
	html_raw(&e->out, "</");
	html_txt(&e->out, e->depth == 0 ? "svg" : name);
	html_raw(&e->out, ">");
	if (e->depth <= 2)
		html_raw(&e->out, "\n");
}

static void XMLCALL on_text(void *arg, const char *s, int len)
{
	struct embed *e = arg;

	/* Only a <text> element's own text is drawn; whitespace between
	 * elements is dropped. */
	if (!e->skip && e->depth && e->stack[e->depth - 1] == FRAME_TEXT)
		html_txtn(&e->out, s, (size_t)len);
}

/* An entity declared inside the document: refused, so no expansion
 * (billion laughs) can happen. Graphviz declares none. */
static void XMLCALL on_entity(void *arg, const char *name, int pe,
			      const char *value, int len, const char *base,
			      const char *sys, const char *pub,
			      const char *notation)
{
	struct embed *e = arg;

	(void)name, (void)pe, (void)value, (void)len, (void)base;
	(void)sys, (void)pub, (void)notation;
	e->bad = true;
	XML_StopParser(e->p, XML_FALSE);
}

int coord_svg_embed(struct buf *out, const char *svg, size_t len,
		    const char *prefix, const char *title, const char *desc,
		    struct err *err)
{
	struct embed e;
	enum XML_Status st;
	int rc = 0;

	if (len > INT_MAX)
		return err_set(err, ERR_INTERNAL,
			       "the network drawing is too large");
	memset(&e, 0, sizeof(e));
	e.out = (struct buf)BUF_INIT;
	e.prefix = prefix;
	e.title = title;
	e.desc = desc;
	e.p = XML_ParserCreate("UTF-8");
	if (!e.p)
		return err_set(err, ERR_INTERNAL, "out of memory");
	XML_SetUserData(e.p, &e);
	XML_SetParamEntityParsing(e.p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetElementHandler(e.p, on_start, on_end);
	XML_SetCharacterDataHandler(e.p, on_text);
	XML_SetEntityDeclHandler(e.p, on_entity);
	st = XML_Parse(e.p, svg, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK || e.bad || !e.root_done || e.depth != 0 ||
	    e.out.failed)
		rc = err_set(err, ERR_INTERNAL,
			     "the network drawing is not well-formed SVG");
	else
		buf_add(out, e.out.buf, e.out.len);
	XML_ParserFree(e.p);
	buf_release(&e.out);
	return rc;
}
