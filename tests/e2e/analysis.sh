#!/usr/bin/env bash
# End-to-end: the coordination analysis. `veikart analyse` on the built-in
# dataset finds what the council named (the roadmap's export measure
# overlapping the export initiative, the two parallel forums, measures
# without a lead); the JSON parses; a generated database is analysed the
# same way twice; and the API lists findings, lets a coordinator mark one
# (audited, hidden from the default view) and refuses a reader.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }

# ---- command line ----
"$VEIKART" analyse --db "$DB" >"$T/text" 2>"$T/err"
expect_eq "analyse exit" "$?" 0
expect_match "text has counts" "$(head -1 "$T/text")" \
	'^Samordningsanalyse: [0-9]+ åpne funn – [0-9]+ høy, [0-9]+ middels, [0-9]+ lav'
expect_match "text groups by severity" "$(grep -c '^HØY (' "$T/text")" '^1$'
expect_match "text says what it compares against" "$(sed -n 2p "$T/text")" \
	'ingen rapporteringsperiode er åpen'

"$VEIKART" analyse --db "$DB" --format json >"$T/all.json"
expect_eq "json exit" "$?" 0
expect_eq "json parses" "$(jq -r 'keys | join(",")' "$T/all.json")" findings
J="$T/all.json"
has() { jq -r --arg k "$1" --arg a "$2" --arg b "$3" \
	'[.findings[] | select(.kind == $k) | [.entities[].id] |
	  select(index($a) != null and ($b == "" or index($b) != null))] |
	 length' "$J"; }
expect_match "overlap V-EK-1 with an export measure" \
	"$(jq -r '[.findings[] | select(.kind == "overlap") | [.entities[].id] |
		select(index("V-EK-1") != null) | .[] | select(startswith("E-"))] |
		length' "$J")" '^[1-9]'
expect_eq "parallel arenas AR-DIALOG and AR-EXPBOARD" \
	"$(has parallel_arenas AR-DIALOG AR-EXPBOARD)" 1
for m in V-KS-1 V-X-1 E-14 M18-05; do
	expect_eq "no_lead $m" "$(has no_lead "$m" "")" 1
done
expect_eq "no lead for a measure with one" "$(has no_lead V-TP-1 "")" 0
expect_eq "every finding has the exact keys" \
	"$(jq -r '[.findings[] | keys_unsorted | join(",")] | unique | join(";")' "$J")" \
	"id,kind,severity,entities,explanation,evidence,action"
expect_eq "texts in three languages" \
	"$(jq -r '[.findings[] | .explanation, .action | select(.nb != "" and .nn != "" and .en != "")] | length' "$J")" \
	"$(jq -r '.findings | length * 2' "$J")"
expect_eq "ids are stable" \
	"$("$VEIKART" analyse --db "$DB" --format json | jq -r '[.findings[].id] | join(" ")')" \
	"$(jq -r '[.findings[].id] | join(" ")' "$J")"
"$VEIKART" analyse --db "$DB" --kind no_lead --kind overlap --lang en \
	--format json >"$T/two.json"
expect_eq "--kind filters" \
	"$(jq -r '[.findings[].kind] | unique | join(",")' "$T/two.json")" \
	"no_lead,overlap"
expect_match "--lang en names" \
	"$(jq -r '.findings[] | select(.kind == "no_lead") | .entities[0].name' "$T/two.json" | head -1)" \
	'[A-Za-z]'
"$VEIKART" analyse --db "$DB" --kind nonsense >/dev/null 2>&1
expect_eq "unknown kind" "$?" 2
"$VEIKART" analyse --db "$DB" --overlap-threshold 1.5 >/dev/null 2>&1
expect_eq "threshold out of range" "$?" 2

# ---- a generated database, twice with the same seed ----
for n in 1 2; do
	"$VEIKART" generate --measures 2000 --actors 200 --reports 8000 \
		--seed 7 --db "$T/g$n.db" >"$T/gen$n" 2>&1
	expect_eq "generate $n" "$?" 0
done
"$VEIKART" generate --measures 10 --db "$T/g1.db" >/dev/null 2>&1
expect_eq "generate never overwrites" "$?" 2
"$VEIKART" analyse --db "$T/g1.db" --format json --timings >"$T/g1.json" \
	2>"$T/g1.timings"
expect_eq "analyse generated" "$?" 0
"$VEIKART" analyse --db "$T/g2.db" --format json >"$T/g2.json"
expect_eq "same seed, same findings" "$(sha256sum <"$T/g1.json")" \
	"$(sha256sum <"$T/g2.json")"
expect_match "generated overlaps" \
	"$(jq '[.findings[] | select(.kind == "overlap")] | length' "$T/g1.json")" '^[1-9]'
expect_match "generated reporting kinds" \
	"$(jq -r '[.findings[].kind] | unique | join(",")' "$T/g1.json")" \
	'missing_report.*returned_report'
expect_match "timings" "$(grep -c '^timing ' "$T/g1.timings")" '^1[0-9]$'

# ---- API ----
make_token() {
	"$VEIKART" user add "$1" --role "$2" --db "$DB" --password-stdin \
		<<<"$PW" >/dev/null 2>>"$T/cli.log"
	"$VEIKART" token create "$1" --scope write --db "$DB" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator)
READER=$(make_token leser reader)
[ -n "$COORD" ] && [ -n "$READER" ] || { cat "$T/cli.log"; exit 1; }
start_server "$DB" || exit 1
auth() { echo "Authorization: Bearer $1"; }

get "/api/v1/analysis?kind=parallel_arenas&lang=en"
expect_eq "GET analysis" "$STATUS" 200
expect_eq "GET analysis finds the forums" \
	"$(jq -r '.findings[0].entities | map(.id) | join(",")' "$T/body")" \
	"AR-DIALOG,AR-EXPBOARD"
expect_eq "GET analysis period" "$(jq -r '.period.open' "$T/body")" false
get "/api/v1/analysis?kind=nonsense"
expect_eq "unknown kind is 400" "$STATUS" 400
get "/api/v1/analysis?colour=red"
expect_eq "unknown parameter is 400" "$STATUS" 400
get "/api/v1/analysis?kind=no_lead&limit=1"
ID=$(jq -r '.findings[0].id' "$T/body")
TOTAL=$(jq -r '.total' "$T/body")
expect_match "a no_lead id" "$ID" '^no_lead-[0-9a-f]{16}$'
expect_eq "paged" "$(jq -r '.next_offset' "$T/body")" 1

mark() {	# mark TOKEN BODY [curl args]
	local token=$1 body=$2; shift 2
	get "/api/v1/analysis/$ID" -X PUT ${token:+-H "$(auth "$token")"} \
		-H 'Content-Type: application/json' --data "$body" "$@"
}
mark "" '{"state": "handled", "comment": "x"}'
expect_eq "PUT without credentials" "$STATUS" 401
mark "$READER" '{"state": "handled", "comment": "Avklart"}'
expect_eq "PUT as reader" "$STATUS" 403
mark "$COORD" '{"state": "handled"}'
expect_eq "PUT without a comment" "$STATUS" 422
mark "$COORD" '{"state": "finished", "comment": "x"}'
expect_eq "PUT with a bad state" "$STATUS" 422
get "/api/v1/analysis/$ID" -X PUT -H "$(auth "$COORD")" \
	-H 'Content-Type: text/plain' --data 'handled'
expect_eq "PUT as text" "$STATUS" 415
get "/api/v1/analysis/no_lead-0123456789abcdef" -X PUT \
	-H "$(auth "$COORD")" -H 'Content-Type: application/json' \
	--data '{"state": "handled", "comment": "x"}'
expect_eq "PUT unknown finding" "$STATUS" 404
mark "$COORD" '{"state": "handled", "comment": "Avklart med NFD – æøå"}'
expect_eq "PUT as coordinator" "$STATUS" 200
expect_eq "PUT answer" "$(jq -r '.state + " " + .user' "$T/body")" \
	"handled koordinator"

get "/api/v1/analysis?kind=no_lead"
expect_eq "hidden from the default view" \
	"$(jq -r --arg id "$ID" '[.findings[] | select(.id == $id)] | length' "$T/body")" 0
expect_eq "one fewer" "$(jq -r '.total' "$T/body")" "$((TOTAL - 1))"
get "/api/v1/analysis?kind=no_lead&state=handled" -H "$(auth "$COORD")"
expect_eq "shown as handled" "$(jq -r '.findings[0].id' "$T/body")" "$ID"
expect_eq "with its comment" \
	"$(jq -r --arg id "$ID" '.marks[$id].comment' "$T/body")" \
	"Avklart med NFD – æøå"
get "/api/v1/analysis/$ID" -H "$(auth "$COORD")"
expect_eq "GET one finding" "$(jq -r '.mark.state' "$T/body")" handled
get "/api/v1/audit?entity_type=analysis" -H "$(auth "$COORD")"
expect_eq "audited" \
	"$(jq -r '[.items[] | .action] | sort | join(",")' "$T/body")" \
	"denied,finding.mark"
"$VEIKART" analyse --db "$DB" --kind no_lead --format json >"$T/after.json"
expect_eq "the command line hides it too" \
	"$(jq -r --arg id "$ID" '[.findings[] | select(.id == $id)] | length' "$T/after.json")" 0
expect_match "--all shows it" \
	"$("$VEIKART" analyse --db "$DB" --kind no_lead --all | grep -c "$ID (handled")" '^1$'

finish
