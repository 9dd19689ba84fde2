/*
 * fuzz/fuzz_period.c: libFuzzer target for model/period.h. Any input must
 * parse or fail cleanly with a showable message; a parsed period must
 * survive parse -> format -> parse unchanged, have ordered bounds that are
 * real dates, and label in every language without overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/period.h"
#include "model/value.h"

static void check_parsed(const struct period *p)
{
	static const char *const langs[] = { "nb", "nn", "en", NULL };
	char text[PERIOD_TEXT_MAX], again_text[PERIOD_TEXT_MAX];
	char start[11], end[11];
	struct period again;
	struct buf b = BUF_INIT;
	int i;

	period_format(p, text);
	if (period_parse(text, &again, NULL) != 0)
		abort();
	if (memcmp(p, &again, sizeof(*p)) != 0 ||
	    period_compare(p, &again) != 0)
		abort();
	period_format(&again, again_text);
	if (strcmp(text, again_text) != 0)
		abort();
	period_bounds(p, start, end);
	if (strlen(start) != 10 || strlen(end) != 10 ||
	    strcmp(start, end) >= 0)
		abort();
	if (value_check_date(start, NULL) != 0 ||
	    value_check_date(end, NULL) != 0)
		abort();
	for (i = 0; i < 4; i++) {
		buf_reset(&b);
		period_label(p, langs[i], &b);
		if (b.failed || strncmp(buf_cstr(&b), text, strlen(text)) != 0 ||
		    value_check_text(buf_cstr(&b), 200, NULL) != 0)
			abort();
	}
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct period p;
	struct err e = ERR_INIT;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (period_parse(s, &p, &e) == 0) {
		check_parsed(&p);
	} else if (e.code != ERR_UNPROCESSABLE ||
		   value_check_text(e.msg, ERR_MSG_MAX, NULL) != 0) {
		abort();	/* messages must be valid, control-free UTF-8 */
	}
	free(s);
	return 0;
}
