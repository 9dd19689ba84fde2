/*
 * analysis/finding_int.h: what the files of analysis/ share to make
 * findings and their texts. One file per family of kinds (responsibility.c,
 * reporting.c, overlap.c, coordination.c, arenas.c, dependency.c,
 * funding.c, indicators.c, inputs.c) provides a run function that appends
 * findings, and per kind an explanation, an action and the evidence.
 * finding.c holds the table of kinds and everything common. Not for use
 * outside analysis/.
 *
 * Ownership: findings are appended to the run's finding set; texts go into
 * the caller's buffer; evidence is a new JSON reference.
 */
#ifndef VEIKART_ANALYSIS_FINDING_INT_H
#define VEIKART_ANALYSIS_FINDING_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "analysis/analysis.h"
#include "analysis/snapshot_int.h"
#include "util/buf.h"

enum { LANG_NB, LANG_NN, LANG_EN };

/* One analysis run. */
struct run_ctx {
	const struct snapshot *s;
	const struct analysis_opts *o;
	struct finding_set *fs;
	struct analysis_period period;
	bool want[FINDING_KIND_COUNT];
};

/* Writing the texts of one finding. */
struct text_ctx {
	const struct snapshot *s;
	const struct finding_set *fs;
	const struct finding *f;
	int lang;	  /* LANG_NB, LANG_NN, LANG_EN */
	const char *code; /* "nb", "nn", "en" */
	struct buf *b;
};

struct kind_desc {
	const char *name;
	enum analysis_family family;
	void (*explain)(struct text_ctx *c);
	void (*action)(struct text_ctx *c);
	json_t *(*evidence)(const struct text_ctx *c);
};

/*
 * Appends formatted text in the context's language. Each format is a
 * string literal, so the compiler checks it against the arguments.
 */
#define T3(c, nb, nn, en, ...)                                                 \
	do {                                                                   \
		if ((c)->lang == LANG_NN)                                      \
			buf_addf((c)->b, nn, __VA_ARGS__);                     \
		else if ((c)->lang == LANG_EN)                                 \
			buf_addf((c)->b, en, __VA_ARGS__);                     \
		else                                                           \
			buf_addf((c)->b, nb, __VA_ARGS__);                     \
	} while (0)
#define S3(c, nb, nn, en)                                                      \
	buf_addstr((c)->b, (c)->lang == LANG_NN	  ? (nn)                       \
			   : (c)->lang == LANG_EN ? (en)                       \
						  : (nb))

/* Building findings: fs_add starts one; the others add to the last. */
struct finding *fs_add(struct finding_set *fs, enum finding_kind k,
		       enum finding_severity sev);
/* Entities define the finding (and its id); add them all before aux. */
void fs_ent(struct finding_set *fs, enum finding_ent t, int32_t idx);
void fs_aux(struct finding_set *fs, enum finding_ent t, int32_t idx);
void fs_str(struct finding_set *fs, const char *s, size_t n);
/* Sets f->id from its kind, entities and key (see finding.c). */
void finding_make_id(const struct snapshot *s, const struct finding_set *fs,
		     struct finding *f);

/* Entity/aux i of the finding being written. */
const struct finding_ref *t_ent_ref(const struct text_ctx *c, size_t i);
const struct finding_ref *t_aux_ref(const struct text_ctx *c, size_t i);
const char *t_str(const struct text_ctx *c, size_t i);
const char *ref_id(const struct snapshot *s, const struct finding_ref *r);
const char *ref_name(const struct snapshot *s, const struct finding_ref *r,
		     const char *lang);

/* Text pieces: "V-EK-1 «Eksport ...»", lists, numbers, dates. */
void t_ref(struct text_ctx *c, const struct finding_ref *r);
void t_ent(struct text_ctx *c, size_t i);
void t_ents(struct text_ctx *c, size_t from, size_t to);
void t_auxs(struct text_ctx *c, size_t from, size_t to);
void t_quoted(struct text_ctx *c, const char *s);
void t_num(struct text_ctx *c, double v, int decimals);
void t_nok(struct text_ctx *c, double amount);
void t_day(struct text_ctx *c, int32_t day);
void t_and(struct text_ctx *c, size_t i, size_t n);
/* "2025-T2" for a tertial's bounds, "2025" for a year, else the dates. */
void period_text(int32_t start, int32_t end, char out[32]);

/* Evidence helpers. */
json_t *j_ids(const struct text_ctx *c, bool aux, size_t from, size_t to);
json_t *j_strs(const struct text_ctx *c);
json_t *j_day(int32_t day);
json_t *j_real(double v);

/* The families. */
void run_responsibility(struct run_ctx *r);
void run_reporting(struct run_ctx *r);
void run_overlap(struct run_ctx *r);
void run_coordination(struct run_ctx *r);
void run_arenas(struct run_ctx *r);
void run_absent_actor(struct run_ctx *r);
void run_dependency(struct run_ctx *r);
void run_funding(struct run_ctx *r);
void run_indicators(struct run_ctx *r);
void run_inputs(struct run_ctx *r);

/* Per kind: explanation, action, evidence. */
#define KIND_FNS(k)                                                            \
	void k##_explain(struct text_ctx *c);                                  \
	void k##_action(struct text_ctx *c);                                   \
	json_t *k##_evidence(const struct text_ctx *c)
KIND_FNS(no_lead);
KIND_FNS(many_leads);
KIND_FNS(missing_report);
KIND_FNS(stale_report);
KIND_FNS(returned_report);
KIND_FNS(overlap);
KIND_FNS(no_common_arena);
KIND_FNS(cross_ministry);
KIND_FNS(parallel_arenas);
KIND_FNS(dependency_risk);
KIND_FNS(dependency_cycle);
KIND_FNS(funding_gap);
KIND_FNS(off_track);
KIND_FNS(absent_actor);
KIND_FNS(unanswered_input);

/* Lead / contributing actors of a measure (consulted do not count). */
bool resp_counts(const struct snap_resp *r);

#endif
