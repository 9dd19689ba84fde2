/*
 * store/search.c: SQL for the search index (see search.h). Static
 * statements with bound values; the FTS5 expression is bound too, never
 * pasted. It decides nothing about who sees what: the caller says whether
 * unapproved reports count.
 *
 * The index is kept by refreshing, not by triggers that write it: a
 * trigger that fed search_fts would need the tokenizer on every
 * connection that writes a measure, the sqlite3 shell included. So the
 * triggers (migrations.c, m004) only list changed rows in search_dirty,
 * and store_search_refresh reindexes them, set-wise, a batch at a time.
 *
 * Ownership: json_t values returned are the caller's.
 */
#include "store/search.h"

#include <string.h>

#include "util/buf.h"

/*
 * Words in the index's tags column: what a row is, and who may find it.
 * Plain letters that the stemmer leaves as they are (and a query goes
 * through the same stemmer anyway); the caller's words never reach this
 * column (kind_match). A report of a deleted measure gets no visibility
 * tag, so nobody finds it.
 */
#define TAG_MEASURE "vkmeas"
#define TAG_ACTOR "vkact"
#define TAG_REPORT "vkrep"
#define TAG_PUBLIC "vkpub"
#define TAG_PRIVATE "vkpriv"

/* Text as indexed: the two marker characters can never come from data. */
#define CLEAN(x) "replace(replace(" x ", char(1), ' '), char(2), ' ')"

/* The changed rows of this batch, once each: a temporary table filled
 * from search_dirty by rowid (a DISTINCT over search_dirty itself would
 * walk its whole (kind, ref) index for every statement). */
#define BATCH "temp.search_batch"

static const char batch_begin_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS search_batch (kind TEXT NOT NULL, "
    "ref TEXT NOT NULL, PRIMARY KEY (kind, ref)) WITHOUT ROWID;"
    "DELETE FROM " BATCH;
/* ?1: the newest search_dirty rowid in the batch. */
static const char batch_fill_sql[] =
    "INSERT OR IGNORE INTO " BATCH " (kind, ref) SELECT kind, ref "
    "FROM search_dirty WHERE rowid <= ?1";
static const char batch_done_sql[] =
    "DELETE FROM search_dirty WHERE rowid <= ?1";

/* SQL laid out by hand below: the formatter would split the string
 * literals around the macro arguments. */
/* clang-format off */

/* The reports' texts in one column, " · " between them. */
#define REPORT_TEXT                                                        \
	"rtrim(coalesce(r.done_text || ' · ', '') || "                     \
	"coalesce(r.milestones_text || ' · ', '') || "                     \
	"coalesce(r.challenges || ' · ', '') || "                          \
	"coalesce(r.mitigations || ' · ', '') || "                         \
	"coalesce(r.next_steps, ''), ' ·')"
/* Joins from the batch (CROSS JOIN fixes the order: the planner knows
 * nothing of the temporary table and would otherwise walk all measures
 * looking each up in it) to the index rows of this batch. */
#define BATCH_DOCS                                                         \
	" FROM " BATCH " q CROSS JOIN search_doc d "                        \
	"ON d.kind = q.kind AND d.ref = q.ref "

/* Reindexes the rows in the batch: out with the old, in with what is
 * there now, in this order. */
static const char *const reindex_sql[] = {
	"DELETE FROM search_fts WHERE rowid IN (SELECT d.id" BATCH_DOCS ")",
	"DELETE FROM search_doc WHERE id IN (SELECT d.id" BATCH_DOCS ")",

	"INSERT OR IGNORE INTO search_doc (kind, ref) "
	"SELECT 'measure', m.id FROM " BATCH " q "
	"CROSS JOIN measure m ON m.id = q.ref "
	"WHERE q.kind = 'measure' AND m.deleted_at IS NULL",
	"INSERT INTO search_fts (rowid, title_nb, title_nn, title_en, "
	"text_nb, text_nn, text_en, text_any, tags) "
	"SELECT d.id, " CLEAN("m.title_nb") ", " CLEAN("m.title_nn") ", "
	CLEAN("m.title_en") ", " CLEAN("m.description_nb") ", "
	CLEAN("m.description_nn") ", " CLEAN("m.description_en") ", "
	CLEAN("m.id") ", '" TAG_MEASURE " " TAG_PUBLIC "'" BATCH_DOCS
	"CROSS JOIN measure m ON m.id = d.ref WHERE q.kind = 'measure'",

	"INSERT OR IGNORE INTO search_doc (kind, ref) "
	"SELECT 'actor', a.id FROM " BATCH " q "
	"CROSS JOIN actor a ON a.id = q.ref "
	"WHERE q.kind = 'actor' AND a.deleted_at IS NULL",
	"INSERT INTO search_fts (rowid, title_nb, title_nn, title_en, "
	"text_any, tags) "
	"SELECT d.id, " CLEAN("a.name_nb") ", " CLEAN("a.name_nn") ", "
	CLEAN("a.name_en") ", " CLEAN("a.id || coalesce(' ' || a.orgnr, '')")
	", '" TAG_ACTOR " " TAG_PUBLIC "'" BATCH_DOCS
	"CROSS JOIN actor a ON a.id = d.ref WHERE q.kind = 'actor'",

	/* Every state: drafts are found by those who may read them. The
	 * coordinator's comment is not indexed: the public never sees it. */
	"INSERT OR IGNORE INTO search_doc (kind, ref) "
	"SELECT 'report', r.id FROM " BATCH " q "
	"CROSS JOIN status_report r ON r.id = q.ref "
	"WHERE q.kind = 'report' AND r.deleted_at IS NULL",
	"INSERT INTO search_fts (rowid, text_any, tags) "
	"SELECT d.id, " CLEAN(REPORT_TEXT) ", '" TAG_REPORT "' || "
	"CASE WHEN m.deleted_at IS NOT NULL THEN '' "
	"WHEN r.state = 'approved' THEN ' " TAG_PUBLIC "' "
	"ELSE ' " TAG_PRIVATE "' END" BATCH_DOCS
	"CROSS JOIN status_report r ON r.id = d.ref "
	"CROSS JOIN measure m ON m.id = r.measure WHERE q.kind = 'report'",

	"DELETE FROM " BATCH,
};
/* clang-format on */

int store_search_pending(struct store *st, bool *out, struct err *err)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM search_dirty)";
	struct store_stmt *q = NULL;
	int rc = -1;

	*out = false;
	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_step(q, err) == STORE_ROW) {
		*out = store_col_int64(q, 0) != 0;
		rc = 0;
	}
	store_finalize(q);
	return rc;
}

/* The newest rowid among the oldest `batch` listed rows; 0 for none. */
static int batch_end(struct store *st, int64_t batch, int64_t *out,
		     struct err *err)
{
	static const char sql[] =
	    "SELECT coalesce(max(rowid), 0) FROM (SELECT rowid FROM "
	    "search_dirty ORDER BY rowid LIMIT ?1)";
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, batch, err) == 0 &&
	    store_step(q, err) == STORE_ROW) {
		*out = store_col_int64(q, 0);
		rc = 0;
	}
	store_finalize(q);
	return rc;
}

static int run_upto(struct store *st, const char *sql, int64_t upto,
		    struct err *err)
{
	struct store_stmt *q = NULL;
	int rc = -1;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	if (store_bind_int64(q, 1, upto, err) == 0 &&
	    store_step(q, err) == STORE_DONE)
		rc = 0;
	store_finalize(q);
	return rc;
}

int store_search_refresh(struct store *st, int64_t batch, struct err *err)
{
	int64_t upto = 0;

	if (batch_end(st, batch, &upto, err) < 0)
		return -1;
	if (upto == 0)
		return 0;
	if (store_exec(st, batch_begin_sql, err) < 0 ||
	    run_upto(st, batch_fill_sql, upto, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(reindex_sql) / sizeof(reindex_sql[0]);
	     i++)
		if (store_exec(st, reindex_sql[i], err) < 0)
			return -1;
	return run_upto(st, batch_done_sql, upto, err);
}

/* ---- queries ---- */

/*
 * The whole FTS5 expression for one kind: the caller's words in the text
 * columns only, and the tags column's own words for the kind and who may
 * see the row, so that FTS5 itself filters, ranks only what is shown and
 * stops after the limit. The live tables are still joined below as a
 * second guard (cheap: only the rows returned).
 */
static void kind_match(struct buf *b, const char *match, enum search_kind kind,
		       bool all_reports)
{
	static const char *const kind_tag[] = {TAG_MEASURE, TAG_ACTOR,
					       TAG_REPORT};

	buf_reset(b);
	buf_addstr(b, "- {tags} : (");
	buf_addstr(b, match);
	buf_addstr(b, ") AND tags : ");
	buf_addstr(b, kind_tag[kind]);
	buf_addstr(b, all_reports ? " AND tags : (" TAG_PUBLIC
				    " OR " TAG_PRIVATE ")"
				  : " AND tags : " TAG_PUBLIC);
}

int store_search_count(struct store *st, const char *match, bool all_reports,
		       int64_t counts[SEARCH_KINDS], struct err *err)
{
	static const char sql[] =
	    "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1";
	struct store_stmt *q = NULL;
	struct buf expr = BUF_INIT;
	int rc = 0;

	if (store_prepare(st, sql, &q, err) < 0)
		return -1;
	for (int k = 0; k < SEARCH_KINDS && rc == 0; k++) {
		kind_match(&expr, match, (enum search_kind)k, all_reports);
		rc = -1;
		if (store_bind_text(q, 1, buf_cstr(&expr), err) == 0 &&
		    store_step(q, err) == STORE_ROW) {
			counts[k] = store_col_int64(q, 0);
			rc = 0;
		}
		store_reset(q);
	}
	store_finalize(q);
	buf_release(&expr);
	return rc;
}

#define MARKS "char(1), char(2)"
#define HIGHLIGHT(col) "highlight(search_fts, " col ", " MARKS ")"
/* About two lines of text around the best match of the column. */
#define SNIPPET(col) "snippet(search_fts, " col ", " MARKS ", '…', 24)"
/* ?1 the expression (kind_match), ?2 the limit. The index is the outer
 * loop (CROSS JOIN), so FTS5 delivers rows best first and the LIMIT
 * stops it: highlight and snippet run for the rows shown only. */
#define FROM_INDEX                                                             \
	" FROM search_fts CROSS JOIN search_doc d ON d.id = search_fts.rowid "
#define BEST "ORDER BY search_fts.rank LIMIT ?2"

/* clang-format off */
static const char measure_sql[] =
    "SELECT d.ref, " HIGHLIGHT("0") ", " HIGHLIGHT("1") ", " HIGHLIGHT(
	"2") ", " SNIPPET("3") ", " SNIPPET("4") ", " SNIPPET("5") ", " SNIPPET("6")
	FROM_INDEX "JOIN measure m ON m.id = d.ref "
		   "WHERE search_fts MATCH ?1 AND m.deleted_at IS NULL " BEST;
static const char *const measure_cols[] = {"id",       "title_nb", "title_nn",
					   "title_en", "text_nb",  "text_nn",
					   "text_en",  "text_any", NULL};

static const char actor_sql[] = "SELECT d.ref, a.kind, " HIGHLIGHT(
    "0") ", " HIGHLIGHT("1") ", " HIGHLIGHT("2") ", " SNIPPET("6") FROM_INDEX
    "JOIN actor a ON a.id = d.ref WHERE search_fts MATCH ?1 "
    "AND a.deleted_at IS NULL " BEST;
static const char *const actor_cols[] = {
    "id", "kind", "title_nb", "title_nn", "title_en", "text_any", NULL};

/* The state is checked against the row as well: the tags say the same,
 * but a report must never show more than its state allows. */
static const char
    report_sql[] = "SELECT d.ref, r.measure, r.period, r.kind, r.state, "
		   "r.status, " CLEAN("m.title_nb") ", " CLEAN(
		       "m.title_nn") ", " CLEAN("m.title_en") ", " SNIPPET("6")
		       FROM_INDEX
    "JOIN status_report r ON r.id = d.ref "
    "JOIN measure m ON m.id = r.measure WHERE search_fts MATCH ?1 AND "
    "r.deleted_at IS NULL AND m.deleted_at IS NULL AND "
    "(?3 OR r.state = 'approved') " BEST;
static const char *const report_cols[] = {
    "id",	"measure",  "period",	"kind",	    "state", "status",
    "title_nb", "title_nn", "title_en", "text_any", NULL};

/* clang-format on */

/* One row as an object of the named text columns; NULL and "" left out. */
static json_t *row_object(struct store_stmt *q, const char *const *cols)
{
	json_t *o = json_object();

	for (int i = 0; cols[i]; i++) {
		const char *s = store_col_text(q, i);

		if (s && s[0])
			json_object_set_new(o, cols[i], json_string(s));
	}
	return o;
}

json_t *store_search_hits(struct store *st, const char *match,
			  enum search_kind kind, bool all_reports,
			  int64_t limit, struct err *err)
{
	const char *sql = kind == SEARCH_MEASURE ? measure_sql
			  : kind == SEARCH_ACTOR ? actor_sql
						 : report_sql;
	const char *const *cols = kind == SEARCH_MEASURE ? measure_cols
				  : kind == SEARCH_ACTOR ? actor_cols
							 : report_cols;
	struct store_stmt *q = NULL;
	enum store_step_result r = STORE_ERROR;
	struct buf expr = BUF_INIT;
	json_t *out;

	if (store_prepare(st, sql, &q, err) < 0)
		return NULL;
	out = json_array();
	kind_match(&expr, match, kind, all_reports);
	if (store_bind_text(q, 1, buf_cstr(&expr), err) < 0 ||
	    store_bind_int64(q, 2, limit, err) < 0 ||
	    (kind == SEARCH_REPORT &&
	     store_bind_int64(q, 3, all_reports, err) < 0))
		goto done;
	while ((r = store_step(q, err)) == STORE_ROW)
		json_array_append_new(out, row_object(q, cols));
done:
	store_finalize(q);
	buf_release(&expr);
	if (r != STORE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
