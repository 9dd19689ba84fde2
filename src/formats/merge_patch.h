/*
 * formats/merge_patch.h: JSON Merge Patch (RFC 7396). Pure: takes and
 * returns jansson values, touches nothing else. The write API applies a
 * client's PATCH body to the stored record with it.
 *
 * Ownership: arguments are borrowed and never modified; the result is a
 * new reference, sharing nothing with either argument.
 */
#ifndef VEIKART_FORMATS_MERGE_PATCH_H
#define VEIKART_FORMATS_MERGE_PATCH_H

#include <jansson.h>
#include <stdbool.h>

/*
 * MergePatch(target, patch) as RFC 7396 section 2 defines it: an object
 * patch merges member by member (null removes a member, and recursion
 * applies to the rest); any other patch, arrays included, replaces the
 * target whole. target may be NULL (absent). Returns NULL when patch is
 * NULL or nests deeper than LIMIT_JSON_DEPTH (model/limits.h) levels of
 * arrays and objects, which bounds the recursion.
 */
json_t *merge_patch_apply(json_t *target, json_t *patch);

/* True when v nests more than LIMIT_JSON_DEPTH arrays and objects. */
bool merge_patch_too_deep(json_t *v);

#endif
