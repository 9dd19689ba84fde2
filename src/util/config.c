/*
 * util/config.c: settings from the environment. Set before threads start;
 * read-only afterwards.
 */
#include "util/config.h"

#include <stdlib.h>
#include <string.h>

static const struct config *current;

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

static long env_long(const char *name, long dflt, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	n = strtol(v, &end, 10);
	if (*end || n < min || n > max)
		return dflt;
	return n;
}

void config_from_env(struct config *c)
{
	c->base_url = env_or("VEIKART_BASE_URL", "http://127.0.0.1:8080");
	c->smtp_url = env_or("VEIKART_SMTP_URL", NULL);
	c->mail_from = env_or("VEIKART_MAIL_FROM", "veikart@localhost");
	c->smtp_user = env_or("VEIKART_SMTP_USER", NULL);
	c->smtp_password = env_or("VEIKART_SMTP_PASSWORD", NULL);
	c->secure_cookies = !strcmp(env_or("VEIKART_SECURE_COOKIES", "0"), "1");
	c->session_idle_s = env_long("VEIKART_SESSION_IDLE", 3600, 60, 86400);
	c->session_max_s = env_long("VEIKART_SESSION_MAX", 43200, 300,
				    30L * 86400);
	c->operator_name = env_or("VEIKART_OPERATOR_NAME", NULL);
	c->operator_orgnr = env_or("VEIKART_OPERATOR_ORGNR", NULL);
}

const struct config *config_get(void)
{
	static struct config fallback;
	static int ready;

	/* Tests that never call config_set still get the defaults. */
	if (!current) {
		if (!ready) {
			config_from_env(&fallback);
			ready = 1;
		}
		return &fallback;
	}
	return current;
}

void config_set(const struct config *c)
{
	current = c;
}
