/*
 * model/principal.c: role names and the actor membership test.
 */
#include "model/principal.h"

#include <string.h>

static const char *const role_names[] = {
	[ROLE_ANONYMOUS] = "anonymous",
	[ROLE_READER] = "reader",
	[ROLE_REPORTER] = "reporter",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_ADMIN] = "admin",
};

const char *role_name(enum role r)
{
	if ((size_t)r >= sizeof(role_names) / sizeof(role_names[0]))
		return "anonymous";
	return role_names[r];
}

int role_parse(const char *name, enum role *out)
{
	for (size_t i = ROLE_READER;
	     name && i < sizeof(role_names) / sizeof(role_names[0]); i++) {
		if (!strcmp(name, role_names[i])) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

bool principal_has_actor(const struct principal *p, const char *actor)
{
	for (size_t i = 0; actor && i < p->nactors; i++)
		if (!strcmp(p->actors[i], actor))
			return true;
	return false;
}
