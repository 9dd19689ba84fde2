/*
 * service/import.c: interchange import. Pass one parses and checks every
 * record against the descriptors (collecting all problems, located by line
 * and column); pass two writes, in descriptor order, inside one IMMEDIATE
 * transaction whose foreign keys are checked at commit, together with one
 * audit event for the whole import.
 */
#include "service/import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/json_locate.h"
#include "model/entity.h"
#include "model/limits.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/record.h"
#include "store/entity.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"

#define IMPORT_MAX_PROBLEMS 50

extern const char seed_json[];
extern const char seed_json_end[];

const char *service_seed_json(size_t *len)
{
	/* seed.S adds a NUL after the file's bytes. */
	*len = (size_t)(seed_json_end - seed_json) - 1;
	return seed_json;
}

struct import_ctx {
	struct store *st;
	json_t *ids;	/* collection -> { id: true } for the file's records */
	bool db_failed;
	struct err db_err;
};

static bool ref_exists(void *arg, const char *coll, const char *id)
{
	struct import_ctx *ctx = arg;
	bool found = false;

	if (json_object_get(json_object_get(ctx->ids, coll), id))
		return true;
	if (store_entity_exists(ctx->st, coll, id, &found, &ctx->db_err) < 0)
		ctx->db_failed = true;
	return found;
}

/* Deeper nesting than any record needs is refused before it is walked. */
static bool too_deep(json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (depth > LIMIT_JSON_DEPTH)
		return true;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (too_deep(x, depth + 1))
				return true;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (too_deep(x, depth + 1))
				return true;
	}
	return false;
}

static void check_header(json_t *root, struct problems *p)
{
	json_t *fmt = json_object_get(root, "format");
	json_t *ver = json_object_get(root, "version");
	const char *key;
	json_t *v;

	if (!json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), "veikart-interchange"))
		problems_add(p, "format", "expected \"veikart-interchange\" "
					  "(see docs/data-format.md)");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		problems_add(p, "version", "expected 1, the only version of "
					   "the format this program reads");
	json_object_foreach(root, key, v) {
		const struct entity_desc *e = entity_find(key);

		if (!strcmp(key, "format") || !strcmp(key, "version"))
			continue;
		if (!e) {
			struct buf names = BUF_INIT;

			entity_names(&names);
			problems_add(p, key, "unknown collection; expected one "
					     "of %s",
				     buf_cstr(&names));
			buf_release(&names);
		}
		else if (!json_is_array(v))
			problems_add(p, key, "expected an array of %s records",
				     e->singular);
	}
}

/* Collects the ids the file defines; a repeated id is a problem. */
static void collect_ids(json_t *root, json_t *ids, struct problems *p)
{
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		json_t *list = json_object_get(root, e->collection);
		json_t *set = json_object();
		json_t *rec;
		size_t i;

		json_object_set_new(ids, e->collection, set);
		if (!json_is_array(list))
			continue;
		json_array_foreach(list, i, rec) {
			const char *id = json_string_value(
				json_object_get(rec, "id"));
			char path[96];

			if (!id)
				continue;
			snprintf(path, sizeof(path), "%s[%zu].id",
				 e->collection, i);
			if (json_object_get(set, id))
				problems_add(p, path, "the id \"%s\" is used "
						      "by an earlier %s in "
						      "this file",
					     id, e->singular);
			json_object_set_new(set, id, json_true());
		}
	}
}

static void check_records(json_t *root, const struct record_refs *refs,
			  struct problems *p)
{
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		json_t *list = json_object_get(root, e->collection);
		json_t *rec;
		size_t i;

		if (!json_is_array(list))
			continue;
		json_array_foreach(list, i, rec) {
			char path[96];

			snprintf(path, sizeof(path), "%s[%zu]", e->collection,
				 i);
			record_check(e, rec, path, refs, p);
		}
	}
}

static int write_records(struct store *st, json_t *root,
			 struct import_result *res, json_t *counts,
			 struct err *err)
{
	for (size_t k = 0; k < entity_count; k++) {
		const struct entity_desc *e = entity_all[k];
		json_t *list = json_object_get(root, e->collection);
		json_t *rec;
		size_t i;

		if (json_array_size(list))
			json_object_set_new(counts, e->collection,
					    json_integer((json_int_t)
						json_array_size(list)));
		json_array_foreach(list, i, rec) {
			bool created;

			if (store_entity_put(st, e, rec, &created, err) < 0) {
				err_prefix(err, "%s[%zu] (id %s)",
					   e->collection, i,
					   json_string_value(json_object_get(
						   rec, "id")));
				return -1;
			}
			if (created)
				res->created++;
			else
				res->updated++;
		}
	}
	return 0;
}

/*
 * Rewrites "measures[3].responsible[0].actor" as
 * "measures[3] (id V-TP-1): field responsible[0].actor", so a person sees
 * which record is meant without counting.
 */
static void name_record(json_t *root, struct problem *x)
{
	char coll[64], *rest;
	size_t index, n = strcspn(x->field, "[");
	struct buf b = BUF_INIT;
	const char *id;

	if (n == 0 || n >= sizeof(coll) || x->field[n] != '[')
		return;
	memcpy(coll, x->field, n);
	coll[n] = '\0';
	index = strtoul(x->field + n + 1, &rest, 10);
	if (*rest != ']')
		return;
	id = json_string_value(json_object_get(
		json_array_get(json_object_get(root, coll), index), "id"));
	buf_addf(&b, "%.*s", (int)(rest + 1 - x->field), x->field);
	if (id)
		buf_addf(&b, " (id %s)", id);
	if (rest[1] == '.')
		buf_addf(&b, ": field %s", rest + 2);
	free(x->field);
	x->field = buf_detach(&b, NULL);
}

/* Adds line and column to each problem, and names its record. */
static void locate_problems(const char *text, size_t len, json_t *root,
			    struct problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		json_locate(text, len, p->items[i].field, &p->items[i].line,
			    &p->items[i].column);
		name_record(root, &p->items[i]);
	}
}

static int parse(const char *name, const char *text, size_t len,
		 json_t **root, struct problems *p, struct err *err)
{
	json_error_t jerr;

	if (len > LIMIT_IMPORT_BYTES)
		return err_set(err, ERR_TOO_LARGE,
			       _("%s is %zu bytes; an import may be at most "
				 "%d MiB (split it into several files)"),
			       name, len, LIMIT_IMPORT_BYTES >> 20);
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*root) {
		problems_add(p, "", "invalid JSON: %s", jerr.text);
		p->items[p->n - 1].line = jerr.line;
		p->items[p->n - 1].column = jerr.column;
		return err_set(err, ERR_INVALID,
			       _("%s:%d:%d: invalid JSON: %s"), name,
			       jerr.line, jerr.column, jerr.text);
	}
	if (!json_is_object(*root))
		problems_add(p, "", "expected a JSON object at the top");
	else if (too_deep(*root, 0))
		problems_add(p, "", "nested more than %d levels deep",
			     LIMIT_JSON_DEPTH);
	else
		return 0;
	p->items[p->n - 1].line = 1;
	p->items[p->n - 1].column = 1;
	return err_set(err, ERR_UNPROCESSABLE,
		       _("%s: not a veikart interchange file"), name);
}

static int validate(struct import_ctx *ctx, const char *name,
		    const char *text, size_t len, json_t *root,
		    struct problems *p, struct err *err)
{
	struct record_refs refs = { ref_exists, ctx };

	check_header(root, p);
	collect_ids(root, ctx->ids, p);
	if (problems_total(p) == 0)
		check_records(root, &refs, p);
	if (ctx->db_failed) {
		*err = ctx->db_err;
		return -1;
	}
	if (problems_total(p) == 0)
		return 0;
	locate_problems(text, len, root, p);
	return err_set(err, ERR_UNPROCESSABLE,
		       _("%s: %zu problem%s; nothing was imported"), name,
		       problems_total(p), problems_total(p) == 1 ? "" : "s");
}

/*
 * The import's one audit event (inside its transaction): the file, what
 * was created and written again, and the records per collection (counts,
 * taken). Imports run on the command line: the event has no user, and its
 * detail names the operating-system account (auth_with_actor).
 */
static int audit_import(struct store *st, const char *name,
			const struct import_result *res, json_t *counts,
			struct err *err)
{
	char quoted[PARSE_QUOTE_MAX];
	struct principal cli;
	json_t *file = json_string(name), *after;
	int rc;

	/* A path need not be UTF-8 text; JSON must be. */
	if (!file) {
		parse_quote(name, quoted);
		file = json_string(quoted);
	}
	auth_cli_principal(&cli);
	after = auth_with_actor(
		&cli, json_pack("{s:o,s:I,s:I,s:o}", "file", file, "created",
				(json_int_t)res->created, "updated",
				(json_int_t)res->updated, "collections",
				counts));
	rc = audit_append(st, &cli, "import", NULL, NULL, NULL, after, err);
	json_decref(after);
	return rc;
}

int service_import(struct store *st, const char *name, const char *text,
		   size_t len, struct import_result *res,
		   struct problems *probs, struct err *err)
{
	struct problems local = PROBLEMS_INIT(IMPORT_MAX_PROBLEMS);
	struct problems *p = probs ? probs : &local;
	struct import_ctx ctx = { st, json_object(), false, ERR_INIT };
	json_t *root = NULL, *counts = json_object();
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (parse(name, text, len, &root, p, err) < 0)
		goto done;
	if (store_begin(st, err) < 0)
		goto done;
	if (validate(&ctx, name, text, len, root, p, err) < 0 ||
	    write_records(st, root, res, counts, err) < 0 ||
	    audit_import(st, name, res, json_incref(counts), err) < 0 ||
	    store_bump_version(st, err) < 0) {
		store_rollback(st);
		goto done;
	}
	rc = store_commit(st, err);
done:
	json_decref(counts);
	json_decref(root);
	json_decref(ctx.ids);
	problems_release(&local);
	return rc;
}
