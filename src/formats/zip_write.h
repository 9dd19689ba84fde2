/*
 * formats/zip_write.h: a zip archive built in memory with libzip, for the
 * open-data bundle. Entries are deflated; every entry gets the same
 * modification time, so the same entries always give the same bytes (and
 * the same ETag).
 *
 * Pure: nothing but the output buffer is written. Ownership: entries are
 * borrowed for the call; the bytes are appended to the caller's buffer.
 */
#ifndef VEIKART_FORMATS_ZIP_WRITE_H
#define VEIKART_FORMATS_ZIP_WRITE_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

struct zip_write_entry {
	const char *name; /* path inside the archive: "csv/measures.csv" */
	const void *data;
	size_t len;
};

/*
 * Appends a zip of the n entries to out. mtime is every entry's time (0:
 * 1980-01-01, the earliest a zip can say). ERR_INVALID for a repeated or
 * empty name; ERR_INTERNAL when libzip fails; ERR_TOO_LARGE when the
 * archive passes out's cap.
 */
int zip_write_entries(const struct zip_write_entry *entries, size_t n,
		      time_t mtime, struct buf *out, struct err *err);

#endif
