/*
 * web/coordination_forms.c: the coordination page's forms: the filter
 * form (kind, strategy, which marks) and, under each finding, how it is
 * marked and the small form a coordinator marks it with, with the
 * messages of a refused mark on their fields. Field ids carry the
 * finding's id, so that many forms on one page never share an id.
 *
 * Must not call the service: web/page_coordination.c does. Ownership:
 * everything is borrowed from the view.
 */
#include <stdio.h>
#include <string.h>

#include "web/coordination_page.h"
#include "web/form_view.h"

const char *const coord_state_values[] = {
    "open", "handled", "not_relevant", "all", NULL,
};
static const char *const state_keys[] = {
    "coordination.state.open",
    "coordination.state.handled",
    "coordination.state.not_relevant",
    "coordination.state.all",
};
static const char *const mark_keys[] = {
    "coordination.mark.open",
    "coordination.mark.handled",
    "coordination.mark.not_relevant",
};

const char *coord_form_value(struct page *pg, const char *name)
{
	const char *v = http_form_get(&pg->form, name);

	return v && *v ? v : NULL;
}

/* ---- the filter form ---- */

static void kind_select(struct view *v)
{
	struct page *pg = v->pg;

	form_filter_begin(pg, "kind", "coordination.filter.kind");
	form_filter_option(pg, "", v->f.kind_i < 0, T(pg, "list.filter.all"),
			   NULL);
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		form_filter_option(pg, finding_kind_name(k), v->f.kind_i == k,
				   T(pg, coord_kind_title(k)), NULL);
	form_filter_end(pg);
}

static void strategy_select(struct view *v)
{
	struct page *pg = v->pg;
	const struct snapshot *s = v->res.snap;

	form_filter_begin(pg, "strategy", "coordination.filter.strategy");
	form_filter_option(pg, "", v->strategy < 0, T(pg, "list.filter.all"),
			   NULL);
	for (size_t i = 0; i < s->strategies.n; i++)
		form_filter_option(
		    pg, s->strategies.v[i].id, v->strategy == (int32_t)i,
		    snap_text_in(&s->strategies.v[i].name, lang_code(pg->lang)),
		    NULL);
	form_filter_end(pg);
}

static void state_select(struct view *v)
{
	struct page *pg = v->pg;

	form_filter_begin(pg, "state", "coordination.filter.state");
	for (int i = 0; coord_state_values[i]; i++)
		form_filter_option(pg, coord_state_values[i],
				   (int)v->f.mark == i, T(pg, state_keys[i]),
				   NULL);
	form_filter_end(pg);
}

void coord_filter_form(struct view *v)
{
	struct page *pg = v->pg;

	html_raw(pg->out, "<form class=\"vk-filters\" method=\"get\" "
			  "action=\"");
	page_href(pg, "/coordination", NULL);
	html_raw(pg->out, "#findings\">\n");
	kind_select(v);
	strategy_select(v);
	state_select(v);
	/* The matrix's choice stays as it is. */
	if (v->f.a)
		form_hidden(pg, "a", v->f.a);
	if (v->f.b)
		form_hidden(pg, "b", v->f.b);
	form_button(pg, "coordination.filter.submit", NULL, NULL, false);
	html_raw(pg->out, "</form>\n<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, "coordination.filter.strategy_help"));
	html_raw(pg->out, "</p>\n");
}

/* ---- marks ---- */

void coord_mark_state(struct view *v, uint32_t i)
{
	struct page *pg = v->pg;
	const struct analysis_mark *m = &v->res.marks[i];

	html_raw(pg->out, "<p class=\"ds-paragraph vk-mark-state\">");
	html_txt(pg->out, T(pg, "coordination.mark.current"));
	html_raw(pg->out, " ");
	if (!m->at) {
		html_txt(pg->out, T(pg, "coordination.mark.none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_txt(
	    pg->out,
	    T(pg,
	      mark_keys[m->state <= MARK_NOT_RELEVANT ? m->state : MARK_OPEN]));
	html_raw(pg->out, " (");
	page_tf(pg, "coordination.mark.by", m->user ? m->user : "", NULL);
	html_raw(pg->out, ", ");
	page_date(pg, m->at);
	html_raw(pg->out, ")");
	if (m->comment) {
		html_raw(pg->out, ": ");
		html_txt(pg->out, m->comment);
	}
	html_raw(pg->out, "</p>\n");
}

/* The filters as hidden fields, so that a mark comes back to them. */
static void hidden_filters(struct view *v)
{
	const struct filters *f = &v->f;
	const char *names[] = {"kind", "strategy", "state", "a", "b", "page"};
	const char *vals[] = {f->kind, f->strategy, f->state,
			      f->a,    f->b,	    f->page};

	for (size_t i = 0; i < 6; i++)
		if (vals[i])
			form_hidden(v->pg, names[i], vals[i]);
}

/* id="f-m-<finding>-<what>" and the field's name in the form_state. */
static void field_name(char *out, size_t n, const char *fid, const char *what)
{
	snprintf(out, n, "m-%s-%s", fid, what);
}

static void mark_radios(struct view *v, const struct finding *f,
			const char *posted)
{
	struct page *pg = v->pg;
	static const char *const values[] = {"handled", "not_relevant", "open"};
	static const char *const keys[] = {"coordination.mark.handled",
					   "coordination.mark.not_relevant",
					   "coordination.mark.reopen"};
	char name[FORM_NAME_MAX];
	const char *msg;

	field_name(name, sizeof(name), f->id, "mark");
	msg = form_error_of(&v->fs, name);
	html_raw(pg->out, "<fieldset class=\"ds-fieldset\" tabindex=\"-1\" "
			  "id=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\"");
	if (msg) {
		html_raw(pg->out, " aria-describedby=\"f-");
		html_attr(pg->out, name);
		html_raw(pg->out, "-error\"");
	}
	html_raw(pg->out, "><legend class=\"ds-label\">");
	html_txt(pg->out, T(pg, "coordination.mark.legend"));
	html_raw(pg->out, "</legend>\n");
	form_field_error(pg, name, msg);
	for (size_t i = 0; i < 3; i++) {
		bool on = posted ? !strcmp(posted, values[i]) : i == 0;

		html_raw(pg->out, "<div class=\"ds-field\"><input "
				  "class=\"ds-input\" type=\"radio\" "
				  "name=\"mark\" id=\"f-");
		html_attr(pg->out, name);
		html_raw(pg->out, "-");
		html_attr(pg->out, values[i]);
		html_raw(pg->out, "\" value=\"");
		html_attr(pg->out, values[i]);
		html_raw(pg->out, "\"");
		if (on)
			html_raw(pg->out, " checked");
		html_raw(pg->out, "><label class=\"ds-label\" for=\"f-");
		html_attr(pg->out, name);
		html_raw(pg->out, "-");
		html_attr(pg->out, values[i]);
		html_raw(pg->out, "\">");
		html_txt(pg->out, T(pg, keys[i]));
		html_raw(pg->out, "</label></div>\n");
	}
	html_raw(pg->out, "</fieldset>\n");
}

static void mark_comment(struct view *v, const struct finding *f,
			 const char *posted)
{
	struct page *pg = v->pg;
	char name[FORM_NAME_MAX];
	const char *msg;

	field_name(name, sizeof(name), f->id, "comment");
	msg = form_error_of(&v->fs, name);
	html_raw(pg->out, "<div class=\"ds-field\"><label class=\"ds-label\" "
			  "for=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "coordination.mark.comment"));
	html_raw(pg->out, "</label><div data-field=\"description\" id=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "-help\">");
	html_txt(pg->out, T(pg, "coordination.mark.comment_help"));
	html_raw(pg->out, "</div>\n");
	form_field_error(pg, name, msg);
	html_raw(pg->out, "<textarea class=\"ds-input\" rows=\"3\" "
			  "maxlength=\"2000\" name=\"comment\" id=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "\" aria-describedby=\"f-");
	html_attr(pg->out, name);
	html_raw(pg->out, "-help");
	if (msg) {
		html_raw(pg->out, " f-");
		html_attr(pg->out, name);
		html_raw(pg->out, "-error\" aria-invalid=\"true");
	}
	html_raw(pg->out, "\">");
	html_txt(pg->out, posted);
	html_raw(pg->out, "</textarea></div>\n");
}

void coord_mark_form(struct view *v, const struct finding *f)
{
	struct page *pg = v->pg;
	bool failed = v->failed && !strcmp(v->failed, f->id);

	html_raw(pg->out, "<details class=\"vk-mark\"");
	if (failed)
		html_raw(pg->out, " open");
	html_raw(pg->out, "><summary>");
	html_txt(pg->out, T(pg, "coordination.mark.summary"));
	html_raw(pg->out, "</summary>\n");
	form_begin(pg, "/coordination", NULL);
	form_hidden(pg, "finding", f->id);
	hidden_filters(v);
	mark_radios(v, f, failed ? coord_form_value(pg, "mark") : NULL);
	mark_comment(v, f, failed ? coord_form_value(pg, "comment") : NULL);
	form_button(pg, "coordination.mark.submit", NULL, NULL, false);
	form_end(pg);
	html_raw(pg->out, "</details>\n");
}

/* The message for a refused mark, on the field it belongs to. */
void coord_mark_error(struct view *v, const char *id, const struct err *e)
{
	struct page *pg = v->pg;
	char name[FORM_NAME_MAX];
	const char *comment = coord_form_value(pg, "comment");

	v->failed = id;
	if (e->code == ERR_NOT_FOUND) {
		form_error_key(pg, &v->fs, "mark-gone",
			       "coordination.mark.error.gone");
	} else if (!strcmp(e->field, "state")) {
		field_name(name, sizeof(name), id, "mark");
		form_error_key(pg, &v->fs, name,
			       "coordination.mark.error.state");
	} else {
		field_name(name, sizeof(name), id, "comment");
		form_error_key(pg, &v->fs, name,
			       comment ? "coordination.mark.error.comment_long"
				       : "coordination.mark.error.comment");
	}
}
