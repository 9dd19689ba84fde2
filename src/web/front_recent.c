/*
 * web/front_recent.c: the front page's "latest approved reports"
 * (front_view.h): the newest approved status reports across every
 * strategy, newest approval first, as a table: the measure (a link to its
 * page, where the report is in the timeline), the actor that reported,
 * the period, the status as a tag with icon and label, and the date it
 * was approved.
 *
 * It only draws what page_front.c loaded; nothing is fetched here.
 */
#include "web/front_view.h"

static void head(struct page *pg)
{
	static const char *const cols[] = {
	    "front_more.col.measure",  "front_more.col.actor",
	    "front_more.col.period",   "front_more.col.status",
	    "front_more.col.approved",
	};

	html_raw(pg->out, "<thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_th(pg, cols[i]);
	}
	html_raw(pg->out, "</tr></thead>\n");
}

static void row(struct page *pg, const struct front *f, json_t *r)
{
	const char *mid = page_str(r, "measure");
	/* The report's own actor, else the measure's lead: reports imported
	 * from elsewhere may not name one. */
	const char *actor =
	    page_str(r, "actor") ? page_str(r, "actor") : page_str(r, "lead");

	html_raw(pg->out, "<tr><th scope=\"row\">");
	page_link(pg, "/measures/", mid, r, "title"); /* r has its titles */
	html_raw(pg->out, "</th><td>");
	if (actor)
		page_actor_link(pg, f->actors, actor);
	else
		page_none(pg);
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	page_period(pg, page_str(r, "period"));
	html_raw(pg->out, "</td><td>");
	page_status(pg, page_str(r, "status"));
	html_raw(pg->out, "</td><td class=\"vk-nowrap\">");
	page_date(pg, page_str(r, "approved_at"));
	html_raw(pg->out, "</td></tr>\n");
}

void front_recent(struct page *pg, const struct front *f)
{
	json_t *r;
	size_t i;

	page_h2(pg, "recent-reports", "front_more.recent");
	if (!json_array_size(f->recent)) {
		html_raw(pg->out, "<p class=\"ds-paragraph\">");
		html_txt(pg->out, T(pg, "front_more.recent_none"));
		html_raw(pg->out, "</p>\n");
		return;
	}
	html_raw(pg->out, "<div class=\"vk-table-scroll\" role=\"region\" "
			  "tabindex=\"0\" aria-labelledby=\"recent-caption\">"
			  "\n<table class=\"ds-table\" data-border>\n"
			  "<caption id=\"recent-caption\">");
	html_txt(pg->out, T(pg, "front_more.recent_caption"));
	html_raw(pg->out, "</caption>\n");
	head(pg);
	html_raw(pg->out, "<tbody>\n");
	json_array_foreach(f->recent, i, r)
		row(pg, f, r);
	html_raw(pg->out, "</tbody>\n</table>\n</div>\n");
}
