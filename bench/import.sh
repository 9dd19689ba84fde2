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
# Each side runs RUNS times (default 3), each into a fresh copy, and the
# median counts: on a shared 2-core machine one run can be 30 % off.
#
# Settings (environment): KEEP=1 keeps the temporary directory; RUNS.
set -euo pipefail

bin=${1:-build/veikart}
runs=${RUNS:-3}
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

# From RUNS "seconds MB" lines: the median time, the largest peak RSS and
# all the times, as "median-s max-MB list".
median_of() {
	sort -n "$1" | awk '{ s[NR] = $1; if ($2 > m) m = $2; all = all sep $1; sep = " / " }
	END { printf "%s %s %s\n", s[int((NR + 1) / 2)], m, all }'
}

count_rows() {
	sqlite3 "$1" "SELECT count(*) FROM observation WHERE indicator = '$indicator'"
}

# Runs the command RUNS times, timed, each time against a fresh copy of
# the database as $tmp/NAME.db; one "seconds MB" line a run in
# $tmp/NAME.runs.
time_runs() {
	local name=$1
	shift
	: >"$tmp/$name.runs"
	for _ in $(seq "$runs"); do
		rm -f "$tmp/$name.db" "$tmp/$name.db-wal" "$tmp/$name.db-shm"
		cp "$tmp/fresh.db" "$tmp/$name.db"
		sync
		/usr/bin/time -v "$@" >"$tmp/$name.out" 2>"$tmp/$name.time" ||
			{ cat "$tmp/$name.time" >&2; die "$name failed"; }
		times_of "$tmp/$name.time" >>"$tmp/$name.runs"
	done
}

# ---- veikart: RUNS imports, each into a fresh copy ----
time_runs veikart "$bin" import-observations "$tmp/obs.json" \
	--indicator "$indicator" --db "$tmp/veikart.db"
read -r v_s v_mb v_all < <(median_of "$tmp/veikart.runs")
rows=$(count_rows "$tmp/veikart.db")
[ "$rows" -ge 1000000 ] || die "veikart stored $rows observations, not 1000000"

# ---- the same rows through the sqlite3 shell ----
# (The columns in the table's order, which .import follows; rows in key
# order, as veikart writes them.)
sqlite3 -csv "$tmp/veikart.db" "SELECT indicator, period, period_start,
	period_end, value, breakdown, status, status_code, source, note,
	source_key FROM observation WHERE indicator = '$indicator'
	ORDER BY period, breakdown" \
	>"$tmp/rows.csv"
time_runs sqlite3 sqlite3 "$tmp/sqlite3.db" ".import --csv $tmp/rows.csv observation"
read -r s_s s_mb s_all < <(median_of "$tmp/sqlite3.runs")
s_rows=$(count_rows "$tmp/sqlite3.db")
[ "$s_rows" = "$rows" ] || die "sqlite3 stored $s_rows rows, veikart $rows"

# ---- report ----
ratio=$(awk -v a="$v_s" -v b="$s_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "bench: import of 1,000,000 JSON-stat values ($size_mb MB) into" \
	"observation (WAL, synchronous=FULL); median of $runs runs each"
printf 'veikart  %6.2f s   peak RSS %6.1f MB   (import-observations, %s rows; runs %s s)\n' \
	"$v_s" "$v_mb" "$rows" "$v_all"
printf 'sqlite3  %6.2f s   peak RSS %6.1f MB   (.import of the same rows as CSV; runs %s s)\n' \
	"$s_s" "$s_mb" "$s_all"
verdict() { awk -v x="$1" -v g="$2" 'BEGIN { exit !(x < g) }' && echo met || echo MISSED; }
echo "ratio    $ratio (veikart/sqlite3 medians; below 1 is faster)"
echo "goals    time < $goal_s s: $(verdict "$v_s" "$goal_s");" \
	"RSS < $goal_rss_mb MB: $(verdict "$v_mb" "$goal_rss_mb")"
