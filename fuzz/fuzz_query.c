/*
 * fuzz/fuzz_query.c: libFuzzer target for the request-target decoding in
 * http/request.h. The input is used three ways: split by libevent exactly as
 * a request line's target is (then decoded as http_request_parse does), fed
 * raw to http_pct_decode with and without '+' as space, and fed raw to
 * http_query_parse. What is accepted is cross-checked against a second
 * reading: the query is split and each piece decoded on its own, and every
 * decoded string must survive encode -> decode unchanged and hold no NUL
 * before its end. The scratch block is sized as request.h says, so its
 * assert catches any piece that takes more than promised.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "http/request.h"
#include "model/value.h"

/*
 * out must hold n decoded bytes, n <= len, with the NUL right after them
 * and, when the input held no raw NUL (callers pass C strings), none before.
 */
static void check_decoded(const char *in, size_t len, const char *out, long n)
{
	if (n < 0)
		return;
	if ((size_t)n > len || out[n] != '\0')
		abort();
	if (!memchr(in, '\0', len) && strlen(out) != (size_t)n)
		abort();
}

/* Every decoded byte, percent-encoded, must decode back to itself. */
static void check_round_trip(const char *dec, size_t n, bool plus)
{
	static const char hex[] = "0123456789ABCDEF";
	char *enc = malloc(3 * n + 1), *again = malloc(3 * n + 1);
	size_t i, o = 0;

	if (!enc || !again)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)dec[i];

		enc[o++] = '%';
		enc[o++] = hex[c >> 4];
		enc[o++] = hex[c & 15];
	}
	if (http_pct_decode(enc, o, plus, again) != (long)n ||
	    memcmp(again, dec, n) != 0)
		abort();
	free(enc);
	free(again);
}

static void check_error(const struct err *e)
{
	if (e->code != ERR_INVALID ||
	    value_check_text(e->msg, ERR_MSG_MAX, NULL) != 0)
		abort();
}

/*
 * The second reading of http_query_parse: how many non-empty pieces, and
 * whether each decodes on its own. Then, when the parse succeeded, each
 * parameter must equal its piece decoded separately.
 */
static void check_query(const char *q)
{
	struct http_scratch s = HTTP_SCRATCH_INIT;
	struct http_request req;
	struct err e = ERR_INIT;
	size_t qlen = strlen(q), pieces = 0, len;
	char *name = malloc(qlen + 1), *value = malloc(qlen + 1);
	bool bad = false;
	const char *p;
	int rc;

	if (!name || !value)
		abort();
	memset(&req, 0, sizeof(req));
	http_scratch_reserve(&s, 2 * qlen + 2 * HTTP_MAX_PARAMS);
	rc = http_query_parse(q, &req, &s, &e);
	if (req.nparams > HTTP_MAX_PARAMS)
		abort();
	for (p = q; *p; p += len + (p[len] == '&')) {
		const char *eq;
		size_t nlen;

		len = strcspn(p, "&");
		if (!len)
			continue;
		eq = memchr(p, '=', len);
		nlen = eq ? (size_t)(eq - p) : len;
		if (http_pct_decode(p, nlen, true, name) < 0 ||
		    http_pct_decode(eq ? eq + 1 : "", eq ? len - nlen - 1 : 0,
				    true, value) < 0)
			bad = true;
		if (!bad && rc == 0 &&
		    (pieces >= req.nparams ||
		     strcmp(req.params[pieces].name, name) != 0 ||
		     strcmp(req.params[pieces].value, value) != 0))
			abort();
		pieces++;
	}
	if (rc == 0 &&
	    (bad || pieces > HTTP_MAX_PARAMS || pieces != req.nparams))
		abort();
	if (rc != 0 && !bad && pieces <= HTTP_MAX_PARAMS)
		abort();
	if (rc != 0)
		check_error(&e);
	http_scratch_release(&s);
	free(name);
	free(value);
}

/* What http_request_parse does with the target once libevent split it. */
static void check_target(const char *target)
{
	struct evhttp_uri *uri =
		evhttp_uri_parse_with_flags(target, EVHTTP_URI_NONCONFORMANT);
	struct http_scratch s = HTTP_SCRATCH_INIT;
	struct http_request req;
	struct err e = ERR_INIT;
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	size_t ulen = strlen(target);
	char *dpath;
	long n;

	memset(&req, 0, sizeof(req));
	if (!path || path[0] != '/')
		goto done;
	/* Decoded strings must fit in what http_request_parse reserves. */
	if (strlen(path) > ulen || (query && strlen(query) > ulen))
		abort();
	http_scratch_reserve(&s, 2 * ulen + 2 * HTTP_MAX_PARAMS +
				     HTTP_MAX_PATH_PARAMS + 16);
	dpath = s.mem;
	s.used = strlen(path) + 1;
	n = http_pct_decode(path, strlen(path), false, dpath);
	check_decoded(path, strlen(path), dpath, n);
	if (n < 0)
		goto done;
	if (http_query_parse(query, &req, &s, &e) < 0)
		check_error(&e);
	if (req.nparams > HTTP_MAX_PARAMS || s.used > s.size)
		abort();
done:
	http_scratch_release(&s);
	if (uri)
		evhttp_uri_free(uri);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *out = malloc(size + 1);
	long n;
	int plus;

	if (!s || !out)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	for (plus = 0; plus <= 1; plus++) {
		/* Raw bytes, NULs included: the length bounds the input. */
		n = http_pct_decode(s, size, plus, out);
		check_decoded(s, size, out, n);
		if (n >= 0 && strlen(out) == (size_t)n)	/* "%00" is refused */
			check_round_trip(out, (size_t)n, plus);
	}
	check_query(s);
	check_target(s);
	free(s);
	free(out);
	return 0;
}
