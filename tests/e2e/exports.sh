#!/usr/bin/env bash
# End-to-end: the strategy workbook (opened by LibreOffice to the same
# numbers, and read back by import-sheet changing nothing), import-sheet
# with CSV (good, bad and dry-run sheets), the tertial report PDF (pages by
# pdftoppm, every measure title in pdftotext's text), and the open-data
# API: the DCAT-AP-NO catalogue, downloads, the bundle, the workbook and
# the PDF over HTTP with their access rules (the PDF of approved reports is
# public; signed-in users also see reports waiting for approval).
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
PW="riktig hest batteri stift 42"

run() { OUT=$("$VEIKART" "$@" 2>"$T/err"); CODE=$?; ERR=$(cat "$T/err"); }
snapshot() { "$VEIKART" export --db "$DB" -o "$1"; }

"$VEIKART" init --db "$DB" >/dev/null || { echo "init failed"; exit 1; }

# An approved report with a progress, for the workbook and the PDF.
cat >"$T/plan-reports.csv" <<'CSV'
id,measure,period,state,status,progress,done_text
R-E01,E-01,2025-T2,approved,on_track,40,"Fremstøt i Tyskland gjennomført – æøå"
CSV
run import-sheet "$T/plan-reports.csv" --db "$DB"
expect_eq "import a report sheet" "$CODE" 0
expect_match "report created" "$OUT" 'reports row 2 \(R-E01\): created'

# ---- XLSX export ----
run export --format xlsx --strategy eksport-helse-2024 -o "$T/e.xlsx" --db "$DB"
expect_eq "export xlsx" "$CODE" 0
expect_match "a zip" "$(head -c 2 "$T/e.xlsx")" '^PK$'
run export --format xlsx -o "$T/x.xlsx" --db "$DB"
expect_eq "xlsx without --strategy" "$CODE" 2
run export --format xlsx --strategy nope -o "$T/n.xlsx" --db "$DB"
expect_eq "xlsx of an unknown strategy" "$CODE/$(ls "$T"/n.xlsx* 2>/dev/null | wc -l)" 2/0
# The strategy's launch date is a real date cell (a day count, no string).
expect_match "dates as dates" \
	"$(unzip -p "$T/e.xlsx" xl/worksheets/sheet8.xml | grep -o '<c r="H2"[^/]*')" \
	'^<c r="H2" s="[0-9]+"><v>45331<'

# LibreOffice opens it (all sheets to CSV, with its own profile). It takes
# seconds to start, so only the plain build's run asks it: the sanitized
# build writes the same workbook.
LO=$(command -v libreoffice || command -v soffice || true)
if ldd "$VEIKART" 2>/dev/null | grep -q libasan; then
	echo "exports.sh: the LibreOffice check runs with the plain build"
elif [ -n "$LO" ]; then
	(cd "$T" && timeout 120 "$LO" -env:UserInstallation="file://$T/lo-profile" \
		--headless --convert-to \
		'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$T/lo" "$T/e.xlsx" >"$T/lo.log" 2>&1)
	expect_eq "LibreOffice wrote every sheet" "$(ls "$T/lo" | wc -l)" 8
	snapshot "$T/all.json"
	# Numbers in LibreOffice's eyes = numbers in the database.
	python3 - "$T" >"$T/compare.txt" <<'PY'
import csv, json, sys
t = sys.argv[1]
db = json.load(open(t + "/all.json"))
def sheet(name):
    return list(csv.DictReader(open(f"{t}/lo/e-{name}.csv", encoding="utf-8")))
bad = []
mine = {m["id"]: m for m in db["measures"] if m["strategy"] == "eksport-helse-2024"}
rows = sheet("measures")
if sorted(r["id"] for r in rows) != sorted(mine):
    bad.append("measure ids differ")
for r in rows:
    want = mine[r["id"]]["no"]
    if float(r["no"]) != want:
        bad.append(f"{r['id']} no {r['no']} != {want}")
    if r["id"] == "E-01" and (r["progress"] != "40" or r["last_report"] != "2025-T2"
                              or r["status"] != "on_track"):
        bad.append(f"E-01 report columns {r['progress']} {r['last_report']} {r['status']}")
inds = {i["id"]: i for i in db["indicators"]}
goals = [g["indicator"] for g in db["goals"] if g["strategy"] == "eksport-helse-2024" and g["indicator"]]
want = sorted((i, o["period"], float(o["value"])) for i in goals
              for o in inds[i]["observations"] if o["value"] is not None)
got = sorted((r["indicator"], r["period"], float(r["value"])) for r in sheet("observations"))
if got != want:
    bad.append(f"observations differ: {got} != {want}")
s = sheet("strategies")[0]
if s["launched"] != "2024-02-09":
    bad.append("launched shows as " + s["launched"])
print("ok" if not bad else "; ".join(bad))
PY
	expect_eq "LibreOffice reads the same numbers" "$(cat "$T/compare.txt")" ok
	run import-sheet "$T/lo/e-measures.csv" --db "$DB"
	expect_match "LibreOffice's CSV reads back unchanged" "$CODE $OUT" \
		'^0 .*0 created, 0 updated, 14 unchanged, 0 rejected'
else
	bad "libreoffice is not installed (apt-get install libreoffice-calc-nogui)"
fi

# ---- import-sheet ----
snapshot "$T/before.json"
run import-sheet "$T/e.xlsx" --db "$DB"
expect_match "workbook round trip changes nothing" "$CODE $OUT" \
	'^0 .*0 created, 0 updated, [0-9]+ unchanged, 0 rejected'
expect_match "read-only sheets skipped" "$OUT" 'skipped sheet observations'
snapshot "$T/after.json"
expect_eq "database after the round trip" "$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same

cat >"$T/measures.csv" <<'CSV'
id;strategy;focus_area;title_nb;source;deadline;no
E-NY;eksport-helse-2024;;Nytt eksporttiltak – æøå;lmi-2024-02-09;31.12.2026;16
E-01;eksport-helse-2024;;Felles eksportfremstøt mot nøkkelmarkeder (endret);lmi-2024-02-09;;1
CSV
run import-sheet --dry-run "$T/measures.csv" --db "$DB"
expect_match "dry run lists what would happen" "$CODE $OUT" \
	'^0 .*measures row 2 \(E-NY\): created.*measures row 3 \(E-01\): updated \(title_nb\).*dry run, nothing was written'
snapshot "$T/after.json"
expect_eq "dry run wrote nothing" "$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same

cat >"$T/bad-measures.csv" <<'CSV'
id,strategy,title_nb,source,no
E-NY2,eksport-helse-2024,Godt tiltak,lmi-2024-02-09,17
E-BAD,no-such-strategy,,lmi-2024-02-09,x
,eksport-helse-2024,Uten id,lmi-2024-02-09,
CSV
run import-sheet "$T/bad-measures.csv" --db "$DB"
expect_eq "bad sheet exit" "$CODE" 2
expect_match "bad row named with its reasons" "$ERR" \
	'measures row 3 \(E-BAD\): rejected: column E no: expected a whole number'
expect_match "reference reason" "$ERR" 'row 3 \(E-BAD\): rejected: strategy: no record in strategies'
expect_match "required reason" "$ERR" 'row 3 \(E-BAD\): rejected: title_nb: is required'
expect_match "missing id" "$ERR" 'row 4 \(\): rejected: id: every row needs one'
expect_match "nothing written" "$ERR" '2 rows rejected; nothing was written'
snapshot "$T/after.json"
expect_eq "bad sheet wrote nothing" "$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same

run import-sheet "$T/measures.csv" --db "$DB"
expect_match "import a sheet" "$CODE $OUT" '^0 .*1 created, 1 updated'
cat >"$T/ms.csv" <<'CSV'
measure,id,title_nb,due
E-NY,M1,Første milepæl,2026-06-30
CSV
run import-sheet "$T/ms.csv" --sheet milestones --db "$DB"
expect_match "milestones by --sheet" "$CODE $OUT" '^0 .*milestones row 2 \(E-NY M1\): created'
expect_eq "audited" "$("$VEIKART" audit list --db "$DB" 2>/dev/null | grep -c 'measures')" 3

# ---- the tertial report PDF ----
snapshot "$T/all.json"
for s in veikart-2023 eksport-helse-2024; do
	run report pdf --strategy "$s" --period 2025-T2 -o "$T/$s.pdf" --db "$DB"
	expect_eq "report pdf $s" "$CODE" 0
	pages=$(pdfinfo "$T/$s.pdf" | awk '/^Pages:/ {print $2}')
	mkdir -p "$T/png-$s"
	pdftoppm -r 20 -png "$T/$s.pdf" "$T/png-$s/p"
	expect_eq "pdftoppm pages of $s" "$(ls "$T/png-$s" | wc -l)" "$pages"
	pdftotext "$T/$s.pdf" "$T/$s.txt"
	missing=$(python3 - "$T/all.json" "$T/$s.txt" "$s" <<'PY'
import json, re, sys
# Line breaks and the hyphens pdftotext joins at them do not count.
db = json.load(open(sys.argv[1]))
squeeze = lambda s: re.sub(r"[\s-]+", "", s)
text = squeeze(open(sys.argv[2], encoding="utf-8").read())
print("|".join(m["title_nb"] for m in db["measures"]
               if m["strategy"] == sys.argv[3]
               and squeeze(m["title_nb"]) not in text))
PY
)
	expect_eq "every measure title of $s in the PDF" "$missing" ""
done
expect_eq "open coordination findings (measures without a lead)" \
	"$(grep -c 'Ingen åpne samordningsfunn' "$T/eksport-helse-2024.txt")" 0
expect_match "æøå survive" "$(cat "$T/eksport-helse-2024.txt")" 'Nytt eksporttiltak – æøå'
expect_match "the reporter's text" "$(tr '\n' ' ' <"$T/eksport-helse-2024.txt")" 'Fremstøt i Tyskland gjennomført – æøå'
run report pdf --strategy eksport-helse-2024 --period 2025-T2 --lang en -o "$T/en.pdf" --db "$DB"
expect_match "English labels" "$(pdftotext "$T/en.pdf" - | head -40)" 'Contents'
run report pdf --strategy eksport-helse-2024 --period 2025-T2 --lang de -o "$T/de.pdf" --db "$DB"
expect_eq "unknown language" "$CODE" 2
run report pdf --strategy eksport-helse-2024 --period 2025-Q3 -o "$T/q.pdf" --db "$DB"
expect_eq "a quarter is no report period" "$CODE" 2
run report pdf --strategy nope --period 2025-T2 -o "$T/q.pdf" --db "$DB"
expect_eq "unknown strategy" "$CODE/$(ls "$T"/q.pdf* 2>/dev/null | wc -l)" 2/0
run report pdf --period 2025-T2 --db "$DB"
expect_eq "report pdf without -o" "$CODE" 2

# ---- the API ----
make_token() {
	"$VEIKART" user add "$1" --role "$2" ${4:+--actor "$4"} --db "$DB" \
		--password-stdin <<<"$PW" >/dev/null 2>>"$T/cli.log" || true
	"$VEIKART" token create "$1" --scope "$3" --db "$DB" 2>>"$T/cli.log"
}
COORD=$(make_token koordinator coordinator write)
SIVA=$(make_token siva-rapportor reporter write SIVA)
[ -n "$COORD" ] && [ -n "$SIVA" ] || { echo "no tokens:"; cat "$T/cli.log"; exit 1; }
export VEIKART_OPERATOR_NAME="Nærings- og fiskeridepartementet"
export VEIKART_OPERATOR_ORGNR=912660680
export VEIKART_BASE_URL=https://veikart.example.no
start_server "$DB" || exit 1
field() { jq -r "$1" "$T/body"; }

get /api/v1/datasets
expect_eq "catalogue" "$STATUS/$(header content-type)" 200/application/ld+json
expect_eq "one dataset per collection" "$(field '."dcat:dataset" | length')" 14
expect_eq "publisher" "$(field '."dct:publisher"."dct:identifier"')/$(field '."dct:publisher"."foaf:name"')" \
	"912660680/Nærings- og fiskeridepartementet"
expect_eq "licence" "$(field '."dct:license"."@id"')" http://data.norge.no/nlod/no/2.0
expect_eq "distributions" \
	"$(field '."dcat:dataset"[] | select(."@id" | endswith("/measures")) | [."dcat:distribution"[]."dcat:downloadURL"."@id"] | join(" ")')" \
	"https://veikart.example.no/api/v1/datasets/measures.json https://veikart.example.no/api/v1/datasets/measures.csv https://veikart.example.no/api/v1/datasets/measures.xlsx"
get /api/v1/datasets/measures
expect_eq "one dataset" "$STATUS/$(field '."@type"')" 200/dcat:Dataset
get /api/v1/datasets/measures.csv
expect_match "measures.csv" "$STATUS $(header content-type) $(head -1 "$T/body")" '^200 text/csv; charset=utf-8 id,strategy,focus_area'
get /api/v1/datasets/reports.json
expect_eq "approved reports published" "$(field '.reports[].id')" R-E01
get /api/v1/datasets/measures.xlsx
expect_match "measures.xlsx" "$STATUS $(header content-type)" '^200 application/vnd.openxmlformats'
get /api/v1/datasets/users.csv
expect_eq "no such dataset" "$STATUS" 404
get /api/v1/bundle.zip
expect_eq "bundle" "$STATUS/$(header content-type)" 200/application/zip
cp "$T/body" "$T/bundle.zip"
expect_eq "bundle is whole" "$(unzip -tq "$T/bundle.zip" >/dev/null && echo ok)" ok
expect_eq "bundle holds" "$(unzip -Z1 "$T/bundle.zip" | grep -cE '^(data-dictionary\.(csv|md)|csv/measures\.csv|json/measures\.json|catalog\.jsonld)$')" 5
ETAG=$(header etag)
get /api/v1/bundle.zip -H "If-None-Match: $ETAG"
expect_eq "bundle is cacheable" "$STATUS" 304
get "/api/v1/bundle.zip?x=1"
expect_eq "bundle takes no parameters" "$STATUS" 400
get /api/v1/strategies/veikart-2023/workbook.xlsx
expect_match "workbook over HTTP" "$STATUS $(header content-type)" '^200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
expect_match "workbook is a workbook" "$(unzip -Z1 "$T/body" 2>/dev/null | grep -c xl/workbook.xml)" '^1$'
get /api/v1/strategies/nope/workbook.xlsx
expect_eq "workbook of an unknown strategy" "$STATUS" 404

PDF=/api/v1/strategies/eksport-helse-2024/report.pdf
# A report waiting for approval: the public PDF leaves it out, a signed-in
# reader (any token, read scope too) sees it marked as not approved.
cat >"$T/submitted.csv" <<'CSV'
id,measure,period,state,status,progress,done_text
R-E02,E-02,2025-T2,submitted,delayed,10,"Venter på godkjenning – ikke offentlig"
CSV
run import-sheet "$T/submitted.csv" --db "$DB"
expect_eq "a submitted report" "$CODE" 0
READ=$("$VEIKART" token create siva-rapportor --scope read --db "$DB" 2>>"$T/cli.log")
get "$PDF?period=2025-T2"
expect_eq "report pdf anonymously" "$STATUS/$(header content-type)/$(head -c 5 "$T/body")" \
	"200/application/pdf/%PDF-"
pdftotext "$T/body" "$T/public.txt"
expect_match "public pdf has the approved report" "$(tr '\n' ' ' <"$T/public.txt")" 'Fremstøt i Tyskland'
expect_eq "public pdf leaves out the submitted one" "$(grep -c 'Venter på godkjenning' "$T/public.txt")" 0
expect_match "public pdf is not cached" "$(header cache-control)" 'no-store'
get "$PDF?period=2025-T2" -H "Authorization: Bearer $READ"
expect_eq "report pdf with a read token" "$STATUS/$(header content-type)" "200/application/pdf"
expect_match "read token sees the submitted report" "$(pdftotext "$T/body" - | tr '\n' ' ')" 'Venter på godkjenning'
get "$PDF?period=2025-T2" -H "Authorization: Bearer $SIVA"
expect_eq "report pdf as a reporter" "$STATUS" 200
get "$PDF?period=2025-T2&lang=nn" -H "Authorization: Bearer $COORD"
expect_eq "report pdf as a coordinator" "$STATUS/$(header content-type)/$(head -c 5 "$T/body")" \
	"200/application/pdf/%PDF-"
expect_match "not cached" "$(header cache-control)" 'no-store'
expect_match "Nynorsk" "$(pdftotext "$T/body" - | head -30)" 'Innhald'
get "$PDF" -H "Authorization: Bearer $COORD"
expect_eq "report pdf needs a period" "$STATUS" 400
get "$PDF?period=2025-T2&lang=de" -H "Authorization: Bearer $COORD"
expect_eq "report pdf language" "$STATUS" 400
get "/api/v1/strategies/nope/report.pdf?period=2025-T2" -H "Authorization: Bearer $COORD"
expect_eq "report pdf of an unknown strategy" "$STATUS" 404

finish
