/*
 * formats/pdf_report.h: the tertial report as a PDF, drawn with cairo and
 * pango: A4, real text (selectable and searchable, DejaVu Sans embedded as
 * a subset), Norwegian characters as they are. The document has
 *
 *   a cover           report type, strategy, period, publisher and date
 *   contents          every section with its page number (and PDF links
 *                     and bookmarks to it)
 *   summary           the strategy's goal, how many measures have a report
 *                     for the period, and a bar chart of the status counts
 *   one section per focus area, then "other measures" (a section whose
 *   title is NULL): each measure's id, title, status, progress bar, lead
 *                     actor and the reporter's texts
 *   indicators        a line chart per indicator: observations, baseline,
 *                     target and the straight path between them
 *   coordination findings (the list given; "none" when it is empty)
 *   sources           numbered, with publisher, date and address
 *
 * and page numbers in every footer but the cover's. Long texts wrap and
 * continue on the next page. The fixed words (headings, labels) come in
 * Bokmål, Nynorsk or English (lang "nb", "nn", "en"; anything else is nb);
 * the data comes as given, and numbers get a decimal comma in nb and nn.
 *
 * Pure: it writes only to the path or buffer given. Text that is not valid
 * UTF-8 is repaired (U+FFFD) and control characters are shown as spaces;
 * nothing is read as markup. Ownership: everything in struct pdf_report is
 * borrowed for the call.
 */
#ifndef VEIKART_FORMATS_PDF_REPORT_H
#define VEIKART_FORMATS_PDF_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct pdf_measure {
	const char *id, *title;
	/* Status code (on_track ...; picks the colour) or NULL for none. */
	const char *status;
	const char *status_label; /* as shown: "I rute", "Ikke rapportert" */
	int progress;			/* 0..100, or -1 for none */
	const char *lead;		/* lead actor's name, or NULL */
	const char *note; /* a remark such as "not approved yet" */
	/* The reporter's texts; NULL or "" when there is none. */
	const char *done_text, *milestones_text, *next_steps, *challenges,
		*mitigations;
};

struct pdf_section {
	const char *title;	/* a focus area's name; NULL: other measures */
	const struct pdf_measure *measures;
	size_t nmeasures;
};

/* x is time in years (2024.5 is the middle of 2024). */
struct pdf_point {
	double x, value;
};

struct pdf_indicator {
	const char *title, *unit;
	const char *goal;	/* the goal it measures, or NULL */
	const struct pdf_point *points;	/* observations, in time order */
	size_t npoints;
	bool has_baseline, has_target;
	struct pdf_point baseline, target;
};

struct pdf_finding {
	const char *title, *detail;	/* detail may be NULL */
};

struct pdf_source {
	const char *title, *publisher, *date, *url;	/* all but title may be
							   NULL */
};

struct pdf_count {
	const char *status;	/* code, for the colour; NULL: not reported */
	const char *label;
	size_t n;
};

struct pdf_report {
	const char *lang;
	const char *title;	/* the strategy's name */
	const char *period;	/* "2025-T2 (mai–august 2025)" */
	const char *publisher;	/* or NULL */
	const char *date;	/* the report's date, YYYY-MM-DD */
	const char *intro;	/* the strategy's goal, or NULL */
	size_t nmeasures, nreported;	/* measures, and those with a report */
	const struct pdf_count *counts;
	size_t ncounts;
	const struct pdf_section *sections;
	size_t nsections;
	const struct pdf_indicator *indicators;
	size_t nindicators;
	const struct pdf_finding *findings;
	size_t nfindings;
	const struct pdf_source *sources;
	size_t nsources;
};

/* Writes the report to `path`; ERR_IO when it cannot be written. */
int pdf_report_write(const struct pdf_report *r, const char *path,
		     struct err *err);

/* Appends the report's bytes to out. */
int pdf_report_render(const struct pdf_report *r, struct buf *out,
		      struct err *err);

#endif
