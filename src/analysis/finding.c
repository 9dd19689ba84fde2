/*
 * analysis/finding.c: the finding set (see analysis.h): appending findings,
 * their entities and quoted words, the table of kinds, stable ids, and the
 * JSON form. Must not decide what is a finding: the family files do.
 * Ownership: the set owns its arrays and strings.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/finding_int.h"
#include "util/xalloc.h"

#define KIND(k, fam)                                                           \
	{                                                                      \
#k, fam, k##_explain, k##_action, k##_evidence                 \
	}

static const struct kind_desc kinds[FINDING_KIND_COUNT] = {
    KIND(no_lead, FAM_RESPONSIBILITY),
    KIND(many_leads, FAM_RESPONSIBILITY),
    KIND(missing_report, FAM_REPORTING),
    KIND(stale_report, FAM_REPORTING),
    KIND(returned_report, FAM_REPORTING),
    KIND(overlap, FAM_OVERLAP),
    KIND(no_common_arena, FAM_COORDINATION),
    KIND(cross_ministry, FAM_COORDINATION),
    KIND(parallel_arenas, FAM_COORDINATION),
    KIND(dependency_risk, FAM_DEPENDENCY),
    KIND(dependency_cycle, FAM_DEPENDENCY),
    KIND(funding_gap, FAM_FUNDING),
    KIND(off_track, FAM_INDICATORS),
    KIND(absent_actor, FAM_COORDINATION),
    KIND(unanswered_input, FAM_INPUTS),
};

static const char *const family_names[ANALYSIS_FAMILY_COUNT] = {
    "responsibility", "reporting", "overlap",	 "coordination",
    "dependency",     "funding",   "indicators", "inputs",
};

static const char *const severity_names[SEV_COUNT] = {"high", "medium", "low"};

static const char *const ent_names[] = {
    "measures", "actors",     "strategies", "arenas",
    "schemes",	"indicators", "inputs",	    "reports",
};

const char *finding_kind_name(enum finding_kind k)
{
	return (unsigned)k < FINDING_KIND_COUNT ? kinds[k].name : NULL;
}

int finding_kind_parse(const char *s)
{
	for (int k = 0; s && k < FINDING_KIND_COUNT; k++)
		if (!strcmp(s, kinds[k].name))
			return k;
	return -1;
}

enum analysis_family finding_kind_family(enum finding_kind k)
{
	return kinds[k].family;
}

const char *analysis_family_name(enum analysis_family f)
{
	return (unsigned)f < ANALYSIS_FAMILY_COUNT ? family_names[f] : NULL;
}

const char *finding_severity_name(enum finding_severity s)
{
	return (unsigned)s < SEV_COUNT ? severity_names[s] : NULL;
}

int finding_severity_parse(const char *s)
{
	for (int i = 0; s && i < SEV_COUNT; i++)
		if (!strcmp(s, severity_names[i]))
			return i;
	return -1;
}

const char *finding_ent_name(enum finding_ent t)
{
	return (unsigned)t < sizeof(ent_names) / sizeof(ent_names[0])
		   ? ent_names[t]
		   : "unknown";
}

void finding_set_release(struct finding_set *fs)
{
	free(fs->v);
	free(fs->refs);
	free(fs->strs);
	buf_release(&fs->text);
	*fs = (struct finding_set)FINDING_SET_INIT;
}

struct finding *fs_add(struct finding_set *fs, enum finding_kind k,
		       enum finding_severity sev)
{
	struct finding *f;

	fs->v = snap_vec_reserve(fs->v, &fs->alloc, fs->n + 1, sizeof(*f));
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->kind = (uint8_t)k;
	f->severity = (uint8_t)sev;
	f->ent_off = f->aux_off = (uint32_t)fs->nrefs;
	f->str_off = (uint32_t)fs->nstrs;
	return f;
}

static void push_ref(struct finding_set *fs, enum finding_ent t, int32_t idx)
{
	fs->refs = snap_vec_reserve(fs->refs, &fs->refs_alloc, fs->nrefs + 1,
				    sizeof(*fs->refs));
	fs->refs[fs->nrefs++] = (struct finding_ref){(uint8_t)t, idx};
}

void fs_ent(struct finding_set *fs, enum finding_ent t, int32_t idx)
{
	struct finding *f = &fs->v[fs->n - 1];

	/* Entities come first and stay contiguous, aux rows after them. */
	if (f->naux)
		abort();
	push_ref(fs, t, idx);
	f->nent++;
	f->aux_off = f->ent_off + f->nent;
}

void fs_aux(struct finding_set *fs, enum finding_ent t, int32_t idx)
{
	push_ref(fs, t, idx);
	fs->v[fs->n - 1].naux++;
}

void fs_str(struct finding_set *fs, const char *s, size_t n)
{
	fs->strs = snap_vec_reserve(fs->strs, &fs->strs_alloc, fs->nstrs + 1,
				    sizeof(*fs->strs));
	fs->strs[fs->nstrs++] = (uint32_t)fs->text.len;
	buf_add(&fs->text, s, n);
	buf_addch(&fs->text, '\0');
	fs->v[fs->n - 1].nstr++;
}

const char *ref_id(const struct snapshot *s, const struct finding_ref *r)
{
	switch (r->type) {
	case ENT_MEASURE:
		return s->measures.v[r->idx].id;
	case ENT_ACTOR:
		return s->actors.v[r->idx].id;
	case ENT_STRATEGY:
		return s->strategies.v[r->idx].id;
	case ENT_ARENA:
		return s->arenas.v[r->idx].id;
	case ENT_SCHEME:
		return s->schemes.v[r->idx].id;
	case ENT_INDICATOR:
		return s->indicators.v[r->idx].id;
	case ENT_INPUT:
		return s->inputs.v[r->idx].id;
	case ENT_REPORT:
		return s->reports.v[r->idx].id ? s->reports.v[r->idx].id : "";
	}
	return "";
}

const char *ref_name(const struct snapshot *s, const struct finding_ref *r,
		     const char *lang)
{
	switch (r->type) {
	case ENT_MEASURE:
		return snap_text_in(&s->measures.v[r->idx].title, lang);
	case ENT_ACTOR:
		return snap_text_in(&s->actors.v[r->idx].name, lang);
	case ENT_STRATEGY:
		return snap_text_in(&s->strategies.v[r->idx].name, lang);
	case ENT_ARENA:
		return snap_text_in(&s->arenas.v[r->idx].name, lang);
	case ENT_SCHEME:
		return snap_text_in(&s->schemes.v[r->idx].name, lang);
	case ENT_INDICATOR:
		return snap_text_in(&s->indicators.v[r->idx].name, lang);
	case ENT_INPUT:
		return snap_text_in(&s->inputs.v[r->idx].title, lang);
	case ENT_REPORT:
		return snap_text_in(
		    &s->measures.v[s->reports.v[r->idx].measure].title, lang);
	}
	return "";
}

const char *finding_ent_id(const struct snapshot *s,
			   const struct finding_set *fs,
			   const struct finding *f, size_t i)
{
	return ref_id(s, &fs->refs[f->ent_off + i]);
}

const char *finding_ent_label(const struct snapshot *s,
			      const struct finding_set *fs,
			      const struct finding *f, size_t i,
			      const char *lang)
{
	return ref_name(s, &fs->refs[f->ent_off + i], lang);
}

struct ent_key {
	const char *type, *id;
};

static int cmp_key(const struct ent_key *x, const struct ent_key *y)
{
	int r = strcmp(x->type, y->type);

	return r ? r : strcmp(x->id, y->id);
}

/* Insertion sort: a finding names a handful of entities, rarely more. */
static void sort_keys(struct ent_key *k, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct ent_key v = k[i];
		size_t j = i;

		for (; j > 0 && cmp_key(&k[j - 1], &v) > 0; j--)
			k[j] = k[j - 1];
		k[j] = v;
	}
}

static void hash_str(crypto_generichash_state *h, const char *s)
{
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

/*
 * "<kind>-" and 16 hex digits of BLAKE2b (8 bytes) over "<kind>\n", then
 * "<type>:<id>\n" for every entity in sorted order, then the key in
 * decimal: the same gap found again gets the same id, whatever order the
 * rows came in. Must stay as it is: marks are stored under these ids.
 */
void finding_make_id(const struct snapshot *s, const struct finding_set *fs,
		     struct finding *f)
{
	struct ent_key local[16],
	    *k = f->nent <= 16 ? local : xmalloc(f->nent * sizeof(*k));
	crypto_generichash_state h;
	unsigned char out[8];
	char key[24];
	size_t len;

	for (uint32_t i = 0; i < f->nent; i++) {
		const struct finding_ref *r = &fs->refs[f->ent_off + i];

		k[i] =
		    (struct ent_key){finding_ent_name(r->type), ref_id(s, r)};
	}
	sort_keys(k, f->nent);
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	hash_str(&h, kinds[f->kind].name);
	hash_str(&h, "\n");
	for (uint32_t i = 0; i < f->nent; i++) {
		hash_str(&h, k[i].type);
		hash_str(&h, ":");
		hash_str(&h, k[i].id);
		hash_str(&h, "\n");
	}
	snprintf(key, sizeof(key), "%d", (int)f->key);
	hash_str(&h, key);
	crypto_generichash_final(&h, out, sizeof(out));
	len = strlen(kinds[f->kind].name);
	memcpy(f->id, kinds[f->kind].name, len);
	f->id[len++] = '-';
	for (size_t i = 0; i < sizeof(out); i++) {
		f->id[len++] = "0123456789abcdef"[out[i] >> 4];
		f->id[len++] = "0123456789abcdef"[out[i] & 15];
	}
	f->id[len] = '\0';
	if (k != local)
		free(k);
}

const struct finding *finding_set_find(const struct finding_set *fs,
				       const char *id)
{
	for (size_t i = 0; id && i < fs->n; i++)
		if (!strcmp(fs->v[i].id, id))
			return &fs->v[i];
	return NULL;
}

static void text_init(struct text_ctx *c, const struct snapshot *s,
		      const struct finding_set *fs, const struct finding *f,
		      const char *lang, struct buf *out)
{
	c->s = s;
	c->fs = fs;
	c->f = f;
	c->b = out;
	c->lang = LANG_NB;
	c->code = "nb";
	if (lang && !strncmp(lang, "nn", 2)) {
		c->lang = LANG_NN;
		c->code = "nn";
	} else if (lang && !strncmp(lang, "en", 2)) {
		c->lang = LANG_EN;
		c->code = "en";
	}
}

void finding_explain(const struct snapshot *s, const struct finding_set *fs,
		     const struct finding *f, const char *lang, struct buf *out)
{
	struct text_ctx c;

	text_init(&c, s, fs, f, lang, out);
	kinds[f->kind].explain(&c);
}

void finding_action(const struct snapshot *s, const struct finding_set *fs,
		    const struct finding *f, const char *lang, struct buf *out)
{
	struct text_ctx c;

	text_init(&c, s, fs, f, lang, out);
	kinds[f->kind].action(&c);
}

static json_t *three(const struct snapshot *s, const struct finding_set *fs,
		     const struct finding *f, bool action)
{
	static const char *const langs[] = {"nb", "nn", "en"};
	json_t *o = json_object();

	for (size_t i = 0; i < 3; i++) {
		struct buf b = BUF_INIT;

		if (action)
			finding_action(s, fs, f, langs[i], &b);
		else
			finding_explain(s, fs, f, langs[i], &b);
		json_object_set_new(o, langs[i], json_string(buf_cstr(&b)));
		buf_release(&b);
	}
	return o;
}

json_t *finding_json(const struct snapshot *s, const struct finding_set *fs,
		     const struct finding *f, const char *lang)
{
	json_t *ents = json_array();
	json_t *o = json_object();
	struct text_ctx c;

	for (uint32_t i = 0; i < f->nent; i++) {
		const struct finding_ref *r = &fs->refs[f->ent_off + i];

		json_array_append_new(ents,
				      json_pack("{s:s,s:s,s:s}", "type",
						finding_ent_name(r->type), "id",
						ref_id(s, r), "name",
						ref_name(s, r, lang)));
	}
	text_init(&c, s, fs, f, lang, NULL);
	json_object_set_new(o, "id", json_string(f->id));
	json_object_set_new(o, "kind", json_string(kinds[f->kind].name));
	json_object_set_new(o, "severity",
			    json_string(severity_names[f->severity]));
	json_object_set_new(o, "entities", ents);
	json_object_set_new(o, "explanation", three(s, fs, f, false));
	json_object_set_new(o, "evidence", kinds[f->kind].evidence(&c));
	json_object_set_new(o, "action", three(s, fs, f, true));
	return o;
}
