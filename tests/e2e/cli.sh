#!/usr/bin/env bash
# End-to-end: the CLI's exit codes and messages, and that a failed import
# leaves the database unchanged, even when the importer is killed.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"

run() { OUT=$("$VEIKART" "$@" 2>"$T/err"); CODE=$?; ERR=$(cat "$T/err"); }

run --version
expect_match "--version" "$CODE $OUT" '^0 veikart [0-9]'
run frobnicate
expect_eq "unknown command" "$CODE" 2
run init --help
expect_match "init --help" "$CODE $OUT" '^0 usage: veikart init'

run init --db "$DB"
expect_match "init" "$CODE $OUT" '^0 created .* built-in dataset'
run init --db "$DB"
expect_eq "init over an existing database" "$CODE" 2
expect_match "init refusal says why" "$ERR" 'already exists'
run check --db "$DB"
expect_match "seeded database passes check" "$CODE $OUT" '^0 .*no problems'
run export --db "$DB" --bogus
expect_eq "unknown option" "$CODE" 2
run export --db "$T/none.db"
expect_eq "missing database" "$CODE" 2
expect_match "missing database says what to do" "$ERR" 'veikart init'
run export --format xml --db "$DB"
expect_eq "bad format" "$CODE" 2
run export --format csv --db "$DB"
expect_eq "csv without entity" "$CODE" 2
run export --format csv --entity nope --db "$DB"
expect_eq "csv unknown entity" "$CODE" 2

# Options in any order, -o writes a file.
"$VEIKART" export -o "$T/before.json" --db "$DB"
expect_eq "export -o" "$?" 0
run export --entity measures --format csv --db "$DB"
expect_eq "csv rows" "$(echo "$OUT" | wc -l)" "$(( $(jq '.measures|length' "$T/before.json") + 1 ))"
expect_match "csv header" "$(echo "$OUT" | head -1)" '^id,strategy,focus_area'

# Broken imports: exit 2, file:line:column and field, database unchanged.
printf '{"format": "veikart-interchange", "version": 1,\n "actors": [\n  {"id": "X" "name_nb": "y"}]}\n' >"$T/badjson.json"
run import "$T/badjson.json" --db "$DB"
expect_eq "bad JSON exit" "$CODE" 2
expect_match "bad JSON position" "$ERR" "badjson.json:3:[0-9]+: "
cat >"$T/badactor.json" <<'JSON'
{"format": "veikart-interchange", "version": 1,
 "measures": [
  {"id": "V-TP-1", "strategy": "veikart-2023", "title_nb": "Endret tittel",
   "source": "seed-003",
   "responsible": [{"actor": "NO-SUCH-ACTOR", "role": "lead"}]}
 ]}
JSON
run import "$T/badactor.json" --db "$DB"
expect_eq "unknown actor exit" "$CODE" 2
expect_match "unknown actor position and field" "$ERR" \
	'badactor.json:5:30: measures\[0\] \(id V-TP-1\): field responsible\[0\]\.actor: no record in actors'
cat >"$T/badorgnr.json" <<'JSON'
{"format": "veikart-interchange", "version": 1,
 "actors": [{"id": "NFD", "name_nb": "Nærings- og fiskeridepartementet",
             "orgnr": "912660681"}]}
JSON
run import "$T/badorgnr.json" --db "$DB"
expect_eq "bad orgnr exit" "$CODE" 2
expect_match "bad orgnr position and field" "$ERR" 'badorgnr.json:3:23: actors\[0\] \(id NFD\): field orgnr: '
expect_match "nothing imported" "$ERR" 'not changed'
"$VEIKART" export -o "$T/after.json" --db "$DB"
expect_eq "database unchanged after failed imports" \
	"$(cmp -s "$T/before.json" "$T/after.json" && echo same)" same

# A good import: JSON export re-imports into an empty database, same content.
run init --empty --db "$T/empty.db"
expect_eq "init --empty" "$CODE" 0
run import "$T/before.json" --db "$T/empty.db"
expect_match "re-import" "$CODE $OUT" '^0 imported .* created, 0 updated'
"$VEIKART" export --db "$T/empty.db" >"$T/again.json"
expect_eq "round trip" "$(cmp -s "$T/before.json" "$T/again.json" && echo same)" same
run import - --db "$T/empty.db" <"$T/before.json"
expect_match "import from stdin, idempotent" "$CODE $OUT" '^0 imported .* 0 created'

# check finds damage made behind its back, and exits 1.
sqlite3 "$T/empty.db" "PRAGMA foreign_keys=OFF; UPDATE measure SET focus_area='HP-3' WHERE id='V-TP-1'; UPDATE actor SET orgnr='123456789' WHERE id='NFD'; UPDATE measure SET strategy='gone' WHERE id='E-01';"
run check --db "$T/empty.db"
expect_eq "check exit on damage" "$CODE" 1
expect_match "check: foreign key" "$OUT" 'measure .*refers to a strategy'
expect_match "check: orgnr" "$OUT" 'actors/NFD.orgnr'
expect_match "check: focus area of another strategy" "$OUT" \
	'measures/V-TP-1.focus_area: focus area HP-3 belongs to strategy hp-kliniske-2021'

# A locked database is a runtime failure (exit 3) with advice, once the
# busy timeout (5 s) has passed.
python3 - "$DB" "$T/locked" <<'PY' &
import sqlite3, sys, time, pathlib
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
pathlib.Path(sys.argv[2]).touch()
time.sleep(8)
PY
locker=$!
for _ in $(seq 1 100); do [ -f "$T/locked" ] && break; sleep 0.05; done
run import "$T/before.json" --db "$DB"
expect_eq "locked database exit" "$CODE" 3
expect_match "locked database message" "$ERR" 'locked'
kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null

# kill -9 during a large import: afterwards the database holds either all
# of it or none of it, and passes check.
jq '.sources += [range(0; 40000) | {id: "BULK-\(.)", title: "Bulk \(.)"}]' \
	"$T/before.json" >"$T/big.json"
for delay in 0.05 0.2; do
	cp "$DB" "$T/k.db"
	"$VEIKART" import "$T/big.json" --db "$T/k.db" >/dev/null 2>&1 &
	p=$!
	sleep "$delay"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	n=$(sqlite3 "$T/k.db" "SELECT count(*) FROM source WHERE id LIKE 'BULK-%'")
	expect_match "all or nothing after kill -9 ($delay s)" "$n" '^(0|40000)$'
	"$VEIKART" check --db "$T/k.db" >/dev/null
	expect_eq "check after kill -9" "$?" 0
done

# serve refuses a port in use (exit 3) and a missing database (exit 2).
port=$(free_port)
python3 - "$port" "$T/held" <<'PY' &
import socket, sys, time, pathlib
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
pathlib.Path(sys.argv[2]).touch()
time.sleep(10)
PY
holder=$!
for _ in $(seq 1 100); do [ -f "$T/held" ] && break; sleep 0.05; done
run serve --db "$DB" --listen "127.0.0.1:$port"
expect_eq "port in use exit" "$CODE" 3
expect_match "port in use message" "$ERR" 'in use'
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
run serve --db "$T/none.db"
expect_eq "serve without database" "$CODE" 2

finish
