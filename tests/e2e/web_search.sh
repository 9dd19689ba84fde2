#!/usr/bin/env bash
# End-to-end: the portal's search page against a running server. The page
# in bokmål, nynorsk and English; Norwegian stemming ("tiltakene" finds
# "tiltak"); marks around matches with markup in the matched text shown
# escaped; the index following every write path - a measure created,
# changed and deleted through the write API, a status report from draft to
# approval (public only once approved), a `veikart import`, and a change
# made with the sqlite3 shell (which has not got the search tokenizer but
# must still write the tables); FTS5 syntax as plain text; 400 for text
# that is too long.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
make_token() {
	"$VEIKART" user add "$1" --role "$2" ${3:+--actor "$3"} --db "$DB" \
		--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log" || true
	"$VEIKART" token create "$1" --scope write --db "$DB" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator)
SIVA=$(make_token siva-rapportor reporter SIVA)
READER=$(make_token leser reader)
for t in "$COORD" "$SIVA" "$READER"; do
	[ -n "$t" ] || { echo "no token:"; cat "$T/cli.log"; exit 1; }
done
start_server "$DB" || exit 1

send() {
	local method=$1 path=$2 token=$3; shift 3
	get "$path" -X "$method" ${token:+-H "Authorization: Bearer $token"} "$@"
}
JSON=(-H 'Content-Type: application/json')
body() { cat "$T/body"; }
h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }
# hits KIND: the ids linked from the hits of that kind, in order.
hits() {
	sed -n "/id=\"search-$1\"/,/<\/section>/p" "$T/body" |
		grep -o '<h3[^>]*><a class="ds-link" href="/../[a-z]*/[^"#]*' |
		sed 's|.*/||' | tr '\n' ' ' | sed 's/ $//'
}
search() { get "/$1/search?q=$2" "${@:3}"; }

# The page in three languages: the form, one h1, the count, the switch.
for lang in nb nn en; do
	get "/$lang/search"
	expect_eq "GET /$lang/search" "$STATUS" 200
	expect_eq "/$lang/search one h1" "$(h1_count)" 1
	expect_eq "/$lang/search has <html lang>" \
		"$(grep -c "<html lang=\"$lang\"" "$T/body")" 1
	expect_match "/$lang/search labelled field" "$(body)" \
		'<label class="ds-label" for="f-q">'
	search "$lang" tiltakene
	expect_eq "search $lang" "$STATUS" 200
	expect_eq "search $lang one h1" "$(h1_count)" 1
	expect_match "search $lang marks a stem match" "$(body)" \
		'<mark>[Tt]iltak[a-z]*</mark>'
	expect_match "search $lang keeps the text in the field" "$(body)" \
		'name="q"[^>]*value="tiltakene"'
	for other in nb nn en; do
		expect_match "search $lang switch to $other keeps q" "$(body)" \
			"href=\"/$other/search\\?q=tiltakene\" hreflang=\"$other\""
	done
done
search nb tiltakene
expect_match "nb count" "$(body)" '[0-9]+ treff for «tiltakene»'
search nn tiltakene
expect_match "nn count" "$(body)" '[0-9]+ treff for «tiltakene»'
search en tiltakene
expect_match "en count" "$(body)" '[0-9]+ results? for “tiltakene”'
expect_match "en: Norwegian snippet marked nb" "$(body)" \
	'<p class="ds-paragraph vk-search-snippet"><span lang="nb">'

# æ/ø/å are letters of their own, case is not.
search nb Helsen%C3%A6ringen
n_ae=$(hits measures | wc -w)
search nb HELSEN%C3%86RINGEN
expect_eq "case folded, Æ too" "$(hits measures | wc -w)" "$n_ae"
search nb helsenaeringen
expect_match "ae is not æ" "$(body)" 'Ingen treff for «helsenaeringen»'
expect_match "no-result tips" "$(body)" 'Tips til søket'

# A measure with markup in its title, created through the write API, is
# found at once; the marks go around escaped text.
TITLE='<script>alert(1)</script> Romskipstiltak for «æøå»'
send POST /api/v1/measures "$COORD" "${JSON[@]}" \
	--data "$(jq -n --arg t "$TITLE" \
		'{strategy: "veikart-2023", title_nb: $t, source: "seed-003",
		  responsible: [{actor: "SIVA", role: "lead"}]}')"
expect_eq "create measure" "$STATUS" 201
MID=$(jq -r .id "$T/body")
search nb romskipstiltakene
expect_eq "found right after the write" "$(hits measures)" "$MID"
expect_eq "no script element" "$(grep -c '<script' "$T/body")" 0
expect_match "marked and escaped" "$(body)" \
	"href=\"/nb/measures/$MID\">&lt;script&gt;alert\(1\)&lt;/script&gt; <mark>Romskipstiltak</mark> for «æøå»</a>"
search en alert
expect_match "match inside markup escaped" "$(body)" \
	'&lt;script&gt;<mark>alert</mark>\(1\)&lt;/script&gt;'
expect_eq "no script element (en)" "$(grep -c '<script' "$T/body")" 0

# Changed and deleted through the API: the index follows.
get "/api/v1/measures/$MID"
TAG=$(header etag)
send PATCH "/api/v1/measures/$MID" "$COORD" \
	-H 'Content-Type: application/merge-patch+json' -H "If-Match: $TAG" \
	--data '{"title_nb": "Havbrukstiltak", "title_en": "Aquaculture"}'
expect_eq "PATCH measure" "$STATUS" 200
search nb romskipstiltak
expect_eq "old title gone" "$(hits measures)" ""
search nb havbrukstiltaket
expect_eq "new title found" "$(hits measures)" "$MID"
search en aquaculture
expect_eq "English title found" "$(hits measures)" "$MID"
get "/api/v1/measures/$MID"
TAG=$(header etag)
send DELETE "/api/v1/measures/$MID" "$COORD" -H "If-Match: $TAG"
expect_match "DELETE measure" "$STATUS" '^20[04]$'
search nb havbrukstiltaket
expect_eq "deleted measure not found" "$(hits measures)" ""

# A report: a draft is found by signed-in readers only, the public finds
# it once approved.
send POST /api/v1/periods "$COORD" "${JSON[@]}" --data '{"id": "2025-T2"}'
expect_eq "open period" "$STATUS" 201
send POST /api/v1/measures/V-TP-1/reports "$SIVA" "${JSON[@]}" \
	--data '{"period": "2025-T2", "status": "on_track", "progress": 40,
	 "done_text": "Pilotene for katapultsentrene er evaluert.",
	 "next_steps": "Utlysning til høsten"}'
expect_eq "draft" "$STATUS" 201
RID=$(jq -r .id "$T/body")
search nb katapultsentrenes
expect_eq "draft hidden from the public" "$(hits reports)" ""
expect_match "no hits for the draft" "$(body)" 'Ingen treff'
curl -s -c "$T/jar" "${JSON[@]}" \
	-d "{\"username\": \"leser\", \"password\": \"$PW\"}" \
	"http://127.0.0.1:$PORT/api/v1/session" >/dev/null
search nb katapultsentrenes -b "$T/jar"
expect_eq "a signed-in reader finds the draft" "$(hits reports)" "V-TP-1"
expect_match "and is told it is a draft" "$(body)" 'Utkast, ikke publisert'
expect_eq "signed-in results are not cached" "$(header cache-control)" \
	"private, no-store"
send POST "/api/v1/reports/$RID/submit" "$SIVA"
send POST "/api/v1/reports/$RID/approve" "$COORD"
expect_eq "approve" "$STATUS" 200
search nb katapultsentrenes
expect_eq "approved report found" "$(hits reports)" "V-TP-1"
expect_match "report links to its measure" "$(body)" \
	'href="/nb/measures/V-TP-1#timeline"'
expect_match "report snippet marked" "$(body)" \
	'Pilotene for <mark>katapultsentrene</mark> er evaluert'
search en katapultsentrene
expect_match "report text marked lang=no on English pages" "$(body)" \
	'<p class="ds-paragraph vk-search-snippet" lang="no">'

# veikart import while the server runs.
cat >"$T/import.json" <<'EOF'
{"format": "veikart-interchange", "version": 1,
 "measures": [{"id": "IMP-1", "strategy": "veikart-2023",
  "title_nb": "Importert tiltak om fiskehelse", "source": "seed-003"}]}
EOF
"$VEIKART" import "$T/import.json" --db "$DB" >/dev/null 2>>"$T/cli.log"
expect_eq "import" "$?" 0
search nb fiskehelsen
expect_eq "imported measure found" "$(hits measures)" "IMP-1"

# The sqlite3 shell can still write the indexed tables (the triggers need
# no tokenizer), and the next search sees the change.
sqlite3 "$DB" "UPDATE measure SET title_nb = 'Tiltak om tareskog' WHERE id = 'IMP-1'; UPDATE meta SET value = value + 1 WHERE key = 'data_version';"
expect_eq "sqlite3 shell writes" "$?" 0
search nb tareskogen
expect_eq "shell change found" "$(hits measures)" "IMP-1"

# FTS5 syntax is only text; nothing fails.
before=$(sqlite3 "$DB" 'SELECT count(*) FROM measure')
for q in '%22' '%22NEAR(a%20b)%22' 'a%20OR%20b' '-tiltak' '(' '*' \
	'title_nb%3Atiltak' '%7Btitle_nb%7D%3A%20x' '%5Etiltak' 'tiltak*%22' \
	'%27%3B%20DROP%20TABLE%20measure%3B--' 'NEAR%2F2' '%C2%AB%C2%BB'; do
	search nb "$q"
	expect_eq "FTS syntax '$q'" "$STATUS" 200
done
expect_eq "measures intact" "$(sqlite3 "$DB" 'SELECT count(*) FROM measure')" \
	"$before"
search nb 'helse*'
expect_match "prefix search" "$(body)" '<mark>[Hh]else[a-zæøå]*</mark>'

# Too long: a 400 page with the form and the message; 200 bytes pass.
long=$(printf 'a%.0s' $(seq 1 201))
search nb "$long"
expect_eq "201 bytes" "$STATUS" 400
expect_match "too long says so" "$(body)" 'Søketeksten er for lang'
expect_eq "400 has one h1" "$(h1_count)" 1
expect_match "400 keeps the form" "$(body)" 'aria-invalid="true"'
search en "$long"
expect_match "too long in English" "$(body)" 'The search text is too long'
search nb "${long:1}"
expect_eq "200 bytes" "$STATUS" 200
get "/nb/search?q=tiltak&page=2"
expect_eq "unknown parameter" "$STATUS" 400
get "/nb/search?q=tiltak&kind=measures"
expect_eq "one kind" "$STATUS" 200
expect_match "one kind links back" "$(body)" 'Vis treff av alle typer'
get "/nb/search?q=tiltak&kind=nope"
expect_eq "bad kind" "$STATUS" 400

finish
