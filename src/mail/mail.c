/*
 * mail/mail.c: one plain-text UTF-8 message over SMTP with libcurl (see
 * mail.h). It builds the message itself - headers, RFC 2047 encoded-words
 * for a non-ASCII subject, CRLF line ends - and hands it to libcurl, which
 * speaks SMTP (and escapes lines that start with a dot).
 *
 * What it must not do: let a value break out of its header. Addresses and
 * the subject with CR or LF (or other controls) are refused, which is what
 * stops header injection; the body is only ever body. It never logs the
 * message or the SMTP password. Owns nothing past the call.
 */
#include "mail/mail.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/parse.h"

#define MAIL_TIMEOUT_S 10
#define MAIL_ADDRESS_MAX 254
#define MAIL_SUBJECT_MAX 998	/* one header line, RFC 5322 2.1.1 */
#define MAIL_BODY_MAX ((size_t)1 << 20)
/* Bytes of UTF-8 per encoded-word: 45 bytes are 60 base64 characters,
 * and "=?UTF-8?B?" + 60 + "?=" stays within RFC 2047's 75. */
#define MAIL_WORD_BYTES 45
/* Longest body line we send; RFC 5321 allows 998 before the CRLF. */
#define MAIL_LINE_MAX 900

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	/* Not thread-safe in older libcurl: done once, before any use. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* local@domain, with nothing that could end or fold a header. */
static bool address_ok(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;
	size_t n = a ? strlen(a) : 0;

	if (!at || at == a || !at[1] || strchr(at + 1, '@') ||
	    n > MAIL_ADDRESS_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];

		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
	}
	return true;
}

/* Valid UTF-8 without control characters (CR and LF above all). */
static bool subject_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = s ? strlen(s) : 0, k;
	uint32_t cp;

	if (!s || left > MAIL_SUBJECT_MAX)
		return false;
	while (left) {
		k = parse_utf8_char(p, left, &cp);
		if (!k || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += k;
		left -= k;
	}
	return true;
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* Bytes of s from the start that make whole UTF-8 characters, <= max. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	/* Back off continuation bytes (10xxxxxx) so no character splits. */
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* The Subject header value: as is when short ASCII, else encoded-words
 * (RFC 2047 "B"), folded one word per line. */
static void add_subject(struct buf *b, const char *s)
{
	char word[2 * MAIL_WORD_BYTES];
	size_t len = strlen(s), n;

	if (plain_ascii(s) && len <= 70) {
		buf_addstr(b, s);
		return;
	}
	while (len) {
		n = utf8_cut(s, len, MAIL_WORD_BYTES);
		sodium_bin2base64(word, sizeof(word), (const unsigned char *)s,
				  n, sodium_base64_VARIANT_ORIGINAL);
		buf_addf(b, "=?UTF-8?B?%s?=", word);
		s += n;
		len -= n;
		if (len)
			buf_addstr(b, "\r\n ");
	}
}

/* RFC 5322 date in English whatever the locale, in UTC. */
static void add_date(struct buf *b, time_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&now, &tm);
	buf_addf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void add_message_id(struct buf *b, const char *from, time_t now)
{
	unsigned char raw[12];
	char hex[2 * sizeof(raw) + 1];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	buf_addf(b, "Message-ID: <%lld.%s@%s>\r\n", (long long)now, hex,
		 strchr(from, '@') + 1);
}

/* The body with CRLF line ends and no line longer than MAIL_LINE_MAX. */
static void add_body(struct buf *b, const char *s)
{
	size_t col = 0, n;

	while (*s) {
		if (*s == '\r' || *s == '\n') {
			s += (s[0] == '\r' && s[1] == '\n') ? 2 : 1;
			buf_addstr(b, "\r\n");
			col = 0;
			continue;
		}
		n = strcspn(s, "\r\n");
		if (col + n > MAIL_LINE_MAX) {
			n = utf8_cut(s, n, MAIL_LINE_MAX - col);
			buf_add(b, s, n);
			buf_addstr(b, "\r\n");
			col = 0;
		} else {
			buf_add(b, s, n);
			col += n;
		}
		s += n;
	}
	if (col)
		buf_addstr(b, "\r\n");
}

static void build(struct buf *b, const struct config *cfg,
		  const struct mail_message *m)
{
	time_t now = time(NULL);

	add_date(b, now);
	buf_addf(b, "From: %s\r\nTo: %s\r\nSubject: ", cfg->mail_from, m->to);
	add_subject(b, m->subject);
	buf_addstr(b, "\r\n");
	add_message_id(b, cfg->mail_from, now);
	buf_addstr(b, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: 8bit\r\n\r\n");
	add_body(b, m->body);
}

static int check(const struct config *cfg, const struct mail_message *m,
		 struct err *err)
{
	if (!cfg->smtp_url || !*cfg->smtp_url)
		return err_set(err, ERR_INVALID,
			       _("e-mail is not configured: set "
				 "VEIKART_SMTP_URL (such as "
				 "smtp://localhost:25)"));
	if (!address_ok(cfg->mail_from))
		return err_set(err, ERR_INVALID,
			       _("VEIKART_MAIL_FROM is not an e-mail address"));
	if (!address_ok(m->to))
		return err_set(err, ERR_INVALID,
			       _("the recipient is not a valid e-mail "
				 "address"));
	if (!subject_ok(m->subject))
		return err_set(err, ERR_INVALID,
			       _("the subject must be one line of text"));
	if (!m->body || strlen(m->body) > MAIL_BODY_MAX)
		return err_set(err, ERR_INVALID, _("the body is too large"));
	if (sodium_init() < 0)
		return err_set(err, ERR_INTERNAL, _("no source of randomness"));
	return 0;
}

struct payload {
	const char *data;
	size_t len, off;
};

static size_t read_payload(char *out, size_t size, size_t nmemb, void *arg)
{
	struct payload *p = arg;
	size_t n = p->len - p->off;

	if (n > size * nmemb)
		n = size * nmemb;
	memcpy(out, p->data + p->off, n);
	p->off += n;
	return n;
}

static void set_options(CURL *c, const struct config *cfg,
			struct curl_slist *rcpt, struct payload *p,
			char *errbuf, char *from)
{
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 CURLPROTO_SMTP | CURLPROTO_SMTPS);
#endif
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_payload);
	curl_easy_setopt(c, CURLOPT_READDATA, p);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)MAIL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_S);
	if (cfg->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
				 cfg->smtp_password ? cfg->smtp_password : "");
	}
	/* A password never crosses the network in clear: with a login,
	 * smtp:// must upgrade with STARTTLS; without one, TLS when offered. */
	curl_easy_setopt(c, CURLOPT_USE_SSL,
			 cfg->smtp_user ? (long)CURLUSESSL_ALL
					: (long)CURLUSESSL_TRY);
}

int mail_send(const struct config *cfg, const struct mail_message *m,
	      struct err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", from[MAIL_ADDRESS_MAX + 3],
	     to[MAIL_ADDRESS_MAX + 3], quoted[PARSE_QUOTE_MAX];
	struct curl_slist *rcpt = NULL;
	struct buf msg = BUF_INIT;
	struct payload p;
	CURLcode rc;
	CURL *c;

	if (check(cfg, m, err) < 0)
		return -1;
	pthread_once(&curl_once, curl_start);
	c = curl_easy_init();
	if (!c)
		return err_set(err, ERR_INTERNAL, _("cannot start libcurl"));
	snprintf(from, sizeof(from), "<%s>", cfg->mail_from);
	snprintf(to, sizeof(to), "<%s>", m->to);
	rcpt = curl_slist_append(NULL, to);
	build(&msg, cfg, m);
	p = (struct payload){ buf_cstr(&msg), msg.len, 0 };
	set_options(c, cfg, rcpt, &p, errbuf, from);
	rc = curl_easy_perform(c);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_release(&msg);
	if (rc == CURLE_OK)
		return 0;
	/* libcurl's text may carry what the server said: quoted, so that it
	 * cannot forge or break a log line. */
	parse_quote(errbuf[0] ? errbuf : curl_easy_strerror(rc), quoted);
	log_warn("event=smtp_failed code=%d msg=\"%s\"", (int)rc, quoted);
	return err_set(err, ERR_IO,
		       _("the mail server did not take the message: %s"),
		       errbuf[0] ? errbuf : curl_easy_strerror(rc));
}
