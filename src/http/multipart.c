/*
 * http/multipart.c: splitting a multipart/form-data body (see multipart.h).
 * One pass over the body: each part's headers are read line by line within
 * HTTP_MULTIPART_HEADER_MAX bytes, its content runs to the next CRLF and
 * delimiter. The content is never copied; names and the like are copied
 * into one buffer, and the part pointers are set once it stops growing.
 *
 * It must not interpret the content (a file is bytes; a plain field is
 * checked only when handed out as a form) nor know about pages or CSRF.
 * Every read is bounded by the body's length: the body need not end in a
 * NUL.
 */
#include "http/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* ---- small checks ---- */

/* RFC 9110 tchar. */
static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars. */
static bool is_bchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("'()+_,-./:=? ", c));
}

static bool boundary_ok(const char *s, size_t n)
{
	if (n < 1 || n > HTTP_MULTIPART_BOUNDARY_MAX || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_bchar((unsigned char)s[i]))
			return false;
	return true;
}

/* Valid UTF-8 without control characters (tab and line breaks allowed
 * only when `lines`). */
static bool text_ok(const char *s, size_t len, bool lines)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = parse_utf8_char((const unsigned char *)s + i, len - i, &cp);
		if (!n || cp == 0x7f ||
		    (cp < 0x20 &&
		     !(lines && (cp == '\t' || cp == '\n' || cp == '\r'))))
			return false;
		i += n;
	}
	return true;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- header values: tokens, quoted strings, parameters ---- */

/* A cursor over one header value. */
struct hv {
	const char *s;
	size_t n, i;
};

static void hv_ows(struct hv *v)
{
	while (v->i < v->n && is_ows(v->s[v->i]))
		v->i++;
}

/* A token at the cursor: its start and length (0: none there). */
static size_t hv_token(struct hv *v, const char **start)
{
	size_t from = v->i;

	while (v->i < v->n && is_tchar((unsigned char)v->s[v->i]))
		v->i++;
	*start = v->s + from;
	return v->i - from;
}

/* A token or quoted string at the cursor, unquoted into out; -1 when
 * there is none or a quote is not closed. */
static int hv_value(struct hv *v, struct buf *out)
{
	const char *tok;
	size_t n;

	buf_reset(out);
	if (v->i >= v->n || v->s[v->i] != '"') {
		n = hv_token(v, &tok);
		buf_add(out, tok, n);
		return n ? 0 : -1;
	}
	for (v->i++; v->i < v->n; v->i++) {
		char c = v->s[v->i];

		if (c == '"') {
			v->i++;
			return 0;
		}
		if (c == '\\' && ++v->i >= v->n)
			break;
		buf_addch(out, v->s[v->i]);
	}
	return -1;
}

/* ---- the parts being read ---- */

/* A part while the body is read: its strings are offsets into strs. */
struct part_tmp {
	size_t name, filename, ctype; /* offsets; SIZE_MAX: none */
	const char *data;
	size_t len;
};

struct reader {
	const char *b;
	size_t len, i;
	char delim[4 + HTTP_MULTIPART_BOUNDARY_MAX + 1]; /* CRLF "--" b */
	size_t dlen;
	struct buf strs;  /* every part's strings, NUL-terminated */
	struct buf value; /* scratch for one parameter value */
	struct part_tmp *parts;
	size_t n;
	struct err *err;
};

/* Keeps s (n bytes) in strs; returns its offset. */
static size_t keep(struct reader *r, const char *s, size_t n)
{
	size_t at = r->strs.len;

	buf_add(&r->strs, s, n);
	buf_addch(&r->strs, '\0');
	return at;
}

static int bad(struct reader *r, const char *why)
{
	return err_set(r->err, ERR_INVALID, "%s", why);
}

/* One parameter of Content-Disposition into p (name, filename). */
static int disposition_param(struct reader *r, struct hv *v, struct part_tmp *p)
{
	const char *name;
	size_t n = hv_token(v, &name);
	size_t *slot = NULL;

	if (!n)
		return bad(r, _("Content-Disposition has a parameter without "
				"a name"));
	if (n == 4 && !strncasecmp(name, "name", 4))
		slot = &p->name;
	else if (n == 8 && !strncasecmp(name, "filename", 8))
		slot = &p->filename;
	hv_ows(v);
	if (v->i >= v->n || v->s[v->i] != '=')
		return bad(r, _("Content-Disposition has a parameter without "
				"a value"));
	v->i++;
	hv_ows(v);
	if (hv_value(v, &r->value) < 0)
		return bad(r, _("Content-Disposition has a parameter value "
				"that is neither a token nor a closed quoted "
				"string"));
	if (!slot)
		return 0; /* filename*, creation-date ...: not used */
	if (*slot != SIZE_MAX)
		return bad(r, _("Content-Disposition names a parameter twice"));
	if (!text_ok(buf_cstr(&r->value), r->value.len, false))
		return bad(r, _("a part's name or file name is not valid "
				"UTF-8 or holds control characters"));
	*slot = keep(r, buf_cstr(&r->value), r->value.len);
	return 0;
}

static int disposition(struct reader *r, const char *s, size_t n,
		       struct part_tmp *p)
{
	struct hv v = {s, n, 0};
	const char *type;
	size_t tn;

	if (p->name != SIZE_MAX)
		return bad(r, _("a part has two Content-Disposition headers"));
	tn = hv_token(&v, &type);
	if (tn != 9 || strncasecmp(type, "form-data", 9))
		return bad(r, _("a part's Content-Disposition is not "
				"form-data"));
	for (;;) {
		hv_ows(&v);
		if (v.i >= v.n)
			break;
		if (v.s[v.i] != ';')
			return bad(r, _("Content-Disposition has text where a "
					"';' should be"));
		v.i++;
		hv_ows(&v);
		if (disposition_param(r, &v, p) < 0)
			return -1;
	}
	if (p->name == SIZE_MAX || !r->strs.buf[p->name])
		return bad(r, _("a part has no field name"));
	return 0;
}

static int encoding(struct reader *r, const char *s, size_t n)
{
	static const char *const ok[] = {"7bit", "8bit", "binary"};

	for (size_t k = 0; k < 3; k++)
		if (n == strlen(ok[k]) && !strncasecmp(s, ok[k], n))
			return 0;
	return bad(r, _("a part has a Content-Transfer-Encoding other than "
			"7bit, 8bit or binary"));
}

/* One header line (without its CRLF). */
static int header_line(struct reader *r, const char *s, size_t n,
		       struct part_tmp *p)
{
	const char *colon = memchr(s, ':', n);
	size_t nlen = colon ? (size_t)(colon - s) : 0;
	const char *v;
	size_t vn;

	if (n && is_ows(s[0]))
		return bad(r, _("a part's header is folded over two lines"));
	for (size_t k = 0; k < nlen; k++)
		if (!is_tchar((unsigned char)s[k]))
			nlen = 0;
	if (!nlen)
		return bad(r, _("a part has a header line that is not "
				"\"Name: value\""));
	v = colon + 1;
	vn = n - nlen - 1;
	while (vn && is_ows(*v))
		v++, vn--;
	while (vn && is_ows(v[vn - 1]))
		vn--;
	if (nlen == 19 && !strncasecmp(s, "Content-Disposition", 19))
		return disposition(r, v, vn, p);
	if (nlen == 25 && !strncasecmp(s, "Content-Transfer-Encoding", 25))
		return encoding(r, v, vn);
	if (nlen == 12 && !strncasecmp(s, "Content-Type", 12)) {
		if (p->ctype != SIZE_MAX)
			return bad(r, _("a part has two Content-Type headers"));
		if (!text_ok(v, vn, false))
			return bad(r, _("a part's Content-Type is not valid "
					"text"));
		p->ctype = keep(r, v, vn);
	}
	return 0;
}

/* The header block from r->i up to and including its blank line. */
static int headers(struct reader *r, struct part_tmp *p)
{
	size_t start = r->i;

	for (;;) {
		size_t room = r->len - r->i;
		size_t limit = HTTP_MULTIPART_HEADER_MAX + 2 - (r->i - start);
		const char *eol;

		if (room > limit)
			room = limit;
		eol = memmem(r->b + r->i, room, "\r\n", 2);
		if (!eol) {
			if (r->i - start + room > HTTP_MULTIPART_HEADER_MAX)
				return err_set(r->err, ERR_TOO_LARGE,
					       _("a part's headers are longer "
						 "than %d bytes"),
					       HTTP_MULTIPART_HEADER_MAX);
			return bad(r, _("the body ends inside a part's "
					"headers"));
		}
		if (eol == r->b + r->i) {
			r->i += 2;
			break;
		}
		if (header_line(r, r->b + r->i, (size_t)(eol - (r->b + r->i)),
				p) < 0)
			return -1;
		r->i = (size_t)(eol - r->b) + 2;
	}
	if (p->name == SIZE_MAX)
		return bad(r, _("a part has no Content-Disposition"));
	return 0;
}

/* One part from r->i (after its delimiter line) to the next delimiter. */
static int part(struct reader *r)
{
	struct part_tmp p = {SIZE_MAX, SIZE_MAX, SIZE_MAX, NULL, 0};
	const char *end;

	if (r->n >= HTTP_MULTIPART_MAX_PARTS)
		return err_set(r->err, ERR_TOO_LARGE,
			       _("the form has more than %d parts"),
			       HTTP_MULTIPART_MAX_PARTS);
	if (headers(r, &p) < 0)
		return -1;
	end = memmem(r->b + r->i, r->len - r->i, r->delim, r->dlen);
	if (!end)
		return bad(r, _("the body ends inside a part: its closing "
				"boundary is missing"));
	p.data = r->b + r->i;
	p.len = (size_t)(end - p.data);
	r->i = (size_t)(end - r->b) + r->dlen;
	r->parts = xrealloc(r->parts, (r->n + 1) * sizeof(*r->parts));
	r->parts[r->n++] = p;
	return 0;
}

/* After a delimiter: 1 for the closing one, 0 for another part. */
static int after_delimiter(struct reader *r)
{
	if (r->len - r->i >= 2 && !memcmp(r->b + r->i, "--", 2)) {
		for (r->i += 2; r->i < r->len; r->i++)
			if (!strchr(" \t\r\n", r->b[r->i]) || !r->b[r->i])
				return bad(r, _("the body goes on after its "
						"closing boundary"));
		return 1;
	}
	while (r->i < r->len && is_ows(r->b[r->i]))
		r->i++;
	if (r->len - r->i < 2 || memcmp(r->b + r->i, "\r\n", 2))
		return bad(r, _("a boundary line does not end in CRLF"));
	r->i += 2;
	return 0;
}

static int read_all(struct reader *r, const char *boundary)
{
	size_t blen = strlen(boundary);
	int rc;

	if (!boundary_ok(boundary, blen))
		return bad(r, _("the multipart boundary is not valid"));
	memcpy(r->delim, "\r\n--", 4);
	memcpy(r->delim + 4, boundary, blen);
	r->dlen = 4 + blen;
	/* No preamble: the body starts with the first delimiter. */
	if (r->len < r->dlen - 2 || memcmp(r->b, r->delim + 2, r->dlen - 2))
		return bad(r, _("the body does not start with the multipart "
				"boundary"));
	r->i = r->dlen - 2;
	while ((rc = after_delimiter(r)) == 0)
		if (part(r) < 0)
			return -1;
	return rc < 0 ? -1 : 0;
}

/* Hands the parts and their strings over to mp. */
static void finish(struct reader *r, struct http_multipart *mp)
{
	mp->n = r->n;
	mp->parts = xcalloc(r->n ? r->n : 1, sizeof(*mp->parts));
	mp->mem = r->n ? buf_detach(&r->strs, NULL) : NULL;
	for (size_t k = 0; k < r->n; k++) {
		const struct part_tmp *t = &r->parts[k];
		struct http_part *p = &mp->parts[k];

		p->name = mp->mem + t->name;
		p->filename =
		    t->filename == SIZE_MAX ? NULL : mp->mem + t->filename;
		p->content_type =
		    t->ctype == SIZE_MAX ? NULL : mp->mem + t->ctype;
		p->data = t->data;
		p->len = t->len;
	}
}

int http_multipart_parse(const char *body, size_t len, const char *boundary,
			 struct http_multipart *mp, struct err *err)
{
	struct reader r;
	int rc;

	memset(mp, 0, sizeof(*mp));
	memset(&r, 0, sizeof(r));
	r.b = body ? body : "";
	r.len = body ? len : 0;
	r.err = err;
	buf_init(&r.strs, (size_t)-1 / 2);
	buf_init(&r.value, (size_t)-1 / 2);
	rc = read_all(&r, boundary ? boundary : "");
	if (rc == 0)
		finish(&r, mp);
	buf_release(&r.strs);
	buf_release(&r.value);
	free(r.parts);
	return rc;
}

/* ---- the Content-Type ---- */

bool http_multipart_is(const char *ct)
{
	size_t n = strlen(HTTP_MULTIPART_TYPE);

	if (!ct)
		return false;
	while (is_ows(*ct))
		ct++;
	return !strncasecmp(ct, HTTP_MULTIPART_TYPE, n) &&
	       (ct[n] == '\0' || ct[n] == ';' || is_ows(ct[n]));
}

int http_multipart_boundary(const char *ct,
			    char out[HTTP_MULTIPART_BOUNDARY_MAX + 1],
			    struct err *err)
{
	struct hv v;
	struct buf val = BUF_INIT;
	bool found = false;
	int rc = 0;

	out[0] = '\0';
	if (!http_multipart_is(ct))
		return err_set(err, ERR_MEDIA_TYPE,
			       _("An upload must be sent as %s."),
			       HTTP_MULTIPART_TYPE);
	v = (struct hv){ct, strlen(ct), 0};
	hv_ows(&v);
	v.i += strlen(HTTP_MULTIPART_TYPE);
	while (rc == 0) {
		const char *name;
		size_t n;

		hv_ows(&v);
		if (v.i >= v.n)
			break;
		if (v.s[v.i] != ';') {
			rc = err_set(err, ERR_INVALID,
				     _("The Content-Type is malformed."));
			break;
		}
		v.i++;
		hv_ows(&v);
		n = hv_token(&v, &name);
		hv_ows(&v);
		if (!n || v.i >= v.n || v.s[v.i] != '=') {
			rc = err_set(err, ERR_INVALID,
				     _("The Content-Type is malformed."));
			break;
		}
		v.i++;
		hv_ows(&v);
		if (hv_value(&v, &val) < 0)
			rc = err_set(err, ERR_INVALID,
				     _("The Content-Type is malformed."));
		else if (n == 8 && !strncasecmp(name, "boundary", 8)) {
			if (found || !boundary_ok(buf_cstr(&val), val.len))
				rc = err_set(err, ERR_INVALID,
					     _("The multipart boundary is "
					       "missing or not valid."));
			else
				memcpy(out, buf_cstr(&val), val.len + 1);
			found = true;
		}
	}
	buf_release(&val);
	if (rc == 0 && !found)
		rc = err_set(err, ERR_INVALID,
			     _("The multipart boundary is missing or not "
			       "valid."));
	return rc;
}

int http_multipart_from_request(const struct http_request *req,
				struct http_multipart *mp, struct err *err)
{
	char boundary[HTTP_MULTIPART_BOUNDARY_MAX + 1];

	memset(mp, 0, sizeof(*mp));
	if (http_multipart_boundary(http_header(req, "Content-Type"), boundary,
				    err) < 0)
		return -1;
	return http_multipart_parse(req->body, req->body_len, boundary, mp,
				    err);
}

/* ---- reading the parts ---- */

const struct http_part *http_multipart_get(const struct http_multipart *mp,
					   const char *name)
{
	for (size_t k = 0; k < mp->n; k++)
		if (!strcmp(mp->parts[k].name, name))
			return &mp->parts[k];
	return NULL;
}

int http_multipart_form(const struct http_multipart *mp, struct http_form *f,
			struct err *err)
{
	size_t size = 0, n = 0;
	char *at;

	memset(f, 0, sizeof(*f));
	for (size_t k = 0; k < mp->n; k++) {
		const struct http_part *p = &mp->parts[k];

		if (p->filename)
			continue;
		if (!text_ok(p->data, p->len, true))
			return err_set(err, ERR_INVALID,
				       _("The form holds text that is not "
					 "valid UTF-8 or has control "
					 "characters."));
		size += strlen(p->name) + p->len + 2;
		n++;
	}
	f->fields = xcalloc(n ? n : 1, sizeof(*f->fields));
	f->mem = at = xmalloc(size ? size : 1);
	for (size_t k = 0; k < mp->n; k++) {
		const struct http_part *p = &mp->parts[k];
		size_t nl = strlen(p->name);

		if (p->filename)
			continue;
		memcpy(at, p->name, nl + 1);
		f->fields[f->n].name = at;
		at += nl + 1;
		memcpy(at, p->data, p->len);
		at[p->len] = '\0';
		f->fields[f->n].value = at;
		at += p->len + 1;
		f->n++;
	}
	return 0;
}

void http_multipart_release(struct http_multipart *mp)
{
	free(mp->parts);
	free(mp->mem);
	memset(mp, 0, sizeof(*mp));
}
