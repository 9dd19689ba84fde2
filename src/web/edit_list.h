/*
 * web/edit_list.h: the lists of the edit pages (web/page_edit.c):
 * /{lang}/workspace/edit, every collection a coordinator edits with how
 * many records it holds, and /{lang}/workspace/edit/<collection>, its
 * records (id, name, when last changed) with a link to each one's form,
 * a button for a new one and a text filter (?q=, over ids and names).
 *
 * Access is the service's (service/edit.h): a reporter or reader gets the
 * 403 page. Ownership: nothing is kept.
 */
#ifndef VEIKART_WEB_EDIT_LIST_H
#define VEIKART_WEB_EDIT_LIST_H

#include "web/page.h"

/* The page of every collection. */
int edit_list_collections(struct page *pg, struct err *err);

/* The page of one collection's records (the path's collection). */
int edit_list_records(struct page *pg, const char *collection, struct err *err);

/* A notice for ?done=saved|created|deleted, nothing otherwise. */
void edit_list_notice(struct page *pg);

#endif
