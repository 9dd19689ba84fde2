/*
 * service/write.c: the write operations of the API, generic over the entity
 * descriptors as the reads are. Each public function runs one transaction
 * in the order write.h gives (access, re-read, version check, validation,
 * write, audit, data version, commit) and leaves through one failure path
 * that rolls everything back, so nothing is ever half written.
 *
 * It must not speak SQL (store/ does), decide HTTP details (api/ does) or
 * validate fields itself: record_check is the one validator, shared with
 * import. Ownership: every json_t made here is released here, except
 * res->item, which goes to the caller.
 */
#include "service/write.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "formats/merge_patch.h"
#include "model/value.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/query.h"
#include "service/record.h"
#include "store/entity.h"
#include "store/ref.h"
#include "util/i18n.h"
#include "util/log.h"

#define WRITE_MAX_PROBLEMS 50
#define WRITE_MAX_REFERRERS 50
#define WRITE_ID_ATTEMPTS 8

/* One write in progress. */
struct write_op {
	struct store *st;
	const struct principal *who;
	const struct entity_desc *e;
	const char *action;	/* the audit action: create, update, delete */
	const char *id;		/* the record's id; NULL until known */
	bool in_tx;		/* a transaction is open */
	struct problems *probs;	/* the caller's, or `local` */
	struct problems local;
	struct err *err;	/* the caller's, or `local_err` */
	struct err local_err;
};

static void op_init(struct write_op *op, struct store *st,
		    const struct principal *who, const struct entity_desc *e,
		    const char *action, const char *id, struct problems *probs,
		    struct err *err)
{
	*op = (struct write_op){ .st = st, .who = who, .e = e,
				 .action = action, .id = id };
	op->local = (struct problems)PROBLEMS_INIT(WRITE_MAX_PROBLEMS);
	op->probs = probs ? probs : &op->local;
	op->err = err ? err : &op->local_err;
}

void write_result_release(struct write_result *res)
{
	json_decref(res->item);
	res->item = NULL;
}

int service_write_signed_in(struct store *st, const struct principal *who,
			    struct err *err)
{
	/* Every role may read private data; anonymous may not: the rule
	 * "signed in", as access.c words it. */
	return access_check(st, who, OP_READ_PRIVATE, NULL, err);
}

bool service_writable(const struct entity_desc *e)
{
	/* Reports change only through the reporting workflow's states. */
	return e && e->in_api && strcmp(e->collection, "reports") != 0;
}

static void op_rollback(struct write_op *op)
{
	if (op->in_tx)
		store_rollback(op->st);
	op->in_tx = false;
}

/* The one failure path: undo everything, and audit a refusal. */
static int op_fail(struct write_op *op)
{
	op_rollback(op);
	audit_denied(op->st, op->who, op->action, op->e->collection, op->id,
		     op->err);
	return -1;
}

static int op_done(struct write_op *op, int rc)
{
	problems_release(&op->local);
	return rc;
}

/* Access first: a refused request never waits for the write lock. */
static int op_begin(struct write_op *op, enum access_op what,
		    const char *measure)
{
	if (access_check(op->st, op->who, what, measure, op->err) < 0 ||
	    store_begin(op->st, op->err) < 0)
		return -1;
	op->in_tx = true;
	return 0;
}

static int check_object(json_t *v, struct err *err)
{
	if (!json_is_object(v))
		return err_set(err, ERR_INVALID,
			       _("the body must be one JSON object"));
	if (merge_patch_too_deep(v))
		return err_set(err, ERR_INVALID,
			       _("the body nests more than %d levels deep"),
			       LIMIT_JSON_DEPTH);
	return 0;
}

struct refs_ctx {
	struct store *st;
	bool failed;
	struct err err;
};

/* References are checked against the database, inside the transaction. */
static bool ref_exists(void *arg, const char *coll, const char *id)
{
	struct refs_ctx *rc = arg;
	bool found = false;

	if (store_entity_exists(rc->st, coll, id, &found, &rc->err) < 0)
		rc->failed = true;
	return found;
}

/* record_check paths start with "." for a path of ""; a child's own
 * prefix ("milestones[2].") is dropped so paths name the client's body. */
static void tidy_paths(struct problems *p, const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;

	for (size_t i = 0; i < p->n; i++) {
		char *f = p->items[i].field;

		if (f[0] == '.')
			memmove(f, f + 1, strlen(f));
		if (n && !strncmp(f, prefix, n))
			memmove(f, f + n, strlen(f + n) + 1);
	}
}

static int validate(struct write_op *op, json_t *rec, const char *prefix)
{
	struct refs_ctx ctx = { op->st, false, ERR_INIT };
	struct record_refs refs = { ref_exists, &ctx };
	size_t n = record_check(op->e, rec, "", &refs, op->probs);

	if (ctx.failed) {
		*op->err = ctx.err;
		return -1;
	}
	if (n == 0)
		return 0;
	tidy_paths(op->probs, prefix);
	return err_set(op->err, ERR_UNPROCESSABLE,
		       _("%zu problem%s with this %s; nothing was changed"), n,
		       n == 1 ? "" : "s", op->e->singular);
}

/*
 * Reads the record in interchange shape and checks the client's version
 * against the item as GET shows it. `required`: a missing guard is 428.
 */
static json_t *load_current(struct write_op *op,
			    const struct write_guard *guard, bool required)
{
	json_t *raw = store_entity_get(op->st, op->e, op->id, 0, op->err);
	json_t *item;
	bool ok;

	if (!raw || ((!guard || !guard->matches) && !required))
		return raw;
	if (!guard || !guard->matches) {
		err_set(op->err, ERR_PRECONDITION_REQUIRED,
			_("PATCH and DELETE require If-Match: send the ETag "
			  "of GET /api/v1/%s/%s, so that a change made since "
			  "you read it is not overwritten"),
			op->e->collection, op->id);
		goto fail;
	}
	item = service_get(op->st, op->e, op->id, op->err);
	if (!item)
		goto fail;
	ok = guard->matches(guard->arg, item);
	json_decref(item);
	if (ok)
		return raw;
	err_set(op->err, ERR_PRECONDITION,
		_("the %s %s has changed since you read it (If-Match does not "
		  "match its ETag); GET it again, redo your change on that "
		  "version and send its ETag"),
		op->e->singular, op->id);
fail:
	json_decref(raw);
	return NULL;
}

/* Appends the event, bumps the data version, renders, commits. */
static int finish(struct write_op *op, json_t *before, json_t *after,
		  struct write_result *res)
{
	if (audit_append(op->st, op->who, op->action, op->e->collection,
			 op->id, before, after, op->err) < 0 ||
	    store_bump_version(op->st, op->err) < 0)
		return -1;
	if (after && !(res->item = service_get(op->st, op->e, op->id,
					       op->err)))
		return -1;
	op->in_tx = false;	/* a failed commit has rolled back */
	if (store_commit(op->st, op->err) < 0) {
		write_result_release(res);
		return -1;
	}
	res->changed = true;
	return 0;
}

/*
 * Writes a validated record and finishes. A write that changes nothing
 * (before equals the stored result) is rolled back: no event, no version.
 */
static int commit_change(struct write_op *op, json_t *before, json_t *rec,
			 struct write_result *res)
{
	json_t *after;
	int rc;

	if (store_entity_put(op->st, op->e, rec, NULL, op->err) < 0)
		return -1;
	after = store_entity_get(op->st, op->e, op->id, 0, op->err);
	if (!after)
		return -1;
	if (before && json_equal(before, after)) {
		op_rollback(op);
		res->item = service_get(op->st, op->e, op->id, op->err);
		rc = res->item ? 0 : -1;
	} else {
		rc = finish(op, before, after, res);
	}
	json_decref(after);
	return rc;
}

/* Validates rec; paths are relative to item i of child `child`. */
static int validate_child(struct write_op *op, json_t *rec,
			  const char *child, size_t i)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s[%zu].", child, i);
	return validate(op, rec, prefix);
}

/* A short prefix per collection for ids the server makes. */
static const char *id_prefix(const struct entity_desc *e)
{
	static const struct {
		const char *collection, *prefix;
	} prefixes[] = {
		{ "sources", "S" },	{ "actors", "A" },
		{ "strategies", "ST" }, { "focus-areas", "FA" },
		{ "arenas", "AR" },	{ "schemes", "SC" },
		{ "measures", "M" },	{ "links", "L" },
		{ "meetings", "MT" },	{ "decisions", "D" },
		{ "goals", "G" },	{ "indicators", "I" },
		{ "inputs", "IN" },
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strcmp(prefixes[i].collection, e->collection))
			return prefixes[i].prefix;
	return "X";
}

/* PREFIX-XXXXXX with six random base32 characters (30 bits), unused. */
static int make_id(struct write_op *op, char out[LIMIT_ID_BYTES + 1])
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char r[6];
	bool used;

	if (sodium_init() < 0)
		return err_set(op->err, ERR_INTERNAL, _("no randomness"));
	for (int n = 0; n < WRITE_ID_ATTEMPTS; n++) {
		char tail[sizeof(r) + 1];

		randombytes_buf(r, sizeof(r));
		for (size_t i = 0; i < sizeof(r); i++)
			tail[i] = b32[r[i] & 31];
		tail[sizeof(r)] = '\0';
		snprintf(out, LIMIT_ID_BYTES + 1, "%s-%s", id_prefix(op->e),
			 tail);
		if (store_ref_id_used(op->st, op->e, out, &used, op->err) < 0)
			return -1;
		if (!used)
			return 0;
	}
	return err_set(op->err, ERR_CONFLICT,
		       _("could not find a free id; give one in \"id\""));
}

/* Takes the given id if it was never used, or makes one. */
static int assign_id(struct write_op *op, json_t *rec,
		     struct write_result *res)
{
	json_t *given = json_object_get(rec, "id");
	bool used;

	if (!given || json_is_null(given)) {
		if (make_id(op, res->id) < 0)
			return -1;
		json_object_set_new(rec, "id", json_string(res->id));
	} else if (json_is_string(given)) {
		snprintf(res->id, sizeof(res->id), "%s",
			 json_string_value(given));
		if (store_ref_id_used(op->st, op->e, json_string_value(given),
				      &used, op->err) < 0)
			return -1;
		if (used)
			return err_set_field(
				op->err, ERR_CONFLICT, "id",
				_("the id %s is taken: a %s has it or had it, "
				  "and ids are never reused; leave id out and "
				  "the server makes one"),
				res->id, op->e->singular);
	}
	/* A given id that is not a string is left to record_check. */
	op->id = res->id;
	return 0;
}

int service_create(struct store *st, const struct principal *who,
		   const struct entity_desc *e, json_t *rec,
		   struct write_result *res, struct problems *probs,
		   struct err *err)
{
	struct write_op op;
	json_t *copy = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	op_init(&op, st, who, e, "create", NULL, probs, err);
	if (!service_writable(e)) {
		err_set(op.err, ERR_NOT_FOUND, _("records of this kind cannot "
						 "be created here"));
		return op_done(&op, -1);
	}
	if (check_object(rec, op.err) < 0)
		return op_done(&op, -1);
	/* Named in a denial's event only when it has the form of an id. */
	op.id = json_string_value(json_object_get(rec, "id"));
	if (op.id && value_check_id(op.id, NULL) < 0)
		op.id = NULL;
	copy = json_deep_copy(rec);
	if (op_begin(&op, OP_WRITE_DOMAIN, NULL) < 0 ||
	    assign_id(&op, copy, res) < 0 || validate(&op, copy, NULL) < 0 ||
	    commit_change(&op, NULL, copy, res) < 0)
		op_fail(&op);
	else
		rc = 0;
	json_decref(copy);
	return op_done(&op, rc);
}

/* "id" in a patch may only repeat the record's own id. */
static int check_same_id(struct write_op *op, json_t *patch, const char *id)
{
	json_t *v = json_object_get(patch, "id");

	if (!v || (json_is_string(v) && !strcmp(json_string_value(v), id)))
		return 0;
	problems_add(op->probs, "id", "the id cannot change (it is %s); "
				      "create a new record instead",
		     id);
	return err_set_field(op->err, ERR_UNPROCESSABLE, "id",
			     _("the id cannot change"));
}

static json_t *patched(struct write_op *op, json_t *target, json_t *patch)
{
	json_t *out = merge_patch_apply(target, patch);

	if (!out)
		err_set(op->err, ERR_INVALID, _("the patch nests too deep"));
	return out;
}

int service_update(struct store *st, const struct principal *who,
		   const struct entity_desc *e, const char *id,
		   json_t *patch, const struct write_guard *guard,
		   struct write_result *res, struct problems *probs,
		   struct err *err)
{
	struct write_op op;
	json_t *before = NULL, *rec = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	op_init(&op, st, who, e, "update", id, probs, err);
	snprintf(res->id, sizeof(res->id), "%s", id);
	if (!service_writable(e)) {
		err_set(op.err, ERR_NOT_FOUND, _("records of this kind cannot "
						 "be changed here"));
		return op_done(&op, -1);
	}
	if (check_object(patch, op.err) < 0)
		return op_done(&op, -1);
	if (op_begin(&op, OP_WRITE_DOMAIN, NULL) < 0 ||
	    !(before = load_current(&op, guard, true)) ||
	    check_same_id(&op, patch, id) < 0 ||
	    !(rec = patched(&op, before, patch)) ||
	    validate(&op, rec, NULL) < 0 ||
	    commit_change(&op, before, rec, res) < 0)
		op_fail(&op);
	else
		rc = 0;
	json_decref(before);
	json_decref(rec);
	return op_done(&op, rc);
}

/* Refuses the delete while live records refer to the record. */
static int check_unreferenced(struct write_op *op)
{
	json_t *refs = store_ref_referrers(op->st, op->e, op->id,
					   WRITE_MAX_REFERRERS, op->err);
	size_t i, n;
	json_t *r;

	if (!refs)
		return -1;
	n = json_array_size(refs);
	json_array_foreach(refs, i, r) {
		json_t *coll = json_object_get(r, "collection");
		const char *c = json_string_value(coll);
		const char *rid = json_string_value(json_object_get(r, "id"));
		const char *f = json_string_value(json_object_get(r, "field"));
		char path[256];

		snprintf(path, sizeof(path), "%s/%s/%s", c, rid, f);
		problems_add(op->probs, path, "%s %s refers to this %s in %s",
			     c, rid, op->e->singular, f);
	}
	json_decref(refs);
	if (n == 0)
		return 0;
	return err_set(op->err, ERR_CONFLICT,
		       _("the %s %s cannot be deleted: %s%zu record%s refer%s "
			 "to it (listed in errors); change or delete those "
			 "first"),
		       op->e->singular, op->id,
		       n >= WRITE_MAX_REFERRERS ? "at least " : "", n,
		       n == 1 ? "" : "s", n == 1 ? "s" : "");
}

int service_delete(struct store *st, const struct principal *who,
		   const struct entity_desc *e, const char *id,
		   const struct write_guard *guard, struct problems *probs,
		   struct err *err)
{
	struct write_result res = { 0 };
	struct write_op op;
	json_t *before = NULL;
	int rc = -1;

	op_init(&op, st, who, e, "delete", id, probs, err);
	if (!service_writable(e)) {
		err_set(op.err, ERR_NOT_FOUND, _("records of this kind cannot "
						 "be deleted here"));
		return op_done(&op, -1);
	}
	if (op_begin(&op, OP_WRITE_DOMAIN, NULL) < 0 ||
	    !(before = load_current(&op, guard, true)) ||
	    check_unreferenced(&op) < 0 ||
	    store_ref_soft_delete(st, e, id, op.err) < 0 ||
	    finish(&op, before, NULL, &res) < 0)
		op_fail(&op);
	else
		rc = 0;
	json_decref(before);
	return op_done(&op, rc);
}

/* The index of the child item whose "id" is `id`, or -1 (ERR_NOT_FOUND). */
static long find_child(struct write_op *op, json_t *rec, const char *child,
		       const char *id)
{
	json_t *items = json_object_get(rec, child), *item;
	size_t i;

	json_array_foreach(items, i, item) {
		const char *s = json_string_value(json_object_get(item, "id"));

		if (s && !strcmp(s, id))
			return (long)i;
	}
	err_set(op->err, ERR_NOT_FOUND, _("the %s %s has no %s with the id "
					  "%s"),
		op->e->singular, op->id, child, id);
	return -1;
}

/* What a reporter may change in a milestone; coordinators change all. */
static int check_milestone_fields(struct write_op *op, json_t *patch)
{
	static const char *const allowed[] = { "id", "title_nb", "title_nn",
					       "title_en", "due", "done" };
	const char *key;
	json_t *v;

	if (op->who->role >= ROLE_COORDINATOR)
		return 0;
	json_object_foreach(patch, key, v) {
		bool ok = false;

		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]);
		     i++)
			ok = ok || !strcmp(key, allowed[i]);
		if (!ok)
			return err_set_field(
				op->err, ERR_FORBIDDEN, key,
				_("a reporter may change only title_nb, "
				  "title_nn, title_en, due and done of a "
				  "milestone"));
	}
	return 0;
}

/* rec with milestone i replaced by its patched copy; NULL on error. */
static json_t *patch_milestone(struct write_op *op, json_t *before,
			       long i, json_t *patch)
{
	json_t *rec = json_deep_copy(before);
	json_t *list = json_object_get(rec, "milestones");
	json_t *ms = patched(op, json_array_get(list, (size_t)i), patch);

	if (!ms) {
		json_decref(rec);
		return NULL;
	}
	json_array_set_new(list, (size_t)i, ms);
	return rec;
}

int service_milestone_update(struct store *st, const struct principal *who,
			     const char *measure_id, const char *milestone_id,
			     json_t *patch, const struct write_guard *guard,
			     struct write_result *res, struct problems *probs,
			     struct err *err)
{
	struct write_op op;
	json_t *before = NULL, *rec = NULL;
	long i = -1;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	op_init(&op, st, who, entity_find("measures"), "update", measure_id,
		probs, err);
	snprintf(res->id, sizeof(res->id), "%s", measure_id);
	if (check_object(patch, op.err) < 0)
		return op_done(&op, -1);
	if (op_begin(&op, OP_WRITE_MILESTONE, measure_id) < 0 ||
	    !(before = load_current(&op, guard, true)) ||
	    (i = find_child(&op, before, "milestones", milestone_id)) < 0 ||
	    check_same_id(&op, patch, milestone_id) < 0 ||
	    check_milestone_fields(&op, patch) < 0 ||
	    !(rec = patch_milestone(&op, before, i, patch)) ||
	    validate_child(&op, rec, "milestones", (size_t)i) < 0 ||
	    commit_change(&op, before, rec, res) < 0)
		op_fail(&op);
	else
		rc = 0;
	json_decref(before);
	json_decref(rec);
	return op_done(&op, rc);
}

/* rec with obs appended to its observations; *index gets its place. */
static json_t *append_observation(json_t *before, json_t *obs,
				  size_t *index)
{
	json_t *rec = json_deep_copy(before);
	json_t *list = json_object_get(rec, "observations");

	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(rec, "observations", list);
	}
	*index = json_array_size(list);
	json_array_append_new(list, json_deep_copy(obs));
	return rec;
}

int service_observation_add(struct store *st, const struct principal *who,
			    const char *indicator_id, json_t *obs,
			    const struct write_guard *guard,
			    struct write_result *res, struct problems *probs,
			    struct err *err)
{
	struct write_op op;
	json_t *before = NULL, *rec = NULL;
	size_t i = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	op_init(&op, st, who, entity_find("indicators"), "update",
		indicator_id, probs, err);
	snprintf(res->id, sizeof(res->id), "%s", indicator_id);
	if (check_object(obs, op.err) < 0)
		return op_done(&op, -1);
	if (op_begin(&op, OP_WRITE_DOMAIN, NULL) < 0 ||
	    !(before = load_current(&op, guard, false)) ||
	    !(rec = append_observation(before, obs, &i)) ||
	    validate_child(&op, rec, "observations", i) < 0 ||
	    commit_change(&op, before, rec, res) < 0)
		op_fail(&op);
	else
		rc = 0;
	json_decref(before);
	json_decref(rec);
	return op_done(&op, rc);
}

json_t *service_audit_list(struct store *st, const struct principal *who,
			   const struct audit_filter *f, struct err *err)
{
	struct audit_filter page = *f;
	json_t *items, *next = NULL;

	if (access_check(st, who, OP_READ_AUDIT, NULL, err) < 0) {
		if (err && err->code == ERR_FORBIDDEN)
			audit_denied(st, who, "read", "audit", NULL, err);
		return NULL;
	}
	if (f->limit < 1 || f->limit > LIMIT_PAGE_MAX) {
		err_set_field(err, ERR_INVALID, "limit",
			      _("expected a whole number from 1 to %d"),
			      LIMIT_PAGE_MAX);
		return NULL;
	}
	/* One more than asked tells whether another page follows. */
	page.limit = f->limit + 1;
	/* Accounts are the administrators' business (GET /users is theirs
	 * alone): addresses, e-mail, roles and sign-in failures stay out of
	 * what coordinators read. */
	page.without_accounts = who->role < ROLE_ADMIN;
	items = store_audit_list(st, &page, err);
	if (!items)
		return NULL;
	if ((int64_t)json_array_size(items) > f->limit) {
		json_array_remove(items, (size_t)f->limit);
		next = json_copy(json_object_get(
			json_array_get(items, (size_t)f->limit - 1), "id"));
	}
	return json_pack("{s:o,s:o}", "items", items, "next",
			 next ? next : json_null());
}
