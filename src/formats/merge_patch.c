/*
 * formats/merge_patch.c: RFC 7396 JSON Merge Patch. It decides nothing
 * about what may be patched (the service layer does); it only computes the
 * patched document. The target is deep-copied once and then merged in
 * place, so the result owns all of its values and the caller's arguments
 * are never changed.
 */
#include "formats/merge_patch.h"

#include "model/limits.h"

static bool deeper_than(json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (!json_is_object(v) && !json_is_array(v))
		return false;
	if (depth >= LIMIT_JSON_DEPTH)
		return true;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (deeper_than(x, depth + 1))
				return true;
	} else {
		json_array_foreach(v, i, x)
			if (deeper_than(x, depth + 1))
				return true;
	}
	return false;
}

bool merge_patch_too_deep(json_t *v)
{
	return deeper_than(v, 0);
}

/*
 * The RFC's MergePatch(Target, Patch). Takes ownership of `target` (which
 * may be NULL) and returns an owned value; `patch` is borrowed.
 */
static json_t *merge(json_t *target, json_t *patch)
{
	const char *key;
	json_t *v;

	if (!json_is_object(patch)) {
		json_decref(target);
		return json_deep_copy(patch);
	}
	if (!json_is_object(target)) {
		json_decref(target);
		target = json_object();
	}
	json_object_foreach(patch, key, v) {
		json_t *cur;

		if (json_is_null(v)) {
			json_object_del(target, key);
			continue;
		}
		/* merge() consumes a reference, set_new steals the result. */
		cur = json_incref(json_object_get(target, key));
		json_object_set_new(target, key, merge(cur, v));
	}
	return target;
}

json_t *merge_patch_apply(json_t *target, json_t *patch)
{
	if (!patch || merge_patch_too_deep(patch))
		return NULL;
	return merge(target ? json_deep_copy(target) : NULL, patch);
}
