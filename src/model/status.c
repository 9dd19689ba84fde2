/*
 * model/status.c: the table of report statuses with their definitions (see
 * status.h). The definitions are the coordinator's words to the reporters;
 * change them here and in docs/reporting.md together. Static const data;
 * nothing is allocated.
 *
 * Icon names are Aksel icon names in kebab case (the icon set
 * Designsystemet recommends); colours are Designsystemet colour names.
 */
#include "model/status.h"

#include <stdbool.h>
#include <string.h>

static const struct status_def statuses[] = {
	{
		.status = REPORT_STATUS_NOT_STARTED,
		.code = "not_started",
		.default_progress = 0,
		.icon = "circle",
		.color = "neutral",
		.nb = { "Ikke startet",
			"Arbeidet er ikke satt i gang, så tiltaket har ennå "
			"ingen virkning." },
		.nn = { "Ikkje starta",
			"Arbeidet er ikkje sett i gang, så tiltaket har enno "
			"ingen verknad." },
		.en = { "Not started",
			"Work has not begun, so the measure has no effect "
			"yet." },
	},
	{
		.status = REPORT_STATUS_ON_TRACK,
		.code = "on_track",
		.default_progress = STATUS_PROGRESS_KEEP,
		.icon = "arrow-right",
		.color = "info",
		.nb = { "I rute",
			"Tiltaket vil nå målet innen fristen hvis arbeidet "
			"fortsetter som planlagt." },
		.nn = { "I rute",
			"Tiltaket vil nå målet innan fristen dersom arbeidet "
			"held fram som planlagt." },
		.en = { "On track",
			"The measure will reach its goal by the deadline if "
			"work continues as planned." },
	},
	{
		.status = REPORT_STATUS_AT_RISK,
		.code = "at_risk",
		.default_progress = STATUS_PROGRESS_KEEP,
		.icon = "exclamationmark-triangle",
		.color = "warning",
		.nb = { "Risiko for avvik",
			"Tiltaket vil ikke nå målet eller fristen uten at "
			"noen griper inn." },
		.nn = { "Risiko for avvik",
			"Tiltaket vil ikkje nå målet eller fristen utan at "
			"nokon grip inn." },
		.en = { "At risk",
			"The measure will miss its goal or deadline unless "
			"someone intervenes." },
	},
	{
		.status = REPORT_STATUS_DELAYED,
		.code = "delayed",
		.default_progress = STATUS_PROGRESS_KEEP,
		.icon = "clock",
		.color = "danger",
		.nb = { "Forsinket",
			"Tiltaket vil ikke nå fristen; det trenger ny frist "
			"eller nye grep for å nå målet." },
		.nn = { "Forseinka",
			"Tiltaket vil ikkje nå fristen; det treng ny frist "
			"eller nye grep for å nå målet." },
		.en = { "Delayed",
			"The measure will miss its deadline; it needs a new "
			"deadline or new action to reach its goal." },
	},
	{
		.status = REPORT_STATUS_COMPLETED,
		.code = "completed",
		.default_progress = 100,
		.icon = "checkmark-circle",
		.color = "success",
		.nb = { "Fullført",
			"Tiltaket er gjennomført; det trengs ikke mer arbeid, "
			"og rapporteringen kan avsluttes." },
		.nn = { "Fullført",
			"Tiltaket er gjennomført; det trengst ikkje meir "
			"arbeid, og rapporteringa kan avsluttast." },
		.en = { "Completed",
			"The measure has been carried out; no more work is "
			"needed, and reporting on it can end." },
	},
	{
		.status = REPORT_STATUS_CANCELLED,
		.code = "cancelled",
		.default_progress = STATUS_PROGRESS_KEEP,
		.icon = "x-mark-octagon",
		.color = "neutral",
		.nb = { "Avbrutt",
			"Tiltaket blir ikke gjennomført; målet må nås på en "
			"annen måte eller oppgis." },
		.nn = { "Avbrote",
			"Tiltaket blir ikkje gjennomført; målet må nåast på "
			"ein annan måte eller gjevast opp." },
		.en = { "Cancelled",
			"The measure will not be carried out; its goal must "
			"be reached another way or given up." },
	},
};

#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

const struct status_def *status_all(size_t *n)
{
	*n = NSTATUSES;
	return statuses;
}

const struct status_def *status_find(const char *code)
{
	for (size_t i = 0; code && i < NSTATUSES; i++)
		if (!strcmp(statuses[i].code, code))
			return &statuses[i];
	return NULL;
}

/* "nn", "nn-NO", "nn_NO" ... match "nn"; the same for the others. */
static bool lang_is(const char *lang, const char *code)
{
	return lang && lang[0] == code[0] && lang[1] == code[1] &&
	       (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

const struct status_text *status_text(const struct status_def *s,
				      const char *lang)
{
	if (lang_is(lang, "en"))
		return &s->en;
	if (lang_is(lang, "nn"))
		return &s->nn;
	return &s->nb;
}
