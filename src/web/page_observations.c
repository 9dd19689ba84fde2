/*
 * web/page_observations.c: /{lang}/workspace/observations, where
 * coordinators upload an indicator's observations as JSON-stat 2.0 or CSV
 * (service/observations.h; the same import as the API's POST
 * /api/v1/indicators/{id}/observations/import and `veikart
 * import-observations`, docs/data-exchange.md). The form: the indicator
 * (?indicator=ID preselects one), the file, "check only" (a dry run) and
 * the import's options (time dimension, DIM=CATEGORY maps, source,
 * dataset of a collection).
 *
 * The answer says what happened: rows in the file, missing values, how
 * many were created, updated and unchanged (or would be, for a check),
 * with a link to the indicator; or every problem with its line (CSV: row),
 * column and field, and that nothing was written - the import is one
 * transaction. The problems' texts come from the service in English and
 * are marked lang="en".
 *
 * A browser posts a file as multipart/form-data (http/multipart.h). The
 * portal's post runner reads urlencoded forms only, so this page reads the
 * multipart body itself and checks its csrf_token part as page_run_post
 * does; with a runner that decodes multipart bodies into pg->form (and has
 * checked the token) the same code works. The file's bytes are not copied:
 * they point into the request body.
 *
 * Access is the service's: OP_WRITE_DOMAIN (coordinators, admins), asked
 * before the form is shown; others get the 403 page. Ownership: json_t
 * values and the parts are released before return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/multipart.h"
#include "model/limits.h"
#include "model/value.h"
#include "service/access.h"
#include "service/auth.h"
#include "service/observations.h"
#include "service/portal.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "web/form_view.h"
#include "web/layout.h"
#include "web/page.h"

#define UPLOAD_PATH "/workspace/observations"
/* What the file name may take up in messages and the audit event. */
#define UPLOAD_NAME_MAX 200

/* The choices of the form: indicators and sources, labelled. */
struct upload_view {
	json_t *indicators, *sources; /* portal_all, in id order */
	struct form_option *ind_opts, *src_opts;
	size_t nind, nsrc;
	json_t *labels; /* the "name (id)" strings the options point to */
};

/* What the post brought and what came of it. */
struct upload_post {
	struct http_multipart mp;
	const struct http_part *file;
	char name[UPLOAD_NAME_MAX + 1]; /* the file's name, for messages */
	struct obs_import_opts o;
	struct obs_map maps[OBS_MAX_MAPS];
	char mapbuf[LIMIT_QUERY_PARAM_BYTES + 1];
	struct obs_import_result res;
	struct problems probs;
	int status; /* of a form shown again: 422, 413 */
};

static void para(struct page *pg, const char *key)
{
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	html_txt(pg->out, T(pg, key));
	html_raw(pg->out, "</p>\n");
}

/* ---- loading the choices ---- */

/* Options for the records of list: the id as value, "name (id)" as
 * label (kept in labels); the first option, value "", says `none_key`. */
static struct form_option *options(struct page *pg, json_t *list,
				   const char *field, const char *none_key,
				   json_t *labels, size_t *n)
{
	struct form_option *o = xcalloc(json_array_size(list) + 1, sizeof(*o));
	struct buf b = BUF_INIT;
	json_t *r;
	size_t i;

	o[0] = (struct form_option){"", T(pg, none_key)};
	json_array_foreach(list, i, r)
	{
		const char *id = page_str(r, "id");
		const char *name = !strcmp(field, "name")
				       ? page_pick(pg, r, "name", NULL)
				       : page_str(r, field);

		buf_reset(&b);
		if (name)
			buf_addf(&b, "%s (%s)", name, id);
		else
			buf_addstr(&b, id);
		json_array_append_new(labels, json_string(buf_cstr(&b)));
		o[i + 1] = (struct form_option){
		    id, json_string_value(json_array_get(
			    labels, json_array_size(labels) - 1))};
	}
	buf_release(&b);
	*n = json_array_size(list) + 1;
	return o;
}

static int view_load(struct page *pg, struct upload_view *v, struct err *err)
{
	memset(v, 0, sizeof(*v));
	v->labels = json_array();
	if (!(v->indicators = portal_all(pg->st, "indicators", NULL, 0, err)) ||
	    !(v->sources = portal_all(pg->st, "sources", NULL, 0, err)))
		return -1;
	v->ind_opts = options(pg, v->indicators, "name", "upload.field.choose",
			      v->labels, &v->nind);
	v->src_opts = options(pg, v->sources, "title",
			      "upload.field.source_none", v->labels, &v->nsrc);
	return 0;
}

static void view_release(struct upload_view *v)
{
	json_decref(v->indicators);
	json_decref(v->sources);
	json_decref(v->labels);
	free(v->ind_opts);
	free(v->src_opts);
}

static json_t *find_id(json_t *list, const char *id)
{
	json_t *r;
	size_t i;

	json_array_foreach(list, i, r)
	{
		const char *x = page_str(r, "id");

		if (id && x && !strcmp(x, id))
			return r;
	}
	return NULL;
}

/* ---- the form ---- */

/* A form value, or NULL when absent or empty. */
static const char *posted(const struct form_state *fs, const char *name)
{
	const char *v = fs->in ? http_form_get(fs->in, name) : NULL;

	return v && *v ? v : NULL;
}

static void options_fields(struct page *pg, const struct upload_view *v,
			   const struct form_state *fs)
{
	static const struct form_field time_f = {
	    .name = "time",
	    .label_key = "upload.field.time",
	    .help_key = "upload.field.time_help",
	    .maxlength = LIMIT_TITLE_BYTES,
	    .autocomplete = "off",
	};
	static const struct form_field map_f = {
	    .name = "map",
	    .label_key = "upload.field.map",
	    .help_key = "upload.field.map_help",
	    .maxlength = LIMIT_QUERY_PARAM_BYTES,
	    .autocomplete = "off",
	};
	static const struct form_field src_f = {
	    .name = "source",
	    .label_key = "upload.field.source",
	    .help_key = "upload.field.source_help",
	    .value = "",
	};
	static const struct form_field ds_f = {
	    .name = "dataset",
	    .label_key = "upload.field.dataset",
	    .help_key = "upload.field.dataset_help",
	    .maxlength = LIMIT_TITLE_BYTES,
	    .autocomplete = "off",
	};

	/* Open when one of them was used or is wrong. */
	if (posted(fs, "time") || posted(fs, "map") || posted(fs, "source") ||
	    posted(fs, "dataset"))
		html_raw(pg->out,
			 "<details class=\"ds-details\" open><summary>");
	else
		html_raw(pg->out, "<details class=\"ds-details\"><summary>");
	html_txt(pg->out, T(pg, "upload.options.title"));
	html_raw(pg->out, "</summary><div class=\"vk-form\">\n");
	form_input(pg, fs, &time_f);
	form_textarea(pg, fs, &map_f, 3);
	form_select(pg, fs, &src_f, v->src_opts, v->nsrc);
	form_input(pg, fs, &ds_f);
	html_raw(pg->out, "</div></details>\n");
}

/* The file input: form_view has no such field, so its markup is here,
 * tied to its help text and message the same way. */
static void file_field(struct page *pg, const struct form_state *fs)
{
	const char *msg = form_error_of(fs, "file");

	html_raw(pg->out, "<div class=\"ds-field\">\n<label class=\"ds-label\" "
			  "for=\"f-file\">");
	html_txt(pg->out, T(pg, "upload.field.file"));
	html_raw(pg->out, " <span class=\"vk-required\">");
	html_txt(pg->out, T(pg, "form.required"));
	html_raw(pg->out, "</span></label>\n<div data-field=\"description\" "
			  "id=\"f-file-help\">");
	html_txt(pg->out, T(pg, "upload.field.file_help"));
	if (fs->in) {
		html_raw(pg->out, " ");
		html_txt(pg->out, T(pg, "upload.file_again"));
	}
	html_raw(pg->out, "</div>\n");
	form_field_error(pg, "file", msg);
	html_raw(pg->out,
		 "<input class=\"ds-input\" type=\"file\" id=\"f-file\" "
		 "name=\"file\" accept=\".json,.csv,application/json,"
		 "text/csv\" aria-required=\"true\" aria-describedby=\""
		 "f-file-help");
	if (msg)
		html_raw(pg->out, " f-file-error\" aria-invalid=\"true");
	html_raw(pg->out, "\">\n</div>\n");
}

static void upload_form(struct page *pg, const struct upload_view *v,
			const struct form_state *fs, const char *indicator)
{
	const struct form_field ind_f = {
	    .name = "indicator",
	    .label_key = "upload.field.indicator",
	    .value = indicator ? indicator : "",
	    .required = true,
	};
	static const struct form_field dry_f = {
	    .name = "dry_run",
	    .label_key = "upload.field.check",
	};
	const struct form_option dry[] = {{"1", T(pg, "upload.field.dry_run")}};

	/* form_begin has no enctype: a file needs multipart/form-data. */
	html_raw(pg->out, "<form class=\"vk-form\" method=\"post\" novalidate "
			  "enctype=\"multipart/form-data\" action=\"");
	page_href(pg, UPLOAD_PATH, NULL);
	html_raw(pg->out, "\">\n");
	form_hidden(pg, "csrf_token", pg->who.csrf);
	form_select(pg, fs, &ind_f, v->ind_opts, v->nind);
	file_field(pg, fs);
	form_checkboxes(pg, fs, &dry_f, dry, 1, NULL);
	options_fields(pg, v, fs);
	form_button(pg, "upload.submit", NULL, NULL, true);
	form_end(pg);
}

static void crumbs(struct page *pg)
{
	page_crumbs_begin(pg);
	page_crumb_key(pg, "/workspace", "nav.workspace");
	page_crumbs_end(pg);
}

/* The start of every answer: title, breadcrumbs, heading. */
static void page_top(struct page *pg, const char *h1_key)
{
	layout_begin(pg, T(pg, h1_key));
	crumbs(pg);
	page_h1(pg, h1_key);
}

/* The page with the form (GET, or a post with errors in fs). */
static void render_form(struct page *pg, const struct upload_view *v,
			const struct form_state *fs, const char *indicator)
{
	page_top(pg, "upload.title");
	para(pg, "upload.intro");
	form_error_summary(pg, fs);
	upload_form(pg, v, fs, indicator);
	layout_end(pg);
}

/* The GET: coordinators and admins only (the import's own rule). */
int page_observations_upload(struct page *pg, struct err *err)
{
	static const struct page_param spec[] = {
	    {"indicator", PP_ID, NULL},
	};
	struct form_state fs;
	struct upload_view v;
	int rc = -1;

	memset(&fs, 0, sizeof(fs));
	memset(&v, 0, sizeof(v));
	if (access_check(pg->st, &pg->who, OP_WRITE_DOMAIN, NULL, err) < 0 ||
	    page_params(pg, spec, 1, err) < 0 || view_load(pg, &v, err) < 0)
		goto done;
	render_form(pg, &v, &fs, page_param(pg, "indicator"));
	rc = 0;
done:
	view_release(&v);
	return rc;
}

/* ---- the answer to a post ---- */

/* A catalog text with {1} filled in, as plain text into out. */
static void fill1(struct page *pg, const char *key, const char *arg, char *out,
		  size_t n)
{
	const char *t = T(pg, key), *at = strstr(t, "{1}");

	if (at)
		snprintf(out, n, "%.*s%s%s", (int)(at - t), t, arg, at + 3);
	else
		snprintf(out, n, "%s", t);
}

static void fact_int(struct page *pg, const char *key, size_t v)
{
	page_fact(pg, key);
	page_int(pg, (int64_t)v);
	page_fact_end(pg);
}

static void result_facts(struct page *pg, const struct upload_view *v,
			 const struct upload_post *up)
{
	json_t *ind = find_id(v->indicators, up->o.indicator);

	html_raw(pg->out, "<dl class=\"vk-facts\">\n");
	page_fact(pg, "upload.result.file");
	html_txt(pg->out, up->name);
	page_fact_end(pg);
	page_fact(pg, "upload.result.indicator");
	page_link(pg, "/indicators/", up->o.indicator, ind, "name");
	page_fact_end(pg);
	fact_int(pg, "upload.result.observations", up->res.observations);
	fact_int(pg, "upload.result.missing", up->res.missing);
	fact_int(pg, "upload.result.created", up->res.created);
	fact_int(pg, "upload.result.updated", up->res.updated);
	fact_int(pg, "upload.result.unchanged", up->res.unchanged);
	html_raw(pg->out, "</dl>\n");
}

/* What a successful import (or check) did, then the form for the next. */
static void render_result(struct page *pg, const struct upload_view *v,
			  const struct upload_post *up)
{
	const struct obs_import_result *r = &up->res;
	char c[24], u[24], k[24];
	struct form_state fresh;

	snprintf(c, sizeof(c), "%zu", r->created);
	snprintf(u, sizeof(u), "%zu", r->updated);
	snprintf(k, sizeof(k), "%zu", r->unchanged);
	page_top(pg, up->o.dry_run ? "upload.result.title_dry"
		     : r->changed  ? "upload.result.title_done"
				   : "upload.result.title_unchanged");
	html_raw(pg->out, "<div class=\"ds-alert\" data-color=\"success\" "
			  "role=\"status\"><p class=\"ds-paragraph\">");
	if (up->o.dry_run)
		page_tf(pg, "upload.result.dry_text", c, u, k, NULL);
	else if (r->changed)
		page_tf(pg, "upload.result.done_text", c, u, k, NULL);
	else
		html_txt(pg->out, T(pg, "upload.result.unchanged_text"));
	html_raw(pg->out, "</p></div>\n");
	para(pg, r->format == OBS_FORMAT_CSV ? "upload.result.format_csv"
					     : "upload.result.format_jsonstat");
	result_facts(pg, v, up);
	html_raw(pg->out, "<p class=\"ds-paragraph\"><a class=\"ds-link\" "
			  "href=\"");
	page_href(pg, "/indicators/", up->o.indicator);
	html_raw(pg->out, "\">");
	html_txt(pg->out, T(pg, "upload.result.link"));
	html_raw(pg->out, "</a></p>\n");
	page_h2(pg, "again", "upload.result.again");
	memset(&fresh, 0, sizeof(fresh));
	upload_form(pg, v, &fresh, up->o.indicator);
	layout_end(pg);
}

static void problem_row(struct page *pg, const struct problem *x)
{
	char n[24];

	html_raw(pg->out, "<tr><td class=\"vk-num\">");
	if (x->line > 0) {
		snprintf(n, sizeof(n), "%d", x->line);
		html_txt(pg->out, n);
	} else {
		page_none(pg);
	}
	html_raw(pg->out, "</td><td class=\"vk-num\">");
	if (x->line > 0 && x->column > 0) {
		snprintf(n, sizeof(n), "%d", x->column);
		html_txt(pg->out, n);
	} else {
		page_none(pg);
	}
	html_raw(pg->out, "</td><td>");
	if (x->field && *x->field) {
		html_raw(pg->out, "<code>");
		html_txt(pg->out, x->field);
		html_raw(pg->out, "</code>");
	} else {
		page_none(pg);
	}
	/* The service writes its messages in English. */
	html_raw(pg->out, "</td><td lang=\"en\">");
	html_txt(pg->out, x->message);
	html_raw(pg->out, "</td></tr>\n");
}

static void problems_table(struct page *pg, const struct upload_post *up)
{
	const struct problems *p = &up->probs;
	char shown[24], total[24];

	html_raw(pg->out, "<section id=\"f-problems\" tabindex=\"-1\" "
			  "aria-labelledby=\"problems\">\n");
	page_h2(pg, "problems", "upload.problems.title");
	para(pg, "upload.problems.intro");
	if (pg->lang != LANG_EN)
		para(pg, "upload.problems.lang");
	if (p->dropped) {
		snprintf(shown, sizeof(shown), "%zu", p->n);
		snprintf(total, sizeof(total), "%zu", problems_total(p));
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		page_tf(pg, "upload.problems.more", shown, total, NULL);
		html_raw(pg->out, "</p>\n");
	}
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"problems-caption\">"
			  "<table class=\"ds-table vk-upload-problems\">"
			  "<caption id=\"problems-caption\">");
	page_tf(pg, "upload.problems.caption", up->name, NULL);
	html_raw(pg->out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_txt(pg->out, T(pg, up->res.format == OBS_FORMAT_CSV
				    ? "upload.problems.col.row"
				    : "upload.problems.col.line"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "upload.problems.col.column"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "upload.problems.col.field"));
	html_raw(pg->out, "</th><th scope=\"col\">");
	html_txt(pg->out, T(pg, "upload.problems.col.message"));
	html_raw(pg->out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n; i++)
		problem_row(pg, &p->items[i]);
	html_raw(pg->out, "</tbody></table></div>\n</section>\n");
}

/* The file's problems, nothing written, and the form to try again. */
static void render_problems(struct page *pg, const struct upload_view *v,
			    const struct upload_post *up, struct form_state *fs)
{
	char n[24], msg[FORM_MSG_MAX];

	snprintf(n, sizeof(n), "%zu", problems_total(&up->probs));
	fill1(pg, "upload.problems.summary", n, msg, sizeof(msg));
	form_error(fs, "problems", msg);
	page_top(pg, "upload.title");
	form_error_summary(pg, fs);
	problems_table(pg, up);
	page_h2(pg, "again", "upload.result.again");
	upload_form(pg, v, fs, NULL);
	layout_end(pg);
}

/* ---- reading the post ---- */

/*
 * The csrf_token part against the session's token, as page_run_post
 * checks a urlencoded form: a refusal is noted (audited) and is the 403
 * page.
 */
static int upload_csrf(struct page *pg, const struct http_multipart *mp,
		       struct err *err)
{
	const struct http_part *p = http_multipart_get(mp, "csrf_token");
	char given[PRINCIPAL_NAME_MAX + 1] = "";

	if (p && !p->filename && p->len < sizeof(given)) {
		memcpy(given, p->data, p->len);
		given[p->len] = '\0';
	}
	if (auth_csrf_equal(pg->who.csrf, given))
		return 0;
	auth_note_denied(pg->st, &pg->who, AUTH_REFUSED_CSRF,
			 "csrf token missing or wrong (upload)", "POST",
			 pg->req->path, pg->req->remote_addr, time(NULL));
	return err_set_field(err, ERR_FORBIDDEN, "csrf_token", "%s",
			     T(pg, "error.csrf"));
}

/*
 * The multipart body into up->mp and its plain fields into pg->form (when
 * the runner has not already), with the CSRF check. A urlencoded post
 * (the runner decoded it and checked its token) has no file: the form's
 * check says so.
 */
static int upload_read(struct page *pg, struct upload_post *up, struct err *err)
{
	struct err e = ERR_INIT;

	if (!http_multipart_is(http_header(pg->req, "Content-Type")))
		return 0;
	if (http_multipart_from_request(pg->req, &up->mp, &e) < 0 ||
	    (!pg->form.n && http_multipart_form(&up->mp, &pg->form, &e) < 0))
		return err_set_field(err, ERR_INVALID, "file", "%s",
				     T(pg, "upload.error.malformed"));
	return upload_csrf(pg, &up->mp, err);
}

/* A form value, or NULL when absent or empty. */
static const char *field(struct page *pg, const char *name)
{
	const char *v = http_form_get(&pg->form, name);

	return v && *v ? v : NULL;
}

/* "DIM=CATEGORY" lines into up->maps; -1 when one is not such a line. */
static int parse_maps(struct upload_post *up, const char *text)
{
	char *save = NULL, *line;

	if (strlen(text) >= sizeof(up->mapbuf))
		return -1;
	snprintf(up->mapbuf, sizeof(up->mapbuf), "%s", text);
	for (line = strtok_r(up->mapbuf, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		char *eq;

		line += strspn(line, " \t");
		if (!*line)
			continue;
		eq = strchr(line, '=');
		if (!eq || eq == line || !eq[1] || up->o.nmaps == OBS_MAX_MAPS)
			return -1;
		*eq = '\0';
		up->maps[up->o.nmaps++] = (struct obs_map){line, eq + 1};
	}
	up->o.maps = up->maps;
	return 0;
}

/* The file's name for messages: at most UPLOAD_NAME_MAX bytes, cut at a
 * character; "upload" when the browser sent none. */
static void file_name(struct upload_post *up)
{
	const char *s =
	    up->file && up->file->filename ? up->file->filename : "";
	size_t n = strlen(s);

	if (n > UPLOAD_NAME_MAX) {
		n = UPLOAD_NAME_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(up->name, sizeof(up->name), "%.*s", (int)n, n ? s : "upload");
}

static enum obs_format format_of(const char *name)
{
	size_t n = strlen(name);

	if (n > 4 && !strcasecmp(name + n - 4, ".csv"))
		return OBS_FORMAT_CSV;
	if (n > 5 && !strcasecmp(name + n - 5, ".json"))
		return OBS_FORMAT_JSONSTAT;
	return OBS_FORMAT_AUTO;
}

static void check_file(struct page *pg, struct upload_post *up,
		       struct form_state *fs)
{
	up->file = http_multipart_get(&up->mp, "file");
	if (!up->file || !up->file->filename ||
	    (!up->file->filename[0] && !up->file->len))
		form_error_key(pg, fs, "file", "upload.error.file");
	else if (!up->file->len)
		form_error_key(pg, fs, "file", "upload.error.empty");
	file_name(up);
	up->o.format = format_of(up->name);
}

static void check_options(struct page *pg, const struct upload_view *v,
			  struct upload_post *up, struct form_state *fs)
{
	up->o.time_dim = field(pg, "time");
	up->o.dataset = field(pg, "dataset");
	up->o.source = field(pg, "source");
	if (up->o.time_dim &&
	    value_check_text(up->o.time_dim, LIMIT_TITLE_BYTES, NULL) < 0)
		form_error_key(pg, fs, "time", "upload.error.time");
	if (field(pg, "map") && parse_maps(up, field(pg, "map")) < 0)
		form_error_key(pg, fs, "map", "upload.error.map");
	if (up->o.source && !find_id(v->sources, up->o.source))
		form_error_key(pg, fs, "source", "upload.error.source");
	if (up->o.dataset &&
	    value_check_text(up->o.dataset, LIMIT_TITLE_BYTES, NULL) < 0)
		form_error_key(pg, fs, "dataset", "upload.error.dataset");
}

static void check_post(struct page *pg, const struct upload_view *v,
		       struct upload_post *up, struct form_state *fs)
{
	const char *dry = field(pg, "dry_run");

	up->o.indicator = field(pg, "indicator");
	if (!up->o.indicator || !find_id(v->indicators, up->o.indicator))
		form_error_key(pg, fs, "indicator", "upload.error.indicator");
	check_file(pg, up, fs);
	up->o.dry_run = dry && !strcmp(dry, "1");
	check_options(pg, v, up, fs);
}

/* The import, and the page that says how it went. */
static int upload_import(struct page *pg, const struct upload_view *v,
			 struct upload_post *up, struct form_state *fs,
			 struct err *err)
{
	struct err e = ERR_INIT;

	if (service_observations_import(pg->st, &pg->who, up->name,
					up->file->data, up->file->len, &up->o,
					&up->res, &up->probs, &e) == 0) {
		render_result(pg, v, up);
		return 0;
	}
	if (problems_total(&up->probs)) {
		pg->resp->status = 422;
		render_problems(pg, v, up, fs);
		return 0;
	}
	if (e.code == ERR_TOO_LARGE) {
		pg->resp->status = 413;
		form_error_key(pg, fs, "file", "upload.error.too_large");
	} else if (e.code == ERR_INVALID || e.code == ERR_UNPROCESSABLE ||
		   e.code == ERR_NOT_FOUND) {
		pg->resp->status = 422;
		form_error_key(pg, fs, "file", "upload.error.other");
	} else {
		*err = e;
		return -1;
	}
	render_form(pg, v, fs, NULL);
	return 0;
}

int page_observations_upload_post(struct page *pg, struct err *err)
{
	struct upload_post up;
	struct upload_view v;
	struct form_state fs;
	int rc = -1;

	memset(&up, 0, sizeof(up));
	memset(&v, 0, sizeof(v));
	memset(&fs, 0, sizeof(fs));
	up.probs = (struct problems)PROBLEMS_INIT(OBS_MAX_PROBLEMS);
	fs.in = &pg->form;
	if (upload_read(pg, &up, err) < 0 ||
	    access_check(pg->st, &pg->who, OP_WRITE_DOMAIN, NULL, err) < 0 ||
	    view_load(pg, &v, err) < 0)
		goto done;
	check_post(pg, &v, &up, &fs);
	if (form_has_errors(&fs)) {
		pg->resp->status = 422;
		render_form(pg, &v, &fs, NULL);
		rc = 0;
	} else {
		rc = upload_import(pg, &v, &up, &fs, err);
	}
done:
	problems_release(&up.probs);
	http_multipart_release(&up.mp);
	view_release(&v);
	return rc;
}
