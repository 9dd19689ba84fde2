/*
 * store/migrations.c: the schema, written out as SQL. Columns of the domain
 * tables match the field descriptors in model/entity.c (tests/test_schema.c
 * checks that). Public ids are the TEXT primary keys; references are
 * foreign keys on them, DEFERRABLE so that an import may name records in
 * any order and is checked once, at commit.
 *
 * Never edit a migration that has shipped: add a new one.
 */
#include "store/migrations.h"

#include <stddef.h>

#include "store/search_tokenizer.h"
#include "util/i18n.h"

#define NOW "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
#define FK(t) " REFERENCES " t "(id) DEFERRABLE INITIALLY DEFERRED"
#define FK_CASCADE(t) \
	" NOT NULL REFERENCES " t "(id) ON DELETE CASCADE " \
	"DEFERRABLE INITIALLY DEFERRED"
/* Bookkeeping every top-level domain row carries (ETag, soft delete). */
#define ROW_META \
	"version INTEGER NOT NULL DEFAULT 1, " \
	"created_at TEXT NOT NULL DEFAULT " NOW ", " \
	"updated_at TEXT NOT NULL DEFAULT " NOW ", " \
	"deleted_at TEXT"
#define NAMES(p) p "_nb TEXT NOT NULL, " p "_nn TEXT, " p "_en TEXT, "
#define TEXTS(p) p "_nb TEXT, " p "_nn TEXT, " p "_en TEXT, "

static const char m001_core[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT INTO meta VALUES ('data_version', 1);"

	"CREATE TABLE source (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
	"publisher TEXT, date TEXT, url TEXT, file TEXT, note TEXT, "
	ROW_META ");"

	"CREATE TABLE actor (id TEXT PRIMARY KEY, " NAMES("name")
	"kind TEXT NOT NULL DEFAULT 'other', parent TEXT" FK("actor") ", "
	"orgnr TEXT, orgnr_source TEXT" FK("source") ", website TEXT, "
	"source TEXT" FK("source") ", parent_source TEXT" FK("source") ", "
	"parent_note TEXT, note TEXT, " ROW_META ");"

	"CREATE TABLE strategy (id TEXT PRIMARY KEY, " NAMES("name")
	"owners TEXT, lead_owner TEXT" FK("actor") ", "
	"lead_owner_source TEXT" FK("source") ", launched TEXT, period TEXT, "
	"n_measures_announced INTEGER, n_focus_areas INTEGER, "
	TEXTS("goal_summary")
	"parent_strategy TEXT" FK("strategy") ", "
	"follows_up TEXT" FK("strategy") ", "
	"origin_measure TEXT" FK("measure") ", follow_up_by TEXT, "
	"follow_up_source TEXT" FK("source") ", "
	"source TEXT NOT NULL" FK("source") ", also_sources TEXT, "
	"basis_note TEXT, notes TEXT, " ROW_META ");"

	"CREATE TABLE focus_area (id TEXT PRIMARY KEY, "
	"strategy TEXT NOT NULL" FK("strategy") ", no INTEGER, "
	NAMES("name") "source TEXT" FK("source") ", note TEXT, "
	ROW_META ");"
	"CREATE INDEX focus_area_strategy ON focus_area(strategy);"

	"CREATE TABLE arena (id TEXT PRIMARY KEY, " NAMES("name")
	TEXTS("mandate") "follows TEXT, "
	"convened_by TEXT" FK("actor") ", secretariat TEXT" FK("actor") ", "
	"chair TEXT, chair_source TEXT" FK("source") ", member_count INTEGER, "
	"presenters TEXT, status_hint TEXT, note TEXT, "
	"source TEXT" FK("source") ", " ROW_META ");"
	"CREATE TABLE arena_member (arena TEXT" FK_CASCADE("arena") ", "
	"actor TEXT NOT NULL" FK("actor") ", PRIMARY KEY (arena, actor));"
	"CREATE INDEX arena_member_actor ON arena_member(actor);"

	"CREATE TABLE scheme (id TEXT PRIMARY KEY, " NAMES("name")
	"administered_by TEXT" FK("actor") ", owner TEXT" FK("actor") ", "
	"partners TEXT, rounds TEXT, status_hint TEXT, note TEXT, "
	"source TEXT" FK("source") ", " ROW_META ");"
	"CREATE TABLE budget_line (scheme TEXT" FK_CASCADE("scheme") ", "
	"year INTEGER, amount_nok INTEGER, kind TEXT NOT NULL DEFAULT "
	"'allocation', source TEXT" FK("source") ", note TEXT);"
	"CREATE INDEX budget_line_scheme ON budget_line(scheme, year);"

	"CREATE TABLE measure (id TEXT PRIMARY KEY, "
	"strategy TEXT NOT NULL" FK("strategy") ", "
	"focus_area TEXT" FK("focus_area") ", no INTEGER, " NAMES("title")
	TEXTS("description")
	"certainty TEXT NOT NULL DEFAULT 'confirmed', certainty_note TEXT, "
	"state TEXT NOT NULL DEFAULT 'active', "
	"merged_into TEXT" FK("measure") ", start TEXT, deadline TEXT, "
	"arena TEXT" FK("arena") ", status_hint TEXT, status_sources TEXT, "
	"responsible_note TEXT, text_truncated INTEGER NOT NULL DEFAULT 0, "
	"source TEXT NOT NULL" FK("source") ", " ROW_META ");"
	"CREATE INDEX measure_strategy ON measure(strategy);"
	"CREATE INDEX measure_focus_area ON measure(focus_area);"

	"CREATE TABLE measure_actor (measure TEXT" FK_CASCADE("measure") ", "
	"actor TEXT NOT NULL" FK("actor") ", role TEXT NOT NULL CHECK (role "
	"IN ('lead','contributing','consulted')), note TEXT, "
	"PRIMARY KEY (measure, actor, role));"
	"CREATE INDEX measure_actor_actor ON measure_actor(actor);"

	"CREATE TABLE milestone (measure TEXT" FK_CASCADE("measure") ", "
	"id TEXT NOT NULL, title_nb TEXT NOT NULL, title_nn TEXT, "
	"title_en TEXT, due TEXT, done TEXT, source TEXT" FK("source") ", "
	"PRIMARY KEY (measure, id));"

	"CREATE TABLE allocation (measure TEXT" FK_CASCADE("measure") ", "
	"scheme TEXT NOT NULL" FK("scheme") ", year INTEGER, "
	"amount_nok INTEGER, source TEXT" FK("source") ", note TEXT);"
	"CREATE INDEX allocation_measure ON allocation(measure);"
	"CREATE INDEX allocation_scheme ON allocation(scheme, year);"

	"CREATE TABLE measure_link (id TEXT PRIMARY KEY, "
	"\"from\" TEXT NOT NULL" FK("measure") ", "
	"\"to\" TEXT NOT NULL" FK("measure") ", kind TEXT NOT NULL CHECK "
	"(kind IN ('depends_on','same_as','related')), "
	"basis TEXT NOT NULL DEFAULT 'stated', source TEXT" FK("source") ", "
	"reason TEXT, " ROW_META ");"
	"CREATE INDEX measure_link_from ON measure_link(\"from\");"
	"CREATE INDEX measure_link_to ON measure_link(\"to\");"

	"CREATE TABLE meeting (id TEXT PRIMARY KEY, "
	"arena TEXT NOT NULL" FK("arena") ", date TEXT, " NAMES("title")
	TEXTS("summary") "attendees TEXT, source TEXT" FK("source") ", "
	ROW_META ");"
	"CREATE TABLE decision (id TEXT PRIMARY KEY, "
	"meeting TEXT NOT NULL" FK("meeting") ", " TEXTS("text")
	"measures TEXT, source TEXT" FK("source") ", " ROW_META ");"

	"CREATE TABLE goal (id TEXT PRIMARY KEY, "
	"strategy TEXT" FK("strategy") ", " NAMES("name") "unit TEXT, "
	"baseline_value REAL, baseline_year INTEGER, target_value REAL, "
	"target_year INTEGER, indicator TEXT" FK("indicator") ", "
	"status_hint TEXT, note TEXT, source TEXT" FK("source") ", "
	ROW_META ");"

	"CREATE TABLE indicator (id TEXT PRIMARY KEY, " NAMES("name")
	"unit TEXT, direction TEXT NOT NULL DEFAULT 'higher', "
	"frequency TEXT NOT NULL DEFAULT 'annual', baseline_value REAL, "
	"baseline_year INTEGER, target_value REAL, target_year INTEGER, "
	"note TEXT, source TEXT" FK("source") ", " ROW_META ");"
	"CREATE TABLE observation (indicator TEXT" FK_CASCADE("indicator") ", "
	"period TEXT NOT NULL, period_start TEXT NOT NULL, "
	"period_end TEXT NOT NULL, value REAL, "
	"breakdown TEXT NOT NULL DEFAULT '', "
	"status TEXT NOT NULL DEFAULT 'final', status_code TEXT, "
	"source TEXT" FK("source") ", note TEXT);"
	"CREATE INDEX observation_indicator ON observation(indicator, "
	"period_start);"
	"CREATE TABLE indicator_measure (indicator TEXT"
	FK_CASCADE("indicator") ", measure TEXT NOT NULL" FK("measure") ", "
	"PRIMARY KEY (indicator, measure));"

	"CREATE TABLE stakeholder_input (id TEXT PRIMARY KEY, "
	"kind TEXT NOT NULL DEFAULT 'proposal', "
	"raised_by TEXT" FK("actor") ", date TEXT, title_nb TEXT, "
	"title_nn TEXT, title_en TEXT, " TEXTS("text")
	"strategies TEXT, actors TEXT, arenas TEXT, measures TEXT, "
	"schemes TEXT, source TEXT NOT NULL" FK("source") ", " ROW_META ");"
	"CREATE TABLE input_answer (input TEXT"
	FK_CASCADE("stakeholder_input") ", "
	"measure TEXT NOT NULL" FK("measure") ", " TEXTS("answer")
	"source TEXT" FK("source") ");"

	"CREATE TABLE reporting_period (id TEXT PRIMARY KEY, "
	"state TEXT NOT NULL DEFAULT 'open' CHECK (state IN "
	"('open','closed')), due TEXT, opened_at TEXT, closed_at TEXT);"

	"CREATE TABLE status_report (id TEXT PRIMARY KEY, "
	"measure TEXT NOT NULL" FK("measure") ", period TEXT NOT NULL, "
	"period_start TEXT NOT NULL, period_end TEXT NOT NULL, "
	"actor TEXT" FK("actor") ", kind TEXT NOT NULL DEFAULT 'status', "
	"state TEXT NOT NULL DEFAULT 'draft', status TEXT, progress INTEGER "
	"CHECK (progress BETWEEN 0 AND 100), done_text TEXT, "
	"milestones_text TEXT, next_steps TEXT, challenges TEXT, "
	"mitigations TEXT, links TEXT, comment TEXT, submitted_at TEXT, "
	"approved_at TEXT, " ROW_META ");"
	"CREATE INDEX status_report_measure ON status_report(measure, "
	"period_end);"

	/* Reserved for accounts and the audit log (next issue). */
	"CREATE TABLE app_user (id INTEGER PRIMARY KEY, "
	"username TEXT NOT NULL UNIQUE, display_name TEXT, email TEXT, "
	"role TEXT NOT NULL CHECK (role IN "
	"('admin','coordinator','reporter','reader')), password_hash TEXT, "
	"disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL "
	"DEFAULT " NOW ");"
	"CREATE TABLE user_actor (user_id INTEGER NOT NULL REFERENCES "
	"app_user(id) ON DELETE CASCADE, actor TEXT NOT NULL" FK("actor") ", "
	"PRIMARY KEY (user_id, actor));"
	"CREATE TABLE session (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL "
	"REFERENCES app_user(id) ON DELETE CASCADE, csrf TEXT NOT NULL, "
	"created_at TEXT NOT NULL, last_seen TEXT NOT NULL, "
	"expires_at TEXT NOT NULL);"
	"CREATE TABLE api_token (id INTEGER PRIMARY KEY, user_id INTEGER NOT "
	"NULL REFERENCES app_user(id) ON DELETE CASCADE, name TEXT, "
	"scope TEXT NOT NULL CHECK (scope IN ('read','write')), "
	"token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, "
	"last_used TEXT, revoked_at TEXT);"
	"CREATE TABLE audit_event (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
	"user_id INTEGER, token_id INTEGER, action TEXT NOT NULL, "
	"entity_type TEXT, entity_id TEXT, before_json TEXT, "
	"after_json TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);";

/* Accounts, sign-in throttling, one-time links, report history and
 * closure proposals (the reporting workflow). */
static const char m002_accounts_reporting[] =
	"ALTER TABLE app_user ADD COLUMN last_login_at TEXT;"
	"ALTER TABLE app_user ADD COLUMN password_changed_at TEXT;"
	"ALTER TABLE session ADD COLUMN address TEXT;"
	"ALTER TABLE api_token ADD COLUMN prefix TEXT;"
	"CREATE TABLE login_attempt (id INTEGER PRIMARY KEY, "
	"username TEXT, address TEXT, at TEXT NOT NULL, ok INTEGER NOT NULL);"
	"CREATE INDEX login_attempt_username ON login_attempt(username, at);"
	"CREATE INDEX login_attempt_address ON login_attempt(address, at);"
	"CREATE TABLE one_time_token (id INTEGER PRIMARY KEY, "
	"user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE, "
	"purpose TEXT NOT NULL CHECK (purpose IN ('invite','reset')), "
	"token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, "
	"expires_at TEXT NOT NULL, used_at TEXT);"
	"CREATE UNIQUE INDEX status_report_one ON status_report(measure, "
	"period, kind, coalesce(actor, '')) WHERE deleted_at IS NULL;"
	"CREATE TABLE status_report_version (report TEXT NOT NULL"
	FK("status_report") ", revision INTEGER NOT NULL, at TEXT NOT NULL, "
	"user_id INTEGER, state TEXT NOT NULL, snapshot TEXT NOT NULL, "
	"PRIMARY KEY (report, revision));"
	"CREATE TABLE measure_closure (id INTEGER PRIMARY KEY, "
	"measure TEXT NOT NULL" FK("measure") ", outcome TEXT NOT NULL CHECK "
	"(outcome IN ('completed','merged','cancelled')), "
	"merged_into TEXT" FK("measure") ", reason TEXT NOT NULL, "
	"proposed_by INTEGER, proposed_at TEXT NOT NULL, state TEXT NOT NULL "
	"DEFAULT 'proposed' CHECK (state IN ('proposed','confirmed',"
	"'refused')), decided_by INTEGER, decided_at TEXT, "
	"decision_comment TEXT);"
	"CREATE INDEX measure_closure_measure ON measure_closure(measure);";

/*
 * Coordination findings that a coordinator marked, and one key per
 * observation so that importing the same statistics twice changes nothing
 * (the seed keeps conflicting figures from different sources as separate
 * rows, hence the source in the key).
 */
static const char m003_findings_observations[] =
	"CREATE TABLE finding_state (finding TEXT PRIMARY KEY, "
	"state TEXT NOT NULL CHECK (state IN ('open','handled',"
	"'not_relevant')), comment TEXT, user_id INTEGER, at TEXT NOT NULL);"
	"CREATE UNIQUE INDEX observation_key ON observation(indicator, period, "
	"breakdown, coalesce(source, ''));";

/*
 * Search (#5): search_fts is the full-text index (store/search.c), with
 * the Norwegian stemming tokenizer of store/search_tokenizer.c; titles
 * weigh ten times the text, ids and report text twice, and the tags
 * (kind and visibility, for filtering) nothing. search_doc names
 * what each index row is (its rowid is the index's). The triggers only
 * write down, in search_dirty, which rows changed: plain SQL, so that any
 * connection may still write these tables (the sqlite3 shell has not got
 * the tokenizer). store/search.c reindexes what is listed before each
 * search. Everything there now is listed, so the first search builds the
 * index.
 */
#define SEARCH_DIRTY(kind, row) \
	"INSERT INTO search_dirty (kind, ref) SELECT '" kind "', " row ".id " \
	"WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = '" kind \
	"' AND ref = " row ".id);"
#define SEARCH_TRIGGERS(table, kind) \
	"CREATE TRIGGER search_" table "_insert AFTER INSERT ON " table \
	" BEGIN " SEARCH_DIRTY(kind, "new") " END;" \
	"CREATE TRIGGER search_" table "_update AFTER UPDATE ON " table \
	" BEGIN " SEARCH_DIRTY(kind, "old") SEARCH_DIRTY(kind, "new") " END;" \
	"CREATE TRIGGER search_" table "_delete AFTER DELETE ON " table \
	" BEGIN " SEARCH_DIRTY(kind, "old") " END;"

static const char m004_search[] =
	"CREATE TABLE search_doc (id INTEGER PRIMARY KEY, "
	"kind TEXT NOT NULL CHECK (kind IN ('measure','actor','report')), "
	"ref TEXT NOT NULL, UNIQUE (kind, ref));"
	"CREATE VIRTUAL TABLE search_fts USING fts5(title_nb, title_nn, "
	"title_en, text_nb, text_nn, text_en, text_any, tags, "
	"tokenize = '" SEARCH_TOKENIZER "');"
	"INSERT INTO search_fts (search_fts, rank) VALUES ('rank', "
	"'bm25(10.0, 10.0, 10.0, 1.0, 1.0, 1.0, 2.0, 0.0)');"
	"CREATE TABLE search_dirty (kind TEXT NOT NULL, ref TEXT NOT NULL);"
	"CREATE INDEX search_dirty_key ON search_dirty(kind, ref);"
	SEARCH_TRIGGERS("measure", "measure")
	SEARCH_TRIGGERS("actor", "actor")
	SEARCH_TRIGGERS("status_report", "report")
	/* A measure deleted or restored hides or shows its reports. */
	"CREATE TRIGGER search_measure_reports AFTER UPDATE OF deleted_at "
	"ON measure WHEN old.deleted_at IS NOT new.deleted_at BEGIN "
	"INSERT INTO search_dirty (kind, ref) SELECT 'report', r.id FROM "
	"status_report r WHERE r.measure = new.id AND NOT EXISTS (SELECT 1 "
	"FROM search_dirty q WHERE q.kind = 'report' AND q.ref = r.id); END;"
	"INSERT INTO search_dirty (kind, ref) SELECT 'measure', id FROM measure;"
	"INSERT INTO search_dirty (kind, ref) SELECT 'actor', id FROM actor;"
	"INSERT INTO search_dirty (kind, ref) SELECT 'report', id "
	"FROM status_report;";

/* What the portal's pages look up by time: the newest approved reports
 * (the front page) and the audit log since a date (what changed). */
static const char m005_portal_indexes[] =
	"CREATE INDEX status_report_approved ON status_report(approved_at) "
	"WHERE kind = 'status' AND state = 'approved' AND deleted_at IS NULL;"
	"CREATE INDEX audit_event_at ON audit_event(at);";

/* observation_key (indicator, period, ...) serves every lookup by
 * indicator that observation_indicator did; one B-tree fewer to write per
 * observation makes a bulk import of statistics faster (docs/
 * data-exchange.md, "Speed"). */
static const char m006_observation_index[] =
	"DROP INDEX observation_indicator;";

/*
 * One B-tree for observations instead of two: the table keyed on what
 * identifies an observation, WITHOUT ROWID, replaces the rowid table and
 * its unique index observation_key. A million-value import writes a third
 * fewer pages and does one B-tree insert a row (docs/data-exchange.md,
 * "Speed"). A primary key cannot hold NULL, so the key carries source_key
 * ('' for no source) beside source, which keeps its foreign key; the
 * CHECK keeps the two the same for every writer.
 */
static const char m007_observation_without_rowid[] =
	"CREATE TABLE observation_new (indicator TEXT"
	FK_CASCADE("indicator") ", "
	"period TEXT NOT NULL, period_start TEXT NOT NULL, "
	"period_end TEXT NOT NULL, value REAL, "
	"breakdown TEXT NOT NULL DEFAULT '', "
	"status TEXT NOT NULL DEFAULT 'final', status_code TEXT, "
	"source TEXT" FK("source") ", note TEXT, "
	"source_key TEXT NOT NULL DEFAULT '' "
	"CHECK (source_key = coalesce(source, '')), "
	"PRIMARY KEY (indicator, period, breakdown, source_key)) "
	"WITHOUT ROWID;"
	"INSERT INTO observation_new (indicator, period, period_start, "
	"period_end, value, breakdown, status, status_code, source, note, "
	"source_key) SELECT indicator, period, period_start, period_end, "
	"value, breakdown, status, status_code, source, note, "
	"coalesce(source, '') FROM observation;"
	"DROP TABLE observation;"
	"ALTER TABLE observation_new RENAME TO observation;";

static const char *const migrations[] = {
	m001_core,
	m002_accounts_reporting,
	m003_findings_observations,
	m004_search,
	m005_portal_indexes,
	m006_observation_index,
	m007_observation_without_rowid,
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_schema_latest(void)
{
	return NMIGRATIONS;
}

int store_schema_version(struct store *st, int *out, struct err *err)
{
	static const char probe[] =
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' "
		"AND name = 'schema_version'";
	static const char sql[] =
		"SELECT coalesce(max(version), 0) FROM schema_version";
	struct store_stmt *q = NULL;
	int rc = -1;

	*out = 0;
	if (store_prepare(st, probe, &q, err) < 0)
		return -1;
	if (store_step(q, err) != STORE_ROW)
		goto done;
	if (store_col_int64(q, 0) == 0) {
		rc = 0;
		goto done;
	}
	store_finalize(q);
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_step(q, err) != STORE_ROW)
		goto done;
	*out = (int)store_col_int64(q, 0);
	rc = 0;
done:
	store_finalize(q);
	return rc;
}

static int record_version(struct store *st, int version, struct err *err)
{
	static const char sql[] =
		"INSERT INTO schema_version (version, applied_at) "
		"VALUES (?1, " NOW ")";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, version, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

int store_migrate(struct store *st, int *applied, struct err *err)
{
	return store_migrate_to(st, NMIGRATIONS, applied, err);
}

int store_migrate_to(struct store *st, int target, int *applied,
		     struct err *err)
{
	int current;

	if (applied)
		*applied = 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (store_schema_version(st, &current, err) < 0)
		goto fail;
	if (current > NMIGRATIONS) {
		err_set(err, ERR_CONFLICT,
			_("the database is at schema version %d, newer than "
			  "this program knows (%d); use a newer veikart"),
			current, NMIGRATIONS);
		goto fail;
	}
	if (current == 0 &&
	    store_exec(st, "CREATE TABLE schema_version (version INTEGER "
			   "PRIMARY KEY, applied_at TEXT NOT NULL)", err) < 0)
		goto fail;
	if (target > NMIGRATIONS)
		target = NMIGRATIONS;
	for (int v = current + 1; v <= target; v++) {
		if (store_exec(st, migrations[v - 1], err) < 0 ||
		    record_version(st, v, err) < 0)
			goto fail;
		if (applied)
			(*applied)++;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}
