/*
 * model/entity.c: the descriptor table of every entity in the data model
 * (see entity.h). Adding a field here, in the migration and in the docs is
 * all it takes for import, export, check and the API to carry it.
 * Everything is static const data.
 */
#include "model/entity.h"

#include <string.h>

#include "util/buf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Field shorthands keep the table readable; limits live in model/limits.h. */
#define ID { "id", FT_ID, FIELD_REQUIRED, 0, 64, NULL, NULL, NULL }
#define TXT(n, max) { n, FT_TEXT, 0, 0, max, NULL, NULL, NULL }
#define TXT_REQ(n, max) { n, FT_TEXT, FIELD_REQUIRED, 0, max, NULL, NULL, NULL }
#define LONG(n) { n, FT_TEXT, FIELD_NOT_IN_CSV, 0, 20000, NULL, NULL, NULL }
#define INT(n, lo, hi) { n, FT_INT, 0, lo, hi, NULL, NULL, NULL }
#define NUM(n) { n, FT_NUM, 0, 0, 0, NULL, NULL, NULL }
#define BOOL(n) { n, FT_BOOL, 0, 0, 0, NULL, NULL, "false" }
#define DATE(n) { n, FT_DATE, 0, 0, 10, NULL, NULL, NULL }
#define PERIOD(n) { n, FT_PERIOD, 0, 0, 32, NULL, NULL, NULL }
#define PERIOD_REQ(n) \
	{ n, FT_PERIOD, FIELD_REQUIRED | FIELD_PERIOD_BOUNDS, 0, 32, NULL, NULL, NULL }
#define URL(n) { n, FT_URL, 0, 0, 2000, NULL, NULL, NULL }
#define ENUM(n, v, d) { n, FT_ENUM, 0, 0, 0, NULL, v, d }
#define ENUM_REQ(n, v) { n, FT_ENUM, FIELD_REQUIRED, 0, 0, NULL, v, NULL }
#define REF(n, c) { n, FT_REF, 0, 0, 64, c, NULL, NULL }
#define REF_REQ(n, c) { n, FT_REF, FIELD_REQUIRED, 0, 64, c, NULL, NULL }
#define REFS(n, c) { n, FT_REFLIST, 0, 0, 200, c, NULL, NULL }
#define JSON(n) { n, FT_JSON, FIELD_NOT_IN_CSV, 0, 20000, NULL, NULL, NULL }
#define NAMES(p, max) TXT_REQ(p "_nb", max), TXT(p "_nn", max), TXT(p "_en", max)
#define TEXTS(p) LONG(p "_nb"), LONG(p "_nn"), LONG(p "_en")

const char *const measure_roles[] = { "lead", "contributing", "consulted",
				      NULL };
const char *const report_statuses[] = { "not_started", "on_track", "at_risk",
					"delayed", "completed", "cancelled",
					NULL };
static const char *const actor_kinds[] = {
	"ministry", "agency", "company_state", "fund", "network", "council",
	"cluster", "hospital_trust", "university", "municipality_org",
	"municipality", "company", "organisation", "other", NULL
};
static const char *const certainties[] = { "confirmed", "reported",
					   "unconfirmed", NULL };
static const char *const measure_states[] = { "active", "completed", "merged",
					      "cancelled", NULL };
static const char *const link_kinds[] = { "depends_on", "same_as", "related",
					  NULL };
static const char *const link_bases[] = { "stated", "inferred", NULL };
static const char *const budget_kinds[] = { "annual_frame", "allocation",
					    "call_frame", "grant", NULL };
static const char *const directions[] = { "higher", "lower", NULL };
static const char *const frequencies[] = { "annual", "tertial", "quarterly",
					   "monthly", "irregular", NULL };
static const char *const obs_statuses[] = { "final", "preliminary",
					    "forecast", NULL };
static const char *const input_kinds[] = { "coordination_gap", "proposal",
					   "consultation_response", NULL };
static const char *const report_kinds[] = { "status", "contribution", NULL };
static const char *const report_states[] = { "draft", "submitted", "returned",
					     "approved", NULL };

static const struct field_desc source_fields[] = {
	ID, TXT_REQ("title", 500), TXT("publisher", 200), DATE("date"),
	URL("url"), TXT("file", 300), TXT("note", 2000),
};

static const struct field_desc actor_fields[] = {
	ID, NAMES("name", 200),
	ENUM("kind", actor_kinds, "\"other\""),
	REF("parent", "actors"),
	{ "orgnr", FT_ORGNR, 0, 0, 9, NULL, NULL, NULL },
	REF("orgnr_source", "sources"),
	URL("website"),
	REF("source", "sources"), REF("parent_source", "sources"),
	TXT("parent_note", 2000), TXT("note", 2000),
};

static const struct field_desc strategy_fields[] = {
	ID, NAMES("name", 300),
	REFS("owners", "actors"), REF("lead_owner", "actors"),
	REF("lead_owner_source", "sources"),
	DATE("launched"), PERIOD("period"),
	INT("n_measures_announced", 0, 100000),
	INT("n_focus_areas", 0, 10000),
	TEXTS("goal_summary"),
	REF("parent_strategy", "strategies"), REF("follows_up", "strategies"),
	REF("origin_measure", "measures"),
	REFS("follow_up_by", "actors"), REF("follow_up_source", "sources"),
	REF_REQ("source", "sources"), REFS("also_sources", "sources"),
	LONG("basis_note"), LONG("notes"),
};

static const struct field_desc focus_area_fields[] = {
	ID, REF_REQ("strategy", "strategies"), INT("no", 0, 1000),
	NAMES("name", 200), REF("source", "sources"), TXT("note", 2000),
};

static const struct field_desc responsible_fields[] = {
	REF_REQ("actor", "actors"), ENUM_REQ("role", measure_roles),
	TXT("note", 2000),
};

static const struct field_desc milestone_fields[] = {
	ID, TXT_REQ("title_nb", 200), TXT("title_nn", 200),
	TXT("title_en", 200), DATE("due"), DATE("done"),
	REF("source", "sources"),
};

static const struct field_desc allocation_fields[] = {
	REF_REQ("scheme", "schemes"), INT("year", 1900, 2200),
	INT("amount_nok", 0, INT64_C(1000000000000000)),
	REF("source", "sources"), TXT("note", 2000),
};

static const struct child_desc measure_children[] = {
	{ "responsible", "measure_actor", "measure", responsible_fields,
	  N(responsible_fields), false, "actor role", NULL },
	{ "milestones", "milestone", "measure", milestone_fields,
	  N(milestone_fields), false, "id", NULL },
	{ "allocations", "allocation", "measure", allocation_fields,
	  N(allocation_fields), false, NULL, NULL },
};

static const struct field_desc measure_fields[] = {
	ID, REF_REQ("strategy", "strategies"), REF("focus_area", "focus-areas"),
	INT("no", 0, 100000),
	NAMES("title", 200), TEXTS("description"),
	ENUM("certainty", certainties, "\"confirmed\""),
	TXT("certainty_note", 2000),
	ENUM("state", measure_states, "\"active\""),
	REF("merged_into", "measures"),
	DATE("start"), DATE("deadline"),
	REF("arena", "arenas"),
	LONG("status_hint"), REFS("status_sources", "sources"),
	LONG("responsible_note"), BOOL("text_truncated"),
	REF_REQ("source", "sources"),
};

static const struct field_desc link_fields[] = {
	ID, REF_REQ("from", "measures"), REF_REQ("to", "measures"),
	ENUM_REQ("kind", link_kinds), ENUM("basis", link_bases, "\"stated\""),
	REF("source", "sources"), TXT("reason", 2000),
};

static const struct field_desc member_fields[] = {
	REF_REQ("actor", "actors"),
};

static const struct child_desc arena_children[] = {
	{ "members", "arena_member", "arena", member_fields,
	  N(member_fields), true, NULL, NULL },
};

static const struct field_desc arena_fields[] = {
	ID, NAMES("name", 300), TEXTS("mandate"),
	REFS("follows", "strategies"),
	REF("convened_by", "actors"), REF("secretariat", "actors"),
	TXT("chair", 300), REF("chair_source", "sources"),
	INT("member_count", 0, 100000), REFS("presenters", "actors"),
	TXT("status_hint", 2000), TXT("note", 2000),
	REF("source", "sources"),
};

static const struct field_desc meeting_fields[] = {
	ID, REF_REQ("arena", "arenas"), DATE("date"), NAMES("title", 300),
	TEXTS("summary"), REFS("attendees", "actors"),
	REF("source", "sources"),
};

static const struct field_desc decision_fields[] = {
	ID, REF_REQ("meeting", "meetings"), TEXTS("text"),
	REFS("measures", "measures"), REF("source", "sources"),
};

static const struct field_desc budget_fields[] = {
	INT("year", 1900, 2200),
	INT("amount_nok", 0, INT64_C(1000000000000000)),
	ENUM("kind", budget_kinds, "\"allocation\""),
	REF("source", "sources"), TXT("note", 2000),
};

static const struct child_desc scheme_children[] = {
	{ "budget", "budget_line", "scheme", budget_fields, N(budget_fields),
	  false, NULL, NULL },
};

static const struct field_desc scheme_fields[] = {
	ID, NAMES("name", 300),
	REF("administered_by", "actors"), REF("owner", "actors"),
	REFS("partners", "actors"), JSON("rounds"),
	TXT("status_hint", 2000), TXT("note", 2000),
	REF("source", "sources"),
};

static const struct field_desc goal_fields[] = {
	ID, REF("strategy", "strategies"), NAMES("name", 300),
	TXT("unit", 100),
	NUM("baseline_value"), INT("baseline_year", 1900, 2200),
	NUM("target_value"), INT("target_year", 1900, 2200),
	REF("indicator", "indicators"),
	TXT("status_hint", 2000), TXT("note", 2000),
	REF("source", "sources"),
};

static const struct field_desc observation_fields[] = {
	PERIOD_REQ("period"), NUM("value"),
	{ "breakdown", FT_TEXT, 0, 0, 200, NULL, NULL, "\"\"" },
	ENUM("status", obs_statuses, "\"final\""), TXT("status_code", 8),
	{ "source", FT_REF, FIELD_KEY_COPY, 0, 64, "sources", NULL, NULL },
	TXT("note", 2000),
};

static const struct field_desc contributes_fields[] = {
	REF_REQ("measure", "measures"),
};

static const struct child_desc indicator_children[] = {
	{ "observations", "observation", "indicator", observation_fields,
	  N(observation_fields), false, NULL,
	  "period_start, period, breakdown, source_key" },
	{ "measures", "indicator_measure", "indicator", contributes_fields,
	  N(contributes_fields), true, NULL, NULL },
};

static const struct field_desc indicator_fields[] = {
	ID, NAMES("name", 300), TXT("unit", 100),
	ENUM("direction", directions, "\"higher\""),
	ENUM("frequency", frequencies, "\"annual\""),
	NUM("baseline_value"), INT("baseline_year", 1900, 2200),
	NUM("target_value"), INT("target_year", 1900, 2200),
	TXT("note", 2000), REF("source", "sources"),
};

static const struct field_desc answer_fields[] = {
	REF_REQ("measure", "measures"), TEXTS("answer"),
	REF("source", "sources"),
};

static const struct child_desc input_children[] = {
	{ "answers", "input_answer", "input", answer_fields, N(answer_fields),
	  false, "measure", NULL },
};

static const struct field_desc input_fields[] = {
	ID, ENUM("kind", input_kinds, "\"proposal\""),
	REF("raised_by", "actors"), DATE("date"),
	TXT("title_nb", 300), TXT("title_nn", 300), TXT("title_en", 300),
	TEXTS("text"),
	REFS("strategies", "strategies"), REFS("actors", "actors"),
	REFS("arenas", "arenas"), REFS("measures", "measures"),
	REFS("schemes", "schemes"),
	REF_REQ("source", "sources"),
};

static const struct field_desc report_fields[] = {
	ID, REF_REQ("measure", "measures"), PERIOD_REQ("period"),
	REF("actor", "actors"),
	ENUM("kind", report_kinds, "\"status\""),
	ENUM("state", report_states, "\"draft\""),
	ENUM("status", report_statuses, NULL), INT("progress", 0, 100),
	LONG("done_text"), LONG("milestones_text"), LONG("next_steps"),
	LONG("challenges"), LONG("mitigations"), JSON("links"),
	LONG("comment"), TXT("submitted_at", 40), TXT("approved_at", 40),
};

#define ENTITY(coll, tbl, sing, f, ch, nch, api) \
	{ coll, tbl, sing, f, N(f), ch, nch, api }

static const struct entity_desc e_sources =
	ENTITY("sources", "source", "source", source_fields, NULL, 0, true);
static const struct entity_desc e_actors =
	ENTITY("actors", "actor", "actor", actor_fields, NULL, 0, true);
static const struct entity_desc e_strategies =
	ENTITY("strategies", "strategy", "strategy", strategy_fields, NULL, 0,
	       true);
static const struct entity_desc e_focus_areas =
	ENTITY("focus-areas", "focus_area", "focus area", focus_area_fields,
	       NULL, 0, true);
static const struct entity_desc e_arenas =
	ENTITY("arenas", "arena", "arena", arena_fields, arena_children,
	       N(arena_children), true);
static const struct entity_desc e_schemes =
	ENTITY("schemes", "scheme", "scheme", scheme_fields, scheme_children,
	       N(scheme_children), true);
static const struct entity_desc e_measures =
	ENTITY("measures", "measure", "measure", measure_fields,
	       measure_children, N(measure_children), true);
static const struct entity_desc e_links =
	ENTITY("links", "measure_link", "link", link_fields, NULL, 0, true);
static const struct entity_desc e_meetings =
	ENTITY("meetings", "meeting", "meeting", meeting_fields, NULL, 0,
	       true);
static const struct entity_desc e_decisions =
	ENTITY("decisions", "decision", "decision", decision_fields, NULL, 0,
	       true);
static const struct entity_desc e_goals =
	ENTITY("goals", "goal", "goal", goal_fields, NULL, 0, true);
static const struct entity_desc e_indicators =
	ENTITY("indicators", "indicator", "indicator", indicator_fields,
	       indicator_children, N(indicator_children), true);
static const struct entity_desc e_inputs =
	ENTITY("inputs", "stakeholder_input", "stakeholder input",
	       input_fields, input_children, N(input_children), true);
static const struct entity_desc e_reports =
	ENTITY("reports", "status_report", "status report", report_fields,
	       NULL, 0, false);

const struct entity_desc *const entity_all[] = {
	&e_sources, &e_actors, &e_strategies, &e_focus_areas, &e_arenas,
	&e_schemes, &e_measures, &e_links, &e_meetings, &e_decisions,
	&e_goals, &e_indicators, &e_inputs, &e_reports,
};
const size_t entity_count = N(entity_all);

const struct entity_desc *entity_find(const char *collection)
{
	for (size_t i = 0; i < entity_count; i++)
		if (!strcmp(entity_all[i]->collection, collection))
			return entity_all[i];
	return NULL;
}

const struct field_desc *entity_field(const struct entity_desc *e,
				      const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return &e->fields[i];
	return NULL;
}

const struct child_desc *entity_child(const struct entity_desc *e,
				      const char *name)
{
	for (size_t i = 0; i < e->nchildren; i++)
		if (!strcmp(e->children[i].name, name))
			return &e->children[i];
	return NULL;
}

void entity_names(struct buf *b)
{
	for (size_t i = 0; i < entity_count; i++)
		buf_addf(b, "%s%s", i ? ", " : "", entity_all[i]->collection);
}
