"""The article store: rebuild with nothing changed, a daily run over a big archive, search.

    python benchmarks/bench_store.py rebuild [--pages ../shared/evaldata/html-de/pages]
    python benchmarks/bench_store.py archive --corpus /tmp/corpus-100k --today /tmp/today-1k
    python benchmarks/bench_store.py search --store WORK/data/briefing/articles.sqlite

Every run is a fresh ``briefing`` process under ``/usr/bin/time`` (wall seconds, peak RSS),
with its own XDG folders and SOURCE_DATE_EPOCH set, so outputs are comparable byte for byte.

- ``rebuild``: a cold ``build`` of the pages (empty store, empty state), then the same build
  again with nothing changed; the ratio and whether every output file is identical.
- ``archive``: a cold ``build`` of the corpus (fills the store: time and peak memory), then the
  files of ``--today`` are added and ``daily --dry-run --date DAY`` builds that day.
- ``search``: queries against a filled store, best of 5 each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = Path("/work/shared/evaldata/html-de/pages")
if not PAGES.is_dir():
    PAGES = ROOT.parent / "shared" / "evaldata" / "html-de" / "pages"
EPOCH = "1764000000"


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_CACHE_HOME": "cache",
        "ARGOS_PACKAGES_DIR": "argos",
    }.items():
        (work / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(work / sub)
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/index.json"
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env["PYTHONPATH"] = str(ROOT)
    return env


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, peak RSS MB, exit code) of ``briefing ARGS``; also printed with the CPU
    seconds (user + system, worker processes included) and the load average around it."""
    cmd = ["/usr/bin/time", "-f", "%e %M %U %S", sys.executable, "-m", "briefing", *args]
    before = _load()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    last = p.stderr.strip().splitlines()[-1].split()
    if p.returncode not in (0, 3):
        sys.stderr.write(p.stderr[-3000:])
    wall, rss, cpu = float(last[0]), int(last[1]) / 1024, float(last[2]) + float(last[3])
    print(
        f"  briefing {' '.join(args)}: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MB"
        f" (largest process), exit {p.returncode}, load {before} -> {_load()}",
        flush=True,
    )
    return wall, rss, p.returncode


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def rebuild(pages: Path, formats: str, work: Path) -> None:
    env = _env(work)
    out = work / "out"
    args = ["build", str(pages), "--format", formats, "--out", str(out)]
    print(f"load before: {_load()}")
    cold = timed(args, env)
    first = _files(out)
    warm = timed(args, env)  # the same folder, nothing changed
    same = _files(out) == first
    other = timed([*args[:-1], str(work / "out2")], env)  # parsing saved, every day built
    day = sorted(p.name for p in out.iterdir() if p.is_dir())[-1]
    one = timed([*args[:-1], str(work / "out3"), "--date", day], env)
    print(f"load after: {_load()}")
    n = len(list(pages.iterdir()))
    print(f"| cold build, {n} pages | {cold[0]:.1f} s | {cold[1]:.0f} MB | exit {cold[2]} |")
    print(f"| rebuild, nothing changed | {warm[0]:.2f} s | {warm[1]:.0f} MB | exit {warm[2]} |")
    print(
        f"| build into a new folder (nothing parsed, every day built) | {other[0]:.1f} s | "
        f"{other[1]:.0f} MB | exit {other[2]} |"
    )
    print(
        f"| one day into a new folder (--date {day}) | {one[0]:.2f} s | {one[1]:.0f} MB | "
        f"exit {one[2]} |"
    )
    print(
        f"ratio cold/rebuild: {cold[0] / warm[0]:.1f}x; outputs identical: {same} "
        f"({len(first)} files); same as the new folder's: {_files(work / 'out2') == first}"
    )


def archive(corpus: Path, today: Path, day: str, work: Path, steps: str = "cold,daily") -> None:
    env = _env(work)
    inbox = work / "inbox"
    if not inbox.exists():
        inbox.symlink_to(corpus)
    cfg = work / "config.toml"
    cfg.write_text(
        f'inputs = ["{inbox}"]\nout_dir = "{work / "out"}"\nformats = ["json", "html"]\n'
        '[mail]\nto = ["reader@example.org"]\nhost = "127.0.0.1"\nport = 9\n',
        encoding="utf-8",
    )
    print(f"load before: {_load()}")
    store = work / "data" / "briefing" / "articles.sqlite"
    if store.exists():
        print(f"{store} exists: the cold build is not run again")
    elif "cold" in steps:
        cold = timed(
            ["build", str(inbox), "--out", str(work / "out"), "--format", "json,html"], env
        )
        print(
            f"| cold build of the archive | {cold[0]:.1f} s | {cold[1]:.0f} MB | exit {cold[2]} |"
        )
    if "daily" not in steps:
        return
    dest = corpus / "today"
    if not dest.exists():
        shutil.copytree(today, dest)
    t0 = time.time()
    daily = timed(["daily", "--dry-run", "--date", day, "--config", str(cfg)], env)
    print(
        f"| + {sum(1 for _ in today.rglob('*') if _.is_file())} new files, daily --dry-run "
        f"--date {day} | {daily[0]:.1f} s | {daily[1]:.0f} MB | exit {daily[2]} |"
    )
    again = timed(["daily", "--dry-run", "--date", day, "--config", str(cfg)], env)
    print(
        f"| same daily again (nothing new) | {again[0]:.1f} s | {again[1]:.0f} MB | "
        f"exit {again[2]} |  ({time.time() - t0:.0f} s)"
    )
    print(f"store: {store.stat().st_size / 1e6:.0f} MB; load after: {_load()}")


def search(store: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from briefing.article_store import ArticleStore

    with ArticleStore(store) as st:
        n = st.stats()["articles"]
        for q in ("Regierung", "Bundeskanzler Wahl", "Ukraine Waffenruhe", "Fußball", "Zinsen"):
            best, hits = 1e9, 0
            for _ in range(5):
                t0 = time.perf_counter()
                hits = len(st.search(q, limit=50))
                best = min(best, time.perf_counter() - t0)
            print(f"| search {q!r} over {n} articles | {best * 1000:.1f} ms | {hits} hits |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("rebuild")
    r.add_argument("--pages", type=Path, default=PAGES)
    r.add_argument("--formats", default="json,html,md")
    a = sub.add_parser("archive")
    a.add_argument("--corpus", type=Path, required=True)
    a.add_argument("--today", type=Path, required=True)
    a.add_argument("--day", required=True)
    a.add_argument("--steps", default="cold,daily", help="cold (the cold build), daily, or both")
    s = sub.add_parser("search")
    s.add_argument("--store", type=Path, required=True)
    for p in (r, a):
        p.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    if args.what == "search":
        search(args.store)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-store-"))
    print(f"work: {work}")
    if args.what == "rebuild":
        rebuild(args.pages, args.formats, work)
    else:
        archive(args.corpus, args.today, args.day, work, args.steps)


if __name__ == "__main__":
    main()
