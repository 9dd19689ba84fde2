#!/usr/bin/env bash
# End-to-end: accounts, sign-in, CSRF, throttling, API tokens, password
# reset by e-mail, against a running server and a real SMTP sink
# (python3-aiosmtpd under the system Python), as a client would do it.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW_ADMIN="en lang og god setning"
PW_KARI="kari har et godt passord"
PW_LISE="lise sitt passord er langt"
PW_PER="per glemte dette passordet"
J='Content-Type: application/json'

run() { OUT=$("$VEIKART" "$@" 2>"$T/err"); CODE=$?; ERR=$(cat "$T/err"); }
sql() { sqlite3 "$DB" "$1"; }

# ---- the CLI ----
run init --db "$DB"
expect_match "init hints at the first admin" "$OUT" 'veikart user add NAME --role admin'
run user add ola --role admin --password-stdin --db "$DB" <<<"kort"
expect_eq "short password exit" "$CODE" 2
expect_match "short password says why" "$ERR" 'at least 12 characters'
run user add ola --role admin --password-stdin --db "$DB" <<<"passord123456"
expect_eq "common password exit" "$CODE" 2
expect_match "common password says why" "$ERR" 'common'
run user add ola --role admin --db "$DB" </dev/null
expect_eq "no terminal, no --password-stdin" "$CODE" 2
expect_match "no terminal says what to do" "$ERR" 'password-stdin'
run user add "x'; DROP TABLE app_user;--" --role admin --password-stdin --db "$DB" <<<"$PW_ADMIN"
expect_eq "SQL in a user name refused" "$CODE" 2
run user add ola --role admin --password-stdin --db "$DB" <<<"$PW_ADMIN"
expect_eq "add admin" "$CODE" 0
run user add kari --role reporter --actor SIVA --email kari@example.no --password-stdin --db "$DB" <<<"$PW_KARI"
expect_eq "add reporter" "$CODE" 0
run user add bad --role reporter --actor NO-SUCH --password-stdin --db "$DB" <<<"$PW_KARI"
expect_eq "unknown actor refused" "$CODE" 2
run user add lise --role reader --password-stdin --db "$DB" <<<"$PW_LISE"
expect_eq "add reader" "$CODE" 0
run user add per --role coordinator --email per@example.no --password-stdin --db "$DB" <<<"$PW_PER"
expect_eq "add coordinator" "$CODE" 0
PW_NILS="nils har et langt passord"
run user add nils --role reader --password-stdin --db "$DB" <<<"$PW_NILS"
run user add mona --role reader --db "$DB" --password-stdin <<<"mona sitt lange passord"
run user invite nina@example.no --role reader --db "$DB"
expect_eq "invite without SMTP exit" "$CODE" 2
expect_match "invite without SMTP says what" "$ERR" 'VEIKART_SMTP_URL'
run user list --db "$DB"
expect_match "user list" "$OUT" 'kari +reporter +active'
expect_eq "users in the table" "$(sql 'SELECT count(*) FROM app_user')" 6
expect_eq "no hash in the audit log" \
	"$(sql "SELECT count(*) FROM audit_event WHERE after_json LIKE '%argon2%'")" 0

# ---- an SMTP sink and the server ----
start_mail_sink || exit 1
start_server "$DB" || exit 1

# post PATH JSON [curl args...]
post() { local p=$1 d=$2; shift 2; get "$p" -X POST -H "$J" --data-binary "$d" "$@"; }
detail() { jq -r .detail "$T/body"; }

# ---- sign-in ----
post /api/v1/session "{\"username\":\"ola\",\"password\":\"$PW_ADMIN\"}" -c "$T/ola.jar"
expect_eq "sign in" "$STATUS" 200
cookie=$(header set-cookie)
expect_match "cookie flags" "$cookie" '^veikart_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax$'
expect_eq "private, no-store" "$(header cache-control)" "private, no-store"
expect_eq "API answers vary by credentials" "$(header vary)" "Authorization, Cookie"
CSRF=$(jq -r .csrf_token "$T/body")
expect_match "csrf token" "$CSRF" '^[A-Za-z0-9_-]{43}$'
expect_eq "signed in as" "$(jq -r .user.role "$T/body")" admin
cookie_value=$(echo "$cookie" | sed 's/^veikart_session=\([^;]*\);.*/\1/')
expect_eq "cookie stored only as its hash" \
	"$(sql "SELECT count(*) FROM session WHERE id = '$cookie_value'")" 0
get /api/v1/session -b "$T/ola.jar"
expect_eq "who am I" "$STATUS/$(jq -r .user.username "$T/body")" "200/ola"
expect_eq "who am I csrf" "$(jq -r .csrf_token "$T/body")" "$CSRF"
get /api/v1/session
expect_eq "who am I, anonymous" "$STATUS" 401
get /api/v1/session -X POST -H 'Content-Type: text/plain' --data-binary "{\"username\":\"ola\",\"password\":\"$PW_ADMIN\"}"
expect_eq "sign-in needs JSON" "$STATUS" 415

# Wrong password and unknown user: the same answer.
post /api/v1/session '{"username":"ola","password":"feil passord her"}'
wrong="$STATUS $(detail)"
post /api/v1/session '{"username":"ingen","password":"feil passord her"}'
unknown="$STATUS $(detail)"
expect_eq "wrong password" "$wrong" "401 wrong user name or password"
expect_eq "unknown user answers the same" "$unknown" "$wrong"
post /api/v1/session "{\"username\":\"ola' OR '1'='1\",\"password\":\"x' OR '1'='1\"}"
expect_eq "SQL injection in sign-in" "$STATUS" 401
expect_eq "users unchanged" "$(sql 'SELECT count(*) FROM app_user')" 6
expect_eq "failed sign-ins audited without the password" \
	"$(sql "SELECT count(*) FROM audit_event WHERE action = 'session.sign_in_failed' AND after_json NOT LIKE '%feil passord%'")" 3

# Oversize bodies change nothing.
head -c 20000 /dev/zero | tr '\0' a >"$T/big"
get /api/v1/session -X POST -H "$J" --data-binary @"$T/big"
expect_eq "20 KB sign-in body" "$STATUS" 413
head -c 2000000 /dev/zero | tr '\0' a >"$T/huge"
get /api/v1/tokens -X POST -H "$J" -H "X-CSRF-Token: $CSRF" -b "$T/ola.jar" --data-binary @"$T/huge"
expect_eq "2 MB body" "$STATUS" 413
expect_eq "no token from oversize bodies" "$(sql 'SELECT count(*) FROM api_token')" 0

# ---- CSRF ----
post /api/v1/tokens '{"scope":"write"}' -b "$T/ola.jar"
expect_eq "no CSRF token" "$STATUS" 403
post /api/v1/tokens '{"scope":"write"}' -b "$T/ola.jar" -H "X-CSRF-Token: ${CSRF%?}x"
expect_eq "wrong CSRF token" "$STATUS" 403
get /api/v1/tokens -X POST -b "$T/ola.jar" -H 'Content-Type: application/x-www-form-urlencoded' --data 'scope=write&csrf_token=nope'
expect_eq "wrong CSRF form field" "$STATUS" 403
expect_eq "nothing made without CSRF" "$(sql 'SELECT count(*) FROM api_token')" 0
# Refusals are counted; the audit log gets one event a minute per address.
expect_eq "CSRF refusals audited once" \
	"$(sql "SELECT count(*) || '/' || json_extract(after_json, '$.count') FROM audit_event WHERE action = 'denied.csrf'")" 1/1
expect_eq "CSRF refusals counted" \
	"$(sql "SELECT count(*) FROM login_attempt WHERE ok = 3 AND username = 'denied:csrf'")" 2
post /api/v1/tokens '{"scope":"read","name":"rapport"}' -b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "token over the API with CSRF" "$STATUS" 201
API_TOKEN=$(jq -r .token "$T/body")
API_ID=$(jq -r .id "$T/body")
expect_match "token shown once" "$API_TOKEN" '^vk_[A-Za-z0-9_-]{43}$'
get /api/v1/tokens -b "$T/ola.jar"
expect_eq "token list has no secret" "$(jq -r '.items[0].token // "none"' "$T/body")" none
expect_eq "token list prefix" "$(jq -r '.items[0].prefix' "$T/body")" "${API_TOKEN:0:9}"

# ---- API tokens ----
READ_TOKEN=$("$VEIKART" token create per --scope read --db "$DB" 2>/dev/null)
WRITE_TOKEN=$("$VEIKART" token create per --scope write --name ci --db "$DB" 2>/dev/null)
expect_match "CLI prints the token alone" "$READ_TOKEN" '^vk_[A-Za-z0-9_-]{43}$'
get /api/v1/session -H "Authorization: Bearer $READ_TOKEN"
expect_eq "bearer works" "$STATUS/$(jq -r .user.username "$T/body")/$(jq -r .scope "$T/body")" "200/per/read"
read_id=$(sql "SELECT id FROM api_token WHERE prefix = '${READ_TOKEN:0:9}'")
get /api/v1/tokens/$read_id -X DELETE -H "Authorization: Bearer $READ_TOKEN"
expect_eq "read token cannot write" "$STATUS" 403
post /api/v1/tokens '{"scope":"write"}' -H "Authorization: Bearer $READ_TOKEN"
expect_eq "read token cannot make a token" "$STATUS" 403
post /api/v1/tokens '{"scope":"write"}' -H "Authorization: Bearer $WRITE_TOKEN"
expect_eq "no token makes tokens" "$STATUS" 403
get /api/v1/tokens/$API_ID -X DELETE -H "Authorization: Bearer $WRITE_TOKEN"
expect_eq "another user's token is not found" "$STATUS" 404
get /api/v1/session -H "Authorization: Bearer vk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_eq "unknown token" "$STATUS" 401
get /api/v1/session -H "Authorization: Bearer ' OR 1=1 --"
expect_eq "SQL as a token" "$STATUS" 401
get /api/v1/session -H "Authorization: Basic b2xhOm9sYQ=="
expect_eq "basic auth refused" "$STATUS" 401
# Anyone can send wrong credentials at no cost: the audit log must not
# grow with them. From a fresh address (127.0.0.3), 40 refusals make one
# event; the rest are counted for the next one.
codes=""
for i in $(seq 1 40); do
	codes+=$(curl -s -o /dev/null -w '%{http_code} ' --interface 127.0.0.3 \
		-H "Authorization: Bearer vk_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB$((i % 10))" \
		"http://127.0.0.1:$PORT/api/v1/session")
done
expect_eq "40 refused tokens" "$(echo $codes | tr ' ' '\n' | sort -u)" 401
expect_eq "one audit event for them" \
	"$(sql "SELECT count(*) FROM audit_event WHERE action = 'denied.credentials' AND after_json LIKE '%127.0.0.3%'")" 1
expect_eq "the others counted" \
	"$(sql "SELECT count(*) FROM login_attempt WHERE ok = 3 AND address = '127.0.0.3'")" 39
expect_eq "no event per refusal" "$(sql "SELECT count(*) FROM audit_event WHERE action = 'denied' AND entity_type IS NULL AND after_json LIKE '%127.0.0.3%'")" 0
run token revoke "$read_id" --db "$DB"
expect_eq "token revoke" "$CODE" 0
get /api/v1/session -H "Authorization: Bearer $READ_TOKEN"
expect_eq "revoked token" "$STATUS" 401
expect_match "revoked token says so" "$(detail)" 'revoked'
get /api/v1/tokens/$read_id -X DELETE -H "Authorization: Bearer $WRITE_TOKEN"
expect_eq "write token revokes its user's token" "$STATUS" 204
run token list per --db "$DB"
expect_match "token list" "$OUT" 'ci'

# ---- throttling ----
for i in 1 2 3 4 5; do
	post /api/v1/session '{"username":"lise","password":"gjett gjett gjett"}'
done
expect_eq "fifth failure still 401" "$STATUS" 401
post /api/v1/session "{\"username\":\"lise\",\"password\":\"$PW_LISE\"}"
expect_eq "throttled" "$STATUS" 429
expect_match "Retry-After" "$(header retry-after)" '^[0-9]+$'
expect_match "throttle message" "$(detail)" '^too many failed sign-ins; try again in [0-9]+ minutes$'
for i in 1 2 3 4 5; do
	post /api/v1/session '{"username":"finnes-ikke","password":"gjett gjett gjett"}'
done
post /api/v1/session '{"username":"finnes-ikke","password":"gjett"}'
expect_eq "throttled alike for an unknown name" "$STATUS $(detail | sed 's/[0-9]*//g')" \
	"429 too many failed sign-ins; try again in  minutes"

# ---- sign-out ----
get /api/v1/session -X DELETE -b "$T/ola.jar"
expect_eq "sign-out without CSRF" "$STATUS" 403
get /api/v1/session -X DELETE -b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "sign-out" "$STATUS" 204
expect_match "cookie cleared" "$(header set-cookie)" 'Max-Age=0'
get /api/v1/session -b "$T/ola.jar"
expect_eq "old cookie after sign-out" "$STATUS" 401

# ---- disabled user ----
post /api/v1/session "{\"username\":\"kari\",\"password\":\"$PW_KARI\"}" -c "$T/kari.jar"
expect_eq "reporter signs in" "$STATUS/$(jq -r '.user.actors|join(",")' "$T/body")" "200/SIVA"
get /api/v1/users -b "$T/kari.jar"
expect_eq "reporter cannot list users" "$STATUS" 403
run user disable kari --db "$DB"
expect_eq "disable" "$CODE" 0
get /api/v1/session -b "$T/kari.jar"
expect_eq "disabled user's session" "$STATUS" 401
post /api/v1/session "{\"username\":\"kari\",\"password\":\"$PW_KARI\"}"
expect_eq "disabled user cannot sign in" "$STATUS $(detail)" "401 wrong user name or password"
run user enable kari --db "$DB"
expect_eq "enable" "$CODE" 0

# ---- user administration over the API ----
post /api/v1/session "{\"username\":\"ola\",\"password\":\"$PW_ADMIN\"}" -c "$T/ola.jar"
CSRF=$(jq -r .csrf_token "$T/body")
get /api/v1/users -b "$T/ola.jar"
expect_eq "admin lists users" "$STATUS/$(jq '.items|length' "$T/body")" "200/6"
expect_eq "no hash in the user list" "$(grep -c argon2 "$T/body")" 0
before=$(mails)
post /api/v1/users '{"username":"nina","role":"reader","email":"nina@example.no","display_name":"Nina Ås"}' \
	-b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "admin creates a user" "$STATUS/$(jq -r .invitation.sent "$T/body")" "201/true"
wait_mail $((before + 1))
expect_match "invitation link" "$(cat "$MAILDIR"/*.eml)" 'http://veikart.test/nb/invite\?token=[A-Za-z0-9_-]{43}'
get /api/v1/users/kari -X PATCH -H "$J" --data-binary '{"actors":["NFD","SIVA"]}' -b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "patch actors" "$STATUS/$(jq -r '.actors|join(",")' "$T/body")" "200/NFD,SIVA"
get /api/v1/users/ola -X PATCH -H "$J" --data-binary '{"role":"reader"}' -b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "last admin stays admin" "$STATUS" 409
get /api/v1/users/kari -X PATCH -H "$J" --data-binary '{"password_hash":"x"}' -b "$T/ola.jar" -H "X-CSRF-Token: $CSRF"
expect_eq "unknown field refused" "$STATUS" 400

# ---- password reset by e-mail ----
before=$(mails)
post /api/v1/password-reset-request '{"username":"per"}'
known="$STATUS $(cat "$T/body")"
post /api/v1/password-reset-request '{"username":"finnes-ikke"}'
expect_eq "reset request answers alike" "$STATUS $(cat "$T/body")" "$known"
expect_match "reset request 202" "$known" '^202 '
wait_mail $((before + 1))
sleep 0.3
expect_eq "one mail, none for the unknown name" "$(mails)" $((before + 1))
last=$(ls "$MAILDIR"/*.eml | sort | tail -1)
expect_match "reset mail to per" "$(cat "$last")" 'To: per@example.no'
RESET=$(grep -o 'http://veikart.test/nb/reset?token=[A-Za-z0-9_-]*' "$last" | sed 's|.*=||')
expect_match "reset token" "$RESET" '^[A-Za-z0-9_-]{43}$'
post /api/v1/password "{\"token\":\"$RESET\",\"password\":\"kort\"}"
expect_eq "reset with a weak password" "$STATUS" 422
post /api/v1/password "{\"token\":\"$RESET\",\"password\":\"per husker dette nye passordet\"}"
expect_eq "reset" "$STATUS" 204
post /api/v1/password "{\"token\":\"$RESET\",\"password\":\"et annet nytt passord her\"}"
expect_eq "reset link is single use" "$STATUS" 400
post /api/v1/session '{"username":"per","password":"per husker dette nye passordet"}' -c "$T/per.jar"
expect_eq "sign in with the new password" "$STATUS" 200
PCSRF=$(jq -r .csrf_token "$T/body")
get /api/v1/session -H "Authorization: Bearer $WRITE_TOKEN"
expect_eq "a reset by link revokes the user's tokens" "$STATUS" 401
post /api/v1/session "{\"username\":\"per\",\"password\":\"$PW_PER\"}"
expect_eq "old password no longer works" "$STATUS" 401
get /api/v1/me/password -X PUT -H "$J" -H "X-CSRF-Token: $PCSRF" -b "$T/per.jar" \
	--data-binary '{"current":"per husker dette nye passordet","new":"enda et nytt langt passord"}'
expect_eq "change own password" "$STATUS" 204

# Many reset requests at once: the hour's cap (3 links) holds, counted
# under the write lock by the background jobs.
# wait_for PIDS...: the given background jobs (not the server's).
wait_for() { for p in "$@"; do wait "$p"; done; }
before=$(mails)
jobs_=()
for i in $(seq 1 20); do
	curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "$J" \
		--data-binary '{"username":"kari"}' \
		"http://127.0.0.1:$PORT/api/v1/password-reset-request" >>"$T/resets" &
	jobs_+=($!)
done
wait_for "${jobs_[@]}"
expect_eq "20 reset requests answered 202" "$(sort -u "$T/resets")" 202
wait_mail $((before + 3))
sleep 1
expect_eq "three links for kari" \
	"$(sql "SELECT count(*) FROM one_time_token t JOIN app_user u ON u.id = t.user_id WHERE u.username = 'kari'")" 3
expect_eq "three mails for kari" "$(mails)" $((before + 3))

# ---- the audit log of accounts is the administrators' ----
get "/api/v1/audit?entity_type=users" -b "$T/per.jar"
expect_eq "coordinator reads no user events" "$STATUS/$(jq '.items|length' "$T/body")" 200/0
get "/api/v1/audit?action=session.sign_in" -b "$T/per.jar"
expect_eq "coordinator reads no sign-ins" "$(jq '.items|length' "$T/body")" 0
get "/api/v1/audit?limit=500" -b "$T/per.jar"
expect_eq "nor token or refusal events" \
	"$(jq '[.items[] | select(.entity_type == "users" or .entity_type == "tokens" or (.action | startswith("denied.")))] | length' "$T/body")" 0
get "/api/v1/audit?entity_type=users" -b "$T/ola.jar"
expect_match "admin reads them" "$(jq '.items|length' "$T/body")" '^[1-9]'

# ---- concurrent changes of one user ----
ADMIN_TOKEN=$("$VEIKART" token create ola --scope write --db "$DB" 2>/dev/null)
patch_mona() {
	curl -s -o /dev/null -w '%{http_code}\n' -X PATCH -H "$J" \
		-H "Authorization: Bearer $ADMIN_TOKEN" --data-binary "$1" \
		"http://127.0.0.1:$PORT/api/v1/users/mona"
}
lost=0
for i in $(seq 1 20); do
	patch_mona '{"disabled": false, "role": "reader"}' >/dev/null
	patch_mona '{"disabled": true}' >/dev/null &
	a=$!
	patch_mona '{"role": "coordinator"}' >/dev/null &
	wait_for "$a" $!
	[ "$(sql "SELECT disabled || role FROM app_user WHERE username = 'mona'")" = 1coordinator ] ||
		lost=$((lost + 1))
done
expect_eq "parallel patches lose nothing (20 tries)" "$lost" 0

# ---- disabling revokes tokens ----
LISE_TOKEN=$("$VEIKART" token create lise --scope read --db "$DB" 2>/dev/null)
patch_lise() {
	get /api/v1/users/lise -X PATCH -H "$J" -H "Authorization: Bearer $ADMIN_TOKEN" --data-binary "$1"
}
patch_lise '{"disabled": true}'
patch_lise '{"disabled": false}'
expect_eq "re-enabled" "$STATUS/$(jq -r .disabled "$T/body")" 200/false
get /api/v1/session -H "Authorization: Bearer $LISE_TOKEN"
expect_eq "a token of a disabled user stays revoked" "$STATUS/$(detail | grep -c revoked)" 401/1

# ---- parallel guesses of the current password ----
# From a fresh address, so that only this account's count decides.
curl -s -o "$T/body" -c "$T/nils.jar" --interface 127.0.0.2 -H "$J" \
	--data-binary "{\"username\":\"nils\",\"password\":\"$PW_NILS\"}" \
	"http://127.0.0.1:$PORT/api/v1/session" >/dev/null
NCSRF=$(jq -r .csrf_token "$T/body")
jobs_=()
for i in $(seq 1 12); do
	curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.2 -X PUT \
		-H "$J" -H "X-CSRF-Token: $NCSRF" -b "$T/nils.jar" \
		--data-binary '{"current":"gjett gjett gjett","new":"et nytt og langt passord"}' \
		"http://127.0.0.1:$PORT/api/v1/me/password" >>"$T/guesses" &
	jobs_+=($!)
done
wait_for "${jobs_[@]}"
expect_eq "12 parallel wrong guesses: five 403, then 429" \
	"$(sort "$T/guesses" | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')" "403x5 429x7 "

# ---- the audit log ----
for a in session.sign_in session.sign_out session.sign_in_failed \
	session.sign_in_throttled denied denied.credentials denied.csrf \
	token.create token.revoke token.revoke_all user.create user.update \
	user.password_reset user.password_change user.link_create; do
	expect_match "audited: $a" "$(sql "SELECT count(*) FROM audit_event WHERE action = '$a'")" '^[1-9]'
done
expect_eq "no secret in the audit log" \
	"$(sql "SELECT count(*) FROM audit_event WHERE coalesce(after_json,'') || coalesce(before_json,'') LIKE '%$RESET%' OR coalesce(after_json,'') LIKE '%${WRITE_TOKEN:3}%' OR coalesce(after_json,'') LIKE '%$CSRF%'")" 0
expect_eq "no secret in the server log" "$(grep -c -e "$RESET" -e "${WRITE_TOKEN:3}" -e "$PW_ADMIN" "$T/server.log")" 0
expect_match "audit chain intact" "$("$VEIKART" audit verify --db "$DB")" '^audit log intact'

finish
