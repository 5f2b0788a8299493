"""The per-article stages on a Dask LocalCluster with 1 and 2 workers, beside the local run.

    python benchmarks/bench_dask.py [--articles 2000] [--translate 120] [--record]

Stages: ingest (reading and parsing files, language detection: ``read_inputs`` vs
``executor.read_inputs_with``), near-duplicate signatures (word shingles + MinHash per
article, as ``briefing.dedup`` computes them) and bulk translation of whole articles
(``briefing.archive``, tiny Argos model, loaded once per worker). Every Dask result is checked
equal to the local one. Cluster start-up and the first (import-warming) task are reported
apart from the stage times. On 2 cores shared with the driver, 2 workers can at best halve the
time; the point is that the same code runs unchanged on a real cluster (``--scheduler``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_e2e import _isolate, install_tiny_model  # noqa: E402


def signature(article):  # type: ignore[no-untyped-def]
    """The per-article half of near-duplicate detection, as ``briefing.dedup`` computes it:
    CRC32 word-shingles and their MinHash values."""
    from briefing.dedup import _minhash_values, _shingles

    sh = _shingles(article)
    return len(sh), _minhash_values(sh).tobytes() if sh else b""


def _warm(_: int) -> int:
    import briefing.ingest
    import briefing.ingest.textfile  # noqa: F401

    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--translate", type=int, default=120, help="articles for the archive stage")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    _isolate(args.work)
    install_tiny_model(args.work)

    from corpus import make_corpus

    from briefing.archive import translate_archive
    from briefing.config import Settings
    from briefing.executor import DaskExecutor, LocalExecutor, read_inputs_with

    corpus = make_corpus(args.work / f"corpus-{args.articles}-3d", args.articles, 3, "txt")
    small = make_corpus(args.work / f"corpus-{args.translate}-3d", args.translate, 3, "txt")
    settings = Settings(inputs=(corpus,))
    rows: list[dict] = []

    def run(name: str, ex, startup: float) -> None:  # type: ignore[no-untyped-def]
        row = {"executor": name, "startup_s": round(startup, 1)}
        t0 = time.perf_counter()
        ex.map(_warm, list(range(max(1, getattr(ex, "workers", 1)) * 2)))
        row["warm_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        got = read_inputs_with(ex, [corpus], settings)
        row["ingest_s"] = round(time.perf_counter() - t0, 1)
        row["articles"] = len(got.articles)
        t0 = time.perf_counter()
        sigs = ex.map(partial(signature), got.articles)
        row["signatures_s"] = round(time.perf_counter() - t0, 1)
        out = args.work / f"archive-{name}-{time.time_ns()}"
        t0 = time.perf_counter()
        res = translate_archive(
            Settings(
                inputs=(small,),
                executor="local" if name == "local" else "dask",
                scheduler=None if name == "local" else ex.client.scheduler.address,
            ),
            out,
            "de",
            "en",
            chunk_articles=8,
        )
        row["translate_s"] = round(time.perf_counter() - t0, 1)
        row["translated_sentences"] = res.sentences
        files = {p.name: p.read_bytes() for p in (out / "articles").glob("*.json")}
        if rows:  # compare with the local run
            base = rows[0]["_data"]
            row["identical"] = got.articles == base[0] and sigs == base[1] and files == base[2]
        else:
            row["identical"] = True
        row["_data"] = (got.articles, sigs, files)
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "_data"}), flush=True)

    run("local", LocalExecutor(), 0.0)
    for w in [int(x) for x in args.workers.split(",")]:
        t0 = time.perf_counter()
        ex = DaskExecutor(n_workers=w)
        startup = time.perf_counter() - t0
        try:
            run(f"dask {w} worker{'s' if w > 1 else ''}", ex, startup)
        finally:
            ex.close()

    lines = [
        f"{args.articles:,} generated articles (ingest, signatures); {args.translate} articles "
        "translated whole with the tiny Argos model (archive).",
        "",
        "| executor | cluster start s | warm-up s | ingest s | signatures s | "
        "archive translate s | identical to local |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['executor']} | {r['startup_s']} | {r['warm_s']} | {r['ingest_s']} | "
            f"{r['signatures_s']} | {r['translate_s']} | "
            f"{'yes' if r['identical'] else 'NO'} |"
        )
    text = "\n".join(lines)
    print(text)
    if not all(r["identical"] for r in rows):
        print("MISMATCH: a Dask result differs from the local one", file=sys.stderr)
    if args.record:
        from run_all import append_results

        append_results(
            "Dask",
            text + f"\n\n(`python benchmarks/bench_dask.py --articles "
            f"{args.articles} --translate {args.translate}`)",
        )
    sys.exit(0 if all(r["identical"] for r in rows) else 1)


if __name__ == "__main__":
    main()
