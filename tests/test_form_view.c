/*
 * tests/test_form_view.c: the workspace's form markup (web/form_view.c):
 * the error summary (one link per wrong field, focused on load, nothing
 * when all is well), fields tied to their help and message with
 * aria-describedby and aria-invalid, posted values shown again, a
 * password never sent back, every value and message escaped, the state of
 * radios, checkboxes and selects, the CSRF field of a signed-in form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/form.h"
#include "web/form_view.h"

struct view {
	struct http_response resp;
	struct page pg;
	struct http_form form;
};

static void view_init(struct view *v, bool signed_in, const char *posted)
{
	struct err err = ERR_INIT;

	memset(v, 0, sizeof(*v));
	http_response_init(&v->resp);
	v->pg.resp = &v->resp;
	v->pg.out = &v->resp.body;
	v->pg.lang = LANG_NB;
	v->pg.who = (struct principal)PRINCIPAL_ANONYMOUS;
	if (signed_in) {
		v->pg.who.user_id = 7;
		v->pg.who.role = ROLE_REPORTER;
		snprintf(v->pg.who.csrf, sizeof(v->pg.who.csrf), "%s",
			 "abc\"<def>");
	}
	if (posted)
		assert_int_equal(
		    http_form_parse(posted, strlen(posted), &v->form, &err), 0);
}

static void view_release(struct view *v)
{
	http_form_release(&v->form);
	http_response_release(&v->resp);
}

static const char *out(struct view *v)
{
	return buf_cstr(v->pg.out);
}

#define assert_has(v, s)                                                       \
	do {                                                                   \
		if (!strstr(out(v), (s)))                                      \
			fail_msg("output lacks %s:\n%s", (s), out(v));         \
	} while (0)
#define assert_lacks(v, s)                                                     \
	do {                                                                   \
		if (strstr(out(v), (s)))                                       \
			fail_msg("output has %s:\n%s", (s), out(v));           \
	} while (0)

static const struct form_field title = {
    "title", "form.required", "form.optional", "stored & <kept>", true, 200,
    NULL,    "off",
};

/* ---- errors and the summary ---- */

static void test_first_error_per_field_counts(void **state)
{
	struct form_state fs = {0};

	(void)state;
	form_error(&fs, "a", "first");
	form_error(&fs, "a", "second");
	form_error(&fs, "b", "other");
	assert_int_equal(fs.nerrors, 2);
	assert_string_equal(form_error_of(&fs, "a"), "first");
	assert_null(form_error_of(&fs, "c"));
	for (int i = 0; i < FORM_MAX_ERRORS + 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "f%d", i);
		form_error(&fs, name, "x");
	}
	assert_int_equal(fs.nerrors, FORM_MAX_ERRORS);
}

static void test_error_key_is_in_the_page_language(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	v.pg.lang = LANG_EN;
	form_error_key(&v.pg, &fs, "x", "form.required");
	assert_string_equal(form_error_of(&fs, "x"), "(required)");
	view_release(&v);
}

static void test_summary_links_each_field_and_takes_focus(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_error(&fs, "status", "Velg en status.");
	form_error(&fs, "done_text", "Skriv hva som er gjort.");
	form_error_summary(&v.pg, &fs);
	assert_has(&v, "class=\"ds-error-summary\"");
	assert_has(&v, "autofocus");
	assert_has(&v, "tabindex=\"-1\"");
	assert_has(&v, "aria-labelledby=\"error-summary-heading\"");
	assert_has(&v, "id=\"error-summary-heading\">For å gå videre må du "
		       "rette opp følgende feil:</h2>");
	assert_has(&v, "<a class=\"ds-link\" href=\"#f-status\">Velg en "
		       "status.</a>");
	assert_has(&v, "<a class=\"ds-link\" href=\"#f-done_text\">Skriv hva "
		       "som er gjort.</a>");
	/* In the order they were found: the first wrong field first. */
	assert_true(strstr(out(&v), "#f-status") <
		    strstr(out(&v), "#f-done_text"));
	view_release(&v);
}

static void test_no_summary_without_errors(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_error_summary(&v.pg, &fs);
	assert_string_equal(out(&v), "");
	view_release(&v);
}

static void test_summary_escapes_messages_and_fields(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_error(&fs, "x\"><i>", "<script>alert(1)</script> & \"æøå\"");
	form_error_summary(&v.pg, &fs);
	assert_has(&v, "href=\"#f-x&quot;&gt;&lt;i&gt;\"");
	assert_has(&v, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
		       "&quot;æøå&quot;");
	assert_lacks(&v, "<script>");
	assert_lacks(&v, "<i>");
	view_release(&v);
}

/* ---- inputs ---- */

static void test_input_describedby_help_and_error(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_input(&v.pg, &fs, &title);
	assert_has(&v, "<label class=\"ds-label\" for=\"f-title\">");
	assert_has(&v, "id=\"f-title\" name=\"title\"");
	assert_has(&v, "aria-describedby=\"f-title-help\"");
	assert_has(&v, "id=\"f-title-help\">(valgfritt)</div>");
	assert_has(&v, "aria-required=\"true\"");
	assert_has(&v, "maxlength=\"200\"");
	assert_has(&v, "autocomplete=\"off\"");
	assert_has(&v, "<span class=\"vk-required\">(må fylles ut)</span>");
	assert_lacks(&v, "aria-invalid");
	assert_lacks(&v, "-error");
	buf_reset(v.pg.out);

	form_error(&fs, "title", "For lang.");
	form_input(&v.pg, &fs, &title);
	assert_has(&v, "aria-describedby=\"f-title-help f-title-error\"");
	assert_has(&v, "aria-invalid=\"true\"");
	assert_has(&v, "<div class=\"ds-validation-message\" "
		       "data-field=\"validation\" id=\"f-title-error\">For "
		       "lang.</div>");
	view_release(&v);
}

static void test_input_error_without_help(void **state)
{
	static const struct form_field plain = {
	    "n", "form.required", NULL, NULL, false, 0, "number", NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_error(&fs, "n", "Skriv et tall.");
	form_input(&v.pg, &fs, &plain);
	assert_has(&v, "type=\"number\"");
	assert_has(&v, "aria-describedby=\"f-n-error\"");
	assert_lacks(&v, "f-n-help");
	assert_lacks(&v, "maxlength");
	assert_lacks(&v, "autocomplete");
	assert_lacks(&v, "aria-required");
	assert_has(&v, "value=\"\"");
	view_release(&v);
}

static void test_input_shows_stored_value_escaped(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_input(&v.pg, &fs, &title);
	assert_has(&v, "value=\"stored &amp; &lt;kept&gt;\"");
	view_release(&v);
}

static void test_input_shows_posted_value_again(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "title=%22%3E%3Cscript%3Ex%3C%2Fscript%3E+%C3%A6");
	fs.in = &v.form;
	form_input(&v.pg, &fs, &title);
	/* What was typed, not what was stored, and escaped. */
	assert_has(&v, "value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt; "
		       "æ\"");
	assert_lacks(&v, "stored");
	assert_lacks(&v, "<script>");
	view_release(&v);
}

static void test_posted_form_without_the_field_shows_empty(void **state)
{
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "other=1");
	fs.in = &v.form;
	form_input(&v.pg, &fs, &title);
	assert_has(&v, "value=\"\"");
	view_release(&v);
}

static void test_password_is_never_echoed(void **state)
{
	static const struct form_field pw = {
	    "password", "form.required",    NULL, "stored-secret", true, 0,
	    "password", "current-password",
	};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "password=hemmelig+passord+123");
	form_input(&v.pg, &fs, &pw);
	assert_lacks(&v, "stored-secret");
	assert_lacks(&v, "value=");
	buf_reset(v.pg.out);
	fs.in = &v.form;
	form_error(&fs, "password", "Feil brukernavn eller passord.");
	form_input(&v.pg, &fs, &pw);
	assert_has(&v, "type=\"password\"");
	assert_has(&v, "autocomplete=\"current-password\"");
	assert_has(&v, "aria-invalid=\"true\"");
	assert_lacks(&v, "hemmelig");
	assert_lacks(&v, "value=");
	view_release(&v);
}

static void test_textarea_escapes_and_keeps_posted(void **state)
{
	static const struct form_field text = {
	    "done_text", "form.required",
	    NULL,	 "</textarea><b>stored</b>",
	    true,	 0,
	    NULL,	 NULL,
	};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "done_text=linje+1%0D%0A%3C%2Ftextarea%3E");
	form_textarea(&v.pg, &fs, &text, 0);
	assert_has(&v, "rows=\"4\"");
	assert_has(&v, ">&lt;/textarea&gt;&lt;b&gt;stored&lt;/b&gt;"
		       "</textarea>");
	buf_reset(v.pg.out);
	fs.in = &v.form;
	form_error(&fs, "done_text", "<mangler>");
	form_textarea(&v.pg, &fs, &text, 6);
	assert_has(&v, "rows=\"6\"");
	assert_has(&v, ">linje 1\r\n&lt;/textarea&gt;</textarea>");
	assert_has(&v, "aria-invalid=\"true\"");
	assert_has(&v, "&lt;mangler&gt;");
	assert_lacks(&v, "<b>");
	view_release(&v);
}

/* ---- choices ---- */

static const struct form_option colours[] = {
    {"red", "Rød"},
    {"green", "Grønn & \"frisk\""},
    {"blue", "Blå"},
};

static void test_radios_stored_value_checked(void **state)
{
	static const struct form_field f = {
	    "colour", "form.required", "form.optional", "green", true, 0, NULL,
	    NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_radios(&v.pg, &fs, &f, colours, 3);
	assert_has(&v, "<fieldset class=\"ds-fieldset\" id=\"f-colour\" "
		       "tabindex=\"-1\" aria-describedby=\"f-colour-help\">");
	assert_has(&v, "<legend class=\"ds-label\">");
	assert_has(&v, "type=\"radio\" id=\"f-colour-1\" name=\"colour\" "
		       "value=\"green\" checked>");
	assert_has(&v, "value=\"red\">");
	assert_has(&v, "value=\"blue\">");
	assert_has(&v, "for=\"f-colour-1\">Grønn &amp; &quot;frisk&quot;"
		       "</label>");
	view_release(&v);
}

static void test_radios_posted_value_wins_and_errors_mark(void **state)
{
	static const struct form_field f = {
	    "colour", "form.required", NULL, "green", true, 0, NULL, NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "colour=blue");
	fs.in = &v.form;
	form_error(&fs, "colour", "Velg en annen.");
	form_radios(&v.pg, &fs, &f, colours, 3);
	assert_has(&v, "value=\"blue\" checked aria-invalid=\"true\">");
	assert_has(&v, "value=\"green\" aria-invalid=\"true\">");
	assert_has(&v, "aria-describedby=\"f-colour-error\"");
	assert_has(&v, "id=\"f-colour-error\">Velg en annen.</div>");
	view_release(&v);
}

static void test_radios_nothing_posted_nothing_checked(void **state)
{
	static const struct form_field f = {
	    "colour", "form.required", NULL, "green", true, 0, NULL, NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "other=1");
	fs.in = &v.form;
	form_radios(&v.pg, &fs, &f, colours, 3);
	assert_lacks(&v, "checked");
	view_release(&v);
}

static void test_checkboxes_posted_and_stored(void **state)
{
	static const struct form_field f = {
	    "c", "form.required", NULL, NULL, false, 0, NULL, NULL};
	static const char *const stored[] = {"red", "blue", NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "c=green&c=blue");
	form_checkboxes(&v.pg, &fs, &f, colours, 3, stored);
	assert_has(&v, "type=\"checkbox\" id=\"f-c-0\" name=\"c\" "
		       "value=\"red\" checked>");
	assert_has(&v, "value=\"green\">");
	assert_has(&v, "value=\"blue\" checked>");
	buf_reset(v.pg.out);
	fs.in = &v.form;
	form_checkboxes(&v.pg, &fs, &f, colours, 3, stored);
	assert_has(&v, "value=\"red\">");
	assert_has(&v, "value=\"green\" checked>");
	assert_has(&v, "value=\"blue\" checked>");
	view_release(&v);
}

static void test_select_selects_posted_or_stored(void **state)
{
	static const struct form_field f = {
	    "s", "form.required", NULL, "red", false, 0, NULL, NULL};
	struct form_state fs = {0};
	struct view v;

	(void)state;
	view_init(&v, false, "s=blue");
	form_select(&v.pg, &fs, &f, colours, 3);
	assert_has(&v, "<option value=\"red\" selected>Rød</option>");
	assert_has(&v, "<option value=\"blue\">Blå</option>");
	buf_reset(v.pg.out);
	fs.in = &v.form;
	form_select(&v.pg, &fs, &f, colours, 3);
	assert_has(&v, "<option value=\"red\">Rød</option>");
	assert_has(&v, "<option value=\"blue\" selected>Blå</option>");
	assert_has(&v, "Grønn &amp; &quot;frisk&quot;");
	view_release(&v);
}

/* ---- the form, hidden fields, buttons, notices ---- */

static void test_form_has_csrf_when_signed_in(void **state)
{
	struct view v;

	(void)state;
	view_init(&v, true, NULL);
	form_begin(&v.pg, "/workspace/report/", "E-01 <x>");
	form_end(&v.pg);
	assert_has(&v, "method=\"post\"");
	assert_has(&v, "novalidate");
	assert_has(&v, "action=\"/nb/workspace/report/E-01%20%3Cx%3E\"");
	assert_has(&v, "<input type=\"hidden\" name=\"csrf_token\" "
		       "value=\"abc&quot;&lt;def&gt;\">");
	assert_has(&v, "</form>");
	view_release(&v);
}

static void test_form_without_csrf_when_anonymous(void **state)
{
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	v.pg.lang = LANG_NN;
	form_begin(&v.pg, "/login", NULL);
	assert_has(&v, "action=\"/nn/login\"");
	assert_lacks(&v, "csrf_token");
	view_release(&v);
}

static void test_hidden_button_and_notice(void **state)
{
	struct view v;

	(void)state;
	view_init(&v, false, NULL);
	form_hidden(&v.pg, "next", "/x?a=1&b=\"2\"");
	form_hidden(&v.pg, "version", NULL);
	form_button(&v.pg, "form.saved", "action", "submit", true);
	form_button(&v.pg, "form.saved", NULL, NULL, false);
	form_notice(&v.pg, "form.saved");
	assert_has(&v, "name=\"next\" value=\"/x?a=1&amp;b=&quot;2&quot;\"");
	assert_has(&v, "name=\"version\" value=\"\"");
	assert_has(&v, "data-variant=\"primary\" name=\"action\" "
		       "value=\"submit\">Endringene er lagret.</button>");
	assert_has(&v, "data-variant=\"secondary\">Endringene er lagret."
		       "</button>");
	assert_has(&v, "role=\"status\"");
	assert_has(&v, "data-color=\"success\"");
	view_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_error_per_field_counts),
	    cmocka_unit_test(test_error_key_is_in_the_page_language),
	    cmocka_unit_test(test_summary_links_each_field_and_takes_focus),
	    cmocka_unit_test(test_no_summary_without_errors),
	    cmocka_unit_test(test_summary_escapes_messages_and_fields),
	    cmocka_unit_test(test_input_describedby_help_and_error),
	    cmocka_unit_test(test_input_error_without_help),
	    cmocka_unit_test(test_input_shows_stored_value_escaped),
	    cmocka_unit_test(test_input_shows_posted_value_again),
	    cmocka_unit_test(test_posted_form_without_the_field_shows_empty),
	    cmocka_unit_test(test_password_is_never_echoed),
	    cmocka_unit_test(test_textarea_escapes_and_keeps_posted),
	    cmocka_unit_test(test_radios_stored_value_checked),
	    cmocka_unit_test(test_radios_posted_value_wins_and_errors_mark),
	    cmocka_unit_test(test_radios_nothing_posted_nothing_checked),
	    cmocka_unit_test(test_checkboxes_posted_and_stored),
	    cmocka_unit_test(test_select_selects_posted_or_stored),
	    cmocka_unit_test(test_form_has_csrf_when_signed_in),
	    cmocka_unit_test(test_form_without_csrf_when_anonymous),
	    cmocka_unit_test(test_hidden_button_and_notice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
