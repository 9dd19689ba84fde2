/*
 * service/report_pdf.h: the tertial report of one strategy for one period,
 * as a PDF (formats/pdf_report.h draws it). Gathers:
 *
 *   measures      every live measure of the strategy, by focus area (by
 *                 the area's number), those without one last; for each the
 *                 status report of the period: an approved one in full, a
 *                 submitted one in full but marked as not approved yet, a
 *                 draft or returned one only as "not submitted"; none is
 *                 "not reported"
 *   summary       the strategy's goal and the counts per status
 *   indicators    those of the strategy's goals and measures, with their
 *                 observations (totals only, not breakdowns), baseline and
 *                 target (the goal's, when the indicator has none)
 *   findings      the coordination analysis's open findings (those not
 *                 marked handled or not relevant) that name the strategy
 *                 or one of its measures: what was found, what to do; or
 *                 the list the caller passes instead
 *   sources       every document the above cites
 *
 * Names and titles come in the chosen language where the data has them,
 * else in Bokmål. Anyone may have it: for anonymous callers it is the
 * public report, built from approved reports only (a report waiting for
 * approval counts as none); a signed-in user or a token of any scope
 * (OP_READ_PRIVATE) also gets submitted reports, marked as not approved
 * yet, and drafts and returned ones as "not submitted".
 *
 * Ownership: arguments are borrowed; the caller owns the output.
 */
#ifndef VEIKART_SERVICE_REPORT_PDF_H
#define VEIKART_SERVICE_REPORT_PDF_H

#include <jansson.h>

#include "model/principal.h"
#include "store/store.h"
#include "util/buf.h"

struct report_pdf_opts {
	const char *strategy;	/* id */
	const char *period;	/* a tertial (2025-T2) or a year */
	const char *lang;	/* nb, nn or en; NULL: nb */
	/* Findings to show, [{"title", "detail"?}]; NULL: the analysis's
	 * open findings about the strategy (service/analysis.h). */
	json_t *findings;
	const char *today;	/* the report's date; NULL: today */
};

/*
 * Writes the report to `path`. ERR_INVALID for a malformed period or an
 * unknown language (field "period" or "lang"), ERR_NOT_FOUND for an
 * unknown strategy, ERR_IO.
 */
int service_report_pdf_write(struct store *st, const struct principal *who,
			     const struct report_pdf_opts *o, const char *path,
			     struct err *err);

/* The same, appended to out as bytes. */
int service_report_pdf_bytes(struct store *st, const struct principal *who,
			     const struct report_pdf_opts *o, struct buf *out,
			     struct err *err);

#endif
