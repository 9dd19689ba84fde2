/*
 * tests/test_write.c: the write service on temporary databases. Each test
 * seeds a small interchange document, then creates, changes and deletes as
 * different principals. After every refused write the database must hold
 * exactly what it held before (compared via export), with no audit event
 * for a write; after every accepted one, one event and a new data version.
 */
#include "fixture.h"

#include "api/render.h"
#include "api/write.h"
#include "http/respond.h"
#include "service/audit.h"
#include "service/export.h"
#include "service/import.h"
#include "service/query.h"
#include "service/write.h"
#include "store/entity.h"

#define HEAD "{\"format\": \"veikart-interchange\", \"version\": 1,\n"

static const char seed[] = HEAD
	"\"sources\": [{\"id\": \"S1\", \"title\": \"Veikart\"},"
	" {\"id\": \"S2\", \"title\": \"Brev\"}],\n"
	"\"actors\": [\n"
	" {\"id\": \"NFD\","
	" \"name_nb\": \"Nærings- og fiskeridepartementet\"},"
	" {\"id\": \"IN\", \"name_nb\": \"Innovasjon Norge\","
	" \"parent\": \"NFD\"},"
	" {\"id\": \"SIVA\", \"name_nb\": \"Siva\"},"
	" {\"id\": \"LONE\", \"name_nb\": \"Ingen peker hit\"}],\n"
	"\"strategies\": [{\"id\": \"ST\", \"name_nb\": \"Veikart\", "
	"\"source\": \"S1\", \"owners\": [\"NFD\"]}],\n"
	"\"measures\": [\n"
	" {\"id\": \"M-1\", \"strategy\": \"ST\","
	" \"title_nb\": \"Økt eksport\","
	" \"source\": \"S1\", \"responsible\": [{\"actor\": \"IN\", \"role\": "
	"\"lead\"}, {\"actor\": \"SIVA\", \"role\": \"contributing\"}],"
	" \"milestones\": [{\"id\": \"MS1\", \"title_nb\": \"Plan\", "
	"\"due\": \"2025-06\"}]},\n"
	" {\"id\": \"M-2\", \"strategy\": \"ST\", \"title_nb\": \"Katapult\","
	" \"source\": \"S1\"},\n"
	" {\"id\": \"M-3\", \"strategy\": \"ST\", \"title_nb\": \"Alene\","
	" \"source\": \"S1\"}],\n"
	"\"links\": [{\"id\": \"L-1\", \"from\": \"M-1\", \"to\": \"M-2\", "
	"\"kind\": \"depends_on\"}],\n"
	"\"indicators\": [{\"id\": \"I1\", \"name_nb\": \"Eksport\", "
	"\"observations\": [{\"period\": \"2021\", \"value\": 22}], "
	"\"measures\": [\"M-1\"]}]}\n";

#define WRITE_EVENTS \
	"SELECT count(*) FROM audit_event WHERE action IN " \
	"('create', 'update', 'delete')"

static const struct principal coordinator = {
	2, 7, ROLE_COORDINATOR, true, "koord", { "" }, 0, "", 0
};
static const struct principal admin = {
	1, 0, ROLE_ADMIN, true, "admin", { "" }, 0, "", 0
};
static const struct principal read_token = {
	2, 8, ROLE_COORDINATOR, false, "koord", { "" }, 0, "", 0
};
static const struct principal reader = {
	3, 0, ROLE_READER, true, "leser", { "" }, 0, "", 0
};
static const struct principal reporter_in = {
	4, 0, ROLE_REPORTER, true, "in", { "IN" }, 1, "", 0
};
static const struct principal reporter_siva = {
	5, 0, ROLE_REPORTER, true, "siva", { "SIVA" }, 1, "", 0
};
static const struct principal reporter_nfd = {
	6, 0, ROLE_REPORTER, true, "nfd", { "NFD" }, 1, "", 0
};
static const struct principal anonymous = PRINCIPAL_ANONYMOUS;

static int setup(void **state)
{
	struct fixture *fx = fixture_new();
	struct import_result res;
	struct err err = ERR_INIT;

	assert_int_equal(service_import(fx->st, "w.json", seed, strlen(seed),
					&res, NULL, &err), 0);
	*state = fx;
	return 0;
}

static const struct entity_desc *E(const char *coll)
{
	return entity_find(coll);
}

static json_t *load(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (!v)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return v;
}

static char *export_all(struct store *st)
{
	struct err err = ERR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(service_export_json(st, NULL, f, &err), 0);
	fclose(f);
	return text;
}

static uint64_t version(struct store *st)
{
	struct err err = ERR_INIT;
	uint64_t v = 0;

	assert_int_equal(store_data_version(st, &v, &err), 0);
	return v;
}

/* The If-Match a client would send: the ETag of GET now. */
struct tag {
	char v[HTTP_ETAG_SIZE];
};

static struct tag etag_of(struct fixture *fx, const char *coll,
			  const char *id)
{
	struct err err = ERR_INIT;
	json_t *item = service_get(fx->st, E(coll), id, &err);
	struct tag t;

	assert_non_null(item);
	api_item_etag(item, t.v);
	json_decref(item);
	return t;
}

static bool match(void *arg, json_t *item)
{
	char etag[HTTP_ETAG_SIZE];

	api_item_etag(item, etag);
	return api_if_match(arg, etag);
}

static struct write_guard guard(struct tag *t)
{
	return (struct write_guard){ match, t->v };
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool has_field(const struct problems *p, const char *field)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->items[i].field, field))
			return true;
	return false;
}

static void expect_field(const struct problems *p, const char *field)
{
	if (has_field(p, field))
		return;
	for (size_t i = 0; i < p->n; i++)
		print_message("  have %s: %s\n", p->items[i].field,
			      p->items[i].message);
	fail_msg("no problem names the field %s", field);
}

static void test_create_update_delete(void **state)
{
	struct fixture *fx = *state;
	struct write_result res;
	struct problems p = PROBLEMS_INIT(50);
	struct err err = ERR_INIT;
	json_t *rec = load("{\"strategy\": \"ST\", \"title_nb\": \"Nytt tiltak "
			   "æøå\", \"source\": \"S1\", \"responsible\": "
			   "[{\"actor\": \"IN\", \"role\": \"lead\"}]}");
	json_t *patch = load("{\"title_nb\": \"Endret\", \"responsible\": "
			     "[{\"actor\": \"SIVA\", \"role\": \"lead\"}], "
			     "\"deadline\": \"2026-12-31\"}");
	uint64_t v0 = version(fx->st);
	char id[LIMIT_ID_BYTES + 1];
	struct tag t;
	struct write_guard g;

	assert_int_equal(service_create(fx->st, &coordinator, E("measures"),
					rec, &res, &p, &err), 0);
	assert_true(res.changed);
	assert_int_equal(strncmp(res.id, "M-", 2), 0);
	assert_int_equal(strlen(res.id), 8);
	assert_int_equal(strspn(res.id + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
			 6);
	assert_string_equal(str(res.item, "title_nb"), "Nytt tiltak æøå");
	/* The item is in the API shape: source expanded, status computed. */
	assert_string_equal(str(json_object_get(res.item, "source"), "title"),
			    "Veikart");
	assert_string_equal(str(res.item, "status"), "not_reported");
	assert_int_equal(version(fx->st), v0 + 1);
	snprintf(id, sizeof(id), "%s", res.id);
	write_result_release(&res);

	t = etag_of(fx, "measures", id);
	g = guard(&t);
	assert_int_equal(service_update(fx->st, &coordinator, E("measures"),
					id, patch, &g, &res, &p, &err), 0);
	assert_string_equal(str(res.item, "title_nb"), "Endret");
	assert_string_equal(str(res.item, "deadline"), "2026-12-31");
	/* The child list was replaced whole. */
	assert_int_equal(json_array_size(json_object_get(res.item,
							 "responsible")), 1);
	assert_string_equal(str(json_array_get(json_object_get(res.item,
							       "responsible"),
					       0), "actor"), "SIVA");
	assert_int_equal(version(fx->st), v0 + 2);
	write_result_release(&res);

	t = etag_of(fx, "measures", id);
	g = guard(&t);
	assert_int_equal(service_delete(fx->st, &admin, E("measures"), id, &g,
					&p, &err), 0);
	assert_null(service_get(fx->st, E("measures"), id, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(version(fx->st), v0 + 3);
	/* Soft: the row and its audit trail stay. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM measure "
					     "WHERE deleted_at IS NOT NULL"),
			 1);
	assert_int_equal(fixture_int(fx->st, WRITE_EVENTS), 3);
	assert_int_equal(p.n, 0);
	json_decref(rec);
	json_decref(patch);
}

static void test_given_id_and_conflicts(void **state)
{
	struct fixture *fx = *state;
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *rec = load("{\"id\": \"AKT-1\", \"name_nb\": \"Ny aktør\"}");
	json_t *taken = load("{\"id\": \"IN\", \"name_nb\": \"Ny aktør\"}");
	struct tag t;
	struct write_guard g;

	assert_int_equal(service_create(fx->st, &coordinator, E("actors"),
					rec, &res, NULL, &err), 0);
	assert_string_equal(res.id, "AKT-1");
	write_result_release(&res);
	assert_int_equal(service_create(fx->st, &coordinator, E("actors"),
					taken, &res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.field, "id");
	/* A deleted record's id is not reused. */
	t = etag_of(fx, "actors", "AKT-1");
	g = guard(&t);
	assert_int_equal(service_delete(fx->st, &coordinator, E("actors"),
					"AKT-1", &g, NULL, &err), 0);
	assert_int_equal(service_create(fx->st, &coordinator, E("actors"),
					rec, &res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_null(res.item);
	json_decref(rec);
	json_decref(taken);
}

/* Every kind of write as `who`: each refused with `code`, nothing changed. */
static void expect_refused_everywhere(struct fixture *fx,
				      const struct principal *who,
				      enum err_code code)
{
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *rec = load("{\"id\": \"NY\", \"name_nb\": \"x\"}");
	json_t *patch = load("{\"name_nb\": \"Hacket\"}");
	json_t *ms = load("{\"source\": \"S2\"}");
	json_t *obs = load("{\"period\": \"2025\", \"value\": 1}");
	char *before = export_all(fx->st), *after;
	struct tag t = etag_of(fx, "actors", "LONE");
	struct tag tm = etag_of(fx, "measures", "M-1");
	struct write_guard g = guard(&t), gm = guard(&tm);
	uint64_t v0 = version(fx->st);

	assert_int_equal(service_create(fx->st, who, E("actors"), rec, &res,
					NULL, &err), -1);
	assert_int_equal(err.code, code);
	assert_int_equal(service_update(fx->st, who, E("actors"), "LONE",
					patch, &g, &res, NULL, &err), -1);
	assert_int_equal(err.code, code);
	assert_int_equal(service_delete(fx->st, who, E("actors"), "LONE", &g,
					NULL, &err), -1);
	assert_int_equal(err.code, code);
	assert_int_equal(service_observation_add(fx->st, who, "I1", obs, NULL,
						 &res, NULL, &err), -1);
	assert_int_equal(err.code, code);
	if (who->role != ROLE_REPORTER) {
		assert_int_equal(service_milestone_update(fx->st, who, "M-1",
							  "MS1", ms, &gm, &res,
							  NULL, &err), -1);
		assert_int_equal(err.code, code);
	}
	after = export_all(fx->st);
	assert_string_equal(before, after);
	assert_int_equal(version(fx->st), v0);
	assert_int_equal(fixture_int(fx->st, WRITE_EVENTS), 0);
	free(before);
	free(after);
	json_decref(rec);
	json_decref(patch);
	json_decref(ms);
	json_decref(obs);
}

static void test_forbidden_changes_nothing(void **state)
{
	struct fixture *fx = *state;

	expect_refused_everywhere(fx, &reporter_in, ERR_FORBIDDEN);
	expect_refused_everywhere(fx, &reader, ERR_FORBIDDEN);
	expect_refused_everywhere(fx, &read_token, ERR_FORBIDDEN);
	/* Each refusal is audited, as "denied", outside any write. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action = "
					     "'denied'"),
			 4 + 5 + 5);
	expect_refused_everywhere(fx, &anonymous, ERR_UNAUTHENTICATED);
	/* Anonymous refusals are not: anyone could fill the log. */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action <> "
					     "'import'"),
			 14);
}

static void test_stale_if_match_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *first = load("{\"name_nb\": \"Første\"}");
	json_t *second = load("{\"name_nb\": \"Andre\"}");
	struct tag stale = etag_of(fx, "actors", "LONE"), star;
	struct write_guard g = guard(&stale);
	json_t *before, *after;

	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"LONE", first, &g, &res, NULL, &err),
			 0);
	write_result_release(&res);
	before = service_get(fx->st, E("actors"), "LONE", &err);
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"LONE", second, &g, &res, NULL, &err),
			 -1);
	assert_int_equal(err.code, ERR_PRECONDITION);
	assert_int_equal(service_delete(fx->st, &coordinator, E("actors"),
					"LONE", &g, NULL, &err), -1);
	assert_int_equal(err.code, ERR_PRECONDITION);
	/* Without a guard: 428, also nothing changed. */
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"LONE", second, NULL, &res, NULL, &err),
			 -1);
	assert_int_equal(err.code, ERR_PRECONDITION_REQUIRED);
	assert_int_equal(service_delete(fx->st, &coordinator, E("actors"),
					"LONE", NULL, NULL, &err), -1);
	assert_int_equal(err.code, ERR_PRECONDITION_REQUIRED);
	after = service_get(fx->st, E("actors"), "LONE", &err);
	assert_true(json_equal(before, after));
	assert_string_equal(str(after, "name_nb"), "Første");
	assert_int_equal(fixture_int(fx->st, WRITE_EVENTS), 1);
	/* "*" matches whatever version there is. */
	snprintf(star.v, sizeof(star.v), "*");
	g = guard(&star);
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"LONE", second, &g, &res, NULL, &err),
			 0);
	write_result_release(&res);
	json_decref(before);
	json_decref(after);
	json_decref(first);
	json_decref(second);
}

static void test_validation_names_fields(void **state)
{
	struct fixture *fx = *state;
	struct problems p = PROBLEMS_INIT(50);
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *bad = load("{\"strategy\": \"NOPE\", \"title_nb\": 5, "
			   "\"colour\": \"red\", \"responsible\": "
			   "[{\"actor\": \"X\", \"role\": \"boss\"}]}");
	json_t *new_id = load("{\"id\": \"M-99\"}");
	json_t *bad_date = load("{\"deadline\": \"2025-02-30\"}");
	char *before = export_all(fx->st), *after;
	struct tag t = etag_of(fx, "measures", "M-2");
	struct write_guard g = guard(&t);

	assert_int_equal(service_create(fx->st, &coordinator, E("measures"),
					bad, &res, &p, &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "strategy");
	expect_field(&p, "title_nb");
	expect_field(&p, "colour");
	expect_field(&p, "source");
	expect_field(&p, "responsible[0].actor");
	expect_field(&p, "responsible[0].role");
	problems_release(&p);
	assert_int_equal(service_update(fx->st, &coordinator, E("measures"),
					"M-2", new_id, &g, &res, &p, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "id");
	problems_release(&p);
	assert_int_equal(service_update(fx->st, &coordinator, E("measures"),
					"M-2", bad_date, &g, &res, &p, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "deadline");
	problems_release(&p);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	/* A failed write leaves no audit event (the setup's import has
	 * one). */
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action <> "
					     "'import'"),
			 0);
	free(before);
	free(after);
	json_decref(bad);
	json_decref(new_id);
	json_decref(bad_date);
}

static void expect_referenced(struct fixture *fx, const char *coll,
			      const char *id, const char *const *fields)
{
	struct problems p = PROBLEMS_INIT(50);
	struct err err = ERR_INIT;
	struct tag t = etag_of(fx, coll, id);
	struct write_guard g = guard(&t);

	assert_int_equal(service_delete(fx->st, &coordinator, E(coll), id, &g,
					&p, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	for (size_t i = 0; fields[i]; i++)
		expect_field(&p, fields[i]);
	problems_release(&p);
}

static void test_delete_refused_while_referenced(void **state)
{
	struct fixture *fx = *state;
	static const char *const siva[] = {
		"measures/M-1/responsible.actor", NULL
	};
	static const char *const nfd[] = {
		"actors/IN/parent", "strategies/ST/owners", NULL
	};
	static const char *const m1[] = {
		"links/L-1/from", "indicators/I1/measures", NULL
	};
	static const char *const m2[] = { "links/L-1/to", NULL };
	static const char *const s1[] = {
		"strategies/ST/source", "measures/M-1/source", NULL
	};
	struct err err = ERR_INIT;
	char *before = export_all(fx->st), *after;
	struct tag t;
	struct write_guard g;

	expect_referenced(fx, "actors", "SIVA", siva);
	expect_referenced(fx, "actors", "NFD", nfd);
	expect_referenced(fx, "measures", "M-1", m1);
	expect_referenced(fx, "measures", "M-2", m2);
	expect_referenced(fx, "sources", "S1", s1);
	after = export_all(fx->st);
	assert_string_equal(before, after);
	/* Once the link is gone (soft-deleted), M-2 may go too. */
	t = etag_of(fx, "links", "L-1");
	g = guard(&t);
	assert_int_equal(service_delete(fx->st, &coordinator, E("links"),
					"L-1", &g, NULL, &err), 0);
	t = etag_of(fx, "measures", "M-2");
	g = guard(&t);
	assert_int_equal(service_delete(fx->st, &coordinator, E("measures"),
					"M-2", &g, NULL, &err), 0);
	/* And the measure vanishes from lists. */
	assert_null(service_get(fx->st, E("measures"), "M-2", &err));
	free(before);
	free(after);
}

static void test_audit_event_per_write(void **state)
{
	struct fixture *fx = *state;
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *same = load("{\"name_nb\": \"Siva\"}");
	json_t *change = load("{\"note\": \"Statsforetak\"}");
	struct tag t = etag_of(fx, "actors", "SIVA");
	struct write_guard g = guard(&t);
	uint64_t v0 = version(fx->st);
	char why[256];
	int64_t checked, bad;
	json_t *after;

	/* A write that changes nothing: no event, no new version. */
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"SIVA", same, &g, &res, NULL, &err),
			 0);
	assert_false(res.changed);
	assert_non_null(res.item);
	write_result_release(&res);
	assert_int_equal(version(fx->st), v0);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action <> "
					     "'import'"),
			 0);
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"SIVA", change, &g, &res, NULL, &err),
			 0);
	assert_true(res.changed);
	write_result_release(&res);
	assert_int_equal(version(fx->st), v0 + 1);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM "
					     "audit_event WHERE action = "
					     "'update' AND entity_type = "
					     "'actors' AND entity_id = 'SIVA' "
					     "AND user_id = 2 AND token_id = 7 "
					     "AND json_extract(before_json, "
					     "'$.note') IS NULL AND "
					     "json_extract(after_json, "
					     "'$.note') = 'Statsforetak'"),
			 1);
	/* The event's after is the stored record, in interchange shape. */
	after = store_entity_get(fx->st, E("actors"), "SIVA", 0, &err);
	assert_string_equal(str(after, "note"), "Statsforetak");
	assert_int_equal(audit_verify(fx->st, &checked, &bad, why, sizeof(why),
				      &err), 0);
	assert_int_equal(checked, 2);	/* the setup's import, this write */
	assert_int_equal(bad, 0);
	json_decref(after);
	json_decref(same);
	json_decref(change);
}

static void test_milestone_by_reporters(void **state)
{
	struct fixture *fx = *state;
	struct problems p = PROBLEMS_INIT(50);
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *done = load("{\"done\": \"2025-05-20\"}");
	json_t *due = load("{\"due\": \"2025-09\", \"title_nn\": \"Plan\"}");
	json_t *src = load("{\"source\": \"S2\"}");
	json_t *rename = load("{\"id\": \"MS2\"}");
	json_t *bad = load("{\"due\": \"snart\"}");
	struct tag t = etag_of(fx, "measures", "M-1");
	struct write_guard g = guard(&t);
	json_t *ms;

	/* The lead's reporter. */
	assert_int_equal(service_milestone_update(fx->st, &reporter_in, "M-1",
						  "MS1", done, &g, &res, &p,
						  &err), 0);
	ms = json_array_get(json_object_get(res.item, "milestones"), 0);
	assert_string_equal(str(ms, "done"), "2025-05-20");
	assert_string_equal(str(ms, "due"), "2025-06");
	write_result_release(&res);
	/* The contributor's, with the measure's new ETag. */
	t = etag_of(fx, "measures", "M-1");
	assert_int_equal(service_milestone_update(fx->st, &reporter_siva,
						  "M-1", "MS1", due, &g, &res,
						  &p, &err), 0);
	write_result_release(&res);
	/* Neither: another actor's reporter; a field reporters may not set. */
	t = etag_of(fx, "measures", "M-1");
	assert_int_equal(service_milestone_update(fx->st, &reporter_nfd, "M-1",
						  "MS1", done, &g, &res, &p,
						  &err), -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_int_equal(service_milestone_update(fx->st, &reporter_in, "M-1",
						  "MS1", src, &g, &res, &p,
						  &err), -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_string_equal(err.field, "source");
	/* A coordinator may; the id stays; bad values name the field. */
	assert_int_equal(service_milestone_update(fx->st, &coordinator, "M-1",
						  "MS1", src, &g, &res, &p,
						  &err), 0);
	write_result_release(&res);
	t = etag_of(fx, "measures", "M-1");
	assert_int_equal(service_milestone_update(fx->st, &coordinator, "M-1",
						  "MS1", rename, &g, &res, &p,
						  &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "id");
	problems_release(&p);
	assert_int_equal(service_milestone_update(fx->st, &coordinator, "M-1",
						  "MS1", bad, &g, &res, &p,
						  &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "due");
	problems_release(&p);
	assert_int_equal(service_milestone_update(fx->st, &coordinator, "M-1",
						  "NOPE", done, &g, &res, &p,
						  &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(fixture_int(fx->st, WRITE_EVENTS), 3);
	json_decref(done);
	json_decref(due);
	json_decref(src);
	json_decref(rename);
	json_decref(bad);
}

static void test_observation_append(void **state)
{
	struct fixture *fx = *state;
	struct problems p = PROBLEMS_INIT(50);
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *obs = load("{\"period\": \"2024\", \"value\": 25.9, "
			   "\"source\": \"S2\"}");
	json_t *bad = load("{\"period\": \"i fjor\", \"colour\": 1}");
	json_t *list;

	assert_int_equal(service_observation_add(fx->st, &coordinator, "I1",
						 obs, NULL, &res, &p, &err), 0);
	write_result_release(&res);
	list = service_indicator_observations(fx->st, "I1", &err);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 2);
	assert_string_equal(str(json_array_get(json_object_get(list, "items"),
					       1), "period"), "2024");
	json_decref(list);
	assert_int_equal(service_observation_add(fx->st, &coordinator, "I1",
						 bad, NULL, &res, &p, &err),
			 -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "period");
	expect_field(&p, "colour");
	problems_release(&p);
	assert_int_equal(service_observation_add(fx->st, &coordinator, "NOPE",
						 obs, NULL, &res, &p, &err),
			 -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	json_decref(obs);
	json_decref(bad);
}

static void test_injection_is_data(void **state)
{
	struct fixture *fx = *state;
	struct problems p = PROBLEMS_INIT(50);
	struct write_result res;
	struct err err = ERR_INIT;
	static const char evil[] = "x'); DROP TABLE measure; --";
	json_t *bad_id = json_pack("{s:s,s:s}", "id", evil, "name_nb", "x");
	json_t *text = json_pack("{s:s}", "name_nb", evil);
	struct tag t = etag_of(fx, "actors", "LONE");
	struct write_guard g = guard(&t);

	assert_int_equal(service_create(fx->st, &coordinator, E("actors"),
					bad_id, &res, &p, &err), -1);
	assert_int_equal(err.code, ERR_UNPROCESSABLE);
	expect_field(&p, "id");
	problems_release(&p);
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"), evil,
					text, &g, &res, &p, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(service_delete(fx->st, &coordinator, E("actors"),
					"' OR 1=1 --", &g, &p, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	/* As text it is stored and read back verbatim. */
	assert_int_equal(service_update(fx->st, &coordinator, E("actors"),
					"LONE", text, &g, &res, &p, &err), 0);
	assert_string_equal(str(res.item, "name_nb"), evil);
	write_result_release(&res);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM measure"),
			 3);
	assert_int_equal(fixture_int(fx->st, "SELECT count(*) FROM actor"), 4);
	json_decref(bad_id);
	json_decref(text);
}

static void test_not_writable_here(void **state)
{
	struct fixture *fx = *state;
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *rec = load("{\"measure\": \"M-1\", \"period\": \"2025-T2\"}");
	json_t *arr = json_array();

	assert_false(service_writable(E("reports")));
	assert_int_equal(service_create(fx->st, &coordinator, E("reports"), rec,
					&res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_NOT_FOUND);
	assert_int_equal(service_create(fx->st, &coordinator, E("actors"), arr,
					&res, NULL, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	json_decref(rec);
	json_decref(arr);
}

static void test_audit_list_page(void **state)
{
	struct fixture *fx = *state;
	struct audit_filter f = { .limit = 2 };
	struct write_result res;
	struct err err = ERR_INIT;
	json_t *page;

	for (int i = 0; i < 3; i++) {
		json_t *rec = json_pack("{s:s,s:s}", "name_nb", "x", "note",
					i ? "b" : "a");

		assert_int_equal(service_create(fx->st, &coordinator,
						E("actors"), rec, &res, NULL,
						&err), 0);
		write_result_release(&res);
		json_decref(rec);
	}
	assert_null(service_audit_list(fx->st, &reader, &f, &err));
	assert_int_equal(err.code, ERR_FORBIDDEN);
	assert_null(service_audit_list(fx->st, &anonymous, &f, &err));
	assert_int_equal(err.code, ERR_UNAUTHENTICATED);
	f.action = "create";
	page = service_audit_list(fx->st, &coordinator, &f, &err);
	assert_non_null(page);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 2);
	/* Event 1 is the setup's import. */
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(page, "items"),
						0),
				 "id")),
			 4);
	f.before_id = json_integer_value(json_object_get(page, "next"));
	assert_int_equal(f.before_id, 3);
	json_decref(page);
	page = service_audit_list(fx->st, &admin, &f, &err);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	assert_true(json_is_null(json_object_get(page, "next")));
	json_decref(page);
	f.limit = 0;
	assert_null(service_audit_list(fx->st, &admin, &f, &err));
	assert_int_equal(err.code, ERR_INVALID);
}

/* GET's body and the bytes the If-Match check hashes are the same. */
static void test_etag_is_that_of_get(void **state)
{
	struct fixture *fx = *state;
	struct http_response resp;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;
	json_t *item = service_get(fx->st, E("measures"), "M-1", &err);
	char get_etag[HTTP_ETAG_SIZE], ours[HTTP_ETAG_SIZE];

	http_response_init(&resp);
	api_json(&resp, item);
	api_item_render(item, &b);
	assert_int_equal(resp.body.len, b.len);
	assert_memory_equal(resp.body.buf, b.buf, b.len);
	http_etag_compute(resp.body.buf, resp.body.len, get_etag);
	api_item_etag(item, ours);
	assert_string_equal(get_etag, ours);
	http_response_release(&resp);
	buf_release(&b);
	json_decref(item);
}

static void test_if_match_header(void **state)
{
	static const char tag[] = "\"0123456789abcdef0123456789abcdef\"";

	(void)state;
	assert_true(api_if_match(tag, tag));
	assert_true(api_if_match("*", tag));
	assert_true(api_if_match("\"x\", \"0123456789abcdef"
				 "0123456789abcdef\"",
				 tag));
	assert_false(api_if_match("W/\"0123456789abcdef0123456789abcdef\"",
				  tag));
	assert_false(api_if_match("\"0123456789abcdef\"", tag));
	assert_false(api_if_match("0123456789abcdef0123456789abcdef", tag));
	assert_false(api_if_match("\"0123456789abcdef0123456789abcdef", tag));
	assert_false(api_if_match("", tag));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_update_delete),
		T(test_given_id_and_conflicts),
		T(test_forbidden_changes_nothing),
		T(test_stale_if_match_changes_nothing),
		T(test_validation_names_fields),
		T(test_delete_refused_while_referenced),
		T(test_audit_event_per_write),
		T(test_milestone_by_reporters),
		T(test_observation_append),
		T(test_injection_is_data),
		T(test_not_writable_here),
		T(test_audit_list_page),
		T(test_etag_is_that_of_get),
		cmocka_unit_test(test_if_match_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
