#!/usr/bin/env bash
# End-to-end in a real browser: axe-core (WCAG 2.1 A/AA and best practice)
# and the page checks (one h1, <html lang>, no console errors, no sideways
# scrolling at 375 px) over every page type in bokmål, nynorsk and English,
# signed out and signed in, and a report filed with the keyboard alone.
# Runs tests/browser/run.mjs in Debian's chromium through playwright-core;
# see docs/web.md. Pages not built yet are skipped unless
# VEIKART_BROWSER_STRICT=1.
#   bash tests/e2e/browser.sh path/to/veikart
set -u
name=$(basename "$0")
bin=$(realpath "${1:?usage: $0 path/to/veikart}")
root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=${VEIKART_CHROMIUM:-/usr/bin/chromium}

# No silent pass: a machine without the browser or the packages fails here.
missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Node.js 20+ comes with the machine)")
[ -x "$chromium" ] || missing+=("$chromium: run \`make deps\` (Debian's chromium)")
for m in playwright-core axe-core; do
	[ -f "$root/node_modules/$m/package.json" ] ||
		missing+=("node_modules/$m: run \`make node_modules\` (npm ci)")
done
if [ ${#missing[@]} -gt 0 ]; then
	printf '%s: cannot run the browser tests; missing:\n' "$name" >&2
	printf '  %s\n' "${missing[@]}" >&2
	echo "$name: 1 checks, 1 failed"
	exit 1
fi

cd "$root" && exec node tests/browser/run.mjs "$bin"
