#!/usr/bin/env python3
# Writes a large synthetic .pstats file in cProfile's format, for benchmarks: N functions in a
# few thousand files plus built-ins, M caller edges with heavy-tailed fan-in and call counts.
# The same arguments and seed always give the same bytes.
import argparse
import itertools
import marshal
import random
import sys

COMMON_NAMES = ["__init__", "__call__", "__getattr__", "__enter__", "__exit__", "__iter__",
                "__next__", "<genexpr>", "<listcomp>", "<lambda>", "<module>", "wrapper",
                "inner", "get", "run", "update", "forward", "_wrapped_call_impl", "setup"]
BUILTIN_NAMES = ["<built-in method builtins.len>", "<built-in method builtins.isinstance>",
                 "<built-in method builtins.getattr>", "<built-in method builtins.hasattr>",
                 "<method 'append' of 'list' objects>", "<method 'get' of 'dict' objects>",
                 "<method 'join' of 'str' objects>", "<built-in method posix.stat>",
                 "<method 'disable' of '_lsprof.Profiler' objects>"]
PACKAGES = ["numpy", "torch", "pandas", "requests", "urllib3", "sqlalchemy", "asyncio",
            "importlib", "json", "email", "http", "logging", "typing", "collections", "app"]
WORDS = ["load", "parse", "compute", "render", "fetch", "encode", "decode", "merge", "apply",
         "check", "build", "emit", "read", "write", "visit", "resolve", "split", "frame"]


def make_files(rng, count):
    files = []
    for i in range(count):
        package = rng.choice(PACKAGES)
        root = ("/home/dev/src" if package == "app"
                else "/usr/lib/python3.11" + ("" if rng.random() < 0.3 else "/site-packages"))
        files.append(sys.intern(f"{root}/{package}/{rng.choice(WORDS)}_{i}.py"))
    return files


def make_keys(rng, functions, files):
    """[file, line, name] of each function; file and name strings are shared objects."""
    builtins = [["~", 0, sys.intern(name)] for name in BUILTIN_NAMES]
    builtins += [["~", 0, sys.intern(f"<method '{w}_{i}' of 'object' objects>")]
                 for i, w in enumerate(WORDS * 12)]
    keys = builtins[:functions]
    lines_used = set()
    while len(keys) < functions:
        file = rng.choice(files)
        line = rng.randint(1, 4000)
        if (file, line) in lines_used:
            continue
        lines_used.add((file, line))
        name = (rng.choice(COMMON_NAMES) if rng.random() < 0.15
                else sys.intern(f"{rng.choice(WORDS)}_{len(keys)}"))
        keys.append([file, line, name])
    rng.shuffle(keys)
    return keys


def fan_in(rng, functions, edges):
    """Callers per function: Pareto-distributed, summing to exactly `edges`; a few roots."""
    cap = max(1, functions // 10)
    weights = [0.0 if rng.random() < 0.0001 else rng.paretovariate(1.2) for _ in range(functions)]
    scale = edges / sum(weights)
    counts = [min(cap, int(w * scale)) for w in weights]
    missing = edges - sum(counts)
    while missing > 0:
        f = rng.randrange(functions)
        if weights[f] and counts[f] < cap:
            counts[f] += 1
            missing -= 1
    return counts


def edge_value(rng):
    """(nc, cc, tt, ct) for one caller: heavy-tailed counts, some recursion."""
    nc = min(10_000_000, int(rng.paretovariate(0.9)))
    cc = nc if rng.random() < 0.97 else max(1, nc // 2)
    per_call = rng.lognormvariate(-12.5, 1.5)
    tt = nc * per_call
    return nc, cc, tt, tt * (1 + rng.expovariate(0.3))


def make_stats(functions, edges, files, seed):
    rng = random.Random(seed)
    keys = make_keys(rng, functions, make_files(rng, files))
    cumulative = list(itertools.accumulate(rng.paretovariate(1.1) for _ in range(functions)))
    everyone = range(functions)
    # cProfile's snapshot_stats makes one key tuple per function for all the callers dicts it
    # appears in, and another for its own stats entry: real dumps share them by reference.
    caller_keys = [tuple(key) for key in keys]
    stats = {}
    for f, count in enumerate(fan_in(rng, functions, edges)):
        chosen = {}  # callers in the order drawn
        while len(chosen) < count:
            for caller in rng.choices(everyone, cum_weights=cumulative, k=count - len(chosen)):
                chosen[caller] = None
        callers = {caller_keys[caller]: edge_value(rng) for caller in chosen}
        values = callers.values()
        stats[tuple(keys[f])] = (sum(v[1] for v in values), sum(v[0] for v in values),
                                 sum(v[2] for v in values), sum(v[3] for v in values), callers)
    # Roots (called by nobody) lead the cumulative listing, as a script's <module> does.
    peak = max(value[3] for value in stats.values())
    for key, value in stats.items():
        if not value[4]:
            stats[key] = (1, 1, 1e-5, peak * rng.uniform(1.0, 1.5), value[4])
    return stats


def main():
    parser = argparse.ArgumentParser(
        description="Write a synthetic cProfile .pstats file for benchmarks.")
    parser.add_argument("output", help="the .pstats file to write")
    parser.add_argument("--functions", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 0 < args.edges <= args.functions * max(1, args.functions // 10) // 2:
        parser.error("edges must be positive and at most functions * functions / 20")
    stats = make_stats(args.functions, args.edges, args.files, args.seed)
    with open(args.output, "wb") as out:
        marshal.dump(stats, out)


if __name__ == "__main__":
    main()
