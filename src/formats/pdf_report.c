/*
 * formats/pdf_report.c: the tertial report PDF (see pdf_report.h).
 *
 * Layout runs twice over the same content. The first pass draws into a
 * PDF stream that is thrown away, to learn on which page each section
 * starts and how many pages there are; the second draws the real document
 * with those numbers in the contents and the footers. Both passes lay out
 * identical text in identical widths (page numbers sit in a column of
 * their own), so the pages come out the same.
 *
 * Text is drawn line by line from a pango layout, so a paragraph longer
 * than what is left of a page continues on the next one. User text goes
 * in with pango_layout_set_text, never as markup.
 *
 * It must not touch anything but the output it is given. Ownership: cairo,
 * pango and glib objects are freed before each function returns, on every
 * path.
 */
#include "formats/pdf_report.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

/* A4 in points, and the page's frame. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.7
#define TOP 62.0
#define BOTTOM (PAGE_H - 72.0)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FOOTER_Y (PAGE_H - 44.0)

#define FONT "DejaVu Sans"
#define SIZE_BODY 9.5
#define SIZE_SMALL 8.0
#define SIZE_H1 18.0
#define SIZE_H2 13.5
#define SIZE_H3 10.5

#define MAX_TOC 256

/*
 * Sanitizer builds only: fontconfig leaks a few hundred bytes once per
 * process while it parses its configuration (FcInitLoadConfigAndFonts,
 * called by pango), and Graphviz keeps its plugin tables for the process's
 * life (the network drawing). Those are the system libraries', not ours;
 * without this LeakSanitizer would fail every process that drew a PDF or
 * a network. The libraries have no frame pointers, so the stack
 * LeakSanitizer sees names only them.
 */
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libgvc.so\nleak:libcgraph.so\n"
	       "leak:libpango\nleak:libcairo.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

/* ---- fixed words ---- */

struct labels {
	const char *report, *contents, *summary, *other, *indicators,
		*findings, *no_findings, *sources, *page, *lead, *progress,
		*status, *done, *milestones, *next, *challenges, *mitigations,
		*with_report, *baseline, *target, *path, *observed, *no_data,
		*goal, *latest, *unit, *published_by, *made, *no_measures,
		*statuses, *measures, *of;
};

static const struct labels nb = {
	"Tertialrapport", "Innhold", "Sammendrag", "Andre tiltak",
	"Indikatorer", "Samordningsfunn", "Ingen åpne samordningsfunn.",
	"Kilder", "Side", "Ansvarlig", "Framdrift", "Status",
	"Gjennomført", "Milepæler", "Neste steg", "Utfordringer",
	"Avbøtende tiltak", "tiltak har rapport for perioden.",
	"Utgangspunkt", "Mål", "Bane mot målet", "Observert",
	"Ingen observasjoner ennå.", "Mål", "Siste", "Enhet", "Utgitt av",
	"Laget", "Ingen tiltak.", "Tiltak etter status",
	"Status for tiltakene", "av",
};

static const struct labels nn = {
	"Tertialrapport", "Innhald", "Samandrag", "Andre tiltak",
	"Indikatorar", "Samordningsfunn", "Ingen opne samordningsfunn.",
	"Kjelder", "Side", "Ansvarleg", "Framdrift", "Status",
	"Gjennomført", "Milepælar", "Neste steg", "Utfordringar",
	"Avbøtande tiltak", "tiltak har rapport for perioden.",
	"Utgangspunkt", "Mål", "Bane mot målet", "Observert",
	"Ingen observasjonar enno.", "Mål", "Siste", "Eining", "Gjeve ut av",
	"Laga", "Ingen tiltak.", "Tiltak etter status",
	"Status for tiltaka", "av",
};

static const struct labels en = {
	"Tertial report", "Contents", "Summary", "Other measures",
	"Indicators", "Coordination findings",
	"No open coordination findings.", "Sources", "Page", "Lead",
	"Progress", "Status", "Done", "Milestones", "Next steps",
	"Challenges", "Mitigations",
	"measures have a report for the period.", "Baseline",
	"Target", "Path to target", "Observed", "No observations yet.",
	"Goal", "Latest", "Unit", "Published by", "Made", "No measures.",
	"Measures by status", "Status of the measures", "of",
};

static const struct labels *labels_for(const char *lang)
{
	if (lang && !strncmp(lang, "nn", 2))
		return &nn;
	if (lang && !strncmp(lang, "en", 2))
		return &en;
	return &nb;
}

/* ---- colours ---- */

struct rgb {
	double r, g, b;
};

static const struct rgb ink = { 0.10, 0.12, 0.16 };
static const struct rgb grey = { 0.42, 0.45, 0.50 };
static const struct rgb rule = { 0.82, 0.84, 0.87 };
static const struct rgb accent = { 0.00, 0.22, 0.45 };

/* Designsystemet's colours for the statuses (see model/status.c). */
static struct rgb status_colour(const char *status)
{
	static const struct {
		const char *code;
		struct rgb c;
	} map[] = {
		{ "not_started", { 0.42, 0.45, 0.50 } },
		{ "on_track", { 0.00, 0.38, 0.73 } },
		{ "at_risk", { 0.80, 0.45, 0.00 } },
		{ "delayed", { 0.75, 0.11, 0.11 } },
		{ "completed", { 0.02, 0.53, 0.09 } },
		{ "cancelled", { 0.29, 0.33, 0.39 } },
	};

	for (size_t i = 0; status && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].code, status))
			return map[i].c;
	return (struct rgb){ 0.70, 0.72, 0.75 };
}

/* ---- the document being drawn ---- */

struct toc_entry {
	const char *title;	/* borrowed from the report (or labels) */
	int level;		/* 1: a part; 2: a focus area */
	int page;
};

struct doc {
	const struct pdf_report *r;
	const struct labels *l;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	/* The footer's own layout: a page can end while flow() walks the
	 * main one, which must not change under its iterator. */
	PangoLayout *aux;
	int page;		/* the current page, 1-based; 0 before any */
	double y;		/* the cursor, from the top of the page */
	bool final;		/* the second pass: numbers are known */
	int pages;		/* total, from the first pass */
	struct toc_entry *toc;	/* shared by both passes */
	size_t ntoc, next_toc;	/* entries; the next one to reach */
	int outline;		/* bookmark of the current part */
};

static void set_colour(struct doc *d, struct rgb c)
{
	cairo_set_source_rgb(d->cr, c.r, c.g, c.b);
}

/* Valid UTF-8 without control characters (newlines and tabs kept). */
static char *clean(const char *s)
{
	char *t = g_utf8_make_valid(s ? s : "", -1);

	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			*p = ' ';
	return t;
}

/* Puts text into a layout in the given style, wrapped at width. */
static void layout_text(PangoLayout *layout, const char *text, double size,
			bool bold, double width)
{
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	char *t = clean(text);

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
						   : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, t, -1);
	pango_font_description_free(fd);
	g_free(t);
}

static void set_text(struct doc *d, const char *text, double size, bool bold,
		     double width)
{
	layout_text(d->layout, text, size, bold, width);
}

/* Draws the layout at (x, y) in one piece. */
static void show_at(struct doc *d, double x, double y)
{
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, d->layout);
}

/* ---- pages ---- */

static void footer(struct doc *d)
{
	char text[64];

	if (d->page <= 1)
		return;	/* the cover has none */
	/* Text flowing onto the next page keeps its colour. */
	cairo_save(d->cr);
	snprintf(text, sizeof(text), "%s %d %s %d", d->l->page, d->page,
		 d->l->of, d->final ? d->pages : 0);
	set_colour(d, rule);
	cairo_rectangle(d->cr, MARGIN, FOOTER_Y - 8, TEXT_W, 0.6);
	cairo_fill(d->cr);
	set_colour(d, grey);
	layout_text(d->aux, d->r->title, SIZE_SMALL, false, TEXT_W - 100);
	pango_layout_set_ellipsize(d->aux, PANGO_ELLIPSIZE_END);
	cairo_move_to(d->cr, MARGIN, FOOTER_Y);
	pango_cairo_show_layout(d->cr, d->aux);
	pango_layout_set_ellipsize(d->aux, PANGO_ELLIPSIZE_NONE);
	layout_text(d->aux, text, SIZE_SMALL, false, 100);
	pango_layout_set_alignment(d->aux, PANGO_ALIGN_RIGHT);
	cairo_move_to(d->cr, PAGE_W - MARGIN - 100, FOOTER_Y);
	pango_cairo_show_layout(d->cr, d->aux);
	cairo_restore(d->cr);
}

static void new_page(struct doc *d)
{
	if (d->page > 0) {
		footer(d);
		cairo_show_page(d->cr);
	}
	d->page++;
	d->y = TOP;
}

/* Starts a new page unless `need` points still fit on this one. */
static void need(struct doc *d, double need)
{
	if (d->y + need > BOTTOM)
		new_page(d);
}

/*
 * Draws the layout at x from the cursor, line by line, continuing on a
 * new page when a line does not fit. Leaves the cursor below it.
 */
static void flow(struct doc *d, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(d->layout);

	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		double h, base;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		h = (double)logical.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) -
				logical.y) /
		       PANGO_SCALE;
		need(d, h);
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
			      d->y + base);
		pango_cairo_show_layout_line(d->cr, line);
		d->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void paragraph(struct doc *d, const char *text, double size, bool bold,
		      struct rgb c, double x, double after)
{
	set_text(d, text, size, bold, PAGE_W - MARGIN - x);
	set_colour(d, c);
	flow(d, x);
	d->y += after;
}

/* ---- contents, destinations and bookmarks ---- */

/* Contents entries are planned before drawing, the same in both passes. */
static void toc_add(struct doc *d, const char *title, int level)
{
	if (d->ntoc >= MAX_TOC)
		return;
	/* The second pass keeps the pages the first one found. */
	if (!d->final)
		d->toc[d->ntoc] = (struct toc_entry){ title, level, 0 };
	d->ntoc++;
}

/*
 * Marks where the next contents entry starts: its page (first pass), a
 * link destination and a bookmark (second pass).
 */
static void toc_reach(struct doc *d)
{
	size_t i = d->next_toc++;
	char dest[48];
	int id;

	if (i >= d->ntoc)
		return;
	if (!d->final) {
		d->toc[i].page = d->page;
		return;
	}
	snprintf(dest, sizeof(dest), "name='s%zu'", i);
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, dest);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	snprintf(dest, sizeof(dest), "dest='s%zu'", i);
	id = cairo_pdf_surface_add_outline(
		d->surface,
		d->toc[i].level == 1 ? CAIRO_PDF_OUTLINE_ROOT : d->outline,
		d->toc[i].title, dest, 0);
	if (d->toc[i].level == 1)
		d->outline = id;
}

static void heading(struct doc *d, const char *text, int level)
{
	static const double sizes[] = { SIZE_H1, SIZE_H2, SIZE_H3 };
	double size = sizes[level - 1];

	if (level == 1)
		new_page(d);
	else
		need(d, 90);	/* keep a heading with what follows */
	if (level < 3)
		toc_reach(d);
	paragraph(d, text, size, true, level == 1 ? accent : ink, MARGIN,
		  level == 1 ? 14 : 6);
}

static void toc_line(struct doc *d, const struct toc_entry *e, size_t i)
{
	double indent = e->level == 1 ? 0 : 16;
	char num[16], link[48];
	double y0;

	snprintf(num, sizeof(num), "%d", d->final ? e->page : 0);
	need(d, 16);
	y0 = d->y;
	if (d->final) {
		snprintf(link, sizeof(link), "dest='s%zu'", i);
		cairo_tag_begin(d->cr, CAIRO_TAG_LINK, link);
	}
	paragraph(d, e->title, e->level == 1 ? SIZE_BODY + 1 : SIZE_BODY,
		  e->level == 1, ink, MARGIN + indent, 0);
	set_text(d, num, SIZE_BODY, false, 40);
	pango_layout_set_alignment(d->layout, PANGO_ALIGN_RIGHT);
	show_at(d, PAGE_W - MARGIN - 40, y0);
	if (d->final)
		cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	d->y += e->level == 1 ? 5 : 3;
}

static void contents(struct doc *d)
{
	new_page(d);
	paragraph(d, d->l->contents, SIZE_H1, true, accent, MARGIN, 14);
	for (size_t i = 0; i < d->ntoc; i++)
		toc_line(d, &d->toc[i], i);
}

/* ---- numbers ---- */

/* v with a decimal comma in nb and nn ("25,9"), a point in en. */
static void fmt_num(const struct doc *d, double v, char out[40])
{
	if (!isfinite(v) || fabs(v) >= 1e15)
		snprintf(out, 40, "%.3g", v);
	else
		snprintf(out, 40, "%.10g", v);
	if (d->l != &en)
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
}

/* ---- cover and summary ---- */

static void cover(struct doc *d)
{
	struct buf line = BUF_INIT;

	new_page(d);
	set_colour(d, accent);
	cairo_rectangle(d->cr, 0, 0, PAGE_W, 300);
	cairo_fill(d->cr);
	set_colour(d, (struct rgb){ 1, 1, 1 });
	set_text(d, d->l->report, SIZE_H2, false, TEXT_W);
	show_at(d, MARGIN, 110);
	set_text(d, d->r->title, 26, true, TEXT_W);
	show_at(d, MARGIN, 140);
	d->y = 330;
	paragraph(d, d->r->period, 16, true, accent, MARGIN, 24);
	if (d->r->publisher) {
		buf_addf(&line, "%s: %s", d->l->published_by, d->r->publisher);
		paragraph(d, buf_cstr(&line), SIZE_BODY + 1, false, grey,
			  MARGIN, 4);
	}
	buf_reset(&line);
	buf_addf(&line, "%s %s", d->l->made, d->r->date ? d->r->date : "");
	paragraph(d, buf_cstr(&line), SIZE_BODY + 1, false, grey, MARGIN, 0);
	buf_release(&line);
}

static void bar_chart(struct doc *d)
{
	const double label_w = 150, row = 20, bar_w = TEXT_W - label_w - 40;
	size_t max = 1;

	for (size_t i = 0; i < d->r->ncounts; i++)
		if (d->r->counts[i].n > max)
			max = d->r->counts[i].n;
	need(d, row * (double)d->r->ncounts + 10);
	for (size_t i = 0; i < d->r->ncounts; i++) {
		const struct pdf_count *c = &d->r->counts[i];
		double w = bar_w * (double)c->n / (double)max;
		char n[24];

		set_colour(d, ink);
		set_text(d, c->label, SIZE_BODY, false, label_w - 8);
		show_at(d, MARGIN, d->y + 2);
		set_colour(d, status_colour(c->status));
		cairo_rectangle(d->cr, MARGIN + label_w, d->y + 3,
				w > 0 ? w : 0.8, 12);
		cairo_fill(d->cr);
		snprintf(n, sizeof(n), "%zu", c->n);
		set_colour(d, ink);
		set_text(d, n, SIZE_BODY, true, 40);
		show_at(d, MARGIN + label_w + w + 6, d->y + 2);
		d->y += row;
	}
	d->y += 10;
}

static void summary(struct doc *d)
{
	char line[200];

	heading(d, d->l->summary, 1);
	if (d->r->intro && *d->r->intro)
		paragraph(d, d->r->intro, SIZE_BODY + 0.5, false, ink, MARGIN,
			  10);
	snprintf(line, sizeof(line), "%zu %s %zu %s", d->r->nreported,
		 d->l->of, d->r->nmeasures, d->l->with_report);
	paragraph(d, line, SIZE_BODY + 0.5, false, ink, MARGIN, 14);
	paragraph(d, d->l->statuses, SIZE_H3, true, ink, MARGIN, 8);
	bar_chart(d);
}

/* ---- measures ---- */

static void status_line(struct doc *d, const struct pdf_measure *m)
{
	struct buf b = BUF_INIT;
	double y;

	buf_addf(&b, "%s: %s", d->l->status,
		 m->status_label ? m->status_label : "–");
	if (m->progress >= 0)
		buf_addf(&b, "  ·  %s: %d %%", d->l->progress, m->progress);
	if (m->lead && *m->lead)
		buf_addf(&b, "  ·  %s: %s", d->l->lead, m->lead);
	need(d, 28);
	y = d->y;
	set_colour(d, status_colour(m->status));
	cairo_arc(d->cr, MARGIN + 5, y + 6.5, 4.5, 0, 2 * M_PI);
	cairo_fill(d->cr);
	paragraph(d, buf_cstr(&b), SIZE_BODY, false, ink, MARGIN + 16, 3);
	buf_release(&b);
	if (m->progress < 0)
		return;
	set_colour(d, rule);
	cairo_rectangle(d->cr, MARGIN + 16, d->y, 160, 5);
	cairo_fill(d->cr);
	set_colour(d, status_colour(m->status));
	cairo_rectangle(d->cr, MARGIN + 16, d->y,
			160 * (m->progress > 100 ? 100 : m->progress) / 100.0,
			5);
	cairo_fill(d->cr);
	d->y += 10;
}

static void reporter_text(struct doc *d, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	need(d, 30);
	paragraph(d, label, SIZE_BODY, true, ink, MARGIN + 16, 1);
	paragraph(d, text, SIZE_BODY, false, ink, MARGIN + 16, 5);
}

static void measure_block(struct doc *d, const struct pdf_measure *m)
{
	struct buf title = BUF_INIT;

	buf_addf(&title, "%s  %s", m->id ? m->id : "",
		 m->title ? m->title : "");
	need(d, 70);
	paragraph(d, buf_cstr(&title), SIZE_H3, true, ink, MARGIN, 4);
	buf_release(&title);
	status_line(d, m);
	if (m->note && *m->note)
		paragraph(d, m->note, SIZE_SMALL, false, grey, MARGIN + 16, 4);
	reporter_text(d, d->l->done, m->done_text);
	reporter_text(d, d->l->milestones, m->milestones_text);
	reporter_text(d, d->l->next, m->next_steps);
	reporter_text(d, d->l->challenges, m->challenges);
	reporter_text(d, d->l->mitigations, m->mitigations);
	need(d, 14);
	set_colour(d, rule);
	cairo_rectangle(d->cr, MARGIN, d->y + 4, TEXT_W, 0.5);
	cairo_fill(d->cr);
	d->y += 14;
}

static void measures(struct doc *d)
{
	heading(d, d->l->measures, 1);
	if (d->r->nsections == 0)
		paragraph(d, d->l->no_measures, SIZE_BODY, false, ink, MARGIN,
			  0);
	for (size_t i = 0; i < d->r->nsections; i++) {
		const struct pdf_section *s = &d->r->sections[i];

		heading(d, s->title ? s->title : d->l->other, 2);
		for (size_t k = 0; k < s->nmeasures; k++)
			measure_block(d, &s->measures[k]);
	}
}

/* ---- indicators ---- */

struct frame {
	double left, right, top, bottom;	/* the plot area */
	double x0, x1, y0, y1;			/* the data range shown */
};

static double fx(const struct frame *f, double x)
{
	return f->left + (x - f->x0) / (f->x1 - f->x0) * (f->right - f->left);
}

static double fy(const struct frame *f, double y)
{
	return f->bottom - (y - f->y0) / (f->y1 - f->y0) * (f->bottom - f->top);
}

static void extend(struct frame *f, struct pdf_point p)
{
	f->x0 = fmin(f->x0, p.x);
	f->x1 = fmax(f->x1, p.x);
	f->y0 = fmin(f->y0, p.value);
	f->y1 = fmax(f->y1, p.value);
}

/* The data range: every point, baseline and target; y from 0 when all
 * values are positive; half a year of room at each end. */
static void data_range(const struct pdf_indicator *ind, struct frame *f)
{
	f->x0 = f->y0 = INFINITY;
	f->x1 = f->y1 = -INFINITY;
	for (size_t i = 0; i < ind->npoints; i++)
		extend(f, ind->points[i]);
	if (ind->has_baseline)
		extend(f, ind->baseline);
	if (ind->has_target)
		extend(f, ind->target);
	f->y0 = fmin(f->y0, 0);
	if (f->y1 <= f->y0)
		f->y1 = f->y0 + 1;
	f->y1 += (f->y1 - f->y0) * 0.1;
	f->x0 = floor(f->x0);
	f->x1 = floor(f->x1) + 1;
}

/* A round step giving about five intervals over span. */
static double nice_step(double span)
{
	double raw = span / 5, mag = pow(10, floor(log10(raw)));
	double n = raw / mag;

	return mag * (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10);
}

static void axes(struct doc *d, const struct frame *f)
{
	double step = nice_step(f->y1 - f->y0);
	int years = (int)(f->x1 - f->x0);
	int every = years > 10 ? (years + 9) / 10 : 1;
	char label[40];

	cairo_set_line_width(d->cr, 0.5);
	for (double v = ceil(f->y0 / step) * step; v <= f->y1; v += step) {
		set_colour(d, rule);
		cairo_move_to(d->cr, f->left, fy(f, v));
		cairo_line_to(d->cr, f->right, fy(f, v));
		cairo_stroke(d->cr);
		fmt_num(d, v, label);
		set_colour(d, grey);
		set_text(d, label, SIZE_SMALL, false, 36);
		pango_layout_set_alignment(d->layout, PANGO_ALIGN_RIGHT);
		show_at(d, f->left - 40, fy(f, v) - 5);
	}
	for (int y = (int)f->x0; y < (int)f->x1; y += every) {
		snprintf(label, sizeof(label), "%d", y);
		set_text(d, label, SIZE_SMALL, false, 40);
		pango_layout_set_alignment(d->layout, PANGO_ALIGN_CENTER);
		show_at(d, fx(f, y + 0.5) - 20, f->bottom + 3);
	}
	set_colour(d, grey);
	cairo_move_to(d->cr, f->left, f->bottom);
	cairo_line_to(d->cr, f->right, f->bottom);
	cairo_stroke(d->cr);
}

static void marker(struct doc *d, const struct frame *f, struct pdf_point p,
		   bool square)
{
	double x = fx(f, p.x), y = fy(f, p.value);

	if (square)
		cairo_rectangle(d->cr, x - 3.5, y - 3.5, 7, 7);
	else
		cairo_arc(d->cr, x, y, 2.8, 0, 2 * M_PI);
	cairo_fill(d->cr);
}

static void plot(struct doc *d, const struct pdf_indicator *ind,
		 const struct frame *f)
{
	static const double dash[] = { 4, 3 };
	const struct rgb line = status_colour("on_track");

	if (ind->has_baseline && ind->has_target) {
		set_colour(d, accent);
		cairo_set_line_width(d->cr, 1);
		cairo_set_dash(d->cr, dash, 2, 0);
		cairo_move_to(d->cr, fx(f, ind->baseline.x),
			      fy(f, ind->baseline.value));
		cairo_line_to(d->cr, fx(f, ind->target.x),
			      fy(f, ind->target.value));
		cairo_stroke(d->cr);
		cairo_set_dash(d->cr, NULL, 0, 0);
	}
	set_colour(d, accent);
	if (ind->has_baseline)
		marker(d, f, ind->baseline, true);
	if (ind->has_target)
		marker(d, f, ind->target, true);
	set_colour(d, line);
	cairo_set_line_width(d->cr, 1.8);
	for (size_t i = 0; i < ind->npoints; i++) {
		double x = fx(f, ind->points[i].x);
		double y = fy(f, ind->points[i].value);

		if (i == 0)
			cairo_move_to(d->cr, x, y);
		else
			cairo_line_to(d->cr, x, y);
	}
	cairo_stroke(d->cr);
	for (size_t i = 0; i < ind->npoints; i++)
		marker(d, f, ind->points[i], false);
}

static void legend(struct doc *d, const struct pdf_indicator *ind)
{
	struct buf b = BUF_INIT;
	char v[40];

	buf_addf(&b, "●  %s", d->l->observed);
	if (ind->has_baseline) {
		fmt_num(d, ind->baseline.value, v);
		buf_addf(&b, "     ■  %s %s (%d)", d->l->baseline, v,
			 (int)floor(ind->baseline.x));
	}
	if (ind->has_target) {
		fmt_num(d, ind->target.value, v);
		buf_addf(&b, "     ■  %s %s (%d)", d->l->target, v,
			 (int)floor(ind->target.x));
	}
	if (ind->has_baseline && ind->has_target)
		buf_addf(&b, "     - -  %s", d->l->path);
	paragraph(d, buf_cstr(&b), SIZE_SMALL, false, grey, MARGIN + 40, 4);
	buf_release(&b);
}

static void line_chart(struct doc *d, const struct pdf_indicator *ind)
{
	struct frame f;

	need(d, 200);
	data_range(ind, &f);
	f.left = MARGIN + 44;
	f.right = PAGE_W - MARGIN - 8;
	f.top = d->y + 6;
	f.bottom = f.top + 140;
	axes(d, &f);
	plot(d, ind, &f);
	d->y = f.bottom + 18;
	legend(d, ind);
}

static void indicator_block(struct doc *d, const struct pdf_indicator *ind)
{
	struct buf b = BUF_INIT;
	char v[40];

	need(d, 250);
	paragraph(d, ind->title, SIZE_H3, true, ink, MARGIN, 3);
	if (ind->goal)
		buf_addf(&b, "%s: %s. ", d->l->goal, ind->goal);
	if (ind->unit)
		buf_addf(&b, "%s: %s. ", d->l->unit, ind->unit);
	if (ind->npoints) {
		const struct pdf_point *p = &ind->points[ind->npoints - 1];

		fmt_num(d, p->value, v);
		buf_addf(&b, "%s: %s (%d).", d->l->latest, v,
			 (int)floor(p->x));
	}
	if (b.len)
		paragraph(d, buf_cstr(&b), SIZE_BODY, false, grey, MARGIN, 4);
	buf_release(&b);
	if (ind->npoints || ind->has_baseline || ind->has_target)
		line_chart(d, ind);
	if (!ind->npoints)
		paragraph(d, d->l->no_data, SIZE_BODY, false, grey, MARGIN, 4);
	d->y += 14;
}

static void indicators(struct doc *d)
{
	heading(d, d->l->indicators, 1);
	for (size_t i = 0; i < d->r->nindicators; i++)
		indicator_block(d, &d->r->indicators[i]);
	if (!d->r->nindicators)
		paragraph(d, d->l->no_data, SIZE_BODY, false, grey, MARGIN, 0);
}

/* ---- findings and sources ---- */

static void findings(struct doc *d)
{
	heading(d, d->l->findings, 1);
	if (!d->r->nfindings)
		paragraph(d, d->l->no_findings, SIZE_BODY, false, ink, MARGIN,
			  0);
	for (size_t i = 0; i < d->r->nfindings; i++) {
		need(d, 40);
		paragraph(d, d->r->findings[i].title, SIZE_BODY, true, ink,
			  MARGIN, 2);
		if (d->r->findings[i].detail)
			paragraph(d, d->r->findings[i].detail, SIZE_BODY,
				  false, ink, MARGIN, 8);
	}
}

static void sources(struct doc *d)
{
	struct buf b = BUF_INIT;

	heading(d, d->l->sources, 1);
	for (size_t i = 0; i < d->r->nsources; i++) {
		const struct pdf_source *s = &d->r->sources[i];

		buf_reset(&b);
		buf_addf(&b, "[%zu] %s.", i + 1, s->title ? s->title : "");
		if (s->publisher && *s->publisher)
			buf_addf(&b, " %s.", s->publisher);
		if (s->date && *s->date)
			buf_addf(&b, " %s.", s->date);
		if (s->url && *s->url)
			buf_addf(&b, " %s", s->url);
		paragraph(d, buf_cstr(&b), SIZE_SMALL + 0.5, false, ink,
			  MARGIN, 4);
	}
	buf_release(&b);
}

/* ---- the two passes ---- */

/* The contents, in the order the headings come. */
static void plan(struct doc *d)
{
	toc_add(d, d->l->summary, 1);
	toc_add(d, d->l->measures, 1);
	for (size_t i = 0; i < d->r->nsections; i++)
		toc_add(d, d->r->sections[i].title ? d->r->sections[i].title
						   : d->l->other,
			2);
	toc_add(d, d->l->indicators, 1);
	toc_add(d, d->l->findings, 1);
	toc_add(d, d->l->sources, 1);
}

static void draw(struct doc *d)
{
	cover(d);
	contents(d);
	summary(d);
	measures(d);
	indicators(d);
	findings(d);
	sources(d);
	footer(d);	/* the last page's; cairo emits the page at finish */
}

/*
 * A pango context of our own font map, with no hinting of metrics so that
 * both passes lay out the same. Owning the font map (rather than using
 * pango's per-thread default) lets every font it loaded be freed when the
 * report is done, in whatever thread made it.
 */
static PangoContext *new_context(PangoFontMap *fm, cairo_t *cr)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	pango_cairo_update_context(cr, ctx);
	cairo_font_options_destroy(fo);
	return ctx;
}

static void set_metadata(cairo_surface_t *s, const struct pdf_report *r)
{
	char date[32];
	char *title = clean(r->title);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
				       "veikart");
	if (r->publisher) {
		char *p = clean(r->publisher);

		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, p);
		g_free(p);
	}
	/* A fixed date keeps the bytes the same for the same content. */
	if (r->date && strlen(r->date) == 10) {
		snprintf(date, sizeof(date), "%sT00:00:00", r->date);
		cairo_pdf_surface_set_metadata(
			s, CAIRO_PDF_METADATA_CREATE_DATE, date);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE,
					       date);
	}
	g_free(title);
}

/* Runs one pass onto surface s (which it finishes); the page count. */
static int run_pass(const struct pdf_report *r, struct toc_entry *toc,
		    bool final, int pages, cairo_surface_t *s,
		    struct err *err)
{
	struct doc d;
	cairo_status_t st;
	PangoFontMap *fm;
	PangoContext *ctx;

	memset(&d, 0, sizeof(d));
	d.r = r;
	d.l = labels_for(r->lang);
	d.surface = s;
	d.final = final;
	d.pages = pages;
	d.toc = toc;
	plan(&d);
	if (final)
		set_metadata(s, r);
	d.cr = cairo_create(s);
	fm = pango_cairo_font_map_new();
	ctx = new_context(fm, d.cr);
	d.layout = pango_layout_new(ctx);
	d.aux = pango_layout_new(ctx);
	draw(&d);
	g_object_unref(d.layout);
	g_object_unref(d.aux);
	g_object_unref(ctx);
	g_object_unref(fm);
	st = cairo_status(d.cr);
	cairo_destroy(d.cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(err, ERR_IO, _("cannot write the PDF: %s"),
			       cairo_status_to_string(st));
	return d.page;
}

static cairo_status_t discard(void *arg, const unsigned char *data,
			      unsigned int len)
{
	(void)arg, (void)data, (void)len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_buf(void *arg, const unsigned char *data,
			     unsigned int len)
{
	struct buf *b = arg;

	buf_add(b, data, len);
	return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Both passes; the second onto `target` (destroyed here). */
static int render(const struct pdf_report *r, cairo_surface_t *target,
		  struct err *err)
{
	struct toc_entry *toc = calloc(MAX_TOC, sizeof(*toc));
	cairo_surface_t *probe;
	int pages = -1;

	probe = cairo_pdf_surface_create_for_stream(discard, NULL, PAGE_W,
						    PAGE_H);
	if (toc)
		pages = run_pass(r, toc, false, 0, probe, err);
	cairo_surface_destroy(probe);
	if (pages >= 0)
		pages = run_pass(r, toc, true, pages, target, err);
	cairo_surface_destroy(target);
	free(toc);
	return pages < 0 ? -1 : 0;
}

int pdf_report_write(const struct pdf_report *r, const char *path,
		     struct err *err)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return err_set(err, ERR_IO, _("cannot write %s"), path);
	}
	return render(r, s, err);
}

int pdf_report_render(const struct pdf_report *r, struct buf *out,
		      struct err *err)
{
	return render(r,
		      cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W,
							  PAGE_H),
		      err);
}
