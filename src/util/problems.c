/*
 * util/problems.c: the bounded list of validation problems.
 */
#include "util/problems.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

void problems_add(struct problems *p, const char *field, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (p->n >= p->max) {
		p->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 8;
		p->items = xrealloc(p->items, p->alloc * sizeof(*p->items));
	}
	p->items[p->n].field = xstrdup(field ? field : "");
	p->items[p->n].message = xstrdup(msg);
	p->items[p->n].line = 0;
	p->items[p->n].column = 0;
	p->n++;
}

size_t problems_total(const struct problems *p)
{
	return p->n + p->dropped;
}

void problems_release(struct problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].field);
		free(p->items[i].message);
	}
	free(p->items);
	p->items = NULL;
	p->n = p->alloc = p->dropped = 0;
}
