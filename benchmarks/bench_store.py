"""The article store: rebuild with nothing changed, a daily run over a big archive, search.

    python benchmarks/bench_store.py rebuild [--pages ../shared/evaldata/html-de/pages]
    python benchmarks/bench_store.py corpus --out /tmp/store-bench      # corpus-100k, today-1k
    python benchmarks/bench_store.py archive --corpus /tmp/corpus-100k --today /tmp/today-1k \
        --day 2026-03-04 [--steps cold,daily | fill,daily] [--store-from STORE]
    python benchmarks/bench_store.py search --store WORK/data/briefing/articles.sqlite

Every run is a fresh ``briefing`` process under ``/usr/bin/time`` (wall seconds, peak RSS),
with its own XDG folders and SOURCE_DATE_EPOCH set, so outputs are comparable byte for byte.

- ``rebuild``: a cold ``build`` of the pages (empty store, empty state), then the same build
  again with nothing changed; the ratio and whether every output file is identical.
- ``archive``: a cold ``build`` of the corpus (fills the store: time and peak memory), then the
  files of ``--today`` are added and ``daily --dry-run --date DAY`` builds that day; again with
  nothing new; then ``build --date DAY`` publishes the day and a last dry run finds it up to
  date. ``--steps fill`` fills the store through the real parser (worker processes, one per
  core) but builds only the first day; ``--store-from STORE`` starts from a copy of a filled
  store (the daily rows without parsing the archive again).
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
    from bench_e2e import user_dirs

    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(user_dirs(work))
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


def _copy_store(src: Path, dest: Path) -> None:
    """A consistent copy of a store (SQLite's backup; the source may be in use)."""
    import sqlite3

    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a, sqlite3.connect(dest) as b:
        a.backup(b)


def _stamp(store: Path, cfg: Path, env: dict[str, str]) -> str:
    """Record this code's parser fingerprint in a copied store, so that the daily rows measure
    a store this code wrote (not a re-parse of the whole archive, which a store written by other
    parsing code gets). The stored rows stay the old code's: use it only for timings, after
    checking that the parsing changes give the same rows (same languages, same signatures)."""
    code = (
        "import sys; from pathlib import Path; from briefing.config import load_settings; "
        "from briefing.store_parse import parser_fingerprint; "
        "print(parser_fingerprint(load_settings(Path(sys.argv[1])).ingest_options()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(cfg)], env=env, capture_output=True, text=True, check=True
    )
    fp = out.stdout.strip()
    import sqlite3

    with sqlite3.connect(store) as c:
        c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('parser', ?)", (fp,))
    return fp[:12]


def archive(
    corpus: Path,
    today: Path,
    day: str,
    work: Path,
    steps: str = "cold,daily",
    store_from: Path | None = None,
    stamp: bool = False,
) -> None:
    env = _env(work)
    inbox = work / "inbox"
    if not inbox.exists():
        inbox.symlink_to(corpus)
    out = work / "out"
    cfg = work / "config.toml"
    cfg.write_text(
        f'inputs = ["{inbox}"]\nout_dir = "{out}"\nformats = ["json", "html"]\n'
        '[mail]\nto = ["reader@example.org"]\nhost = "127.0.0.1"\nport = 9\n',
        encoding="utf-8",
    )
    print(f"load before: {_load()}")
    store = work / "data" / "briefing" / "articles.sqlite"
    if store_from is not None and not store.exists():
        _copy_store(store_from, store)
        print(f"store copied from {store_from}")
        if stamp:
            print(f"store stamped as written by this code's parser: {_stamp(store, cfg, env)}")
    if store.exists():
        print(f"{store} exists: the archive is not parsed again")
    elif "cold" in steps:
        cold = timed(["build", str(inbox), "--out", str(out), "--format", "json,html"], env)
        print(
            f"| cold build of the archive | {cold[0]:.1f} s | {cold[1]:.0f} MB | exit {cold[2]} |"
        )
    elif "fill" in steps:  # every input through the real parser, one day built
        first = min(p.name for p in corpus.iterdir() if p.is_dir())
        fill = timed(
            ["build", str(inbox), "--out", str(out), "--format", "json", "--date", first], env
        )
        print(f"| fill the store (build --date {first}) | {fill[0]:.1f} s | {fill[1]:.0f} MB |")
    if "daily" in steps:
        _daily(corpus, today, day, cfg, env, [str(inbox), "--out", str(out)])
    print(f"store: {store.stat().st_size / 1e6:.0f} MB; load after: {_load()}")


def _daily(
    corpus: Path, today: Path, day: str, cfg: Path, env: dict[str, str], where: list[str]
) -> None:
    dest = corpus / "today"
    if not dest.exists():
        shutil.copytree(today, dest)
    dry = ["daily", "--dry-run", "--date", day, "--config", str(cfg)]
    n = sum(1 for _ in today.rglob("*") if _.is_file())
    new = timed(dry, env)
    print(f"| + {n} new files, {' '.join(dry[:4])} | {new[0]:.1f} s | {new[1]:.0f} MB |")
    again = timed(dry, env)
    print(f"| the same again (nothing new) | {again[0]:.1f} s | {again[1]:.0f} MB |")
    built = timed(["build", *where, "--format", "json,html", "--date", day], env)
    print(f"| build --date {day} (publishes the day) | {built[0]:.1f} s | {built[1]:.0f} MB |")
    kept = timed(dry, env)
    print(f"| dry run again (nothing new, day up to date) | {kept[0]:.1f} s | {kept[1]:.0f} MB |")


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


def make_corpora(out: Path, articles: int, days: int) -> None:
    """The archive (``corpus-<n>k``: ``articles`` over ``days`` days from 2025-11-24, seed 1)
    and the day after it (``today-1k``: 1,000 articles, seed 2), as .txt files."""
    import datetime as dt

    sys.path.insert(0, str(HERE))
    import corpus as gen

    arch = out / f"corpus-{articles // 1000}k"
    gen.make_corpus(arch, articles, days, "txt", 1, with_html=False)
    start = dt.date(2025, 11, 24) + dt.timedelta(days=days)
    today = out / "today-1k"
    if not today.exists():
        pool = gen.load_pool(out, with_html=False)
        gen.write(gen.generate(1000, 1, pool, seed=2, start=start), today, "txt", 2)
    print(f"{arch} ({articles} articles, {days} days); {today} (1000 articles, {start})")


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
    a.add_argument(
        "--steps",
        default="cold,daily",
        help="cold (a cold build of every day), fill (parse every input, build one day), daily",
    )
    a.add_argument("--store-from", type=Path, default=None, help="start from a copy of this store")
    a.add_argument(
        "--stamp-parser",
        action="store_true",
        help="mark the copied store as written by this code's parser (timings only: its rows "
        "stay those of the code that wrote it; without it other parsing code re-parses all)",
    )
    c = sub.add_parser("corpus")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--articles", type=int, default=100_000)
    c.add_argument("--days", type=int, default=100)
    s = sub.add_parser("search")
    s.add_argument("--store", type=Path, required=True)
    for p in (r, a):
        p.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    if args.what == "search":
        search(args.store)
        return
    if args.what == "corpus":
        make_corpora(args.out, args.articles, args.days)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-store-"))
    print(f"work: {work}")
    if args.what == "rebuild":
        rebuild(args.pages, args.formats, work)
    else:
        archive(
            args.corpus, args.today, args.day, work, args.steps, args.store_from, args.stamp_parser
        )


if __name__ == "__main__":
    main()
