#!/usr/bin/env bash
# Builds the marshal fuzzer if needed, replays fuzz/regressions/, then fuzzes for a bounded
# time on a scratch copy of fuzz/seeds/. Exits non-zero on any crash, leak, hang or oversized
# allocation; the reproducer is left in the build directory's fuzz-artifacts/.
#   fuzz/run_fuzzer.sh [seconds]   (default 60; BUILD_DIR overrides build-fuzz/)
set -euo pipefail

seconds="${1:-60}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz_dir")"
build="${BUILD_DIR:-$root/build-fuzz}"
fuzzer="$build/fuzz/framescope_marshal_fuzzer"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    CXX="${CXX:-clang++}" cmake -S "$root" -B "$build" -G Ninja -DFRAMESCOPE_FUZZ=ON \
        -DFRAMESCOPE_TESTS=OFF -DFRAMESCOPE_BENCH=OFF -DFRAMESCOPE_SANITIZE="address;undefined"
fi
cmake --build "$build" --target framescope_marshal_fuzzer --parallel "$(nproc)"

options=(-rss_limit_mb=2048 -timeout=10)
shopt -s nullglob
regressions=("$fuzz_dir"/regressions/*)
if ((${#regressions[@]})); then
    "$fuzzer" "${options[@]}" "${regressions[@]}"
fi

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cp "$fuzz_dir"/seeds/* "${regressions[@]}" "$corpus"/
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
"$fuzzer" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus"
