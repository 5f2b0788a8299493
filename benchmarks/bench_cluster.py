"""Benchmark: cluster N articles of one day; print time and peak memory.

Real German text (10kGNAD bodies from ../shared/evaldata/summaries/), repeated with variation:
each synthetic article takes 60-100 % of a base body's sentences in a lightly shuffled order,
adds one or two sentences of another body, and renames a few capitalised words, so the
vocabulary keeps growing as in real news. Every size runs in a fresh process.

    .venv/bin/python benchmarks/bench_cluster.py               # 1,000 10,000 50,000
    .venv/bin/python benchmarks/bench_cluster.py 10000         # one size
    .venv/bin/python benchmarks/bench_cluster.py --rank 200    # rank_stories on 200 stories
    .venv/bin/python benchmarks/bench_cluster.py --near 8000   # one day of near-identical items
    .venv/bin/python benchmarks/bench_cluster.py --days 24650 5  # 24,650 articles over 5 days
Targets (issue 12): 10,000 articles within 7.7 s and 375 MiB; 8,000 near-identical items on one
day, and 24,650 articles over 5 days, each within 60 s and 1 GB.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GNAD = next(
    (
        p / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"
        for p in (ROOT.parent / "shared", Path("/work/shared"))
        if (p / "evaldata").is_dir()
    ),
    ROOT.parent / "shared" / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl",
)
SYLLABLES = ["ka", "lo", "mi", "ber", "sto", "ran", "vel", "dor", "ski", "tan", "hof", "ger"]


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024  # MiB
    return 0


def make_articles(n: int, seed: int = 0) -> list:
    from briefing.models import Article, Paragraph
    from briefing.text import split_sentences

    bodies = [json.loads(x)["text"] for x in GNAD.read_text(encoding="utf-8").splitlines()]
    sents = [split_sentences(b, "de") for b in bodies]
    rng = random.Random(seed)
    day = dt.date(2025, 11, 27)
    out = []
    for i in range(n):
        base = sents[i % len(sents)]
        keep = [s for s in base if rng.random() < rng.uniform(0.6, 1.0)] or base[:1]
        if len(keep) > 3 and rng.random() < 0.5:
            j = rng.randrange(1, len(keep) - 1)
            keep[j], keep[j + 1] = keep[j + 1], keep[j]
        other = sents[rng.randrange(len(sents))]
        keep += rng.sample(other, min(len(other), rng.choice([1, 2])))
        words = " ".join(keep).split(" ")
        for k, w in enumerate(words):
            if w[:1].isupper() and rng.random() < 0.05:
                words[k] = w + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        text = " ".join(words)
        paras = [" ".join(text.split(". ")[p : p + 3]) for p in range(0, 40, 3)]
        out.append(
            Article(
                id=f"a{i:06d}",
                path=f"bench/{i}.txt",
                paragraphs=tuple(Paragraph(p) for p in paras if p),
                date=day,
                source=f"outlet{rng.randrange(200)}",
            )
        )
    return out


PLACES = [
    a + b for a in ("Ober", "Unter", "Neu", "Alt", "Bad ", "Groß", "Klein", "Hohen", "Nieder", "Ost")
    for b in ("hausen", "dorf", "feld", "heim", "bach", "burg", "stadt", "kirchen", "au", "rode",
              "berg", "tal", "brück", "wald", "see", "furt", "stein", "hof", "weiler", "ingen",
              "hagen", "ried", "bronn", "leben", "mühl", "born", "beuren", "stetten", "roth", "zell")
]  # fmt: skip


def make_near_identical(n: int, seed: int = 0) -> list:
    """One feed's day of template items (traffic reports): the same sentence with other places
    and numbers, so no two are copies but every one is similar to many (one connected group)."""
    from briefing.models import Article, Paragraph

    rng = random.Random(seed)
    day = dt.date(2024, 12, 21)
    out = []
    for i in range(n):
        a, b = rng.sample(PLACES, 2)
        road = rng.choice(("A1", "A2", "A3", "A5", "A7", "A8", "A9", "B27"))
        text = (
            f"Verkehrsmeldung: Auf der {road} zwischen {a} und {b} staut es sich auf "
            f"{rng.randint(1, 15)} Kilometern. Autofahrer brauchen bis zu {rng.randint(5, 60)} "
            f"Minuten mehr. Grund ist ein Unfall bei {a}."
        )
        out.append(
            Article(
                id=f"v{i:06d}",
                path=f"verkehr.xml#{i + 1}",
                paragraphs=(Paragraph(text),),
                title=f"Stau auf der {road} bei {a}",
                date=day,
                source="verkehr.example",
            )
        )
    return out


def run_shape(shape: str, n: int, days: int = 1) -> dict:
    """Cluster a day of near-identical items, or ``n`` articles spread over ``days`` days."""
    import scipy.cluster.hierarchy  # noqa: F401 - imports are not part of the timing
    import sklearn.feature_extraction.text  # noqa: F401

    from briefing.cluster import DEFAULT_THRESHOLD, cluster_day, group_by_day

    if shape == "near":
        articles = make_near_identical(n)
    elif shape == "one":
        articles = make_articles(n)
    else:
        from dataclasses import replace

        base = dt.date(2025, 11, 27)
        articles = [
            replace(a, date=base + dt.timedelta(days=i % days))
            for i, a in enumerate(make_articles(n))
        ]
    before = _status("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    clusters = []
    for members in group_by_day(articles).values():
        clusters.extend(cluster_day(members, DEFAULT_THRESHOLD))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    sizes = sorted((len(c) for c in clusters), reverse=True)
    return {
        "articles": n,
        "days": days,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": _status("VmHWM"),
        "rss_before_mib": before,
        "stories": len(clusters),
        "largest": sizes[:3],
    }


def run_one(n: int) -> dict:
    """Cluster ``n`` synthetic articles of one day (``make_articles``)."""
    return run_shape("one", n)


def rank_only(stories: int) -> None:
    """Time ``rank_stories`` on ``stories`` stories of 5 articles, each with a 5-sentence summary."""
    from briefing.config import Settings
    from briefing.models import Sentence, Story
    from briefing.rank import rank_stories
    from briefing.text import split_sentences

    arts = make_articles(5 * stories)
    day = []
    for i in range(stories):
        group = arts[5 * i : 5 * i + 5]
        first = split_sentences(group[0].body)[:5]
        summary = tuple(Sentence(x, x, group[0].id, k, "de", "de") for k, x in enumerate(first))
        day.append(Story(id=f"s{i}", articles=tuple(group), summary=summary))
    t0, c0 = time.perf_counter(), time.process_time()
    rank_stories(day, Settings())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"rank {stories} stories of 5 articles: {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> None:
    if not GNAD.is_file():
        sys.exit(f"{GNAD}: evaluation data not found")
    if len(sys.argv) > 2 and sys.argv[1] == "--rank":
        rank_only(int(sys.argv[2]))
        return
    if len(sys.argv) > 2 and sys.argv[1] in {"--near", "--days"}:
        days = int(sys.argv[3]) if len(sys.argv) > 3 else 1
        shape = sys.argv[1][2:]
        print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
        print(json.dumps(run_shape(shape, int(sys.argv[2]), days)))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    sizes = [int(x) for x in sys.argv[1:]] or [1000, 10000, 50000]
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    for n in sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            print(f"{n}: failed\n{proc.stderr}", file=sys.stderr)
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{r['articles']:>6} articles: {r['seconds']:>7.2f} s wall, {r['cpu_seconds']:>7.2f} s CPU, "
            f"peak RSS {r['peak_rss_mib']} MiB "
            f"(data alone {r['rss_before_mib']} MiB), {r['stories']} stories, "
            f"largest {r['largest']}"
        )


if __name__ == "__main__":
    main()
