#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, M failed".
#   tests/run.sh BUILD [SANBUILD]   unit tests in each build, then end-to-end
#   tests/run.sh --unit-only BUILD  unit tests only
# The closing line counts individual tests: cmocka's cases and the checks of
# each end-to-end script. A suite that crashes before reporting counts as
# one failure.
set -u
cd "$(dirname "$0")/.."

unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(build)

passed=0
failed=0
skipped=0
failures=()
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# Counts from a suite's log: cmocka's "[==========] N test(s) run." and
# "[  FAILED  ] N test(s)", or our e2e scripts' "N checks, M failed".
suite_counts() {
	local log=$1 run fail skip
	skip=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -1)
	run=$(sed -n 's/^\[==========\] \([0-9]*\) test(s) run\./\1/p' "$log" | tail -1)
	fail=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -1)
	if [ -z "$run" ]; then
		run=$(sed -n 's/^.*: \([0-9]*\) checks, [0-9]* failed$/\1/p' "$log" | tail -1)
		fail=$(sed -n 's/^.*: [0-9]* checks, \([0-9]*\) failed$/\1/p' "$log" | tail -1)
	fi
	echo "${run:-0} ${fail:-0} ${skip:-0}"
}

run_one() {
	local name=$1; shift
	local log="$log_dir/$(echo "$name" | tr '/ ()' '____').log"
	local status=0 run fail skip
	"$@" >"$log" 2>&1 || status=$?
	read -r run fail skip < <(suite_counts "$log")
	skipped=$((skipped + skip))
	# A crash or a non-zero exit with no failure counted is one failure.
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
	passed=$((passed + run - fail - skip))
	failed=$((failed + fail))
	if [ "$status" -eq 0 ]; then
		printf 'ok      %-32s %4d tests\n' "$name" "$run"
	else
		failures+=("$name")
		printf 'FAILED  %-32s %4d tests, %d failed\n' "$name" "$run" "$fail"
		sed 's/^/        /' "$log" | tail -40
	fi
}

for b in "${builds[@]}"; do
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		run_one "$b/$(basename "$t")" "$t"
	done
done

if [ $unit_only -eq 0 ]; then
	# End-to-end against the plain build, then the sanitized server too.
	for b in "${builds[@]}"; do
		for s in tests/e2e/*.sh; do
			[ "$(basename "$s")" = lib.sh ] && continue
			run_one "e2e $(basename "$s" .sh) ($b)" \
				bash "$s" "$b/veikart"
		done
	done
fi

echo
if [ $failed -gt 0 ]; then
	printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
