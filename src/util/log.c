/*
 * util/log.c: the log sink. Each line is written with one write(2) so that
 * lines from worker threads do not interleave. The level is the only global
 * state, set before threads start.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level log_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level log_get_level(void)
{
	return log_level;
}

void log_init_from_env(void)
{
	const char *v = getenv("VEIKART_LOG");

	if (!v)
		return;
	if (!strcmp(v, "error"))
		log_level = LOG_ERROR;
	else if (!strcmp(v, "warn"))
		log_level = LOG_WARN;
	else if (!strcmp(v, "debug"))
		log_level = LOG_DEBUG;
	else
		log_level = LOG_INFO;
}

void log_line(const char *line, size_t len)
{
	char tmp[4096];

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, line, len);
	tmp[len] = '\n';
	/* A short write to stderr is not worth failing a request over. */
	if (write(STDERR_FILENO, tmp, len + 1) < 0)
		return;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	char line[4096];
	struct tm tm;
	time_t now;
	va_list ap;
	int n;

	if (level > log_level)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n += snprintf(line + n, sizeof(line) - (size_t)n, " level=%s ",
		      names[level]);
	va_start(ap, fmt);
	if ((size_t)n < sizeof(line))
		n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	log_line(line, (size_t)n);
}
