/*
 * service/audit.c: the hash chain over audit events. The hashed text joins
 * every stored field with newlines, so the hash covers exactly what is
 * stored and a verifier needs nothing else.
 */
#include "service/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/log.h"

void audit_hash(const struct audit_row *r, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s\n%s\n%lld\n%lld\n%s\n%s\n%s\n%s\n%s", r->prev_hash,
		 r->at, (long long)r->user_id, (long long)r->token_id,
		 r->action, r->entity_type ? r->entity_type : "",
		 r->entity_id ? r->entity_id : "",
		 r->before_json ? r->before_json : "",
		 r->after_json ? r->after_json : "");
	crypto_hash_sha256(digest, (const unsigned char *)buf_cstr(&b), b.len);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
	buf_release(&b);
}

/* UTC with milliseconds: events in one second stay in order for people. */
static void now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}

static char *dump(json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
					 JSON_ENCODE_ANY)
		 : NULL;
}

int audit_append(struct store *st, const struct principal *who,
		 const char *action, const char *entity_type,
		 const char *entity_id, json_t *before, json_t *after,
		 struct err *err)
{
	char prev[65], hash[65], at[32];
	struct audit_row row;
	int rc;

	if (store_audit_last_hash(st, prev, err) < 0)
		return -1;
	now_iso(at);
	row = (struct audit_row){
		.at = at,
		.user_id = who ? who->user_id : 0,
		.token_id = who ? who->token_id : 0,
		.action = action,
		.entity_type = entity_type,
		.entity_id = entity_id,
		.before_json = dump(before),
		.after_json = dump(after),
		.prev_hash = prev[0] ? prev : AUDIT_GENESIS,
	};
	audit_hash(&row, hash);
	row.hash = hash;
	rc = store_audit_insert(st, &row, err);
	free((char *)row.before_json);
	free((char *)row.after_json);
	return rc;
}

int audit_record(struct store *st, const struct principal *who,
		 const char *action, const char *entity_type,
		 const char *entity_id, json_t *detail, struct err *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (audit_append(st, who, action, entity_type, entity_id, NULL, detail,
			 err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

void audit_denied(struct store *st, const struct principal *who,
		  const char *attempted, const char *entity_type,
		  const char *entity_id, const struct err *why)
{
	struct err err = ERR_INIT;
	json_t *detail;

	if (!why || why->code != ERR_FORBIDDEN)
		return;
	detail = json_pack("{s:s,s:s}", "attempted", attempted, "reason",
			   why->msg);
	if (audit_record(st, who, "denied", entity_type, entity_id, detail,
			 &err) < 0)
		log_warn("msg=\"could not audit a denied request\" "
			 "attempted=%s",
			 attempted);
	json_decref(detail);
}

struct verify {
	char expect_prev[65];
	int64_t checked, bad_id;
	char *why;
	size_t why_len;
};

static int verify_one(const struct audit_row *r, void *arg)
{
	struct verify *v = arg;
	char hash[65];

	v->checked++;
	if (strcmp(r->prev_hash ? r->prev_hash : "", v->expect_prev)) {
		v->bad_id = r->id;
		snprintf(v->why, v->why_len,
			 "event %lld does not link to the event before it (an "
			 "event was removed or inserted here)",
			 (long long)r->id);
		return 1;
	}
	audit_hash(r, hash);
	if (strcmp(hash, r->hash ? r->hash : "")) {
		v->bad_id = r->id;
		snprintf(v->why, v->why_len,
			 "event %lld was changed after it was written (its "
			 "hash does not match its content)",
			 (long long)r->id);
		return 1;
	}
	snprintf(v->expect_prev, sizeof(v->expect_prev), "%s", r->hash);
	return 0;
}

int audit_verify(struct store *st, int64_t *checked, int64_t *bad_id,
		 char *why, size_t why_len, struct err *err)
{
	struct verify v = { AUDIT_GENESIS, 0, 0, why, why_len };

	why[0] = '\0';
	if (store_audit_each(st, verify_one, &v, err) < 0)
		return -1;
	*checked = v.checked;
	*bad_id = v.bad_id;
	return 0;
}
