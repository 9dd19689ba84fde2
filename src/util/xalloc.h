/*
 * util/xalloc.h: allocation that never returns NULL. Out of memory is not an
 * input error we can report usefully, so it aborts (as git's wrapper.c).
 */
#ifndef VEIKART_UTIL_XALLOC_H
#define VEIKART_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
