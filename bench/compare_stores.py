#!/usr/bin/env python3
"""Times `framescope report` and `framescope buckets` (and the overview) over the same stored
sessions in SQLite and in PostgreSQL, and checks that both stores give the same findings.
The sessions are compare_store_overview.py's: the sample bundles under many identities,
imported once into each store with `framescope import`. The PostgreSQL server is a throwaway
one on loopback (tests/support/postgres_server.sh), stopped at the end. Best of 3
whole-process runs.

    compare_stores.py --framescope PATH --work-dir DIR [--sessions N] [--port PORT]
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

import compare_store_overview
from timing import best_of

HERE = Path(__file__).resolve().parent
SERVER = HERE.parent / "tests" / "support" / "postgres_server.sh"


def run(framescope, *args):
    return subprocess.run([framescope, *args], check=True, capture_output=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=29876)
    options = parser.parse_args()
    work = Path(options.work_dir)
    compare_store_overview.SESSIONS = options.sessions
    bundles = work / ("stores-sessions-%d" % options.sessions)
    if not bundles.exists():
        compare_store_overview.make_bundles(bundles)
    state = work / "stores-postgres"
    subprocess.run(["sh", str(SERVER), "start", str(state), str(options.port)], check=True)
    try:
        if (state / "unavailable").exists():
            sys.exit("no PostgreSQL server: " + (state / "unavailable").read_text())
        stores = {"SQLite": str(work / ("stores-%d.db" % options.sessions)),
                  "PostgreSQL": (state / "url").read_text().strip()}
        Path(stores["SQLite"]).unlink(missing_ok=True)
        findings = {}
        print("%d stored sessions" % options.sessions)
        for name, db in stores.items():
            started = time.perf_counter()
            run(options.framescope, "import", "--db", db, str(bundles))
            imported = time.perf_counter() - started
            print("  %-10s import: %7.1f s (%.0f sessions/s)"
                  % (name, imported, options.sessions / imported))
        for command in (["report", "--format", "json"], ["buckets", "--format", "json"],
                        ["overview", "--format", "json"]):
            line = "  %-8s" % command[0]
            for name, db in stores.items():
                out = run(options.framescope, *command, "--db", db).replace(db, "STORE")
                findings.setdefault(command[0], set()).add(out)
                seconds = best_of(3, lambda: run(options.framescope, *command, "--db", db))
                line += "  %s %.2f s" % (name, seconds)
            same = len(findings[command[0]]) == 1
            print(line + ("  (the same findings)" if same else "  (FINDINGS DIFFER)"))
    finally:
        subprocess.run(["sh", str(SERVER), "stop", str(state)], check=True)


if __name__ == "__main__":
    main()
