#!/usr/bin/env python3
"""Times loading a 200 MB collapsed stacks file (py-spy's raw output: many distinct stacks 10
to 60 deep that share their outer frames, a few thousand functions with file and line) and a
500 MB Trace Event file (VizTracer's complete events of several threads, nested), each by
`framescope stats FILE` (read, build the profile the window shows, report), best of 3
whole-process runs, in MB of file per second and with the peak memory of the run as a
multiple of the file's size; beside it, the reference reader (--reference, a stdlib-only
Python reader of these formats) on the same file in the same run, when given.

    compare_formats.py --framescope PATH --work-dir DIR [--reference reference.py]
"""
import argparse
import random
import subprocess
import sys
from pathlib import Path

from timing import best_of

COLLAPSED_MB = 200
TRACE_MB = 500
FUNCTIONS = 3000
MODULES = ["app/server.py", "app/handlers.py", "app/models.py", "lib/db/query.py",
           "lib/db/pool.py", "lib/json/encoder.py", "lib/http/client.py", "lib/cache.py",
           "/usr/lib/python3.11/threading.py", "/usr/lib/python3.11/asyncio/events.py",
           "/usr/lib/python3.11/json/decoder.py", "/usr/lib/python3.11/re/_compiler.py"]


def functions(rng):
    """(name, file, first line) of a few thousand functions."""
    return [("%s_%d" % (rng.choice(["handle", "load", "parse", "render", "query", "encode",
                                    "wait", "run", "_call", "visit"]), n),
             rng.choice(MODULES), rng.randint(1, 2000)) for n in range(FUNCTIONS)]


def call_graph(rng):
    """The few functions each function calls, as a program has them."""
    return [rng.sample(range(FUNCTIONS), rng.randint(1, 6)) for _ in range(FUNCTIONS)]


def write_collapsed(path, rng):
    """Lines 'process;frame (file:line);... COUNT': each stack grows from one of a few hundred
    trunks (the outer frames every sample of a thread shares) along the call graph, with the
    line each frame was at."""
    table, callees = functions(rng), call_graph(rng)
    frame = lambda f: "%s (%s:%d)" % (table[f][0], table[f][1], table[f][2] + rng.randint(0, 40))
    trunks = [[rng.randrange(FUNCTIONS) for _ in range(rng.randint(5, 25))] for _ in range(300)]
    root = 'process 4242:"python -m app.server --port 8080"'
    written, target = 0, COLLAPSED_MB * 1_000_000
    with open(path, "w") as out:
        while written < target:
            trunk = rng.choice(trunks)
            depth = rng.randint(max(10, len(trunk)), 60)
            stack = [root] + [frame(f) for f in trunk]
            f = trunk[-1]
            for _ in range(depth - len(trunk)):
                f = rng.choice(callees[f])
                stack.append(frame(f))
            line = ";".join(stack) + " %d\n" % rng.randint(1, 40)
            out.write(line)
            written += len(line)


def write_trace(path, rng):
    """{"traceEvents": [...]}: "X" events of four threads, each call's callees inside it,
    written as VizTracer does, a callee before its caller (in the order calls end)."""
    table, callees = functions(rng), call_graph(rng)
    names = ['"%s (%s:%d)"' % f for f in table]
    written, target = 0, TRACE_MB * 1_000_000
    with open(path, "w") as out:
        out.write('{"traceEvents":[\n')
        first = True
        clock = {tid: 1000.0 for tid in range(4)}
        while written < target:
            tid = rng.randrange(4)
            chunk = []

            def call(function, depth, begin):
                at = begin + rng.randint(1, 5) * 0.125
                if depth < 40:  # a bushy top, then fewer callees deeper down
                    for _ in range(rng.choice([1, 1, 1, 2] if depth < 10 else [0, 0, 1, 1, 2])):
                        at = call(rng.choice(callees[function]), depth + 1, at)
                        at += rng.randint(0, 3) * 0.125
                end = at + rng.randint(1, 9) * 0.125
                chunk.append('{"pid":7,"tid":%d,"ts":%.3f,"dur":%.3f,"name":%s,"ph":"X",'
                             '"cat":"FEE"}' % (tid + 100, begin, end - begin,
                                               names[function]))
                return end

            clock[tid] = call(tid, 0, clock[tid]) + 2.0
            text = ("" if first else ",\n") + ",\n".join(chunk)
            first = False
            out.write(text)
            written += len(text)
        out.write('\n],"displayTimeUnit":"ns"}\n')


def peak_memory_mb(command):
    """Peak resident memory of one run of `command`, in MB, as GNU time reports it."""
    run = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(run.stderr.strip().splitlines()[-1]) / 1024.0


def measure(framescope, reference, file, label):
    size_mb = file.stat().st_size / 1e6
    command = [framescope, "stats", str(file), "--limit", "30"]
    run = lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = best_of(3, run)
    peak_mb = peak_memory_mb(command)
    print("loading %s (%.0f MB)" % (label, size_mb))
    print("  framescope stats FILE: %.2f s, %.0f MB/s, %.0f MB peak (%.2fx the file)"
          % (seconds, size_mb / seconds, peak_mb, peak_mb / size_mb))
    if reference:
        python = best_of(1, lambda: subprocess.run([sys.executable, str(reference), str(file)],
                                                   check=True, stdout=subprocess.DEVNULL))
        print("  reference reader (Python): %.2f s, %.1f MB/s (%.1fx framescope's time)"
              % (python, size_mb / python, python / seconds))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framescope", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--reference", help="the reference reader, reference.py")
    options = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("compare_formats.py: GNU time is missing (scripts/install-deps.sh installs it)")
    reference = Path(options.reference) if options.reference else None
    if reference and not reference.exists():
        print("no reference reader at %s: framescope alone" % reference)
        reference = None
    work = Path(options.work_dir)
    collapsed = work / "big-collapsed.txt"
    if not collapsed.exists():
        write_collapsed(collapsed, random.Random(16))
    trace = work / "big-trace.json"
    if not trace.exists():
        write_trace(trace, random.Random(17))
    measure(options.framescope, reference, collapsed, "py-spy's collapsed stacks")
    measure(options.framescope, reference, trace, "VizTracer's Trace Event JSON")


if __name__ == "__main__":
    main()
