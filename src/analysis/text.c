/*
 * analysis/text.c: the pieces the explanations are built from, in bokmål,
 * nynorsk and English: an entity as "V-EK-1 «Tittel»", lists joined with
 * "og"/"and", numbers with a decimal comma in Norwegian, amounts, dates,
 * and the small JSON helpers the evidence uses. Must not decide anything;
 * only writes. Ownership: text goes into the context's buffer; JSON
 * values are new references.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/finding_int.h"

const struct finding_ref *t_ent_ref(const struct text_ctx *c, size_t i)
{
	return &c->fs->refs[c->f->ent_off + i];
}

const struct finding_ref *t_aux_ref(const struct text_ctx *c, size_t i)
{
	return &c->fs->refs[c->f->aux_off + i];
}

const char *t_str(const struct text_ctx *c, size_t i)
{
	return c->fs->text.buf + c->fs->strs[c->f->str_off + i];
}

bool resp_counts(const struct snap_resp *r)
{
	return r->role == SNAP_ROLE_LEAD || r->role == SNAP_ROLE_CONTRIBUTING;
}

void t_quoted(struct text_ctx *c, const char *s)
{
	if (c->lang == LANG_EN)
		buf_addf(c->b, "\xe2\x80\x9c%s\xe2\x80\x9d", s);
	else
		buf_addf(c->b, "\xc2\xab%s\xc2\xbb", s);
}

void t_ref(struct text_ctx *c, const struct finding_ref *r)
{
	const char *name = ref_name(c->s, r, c->code);

	if (r->type == ENT_REPORT) {
		const struct snap_report *rep = &c->s->reports.v[r->idx];
		char p[32];

		period_text(rep->start_day, rep->end_day, p);
		T3(c, "rapporten for %s om ", "rapporten for %s om ",
		   "the report for %s on ", p);
		t_ref(c, &(struct finding_ref){ENT_MEASURE, rep->measure});
		return;
	}
	buf_addstr(c->b, ref_id(c->s, r));
	if (name && *name && strcmp(name, ref_id(c->s, r))) {
		buf_addch(c->b, ' ');
		t_quoted(c, name);
	}
}

void t_ent(struct text_ctx *c, size_t i)
{
	t_ref(c, t_ent_ref(c, i));
}

void t_and(struct text_ctx *c, size_t i, size_t n)
{
	if (i == 0)
		return;
	if (i + 1 == n)
		S3(c, " og ", " og ", " and ");
	else
		buf_addstr(c->b, ", ");
}

void t_ents(struct text_ctx *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		t_and(c, i - from, to - from);
		t_ent(c, i);
	}
}

void t_auxs(struct text_ctx *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		t_and(c, i - from, to - from);
		t_ref(c, t_aux_ref(c, i));
	}
}

void t_num(struct text_ctx *c, double v, int decimals)
{
	char s[64];

	snprintf(s, sizeof(s), "%.*f", decimals, v);
	if (c->lang != LANG_EN) {
		char *dot = strchr(s, '.');

		if (dot)
			*dot = ',';
	}
	buf_addstr(c->b, s);
}

void t_nok(struct text_ctx *c, double amount)
{
	if (amount >= 1e6) {
		T3(c, "%s", "%s", "NOK %s", "");
		t_num(c, amount / 1e6, amount >= 1e8 ? 0 : 1);
		S3(c, " mill. kr", " mill. kr", " million");
		return;
	}
	T3(c, "%.0f kr", "%.0f kr", "NOK %.0f", amount);
}

void t_day(struct text_ctx *c, int32_t day)
{
	int y, m, d;

	if (day == SNAP_NO_DAY) {
		S3(c, "ukjent dato", "ukjend dato", "an unknown date");
		return;
	}
	snap_civil(day, &y, &m, &d);
	buf_addf(c->b, "%04d-%02d-%02d", y, m, d);
}

void period_text(int32_t start, int32_t end, char out[32])
{
	int y1, m1, d1, y2, m2, d2;

	snap_civil(start, &y1, &m1, &d1);
	snap_civil(end, &y2, &m2, &d2);
	if (y1 == y2 && d1 == 1 && m1 == 1 && m2 == 12 && d2 == 31)
		snprintf(out, 32, "%04d", y1);
	else if (y1 == y2 && d1 == 1 && (m1 - 1) % 4 == 0 && m2 == m1 + 3 &&
		 snap_civil_day(y2, m2, d2) + 1 ==
		     (m2 == 12 ? snap_civil_day(y2 + 1, 1, 1)
			       : snap_civil_day(y2, m2 + 1, 1)))
		snprintf(out, 32, "%04d-T%d", y1, (m1 - 1) / 4 + 1);
	else
		snprintf(out, 32, "%04d-%02d-%02d..%04d-%02d-%02d", y1, m1, d1,
			 y2, m2, d2);
}

json_t *j_ids(const struct text_ctx *c, bool aux, size_t from, size_t to)
{
	json_t *a = json_array();

	for (size_t i = from; i < to; i++)
		json_array_append_new(
		    a, json_string(ref_id(c->s, aux ? t_aux_ref(c, i)
						    : t_ent_ref(c, i))));
	return a;
}

json_t *j_strs(const struct text_ctx *c)
{
	json_t *a = json_array();

	for (size_t i = 0; i < c->f->nstr; i++)
		json_array_append_new(a, json_string(t_str(c, i)));
	return a;
}

json_t *j_day(int32_t day)
{
	char s[16];
	int y, m, d;

	if (day == SNAP_NO_DAY)
		return json_null();
	snap_civil(day, &y, &m, &d);
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	return json_string(s);
}

json_t *j_real(double v)
{
	if (!isfinite(v))
		return json_null();
	return json_real(round(v * 1000.0) / 1000.0);
}
