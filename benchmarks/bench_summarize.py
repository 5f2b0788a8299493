"""Benchmark: summarize one 200-article story (target: under 2 s for the default summarizer).

Articles are the bodies of ../shared/evaldata/summaries/10kgnad-lead-dev.jsonl when present
(else the five seed articles repeated under new ids). Run on demand, not in pytest:

    .venv/bin/python benchmarks/bench_summarize.py [--articles 200] [--algorithms default,lead]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time
from pathlib import Path

from briefing.config import Settings
from briefing.models import Article
from briefing.summarize import summarize_story, text_to_article

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"


def load_articles(n: int) -> list[Article]:
    articles: list[Article] = []
    if DEV.is_file():
        for i, line in enumerate(DEV.read_text(encoding="utf-8").splitlines()):
            if len(articles) >= n:
                break
            text = json.loads(line)["text"]
            articles.append(text_to_article(text, article_id=f"dev-{i}"))
    if len(articles) < n:
        from briefing.ingest import read_file

        seeds = [read_file(p, Settings())[0] for p in sorted((ROOT / "fixtures").glob("*.txt"))]
        i = 0
        while len(articles) < n:
            seed = seeds[i % len(seeds)]
            articles.append(dataclasses.replace(seed, id=f"{seed.id}-{i}"))
            i += 1
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--algorithms", default="default,lead")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = load_articles(args.articles)
    n_sentences = sum(len(a.body.split(". ")) for a in articles)
    print(f"story: {len(articles)} articles, about {n_sentences} sentences")
    summarize_story(articles[:2])  # warm up imports and the sentence splitter
    for algorithm in args.algorithms.split(","):
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = summarize_story(articles, algorithm=algorithm, sentences=5)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{algorithm:<10} {len(summary)} sentences  wall median {statistics.median(times):.3f} s"
            f" (min {min(times):.3f}, max {max(times):.3f})  cpu median"
            f" {statistics.median(cpu):.3f} s  [{args.repeat} runs]"
        )


if __name__ == "__main__":
    main()
