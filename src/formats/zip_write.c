/*
 * formats/zip_write.c: an in-memory zip through libzip (see zip_write.h).
 * The archive is written into a libzip buffer source, which is read back
 * into the caller's buffer; no file is touched. libzip objects are freed
 * on every path.
 */
#include "formats/zip_write.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/i18n.h"

/* 1980-01-01 12:00 UTC: the first day a zip's DOS time can hold, in any
 * time zone. */
#define ZIP_EPOCH ((time_t)315576000)

static int check_names(const struct zip_write_entry *e, size_t n,
		       struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!e[i].name || !*e[i].name)
			return err_set(err, ERR_INVALID,
				       _("a zip entry needs a name"));
		for (size_t k = 0; k < i; k++)
			if (!strcmp(e[k].name, e[i].name))
				return err_set(err, ERR_INVALID,
					       _("two zip entries are called "
						 "%s"),
					       e[i].name);
	}
	return 0;
}

static int add_entries(zip_t *za, const struct zip_write_entry *e, size_t n,
		       time_t mtime)
{
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, e[i].data, e[i].len, 0);
		zip_int64_t idx;

		if (!s)
			return -1;
		idx = zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(s);
			return -1;
		}
		if (zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx,
					     ZIP_CM_DEFLATE, 9) < 0)
			return -1;
	}
	return 0;
}

/* Appends the bytes of a finished buffer source to out. */
static int copy_source(zip_source_t *src, struct buf *out, struct err *err)
{
	zip_stat_t st;
	char chunk[65536];
	zip_int64_t n;
	int rc = 0;

	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
		return err_set(err, ERR_INTERNAL,
			       _("cannot read the zip back"));
	while ((n = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	if (n < 0)
		rc = err_set(err, ERR_INTERNAL, _("cannot read the zip back"));
	zip_source_close(src);
	if (rc == 0 && out->failed)
		rc = err_set(err, ERR_TOO_LARGE, _("the zip is too large"));
	return rc;
}

int zip_write_entries(const struct zip_write_entry *entries, size_t n,
		      time_t mtime, struct buf *out, struct err *err)
{
	zip_source_t *src;
	zip_t *za;
	int rc = -1;

	if (check_names(entries, n, err) < 0)
		return -1;
	src = zip_source_buffer_create(NULL, 0, 0, NULL);
	if (!src)
		return err_set(err, ERR_INTERNAL, _("cannot start a zip"));
	zip_source_keep(src);	/* it must outlive the archive */
	za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (!za) {
		zip_source_free(src);
		zip_source_free(src);
		return err_set(err, ERR_INTERNAL, _("cannot start a zip"));
	}
	if (add_entries(za, entries, n, mtime ? mtime : ZIP_EPOCH) < 0) {
		err_set(err, ERR_INTERNAL, _("cannot add to the zip: %s"),
			zip_strerror(za));
		zip_discard(za);
		goto done;
	}
	if (zip_close(za) < 0) {
		err_set(err, ERR_INTERNAL, _("cannot finish the zip: %s"),
			zip_strerror(za));
		zip_discard(za);
		goto done;
	}
	rc = copy_source(src, out, err);
done:
	zip_source_free(src);
	return rc;
}
