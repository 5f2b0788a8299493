"""Rendering benchmark: a 40-story briefing (5 sentences, 3 sources each) to PDF.

Target: at most 3 s on 2 cores. Run: .venv/bin/python benchmarks/bench_render.py [--stories N]
[--repeat R]. Prints the figures; the first run includes WeasyPrint's import and font set-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.config import Settings
from briefing.render import render_day_html, render_day_pdf, write_outputs
from briefing.render.sample import many_stories_briefing

TARGET_S = 3.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stories", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    b = many_stories_briefing(args.stories)
    day = b.days[0].date
    s = Settings()

    t = time.perf_counter()
    import weasyprint  # noqa: F401 - timed separately from rendering

    imp = time.perf_counter() - t
    times, cpu = [], []
    pdf = b""
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        pdf = render_day_pdf(b, day, s)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    t = time.perf_counter()
    render_day_html(b, day, s)
    html_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages")), "?")
        t = time.perf_counter()
        write_outputs(
            b, Settings(out_dir=Path(tmp) / "out", formats=("html", "pdf", "json", "md", "txt"))
        )
        all_s = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best, first = min(times), times[0]
    print(f"stories={args.stories} pages={pages} pdf_bytes={len(pdf)} cpus={os.cpu_count()}")
    print(f"weasyprint import: {imp:.2f} s")
    print(
        f"PDF render: first {first:.2f} s, best of {args.repeat} {best:.2f} s "
        f"(target <= {TARGET_S:.1f} s); CPU time best {min(cpu):.2f} s"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (wall times are unreliable above 2)")
    print(f"screen HTML render: {html_s * 1000:.0f} ms")
    print(f"write_outputs all five formats: {all_s:.2f} s")
    print(f"peak RSS: {rss:.0f} MB")
    ok = best <= TARGET_S
    print("PASS" if ok else "FAIL", f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
