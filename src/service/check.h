/*
 * service/check.h: the integrity check behind `veikart check`. Every stored
 * record is checked again with the import rules (types, enums, dates,
 * organisation numbers, references in id lists), plus the rules that span
 * records. Reads only.
 */
#ifndef VEIKART_SERVICE_CHECK_H
#define VEIKART_SERVICE_CHECK_H

#include "store/store.h"
#include "util/problems.h"

/* Returns 0 when the check ran (problems may still have been found). */
int service_check(struct store *st, struct problems *out, struct err *err);

#endif
