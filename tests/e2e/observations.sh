#!/usr/bin/env bash
# End-to-end: importing observations (JSON-stat 2.0 and CSV) from the
# command line and over the API, the JSON-stat output and the progress
# class of an indicator. After every refused file the export must be what
# it was before.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"
FX="$ROOT/tests/fixtures"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
vk() { "$VEIKART" "$@" --db "$DB"; }
export_db() { vk export; }
# imp ARGS... -> exit status in $RC, stdout in $T/out, stderr in $T/err
imp() { RC=0; vk import-observations "$@" >"$T/out" 2>"$T/err" || RC=$?; }

# ---- command line -------------------------------------------------------
imp "$FX/jsonstat/ssb-dense.json" --indicator I-EMPLOY-HI
expect_eq "import exit" "$RC" 0
expect_match "import says" "$(cat "$T/out")" \
	'5 observations \(5 created, 0 updated, 0 unchanged\)'
expect_match "missing values counted" "$(cat "$T/out")" '1 missing values'
expect_eq "no progress bar when stderr is not a terminal" "$(cat "$T/err")" ""
export_db >"$T/before.json"
EVENTS=$(vk audit list | wc -l)
imp "$FX/jsonstat/ssb-dense.json" --indicator I-EMPLOY-HI
expect_eq "re-import exit" "$RC" 0
expect_match "re-import changes nothing" "$(cat "$T/out")" '^nothing changed'
export_db >"$T/after.json"
expect_eq "re-import leaves the export" \
	"$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same
expect_eq "re-import writes no audit event" "$(vk audit list | wc -l)" "$EVENTS"

# Bad files: exit 2, FILE:LINE:COLUMN and what was expected; no change.
bad() {	# bad WHAT EXPECTED-STDERR-REGEX ARGS...
	local what=$1 want=$2; shift 2
	imp "$@"
	expect_eq "$what: exit" "$RC" 2
	expect_match "$what: message" "$(cat "$T/err")" "$want"
	export_db >"$T/after.json"
	expect_eq "$what: database unchanged" \
		"$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same
}
J="$FX/jsonstat"
C="$FX/csv"
bad "truncated" "truncated.json:4:17: the text ends where a value was expected" \
	"$J/truncated.json" --indicator I-EMPLOY-HI
bad "version 1" "version1.json:1:1: this is JSON-stat version 1" \
	"$J/version1.json" --indicator I-EMPLOY-HI
bad "no time" "no-time.json: no time dimension found .* one of: region \(Region\), sektor" \
	"$J/no-time.json" --indicator I-EMPLOY-HI
bad "bad period" "bad-period.json:3:55: Tid: time category \"2025H1\"" \
	"$J/bad-period.json" --indicator I-EMPLOY-HI
bad "unknown category" "no category \"Tromsø\"; it has: 0301 \(Oslo\), 4601 \(Bergen\)" \
	"$J/ssb-dense.json" --indicator I-EMPLOY-HI --map Region=Tromsø
bad "csv value" "bad-value.csv:3:2: value: expected a number such as 1234,5" \
	"$C/bad-value.csv" --indicator I-EMPLOY-HI
imp "$C/totals.csv"
expect_eq "no --indicator: usage" "$RC" 2

# --map and --time; CSV with ';', decimal comma and a byte order mark.
imp "$J/ssb-dense.json" --indicator I-VA-HI --map Region=Bergen --time Tid
expect_eq "--map exit" "$RC" 0
expect_match "--map keeps Bergen" "$(cat "$T/out")" '2 observations'
imp "$C/semicolon-comma-bom.csv" --indicator I-VA-HN
expect_eq "csv exit" "$RC" 0
expect_match "csv counts" "$(cat "$T/out")" '2 observations \(2 created'
imp "$J/collection.json" --indicator I-TURNOVER-HI --dataset Omsetning
expect_eq "collection by label" "$RC" 0
imp "$J/collection.json" --indicator I-EXPORT-HN --format jsonstat
expect_match "collection note" "$(cat "$T/err")" 'collection of 2 datasets; dataset 1'

# ---- API ----------------------------------------------------------------
make_token() {
	vk user add "$1" --role "$2" --password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log" || true
	vk token create "$1" --scope "$3" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator write)
READER=$(make_token leser reader write)
start_server "$DB" || exit 1
post() {	# post PATH TOKEN CONTENT-TYPE FILE
	get "$1" -X POST ${2:+-H "Authorization: Bearer $2"} \
		-H "Content-Type: $3" --data-binary "@$4"
}
IMPORT=/api/v1/indicators/I-KBS-IND/observations/import
post "$IMPORT?map=Region:0301" "$COORD" application/json "$J/ssb-dense.json"
expect_eq "API import" "$STATUS" 200
expect_eq "API import counts" "$(jq -c '[.created, .changed]' "$T/body")" '[3,true]'
post "$IMPORT?map=Region:0301" "$COORD" application/json "$J/ssb-dense.json"
expect_eq "API re-import unchanged" "$(jq -c '[.unchanged, .changed]' "$T/body")" '[3,false]'
post "$IMPORT" "" application/json "$J/ssb-dense.json"
expect_eq "anonymous import" "$STATUS" 401
post "$IMPORT" "$READER" application/json "$J/ssb-dense.json"
expect_eq "reader import" "$STATUS" 403
post "$IMPORT" "$COORD" application/json "$J/bad-period.json"
expect_eq "API bad file" "$STATUS" 422
expect_eq "API problem position" \
	"$(jq -c '.errors[0] | [.line, .column, .field]' "$T/body")" '[3,55,"Tid"]'
post "$IMPORT" "$COORD" application/json "$J/truncated.json"
expect_eq "API truncated JSON" "$STATUS/$(jq -c '.errors[0].line' "$T/body")" 400/4
post "$IMPORT" "$COORD" text/plain "$C/totals.csv"
expect_eq "API other media type" "$STATUS" 415
post "$IMPORT?map=Region" "$COORD" application/json "$J/ssb-dense.json"
expect_eq "API bad map" "$STATUS" 400
post "$IMPORT?foo=1" "$COORD" application/json "$J/ssb-dense.json"
expect_eq "API unknown parameter" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 400/foo
post "$IMPORT" "$COORD" "text/csv; charset=utf-8" "$C/totals.csv"
expect_eq "API CSV import" "$STATUS/$(jq -c "[.created, .updated, .unchanged]" "$T/body")" "200/[1,1,1]"
post /api/v1/indicators/I-NOPE/observations/import "$COORD" text/csv "$C/totals.csv"
expect_eq "API unknown indicator" "$STATUS" 404

# JSON-stat output, and reading it back in gives the same observations.
get "/api/v1/indicators/I-KBS-IND/observations?format=jsonstat"
expect_eq "jsonstat status" "$STATUS" 200
expect_match "jsonstat content type" "$(header content-type)" '^application/json'
expect_eq "jsonstat shape" "$(jq -c '[.version, .class, .id, .size]' "$T/body")" \
	'["2.0","dataset",["indicator","time","breakdown"],[1,4,1]]'
cp "$T/body" "$T/out.json"
imp "$T/out.json" --indicator I-INNOV-IND
expect_eq "own output imports" "$RC" 0
get "/api/v1/indicators/I-KBS-IND/observations"
jq -c '[.items[] | [.period, .value, .breakdown, .status]]' "$T/body" >"$T/a"
get "/api/v1/indicators/I-INNOV-IND/observations"
jq -c '[.items[] | [.period, .value, .breakdown, .status]]' "$T/body" >"$T/b"
expect_eq "round trip" "$(cat "$T/b")" "$(cat "$T/a")"
get "/api/v1/indicators/I-KBS-IND/observations?format=xml"
expect_eq "unknown format" "$STATUS" 400

# Progress: class, inputs and the calculation in three languages.
get /api/v1/indicators/I-EXPORT-HI/progress
expect_eq "progress status" "$STATUS" 200
expect_eq "progress class" "$(jq -r .class "$T/body")" limited_progress
expect_eq "progress inputs" \
	"$(jq -c '[.inputs.baseline.value, .inputs.target.year, .inputs.current.period]' "$T/body")" \
	'[22,2030,"2024"]'
expect_match "calculation nb" "$(jq -r .calculation.nb "$T/body")" 'Forholdet 0,59.*Begrenset fremgang'
expect_match "calculation nn" "$(jq -r .calculation.nn "$T/body")" 'Avgrensa framgang'
expect_match "calculation en" "$(jq -r .calculation.en "$T/body")" 'Ratio 0.59.*Limited progress'
get "/api/v1/indicators/I-EXPORT-HI/progress?acceleration_needed=0.5"
expect_eq "custom threshold" "$(jq -r .class "$T/body")" acceleration_needed
get "/api/v1/indicators/I-EXPORT-HI/progress?on_track=0.1"
expect_eq "bad thresholds" "$STATUS" 400
get /api/v1/indicators/I-EMPLOY-HN/progress
expect_eq "no data" "$(jq -r .class "$T/body")" no_data
get /api/v1/indicators/I-NOPE/progress
expect_eq "unknown indicator progress" "$STATUS" 404

finish
