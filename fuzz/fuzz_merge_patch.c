/*
 * fuzz/fuzz_merge_patch.c: libFuzzer target for formats/merge_patch.h.
 * The input is two JSON texts, the target and the patch, separated by the
 * first newline; inputs jansson refuses are skipped. Beyond not crashing,
 * every run checks what RFC 7396 promises and the write API relies on:
 * the arguments are left unchanged; a patch nested too deep is refused and
 * any other gives a result; applying the same patch again changes nothing
 * (merge patches are idempotent); a null member of an object patch is
 * absent from the result and any other non-object member is copied as is.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/merge_patch.h"

static json_t *load(const uint8_t *data, size_t size)
{
	return json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
}

static void check_members(json_t *patch, json_t *result)
{
	const char *key;
	json_t *v;

	if (!json_is_object(patch))
		return;
	if (!json_is_object(result))
		abort();
	json_object_foreach(patch, key, v) {
		json_t *got = json_object_get(result, key);

		if (json_is_null(v) && got)
			abort();
		if (!json_is_null(v) && !json_is_object(v) &&
		    !json_equal(got, v))
			abort();
	}
}

static void check(json_t *target, json_t *patch)
{
	json_t *t0 = json_deep_copy(target), *p0 = json_deep_copy(patch);
	json_t *once = merge_patch_apply(target, patch), *twice;

	if (!json_equal(target, t0) || !json_equal(patch, p0))
		abort();
	if (!once) {
		if (!merge_patch_too_deep(patch))
			abort();
		goto done;
	}
	check_members(patch, once);
	twice = merge_patch_apply(once, patch);
	if (!twice || !json_equal(once, twice))
		abort();
	json_decref(twice);
done:
	json_decref(once);
	json_decref(t0);
	json_decref(p0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	json_t *target, *patch;

	if (!nl)
		return 0;
	target = load(data, (size_t)(nl - data));
	patch = load(nl + 1, size - (size_t)(nl - data) - 1);
	if (target && patch)
		check(target, patch);
	json_decref(target);
	json_decref(patch);
	return 0;
}
