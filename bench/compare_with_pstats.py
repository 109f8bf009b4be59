#!/usr/bin/env python3
# Times `framescope stats FILE --sort cumulative --limit 30` against Python's pstats printing
# the same report, on the largest profile of the shared corpus and on a generated
# 100k-function, 1M-edge profile, with each side's peak memory; then prints the SQLite import
# rate from framescope_bench.
import argparse
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import best_of

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
PYTHON_REPORT = ("import os, pstats; pstats.Stats({path!r}, stream=open(os.devnull, 'w'))"
                 ".sort_stats('cumulative').print_stats(30)")


def peak_rss_mb(command):
    """The peak resident memory of one run of `command`, in MB. GNU time starts it: a child
    of this interpreter would report the interpreter's own peak (Linux carries it over exec)."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command,
                       stdout=subprocess.DEVNULL, check=True)
        return int(report.read().split()[-1]) * 1024 / 1e6  # GNU time prints KiB


def python_report(path, stream):
    stats = pstats.Stats(path, stream=stream)
    stats.sort_stats("cumulative").print_stats(30)
    return stats


def framescope_command(framescope, path):
    return [framescope, "stats", path, "--sort", "cumulative", "--limit", "30"]


def largest_corpus_profile():
    """The corpus' largest marshal file (a dict: '{', with or without the reference flag)."""
    if not CORPUS.is_dir():
        return None
    def is_marshal_dict(path):
        with path.open("rb") as f:
            return f.read(1) in (b"{", b"\xfb")

    profiles = [p for p in CORPUS.iterdir() if p.is_file() and is_marshal_dict(p)]
    return str(max(profiles, key=lambda p: p.stat().st_size)) if profiles else None


def generated_profile(work_dir):
    """The 100k-function profile, written again whenever its generator has changed."""
    path = work_dir / "profile_100k_1m.pstats"
    generator = REPO / "bench" / "make_big_profile.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        print(f"Generating {path} ...", flush=True)
        work_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(generator), str(path)], check=True)
    return str(path)


def compare(framescope, path, runs):
    """One table row: sizes, best times and whether both print the same report."""
    ours = subprocess.run(framescope_command(framescope, path), capture_output=True,
                          check=True).stdout.decode()
    theirs = io.StringIO()
    stats = python_report(path, theirs)
    with open(os.devnull, "w") as devnull:
        python_in_process = best_of(runs, lambda: python_report(path, devnull))
    python_process = best_of(runs, lambda: subprocess.run(
        [sys.executable, "-c", PYTHON_REPORT.format(path=path)], check=True))
    framescope_process = best_of(runs, lambda: subprocess.run(
        framescope_command(framescope, path), stdout=subprocess.DEVNULL, check=True))
    return {
        "name": Path(path).name,
        "megabytes": os.path.getsize(path) / 1e6,
        "functions": len(stats.stats),
        "edges": sum(len(value[4]) for value in stats.stats.values()),
        "framescope": framescope_process,
        "python": python_in_process,
        "python_process": python_process,
        "same_output": ours == theirs.getvalue(),
        "framescope_mb": peak_rss_mb(framescope_command(framescope, path)),
        "python_mb": peak_rss_mb([sys.executable, "-c", PYTHON_REPORT.format(path=path)]),
    }


def print_table(rows, runs):
    print(f"\nframescope stats FILE --sort cumulative --limit 30 vs pstats, best of {runs} "
          f"(seconds)")
    print(f"{'profile':<40} {'MB':>6} {'functions':>9} {'edges':>9} {'framescope':>10} "
          f"{'pstats':>8} {'python3 -c':>10} {'speed-up':>15} {'same':>5}")
    for r in rows:
        speed_up = (f"{r['python'] / r['framescope']:.1f}x/"
                    f"{r['python_process'] / r['framescope']:.1f}x")
        print(f"{r['name'][:40]:<40} {r['megabytes']:>6.1f} {r['functions']:>9} {r['edges']:>9} "
              f"{r['framescope']:>10.3f} {r['python']:>8.3f} {r['python_process']:>10.3f} "
              f"{speed_up:>15} {'yes' if r['same_output'] else 'NO':>5}")
    print("pstats: in-process, after the interpreter started; python3 -c: a whole process, "
          "as framescope runs.\nspeed-up: pstats / framescope, then python3 -c / framescope.")
    print("\npeak resident memory of one run (MB, and times the file's size)")
    print(f"{'profile':<40} {'MB':>6} {'framescope':>16} {'python3 -c':>16}")
    for r in rows:
        ours = f"{r['framescope_mb']:.1f} ({r['framescope_mb'] / r['megabytes']:.2f}x)"
        theirs = f"{r['python_mb']:.1f} ({r['python_mb'] / r['megabytes']:.2f}x)"
        print(f"{r['name'][:40]:<40} {r['megabytes']:>6.1f} {ours:>16} {theirs:>16}")


def print_import_rate(bench, path, runs):
    result = subprocess.run([bench, "--benchmark_filter=bm_import_sqlite",
                             f"--benchmark_repetitions={runs}", "--benchmark_format=json", path],
                            capture_output=True, check=True, text=True)
    rows = [row for row in json.loads(result.stdout)["benchmarks"]
            if row["run_type"] == "iteration"]
    best = max(rows, key=lambda row: row["edge_rows_per_s"])
    print(f"\nSQLite import of {Path(path).name}, best of {runs}: {best['real_time']:.0f} "
          f"{best['time_unit']} per import, {best['edge_rows_per_s']:,.0f} edge rows/s, "
          f"{best['function_rows_per_s']:,.0f} function rows/s")


def main():
    parser = argparse.ArgumentParser(
        description="Compare framescope with Python's pstats on a real and a large profile.")
    parser.add_argument("--framescope", default=str(REPO / "build" / "framescope"))
    parser.add_argument("--bench", default=str(REPO / "build" / "bench" / "framescope_bench"))
    parser.add_argument("--work-dir", type=Path, default=REPO / "build" / "bench",
                        help="where the generated profile is kept")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; best is kept")
    args = parser.parse_args()

    big = generated_profile(args.work_dir)
    profiles = [p for p in (largest_corpus_profile(), big) if p]
    print_table([compare(args.framescope, p, args.runs) for p in profiles], args.runs)
    print_import_rate(args.bench, big, args.runs)


if __name__ == "__main__":
    main()
