/*
 * util/log.h: one-line key=value logging to a single sink (stderr unless
 * log_open() names a file). Never log passwords, tokens, cookies or bodies.
 */
#ifndef VEIKART_UTIL_LOG_H
#define VEIKART_UTIL_LOG_H

#include <stdio.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Level from the VEIKART_LOG environment variable (error|warn|info|debug). */
void log_init_from_env(void);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Writes one already formatted line (access log); adds the newline. */
void log_line(const char *line, size_t len);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
