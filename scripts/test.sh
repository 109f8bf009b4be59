#!/usr/bin/env bash
# Sets up, builds and runs every test: the suite in a normal build, again under
# AddressSanitizer and UndefinedBehaviorSanitizer, then the fuzzers (the marshal reader, the
# text readers) for a bounded time each.
# FUZZ_SECONDS (default 60) sets the fuzzing time; 0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

echo "== tests"
scripts/build.sh build
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
scripts/build.sh build-asan -DFRAMESCOPE_SANITIZE="address;undefined" -DFRAMESCOPE_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  echo "== fuzzing the marshal reader and the text readers for ${FUZZ_SECONDS:-60} s each"
  fuzz/run_fuzzer.sh "${FUZZ_SECONDS:-60}"
fi
