/*
 * web/page_report_form.c: one measure's status report for the open period.
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_report_form(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}

int page_report_form_post(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
