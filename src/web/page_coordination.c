/*
 * web/page_coordination.c: the coordination analysis: findings, network and overlap matrix.
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_coordination(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
