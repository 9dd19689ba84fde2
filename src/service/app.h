/*
 * service/app.h: the state one server thread works with: its own database
 * connection. Made by the serve command before the thread's event loop
 * starts and freed after it ends; handlers borrow it through req->ctx.
 */
#ifndef VEIKART_SERVICE_APP_H
#define VEIKART_SERVICE_APP_H

#include "store/store.h"

struct app_thread {
	struct store *st;
};

#endif
