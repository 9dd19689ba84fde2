/*
 * web/form_view.c: workspace forms in Designsystemet markup (see
 * form_view.h). Every value, label and message leaves through an escaper
 * of web/html.h.
 */
#include "web/form_view.h"

#include <stdio.h>
#include <string.h>

void form_error(struct form_state *fs, const char *field, const char *msg)
{
	struct form_error *e;

	if (form_error_of(fs, field) || fs->nerrors >= FORM_MAX_ERRORS)
		return;
	e = &fs->errors[fs->nerrors++];
	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
}

void form_error_key(struct page *pg, struct form_state *fs,
		    const char *field, const char *key)
{
	form_error(fs, field, T(pg, key));
}

const char *form_error_of(const struct form_state *fs, const char *field)
{
	for (size_t i = 0; i < fs->nerrors; i++)
		if (!strcmp(fs->errors[i].field, field))
			return fs->errors[i].msg;
	return NULL;
}

void form_begin(struct page *pg, const char *path, const char *id)
{
	html_raw(pg->out, "<form class=\"vk-form\" method=\"post\" "
			  "novalidate action=\"");
	page_href(pg, path, id);
	html_raw(pg->out, "\">\n");
	if (page_signed_in(pg))
		form_hidden(pg, "csrf_token", pg->who.csrf);
}

void form_end(struct page *pg)
{
	html_raw(pg->out, "</form>\n");
}

void form_error_summary(struct page *pg, const struct form_state *fs)
{
	if (!form_has_errors(fs))
		return;
	/* autofocus moves the focus here as the page loads, so a screen
	 * reader starts with what went wrong. */
	html_raw(pg->out, "<div class=\"ds-error-summary\" id=\"error-summary\" "
			  "tabindex=\"-1\" autofocus "
			  "aria-labelledby=\"error-summary-heading\">\n"
			  "<h2 class=\"ds-heading\" data-size=\"xs\" "
			  "id=\"error-summary-heading\">");
	html_txt(pg->out, T(pg, "form.error_summary"));
	html_raw(pg->out, "</h2>\n<ul class=\"ds-list\">\n");
	for (size_t i = 0; i < fs->nerrors; i++) {
		html_raw(pg->out, "<li><a class=\"ds-link\" href=\"#f-");
		html_attr(pg->out, fs->errors[i].field);
		html_raw(pg->out, "\">");
		html_txt(pg->out, fs->errors[i].msg);
		html_raw(pg->out, "</a></li>\n");
	}
	html_raw(pg->out, "</ul>\n</div>\n");
}

/* The value a field shows: what was posted, else the stored value. */
static const char *shown(const struct form_state *fs,
			 const struct form_field *f)
{
	const char *v = fs->in ? http_form_get(fs->in, f->name) : f->value;

	return v ? v : "";
}

/* The field's <label>, or with `legend` the <legend> of its fieldset. */
static void label(struct page *pg, const struct form_field *f, bool legend)
{
	if (legend) {
		html_raw(pg->out, "<legend class=\"ds-label\">");
	} else {
		html_raw(pg->out, "<label class=\"ds-label\" for=\"f-");
		html_attr(pg->out, f->name);
		html_raw(pg->out, "\">");
	}
	html_txt(pg->out, T(pg, f->label_key));
	if (f->required) {
		html_raw(pg->out, " <span class=\"vk-required\">");
		html_txt(pg->out, T(pg, "form.required"));
		html_raw(pg->out, "</span>");
	}
	if (legend)
		html_raw(pg->out, "</legend>\n");
	else
		html_raw(pg->out, "</label>\n");
}

/* The help text and the message, with the ids the input refers to. */
static void help_and_error(struct page *pg, const struct form_state *fs,
			   const struct form_field *f)
{
	const char *msg = form_error_of(fs, f->name);

	if (f->help_key) {
		html_raw(pg->out, "<div data-field=\"description\" id=\"f-");
		html_attr(pg->out, f->name);
		html_raw(pg->out, "-help\">");
		html_txt(pg->out, T(pg, f->help_key));
		html_raw(pg->out, "</div>\n");
	}
	form_field_error(pg, f->name, msg);
}

void form_field_error(struct page *pg, const char *name, const char *msg)
{
	if (!msg)
		return;
	html_raw(pg->out, "<div class=\"ds-validation-message\" "
			  "data-field=\"validation\" id=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "-error\">");
	html_txt(pg->out, msg);
	html_raw(pg->out, "</div>\n");
}

void form_leave_link(struct page *pg, const char *path, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, path, NULL);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</a></p>\n");
}

void form_filter_begin(struct page *pg, const char *name, const char *label_key)
{
	html_raw(pg->out, "<div class=\"ds-field\"><label class=\"ds-label\" "
			  "for=\"filter-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, label_key));
	html_raw(pg->out, "</label><select class=\"ds-input\" id=\"filter-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" name=\"");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
}

void form_filter_option(struct page *pg, const char *value, bool selected,
			const char *label, const char *lang)
{
	html_raw(pg->out, "<option value=\"");
	html_attr(pg->out, value);
	html_raw(pg->out, "\"");
	if (selected)
		html_raw(pg->out, " selected");
	if (lang) {
		html_raw(pg->out, " lang=\"");
		html_attr(pg->out, lang);
		html_raw(pg->out, "\"");
	}
	html_raw(pg->out, ">");
	html_txt(pg->out, label);
	html_raw(pg->out, "</option>");
}

void form_filter_end(struct page *pg)
{
	html_raw(pg->out, "</select></div>\n");
}

/* id, name, aria-describedby and aria-invalid of a control. */
static void control_attrs(struct page *pg, const struct form_state *fs,
			  const struct form_field *f)
{
	bool wrong = form_error_of(fs, f->name) != NULL;

	html_raw(pg->out, " id=\"f-");
	html_attr(pg->out, f->name);
	html_raw(pg->out, "\" name=\"");
	html_attr(pg->out, f->name);
	html_raw(pg->out, "\"");
	if (f->help_key || wrong) {
		html_raw(pg->out, " aria-describedby=\"");
		if (f->help_key) {
			html_raw(pg->out, "f-");
			html_attr(pg->out, f->name);
			html_raw(pg->out, "-help");
			if (wrong)
				html_raw(pg->out, " ");
		}
		if (wrong) {
			html_raw(pg->out, "f-");
			html_attr(pg->out, f->name);
			html_raw(pg->out, "-error");
		}
		html_raw(pg->out, "\"");
	}
	if (wrong)
		html_raw(pg->out, " aria-invalid=\"true\"");
	if (f->required)
		html_raw(pg->out, " aria-required=\"true\"");
	if (f->maxlength > 0) {
		char n[16];

		snprintf(n, sizeof(n), "%d", f->maxlength);
		html_raw(pg->out, " maxlength=\"");
		html_attr(pg->out, n);
		html_raw(pg->out, "\"");
	}
	if (f->autocomplete) {
		html_raw(pg->out, " autocomplete=\"");
		html_attr(pg->out, f->autocomplete);
		html_raw(pg->out, "\"");
	}
}

void form_input(struct page *pg, const struct form_state *fs,
		const struct form_field *f)
{
	html_raw(pg->out, "<div class=\"ds-field\">\n");
	label(pg, f, false);
	help_and_error(pg, fs, f);
	html_raw(pg->out, "<input class=\"ds-input\" type=\"");
	html_attr(pg->out, f->type ? f->type : "text");
	html_raw(pg->out, "\"");
	control_attrs(pg, fs, f);
	/* A password is never sent back. */
	if (!f->type || strcmp(f->type, "password")) {
		html_raw(pg->out, " value=\"");
		html_attr(pg->out, shown(fs, f));
		html_raw(pg->out, "\"");
	}
	html_raw(pg->out, ">\n</div>\n");
}

void form_textarea(struct page *pg, const struct form_state *fs,
		   const struct form_field *f, int rows)
{
	char n[16];

	snprintf(n, sizeof(n), "%d", rows > 0 ? rows : 4);
	html_raw(pg->out, "<div class=\"ds-field\">\n");
	label(pg, f, false);
	help_and_error(pg, fs, f);
	html_raw(pg->out, "<textarea class=\"ds-input\" rows=\"");
	html_attr(pg->out, n);
	html_raw(pg->out, "\"");
	control_attrs(pg, fs, f);
	html_raw(pg->out, ">");
	html_txt(pg->out, shown(fs, f));
	html_raw(pg->out, "</textarea>\n</div>\n");
}

void form_select(struct page *pg, const struct form_state *fs,
		 const struct form_field *f, const struct form_option *opts,
		 size_t n)
{
	const char *cur = shown(fs, f);

	html_raw(pg->out, "<div class=\"ds-field\">\n");
	label(pg, f, false);
	help_and_error(pg, fs, f);
	html_raw(pg->out, "<select class=\"ds-input\"");
	control_attrs(pg, fs, f);
	html_raw(pg->out, ">\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(pg->out, "<option value=\"");
		html_attr(pg->out, opts[i].value);
		html_raw(pg->out, "\"");
		if (!strcmp(cur, opts[i].value))
			html_raw(pg->out, " selected");
		html_raw(pg->out, ">");
		html_txt(pg->out, opts[i].label);
		html_raw(pg->out, "</option>\n");
	}
	html_raw(pg->out, "</select>\n</div>\n");
}

static bool in_list(const char *v, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(*list, v))
			return true;
	return false;
}

static bool posted(const struct form_state *fs, const char *name,
		   const char *v)
{
	size_t pos = 0;
	const char *x;

	while ((x = http_form_next(fs->in, name, &pos)))
		if (!strcmp(x, v))
			return true;
	return false;
}

/* A fieldset of radios or checkboxes; `checked` decides each box. */
static void choices(struct page *pg, const struct form_state *fs,
		    const struct form_field *f, const struct form_option *opts,
		    size_t n, bool radio, const char *const *checked)
{
	const char *msg = form_error_of(fs, f->name);
	char idx[24];

	html_raw(pg->out, "<fieldset class=\"ds-fieldset\" id=\"f-");
	html_attr(pg->out, f->name);
	html_raw(pg->out, "\" tabindex=\"-1\"");
	if (msg || f->help_key) {
		html_raw(pg->out, " aria-describedby=\"");
		html_raw(pg->out, "f-");
		html_attr(pg->out, f->name);
		if (msg)
			html_raw(pg->out, "-error\"");
		else
			html_raw(pg->out, "-help\"");
	}
	html_raw(pg->out, ">\n");
	label(pg, f, true);
	help_and_error(pg, fs, f);
	for (size_t i = 0; i < n; i++) {
		bool on = fs->in ? posted(fs, f->name, opts[i].value)
				 : in_list(opts[i].value, checked);

		snprintf(idx, sizeof(idx), "-%zu", i);
		if (radio)
			html_raw(pg->out, "<div class=\"ds-field\"><input "
					  "class=\"ds-input\" type=\"radio\"");
		else
			html_raw(pg->out, "<div class=\"ds-field\"><input "
					  "class=\"ds-input\" type=\"checkbox\"");
		html_raw(pg->out, " id=\"f-");
		html_attr(pg->out, f->name);
		html_attr(pg->out, idx);
		html_raw(pg->out, "\" name=\"");
		html_attr(pg->out, f->name);
		html_raw(pg->out, "\" value=\"");
		html_attr(pg->out, opts[i].value);
		html_raw(pg->out, "\"");
		if (on)
			html_raw(pg->out, " checked");
		if (msg)
			html_raw(pg->out, " aria-invalid=\"true\"");
		html_raw(pg->out, "><label class=\"ds-label\" for=\"f-");
		html_attr(pg->out, f->name);
		html_attr(pg->out, idx);
		html_raw(pg->out, "\">");
		html_txt(pg->out, opts[i].label);
		html_raw(pg->out, "</label></div>\n");
	}
	html_raw(pg->out, "</fieldset>\n");
}

void form_radios(struct page *pg, const struct form_state *fs,
		 const struct form_field *f, const struct form_option *opts,
		 size_t n)
{
	const char *cur[2] = { shown(fs, f), NULL };
	struct form_state plain = *fs;

	/* A radio's state is the single value shown, posted or stored. */
	plain.in = NULL;
	choices(pg, fs->in ? fs : &plain, f, opts, n, true, cur);
}

void form_checkboxes(struct page *pg, const struct form_state *fs,
		     const struct form_field *f,
		     const struct form_option *opts, size_t n,
		     const char *const *checked)
{
	choices(pg, fs, f, opts, n, false, checked);
}

void form_hidden(struct page *pg, const char *name, const char *value)
{
	html_raw(pg->out, "<input type=\"hidden\" name=\"");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" value=\"");
	html_attr(pg->out, value ? value : "");
	html_raw(pg->out, "\">\n");
}

void form_button(struct page *pg, const char *label_key, const char *name,
		 const char *value, bool primary)
{
	html_raw(pg->out, "<button class=\"ds-button\" type=\"submit\" "
			  "data-variant=\"");
	if (primary)
		html_raw(pg->out, "primary");
	else
		html_raw(pg->out, "secondary");
	html_raw(pg->out, "\"");
	if (name) {
		html_raw(pg->out, " name=\"");
		html_attr(pg->out, name);
		html_raw(pg->out, "\" value=\"");
		html_attr(pg->out, value ? value : "");
		html_raw(pg->out, "\"");
	}
	html_raw(pg->out, ">");
	html_txt(pg->out, T(pg, label_key));
	html_raw(pg->out, "</button>\n");
}

void form_notice(struct page *pg, const char *key)
{
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"success\" "
			  "role=\"status\"><p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p></div>\n");
}
