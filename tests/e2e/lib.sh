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

# start_mail_sink -> a real SMTP server (aiosmtpd, Debian's python3) on a
# free port that writes each message to $MAILDIR/NNN.eml; sets SMTP_PORT,
# VEIKART_SMTP_URL and VEIKART_BASE_URL (http://veikart.test) for the
# server started next, and defines mails (how many arrived) and wait_mail
# N (until N have, up to 10 s).
start_mail_sink() {
	MAILDIR="$T/mail"
	mkdir -p "$MAILDIR"
	cat >"$T/sink.py" <<'PY'
import os, sys, time
from aiosmtpd.controller import Controller
out = sys.argv[2]
class Sink:
    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(out) if f.endswith('.eml')])
        base = os.path.join(out, '%03d' % n)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + '.tmp', base + '.eml')
        return '250 OK'
c = Controller(Sink(), hostname='127.0.0.1', port=int(sys.argv[1]))
c.start()
open(os.path.join(out, 'ready'), 'w').close()
while True:
    time.sleep(1)
PY
	SMTP_PORT=$(free_port)
	/usr/bin/python3 "$T/sink.py" "$SMTP_PORT" "$MAILDIR" 2>"$T/sink.log" &
	PIDS+=($!)
	for _ in $(seq 1 100); do [ -f "$MAILDIR/ready" ] && break; sleep 0.05; done
	[ -f "$MAILDIR/ready" ] || { echo "SMTP sink did not start"; cat "$T/sink.log"; return 1; }
	export VEIKART_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
	export VEIKART_BASE_URL="http://veikart.test"
}
mails() { ls "$MAILDIR" | grep -c '\.eml$'; }
wait_mail() { for _ in $(seq 1 200); do [ "$(mails)" -ge "$1" ] && return 0; sleep 0.05; done; return 1; }
