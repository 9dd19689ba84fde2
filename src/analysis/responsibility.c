/*
 * analysis/responsibility.c: no_lead and many_leads. An active measure
 * (tiltak) needs exactly one lead actor: with none nobody answers for it;
 * with several it is unclear who reports. Consulted actors do not count.
 * Pure; findings go into the run's set.
 *
 * no_lead:    entity the measure; aux the contributing actors;
 *             num[0] contributors. High when nobody at all is named.
 * many_leads: entities the measure and its leads; num[0] leads.
 */
#include "analysis/finding_int.h"

static void measure_leads(const struct snapshot *s, size_t m, size_t *leads,
			  size_t *contrib)
{
	const int32_t *r = SNAP_ROW(&s->m_resps, m);

	*leads = *contrib = 0;
	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *x = &s->resps.v[r[k]];

		*leads += x->role == SNAP_ROLE_LEAD;
		*contrib += x->role == SNAP_ROLE_CONTRIBUTING;
	}
}

static void add_actors(struct run_ctx *r, size_t m, enum snap_role role,
		       bool as_entity)
{
	const struct snapshot *s = r->s;
	const int32_t *x = SNAP_ROW(&s->m_resps, m);

	for (uint32_t k = 0; k < SNAP_ROW_N(&s->m_resps, m); k++) {
		const struct snap_resp *rp = &s->resps.v[x[k]];

		if (rp->role != role)
			continue;
		if (as_entity)
			fs_ent(r->fs, ENT_ACTOR, rp->actor);
		else
			fs_aux(r->fs, ENT_ACTOR, rp->actor);
	}
}

void run_responsibility(struct run_ctx *r)
{
	const struct snapshot *s = r->s;

	for (size_t m = 0; m < s->measures.n; m++) {
		size_t leads, contrib;
		struct finding *f;

		if (s->measures.v[m].state != SNAP_M_ACTIVE)
			continue;
		measure_leads(s, m, &leads, &contrib);
		if (leads == 0 && r->want[FK_NO_LEAD]) {
			f = fs_add(r->fs, FK_NO_LEAD,
				   contrib ? SEV_MEDIUM : SEV_HIGH);
			f->num[0] = (double)contrib;
			fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
			add_actors(r, m, SNAP_ROLE_CONTRIBUTING, false);
		} else if (leads > 1 && r->want[FK_MANY_LEADS]) {
			f = fs_add(r->fs, FK_MANY_LEADS, SEV_MEDIUM);
			f->num[0] = (double)leads;
			fs_ent(r->fs, ENT_MEASURE, (int32_t)m);
			add_actors(r, m, SNAP_ROLE_LEAD, true);
		}
	}
}

/* "i strategien «...»" for the measure that is entity 0. */
static void in_strategy(struct text_ctx *c)
{
	const struct snap_measure *m = &c->s->measures.v[t_ent_ref(c, 0)->idx];

	S3(c, " i strategien ", " i strategien ", " in the strategy ");
	t_ref(c, &(struct finding_ref){ENT_STRATEGY, m->strategy});
}

void no_lead_explain(struct text_ctx *c)
{
	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	in_strategy(c);
	S3(c, " er aktivt, men ingen aktør står som ansvarlig (lead).",
	   " er aktivt, men ingen aktør står som ansvarleg (lead).",
	   " is active, but no actor is named as its lead.");
	if (c->f->naux == 0) {
		S3(c, " Ingen aktør er oppført som bidragsyter heller.",
		   " Ingen aktør er ført opp som bidragsytar heller.",
		   " No actor is listed as contributing either.");
		return;
	}
	S3(c, " Bidragsytere: ", " Bidragsytarar: ", " Contributing: ");
	t_auxs(c, 0, c->f->naux);
	buf_addch(c->b, '.');
}

void no_lead_action(struct text_ctx *c)
{
	S3(c,
	   "Avklar hvilken aktør som skal lede tiltaket, og registrer den "
	   "som ansvarlig (lead)",
	   "Avklar kva aktør som skal leie tiltaket, og registrer han som "
	   "ansvarleg (lead)",
	   "Agree which actor leads the measure and record it as lead");
	if (c->f->naux)
		S3(c, " – for eksempel en av bidragsyterne.",
		   " – til dømes ein av bidragsytarane.",
		   " – for example one of the contributing actors.");
	else
		buf_addch(c->b, '.');
}

json_t *no_lead_evidence(const struct text_ctx *c)
{
	const struct snap_measure *m = &c->s->measures.v[t_ent_ref(c, 0)->idx];

	return json_pack("{s:s,s:s,s:o}", "strategy",
			 c->s->strategies.v[m->strategy].id, "state", "active",
			 "contributing", j_ids(c, true, 0, c->f->naux));
}

void many_leads_explain(struct text_ctx *c)
{
	S3(c, "Tiltak ", "Tiltak ", "Measure ");
	t_ent(c, 0);
	T3(c, " har %d ansvarlige (lead): ", " har %d ansvarlege (lead): ",
	   " has %d leads: ", (int)c->f->num[0]);
	t_ents(c, 1, c->f->nent);
	S3(c,
	   ". Med flere ledere er det uklart hvem som rapporterer og "
	   "svarer for tiltaket.",
	   ". Med fleire leiarar er det uklart kven som rapporterer og "
	   "svarar for tiltaket.",
	   ". With several leads it is unclear who reports on the measure "
	   "and answers for it.");
}

void many_leads_action(struct text_ctx *c)
{
	S3(c, "Velg én ansvarlig aktør; de andre kan stå som bidragsytere.",
	   "Vel éin ansvarleg aktør; dei andre kan stå som bidragsytarar.",
	   "Choose one lead; record the others as contributing.");
}

json_t *many_leads_evidence(const struct text_ctx *c)
{
	return json_pack("{s:i,s:o}", "leads_count", (int)c->f->num[0], "leads",
			 j_ids(c, false, 1, c->f->nent));
}
