"""Why the stories of labelled days rank where they do: the ranking features of each story.

For every day of a folder laid out like ``evaldata/stories/`` (or a teaser version of it from
``teaser_days.py``), the project's own build from an empty state, as ``briefing eval stories``
scores it; one line per predicted story among the first ``--top`` and per story holding a gold
top-5 story: rank, score, outlets, distinct texts, reports once per outlet, growth, class, whether
it reports a decision taken, which gold top-5 stories it holds (#1..#5) and its gold labels.

    .venv/bin/python benchmarks/rank_features.py ../shared/evaldata/stories/ [--top 8]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> None:
    from briefing.config import load_settings
    from briefing.evaluation.stories import ingest_day, load_days, ranked_stories, story_keys
    from briefing.rank import growth, outlet_reports
    from briefing.sections import story_decided, story_section

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--top", type=int, default=8, help="every story among the first TOP")
    args = ap.parse_args(argv)
    settings = replace(load_settings(None), date=None)
    for gold in load_days(args.folder):
        articles = ingest_day(gold, settings)
        by_id = {a.id: a for a in articles}
        print(f"== {gold.day}  gold top 5: {', '.join(gold.top5)}")
        for i, s in enumerate(ranked_stories(gold.day, articles, settings), 1):
            labels = Counter(gold.story.get(k, "?") for k in story_keys(s, by_id))
            held = [f"#{gold.top5.index(x) + 1}" for x in labels if x in gold.top5]
            if i > args.top and not held:
                continue
            decided = "decided" if story_decided(s.articles) else ""
            print(
                f"{i:3d} {s.score:6.2f} outlets={len(s.outlets)} texts={s.original_reports} "
                f"reports={outlet_reports(s)} growth={growth(s)} {story_section(s.articles):7s} "
                f"{decided:7s} {','.join(held):6s} {dict(labels)} | {s.title_original[:60]}"
            )


if __name__ == "__main__":
    main()
