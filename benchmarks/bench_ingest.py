"""Benchmark: HTML ingest throughput beside trafilatura+htmldate (run on demand, not in pytest).

    .venv/bin/python benchmarks/bench_ingest.py [--pages 2000] [--workers 2] [--dir ../shared/evaldata/html-de]

Reads the dev pages of the evaluation folder, repeated up to --pages files' worth, and runs
both pipelines over the same pages in the same run with the same process pool:

- briefing: bytes -> text (``ingest.encoding.decode_html``) -> ``ingest.html.parse_html``
  (text, title, date with its rules, outlet, credits, language);
- trafilatura+htmldate: the same decoded text -> ``trafilatura.extract`` +
  ``htmldate.find_date(extensive_search=True, original_date=True)``.

Prints pages/second for each and the time ratio (targets: >= 40 pages/s on 2 cores, and never
more than 1.5x trafilatura+htmldate's time).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "evaldata" / "html-de"


def _briefing(path: str) -> float:
    """CPU seconds this process spent on one page."""
    from briefing.config import Settings
    from briefing.errors import InputError
    from briefing.ingest.encoding import decode_html
    from briefing.ingest.html import parse_html

    start = time.process_time()
    html = decode_html(Path(path).read_bytes(), path)
    with contextlib.suppress(InputError):
        parse_html(html, path=path, settings=Settings())
    return time.process_time() - start


def _baseline(path: str) -> float:
    """CPU seconds this process spent on one page."""
    import trafilatura
    from htmldate import find_date

    from briefing.ingest.encoding import decode_html

    start = time.process_time()
    html = decode_html(Path(path).read_bytes(), path)
    trafilatura.extract(html)
    find_date(html, extensive_search=True, original_date=True)
    return time.process_time() - start


def _warm(_: int) -> int:
    """Import the heavy modules in each worker before timing starts."""
    import htmldate  # noqa: F401
    import py3langid  # noqa: F401
    import trafilatura  # noqa: F401

    import briefing.ingest.html
    import briefing.ingest.html_dates  # noqa: F401
    from briefing.ingest.meta import detect_language

    detect_language(
        "Der Gemeinderat hat am Abend den Haushalt beschlossen. " * 10
    )  # loads the model
    return os.getpid()


def _run(pool: ProcessPoolExecutor, func, paths: list[str], workers: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds summed over the workers) for ``func`` over ``paths``."""
    start = time.perf_counter()
    cpu = sum(pool.map(func, paths, chunksize=max(1, len(paths) // (workers * 8))))
    return time.perf_counter() - start, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder with pages/*.html")
    parser.add_argument("--pages", type=int, default=2000, help="pages to ingest (repeated)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--round", type=int, default=200, help="pages per round; the systems alternate by round"
    )
    args = parser.parse_args(argv)
    pages = sorted(str(p) for p in (args.dir / "pages").glob("*.htm*"))
    if not pages:
        print(f"no pages under {args.dir / 'pages'}", file=sys.stderr)
        return 1
    paths = [pages[i % len(pages)] for i in range(args.pages)]
    ours = [0.0, 0.0]
    base = [0.0, 0.0]

    def add(total: list[float], got: tuple[float, float]) -> None:
        total[0] += got[0]
        total[1] += got[1]

    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(_warm, range(args.workers * 2)))
        # Alternate the two systems round by round (and which goes first), so that a change in
        # the machine's load during the run hits both alike.
        for n, start in enumerate(range(0, len(paths), args.round)):
            batch = paths[start : start + args.round]
            if n % 2 == 0:
                add(ours, _run(pool, _briefing, batch, args.workers))
                add(base, _run(pool, _baseline, batch, args.workers))
            else:
                add(base, _run(pool, _baseline, batch, args.workers))
                add(ours, _run(pool, _briefing, batch, args.workers))
    print(
        f"pages: {len(paths)} ({len(pages)} distinct), workers: {args.workers}, "
        f"load average: {os.getloadavg()[0]:.1f}"
    )
    n = len(paths)
    for name, (wall, cpu) in (("briefing", ours), ("trafilatura+htmldate", base)):
        print(
            f"{name:<22} {wall:8.1f} s wall {n / wall:7.1f} pages/s | CPU {1000 * cpu / n:6.1f} ms/page"
            f" = {args.workers * n / cpu:6.1f} pages/s on {args.workers} idle cores"
        )
    print(
        f"time ratio briefing / trafilatura+htmldate: wall {ours[0] / base[0]:.2f}, "
        f"CPU {ours[1] / base[1]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
