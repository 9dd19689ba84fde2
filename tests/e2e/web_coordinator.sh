#!/usr/bin/env bash
# End-to-end: the coordinator's workspace pages against a running server,
# driven as a browser drives them: every form is read from the page it is
# on and posted back with the fields a person changed (web_coordinator
# form filler below), with the session cookie and the page's CSRF token.
#
#   cycle   open a period (and refuse it twice or with a bad deadline), a
#           reporter submits through the API, the overview, filters and
#           sorting, returning with no comment (422, nothing changed),
#           approving (the public measure page shows the status), a second
#           approval from an old page (409), closing after "Er du sikker?",
#           reopening a locked report with a reason
#   edit    the collections and a filtered list; every form of a record of
#           each collection saved unchanged (no change, no audit event);
#           a measure's title in nb,
#           nn and en onto the public pages; wrong values (required, too
#           long, not in the list, unknown reference, bad date) each next
#           to its field with the export unchanged; a stale version (409);
#           CSRF missing or wrong (403); an actor created and deleted after
#           asking; a referenced actor refused (409); a nested list
#   access  a reporter and a reader get 403 on every page, anonymous users
#           the sign-in page; markup in data escaped; three languages
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }
for u in "koord --role coordinator" "rapp --role reporter --actor HDIR" \
	"leser --role reader"; do
	# shellcheck disable=SC2086
	"$VEIKART" user add $u --db "$DB" --password-stdin <<<"$PW" \
		>/dev/null 2>>"$T/cli.log" || { cat "$T/cli.log"; exit 1; }
done
start_server "$DB" || exit 1
URL="http://127.0.0.1:$PORT"

# The fields a browser sends for one form of a page: the form whose hidden
# "part" (or whose action) is $2, with name=value changes, -name removed,
# +name=value added, !name=value the button pressed.
cat >"$T/fill.py" <<'EOF'
import sys, html.parser, urllib.parse
class Forms(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True)
        s.forms, s.cur, s.sel, s.ta = [], None, None, None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'form':
            s.cur = {'action': a.get('action', ''), 'fields': [], 'buttons': []}
            s.forms.append(s.cur)
        if s.cur is None:
            return
        if tag == 'input':
            t = a.get('type', 'text')
            if t in ('checkbox', 'radio'):
                if 'checked' in a:
                    s.cur['fields'].append([a['name'], a.get('value', 'on')])
            elif t == 'submit':
                s.cur['buttons'].append((a.get('name'), a.get('value', '')))
            else:
                s.cur['fields'].append([a['name'], a.get('value', '')])
        elif tag == 'textarea':
            s.ta = [a['name'], '']
            s.cur['fields'].append(s.ta)
        elif tag == 'select':
            s.sel = {'name': a['name'], 'first': None, 'chosen': None}
        elif tag == 'option' and s.sel is not None:
            v = a.get('value', '')
            if s.sel['first'] is None:
                s.sel['first'] = v
            if 'selected' in a:
                s.sel['chosen'] = v
        elif tag == 'button':
            s.cur['buttons'].append((a.get('name'), a.get('value', '')))
    def handle_data(s, d):
        if s.ta is not None:
            s.ta[1] += d
    def handle_endtag(s, tag):
        if tag == 'textarea':
            s.ta = None
        if tag == 'select' and s.sel is not None:
            v = s.sel['chosen'] if s.sel['chosen'] is not None else s.sel['first']
            if v is not None:
                s.cur['fields'].append([s.sel['name'], v])
            s.sel = None
        if tag == 'form':
            s.cur = None
p = Forms()
p.feed(open(sys.argv[1], encoding='utf-8').read())
want = [a[1:].split('=', 1) for a in sys.argv[3:] if a[0] == '!']
button = tuple(want[0]) if want else None
form = None
for f in p.forms:
    parts = [v for n, v in f['fields'] if n == 'part']
    if not (sys.argv[2] in parts or
            (not parts and f['action'].endswith(sys.argv[2]))):
        continue
    if button is None or button in f['buttons']:
        form = f
        break
if form is None:
    sys.exit('no form ' + sys.argv[2])
fields = form['fields']
for arg in sys.argv[3:]:
    if arg[0] == '-':
        fields = [x for x in fields if x[0] != arg[1:]]
    elif arg[0] == '+':
        n, v = arg[1:].split('=', 1)
        fields.append([n, v])
    elif arg[0] != '!':
        n, v = arg.split('=', 1)
        hit = [x for x in fields if x[0] == n]
        if hit:
            hit[0][1] = v
        else:
            fields.append([n, v])
if button is None:
    named = [b for b in form['buttons'] if b[0]]
    button = named[0] if named else None
if button:
    fields.append(list(button))
sys.stdout.write(urllib.parse.urlencode([tuple(x) for x in fields]))
EOF
fill() { python3 "$T/fill.py" "$@" >"$T/form" || bad "no form $2"; }

# Sign in through the API; the session cookie goes to $1's jar.
signin() {
	curl -s -c "$T/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PW\"}" \
		"$URL/api/v1/session" | jq -r .csrf_token
}
KCSRF=$(signin koord)
RCSRF=$(signin rapp)
signin leser >/dev/null
[ -n "$KCSRF" ] && [ "$KCSRF" != null ] || { echo "no session"; exit 1; }

# page USER PATH: GET with USER's cookie; body in $T/body (and $T/page).
page() {
	get "$2" -b "$T/$1.jar"
	cp "$T/body" "$T/page"
}
# send USER PATH: POST $T/form as a browser posts a form.
send() {
	get "$2" -b "$T/$1.jar" -X POST --data-binary @"$T/form" \
		-H 'Content-Type: application/x-www-form-urlencoded'
}
body() { cat "$T/body"; }
h1_count() { grep -o '<h1' "$T/body" | wc -l | tr -d ' '; }
export_db() { "$VEIKART" export --db "$DB" 2>/dev/null | jq -S 'del(.exported_at)'; }
api() { curl -s "$URL/api/v1/$1" -b "$T/koord.jar" | jq -r "$2"; }

# ---- access ----
for p in /nb/workspace/cycle /nb/workspace/edit /nb/workspace/edit/actors \
	/nb/workspace/edit/actors/HDIR /nb/workspace/edit/actors/new \
	/en/workspace/edit/measures/V-EK-1; do
	for u in rapp leser; do
		page "$u" "$p"
		expect_eq "$u GET $p" "$STATUS" 403
		expect_match "$u $p is the 403 page" "$(body)" 'Ingen tilgang|No access|Inga tilgang'
	done
	get "$p"
	expect_eq "anonymous GET $p" "$STATUS" 303
	expect_match "anonymous $p to sign-in" "$(header location)" '/login\?next='
done

# ---- the cycle: open a period ----
for lang in nb nn en; do
	page koord "/$lang/workspace/cycle"
	expect_eq "GET /$lang/workspace/cycle" "$STATUS" 200
	expect_eq "/$lang cycle one h1" "$(h1_count)" 1
	expect_eq "/$lang cycle lang" "$(grep -c "<html lang=\"$lang\"" "$T/body")" 1
done
page koord /nb/workspace/cycle
expect_match "no period yet" "$(body)" 'Ingen rapporteringsperiode er åpnet ennå'
# A reporter posting the open form: the service's 403, nothing opened.
fill "$T/page" /workspace/cycle "csrf_token=$RCSRF"
send rapp /nb/workspace/cycle
expect_eq "reporter opens a period" "$STATUS" 403
expect_eq "no period opened" "$(api periods '.items | length')" 0
# A deadline before the period starts: 422 next to the field.
fill "$T/page" /workspace/cycle due=2000-01-01
send koord /nb/workspace/cycle
expect_eq "bad deadline" "$STATUS" 422
expect_match "deadline message at its field" "$(body)" \
	'id="f-due-error">Fristen må være en dato'
expect_eq "still no period" "$(api periods '.items | length')" 0
fill "$T/page" /workspace/cycle
send koord /nb/workspace/cycle
expect_eq "open a period" "$STATUS" 303
expect_match "back to the cycle" "$(header location)" \
	'^/nb/workspace/cycle\?done=opened&period=[0-9]{4}-T[1-3]$'
PERIOD=$(header location | sed 's/.*period=//')
expect_eq "period is open" "$(api "periods/$PERIOD" .state)" open
send koord /nb/workspace/cycle
expect_eq "open it twice" "$STATUS" 409
expect_match "twice: message at the field" "$(body)" \
	'id="f-period-error">Dette tertialet er allerede åpnet'
page koord "/nb/workspace/cycle?done=opened&period=$PERIOD"
expect_match "notice" "$(body)" 'Perioden er åpnet'
expect_match "overview heading" "$(body)" "Oversikt over $PERIOD"

# ---- a reporter submits through the API ----
REPORT="E-08.$PERIOD"
curl -s -o "$T/r.json" -b "$T/rapp.jar" -H "X-CSRF-Token: $RCSRF" \
	-H 'Content-Type: application/json' \
	-d "{\"period\": \"$PERIOD\", \"status\": \"on_track\", \"progress\": 40,
	     \"done_text\": \"Ordningen er <b>utvidet</b> & \\\"bedre\\\"\"}" \
	"$URL/api/v1/measures/E-08/reports"
expect_eq "report created" "$(jq -r .id "$T/r.json")" "$REPORT"
curl -s -o "$T/r.json" -b "$T/rapp.jar" -H "X-CSRF-Token: $RCSRF" -X POST \
	"$URL/api/v1/reports/$REPORT/submit"
expect_eq "report submitted" "$(jq -r .state "$T/r.json")" submitted

page koord "/nb/workspace/cycle?period=$PERIOD&state=submitted"
expect_eq "filter by state" "$STATUS" 200
expect_match "one submitted" "$(body)" 'Viser 1 av [0-9]+ tiltak'
expect_match "review link" "$(body)" \
	"href=\"/nb/workspace/review/$REPORT\">Gå gjennom"
page koord "/nb/workspace/cycle?period=$PERIOD&actor=HDIR&sort=-title"
expect_eq "filter by actor, sort" "$STATUS" 200
expect_match "sorted descending" "$(body)" 'aria-sort="descending"'
page koord "/nb/workspace/cycle?sort=bogus"
expect_eq "bad sort" "$STATUS" 400
page koord "/nb/workspace/cycle?period=1999-T1"
expect_eq "a period never opened" "$STATUS" 404

# ---- review: return without a comment, approve, approve again ----
for lang in nb nn en; do
	page koord "/$lang/workspace/review/$REPORT"
	expect_eq "GET /$lang review" "$STATUS" 200
	expect_eq "/$lang review one h1" "$(h1_count)" 1
	expect_match "/$lang review text escaped" "$(body)" \
		'Ordningen er &lt;b&gt;utvidet&lt;/b&gt; &amp; &quot;bedre&quot;'
done
page rapp "/nb/workspace/review/$REPORT"
expect_eq "reporter on review" "$STATUS" 403
page koord "/nb/workspace/review/$REPORT"
cp "$T/page" "$T/review.html"
BEFORE=$(export_db)
fill "$T/review.html" "/workspace/review/$REPORT" 'comment=  ' '!action=return'
send koord "/nb/workspace/review/$REPORT"
expect_eq "return without comment" "$STATUS" 422
expect_match "error summary" "$(body)" 'class="ds-error-summary"'
expect_match "comment message at its field" "$(body)" \
	'id="f-comment-error">Skriv en kommentar'
expect_eq "still submitted" "$(api "reports/$REPORT" .state)" submitted
expect_eq "return without comment changed nothing" "$(export_db)" "$BEFORE"
fill "$T/review.html" "/workspace/review/$REPORT" 'comment=x' '!action=return' \
	-csrf_token
send koord "/nb/workspace/review/$REPORT"
expect_eq "return without CSRF" "$STATUS" 403
expect_eq "still submitted after CSRF" "$(api "reports/$REPORT" .state)" submitted

get /nb/measures/E-08
expect_match "public page before" "$(body)" 'Ikke rapportert'
fill "$T/review.html" "/workspace/review/$REPORT" '!action=approve'
send koord "/nb/workspace/review/$REPORT"
expect_eq "approve" "$STATUS" 303
expect_eq "approve goes back" "$(header location)" \
	"/nb/workspace/cycle?done=approved&period=$PERIOD"
expect_eq "approved" "$(api "reports/$REPORT" .state)" approved
get /nb/measures/E-08
expect_match "public page shows the status" "$(body)" 'I rute'
get /en/measures/E-08
expect_match "public page in English" "$(body)" 'On track'
# The same form again, from the page opened before: someone else did it.
BEFORE=$(export_db)
send koord "/nb/workspace/review/$REPORT"
expect_eq "approve twice" "$STATUS" 409
expect_match "says it was handled" "$(body)" 'Nå er den «Godkjent»'
fill "$T/review.html" "/workspace/review/$REPORT" 'comment=For sent' \
	'!action=return'
send koord "/nb/workspace/review/$REPORT"
expect_eq "return from an old page" "$STATUS" 409
expect_eq "conflicts changed nothing" "$(export_db)" "$BEFORE"

# ---- close after asking, reopen a locked report ----
page koord "/nb/workspace/cycle?period=$PERIOD"
fill "$T/page" /workspace/cycle "period=$PERIOD" '!action=close_ask'
send koord /nb/workspace/cycle
expect_eq "close asks first" "$STATUS" 200
expect_match "are you sure" "$(body)" 'Er du sikker\?'
expect_eq "still open" "$(api "periods/$PERIOD" .state)" open
cp "$T/body" "$T/page"
fill "$T/page" /workspace/cycle
send koord /nb/workspace/cycle
expect_eq "close" "$STATUS" 303
expect_eq "closed" "$(api "periods/$PERIOD" .state)" closed
send koord /nb/workspace/cycle
expect_eq "close twice" "$STATUS" 409
expect_match "closed already" "$(body)" 'Perioden er allerede lukket'
page koord "/nb/workspace/review/$REPORT"
expect_match "locked: reopen" "$(body)" 'name="action" value="reopen"'
fill "$T/page" "/workspace/review/$REPORT" 'reason='
send koord "/nb/workspace/review/$REPORT"
expect_eq "reopen without reason" "$STATUS" 422
expect_match "reason message" "$(body)" 'id="f-reason-error"'
fill "$T/page" "/workspace/review/$REPORT" 'reason=Feil tall <i>rettes</i>'
send koord "/nb/workspace/review/$REPORT"
expect_eq "reopen" "$STATUS" 303
expect_eq "reopened" "$(api "reports/$REPORT" .state)" returned

# ---- edit: lists ----
for lang in nb nn en; do
	for p in /workspace/edit /workspace/edit/measures "/workspace/edit/actors?q=helse" \
		/workspace/edit/measures/V-EK-1 /workspace/edit/indicators/new; do
		page koord "/$lang$p"
		expect_eq "GET /$lang$p" "$STATUS" 200
		expect_eq "/$lang$p one h1" "$(h1_count)" 1
	done
done
page koord /nb/workspace/edit
expect_match "collections with counts" "$(body)" \
	'href="/nb/workspace/edit/actors">Aktører</a></th><td class="vk-num">44<'
page koord "/nb/workspace/edit/actors?q=HELSEDIR"
expect_match "filter ignores case" "$(body)" 'Viser 1 av 44'
expect_match "edit link" "$(body)" 'href="/nb/workspace/edit/actors/HDIR">Helsedirektoratet<'
page koord "/nb/workspace/edit/actors?bogus=1"
expect_eq "unknown parameter" "$STATUS" 400
page koord /nb/workspace/edit/nothing
expect_eq "unknown collection" "$STATUS" 404
page koord /nb/workspace/edit/measures/NO-SUCH
expect_eq "unknown record" "$STATUS" 404

# ---- edit: every form saved unchanged changes nothing ----
BEFORE=$(export_db)
EVENTS=$("$VEIKART" audit list --db "$DB" --limit 1 | cut -f1)
for c in sources actors strategies focus-areas arenas schemes measures links \
	goals indicators inputs; do
	id=$(api "$c?limit=3" '.items[-1].id')
	page koord "/nb/workspace/edit/$c/$id"
	cp "$T/page" "$T/record.html"
	for part in $(grep -o 'name="part" value="[a-z_]*"' "$T/record.html" |
		sed 's/.*value="//; s/"$//' | grep -v delete_ask | sort -u); do
		fill "$T/record.html" "$part"
		send koord "/nb/workspace/edit/$c/$id"
		expect_eq "$c/$id $part saved unchanged" "$STATUS" 303
	done
done
expect_eq "unchanged saves changed nothing" "$(export_db)" "$BEFORE"
expect_eq "unchanged saves made no audit event" \
	"$("$VEIKART" audit list --db "$DB" --limit 1 | cut -f1)" "$EVENTS"

# ---- edit: a measure's title in three languages ----
page koord /nb/workspace/edit/measures/V-EK-1
cp "$T/page" "$T/measure.html"
fill "$T/measure.html" fields 'title_nb=<script>alert(1)</script> Ny tittel' \
	'title_nn=Ny tittel på nynorsk' 'title_en=A new title'
send koord /nb/workspace/edit/measures/V-EK-1
expect_eq "save the title" "$STATUS" 303
expect_eq "saved: to the list" "$(header location)" \
	'/nb/workspace/edit/measures?done=saved'
page koord '/nb/workspace/edit/measures?done=saved'
expect_match "saved notice" "$(body)" 'Endringene er lagret'
get /nb/measures/V-EK-1
expect_match "nb title, escaped" "$(body)" \
	'<h1 class="ds-heading" data-size="lg">&lt;script&gt;alert\(1\)&lt;/script&gt; Ny tittel</h1>'
expect_eq "no script element" "$(grep -c '<script' "$T/body")" 0
get /nn/measures/V-EK-1
expect_match "nn title" "$(body)" '>Ny tittel på nynorsk</h1>'
get /en/measures/V-EK-1
expect_match "en title" "$(body)" '>A new title</h1>'
page koord /nb/workspace/edit/measures/V-EK-1
expect_match "edit page escapes the value" "$(body)" \
	'value="&lt;script&gt;alert\(1\)&lt;/script&gt; Ny tittel"'
expect_eq "edit page has no script element" "$(grep -c '<script' "$T/body")" 0

# ---- edit: wrong values, each at its field, nothing written ----
cp "$T/page" "$T/measure.html"
BEFORE=$(export_db)
LONG=$(printf 'å%.0s' $(seq 1 150))
fill "$T/measure.html" fields 'title_nb=' "title_nn=$LONG" certainty=sikkert \
	strategy=NO-SUCH start=2025-02-30 no=tolv
send koord /nb/workspace/edit/measures/V-EK-1
expect_eq "wrong values" "$STATUS" 422
expect_match "summary" "$(body)" 'class="ds-error-summary"'
expect_match "required at its field" "$(body)" \
	'id="f-title_nb-error">Tittel \(bokmål\) må fylles ut'
expect_match "too long at its field" "$(body)" \
	'id="f-title_nn-error">Tittel \(nynorsk\): teksten er for lang. Den kan ha høyst 200 tegn'
expect_match "not in list at its field" "$(body)" \
	'id="f-certainty-error">Kildegrunnlag må være et av valgene'
expect_match "unknown reference at its field" "$(body)" \
	'id="f-strategy-error">Strategi viser til en post som ikke finnes'
expect_match "bad date at its field" "$(body)" 'id="f-start-error">Start må være en dato'
expect_match "bad number at its field" "$(body)" 'id="f-no-error">Nummer må være et helt tall'
expect_match "summary links the field" "$(body)" 'href="#f-title_nb"'
expect_match "posted value shown again" "$(body)" 'value="2025-02-30"'
expect_eq "wrong values changed nothing" "$(export_db)" "$BEFORE"
page koord /en/workspace/edit/measures/V-EK-1
fill "$T/page" fields 'title_nb='
send koord /en/workspace/edit/measures/V-EK-1
expect_eq "wrong value in English" "$STATUS" 422
expect_match "English message" "$(body)" \
	'id="f-title_nb-error">Title \(Norwegian Bokmål\) is required'

# ---- edit: a stale version, CSRF ----
page koord /nb/workspace/edit/actors/HDIR
cp "$T/page" "$T/actor.html"
fill "$T/actor.html" fields 'note=Første endring'
send koord /nb/workspace/edit/actors/HDIR
expect_eq "first save" "$STATUS" 303
fill "$T/actor.html" fields 'note=Andre endring'
send koord /nb/workspace/edit/actors/HDIR
expect_eq "stale save" "$STATUS" 409
expect_match "stale message" "$(body)" 'Noen andre har endret posten etter at du åpnet den'
expect_match "posted text kept" "$(body)" 'Andre endring'
expect_eq "first change kept" "$(api actors/HDIR .note)" 'Første endring'
BEFORE=$(export_db)
page koord /nb/workspace/edit/actors/HDIR
fill "$T/page" fields 'note=Uten CSRF' -csrf_token
send koord /nb/workspace/edit/actors/HDIR
expect_eq "CSRF missing" "$STATUS" 403
fill "$T/page" fields 'note=Feil CSRF' 'csrf_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
send koord /nb/workspace/edit/actors/HDIR
expect_eq "CSRF wrong" "$STATUS" 403
fill "$T/page" fields 'note=Rapportør'  "csrf_token=$RCSRF"
send rapp /nb/workspace/edit/actors/HDIR
expect_eq "reporter saves" "$STATUS" 403
expect_eq "refusals changed nothing" "$(export_db)" "$BEFORE"

# ---- edit: create and delete an actor ----
page koord /nb/workspace/edit/actors/new
fill "$T/page" fields id=TEST-AKTOR 'name_nb=Test <aktør> & co' kind=company
send koord /nb/workspace/edit/actors/new
expect_eq "create actor" "$STATUS" 303
expect_eq "created: to the list" "$(header location)" '/nb/workspace/edit/actors?done=created'
expect_eq "actor exists" "$(api actors/TEST-AKTOR .name_nb)" 'Test <aktør> & co'
page koord '/nb/workspace/edit/actors?q=test-aktor'
expect_match "listed, escaped" "$(body)" 'TEST-AKTOR">Test &lt;aktør&gt; &amp; co<'
send koord /nb/workspace/edit/actors/new
expect_eq "same id again" "$STATUS" 409
expect_match "id taken at its field" "$(body)" 'id="f-id-error">ID-en er i bruk'
page koord /nb/workspace/edit/actors/TEST-AKTOR
fill "$T/page" delete_ask
send koord /nb/workspace/edit/actors/TEST-AKTOR
expect_eq "delete asks first" "$STATUS" 200
expect_match "delete: are you sure" "$(body)" 'Er du sikker\?'
expect_eq "not deleted yet" "$(api actors/TEST-AKTOR .id)" TEST-AKTOR
cp "$T/body" "$T/page"
fill "$T/page" delete
send koord /nb/workspace/edit/actors/TEST-AKTOR
expect_eq "delete" "$STATUS" 303
expect_eq "deleted: to the list" "$(header location)" '/nb/workspace/edit/actors?done=deleted'
get /api/v1/actors/TEST-AKTOR
expect_eq "actor gone" "$STATUS" 404
# An actor others refer to stays, and the page says who refers to it.
BEFORE=$(export_db)
page koord /nb/workspace/edit/actors/HDIR
fill "$T/page" delete_ask
send koord /nb/workspace/edit/actors/HDIR
cp "$T/body" "$T/page"
fill "$T/page" delete
send koord /nb/workspace/edit/actors/HDIR
expect_eq "delete a referenced actor" "$STATUS" 409
expect_match "referenced message" "$(body)" 'Posten kan ikke slettes fordi andre poster viser til den'
expect_match "names a referrer" "$(body)" 'href="/nb/workspace/edit/measures/E-08">E-08</a>'
expect_eq "referenced: nothing deleted" "$(export_db)" "$BEFORE"

# ---- edit: a nested list (who is responsible) ----
page koord /nb/workspace/edit/measures/V-TP-1
n=$(api measures/V-TP-1 '.responsible | length')
fill "$T/page" responsible "responsible[$n].actor=HDIR" "responsible[$n].role=consulted"
send koord /nb/workspace/edit/measures/V-TP-1
expect_eq "add a responsible actor" "$STATUS" 303
expect_eq "one more responsible" "$(api measures/V-TP-1 '.responsible | length')" $((n + 1))
page koord /nb/workspace/edit/measures/V-TP-1
fill "$T/page" responsible "responsible[$((n + 1))].actor=NO-SUCH" \
	"responsible[$((n + 1))].role=lead"
send koord /nb/workspace/edit/measures/V-TP-1
expect_eq "unknown actor in a row" "$STATUS" 422
expect_match "row message at its field" "$(body)" \
	"id=\"f-responsible\\[$((n + 1))\\].actor-error\">Aktør \\(rad $((n + 2))\\) viser til en post som ikke finnes"
fill "$T/page" responsible "+responsible[$n].remove=true"
send koord /nb/workspace/edit/measures/V-TP-1
expect_eq "remove a row" "$STATUS" 303
expect_eq "back to as many" "$(api measures/V-TP-1 '.responsible | length')" "$n"

finish
