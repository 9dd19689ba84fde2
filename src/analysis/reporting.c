/*
 * analysis/reporting.c: missing_report, stale_report and returned_report:
 * the status reports (tertialrapporter) that do not come. The current
 * period is analysis_current_period's: the newest open reporting period,
 * else the tertial of today. Only measures in state active owe reports.
 * Pure; findings go into the run's set.
 *
 * missing_report:  only while a period is open. Entity the measure, aux its
 *   leads. num: [0] a draft exists, [1] due day, [2] days overdue,
 *   [3] [4] the period's first and last day. High once the due date passed.
 * stale_report:    the newest report that was sent (not a draft) is more
 *   than N tertials before the current period. num: [0] tertials since,
 *   [1] [2] that report's first and last day, [3] [4] the current period,
 *   [5] N. High past 2N.
 * returned_report: a report left in "returned" (of an active measure: one
 *   that ended owes nothing more). Entities the measure and
 *   the report. num: [0] due day of its period, [1] its period is closed.
 *   High once that due date passed or the period closed.
 */
#include "analysis/finding_int.h"

static int tertial_index(int32_t day)
{
	int y, m, d;

	snap_civil(day, &y, &m, &d);
	return y * 3 + (m - 1) / 4;
}

static void add_leads(struct run_ctx *r, size_t m)
{
	const int32_t *x = SNAP_ROW(&r->s->m_resps, m);

	for (uint32_t k = 0; k < SNAP_ROW_N(&r->s->m_resps, m); k++)
		if (r->s->resps.v[x[k]].role == SNAP_ROLE_LEAD)
			fs_aux(r->fs, ENT_ACTOR, r->s->resps.v[x[k]].actor);
}

/* The state of the measure's report for the current period: -1 none. */
static int current_state(const struct run_ctx *r, size_t m)
{
	const int32_t *x = SNAP_ROW(&r->s->m_reports, m);
	int best = -1;

	for (uint32_t k = 0; k < SNAP_ROW_N(&r->s->m_reports, m); k++) {
		const struct snap_report *rep = &r->s->reports.v[x[k]];

		if (rep->start_day == r->period.start_day &&
		    rep->end_day == r->period.end_day && rep->state > best)
			best = rep->state;
	}
	return best;
}

static void check_missing(struct run_ctx *r, size_t m)
{
	int st = current_state(r, m);
	const struct analysis_period *p = &r->period;
	bool overdue = p->due_day != SNAP_NO_DAY && r->s->today > p->due_day;
	struct finding *f;

	/* A returned report is returned_report's; sent ones are fine. */
	if (st > SNAP_R_DRAFT)
		return;
	f = fs_add(r->fs, FK_MISSING_REPORT, overdue ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = st == SNAP_R_DRAFT;
	f->num[1] = p->due_day;
	f->num[2] = overdue ? r->s->today - p->due_day : 0;
	f->num[3] = p->start_day;
	f->num[4] = p->end_day;
	fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
	add_leads(r, m);
}

static void check_stale(struct run_ctx *r, size_t m)
{
	const int32_t *x = SNAP_ROW(&r->s->m_reports, m);
	const struct snap_report *last = NULL;
	int n = r->o->stale_periods, since;
	struct finding *f;

	for (uint32_t k = 0; k < SNAP_ROW_N(&r->s->m_reports, m); k++)
		if (r->s->reports.v[x[k]].state != SNAP_R_DRAFT)
			last = &r->s->reports.v[x[k]];
	if (!last)
		return; /* never reported: missing_report's business */
	since = tertial_index(r->period.end_day) - tertial_index(last->end_day);
	if (since <= n)
		return;
	f = fs_add(r->fs, FK_STALE_REPORT,
		   since > 2 * n ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = since;
	f->num[1] = last->start_day;
	f->num[2] = last->end_day;
	f->num[3] = r->period.start_day;
	f->num[4] = r->period.end_day;
	f->num[5] = n;
	fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
	add_leads(r, m);
}

static const struct snap_period *period_of(const struct snapshot *s,
					   const struct snap_report *rep)
{
	for (size_t i = 0; i < s->periods.n; i++)
		if (s->periods.v[i].start_day == rep->start_day &&
		    s->periods.v[i].end_day == rep->end_day)
			return &s->periods.v[i];
	return NULL;
}

static void add_returned(struct run_ctx *r, size_t i)
{
	const struct snap_report *rep = &r->s->reports.v[i];
	const struct snap_period *p = period_of(r->s, rep);
	bool closed = p && !p->open;
	int32_t due = p ? p->due_day : SNAP_NO_DAY;
	bool late = closed || (due != SNAP_NO_DAY && r->s->today > due);
	struct finding *f;

	f = fs_add(r->fs, FK_RETURNED_REPORT, late ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = due;
	f->num[1] = closed;
	fs_ent(r->fs, ENT_MEASURE, rep->measure);
	fs_ent(r->fs, ENT_REPORT, (int32_t)i);
}

void run_reporting(struct run_ctx *r)
{
	const struct snapshot *s = r->s;

	for (size_t m = 0; m < s->measures.n; m++) {
		if (s->measures.v[m].state != SNAP_M_ACTIVE)
			continue;
		if (r->want[FK_MISSING_REPORT] && r->period.open)
			check_missing(r, m);
		if (r->want[FK_STALE_REPORT])
			check_stale(r, m);
	}
	if (!r->want[FK_RETURNED_REPORT])
		return;
	for (size_t i = 0; i < s->reports.n; i++)
		if (s->reports.v[i].state == SNAP_R_RETURNED &&
		    s->reports.v[i].id &&
		    s->measures.v[s->reports.v[i].measure].state ==
			    SNAP_M_ACTIVE)
			add_returned(r, i);
}

static void lead_text(struct text_ctx *c)
{
	if (c->f->naux == 0) {
		S3(c, " Tiltaket har ingen ansvarlig aktør som kan rapportere.",
		   " Tiltaket har ingen ansvarleg aktør som kan rapportere.",
		   " The measure has no lead actor to report on it.");
		return;
	}
	S3(c, " Ansvarlig: ", " Ansvarleg: ", " Lead: ");
	t_auxs(c, 0, c->f->naux);
	buf_addch(c->b, '.');
}

void missing_report_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;
	char p[32];

	period_text((int32_t)f->num[3], (int32_t)f->num[4], p);
	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	T3(c,
	   " har ingen innsendt statusrapport for %s, som er åpen for "
	   "rapportering",
	   " har inga innsend statusrapport for %s, som er open for "
	   "rapportering",
	   " has no submitted status report for %s, which is open for "
	   "reporting",
	   p);
	if ((int32_t)f->num[1] != SNAP_NO_DAY) {
		S3(c, " (frist ", " (frist ", " (due ");
		t_day(c, (int32_t)f->num[1]);
		if (f->num[2] > 0)
			T3(c, "; fristen gikk ut for %d dager siden",
			   "; fristen gjekk ut for %d dagar sidan",
			   "; %d days overdue", (int)f->num[2]);
		buf_addch(c->b, ')');
	}
	buf_addch(c->b, '.');
	if (f->num[0] > 0)
		S3(c, " Et utkast finnes, men er ikke sendt inn.",
		   " Eit utkast finst, men er ikkje sendt inn.",
		   " A draft exists but has not been submitted.");
	lead_text(c);
}

void missing_report_action(struct text_ctx *c)
{
	char p[32];

	period_text((int32_t)c->f->num[3], (int32_t)c->f->num[4], p);
	T3(c,
	   "Send en påminnelse (veikart remind --period %s) eller følg opp "
	   "den ansvarlige aktøren direkte.",
	   "Send ei påminning (veikart remind --period %s) eller følg opp "
	   "den ansvarlege aktøren direkte.",
	   "Send a reminder (veikart remind --period %s) or follow up with "
	   "the lead actor directly.",
	   p);
}

json_t *missing_report_evidence(const struct text_ctx *c)
{
	char p[32];

	period_text((int32_t)c->f->num[3], (int32_t)c->f->num[4], p);
	return json_pack(
	    "{s:s,s:b,s:o,s:i,s:b,s:o}", "period", p, "period_open", 1, "due",
	    j_day((int32_t)c->f->num[1]), "days_overdue", (int)c->f->num[2],
	    "draft", c->f->num[0] > 0, "leads", j_ids(c, true, 0, c->f->naux));
}

void stale_report_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;
	char last[32], cur[32];

	period_text((int32_t)f->num[1], (int32_t)f->num[2], last);
	period_text((int32_t)f->num[3], (int32_t)f->num[4], cur);
	S3(c, "Den siste statusrapporten for tiltak ",
	   "Den siste statusrapporten for tiltak ",
	   "The latest status report on measure ");
	t_ent(c, 0);
	T3(c, " gjelder %s, %d tertialer før %s. Terskelen er %d tertialer.",
	   " gjeld %s, %d tertialar før %s. Terskelen er %d tertialar.",
	   " covers %s, %d tertials before %s. The threshold is %d tertials.",
	   last, (int)f->num[0], cur, (int)f->num[5]);
	lead_text(c);
}

void stale_report_action(struct text_ctx *c)
{
	S3(c,
	   "Be om en oppdatert statusrapport, eller vurder om tiltaket er "
	   "fullført eller stanset og skal avsluttes.",
	   "Be om ein oppdatert statusrapport, eller vurder om tiltaket er "
	   "fullført eller stansa og skal avsluttast.",
	   "Ask for an up-to-date status report, or consider whether the "
	   "measure is done or stopped and should be closed.");
}

json_t *stale_report_evidence(const struct text_ctx *c)
{
	char last[32], cur[32];

	period_text((int32_t)c->f->num[1], (int32_t)c->f->num[2], last);
	period_text((int32_t)c->f->num[3], (int32_t)c->f->num[4], cur);
	return json_pack("{s:s,s:s,s:i,s:i,s:o}", "current_period", cur,
			 "last_report_period", last, "periods_since",
			 (int)c->f->num[0], "threshold_periods",
			 (int)c->f->num[5], "leads",
			 j_ids(c, true, 0, c->f->naux));
}

void returned_report_explain(struct text_ctx *c)
{
	const struct snap_report *rep = &c->s->reports.v[t_ent_ref(c, 1)->idx];
	char p[32];

	period_text(rep->start_day, rep->end_day, p);
	T3(c, "Statusrapporten for %s om tiltak ",
	   "Statusrapporten for %s om tiltak ",
	   "The status report for %s on measure ", p);
	t_ent(c, 0);
	S3(c, " ble sendt tilbake og er ikke sendt inn på nytt.",
	   " vart send tilbake og er ikkje send inn på nytt.",
	   " was returned and has not been submitted again.");
	if (c->f->num[1] > 0)
		S3(c, " Perioden er lukket.", " Perioden er lukka.",
		   " The period is closed.");
	else if ((int32_t)c->f->num[0] != SNAP_NO_DAY) {
		S3(c, " Fristen er ", " Fristen er ", " It is due ");
		t_day(c, (int32_t)c->f->num[0]);
		buf_addch(c->b, '.');
	}
}

void returned_report_action(struct text_ctx *c)
{
	S3(c,
	   "Følg opp med den ansvarlige aktøren slik at rapporten blir "
	   "rettet og sendt inn igjen.",
	   "Følg opp med den ansvarlege aktøren slik at rapporten blir "
	   "retta og send inn att.",
	   "Follow up with the lead actor so that the report is corrected "
	   "and submitted again.");
}

json_t *returned_report_evidence(const struct text_ctx *c)
{
	const struct snap_report *rep = &c->s->reports.v[t_ent_ref(c, 1)->idx];
	char p[32];

	period_text(rep->start_day, rep->end_day, p);
	return json_pack("{s:s,s:s,s:o,s:b}", "report", rep->id, "period", p,
			 "due", j_day((int32_t)c->f->num[0]), "period_closed",
			 c->f->num[1] > 0);
}
