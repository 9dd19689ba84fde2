#!/usr/bin/env bash
# fuzz/build.sh: builds every fuzz/fuzz_<name>.c into build/fuzz/fuzz_<name>
# with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, linked
# against an archive of every module but the command line (src/cli), so
# each target pulls in only the objects it uses, plus the libraries of the
# main build (pkg-config). The whole tree, not a list of parsers: a parser
# that shares its file with route handlers (api/session.c holds the cookie
# and form parsers) drags in the store, libsodium, SQLite and libcurl.
#
#   fuzz/build.sh                 build only
#   fuzz/build.sh --run SECONDS   build, then run each target that long
#   --only NAME[,NAME...]          only these targets (fuzz_csv or csv)
#
# A run starts from the checked-in seeds in fuzz/corpus/<name>/ and keeps
# what it finds in build/fuzz/corpus/<name>/ (the seeds are never written).
# Crashing inputs land in build/fuzz/crashes/; the exit status is non-zero
# when any target failed. Use FUZZ_CC to pick another clang.
set -euo pipefail

cd "$(dirname "$0")/.."

usage() {
	echo "usage: fuzz/build.sh [--run SECONDS] [--only NAME[,NAME...]]" >&2
	exit 2
}

run_secs=""
only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--run)
		[ $# -ge 2 ] || usage
		run_secs="$2"
		shift 2
		;;
	--only)
		[ $# -ge 2 ] || usage
		only=",$2,"
		shift 2
		;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
if [ -n "$run_secs" ] && ! [[ "$run_secs" =~ ^[1-9][0-9]*$ ]]; then
	echo "fuzz: --run needs a whole number of seconds, got '$run_secs'" >&2
	exit 2
fi

cc="${FUZZ_CC:-clang}"
out=build/fuzz
san="address,undefined"
# The packages of the main build (Makefile PKGS): every source must compile
# (formats/network_svg.c needs graphviz's headers), and a target links only
# the objects it pulls from the archive. libstemmer and libcsv ship no
# pkg-config file.
pkgs="libevent libevent_pthreads jansson libsodium sqlite3 libcurl xlsxwriter
	cairo pangocairo libzip expat libgvc"
read -r -a pkg_cflags <<<"$(pkg-config --cflags $pkgs)"
read -r -a pkg_libs <<<"$(pkg-config --libs $pkgs) -lstemmer -lcsv -lpthread"
cflags=(-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
	-fno-sanitize-recover=undefined -Wall -Wextra -Isrc "${pkg_cflags[@]}")

mkdir -p "$out/obj" "$out/corpus" "$out/crashes"

# The library once, instrumented for coverage but without libFuzzer's main.
# An object newer than its source and than every header is kept: a second
# run after a fix recompiles only what changed.
newest_h=$(find src -name '*.h' -printf '%T@\n' | sort -n | tail -1)
objs=()
for src in src/*/*.c; do
	[ "${src#src/cli/}" = "$src" ] || continue
	obj="$out/obj/$(echo "${src#src/}" | tr / _).o"
	objs+=("$obj")
	if [ -f "$obj" ] && [ "$obj" -nt "$src" ] &&
		[ "$(stat -c %Y "$obj")" -gt "${newest_h%.*}" ]; then
		continue
	fi
	"$cc" "${cflags[@]}" -fsanitize=fuzzer-no-link,$san -c "$src" -o "$obj"
done
lib="$out/libfuzz.a"
rm -f "$lib"
ar rcs "$lib" "${objs[@]}"

targets=()
for src in fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	if [ -n "$only" ] && [[ "$only" != *",$name,"* ]] &&
		[[ "$only" != *",${name#fuzz_},"* ]]; then
		continue
	fi
	"$cc" "${cflags[@]}" -fsanitize=fuzzer,$san "$src" "$lib" \
		"${pkg_libs[@]}" -lm -o "$out/$name"
	targets+=("$name")
	echo "fuzz: built $out/$name"
done

[ -n "$run_secs" ] || exit 0

failed=()
for name in "${targets[@]}"; do
	corpus="${name#fuzz_}"
	mkdir -p "$out/corpus/$corpus"
	seeds=()
	[ -d "fuzz/corpus/$corpus" ] && seeds=("fuzz/corpus/$corpus")
	log="$out/$name.log"
	# A workbook or an upload needs room for its parts; 4 KiB is plenty
	# for the one-line parsers.
	case "$name" in
	fuzz_xlsx_read | fuzz_multipart) max_len=16384 ;;
	*) max_len=4096 ;;
	esac
	echo "fuzz: running $name for ${run_secs}s (log: $log)"
	if "$out/$name" -max_total_time="$run_secs" -timeout=10 \
		-max_len="$max_len" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$name-" \
		"$out/corpus/$corpus" "${seeds[@]}" >"$log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^Done' "$log" |
			sed "s/^/fuzz: $name: /" || true
	else
		echo "fuzz: $name FAILED; last lines of $log:" >&2
		tail -n 30 "$log" >&2
		failed+=("$name")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: failed: ${failed[*]}" >&2
	exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${run_secs}s without a finding"
