/*
 * tests/test_pdf.c: formats/pdf_report. A report renders to a PDF whose
 * text (read back with poppler's pdftotext, as a reader's viewer would)
 * holds every title with æøå intact, contents whose page numbers point at
 * the right pages, page numbers in the footers, long texts that continue
 * over pages, and labels in nb, nn and en. Bad text (invalid UTF-8,
 * control characters) cannot break it; the same report gives the same
 * bytes; an unwritable path is an error. And service/report_pdf: one
 * strategy's report from the seeded database, with each report state
 * shown as it should be, for coordinators only.
 */
#include "fixture.h"

#include <regex.h>

#include "formats/pdf_report.h"
#include "service/auth.h"
#include "service/import.h"
#include "service/report_pdf.h"
#include "util/buf.h"

static const struct pdf_measure measures_a[] = {
    {"V-TP-1", "Videreutvikle katapultordningen – æøå ÆØÅ", "on_track",
     "I rute", 40, "Selskapet for industrivekst SF (Siva)", NULL,
     "Søknadsrunden er gjennomført.", "Milepæl 1 nådd.", "Følge opp.", NULL,
     ""},
    {"V-TP-2", "Utrede hvordan helsenæringen kan få mer nytte", "delayed",
     "Forsinket", 10, NULL, "Rapporten er sendt inn, men ikke godkjent ennå.",
     NULL, NULL, NULL, "Mangler ressurser.", "Omprioritere."},
};

static const struct pdf_measure measures_other[] = {
	{ "V-X-1", "Tiltak uten innsatsområde", NULL, "Ikke rapportert", -1,
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static const struct pdf_section sections[] = {
	{ "Test og pilotering", measures_a, 2 },
	{ NULL, measures_other, 1 },
};

static const struct pdf_point points[] = {
	{ 2018.5, 19 }, { 2021.5, 22 }, { 2023.5, 27 }, { 2024.5, 25.9 },
};

static const struct pdf_indicator indicators[] = {
	{ "Eksport fra helseindustrien", "mrd. NOK",
	  "Doble eksporten innen 2030", points, 4, true, true,
	  { 2021.5, 22 }, { 2030.5, 50 } },
	{ "Kliniske studier", NULL, NULL, NULL, 0, false, false, { 0, 0 },
	  { 0, 0 } },
};

static const struct pdf_finding findings[] = {
	{ "Ingen leder for V-X-1", "Tiltaket mangler ansvarlig aktør." },
};

static const struct pdf_source sources[] = {
	{ "Veikart for helsenæringen", "Regjeringen", "2023-08-23",
	  "https://www.regjeringen.no/veikart" },
	{ "Meld. St. 18 (2018–2019)", NULL, NULL, NULL },
};

static const struct pdf_count counts[] = {
	{ "on_track", "I rute", 1 },
	{ "delayed", "Forsinket", 1 },
	{ NULL, "Ikke rapportert", 1 },
};

static struct pdf_report report(const char *lang)
{
	return (struct pdf_report){
		.lang = lang,
		.title = "Veikart for helsenæringen",
		.period = "2025-T2 (mai–august 2025)",
		.publisher = "Nærings- og fiskeridepartementet",
		.date = "2025-09-20",
		.intro = "Stake ut kurs for helsenæringspolitikken.",
		.nmeasures = 3,
		.nreported = 2,
		.counts = counts,
		.ncounts = 3,
		.sections = sections,
		.nsections = 2,
		.indicators = indicators,
		.nindicators = 2,
		.findings = findings,
		.nfindings = 1,
		.sources = sources,
		.nsources = 2,
	};
}

static bool have_poppler(void)
{
	return system("command -v pdftotext >/dev/null 2>&1") == 0;
}

/* Renders r to a temporary file; its path into out. */
static void render_file(const struct pdf_report *r, char out[64])
{
	struct err err = ERR_INIT;

	snprintf(out, 64, "/tmp/veikart-pdf-test-XXXXXX");
	close(mkstemp(out));
	assert_int_equal(pdf_report_write(r, out, &err), 0);
}

/* The output of a shell command (pdftotext ...) into b. */
static void command(const char *cmd, struct buf *b)
{
	FILE *p = popen(cmd, "r");
	char chunk[4096];
	size_t n;

	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(b, chunk, n);
	assert_int_equal(pclose(p), 0);
}

static void text_of(const char *path, int page, struct buf *b)
{
	char cmd[256];

	if (page)
		snprintf(cmd, sizeof(cmd), "pdftotext -layout -f %d -l %d %s -",
			 page, page, path);
	else
		snprintf(cmd, sizeof(cmd), "pdftotext %s -", path);
	command(cmd, b);
}

static int pages_of(const char *path)
{
	struct buf b = BUF_INIT;
	char cmd[160];
	const char *p;
	int n;

	snprintf(cmd, sizeof(cmd), "pdfinfo %s", path);
	command(cmd, &b);
	p = strstr(buf_cstr(&b), "Pages:");
	assert_non_null(p);
	n = atoi(p + 6);
	buf_release(&b);
	return n;
}

static void expect_text(const struct buf *b, const char *s)
{
	if (!strstr(buf_cstr(b), s))
		fail_msg("the PDF text lacks \"%s\"", s);
}

static void test_bytes_look_like_a_pdf(void **state)
{
	struct pdf_report r = report("nb");
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(pdf_report_render(&r, &a, &err), 0);
	assert_true(a.len > 1000);
	assert_memory_equal(a.buf, "%PDF-", 5);
	assert_non_null(strstr(a.buf + a.len - 16, "%%EOF"));
	/* The same report gives the same bytes (a fixed date inside). */
	assert_int_equal(pdf_report_render(&r, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	buf_release(&a);
	buf_release(&b);
}

static void test_text_is_real_and_complete(void **state)
{
	struct pdf_report r = report("nb");
	struct buf b = BUF_INIT;
	char path[64];

	(void)state;
	if (!have_poppler())
		skip();
	render_file(&r, path);
	text_of(path, 0, &b);
	expect_text(&b, "Veikart for helsenæringen");
	expect_text(&b, "Videreutvikle katapultordningen – æøå ÆØÅ");
	expect_text(&b, "Utrede hvordan helsenæringen kan få mer nytte");
	expect_text(&b, "Tiltak uten innsatsområde");
	expect_text(&b, "Andre tiltak");
	expect_text(&b, "Innhold");
	expect_text(&b, "Status: I rute");
	expect_text(&b, "Framdrift: 40 %");
	expect_text(&b, "Søknadsrunden er gjennomført.");
	expect_text(&b, "Ingen leder for V-X-1");
	expect_text(&b, "Meld. St. 18 (2018–2019)");
	expect_text(&b, "Siste: 25,9 (2024)");
	expect_text(&b, "2 av 3 tiltak har rapport for perioden.");
	expect_text(&b, "Side 2 av");
	buf_release(&b);
	unlink(path);
}

/* The contents' number for Kilder is the page that starts with Kilder. */
static void test_contents_point_at_pages(void **state)
{
	struct pdf_report r = report("nb");
	struct buf toc = BUF_INIT, page = BUF_INIT;
	regmatch_t m[2];
	regex_t re;
	char path[64];
	int n;

	(void)state;
	if (!have_poppler())
		skip();
	render_file(&r, path);
	text_of(path, 2, &toc);
	assert_int_equal(regcomp(&re, "Kilder +([0-9]+)", REG_EXTENDED), 0);
	assert_int_equal(regexec(&re, buf_cstr(&toc), 2, m, 0), 0);
	n = atoi(buf_cstr(&toc) + m[1].rm_so);
	assert_int_equal(n, pages_of(path));
	text_of(path, n, &page);
	expect_text(&page, "[1] Veikart for helsenæringen.");
	regfree(&re);
	buf_release(&toc);
	buf_release(&page);
	unlink(path);
}

static void test_long_text_flows_over_pages(void **state)
{
	struct pdf_report r = report("nb");
	struct pdf_measure m = measures_a[0];
	struct pdf_section s = { "Langt", &m, 1 };
	struct buf text = BUF_INIT, b = BUF_INIT;
	char path[64];
	int short_pages;

	(void)state;
	if (!have_poppler())
		skip();
	render_file(&r, path);
	short_pages = pages_of(path);
	for (int i = 0; i < 400; i++)
		buf_addf(&text, "Setning %d om æøå i en lang rapport. ", i);
	buf_addstr(&text, "SLUTTORD");
	m.done_text = buf_cstr(&text);
	r.sections = &s;
	r.nsections = 1;
	render_file(&r, path);
	assert_true(pages_of(path) >= short_pages + 2);
	text_of(path, 0, &b);
	expect_text(&b, "Setning 0 om æøå");
	expect_text(&b, "SLUTTORD");
	buf_release(&text);
	buf_release(&b);
	unlink(path);
}

static void test_languages(void **state)
{
	static const char *const want[][3] = {
		{ "nn", "Innhald", "Side 2 av" },
		{ "en", "Contents", "Page 2 of" },
		{ "xx", "Innhold", "Side 2 av" },
	};
	char path[64];

	(void)state;
	if (!have_poppler())
		skip();
	for (size_t i = 0; i < 3; i++) {
		struct pdf_report r = report(want[i][0]);
		struct buf b = BUF_INIT;

		render_file(&r, path);
		text_of(path, 0, &b);
		expect_text(&b, want[i][1]);
		expect_text(&b, want[i][2]);
		if (!strcmp(want[i][0], "en"))
			expect_text(&b, "Latest: 25.9 (2024)");
		buf_release(&b);
		unlink(path);
	}
}

static void test_bad_text_and_empty_report(void **state)
{
	struct pdf_measure m = { "X\x01", "Ugyldig \xff\xfe tekst\x1b[31m",
				 "no_such_status", NULL, 250, NULL, NULL,
				 "\xc3", NULL, NULL, NULL, NULL };
	struct pdf_section s = { "Område\x7f", &m, 1 };
	struct pdf_report r = { .lang = NULL, .title = "Tom" };
	struct buf out = BUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(pdf_report_render(&r, &out, &err), 0);
	buf_reset(&out);
	r.sections = &s;
	r.nsections = 1;
	assert_int_equal(pdf_report_render(&r, &out, &err), 0);
	assert_memory_equal(out.buf, "%PDF-", 5);
	buf_release(&out);
}

static void test_unwritable_path(void **state)
{
	struct pdf_report r = report("nb");
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(pdf_report_write(&r, "/nonexistent/dir/r.pdf", &err),
			 -1);
	assert_int_equal(err.code, ERR_IO);
}

/* ---- service/report_pdf on the seeded database ---- */

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static int seeded_setup(void **state)
{
	static const char reports[] = HEAD
		"\"reports\": [{\"id\": \"R-A\", \"measure\": \"V-TP-1\", "
		"\"period\": \"2025-T2\", \"state\": \"approved\", "
		"\"status\": \"on_track\", \"progress\": 40, \"done_text\": "
		"\"Godkjent tekst om æøå.\"},"
		"{\"id\": \"R-S\", \"measure\": \"V-TP-2\", \"period\": "
		"\"2025-T2\", \"state\": \"submitted\", \"status\": "
		"\"delayed\", \"progress\": 10, \"done_text\": \"Innsendt.\"},"
		"{\"id\": \"R-D\", \"measure\": \"V-KS-1\", \"period\": "
		"\"2025-T2\", \"state\": \"draft\", \"status\": "
		"\"at_risk\", \"done_text\": \"HEMMELIG UTKAST\"}]}";
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;
	size_t len;
	const char *seed = service_seed_json(&len);

	assert_int_equal(service_import(fx->st, "seed", seed, len, &res, NULL,
					&err),
			 0);
	assert_int_equal(service_import(fx->st, "r", reports, strlen(reports),
					&res, NULL, &err),
			 0);
	*state = fx;
	return 0;
}

static void test_service_report(void **state)
{
	struct fixture *fx = *state;
	struct report_pdf_opts o = { "veikart-2023", "2025-t2", "nb", NULL,
				     "2025-09-20" };
	struct principal admin;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;
	char path[64];

	if (!have_poppler())
		skip();
	auth_cli_principal(&admin);
	snprintf(path, sizeof(path), "/tmp/veikart-pdf-test-XXXXXX");
	close(mkstemp(path));
	assert_int_equal(service_report_pdf_write(fx->st, &admin, &o, path,
						  &err),
			 0);
	text_of(path, 0, &b);
	expect_text(&b, "2025-T2 (mai–august 2025)");
	expect_text(&b, "Laget 2025-09-20");
	expect_text(&b, "2 av 19 tiltak har rapport for perioden.");
	expect_text(&b, "Status: I rute · Framdrift: 40 %");
	expect_text(&b, "Godkjent tekst om æøå.");
	expect_text(&b, "Rapporten er sendt inn, men ikke godkjent ennå.");
	expect_text(&b, "Innsendt.");
	expect_text(&b, "Rapporten for perioden er ikke sendt inn.");
	expect_text(&b, "Test og pilotering");
	expect_text(&b, "Andre tiltak");
	if (strstr(buf_cstr(&b), "HEMMELIG UTKAST"))
		fail_msg("a draft's text is in the report");
	buf_release(&b);
	unlink(path);
}

static void test_service_refusals(void **state)
{
	struct fixture *fx = *state;
	struct report_pdf_opts o = { "veikart-2023", "2025-T2", "nb",
				     json_array(), NULL };
	struct principal admin;
	struct err err = ERR_INIT;
	struct buf out = BUF_INIT;

	auth_cli_principal(&admin);
	o.lang = "de";
	assert_int_equal(service_report_pdf_bytes(fx->st, &admin, &o, &out,
						  &err),
			 -1);
	assert_string_equal(err.field, "lang");
	o.lang = "en";
	o.period = "2025-Q3";
	assert_int_equal(service_report_pdf_bytes(fx->st, &admin, &o, &out,
						  &err),
			 -1);
	assert_string_equal(err.field, "period");
	o.period = "2025";
	o.strategy = "nope";
	assert_int_equal(service_report_pdf_bytes(fx->st, &admin, &o, &out,
						  &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	o.strategy = "hp-kliniske-2021";
	assert_int_equal(service_report_pdf_bytes(fx->st, &admin, &o, &out,
						  &err),
			 0);
	assert_memory_equal(out.buf, "%PDF-", 5);
	json_decref(o.findings);
	buf_release(&out);
}

/* The report of approved reports is public: anonymous callers get it
 * without what waits for approval; a read-only token sees that too. */
static void test_service_public_report(void **state)
{
	struct fixture *fx = *state;
	struct report_pdf_opts o = { "veikart-2023", "2025-T2", "nb",
				     json_array(), "2025-09-20" };
	struct principal anon = PRINCIPAL_ANONYMOUS, reader = anon;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;
	char path[64];

	if (!have_poppler())
		skip();
	snprintf(path, sizeof(path), "/tmp/veikart-pdf-test-XXXXXX");
	close(mkstemp(path));
	assert_int_equal(service_report_pdf_write(fx->st, &anon, &o, path,
						  &err),
			 0);
	text_of(path, 0, &b);
	expect_text(&b, "1 av 19 tiltak har rapport for perioden.");
	expect_text(&b, "Godkjent tekst om æøå.");
	if (strstr(buf_cstr(&b), "Innsendt.") ||
	    strstr(buf_cstr(&b), "ikke godkjent") ||
	    strstr(buf_cstr(&b), "ikke sendt inn") ||
	    strstr(buf_cstr(&b), "HEMMELIG UTKAST"))
		fail_msg("the public report shows an unapproved report");
	buf_reset(&b);
	reader.user_id = 7;
	reader.role = ROLE_REPORTER;
	reader.can_write = false; /* a read-only token */
	assert_int_equal(service_report_pdf_write(fx->st, &reader, &o, path,
						  &err),
			 0);
	text_of(path, 0, &b);
	expect_text(&b, "2 av 19 tiltak har rapport for perioden.");
	expect_text(&b, "Innsendt.");
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM audit_event "
					     "WHERE action = 'denied'"),
			 0);
	json_decref(o.findings);
	buf_release(&b);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_look_like_a_pdf),
		cmocka_unit_test(test_text_is_real_and_complete),
		cmocka_unit_test(test_contents_point_at_pages),
		cmocka_unit_test(test_long_text_flows_over_pages),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_bad_text_and_empty_report),
		cmocka_unit_test(test_unwritable_path),
		cmocka_unit_test_setup_teardown(test_service_report,
						seeded_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_service_refusals,
						seeded_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_service_public_report,
						seeded_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
