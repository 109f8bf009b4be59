#!/usr/bin/env bash
# Builds the fuzzers if needed, replays each one's regressions, then fuzzes each for a bounded
# time on a scratch copy of its seeds:
#   marshal      the .pstats loading path            fuzz/seeds/, fuzz/regressions/
#   report_text  crash reports, stall traces, bundle JSON Lines
#                                                     fuzz/seeds-text/, fuzz/regressions-text/
#   speedscope, collapsed, austin, gecko, callgrind, lprof, trace_event
#                the readers of those profile formats
#                                                     fuzz/seeds-FORMAT/, fuzz/regressions-FORMAT/
# Exits non-zero on any crash, leak, hang or oversized allocation; the reproducer is left in
# the build directory's fuzz-artifacts/.
#   fuzz/run_fuzzer.sh [seconds per fuzzer]   (default 60; BUILD_DIR overrides build-fuzz/)
set -euo pipefail

seconds="${1:-60}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz_dir")"
build="${BUILD_DIR:-$root/build-fuzz}"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    CXX="${CXX:-clang++}" cmake -S "$root" -B "$build" -G Ninja -DFRAMESCOPE_FUZZ=ON \
        -DFRAMESCOPE_TESTS=OFF -DFRAMESCOPE_BENCH=OFF -DFRAMESCOPE_SANITIZE="address;undefined"
fi
profile_formats=(speedscope collapsed austin gecko callgrind lprof trace_event)
targets=(framescope_marshal_fuzzer framescope_report_text_fuzzer)
for format in "${profile_formats[@]}"; do
    targets+=("framescope_${format}_fuzzer")
done
cmake --build "$build" --target "${targets[@]}" --parallel "$(nproc)"

options=(-rss_limit_mb=2048 -timeout=10)
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
shopt -s nullglob

# fuzz NAME SEEDS REGRESSIONS
fuzz() {
    local fuzzer="$build/fuzz/framescope_$1_fuzzer" regressions=("$3"/*)
    if ((${#regressions[@]})); then
        "$fuzzer" "${options[@]}" "${regressions[@]}"
    fi
    local corpus
    corpus="$(mktemp -d)"
    cp "$2"/* "${regressions[@]}" "$corpus"/
    "$fuzzer" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$artifacts/$1-" "$corpus"
    rm -rf "$corpus"
}

fuzz marshal "$fuzz_dir/seeds" "$fuzz_dir/regressions"
fuzz report_text "$fuzz_dir/seeds-text" "$fuzz_dir/regressions-text"
for format in "${profile_formats[@]}"; do
    fuzz "$format" "$fuzz_dir/seeds-$format" "$fuzz_dir/regressions-$format"
done
