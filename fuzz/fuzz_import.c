/*
 * fuzz/fuzz_import.c: libFuzzer target for the interchange record checks
 * (service/record.h) together with the single-value checks they call
 * (model/value.c, period.c, orgnr.c) and formats/json_locate.h, the way
 * service/import.c uses them: the input is loaded with
 * JSON_REJECT_DUPLICATES, every record of every collection array is checked
 * against its entity, and every problem is located in the text.
 *
 * A referenced id exists unless it starts with "x", so both answers of the
 * reference check are reached without a database. Every problem message
 * must be valid UTF-8 without control characters, and every field path
 * valid UTF-8: both are shown to users, and the API's problem list is built
 * with json_pack, which refuses invalid UTF-8.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/json_locate.h"
#include "model/entity.h"
#include "model/value.h"
#include "service/record.h"
#include "util/parse.h"
#include "util/problems.h"

#define MAX_PROBLEMS 500

static bool fake_exists(void *ctx, const char *coll, const char *id)
{
	(void)ctx;
	if (!coll || !entity_find(coll))
		abort();	/* a descriptor names an unknown collection */
	return id[0] != 'x';
}

/* Valid UTF-8 (control characters allowed: keys may hold them). */
static bool is_utf8(const char *s)
{
	size_t len = strlen(s), i, n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = parse_utf8_char((const unsigned char *)s + i,
				    len - i < 4 ? len - i : 4, &cp);
		if (n == 0)
			return false;
	}
	return true;
}

static void check_problems(const char *text, size_t len,
			   const struct problems *p, size_t found)
{
	if (problems_total(p) != found || p->n > p->max)
		abort();
	for (size_t i = 0; i < p->n; i++) {
		const struct problem *x = &p->items[i];
		int line = 0, column = 0;

		if (!x->field || !x->message || !*x->message)
			abort();
		if (value_check_text(x->message, 1 << 20, NULL) != 0) {
			fprintf(stderr, "bad message for %s: %s\n", x->field,
				x->message);
			abort();
		}
		if (!is_utf8(x->field)) {
			fprintf(stderr, "field path is not UTF-8: %s\n",
				x->field);
			abort();
		}
		if (json_locate(text, len, x->field, &line, &column) != 0 ||
		    line < 1 || column < 1)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record_refs refs = { fake_exists, NULL };
	struct problems p = PROBLEMS_INIT(MAX_PROBLEMS);
	size_t found = 0;
	json_t *root;
	char *text;

	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
			  NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		return 0;
	}
	text = malloc(size ? size : 1);	/* no NUL: over-reads are caught */
	if (!text)
		abort();
	memcpy(text, data, size);
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		json_t *list = json_object_get(root, e->collection);
		json_t *rec;
		size_t i;

		json_array_foreach(list, i, rec) {
			char path[96];

			snprintf(path, sizeof(path), "%s[%zu]", e->collection,
				 i);
			found += record_check(e, rec, path, &refs, &p);
		}
	}
	check_problems(text, size, &p, found);
	problems_release(&p);
	json_decref(root);
	free(text);
	return 0;
}
