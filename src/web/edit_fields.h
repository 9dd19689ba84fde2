/*
 * web/edit_fields.h: the pure part of the edit forms (web/page_edit.c):
 * from a field descriptor (model/entity.h) to the control that edits it,
 * its label key and the text it shows; from the posted text back to the
 * JSON value the write service takes; and from the service's problems
 * (field path, English message) to a field of the form and the kind of
 * mistake, which the page words from its catalog.
 *
 * No page, no store: everything here is a function of its arguments, so
 * tests/test_edit_fields.c checks it directly.
 *
 * Ownership: strings are borrowed; json_t values returned are new
 * references; buffers are the caller's.
 */
#ifndef VEIKART_WEB_EDIT_FIELDS_H
#define VEIKART_WEB_EDIT_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/entity.h"
#include "util/buf.h"

/* How a field is edited. */
enum edit_control {
	EC_TEXT,       /* one line of text (titles, names, ids, URLs) */
	EC_TEXTAREA,   /* long text (notes, descriptions) */
	EC_NUMBER,     /* a whole number: <input type="number"> */
	EC_DECIMAL,    /* any number, point or comma: a text input */
	EC_DATE,       /* YYYY, YYYY-MM or YYYY-MM-DD: a text input */
	EC_SELECT,     /* one of a list (an enum) or one record (a reference) */
	EC_CHECKBOXES, /* several records (a list of references) */
	EC_CHECKBOX,   /* yes or no */
	EC_JSON,       /* free JSON (a scheme's rounds): a textarea */
};

/* Text fields longer than this are edited in a textarea. */
#define EDIT_TEXTAREA_FROM 1000

enum edit_control edit_control_of(const struct field_desc *f);

/*
 * The language index (0 nb, 1 nn, 2 en: enum lang's order) of a field
 * named <base>_nb, _nn or _en, or -1. base (n bytes) gets the name
 * without the suffix, or the whole name.
 */
int edit_field_lang(const char *name, char *base, size_t n);

/* The catalog key of a field's label, "edit.field.<base>", into out. */
void edit_label_key(const char *name, char *out, size_t n);

/*
 * The stored value as its control shows it, appended to out: a string as
 * it is; a whole number in digits; a number with a point ("0.5"); true
 * as "true" (a checked box), false as nothing; a JSON field as indented
 * JSON; a reference rendered as an object (the API shape of a source) by
 * its "id". Nothing for null or a missing value.
 */
void edit_value_text(const struct field_desc *f, json_t *v, struct buf *out);

/*
 * The value a posted text stands for, by the field's type. Text is
 * trimmed of surrounding white space and browsers' CR LF line ends become
 * LF; an empty text is NULL (the field is cleared), except for a box,
 * which is false when not checked. Whole numbers may have spaces between
 * digit groups ("1 000 000"); decimals a comma or a point. A text that is
 * not a value of its type is given on as a JSON string, so that the write
 * service reports it beside every other problem. New reference or NULL.
 */
json_t *edit_value_parse(const struct field_desc *f, const char *text);

/* The kinds of mistake the form words itself; the rest keep the
 * service's message. */
enum edit_problem {
	EP_OTHER,
	EP_REQUIRED,
	EP_TOO_LONG,
	EP_NOT_IN_LIST,
	EP_DATE,
	EP_REFERENCE,
	EP_INTEGER,
	EP_NUMBER,
	EP_URL,
	EP_ORGNR,
	EP_PERIOD,
	EP_ID,
	EP_JSON,
	EP_TEXT,      /* characters text may not hold */
	EP_DUPLICATE, /* the same entry twice in a list */
};

/*
 * What is wrong, from the field (may be NULL: then EP_OTHER unless the
 * message says), the text that was posted for it (NULL when none) and
 * the service's message.
 */
enum edit_problem edit_problem_of(const struct field_desc *f,
				  const char *posted, const char *msg);
/* "edit.err.<kind>", or NULL for EP_OTHER. */
const char *edit_problem_key(enum edit_problem p);

/*
 * A problem's path from the write service, split: "title_nb" (name,
 * index -1, sub ""), "owners[1]" (an item of a list), "responsible[2].actor"
 * (a field of a child row), "responsible[2]" (a whole row). 0, or -1 when
 * the path has none of these forms or a part is too long.
 */
#define EDIT_NAME_MAX 64
struct edit_path {
	char name[EDIT_NAME_MAX];
	long index;		 /* -1 when the path has none */
	char sub[EDIT_NAME_MAX]; /* "" when none */
};
int edit_path_parse(const char *path, struct edit_path *out);

/*
 * Whether hay contains needle, ignoring the case of ASCII letters and of
 * æ, ø and å. An empty needle is in everything; a NULL hay holds nothing.
 */
bool edit_contains(const char *hay, const char *needle);

/*
 * Appends text with {1} ... {9} replaced by args[0] ... args[n-1] (plain
 * text, no escaping: the result goes to an escaper later). A placeholder
 * without an argument stays as it is.
 */
void edit_fill(struct buf *out, const char *text, const char *const *args,
	       size_t n);

#endif
