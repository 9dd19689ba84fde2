#!/usr/bin/env bash
# End-to-end: the web portal against a running server. Every page type in
# bokmål, nynorsk and English; the page shell (lang, one h1, skip link, a
# language switch that keeps the page); 404 and 405 pages beside the
# API's problem+json; a measure created through the write API with markup
# in its title, shown escaped; the fingerprinted CSS with immutable cache
# headers; "/" redirected by Accept-Language; start-up without npm ci.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
"$VEIKART" user add koordinator --role coordinator --db "$DB" \
	--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log"
COORD=$("$VEIKART" token create koordinator --scope write --db "$DB" \
	2>>"$T/cli.log")
[ -n "$COORD" ] || { echo "no token:"; cat "$T/cli.log"; exit 1; }

# Without the npm packages the server refuses to start, saying why.
out=$("$VEIKART" serve --db "$DB" --listen 127.0.0.1:0 \
	--assets "$T/nowhere" 2>&1)
expect_eq "serve without assets exits 3" "$?" 3
expect_match "message names npm ci" "$out" 'npm ci'

start_server "$DB" || exit 1

h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }

# check_page PATH LANG: 200, the shell, and the switch keeping the path.
check_page() {
	local path=$1 lang=$2 rest=${1#/??}
	get "$path"
	expect_eq "GET $path" "$STATUS" 200
	expect_match "$path content type" "$(header content-type)" '^text/html; charset=utf-8$'
	expect_eq "$path <html lang>" "$(grep -c "<html lang=\"$lang\"" "$T/body")" 1
	expect_eq "$path one h1" "$(h1_count)" 1
	expect_eq "$path skip link" \
		"$(grep -c 'class="ds-skip-link" href="#main"' "$T/body")" 1
	expect_eq "$path main landmark" "$(grep -c '<main id="main"' "$T/body")" 1
	for other in nb nn en; do
		expect_eq "$path switch to $other" "$(grep -cF \
			"href=\"/$other${rest//&/&amp;}\" hreflang=\"$other\"" \
			"$T/body")" 1
	done
}

pages=(/ /strategies /strategies/veikart-2023 /measures /measures/V-TP-1
	/actors /actors/SIVA /about /accessibility /privacy
	"/measures?status=not_reported&sort=-title")
for lang in nb nn en; do
	for p in "${pages[@]}"; do
		check_page "/$lang$p" "$lang"
	done
done

# Footer and main menu link where they should, in the page's language.
get /nn/measures
expect_match "menu marks the section" "$(cat "$T/body")" \
	'href="/nn/measures" aria-current="page">Tiltak<'
expect_match "footer links the statement" "$(cat "$T/body")" \
	'href="/nn/accessibility">Tilgjengelegheitserklæring<'
expect_match "footer links privacy" "$(cat "$T/body")" 'href="/nn/privacy"'
expect_match "footer links open data" "$(cat "$T/body")" 'href="/nn/open-data"'

# Not found, bad parameters, wrong method: pages, not JSON.
for p in /nb/measures/NO-SUCH /en/actors/NO-SUCH /nn/strategies/x /nb/nothing \
	/static/nothing.css /xx/; do
	get "$p"
	expect_eq "GET $p" "$STATUS" 404
	expect_match "$p is a page" "$(header content-type)" '^text/html'
	expect_eq "$p one h1" "$(h1_count)" 1
done
get /en/measures/NO-SUCH
expect_match "404 in the path's language" "$(cat "$T/body")" 'Page not found'
get "/nb/measures?status=bogus"
expect_eq "bad filter" "$STATUS" 400
expect_match "400 is a page" "$(header content-type)" '^text/html'
get /nb/ -X POST
expect_eq "POST a page" "$STATUS" 405
expect_eq "405 Allow" "$(header allow)" "GET, HEAD"
expect_match "405 is a page" "$(header content-type)" '^text/html'
# ... while /api keeps speaking problem+json.
get /api/v1/nothing
expect_eq "API 404" "$STATUS" 404
expect_eq "API 404 type" "$(header content-type)" "application/problem+json"
get /api
expect_eq "bare /api is the API's" "$(header content-type)" "application/problem+json"

# A measure whose title is markup, made through the write API, is text.
TITLE='<script>alert(1)</script> & "æøå"'
get /api/v1/measures -X POST -H "Authorization: Bearer $COORD" \
	-H 'Content-Type: application/json' \
	--data "$(jq -n --arg t "$TITLE" \
		'{strategy: "veikart-2023", title_nb: $t, source: "seed-003",
		  responsible: [{actor: "SIVA", role: "lead"}]}')"
expect_eq "create measure" "$STATUS" 201
MID=$(jq -r .id "$T/body")
for p in "/nb/measures/$MID" /nb/measures /nb/strategies/veikart-2023 \
	/nb/actors/SIVA "/en/measures/$MID"; do
	get "$p"
	expect_eq "GET $p after the write" "$STATUS" 200
	expect_eq "$p has no script element" "$(grep -c '<script' "$T/body")" 0
	expect_match "$p shows the title escaped" "$(cat "$T/body")" \
		'&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;æøå&quot;'
done
get "/en/measures/$MID"
expect_match "untranslated title marked nb" "$(cat "$T/body")" \
	'<h1 class="ds-heading" data-size="lg"><span lang="nb">&lt;script'

# Static CSS: fingerprinted URLs in the page, immutable, served from memory.
get /nb/
css=$(grep -o 'href="/static/[a-z]*\.[0-9a-f]\{10\}\.css"' "$T/body" |
	sed 's/^href="//; s/"$//')
expect_eq "three style sheets" "$(echo "$css" | wc -l | tr -d ' ')" 3
for url in $css; do
	get "$url"
	expect_eq "GET $url" "$STATUS" 200
	expect_eq "$url type" "$(header content-type)" "text/css; charset=utf-8"
	expect_eq "$url cache" "$(header cache-control)" \
		"public, max-age=31536000, immutable"
	expect_match "$url body" "$(head -c 2000 "$T/body")" '[{};]'
done
ds=$(echo "$css" | grep designsystemet)
get "$ds"
expect_match "the Designsystemet CSS" "$(cat "$T/body")" '\.ds-skip-link'
get "${ds%.*.css}.0000000000.css"
expect_eq "stale fingerprint" "$STATUS" 404
get /static/veikart.css
expect_eq "name without fingerprint" "$STATUS" 404

# "/" goes to the language the browser prefers among ours.
get / -H 'Accept-Language: nn-NO,nn;q=0.9,en;q=0.5'
expect_eq "/ for nn" "$STATUS/$(header location)" "302//nn/"
get / -H 'Accept-Language: en-GB,en;q=0.8'
expect_eq "/ for en" "$STATUS/$(header location)" "302//en/"
get / -H 'Accept-Language: de-DE,de;q=0.9'
expect_eq "/ for de" "$STATUS/$(header location)" "302//nb/"
get /
expect_eq "/ without a header" "$STATUS/$(header location)" "302//nb/"
expect_eq "/ is not stored" "$(header cache-control)" "no-store"
get /en
expect_eq "/en" "$STATUS/$(header location)" "301//en/"

# Pages revalidate with ETag like the API.
get /nb/actors
tag=$(header etag)
get /nb/actors -H "If-None-Match: $tag"
expect_eq "page 304" "$STATUS" 304


# The front page (helper "front"): the share of measures reported in the
# period the status reflects, the indicators by progress class and the
# latest approved reports, in three languages; a report shows there only
# once approved, and the cached page follows the approval.
get /nb/
expect_match "front: no period opened" "$(cat "$T/body")" \
	'Rapporteringen for 20[0-9]{2}-T[1-3] er ikke åpnet ennå'
expect_match "front: no reports yet" "$(cat "$T/body")" \
	'Ingen statusrapporter er godkjent ennå'
expect_match "front: indicators by class" "$(cat "$T/body")" \
	'<ul class="vk-progress-counts"><li><span class="ds-tag vk-status vk-progress"'
"$VEIKART" user add siva-rapportor --role reporter --actor SIVA --db "$DB" \
	--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log"
SIVA=$("$VEIKART" token create siva-rapportor --scope write --db "$DB" \
	2>>"$T/cli.log")
api() { # api METHOD PATH TOKEN [JSON]
	get "$2" -X "$1" -H "Authorization: Bearer $3" \
		-H 'Content-Type: application/json' ${4:+--data "$4"}
}
api POST /api/v1/periods "$COORD" '{"id": "2025-T2"}'
expect_eq "front: open 2025-T2" "$STATUS" 201
REPORT='{"period": "2025-T2", "status": "at_risk", "progress": 30,
 "done_text": "Avtale signert <b>i dag</b>."}'
api POST /api/v1/measures/V-TP-1/reports "$SIVA" "$REPORT"
expect_eq "front: draft" "$STATUS" 201
RID=$(jq -r .id "$T/body")
api POST "/api/v1/reports/$RID/submit" "$SIVA"
expect_eq "front: submit" "$STATUS" 200
api POST /api/v1/measures/V-TP-2/reports "$SIVA" "$REPORT"
RID2=$(jq -r .id "$T/body")
api POST "/api/v1/reports/$RID2/submit" "$SIVA"
expect_eq "front: a second report, submitted only" "$STATUS" 200
api POST "/api/v1/reports/$RID/approve" "$COORD"
expect_eq "front: approve" "$STATUS" 200
# Active measures of the roadmap: the ones that owe a report.
get "/api/v1/measures?limit=500"
N=$(jq '[.items[] | select(.strategy == "veikart-2023" and
	.state == "active")] | length' "$T/body")
get /nb/
front=$(cat "$T/body")
expect_match "front: status period" "$front" 'Status per 2025-T2'
expect_match "front: share reported" "$front" \
	"1 av $N tiltak rapportert for 2025-T2 \\([0-9]+[^)]*%\\)"
expect_match "front: the rule is written out" "$front" \
	'«Rapportert» betyr at tiltaket har en godkjent statusrapport for 2025-T2'
recent=${front#*id=\"recent-reports\"}
expect_match "front: latest report's measure" "$recent" \
	'<th scope="row"><a class="ds-link" href="/nb/measures/V-TP-1">'
expect_match "front: latest report's actor" "$recent" 'href="/nb/actors/SIVA"'
expect_match "front: latest report's status" "$recent" 'Risiko for avvik'
expect_match "front: latest report's period" "$recent" '2025-T2 \(mai–august 2025\)'
expect_eq "front: a submitted report is not shown" \
	"$(grep -c 'href="/nb/measures/V-TP-2"' <<<"$recent")" 0
expect_eq "front: one h1" "$(h1_count)" 1
get /nn/
expect_match "front nn: share" "$(cat "$T/body")" "1 av $N tiltak rapportert for 2025-T2"
expect_match "front nn: latest" "$(cat "$T/body")" 'Siste godkjende rapportar'
get /en/
expect_match "front en: share" "$(cat "$T/body")" "1 of $N measures reported for 2025-T2"
expect_match "front en: latest" "$(cat "$T/body")" 'Latest approved reports'

finish
