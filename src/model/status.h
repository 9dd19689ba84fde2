/*
 * model/status.h: the status vocabulary of a status report (statusrapport),
 * after Norwegian mål- og resultatstyring. Each status has a label and a
 * written definition in Bokmål, Nynorsk and English, phrased as a
 * consequence so that a reporter chooses by what will happen, not by
 * feeling ("at risk: the measure will miss its goal or deadline unless
 * someone intervenes"). Each also has a default progress that the form
 * fills in and the reporter may override, and an icon name for the portal.
 *
 * The codes are the same list as report_statuses in model/entity.h (a unit
 * test checks that). Everything here is static const data; callers own
 * nothing.
 */
#ifndef VEIKART_MODEL_STATUS_H
#define VEIKART_MODEL_STATUS_H

#include <stddef.h>

enum report_status {
	REPORT_STATUS_NOT_STARTED,
	REPORT_STATUS_ON_TRACK,
	REPORT_STATUS_AT_RISK,
	REPORT_STATUS_DELAYED,
	REPORT_STATUS_COMPLETED,
	REPORT_STATUS_CANCELLED,
};

/* A status's default progress is "keep the previous report's progress". */
#define STATUS_PROGRESS_KEEP (-1)

struct status_text {
	const char *label;	/* short, for a list or a badge */
	const char *definition;	/* one sentence: what this status means */
};

struct status_def {
	enum report_status status;
	const char *code;	/* "at_risk": the stored and API value */
	int default_progress;	/* 0..100, or STATUS_PROGRESS_KEEP */
	const char *icon;	/* icon name for the portal */
	const char *color; /* Designsystemet colour: success, warning ... */
	struct status_text nb, nn, en;
};

/* All statuses in the order a form lists them; *n gets the count. */
const struct status_def *status_all(size_t *n);

/* By code ("on_track"); NULL for an unknown code or NULL. */
const struct status_def *status_find(const char *code);

/*
 * The text of a status in `lang`: "nb", "nn" or "en" (a region suffix such
 * as "nb-NO" or "en_GB" is ignored); anything else, NULL included, gives
 * "nb", the portal's default.
 */
const struct status_text *status_text(const struct status_def *s,
				      const char *lang);

#endif
