/*
 * service/access.h: the one place that says who may do what. Every service
 * operation asks here before it reads anything private or writes anything;
 * api/ and web/ never decide access themselves.
 *
 *   anonymous    public registry data and approved reports
 *   reader       + submitted, returned and draft reports
 *   reporter     + writes the status report of measures one of its actors
 *                  leads, a contribution note where one contributes, and
 *                  milestones of both
 *   coordinator  + all domain data, reporting periods, approval
 *   admin        + users, tokens and the audit log's administration
 * A read-scoped API token never writes.
 */
#ifndef VEIKART_SERVICE_ACCESS_H
#define VEIKART_SERVICE_ACCESS_H

#include "model/principal.h"
#include "store/store.h"

enum access_op {
	OP_READ_PRIVATE,	/* unpublished reports */
	OP_WRITE_DOMAIN,	/* registry data: measures, actors, ... */
	OP_WRITE_STATUS_REPORT,	/* needs measure: lead actor's report */
	OP_WRITE_CONTRIBUTION,	/* needs measure: contributing actor's note */
	OP_WRITE_MILESTONE,	/* needs measure: lead or contributing */
	OP_PROPOSE_CLOSURE,	/* needs measure: lead actor proposes end */
	OP_MANAGE_PERIODS,	/* open/close periods, remind */
	OP_REVIEW_REPORTS,	/* approve, return, reopen */
	OP_READ_AUDIT,
	OP_MANAGE_USERS,
	OP_OWN_ACCOUNT,		/* own password and tokens: any user */
};

/*
 * 0 when `who` may do `op` (on `measure`, for the ops that name one).
 * Otherwise -1 with ERR_UNAUTHENTICATED (not signed in) or ERR_FORBIDDEN
 * and a message that says what would be needed.
 */
int access_check(struct store *st, const struct principal *who,
		 enum access_op op, const char *measure, struct err *err);

#endif
