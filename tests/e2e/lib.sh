# tests/e2e/lib.sh: helpers for end-to-end scripts. Source it; it sets up a
# temporary directory ($T) removed on exit, and counts checks.
set -u
VEIKART=$(realpath "${1:?usage: $0 path/to/veikart}")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d /tmp/veikart-e2e-XXXXXX)
PIDS=()
checks=0
fails=0

cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

ok() { checks=$((checks + 1)); }
bad() {
	checks=$((checks + 1)); fails=$((fails + 1))
	echo "FAIL: $*" >&2
}
# expect_eq WHAT GOT WANT
expect_eq() { if [ "$2" == "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
# expect_match WHAT TEXT REGEX
expect_match() { if [[ "$2" =~ $3 ]]; then ok; else bad "$1: '$2' does not match /$3/"; fi; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server DB -> sets PORT and SERVER_PID; waits until /healthz answers.
start_server() {
	PORT=$(free_port)
	VEIKART_ACCESS_LOG=0 "$VEIKART" serve --db "$1" --listen "127.0.0.1:$PORT" \
		--threads 2 2>>"$T/server.log" &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for _ in $(seq 1 100); do
		curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "server did not start:" >&2
	cat "$T/server.log" >&2
	return 1
}

# get PATH [curl args...] -> body in $T/body, status in $STATUS, headers in $T/headers
get() {
	local path=$1; shift
	STATUS=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" \
		"http://127.0.0.1:$PORT$path")
}
header() { grep -i "^$1:" "$T/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

finish() {
	echo "$(basename "$0"): $checks checks, $fails failed"
	[ "$fails" -eq 0 ]
}
