#!/usr/bin/env python3
"""Times `framescope report` and `framescope buckets` (and the overview) over the same stored
sessions in SQLite and in PostgreSQL, and checks that both stores give the same findings.
The sessions are compare_store_overview.py's: the sample bundles under many identities,
imported into each store with `framescope import`. Importing every one of 100,000 bundles
would take most of the bench's time, so --imported of them are imported and the store is
filled up to --sessions by copying the imported sessions' rows with SQL under new identities (source,
path, content hash and process id), the rows an import of those bundles would write; the
output says so. The PostgreSQL server is a throwaway one on loopback
(tests/support/postgres_server.sh), stopped at the end. Best of 3 whole-process runs, each
figure with the least processor time of the command itself (not the PostgreSQL server's;
on a shared machine the wall clock also counts the time others took).

    compare_stores.py --framescope PATH --work-dir DIR [--sessions N] [--imported N]
                      [--port PORT]
"""
import argparse
import resource
import sqlite3
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


def cpu_seconds(action):
    """The processor time (user and system) of the child processes that action() ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    action()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def copy_statements(sqlite_store, copies):
    """SQL that adds `copies` copies of every stored session, each under new identities."""
    db = sqlite3.connect(sqlite_store)
    last = db.execute("SELECT max(id) FROM sources").fetchone()[0]
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sources'")
        if any(column[1] == "source_id"
               for column in db.execute("PRAGMA table_info(%s)" % name))]
    columns = {table: [column[1] for column in db.execute("PRAGMA table_info(%s)" % table)]
               for table in ["sources"] + tables}
    db.close()
    changed = {"id": "id + {offset}", "source_id": "source_id + {offset}",
               "path": "path || '#{copy}'", "sha256": "sha256 || '-{copy}'",
               "pid": "pid + {copy} * 1000000"}
    statements = []
    for copy in range(1, copies + 1):
        for table in ["sources"] + tables:
            key = "id" if table == "sources" else "source_id"
            values = ", ".join(changed.get(column, column).format(offset=copy * last, copy=copy)
                               for column in columns[table])
            statements.append("INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s <= %d"
                              % (table, ", ".join(columns[table]), values, table, key, last))
    return statements


def fill_by_copies(stores, copies, psql_url):
    statements = copy_statements(stores["SQLite"], copies)
    db = sqlite3.connect(stores["SQLite"])
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()
    script = "BEGIN;\n" + ";\n".join(statements) + ";\nCOMMIT;\nANALYZE;\n"
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", psql_url], input=script, text=True,
                   check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--imported", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=29876)
    options = parser.parse_args()
    imported_count = min(options.imported, options.sessions)
    if options.sessions % imported_count:
        sys.exit("--sessions must be a multiple of --imported")
    work = Path(options.work_dir)
    compare_store_overview.SESSIONS = imported_count
    bundles = work / ("stores-sessions-%d" % imported_count)
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
            print("  %-10s import of %d bundles: %7.1f s (%.0f sessions/s)"
                  % (name, imported_count, imported, imported_count / imported))
        copies = options.sessions // imported_count - 1
        if copies:
            started = time.perf_counter()
            fill_by_copies(stores, copies, stores["PostgreSQL"])
            print("  the other %d sessions: the %d imported ones' rows copied %d times with SQL "
                  "under new identities (%.1f s, both stores)"
                  % (options.sessions - imported_count, imported_count, copies,
                     time.perf_counter() - started))
        for command in (["report", "--format", "json"], ["buckets", "--format", "json"],
                        ["overview", "--format", "json"]):
            line = "  %-8s" % command[0]
            for name, db in stores.items():
                out = run(options.framescope, *command, "--db", db).replace(db, "STORE")
                findings.setdefault(command[0], set()).add(out)
                cpu = []
                seconds = best_of(3, lambda: cpu.append(cpu_seconds(
                    lambda: run(options.framescope, *command, "--db", db))))
                line += "  %s %.2f s (CPU %.2f s)" % (name, seconds, min(cpu))
            same = len(findings[command[0]]) == 1
            print(line + ("  (the same findings)" if same else "  (FINDINGS DIFFER)"))
    finally:
        subprocess.run(["sh", str(SERVER), "stop", str(state)], check=True)


if __name__ == "__main__":
    main()
