/*
 * service/remind.c: reminders for a reporting period. Every reporter
 * (role reporter, enabled, with an e-mail) bound to an actor that leads a
 * measure whose status report is missing or returned gets one e-mail
 * listing those measures, with a link to the reporting workspace. A dry run
 * only says who would get what. Measures that owe a report but have no
 * reporter to remind are listed too, so the coordinator can follow them up
 * by other means.
 *
 * Kept apart from the rest of the reporting service because it is the only
 * part that sends anything (mail/mail.h). It must not speak SQL. Returned
 * JSON belongs to the caller.
 */
#include "service/report.h"

#include <string.h>

#include "mail/mail.h"
#include "service/access.h"
#include "service/audit.h"
#include "util/buf.h"
#include "util/i18n.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* One entry per reporter, measures grouped under it, in row order. */
static json_t *group_by_user(json_t *rows, json_t *covered)
{
	json_t *list = json_array(), *cur = NULL, *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_t *measures;
		const char *m = str(row, "measure");

		if (!cur ||
		    strcmp(str(cur, "username"), str(row, "username"))) {
			cur = json_pack("{s:O,s:O,s:[]}", "username",
					json_object_get(row, "username"),
					"email", json_object_get(row, "email"),
					"measures");
			json_array_append_new(list, cur);
		}
		measures = json_object_get(cur, "measures");
		if (json_array_size(measures) &&
		    !strcmp(str(json_array_get(measures,
					       json_array_size(measures) - 1),
				"measure"),
			    m))
			continue;	/* two of the user's actors lead it */
		json_array_append_new(measures,
				      json_pack("{s:O,s:O,s:O}", "measure",
						json_object_get(row, "measure"),
						"title",
						json_object_get(row, "title"),
						"state",
						json_object_get(row, "state")));
		json_object_set_new(covered, m, json_true());
	}
	return list;
}

/* Measures owing a report that no reporter will be reminded of. */
static json_t *unreachable(json_t *overview, json_t *covered)
{
	json_t *list = json_array(), *row;
	size_t i;

	json_array_foreach(overview, i, row) {
		json_t *state = json_object_get(row, "state");

		if (strcmp(str(row, "measure_state"), "active") ||
		    json_object_get(covered, str(row, "measure")) ||
		    !(json_is_null(state) ||
		      !strcmp(json_string_value(state), "returned")))
			continue;
		json_array_append_new(
			list, json_pack("{s:O,s:O,s:O,s:s}", "measure",
					json_object_get(row, "measure"),
					"title", json_object_get(row, "title"),
					"lead", json_object_get(row, "lead"),
					"state",
					json_is_null(state)
						? "missing"
						: json_string_value(state)));
	}
	return list;
}

/* The e-mail to one reporter, in Norwegian (Bokmål) as the portal is. */
static void compose(const struct config *cfg, json_t *period, json_t *r,
		    struct buf *subject, struct buf *body)
{
	const char *base = cfg->base_url ? cfg->base_url : "";
	size_t blen = strlen(base);
	json_t *m;
	size_t i;

	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	buf_addf(subject, "Påminnelse: statusrapport for %s",
		 str(period, "label"));
	buf_addf(body, "Hei %s,\n\nFristen for statusrapportene for %s er %s. "
		       "Disse tiltakene venter\nfortsatt på rapport fra dere:"
		       "\n\n",
		 str(r, "username"), str(period, "label"), str(period, "due"));
	json_array_foreach(json_object_get(r, "measures"), i, m)
		buf_addf(body, "- %s %s: %s\n", str(m, "measure"),
			 str(m, "title") ? str(m, "title") : "",
			 !strcmp(str(m, "state"), "returned")
				 ? "returnert; se kommentaren fra sekretariatet"
				 : "mangler");
	buf_addf(body, "\nSkriv og send inn rapportene her:\n%.*s/nb/workspace/"
		       "reports?period=%s\n\nDette er en automatisk "
		       "påminnelse fra veikart.\n",
		 (int)blen, base, str(period, "id"));
}

static int send_all(const struct config *cfg, json_t *period, json_t *list,
		    json_t *sent, json_t *failed)
{
	json_t *r;
	size_t i;
	int nsent = 0;

	json_array_foreach(list, i, r) {
		struct buf subject = BUF_INIT, body = BUF_INIT;
		struct err e = ERR_INIT;
		struct mail_message msg;

		compose(cfg, period, r, &subject, &body);
		msg = (struct mail_message){ str(r, "email"),
					     buf_cstr(&subject),
					     buf_cstr(&body) };
		if (mail_send(cfg, &msg, &e) < 0) {
			json_object_set_new(r, "sent", json_false());
			json_object_set_new(r, "error", json_string(e.msg));
			json_array_append(failed,
					  json_object_get(r, "username"));
		} else {
			json_object_set_new(r, "sent", json_true());
			json_array_append(sent, json_object_get(r, "username"));
			nsent++;
		}
		buf_release(&subject);
		buf_release(&body);
	}
	return nsent;
}

/* The reminders and the unreachable measures of a period. */
static json_t *plan(struct store *st, json_t *period, struct err *err)
{
	const char *id = str(period, "id");
	json_t *rows = store_report_reminders(st, id, err);
	json_t *overview = rows ? store_report_overview(st, id, err) : NULL;
	json_t *covered = json_object(), *out = NULL;

	if (overview) {
		json_t *list = group_by_user(rows, covered);

		out = json_pack("{s:O,s:O,s:o,s:o}", "period", period, "due",
				json_object_get(period, "due"), "reminders",
				list, "unreachable",
				unreachable(overview, covered));
	}
	json_decref(rows);
	json_decref(overview);
	json_decref(covered);
	return out;
}

json_t *service_remind(struct store *st, const struct principal *who,
		       const struct config *cfg, const char *period,
		       bool dry_run, struct err *err)
{
	json_t *view, *out, *sent, *failed, *detail;
	int nsent;

	if (access_check(st, who, OP_MANAGE_PERIODS, NULL, err) < 0) {
		audit_denied(st, who, "report.remind", "periods",
				      period, err);
		return NULL;
	}
	if (!dry_run && (!cfg || !cfg->smtp_url || !cfg->smtp_url[0])) {
		err_set(err, ERR_INVALID,
			_("e-mail is not configured: set VEIKART_SMTP_URL "
			  "(smtp://host:port), or use --dry-run to see who "
			  "would be reminded"));
		return NULL;
	}
	if (!(view = service_period_get(st, period, err)))
		return NULL;
	out = plan(st, view, err);
	json_decref(view);
	if (!out || dry_run) {
		if (out)
			json_object_update_new(
				out, json_pack("{s:b,s:i,s:i}", "dry_run", 1,
					       "sent", 0, "failed", 0));
		return out;
	}
	sent = json_array();
	failed = json_array();
	nsent = send_all(cfg, json_object_get(out, "period"),
			 json_object_get(out, "reminders"), sent, failed);
	json_object_set_new(out, "dry_run", json_false());
	json_object_set_new(out, "sent", json_integer(nsent));
	json_object_set_new(out, "failed",
			    json_integer((json_int_t)json_array_size(failed)));
	/* The reminders went out whatever happens to this record of them. */
	detail = json_pack("{s:o,s:o}", "sent", sent, "failed", failed);
	audit_record(st, who, "report.remind", "periods",
		     str(json_object_get(out, "period"), "id"), detail, NULL);
	json_decref(detail);
	return out;
}
