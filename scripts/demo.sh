#!/usr/bin/env bash
# Sets up, builds and opens framescope on the bundled sample profile. Without a display,
# framescope says so and prints the same findings as text.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build >/dev/null
exec build/framescope samples/profiles/frame_loop.pstats
