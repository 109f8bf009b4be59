#!/usr/bin/env python3
# Writes the fuzz seed corpus, fuzz/seeds/: marshal data of every version Python writes
# (0-4), and small profiles dumped by cProfile and profile. Run it again after changing it;
# the profiles hold timings, so their bytes differ from run to run.

import marshal
import pathlib
import shutil
import subprocess
import sys
import tempfile

SEEDS = pathlib.Path(__file__).resolve().parent / "seeds"
MAX_SEED_BYTES = 4096

TINY_SCRIPT = """\
def leaf(n):
    return sum(range(n))


def branch(n):
    return leaf(n) + leaf(n // 2)


def recurse(n):
    return 0 if n == 0 else recurse(n - 1) + branch(n)


recurse(5)
"""


def code_object():
    source = "def work(values):\n    return [v * 2 for v in values]\n"
    namespace = {}
    exec(compile(source, "work.py", "exec"), namespace)
    return namespace["work"].__code__


def cprofile_stats():
    """A stats dict shaped as cProfile writes it: callers map to (nc, cc, tt, ct)."""
    main = ("main.py", 1, "<module>")
    helper = ("main.py", 4, "helper")
    builtin = ("~", 0, "<built-in method builtins.len>")
    return {
        main: (1, 1, 0.000012, 0.000340, {}),
        helper: (2, 3, 0.000101, 0.000250,
                 {main: (2, 2, 0.00007, 0.0002), helper: (1, 0, 3e-05, 5e-05)}),
        builtin: (3, 3, 1.5e-06, 1.5e-06, {helper: (3, 3, 1.5e-06, 1.5e-06)}),
    }


def profile_stats():
    """A stats dict shaped as the profile module writes it: callers map to call counts, and
    some names are code objects, as on CPython 3.8-3.10."""
    code = code_object()
    main = ("main.py", 1, "<module>")
    work = ("work.py", 1, code)
    return {
        main: (1, 1, 0.0, 0.002, {}),
        work: (2, 2, 0.001, 0.001, {main: 2}),
        ("profile", 0, "profiler"): (0, 0, 0, 0, {}),
    }


def assorted_objects():
    """Every kind of object a profile's marshal data can hold, shared ones included."""
    shared = ("shared", 7)
    return [
        None, True, False, Ellipsis, StopIteration,
        0, -1, 2**31 - 1, -(2**31), 2**40, -(2**62), 2**63, -(2**63) - 1, 3**80,
        0.5, -0.0, float("inf"), 1e-300, 2.5 + 4j,
        b"bytes \x00\xff", "ascii", "caf\u00e9 \u65e5\u672c", "lone \ud800 surrogate", "x" * 300,
        (), (1,), [1, [2, [3, [4]]]], {1: "one", (2, 3): [4]},
        {5, 6, 7}, frozenset({8, 9}), shared, shared, [shared, shared],
    ]


def marshal_seeds():
    seeds = {}
    for version in range(5):
        seeds[f"cprofile_stats_v{version}.marshal"] = marshal.dumps(cprofile_stats(), version)
        seeds[f"assorted_v{version}.marshal"] = marshal.dumps(assorted_objects(), version)
    for version in (2, 4):
        seeds[f"profile_stats_code_names_v{version}.marshal"] = marshal.dumps(
            profile_stats(), version)
    return seeds


def profiler_seeds():
    seeds = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = pathlib.Path(scratch)
        (work / "tiny.py").write_text(TINY_SCRIPT)
        for module in ("cProfile", "profile"):
            output = f"{module.lower()}.pstats"
            subprocess.run([sys.executable, "-m", module, "-o", output, "tiny.py"], cwd=work,
                           check=True, stdout=subprocess.DEVNULL)
            seeds[f"{module.lower()}_tiny.pstats"] = (work / output).read_bytes()
    return seeds


def main():
    seeds = {}
    # Python 3 writes the same bytes at versions 0 and 1: keep the first name for each content.
    for name, data in sorted({**marshal_seeds(), **profiler_seeds()}.items()):
        if len(data) > MAX_SEED_BYTES:
            sys.exit(f"seed {name} is {len(data)} bytes, over {MAX_SEED_BYTES}")
        if data not in seeds.values():
            seeds[name] = data
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    SEEDS.mkdir()
    for name, data in seeds.items():
        (SEEDS / name).write_bytes(data)
        print(f"{len(data):5d}  {name}")


if __name__ == "__main__":
    main()
