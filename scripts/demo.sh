#!/usr/bin/env bash
# Sets up, builds and runs framescope on the bundled sample profile.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build >/dev/null
echo "== framescope stats samples/profiles/frame_loop.pstats --sort cumulative --limit 20"
build/framescope stats samples/profiles/frame_loop.pstats --sort cumulative --limit 20
echo "== callers of the hottest functions (--sort tottime --callers --limit 5)"
build/framescope stats samples/profiles/frame_loop.pstats --strip-dirs --sort tottime \
  --callers --limit 5
