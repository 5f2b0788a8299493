"""Count the noise in a build's summaries: chrome sentences, dangling openers, repeated facts.

Usage: python scripts/summary_noise.py OUT_DIR [--split tune|check] [--show]

OUT_DIR is a ``briefing build --format json`` output folder (one ``DAY/briefing.json`` per
day). The halves are the evaluation's (a hash of the first article's file name), so rules can
be tuned on one half and the other half reported. The detectors are the project's own
(``chrome_class``, ``dangling_opener``, ``same_fact``), so a before/after comparison uses the
same measure on both builds; ``--show`` prints every hit for reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefing.chrome import chrome_class
from briefing.evaluation.ingest import split_of
from briefing.summarize import is_question
from briefing.summarize._facts import same_fact
from briefing.summarize._select import dangling_opener
from briefing.text import content_words

# A second, plainer repeat measure beside ``same_fact``: most content stems of the shorter
# sentence in the other one.
NEAR_SHARE = 0.6


def _near_repeat(a: str, b: str, lang: str) -> bool:
    sa, sb = set(content_words(a, lang)), set(content_words(b, lang))
    if not sa or not sb:
        return False
    return len(sa & sb) >= NEAR_SHARE * min(len(sa), len(sb))


def _stories(out: Path, split: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(out.glob("*/briefing.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for day in data.get("days", []):
            for story in day.get("stories", []):
                first = story["articles"][0]["path"] if story.get("articles") else story["id"]
                if split is None or split_of(first) == split:
                    found.append(story)
    return found


def _count(story: dict[str, Any], show: bool) -> dict[str, int]:
    summary = story.get("summary") or []
    texts = [s["original"] for s in summary]
    lang = summary[0]["original_language"] if summary else "de"
    got = {"stories": 1, "sentences": len(texts), "chrome": 0, "dangling": 0, "repeats": 0}
    got["near_repeats"] = 0
    got["question_only"] = int(bool(texts) and all(is_question(t) for t in texts))
    notes = [t["original"] for t in story.get("timeline") or []]
    hits: list[str] = []
    for i, s in enumerate(summary):
        kind = chrome_class(s["original"])
        if kind:
            got["chrome"] += 1
            hits.append(f"chrome/{kind}: {s['original']}")
        before = summary[i - 1] if i else None
        follows = (
            before is not None
            and before["article_id"] == s["article_id"]
            and before["position"] < s["position"]
        )
        if s["position"] > 0 and not follows and dangling_opener(s["original"], lang):
            got["dangling"] += 1
            hits.append(f"dangling: {s['original']}")
    for group in (texts, notes):
        for i, a in enumerate(group):
            for b in group[:i]:
                if a == b or same_fact(a, b, lang):
                    got["repeats"] += 1
                    hits.append(f"repeat: {b} || {a}")
                elif _near_repeat(a, b, lang):
                    got["near_repeats"] += 1
                    hits.append(f"near repeat: {b} || {a}")
    if show and hits:
        print(f"## {story.get('title_original') or story.get('title')}")
        for h in hits:
            print("   ", h)
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", choices=("tune", "check"))
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    total: dict[str, int] = {}
    for story in _stories(args.out, args.split):
        for k, v in _count(story, args.show).items():
            total[k] = total.get(k, 0) + v
    print(json.dumps(total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
