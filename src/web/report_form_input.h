/*
 * web/report_form_input.h: the fields of the status report form
 * (web/page_report_form.c) read from a posted form and checked, with a
 * message in the page's language tied to each wrong field, and turned
 * into the JSON body service/report.h takes. The service checks again;
 * its problems are mapped back onto the same fields.
 *
 * The rules are the service's (service/report.c, model/entity.c): status
 * from the vocabulary of model/status.h, progress a whole number 0-100,
 * texts at most LIMIT_TEXT_BYTES, links http(s) with a title of at most
 * LIMIT_TITLE_BYTES. Submitting also needs a status (for a status report),
 * what was done, and a progress unless the status gives one or an earlier
 * approved report does.
 *
 * Ownership: a report_input owns its texts (cleaned copies: CRLF made LF)
 * and `links`; report_input_release frees them. `status` is borrowed from
 * the form.
 */
#ifndef VEIKART_WEB_REPORT_FORM_INPUT_H
#define VEIKART_WEB_REPORT_FORM_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/problems.h"
#include "web/form_view.h"

/* The free-text fields, in form order (NULL-terminated). */
extern const char *const report_input_texts[];
#define REPORT_INPUT_NTEXTS 5
/* At most this many links. */
#define REPORT_INPUT_LINKS_MAX 50

struct report_input {
	const char *status; /* NULL when none was chosen */
	bool has_progress;
	int64_t progress;
	const char *text[REPORT_INPUT_NTEXTS]; /* NULL when blank */
	json_t *links;			       /* [{url, title?}] or NULL */
};

/* What the rules depend on besides the form. */
struct report_input_rules {
	bool submit;	  /* "Send inn" rather than "Lagre utkast" */
	bool status_kind; /* a status report, not a contribution note */
	bool has_previous_progress; /* an earlier approved progress */
};

/* Reads the form into *in and adds a message to fs for each wrong
 * field; the caller checks form_has_errors(fs). */
void report_input_read(struct page *pg, const struct http_form *f,
		       const struct report_input_rules *rules,
		       struct report_input *in, struct form_state *fs);
void report_input_release(struct report_input *in);

/*
 * The body for service_report_create (patch false: only what was given)
 * or the merge patch for service_report_update (patch true: null clears
 * a field left empty). A new reference.
 */
json_t *report_input_json(const struct report_input *in, bool patch);

/* The stored links as the links field shows them: "url title" a line. */
void report_input_links_text(json_t *links, struct buf *out);

/* The service's problems (field names such as "progress", "links[2]")
 * as messages on the form's fields; anything else on `other`. */
void report_input_problems(struct page *pg, const struct problems *probs,
			   struct form_state *fs, const char *other);

#endif
