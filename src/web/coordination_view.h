/*
 * web/coordination_view.h: the parts of the coordination page
 * (web/page_coordination.c) that live in their own files: the network
 * drawing embedded safely in the page with its table alternative, the
 * overlap matrix between two strategies, a finding's evidence written out,
 * and domain text from the analysis snapshot in the page's language.
 *
 * Ownership: everything is borrowed; output goes to pg->out (or the
 * given buffer).
 */
#ifndef VEIKART_WEB_COORDINATION_VIEW_H
#define VEIKART_WEB_COORDINATION_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/snapshot.h"
#include "util/buf.h"
#include "util/err.h"
#include "web/page.h"

/*
 * Copies an SVG document (Graphviz's) into out as an inline <svg> for an
 * HTML page, keeping only drawing elements and presentation attributes
 * (a closed list), all text and values re-escaped: no script, style,
 * event attribute, link or foreign content can come through. Links (<a>)
 * are unwrapped. Every id becomes "<prefix>-<n>", unique in the page; the
 * root gets role="img", aria-labelledby and a <title> and <desc> with the
 * ids "<prefix>-title" and "<prefix>-desc". prefix must be a literal-like
 * name of [a-z0-9-]. Errors: ERR_INTERNAL when svg is not well-formed
 * (nothing is written then).
 */
int coord_svg_embed(struct buf *out, const char *svg, size_t len,
		    const char *prefix, const char *title, const char *desc,
		    struct err *err);

/* Domain text in the page's language (falling back as page_pick does,
 * with a lang attribute when it is another), escaped; fallback (escaped)
 * when there is none. */
void coord_text(struct page *pg, const struct snap_text *t,
		const char *fallback);

/* Links to the pages of a measure ("Title (ID)"), an actor and a
 * strategy, named from the snapshot; the id alone when unknown. */
void coord_measure_link(struct page *pg, const struct snapshot *s,
			const char *id);
void coord_actor_link(struct page *pg, const struct snapshot *s,
		      const char *id);
void coord_strategy_link(struct page *pg, const struct snapshot *s,
			 const char *id);
/* An entity of a finding: a link when the portal has a page for its type
 * (measures, actors, strategies, indicators), else "Name (ID)". */
void coord_ref(struct page *pg, const struct snapshot *s,
	       const struct finding_ref *r, const char *id);

/* The "network" section: heading, explanation, the table alternative,
 * then the drawing (or a message when Graphviz fails). */
int coord_network_section(struct page *pg, const struct snapshot *s,
			  int32_t strategy, struct err *err);

/* The "matrix" section: the form choosing two strategies (a, b) and the
 * matrix, or a list of pairs when it is large. kept: name, value pairs
 * (NULL-terminated; a NULL value is left out) the form sends along so
 * that the findings' filters stay as they are. */
void coord_matrix_section(struct page *pg, const struct snapshot *s,
			  const struct finding_set *fs, int32_t a, int32_t b,
			  const char *const *kept);

/* A finding's evidence as a description list of what the rule measured,
 * with labels in the page's language (nothing when it has none shown). */
void coord_evidence(struct page *pg, const struct snapshot *s, json_t *finding);

/* For the tests: the catalog keys the evidence uses, i from 0 until
 * NULL. */
const char *coord_evidence_key(size_t i);

/* How many decimals a measured value needs (0, 1 or 2): 22, 26,9, 0,54.
 * Pure, for the tests. */
int coord_decimals(double v);

/* The words for an overlap similarity (0..1): "svært lik" ... as a
 * catalog key; pure, for the tests. */
const char *coord_similarity_key(double similarity);

#endif
