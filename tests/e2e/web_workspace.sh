#!/usr/bin/env bash
# End-to-end: signing in to the portal and the reporter's workspace, as a
# browser without JavaScript would use them, against a running server and
# a real SMTP sink (python3-aiosmtpd under the system Python):
#   - the sign-in form: 401 with the same message for a wrong password and
#     an unknown user, 422 for empty fields, 429 after repeated failures,
#     `next` open-redirect attempts ending in the workspace, cookie flags,
#     a cross-site post refused;
#   - signed-in pages: Cache-Control private, no-store and Vary: Cookie;
#   - the to-do list of a reporter, the coordinator's and reader's views,
#     the history of one's reports;
#   - the report form: 422 with an error summary and nothing in the
#     database, save draft, a stale save refused, submit, read-only after,
#     CSRF missing or wrong -> 403 and nothing written, another actor's
#     measure -> 403, markup in report text escaped;
#   - sign-out clears the cookie and ends the session;
#   - password reset: the same answer for any name, the mailed link sets a
#     password once and the old one stops working; an invitation accepted;
#   - every page in bokmål, nynorsk and English.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW_ADMIN="en lang og god setning"
PW_KARI="kari har et godt passord"
PW_HANS="hans har et annet passord"
PW_PER="per glemte dette passordet"
PW_LISE="lise leser alt hun finner"
PW_MONA="mona sitt lange passord"
J='Content-Type: application/json'

sql() { sqlite3 "$DB" "$1"; }
body() { cat "$T/body"; }
has() { grep -qF -- "$1" "$T/body"; }
# expect_has WHAT TEXT: the last body contains TEXT.
expect_has() { if has "$2"; then ok; else bad "$1: body lacks '$2'"; fi; }
expect_lacks() { if has "$2"; then bad "$1: body has '$2'"; else ok; fi; }
h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
adduser() {
	local name=$1 pw=$2; shift 2
	"$VEIKART" user add "$name" "$@" --db "$DB" --password-stdin \
		<<<"$pw" >/dev/null 2>>"$T/cli.log" || { echo "user add $name failed"; cat "$T/cli.log"; exit 1; }
}
adduser ola "$PW_ADMIN" --role admin
adduser kari "$PW_KARI" --role reporter --actor SIVA
adduser hans "$PW_HANS" --role reporter --actor HDIR
adduser per "$PW_PER" --role coordinator --email per@example.no
adduser lise "$PW_LISE" --role reader
adduser mona "$PW_MONA" --role reader

# ---- an SMTP sink and the server ----
start_mail_sink || exit 1
start_server "$DB" || exit 1

# form PATH [curl args...]: POST a form (fields as --data-urlencode).
form() { local p=$1; shift; get "$p" -X POST "$@"; }
# signin USER PASSWORD JAR [NEXT]: the portal's sign-in form.
signin() {
	local args=(--data-urlencode "username=$1" --data-urlencode "password=$2" -c "$3")
	[ $# -ge 4 ] && args+=(--data-urlencode "next=$4")
	form /nb/login "${args[@]}"
}
# csrf_from_body: the hidden csrf_token of the last page.
csrf_from_body() { grep -o 'name="csrf_token" value="[^"]*"' "$T/body" | head -1 | sed 's/.*value="//; s/"$//'; }
# the error summary's text, without markup.
summary() { tr '\n' ' ' <"$T/body" | grep -o '<div class="ds-error-summary".*</ul>' | sed 's/<[^>]*>//g'; }

# check_shell PATH LANG: 200, one h1, the language, the skip link.
check_shell() {
	expect_eq "$1 status" "$STATUS" 200
	expect_eq "$1 <html lang>" "$(grep -c "<html lang=\"$2\"" "$T/body")" 1
	expect_eq "$1 one h1" "$(h1_count)" 1
	expect_eq "$1 main landmark" "$(grep -c '<main id="main"' "$T/body")" 1
}

# ---- the sign-in page, anonymous ----
for lang in nb nn en; do
	get "/$lang/login?next=/workspace"
	check_shell "/$lang/login" "$lang"
	expect_has "$lang login: user name field" 'autocomplete="username"'
	expect_has "$lang login: password field" 'autocomplete="current-password"'
	expect_has "$lang login: next kept" 'name="next" value="/workspace"'
	expect_has "$lang login: forgot link" "href=\"/$lang/reset\""
done
get /nb/login
expect_has "bokmål heading" '>Logg inn</h1>'
get /en/login
expect_has "English heading" '>Sign in</h1>'
get "/nb/login?foo=1"
expect_eq "unknown parameter 400" "$STATUS" 400
get /nb/workspace
expect_eq "workspace anonymous: to sign-in" "$STATUS $(header location)" "303 /nb/login?next=%2Fworkspace"
get /nb/workspace/report/V-TP-1
expect_eq "report form anonymous: to sign-in" "$(header location)" "/nb/login?next=%2Fworkspace%2Freport%2FV-TP-1"

# ---- wrong credentials: one message for both, the name kept ----
signin kari "feil passord for kari" "$T/x.jar"
expect_eq "wrong password 401" "$STATUS" 401
wrong=$(summary)
expect_match "wrong password says so" "$wrong" 'Feil brukernavn eller passord'
expect_has "user name kept" 'autocomplete="username" value="kari"'
expect_lacks "password never echoed" 'feil passord for kari'
expect_has "error summary focused" 'autofocus'
expect_eq "no cookie on failure" "$(header set-cookie)" ""
signin ingen-slik-bruker "feil passord for kari" "$T/x.jar"
expect_eq "unknown user 401" "$STATUS" 401
expect_eq "unknown user: the same message" "$(summary)" "$wrong"
form /nb/login --data-urlencode "username=" --data-urlencode "password="
expect_eq "empty fields 422" "$STATUS" 422
expect_match "empty fields: both named" "$(summary)" 'Skriv brukernavnet ditt.*Skriv passordet ditt'
expect_has "summary links the field" 'href="#f-username"'
form /en/login --data-urlencode "username=kari"
expect_eq "English: no password 422" "$STATUS" 422
expect_match "English message" "$(summary)" 'Enter your password'
form /nb/login --data-urlencode "username=kari" --data-urlencode "password=$PW_KARI" \
	-H "Origin: https://evil.example"
expect_eq "cross-site sign-in refused" "$STATUS" 403
expect_eq "no cookie for a cross-site post" "$(header set-cookie)" ""

# ---- throttling: five failures for mona, then 429 with the wait ----
for i in 1 2 3 4 5; do signin mona "ikke monas passord $i" "$T/x.jar"; done
expect_eq "fifth failure still 401" "$STATUS" 401
signin mona "$PW_MONA" "$T/x.jar"
expect_eq "throttled 429" "$STATUS" 429
expect_match "throttled says how long" "$(summary)" 'Vent (ett minutt|[0-9]+ minutter)'
expect_match "Retry-After" "$(header retry-after)" '^[0-9]+$'
expect_eq "no cookie when throttled" "$(header set-cookie)" ""
get /nn/login
form /nn/login --data-urlencode "username=mona" --data-urlencode "password=$PW_MONA"
expect_match "throttled in nynorsk" "$(summary)" 'mislukka forsøk'

# ---- signing in: cookie flags, next checked ----
signin kari "$PW_KARI" "$T/kari.jar"
expect_eq "sign in 303" "$STATUS" 303
expect_eq "no next: the workspace" "$(header location)" /nb/workspace
cookie=$(header set-cookie)
expect_match "cookie HttpOnly, SameSite=Lax" "$cookie" '^veikart_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax'
for evil in //evil.example https://evil.example '/\evil.example' 'http:/evil' \
	"$(printf '/\t/evil.example')" 'javascript:alert(1)' "$(printf '/\r\nSet-Cookie: x=1')" ' /x'; do
	signin kari "$PW_KARI" "$T/y.jar" "$evil"
	expect_eq "next '$evil' goes to the workspace" "$STATUS $(header location)" "303 /nb/workspace"
done
signin kari "$PW_KARI" "$T/y.jar" /workspace/report/V-TP-1
expect_eq "local next honoured" "$(header location)" /nb/workspace/report/V-TP-1
signin kari "$PW_KARI" "$T/y.jar" /en/measures
expect_eq "next with a language kept" "$(header location)" /en/measures
get "/nb/login?next=//evil.example" -b "$T/kari.jar"
expect_eq "signed in: login page sends on, not away" "$STATUS $(header location)" "303 /nb/workspace"

# ---- signed-in pages: private, vary on the cookie ----
get /nb/workspace -b "$T/kari.jar"
check_shell "/nb/workspace (kari)" nb
expect_eq "workspace Cache-Control" "$(header cache-control)" "private, no-store"
expect_match "workspace Vary" "$(header vary)" 'Cookie'
expect_has "no period open yet" 'Ingen rapporteringsperiode er åpen nå'
get /nb/workspace/report/V-TP-1 -b "$T/kari.jar"
expect_eq "report form without a period: 200" "$STATUS" 200
expect_has "report form says no period" 'Ingen rapporteringsperiode er åpen nå, så det er ingen rapport å skrive'
expect_eq "report form private" "$(header cache-control)" "private, no-store"

# A coordinator opens the period over the API.
get /api/v1/session -X POST -H "$J" -c "$T/per-api.jar" \
	--data-binary "{\"username\":\"per\",\"password\":\"$PW_PER\"}"
PCSRF=$(jq -r .csrf_token "$T/body")
get /api/v1/periods -X POST -H "$J" -b "$T/per-api.jar" -H "X-CSRF-Token: $PCSRF" \
	--data-binary '{"id":"2025-T3","due":"2099-01-15"}'
expect_eq "period opened" "$STATUS" 201

# ---- the to-do list ----
for lang in nb nn en; do
	get "/$lang/workspace" -b "$T/kari.jar"
	check_shell "/$lang/workspace" "$lang"
	expect_has "$lang todo: V-TP-1 form link" "href=\"/$lang/workspace/report/V-TP-1\""
	expect_has "$lang todo: V-TP-2" "href=\"/$lang/workspace/report/V-TP-2\""
	expect_has "$lang todo: contributes to V-PL-1" "href=\"/$lang/workspace/report/V-PL-1\""
	expect_lacks "$lang todo: not another actor's measure" "/workspace/report/E-08"
	expect_has "$lang todo: table caption" '<caption id="todo-2025-T3">'
done
get /nb/workspace -b "$T/kari.jar"
expect_has "state not started" '>Ikke påbegynt</span>'
expect_has "deadline shown" '15. januar 2099'
expect_has "role lead" 'Ansvarlig: statusrapport'
expect_has "role contributing" 'Bidrar: bidragsnotat (valgfritt)'
expect_has "history link" 'href="/nb/workspace/reports"'
get /en/workspace -b "$T/kari.jar"
expect_has "English state" '>Not started</span>'
get "/nb/workspace?done=nonsense" -b "$T/kari.jar"
expect_eq "bad done 400" "$STATUS" 400

# ---- the report form ----
for lang in nb nn en; do
	get "/$lang/workspace/report/V-TP-1" -b "$T/kari.jar"
	check_shell "/$lang/workspace/report/V-TP-1" "$lang"
	expect_has "$lang form: status radios" 'type="radio" name="status"'
	expect_has "$lang form: progress" 'type="number" id="f-progress" name="progress"'
	expect_has "$lang form: submit button" 'name="action" value="submit"'
	expect_has "$lang form: draft button" 'name="action" value="draft"'
	expect_has "$lang form: version field" 'name="version" value=""'
	expect_has "$lang form: period field" 'name="period" value="2025-T3"'
done
get /nb/workspace/report/V-TP-1 -b "$T/kari.jar"
expect_has "status icon" 'class="vk-icon'
expect_has "Lagre utkast" '>Lagre utkast</button>'
expect_has "Send inn" '>Send inn</button>'
expect_has "status definitions" 'id="f-status-0-def"'
KCSRF=$(csrf_from_body)
expect_match "csrf in the form" "$KCSRF" '^[A-Za-z0-9_-]{43}$'
reports() { sql "SELECT count(*) FROM status_report WHERE deleted_at IS NULL"; }
versions() { sql "SELECT count(*) FROM status_report_version"; }

# rform ACTION [curl args...]: post kari's V-TP-1 form.
rform() {
	local a=$1; shift
	form /nb/workspace/report/V-TP-1 -b "$T/kari.jar" --data-urlencode "action=$a" \
		--data-urlencode "period=2025-T3" "$@"
}
rform submit --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version="
expect_eq "empty submit 422" "$STATUS" 422
expect_match "empty submit: status and done named" "$(summary)" 'Velg en status.*Skriv hva som er gjort'
expect_has "summary links status" 'href="#f-status"'
expect_has "done_text marked invalid" 'id="f-done_text" name="done_text" aria-describedby="f-done_text-help f-done_text-error" aria-invalid="true"'
expect_eq "nothing written on 422" "$(reports)/$(versions)" "0/0"
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=" \
	--data-urlencode "progress=150" --data-urlencode "done_text=<b>ikke lagret</b>"
expect_eq "progress 150: 422" "$STATUS" 422
expect_match "progress message" "$(summary)" 'helt tall fra 0 til 100'
expect_has "posted text shown again, escaped" '&lt;b&gt;ikke lagret&lt;/b&gt;</textarea>'
expect_lacks "posted markup not raw" '<b>ikke lagret</b>'
expect_eq "nothing written on a bad progress" "$(reports)/$(versions)" "0/0"
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=" \
	--data-urlencode "links=ftp://feil.example Ikke http"
expect_eq "bad link 422" "$STATUS" 422
expect_match "link message" "$(summary)" 'https://'
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version="
expect_eq "empty draft 422" "$STATUS" 422
expect_eq "nothing written on an empty draft" "$(reports)" 0

# CSRF missing or wrong: 403, nothing written.
rform draft --data-urlencode "version=" --data-urlencode "done_text=uten token"
expect_eq "no CSRF 403" "$STATUS" 403
rform draft --data-urlencode "csrf_token=${KCSRF%?}x" --data-urlencode "version=" \
	--data-urlencode "done_text=feil token"
expect_eq "wrong CSRF 403" "$STATUS" 403
expect_eq "nothing written without CSRF" "$(reports)/$(versions)" "0/0"

# Save a draft.
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=" \
	--data-urlencode "status=on_track" --data-urlencode "progress= 40 " \
	--data-urlencode "done_text=Første utkast <script>alert(1)</script> æøå" \
	--data-urlencode "links=https://www.regjeringen.no/ Pressemelding"
expect_eq "draft saved 303" "$STATUS $(header location)" "303 /nb/workspace?done=draft"
expect_eq "draft in the database" \
	"$(sql "SELECT state || '/' || status || '/' || progress || '/' || actor FROM status_report WHERE measure = 'V-TP-1'")" \
	"draft/on_track/40/SIVA"
expect_eq "link stored" "$(sql "SELECT json_extract(links, '\$[0].title') FROM status_report WHERE measure = 'V-TP-1'")" Pressemelding
get "/nb/workspace?done=draft" -b "$T/kari.jar"
expect_has "draft notice" 'Utkastet er lagret'
expect_has "draft state in the list" '>Utkast</span>'
get /nb/workspace/report/V-TP-1 -b "$T/kari.jar"
expect_has "draft text escaped in the form" 'Første utkast &lt;script&gt;alert(1)&lt;/script&gt; æøå</textarea>'
expect_lacks "no raw script" '<script>alert(1)'
expect_has "draft status checked" 'value="on_track" aria-describedby="f-status-1-def" checked'
expect_has "link shown as a line" 'https://www.regjeringen.no/ Pressemelding'
V1=$(grep -o 'name="version" value="[0-9]*"' "$T/body" | grep -o '[0-9]*')
expect_match "version in the form" "$V1" '^[0-9]+$'

# A save based on an older version (the form from before the draft).
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=" \
	--data-urlencode "done_text=overskriver ikke"
expect_eq "stale save 409" "$STATUS" 409
expect_match "stale message" "$(summary)" 'endret av noen andre'
expect_has "stale: the user's text kept" 'overskriver ikke</textarea>'
expect_eq "stale save wrote nothing" "$(sql "SELECT done_text FROM status_report WHERE measure = 'V-TP-1'")" \
	"Første utkast <script>alert(1)</script> æøå"

# Submit.
rform submit --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=$V1" \
	--data-urlencode "status=at_risk" --data-urlencode "progress=45" \
	--data-urlencode "done_text=Ferdig tekst" --data-urlencode "challenges=Finansiering"
expect_eq "submitted 303" "$STATUS $(header location)" "303 /nb/workspace?done=submitted"
expect_eq "submitted in the database" \
	"$(sql "SELECT state || '/' || status || '/' || progress || '/' || challenges FROM status_report WHERE measure = 'V-TP-1'")" \
	"submitted/at_risk/45/Finansiering"
get "/nb/workspace?done=submitted" -b "$T/kari.jar"
expect_has "submitted notice" 'Rapporten er sendt inn'
expect_has "submitted state" '>Sendt inn</span>'
get /nb/workspace/report/V-TP-1 -b "$T/kari.jar"
expect_lacks "submitted: read-only" 'name="action" value="submit"'
expect_has "submitted: says why" 'venter på godkjenning'
expect_has "submitted: shows the report" 'Finansiering'
nv=$(versions)
rform draft --data-urlencode "csrf_token=$KCSRF" --data-urlencode "version=$V1" \
	--data-urlencode "done_text=etter innsending"
expect_eq "change after submit refused" "$STATUS" 409
expect_eq "nothing written after submit" "$(versions)" "$nv"

# The coordinator returns it with a comment: the list shows the comment.
RID=$(sql "SELECT id FROM status_report WHERE measure = 'V-TP-1'")
get "/api/v1/reports/$RID/return" -X POST -H "$J" -b "$T/per-api.jar" -H "X-CSRF-Token: $PCSRF" \
	--data-binary '{"comment":"Skriv mer om <risiko> & tiltak"}'
expect_eq "returned over the API" "$STATUS" 200
get /nb/workspace -b "$T/kari.jar"
expect_has "returned state" '>Sendt tilbake</span>'
expect_has "return comment, escaped" 'Skriv mer om &lt;risiko&gt; &amp; tiltak'
expect_has "returned first: correct link" 'Rett og send inn på nytt'
get /nb/workspace/report/V-TP-1 -b "$T/kari.jar"
expect_has "form editable again" 'name="action" value="submit"'
expect_has "comment on the form" 'Skriv mer om &lt;risiko&gt; &amp; tiltak'

# A contribution note on a measure kari's actor contributes to.
get /nb/workspace/report/V-PL-1 -b "$T/kari.jar"
expect_has "contribution form" 'Bidragsnotat'
form /nb/workspace/report/V-PL-1 -b "$T/kari.jar" --data-urlencode "action=submit" \
	--data-urlencode "period=2025-T3" --data-urlencode "csrf_token=$KCSRF" \
	--data-urlencode "version=" --data-urlencode "done_text=Siva bidro med arealer"
expect_eq "contribution submitted" "$STATUS $(header location)" "303 /nb/workspace?done=submitted"
expect_eq "contribution stored" "$(sql "SELECT kind || '/' || state || '/' || actor FROM status_report WHERE measure = 'V-PL-1'")" \
	"contribution/submitted/SIVA"

# Proposing to end reporting on a measure kari's actor leads.
get /nb/workspace/report/V-TP-2 -b "$T/kari.jar"
expect_has "closure form" 'name="action" value="closure"'
closures() { sql "SELECT count(*) FROM measure_closure"; }
cform() { form /nb/workspace/report/V-TP-2 -b "$T/kari.jar" --data-urlencode "action=closure" \
	--data-urlencode "period=2025-T3" --data-urlencode "csrf_token=$KCSRF" "$@"; }
cform --data-urlencode "outcome=merged" --data-urlencode "reason="
expect_eq "closure without reason 422" "$STATUS" 422
expect_match "closure messages" "$(summary)" 'ID-en til tiltaket.*hvorfor rapporteringen'
cform --data-urlencode "outcome=merged" --data-urlencode "merged_into=NO-SUCH" \
	--data-urlencode "reason=Slått sammen"
expect_eq "closure into an unknown measure 422" "$STATUS" 422
expect_match "unknown measure message" "$(summary)" 'Fant ikke et aktivt tiltak'
expect_eq "no closure written" "$(closures)" 0
cform --data-urlencode "outcome=completed" --data-urlencode "reason=Utredningen er levert"
expect_eq "closure proposed 303" "$STATUS $(header location)" "303 /nb/workspace?done=closure"
expect_eq "closure stored" "$(sql "SELECT measure || '/' || outcome || '/' || state FROM measure_closure")" \
	"V-TP-2/completed/proposed"
get /nb/workspace/report/V-TP-2 -b "$T/kari.jar"
expect_has "closure waiting" 'venter på sekretariatet'
expect_lacks "no second closure form" 'name="action" value="closure"'
cform --data-urlencode "outcome=completed" --data-urlencode "reason=En gang til"
expect_eq "second closure refused" "$STATUS" 409
expect_eq "still one closure" "$(closures)" 1

# Another actor's measure: 403 on the form and the post, nothing written.
get /nb/workspace/report/E-08 -b "$T/kari.jar"
expect_eq "another actor's measure 403" "$STATUS" 403
nr=$(reports); nv=$(versions)
form /nb/workspace/report/E-08 -b "$T/kari.jar" --data-urlencode "action=draft" \
	--data-urlencode "period=2025-T3" --data-urlencode "csrf_token=$KCSRF" \
	--data-urlencode "version=" --data-urlencode "done_text=ikke min"
expect_eq "post on another actor's measure 403" "$STATUS" 403
expect_eq "nothing written for another actor" "$(reports)/$(versions)" "$nr/$nv"
get /nb/workspace/report/NO-SUCH -b "$T/kari.jar"
expect_eq "unknown measure 404" "$STATUS" 404
get "/nb/workspace/report/V-TP-1?period=1999-T1" -b "$T/kari.jar"
expect_eq "unknown period 404" "$STATUS" 404
form /nb/workspace/report/V-TP-1 -b "$T/kari.jar" --data-urlencode "action=publish" \
	--data-urlencode "csrf_token=$KCSRF"
expect_eq "unknown action 400" "$STATUS" 400

# hans (HDIR) sees his own measure, not kari's.
signin hans "$PW_HANS" "$T/hans.jar"
get /nb/workspace -b "$T/hans.jar"
expect_has "hans: E-08" 'href="/nb/workspace/report/E-08"'
expect_lacks "hans: not V-TP-1" '/workspace/report/V-TP-1'
get /nb/workspace/report/V-TP-1 -b "$T/hans.jar"
expect_eq "hans on kari's measure 403" "$STATUS" 403

# A reader: no form, the numbers of the period.
signin lise "$PW_LISE" "$T/lise.jar"
for lang in nb nn en; do
	get "/$lang/workspace" -b "$T/lise.jar"
	check_shell "/$lang/workspace (reader)" "$lang"
done
get /nb/workspace -b "$T/lise.jar"
expect_has "reader: overview" 'sendt tilbake'
expect_lacks "reader: no to-do list" 'id="todo"'
get /nb/workspace/report/V-TP-1 -b "$T/lise.jar"
expect_eq "reader on the form 403" "$STATUS" 403

# The coordinator and the administrator.
signin per "$PW_PER" "$T/per.jar"
get /nb/workspace -b "$T/per.jar"
expect_has "coordinator: cycle link" 'href="/nb/workspace/cycle"'
expect_has "coordinator: edit link" 'href="/nb/workspace/edit"'
expect_has "coordinator: observations link" 'href="/nb/workspace/observations"'
expect_lacks "coordinator: no users link" 'href="/nb/workspace/users"'
expect_has "coordinator: counts" '1 sendt tilbake'
signin ola "$PW_ADMIN" "$T/ola.jar"
get /en/workspace -b "$T/ola.jar"
check_shell "/en/workspace (admin)" en
expect_has "admin: users link" 'href="/en/workspace/users"'
expect_has "admin: tokens link" 'href="/en/workspace/tokens"'

# ---- the history of my reports ----
for lang in nb nn en; do
	get "/$lang/workspace/reports" -b "$T/kari.jar"
	check_shell "/$lang/workspace/reports" "$lang"
	expect_has "$lang history: table" '<caption id="history-caption">'
done
get /nb/workspace/reports -b "$T/kari.jar"
# Kari's versions: the draft, the save and the submit of V-TP-1, the
# contribution note's draft and submit (the coordinator's return is his).
expect_eq "history rows: every version kari wrote" \
	"$(grep -c 'href="/nb/workspace/report/' "$T/body")" 5
expect_has "history links the form with the period" 'href="/nb/workspace/report/V-TP-1?period=2025-T3"'
get "/nb/workspace/reports?period=2025-T3" -b "$T/kari.jar"
expect_eq "history of a period (the reminder link)" "$STATUS" 200
get "/nb/workspace/reports?period=nonsense" -b "$T/kari.jar"
expect_eq "history of a bad period 400" "$STATUS" 400
get /nb/workspace/reports -b "$T/hans.jar"
expect_has "hans has no history" 'ikke skrevet noen rapporter'

# ---- signing out ----
get /nb/workspace -b "$T/kari.jar"
KCSRF=$(csrf_from_body)
form /nb/logout -b "$T/kari.jar" --data-urlencode "x=1"
expect_eq "sign-out without CSRF 403" "$STATUS" 403
get /nb/workspace -b "$T/kari.jar"
expect_eq "still signed in" "$STATUS" 200
form /nb/logout -b "$T/kari.jar" --data-urlencode "csrf_token=$KCSRF"
expect_eq "sign-out 303 to the front page" "$STATUS $(header location)" "303 /nb/"
expect_match "sign-out clears the cookie" "$(header set-cookie)" '^veikart_session=; .*Max-Age=0'
get /nb/workspace -b "$T/kari.jar"
expect_eq "old cookie no longer signs in" "$STATUS" 303

# ---- password reset by e-mail ----
for lang in nb nn en; do
	get "/$lang/reset"
	check_shell "/$lang/reset" "$lang"
	expect_has "$lang reset: field" 'name="username"'
done
before=$(mails)
form /nb/reset --data-urlencode "username=per"
known="$STATUS $(header location) $(body)"
form /nb/reset --data-urlencode "username=finnes-ikke"
expect_eq "reset request: the same answer" "$STATUS $(header location) $(body)" "$known"
expect_match "reset request 303 to the notice" "$known" '^303 /nb/reset\?sent=1 '
form /nb/reset --data-urlencode "username=nobody@example.no"
expect_eq "by address: the same answer" "$STATUS $(header location) $(body)" "$known"
form /nb/reset --data-urlencode "username="
expect_eq "reset request empty 422" "$STATUS" 422
get "/nb/reset?sent=1"
expect_has "reset notice" 'Hvis det finnes en bruker'
wait_mail $((before + 1))
sleep 0.3
expect_eq "one mail, for per only" "$(mails)" $((before + 1))
last=$(ls "$MAILDIR"/*.eml | sort | tail -1)
LINK=$(grep -o 'http://veikart.test/nb/reset?token=[A-Za-z0-9_-]*' "$last" | head -1)
expect_match "the mail links the portal's reset page" "$LINK" '^http://veikart.test/nb/reset\?token=[A-Za-z0-9_-]{43}$'
TOKEN=${LINK##*=}
for lang in nb nn en; do
	get "/$lang/reset?token=$TOKEN"
	check_shell "/$lang/reset?token" "$lang"
	expect_has "$lang new password field" 'autocomplete="new-password"'
done
get "/nb/reset?token=$TOKEN"
expect_has "token carried in the form" "name=\"token\" value=\"$TOKEN\""
expect_eq "a page with a secret in its address is not kept" "$(header cache-control)" "private, no-store"
NEWPW="per har nå et nytt passord"
form /nb/reset --data-urlencode "token=$TOKEN" --data-urlencode "password=$NEWPW" \
	--data-urlencode "password_again=noe annet enn det"
expect_eq "mismatched passwords 422" "$STATUS" 422
expect_match "mismatch message" "$(summary)" 'ikke like'
expect_lacks "new password not echoed" "$NEWPW"
form /nb/reset --data-urlencode "token=$TOKEN" --data-urlencode "password=kort" \
	--data-urlencode "password_again=kort"
expect_match "short password message" "$(summary)" 'minst 12 tegn'
form /nb/reset --data-urlencode "token=$TOKEN" --data-urlencode "password=$NEWPW" \
	--data-urlencode "password_again=$NEWPW"
expect_eq "password set 303 to sign-in" "$STATUS $(header location)" "303 /nb/login?done=reset"
get "/nb/login?done=reset"
expect_has "sign-in says the password changed" 'Passordet er endret'
form /nb/reset --data-urlencode "token=$TOKEN" --data-urlencode "password=$NEWPW x" \
	--data-urlencode "password_again=$NEWPW x"
expect_eq "link used twice 400" "$STATUS" 400
expect_has "link used: says so" 'Lenken virker ikke'
signin per "$PW_PER" "$T/x.jar"
expect_eq "old password stops working" "$STATUS" 401
signin per "$NEWPW" "$T/per2.jar"
expect_eq "new password works" "$STATUS" 303
get /nb/workspace -b "$T/per.jar"
expect_eq "the reset ended per's other sessions" "$STATUS" 303
get "/nb/reset?token=not-a-token"
expect_eq "malformed token 400" "$STATUS" 400
expect_has "malformed token: ask for a new link" 'href="/nb/reset"'

# ---- an invitation ----
get /api/v1/session -X POST -H "$J" -c "$T/ola-api.jar" \
	--data-binary "{\"username\":\"ola\",\"password\":\"$PW_ADMIN\"}"
OCSRF=$(jq -r .csrf_token "$T/body")
before=$(mails)
get /api/v1/users -X POST -H "$J" -b "$T/ola-api.jar" -H "X-CSRF-Token: $OCSRF" \
	--data-binary '{"username":"nina","role":"reporter","actors":["SIVA"],"email":"nina@example.no"}'
expect_eq "invited over the API" "$STATUS" 201
wait_mail $((before + 1))
last=$(ls "$MAILDIR"/*.eml | sort | tail -1)
LINK=$(grep -o 'http://veikart.test/nb/invite?token=[A-Za-z0-9_-]*' "$last" | head -1)
expect_match "the mail links the portal's invitation page" "$LINK" '^http://veikart.test/nb/invite\?token=[A-Za-z0-9_-]{43}$'
ITOKEN=${LINK##*=}
for lang in nb nn en; do
	get "/$lang/invite?token=$ITOKEN"
	check_shell "/$lang/invite" "$lang"
done
get /nb/invite
expect_eq "invitation without a token 400" "$STATUS" 400
PW_NINA="nina velger sitt eget passord"
form /nb/invite --data-urlencode "token=$ITOKEN" --data-urlencode "password=nina" \
	--data-urlencode "password_again=nina"
expect_eq "too short on invitation 422" "$STATUS" 422
form /nb/invite --data-urlencode "token=$ITOKEN" --data-urlencode "password=$PW_NINA" \
	--data-urlencode "password_again=$PW_NINA"
expect_eq "invitation accepted 303" "$STATUS $(header location)" "303 /nb/login?done=invited"
signin nina "$PW_NINA" "$T/nina.jar"
expect_eq "nina signs in" "$STATUS" 303
get /nb/workspace -b "$T/nina.jar"
expect_has "nina sees SIVA's measures" 'href="/nb/workspace/report/V-TP-2"'

# No secret in the server log.
expect_eq "no token or password in the log" \
	"$(grep -c -e "$TOKEN" -e "$ITOKEN" -e "$NEWPW" -e "$PW_KARI" "$T/server.log")" 0

finish
