#!/usr/bin/env python3
"""Times bucketing 100,000 crash reports, on two files: one of tracebacks and fatal-error
dumps of six bugs of one application (three install prefixes, line numbers, messages and
recursion depths that vary), and one of what the interpreter itself printed for five bugs of
a small program, repeated. Each is bucketed by `framescope buckets` from the file and from
the database after `framescope import`, best of 3 whole-process runs, with the peak memory
of the run from the file; beside it, Python grouping the same file by exception and
innermost frame with regular expressions (the least a script would do), in the same run.

    compare_bucketing.py --framescope PATH --work-dir DIR
"""
import argparse
import random
import resource
import sys
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


INTERPRETER_BUGS = [
    "def lookup(items, key):\n    return items[key]\nlookup({}, 'cart-7')\n",
    "def average(prices):\n    return sum(prices) / len(prices)\naverage([])\n",
    "class Config:\n    pass\ndef port(config):\n    return config.port\nport(Config())\n",
    "def walk(node):\n    return walk(node)\nwalk(1)\n",
    "import json\ndef load(text):\n    return json.loads(text)\nload('{oops')\n",
]


def interpreter_reports(work):
    """What python3 printed for each bug, run from the work folder as a user would."""
    outputs = []
    for number, source in enumerate(INTERPRETER_BUGS):
        script = work / ("bug%d.py" % number)
        script.write_text(source)
        run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        outputs.append(run.stderr)
    return outputs


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


def peak_memory_mb(command):
    """Peak resident memory of one run of `command`, in MB: measured by a fresh Python process
    whose only child it is (ru_maxrss of RUSAGE_CHILDREN is the largest child ever waited for,
    so this process's earlier runs would count)."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", probe] + command, check=True,
                         capture_output=True, text=True)
    return int(run.stdout) / 1024.0


def measure(framescope, corpus, database, label):
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    subprocess.run([framescope, "import", "--db", str(database), str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    command = [framescope, "buckets", "--format", "json"]
    run = lambda *args: subprocess.run(command + list(args), check=True,
                                       stdout=subprocess.DEVNULL)
    from_file = best_of(3, lambda: run(str(corpus)))
    from_database = best_of(3, lambda: run("--db", str(database)))
    python = best_of(3, lambda: python_grouping(corpus))
    size_mb = corpus.stat().st_size / 1e6
    print("bucketing %d crash reports, %s (%.1f MB of text)" % (REPORTS, label, size_mb))
    peak_mb = peak_memory_mb(command + [str(corpus)])
    print("  framescope buckets FILE (read, parse, bucket, JSON): %.3f s, %.0f MB peak (%.1fx the file)"
          % (from_file, peak_mb, peak_mb / size_mb))
    print("  framescope buckets --db (stored reports, re-bucketed): %.3f s" % from_database)
    print("  Python regex grouping of the same file:              %.3f s (%.1fx framescope's)"
          % (python, python / from_file))


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
    measure(options.framescope, corpus, work / "crash-corpus.db", "six generated bugs")
    printed = work / "interpreter-crashes.txt"
    if not printed.exists():
        outputs = interpreter_reports(work)
        printed.write_text("\n".join(outputs[i % len(outputs)] for i in range(REPORTS)))
    measure(options.framescope, printed, work / "interpreter-crashes.db",
            "five bugs as python3 printed them")


if __name__ == "__main__":
    main()
