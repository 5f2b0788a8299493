"""Make a synthetic multi-outlet RSS-teaser version of a labelled stories folder.

Real teaser days (RSS items of several outlets: a headline and one or two sentences each) are
not in the development set, so this derives one from it: every article becomes a teaser of
outlet A (its headline and first sentence), and every second article (by a stable hash) also a
teaser of outlet B (its kicker as headline, its second and third sentences as text): the same
event told in other words by another outlet. Gold labels and top 5 carry over.

    .venv/bin/python benchmarks/teaser_days.py ../shared/evaldata/stories/ /tmp/teasers/
    briefing eval stories /tmp/teasers/
"""

from __future__ import annotations

import json
import shutil
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make(src: Path, dst: Path) -> None:
    from briefing.text import split_sentences

    dst.mkdir(parents=True, exist_ok=True)
    for gold in sorted(src.glob("gold-*.jsonl")):
        day = gold.stem[len("gold-") :]
        labels = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
        by_path = {g["path"]: g for g in labels}
        inputs = sorted({g["path"].rpartition("#")[0] for g in labels})
        out_a: list[str] = []
        out_b: list[str] = []
        gold_out: list[str] = []
        for name in inputs:
            lines = (src / name).read_text(encoding="utf-8").splitlines()
            for n, line in enumerate(lines, 1):
                rec = json.loads(line)
                g = by_path.get(f"{name}#{n}")
                if g is None:
                    continue
                sents = split_sentences(rec.get("text", ""), "de")
                a = dict(rec, source="outlet-a.example", text=" ".join(sents[:1]))
                out_a.append(json.dumps(a, ensure_ascii=False))
                gold_out.append(json.dumps(dict(g, path=f"a-{day}.jsonl#{len(out_a)}")))
                if zlib.crc32(g["path"].encode()) % 2 == 0 and len(sents) >= 3:
                    b = dict(
                        rec,
                        source="outlet-b.example",
                        title=rec.get("kicker") or sents[1][:60],
                        text=" ".join(sents[1:3]),
                    )
                    out_b.append(json.dumps(b, ensure_ascii=False))
                    gold_out.append(json.dumps(dict(g, path=f"b-{day}.jsonl#{len(out_b)}")))
        (dst / f"a-{day}.jsonl").write_text("\n".join(out_a) + "\n", encoding="utf-8")
        (dst / f"b-{day}.jsonl").write_text("\n".join(out_b) + "\n", encoding="utf-8")
        (dst / f"gold-{day}.jsonl").write_text("\n".join(gold_out) + "\n", encoding="utf-8")
        top = src / f"top5-{day}.json"
        if top.is_file():
            shutil.copy(top, dst / top.name)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    make(Path(sys.argv[1]), Path(sys.argv[2]))
