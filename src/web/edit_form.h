/*
 * web/edit_form.h: the edit forms of one record (web/page_edit.c), built
 * from its entity descriptor (model/entity.c) rather than written per
 * collection. A record's page holds several forms, each saved on its own:
 *
 *   fields     every field of the record: text, textareas, numbers,
 *              selects (enums; references, named in the page's language),
 *              checkboxes (lists of references), the _nb/_nn/_en texts
 *              in one fieldset per language
 *   <child>    one per nested list (a measure's responsible actors,
 *              milestones, funding; an indicator's observations ...):
 *              a fieldset per row with a box to remove it, and empty
 *              rows to add; a list of ids is a set of checkboxes
 *   delete     a button that asks first
 *
 * Each form carries the record's version (its ETag, the same the API
 * gives) in a hidden field, so a save based on an older version is
 * refused rather than overwriting someone else's change.
 *
 * Ownership: everything is borrowed from the caller.
 */
#ifndef VEIKART_WEB_EDIT_FORM_H
#define VEIKART_WEB_EDIT_FORM_H

#include <jansson.h>

#include "http/cache.h"
#include "model/entity.h"
#include "web/form_view.h"
#include "web/page.h"

/* Empty rows offered under a list's stored rows, for adding. */
#define EDIT_BLANK_ROWS 2
/* The form field that says which form was posted. */
#define EDIT_PART "part"
/* The part of the record's own fields. */
#define EDIT_PART_FIELDS "fields"

/* The page of one record (or a new one) and the state of its forms. */
struct edit_view {
	struct page *pg;
	const struct entity_desc *e;
	const char *id;	  /* NULL for a new record */
	json_t *record;	  /* as stored (interchange shape); NULL: new */
	json_t *options;  /* {collection: [records]}: edit_options */
	const char *etag; /* the version the forms are based on */
	/* The form that was posted and did not save (NULL: none): it shows
	 * what was posted and its errors; the others show the record. */
	const char *posted_part;
	const char *posted_etag; /* the version that form was based on */
	const struct form_state *fs;
};

/*
 * The records every reference of e (and of its children) may point to:
 * {collection: [records in the interchange shape]}, read through
 * service/edit.h (which decides access). New reference, or NULL with err.
 */
json_t *edit_options(struct page *pg, const struct entity_desc *e,
		     struct err *err);

/* A record's name for people in the page's language: its name or title,
 * a link's two ends, else its id. Borrowed from rec, or written to tmp
 * and returned from there. */
const char *edit_item_label(struct page *pg, json_t *rec, struct buf *tmp);

/* The path of the record's page after the language: "/workspace/edit/
 * <collection>/" (the id follows), into out. */
void edit_base_path(const struct entity_desc *e, char *out, size_t n);

/* The record's version as the API's ETag (quoted hex) of its item as
 * service_get renders it. */
void edit_etag(json_t *item, char out[HTTP_ETAG_SIZE]);

/* The form of the record's own fields. */
void edit_render_fields(const struct edit_view *v);
/* The form of one nested list (edit only). */
void edit_render_child(const struct edit_view *v, const struct child_desc *c);
/* The delete button's form (edit only). */
void edit_render_delete(const struct edit_view *v);

/* The label of a field in the page's language, with the language for
 * _nb/_nn/_en fields ("Tittel (nynorsk)"), into out. */
void edit_field_label(struct page *pg, const char *name, struct buf *out);

#endif
