/*
 * store/measure_actor.h: who is responsible for a measure, asked by the
 * access rules (may this reporter write that measure's report?).
 */
#ifndef VEIKART_STORE_MEASURE_ACTOR_H
#define VEIKART_STORE_MEASURE_ACTOR_H

#include "store/store.h"

#define MEASURE_ROLE_LEAD 0x1u
#define MEASURE_ROLE_CONTRIBUTING 0x2u
#define MEASURE_ROLE_CONSULTED 0x4u

/* The roles `actor` holds on `measure`, as a mask (0: none). */
int store_measure_roles(struct store *st, const char *measure,
			const char *actor, unsigned *mask, struct err *err);

#endif
