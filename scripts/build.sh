#!/usr/bin/env bash
# Configures and builds one build directory: build.sh DIR [CMAKE OPTIONS...].
# Re-running it only rebuilds what changed.
set -euo pipefail
dir=$1
shift
cd "$(dirname "$0")/.."
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
cmake --build "$dir"
