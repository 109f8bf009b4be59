#!/usr/bin/env python3
"""Writes a report bundle of a one-hour session at 60 fps, in the recorder's format
(recorder/BUNDLE-FORMAT.md): 216,000 frames, 120 stalls and 240 slow frames sampled every
50 ms (about 8,000 samples of three threads, 20 to 40 frames deep: the main thread at one of three
blocking sites, the workers waiting), and 2,000 GC pauses; with --hours N, N times as long
with N times as much of each.

    make_long_session.py OUT_DIR [--seed N] [--hours N]

The same seed and length write the same bytes.
"""
import argparse
import json
import os
import random

FPS = 60
BUDGET_MS = 1000 / FPS


def stack(rng, depth, leaf):
    frames = [["/opt/game/lib/python3.11/site-packages/game/%s.py" % rng.choice(
        ["net", "render", "assets", "ui", "physics"]), rng.randint(10, 900), "f%d" % rng.randint(0, 60)]
        for _ in range(depth - 2)]
    return [leaf] + frames + [["/opt/game/main.py", 40, "main"], ["/opt/game/main.py", 52, "<module>"]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hours", type=int, default=1)
    options = parser.parse_args()
    hours = options.hours
    frame_count = hours * 3600 * FPS
    rng = random.Random(options.seed)
    os.makedirs(options.out_dir, exist_ok=True)
    path = lambda name: os.path.join(options.out_dir, name)
    with open(path("session.json"), "w") as out:
        json.dump({"format": "framescope-bundle", "format_version": 1, "app": "long-session",
                   "version": "1.0", "pid": 4242, "start_unix": 1795689180.0,
                   "start": "2026-11-26T10:33:00Z", "platform": "Linux", "interpreter": "cpython",
                   "python_version": "3.11.2", "frame_budget_ms": BUDGET_MS,
                   "slow_frame_ms": BUDGET_MS, "stall_ms": 2000.0, "sample_interval_ms": 50.0}, out)
    durations = [int(rng.gauss(15500, 300)) for _ in range(frame_count)]
    stalls = set(rng.sample(range(frame_count), 120 * hours))
    slow = set(rng.sample(range(frame_count), 240 * hours)) - stalls
    for i in stalls:
        durations[i] = rng.randint(2_000_000, 4_000_000)
    for i in slow:
        durations[i] = rng.randint(40_000, 400_000)
    leaves = [["/opt/game/lib/python3.11/site-packages/game/net.py", 88, "read_reply"],
              ["/opt/game/lib/python3.11/site-packages/game/assets.py", 120, "decode"],
              ["/usr/lib/python3.11/logging/__init__.py", 927, "acquire"]]
    sites = [stack(rng, rng.randint(20, 40), leaf) for leaf in leaves]
    waiting = [stack(rng, 20, ["/usr/lib/python3.11/threading.py", 320, "wait"]) for _ in range(2)]
    with open(path("frames.jsonl"), "w") as frames, open(path("samples.jsonl"), "w") as samples:
        t = 0
        for batch_start in range(0, frame_count, FPS):
            batch = durations[batch_start:batch_start + FPS]
            frames.write(json.dumps({"t": t / 1e6, "d": batch}, separators=(",", ":")) + "\n")
            for offset, duration in enumerate(batch):
                index = batch_start + offset
                if duration > BUDGET_MS * 1000:
                    site = rng.choice(sites)
                    for lag in range(int(BUDGET_MS * 1000), duration, 50_000):
                        threads = [{"id": 1, "name": "MainThread", "main": True, "stack": site}]
                        for n in range(2):
                            threads.append({"id": 2 + n, "name": "Worker-%d" % n, "main": False,
                                            "stack": waiting[n]})
                        samples.write(json.dumps({"t": (t + lag) / 1e6, "frame": index, "lag": lag / 1e6,
                                                  "threads": threads}, separators=(",", ":")) + "\n")
                t += duration
    with open(path("gc.jsonl"), "w") as gc:
        for _ in range(2000 * hours):
            gc.write(json.dumps({"t": rng.uniform(0, 3600 * hours), "gen": rng.choice([0, 2]),
                                 "ms": rng.uniform(1, 50), "collected": rng.randint(0, 9999),
                                 "uncollectable": 0}) + "\n")
    with open(path("end.json"), "w") as out:
        json.dump({"status": "clean", "end_unix": 1795689180.0 + 3600 * hours,
                   "frames": frame_count}, out)


if __name__ == "__main__":
    main()
