/*
 * util/sort.h: qsort for arrays that may be empty. qsort's base must not
 * be NULL even when there are no elements (C17 7.22.5), and an empty
 * array here is often a NULL pointer with a count of 0; UBSan stops the
 * server on it. Use xqsort wherever the count can be 0.
 */
#ifndef VEIKART_UTIL_SORT_H
#define VEIKART_UTIL_SORT_H

#include <stdlib.h>

static inline void xqsort(void *base, size_t n, size_t size,
			  int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
