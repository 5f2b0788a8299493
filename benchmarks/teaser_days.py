"""Make a synthetic multi-outlet RSS-teaser version of a labelled stories folder.

Real teaser days (RSS items of several outlets: a headline and one or two sentences each) are
not in the development set, so this derives one from it. Variant ``first`` (the default, the
one the clustering was tuned on): every article becomes a teaser of outlet A (its headline and
first sentence), and every second article (by a stable hash) also a teaser of outlet B (its
kicker as headline, its second and third sentences as text): the same event told in other
words by another outlet. Variant ``late`` (held back, never tuned on): other sentence choices
and a third outlet. Outlet C gives every article its headline and its *second* sentence; a
third of them (another hash) also come from outlet D (kicker as headline, the first
sentence), another third from outlet E (kicker as headline, the last two sentences of the
article's first 6). Gold labels and top 5 carry over.

    .venv/bin/python benchmarks/teaser_days.py ../shared/evaldata/stories/ /tmp/teasers/ [late]
    briefing eval stories /tmp/teasers/
"""

from __future__ import annotations

import json
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = ("first", "late")


def _teasers(rec: dict[str, Any], sents: list[str], key: str, variant: str) -> list[tuple]:
    """(outlet, title, text) of the teasers one article becomes."""
    kicker = rec.get("kicker")
    title = rec.get("title")
    if variant == "first":
        out = [("outlet-a", title, sents[:1])]
        if zlib.crc32(key.encode()) % 2 == 0 and len(sents) >= 3:
            out.append(("outlet-b", kicker or sents[1][:60], sents[1:3]))
        return out
    out = [("outlet-c", title, sents[1:2] or sents[:1])]
    third = zlib.crc32(f"late:{key}".encode()) % 3
    if third == 0 and kicker:
        out.append(("outlet-d", kicker, sents[:1]))
    elif third == 1 and len(sents) >= 4:
        out.append(("outlet-e", kicker or sents[0][:60], sents[:6][-2:]))
    return out


def make(src: Path, dst: Path, variant: str = "first") -> None:
    from briefing.text import split_sentences

    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}: not one of {', '.join(VARIANTS)}")
    dst.mkdir(parents=True, exist_ok=True)
    for gold in sorted(src.glob("gold-*.jsonl")):
        day = gold.stem[len("gold-") :]
        labels = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
        by_path = {g["path"]: g for g in labels}
        inputs = sorted({g["path"].rpartition("#")[0] for g in labels})
        outs: dict[str, list[str]] = {}
        gold_out: list[str] = []
        for name in inputs:
            lines = (src / name).read_text(encoding="utf-8").splitlines()
            for n, line in enumerate(lines, 1):
                rec = json.loads(line)
                g = by_path.get(f"{name}#{n}")
                if g is None:
                    continue
                sents = split_sentences(rec.get("text", ""), "de")
                for outlet, title, text in _teasers(rec, sents, g["path"], variant):
                    rows = outs.setdefault(outlet, [])
                    item = dict(rec, source=f"{outlet}.example", title=title, text=" ".join(text))
                    rows.append(json.dumps(item, ensure_ascii=False))
                    letter = outlet[-1]
                    gold_out.append(json.dumps(dict(g, path=f"{letter}-{day}.jsonl#{len(rows)}")))
        for outlet, rows in outs.items():
            text = "\n".join(rows) + "\n"
            (dst / f"{outlet[-1]}-{day}.jsonl").write_text(text, encoding="utf-8")
        (dst / f"gold-{day}.jsonl").write_text("\n".join(gold_out) + "\n", encoding="utf-8")
        top = src / f"top5-{day}.json"
        if top.is_file():
            shutil.copy(top, dst / top.name)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    make(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:])
