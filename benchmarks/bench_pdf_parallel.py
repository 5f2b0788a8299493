"""PDFs of several days: one after another vs side by side in worker processes.

Target (#16): about 2x on 2 cores. Run: .venv/bin/python benchmarks/bench_pdf_parallel.py
[--days 10] [--stories 12] [--repeat 2]. Renders the same briefing with ``workers=1`` (in this
process) and ``workers=2`` (two forked workers) and prints wall time, CPU time of this process
and its children, and the load average before each run (the machine is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import resource
import time
from pathlib import Path

from briefing.config import Settings
from briefing.models import Day
from briefing.render import render_all
from briefing.render.sample import many_stories_briefing


def briefing_of(days: int, stories: int):
    one = many_stories_briefing(stories, sentences=4)
    start = dt.date(2025, 11, 1)
    return dataclasses.replace(
        one, days=tuple(Day(start + dt.timedelta(days=i), one.days[0].stories) for i in range(days))
    )


def cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--days", type=int, default=10)
    ap.add_argument("--stories", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    b = briefing_of(args.days, args.stories)
    import weasyprint  # noqa: F401 - imported before timing (the workers inherit it)

    render_all(b, Settings(formats=("pdf",), workers=1, out_dir=Path("/nonexistent")))  # warm-up
    results: dict[int, list[float]] = {1: [], 2: []}
    outputs: dict[int, dict] = {}
    for _ in range(args.repeat):
        for workers in (1, 2):
            s = Settings(formats=("pdf",), workers=workers, out_dir=Path("/nonexistent"))
            load = os.getloadavg()[0]
            t, c = time.perf_counter(), cpu()
            outputs[workers] = render_all(b, s)
            wall, used = time.perf_counter() - t, cpu() - c
            results[workers].append(wall)
            print(
                f"workers={workers} days={args.days} wall={wall:.2f}s cpu={used:.2f}s "
                f"load1={load:.1f}"
            )
    same = {p: len(v) for p, v in outputs[1].items()} == {p: len(v) for p, v in outputs[2].items()}
    best1, best2 = min(results[1]), min(results[2])
    print(
        f"best serial {best1:.2f}s, best parallel {best2:.2f}s, speed-up {best1 / best2:.2f}x "
        f"on {os.cpu_count()} cores; same files and sizes: {same}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
