#!/usr/bin/env bash
# End-to-end: the read API over the built-in dataset, as a client sees it.
. "$(dirname "$0")/lib.sh"
SEED="$ROOT/data/seed.json"
DOMAIN="$ROOT/../shared/domain/dataset.json"

"$VEIKART" init --db "$T/v.db" >/dev/null || { echo "init failed"; exit 1; }
start_server "$T/v.db" || exit 1

# Every collection holds exactly the seed's records, all pages followed.
for coll in sources actors strategies focus-areas arenas schemes measures \
	goals indicators inputs; do
	want=$(jq -r --arg c "$coll" '.[$c][].id' "$SEED" | sort)
	got=""
	cursor=""
	for _ in $(seq 1 50); do
		get "/api/v1/$coll?limit=7${cursor:+&cursor=$cursor}"
		expect_eq "GET $coll status" "$STATUS" 200
		got+=$(jq -r '.items[].id' "$T/body")$'\n'
		cursor=$(jq -r '.next // empty' "$T/body")
		[ -n "$cursor" ] || break
	done
	expect_eq "$coll ids" "$(echo "$got" | sed '/^$/d' | sort)" "$want"
	total=$(jq .total "$T/body")
	expect_eq "$coll total" "$total" "$(echo "$want" | wc -l)"
	# One item by id.
	first=$(echo "$want" | head -1)
	get "/api/v1/$coll/$first"
	expect_eq "GET $coll/$first" "$STATUS" 200
	expect_eq "$coll/$first id" "$(jq -r .id "$T/body")" "$first"
done

# The curated dataset's ids are all there (CI has ../shared beside us).
if [ -f "$DOMAIN" ]; then
	for pair in sources:sources actors:actors strategies:strategies \
		focus_areas:focus-areas measures:measures arenas:arenas \
		schemes:schemes goals:goals indicators:indicators \
		coordination_gaps:inputs; do
		src=${pair%%:*}; coll=${pair##*:}
		get "/api/v1/$coll?limit=500"
		missing=$(comm -23 <(jq -r --arg c "$src" '.[$c][].id' "$DOMAIN" | sort) \
			<(jq -r '.items[].id' "$T/body" | sort))
		expect_eq "dataset $src missing from API" "$missing" ""
	done
fi

# All measures in one page, with source object and responsible actors.
get "/api/v1/measures?limit=500"
expect_eq "measures total" "$(jq .total "$T/body")" "$(jq '.measures|length' "$SEED")"
expect_eq "every measure has a source object" \
	"$(jq '[.items[] | select(.source.title == null)] | length' "$T/body")" 0
expect_eq "V-TP-1 lead" \
	"$(jq -r '.items[] | select(.id=="V-TP-1") | .responsible[] | select(.role=="lead") | .actor' "$T/body")" SIVA
expect_eq "measures not reported" \
	"$(jq -r '[.items[].status] | unique | join(",")' "$T/body")" not_reported
expect_match "content type" "$(header content-type)" '^application/json'

# Filters.
get "/api/v1/measures?strategy=eksport-helse-2024&limit=500"
expect_eq "export measures" "$(jq .total "$T/body")" 14
get "/api/v1/measures?actor=SIVA"
expect_eq "SIVA measures" "$(jq -r '[.items[].id]|join(",")' "$T/body")" "V-PL-1,V-TP-1,V-TP-2"
get "/api/v1/measures?focus_area=VK-TP"
expect_eq "focus area VK-TP" "$(jq .total "$T/body")" 2
get "/api/v1/focus-areas?strategy=veikart-2023"
expect_eq "veikart focus areas" "$(jq .total "$T/body")" 12
get "/api/v1/indicators/I-EXPORT-HI/observations"
expect_eq "observations" "$(jq '.items|length' "$T/body")" 6
expect_eq "first observation" "$(jq -r '.items[0].period' "$T/body")" 2018
get "/api/v1/measures/V-TP-1/reports"
expect_eq "reports of V-TP-1" "$STATUS/$(jq .total "$T/body")" "200/0"

# Conditional GET.
get "/api/v1/measures/V-TP-1"
etag=$(header etag)
expect_match "etag" "$etag" '^"[0-9a-f]+"$'
get "/api/v1/measures/V-TP-1" -H "If-None-Match: $etag"
expect_eq "If-None-Match" "$STATUS" 304

# Errors are problem+json and name the field.
get "/api/v1/measures/NO-SUCH"
expect_eq "unknown id" "$STATUS" 404
expect_match "problem type" "$(header content-type)" '^application/problem\+json'
expect_eq "problem status" "$(jq .status "$T/body")" 404
get "/api/v1/nothing"
expect_eq "unknown collection" "$STATUS" 404
get "/nothing/at/all"
expect_eq "unknown route" "$STATUS" 404
get "/api/v1/measures" -X PUT
expect_eq "wrong method" "$STATUS" 405
expect_match "Allow" "$(header allow)" GET
get "/api/v1/measures?limit=0"
expect_eq "limit 0" "$STATUS" 400
expect_eq "limit field" "$(jq -r '.errors[0].field' "$T/body")" limit
get "/api/v1/measures?limit=501"
expect_eq "limit 501" "$STATUS" 400
get "/api/v1/measures?limit=abc"
expect_eq "limit abc" "$STATUS" 400
get "/api/v1/measures?colour=red"
expect_eq "unknown parameter" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 400/colour
get "/api/v1/measures?status=sleeping"
expect_eq "bad status" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 400/status
get "/api/v1/measures?cursor=%21%21"
expect_eq "bad cursor" "$STATUS/$(jq -r '.errors[0].field' "$T/body")" 400/cursor
get "/api/v1/measures?strategy=x%27%20OR%201%3D1--"
expect_eq "injection in filter" "$STATUS" 400
get "/api/v1/measures?strategy=nope"
expect_eq "unknown strategy gives empty list" "$STATUS/$(jq .total "$T/body")" 200/0
get "/api/v1/measures?limit=1&limit=2"
expect_eq "repeated parameter" "$STATUS" 400
get "/api/v1/measures?x=$(head -c 5000 /dev/zero | tr '\0' a)"
expect_eq "long URI" "$STATUS" 414
get "/api/v1/measures/%00"
expect_match "NUL in path" "$STATUS" '^(400|404)$'
get "/api/v1/measures" -X POST -H 'Content-Type: application/json' \
	--data-binary @<(head -c 2000000 /dev/zero | tr '\0' a)
expect_eq "oversize body" "$STATUS" 413

# The server is still healthy after all that, then stops cleanly.
get "/healthz"
expect_eq "healthz" "$STATUS/$(jq -r .status "$T/body")" 200/ok
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
expect_eq "graceful stop exit code" "$?" 0

finish
