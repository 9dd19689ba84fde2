/*
 * analysis/inputs.c: unanswered_input — stakeholder inputs (innspill:
 * proposals, consultation responses, the council's coordination gaps)
 * that no measure answers, one finding per actor that raised them (and
 * one for inputs with no known sender). Pure.
 *
 * Entities: the actor (when known), then the unanswered inputs in id
 * order (so the finding changes, and shows again, when the set changes).
 * num: [0] inputs, [1] coordination gaps among them, [2] the actor is
 * known. High when a coordination gap is among them, else medium.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "util/xalloc.h"

static int cmp_input(const void *a, const void *b, void *arg)
{
	const struct snapshot *s = arg;
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	int32_t rx = s->inputs.v[x].raised_by, ry = s->inputs.v[y].raised_by;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(s->inputs.v[x].id, s->inputs.v[y].id);
}

static void add_group(struct run_ctx *r, const int32_t *v, size_t n)
{
	const struct snapshot *s = r->s;
	int32_t raiser = s->inputs.v[v[0]].raised_by;
	size_t gaps = 0;
	struct finding *f;

	for (size_t i = 0; i < n; i++)
		gaps += s->inputs.v[v[i]].kind == SNAP_IN_GAP;
	f = fs_add(r->fs, FK_UNANSWERED_INPUT, gaps ? SEV_HIGH : SEV_MEDIUM);
	f->num[0] = (double)n;
	f->num[1] = (double)gaps;
	f->num[2] = raiser >= 0;
	if (raiser >= 0)
		fs_ent(r->fs, ENT_ACTOR, raiser);
	for (size_t i = 0; i < n; i++)
		fs_ent(r->fs, ENT_INPUT, v[i]);
}

void run_inputs(struct run_ctx *r)
{
	const struct snapshot *s = r->s;
	int32_t *v = xmalloc((s->inputs.n + 1) * sizeof(*v));
	size_t n = 0, start = 0;

	if (!r->want[FK_UNANSWERED_INPUT]) {
		free(v);
		return;
	}
	for (size_t i = 0; i < s->inputs.n; i++)
		if (SNAP_ROW_N(&s->in_answers, i) == 0)
			v[n++] = (int32_t)i;
	qsort_r(v, n, sizeof(*v), cmp_input, (void *)s);
	for (size_t i = 1; i <= n; i++)
		if (i == n || s->inputs.v[v[i]].raised_by !=
				  s->inputs.v[v[start]].raised_by) {
			add_group(r, v + start, i - start);
			start = i;
		}
	free(v);
}

void unanswered_input_explain(struct text_ctx *c)
{
	const struct finding *f = c->f;
	size_t first = f->num[2] > 0 ? 1 : 0;

	if (first) {
		S3(c, "Aktøren ", "Aktøren ", "The actor ");
		t_ent(c, 0);
		T3(c,
		   " har kommet med %d innspill%.0s som ikke noe tiltak "
		   "svarer på",
		   " har kome med %d innspel%.0s som ikkje noko tiltak svarar "
		   "på",
		   " has made %d input%s that no measure answers",
		   (int)f->num[0], f->num[0] == 1 ? "" : "s");
	} else {
		T3(c,
		   "%d innspill%.0s uten kjent avsender har ikke fått svar "
		   "i noe tiltak",
		   "%d innspel%.0s utan kjend avsendar har ikkje fått svar i "
		   "noko tiltak",
		   "%d input%s with no known sender have no answer in any "
		   "measure",
		   (int)f->num[0], f->num[0] == 1 ? "" : "s");
	}
	if (f->num[1] > 0)
		T3(c, ", %d av dem om samordning", ", %d av dei om samordning",
		   ", %d of them about coordination", (int)f->num[1]);
	buf_addstr(c->b, ": ");
	t_ents(c, first, f->nent);
	buf_addch(c->b, '.');
}

void unanswered_input_action(struct text_ctx *c)
{
	S3(c,
	   "Gå gjennom innspillene: knytt dem til tiltak som svarer på dem, "
	   "eller gi avsenderen et begrunnet svar.",
	   "Gå gjennom innspela: knyt dei til tiltak som svarar på dei, "
	   "eller gi avsendaren eit grunngitt svar.",
	   "Go through the inputs: link each to a measure that answers it, "
	   "or give the sender a reasoned reply.");
}

json_t *unanswered_input_evidence(const struct text_ctx *c)
{
	const struct finding *f = c->f;
	size_t first = f->num[2] > 0 ? 1 : 0;

	return json_pack(
	    "{s:o,s:i,s:i,s:o}", "raised_by",
	    first ? json_string(ref_id(c->s, t_ent_ref(c, 0))) : json_null(),
	    "inputs_count", (int)f->num[0], "coordination_gaps", (int)f->num[1],
	    "inputs", j_ids(c, false, first, f->nent));
}
