/*
 * tests/test_search.c: the search. The tokenizer on its own (Norwegian
 * stems, æ/ø/å kept apart from ae/o/a, case folded, marks around what
 * matched); the service on a small dataset (stems, prefixes, every
 * language variant, drafts found only by readers, FTS5 syntax in the
 * text harmless, the index following inserts, updates and deletes made
 * any way, text too long or not UTF-8 refused); and the page through the
 * route table (three languages, marks as <mark> around escaped text,
 * counts, no-result tips, the 400 page).
 */
#include "fixture.h"

#include "http/router.h"
#include "model/principal.h"
#include "service/app.h"
#include "service/import.h"
#include "service/search.h"
#include "web/routes.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static const char data[] = HEAD
    "\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\"}],\n"
    "\"actors\": [{\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\", "
    "\"name_en\": \"Innovation Norway\", \"kind\": \"agency\", "
    "\"orgnr\": \"986399445\"},"
    " {\"id\": \"HN\", \"name_nb\": \"Helsenæringens råd\", "
    "\"name_nn\": \"Helsenæringa sitt råd\"}],\n"
    "\"strategies\": [{\"id\": \"A\", \"name_nb\": \"Veikart\", "
    "\"source\": \"S1\"}],\n"
    "\"measures\": [\n"
    " {\"id\": \"M1\", \"strategy\": \"A\", \"title_nb\": \"Bedre "
    "kapitaltilgang for helsenæringen\", \"title_en\": \"Better access "
    "to capital\", \"description_nb\": \"Tiltaket skal gi bedriftene "
    "lettere tilgang til kapital.\", \"source\": \"S1\"},\n"
    " {\"id\": \"M2\", \"strategy\": \"A\", \"title_nb\": \"Et tiltak "
    "for helsedata\", \"title_nn\": \"Eit tiltak for helsedata\", "
    "\"description_nn\": \"Tiltaket gjeld deling av helsedata.\", "
    "\"source\": \"S1\"},\n"
    " {\"id\": \"M3\", \"strategy\": \"A\", \"title_nb\": "
    "\"<script>alert(1)</script> & \\\"æøå\\\" bør\", \"source\": "
    "\"S1\"},\n"
    " {\"id\": \"M4\", \"strategy\": \"A\", \"title_nb\": \"Helsenaeringen "
    "uten æ\", \"source\": \"S1\"}],\n"
    "\"reports\": [\n"
    " {\"id\": \"R1\", \"measure\": \"M1\", \"period\": \"2025-T1\", "
    "\"state\": \"approved\", \"status\": \"on_track\", \"progress\": 30,"
    " \"done_text\": \"Søknadsrunden er gjennomført med god "
    "oppslutning.\", \"approved_at\": \"2025-05-10T10:00:00Z\"},\n"
    " {\"id\": \"R2\", \"measure\": \"M1\", \"period\": \"2025-T2\", "
    "\"state\": \"submitted\", \"status\": \"delayed\", \"done_text\": "
    "\"Hemmelig utkast om forsinkelser.\"},\n"
    " {\"id\": \"R3\", \"measure\": \"M2\", \"period\": \"2025-T2\", "
    "\"state\": \"draft\", \"next_steps\": \"Hemmelig plan.\"}]}\n";

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	if (service_import(fx->st, "s.json", data, strlen(data), &res, NULL,
			   &err) < 0)
		fail_msg("import: %s", err.msg);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

static void exec(struct store *st, const char *sql)
{
	struct err err = ERR_INIT;

	if (store_exec(st, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

/* ---- the tokenizer alone ---- */

/* Rows of table t matching an FTS5 expression. */
static int64_t matches(struct store *st, const char *expr)
{
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;
	int64_t n;

	assert_int_equal(store_prepare(st,
				       "SELECT count(*) FROM t WHERE t "
				       "MATCH ?1",
				       &q, &err),
			 0);
	assert_int_equal(store_bind_text(q, 1, expr, &err), 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	n = store_col_int64(q, 0);
	store_finalize(q);
	return n;
}

static void tokenizer_table(struct store *st)
{
	exec(st, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = "
		 "'veikart_norwegian');"
		 "INSERT INTO t (rowid, x) VALUES (1, 'Et nytt tiltak'), "
		 "(2, 'Helsenæringen i Norge'), (3, 'Hva vi bør gjøre'), "
		 "(4, 'helsenaeringen uten ae');");
}

static void test_tokenizer_stems_norwegian(void **state)
{
	struct fixture *fx = *state;

	tokenizer_table(fx->st);
	assert_int_equal(matches(fx->st, "\"tiltakene\""), 1);
	assert_int_equal(matches(fx->st, "\"tiltaket\""), 1);
	assert_int_equal(matches(fx->st, "\"helsenæringa\""), 1);
	assert_int_equal(matches(fx->st, "\"nytt\" \"tiltak\""), 1);
}

static void test_tokenizer_keeps_aeoa_apart(void **state)
{
	struct fixture *fx = *state;
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;

	tokenizer_table(fx->st);
	/* æ is not folded to ae, nor ø to o ... */
	assert_int_equal(matches(fx->st, "\"helsenaeringen\""), 1);
	assert_int_equal(matches(fx->st, "\"helsenæringen\""), 1);
	assert_int_equal(matches(fx->st, "\"bor\""), 0);
	assert_int_equal(matches(fx->st, "\"bør\""), 1);
	/* ... but case is, Æ too. */
	assert_int_equal(matches(fx->st, "\"HELSENÆRINGEN\""), 1);
	assert_int_equal(matches(fx->st, "\"BØR\""), 1);
	/* Which row matched: the one with æ, not the other. */
	assert_int_equal(store_prepare(fx->st,
				       "SELECT rowid FROM t WHERE t "
				       "MATCH '\"Helsenæringen\"'",
				       &q, &err),
			 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	assert_int_equal(store_col_int64(q, 0), 2);
	assert_int_equal(store_step(q, &err), STORE_DONE);
	store_finalize(q);
}

static void test_tokenizer_marks_words_as_written(void **state)
{
	struct fixture *fx = *state;
	struct store_stmt *q = NULL;
	struct err err = ERR_INIT;

	tokenizer_table(fx->st);
	assert_int_equal(store_prepare(fx->st,
				       "SELECT highlight(t, 0, "
				       "char(1), char(2)) FROM t WHERE t "
				       "MATCH '\"helsenæringer\"'",
				       &q, &err),
			 0);
	assert_int_equal(store_step(q, &err), STORE_ROW);
	assert_string_equal(store_col_text(q, 0),
			    "\x01Helsenæringen\x02 i Norge");
	store_finalize(q);
}

/* ---- the service ---- */

static struct search_result find(struct store *st, const struct principal *who,
				 const char *q)
{
	struct search_result r;
	struct err err = ERR_INIT;

	if (service_search(st, who, q, -1, 20, &r, &err) < 0)
		fail_msg("search %s: %s", q, err.msg);
	return r;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t **)a, "id")),
		      json_string_value(json_object_get(*(json_t **)b, "id")));
}

/* The ids of kind k's hits, space-separated: best first, or sorted. */
static void ids(const struct search_result *r, int k, bool sorted, char *out,
		size_t n)
{
	json_t *list[64];
	size_t count = json_array_size(r->hits[k]);

	assert_true(count <= 64);
	out[0] = '\0';
	for (size_t i = 0; i < count; i++)
		list[i] = json_array_get(r->hits[k], i);
	if (sorted)
		qsort(list, count, sizeof(list[0]), by_id);
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(out);

		snprintf(out + len, n - len, "%s%s", len ? " " : "",
			 json_string_value(json_object_get(list[i], "id")));
	}
}

static void check_ids(struct store *st, const struct principal *who,
		      const char *q, int k, bool sorted, const char *want)
{
	struct search_result r = find(st, who, q);
	char got[256];

	ids(&r, k, sorted, got, sizeof(got));
	if (strcmp(got, want))
		fail_msg("%s: got \"%s\", want \"%s\"", q, got, want);
	search_result_release(&r);
}

/* Which records of kind k match q (in id order). */
#define assert_ids(st, who, q, k, want)                                        \
	check_ids((st), (who), (q), (k), true, (want))
/* The same, best first. */
#define assert_ranked(st, who, q, k, want)                                     \
	check_ids((st), (who), (q), (k), false, (want))

static void test_stems_prefixes_languages(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;

	/* A title weighs more than a description. */
	assert_ranked(st, NULL, "tiltakene", SEARCH_MEASURE, "M2 M1");
	assert_ids(st, NULL, "kapitalen", SEARCH_MEASURE, "M1");
	assert_ids(st, NULL, "Helsenæringen", SEARCH_MEASURE, "M1");
	assert_ids(st, NULL, "helsenaeringen", SEARCH_MEASURE, "M4");
	assert_ids(st, NULL, "helse*", SEARCH_MEASURE, "M1 M2 M4");
	/* Every language variant is searched. */
	assert_ids(st, NULL, "capital", SEARCH_MEASURE, "M1");
	assert_ids(st, NULL, "gjeld", SEARCH_MEASURE, "M2");
	assert_ids(st, NULL, "innovation", SEARCH_ACTOR, "IN");
	assert_ids(st, NULL, "helsenæringa", SEARCH_ACTOR, "HN");
	/* Ids and organisation numbers too; all words are required. */
	assert_ids(st, NULL, "M3", SEARCH_MEASURE, "M3");
	assert_ids(st, NULL, "986399445", SEARCH_ACTOR, "IN");
	assert_ids(st, NULL, "kapital helsedata", SEARCH_MEASURE, "");
}

static void test_marks_around_matches(void **state)
{
	struct fixture *fx = *state;
	struct search_result r = find(fx->st, NULL, "kapitalen");
	json_t *hit = json_array_get(r.hits[SEARCH_MEASURE], 0);

	assert_int_equal(r.counts[SEARCH_MEASURE], 1);
	assert_string_equal(json_string_value(json_object_get(hit, "title_nb")),
			    "Bedre kapitaltilgang for helsenæringen");
	assert_string_equal(json_string_value(json_object_get(hit, "text_nb")),
			    "Tiltaket skal gi bedriftene lettere tilgang til "
			    "\x01kapital\x02.");
	search_result_release(&r);
	r = find(fx->st, NULL, "alert");
	hit = json_array_get(r.hits[SEARCH_MEASURE], 0);
	assert_string_equal(json_string_value(json_object_get(hit, "title_nb")),
			    "<script>\x01"
			    "alert\x02(1)</script> & \"æøå\" bør");
	search_result_release(&r);
}

static void test_unapproved_reports_hidden(void **state)
{
	struct fixture *fx = *state;
	struct principal reader = PRINCIPAL_ANONYMOUS;
	struct search_result r;

	reader.user_id = 7;
	reader.role = ROLE_READER;
	assert_ids(fx->st, NULL, "søknadsrunden", SEARCH_REPORT, "R1");
	r = find(fx->st, NULL, "hemmelig");
	assert_int_equal(r.total, 0);
	search_result_release(&r);
	r = find(fx->st, &reader, "hemmelig");
	assert_int_equal(r.counts[SEARCH_REPORT], 2);
	search_result_release(&r);
	/* Once approved, the public finds it. */
	exec(fx->st, "UPDATE status_report SET state = 'approved' "
		     "WHERE id = 'R2'");
	assert_ids(fx->st, NULL, "hemmelig", SEARCH_REPORT, "R2");
	/* Sent back, it is gone again. */
	exec(fx->st, "UPDATE status_report SET state = 'returned' "
		     "WHERE id = 'R2'");
	assert_ids(fx->st, NULL, "hemmelig", SEARCH_REPORT, "");
	/* The reports of a deleted measure are nobody's to find. */
	exec(fx->st, "UPDATE measure SET deleted_at = '2026-01-01' "
		     "WHERE id = 'M1'");
	assert_ids(fx->st, NULL, "søknadsrunden", SEARCH_REPORT, "");
	assert_ids(fx->st, &reader, "hemmelig", SEARCH_REPORT, "R3");
	exec(fx->st, "UPDATE measure SET deleted_at = NULL WHERE id = 'M1'");
	assert_ids(fx->st, NULL, "søknadsrunden", SEARCH_REPORT, "R1");
}

static void test_fts_syntax_is_text(void **state)
{
	static const char *const qs[] = {
	    "\"",
	    "\"\"",
	    "\"kapital",
	    "kapital\"",
	    "NEAR(kapital tiltak)",
	    "kapital OR helsedata",
	    "kapital AND",
	    "NOT kapital",
	    "-kapital",
	    "+kapital",
	    "(",
	    ")",
	    "*",
	    "**",
	    "^kapital",
	    "title_nb:kapital",
	    "{title_nb title_en}: kapital",
	    "kapital*\"",
	    "\"*\" OR *",
	    "rowid=1",
	    "'; DROP TABLE measure; --",
	    "«»",
	    "…",
	    "\\",
	    ":",
	    "kapital NEAR/2 tiltak",
	};
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		struct search_result r = find(fx->st, NULL, qs[i]);

		search_result_release(&r);
	}
	/* Operators are words like any other: all required, quoted. */
	assert_ids(fx->st, NULL, "-kapital", SEARCH_MEASURE, "M1");
	assert_ids(fx->st, NULL, "title_nb:kapital", SEARCH_MEASURE, "");
	assert_int_equal(search_expression("a\"b NEAR( *x* \t ** «»", &b), 4);
	assert_string_equal(buf_cstr(&b),
			    "\"a\"\"b\" \"NEAR(\" \"*x\" * \"«»\"");
	buf_release(&b);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM measure"),
			 4);
}

static void test_index_follows_writes(void **state)
{
	struct fixture *fx = *state;
	struct store *st = fx->st;
	struct search_result r;

	assert_ids(st, NULL, "romfart", SEARCH_MEASURE, "");
	exec(st, "UPDATE measure SET title_nb = 'Romfart og helse' "
		 "WHERE id = 'M4'");
	assert_ids(st, NULL, "romfart", SEARCH_MEASURE, "M4");
	assert_ids(st, NULL, "helsenaeringen", SEARCH_MEASURE, "");
	exec(st, "INSERT INTO measure (id, strategy, title_nb, source) "
		 "VALUES ('M5', 'A', 'Romfartens tiltak', 'S1')");
	assert_ids(st, NULL, "romfart", SEARCH_MEASURE, "M4 M5");
	/* Deleted (soft, as the API does, and for real): not found. */
	exec(st, "UPDATE measure SET deleted_at = '2026-01-01' "
		 "WHERE id = 'M4'");
	exec(st, "DELETE FROM actor WHERE id = 'HN'");
	assert_ids(st, NULL, "romfart", SEARCH_MEASURE, "M5");
	r = find(st, NULL, "helsenæringa");
	assert_int_equal(r.counts[SEARCH_ACTOR], 0);
	search_result_release(&r);
	/* Nothing is left to do, and the index has one row per record. */
	assert_int_equal(fixture_int(st, "SELECT count(*) FROM search_dirty"),
			 0);
	assert_int_equal(fixture_int(st, "SELECT count(*) FROM search_doc"),
			 4 + 1 + 3);
}

static void test_bad_text_refused(void **state)
{
	struct fixture *fx = *state;
	struct search_result r;
	struct err err = ERR_INIT;
	char q[SEARCH_QUERY_MAX + 2];

	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	assert_int_equal(service_search(fx->st, NULL, q, -1, 20, &r, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_string_equal(err.field, "q");
	q[SEARCH_QUERY_MAX] = '\0';
	assert_int_equal(service_search(fx->st, NULL, q, -1, 20, &r, &err), 0);
	search_result_release(&r);
	err_clear(&err);
	assert_int_equal(
	    service_search(fx->st, NULL, "a\xff", -1, 20, &r, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_int_equal(service_search(fx->st, NULL,
					"a\x01"
					"b",
					-1, 20, &r, &err),
			 -1);
	/* No word at all: nothing searched, no error. */
	assert_int_equal(
	    service_search(fx->st, NULL, " ** \t", -1, 20, &r, &err), 0);
	assert_int_equal(r.nterms, 0);
	search_result_release(&r);
}

/* ---- the page ---- */

struct call {
	struct app_thread app;
	struct http_request req;
	struct http_response resp;
	char path[256];
	char uri[1400];
	char query[1400];
	char params[HTTP_MAX_PATH_PARAMS][128];
};

/* Query values are used as given (tests pass them undecoded). */
static void split_query(struct call *c)
{
	char *p = c->query;

	while (p && *p && c->req.nparams < HTTP_MAX_PARAMS) {
		char *amp = strchr(p, '&'), *eq;

		if (amp)
			*amp = '\0';
		eq = strchr(p, '=');
		if (eq)
			*eq = '\0';
		c->req.params[c->req.nparams++] =
		    (struct http_param){p, eq ? eq + 1 : ""};
		p = amp ? amp + 1 : NULL;
	}
}

static int get(struct fixture *fx, struct call *c, const char *uri)
{
	size_t n, nroutes;
	const struct http_route *routes = web_routes(&nroutes);
	struct http_router_match m;

	memset(c, 0, sizeof(*c));
	c->app.st = fx->st;
	snprintf(c->uri, sizeof(c->uri), "%s", uri);
	n = strcspn(uri, "?");
	snprintf(c->path, sizeof(c->path), "%.*s", (int)n, uri);
	snprintf(c->query, sizeof(c->query), "%s", uri[n] ? uri + n + 1 : "");
	c->req.method = HTTP_GET;
	c->req.uri = c->uri;
	c->req.path = c->path;
	c->req.ctx = &c->app;
	snprintf(c->req.request_id, sizeof(c->req.request_id), "test");
	split_query(c);
	http_response_init(&c->resp);
	assert_int_equal(
	    http_router_match(routes, nroutes, c->path, HTTP_GET, &m), 200);
	m.route->handler(&c->req, &c->resp);
	return c->resp.status;
}

static const char *body(struct call *c)
{
	return buf_cstr(&c->resp.body);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

#define assert_has(c, s)                                                       \
	do {                                                                   \
		if (!strstr(body(c), (s)))                                     \
			fail_msg("%s lacks %s", (c)->req.uri, (s));            \
	} while (0)
#define assert_lacks(c, s)                                                     \
	do {                                                                   \
		if (strstr(body(c), (s)))                                      \
			fail_msg("%s has %s", (c)->req.uri, (s));              \
	} while (0)

static void test_page_languages(void **state)
{
	static const char *const want[][2] = {
	    {"/nb/search?q=tiltakene", "2 treff for «tiltakene»"},
	    {"/nn/search?q=tiltakene", "2 treff for «tiltakene»"},
	    {"/en/search?q=tiltakene", "2 results for “tiltakene”"},
	    {"/en/search?q=helsedata", "1 result for “helsedata”"},
	};
	struct fixture *fx = *state;
	struct call c;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(get(fx, &c, want[i][0]), 200);
		assert_has(&c, want[i][1]);
		assert_int_equal(count(body(&c), "<h1"), 1);
		assert_has(&c, "name=\"q\" aria-describedby=\"f-q-help\" "
			       "maxlength=\"200\" value=\"");
		assert_true(c.resp.cacheable);
		http_response_release(&c.resp);
	}
	/* Nynorsk first where there is nynorsk, marked in place. */
	assert_int_equal(get(fx, &c, "/nn/search?q=tiltakene"), 200);
	assert_has(&c, "href=\"/nn/measures/M2\">Eit <mark>tiltak</mark> "
		       "for helsedata</a>");
	assert_has(&c, "<mark>Tiltaket</mark> gjeld deling");
	http_response_release(&c.resp);
	/* English page, Norwegian text: marked with its language. */
	assert_int_equal(get(fx, &c, "/en/search?q=kapitalen"), 200);
	assert_has(&c, "href=\"/en/measures/M1\">Better access to "
		       "capital</a>");
	assert_has(&c, "<span lang=\"nb\">Tiltaket skal gi bedriftene "
		       "lettere tilgang til <mark>kapital</mark>.</span>");
	http_response_release(&c.resp);
}

static void test_page_escapes_marked_text(void **state)
{
	struct fixture *fx = *state;
	struct call c;

	assert_int_equal(get(fx, &c, "/nb/search?q=alert"), 200);
	assert_has(&c, "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; "
		       "&amp; &quot;æøå&quot; bør</a>");
	assert_lacks(&c, "<script");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=%3Cscript%3E"), 200);
	assert_has(&c, "value=\"%3Cscript%3E\"");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=<b>\"x\"</b>"), 200);
	assert_has(&c, "value=\"&lt;b&gt;&quot;x&quot;&lt;/b&gt;\"");
	assert_has(&c, "Ingen treff for «&lt;b&gt;&quot;x&quot;&lt;/b&gt;»");
	assert_lacks(&c, "<b>");
	http_response_release(&c.resp);
}

static void test_page_groups_and_links(void **state)
{
	struct fixture *fx = *state;
	struct call c;

	assert_int_equal(get(fx, &c, "/nb/search?q=kapital"), 200);
	assert_has(&c, "<h2 class=\"ds-heading\" data-size=\"md\" "
		       "id=\"search-measures\">Tiltak (1)</h2>");
	assert_has(&c, "href=\"#search-measures\">Tiltak (1)</a>");
	assert_lacks(&c, "id=\"search-actors\"");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=søknadsrunden"), 200);
	assert_has(&c, "id=\"search-reports\">Statusrapporter (1)</h2>");
	assert_has(&c, "href=\"/nb/measures/M1#timeline\">Bedre "
		       "kapitaltilgang");
	assert_has(&c, "Statusrapport · 2025-T1");
	assert_has(&c, "<mark>Søknadsrunden</mark> er gjennomført");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/en/search?q=innovasjon"), 200);
	assert_has(&c, "href=\"/en/actors/IN\">Innovation Norway</a>");
	assert_has(&c, "Actor · Government agency · IN 986399445");
	assert_has(&c,
		   "<span lang=\"nb\"><mark>Innovasjon</mark> Norge</span>");
	http_response_release(&c.resp);
	/* One kind only. */
	assert_int_equal(get(fx, &c, "/nb/search?q=helse*&kind=measures"), 200);
	assert_has(&c, "Vis treff av alle typer");
	assert_lacks(&c, "id=\"search-actors\"");
	http_response_release(&c.resp);
}

static void test_page_empty_none_and_errors(void **state)
{
	struct fixture *fx = *state;
	struct call c;
	char uri[600] = "/en/search?q=";

	assert_int_equal(get(fx, &c, "/nb/search"), 200);
	assert_has(&c, "Søket går gjennom");
	assert_has(&c, "value=\"\"");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nn/search?q="), 200);
	assert_has(&c, "Søket går gjennom titlane");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=romskip"), 200);
	assert_has(&c, "Ingen treff for «romskip».");
	assert_has(&c, "Tips til søket");
	assert_has(&c, "href=\"/nb/measures\"");
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=***"), 200);
	assert_has(&c, "Søket inneholdt ingen ord");
	http_response_release(&c.resp);
	memset(uri + strlen(uri), 'x', 201);
	assert_int_equal(get(fx, &c, uri), 400);
	assert_has(&c, "The search text is too long. It may have at most 200 "
		       "characters");
	assert_has(&c, "aria-invalid=\"true\"");
	assert_has(&c, "href=\"#f-q\"");
	assert_int_equal(count(body(&c), "<h1"), 1);
	assert_false(c.resp.cacheable);
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=a&page=2"), 400);
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=a&q=b"), 400);
	http_response_release(&c.resp);
	assert_int_equal(get(fx, &c, "/nb/search?q=a&kind=strategies"), 400);
	http_response_release(&c.resp);
}

#define T_(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T_(test_tokenizer_stems_norwegian),
	    T_(test_tokenizer_keeps_aeoa_apart),
	    T_(test_tokenizer_marks_words_as_written),
	    T_(test_stems_prefixes_languages),
	    T_(test_marks_around_matches),
	    T_(test_unapproved_reports_hidden),
	    T_(test_fts_syntax_is_text),
	    T_(test_index_follows_writes),
	    T_(test_bad_text_refused),
	    T_(test_page_languages),
	    T_(test_page_escapes_marked_text),
	    T_(test_page_groups_and_links),
	    T_(test_page_empty_none_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
