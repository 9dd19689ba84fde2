/*
 * util/config.h: settings read once at start-up, before any thread runs,
 * and read-only after (the one kind of global house style allows). Values
 * come from the environment; commands may override them with flags.
 *
 *   VEIKART_BASE_URL       public address used in e-mailed links
 *                          (default http://127.0.0.1:8080)
 *   VEIKART_SMTP_URL       smtp://host:port or smtps://host:port; unset:
 *                          no e-mail is sent and commands that must send
 *                          say so
 *   VEIKART_MAIL_FROM      sender address (default veikart@localhost)
 *   VEIKART_SMTP_USER, VEIKART_SMTP_PASSWORD   optional SMTP login
 *   VEIKART_SECURE_COOKIES 1 when served behind TLS: cookies get Secure
 *   VEIKART_SESSION_IDLE   idle timeout of a session in seconds (3600)
 *   VEIKART_SESSION_MAX    absolute lifetime of a session in seconds (43200)
 *   VEIKART_OPERATOR_NAME, VEIKART_OPERATOR_ORGNR  who runs this
 *                          installation (open-data metadata)
 */
#ifndef VEIKART_UTIL_CONFIG_H
#define VEIKART_UTIL_CONFIG_H

#include <stdbool.h>

struct config {
	const char *base_url;
	const char *smtp_url;	/* NULL: e-mail off */
	const char *mail_from;
	const char *smtp_user, *smtp_password;
	bool secure_cookies;
	long session_idle_s;
	long session_max_s;
	const char *operator_name, *operator_orgnr;
};

/* Fills *c from the environment (strings borrowed from environ). */
void config_from_env(struct config *c);

/* The process's configuration, set once by cli/main.c. */
const struct config *config_get(void);
void config_set(const struct config *c);

#endif
