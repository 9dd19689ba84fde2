/*
 * fuzz/fuzz_jsonstat.c: libFuzzer target for jsonstat_read
 * (formats/jsonstat.h), the reader of JSON-stat 2.0 files that
 * coordinators upload (service/observations.c).
 *
 * Input: the first byte picks the dataset option (0-3: none, "1", "2",
 * the label "x"); the rest is the text, copied into a buffer of exactly
 * its length without a terminating NUL, so ASan sees any read past the
 * end of what the scanner was given.
 *
 * On success, checked on every run: the cells are the product of the
 * category counts; values are strictly ordered by cell and each cell is
 * below that product; values and missing cells add up to it; every status
 * index names a status string of at most JSONSTAT_STATUS_MAX bytes; the
 * cell coordinates of each value lie inside their dimensions; strings are
 * valid UTF-8; the time and dimension lookups answer without crashing.
 * On failure: the message is non-empty, NUL-terminated valid UTF-8, and
 * the position is inside the text (line and column 0 only together).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/jsonstat.h"
#include "util/parse.h"

static bool is_utf8(const char *s)
{
	size_t len, i, n;
	uint32_t cp;

	if (!s)
		return true;
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = parse_utf8_char((const unsigned char *)s + i,
				    len - i < 4 ? len - i : 4, &cp);
		if (n == 0)
			return false;
	}
	return true;
}

/* A message may be cut at ERR_MSG_MAX - 1 bytes (err_setv's vsnprintf)
 * inside a character: only then may its last sequence be incomplete. */
static bool is_utf8_msg(const char *msg)
{
	char copy[ERR_MSG_MAX];
	size_t n = strlen(msg), k = n;

	memcpy(copy, msg, n + 1);
	if (n == ERR_MSG_MAX - 1) {
		while (k > 0 && n - k < 3 &&
		       ((unsigned char)copy[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && (unsigned char)copy[k - 1] >= 0xC0)
			copy[k - 1] = '\0';
	}
	return is_utf8(copy);
}

static void check_dims(const struct jsonstat_dataset *ds)
{
	uint64_t cells = 1;

	for (size_t k = 0; k < ds->ndims; k++) {
		const struct jsonstat_dim *d = &ds->dims[k];
		size_t at;
		struct err err = ERR_INIT;

		if (!d->id || !d->label || !is_utf8(d->id) ||
		    !is_utf8(d->label))
			abort();
		for (size_t c = 0; c < d->ncats; c++)
			if (!d->cats[c].id || !d->cats[c].label ||
			    !is_utf8(d->cats[c].id) ||
			    !is_utf8(d->cats[c].label))
				abort();
		cells *= d->ncats;
		if (jsonstat_find_dim(ds, d->id, &at, &err) < 0)
			abort(); /* its own id must be found */
		if (d->ncats &&
		    jsonstat_find_category(d, d->cats[0].id, &at, &err) < 0)
			abort();
		(void)jsonstat_find_category(d, "no such category", &at, &err);
	}
	if (ds->ndims && cells != ds->ncells)
		abort();
}

static void check_values(const struct jsonstat_dataset *ds)
{
	size_t coords[64];

	if (ds->nvalues + ds->nmissing != ds->ncells)
		abort();
	for (size_t i = 0; i < ds->nvalues; i++) {
		const struct jsonstat_value *v = &ds->values[i];

		if (v->cell >= ds->ncells ||
		    (i && v->cell <= ds->values[i - 1].cell) ||
		    v->status > ds->nstatuses)
			abort();
		if (ds->ndims <= 64) {
			jsonstat_cell_coords(ds, v->cell, coords);
			for (size_t k = 0; k < ds->ndims; k++)
				if (coords[k] >= ds->dims[k].ncats)
					abort();
		}
	}
	for (size_t k = 0; k < ds->nstatuses; k++)
		if (!ds->statuses[k] ||
		    strlen(ds->statuses[k]) > JSONSTAT_STATUS_MAX ||
		    !is_utf8(ds->statuses[k]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const which[] = {NULL, "1", "2", "x"};
	struct jsonstat_read_opts opts = {NULL};
	struct jsonstat_pos pos;
	struct err err = ERR_INIT;
	struct jsonstat_dataset *ds;
	size_t len, at;
	char *text;

	if (size < 1)
		return 0;
	opts.dataset = which[data[0] & 3];
	len = size - 1;
	text = malloc(len ? len : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, len);
	ds = jsonstat_read(text, len, &opts, &pos, &err);
	if (!ds) {
		if (!err.msg[0] || !memchr(err.msg, '\0', sizeof(err.msg)) ||
		    !is_utf8_msg(err.msg) || pos.line < 0 || pos.column < 0 ||
		    (pos.line == 0) != (pos.column == 0) ||
		    (size_t)pos.line > len + 1)
			abort();
	} else {
		if (ds->ndatasets < 1 || ds->index >= ds->ndatasets ||
		    !is_utf8(ds->label) ||
		    !memchr(ds->path, '\0', sizeof(ds->path)))
			abort();
		check_dims(ds);
		check_values(ds);
		(void)jsonstat_time_dim(ds, NULL, &at, &err);
		(void)jsonstat_time_dim(ds, "Tid", &at, &err);
		jsonstat_dataset_free(ds);
	}
	free(text);
	return 0;
}
