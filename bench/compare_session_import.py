#!/usr/bin/env python3
"""Times framescope on a one-hour session at 60 fps (bench/make_long_session.py): `framescope
import` into a fresh database and `framescope report` on the bundle, best of 3 whole-process
runs each; beside them, Python reading the same bundle with its json module and computing the
frame percentiles and the stall groups (the least a script would do), in the same run.

    compare_session_import.py --framescope PATH --work-dir DIR
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

from timing import best_of

HERE = Path(__file__).resolve().parent


def python_reading(bundle):
    durations = []
    with open(bundle / "frames.jsonl") as frames:
        for line in frames:
            durations.extend(json.loads(line)["d"])
    quantiles = statistics.quantiles(durations, n=100)
    groups = Counter()
    with open(bundle / "samples.jsonl") as samples:
        for line in samples:
            sample = json.loads(line)
            main = next(t for t in sample["threads"] if t["main"])
            groups[tuple((os.path.basename(f), fn) for f, _, fn in main["stack"][:8])] += 1
    return quantiles[49], quantiles[98], groups.most_common(3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    options = parser.parse_args()
    work = Path(options.work_dir)
    bundle = work / "long-session"
    if not (bundle / "end.json").exists():
        subprocess.run([sys.executable, str(HERE / "make_long_session.py"), str(bundle)], check=True)
    size_mb = sum(f.stat().st_size for f in bundle.iterdir()) / 1e6
    database = work / "long-session.db"

    def framescope_import():
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        subprocess.run([options.framescope, "import", "--db", str(database), str(bundle)],
                       check=True, stdout=subprocess.DEVNULL)

    def framescope_report():
        subprocess.run([options.framescope, "report", str(bundle)], check=True, stdout=subprocess.DEVNULL)

    imported = best_of(3, framescope_import)
    reported = best_of(3, framescope_report)
    python = best_of(3, lambda: python_reading(bundle))
    print("one-hour session at 60 fps: %.1f MB, 216,000 frames" % size_mb)
    print("  framescope import (parse, hash, store):   %.3f s" % imported)
    print("  framescope report (parse, analyse, print): %.3f s" % reported)
    print("  Python json + percentiles + stall groups:  %.3f s  (%.1fx framescope report)"
          % (python, python / reported))


if __name__ == "__main__":
    main()
