/*
 * store/measure_actor.c: responsibility lookups.
 */
#include "store/measure_actor.h"

#include <string.h>

int store_measure_roles(struct store *st, const char *measure,
			const char *actor, unsigned *mask, struct err *err)
{
	static const char sql[] =
		"SELECT role FROM measure_actor WHERE measure = ?1 AND "
		"actor = ?2";
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;

	*mask = 0;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_text(q, 1, measure, err) < 0 ||
	    store_bind_text(q, 2, actor, err) < 0)
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW) {
		const char *role = store_col_text(q, 0);

		if (!strcmp(role, "lead"))
			*mask |= MEASURE_ROLE_LEAD;
		else if (!strcmp(role, "contributing"))
			*mask |= MEASURE_ROLE_CONTRIBUTING;
		else
			*mask |= MEASURE_ROLE_CONSULTED;
	}
done:
	store_finalize(q);
	return r == STORE_DONE ? 0 : -1;
}
