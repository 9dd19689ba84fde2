/*
 * service/access.c: the access rules (see access.h for the table).
 */
#include "service/access.h"

#include "store/measure_actor.h"
#include "util/i18n.h"

static int need_role(const struct principal *who, enum role min,
		     struct err *err)
{
	if (who->role == ROLE_ANONYMOUS)
		return err_set(err, ERR_UNAUTHENTICATED,
			       _("sign in first (or send an API token)"));
	if (who->role < min)
		return err_set(err, ERR_FORBIDDEN,
			       _("this needs the %s role; you are %s"),
			       role_name(min), role_name(who->role));
	return 0;
}

static int need_write(const struct principal *who, struct err *err)
{
	if (who->role != ROLE_ANONYMOUS && !who->can_write)
		return err_set(err, ERR_FORBIDDEN,
			       _("this API token may only read; create one "
				 "with scope write to make changes"));
	return 0;
}

/* Roles any of the principal's actors holds on the measure. */
static int actor_roles(struct store *st, const struct principal *who,
		       const char *measure, unsigned *mask, struct err *err)
{
	*mask = 0;
	for (size_t i = 0; i < who->nactors; i++) {
		unsigned m;

		if (store_measure_roles(st, measure, who->actors[i], &m, err) <
		    0)
			return -1;
		*mask |= m;
	}
	return 0;
}

static int reporter_may(struct store *st, const struct principal *who,
			const char *measure, unsigned wanted, const char *what,
			struct err *err)
{
	unsigned mask;

	if (who->role >= ROLE_COORDINATOR)
		return 0;
	if (need_role(who, ROLE_REPORTER, err) < 0)
		return -1;
	if (!measure || actor_roles(st, who, measure, &mask, err) < 0)
		return measure ? -1 : err_set(err, ERR_INTERNAL, "no measure");
	if (mask & wanted)
		return 0;
	return err_set(err, ERR_FORBIDDEN,
		       _("only a reporter for an actor that %s measure %s may "
			 "do this"),
		       what, measure);
}

int access_check(struct store *st, const struct principal *who,
		 enum access_op op, const char *measure, struct err *err)
{
	if (op != OP_READ_PRIVATE && op != OP_READ_AUDIT &&
	    need_write(who, err) < 0)
		return -1;
	switch (op) {
	case OP_READ_PRIVATE:
		return need_role(who, ROLE_READER, err);
	case OP_OWN_ACCOUNT:
		return need_role(who, ROLE_READER, err);
	case OP_WRITE_DOMAIN:
	case OP_MANAGE_PERIODS:
	case OP_REVIEW_REPORTS:
	case OP_READ_AUDIT:
		return need_role(who, ROLE_COORDINATOR, err);
	case OP_MANAGE_USERS:
		return need_role(who, ROLE_ADMIN, err);
	case OP_WRITE_STATUS_REPORT:
	case OP_PROPOSE_CLOSURE:
		return reporter_may(st, who, measure, MEASURE_ROLE_LEAD,
				    "leads", err);
	case OP_WRITE_CONTRIBUTION:
		return reporter_may(st, who, measure,
				    MEASURE_ROLE_CONTRIBUTING, "contributes to",
				    err);
	case OP_WRITE_MILESTONE:
		return reporter_may(st, who, measure,
				    MEASURE_ROLE_LEAD |
					    MEASURE_ROLE_CONTRIBUTING,
				    "leads or contributes to", err);
	}
	return err_set(err, ERR_INTERNAL, "unknown operation");
}
