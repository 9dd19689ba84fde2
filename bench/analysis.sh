#!/usr/bin/env bash
# bench/analysis.sh: the coordination analysis at scale.
#
#   bash bench/analysis.sh build/veikart      (bench/run.sh calls it)
#
# For each size (10 000 and 100 000 measures by default) it generates a
# synthetic database (`veikart generate`, one actor per 50 measures, ten
# status reports per measure, seed 1), then runs `veikart analyse` twice:
# every kind but overlap, and every kind. The hidden --timings flag prints
# CPU seconds for loading the snapshot and for each family of kinds, and
# the peak resident memory; /usr/bin/time gives wall time. The goals, from
# the issue: analysis (from the loaded snapshot) under 1 s of CPU without
# overlap and under 10 s with it, at 100 000 measures. Missing a goal is
# reported, not an error; the exit status is 1 only when a run failed.
#
# Settings (environment):
#   SIZES="10000 100000"   measures per run
#   KEEP=1                 keep the temporary directory (databases, logs)
set -euo pipefail

bin=${1:-build/veikart}
read -r -a sizes <<<"${SIZES:-10000 100000}"
goal_plain=1
goal_overlap=10
no_overlap=no_lead,many_leads,missing_report,stale_report,returned_report
no_overlap+=,no_common_arena,cross_ministry,parallel_arenas,dependency_risk
no_overlap+=,dependency_cycle,funding_gap,off_track,absent_actor
no_overlap+=,unanswered_input

die() {
	echo "bench: $*" >&2
	exit 1
}
[ -x "$bin" ] || die "$bin is missing; run 'make' first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/veikart-bench-analysis.XXXXXX")
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "bench: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

# timing KEY FILE -> the value of "timing KEY=value" in FILE
timing() { sed -n "s/^timing $1=\([^ ]*\).*/\1/p" "$2" | head -1; }
# wall FILE -> elapsed seconds from /usr/bin/time -v
wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		print s }' "$1"
}
rss_mb() { awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$1"; }
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v < g ? "ok" : "OVER") }'; }

# analyse SIZE NAME KINDS -> runs the analysis, leaves logs in $tmp
analyse() {
	local n=$1 name=$2 kinds=$3
	/usr/bin/time -v "$bin" analyse --db "$tmp/g$n.db" --timings \
		--format json ${kinds:+--kind "$kinds"} \
		>/dev/null 2>"$tmp/$name-$n.log" ||
		{ tail -n 20 "$tmp/$name-$n.log" >&2; die "analyse failed"; }
}

printf '%-9s %-9s %-8s %-10s %-12s %-10s %-10s %-8s %s\n' measures \
	generate load analysis "(families)" overlap analysis peak "verdict"
printf '%-9s %-9s %-8s %-10s %-12s %-10s %-10s %-8s\n' "" "wall s" "cpu s" \
	"no ovl s" "max fam s" "family s" "all s" "RSS MB"
for n in "${sizes[@]}"; do
	actors=$((n / 50 > 200 ? n / 50 : 200))
	/usr/bin/time -v "$bin" generate --measures "$n" --actors "$actors" \
		--reports $((n * 10)) --seed 1 --db "$tmp/g$n.db" \
		>"$tmp/gen-$n.out" 2>"$tmp/gen-$n.log" ||
		{ tail -n 20 "$tmp/gen-$n.log" >&2; die "generate failed"; }
	analyse "$n" plain "$no_overlap"
	analyse "$n" all ""
	p="$tmp/plain-$n.log"
	a="$tmp/all-$n.log"
	max_fam=$(grep '^timing family_' "$p" | sed 's/.*=//' | sort -g | tail -1)
	plain=$(timing analysis_s "$p")
	with=$(timing analysis_s "$a")
	printf '%-9s %-9.1f %-8s %-10s %-12s %-10s %-10s %-8s %s\n' "$n" \
		"$(wall "$tmp/gen-$n.log")" "$(timing load_s "$a")" "$plain" \
		"$max_fam" "$(timing family_overlap_s "$a")" "$with" \
		"$(rss_mb "$a")" \
		"$(verdict "$plain" $goal_plain)/$(verdict "$with" $goal_overlap)"
	echo "  findings $(timing findings "$a") (without overlap" \
		"$(timing findings "$p")); families without overlap:" \
		"$(grep '^timing family_' "$p" | grep -v '=0.000' |
			sed 's/timing family_//; s/_s=/ /' | tr '\n' ' ')"
	rm -f "$tmp/g$n.db"*
done
echo "goals: analysis < ${goal_plain} s CPU without overlap, <" \
	"${goal_overlap} s with it (counted from the loaded snapshot)"
