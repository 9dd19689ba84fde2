#!/usr/bin/env bash
# Writes the portal's screenshots into docs/screenshots/ (front page, a
# measure, the report form; 1280 px and 375 px wide, bokmål, light), taken
# in Debian's chromium through playwright-core. Builds nothing: `make
# screenshots` builds the binary and installs chromium and node_modules
# first.
#   bash scripts/screenshots.sh path/to/veikart [OUTDIR]
set -eu
bin=$(realpath "${1:?usage: $0 path/to/veikart [OUTDIR]}")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${2:-$root/docs/screenshots}")
cd "$root"
# The theme's font is Inter; without it chromium draws DejaVu Sans and the
# pictures look wider than the service does where Inter is installed.
if command -v fc-list >/dev/null 2>&1 && ! fc-list : family | grep -qx Inter; then
	echo "screenshots: warning: the Inter font is not installed" \
		"(Debian's fonts-inter); the pictures use a fallback font" >&2
fi
exec node tests/browser/screenshots.mjs "$bin" "$out"
