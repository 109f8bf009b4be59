#!/usr/bin/env python3
"""Times the store's overview (`framescope overview`, what `framescope --db PATH` opens) over
10,000 stored sessions: release health per version, the crash buckets and the stall groups of
them all. The sessions are the recorded sample bundles (samples/bundles) under 10,000
identities (process, start time, one of ten versions), mostly clean, some crashed, stalled or
hung, imported once with `framescope import`. Best of 3 whole-process runs; beside it, Python's
sqlite3 reading the same store's rows and grouping them the same way (the least a script would
do), in the same run.

    compare_store_overview.py --framescope PATH --work-dir DIR
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import time
from collections import Counter, defaultdict
from pathlib import Path

from timing import best_of

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples" / "bundles"
SESSIONS = 10_000
# The share of each recorded behaviour among the sessions.
MIX = [("normal", 0.70), ("uncaught-exception", 0.10), ("network-stall", 0.08),
       ("native-crash", 0.05), ("network-hang", 0.04), ("logging-deadlock", 0.03)]


def make_bundles(folder):
    """SESSIONS bundle folders: each member hard-linked from its sample, session.json rewritten."""
    rng = random.Random(7)
    folder.mkdir(parents=True)
    names = [name for name, _ in MIX]
    weights = [share for _, share in MIX]
    for i in range(SESSIONS):
        sample = SAMPLES / rng.choices(names, weights)[0]
        bundle = folder / ("session-%05d" % i)
        bundle.mkdir()
        for member in sample.iterdir():
            if member.name != "session.json":
                os.link(member, bundle / member.name)
        session = json.loads((sample / "session.json").read_text())
        session["pid"] = 10_000 + i
        session["start_unix"] += i * 60.0
        session["version"] = "1.%d.0" % (i * 10 // SESSIONS)
        (bundle / "session.json").write_text(json.dumps(session))


def python_overview(database):
    db = sqlite3.connect(database)
    health = defaultdict(Counter)
    lengths = defaultdict(list)
    for version, status, hung, length in db.execute(
            "SELECT version, status, hung, length_s FROM sessions JOIN session_summaries "
            "USING (source_id)"):
        health[version]["crashed" if status == "crashed" else "hung" if hung else status] += 1
        lengths[version].append(length)
    medians = {version: statistics.median(values) for version, values in lengths.items()}
    stalls = Counter()
    for signature, duration in db.execute("SELECT signature, duration_s FROM session_stalls"):
        stalls[signature] += duration
    innermost = {}
    for source, report, file, function in db.execute(
            "SELECT source_id, report, file, function FROM crash_frames ORDER BY source_id, id"):
        innermost[(source, report)] = (os.path.basename(file), function)
    buckets = Counter()
    for source, report, kind in db.execute(
            "SELECT source_id, report, type FROM crash_exceptions"):
        buckets[(kind, innermost.get((source, report)))] += 1
    db.close()
    return health, medians, stalls.most_common(10), buckets.most_common(10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    options = parser.parse_args()
    work = Path(options.work_dir)
    bundles = work / "store-sessions"
    database = work / "store-overview.db"
    imported_s = None
    if not database.exists():
        if not bundles.exists():
            make_bundles(bundles)
        started = time.perf_counter()
        subprocess.run([options.framescope, "import", "--db", str(database), str(bundles)],
                       check=True, stdout=subprocess.DEVNULL)
        imported_s = time.perf_counter() - started
    overview = subprocess.run([options.framescope, "overview", "--db", str(database), "--format",
                               "json"], check=True, capture_output=True, text=True).stdout
    stored = json.loads(overview)["sessions"]
    framescope = best_of(3, lambda: subprocess.run(
        [options.framescope, "overview", "--db", str(database), "--format", "json"],
        check=True, stdout=subprocess.DEVNULL))
    python = best_of(3, lambda: python_overview(str(database)))
    print("store overview of %d stored sessions (%.0f MB store)"
          % (stored, database.stat().st_size / 1e6))
    if imported_s is not None:
        print("  framescope import of the %d bundles:       %.1f s (%.0f sessions/s)"
              % (SESSIONS, imported_s, SESSIONS / imported_s))
    print("  framescope overview (read, bucket, group, JSON): %.3f s  (target: under 1 s)"
          % framescope)
    print("  Python sqlite3 grouping of the same rows:        %.3f s  (%.1fx framescope's)"
          % (python, python / framescope))


if __name__ == "__main__":
    main()
