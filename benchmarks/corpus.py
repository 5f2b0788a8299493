"""Scale real German news text to a benchmark corpus of any size (deterministic, seeded).

    python benchmarks/corpus.py --articles 10000 --days 3 --out /tmp/corpus-10k [--format txt]

The text pool is real: the 10kGNAD bodies of ``../shared/evaldata/summaries/*.jsonl``, the
main text of the ``../shared/evaldata/html-de`` pages (extracted once with trafilatura, cached
next to the corpus) and the seed articles in ``fixtures/``. From it the generator makes a news
corpus over several days: each day has events (pool documents) of Zipf-like popularity, so a
few big stories carry many articles and most carry one or two; every article is a variation of
its event's text (lead kept, a subset of sentences, paragraphs shuffled, a sentence of another
document mixed in, its own title and outlet), and about 15 % are wire copies of another
article of the same day (same text, another outlet, a one-line edit).

Formats: ``txt`` (one file per article, `` date YYYY-MM-DD`` header like fixtures 001-003,
title, blank line, paragraphs), ``jsonl`` (one file per day, ``title``/``text``/``date``/
``source``/``url`` records), ``html`` (one page per article with site chrome around
``<article>``), or ``mixed`` (70 % txt, 20 % jsonl, 10 % html). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALDATA = ROOT.parent / "shared" / "evaldata"
FIXTURES = ROOT / "fixtures"

OUTLETS = [
    "Tagesblatt", "Rheinische Rundschau", "Nordkurier Online", "Süddeutsche Presse",
    "Hauptstadt-Anzeiger", "Westfalen-Post", "Alpenland Nachrichten", "Elbe-Zeitung",
    "Mitteldeutsches Journal", "Ostsee-Bote", "Frankfurter Abendblatt", "Donau-Kurier",
    "Berliner Morgen", "Hessische Allgemeine Online", "Wiener Tagblatt", "Zürcher Zeitung",
]  # fmt: skip
AGENCIES = ["dpa", "AFP", "Reuters", "APA", "epd", "KNA"]
_SENT_RE = re.compile(r"(?<=[.!?»“\"])\s+(?=[A-ZÄÖÜ„»\"0-9])")
_HEADER_RE = re.compile(r"^\s*date\s+\d{4}-\d\d-\d\d\s*", re.IGNORECASE)
_BR_RE = re.compile(r"<\s*br\s*\\?/?\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Doc:
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    id: str
    date: dt.date
    title: str
    source: str
    url: str
    paragraphs: tuple[str, ...]


def _split(text: str) -> list[str]:
    # A light splitter is enough to vary the text; the product's own splitter runs later.
    return [s.strip() for s in _SENT_RE.split(text) if len(s.strip()) > 25]


def _title_from(text: str) -> str:
    words = text.split()
    return " ".join(words[: min(len(words), 9)]).rstrip(",.;:")


def _gnad_docs() -> list[Doc]:
    docs = []
    for path in sorted((EVALDATA / "summaries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            sents = _split(rec["text"])
            if len(sents) >= 3:
                docs.append(Doc(_title_from(rec.get("reference") or sents[0]), tuple(sents)))
    return docs


def _fixture_docs() -> list[Doc]:
    docs = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = _BR_RE.sub("\n\n", _HEADER_RE.sub("", path.read_text(encoding="utf-8")))
        body = [p for p in re.split(r"\n\s*\n", text) if len(p) > 120]
        sents = [s for p in body for s in _split(p)]
        if len(sents) >= 3:
            docs.append(Doc(_title_from(sents[0]), tuple(sents)))
    return docs


def _html_docs(cache: Path) -> list[Doc]:
    if cache.is_file():
        return [Doc(d["title"], tuple(d["sentences"])) for d in json.loads(cache.read_text())]
    import trafilatura

    docs = []
    gold = EVALDATA / "html-de" / "gold.jsonl"
    if not gold.is_file():
        return []
    for line in gold.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        page = (EVALDATA / "html-de" / rec["file"]).read_text(encoding="utf-8", errors="replace")
        text = trafilatura.extract(page, include_comments=False) or ""
        sents = _split(text.replace("\n", " "))
        if len(sents) >= 4 and rec.get("title"):
            docs.append(Doc(rec["title"], tuple(sents[:40])))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([{"title": d.title, "sentences": d.sentences} for d in docs]))
    return docs


def load_pool(cache_dir: Path | None = None, with_html: bool = True) -> list[Doc]:
    """Every real German document the generator varies (10kGNAD, html-de, fixtures)."""
    pool = _gnad_docs() + _fixture_docs()
    if with_html:
        pool += _html_docs((cache_dir or Path("/tmp")) / "briefing-bench-html-pool.json")
    if not pool:
        sys.exit(f"no source text found under {EVALDATA} or {FIXTURES}")
    return pool


def _vary(doc: Doc, other: Doc, rng: random.Random) -> list[str]:
    sents = list(doc.sentences)
    lead, rest = sents[0], sents[1:]
    keep = max(2, int(len(rest) * rng.uniform(0.5, 1.0)))
    rest = rng.sample(rest, min(keep, len(rest)))
    rest.sort(key=sents.index)
    if rng.random() < 0.3 and other.sentences:
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(other.sentences))
    body = ([lead] if rng.random() < 0.8 else []) + rest
    paras, i = [], 0
    while i < len(body):
        n = rng.randint(2, 4)
        paras.append(" ".join(body[i : i + n]))
        i += n
    if len(paras) > 2 and rng.random() < 0.5:
        head, tail = paras[:1], paras[1:]
        rng.shuffle(tail)
        paras = head + tail
    return paras


def generate(
    n: int,
    days: int,
    pool: list[Doc],
    *,
    seed: int = 1,
    start: dt.date = dt.date(2025, 11, 24),
    wire_share: float = 0.15,
) -> list[Record]:
    """``n`` articles spread evenly over ``days`` days, deterministic for a given seed."""
    rng = random.Random(seed)
    out: list[Record] = []
    per_day = [n // days + (1 if d < n % days else 0) for d in range(days)]
    for d, count in enumerate(per_day):
        date = start + dt.timedelta(days=d)
        events = rng.sample(pool, len(pool))  # today's ranking of the pool
        weights = [1.0 / (r + 1) ** 0.9 for r in range(len(events))]
        today: list[Record] = []
        for i in range(count):
            if today and rng.random() < wire_share:
                src = rng.choice(today)
                paras = list(src.paragraphs)
                paras[-1] = paras[-1] + f" ({rng.choice(AGENCIES)})"
                title = src.title
            else:
                doc = rng.choices(events, weights)[0]
                paras = _vary(doc, rng.choice(pool), rng)
                title = doc.title if rng.random() < 0.5 else _title_from(paras[0])
            outlet = rng.choice(OUTLETS)
            key = hashlib.sha1(f"{seed}-{d}-{i}".encode()).hexdigest()[:12]
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower())[:50].strip("-")
            url = f"https://{outlet.lower().replace(' ', '-')}.example/{date:%Y/%m/%d}/{slug}-{key}"
            rec = Record(key, date, title, outlet, url, tuple(paras))
            today.append(rec)
        out.extend(today)
    return out


def _txt(rec: Record) -> str:
    return (
        f" date {rec.date.isoformat()}\n{rec.title}\n\nQuelle: {rec.source}\n\n"
        + "\n\n".join(rec.paragraphs)
        + "\n"
    )


def _html(rec: Record) -> str:
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in rec.paragraphs)
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{e(rec.title)} | '
        f'{e(rec.source)}</title><meta property="article:published_time" '
        f'content="{rec.date.isoformat()}T08:00:00+01:00"><meta property="og:site_name" '
        f'content="{e(rec.source)}"><link rel="canonical" href="{e(rec.url)}"></head><body>'
        f'<nav><a href="/">Startseite</a> <a href="/politik">Politik</a> '
        f'<a href="/sport">Sport</a></nav><main><article><h1>{e(rec.title)}</h1>'
        f'<time datetime="{rec.date.isoformat()}">{rec.date:%d.%m.%Y}</time>\n{body}'
        f"</article><aside><h2>Mehr zum Thema</h2><ul><li>Weitere Nachrichten</li></ul></aside>"
        f"</main><footer>© {e(rec.source)} · Impressum · Datenschutz</footer></body></html>\n"
    )


def write(records: list[Record], out: Path, fmt: str = "txt", seed: int = 1) -> int:
    """Write ``records`` under ``out`` in ``fmt``; returns the number of files written."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 7)
    jsonl: dict[dt.date, list[str]] = {}
    files = 0
    for rec in records:
        kind = fmt
        if fmt == "mixed":
            r = rng.random()
            kind = "txt" if r < 0.7 else "jsonl" if r < 0.9 else "html"
        folder = out / rec.date.isoformat()
        if kind == "jsonl":
            jsonl.setdefault(rec.date, []).append(
                json.dumps(
                    {
                        "title": rec.title,
                        "text": "\n\n".join(rec.paragraphs),
                        "date": rec.date.isoformat(),
                        "source": rec.source,
                        "url": rec.url,
                        "language": "de",
                    },
                    ensure_ascii=False,
                )
            )
            continue
        folder.mkdir(exist_ok=True)
        if kind == "txt":
            (folder / f"{rec.id}.txt").write_text(_txt(rec), encoding="utf-8")
        else:
            (folder / f"{rec.id}.html").write_text(_html(rec), encoding="utf-8")
        files += 1
    for date, lines in jsonl.items():
        (out / date.isoformat()).mkdir(exist_ok=True)
        (out / date.isoformat() / "articles.jsonl").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
        files += 1
    return files


def make_corpus(
    out: Path, articles: int, days: int = 3, fmt: str = "txt", seed: int = 1, with_html: bool = True
) -> Path:
    """Generate and write a corpus (reused when ``out`` already holds the same one)."""
    stamp = out / ".corpus.json"
    want = {"articles": articles, "days": days, "format": fmt, "seed": seed, "with_html": with_html}
    if stamp.is_file() and json.loads(stamp.read_text()) == want:
        return out
    pool = load_pool(out.parent, with_html=with_html)
    write(generate(articles, days, pool, seed=seed), out, fmt, seed)
    stamp.write_text(json.dumps(want))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--format", choices=["txt", "jsonl", "html", "mixed"], default="txt")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--no-html-pool",
        action="store_true",
        help="leave the html-de pages out of the text pool (faster first run)",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    make_corpus(
        args.out, args.articles, args.days, args.format, args.seed, with_html=not args.no_html_pool
    )
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"{args.articles} articles over {args.days} days -> {args.out} "
        f"({size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s)"
    )


if __name__ == "__main__":
    main()
