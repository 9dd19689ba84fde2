#!/usr/bin/env bash
# End-to-end: the indicator pages and the focus-area pages against a
# running server, in bokmål, nynorsk and English. Every indicator of the
# built-in data: the table before the chart, the target in both, the
# progress class as the API gives it; observations imported through the
# API show up; the CSV and JSON-stat downloads; markup in an indicator's
# name is text, in the page and in the chart. Every focus area: its page,
# filters and sorting as plain GET forms, 400 for a bad value, the
# roll-up of an approved report with its rule.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"
NBSP=$'\xc2\xa0'

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
# One approved report: V-TP-1 (focus area VK-TP) at 30 %.
cat >"$T/report.json" <<'EOF'
{"format": "veikart-interchange", "version": 1, "reports": [
 {"id": "R-E2E-1", "measure": "V-TP-1", "period": "2025-T2",
  "actor": "SIVA", "state": "approved", "status": "at_risk",
  "progress": 30, "approved_at": "2025-09-12T08:30:00Z"}]}
EOF
"$VEIKART" import "$T/report.json" --db "$DB" >/dev/null 2>>"$T/cli.log" ||
	{ echo "import failed:"; cat "$T/cli.log"; exit 1; }
"$VEIKART" user add koordinator --role coordinator --db "$DB" \
	--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log"
COORD=$("$VEIKART" token create koordinator --scope write --db "$DB" \
	2>>"$T/cli.log")
[ -n "$COORD" ] || { echo "no token:"; cat "$T/cli.log"; exit 1; }

start_server "$DB" || exit 1

body() { cat "$T/body"; }
h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }
# The byte offset of the first match of a fixed string, or "none".
offset() {
	local o
	o=$(grep -boF -- "$1" "$T/body" | head -1 | cut -d: -f1)
	echo "${o:-none}"
}

# shell PATH LANG: 200, an HTML page in LANG with one h1 and the skip link.
shell() {
	get "$1"
	expect_eq "GET $1" "$STATUS" 200
	expect_match "$1 is HTML" "$(header content-type)" '^text/html'
	expect_eq "$1 <html lang>" "$(grep -c "<html lang=\"$2\"" "$T/body")" 1
	expect_eq "$1 one h1" "$(h1_count)" 1
	expect_eq "$1 skip link" \
		"$(grep -c 'class="ds-skip-link" href="#main"' "$T/body")" 1
}

declare -A TARGET_WORD=([nb]="Mål" [nn]="Mål" [en]="Target")
declare -A NONE_TEXT=([nb]="har ennå ingen" [nn]="har enno ingen"
	[en]="has no baseline")

# ---- the list and every indicator, in three languages ----

curl -s "http://127.0.0.1:$PORT/api/v1/indicators?limit=500" >"$T/ind.json"
IDS=$(jq -r '.items[].id' "$T/ind.json")
expect_eq "the built-in data has indicators" "$(echo "$IDS" | wc -l)" 16

for lang in nb nn en; do
	shell "/$lang/indicators" "$lang"
	for id in $IDS; do
		expect_match "$lang list links $id" "$(body)" \
			"href=\"/$lang/indicators/$id\""
	done
	expect_match "$lang list groups by strategy" "$(body)" \
		"<h2 [^>]*><a class=\"ds-link\" href=\"/$lang/strategies/eksport-helse-2024\">"
	expect_match "$lang list has a table with caption" "$(body)" \
		'<table class="ds-table" data-border>.<caption>'
done

for id in $IDS; do
	has_target=$(jq -r --arg id "$id" \
		'.items[] | select(.id == $id) | .target_value != null' \
		"$T/ind.json")
	has_values=$(jq -r --arg id "$id" '.items[] | select(.id == $id) |
		(.observations | length) > 0 or .baseline_value != null or
		.target_value != null' "$T/ind.json")
	curl -s "http://127.0.0.1:$PORT/api/v1/indicators/$id/progress" \
		>"$T/progress.json"
	for lang in nb nn en; do
		label=$(jq -r --arg l "$lang" '.label[$l]' "$T/progress.json")
		shell "/$lang/indicators/$id" "$lang"
		expect_match "$lang $id class text" "$(body)" \
			"<span class=\"ds-tag vk-status vk-progress\" data-color=\"[a-z]+\"><svg[^>]*>.*</svg><span>$label</span>"
		expect_match "$lang $id calculation written out" "$(body)" \
			'<strong>[^<]+</strong> [^<]{20,}</p>'
		if [ "$has_values" != true ]; then
			expect_match "$lang $id says it has no values" "$(body)" \
				"${NONE_TEXT[$lang]}"
			expect_eq "$lang $id no chart" "$(offset '<svg class="vk-chart"')" none
			continue
		fi
		table=$(offset '<table class="ds-table vk-values"')
		svg=$(offset '<svg class="vk-chart"')
		expect_match "$lang $id has a table" "$table" '^[0-9]+$'
		expect_match "$lang $id has a chart" "$svg" '^[0-9]+$'
		[ "$table" != none ] && [ "$svg" != none ] &&
			expect_eq "$lang $id table before chart" \
				"$((table < svg))" 1
		expect_match "$lang $id chart is an image with title and desc" \
			"$(body)" 'role="img" aria-labelledby="indicator-chart-title indicator-chart-desc"'
		expect_match "$lang $id chart desc" "$(body)" \
			'<desc id="indicator-chart-desc">[^<]{20,}</desc>'
		expect_match "$lang $id table has th scope" "$(body)" \
			'<th scope="row" class="vk-nowrap">'
		if [ "$has_target" = true ]; then
			expect_match "$lang $id target in the table" "$(body)" \
				"<td>${TARGET_WORD[$lang]}</td>"
			expect_match "$lang $id target in the chart" "$(body)" \
				'<g class="vk-chart-mark" data-mark="4">'
			expect_match "$lang $id trajectory legend" "$(body)" \
				'class="vk-chart-legend"'
		fi
	done
done

# The export indicator in numbers: the class the API gives, the value
# chosen for 2024 (25,9 from LMI; 29 is another source's), the target.
get /nb/indicators/I-EXPORT-HI
expect_match "nb decimal comma in the table" "$(body)" \
	'<td class="vk-num">25,9</td><td>Observasjon</td>'
expect_match "the other 2024 value is marked" "$(body)" \
	'<td class="vk-num">29</td><td>Observasjon fra en annen kilde</td>'
expect_match "the forecast is marked" "$(body)" \
	'<td class="vk-num">26,9</td><td>Prognose</td>'
expect_match "a source links its document" "$(body)" \
	'<td><a class="ds-link" href="https://www.lmi.no/'
expect_match "the chart's target mark says its value" "$(body)" \
	'<title>2030: 50</title>'
expect_match "the calculation with its numbers" "$(body)" \
	'Utregning:</strong> Utgangsverdi 22 mrd\. NOK \(2021\), mål 50 \(2030\), siste verdi 25,9 \(2024\)'
expect_match "the rule with the thresholds" "$(body)" \
	'«I rute» ved 0,95 eller mer'
expect_match "several sources: which one counts" "$(body)" \
	'Utregningen bruker verdien fra <a class="ds-link" href="https://www.lmi.no/'
expect_match "the goal and its strategy" "$(body)" \
	'Doble eksportinntektene fra helsenæringen innen 2030 \(<a class="ds-link" href="/nb/strategies/eksport-helse-2024">'
get /en/indicators/I-EXPORT-HI
expect_match "en decimal point" "$(body)" '<td class="vk-num">25.9</td>'
expect_match "en calculation" "$(body)" 'Calculation:</strong> Baseline 22'

# Downloads: CSV from the page, JSON-stat and the calculation from the API.
get /nb/indicators/I-EXPORT-HI
expect_match "CSV link" "$(body)" \
	'download="I-EXPORT-HI.csv" type="text/csv" href="/nb/indicators/I-EXPORT-HI\?format=csv"'
expect_match "JSON-stat link" "$(body)" \
	'href="/api/v1/indicators/I-EXPORT-HI/observations\?format=jsonstat"'
get "/nb/indicators/I-EXPORT-HI?format=csv"
expect_eq "CSV status" "$STATUS" 200
expect_eq "CSV type" "$(header content-type)" "text/csv; charset=utf-8"
expect_eq "CSV header" "$(head -1 "$T/body" | tr -d '\r')" \
	"indicator,period,kind,breakdown,value,unit,status,source,source_title,source_url,note"
expect_match "CSV target row" "$(body)" 'I-EXPORT-HI,2030,target,,50,mrd\. NOK,'
expect_match "CSV other source" "$(body)" 'I-EXPORT-HI,2024,other_source,,29,'
expect_eq "CSV rows" "$(wc -l <"$T/body" | tr -d ' ')" 9
get /api/v1/indicators/I-EXPORT-HI/observations?format=jsonstat
expect_eq "JSON-stat download" "$STATUS/$(jq -r .version "$T/body")" "200/2.0"
get /api/v1/indicators/I-EXPORT-HI/progress
expect_eq "progress download" "$STATUS" 200

# Not found and bad parameters.
for p in /nb/indicators/NO-SUCH /en/indicators/NO-SUCH "/nn/indicators/%3Cx%3E"; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 404
	expect_match "$p is a page" "$(header content-type)" '^text/html'
done
for p in "/nb/indicators/I-EXPORT-HI?format=xml" \
	"/nb/indicators/I-EXPORT-HI?colour=red" "/nb/indicators?sort=id" \
	"/nb/indicators/I-EXPORT-HI?format=csv&format=csv"; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 400
	expect_match "$p is a page" "$(header content-type)" '^text/html'
done

# ---- observations imported through the API show up ----

get /nb/indicators/I-KBS-IND
expect_eq "before the import: no table" "$(offset '<table class="ds-table vk-values"')" none
printf 'periode;verdi\n2022;1234,5\n2023;1500\n2024;..\n' >"$T/obs.csv"
get /api/v1/indicators/I-KBS-IND/observations/import -X POST \
	-H "Authorization: Bearer $COORD" -H 'Content-Type: text/csv' \
	--data-binary @"$T/obs.csv"
expect_eq "import through the API" "$STATUS" 200
expect_eq "two created" "$(jq -r .created "$T/body")" 2
get /nb/indicators/I-KBS-IND
expect_match "imported value in nb" "$(body)" \
	"<td class=\"vk-num\">1${NBSP}234,5</td><td>Observasjon</td>"
expect_match "imported latest value" "$(body)" \
	"<td class=\"vk-num\">1${NBSP}500</td>"
expect_match "chart after the import" "$(body)" \
	'class="vk-chart-observed"'
expect_match "desc counts them" "$(body)" '2 observasjoner fra 2022 til 2023'
expect_eq "table before chart after the import" \
	"$(( $(offset '<table class="ds-table vk-values"') < $(offset '<svg class="vk-chart"') ))" 1
get /en/indicators/I-KBS-IND
expect_match "imported value in en" "$(body)" '<td class="vk-num">1,234.5</td>'
get /nb/indicators
expect_match "list shows the imported latest value" "$(body)" \
	"I-KBS-IND\">[^<]*</a></th><td>1${NBSP}500${NBSP}poeng"

# ---- markup in an indicator is text, in the page and in the chart ----

NAME='<script>alert(1)</script> & "æøå"'
get /api/v1/indicators -X POST -H "Authorization: Bearer $COORD" \
	-H 'Content-Type: application/json' \
	--data "$(jq -n --arg n "$NAME" '{id: "I-E2E", name_nb: $n,
		unit: "<b>kr</b>", baseline_value: 10, baseline_year: 2020,
		target_value: 5, target_year: 2030, direction: "lower",
		source: "seed-000",
		observations: [{period: "2022", value: 8, source: "seed-000"},
			       {period: "2024", value: -2, source: "seed-000"}]}')"
expect_eq "create indicator" "$STATUS" 201
for p in /nb/indicators/I-E2E /en/indicators/I-E2E /nb/indicators; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 200
	expect_eq "$p has no script element" "$(grep -c '<script' "$T/body")" 0
	expect_eq "$p has no b element" "$(grep -c '<b>' "$T/body")" 0
	expect_match "$p shows the name escaped" "$(body)" \
		'&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;æøå&quot;'
done
get /nb/indicators/I-E2E
expect_match "chart title escaped" "$(body)" \
	'<title id="indicator-chart-title">&lt;script&gt;alert\(1\)&lt;/script&gt;'
expect_match "unit escaped on the axis" "$(body)" \
	'text-anchor="start">&lt;b&gt;kr&lt;/b&gt;</text>'
expect_match "lower is better" "$(body)" 'Lavere verdier er bedre'
expect_match "below zero on the axis" "$(body)" '>−5</text>'
expect_match "target achieved when below it" "$(body)" 'Målet er nådd'

# ---- focus areas ----

curl -s "http://127.0.0.1:$PORT/api/v1/focus-areas?limit=500" >"$T/fa.json"
FAS=$(jq -r '.items[].id' "$T/fa.json")
expect_eq "the built-in data has focus areas" "$(echo "$FAS" | wc -l)" 21
for fa in $FAS; do
	sid=$(jq -r --arg id "$fa" '.items[] | select(.id == $id) | .strategy' \
		"$T/fa.json")
	n=$(curl -s "http://127.0.0.1:$PORT/api/v1/measures?focus_area=$fa&limit=500" |
		jq .total)
	for lang in nb nn en; do
		shell "/$lang/focus-areas/$fa" "$lang"
		expect_match "$lang $fa crumbs reach the strategy" "$(body)" \
			"<nav class=\"ds-breadcrumbs[^>]*>.*href=\"/$lang/strategies\".*href=\"/$lang/strategies/$sid\".*</nav>"
		expect_match "$lang $fa period of the status" "$(body)" \
			'class="ds-paragraph vk-period"'
		expect_match "$lang $fa roll-up rule" "$(body)" \
			'<div class="vk-rollup">'
		if [ "$n" -gt 0 ]; then
			expect_match "$lang $fa filter form to itself" "$(body)" \
				"<form class=\"vk-filters\" method=\"get\" action=\"/$lang/focus-areas/$fa\">"
			expect_match "$lang $fa status filter" "$(body)" \
				'<label class="ds-label" for="filter-status">'
			expect_match "$lang $fa actor filter" "$(body)" \
				'<label class="ds-label" for="filter-actor">'
			expect_match "$lang $fa sortable columns" "$(body)" \
				"href=\"/$lang/focus-areas/$fa\\?sort=title\""
			shell "/$lang/focus-areas/$fa?status=not_reported&sort=-title" "$lang"
			shell "/$lang/focus-areas/$fa?actor=SIVA&status=&sort=progress" "$lang"
		fi
		get "/$lang/focus-areas/$fa?status=bogus"
		expect_eq "$lang $fa bad status" "$STATUS" 400
	done
done

# Filters filter, and sorting turns around.
get "/nb/focus-areas/VK-TP?sort=-id"
expect_match "sorted descending" "$(body)" 'V-TP-2</td>.*V-TP-1</td>'
expect_match "descending is marked" "$(body)" 'aria-sort="descending"'
get "/nb/focus-areas/VK-TP?status=at_risk"
expect_match "status filter keeps the reported one" "$(body)" \
	'Viser 1 av 2 tiltak\.'
expect_match "status filter shows V-TP-1" "$(body)" 'V-TP-1</td>'
expect_match "selected status kept in the form" "$(body)" \
	'<option value="at_risk" selected>'
expect_match "sort links keep the filter" "$(body)" \
	'href="/nb/focus-areas/VK-TP\?status=at_risk&amp;sort=title"'
nfd=$(curl -s "http://127.0.0.1:$PORT/api/v1/measures?focus_area=VK-TP&actor=NFD" |
	jq .total)
get "/nb/focus-areas/VK-TP?actor=NFD"
expect_match "actor filter counts" "$(body)" "Viser $nfd av 2 tiltak\\."

# The roll-up: (30 + 0) / 2 with the rule written next to it.
get /nb/focus-areas/VK-TP
expect_match "roll-up number" "$(body)" \
	"<span class=\"vk-rollup-number\">15${NBSP}%</span>"
expect_match "roll-up calculation" "$(body)" \
	"30 prosentpoeng ÷ 2 \\(summen av vektene\\) = 15,0${NBSP}%"
expect_match "roll-up weights" "$(body)" 'hvert tiltak har vekt 1'
expect_match "progress in the table" "$(body)" \
	"<td class=\"vk-num\">30${NBSP}%</td>"
get /en/focus-areas/VK-TP
expect_match "en roll-up" "$(body)" '<span class="vk-rollup-number">15%</span>'

for p in "/nb/focus-areas/VK-TP?sort=sideways" "/nb/focus-areas/VK-TP?colour=red" \
	"/nb/focus-areas/VK-TP?status=at_risk&status=delayed" \
	"/nb/focus-areas/VK-TP?actor=%3Cx%3E" "/nb/focus-areas/VK-TP?focus=VK-TP"; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 400
	expect_match "$p is a page" "$(header content-type)" '^text/html'
done
for p in /nb/focus-areas/NO-SUCH "/en/focus-areas/%3Cx%3E"; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 404
done

finish
