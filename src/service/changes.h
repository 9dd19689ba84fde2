/*
 * service/changes.h: "what changed since": for each measure (tiltak),
 * what of its public record changed from a point in time until now, read
 * from the audit log (service/audit.h) and the approved reports:
 *
 *   status, progress  the measure's public status and progress then and
 *                     now. Both come from its newest approved status
 *                     report, so they change when a report is approved
 *                     (or an approved one is returned or reopened). The
 *                     state then is rebuilt from the report events since:
 *                     a report's first event since says whether it was
 *                     approved then, and with what.
 *   reports           periods whose status report was approved since and
 *                     is approved now (a new status, or the same again)
 *   responsible,      the measure's list of responsible actors, its
 *   allocations,      funding (allocations from schemes), its milestones
 *   milestones        and the links to other measures: entries removed
 *   links             and added
 *   fields            every other field, old and new value
 *   created, deleted  the measure was created or deleted since
 *
 * Only what the public may read goes in: measure and link records (all
 * public), and of the reports only the status, progress and period of
 * approved ones. Never who did it, never a draft, a submitted report, a
 * coordinator's comment, and nothing about accounts; so the answer may be
 * shown to anyone. Changes made by `veikart import` are not in the audit
 * log and so not here.
 *
 * Ownership: the returned json_t is a new reference for the caller;
 * arguments are borrowed.
 */
#ifndef VEIKART_SERVICE_CHANGES_H
#define VEIKART_SERVICE_CHANGES_H

#include <jansson.h>

#include "store/store.h"

/*
 * The changes from `since` (UTC: "2025-05-01" or "2025-05-01T22:00:00Z",
 * with or without milliseconds; inclusive) until now:
 *
 *   {"since": "...", "items": [{
 *      "measure": "V-TP-1", "at": time of its newest public change,
 *      "title_nb", "title_nn", "title_en": its title (from the record
 *          as it is, or as it was when deleted; null when unknown),
 *      "created": true, "deleted": true                (when so),
 *      "status": {"old": "on_track", "new": "delayed"} (when changed),
 *      "progress": {"old": 30 | null, "new": 35 | null},
 *      "reports": ["2025-T2", ...],
 *      "responsible" | "allocations" | "milestones" | "links":
 *          {"removed": [entries], "added": [entries]},
 *      "fields": [{"field": "deadline", "old": v | null, "new": v | null}]
 *   }, ...]}
 *
 * Items are newest change first; a measure whose changes cancel out (a
 * value changed and changed back) is left out. Links are {id, from, to,
 * kind}. ERR_INVALID for a `since` of another form.
 */
json_t *service_changes(struct store *st, const char *since, struct err *err);

#endif
