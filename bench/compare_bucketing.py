#!/usr/bin/env python3
"""Times bucketing 100,000 crash reports: one file of tracebacks and fatal-error dumps of
six bugs of one application (CPython and PyPy tracebacks, three install prefixes, line
numbers, messages and recursion depths that vary), bucketed by `framescope buckets` from the
file and from the database after `framescope import`, best of 3 whole-process runs; beside
it, Python grouping the same file by exception and innermost frame with regular
expressions (the least a script would do), in the same run.

    compare_bucketing.py --framescope PATH --work-dir DIR
"""
import argparse
import random
import re
import subprocess
from collections import Counter
from pathlib import Path

from timing import best_of

REPORTS = 100_000
PREFIXES = ["/usr/lib/python3/dist-packages", "/home/ana/.local/lib/python3.11/site-packages",
            "C:\\Users\\bo\\AppData\\Local\\shop\\lib\\site-packages"]
BUGS = [("KeyError", "'item-{n}'", "cart.py", "lookup_item", "return ITEMS[item_id]"),
        ("ZeroDivisionError", "float division by zero", "pricing.py", "average", "return total / len(prices)"),
        ("shopcart.errors.AppError", "bad quantity '{n} boxes'", "parse.py", "read_quantity", "raise AppError(text)"),
        ("shopcart.errors.AppError", "no configuration at /etc/shop-{n}.ini", "config.py", "load", "raise AppError(path)"),
        ("RecursionError", "maximum recursion depth exceeded", "tree.py", "walk", "return walk(node)")]


def path(prefix, module):
    separator = "\\" if prefix.startswith("C:") else "/"
    return separator.join([prefix, "shopcart", module])


def report(rng):
    prefix = rng.choice(PREFIXES)
    if rng.random() < 0.05:
        return ("Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f0000000001 (most recent call first):\n"
                '  File "%s", line %d in read_buffer\n  File "%s", line 20 in run\n\n'
                % (path(prefix, "native.py"), rng.randint(5, 90), path(prefix, "main.py")))
    kind, message, module, function, code = rng.choice(BUGS)
    lines = ["Traceback (most recent call last):",
             '  File "%s", line %d, in main' % (path(prefix, "main.py"), rng.randint(10, 40)),
             "    run(sys.argv[1])",
             '  File "%s", line %d, in %s' % (path(prefix, module), rng.randint(5, 300), function),
             "    " + code]
    if kind == "RecursionError":
        lines += lines[-2:] * 2 + ["  [Previous line repeated %d more times]" % rng.randint(100, 990)]
    lines.append("%s: %s" % (kind, message.format(n=rng.randint(1, 99999))))
    return "\n".join(lines) + "\n"


def python_grouping(file):
    frame = re.compile(r'File "([^"]+)", line \d+,? in (\S+)')
    groups, last_frame = Counter(), None
    with open(file) as text:
        for line in text:
            match = frame.search(line)
            if match:
                last_frame = (re.split(r"[\\/]", match.group(1))[-1], match.group(2))
            elif line.startswith(("Traceback", "Fatal Python error")):
                last_frame = None
            elif last_frame and re.match(r"^[\w.]+(: |$)", line):
                groups[(line.split(":")[0], last_frame)] += 1
                last_frame = None
    return groups


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    options = parser.parse_args()
    work = Path(options.work_dir)
    corpus = work / "crash-corpus.txt"
    if not corpus.exists():
        rng = random.Random(11)
        corpus.write_text("\n".join(report(rng) for _ in range(REPORTS)))
    database = work / "crash-corpus.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    subprocess.run([options.framescope, "import", "--db", str(database), str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    run = lambda *args: subprocess.run([options.framescope, "buckets", "--format", "json", *args],
                                       check=True, stdout=subprocess.DEVNULL)
    from_file = best_of(3, lambda: run(str(corpus)))
    from_database = best_of(3, lambda: run("--db", str(database)))
    python = best_of(3, lambda: python_grouping(corpus))
    print("bucketing %d crash reports (%.1f MB of text)" % (REPORTS, corpus.stat().st_size / 1e6))
    print("  framescope buckets FILE (read, parse, bucket, JSON): %.3f s" % from_file)
    print("  framescope buckets --db (stored reports, re-bucketed): %.3f s" % from_database)
    print("  Python regex grouping of the same file:              %.3f s" % python)


if __name__ == "__main__":
    main()
