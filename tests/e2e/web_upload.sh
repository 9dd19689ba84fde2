#!/usr/bin/env bash
# End-to-end: uploading indicator observations through the portal's form
# (/{lang}/workspace/observations) as a browser does, multipart/form-data
# with curl -F: a CSV and a JSON-stat file saved, the same file again
# changing nothing, a file with an error on line 3 listed with its line,
# column and field and nothing written (the good rows neither), a check
# only (dry run) writing nothing, options (map, source), CSRF refused, a
# reporter refused (403), an oversize body refused (413), missing fields,
# escaping of a file name, and the three languages.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW_PER="per har et langt passord"
PW_KARI="kari har et godt passord"
J='Content-Type: application/json'
IND=I-KBS-PATIENTS
IND2=I-KBS-SHARE

sql() { sqlite3 "$DB" "$1"; }
obs() { sql "SELECT count(*) FROM observation WHERE indicator = '$1'"; }
events() { sql "SELECT count(*) FROM audit_event WHERE action = 'observations.import'"; }
version() { sql "SELECT value FROM meta WHERE key = 'data_version'"; }

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
"$VEIKART" user add per --role coordinator --db "$DB" --password-stdin <<<"$PW_PER" >/dev/null
"$VEIKART" user add kari --role reporter --actor SIVA --db "$DB" --password-stdin <<<"$PW_KARI" >/dev/null
# The built-in data has one observation of each.
B1=$(obs $IND)
B2=$(obs $IND2)
expect_eq "the built-in observations" "$B1/$B2" "1/1"
start_server "$DB" || exit 1

sign_in() {
	get /api/v1/session -X POST -H "$J" -c "$T/$1.jar" \
		--data-binary "{\"username\":\"$1\",\"password\":\"$2\"}"
	CSRF=$(jq -r .csrf_token "$T/body")
}
# upload USER LANG curl -F arguments...
upload() {
	local who=$1 lang=$2
	shift 2
	get "/$lang/workspace/observations" -X POST -b "$T/$who.jar" "$@"
}
body() { cat "$T/body"; }
h1() { grep -o '<h1[^>]*>[^<]*</h1>' "$T/body" | sed 's/<[^>]*>//g'; }

sign_in per "$PW_PER"
PER=$CSRF
sign_in kari "$PW_KARI"
KARI=$CSRF

printf 'period,value\n2023,120\n2024,135.5\n' >"$T/good.csv"
printf 'periode;verdi\n2022;1\n2023;abc\n2024;3\n' >"$T/line3.csv"
cat >"$T/good.json" <<'JSON'
{"version": "2.0", "class": "dataset", "label": "KBS-andel",
 "id": ["Tid"], "size": [3], "role": {"time": ["Tid"]},
 "dimension": {"Tid": {"category": {"index": ["2022", "2023", "2024"]}}},
 "value": [10, null, 12.5]}
JSON
cat >"$T/line3.json" <<'JSON'
{"version": "2.0", "class": "dataset",
 "id": ["Tid"], "size": [2], "role": {"time": ["Tid"]},
 "dimension": {"Tid": {"category": {"index": ["2022", "2023"]}}}, "value": [1, "x"]}
JSON
cat >"$T/regions.json" <<'JSON'
{"version": "2.0", "class": "dataset",
 "id": ["Region", "Tid"], "size": [2, 2], "role": {"time": ["Tid"]},
 "dimension": {"Region": {"category": {"index": ["0301", "4601"]}},
               "Tid": {"category": {"index": ["2022", "2023"]}}},
 "value": [1, 2, 3, 4]}
JSON

# ---- the form ----
get /nb/workspace/observations
expect_eq "anonymous goes to sign-in" "$STATUS" 303
get /nb/workspace/observations -b "$T/kari.jar"
expect_eq "a reporter: 403" "$STATUS" 403
get /nb/workspace/observations -b "$T/per.jar"
expect_eq "the form" "$STATUS/$(h1)" "200/Last opp indikatordata"
expect_match "a multipart form" "$(body)" 'enctype="multipart/form-data"'
expect_match "with the CSRF token" "$(body)" "name=\"csrf_token\" value=\"$PER\""
expect_match "a file field with a label" "$(body)" '<label class="ds-label" for="f-file">Fil'
expect_match "the indicators to choose" "$(body)" "<option value=\"$IND\">"
expect_match "check only" "$(body)" 'Bare kontroller filen'
get "/nb/workspace/observations?indicator=$IND" -b "$T/per.jar"
expect_match "indicator preselected" "$(body)" "<option value=\"$IND\" selected>"
get "/nb/workspace/observations?indicator=%3Cx%3E" -b "$T/per.jar"
expect_eq "a bad indicator parameter: 400" "$STATUS" 400
get /nn/workspace/observations -b "$T/per.jar"
expect_eq "nn" "$STATUS/$(h1)" "200/Last opp indikatordata"
expect_match "nn text" "$(body)" 'Berre kontroller fila'
get /en/workspace/observations -b "$T/per.jar"
expect_eq "en" "$STATUS/$(h1)" "200/Upload indicator data"

# ---- refusals that write nothing ----
upload kari nb -F "csrf_token=$KARI" -F "indicator=$IND" -F "file=@$T/good.csv;type=text/csv"
expect_eq "a reporter cannot upload" "$STATUS" 403
upload per nb -F "indicator=$IND" -F "file=@$T/good.csv;type=text/csv"
expect_eq "no CSRF token: 403" "$STATUS" 403
upload per nb -F "csrf_token=${PER%?}x" -F "indicator=$IND" -F "file=@$T/good.csv;type=text/csv"
expect_eq "a wrong CSRF token: 403" "$STATUS" 403
expect_eq "CSRF refusals audited" \
	"$(sql "SELECT count(*) > 0 FROM audit_event WHERE action = 'denied.csrf'")" 1
head -c 2000000 /dev/zero | tr '\0' 1 >"$T/huge.csv"
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/huge.csv;type=text/csv"
expect_eq "a 2 MB upload: 413" "$STATUS" 413
upload per nb -F "csrf_token=$PER" -F "indicator=$IND"
expect_eq "no file: 422" "$STATUS" 422
expect_match "says choose a file" "$(body)" 'href="#f-file">Velg en fil å laste opp.'
upload per nb -F "csrf_token=$PER" -F "indicator=" -F "file=@$T/good.csv;type=text/csv"
expect_eq "no indicator: 422" "$STATUS" 422
expect_match "says choose an indicator" "$(body)" 'href="#f-indicator">Velg indikatoren'
: >"$T/empty.csv"
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/empty.csv;type=text/csv"
expect_match "an empty file" "$STATUS $(body)" '^422 .*Filen er tom'
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "map=bare tull" \
	-F "file=@$T/good.csv;type=text/csv"
expect_match "a bad map line" "$STATUS $(body)" '^422 .*href="#f-map"'
expect_match "the options stay open" "$(body)" '<details class="ds-details" open>'
get /nb/workspace/observations -X POST -b "$T/per.jar" \
	--data-urlencode "csrf_token=$PER" --data-urlencode "indicator=$IND"
expect_match "a urlencoded post has no file" "$STATUS" '^4[0-9][0-9]$'
expect_eq "nothing written by refusals" "$(obs $IND)/$(events)" "$B1/0"

# ---- an error on line 3: listed, nothing written ----
v0=$(version)
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/line3.csv;type=text/csv"
expect_eq "a bad CSV: 422" "$STATUS" 422
expect_match "the summary" "$(body)" 'href="#f-problems">Filen har 1 feil, og ingenting er lagret'
expect_match "row 3, column 2, field value" "$(body)" \
	'<tr><td class="vk-num">3</td><td class="vk-num">2</td><td><code>verdi</code></td><td lang="en">[^<]*abc'
expect_match "rows are rows in CSV" "$(body)" '<th scope="col">Rad</th>'
expect_match "caption names the file" "$(body)" 'Feil i line3.csv'
expect_eq "nothing written, the good rows neither" "$(obs $IND)/$(events)/$(version)" "$B1/0/$v0"
upload per en -F "csrf_token=$PER" -F "indicator=$IND2" -F "file=@$T/line3.json;type=application/json"
expect_eq "a bad JSON-stat file: 422" "$STATUS" 422
expect_match "line 3 in JSON-stat" "$(body)" '<tr><td class="vk-num">3</td><td class="vk-num">[0-9]+</td>'
expect_match "lines are lines in JSON" "$(body)" '<th scope="col">Line</th>'
expect_match "English summary" "$(body)" 'The file has 1 errors, and nothing was saved'
expect_eq "nothing written from JSON-stat" "$(obs $IND2)" "$B2"
upload per nn -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/line3.csv;type=text/csv"
expect_match "nn summary" "$(body)" 'Fila har 1 feil, og ingenting er lagra'
expect_match "nn says the messages are English" "$(body)" 'Feilmeldingane frå kontrollen er på engelsk'

# ---- check only ----
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F dry_run=1 -F "file=@$T/good.csv;type=text/csv"
expect_eq "a check: 200" "$STATUS/$(h1)" "200/Filen er kontrollert, og ingenting er lagret"
expect_match "what would happen" "$(body)" 'blir 2 observasjoner lagt til og 0 endret'
expect_eq "a check writes nothing" "$(obs $IND)/$(events)/$(version)" "$B1/0/$v0"
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F dry_run=1 -F "file=@$T/line3.csv;type=text/csv"
expect_match "a check of a bad file lists its errors" "$STATUS $(body)" '^422 .*<code>verdi</code>'

# ---- saved ----
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/good.csv;type=text/csv;filename=<b>tall</b>.csv"
expect_eq "CSV saved" "$STATUS/$(h1)" "200/Observasjonene er lagret"
expect_eq "an upload answer is private" "$(header cache-control)" "private, no-store"
expect_match "the counts" "$(body)" '2 nye og 0 endrede observasjoner er lagret samlet'
expect_match "read as CSV" "$(body)" 'Filen ble lest som CSV.'
expect_match "a link to the indicator" "$(body)" "href=\"/nb/indicators/$IND\""
expect_match "the file name escaped" "$(body)" '&lt;b&gt;tall&lt;/b&gt;.csv'
expect_eq "no markup from the file name" "$(grep -c '<b>tall' "$T/body")" 0
expect_eq "two observations, one audit event" "$(obs $IND)/$(events)" "$((B1 + 2))/1"
expect_eq "the values" "$(sql "SELECT group_concat(period || '=' || value, ' ') FROM (SELECT * FROM observation WHERE indicator = '$IND' AND period >= '2023' ORDER BY period)")" \
	"2023=120.0 2024=135.5"
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F "file=@$T/good.csv;type=text/csv"
expect_eq "the same file again" "$STATUS/$(h1)" "200/Ingenting å endre"
expect_eq "nothing more written" "$(obs $IND)/$(events)" "$((B1 + 2))/1"
upload per nb -F "csrf_token=$PER" -F "indicator=$IND" -F dry_run=1 -F "file=@$T/good.csv;type=text/csv"
expect_match "a check of stored data" "$(body)" 'blir 0 observasjoner lagt til og 0 endret, og 2 blir som før'
upload per en -F "csrf_token=$PER" -F "indicator=$IND2" -F "file=@$T/good.json;type=application/json"
expect_eq "JSON-stat saved" "$STATUS/$(h1)" "200/The observations have been saved"
expect_match "read as JSON-stat" "$(body)" 'The file was read as JSON-stat 2.0.'
expect_match "one missing value" "$(body)" '<dt>Missing values \(skipped\)</dt><dd>1</dd>'
expect_eq "JSON-stat observations" "$(obs $IND2)" "$((B2 + 2))"

# ---- options: one category of a dimension, and a source ----
SRC=$(sql "SELECT id FROM entity WHERE collection = 'sources' ORDER BY id LIMIT 1" 2>/dev/null)
[ -n "$SRC" ] || SRC=$("$VEIKART" export --db "$DB" | jq -r '.sources[0].id')
upload per nb -F "csrf_token=$PER" -F "indicator=$IND2" -F "map=Region=0301" \
	-F "source=$SRC" -F "file=@$T/regions.json;type=application/json"
expect_eq "with a map and a source" "$STATUS/$(h1)" "200/Observasjonene er lagret"
expect_eq "only Oslo's, from the source" \
	"$(sql "SELECT count(*) FROM observation WHERE indicator = '$IND2' AND source = '$SRC'")" 2
upload per nb -F "csrf_token=$PER" -F "indicator=$IND2" -F "map=Region=9999" \
	-F "file=@$T/regions.json;type=application/json"
expect_match "an unknown category is listed" "$STATUS $(body)" '^422 .*9999'

finish
