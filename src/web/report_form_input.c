/*
 * web/report_form_input.c: reading and checking the report form's fields
 * (see report_form_input.h). Messages come from the catalog
 * (report_form.error.*); it never writes anything to the store.
 */
#include "web/report_form_input.h"

#include <stdlib.h>
#include <string.h>

#include "model/limits.h"
#include "model/status.h"
#include "model/value.h"
#include "util/parse.h"
#include "util/xalloc.h"

const char *const report_input_texts[] = {
    "done_text",  "milestones_text", "next_steps",
    "challenges", "mitigations",     NULL,
};

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

/* A copy with CRLF (as browsers send a textarea's lines) made LF and the
 * ends trimmed of blank lines; NULL for blank text. */
static char *clean_text(const char *s)
{
	char *out, *o;
	size_t n;

	if (blank(s))
		return NULL;
	s += strspn(s, "\r\n");
	out = o = xstrdup(s);
	for (; *s; s++)
		if (!(*s == '\r' && s[1] == '\n'))
			*o++ = *s == '\r' ? '\n' : *s;
	*o = '\0';
	n = strlen(out);
	while (n && strchr(" \t\r\n", out[n - 1]))
		out[--n] = '\0';
	return out;
}

static void read_status(struct page *pg, const struct http_form *f,
			const struct report_input_rules *r,
			struct report_input *in, struct form_state *fs)
{
	const char *s = http_form_get(f, "status");

	in->status = s && *s ? s : NULL;
	if (in->status && !status_find(in->status))
		form_error_key(pg, fs, "status", "report_form.error.status");
	else if (!in->status && r->submit && r->status_kind)
		form_error_key(pg, fs, "status",
			       "report_form.error.status_missing");
}

static void read_progress(struct page *pg, const struct http_form *f,
			  const struct report_input_rules *r,
			  struct report_input *in, struct form_state *fs)
{
	const char *s = http_form_get(f, "progress");
	const struct status_def *def = status_find(in->status);
	char v[16];

	if (s && !blank(s)) {
		/* " 40 " pasted from elsewhere is still 40. */
		size_t skip = strspn(s, " \t"), n = strlen(s + skip);

		while (n && strchr(" \t", s[skip + n - 1]))
			n--;
		if (n < sizeof(v)) {
			memcpy(v, s + skip, n);
			v[n] = '\0';
		}
		if (n >= sizeof(v) ||
		    parse_int64(v, 0, 100, &in->progress, NULL) < 0)
			form_error_key(pg, fs, "progress",
				       "report_form.error.progress");
		else
			in->has_progress = true;
		return;
	}
	/* Empty: the status's default, else the previous approved one. */
	if (r->submit && r->status_kind && def &&
	    def->default_progress == STATUS_PROGRESS_KEEP &&
	    !r->has_previous_progress)
		form_error_key(pg, fs, "progress",
			       "report_form.error.progress_missing");
}

static void read_texts(struct page *pg, const struct http_form *f,
		       const struct report_input_rules *r,
		       struct report_input *in, struct form_state *fs)
{
	for (size_t i = 0; report_input_texts[i]; i++) {
		const char *name = report_input_texts[i];
		const char *s = http_form_get(f, name);

		in->text[i] = clean_text(s);
		if (in->text[i] &&
		    value_check_text(in->text[i], LIMIT_TEXT_BYTES, NULL) < 0)
			form_error_key(pg, fs, name,
				       "report_form.error.text_long");
	}
	if (r->submit && !in->text[0])
		form_error_key(pg, fs, "done_text",
			       "report_form.error.done_missing");
}

/* One line "https://... title": the address, then a title if any. */
static int link_line(const char *line, size_t len, json_t *links)
{
	size_t u = 0;
	char *url, *title;
	int rc = -1;

	while (u < len && line[u] != ' ' && line[u] != '\t')
		u++;
	url = xstrndup(line, u);
	while (u < len && (line[u] == ' ' || line[u] == '\t'))
		u++;
	title = xstrndup(line + u, len - u);
	if (value_check_url(url, NULL) == 0 &&
	    (!*title ||
	     value_check_text(title, LIMIT_TITLE_BYTES, NULL) == 0)) {
		json_array_append_new(
		    links,
		    *title ? json_pack("{s:s,s:s}", "title", title, "url", url)
			   : json_pack("{s:s}", "url", url));
		rc = 0;
	}
	free(url);
	free(title);
	return rc;
}

static void read_links(struct page *pg, const struct http_form *f,
		       struct report_input *in, struct form_state *fs)
{
	char *text = clean_text(http_form_get(f, "links"));
	bool bad = false;

	if (!text)
		return;
	in->links = json_array();
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t lead = strspn(p, " \t");

		if (lead < n) {
			size_t end = n;

			while (end > lead && strchr(" \t", p[end - 1]))
				end--;
			if (link_line(p + lead, end - lead, in->links) < 0)
				bad = true;
		}
		p += n + (p[n] == '\n');
	}
	free(text);
	if (bad)
		form_error_key(pg, fs, "links", "report_form.error.links");
	else if (json_array_size(in->links) > REPORT_INPUT_LINKS_MAX)
		form_error_key(pg, fs, "links", "report_form.error.links_many");
}

void report_input_read(struct page *pg, const struct http_form *f,
		       const struct report_input_rules *rules,
		       struct report_input *in, struct form_state *fs)
{
	memset(in, 0, sizeof(*in));
	read_status(pg, f, rules, in, fs);
	read_progress(pg, f, rules, in, fs);
	read_texts(pg, f, rules, in, fs);
	read_links(pg, f, in, fs);
	/* A draft with nothing in it saves nothing worth keeping. */
	if (!rules->submit && !in->status && !in->has_progress && !in->links &&
	    !form_has_errors(fs)) {
		bool any = false;

		for (size_t i = 0; i < REPORT_INPUT_NTEXTS; i++)
			any = any || in->text[i];
		if (!any)
			form_error_key(pg, fs, "done_text",
				       "report_form.error.empty");
	}
}

void report_input_release(struct report_input *in)
{
	for (size_t i = 0; i < REPORT_INPUT_NTEXTS; i++)
		free((char *)in->text[i]);
	json_decref(in->links);
	memset(in, 0, sizeof(*in));
}

/* key: value, or null in a patch; nothing in a new body. */
static void put(json_t *o, const char *key, json_t *v, bool patch)
{
	if (v)
		json_object_set_new(o, key, v);
	else if (patch)
		json_object_set_new(o, key, json_null());
}

json_t *report_input_json(const struct report_input *in, bool patch)
{
	json_t *o = json_object();

	put(o, "status", in->status ? json_string(in->status) : NULL, patch);
	put(o, "progress", in->has_progress ? json_integer(in->progress) : NULL,
	    patch);
	for (size_t i = 0; report_input_texts[i]; i++)
		put(o, report_input_texts[i],
		    in->text[i] ? json_string(in->text[i]) : NULL, patch);
	put(o, "links",
	    json_array_size(in->links) ? json_copy(in->links) : NULL, patch);
	return o;
}

void report_input_links_text(json_t *links, struct buf *out)
{
	json_t *l;
	size_t i;

	json_array_foreach(links, i, l) {
		const char *url = json_string_value(json_object_get(l, "url"));
		const char *title =
		    json_string_value(json_object_get(l, "title"));

		if (!url)
			continue;
		buf_addstr(out, url);
		if (title && *title)
			buf_addf(out, " %s", title);
		buf_addstr(out, "\n");
	}
}

/* The catalog key for a problem on `field` (without any [i]). */
static const char *problem_key(const char *field)
{
	if (!strcmp(field, "status"))
		return "report_form.error.status";
	if (!strcmp(field, "progress"))
		return "report_form.error.progress";
	if (!strcmp(field, "done_text"))
		return "report_form.error.done_missing";
	if (!strcmp(field, "links"))
		return "report_form.error.links";
	for (size_t i = 0; report_input_texts[i]; i++)
		if (!strcmp(field, report_input_texts[i]))
			return "report_form.error.text_long";
	return NULL;
}

void report_input_problems(struct page *pg, const struct problems *probs,
			   struct form_state *fs, const char *other)
{
	for (size_t i = 0; i < probs->n; i++) {
		char field[FORM_NAME_MAX];
		const char *key;

		snprintf(field, sizeof(field), "%.*s",
			 (int)strcspn(probs->items[i].field, "[."),
			 probs->items[i].field);
		key = problem_key(field);
		if (key)
			form_error_key(pg, fs, field, key);
		else
			form_error_key(pg, fs, other,
				       "report_form.error.rejected");
	}
}
