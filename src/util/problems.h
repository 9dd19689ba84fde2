/*
 * util/problems.h: a list of (field, message) pairs, for validation that
 * reports every wrong field at once (an import, an API body) rather than
 * stopping at the first. Bounded: past `max` entries further ones are only
 * counted. Owns its entries.
 */
#ifndef VEIKART_UTIL_PROBLEMS_H
#define VEIKART_UTIL_PROBLEMS_H

#include <stddef.h>

struct problem {
	char *field;	/* path such as "measures[3].responsible[0].actor" */
	char *message;	/* what is wrong and what is expected */
	int line, column;	/* 0 when not known */
};

struct problems {
	struct problem *items;
	size_t n, alloc;
	size_t max;	/* keep at most this many */
	size_t dropped;	/* how many more there were */
};

#define PROBLEMS_INIT(max) { NULL, 0, 0, (max), 0 }

void problems_add(struct problems *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t problems_total(const struct problems *p);
void problems_release(struct problems *p);

#endif
