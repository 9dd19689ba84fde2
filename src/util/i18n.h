/*
 * util/i18n.h: marks user-facing text. The CLI and the API speak English;
 * the web portal's message catalogs (nb, nn, en) arrive with the portal.
 */
#ifndef VEIKART_UTIL_I18N_H
#define VEIKART_UTIL_I18N_H

#define _(s) (s)

#endif
