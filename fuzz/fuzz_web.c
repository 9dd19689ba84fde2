/*
 * fuzz/fuzz_web.c: libFuzzer target for the portal's parsers and
 * escapers of untrusted text: the Accept-Language header (lang_negotiate),
 * dates from data (fmt_date), the message catalog parser
 * (i18n_parse_check) and the HTML escapers (web/html.h).
 *
 * Input: the first byte picks the function (mod 4), the rest is its text
 * (NUL bytes end it, as they would a C string).
 *
 * Checked on every run: the language is one of the three; a formatted
 * date holds no markup character and nothing is written for input that
 * fmt_date refuses; html_txt and html_attr leave no raw < > " ' and every
 * & starts one of the five entities; html_url_arg leaves only unreserved
 * characters and %XX escapes, and decodes back to the input.
 *
 * The catalogs i18n.c embeds come from data/i18n.S in the real build; this
 * target supplies small ones, since the fuzz archive holds src/ only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/format.h"
#include "web/html.h"
#include "web/i18n.h"

const char i18n_nb_txt[] = "a = b\n";
const char i18n_nn_txt[] = "a = b\n";
const char i18n_en_txt[] = "a = b\n";

static void check_negotiate(const char *s)
{
	enum lang l = lang_negotiate(s);

	if (l != LANG_NB && l != LANG_NN && l != LANG_EN)
		abort();
}

static void check_date(const char *s)
{
	struct buf b = BUF_INIT;

	if (fmt_date(&b, LANG_NB, s) < 0 && b.len)
		abort();
	if (strpbrk(buf_cstr(&b), "<>&\"'"))
		abort();
	buf_release(&b);
}

static void check_entities(const char *out)
{
	static const char *const ents[] = { "&amp;", "&lt;", "&gt;",
					    "&quot;", "&#39;" };

	if (strpbrk(out, "<>\"'"))
		abort();
	for (const char *p = strchr(out, '&'); p; p = strchr(p + 1, '&')) {
		size_t i = 0;

		while (i < 5 && strncmp(p, ents[i], strlen(ents[i])))
			i++;
		if (i == 5)
			abort();
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes html_url_arg's output, which must be unreserved or %XX only. */
static void check_url_arg(const char *s)
{
	struct buf b = BUF_INIT, back = BUF_INIT;
	const char *p;

	html_url_arg(&b, s);
	for (p = buf_cstr(&b); *p; p++) {
		if (*p == '%') {
			if (hexval(p[1]) < 0 || hexval(p[2]) < 0)
				abort();
			buf_addch(&back,
				  (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else if ((*p && strchr("-._~", *p)) ||
			   (*p >= '0' && *p <= '9') ||
			   (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
			buf_addch(&back, *p);
		} else {
			abort();
		}
	}
	if (strcmp(buf_cstr(&back), s))
		abort();
	buf_release(&b);
	buf_release(&back);
}

static void check_escapers(const char *s)
{
	struct buf b = BUF_INIT;

	html_txt(&b, s);
	check_entities(buf_cstr(&b));
	buf_reset(&b);
	html_attr(&b, s);
	check_entities(buf_cstr(&b));
	buf_release(&b);
	check_url_arg(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	struct err err = ERR_INIT;

	if (size < 1)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 4) {
	case 0:
		check_negotiate(s);
		break;
	case 1:
		check_date(s);
		break;
	case 2:
		i18n_parse_check("fuzz", s, &err);
		break;
	default:
		check_escapers(s);
		break;
	}
	free(s);
	return 0;
}
