#!/usr/bin/env bash
# Sets up, builds and opens framescope on the bundled sample sessions (every failure of the
# demo application). Without a display, framescope says so and prints the same findings as
# text.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build >/dev/null
exec build/framescope samples/bundles
