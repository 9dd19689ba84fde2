/*
 * mail/mail.h: sending e-mail over SMTP (libcurl). An adapter to the world
 * outside, at the bottom of the layers beside store/: service/ calls it,
 * nothing below service/ does. Plain text, UTF-8.
 */
#ifndef VEIKART_MAIL_MAIL_H
#define VEIKART_MAIL_MAIL_H

#include "util/config.h"
#include "util/err.h"

struct mail_message {
	const char *to;		/* one address */
	const char *subject;	/* UTF-8; encoded as RFC 2047 when needed */
	const char *body;	/* UTF-8 plain text */
};

/*
 * Sends one message through cfg->smtp_url. ERR_INVALID when e-mail is not
 * configured (VEIKART_SMTP_URL unset) or an address is malformed; ERR_IO
 * when the server cannot be reached or refuses.
 */
int mail_send(const struct config *cfg, const struct mail_message *m,
	      struct err *err);

#endif
