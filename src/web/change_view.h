/*
 * web/change_view.h: how a change is shown, on the "what changed" page
 * and in a measure's status timeline: the old value in <del>, the new one
 * in <ins>, each opened with visually hidden "før:"/"etter:" (diff.before,
 * diff.after) and an arrow between them hidden from screen readers, so the
 * change is never told by colour or strike-through alone.
 *
 * Ownership: everything is borrowed; nothing is kept.
 */
#ifndef VEIKART_WEB_CHANGE_VIEW_H
#define VEIKART_WEB_CHANGE_VIEW_H

#include <jansson.h>

#include "web/page.h"

/* <del> or <ins> with the hidden label, and their ends. */
void change_del_begin(struct page *pg);
void change_ins_begin(struct page *pg);
void change_del_end(struct page *pg);
void change_ins_end(struct page *pg);
/* " → ", hidden from screen readers (the labels say it). */
void change_arrow(struct page *pg);

/* Status codes (NULL: not reported) old -> new, as status tags. */
void change_status(struct page *pg, const char *old, const char *now);
/* Progress (a JSON integer or null) old -> new, as percentages. */
void change_progress(struct page *pg, json_t *old, json_t *now);
/*
 * Text old -> new as a word diff (web/text_diff.h). Without an old text:
 * "new text" and the text inserted; without a new one: "text removed" and
 * the old one deleted; too long or too different: "text rewritten". The
 * texts are in Norwegian of either form (reports) or in the language the
 * field says: `lang` (may be NULL) marks them.
 */
void change_text(struct page *pg, const char *old, const char *now,
		 const char *lang);

/*
 * The aspects of one item of service_changes (service/changes.h) as a
 * list: a tag naming each (status, progress, responsibility ...) with its
 * old and new values. The maps (id -> record) name actors, schemes and
 * measures.
 */
struct change_maps {
	json_t *actors, *schemes, *measures;
};
void change_item(struct page *pg, json_t *item, const struct change_maps *m);

#endif
