#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, M failed".
#   tests/run.sh BUILD [SANBUILD]   unit tests in each build, then end-to-end
#   tests/run.sh --unit-only BUILD  unit tests only
# Each cmocka binary counts as one test suite here; its own output shows
# the individual tests. End-to-end scripts in tests/e2e/*.sh count likewise.
set -u
cd "$(dirname "$0")/.."

unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(build)

passed=0
failed=0
failures=()
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_one() {
	local name=$1; shift
	local log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok      %s\n' "$name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAILED  %s\n' "$name"
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
			[ -f "$s" ] || continue
			run_one "e2e $(basename "$s" .sh) ($b)" \
				bash "$s" "$b/veikart"
		done
	done
fi

echo
if [ $failed -gt 0 ]; then
	printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
