#!/usr/bin/env bash
# End-to-end: the "what changed" page, the open-data page, the diff
# between approved reports on a measure's page and a strategy's downloads,
# against a running server after writes through the API. Checks the
# changed aspects and old/new values (with the hidden "før"/"etter"), all
# three languages, escaping, that drafts, comments and user names stay
# out, 400 pages for bad parameters, and that every download link on the
# open-data and strategy pages answers 200 with its declared type.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"
TODAY=$(date +%F)
TOMORROW=$(date -d tomorrow +%F)

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
for u in koordinator:coordinator leser:reader; do
	"$VEIKART" user add "${u%%:*}" --role "${u##*:}" --db "$DB" \
		--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log"
done
COORD=$("$VEIKART" token create koordinator --scope write --db "$DB" \
	2>>"$T/cli.log")
[ -n "$COORD" ] || { echo "no token:"; cat "$T/cli.log"; exit 1; }
start_server "$DB" || exit 1

AUTH=(-H "Authorization: Bearer $COORD")
body() { cat "$T/body"; }
h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }
etag() { curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/api/v1/$1" |
	grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r'; }
patch() {
	get "/api/v1/$1" -X PATCH "${AUTH[@]}" -H "If-Match: $(etag "$1")" \
		-H 'Content-Type: application/merge-patch+json' --data "$2"
	expect_eq "PATCH $1" "$STATUS" 200
}
post() {
	get "$1" -X POST "${AUTH[@]}" -H 'Content-Type: application/json' \
		--data "${2:-{\}}"
}
# report MEASURE PERIOD JSON ACTIONS...: a status report moved along.
report() {
	local m=$1 p=$2 json=$3
	shift 3
	post "/api/v1/measures/$m/reports" "$json"
	expect_eq "create report $m $p" "$STATUS" 201
	for a in "$@"; do
		if [ "$a" = return ]; then
			post "/api/v1/reports/$m.$p/return" \
				'{"comment": "INTERN KOMMENTAR fra sekretariatet"}'
		else
			post "/api/v1/reports/$m.$p/$a"
		fi
		expect_eq "$a report $m $p" "$STATUS" 200
	done
}

# ---- before any change ----
for lang in nb nn en; do
	get "/$lang/changes"
	expect_eq "GET /$lang/changes" "$STATUS" 200
	expect_eq "/$lang/changes one h1" "$(h1_count)" 1
	expect_match "/$lang/changes has the form" "$(body)" \
		'<form class="vk-changes-form" method="get" action="/'$lang'/changes">'
	expect_match "/$lang/changes labels the date" "$(body)" \
		'<label class="ds-label" for="changes-date">'
done
get /nb/changes
expect_match "empty state" "$(body)" 'Ingen tiltak er endret i dette tidsrommet'
expect_eq "no table when empty" "$(grep -c '<table' "$T/body")" 0
expect_match "default is the previous tertial" "$(body)" \
	'<option value="[0-9]{4}-T[123]" selected>'

# ---- writes through the API ----
patch measures/V-TP-1 '{"deadline": "2026-12-31",
	"responsible": [{"actor": "SIVA", "role": "lead"},
			{"actor": "IN", "role": "contributing"}],
	"allocations": [{"scheme": "SCH-KATAPULT", "year": 2025,
			 "amount_nok": 5000000}]}'
patch measures/V-TP-2 '{"title_nb": "<script>alert(1)</script> & \"æøå\""}'
for p in 2025-T2 2025-T3; do
	post /api/v1/periods "{\"id\": \"$p\"}"
	expect_eq "open $p" "$STATUS" 201
done
report V-TP-1 2025-T2 '{"period": "2025-T2", "status": "on_track",
	"progress": 20, "done_text": "Vi har startet arbeidet med katapulten.",
	"next_steps": "Utlysning i høst."}' submit approve
report V-TP-1 2025-T3 '{"period": "2025-T3", "status": "delayed",
	"progress": 25, "done_text": "Vi har startet arbeidet med katapulten, men utlysningen er utsatt.",
	"next_steps": "Utlysning i høst."}' submit approve
# Not public: a returned report with a comment, and a draft.
report V-DA-1 2025-T3 '{"period": "2025-T3", "status": "at_risk",
	"progress": 5, "done_text": "HEMMELIG UTKAST"}' submit return
report V-HT-1 2025-T3 '{"period": "2025-T3", "status": "at_risk",
	"progress": 5, "done_text": "ANNET UTKAST"}'

# ---- the changes page ----
get "/nb/changes?from=date&date=$TODAY"
expect_eq "changes since today" "$STATUS" 200
page=$(body)
expect_match "interval said" "$page" 'Endringer fra [0-9]+\. [a-zæøå]+ [0-9]{4} til nå\.'
expect_match "count" "$page" '2 tiltak er endret\.'
expect_match "table with caption" "$page" '<caption id="changes-caption">'
expect_match "row header links the measure" "$page" \
	'<th scope="row"><a class="ds-link" href="/nb/measures/V-TP-1">'
expect_match "status tag" "$page" 'data-color="info">Status</span> <del><span class="ds-sr-only">før: </span><span class="ds-tag vk-status"[^>]*>.*<span>Ikke rapportert</span>'
expect_match "new status" "$page" '<ins><span class="ds-sr-only">etter: </span><span class="ds-tag vk-status" data-color="danger">.*<span>Forsinket</span>'
expect_match "progress old -> new" "$page" 'Fremdrift</span> <del>.*ingen</span></del> <span aria-hidden="true">→</span> <ins><span class="ds-sr-only">etter: </span>25[^<]*%</ins>'
expect_match "reports approved" "$page" 'Rapportene for 2025-T2 \(mai–august 2025\), 2025-T3 \(september–desember 2025\) er godkjent\.'
expect_match "responsibility removed" "$page" 'Ansvar</span> <ul class="vk-change-list"><li><del><span class="ds-sr-only">før: </span><a class="ds-link" href="/nb/actors/NFR">'
expect_match "funding added" "$page" 'Finansiering</span> <ul class="vk-change-list"><li><ins><span class="ds-sr-only">etter: </span>[^<]*, 2025: 5[^<]*000[^<]*000[^<]*kr</ins>'
expect_match "deadline field" "$page" 'Frist:</span> <del>.*</del> <span aria-hidden="true">→</span> <ins><span class="ds-sr-only">etter: </span>31\. desember 2026</ins>'
expect_match "title field" "$page" 'Tittel \(bokmål\):</span>'
expect_eq "markup in data is text" "$(grep -c '<script' "$T/body")" 0
expect_match "title escaped" "$page" '&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;æøå&quot;'
expect_eq "no user name" "$(grep -c 'koordinator' "$T/body")" 0
expect_eq "no draft text" "$(grep -c 'HEMMELIG\|ANNET UTKAST' "$T/body")" 0
expect_eq "no comment" "$(grep -c 'INTERN KOMMENTAR' "$T/body")" 0
expect_eq "returned report's measure not listed" \
	"$(grep -c 'href="/nb/measures/V-DA-1"' "$T/body")" 0
# Newest change first: V-TP-1's last report came after V-TP-2's title.
first=$(grep -o '<th scope="row"><a class="ds-link" href="/nb/measures/[^"]*"' \
	"$T/body" | head -1)
expect_match "newest first" "$first" 'V-TP-1"$'

get "/nn/changes?from=date&date=$TODAY"
expect_match "nn" "$(body)" '2 tiltak er endra\..*<span class="ds-sr-only">før: </span>'
expect_match "nn aspects" "$(body)" 'Framdrift</span>'
get "/en/changes?date=$TODAY"
expect_match "en without from: the date" "$(body)" '2 measures have changed\.'
expect_match "en labels" "$(body)" '<span class="ds-sr-only">before: </span>.*<span class="ds-sr-only">after: </span>'
expect_match "en aspects" "$(body)" 'Responsibility</span>.*Funding</span>'
# The default (previous tertial) and a period both include today.
get /nb/changes
expect_match "default period includes today" "$(body)" '2 tiltak er endret\.'
get "/nb/changes?from=period&period=2000-T1"
expect_match "period 2000-T1" "$(body)" 'Endringer fra 1\. januar 2000 \(starten av 2000-T1 \(januar–april 2000\)\) til nå\.'
expect_match "period listed and chosen" "$(body)" '<option value="2000-T1" selected>'
get "/nb/changes?from=date&date=$TOMORROW&period="
expect_eq "tomorrow is the future" "$STATUS" 400
# Signed in, the page is the same: still no names.
curl -s -c "$T/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"koordinator\",\"password\":\"$PW\"}" \
	"http://127.0.0.1:$PORT/api/v1/session" >/dev/null
get "/nb/changes?date=$TODAY" -b "$T/jar"
expect_eq "signed in: 200" "$STATUS" 200
expect_eq "signed in: no user name in the list" \
	"$(sed -n '/<main/,/<\/main>/p' "$T/body" | grep -c 'koordinator')" 0
expect_eq "signed in: not cached" "$(header cache-control)" "private, no-store"

# Bad parameters: a 400 page in the page's language, saying what to do.
check_400() {
	get "$1"
	expect_eq "GET $1" "$STATUS" 400
	expect_match "$1 is a page" "$(header content-type)" '^text/html'
	expect_match "$1 says why" "$(body)" "$2"
}
check_400 "/nb/changes?date=2025-13-01" 'Datoen må skrives som åååå-mm-dd'
check_400 "/nb/changes?date=1.5.2025" 'Datoen må skrives som åååå-mm-dd'
check_400 "/nn/changes?from=date" 'Skriv inn ein dato'
check_400 "/en/changes?period=2025-T9" 'There is no such period'
check_400 "/en/changes?date=$TOMORROW" 'The date is in the future'
check_400 "/nb/changes?period=2199-T1" 'Datoen er fram i tid'
check_400 "/nb/changes?from=yesterday" 'ugyldig verdi'
check_400 "/nb/changes?since=2025-01-01" 'parameter som denne siden ikke bruker'
check_400 "/nb/changes?date=2025-01-01&date=2025-02-01" 'parameter'

# ---- the measure page: the diff between two approved reports ----
for lang in nb nn en; do
	get "/$lang/measures/V-TP-1"
	expect_eq "GET /$lang/measures/V-TP-1" "$STATUS" 200
	expect_eq "/$lang measure one h1" "$(h1_count)" 1
done
get /nb/measures/V-TP-1
page=$(body)
expect_match "diff summary" "$page" 'Endret fra rapporten for 2025-T2 \(mai–august 2025\): <span class="vk-field-name">Status:</span> <del>.*I rute.*</del> <span aria-hidden="true">→</span> <ins>.*Forsinket'
expect_match "progress diff" "$page" 'Fremdrift:</span> <del><span class="ds-sr-only">før: </span>20[^<]*%</del>'
expect_match "text diff folded" "$page" '<details class="ds-details vk-diff-details"><summary>Vis hva som er endret i teksten siden 2025-T2</summary>'
expect_match "word diff" "$page" 'Vi har startet arbeidet med katapulten<ins><span class="ds-sr-only">etter: </span>, men utlysningen er utsatt</ins>\.'
expect_eq "unchanged text not in the diff" \
	"$(sed -n '/<details/,/<\/details>/p' "$T/body" | grep -c 'Neste steg')" 0
expect_eq "the first report has no diff" "$(grep -c 'vk-diff-summary' "$T/body")" 1
get /en/measures/V-TP-1
expect_match "en diff, report text marked Norwegian" "$(body)" \
	'Changed from the report for 2025-T2.*<span class="vk-diff" lang="no">'

# ---- the open-data page ----
for lang in nb nn en; do
	get "/$lang/open-data"
	expect_eq "GET /$lang/open-data" "$STATUS" 200
	expect_eq "/$lang/open-data one h1" "$(h1_count)" 1
	expect_match "/$lang licence link" "$(body)" 'href="https://data.norge.no/nlod/no/2.0"'
	expect_match "/$lang licence in English" "$(body)" 'href="https://data.norge.no/nlod/en/2.0"'
done
get /nb/open-data
page=$(body)
expect_match "NLOD named" "$page" 'Norsk lisens for offentlige data \(NLOD\) 2\.0'
expect_match "datasets table" "$page" '<caption id="datasets-caption">'
expect_match "measures with count" "$page" '<tr id="dataset-measures"><th scope="row">Tiltak<span class="vk-desc">[^<]*</span></th><td class="vk-num">[0-9]+</td>'
expect_match "reports: approved only" "$page" '<tr id="dataset-reports"><th scope="row">Statusrapporter<span class="vk-desc">[^<]*</span></th><td class="vk-num">2</td>'
expect_match "API pointer" "$page" 'docs/api\.md'
# Every collection of the API is a row.
for c in $(curl -s "http://127.0.0.1:$PORT/api/v1" | jq -r '.. | .name? // empty' 2>/dev/null); do
	expect_match "dataset $c listed" "$page" "id=\"dataset-$c\""
done
# Every download link answers 200 with the type the link declares.
check_links() {
	local n=0 href type
	while read -r href type; do
		href=$(sed 's/&amp;/\&/g' <<<"$href")
		get "$href"
		expect_eq "$1: GET $href" "$STATUS" 200
		expect_match "$1: $href type" "$(header content-type)" "^${type//+/\\+}"
		n=$((n + 1))
	done < <(grep -o 'href="/api/[^"]*" type="[^"]*"' "$2" |
		sed 's/^href="\([^"]*\)" type="\([^"]*\)"$/\1 \2/')
	echo "$n"
}
cp "$T/body" "$T/opendata.html"
n=$(check_links open-data "$T/opendata.html" | tail -1)
expect_match "open-data links checked" "$n" '^[0-9]{2,}$'
get /api/v1/datasets/reports.json
expect_eq "reports download has no draft" "$(grep -c 'HEMMELIG\|ANNET UTKAST\|INTERN' "$T/body")" 0

# ---- the strategy page's downloads ----
for lang in nb nn en; do
	get "/$lang/strategies/veikart-2023"
	expect_eq "GET /$lang/strategies/veikart-2023" "$STATUS" 200
	expect_match "/$lang downloads heading" "$(body)" '<h2 class="ds-heading" data-size="md" id="downloads">'
	expect_match "/$lang PDF link in the page's language" "$(body)" \
		'href="/api/v1/strategies/veikart-2023/report.pdf\?period=[0-9]{4}-T[123]&amp;lang='$lang'" type="application/pdf"'
done
get /nb/strategies/veikart-2023
expect_match "anonymous: the public PDF" "$(body)" 'PDF; bare godkjente rapporter'
cp "$T/body" "$T/strategy.html"
n=$(check_links strategy "$T/strategy.html" | tail -1)
expect_eq "strategy links checked (PDF, XLSX, JSON, CSV)" "$n" 4
get /api/v1/measures?strategy=veikart-2023\&limit=500
expect_eq "the JSON link has every measure" "$(jq '.next' "$T/body")" null
get /nb/strategies/veikart-2023 -b "$T/jar"
expect_match "signed in: the PDF with unapproved reports" "$(body)" \
	'PDF; viser også rapporter som venter på godkjenning'
pdf=$(grep -o 'href="/api/v1/strategies/veikart-2023/report.pdf[^"]*"' "$T/body" |
	sed 's/^href="//; s/"$//; s/&amp;/\&/g')
get "$pdf" -b "$T/jar"
expect_eq "signed in: PDF 200" "$STATUS" 200
expect_eq "signed in: PDF type" "$(header content-type)" "application/pdf"

finish
