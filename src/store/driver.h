/*
 * store/driver.h: what a database driver provides. store.c forwards every
 * call through this table so that the queries in store/ run unchanged on
 * another engine. Only store/ includes this header.
 */
#ifndef VEIKART_STORE_DRIVER_H
#define VEIKART_STORE_DRIVER_H

#include "store/store.h"

struct store_driver {
	const char *name;
	void *(*open)(const char *path, unsigned flags, struct err *err);
	void (*close)(void *conn);
	int (*exec)(void *conn, const char *sql, struct err *err);
	void *(*prepare)(void *conn, const char *sql, struct err *err);
	int (*bind_text)(void *stmt, int i, const char *s, struct err *err);
	int (*bind_text_borrowed)(void *stmt, int i, const char *s,
				  struct err *err);
	int (*bind_int64)(void *stmt, int i, int64_t v, struct err *err);
	int (*bind_double)(void *stmt, int i, double v, struct err *err);
	int (*bind_null)(void *stmt, int i, struct err *err);
	enum store_step_result (*step)(void *stmt, struct err *err);
	int (*reset)(void *stmt);
	int (*col_type)(void *stmt, int i);
	int64_t (*col_int64)(void *stmt, int i);
	double (*col_double)(void *stmt, int i);
	const char *(*col_text)(void *stmt, int i);
	int (*col_count)(void *stmt);
	void (*finalize)(void *stmt);
};

extern const struct store_driver store_driver_sqlite;

#endif
