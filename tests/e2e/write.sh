#!/usr/bin/env bash
# End-to-end: the write API and the audit log against a running server, as
# a client with API tokens sees them. Users and tokens come from the CLI
# (`veikart user add`, `veikart token create`).
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }

# make_token NAME ROLE SCOPE [ACTOR] -> prints a bearer token for a new user
make_token() {
	"$VEIKART" user add "$1" --role "$2" ${4:+--actor "$4"} --db "$DB" \
		--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log" || true
	"$VEIKART" token create "$1" --scope "$3" --db "$DB" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator write)
COORD_READ=$(make_token koordinator coordinator read)
REPORTER=$(make_token rapportor reporter write SIVA)
READER=$(make_token leser reader write)
for t in "$COORD" "$COORD_READ" "$REPORTER" "$READER"; do
	[ -n "$t" ] || { echo "could not create tokens:"; cat "$T/cli.log"; exit 1; }
done
start_server "$DB" || exit 1

# send METHOD PATH TOKEN [curl args...]: like get, with a bearer token
send() {
	local method=$1 path=$2 token=$3; shift 3
	get "$path" -X "$method" ${token:+-H "Authorization: Bearer $token"} "$@"
}
JSON=(-H 'Content-Type: application/json')
MERGE=(-H 'Content-Type: application/merge-patch+json')
etag_of() { get "$1"; header etag; }
export_db() { "$VEIKART" export --db "$DB"; }

# Create: the server makes the id; Location and body name the new item.
get "/api/v1/actors?limit=500"	# fill the response cache
send POST /api/v1/actors "$COORD" "${JSON[@]}" \
	--data '{"name_nb": "Testaktør æøå", "kind": "agency"}'
expect_eq "POST status" "$STATUS" 201
ID=$(jq -r .id "$T/body")
expect_match "made id" "$ID" '^A-[A-Z2-7]{6}$'
expect_eq "Location" "$(header location)" "/api/v1/actors/$ID"
expect_eq "POST body name" "$(jq -r .name_nb "$T/body")" "Testaktør æøå"
cp "$T/body" "$T/posted"
get "/api/v1/actors/$ID"
expect_eq "GET after POST" "$STATUS" 200
expect_eq "POST body is GET body" "$(cmp -s "$T/body" "$T/posted" && echo same)" same
get "/api/v1/actors?limit=500"
expect_eq "list shows the new actor at once" \
	"$(jq --arg id "$ID" '[.items[] | select(.id == $id)] | length' "$T/body")" 1
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data '{"id": "SIVA", "name_nb": "x"}'
expect_eq "POST taken id" "$STATUS" 409
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data '{"id": "NY-1", "name_nb": "Ny"}'
expect_eq "POST given id" "$STATUS/$(jq -r .id "$T/body")" 201/NY-1

# Update with the current ETag; the change shows at once.
TAG=$(etag_of "/api/v1/actors/$ID")
send PATCH "/api/v1/actors/$ID" "$COORD" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"name_nb": "Endret navn", "note": "Merknad"}'
expect_eq "PATCH status" "$STATUS" 200
expect_eq "PATCH body" "$(jq -r .name_nb "$T/body")" "Endret navn"
get "/api/v1/actors/$ID"
expect_eq "GET after PATCH" "$(jq -r .name_nb "$T/body")" "Endret navn"
NEWTAG=$(header etag)
expect_eq "ETag changed" "$([ "$NEWTAG" != "$TAG" ] && echo yes)" yes
send PATCH "/api/v1/actors/$ID" "$COORD" "${JSON[@]}" -H "If-Match: $NEWTAG" \
	--data '{"note": null}'
expect_eq "PATCH as application/json, null removes" \
	"$STATUS/$(jq -r .note "$T/body")" 200/null

# Stale If-Match: 412, nothing changed. Missing: 428.
get "/api/v1/actors/$ID"; cp "$T/body" "$T/before"
send PATCH "/api/v1/actors/$ID" "$COORD" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"name_nb": "Overskrevet"}'
expect_eq "stale If-Match" "$STATUS" 412
send DELETE "/api/v1/actors/$ID" "$COORD" -H "If-Match: $TAG"
expect_eq "stale If-Match on DELETE" "$STATUS" 412
send PATCH "/api/v1/actors/$ID" "$COORD" "${MERGE[@]}" --data '{"name_nb": "Uten"}'
expect_eq "missing If-Match" "$STATUS" 428
expect_match "428 says If-Match" "$(jq -r .detail "$T/body")" 'If-Match'
send DELETE "/api/v1/actors/$ID" "$COORD"
expect_eq "missing If-Match on DELETE" "$STATUS" 428
send PATCH "/api/v1/actors/$ID" "$COORD" "${MERGE[@]}" -H 'If-Match: W/"x"' \
	--data '{"name_nb": "Svak"}'
expect_eq "weak If-Match" "$STATUS" 412
get "/api/v1/actors/$ID"
expect_eq "unchanged after 412/428" "$(cmp -s "$T/body" "$T/before" && echo same)" same

# Media types, JSON syntax, validation.
TAG=$(etag_of "/api/v1/actors/$ID")
send PATCH "/api/v1/actors/$ID" "$COORD" -H 'Content-Type: text/plain' \
	-H "If-Match: $TAG" --data '{"name_nb": "x"}'
expect_eq "PATCH text/plain" "$STATUS" 415
send POST /api/v1/actors "$COORD" -H 'Content-Type:' --data '{"name_nb": "x"}'
expect_eq "POST without Content-Type" "$STATUS" 415
send POST /api/v1/actors "$COORD" -H 'Content-Type: application/merge-patch+json' \
	--data '{"name_nb": "x"}'
expect_eq "POST as merge-patch" "$STATUS" 415
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data $'{"name_nb":\n "x",}'
expect_eq "bad JSON" "$STATUS" 400
expect_match "bad JSON position" "$(jq -r .detail "$T/body")" 'line 2, column'
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data '["x"]'
expect_eq "array body" "$STATUS" 400
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data '{"a": 1, "a": 2}'
expect_eq "duplicate key" "$STATUS" 400
send POST /api/v1/actors "$COORD" "${JSON[@]}" \
	--data "$(printf '{"note": %s1%s}' "$(printf '[%.0s' $(seq 40))" "$(printf ']%.0s' $(seq 40))")"
expect_eq "nested too deep" "$STATUS" 400
send POST /api/v1/actors "$COORD" "${JSON[@]}" \
	--data '{"name_nb": 5, "kind": "martian", "colour": "red"}'
expect_eq "422" "$STATUS" 422
expect_match "problem type" "$(header content-type)" '^application/problem\+json'
expect_eq "422 fields" "$(jq -r '[.errors[].field] | sort | join(",")' "$T/body")" \
	"colour,kind,name_nb"
send PATCH "/api/v1/actors/$ID" "$COORD" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"id": "ANNEN"}'
expect_eq "id cannot change" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 422/id
send PATCH "/api/v1/measures/V-TP-1" "$COORD" "${MERGE[@]}" \
	-H "If-Match: $(etag_of /api/v1/measures/V-TP-1)" \
	--data '{"responsible": [{"actor": "NOPE", "role": "lead"}]}'
expect_eq "child field path" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" \
	"422/responsible[0].actor"

# Who may write.
send POST /api/v1/actors "" "${JSON[@]}" --data '{"name_nb": "x"}'
expect_eq "POST without token" "$STATUS" 401
send PATCH "/api/v1/actors/$ID" "" "${MERGE[@]}" -H "If-Match: $TAG" --data '{}'
expect_eq "PATCH without token" "$STATUS" 401
send DELETE "/api/v1/actors/$ID" "" -H "If-Match: $TAG"
expect_eq "DELETE without token" "$STATUS" 401
send POST /api/v1/actors "" -H 'Content-Type: text/plain' --data 'x'
expect_eq "anonymous: 401 before the body is looked at" "$STATUS" 401
send POST /api/v1/actors "not-a-token" "${JSON[@]}" --data '{"name_nb": "x"}'
expect_eq "bogus token" "$STATUS" 401
send POST /api/v1/actors "$COORD_READ" "${JSON[@]}" --data '{"name_nb": "x"}'
expect_eq "read token POST" "$STATUS" 403
send PATCH "/api/v1/actors/$ID" "$COORD_READ" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"name_nb": "x"}'
expect_eq "read token PATCH" "$STATUS" 403
send DELETE "/api/v1/actors/$ID" "$READER" -H "If-Match: $TAG"
expect_eq "reader DELETE" "$STATUS" 403
send POST /api/v1/actors "$REPORTER" "${JSON[@]}" --data '{"name_nb": "x"}'
expect_eq "reporter POST" "$STATUS" 403
send POST /api/v1/reports "$COORD" "${JSON[@]}" --data '{"measure": "V-TP-1"}'
expect_match "reports are not written here" "$STATUS" '^(400|403|404|405|422)$'

# A browser session must send its CSRF token with every write.
get /api/v1/session -X POST "${JSON[@]}" -c "$T/jar" \
	--data "{\"username\": \"koordinator\", \"password\": \"$PW\"}"
expect_eq "sign in" "$STATUS" 200
CSRF=$(jq -r .csrf_token "$T/body")
TAG=$(etag_of /api/v1/actors/NY-1)
get /api/v1/actors/NY-1 -X PATCH -b "$T/jar" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"note": "uten CSRF"}'
expect_eq "session write without CSRF token" "$STATUS" 403
get /api/v1/actors/NY-1 -X PATCH -b "$T/jar" "${MERGE[@]}" -H "If-Match: $TAG" \
	-H "X-CSRF-Token: $CSRF" --data '{"note": "med CSRF"}'
expect_eq "session write with CSRF token" "$STATUS/$(jq -r .note "$T/body")" "200/med CSRF"

# Milestones: the coordinator adds one, the lead actor's reporter updates it.
send PATCH /api/v1/measures/V-TP-1 "$COORD" "${MERGE[@]}" \
	-H "If-Match: $(etag_of /api/v1/measures/V-TP-1)" \
	--data '{"milestones": [{"id": "MS-1", "title_nb": "Avklare finansiering", "due": "2026-06"}]}'
expect_eq "add milestone" "$STATUS/$(jq -r '.milestones[0].id' "$T/body")" 200/MS-1
send PATCH /api/v1/measures/V-TP-1/milestones/MS-1 "$REPORTER" "${MERGE[@]}" \
	-H "If-Match: $(etag_of /api/v1/measures/V-TP-1)" --data '{"done": "2026-05-30"}'
expect_eq "reporter milestone" "$STATUS/$(jq -r '.milestones[0].done' "$T/body")" \
	200/2026-05-30
send PATCH /api/v1/measures/V-TP-1/milestones/MS-1 "$REPORTER" "${MERGE[@]}" \
	-H "If-Match: $(etag_of /api/v1/measures/V-TP-1)" --data '{"source": "seed-003"}'
expect_eq "reporter milestone source" "$STATUS" 403
send PATCH /api/v1/measures/V-PL-2/milestones/MS-1 "$REPORTER" "${MERGE[@]}" \
	-H 'If-Match: *' --data '{"done": "2026-05-30"}'
expect_match "reporter, other measure" "$STATUS" '^(403|404)$'

# Observations.
get /api/v1/indicators/I-EXPORT-HI/observations
n=$(jq '.items | length' "$T/body")
send POST /api/v1/indicators/I-EXPORT-HI/observations "$COORD" "${JSON[@]}" \
	--data '{"period": "2025", "value": 31.5, "status": "preliminary"}'
expect_eq "POST observation" "$STATUS" 201
get /api/v1/indicators/I-EXPORT-HI/observations
expect_eq "observation added" "$(jq '.items | length' "$T/body")" $((n + 1))
send POST /api/v1/indicators/I-EXPORT-HI/observations "$COORD" "${JSON[@]}" \
	--data '{"period": "sist år"}'
expect_eq "bad observation" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 422/period

# Delete: refused while referenced, else soft.
send DELETE /api/v1/actors/SIVA "$COORD" -H "If-Match: $(etag_of /api/v1/actors/SIVA)"
expect_eq "referenced actor" "$STATUS" 409
expect_match "referrers listed" "$(jq -r '[.errors[].field] | join(" ")' "$T/body")" \
	'measures/V-TP-1/responsible.actor'
send DELETE "/api/v1/actors/$ID" "$COORD" -H "If-Match: $(etag_of "/api/v1/actors/$ID")"
expect_eq "DELETE" "$STATUS" 204
get "/api/v1/actors/$ID"
expect_eq "GET after DELETE" "$STATUS" 404
get "/api/v1/actors?limit=500"
expect_eq "gone from the list" \
	"$(jq --arg id "$ID" '[.items[] | select(.id == $id)] | length' "$T/body")" 0
send PUT "/api/v1/actors/NY-1" "$COORD" "${JSON[@]}" --data '{}'
expect_eq "PUT" "$STATUS" 405
expect_match "Allow" "$(header allow)" 'PATCH'

# Injection in ids, parameters, headers and bodies changes nothing.
export_db >"$T/export-before.json"
send POST /api/v1/actors "$COORD" "${JSON[@]}" \
	--data '{"id": "x'"'"' OR '"'"'1'"'"'='"'"'1", "name_nb": "x"}'
expect_eq "injection in body id" "$STATUS" 422
send POST "/api/v1/actors%27%3B%20DROP%20TABLE%20actor%3B--" "$COORD" "${JSON[@]}" \
	--data '{"name_nb": "x"}'
expect_eq "injection in collection" "$STATUS" 404
send PATCH "/api/v1/actors/x%27%20OR%201%3D1--" "$COORD" "${MERGE[@]}" -H 'If-Match: *' \
	--data '{"name_nb": "x"}'
expect_eq "injection in PATCH id" "$STATUS" 404
send DELETE "/api/v1/measures/%27%3B%20DELETE%20FROM%20measure%3B--" "$COORD" -H 'If-Match: *'
expect_eq "injection in DELETE id" "$STATUS" 404
send PATCH "/api/v1/actors/NY-1?id=1%27%20OR%201%3D1" "$COORD" "${MERGE[@]}" \
	-H 'If-Match: *' --data '{"name_nb": "x"}'
expect_eq "injection in parameter" "$STATUS" 400
send PATCH "/api/v1/actors/NY-1" "$COORD" "${MERGE[@]}" \
	-H "If-Match: \"' OR 1=1 --\"" --data '{"name_nb": "x"}'
expect_eq "injection in If-Match" "$STATUS" 412
send PATCH "/api/v1/actors/NY-1" "$COORD" "${MERGE[@]}" -H 'If-Match: *' \
	--data '{"parent": "NFD'"'"') OR 1=1 --"}'
expect_eq "injection in reference" "$STATUS" 422
head -c 2000000 /dev/zero | tr '\0' a >"$T/big"
send POST /api/v1/actors "$COORD" "${JSON[@]}" --data-binary @"$T/big"
expect_eq "oversize body" "$STATUS" 413
get "/api/v1/audit?entity_id=x%27%20OR%201%3D1--" -H "Authorization: Bearer $COORD"
expect_eq "injection in audit filter" "$STATUS" 400
export_db >"$T/export-after.json"
expect_eq "export unchanged" \
	"$(cmp -s "$T/export-before.json" "$T/export-after.json" && echo same)" same
# Stored as text, SQL is only text.
send PATCH "/api/v1/actors/NY-1" "$COORD" "${MERGE[@]}" -H 'If-Match: *' \
	--data '{"note": "x'"'"'); DROP TABLE actor; --"}'
expect_eq "SQL as text" "$STATUS/$(jq -r .note "$T/body")" "200/x'); DROP TABLE actor; --"
get "/api/v1/actors/SIVA"
expect_eq "actors still there" "$STATUS" 200

# The audit log over HTTP.
get "/api/v1/audit?entity_type=actors&action=create&limit=5" -H "Authorization: Bearer $COORD"
expect_eq "audit status" "$STATUS" 200
expect_eq "audit cache" "$(header cache-control)" no-store
expect_eq "audit creates" "$(jq '[.items[] | select(.entity_id == "NY-1")] | length' "$T/body")" 1
expect_eq "audit newest first" "$(jq '.items[0].id > .items[1].id' "$T/body")" true
get "/api/v1/audit?limit=1" -H "Authorization: Bearer $COORD"
next=$(jq .next "$T/body")
get "/api/v1/audit?limit=1&before=$next" -H "Authorization: Bearer $COORD"
expect_eq "audit cursor" "$(jq ".items[0].id < $next + 1" "$T/body")" true
get "/api/v1/audit?entity_type=actors&entity_id=$ID" -H "Authorization: Bearer $COORD"
expect_eq "audit of one actor" "$(jq -r '[.items[].action] | join(",")' "$T/body")" \
	"delete,denied,denied,update,update,create"
get "/api/v1/audit?since=2000-01-01&until=2999-12-31&user=koordinator&limit=500" \
	-H "Authorization: Bearer $COORD"
expect_eq "audit time and user filter" "$(jq '.items | length > 5' "$T/body")" true
get "/api/v1/audit?since=yesterday" -H "Authorization: Bearer $COORD"
expect_eq "audit bad since" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 400/since
get "/api/v1/audit?limit=501" -H "Authorization: Bearer $COORD"
expect_eq "audit limit" "$STATUS" 400
get "/api/v1/audit?colour=red" -H "Authorization: Bearer $COORD"
expect_eq "audit unknown parameter" "$STATUS" 400
get "/api/v1/audit" -H "Authorization: Bearer $READER"
expect_eq "audit as reader" "$STATUS" 403
get "/api/v1/audit"
expect_eq "audit anonymous" "$STATUS" 401
get "/api/v1/audit?action=denied" -H "Authorization: Bearer $COORD"
expect_eq "denials are audited" "$(jq '.items | length > 0' "$T/body")" true

# The chain verifies; editing one event in the database breaks it there.
out=$("$VEIKART" audit verify --db "$DB"); rc=$?
expect_eq "verify exit" "$rc" 0
expect_match "verify intact" "$out" '^audit log intact: [0-9]+ events$'
out=$("$VEIKART" audit list --db "$DB" --entity-type actors --entity-id NY-1)
expect_match "audit list" "$out" 'create	actors/NY-1'
ev=$(sqlite3 "$DB" "SELECT id FROM audit_event WHERE action = 'create' AND entity_id = 'NY-1'")
sqlite3 "$DB" "UPDATE audit_event SET after_json = '{\"id\":\"NY-1\",\"name_nb\":\"Forfalsket\"}' WHERE id = $ev"
out=$("$VEIKART" audit verify --db "$DB"); rc=$?
expect_eq "verify exit after edit" "$rc" 1
expect_match "verify names the event" "$out" "^audit log broken at event $ev: "

get "/healthz"
expect_eq "healthz" "$STATUS" 200
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
expect_eq "graceful stop" "$?" 0
finish
