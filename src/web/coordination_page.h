/*
 * web/coordination_page.h: what web/page_coordination.c and
 * web/coordination_forms.c share: the page's filters and its view (the
 * analysis result and what the page lists), and the forms. Not for other
 * pages.
 *
 * Ownership: a view owns its analysis result and list (released by the
 * page); strings in the filters are borrowed from the request.
 */
#ifndef VEIKART_WEB_COORDINATION_PAGE_H
#define VEIKART_WEB_COORDINATION_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/analysis.h"
#include "web/form_view.h"
#include "web/page.h"

/* The filters, from the query (GET) or the form's hidden fields (POST). */
struct filters {
	const char *kind, *strategy, *state, *a, *b, *page;
	int kind_i; /* -1: all */
	enum mark_state mark;
	int64_t pageno; /* 1 ... */
	bool marked;	/* came back from a mark */
};

struct view {
	struct page *pg;
	struct filters f;
	struct analysis_result res;
	uint64_t version;
	bool can_mark;
	int32_t strategy, a, b;
	uint32_t *list; /* findings shown, after kind and strategy */
	size_t nlist;
	size_t by_kind[FINDING_KIND_COUNT], by_sev[SEV_COUNT];
	/* A mark that failed, shown again with its messages. */
	const char *failed;
	struct form_state fs;
};

/* "open", "handled", "not_relevant", "all", NULL: the state filter. */
extern const char *const coord_state_values[];

/* The catalog key of a kind's heading. */
const char *coord_kind_title(int kind);

/* A posted field, or NULL when absent or empty. */
const char *coord_form_value(struct page *pg, const char *name);

/* The GET form filtering the findings (keeps the matrix's a and b). */
void coord_filter_form(struct view *v);

/* How finding i (an index into the result's findings) is marked. */
void coord_mark_state(struct view *v, uint32_t i);
/* The form marking f, open and with the messages when its mark failed. */
void coord_mark_form(struct view *v, const struct finding *f);
/* Puts a refused mark's message (from service_analysis_mark's err) on
 * the field it belongs to, and remembers the finding. */
void coord_mark_error(struct view *v, const char *id, const struct err *e);

#endif
