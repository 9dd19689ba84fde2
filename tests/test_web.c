/*
 * tests/test_web.c: the portal's pages rendered from a small dataset,
 * through the route table as the server would call them: every page in
 * every language, one h1, the skip link and the language switch; the
 * status timeline of approved reports; counts on the front page; filters
 * and sorting; domain text falling back with a lang attribute; user data
 * escaped; 404 and 400 pages; the redirect of "/".
 */
#include "fixture.h"

#include "http/router.h"
#include "service/app.h"
#include "service/import.h"
#include "service/report.h"
#include "util/problems.h"
#include "web/routes.h"

#define NBSP "\xc2\xa0"
#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static const char data[] =
    HEAD "\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart <2023>\", "
	 "\"url\": \"https://www.regjeringen.no/\"}, {\"id\": \"S2\", "
	 "\"title\": \"Brev\"}],\n"
	 "\"actors\": [{\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\", "
	 "\"name_en\": \"Innovation Norway\", \"kind\": \"agency\"},"
	 " {\"id\": \"SIVA\", \"name_nb\": \"Siva – Selskapet for "
	 "industrivekst\", \"website\": \"https://siva.no\"},"
	 " {\"id\": \"OSLO\", \"name_nb\": \"Øst & Vest\", \"kind\": "
	 "\"municipality\"}],\n"
	 "\"strategies\": [{\"id\": \"A\", \"name_nb\": \"Veikart for "
	 "helsenæringen\", \"name_en\": \"Health industry roadmap\", "
	 "\"launched\": \"2023-08-23\", \"n_measures_announced\": 5, "
	 "\"owners\": [\"IN\"], \"source\": \"S1\"},"
	 " {\"id\": \"B\", \"name_nb\": \"Eksport\", \"launched\": \"2024\", "
	 "\"source\": \"S1\"}],\n"
	 "\"focus-areas\": [{\"id\": \"A-1\", \"strategy\": \"A\", \"no\": 1, "
	 "\"name_nb\": \"Kapital\", \"name_nn\": \"Kapital nn\"}],\n"
	 "\"schemes\": [{\"id\": \"SCH\", \"name_nb\": \"Ordning\"}],\n"
	 "\"measures\": [\n"
	 " {\"id\": \"M1\", \"strategy\": \"A\", \"focus_area\": \"A-1\", "
	 "\"title_nb\": \"Bedre kapitaltilgang\", \"title_en\": \"Better "
	 "access to capital\", \"description_nb\": \"Første avsnitt.\\n\\n"
	 "Andre avsnitt.\", \"source\": \"S1\", \"responsible\": "
	 "[{\"actor\": \"IN\", \"role\": \"lead\"}, {\"actor\": \"SIVA\", "
	 "\"role\": \"contributing\"}], \"allocations\": [{\"scheme\": "
	 "\"SCH\", \"year\": 2025, \"amount_nok\": 1250000}]},\n"
	 " {\"id\": \"M2\", \"strategy\": \"A\", \"title_nb\": \"Åpne data\","
	 " \"certainty\": \"unconfirmed\", \"source\": \"S2\", "
	 "\"responsible\": [{\"actor\": \"SIVA\", \"role\": \"lead\"}, "
	 "{\"actor\": \"IN\", \"role\": \"consulted\"}]},\n"
	 " {\"id\": \"M3\", \"strategy\": \"B\", \"title_nb\": "
	 "\"<script>alert(1)</script> & \\\"æøå\\\"\", \"source\": \"S1\", "
	 "\"responsible\": [{\"actor\": \"OSLO\", \"role\": \"lead\"}]}],\n"
	 "\"links\": [{\"id\": \"L1\", \"from\": \"M2\", \"to\": \"M1\", "
	 "\"kind\": \"depends_on\"}],\n"
	 "\"indicators\": [{\"id\": \"I1\", \"name_nb\": \"Eksport\", "
	 "\"measures\": [\"M1\"]}],\n"
	 "\"reports\": [\n"
	 " {\"id\": \"R1\", \"measure\": \"M1\", \"period\": \"2025-T1\", "
	 "\"state\": \"approved\", \"status\": \"on_track\", \"progress\": 30,"
	 " \"done_text\": \"Startet <raskt>\", \"approved_at\": "
	 "\"2025-05-10T10:00:00Z\"},\n"
	 " {\"id\": \"R2\", \"measure\": \"M1\", \"period\": \"2025-T2\", "
	 "\"state\": \"approved\", \"status\": \"delayed\", \"progress\": 35,"
	 " \"approved_at\": \"2025-09-20T10:00:00Z\"},\n"
	 " {\"id\": \"R3\", \"measure\": \"M1\", \"period\": \"2025-T3\", "
	 "\"state\": \"submitted\", \"status\": \"completed\", \"progress\": "
	 "100}]}\n";

struct web_fixture {
	struct fixture *fx;
	struct app_thread app;
};

static int setup(void **state)
{
	struct web_fixture *w = xcalloc(1, sizeof(*w));
	struct import_result res;
	struct err err = ERR_INIT;

	w->fx = fixture_new();
	w->app.st = w->fx->st;
	if (service_import(w->fx->st, "w.json", data, strlen(data), &res, NULL,
			   &err) < 0)
		fail_msg("import: %s", err.msg);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct web_fixture *w = *state;

	fixture_free(w->fx);
	free(w);
	return 0;
}

/* A request as the server makes it; query values are used undecoded. */
struct call {
	struct http_request req;
	struct http_response resp;
	char path[256];
	char query[256];
	char params[HTTP_MAX_PATH_PARAMS][128];
};

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

static int get(struct web_fixture *w, struct call *c, const char *uri)
{
	size_t n, nroutes;
	const struct http_route *routes = web_routes(&nroutes);
	struct http_router_match m;
	int rc;

	memset(c, 0, sizeof(*c));
	n = strcspn(uri, "?");
	snprintf(c->path, sizeof(c->path), "%.*s", (int)n, uri);
	snprintf(c->query, sizeof(c->query), "%s", uri[n] ? uri + n + 1 : "");
	c->req.method = HTTP_GET;
	c->req.uri = uri;
	c->req.path = c->path;
	c->req.ctx = &w->app;
	snprintf(c->req.request_id, sizeof(c->req.request_id), "test");
	split_query(c);
	http_response_init(&c->resp);
	rc = http_router_match(routes, nroutes, c->path, HTTP_GET, &m);
	if (rc != 200) {
		c->resp.status = rc;
		web_fallback(&c->req, &c->resp, rc);
		return c->resp.status;
	}
	for (size_t i = 0; i < m.nparams; i++) {
		snprintf(c->params[i], sizeof(c->params[i]), "%.*s",
			 (int)m.params[i].len, c->path + m.params[i].off);
		c->req.path_params[i] = c->params[i];
	}
	c->req.npath_params = m.nparams;
	m.route->handler(&c->req, &c->resp);
	return c->resp.status;
}

static const char *body(struct call *c)
{
	return buf_cstr(&c->resp.body);
}

static void done(struct call *c)
{
	http_response_release(&c->resp);
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

static void test_every_page_every_language(void **state)
{
	static const char *const pages[] = {
	    "/",
	    "/strategies",
	    "/strategies/A",
	    "/strategies/B",
	    "/measures",
	    "/measures/M1",
	    "/measures/M2",
	    "/measures/M3",
	    "/actors",
	    "/actors/IN",
	    "/actors/OSLO",
	    "/about",
	    "/accessibility",
	    "/privacy",
	};
	static const char *const langs[] = {"nb", "nn", "en"};
	struct web_fixture *w = *state;
	struct call c;
	char uri[128], want[64];

	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			snprintf(uri, sizeof(uri), "/%s%s", langs[l], pages[i]);
			if (get(w, &c, uri) != 200)
				fail_msg("%s: %d", uri, c.resp.status);
			snprintf(want, sizeof(want), "<html lang=\"%s\"",
				 langs[l]);
			assert_has(&c, want);
			if (count(body(&c), "<h1") != 1)
				fail_msg("%s has %zu h1", uri,
					 count(body(&c), "<h1"));
			assert_has(&c, "class=\"ds-skip-link\" href=\"#main\"");
			assert_has(&c, "<main id=\"main\"");
			snprintf(want, sizeof(want),
				 "href=\"/nn%s\" hreflang=\"nn\"", pages[i]);
			assert_has(&c, want);
			assert_int_equal(strcmp(c.resp.content_type,
						"text/html; charset=utf-8"),
					 0);
			assert_true(c.resp.cacheable);
			assert_false(c.resp.body.failed);
			done(&c);
		}
}

static void test_timeline_newest_first(void **state)
{
	struct web_fixture *w = *state;
	struct call c;
	const char *t1, *t2;

	assert_int_equal(get(w, &c, "/nb/measures/M1"), 200);
	t2 = strstr(body(&c), "2025-T2 (mai–august 2025)");
	t1 = strstr(body(&c), "2025-T1 (januar–april 2025)");
	assert_non_null(t1);
	assert_non_null(t2);
	assert_true(t2 < t1);
	/* Submitted, not approved: the public does not see it. */
	assert_lacks(&c, "2025-T3");
	assert_has(&c, "Forsinket");
	assert_has(&c, "35" NBSP "%");
	assert_has(&c, "20. september 2025");
	assert_has(&c, "Startet &lt;raskt&gt;");
	assert_has(&c, "<p class=\"ds-paragraph\">Første avsnitt.</p>");
	assert_has(&c, "1" NBSP "250" NBSP "000" NBSP "kr");
	/* The indicator, linked to its page. */
	assert_has(&c, "<a class=\"ds-link\" href=\"/nb/indicators/I1\">"
		       "Eksport</a></li>");
	assert_has(&c, "Er en forutsetning for"); /* M2 depends on it */
	assert_has(&c, "href=\"/nb/measures/M2\"");
	done(&c);
	assert_int_equal(get(w, &c, "/en/measures/M1"), 200);
	assert_has(&c, "10 May 2025");
	done(&c);
}

static void test_front_counts(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/"), 200);
	assert_has(&c, "2 av 5 annonserte tiltak er registrert "
		       "(1 ikke bekreftet).");
	assert_has(&c, "1 tiltak er registrert.");
	assert_has(&c, "Forsinket: <strong>1</strong>");
	assert_has(&c, "Ikke rapportert: <strong>1</strong>");
	assert_has(&c, "class=\"vk-bar-delayed\" x=\"0\" width=\"500\"");
	assert_has(&c, "<p class=\"ds-paragraph vk-period\">Status per 20");
	/* Newest launched first. */
	assert_true(strstr(body(&c), "id=\"strategy-B\"") <
		    strstr(body(&c), "id=\"strategy-A\""));
	done(&c);
	assert_int_equal(get(w, &c, "/en/"), 200);
	assert_has(&c, "Health industry roadmap");
	assert_has(&c, "2 of 5 announced measures are registered "
		       "(1 not confirmed).");
	done(&c);
}

static void test_filters_and_sort(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/measures?status=delayed"), 200);
	assert_has(&c, "Viser 1 av 3 tiltak.");
	assert_has(&c, "<option value=\"delayed\" selected>");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/measures?actor=SIVA&strategy=A"), 200);
	assert_has(&c, "Viser 2 av 3 tiltak.");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/strategies/A?focus=A-1&status="), 200);
	assert_has(&c, "Viser 1 av 2 tiltak.");
	done(&c);
	/* Sorted by title: Å after B in Norwegian order; reversed too. */
	assert_int_equal(get(w, &c, "/nb/strategies/A?sort=title"), 200);
	assert_true(strstr(body(&c), "Bedre kapitaltilgang") <
		    strstr(body(&c), "Åpne data"));
	assert_has(&c, "aria-sort=\"ascending\"");
	assert_has(&c, "href=\"/nb/strategies/A?sort=-title\"");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/strategies/A?sort=-title"), 200);
	assert_true(strstr(body(&c), "Bedre kapitaltilgang") >
		    strstr(body(&c), "Åpne data"));
	assert_has(&c, "aria-sort=\"descending\"");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/strategies/A?sort=-progress"), 200);
	assert_true(strstr(body(&c), "M1</td>") < strstr(body(&c), "M2</td>"));
	done(&c);
}

static void test_bad_parameters(void **state)
{
	static const char *const bad[] = {
	    "/nb/measures?status=bogus",
	    "/nb/measures?sort=drop",
	    "/nb/measures?bogus=1",
	    "/nb/measures?actor=a%20b",
	    "/nb/measures?status=delayed&status=on_track",
	    "/nb/strategies/A?strategy=B",
	    "/nb/?x=1",
	    "/en/measures/M1?x=1",
	    "/nb/actors?sort=id",
	};
	struct web_fixture *w = *state;
	struct call c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (get(w, &c, bad[i]) != 400)
			fail_msg("%s: %d", bad[i], c.resp.status);
		assert_has(&c, "<html lang=\"");
		assert_int_equal(count(body(&c), "<h1"), 1);
		assert_false(c.resp.cacheable);
		done(&c);
	}
}

static void test_fallback_text_and_lang(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/en/measures/M1"), 200);
	assert_has(&c, "<h1 class=\"ds-heading\" data-size=\"lg\">Better "
		       "access to capital</h1>");
	assert_has(&c, "<div lang=\"nb\"><p class=\"ds-paragraph\">Første");
	done(&c);
	assert_int_equal(get(w, &c, "/en/measures/M2"), 200);
	assert_has(&c, "<span lang=\"nb\">Åpne data</span>");
	assert_has(&c, "Not confirmed");
	done(&c);
	assert_int_equal(get(w, &c, "/nn/strategies/A"), 200);
	assert_has(&c, "Kapital nn");
	assert_has(&c, "<span lang=\"nb\">Veikart for helsenæringen</span>");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/strategies/A"), 200);
	assert_lacks(&c, "<span lang=");
	done(&c);
}

static void test_user_data_escaped(void **state)
{
	static const char *const pages[] = {
	    "/nb/measures/M3", "/nb/measures",	  "/nb/strategies/B",
	    "/en/actors/OSLO", "/nb/measures/M1",
	};
	struct web_fixture *w = *state;
	struct call c;

	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		assert_int_equal(get(w, &c, pages[i]), 200);
		assert_lacks(&c, "<script");
		assert_lacks(&c, "javascript:");
		done(&c);
	}
	assert_int_equal(get(w, &c, "/nb/measures/M3"), 200);
	assert_has(&c, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
		       "&quot;æøå&quot;");
	assert_has(&c, "Veikart &lt;2023&gt;");
	done(&c);
	/* A source without a URL is shown as text only. */
	assert_int_equal(get(w, &c, "/nb/measures/M2"), 200);
	assert_has(&c, "<li>Brev</li>");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/actors/OSLO"), 200);
	assert_has(&c, "Øst &amp; Vest");
	done(&c);
}

static void test_actor_page(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/actors/SIVA"), 200);
	assert_has(&c, "Ansvarlig for");
	assert_has(&c, "Bidrar til");
	assert_has(&c, "href=\"https://siva.no\"");
	/* Shares M1 and M2 with IN. */
	assert_has(&c, "2 felles tiltak");
	done(&c);
	assert_int_equal(get(w, &c, "/en/actors"), 200);
	assert_has(&c, "Government agency");
	done(&c);
}

static void test_not_found(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/measures/NOPE"), 404);
	assert_has(&c, "<html lang=\"nb\"");
	assert_has(&c, "Fant ikke siden");
	assert_false(c.resp.cacheable);
	done(&c);
	assert_int_equal(get(w, &c, "/en/strategies/a.b-c"), 404);
	assert_has(&c, "Page not found");
	done(&c);
	assert_int_equal(get(w, &c, "/nn/actors/%3Cx%3E"), 404);
	assert_has(&c, "<html lang=\"nn\"");
	done(&c);
	assert_int_equal(get(w, &c, "/nn/nothing/here"), 404);
	assert_has(&c, "<html lang=\"nn\"");
	assert_has(&c, "Fann ikkje sida");
	done(&c);
	assert_int_equal(get(w, &c, "/xx/measures"), 404);
	assert_has(&c, "<html lang=\"nb\"");
	done(&c);
	assert_int_equal(get(w, &c, "/nb/measures/"), 404);
	done(&c);
}

static void test_switch_keeps_query(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nn/measures?status=delayed&actor=IN"),
			 200);
	assert_has(&c, "href=\"/en/measures?status=delayed&amp;actor=IN\" "
		       "hreflang=\"en\"");
	assert_has(&c, "href=\"/nn/measures?status=delayed&amp;actor=IN\" "
		       "hreflang=\"nn\" lang=\"nn\" aria-current=\"true\"");
	done(&c);
}

/* A database that cannot answer gives the 500 page with the request id,
 * never the database's message. */
static void test_server_error(void **state)
{
	struct web_fixture *w = *state;
	struct web_fixture broken = *w;
	struct err err = ERR_INIT;
	char path[160];
	struct call c;

	snprintf(path, sizeof(path), "%s/empty.db", w->fx->dir);
	broken.app.st = store_open(path, STORE_OPEN_CREATE, &err);
	assert_non_null(broken.app.st);
	assert_int_equal(get(&broken, &c, "/nn/measures/M1"), 500);
	assert_has(&c, "<html lang=\"nn\"");
	assert_has(&c, "Noko gjekk gale");
	assert_has(&c, "feilkoden test");
	assert_lacks(&c, "no such table");
	assert_false(c.resp.cacheable);
	done(&c);
	store_close(broken.app.st);
}

static void test_redirects(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/"), 302);
	assert_string_equal(c.resp.location, "/nb/");
	assert_false(c.resp.cacheable);
	done(&c);
	assert_int_equal(get(w, &c, "/en"), 301);
	assert_string_equal(c.resp.location, "/en/");
	done(&c);
}

/* ---- the front page's reporting share, indicators and latest reports ---- */

/*
 * Strategy A: M1 and M2 active, M4 completed after reporting for 2025-T2,
 * M5 cancelled without a report (not counted). B: M3 active, reported for
 * T1 only. Indicators: I1 (A through M1, no baseline: no data), I3 (A
 * through M2, falling: deterioration), I2 (B through goal G1, beyond its
 * target), I4 (no strategy).
 */
static const char front_data[] =
    HEAD "\"sources\": [{\"id\": \"S1\", \"title\": \"Kilde\"}],\n"
	 "\"actors\": [{\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\", "
	 "\"name_en\": \"Innovation Norway\"}, {\"id\": \"OSLO\", "
	 "\"name_nb\": \"Øst & Vest\"}],\n"
	 "\"strategies\": [{\"id\": \"A\", \"name_nb\": \"Veikart\", "
	 "\"launched\": \"2023-08-23\", \"source\": \"S1\"}, {\"id\": \"B\", "
	 "\"name_nb\": \"Eksport\", \"launched\": \"2024\", "
	 "\"source\": \"S1\"}],\n"
	 "\"measures\": [\n"
	 " {\"id\": \"M1\", \"strategy\": \"A\", \"title_nb\": \"Kapital\", "
	 "\"source\": \"S1\", \"responsible\": [{\"actor\": \"IN\", \"role\": "
	 "\"lead\"}]},\n"
	 " {\"id\": \"M2\", \"strategy\": \"A\", \"title_nb\": \"Data\", "
	 "\"source\": \"S1\"},\n"
	 " {\"id\": \"M3\", \"strategy\": \"B\", \"title_nb\": "
	 "\"<script>alert(1)</script> & æøå\", \"source\": \"S1\", "
	 "\"responsible\": [{\"actor\": \"OSLO\", \"role\": \"lead\"}]},\n"
	 " {\"id\": \"M4\", \"strategy\": \"A\", \"title_nb\": \"Ferdig\", "
	 "\"state\": \"completed\", \"source\": \"S1\", \"responsible\": "
	 "[{\"actor\": \"OSLO\", \"role\": \"lead\"}]},\n"
	 " {\"id\": \"M5\", \"strategy\": \"A\", \"title_nb\": \"Avlyst\", "
	 "\"state\": \"cancelled\", \"source\": \"S1\"}],\n"
	 "\"goals\": [{\"id\": \"G1\", \"strategy\": \"B\", \"name_nb\": "
	 "\"Mer eksport\", \"indicator\": \"I2\", \"source\": \"S1\"}],\n"
	 "\"indicators\": [\n"
	 " {\"id\": \"I1\", \"name_nb\": \"Uten data\", \"measures\": "
	 "[\"M1\"]},\n"
	 " {\"id\": \"I2\", \"name_nb\": \"Eksport\", \"baseline_value\": 100,"
	 " \"baseline_year\": 2019, \"target_value\": 200, \"target_year\": "
	 "2030, \"observations\": [{\"period\": \"2024\", \"value\": 250}]},\n"
	 " {\"id\": \"I3\", \"name_nb\": \"Synker\", \"baseline_value\": 100,"
	 " \"baseline_year\": 2019, \"target_value\": 200, \"target_year\": "
	 "2030, \"measures\": [\"M2\"], \"observations\": [{\"period\": "
	 "\"2024\", \"value\": 90}]},\n"
	 " {\"id\": \"I4\", \"name_nb\": \"Løs\"}],\n"
	 "\"reports\": [\n"
	 " {\"id\": \"R1\", \"measure\": \"M1\", \"period\": \"2025-T1\", "
	 "\"state\": \"approved\", \"status\": \"on_track\", \"progress\": 30,"
	 " \"approved_at\": \"2025-05-10T10:00:00Z\"},\n"
	 " {\"id\": \"R2\", \"measure\": \"M1\", \"period\": \"2025-T2\", "
	 "\"actor\": \"IN\", \"state\": \"approved\", \"status\": "
	 "\"delayed\", \"progress\": 35, \"approved_at\": "
	 "\"2025-09-20T10:00:00Z\"},\n"
	 " {\"id\": \"R3\", \"measure\": \"M2\", \"period\": \"2025-T2\", "
	 "\"state\": \"submitted\", \"status\": \"on_track\"},\n"
	 " {\"id\": \"R4\", \"measure\": \"M4\", \"period\": \"2025-T2\", "
	 "\"state\": \"approved\", \"status\": \"completed\", \"progress\": "
	 "100, \"approved_at\": \"2025-09-22T08:00:00Z\"},\n"
	 " {\"id\": \"R5\", \"measure\": \"M3\", \"period\": \"2025-T1\", "
	 "\"actor\": \"OSLO\", \"state\": \"approved\", \"status\": "
	 "\"on_track\", \"approved_at\": \"2025-05-12T10:00:00Z\"}]}\n";

/* front_data, with reporting for 2025-T2 opened by a coordinator. */
static int setup_front(void **state)
{
	static const char users[] = "INSERT INTO app_user (id, username, "
				    "role) VALUES (1, 'koord', 'coordinator')";
	struct web_fixture *w = xcalloc(1, sizeof(*w));
	struct principal coord = PRINCIPAL_ANONYMOUS;
	struct problems probs = PROBLEMS_INIT(10);
	struct import_result res;
	struct err err = ERR_INIT;
	json_t *body = json_pack("{ss}", "id", "2025-T2"), *p;

	w->fx = fixture_new();
	w->app.st = w->fx->st;
	if (service_import(w->fx->st, "f.json", front_data, strlen(front_data),
			   &res, NULL, &err) < 0)
		fail_msg("import: %s", err.msg);
	assert_int_equal(store_exec(w->fx->st, users, &err), 0);
	coord.user_id = 1;
	coord.role = ROLE_COORDINATOR;
	coord.can_write = true;
	snprintf(coord.username, sizeof(coord.username), "koord");
	p = service_period_open(w->fx->st, &coord, body, &probs, &err);
	if (!p)
		fail_msg("open period: %s", err.msg);
	json_decref(p);
	json_decref(body);
	problems_release(&probs);
	*state = w;
	return 0;
}

static void test_front_reported_share(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/"), 200);
	/* A: M1 and M4 of M1, M2, M4 (M5 was cancelled without one). */
	assert_has(&c, "2 av 3 tiltak rapportert for 2025-T2 (67" NBSP "%).");
	assert_has(&c, "0 av 1 tiltak rapportert for 2025-T2 (0" NBSP "%).");
	/* The rule is written out, with the period. */
	assert_has(&c, "«Rapportert» betyr at tiltaket har en godkjent "
		       "statusrapport for 2025-T2.");
	/* Each card's share comes after its name. */
	assert_true(strstr(body(&c), "id=\"strategy-A\"") <
		    strstr(body(&c), "2 av 3 tiltak"));
	done(&c);
	assert_int_equal(get(w, &c, "/nn/"), 200);
	assert_has(&c, "2 av 3 tiltak rapportert for 2025-T2 (67" NBSP "%).");
	assert_has(&c, "tyder at tiltaket har ein godkjend statusrapport");
	done(&c);
	assert_int_equal(get(w, &c, "/en/"), 200);
	assert_has(&c, "2 of 3 measures reported for 2025-T2 (67%).");
	done(&c);
}

/* The strategy's card of the page body: from its section to the next. */
static char *card_text(struct call *c, const char *id)
{
	char want[64];
	const char *from, *to;

	snprintf(want, sizeof(want), "aria-labelledby=\"strategy-%s\"", id);
	from = strstr(body(c), want);
	assert_non_null(from);
	to = strstr(from, "</section>");
	assert_non_null(to);
	return xstrndup(from, (size_t)(to - from));
}

static void test_front_indicators(void **state)
{
	struct web_fixture *w = *state;
	struct call c;
	char *a, *b;

	assert_int_equal(get(w, &c, "/nb/"), 200);
	a = card_text(&c, "A");
	b = card_text(&c, "B");
	/* A: I1 (through M1) and I3 (through M2); I4 nowhere. */
	assert_non_null(strstr(a, "0 av 2 indikatorer er i rute"));
	assert_non_null(strstr(a, "Forverring</span></span> <strong>1"));
	assert_non_null(strstr(a, "Ikke nok data</span></span> <strong>1"));
	/* Classes are a tag with an icon and a label, not colour alone. */
	assert_non_null(strstr(a, "class=\"ds-tag vk-status vk-progress\""));
	assert_non_null(strstr(a, "<svg class=\"vk-icon\""));
	/* B: I2 through its goal, beyond the target. */
	assert_non_null(strstr(b, "1 av 1 indikator er i rute"));
	assert_non_null(strstr(b, "Målet er nådd</span></span> <strong>1"));
	assert_null(strstr(b, "Forverring"));
	free(a);
	free(b);
	assert_has(&c, "href=\"/nb/indicators\"");
	done(&c);
	assert_int_equal(get(w, &c, "/en/"), 200);
	assert_has(&c, "Deterioration</span></span> <strong>1");
	assert_has(&c, "1 of 1 indicator is on track or has reached");
	done(&c);
}

static void test_front_latest_reports(void **state)
{
	struct web_fixture *w = *state;
	struct call c;
	const char *r4, *r2, *r5, *r1;

	assert_int_equal(get(w, &c, "/nb/"), 200);
	assert_has(&c, "<h2 class=\"ds-heading\" data-size=\"md\" "
		       "id=\"recent-reports\">Siste godkjente rapporter</h2>");
	assert_has(&c, "<caption id=\"recent-caption\">");
	assert_has(&c, "<th scope=\"col\">Godkjent</th>");
	/* Newest approval first; the submitted R3 is not public. */
	assert_has(&c, "href=\"/nb/measures/M4\">Ferdig</a>");
	r4 = strstr(body(&c), "22. september 2025");
	r2 = strstr(body(&c), "20. september 2025");
	r5 = strstr(body(&c), "12. mai 2025");
	r1 = strstr(body(&c), "10. mai 2025");
	assert_non_null(r4);
	assert_non_null(r2);
	assert_non_null(r5);
	assert_non_null(r1);
	assert_true(r4 < r2 && r2 < r5 && r5 < r1);
	assert_lacks(&c, "href=\"/nb/measures/M2\"");
	/* R4 names no actor: the measure's lead stands in. */
	assert_has(&c, "href=\"/nb/actors/OSLO\">Øst &amp; Vest</a>");
	assert_has(&c, "href=\"/nb/actors/IN\">Innovasjon Norge</a>");
	/* Status as a tag with its label; the period with its months. */
	assert_has(&c, "Forsinket");
	assert_has(&c, "2025-T2 (mai–august 2025)");
	/* Markup in a title is text. */
	assert_lacks(&c, "<script");
	assert_has(&c, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; æøå");
	assert_int_equal(count(body(&c), "<h1"), 1);
	done(&c);
	assert_int_equal(get(w, &c, "/en/"), 200);
	assert_has(&c, "Latest approved reports");
	assert_has(&c, "22 September 2025");
	done(&c);
}

/* Without any reporting period opened, the page says so. */
static void test_front_not_opened(void **state)
{
	struct web_fixture *w = *state;
	struct call c;

	assert_int_equal(get(w, &c, "/nb/"), 200);
	assert_has(&c, "er ikke åpnet ennå, så ingen tiltak har rapportert");
	/* M1's two approved reports, newest first. */
	assert_true(strstr(body(&c), "20. september 2025") <
		    strstr(body(&c), "10. mai 2025"));
	done(&c);
	assert_int_equal(get(w, &c, "/nn/"), 200);
	assert_has(&c, "er ikkje opna enno");
	done(&c);
}

/* The legend of the status bar: from <ul class="vk-legend"> to </ul>,
 * after `after` in the body. */
static char *legend_after(struct call *c, const char *after)
{
	const char *from = strstr(body(c), after), *to;

	assert_non_null(from);
	from = strstr(from, "<ul class=\"vk-legend\">");
	assert_non_null(from);
	to = strstr(from, "</ul>");
	assert_non_null(to);
	return xstrndup(from, (size_t)(to - from));
}

/* The front page counts statuses in the store; they must be the ones the
 * strategy's own page counts from its measures. */
static void test_front_counts_match_strategy(void **state)
{
	static const char *const ids[] = {"A", "B"};
	struct web_fixture *w = *state;
	struct call front, page;
	char uri[64], card[64];

	assert_int_equal(get(w, &front, "/nb/"), 200);
	for (size_t i = 0; i < 2; i++) {
		char *a, *b;

		snprintf(uri, sizeof(uri), "/nb/strategies/%s", ids[i]);
		snprintf(card, sizeof(card), "id=\"strategy-%s\"", ids[i]);
		assert_int_equal(get(w, &page, uri), 200);
		a = legend_after(&front, card);
		b = legend_after(&page, "<h1");
		assert_string_equal(a, b);
		free(a);
		free(b);
		done(&page);
	}
	/* A: M1 delayed (its 2025-T2 report), M4 completed, M2 and M5 not
	 * reported (M2's report is only submitted). */
	assert_has(&front, "4 tiltak er registrert.");
	assert_has(&front, "Fullført: <strong>1</strong>");
	assert_has(&front, "Ikke rapportert: <strong>2</strong>");
	done(&front);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_page_every_language),
	    cmocka_unit_test(test_timeline_newest_first),
	    cmocka_unit_test(test_front_counts),
	    cmocka_unit_test(test_filters_and_sort),
	    cmocka_unit_test(test_bad_parameters),
	    cmocka_unit_test(test_fallback_text_and_lang),
	    cmocka_unit_test(test_user_data_escaped),
	    cmocka_unit_test(test_actor_page),
	    cmocka_unit_test(test_not_found),
	    cmocka_unit_test(test_switch_keeps_query),
	    cmocka_unit_test(test_server_error),
	    cmocka_unit_test(test_redirects),
	    cmocka_unit_test(test_front_not_opened),
	    cmocka_unit_test_setup_teardown(test_front_reported_share,
					    setup_front, teardown),
	    cmocka_unit_test_setup_teardown(test_front_indicators, setup_front,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_front_latest_reports,
					    setup_front, teardown),
	    cmocka_unit_test_setup_teardown(test_front_counts_match_strategy,
					    setup_front, teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
