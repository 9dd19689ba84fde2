/*
 * web/progress_view.c: an indicator's progress class as a tag with an
 * icon, and the rule in words (progress_view.h). The icons are drawn here
 * (24x24, currentColor), one shape per class; they are decoration
 * (aria-hidden) beside the label that says the same.
 */
#include "web/progress_view.h"

#include <string.h>

#include "web/format.h"

struct class_look {
	const char *name;  /* progress_class_name() */
	const char *color; /* Designsystemet data-color */
};

static const struct class_look looks[] = {
    {"target_achieved", "success"},	{"on_track", "success"},
    {"acceleration_needed", "warning"}, {"limited_progress", "warning"},
    {"deterioration", "danger"},	{"no_data", "neutral"},
};

#define ICON_OPEN                                                              \
	"<svg class=\"vk-icon\" viewBox=\"0 0 24 24\" width=\"1em\" "          \
	"height=\"1em\" aria-hidden=\"true\" focusable=\"false\" "             \
	"fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "            \
	"stroke-linecap=\"round\" stroke-linejoin=\"round\">"

/* An icon per class, so the class never rests on colour: a check in a
 * circle, a rising line, a gauge, a flat arrow, a falling line, a dashed
 * circle. */
static void class_icon(struct page *pg, const char *cls)
{
	html_raw(pg->out, ICON_OPEN);
	if (!strcmp(cls, "target_achieved"))
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"9\"/>"
				  "<path d=\"m8 12 3 3 5-6\"/>");
	else if (!strcmp(cls, "on_track"))
		html_raw(pg->out, "<path d=\"M3 17l6-6 4 4 8-8\"/>"
				  "<path d=\"M15 7h6v6\"/>");
	else if (!strcmp(cls, "acceleration_needed"))
		html_raw(pg->out, "<path d=\"M4 18a8 8 0 1 1 16 0\"/>"
				  "<path d=\"m12 18 4-6\"/>");
	else if (!strcmp(cls, "limited_progress"))
		html_raw(pg->out, "<path d=\"M3 12h16\"/>"
				  "<path d=\"m15 8 4 4-4 4\"/>");
	else if (!strcmp(cls, "deterioration"))
		html_raw(pg->out, "<path d=\"M3 7l6 6 4-4 8 8\"/>"
				  "<path d=\"M21 11v6h-6\"/>");
	else
		html_raw(pg->out, "<circle cx=\"12\" cy=\"12\" r=\"8\" "
				  "stroke-dasharray=\"3 3\"/>");
	html_raw(pg->out, "</svg>");
}

/* The class of a progress answer as a tag: icon and label. */
void progress_tag(struct page *pg, json_t *progress)
{
	const char *cls = page_str(progress, "class");
	const char *label =
	    page_str(json_object_get(progress, "label"), lang_code(pg->lang));
	const char *color = "neutral";

	cls = cls ? cls : "no_data";
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		if (!strcmp(looks[i].name, cls))
			color = looks[i].color;
	html_raw(pg->out, "<span class=\"ds-tag vk-status vk-progress\" "
			  "data-color=\"");
	html_attr(pg->out, color);
	html_raw(pg->out, "\">");
	class_icon(pg, cls);
	html_raw(pg->out, "<span>");
	html_txt(pg->out, label ? label : cls);
	html_raw(pg->out, "</span></span>");
}

/* The thresholds of the classes as the service applies them. */
void progress_rule(struct page *pg, json_t *progress)
{
	json_t *th = json_object_get(progress, "thresholds");
	struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;

	fmt_num(&a, pg->lang,
		json_number_value(json_object_get(th, "on_track")), 2);
	fmt_num(&b, pg->lang,
		json_number_value(json_object_get(th, "acceleration_needed")),
		2);
	fmt_num(&c, pg->lang,
		json_number_value(json_object_get(th, "limited_progress")), 2);
	html_raw(pg->out, "<p class=\"ds-paragraph\">");
	page_tf(pg, "indicator.rule", buf_cstr(&a), buf_cstr(&b), buf_cstr(&c),
		NULL);
	html_raw(pg->out, "</p>\n");
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
}
