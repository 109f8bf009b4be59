"""What the recorder costs the application it records.

    recorder_overhead.py [--seconds S]

1. The main thread's cost per frame: nanoseconds of one `heartbeat()` and of one
   `with frame():` block, over a bare loop calling a no-op method (best of 5 rounds of a
   million calls each); beside it the standard library's watchdog, re-arming
   `faulthandler.dump_traceback_later` once per frame.
2. The watchdog's cost: the process's CPU time over S seconds of a 60 fps loop whose frames
   are never late, with and without the recorder.
Prints one JSON object; run it with each interpreter to compare.
"""

import argparse
import faulthandler
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "recorder"))
import framescope_recorder  # noqa: E402

CALLS = 1_000_000
ROUNDS = 5


class Bare:
    def heartbeat(self):
        pass


def best_ns_per_call(body):
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        body()
        best = min(best, (time.perf_counter() - started) / CALLS * 1e9)
    return best


def per_call_costs(recorder):
    bare = Bare()

    def bare_loop():
        for _ in range(CALLS):
            bare.heartbeat()

    def heartbeat_loop():
        for _ in range(CALLS):
            recorder.heartbeat()

    scope = recorder.frame()

    def frame_loop():
        for _ in range(CALLS):
            with scope:
                pass

    def faulthandler_loop():
        for _ in range(CALLS):
            faulthandler.dump_traceback_later(2.0, repeat=True)
        faulthandler.cancel_dump_traceback_later()

    baseline = best_ns_per_call(bare_loop)
    return {"heartbeat_ns": round(best_ns_per_call(heartbeat_loop) - baseline, 1),
            "frame_block_ns": round(best_ns_per_call(frame_loop) - baseline, 1),
            "faulthandler_rearm_ns": round(best_ns_per_call(faulthandler_loop) - baseline, 1),
            "bare_call_ns": round(baseline, 1)}


def cpu_seconds_of_60fps_loop(seconds, beat):
    frames = int(seconds * 60)
    deadline = time.perf_counter()
    cpu_before = time.process_time()
    for _ in range(frames):
        beat()
        deadline += 1 / 60
        time.sleep(max(0.0, deadline - time.perf_counter()))
    return time.process_time() - cpu_before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as out_dir:
        idle_cpu = cpu_seconds_of_60fps_loop(options.seconds, lambda: None)
        recorder = framescope_recorder.start("overhead", "1", budget_ms=16.7, out_dir=out_dir)
        recorded_cpu = cpu_seconds_of_60fps_loop(options.seconds, recorder.heartbeat)
        costs = per_call_costs(recorder)
        recorder.stop()
    costs.update(
        interpreter="%s %s" % (sys.implementation.name, ".".join(map(str, sys.version_info[:3]))),
        watchdog_cpu_ms_per_s=round((recorded_cpu - idle_cpu) / options.seconds * 1e3, 2),
        loop_cpu_ms_per_s=round(idle_cpu / options.seconds * 1e3, 2))
    print(json.dumps(costs))


if __name__ == "__main__":
    main()
