/*
 * web/page_observations.c: uploading indicator observations (JSON-stat or CSV).
 * PLACEHOLDER while this session's work is in progress: answers 404.
 */
#include "web/page.h"

int page_observations_upload(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}

int page_observations_upload_post(struct page *pg, struct err *err)
{
	(void)pg;
	return err_set(err, ERR_NOT_FOUND, "not built yet");
}
