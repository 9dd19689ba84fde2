/*
 * tests/test_i18n.c: the portal's message catalogs (web/i18n.h). Every key
 * is in all three catalogs, every key the code asks for exists, the key
 * families built at run time (actor kinds, roles, certainties, states)
 * are complete, placeholders are filled and escaped, the catalog parser
 * refuses malformed text, and Accept-Language picks the right language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "model/entity.h"
#include "web/i18n.h"
#include "web/routes.h"

static void test_catalogs_complete(void **state)
{
	struct buf report = BUF_INIT;
	size_t problems;

	(void)state;
	assert_int_equal(i18n_init(NULL), 0);
	problems = i18n_check(&report);
	if (problems)
		fprintf(stderr, "%s", buf_cstr(&report));
	assert_int_equal(problems, 0);
	buf_release(&report);
}

static void test_lookup(void **state)
{
	(void)state;
	assert_string_equal(i18n(LANG_NB, "nav.front"), "Forside");
	assert_string_equal(i18n(LANG_NN, "nav.front"), "Framside");
	assert_string_equal(i18n(LANG_EN, "nav.front"), "Home");
	assert_string_equal(i18n(LANG_NN, "nav.skip"),
			    "Hopp til hovudinnhaldet");
	/* A key nobody wrote shows as itself rather than as nothing. */
	assert_string_equal(i18n(LANG_NB, "no.such.key"), "no.such.key");
	assert_false(i18n_has(LANG_EN, "no.such.key"));
	assert_true(i18n_has(LANG_EN, "site.name"));
}

static void test_html_placeholders(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	i18n_html(&b, LANG_NB, "registered.of_unconfirmed", "19", "41", "7",
		  NULL);
	assert_string_equal(b.buf, "19 av 41 annonserte tiltak er registrert "
				   "(7 ikke bekreftet).");
	buf_reset(&b);
	/* Arguments are text: escaped like everything else. */
	i18n_html(&b, LANG_EN, "status.per", "<b>2025-T2</b> & æøå", NULL);
	assert_string_equal(b.buf, "Status as of &lt;b&gt;2025-T2&lt;/b&gt; "
				   "&amp; æøå; approved reports.");
	buf_reset(&b);
	/* A placeholder without an argument stays visible. */
	i18n_html(&b, LANG_EN, "list.count", "3", NULL);
	assert_string_equal(b.buf, "Showing 3 of {2} measures.");
	buf_release(&b);
}

static void test_parse_errors(void **state)
{
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(i18n_parse_check("t", "# c\n\na = b\nc.d = æ ø å\n",
					  &err), 2);
	assert_int_equal(i18n_parse_check("t", "a = b\r\nb = c\r\n", &err), 2);
	assert_int_equal(i18n_parse_check("t", "a = b\nno equals sign\n",
					  &err), -1);
	assert_non_null(strstr(err.msg, "line 2"));
	assert_int_equal(i18n_parse_check("t", "a = b\na = c\n", &err), -1);
	assert_non_null(strstr(err.msg, "twice"));
	assert_int_equal(i18n_parse_check("t", "Big = b\n", &err), -1);
	assert_int_equal(i18n_parse_check("t", "a b = c\n", &err), -1);
	assert_int_equal(i18n_parse_check("t", "a =   \n", &err), -1);
	assert_int_equal(i18n_parse_check("t", " = text\n", &err), -1);
	assert_int_equal(i18n_parse_check("t", "", &err), 0);
	/* The text may hold '=' after the first one. */
	assert_int_equal(i18n_parse_check("t", "a = x = y\n", &err), 1);
}

/* A key family built at run time from a vocabulary: prefix.value. */
static void family(const char *prefix, const char *const *values)
{
	char key[96];

	for (size_t i = 0; values[i]; i++) {
		snprintf(key, sizeof(key), "%s.%s", prefix, values[i]);
		for (int l = 0; l < LANG_COUNT; l++)
			if (!i18n_has((enum lang)l, key))
				fail_msg("missing key %s", key);
	}
}

static void test_runtime_families(void **state)
{
	const struct entity_desc *actors = entity_find("actors");
	const struct entity_desc *measures = entity_find("measures");

	(void)state;
	family("kind", entity_field(actors, "kind")->values);
	family("certainty", entity_field(measures, "certainty")->values);
	family("state", entity_field(measures, "state")->values);
	family("role", measure_roles);
	family("actor.role", measure_roles);
}

/* Whether some catalog key starts with `prefix` and a dot: the prefixes
 * are read from the bokmål catalog files, so a new part of the portal is
 * checked as soon as its catalog exists. */
static bool known_prefix(const char *prefix)
{
	static char prefixes[256][32];
	static size_t n;
	static bool loaded;

	if (!loaded) {
		DIR *d = opendir("data/i18n/nb");
		struct dirent *e;

		loaded = true;
		while (d && (e = readdir(d))) {
			char path[512], line[1024];
			FILE *f;

			if (!strstr(e->d_name, ".txt"))
				continue;
			snprintf(path, sizeof(path), "data/i18n/nb/%s",
				 e->d_name);
			f = fopen(path, "r");
			while (f && fgets(line, sizeof(line), f)) {
				size_t k = strcspn(line, ".= #\n");
				bool seen = false;

				if (line[k] != '.' || k == 0 || k >= 32)
					continue;
				line[k] = '\0';
				for (size_t i = 0; i < n && !seen; i++)
					seen = !strcmp(prefixes[i], line);
				if (!seen && n < 256)
					memcpy(prefixes[n++], line, k + 1);
			}
			if (f)
				fclose(f);
		}
		if (d)
			closedir(d);
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(prefixes[i], prefix))
			return true;
	return false;
}

/* Checks each "prefix.rest" literal of a source file names a key. */
static void scan_file(const char *path, int *checked)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		for (char *p = strchr(line, '"'); p; p = strchr(p + 1, '"')) {
			char *q = strchr(p + 1, '"'), *dot;
			char lit[128];
			size_t n;

			if (!q)
				break;
			n = (size_t)(q - p - 1);
			if (n == 0 || n >= sizeof(lit)) {
				p = q;
				continue;
			}
			memcpy(lit, p + 1, n);
			lit[n] = '\0';
			p = q;
			dot = strchr(lit, '.');
			if (!dot || strspn(lit, "abcdefghijklmnopqrstuvwxyz"
						"0123456789_.-") != n)
				continue;
			*dot = '\0';
			if (!known_prefix(lit) || !dot[1] ||
			    dot[strlen(dot + 1)] == '.')
				continue;
			*dot = '.';
			(*checked)++;
			if (!i18n_has(LANG_NB, lit))
				fail_msg("%s asks for %s, which no catalog has",
					 path, lit);
		}
	}
	fclose(f);
}

static void test_code_keys_exist(void **state)
{
	DIR *d = opendir("src/web");
	struct dirent *e;
	int checked = 0;

	(void)state;
	if (!d)
		skip();	/* not run from the repository root */
	while ((e = readdir(d))) {
		char path[512];
		size_t n = strlen(e->d_name);

		if (n < 3 || strcmp(e->d_name + n - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "src/web/%s", e->d_name);
		scan_file(path, &checked);
	}
	closedir(d);
	/* The scan found the pages' keys, not nothing. */
	assert_true(checked > 150);
}

static void test_negotiate(void **state)
{
	(void)state;
	assert_int_equal(lang_negotiate(NULL), LANG_NB);
	assert_int_equal(lang_negotiate(""), LANG_NB);
	assert_int_equal(lang_negotiate("fr-FR, de;q=0.8"), LANG_NB);
	assert_int_equal(lang_negotiate("nn"), LANG_NN);
	assert_int_equal(lang_negotiate("nn-NO,nn;q=0.9"), LANG_NN);
	assert_int_equal(lang_negotiate("en-GB,en;q=0.9"), LANG_EN);
	assert_int_equal(lang_negotiate("no"), LANG_NB);
	assert_int_equal(lang_negotiate("nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,"
					 "en-US;q=0.6,en;q=0.5"),
			 LANG_NB);
	assert_int_equal(lang_negotiate("en;q=0.5, nn;q=0.8"), LANG_NN);
	assert_int_equal(lang_negotiate("nn;q=0, en"), LANG_EN);
	assert_int_equal(lang_negotiate("de, en;q=0.3, *;q=0.1"), LANG_EN);
	assert_int_equal(lang_negotiate("*"), LANG_NB);
	assert_int_equal(lang_negotiate("EN-us"), LANG_EN);
	assert_int_equal(lang_negotiate("en;q=bogus, nn;q=0.2"), LANG_NN);
	assert_int_equal(lang_negotiate(",,, ;q=1, nnn, e"), LANG_NB);
}

static void test_codes(void **state)
{
	enum lang l = LANG_NB;

	(void)state;
	assert_true(lang_from_code("nn", 2, &l));
	assert_int_equal(l, LANG_NN);
	assert_true(lang_from_code("en/x", 2, &l));
	assert_int_equal(l, LANG_EN);
	assert_false(lang_from_code("no", 2, &l));
	assert_false(lang_from_code("nbx", 3, &l));
	assert_false(lang_from_code("n", 1, &l));
	assert_string_equal(lang_code(LANG_NN), "nn");
	assert_string_equal(lang_name(LANG_NB), "Bokmål");
	/* The portal's idea of the session cookie is the API's. */
	assert_string_equal(WEB_SESSION_COOKIE, API_SESSION_COOKIE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogs_complete),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_html_placeholders),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_runtime_families),
		cmocka_unit_test(test_code_keys_exist),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
