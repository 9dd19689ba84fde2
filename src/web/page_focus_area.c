/*
 * web/page_focus_area.c: the focus-area page (innsatsområde): its measures and roll-up.
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_focus_area(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
