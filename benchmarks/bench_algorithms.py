"""Every --algorithm on one big news day: time and peak memory of a whole build.

Target (#16): every algorithm builds a 58-article day in under 5 s and 400 MB.

    .venv/bin/python benchmarks/bench_algorithms.py [--articles 58] [--sumy-loops lexrank,...]

The day is made by benchmarks/corpus.py (real German text, Zipf-sized stories, one day). Each
algorithm runs in a fresh process (``build_briefing`` then ``render_all`` with json, no PDF;
no translation model), so its peak RSS is its own. ``--sumy-loops`` also runs the named
algorithms on sumy's own pure-Python code, for the before/after figure. The load average is
printed with each row: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALGORITHMS = [
    "default",
    "lead",
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
    "random",
]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from briefing.config import load_settings
from briefing.summarize import _sumy
from briefing.pipeline import build_briefing
algorithm, folder, state, loops = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
_sumy.SUMY_LOOPS = loops
s = load_settings(None, inputs=(Path(folder),), algorithm=algorithm, state_path=Path(state),
                  formats=("json",))
t, c = time.perf_counter(), time.process_time()
b = build_briefing(s)
wall, cpu = time.perf_counter() - t, time.process_time() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss,
                  "stories": sum(len(d.stories) for d in b.days), "read": b.report.read}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=58)
    ap.add_argument("--algorithms", default=",".join(ALGORITHMS))
    ap.add_argument("--sumy-loops", default="")
    ap.add_argument("--input", type=Path, help="a real day instead (e.g. a tagesschau .jsonl)")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="bench-alg-") as tmp:
        corpus = Path(tmp) / "day"
        if args.input:
            corpus = args.input
        else:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "corpus.py"),
                    "--articles",
                    str(args.articles),
                    "--days",
                    "1",
                    "--out",
                    str(corpus),
                    "--format",
                    "jsonl",
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        runs = [(a, False) for a in args.algorithms.split(",") if a]
        runs += [(a, True) for a in args.sumy_loops.split(",") if a]
        print(f"{'algorithm':<22} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} stories load1")
        for algorithm, loops in runs:
            state = Path(tmp) / f"state-{algorithm}-{int(loops)}.sqlite"
            load = os.getloadavg()[0]
            t = time.perf_counter()
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    algorithm,
                    str(corpus),
                    str(state),
                    "1" if loops else "0",
                ],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            total = time.perf_counter() - t
            r = json.loads(out.stdout.strip().splitlines()[-1])
            name = algorithm + (" (sumy loops)" if loops else "")
            print(
                f"{name:<22} {r['wall']:7.2f} {r['cpu']:7.2f} {r['rss']:8.0f} "
                f"{r['stories']:>7} {load:5.1f}   (process {total:.1f} s, {r['read']} read)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
