#!/usr/bin/env bash
# End-to-end: the tertial reporting cycle against a running server, with
# bearer tokens, as coordinators and reporters use it: open a period, draft,
# submit, return, edit, resubmit, approve, the public view, history, the
# to-do list and overview, closures, a closed period's lock, and the
# `report status` and `remind` commands, with real e-mail through an SMTP
# sink on loopback (Debian's python3-aiosmtpd, under the system python).
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
if ! "$VEIKART" user --help >/dev/null 2>&1; then
	echo "reports.sh: \`veikart user\` is missing; it makes the users" >&2
	exit 1
fi

# make_token NAME ROLE SCOPE [ACTOR [EMAIL]] -> a bearer token for a new user
make_token() {
	"$VEIKART" user add "$1" --role "$2" ${4:+--actor "$4"} \
		${5:+--email "$5"} --db "$DB" --password-stdin <<<"$PW" \
		>/dev/null 2>>"$T/cli.log" || true
	"$VEIKART" token create "$1" --scope "$3" --db "$DB" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator write)
COORD_READ=$(make_token koordinator coordinator read)
SIVA=$(make_token siva-rapportor reporter write SIVA siva@example.no)
TEAM=$(make_token team-rapportor reporter write TEAMNO team@example.no)
READER=$(make_token leser reader write)
for t in "$COORD" "$COORD_READ" "$SIVA" "$TEAM" "$READER"; do
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
etag_of() { send GET "$1" "$2" >/dev/null; header etag; }
field() { jq -r "$1" "$T/body"; }

# The status vocabulary is public, with definitions in three languages.
get /api/v1/statuses
expect_eq "statuses" "$STATUS/$(field .total)" 200/6
expect_match "at_risk definition" \
	"$(field '.items[] | select(.code=="at_risk") | .definition.nb')" \
	'^Tiltaket vil ikke nå målet eller fristen uten at noen griper inn'
expect_eq "on_track keeps progress" \
	"$(field '.items[] | select(.code=="on_track") | .default_progress')" null

# Only a coordinator opens a period; the due date defaults to +15 days.
send POST /api/v1/periods "" "${JSON[@]}" --data '{"id": "2025-T2"}'
expect_eq "open period anonymously" "$STATUS" 401
send POST /api/v1/periods "$SIVA" "${JSON[@]}" --data '{"id": "2025-T2"}'
expect_eq "open period as reporter" "$STATUS" 403
send POST /api/v1/periods "$COORD_READ" "${JSON[@]}" --data '{"id": "2025-T2"}'
expect_eq "open period with a read token" "$STATUS" 403
send POST /api/v1/periods "$COORD" "${JSON[@]}" --data '{"id": "2025-t2"}'
expect_eq "open period" "$STATUS" 201
expect_eq "period due" "$(field .due)/$(header location)" \
	"2025-09-15//api/v1/periods/2025-T2"
send POST /api/v1/periods "$COORD" "${JSON[@]}" --data '{"id": "2025-T2"}'
expect_eq "open it again" "$STATUS" 409
send POST /api/v1/periods "$COORD" "${JSON[@]}" --data '{"id": "2025-Q2"}'
expect_eq "a quarter is no reporting period" "$STATUS" 422
send POST /api/v1/periods "$COORD" -H 'Content-Type: text/plain' --data 'x'
expect_eq "wrong media type" "$STATUS" 415
get /api/v1/periods
expect_eq "period list" "$STATUS/$(field '.items[0].id')" 200/2025-T2
get /api/v1/periods/2025-T2
expect_eq "one period" "$STATUS/$(field .state)" 200/open
get "/api/v1/periods/2025-T2';DROP%20TABLE%20status_report;--"
expect_eq "injection in a period id" "$STATUS" 404

# The reporter's to-do list names SIVA's measures.
send GET "/api/v1/me/todo?period=2025-T2" "$SIVA"
expect_eq "to-do" "$STATUS/$(field '[.items[] | select(.kind=="status") | .measure] | join(",")')" \
	"200/V-TP-1,V-TP-2"
expect_eq "contributions are optional" \
	"$(field '[.items[] | select(.kind=="contribution") | .optional] | unique | join(",")')" true
expect_eq "to-do is private" "$(header cache-control)" "private, no-store"
send GET "/api/v1/me/todo" "$SIVA"
expect_eq "to-do without period" "$STATUS" 400

# Fill the public cache, so the approval below must invalidate it.
get /api/v1/measures/V-TP-1
expect_eq "measure before" "$(field .status)" not_reported

# Drafts: SIVA leads V-TP-1, TEAMNO leads E-02.
DRAFT='{"period": "2025-T2", "status": "at_risk", "progress": 30,
 "done_text": "Avtale om testarena signert.", "next_steps": "Åpne i høst",
 "challenges": "Finansiering", "mitigations": "Søke Forskningsrådet",
 "links": [{"title": "Nyhet", "url": "https://siva.no/"}]}'
send POST /api/v1/measures/E-02/reports "$SIVA" "${JSON[@]}" --data "$DRAFT"
expect_eq "reporter on another actor's measure" "$STATUS" 403
send POST /api/v1/measures/V-TP-1/reports "$READER" "${JSON[@]}" --data "$DRAFT"
expect_eq "reader cannot write" "$STATUS" 403
send POST /api/v1/measures/V-TP-1/reports "" "${JSON[@]}" --data "$DRAFT"
expect_eq "anonymous cannot write" "$STATUS" 401
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" \
	--data '{"period": "2025-T2", "progress": 101, "status": "fine"}'
expect_eq "bad fields" "$STATUS/$(field '[.errors[].field] | sort | join(",")')" \
	"422/progress,status"
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" \
	--data '{"period": "2025-T2", "state": "approved"}'
expect_eq "read-only field" "$STATUS/$(field '.errors[0].field')" 422/state
LONG=$(head -c 20001 /dev/zero | tr '\0' 'x')
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" \
	--data "{\"period\": \"2025-T2\", \"done_text\": \"$LONG\"}"
expect_eq "oversize text" "$STATUS/$(field '.errors[0].field')" 422/done_text
send POST "/api/v1/measures/V-TP-1'%20OR%201=1--/reports" "$SIVA" "${JSON[@]}" \
	--data "$DRAFT"
expect_eq "injection in a measure id" "$STATUS" 404
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" \
	--data '{"period": "2025-T2\u0027; DELETE FROM status_report; --"}'
expect_eq "injection in a period" "$STATUS/$(field '.errors[0].field')" 422/period
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" --data "$DRAFT"
expect_eq "draft" "$STATUS/$(field .state)/$(field .actor)" 201/draft/SIVA
ID=$(field .id)
expect_eq "Location" "$(header location)" "/api/v1/reports/$ID"
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" --data "$DRAFT"
expect_eq "a second draft" "$STATUS/$(field .existing)" "409//api/v1/reports/$ID"

# Not public before approval - as if it did not exist; signed-in readers
# see it, privately.
get "/api/v1/reports/$ID"
expect_eq "draft to the public" "$STATUS" 404
draft_detail=$(field .detail)
get "/api/v1/reports/V-TP-1.2024-T1"
expect_eq "same answer as for no report" "$STATUS/$(field .detail | sed 's/2024-T1/2025-T2/')" "404/$draft_detail"
get "/api/v1/reports/$ID/history"
expect_eq "draft history to the public" "$STATUS" 404
send GET "/api/v1/reports/$ID" "$READER"
expect_eq "draft to a reader" "$STATUS" 200
expect_eq "signed-in view is private" "$(header cache-control)" "private, no-store"
expect_eq "API answers vary by credentials" "$(header vary)" "Authorization, Cookie"
get /api/v1/measures/V-TP-1/reports
expect_eq "public reports" "$(field .total)" 0
send GET /api/v1/measures/V-TP-1/reports "$READER"
expect_eq "reader's reports" "$(field .total)" 1

# Edits need the current ETag.
TAG=$(etag_of "/api/v1/reports/$ID" "$SIVA")
send PATCH "/api/v1/reports/$ID" "" "${MERGE[@]}" --data '{"progress": 35}'
expect_eq "anonymous PATCH: who first, then If-Match" "$STATUS" 401
send PATCH "/api/v1/reports/$ID" "" "${MERGE[@]}" -H 'If-Match: "x"' --data '{"progress": 35}'
expect_eq "anonymous PATCH with If-Match" "$STATUS" 401
send PATCH "/api/v1/reports/$ID" "$TEAM" "${MERGE[@]}" --data '{"progress": 35}'
expect_eq "another actor's PATCH without If-Match" "$STATUS" 403
send POST "/api/v1/reports/$ID/approve" ""
expect_eq "anonymous approve" "$STATUS" 401
send PATCH "/api/v1/reports/$ID" "$SIVA" "${MERGE[@]}" --data '{"progress": 35}'
expect_eq "PATCH without If-Match" "$STATUS" 428
send PATCH "/api/v1/reports/$ID" "$TEAM" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"progress": 35}'
expect_eq "PATCH by another actor" "$STATUS" 403
send PATCH "/api/v1/reports/$ID" "$SIVA" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"progress": 35}'
expect_eq "PATCH" "$STATUS/$(field .progress)" 200/35
send GET "/api/v1/reports/$ID" "$READER"; cp "$T/body" "$T/before"
send PATCH "/api/v1/reports/$ID" "$SIVA" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"progress": 99}'
expect_eq "stale If-Match" "$STATUS" 412
send GET "/api/v1/reports/$ID" "$READER"
expect_eq "stale PATCH changed nothing" \
	"$(cmp -s "$T/body" "$T/before" && echo same)" same

# Submit; the coordinator returns it with a comment.
send POST "/api/v1/reports/$ID/submit" "$SIVA"
expect_eq "submit" "$STATUS/$(field .state)" 200/submitted
TAG=$(etag_of "/api/v1/reports/$ID" "$SIVA")
send PATCH "/api/v1/reports/$ID" "$SIVA" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"progress": 40}'
expect_eq "PATCH a submitted report" "$STATUS" 409
send POST "/api/v1/reports/$ID/approve" "$SIVA"
expect_eq "reporter approves" "$STATUS" 403
send POST "/api/v1/reports/$ID/return" "$COORD" "${JSON[@]}" --data '{}'
expect_eq "return without comment" "$STATUS" 422
send POST "/api/v1/reports/$ID/return" "$COORD" "${JSON[@]}" \
	--data '{"comment": "Beskriv tiltakene mot risikoen nærmere."}'
expect_eq "return" "$STATUS/$(field .state)" 200/returned
send GET "/api/v1/me/todo?period=2025-T2" "$SIVA"
expect_eq "returned is on the to-do list" \
	"$(field '.items[] | select(.measure=="V-TP-1") | .state')" returned

# The reporter edits and resubmits; the coordinator approves.
TAG=$(etag_of "/api/v1/reports/$ID" "$SIVA")
send PATCH "/api/v1/reports/$ID" "$SIVA" "${MERGE[@]}" -H "If-Match: $TAG" \
	--data '{"status": "on_track", "mitigations": "Tilsagn fra Forskningsrådet", "links": null}'
expect_eq "edit after return" "$STATUS/$(field .status)" 200/on_track
send POST "/api/v1/reports/$ID/submit" "$SIVA"
expect_eq "resubmit" "$STATUS/$(field .state)" 200/submitted
send POST "/api/v1/reports/$ID/approve" "$COORD"
expect_eq "approve" "$STATUS/$(field .state)" 200/approved

# Public now: the measure shows the reported status.
get /api/v1/measures/V-TP-1
expect_eq "measure status after approval" "$(field .status)" on_track
get /api/v1/measures/V-TP-1/reports
expect_eq "public reports after approval" \
	"$(field .total)/$(field '.items[0].state')" 1/approved
get "/api/v1/reports/$ID"
expect_eq "approved report is public" "$STATUS/$(field .progress)" 200/35
expect_eq "public view has no comment" "$(field 'has("comment")')" false
expect_eq "public view is not private" "$(header cache-control)" ""
send GET "/api/v1/reports/$ID" "$READER"
expect_eq "readers see the comment" "$(field .comment)" \
	"Beskriv tiltakene mot risikoen nærmere."
send GET "/api/v1/reports/$ID/history" "$READER"
expect_eq "history" "$(field '[.items[].state] | join(",")')" \
	"draft,draft,submitted,returned,returned,submitted,approved"
expect_eq "readers see who made each version" "$(field '.items[-1].user')" koordinator
get "/api/v1/reports/$ID/history"
expect_eq "public history" "$(field .total)" 1
expect_eq "public history: no staff names, no comment" \
	"$(field '[.items[] | has("user"), (.report | has("comment"))] | any')" false
get /api/v1/measures/V-TP-1/history
expect_eq "measure timeline" "$(field '.items[0].id')" "$ID"
expect_eq "public timeline has no comment" "$(field '.items[0] | has("comment")')" false

# Overview and the terminal's view of it.
send GET /api/v1/periods/2025-T2/overview "$COORD"
expect_eq "overview" "$STATUS/$(field .counts.approved)" 200/1
expect_eq "overview is private" "$(header cache-control)" "private, no-store"
TOTAL=$(field .counts.total)
UNDER=$(field .under_reporting)
expect_eq "overview missing" "$(field .counts.missing)" "$((TOTAL - 1))"
get /api/v1/periods/2025-T2/overview
expect_eq "overview anonymously" "$STATUS" 401
OUT=$("$VEIKART" report status --period 2025-T2 --db "$DB" 2>&1)
expect_eq "report status exit" "$?" 0
expect_match "report status counts" "$OUT" "$TOTAL measures: missing $((TOTAL - 1)), draft 0, submitted 0, returned 0, approved 1"
expect_match "report status row" "$OUT" 'V-TP-1 +SIVA +approved +on_track'
"$VEIKART" report status --period 2024-T3 --db "$DB" >/dev/null 2>&1
expect_eq "report status for an unknown period" "$?" 2

# Reminders: dry run, then through a real SMTP server on loopback.
OUT=$("$VEIKART" remind --period 2025-T2 --dry-run --db "$DB" 2>&1)
expect_eq "remind --dry-run exit" "$?" 0
expect_match "dry run names TEAMNO's reporter" "$OUT" 'team-rapportor <team@example.no>: would be reminded of'
expect_match "dry run names the missing report" "$OUT" 'E-02 +missing'
expect_match "dry run names SIVA's missing report" "$OUT" 'V-TP-2 +missing'
OUT=$(VEIKART_SMTP_URL= "$VEIKART" remind --period 2025-T2 --db "$DB" 2>&1)
expect_eq "remind without SMTP exit" "$?" 2
expect_match "remind without SMTP says what to set" "$OUT" VEIKART_SMTP_URL

cat >"$T/sink.py" <<'EOF'
import sys, time
from aiosmtpd.controller import Controller

class Sink:
    async def handle_DATA(self, server, session, envelope):
        with open(sys.argv[2], "ab") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\n")
            f.write(envelope.content + b"\n----\n")
        return "250 OK"

c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
open(sys.argv[3], "w").write("ready")
try:
    while True:
        time.sleep(1)
finally:
    c.stop()
EOF
SMTP_PORT=$(free_port)
/usr/bin/python3 "$T/sink.py" "$SMTP_PORT" "$T/mail" "$T/sink.ready" \
	2>>"$T/sink.log" &
PIDS+=($!)
for _ in $(seq 1 100); do [ -f "$T/sink.ready" ] && break; sleep 0.05; done
OUT=$(VEIKART_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" \
	VEIKART_BASE_URL="https://veikart.example.no/" \
	"$VEIKART" remind --period 2025-T2 --db "$DB" 2>&1)
expect_eq "remind exit" "$?" 0
expect_match "remind counts" "$OUT" '2 sent, 0 failed'
MAIL=$(cat "$T/mail" 2>/dev/null)
expect_eq "one mail per reporter" "$(grep -c '^X-Envelope-To:' "$T/mail" 2>/dev/null)" 2
expect_match "mail to SIVA's reporter" "$MAIL" 'X-Envelope-To: siva@example.no'
expect_match "mail lists the measure" "$MAIL" '- V-TP-2 '
expect_match "mail links the workspace" "$MAIL" \
	'https://veikart.example.no/nb/workspace/reports\?period=2025-T2'
expect_eq "approved measure not reminded" \
	"$(grep -c -- '- V-TP-1 ' "$T/mail" 2>/dev/null)" 0

# Closure: SIVA proposes to end V-TP-2; the coordinator confirms.
send POST /api/v1/measures/V-TP-2/closure "$TEAM" "${JSON[@]}" \
	--data '{"outcome": "completed", "reason": "x"}'
expect_eq "closure by another actor" "$STATUS" 403
send POST /api/v1/measures/V-TP-2/closure "$SIVA" "${JSON[@]}" \
	--data '{"outcome": "completed", "reason": "Testarenaen er i drift."}'
expect_eq "propose closure" "$STATUS/$(field .state)" 201/proposed
CID=$(field .id)
send GET "/api/v1/closures?state=proposed" "$COORD"
expect_eq "closures waiting" "$(field .total)" 1
expect_eq "closures are private" "$(header cache-control)" "private, no-store"
send POST "/api/v1/closures/$CID/confirm" "$SIVA"
expect_eq "reporter confirms" "$STATUS" 403
send POST "/api/v1/closures/$CID/confirm" "$COORD"
expect_eq "confirm closure" "$STATUS/$(field .state)" 200/confirmed
get /api/v1/measures/V-TP-2
expect_eq "measure state" "$(field .state)" completed
send GET /api/v1/periods/2025-T2/overview "$COORD"
expect_eq "under reporting" "$(field .under_reporting)" "$((UNDER - 1))"

# Closing the period locks approved reports; a reopen is audited.
send POST /api/v1/periods/2025-T2/close "$COORD"
expect_eq "close period" "$STATUS/$(field .state)" 200/closed
send POST /api/v1/measures/E-02/reports "$TEAM" "${JSON[@]}" --data "$DRAFT"
expect_eq "draft in a closed period" "$STATUS" 409
send POST "/api/v1/reports/$ID/return" "$COORD" "${JSON[@]}" \
	--data '{"comment": "Rett tallene"}'
expect_eq "return a locked report" "$STATUS" 409
send POST "/api/v1/reports/$ID/reopen" "$COORD" "${JSON[@]}" \
	--data '{"reason": "Feil i fremdriften"}'
expect_eq "reopen" "$STATUS/$(field .state)" 200/returned
send GET "/api/v1/audit?action=report.reopen" "$COORD"
expect_eq "reopen audited" "$(field '.items | length')" 1
OUT=$("$VEIKART" audit verify --db "$DB" 2>&1)
expect_eq "audit chain intact" "$?" 0

finish
