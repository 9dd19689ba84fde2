/*
 * web/form_view.h: HTML forms of the workspace in Designsystemet markup - the
 * form element with the session's CSRF token, the error summary, and
 * fields with their label, help text and validation message tied to the
 * input (aria-describedby, aria-invalid).
 *
 * A page that handles a post collects what is wrong into a struct
 * form_state (messages already in the page's language, from the catalog)
 * and renders the form again with fs->in set to the posted form, so every
 * field shows what the user typed. Field ids are "f-<name>"; the error
 * summary links to them and takes the focus when the page loads.
 *
 * Ownership: everything is borrowed; a form_state holds copies of its
 * messages.
 */
#ifndef VEIKART_WEB_FORM_VIEW_H
#define VEIKART_WEB_FORM_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "http/form.h"
#include "web/page.h"

#define FORM_MAX_ERRORS 32
#define FORM_NAME_MAX 64
#define FORM_MSG_MAX 300

struct form_error {
	char field[FORM_NAME_MAX];
	char msg[FORM_MSG_MAX];
};

struct form_state {
	/* The posted form whose values are shown again, or NULL: then each
	 * field shows its `value`. */
	const struct http_form *in;
	struct form_error errors[FORM_MAX_ERRORS];
	size_t nerrors;
};

/* Adds a message for `field` (the first per field counts; past
 * FORM_MAX_ERRORS further ones are dropped). */
void form_error(struct form_state *fs, const char *field, const char *msg);
/* form_error with a catalog key in the page's language. */
void form_error_key(struct page *pg, struct form_state *fs,
		    const char *field, const char *key);
/* The message for field, or NULL. */
const char *form_error_of(const struct form_state *fs, const char *field);
#define form_has_errors(fs) ((fs)->nerrors > 0)

/*
 * <form method="post" action="/{lang}{path}{id}" novalidate> and, when
 * signed in, the hidden csrf_token field. novalidate: the server checks
 * and its messages are the ones shown, in the page's language.
 */
void form_begin(struct page *pg, const char *path, const char *id);
void form_end(struct page *pg);

/* The error summary (nothing when fs has no errors): a heading and one
 * link per wrong field, focused when the page loads. */
void form_error_summary(struct page *pg, const struct form_state *fs);

/* One field. */
struct form_field {
	const char *name;	/* the form field name, also the id f-<name> */
	const char *label_key;	/* catalog key of the label */
	const char *help_key;	/* catalog key of a description, or NULL */
	const char *value;	/* shown when fs->in is NULL; NULL is "" */
	bool required;		/* marks the label; the server checks it */
	int maxlength;		/* 0: none */
	const char *type;	/* input type: "text" (NULL), "date", "number",
				   "email", "password", "url" */
	const char *autocomplete;	/* or NULL */
};

void form_input(struct page *pg, const struct form_state *fs,
		const struct form_field *f);
void form_textarea(struct page *pg, const struct form_state *fs,
		   const struct form_field *f, int rows);

/* A choice: its value and its label (plain text, escaped here). */
struct form_option {
	const char *value;
	const char *label;
};

/* A <select> with one option per entry; the selected one is the posted
 * or the given value. */
void form_select(struct page *pg, const struct form_state *fs,
		 const struct form_field *f, const struct form_option *opts,
		 size_t n);
/* Radio buttons in a fieldset whose legend is the label. */
void form_radios(struct page *pg, const struct form_state *fs,
		 const struct form_field *f, const struct form_option *opts,
		 size_t n);
/*
 * Checkboxes in a fieldset, all named f->name; a box is checked when its
 * value is among the posted values (fs->in) or in `checked` (NULL-
 * terminated, may be NULL) when nothing was posted.
 */
void form_checkboxes(struct page *pg, const struct form_state *fs,
		     const struct form_field *f,
		     const struct form_option *opts, size_t n,
		     const char *const *checked);

/* <input type="hidden">. */
void form_hidden(struct page *pg, const char *name, const char *value);
/* A submit button with a catalog label; name/value (may be NULL) say
 * which button was pressed ("action=submit"). */
void form_button(struct page *pg, const char *label_key, const char *name,
		 const char *value, bool primary);

/* The validation message of field `name` (id f-<name>-error, which the
 * control's aria-describedby names); nothing when msg is NULL. */
void form_field_error(struct page *pg, const char *name, const char *msg);

/*
 * A filter of a GET form: a labelled <select> with the id filter-<name>,
 * its options and its end. An option's lang (NULL: the page's) is set when
 * its label is in another language than the page.
 */
void form_filter_begin(struct page *pg, const char *name,
		       const char *label_key);
void form_filter_option(struct page *pg, const char *value, bool selected,
			const char *label, const char *lang);
void form_filter_end(struct page *pg);

/* A paragraph with a link away from a form without sending it ("Cancel"):
 * to path, labelled by the catalog text `key`. */
void form_leave_link(struct page *pg, const char *path, const char *key);

/* A success message (Designsystemet alert, role status) with a catalog
 * text, for the page a change redirected to. */
void form_notice(struct page *pg, const char *key);

#endif
