#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking
# veikart needs. Idempotent: when everything is present it does nothing and
# asks no network. Runs as root (or with sudo) on Debian 12.
#
# Node.js 20 and npm come with the machine image: we never install Debian's
# nodejs/npm packages over them (they conflict); we only check that they
# are there and new enough, and fail with a clear message otherwise.
set -euo pipefail

packages=(
	build-essential pkg-config clang clang-format
	libevent-dev libjansson-dev libsodium-dev libsqlite3-dev
	libcmocka-dev libstemmer-dev libpq-dev libcurl4-openssl-dev
	libxlsxwriter-dev libcairo2-dev libpango1.0-dev libzip-dev
	libexpat1-dev libgraphviz-dev libcsv-dev
	fonts-dejavu-core poppler-utils libreoffice-calc-nogui
	sqlite3 curl jq python3 python3-aiosmtpd chromium fonts-inter
	wrk nginx-light
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	# The package lists may be missing on a fresh machine; one update, then retry.
	if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
		$sudo apt-get update -q >&2
		$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	fi
fi

# The portal's CSS comes from npm (`npm ci`, run by make run and make
# test), so Node.js 20+ with npm must be there.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "deps: Node.js 20 or newer with npm is needed (make runs \`npm ci\` for the portal's Designsystemet CSS), but $(command -v node >/dev/null 2>&1 && echo npm || echo node) is not on PATH. It comes with the machine image; do not install Debian's nodejs or npm packages." >&2
	exit 1
fi
major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
if ! [ "$major" -ge 20 ] 2>/dev/null; then
	echo "deps: Node.js $(node --version) is too old; veikart needs Node.js 20 or newer (it comes with the machine image; do not install Debian's nodejs)." >&2
	exit 1
fi
exit 0
