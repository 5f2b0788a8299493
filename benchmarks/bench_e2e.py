"""End to end: N generated articles over 3 days -> briefings, with the tiny Argos model.

    python benchmarks/bench_e2e.py                      # 1,000 and 10,000 articles
    python benchmarks/bench_e2e.py --sizes 1000 --formats json,html,pdf --record

Each size runs in a fresh process (peak RSS is a high-water mark) with a fresh state file (no
translation memory), through ``briefing.pipeline.run_build``. Prints wall time, CPU time,
peak RSS, the time of every stage (the pipeline's stage functions are wrapped with timers),
and how many sentences were translated: translation must grow with the size of the briefing
(stories shown), not with the corpus. Target (issue 9): 10,000 articles in <= 180 s and
<= 2 GB on 2 cores. The tiny model's output is gibberish; its cost per sentence is not a real
model's, so translation time here shows the mechanics, not a real model's speed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_S, TARGET_MB = 180.0, 2048.0


def user_dirs(work: Path) -> dict[str, str]:
    """Every user directory (and Argos' packages dir) under ``work``, made, and an Argos index
    that cannot be reached: the environment variables of an isolated run."""
    env = {}
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_CACHE_HOME": "cache",
        "ARGOS_PACKAGES_DIR": "argos",
    }.items():
        (work / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(work / sub)
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/index.json"
    return env


def _isolate(work: Path) -> None:
    """Point every user directory (and Argos' packages dir) at ``work`` before any import."""
    os.environ.update(user_dirs(work))
    os.environ.pop("BRIEFING_CONFIG", None)


def install_tiny_model(work: Path, from_code: str = "de", to_code: str = "en") -> Path:
    """Build the tiny random-weight Argos package and install it into $ARGOS_PACKAGES_DIR."""
    from argostranslate import package as argos_package

    for pkg in argos_package.get_installed_packages():
        if (pkg.from_code, pkg.to_code) == (from_code, to_code):
            return Path(pkg.package_path)
    sys.path.insert(0, str(ROOT / "tests"))
    from argos_tiny import build_package

    argos_package.install_from_path(build_package(work / "build", from_code, to_code))
    return next(
        Path(p.package_path)
        for p in argos_package.get_installed_packages()
        if (p.from_code, p.to_code) == (from_code, to_code)
    )


class StageTimer:
    """Wraps the stage functions the pipeline calls and sums their wall time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._depth: dict[str, int] = {}

    def wrap(self, module: object, name: str, label: str) -> None:
        fn = getattr(module, name, None)
        if fn is None:
            return

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            # Only the outermost call of a label counts (read_inputs_with calls read_inputs).
            if self._depth.get(label):
                return fn(*args, **kwargs)
            self._depth[label] = 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth[label] = 0
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t0
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(module, name, timed)


def one(
    size: int,
    corpus: Path,
    formats: tuple[str, ...],
    work: Path,
    executor: str = "local",
    workers: int | None = None,
) -> dict:
    """One measured build (call in a fresh process)."""
    import resource

    _isolate(work)
    install_tiny_model(work)
    import importlib

    from briefing.config import Settings
    from briefing.pipeline import run_build

    timer = StageTimer()
    for mod, name, label in [
        ("briefing.ingest", "read_inputs", "ingest"),
        ("briefing.executor", "read_inputs_with", "ingest"),
        ("briefing.dedup", "fold_duplicates", "dedup"),
        ("briefing.cluster", "cluster_day", "cluster"),
        ("briefing.summarize", "summarize_story", "summarize"),
        ("briefing.threads", "assign_threads", "threads"),
        ("briefing.rank", "rank_stories", "rank"),
        ("briefing.translate", "translate_briefing", "translate"),
        ("briefing.render", "write_outputs", "render"),
    ]:
        with contextlib.suppress(ImportError):
            timer.wrap(importlib.import_module(mod), name, label)
    settings = Settings(
        inputs=(corpus,),
        out_dir=work / f"out-{size}",
        formats=formats,
        state_path=work / f"state-{size}-{time.time_ns()}.sqlite",
        executor=executor,
        workers=workers,
    )
    c0 = time.process_time()
    t0 = time.perf_counter()
    result = run_build(settings)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    b = result.briefing
    return {
        "articles": size,
        "read": b.report.read,
        "days": len(b.days),
        "stories": sum(len(d.stories) for d in b.days),
        "summary_sentences": sum(len(s.summary) for d in b.days for s in d.stories),
        "translated": b.report.translated_sentences,
        "cached": b.report.cached_sentences,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "stages": {k: round(v, 1) for k, v in timer.seconds.items()},
        "executor": executor,
    }


def table(rows: list[dict]) -> str:
    stages = sorted(
        {k for r in rows for k in r["stages"]},
        key=lambda s: (
            [
                "ingest",
                "dedup",
                "cluster",
                "summarize",
                "threads",
                "rank",
                "translate",
                "render",
            ].index(s)
            if s
            in ["ingest", "dedup", "cluster", "summarize", "threads", "rank", "translate", "render"]
            else 99
        ),
    )
    head = (
        "| articles | wall s | CPU s | peak MB | days | stories | summary sentences | "
        "translated | " + " | ".join(f"{s} s" for s in stages) + " |"
    )
    lines = [head, "|" + "---|" * (8 + len(stages))]
    for r in rows:
        lines.append(
            f"| {r['articles']:,} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']:.0f} | "
            f"{r['days']} | {r['stories']} | {r['summary_sentences']} | {r['translated']} | "
            + " | ".join(str(r["stages"].get(s, "")) for s in stages)
            + " |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--formats", default="json,html")
    ap.add_argument("--executor", default="local")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    ap.add_argument("--record", action="store_true", help="append the table to RESULTS.md")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    formats = tuple(f for f in args.formats.split(",") if f)
    if args.one:
        corpus = args.work / f"corpus-{args.one}-{args.days}d"
        print(json.dumps(one(args.one, corpus, formats, args.work, args.executor, args.workers)))
        return

    sys.path.insert(0, str(HERE))
    from corpus import make_corpus

    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = make_corpus(args.work / f"corpus-{size}-{args.days}d", size, args.days, "txt")
        cmd = [
            sys.executable,
            __file__,
            "--one",
            str(size),
            "--days",
            str(args.days),
            "--formats",
            args.formats,
            "--work",
            str(args.work),
            "--executor",
            args.executor,
        ]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"{size} articles: run failed\n{proc.stderr[-3000:]}")
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        ok = row["wall_s"] <= TARGET_S and row["peak_mb"] <= TARGET_MB
        print(
            f"{size:>7,} articles: {row['wall_s']:7.1f} s wall, {row['cpu_s']:7.1f} s CPU, "
            f"{row['peak_mb']:6.0f} MB peak, {row['stories']} stories, "
            f"{row['translated']} sentences translated  "
            f"[{'within' if ok else 'OVER'} target {TARGET_S:.0f} s / {TARGET_MB:.0f} MB]",
            flush=True,
        )
        print(
            "          stages: " + ", ".join(f"{k} {v} s" for k, v in row["stages"].items()),
            flush=True,
        )
    out = table(rows)
    print(out)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(
            f"corpus x{b['articles'] / a['articles']:.0f} -> translated sentences "
            f"x{b['translated'] / max(1, a['translated']):.2f}, "
            f"summary sentences x{b['summary_sentences'] / max(1, a['summary_sentences']):.2f}"
        )
    if args.record:
        sys.path.insert(0, str(HERE))
        from run_all import append_results

        append_results(
            "End to end",
            out + f"\n\n(`python benchmarks/bench_e2e.py --sizes "
            f"{args.sizes} --formats {args.formats}`; executor {args.executor})",
        )


if __name__ == "__main__":
    main()
