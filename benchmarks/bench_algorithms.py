"""Every --algorithm on one big news day: time and peak memory of a whole build.

Target (#16): every algorithm builds a 58-article day in under 5 s and 400 MB.

    .venv/bin/python benchmarks/bench_algorithms.py [--articles 58] [--sumy-loops lexrank,...]

The day is made by benchmarks/corpus.py (real German text, Zipf-sized stories, one day), or
``--real`` (the tagesschau day of RESULTS.md). Each algorithm runs in a fresh process
(``build_briefing``; no translation model, no PDF) with its own empty article store (the whole
cold build: parsing, clustering, summaries, threads, ranking; ``--warm`` shares one store), so
its peak RSS and time are its own. ``--sumy-loops`` also runs the named algorithms on sumy's
own pure-Python code (briefing computes every sumy algorithm without sumy:
``summarize/_vector.py`` and ``_native.py``), for the before/after figure. The load average
is printed with each row: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from briefing.config import load_settings
from briefing.summarize import _sumy
from briefing.pipeline import build_briefing
algorithm, folder, state, loops = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
_sumy.SUMY_LOOPS = loops
s = load_settings(None, inputs=(Path(folder),), algorithm=algorithm, state_path=Path(state),
                  store_path=Path(sys.argv[5]), formats=("json",))
t, c = time.perf_counter(), time.process_time()
b = build_briefing(s)
wall, cpu = time.perf_counter() - t, time.process_time() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss,
                  "stories": sum(len(d.stories) for d in b.days), "read": b.report.read}))
"""


def _real_day(out: Path, articles: int) -> Path:
    """One day of real tagesschau articles from the shared evaluation data."""
    stories = ROOT.parent / "shared" / "evaldata" / "stories"
    rows = []
    for name in ("tagesschau-2021-12-08.jsonl", "tagesschau-2022-07-08.jsonl"):
        rows += [json.loads(line) for line in (stories / name).read_text("utf-8").splitlines()]
    lines = []
    for row in rows[:articles]:
        row["date"] = re.sub(r"^\d\d\.\d\d\.\d{4}", "08.12.2021", row["date"])
        lines.append(json.dumps(row, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=58)
    from briefing.summarize import ALGORITHMS

    ap.add_argument("--algorithms", default=",".join(ALGORITHMS))
    ap.add_argument("--sumy-loops", default="")
    ap.add_argument("--input", type=Path, help="a real day instead (e.g. a tagesschau .jsonl)")
    ap.add_argument(
        "--real",
        action="store_true",
        help="the real day of RESULTS.md: the first --articles tagesschau articles of "
        "../shared/evaldata/stories (2021-12-08, then 2022-07-08), all dated 2021-12-08",
    )
    ap.add_argument(
        "--warm", action="store_true", help="one article store for all runs (parsed once)"
    )
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="bench-alg-") as tmp:
        corpus = Path(tmp) / "day"
        if args.real:
            corpus = _real_day(Path(tmp) / "day.jsonl", args.articles)
        elif args.input:
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
        # one untimed build first: the first process otherwise also pays for reading numpy,
        # scipy and the models from disk into the page cache (about a second), not its algorithm
        runs3 = [("default", False, True)] + [(a, lo, False) for a, lo in runs]
        for k, (algorithm, loops, warmup) in enumerate(runs3):
            state = Path(tmp) / f"state-{k}-{algorithm}.sqlite"
            # cold by default: each build parses the day afresh (its own article store, never
            # the user's); --warm shares one store, as a daily run that parsed them already
            store = Path(tmp) / ("store.sqlite" if args.warm else f"store-{k}-{algorithm}.sqlite")
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
                    str(store),
                ],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            total = time.perf_counter() - t
            if warmup:
                continue
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
