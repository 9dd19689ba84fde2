#!/usr/bin/env bash
# End-to-end: the administration pages of the portal against a running
# server and a real SMTP sink (python3-aiosmtpd under the system Python):
# /{lang}/workspace/users (invite by e-mail, the invitation accepted,
# change role, disable with confirmation - the user's session stops
# working - enable, reset link, the last administrator kept, 403 for a
# coordinator, validation with 422 and nothing written, CSRF refused, data
# escaped) and /{lang}/workspace/tokens (a token shown once and working
# against the API, revoked with confirmation and then refused, an admin
# sees and revokes every user's, validation, CSRF), in nb, nn and en.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW_ADMIN="en lang og god setning"
PW_PER="per har et langt passord"
PW_KARI="kari har et godt passord"
PW_NINA="nina velger et eget passord"
J='Content-Type: application/json'

sql() { sqlite3 "$DB" "$1"; }
adduser() {
	"$VEIKART" user add "$1" --role "$2" ${4:+--actor "$4"} ${5:+--email "$5"} \
		--db "$DB" --password-stdin <<<"$3" >/dev/null 2>>"$T/cli.log"
}

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
adduser ola admin "$PW_ADMIN"
adduser per coordinator "$PW_PER"
adduser kari reporter "$PW_KARI" SIVA kari@example.no
expect_eq "users made" "$(sql 'SELECT count(*) FROM app_user')" 3

# ---- an SMTP sink (as tests/e2e/auth.sh) and the server ----
start_mail_sink || exit 1
start_server "$DB" || exit 1

# sign_in USER PASSWORD -> cookie jar $T/USER.jar, CSRF token in $CSRF
sign_in() {
	get /api/v1/session -X POST -H "$J" -c "$T/$1.jar" \
		--data-binary "{\"username\":\"$1\",\"password\":\"$2\"}"
	CSRF=$(jq -r .csrf_token "$T/body")
}
# form USER PATH field=value... : a urlencoded post with USER's cookie
form() {
	local who=$1 path=$2
	shift 2
	local args=()
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	get "$path" -X POST -b "$T/$who.jar" "${args[@]}"
}
body() { cat "$T/body"; }
h1() { grep -o '<h1[^>]*>[^<]*</h1>' "$T/body" | sed 's/<[^>]*>//g'; }

sign_in ola "$PW_ADMIN"
OLA=$CSRF
sign_in per "$PW_PER"
PER=$CSRF

# ---- who may see the users page ----
get /nb/workspace/users
expect_eq "anonymous goes to sign-in" "$STATUS $(header location)" \
	"303 /nb/login?next=%2Fworkspace%2Fusers"
get /nb/workspace/users -b "$T/per.jar"
expect_eq "coordinator: 403" "$STATUS" 403
expect_match "coordinator: the 403 page" "$(h1)" 'Ingen tilgang'
form per /nb/workspace/users "csrf_token=$PER" op=invite username=hacker \
	email=h@example.no role=admin
expect_eq "coordinator cannot invite" "$STATUS" 403
expect_eq "no user from a coordinator" "$(sql "SELECT count(*) FROM app_user WHERE username = 'hacker'")" 0
for l in nb nn en; do
	get /$l/workspace/users -b "$T/ola.jar"
	expect_eq "users page $l" "$STATUS/$(grep -c '<h1' "$T/body")" 200/1
	expect_eq "users page private $l" "$(header cache-control)" "private, no-store"
done
get /nb/workspace/users -b "$T/ola.jar"
expect_eq "nb heading" "$(h1)" "Brukere"
expect_match "table with caption" "$(body)" '<caption id="users-caption">Brukerne av Veikart</caption>'
expect_match "kari's row" "$(body)" '<th scope="row">kari</th><td><span aria-hidden="true">'
expect_match "kari reports for SIVA" "$(body)" 'href="/nb/actors/SIVA"'
expect_match "the admin is marked as you" "$(body)" 'ola \(deg\)'
get /nn/workspace/users -b "$T/ola.jar"
expect_eq "nn heading" "$(h1)" "Brukarar"
get /en/workspace/users -b "$T/ola.jar"
expect_eq "en heading" "$(h1)" "Users"
expect_match "en role label" "$(body)" '<td>Reporter</td>'

# ---- invite ----
users_before=$(sql 'SELECT count(*) FROM app_user')
form ola /nb/workspace/users op=invite username=nina "display_name=Nina <b>Ås</b>" \
	email=nina@example.no role=reporter actors=SIVA
expect_eq "invite without CSRF" "$STATUS" 403
form ola /nb/workspace/users "csrf_token=${OLA%?}x" op=invite username=nina \
	email=nina@example.no role=reporter actors=SIVA
expect_eq "invite with a wrong CSRF token" "$STATUS" 403
expect_eq "nothing made without CSRF" "$(sql 'SELECT count(*) FROM app_user')" "$users_before"
form ola /nb/workspace/users "csrf_token=$OLA" op=invite "username=Nina Ås" \
	email=ikke-en-adresse role=reporter
expect_eq "invite with errors: 422" "$STATUS" 422
expect_match "error summary" "$(body)" 'ds-error-summary'
expect_match "user name message" "$(body)" 'href="#f-username">Skriv et brukernavn'
expect_match "e-mail message" "$(body)" 'href="#f-email">Skriv en gyldig e-postadresse'
expect_match "actors message" "$(body)" 'href="#f-actors">Kryss av minst én aktør'
expect_match "typed value kept" "$(body)" 'value="Nina Ås"'
expect_eq "nothing made from a bad form" "$(sql 'SELECT count(*) FROM app_user')" "$users_before"
form ola /en/workspace/users "csrf_token=$OLA" op=invite username=nina role=reader
expect_match "English message" "$(body)" 'Enter the e-mail address to send the invitation to'
before=$(mails)
form ola /nb/workspace/users "csrf_token=$OLA" op=invite username=nina \
	"display_name=Nina <b>Ås</b>" email=nina@example.no role=reporter actors=SIVA
expect_eq "invite" "$STATUS $(header location)" "303 /nb/workspace/users?done=invited"
expect_eq "nina made as a reporter for SIVA" \
	"$(sql "SELECT u.role || '/' || a.actor FROM app_user u JOIN user_actor a ON a.user_id = u.id WHERE username = 'nina'")" \
	"reporter/SIVA"
wait_mail $((before + 1))
last=$(ls "$MAILDIR"/*.eml | sort | tail -1)
expect_match "invitation to nina" "$(cat "$last")" 'To: nina@example.no'
INVITE=$(grep -o 'http://veikart.test/nb/invite?token=[A-Za-z0-9_-]*' "$last" | sed 's|.*=||')
expect_match "invitation token" "$INVITE" '^[A-Za-z0-9_-]{43}$'
get "/nb/workspace/users?done=invited" -b "$T/ola.jar"
expect_match "notice after the redirect" "$(body)" 'Invitasjonen er sendt.'
expect_match "markup in a name is escaped" "$(body)" 'Nina &lt;b&gt;Ås&lt;/b&gt;'
expect_eq "no markup from data" "$(grep -c '<b>Ås' "$T/body")" 0
expect_match "invited, no password yet" "$(body)" 'Invitert, har ikke satt passord ennå'
form ola /nb/workspace/users "csrf_token=$OLA" op=invite username=nina \
	email=nina2@example.no role=reader
expect_eq "a taken name: 422" "$STATUS" 422
expect_match "a taken name says so" "$(body)" 'Brukernavnet er allerede i bruk'

# Nina sets her password from the link and signs in.
get /api/v1/password -X POST -H "$J" --data-binary "{\"token\":\"$INVITE\",\"password\":\"$PW_NINA\"}"
expect_eq "invitation accepted" "$STATUS" 204
sign_in nina "$PW_NINA"
expect_eq "nina signs in" "$STATUS" 200
get /nb/workspace -b "$T/nina.jar"
expect_eq "nina's workspace" "$STATUS" 200
get /nb/workspace/users -b "$T/nina.jar"
expect_eq "a reporter: 403" "$STATUS" 403

# ---- change role and actors ----
get "/nb/workspace/users?user=nina" -b "$T/ola.jar"
expect_eq "change form" "$STATUS/$(h1)" "200/Endre brukeren nina"
expect_match "nina's actor ticked" "$(body)" 'value="SIVA" checked'
get "/nb/workspace/users?user=ingen" -b "$T/ola.jar"
expect_eq "change form of no user" "$STATUS" 400
form ola /nb/workspace/users "csrf_token=$OLA" op=change username=nina role=reader \
	email=ugyldig display_name=Nina
expect_eq "change with a bad e-mail: 422" "$STATUS" 422
expect_eq "role unchanged" "$(sql "SELECT role FROM app_user WHERE username = 'nina'")" reporter
form ola /nb/workspace/users "csrf_token=$OLA" op=change username=nina role=reader \
	actors=SIVA email=nina@example.no "display_name=Nina Ås"
expect_eq "change role" "$STATUS $(header location)" "303 /nb/workspace/users?done=saved"
expect_eq "nina is a reader without actors" \
	"$(sql "SELECT role || '/' || (SELECT count(*) FROM user_actor WHERE user_id = u.id) FROM app_user u WHERE username = 'nina'")" \
	"reader/0"
form ola /nb/workspace/users "csrf_token=$OLA" op=change username=ola role=reader \
	email= display_name=
expect_eq "the last admin keeps the role" "$STATUS" 422
expect_match "says why" "$(body)" 'siste aktive administratoren'
expect_eq "ola still admin" "$(sql "SELECT role FROM app_user WHERE username = 'ola'")" admin

# ---- disable, with a confirmation ----
get /api/v1/session -b "$T/nina.jar"
expect_eq "nina's session works" "$STATUS" 200
form ola /nb/workspace/users "csrf_token=$OLA" op=disable username=nina
expect_eq "disable asks first" "$STATUS/$(h1)" "200/Deaktivere brukeren nina?"
expect_match "the confirmation repeats the post" "$(body)" 'name="confirm" value="yes"'
expect_eq "not disabled before confirming" "$(sql "SELECT disabled FROM app_user WHERE username = 'nina'")" 0
form ola /nb/workspace/users op=disable username=nina confirm=yes
expect_eq "disable without CSRF" "$STATUS" 403
expect_eq "still enabled" "$(sql "SELECT disabled FROM app_user WHERE username = 'nina'")" 0
form ola /nb/workspace/users "csrf_token=$OLA" op=disable username=nina confirm=yes
expect_eq "disable" "$STATUS $(header location)" "303 /nb/workspace/users?done=disabled"
expect_eq "nina disabled" "$(sql "SELECT disabled FROM app_user WHERE username = 'nina'")" 1
get /api/v1/session -b "$T/nina.jar"
expect_eq "nina's session stops working (API)" "$STATUS" 401
get /nb/workspace -b "$T/nina.jar"
expect_eq "nina's session stops working (portal)" "$STATUS" 303
sign_in nina "$PW_NINA"
expect_eq "nina cannot sign in" "$STATUS" 401
get "/nb/workspace/users?done=disabled" -b "$T/ola.jar"
expect_match "disabled in the table" "$(body)" '<td>Deaktivert</td>'
form ola /nb/workspace/users "csrf_token=$OLA" op=disable username=ola confirm=yes
expect_eq "the last admin cannot be disabled" "$STATUS" 409
expect_match "says why" "$(body)" 'siste aktive administratoren'
form ola /nb/workspace/users "csrf_token=$OLA" op=enable username=nina
expect_eq "enable" "$STATUS $(header location)" "303 /nb/workspace/users?done=enabled"
sign_in nina "$PW_NINA"
expect_eq "nina signs in again" "$STATUS" 200

# ---- a link for a new password ----
before=$(mails)
form ola /nb/workspace/users "csrf_token=$OLA" op=reset username=kari
expect_eq "reset link" "$STATUS $(header location)" "303 /nb/workspace/users?done=reset"
wait_mail $((before + 1))
expect_match "reset mail to kari" "$(cat "$(ls "$MAILDIR"/*.eml | sort | tail -1)")" 'To: kari@example.no'
form ola /nb/workspace/users "csrf_token=$OLA" op=reset username=per
expect_eq "no address: 422" "$STATUS" 422
expect_match "no address says so" "$(body)" 'ingen e-postadresse'
form ola /nb/workspace/users "csrf_token=$OLA" op=drop username=kari
expect_eq "unknown op: 400" "$STATUS" 400
form ola /nb/workspace/users "csrf_token=$OLA" op=enable username=ingen
expect_eq "unknown user: 404" "$STATUS" 404

# ---- API tokens ----
get /nb/workspace/tokens
expect_eq "tokens: anonymous goes to sign-in" "$STATUS" 303
get /nb/workspace/tokens -b "$T/per.jar"
expect_eq "tokens page" "$STATUS/$(h1)" "200/API-nøkler"
expect_match "no tokens yet" "$(body)" 'Det finnes ingen API-nøkler ennå.'
for l in nn en; do
	get /$l/workspace/tokens -b "$T/per.jar"
	expect_eq "tokens page $l" "$STATUS/$(grep -c '<h1' "$T/body")" 200/1
done
get /en/workspace/tokens -b "$T/per.jar"
expect_eq "en heading" "$(h1)" "API tokens"
form per /nb/workspace/tokens op=create name=ci scope=write
expect_eq "token without CSRF" "$STATUS" 403
expect_eq "no token without CSRF" "$(sql 'SELECT count(*) FROM api_token')" 0
form per /nb/workspace/tokens "csrf_token=$PER" op=create name=ci scope=admin
expect_eq "bad scope: 422" "$STATUS" 422
expect_match "scope message" "$(body)" 'href="#f-scope">Velg om nøkkelen'
form per /nb/workspace/tokens "csrf_token=$PER" op=create "name=$(printf 'x%.0s' $(seq 1 201))" scope=read
expect_eq "long name: 422" "$STATUS" 422
expect_eq "no token from bad forms" "$(sql 'SELECT count(*) FROM api_token')" 0
form per /nb/workspace/tokens "csrf_token=$PER" op=create "name=CI <script>" scope=write
expect_eq "token made: 200, no redirect" "$STATUS/$(header location)" "200/"
expect_eq "the page with the secret is private" "$(header cache-control)" "private, no-store"
TOKEN=$(grep -o 'value="vk_[A-Za-z0-9_-]*"' "$T/body" | sed 's/value="//; s/"$//')
expect_match "the secret is shown" "$TOKEN" '^vk_[A-Za-z0-9_-]{43}$'
expect_eq "shown once on the page" "$(grep -o "$TOKEN" "$T/body" | wc -l)" 1
expect_match "name escaped" "$(body)" 'CI &lt;script&gt;'
get /api/v1/session -H "Authorization: Bearer $TOKEN"
expect_eq "the token works against the API" \
	"$STATUS/$(jq -r .user.username "$T/body")/$(jq -r .scope "$T/body")" "200/per/write"
get /nb/workspace/tokens -b "$T/per.jar"
expect_eq "the secret is not shown again" "$(grep -c "$TOKEN" "$T/body")" 0
expect_match "its prefix is" "$(body)" "<code>${TOKEN:0:9}</code>"
ID=$(sql "SELECT id FROM api_token WHERE prefix = '${TOKEN:0:9}'")
form per /nb/workspace/tokens "csrf_token=$PER" op=revoke "id=$ID"
expect_eq "revoke asks first" "$STATUS/$(h1)" "200/Trekke tilbake nøkkelen CI &lt;script&gt;?"
get /api/v1/session -H "Authorization: Bearer $TOKEN"
expect_eq "still works before confirming" "$STATUS" 200
form per /nb/workspace/tokens op=revoke "id=$ID" confirm=yes
expect_eq "revoke without CSRF" "$STATUS" 403
form per /nb/workspace/tokens "csrf_token=$PER" op=revoke "id=$ID" confirm=yes
expect_eq "revoke" "$STATUS $(header location)" "303 /nb/workspace/tokens?done=revoked"
get /api/v1/session -H "Authorization: Bearer $TOKEN"
expect_eq "a revoked token stops working" "$STATUS" 401
get "/nb/workspace/tokens?done=revoked" -b "$T/per.jar"
expect_match "revoked in the list" "$(body)" 'Trukket tilbake'

# An admin sees every user's tokens and revokes them; others cannot.
form ola /nb/workspace/tokens "csrf_token=$OLA" op=create name=admin-nøkkel scope=read
OLA_TOKEN=$(grep -o 'value="vk_[A-Za-z0-9_-]*"' "$T/body" | sed 's/value="//; s/"$//')
OLA_ID=$(sql "SELECT id FROM api_token WHERE prefix = '${OLA_TOKEN:0:9}'")
form per /nb/workspace/tokens "csrf_token=$PER" op=create name=per2 scope=read
PER_TOKEN=$(grep -o 'value="vk_[A-Za-z0-9_-]*"' "$T/body" | sed 's/value="//; s/"$//')
PER_ID=$(sql "SELECT id FROM api_token WHERE prefix = '${PER_TOKEN:0:9}'")
get /nb/workspace/tokens -b "$T/per.jar"
expect_eq "per does not see ola's token" "$(grep -c "${OLA_TOKEN:0:9}" "$T/body")" 0
form per /nb/workspace/tokens "csrf_token=$PER" op=revoke "id=$OLA_ID" confirm=yes
expect_eq "per cannot revoke ola's token" "$STATUS" 404
get /nb/workspace/tokens -b "$T/ola.jar"
expect_match "admin sees per's token" "$(body)" "<td>per</td><td><code>${PER_TOKEN:0:9}</code>"
expect_match "admin's caption" "$(body)" 'API-nøklene til alle brukerne'
form ola /nb/workspace/tokens "csrf_token=$OLA" op=revoke "id=$PER_ID" confirm=yes
expect_eq "admin revokes per's token" "$STATUS" 303
get /api/v1/session -H "Authorization: Bearer $PER_TOKEN"
expect_eq "per's token revoked by the admin" "$STATUS" 401
get /api/v1/session -H "Authorization: Bearer $OLA_TOKEN"
expect_eq "ola's token still works" "$STATUS" 200
form per /nb/workspace/tokens "csrf_token=$PER" op=revoke id=abc confirm=yes
expect_eq "a malformed id: 404" "$STATUS" 404

# Disabling a user revokes their tokens at once.
form per /nb/workspace/tokens "csrf_token=$PER" op=create name=per3 scope=read
PER3=$(grep -o 'value="vk_[A-Za-z0-9_-]*"' "$T/body" | sed 's/value="//; s/"$//')
form ola /nb/workspace/users "csrf_token=$OLA" op=disable username=per confirm=yes
get /api/v1/session -H "Authorization: Bearer $PER3"
expect_eq "a disabled user's token stops working" "$STATUS" 401

finish
