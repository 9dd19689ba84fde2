/*
 * web/page_cycle.c: the coordinator's reporting cycle: periods, overview, approve or return.
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_cycle(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}

int page_cycle_post(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}

int page_review(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}

int page_review_post(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
