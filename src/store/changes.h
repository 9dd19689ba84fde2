/*
 * store/changes.h: the rows of the audit log that "what changed since"
 * (service/changes.c) reads: events on measures, status reports and links
 * between measures, with the actions that can change what the public
 * sees. Who did it (user, token) is never read here, so it cannot reach
 * a public page by mistake.
 */
#ifndef VEIKART_STORE_CHANGES_H
#define VEIKART_STORE_CHANGES_H

#include <stdint.h>

#include "store/store.h"

struct changes_event {
	int64_t id;
	const char *at;		 /* ISO UTC with milliseconds */
	const char *action;	 /* create, update, report.approve ... */
	const char *entity_type; /* measures, reports or links */
	const char *entity_id;
	const char *before_json; /* may be NULL */
	const char *after_json;	 /* may be NULL */
};

/*
 * Calls fn for every such event at or after `since` (an ISO time compared
 * as text with the stored times, so "2025-05-01" means from its start),
 * oldest first. Strings are borrowed for the call. fn returns 0 to go on,
 * 1 to stop. -1 on a database error.
 */
int store_changes_each(struct store *st, const char *since,
		       int (*fn)(const struct changes_event *ev, void *arg),
		       void *arg, struct err *err);

#endif
