#!/usr/bin/env bash
# bench/import.sh: a million observations into SQLite, veikart against the
# sqlite3 shell.
#
#   bash bench/import.sh build/veikart       (bench/run.sh calls this)
#
# Generates a JSON-stat 2.0 dataset of 1,000,000 values shaped like a
# Statistics Norway table (Region 250 x Alder 50 x Kjonn 2 x ContentsCode 1
# x Tid 40 quarters; the last year's values marked "p"), deterministic, so
# every run imports the same file. Then, each into a copy of the same fresh
# database (`veikart init`):
#   1. `veikart import-observations` of the JSON-stat file, timed with
#      /usr/bin/time -v (wall clock and peak RSS);
#   2. the sqlite3 shell's `.import` of the very rows veikart stored,
#      written out as CSV, into the same observation table.
# Prints both, the ratio veikart/sqlite3 (below 1: veikart is faster) and
# whether the goals (< 3 s, < 200 MB) were met. Missing a goal is reported,
# not an error; the exit status is 1 only when a step itself failed.
#
# Settings (environment): KEEP=1 keeps the temporary directory.
set -euo pipefail

bin=${1:-build/veikart}
goal_s=3
goal_rss_mb=200
indicator=I-KBS-IND	# no observations in the seed

die() {
	echo "bench/import: $*" >&2
	exit 1
}
for tool in python3 sqlite3 /usr/bin/time "$bin"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool is missing; run 'make deps' and 'make' first"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/veikart-bench-import.XXXXXX")
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "bench/import: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

# ---- the file ----
python3 - "$tmp/obs.json" <<'EOF'
import sys

regions = ["R%04d" % i for i in range(250)]
ages = ["%03d" % i for i in range(50)]
sexes = ["1", "2"]
quarters = ["%dK%d" % (2015 + q // 4, q % 4 + 1) for q in range(40)]
dims = [("Region", "region", regions), ("Alder", "alder", ages),
        ("Kjonn", "kjønn", sexes), ("ContentsCode", "statistikkvariabel",
                                    ["Sysselsatte"]), ("Tid", "kvartal",
                                                       quarters)]
n = 1
for d in dims:
    n *= len(d[2])
assert n == 1000000
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write('{"version":"2.0","class":"dataset",'
              '"label":"Sysselsatte (generert for benchmark)",'
              '"source":"veikart bench","role":{"time":["Tid"]},')
    out.write('"id":[%s],"size":[%s],"dimension":{' % (
        ",".join('"%s"' % d[0] for d in dims),
        ",".join(str(len(d[2])) for d in dims)))
    parts = []
    for ident, label, cats in dims:
        index = ",".join('"%s":%d' % (c, i) for i, c in enumerate(cats))
        parts.append('"%s":{"label":"%s","category":{"index":{%s}}}' %
                     (ident, label, index))
    out.write(",".join(parts))
    out.write('},"value":[')
    out.write(",".join(str((i * 7919) % 100000 / 10) for i in range(n)))
    out.write('],"status":{')
    # The last year (the last 4 quarters of every series) is preliminary.
    out.write(",".join('"%d":"p"' % i for i in range(n) if i % 40 >= 36))
    out.write('}}\n')
EOF
size_mb=$(awk -v b="$(wc -c <"$tmp/obs.json")" 'BEGIN { printf "%.1f", b / 1048576 }')

"$bin" init --db "$tmp/fresh.db" >/dev/null 2>"$tmp/init.log" ||
	{ cat "$tmp/init.log" >&2; die "veikart init failed"; }
cp "$tmp/fresh.db" "$tmp/veikart.db"
cp "$tmp/fresh.db" "$tmp/sqlite.db"

# Prints "seconds peak-MB" from a /usr/bin/time -v report.
times_of() {
	awk '/Elapsed \(wall clock\)/ {
		n = split($NF, t, ":"); s = t[n]
		if (n > 1) s += t[n - 1] * 60
		if (n > 2) s += t[n - 2] * 3600
	}
	/Maximum resident set size/ { kb = $NF }
	END { printf "%.2f %.1f\n", s, kb / 1024 }' "$1"
}

# ---- veikart ----
/usr/bin/time -v "$bin" import-observations "$tmp/obs.json" \
	--indicator "$indicator" --db "$tmp/veikart.db" \
	>"$tmp/veikart.out" 2>"$tmp/veikart.time" ||
	{ cat "$tmp/veikart.time" >&2; die "veikart import-observations failed"; }
read -r v_s v_mb < <(times_of "$tmp/veikart.time")
rows=$(sqlite3 "$tmp/veikart.db" \
	"SELECT count(*) FROM observation WHERE indicator = '$indicator'")
[ "$rows" -ge 1000000 ] || die "veikart stored $rows observations, not 1000000"

# ---- the same rows through the sqlite3 shell ----
sqlite3 -csv "$tmp/veikart.db" "SELECT indicator, period, period_start,
	period_end, value, breakdown, status, status_code, source, note
	FROM observation WHERE indicator = '$indicator' ORDER BY rowid" \
	>"$tmp/rows.csv"
/usr/bin/time -v sqlite3 "$tmp/sqlite.db" ".import --csv $tmp/rows.csv observation" \
	>"$tmp/sqlite.out" 2>"$tmp/sqlite.time" ||
	{ cat "$tmp/sqlite.time" >&2; die "sqlite3 .import failed"; }
read -r s_s s_mb < <(times_of "$tmp/sqlite.time")
s_rows=$(sqlite3 "$tmp/sqlite.db" \
	"SELECT count(*) FROM observation WHERE indicator = '$indicator'")
[ "$s_rows" = "$rows" ] || die "sqlite3 stored $s_rows rows, veikart $rows"

# ---- report ----
ratio=$(awk -v a="$v_s" -v b="$s_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "bench: import of 1,000,000 JSON-stat values ($size_mb MB) into" \
	"observation (WAL, synchronous=FULL)"
printf 'veikart  %6.2f s   peak RSS %6.1f MB   (import-observations, %s rows)\n' \
	"$v_s" "$v_mb" "$rows"
printf 'sqlite3  %6.2f s   peak RSS %6.1f MB   (.import of the same rows as CSV)\n' \
	"$s_s" "$s_mb"
verdict() { awk -v x="$1" -v g="$2" 'BEGIN { exit !(x < g) }' && echo met || echo MISSED; }
echo "ratio    $ratio (veikart/sqlite3; below 1 is faster)"
echo "goals    time < $goal_s s: $(verdict "$v_s" "$goal_s");" \
	"RSS < $goal_rss_mb MB: $(verdict "$v_mb" "$goal_rss_mb")"
