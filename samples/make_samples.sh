#!/usr/bin/env bash
# Regenerates every committed sample from the programs beside it:
#   profiles/  cProfile output of a small frame loop, and of the same loop after a change
#   bundles/   one report bundle per failure of demo_app, recorded by recorder/
#   stdlib/    the same failures as the standard library alone writes them
# PYTHON and PYPY choose the interpreters (default python3 and pypy3). The app runs from
# copies installed as users would have it, at two install paths, so the samples name no
# developer's checkout. Two runs end in a segmentation fault on purpose (native_crash).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
pypy="${PYPY:-pypy3}"
work="${TMPDIR:-/tmp}/framescope-samples"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT

cd "$here/profiles"
"$python" -m cProfile -o frame_loop.pstats frame_loop.py
"$python" -m cProfile -o frame_loop_after.pstats frame_loop.py --deeper-layout

system_install="$work/opt/demo-app"
user_install="$work/home/player/.local/share/demo-app"
for install in "$system_install" "$user_install"; do
  mkdir -p "$install"
  cp "$here/demo_app/demo_app.py" "$here/../recorder/framescope_recorder.py" "$install/"
done
recorder="$system_install/framescope_recorder.py"

# demo_of INTERPRETER: CPython runs the system-wide copy, PyPy the user's own.
demo_of() {
  if [[ "$1" == "$pypy" ]]; then echo "$user_install/demo_app.py"; else echo "$system_install/demo_app.py"; fi
}

# record INTERPRETER SCENARIO NAME [demo options]: one session into bundles/NAME.
record() {
  local interpreter="$1" scenario="$2" name="$3"
  shift 3
  "$interpreter" "$(demo_of "$interpreter")" "$scenario" --out "$work/reports/$name" "$@" \
    >/dev/null 2>&1 || true
  mv "$work/reports/$name"/demo-app-* "$here/bundles/$name"
}

rm -rf "$here/bundles" "$here/stdlib"
mkdir -p "$here/bundles" "$here/stdlib"
record "$python" normal normal --profile
for scenario in network_stall logging_deadlock asset_loading gc_storm uncaught_exception \
    native_crash; do
  record "$python" "$scenario" "${scenario//_/-}"
done
record "$pypy" network_stall network-stall-pypy

# A hang nobody recovers from: the user kills the program, and its next start closes the
# session it left behind.
hang_reports="$work/reports/network-hang"
"$python" "$(demo_of "$python")" network_hang --out "$hang_reports" >/dev/null 2>&1 &
sleep 5
kill -KILL $! && wait $! 2>/dev/null || true
PYTHONPATH="$system_install" "$python" -c \
  "import framescope_recorder, sys; framescope_recorder.close_abandoned_sessions(sys.argv[1], 'demo-app')" \
  "$hang_reports"
mv "$hang_reports"/demo-app-* "$here/bundles/network-hang"

# Sent as users send them: packed.
cd "$here/bundles"
"$python" "$recorder" pack network-stall-pypy --format zip >/dev/null && rm -rf network-stall-pypy
"$python" "$recorder" pack gc-storm --format tar.gz >/dev/null && rm -rf gc-storm

# Without the recorder: faulthandler's timeout dumps, and what crashes print on stderr.
for interpreter in "$python" "$pypy"; do
  suffix=""
  [[ "$interpreter" == "$pypy" ]] && suffix="-pypy"
  "$interpreter" "$(demo_of "$interpreter")" network_stall --watchdog faulthandler \
    --out "$work/faulthandler" >/dev/null 2>&1
  mv "$work/faulthandler/faulthandler.txt" "$here/stdlib/network-stall$suffix.faulthandler.txt"
done
"$python" "$(demo_of "$python")" uncaught_exception --watchdog none \
  2>"$here/stdlib/uncaught-exception.traceback.txt" >/dev/null || true
"$python" -X faulthandler "$(demo_of "$python")" native_crash --watchdog none \
  2>"$here/stdlib/native-crash.faulthandler.txt" >/dev/null || true
du -sh "$here/bundles" "$here/stdlib" "$here/profiles"
