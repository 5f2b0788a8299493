"""Ingest core throughput: text files (seed format), JSON Lines records, and duplicate folding.

Run on demand (not in pytest):

    .venv/bin/python benchmarks/bench_ingest_core.py [N_FILES]

Copies the five seeds N/5 times (each copy lightly varied so ids differ) into a temporary
folder, reads it with ``read_inputs``, writes the same articles as one JSONL file and reads
that, then folds duplicates among the N articles (each seed's copies form one family).
Prints wall times, items per second and peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.config import Settings  # noqa: E402
from briefing.dedup import fold_duplicates  # noqa: E402
from briefing.ingest import read_inputs  # noqa: E402


def main(n: int) -> None:
    settings = Settings()
    seeds = sorted((ROOT / "fixtures").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "txt"
        folder.mkdir()
        for i in range(n):
            seed = seeds[i % len(seeds)]
            data = seed.read_text(encoding="utf-8")
            # a light edit per copy: the family stays one text, the ids differ
            data = data.replace("Putin", "Putin" if i % 2 else "Wladimir Putin", 1)
            (folder / f"{i:05d}_{seed.name}").write_text(data, encoding="utf-8")

        read_inputs([ROOT / "fixtures"], settings)  # warm up: imports, language model
        t0, c0 = time.perf_counter(), time.process_time()
        result = read_inputs([folder], settings)
        t_txt, c_txt = time.perf_counter() - t0, time.process_time() - c0
        assert not result.skipped, result.skipped[:3]

        jsonl = Path(tmp) / "all.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for a in result.articles:
                rec = {
                    "title": a.title,
                    "text": a.text,
                    "date": a.date.isoformat() if a.date else None,
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        t0, c0 = time.perf_counter(), time.process_time()
        from_jsonl = read_inputs([jsonl], settings)
        t_jsonl, c_jsonl = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        folded = fold_duplicates(result.articles)
        t_dedup, c_dedup = time.perf_counter() - t0, time.process_time() - c0

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_txt, n_jsonl = len(result.articles), len(from_jsonl.articles)
    print(
        f"text files:    {n_txt} in {t_txt:.2f} s wall = {n_txt / t_txt:.0f} files/s "
        f"(CPU {c_txt:.2f} s = {n_txt / c_txt:.0f} files/CPU-s)"
    )
    print(
        f"jsonl records: {n_jsonl} in {t_jsonl:.2f} s wall = {n_jsonl / t_jsonl:.0f} records/s "
        f"(CPU {c_jsonl:.2f} s = {n_jsonl / c_jsonl:.0f} records/CPU-s)"
    )
    print(
        f"dedup:         {n_txt} -> {len(folded)} articles in {t_dedup:.2f} s wall "
        f"(CPU {c_dedup:.2f} s)"
    )
    print(f"peak RSS:     {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
