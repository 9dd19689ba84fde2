#!/usr/bin/env bash
# bench/run.sh: veikart against nginx serving the same bytes.
#
#   bash bench/run.sh build/veikart        (what `make bench` runs)
#
# Seeds a temporary database, starts `veikart serve` on a free loopback
# port, fetches each path in PATHS below from it, and has Debian's nginx
# serve those very bytes (same Content-Type) from files on another port,
# with as many worker processes as veikart has threads. Then wrk measures
# each server in turn, path by path. nginx is the yardstick: a static file
# server is about as fast as serving a response can be, so the goal is a
# ratio veikart/nginx of at least 0.5 for the API and 0.3 for portal pages
# (issue 5; an HTML page is rendered from more queries, though both are
# then answered from veikart's response cache). Both keep an access log
# (veikart its own, nginx to a file), so both do the same work per request.
# Missing a goal is reported, not an error; the exit status is 1 only when
# the run itself went wrong (a server failed, wrk saw errors).
#
# Settings (environment):
#   THREADS=2         veikart threads = nginx worker processes
#   DURATION=10s      wrk -d; CONNECTIONS=32 wrk -c; WRK_THREADS=2 wrk -t
#   PATHS="/a /b?x=1" paths to measure (default: the list below)
#   NGINX=/usr/sbin/nginx
#   KEEP=1            keep the temporary directory (logs, configs)
set -euo pipefail

# The endpoints measured. nginx matches on the path alone (an exact-match
# location), so two entries must differ before the '?'.
default_paths=(
	"/api/v1/measures?limit=500"
	"/nb/"
)

bin=${1:-build/veikart}
# The portal's CSS is read from node_modules/ and static/ in the checkout.
root=$(cd "$(dirname "$0")/.." && pwd)
threads=${THREADS:-2}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}
nginx=${NGINX:-/usr/sbin/nginx}
# The goal per path: portal pages (/nb/, /nn/, /en/ ...) 0.3, else 0.5.
goal_for() {
	case "$1" in
	/nb/* | /nn/* | /en/*) echo 0.3 ;;
	*) echo 0.5 ;;
	esac
}
goal_rss_mb=30
if [ -n "${PATHS:-}" ]; then
	read -r -a paths <<<"$PATHS"
else
	paths=("${default_paths[@]}")
fi

die() {
	echo "bench: $*" >&2
	exit 1
}

for tool in wrk curl "$nginx" "$bin"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool is missing; run 'make deps' and 'make' first"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/veikart-bench.XXXXXX")
vk_pid=""
ngx_pid=""

stop() {
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	stop "$vk_pid"
	stop "$ngx_pid"
	if [ "${KEEP:-0}" = 1 ]; then
		echo "bench: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody listens on: connecting to it is refused.
free_port() {
	local port i
	for i in $(seq 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	die "found no free loopback port"
}

# Waits until url answers 2xx; fails early if process pid has exited.
wait_ready() {
	local url=$1 pid=$2 name=$3 log=$4 i
	for i in $(seq 100); do
		if curl -sf -o /dev/null "$url"; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 20 "$log" >&2 || true
			die "$name exited before answering $url"
		fi
		sleep 0.1
	done
	tail -n 20 "$log" >&2 || true
	die "$name did not answer $url within 10 s"
}

vk_port=$(free_port)
ngx_port=$(free_port)
while [ "$ngx_port" = "$vk_port" ]; do ngx_port=$(free_port); done

# ---- veikart ----
"$bin" init --db "$tmp/bench.db" >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log" >&2; die "veikart init failed"; }
# Its access log (on by default; VEIKART_ACCESS_LOG=1 makes sure) goes to
# stderr, which lands in veikart.log.
VEIKART_ACCESS_LOG=1 "$bin" serve --db "$tmp/bench.db" \
	--listen "127.0.0.1:$vk_port" --threads "$threads" --assets "$root" \
	>"$tmp/veikart.log" 2>&1 &
vk_pid=$!
wait_ready "http://127.0.0.1:$vk_port/healthz" "$vk_pid" veikart \
	"$tmp/veikart.log"

# ---- the same bytes for nginx ----
mkdir -p "$tmp/www" "$tmp/nginx"
locations=""
seen=" "
for i in "${!paths[@]}"; do
	path=${paths[$i]}
	route=${path%%\?*}
	case "$seen" in
	*" $route "*) die "two paths share $route; nginx cannot tell them apart" ;;
	esac
	seen="$seen$route "
	ctype=$(curl -sf -o "$tmp/www/body-$i" -w '%{content_type}' \
		"http://127.0.0.1:$vk_port$path") ||
		die "veikart did not answer GET $path with 2xx"
	[ -n "$ctype" ] || ctype="application/octet-stream"
	# nginx's static module declines a URI ending in '/' (it leaves that
	# to the index module), so such a page is served with try_files,
	# which finds the file and serves it in the same location.
	case "$route" in
	*/) serve="root $tmp/www;
			try_files /body-$i =404;" ;;
	*) serve="alias $tmp/www/body-$i;" ;;
	esac
	locations+="
		location = $route {
			$serve
			default_type \"$ctype\";
		}"
done
# nginx started as root drops its workers to nobody, who must read these.
chmod 755 "$tmp" "$tmp/www"
chmod 644 "$tmp"/www/body-*

# As Debian's /etc/nginx/nginx.conf (sendfile, tcp_nopush), with every path
# inside $tmp. keepalive_requests is raised because veikart never closes a
# kept-alive connection; nginx's default (1000) would make it reconnect.
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes $threads;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log $tmp/nginx/access.log;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	types { }
	server {
		listen 127.0.0.1:$ngx_port;
		location / { return 404; }$locations
	}
}
EOF
"$nginx" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
	-g 'daemon off;' >"$tmp/nginx/stdout.log" 2>&1 &
ngx_pid=$!
wait_ready "http://127.0.0.1:$ngx_port${paths[0]}" "$ngx_pid" nginx \
	"$tmp/nginx/error.log"

for i in "${!paths[@]}"; do
	curl -sf -o "$tmp/www/check-$i" "http://127.0.0.1:$ngx_port${paths[$i]}"
	cmp -s "$tmp/www/body-$i" "$tmp/www/check-$i" ||
		die "nginx does not serve the same bytes for ${paths[$i]}"
done

# ---- measure ----
# Prints "req/s avg p99 errors" from one wrk run.
run_wrk() {
	local url=$1 out=$2
	wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$url" \
		>"$out" 2>&1 || die "wrk failed against $url: $(tail -n 3 "$out")"
	awk '
		/Requests\/sec:/ { rps = $2 }
		/^ +Latency / && !avg { avg = $2 }
		/^ +99%/ { p99 = $2 }
		/Non-2xx or 3xx/ { errors += $NF }
		/Socket errors:/ { errors += 1 }
		END { printf "%s %s %s %d\n", rps, avg, p99, errors }
	' "$out"
}

report() {
	local name=$1 rps=$2 avg=$3 p99=$4 errors=$5
	printf '%-8s %9.1f req/s   latency avg %s, p99 %s' "$name" "$rps" \
		"$avg" "$p99"
	[ "$errors" = 0 ] || printf '   (ERRORS: see wrk output)'
	printf '\n'
}

access_lines() {
	grep -c "$2" "$1" 2>/dev/null || true
}

status=0
for i in "${!paths[@]}"; do
	path=${paths[$i]}
	bytes=$(wc -c <"$tmp/www/body-$i" | tr -d ' ')
	echo "bench: GET $path ($bytes bytes), $threads threads/workers," \
		"wrk -t$wrk_threads -c$connections -d$duration"
	result=$(run_wrk "http://127.0.0.1:$vk_port$path" \
		"$tmp/wrk-veikart-$i.txt")
	read -r v_rps v_avg v_p99 v_err <<<"$result"
	report veikart "$v_rps" "$v_avg" "$v_p99" "$v_err"
	result=$(run_wrk "http://127.0.0.1:$ngx_port$path" \
		"$tmp/wrk-nginx-$i.txt")
	read -r n_rps n_avg n_p99 n_err <<<"$result"
	report nginx "$n_rps" "$n_avg" "$n_p99" "$n_err"
	ratio=$(awk -v a="$v_rps" -v b="$n_rps" \
		'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	goal_ratio=$(goal_for "$path")
	if awk -v r="$ratio" -v g="$goal_ratio" 'BEGIN { exit !(r >= g) }'; then
		verdict="goal >= $goal_ratio"
	else
		verdict="BELOW the goal of $goal_ratio"
	fi
	echo "ratio    $ratio ($verdict)"
	if [ "$v_err" != 0 ] || [ "$n_err" != 0 ]; then
		echo "bench: wrk saw errors; the figures above are not comparable" >&2
		status=1
	fi
done

# ---- memory and the access logs ----
read -r rss hwm < <(awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 }
	END { print r, h }' "/proc/$vk_pid/status")
printf 'veikart RSS after run: %.1f MB (peak %.1f MB; goal < %d MB)\n' \
	"$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
	"$(awk -v k="$hwm" 'BEGIN { print k / 1024 }')" "$goal_rss_mb"

v_lines=$(access_lines "$tmp/veikart.log" 'status=')
n_lines=$(access_lines "$tmp/nginx/access.log" 'HTTP/1.1')
echo "access log: on for both (veikart $v_lines lines to a file via stderr," \
	"nginx $n_lines lines to a file)"
if [ "$v_lines" -lt $((n_lines / 2)) ]; then
	echo "bench: veikart wrote far fewer access log lines than nginx;" \
		"the two did not do equal work" >&2
fi
bash "$(dirname "$0")/analysis.sh" "$bin" || status=1
bash "$(dirname "$0")/import.sh" "$bin" || status=1
exit "$status"
