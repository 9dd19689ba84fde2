/*
 * web/page_changes.c: "what changed since": measures changed since a period or date, from the audit log.
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_changes(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
