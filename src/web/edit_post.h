/*
 * web/edit_post.h: a posted edit form (web/edit_form.h) read back into
 * what the write service takes, and the service's problems put back next
 * to the fields they are about.
 *
 * The service names a wrong field by its path in the record
 * ("title_nb", "owners[1]", "responsible[2].actor"); the form names it
 * by the control ("title_nb", "owners", "responsible[3].actor": rows the
 * user left empty or removed are not sent, so item 2 may be row 3).
 * struct edit_rows remembers which row each item came from.
 *
 * Ownership: json_t values returned are new references; the form and
 * the problems are borrowed.
 */
#ifndef VEIKART_WEB_EDIT_POST_H
#define VEIKART_WEB_EDIT_POST_H

#include <jansson.h>
#include <stdbool.h>

#include "http/form.h"
#include "model/entity.h"
#include "util/problems.h"
#include "web/form_view.h"
#include "web/page.h"

/* Which form row each item of a posted list came from. */
struct edit_rows {
	size_t *row; /* row[i]: the form row of item i; owned */
	size_t n;
};

void edit_rows_release(struct edit_rows *r);

/*
 * The record's own fields from the form: for an edit, a merge patch with
 * every field (a cleared one as null); for a new record (`create`), the
 * fields given and the id when one was typed.
 */
json_t *edit_read_fields(const struct entity_desc *e,
			 const struct http_form *in, bool create);

/*
 * {"<child>": [items]} from the form of list c: each row not removed and
 * not left empty, in order (rows gets where each came from). A new row of
 * a list whose items have ids gets the first free "M1", "M2" ... when its
 * id was left empty.
 */
json_t *edit_read_child(const struct child_desc *c, const struct http_form *in,
			struct edit_rows *rows);

/*
 * Keeps the order of the stored lists of ids: checkboxes come sorted by
 * name, so a list posted back would otherwise be reordered though nobody
 * changed it. In each list of strings in patch whose key also holds a
 * list in record, the ids still there keep their stored order and new
 * ones follow in the order posted; a stored empty list with nothing
 * checked stays an empty list rather than becoming null.
 */
void edit_keep_order(json_t *patch, json_t *record);

/*
 * Puts each problem of probs on its field in fs, worded from the catalog
 * for the common kinds (edit_fields.h) and in the service's words
 * otherwise. `part` is the form that was posted (EDIT_PART_FIELDS or a
 * child's name), rows its rows. A problem about no field of that form
 * (another part of the record) becomes a line of `general`.
 */
void edit_problems(struct page *pg, const struct entity_desc *e,
		   const char *part, const struct edit_rows *rows,
		   const struct problems *probs, struct form_state *fs,
		   struct buf *general);

#endif
