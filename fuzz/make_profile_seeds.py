#!/usr/bin/env python3
# Writes the seed corpora of the profile format readers' fuzz targets (fuzz/seeds-FORMAT/):
# small files in each syntax those formats have in the wild, from a run traced here with
# sys.setprofile. File names are shortened to base names, as py-spy does. Run it again after
# changing it; the timings differ from run to run.

import json
import os
import pathlib
import sys
import time

FUZZ = pathlib.Path(__file__).resolve().parent


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def work():
    return [fib(6) for _ in range(2)] + sorted(str(i) for i in range(5))


def trace():
    events = []

    def tracer(frame, event, arg):
        if event in ("call", "return"):
            code = frame.f_code
            key = (code.co_name, os.path.basename(code.co_filename), frame.f_lineno)
            events.append(("O" if event == "call" else "C", time.perf_counter_ns(), key))

    sys.setprofile(tracer)
    work()
    sys.setprofile(None)
    return events


def stacks_of(events):
    """(stack, self_ns) between events, outermost first."""
    stacks, open_, last = [], [], events[0][1]
    for kind, at, key in events:
        if open_:
            stacks.append((tuple(open_), at - last))
        last = at
        if kind == "O":
            open_.append(key)
        elif open_:
            open_.pop()
    return stacks


def write(folder, name, text):
    path = FUZZ / folder
    path.mkdir(exist_ok=True)
    (path / name).write_text(text)


def main():
    events = trace()
    stacks = stacks_of(events)[:40]
    write("seeds-collapsed", "pyspy_raw.folded",
          "".join(";".join(f"{n} ({f}:{l})" for n, f, l in s) + f" {max(1, w // 1000)}\n"
                  for s, w in stacks) + " 2\n")
    write("seeds-collapsed", "flamegraph.folded",
          "".join(";".join(n for n, _, _ in s) + f" {w / 1000:.1f}\n" for s, w in stacks[:10]))
    write("seeds-austin", "austin3.austin",
          "# austin: 3.0.0\n# interval: 100\n# mode: wall\n\nP1;T1 21\n" +
          "".join("P1;T1;" + ";".join(f"{f}:{n}:{l}" for n, f, l in s) + f" {w // 1000}\n"
                  for s, w in stacks))
    write("seeds-austin", "austin2.austin",
          "".join("P1;T7ffb;" + ";".join(f"{n} ({f});L{l}" for n, f, l in s) + f" {w // 1000}\n"
                  for s, w in stacks[:10]))
    write("seeds-austin", "austin_full.austin",
          "# austin: 4.0.0\n# mode: full\n" +
          "".join("P1;T0:6148;" + ";".join(f"{f}:{n}:{l}" for n, f, l in s) +
                  f" {w // 1000},{w % 97},-{w % 13}\n" for s, w in stacks[:10]) +
          "# duration: 1000\n")
    frames, index = [], {}
    for _, _, key in events:
        if key not in index:
            index[key] = len(frames)
            frames.append({"name": key[0], "file": key[1], "line": key[2]})
    shared = {"frames": frames}
    schema = "https://www.speedscope.app/file-format-schema.json"
    write("seeds-speedscope", "evented.json", json.dumps({
        "$schema": schema, "shared": shared,
        "profiles": [{"type": "evented", "name": "main", "unit": "nanoseconds",
                      "startValue": events[0][1], "endValue": events[-1][1],
                      "events": [{"type": t, "at": at, "frame": index[k]}
                                 for t, at, k in events[:60]]}]}))
    write("seeds-speedscope", "sampled.json", json.dumps({
        "$schema": schema, "shared": shared,
        "profiles": [{"type": "sampled", "name": "MainThread", "unit": "seconds",
                      "startValue": 0, "endValue": 1,
                      "samples": [[index[k] for k in s] for s, _ in stacks[:20]],
                      "weights": [w / 1e9 for _, w in stacks[:20]]},
                     {"type": "sampled", "name": "Thread-1", "unit": "milliseconds",
                      "startValue": 0, "endValue": 1, "samples": [[0], []],
                      "weights": [1, 2]}]}))


if __name__ == "__main__":
    main()
