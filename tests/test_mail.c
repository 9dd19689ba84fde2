/*
 * tests/test_mail.c: mail/mail.c against a real SMTP server: aiosmtpd
 * (Debian's python3-aiosmtpd, run by the system Python) on a free loopback
 * port, which writes each message it receives to a file. Checks the bytes
 * that arrive: headers, the RFC 2047 subject, the UTF-8 body, and that
 * header injection and bad configuration are refused before anything is
 * sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail/mail.h"

#define PYTHON "/usr/bin/python3"	/* the one with python3-aiosmtpd */

/* Writes each message as NNN.eml (raw bytes) and NNN.env (MAIL FROM and
 * RCPT TO), renamed into place so a reader never sees half a file. */
static const char sink_py[] =
	"import os, sys, time\n"
	"from aiosmtpd.controller import Controller\n"
	"out = sys.argv[2]\n"
	"class Sink:\n"
	"    async def handle_DATA(self, server, session, envelope):\n"
	"        n = len([f for f in os.listdir(out) if f.endswith('.eml')])\n"
	"        base = os.path.join(out, '%03d' % n)\n"
	"        data = envelope.original_content or envelope.content\n"
	"        with open(base + '.env', 'w') as f:\n"
	"            f.write(envelope.mail_from + '\\n' + "
	"'\\n'.join(envelope.rcpt_tos) + '\\n')\n"
	"        with open(base + '.tmp', 'wb') as f:\n"
	"            f.write(data)\n"
	"        os.rename(base + '.tmp', base + '.eml')\n"
	"        return '250 OK'\n"
	"c = Controller(Sink(), hostname='127.0.0.1', port=int(sys.argv[1]))\n"
	"c.start()\n"
	"open(os.path.join(out, 'ready'), 'w').close()\n"
	"while True:\n"
	"    time.sleep(1)\n";

struct sink {
	char dir[64];
	char url[64];
	pid_t pid;
};

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(s);
	return port;
}

static bool exists(const char *dir, const char *name)
{
	char path[128];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0;
}

static bool wait_for(const char *dir, const char *name)
{
	for (int i = 0; i < 200; i++) {
		if (exists(dir, name))
			return true;
		usleep(50 * 1000);
	}
	return false;
}

static int sink_start(void **state)
{
	struct sink *s = calloc(1, sizeof(*s));
	char script[128], port[16];
	FILE *f;
	int p = free_port();

	snprintf(s->dir, sizeof(s->dir), "/tmp/veikart-mail-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(script, sizeof(script), "%s/sink.py", s->dir);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs(sink_py, f);
	fclose(f);
	snprintf(port, sizeof(port), "%d", p);
	snprintf(s->url, sizeof(s->url), "smtp://127.0.0.1:%d", p);
	s->pid = fork();
	if (s->pid == 0) {
		execl(PYTHON, PYTHON, script, port, s->dir, (char *)NULL);
		_exit(127);
	}
	if (!wait_for(s->dir, "ready"))
		fail_msg("the SMTP sink did not start (is python3-aiosmtpd "
			 "installed for %s?)",
			 PYTHON);
	*state = s;
	return 0;
}

static int sink_stop(void **state)
{
	struct sink *s = *state;
	char cmd[128];

	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
	free(s);
	return 0;
}

/* The whole of dir/name (caller frees). */
static char *slurp(const char *dir, const char *name)
{
	char path[128], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static struct config config_for(const struct sink *s)
{
	struct config c;

	memset(&c, 0, sizeof(c));
	c.smtp_url = s ? s->url : NULL;
	c.mail_from = "veikart@localhost";
	c.base_url = "http://127.0.0.1:8080";
	return c;
}

static void test_message_arrives_intact(void **state)
{
	struct sink *s = *state;
	struct config c = config_for(s);
	struct mail_message m = {
		"kari@example.no", "Tertialrapport for 2025-T2 — æøå",
		"Hei Kari,\n\nTertialrapport for 2025-T2 — æøå\n.\n"
		".en linje med punktum først\nSiste linje"
	};
	struct err err = ERR_INIT;
	char *msg, *env, *body;

	if (mail_send(&c, &m, &err) < 0)
		fail_msg("mail_send: %s", err.msg);
	assert_true(wait_for(s->dir, "000.eml"));
	msg = slurp(s->dir, "000.eml");
	env = slurp(s->dir, "000.env");
	assert_string_equal(env, "veikart@localhost\nkari@example.no\n");
	assert_non_null(strstr(msg, "From: veikart@localhost\r\n"));
	assert_non_null(strstr(msg, "To: kari@example.no\r\n"));
	assert_true(!strncmp(msg, "Date: ", 6) || strstr(msg, "\r\nDate: "));
	assert_non_null(strstr(msg, " +0000\r\n"));
	assert_non_null(strstr(msg, "Message-ID: <"));
	assert_non_null(strstr(msg, "@localhost>\r\n"));
	assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; "
				    "charset=UTF-8\r\n"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: 8bit\r\n"));
	/* RFC 2047: base64 of the UTF-8 subject, in words. */
	assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
	assert_null(strstr(msg, "Subject: Tertialrapport"));
	body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	/* The body as sent, CRLF line ends, dots unstuffed by the server. */
	assert_string_equal(body + 4,
			    "Hei Kari,\r\n\r\nTertialrapport for 2025-T2 — "
			    "æøå\r\n.\r\n.en linje med punktum først\r\n"
			    "Siste linje\r\n");
	free(msg);
	free(env);
}

/* Decodes the encoded-words of the Subject header back to UTF-8. */
static void test_subject_decodes(void **state)
{
	struct sink *s = *state;
	struct config c = config_for(s);
	static const char subject[] =
		"Påminnelse: rapporten for 2025-T2 mangler — frist 15. "
		"oktober, ærbødigst Koordineringssekretariatet";
	struct mail_message m = { "ola@example.no", subject, "x" };
	char *msg, *p, out[512] = "";
	size_t used = 0, len;

	assert_int_equal(mail_send(&c, &m, NULL), 0);
	assert_true(wait_for(s->dir, "000.eml"));
	msg = slurp(s->dir, "000.eml");
	p = strstr(msg, "Subject: ");
	assert_non_null(p);
	while ((p = strstr(p, "=?UTF-8?B?")) && p < strstr(msg, "MIME")) {
		char *end = strstr(p + 10, "?=");

		assert_non_null(end);
		assert_true(end - p <= 75);
		assert_int_equal(
		    sodium_base642bin((unsigned char *)out + used,
				      sizeof(out) - used, p + 10,
				      (size_t)(end - p - 10), NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL),
		    0);
		used += len;
		p = end;
	}
	out[used] = '\0';
	assert_string_equal(out, subject);
	free(msg);
}

static void test_plain_ascii_subject(void **state)
{
	struct sink *s = *state;
	struct config c = config_for(s);
	struct mail_message m = { "ola@example.no", "Invitation", "Hello" };
	char *msg;

	assert_int_equal(mail_send(&c, &m, NULL), 0);
	assert_true(wait_for(s->dir, "000.eml"));
	msg = slurp(s->dir, "000.eml");
	assert_non_null(strstr(msg, "Subject: Invitation\r\n"));
	free(msg);
}

static void test_header_injection_refused(void **state)
{
	struct sink *s = *state;
	struct config c = config_for(s);
	struct mail_message m = { "kari@example.no\r\nBcc: all@example.no",
				  "Hei", "x" };
	struct err err = ERR_INIT;

	assert_int_equal(mail_send(&c, &m, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	m.to = "kari@example.no";
	m.subject = "Hei\r\nBcc: all@example.no";
	assert_int_equal(mail_send(&c, &m, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	m.subject = "Hei\nX: y";
	assert_int_equal(mail_send(&c, &m, &err), -1);
	m.subject = "Hei";
	m.to = "<kari@example.no>";
	assert_int_equal(mail_send(&c, &m, &err), -1);
	m.to = "kari@example.no, per@example.no";
	assert_int_equal(mail_send(&c, &m, &err), -1);
	c.mail_from = "veikart@localhost\r\nBcc: x@y.no";
	m.to = "kari@example.no";
	assert_int_equal(mail_send(&c, &m, &err), -1);
	usleep(200 * 1000);
	assert_false(exists(s->dir, "000.eml"));
}

static void test_not_configured(void **state)
{
	struct config c = config_for(NULL);
	struct mail_message m = { "kari@example.no", "Hei", "x" };
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(mail_send(&c, &m, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_non_null(strstr(err.msg, "VEIKART_SMTP_URL"));
}

static void test_server_down_is_io_error(void **state)
{
	struct config c = config_for(NULL);
	struct mail_message m = { "kari@example.no", "Hei", "x" };
	struct err err = ERR_INIT;
	char url[64];
	time_t t0 = time(NULL);

	(void)state;
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", free_port());
	c.smtp_url = url;
	assert_int_equal(mail_send(&c, &m, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_true(time(NULL) - t0 <= 11);
	/* Only SMTP: a URL of another scheme is not fetched. */
	c.smtp_url = "file:///etc/passwd";
	assert_int_equal(mail_send(&c, &m, &err), -1);
}

int main(void)
{
#define S(f) cmocka_unit_test_setup_teardown(f, sink_start, sink_stop)
	const struct CMUnitTest tests[] = {
		S(test_message_arrives_intact),
		S(test_subject_decodes),
		S(test_plain_ascii_subject),
		S(test_header_injection_refused),
		cmocka_unit_test(test_not_configured),
		cmocka_unit_test(test_server_down_is_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
