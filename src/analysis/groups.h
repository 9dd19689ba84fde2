/*
 * analysis/groups.h: no_common_arena for groups of three or more actors
 * (analysis/groups.c). The pairs are found in analysis/coordination.c;
 * a group is reported besides its pairs because one arena for the whole
 * group closes all of them at once. Not for use outside analysis/.
 *
 * A group finding has the kind no_common_arena and rule
 * NCA_RULE_GROUP; the kind's text and evidence functions hand such a
 * finding to the functions below.
 */
#ifndef VEIKART_ANALYSIS_GROUPS_H
#define VEIKART_ANALYSIS_GROUPS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/finding_int.h"

/* finding.rule of a no_common_arena finding about a group (pairs: 0). */
#define NCA_RULE_GROUP 1
/* The responsible actors of one measure searched for groups: the first
 * this many (a measure with more is a data problem, and 2^n subsets). */
#define NCA_GROUP_MAX_ACTORS 24

/* Appends a no_common_arena finding for each group (see groups.c). */
void run_no_common_groups(struct run_ctx *r);

/*
 * The largest sets of at least three of the n actors (n at most
 * NCA_GROUP_MAX_ACTORS) in which every two are apart (apart[i] has bit j
 * set when actors i and j are). Each set is a bit mask of indices into
 * the actors; on_set gets them in no particular order. Pure; exported for
 * the unit tests.
 */
void nca_groups_of(const uint32_t *apart, size_t n,
		   void (*on_set)(void *arg, uint32_t set), void *arg);

void nca_group_explain(struct text_ctx *c);
void nca_group_action(struct text_ctx *c);
json_t *nca_group_evidence(const struct text_ctx *c);

#endif
