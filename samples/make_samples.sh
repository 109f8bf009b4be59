#!/usr/bin/env bash
# Regenerates every committed sample from the programs beside it.
set -euo pipefail
cd "$(dirname "$0")/profiles"
python3 -m cProfile -o frame_loop.pstats frame_loop.py
