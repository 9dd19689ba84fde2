/*
 * http/form.c: decoding a posted HTML form (see form.h). One pass counts
 * the pieces and sizes one block; a second decodes into it, so a form
 * costs two allocations whatever its size.
 */
#include "http/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/request.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

/* Text a person could have typed: valid UTF-8, no control characters but
 * tab and line breaks. */
static bool form_text_ok(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = parse_utf8_char((const unsigned char *)s + i, len - i, &cp);
		if (!n || (cp < 0x20 && cp != '\t' && cp != '\n' &&
			   cp != '\r') ||
		    cp == 0x7f)
			return false;
		i += n;
	}
	return true;
}

static size_t count_pieces(const char *body, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (body[i] == '&')
			n++;
	return n + 1;
}

/* Decodes one "name=value" piece into the next field, writing the strings
 * at *mem. */
static int form_piece(const char *piece, size_t len, struct http_form *f,
		      char **mem, struct err *err)
{
	const char *eq = memchr(piece, '=', len);
	size_t nlen = eq ? (size_t)(eq - piece) : len;
	size_t vlen = eq ? len - nlen - 1 : 0;
	char *name = *mem, *value;
	long dn, dv;

	if (f->n >= HTTP_FORM_MAX_FIELDS)
		return err_set(err, ERR_INVALID,
			       _("The form has more than %d fields."),
			       HTTP_FORM_MAX_FIELDS);
	dn = http_pct_decode(piece, nlen, true, name);
	value = name + (dn < 0 ? 0 : dn) + 1;
	dv = http_pct_decode(eq ? eq + 1 : "", vlen, true, value);
	if (dn < 0 || dv < 0)
		return err_set(err, ERR_INVALID,
			       _("The form has an invalid percent-encoding."));
	if (!form_text_ok(name, (size_t)dn) ||
	    !form_text_ok(value, (size_t)dv))
		return err_set(err, ERR_INVALID,
			       _("The form holds text that is not valid "
				 "UTF-8 or has control characters."));
	*mem = value + dv + 1;
	f->fields[f->n].name = name;
	f->fields[f->n].value = value;
	f->n++;
	return 0;
}

int http_form_parse(const char *body, size_t len, struct http_form *f,
		    struct err *err)
{
	size_t i = 0, end, pieces = count_pieces(body, len);
	char *mem;

	memset(f, 0, sizeof(*f));
	if (pieces > HTTP_FORM_MAX_FIELDS + 1)
		return err_set(err, ERR_INVALID,
			       _("The form has more than %d fields."),
			       HTTP_FORM_MAX_FIELDS);
	/* Decoding never lengthens; each piece needs two terminators. */
	f->mem = mem = xmalloc(len + 2 * pieces + 1);
	f->fields = xmalloc(pieces * sizeof(*f->fields));
	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);

		end = amp ? (size_t)(amp - body) : len;
		if (end > i && form_piece(body + i, end - i, f, &mem, err) < 0) {
			http_form_release(f);
			return -1;
		}
		i = end + 1;
	}
	return 0;
}

int http_form_from_request(const struct http_request *req,
			   struct http_form *f, struct err *err)
{
	const char *ct = http_header(req, "Content-Type");
	size_t n = strlen(FORM_TYPE);

	memset(f, 0, sizeof(*f));
	if (!ct || strncasecmp(ct, FORM_TYPE, n) ||
	    (ct[n] && ct[n] != ';' && ct[n] != ' '))
		return err_set(err, ERR_MEDIA_TYPE,
			       _("A form must be sent as %s."), FORM_TYPE);
	return http_form_parse(req->body ? req->body : "", req->body_len, f,
			       err);
}

const char *http_form_get(const struct http_form *f, const char *name)
{
	size_t pos = 0;

	return http_form_next(f, name, &pos);
}

const char *http_form_next(const struct http_form *f, const char *name,
			   size_t *pos)
{
	while (*pos < f->n) {
		const struct http_param *p = &f->fields[(*pos)++];

		if (!strcmp(p->name, name))
			return p->value;
	}
	return NULL;
}

size_t http_form_count(const struct http_form *f, const char *name)
{
	size_t n = 0, pos = 0;

	while (http_form_next(f, name, &pos))
		n++;
	return n;
}

void http_form_release(struct http_form *f)
{
	free(f->fields);
	free(f->mem);
	memset(f, 0, sizeof(*f));
}
