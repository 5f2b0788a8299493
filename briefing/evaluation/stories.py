"""Score story clustering and ranking on labelled days (``briefing eval stories DIR``).

The folder is laid out like ``evaldata/stories/``: per day ``gold-DAY.jsonl`` (one line per
article: ``path`` = input file name + ``#N``, ``story``, ``family``), ``top5-DAY.json`` (the
desk editor's five stories) and the input files the gold paths name. Each day is built as
``briefing build FILE --date DAY`` builds it from an empty state (ingest -> dedup -> cluster ->
threads -> rank; no summaries, translation or rendering: they do not change the stories or
their order), and scored as the folder's README says: pairwise and B-cubed P/R/F1 on
``story`` and on ``family``, the split share of multi-article gold stories, the gold top-5
stories among the first five and the rank of the gold #1 story. Beside it, in the same run:
a TF-IDF average-linkage baseline (threshold 0.2, ranked by size) and the all-singletons
floor (ranked in input order).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..jsonl import json_lines
from ..models import Article, Story

__all__ = [
    "BASELINE",
    "BASELINE_THRESHOLD",
    "BRIEFING",
    "FLOOR",
    "DayScore",
    "GoldDay",
    "SystemScore",
    "baseline_stories",
    "briefing_stories",
    "evaluate",
    "floor_stories",
    "format_table",
    "load_days",
    "ranked_stories",
    "score_day",
    "story_keys",
]

log = logging.getLogger(__name__)

BRIEFING = "briefing"
BASELINE = "tfidf-avg-0.2"
FLOOR = "singletons"
BASELINE_THRESHOLD = 0.2
_GOLD_RE = re.compile(r"^gold-(\d{4}-\d{2}-\d{2})\.jsonl$")

# A system turns one day's ingested articles into ranked stories of article path keys.
System = Callable[[dt.date, Sequence[Article], Settings], list[list[str]]]


def path_key(path: str) -> str:
    """``tagesschau-DAY.jsonl#3`` for any folder the file was read from."""
    name, sep, item = path.rpartition("#")
    if not sep:
        return Path(path).name
    return f"{Path(name).name}#{item}"


@dataclass(frozen=True)
class GoldDay:
    day: dt.date
    story: dict[str, str]  # path key -> gold story slug
    family: dict[str, str]  # path key -> gold family slug
    top5: tuple[str, ...]  # gold story slugs, rank order
    inputs: tuple[Path, ...]  # the input files the gold paths name


def _find_input(folder: Path, name: str) -> Path:
    direct = folder / name
    if direct.is_file():
        return direct
    found = sorted(p for p in folder.rglob(name) if p.is_file())
    if not found:
        raise InputError(f"{folder}: the gold names {name}, which is not in the folder")
    return found[0]


def load_days(folder: Path) -> list[GoldDay]:
    """The labelled days of ``folder`` (one ``gold-DAY.jsonl`` each), in date order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    days: list[GoldDay] = []
    for gold in sorted(folder.iterdir()):
        m = _GOLD_RE.match(gold.name)
        if not m:
            continue
        day = dt.date.fromisoformat(m.group(1))
        story: dict[str, str] = {}
        family: dict[str, str] = {}
        names: dict[str, None] = {}
        for n, rec, problem in json_lines(gold.read_text(encoding="utf-8")):
            if problem:
                raise InputError(f"{gold}:{n}: not a gold line ({problem})")
            try:
                key = path_key(str(rec["path"]))
                story[key] = str(rec["story"])
                family[key] = str(rec.get("family") or rec["story"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{gold}:{n}: not a gold line ({exc})") from None
            names.setdefault(key.rpartition("#")[0] or key, None)
        top5: tuple[str, ...] = ()
        top_file = folder / f"top5-{day.isoformat()}.json"
        if top_file.is_file():
            try:
                data = json.loads(top_file.read_text(encoding="utf-8"))
                items = sorted(data["top5"], key=lambda x: int(x["rank"]))
                top5 = tuple(str(x["story"]) for x in items)
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{top_file}: not a top-5 file ({exc})") from None
        inputs = tuple(_find_input(folder, name) for name in names)
        days.append(GoldDay(day, story, family, top5, inputs))
    if not days:
        raise InputError(f"{folder}: no gold-YYYY-MM-DD.jsonl file")
    return days


# ---------------------------------------------------------------- systems


def ranked_stories(day: dt.date, articles: Sequence[Article], settings: Settings) -> list[Story]:
    """The project's own build of one day, from an empty state: its stories, ranked."""
    from .. import cluster, rank, threads
    from ..dedup import fold_duplicates
    from ..store import Store

    folded = fold_duplicates(list(articles))
    members = cluster.group_by_day(folded, settings.timezone).get(day, [])
    stories = [
        Story(id="", articles=tuple(c))
        for c in cluster.cluster_day(members, settings.cluster_threshold)
    ]
    with Store(":memory:") as store:
        stories = threads.assign_threads(day, stories, store, settings.thread_options())
    return rank.rank_stories(stories, settings.rank_options())


def story_keys(story: Story, by_id: dict[str, Article]) -> list[str]:
    """The path keys of a story's articles and of the copies folded into them."""
    keys: list[str] = []
    for a in story.articles:
        keys.append(path_key(a.path))
        keys.extend(path_key(by_id[d].path) for d in a.duplicates if d in by_id)
    return keys


def briefing_stories(
    day: dt.date, articles: Sequence[Article], settings: Settings
) -> list[list[str]]:
    """The project's own build of one day, from an empty state: ranked stories of path keys."""
    by_id = {a.id: a for a in articles}
    return [story_keys(s, by_id) for s in ranked_stories(day, articles, settings)]


def _day_articles(day: dt.date, articles: Sequence[Article], settings: Settings) -> list[Article]:
    from ..cluster import group_by_day

    return group_by_day(list(articles), settings.timezone).get(day, [])


def baseline_stories(
    day: dt.date,
    articles: Sequence[Article],
    settings: Settings,
    threshold: float = BASELINE_THRESHOLD,
) -> list[list[str]]:
    """Plain TF-IDF (title + text, stop words out) average linkage at cosine ``threshold``,
    no dedup, ranked by size (then input order)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ..text import stop_words

    docs = _day_articles(day, articles, settings)
    if len(docs) < 2:
        return [[path_key(a.path)] for a in docs]
    texts = [f"{a.title or ''}\n{a.text}" for a in docs]
    stops = sorted(stop_words(docs[0].language or "de"))
    try:
        x = TfidfVectorizer(lowercase=True, stop_words=stops).fit_transform(texts)
    except ValueError:  # no word at all
        return [[path_key(a.path)] for a in docs]
    sim = (x @ x.T).toarray()
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(
        linkage(squareform(dist, checks=False), method="average"),
        t=1.0 - threshold + 1e-9,
        criterion="distance",
    )
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    return [[path_key(docs[i].path) for i in g] for g in ordered]


def floor_stories(day: dt.date, articles: Sequence[Article], settings: Settings) -> list[list[str]]:
    """Every article its own story, in input order."""
    return [[path_key(a.path)] for a in _day_articles(day, articles, settings)]


SYSTEMS: dict[str, System] = {
    BRIEFING: briefing_stories,
    BASELINE: baseline_stories,
    FLOOR: floor_stories,
}


# ---------------------------------------------------------------- scores


@dataclass
class DayScore:
    day: str
    articles: int
    gold_stories: int
    predicted_stories: int
    pair_p: float | None  # None: no predicted pair ("-")
    pair_r: float
    pair_f1: float
    b3_p: float
    b3_r: float
    b3_f1: float
    split: float
    family_pair_f1: float
    family_b3_f1: float
    top5_hits: int
    top5_of: int
    rank1: int | None  # rank of the first story representing the gold #1; None: none does
    rank1_lenient: int | None  # rank of the first story holding any article of the gold #1

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        for k, v in d.items():
            if isinstance(v, float):
                d[k] = round(v, 4)
        return d


@dataclass
class SystemScore:
    system: str
    days: list[DayScore] = field(default_factory=list)

    def mean(self, name: str) -> float | None:
        vals = [getattr(d, name) for d in self.days]
        vals = [v for v in vals if v is not None]
        return sum(vals) / len(vals) if vals else None

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    def to_dict(self) -> dict[str, Any]:
        means = {
            k: (round(v, 4) if (v := self.mean(k)) is not None else None)
            for k in (
                "pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1", "split",
                "family_pair_f1", "family_b3_f1",
            )
        }  # fmt: skip
        means["top5_hits"] = self.total("top5_hits")
        means["top5_of"] = self.total("top5_of")
        means["rank1_first"] = sum(1 for d in self.days if d.rank1 == 1)
        means["rank1_top3"] = sum(1 for d in self.days if d.rank1 is not None and d.rank1 <= 3)
        return {"system": self.system, "days": [d.to_dict() for d in self.days], "mean": means}


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for k, lab in labels.items():
        groups.setdefault(lab, []).append(k)
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        members.sort()
        out.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float | None, float, float]:
    g, p = _pairs(gold), _pairs(pred)
    tp = len(g & p)
    prec = tp / len(p) if p else None
    rec = tp / len(g) if g else 0.0
    return prec, rec, (_f1(prec, rec) if prec is not None else 0.0)


def _bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    gsets: dict[str, set[str]] = {}
    psets: dict[str, set[str]] = {}
    for k in gold:
        gsets.setdefault(gold[k], set()).add(k)
        psets.setdefault(pred[k], set()).add(k)
    ps = rs = 0.0
    for k in gold:
        g, c = gsets[gold[k]], psets[pred[k]]
        inter = len(g & c)
        ps += inter / len(c)
        rs += inter / len(g)
    n = len(gold)
    prec, rec = ps / n, rs / n
    return prec, rec, _f1(prec, rec)


def score_day(gold: GoldDay, ranked: Sequence[Sequence[str]]) -> DayScore:
    """Score one day's ranked predicted stories (lists of path keys) against its gold."""
    pred: dict[str, str] = {}
    order: list[list[str]] = []
    for i, story in enumerate(ranked):
        members = [k for k in story if k in gold.story and k not in pred]
        for k in members:
            pred[k] = f"p{i}"
        order.append(members)
    for k in gold.story:  # a gold article missing from the output is a predicted singleton
        if k not in pred:
            pred[k] = f"missing:{k}"
    pair_p, pair_r, pair_f1 = _pairwise(gold.story, pred)
    b3_p, b3_r, b3_f1 = _bcubed(gold.story, pred)
    _, _, fam_pair_f1 = _pairwise(gold.family, pred)
    _, _, fam_b3_f1 = _bcubed(gold.family, pred)

    gold_sets: dict[str, set[str]] = {}
    for k, s in gold.story.items():
        gold_sets.setdefault(s, set()).add(k)
    multi = [m for m in gold_sets.values() if len(m) >= 2]
    split = sum(1 for m in multi if len({pred[k] for k in m}) > 1) / len(multi) if multi else 0.0

    top_rank = {s: i for i, s in enumerate(gold.top5)}

    def represents(members: list[str]) -> str | None:
        if not members:
            return None
        counts = Counter(gold.story[k] for k in members)
        return max(
            counts,
            key=lambda s: (counts[s], len(gold_sets[s]), -top_rank.get(s, 99), s),
        )

    reps = [represents(m) for m in order]
    hits = len(set(gold.top5) & {r for r in reps[:5] if r is not None})
    rank1 = rank1_lenient = None
    if gold.top5:
        first = gold.top5[0]
        rank1 = next((i + 1 for i, r in enumerate(reps) if r == first), None)
        rank1_lenient = next(
            (i + 1 for i, m in enumerate(order) if any(gold.story[k] == first for k in m)), None
        )
    return DayScore(
        day=gold.day.isoformat(),
        articles=len(gold.story),
        gold_stories=len(gold_sets),
        predicted_stories=len(set(pred.values())),
        pair_p=pair_p,
        pair_r=pair_r,
        pair_f1=pair_f1,
        b3_p=b3_p,
        b3_r=b3_r,
        b3_f1=b3_f1,
        split=split,
        family_pair_f1=fam_pair_f1,
        family_b3_f1=fam_b3_f1,
        top5_hits=hits,
        top5_of=len(gold.top5),
        rank1=rank1,
        rank1_lenient=rank1_lenient,
    )


def ingest_day(gold: GoldDay, settings: Settings) -> list[Article]:
    """The gold day's input files as ``briefing build`` reads them (no dedup yet)."""
    from ..ingest import read_inputs

    result = read_inputs(list(gold.inputs), settings.ingest_options())
    for s in result.skipped:
        log.warning("skipped %s: %s", s.path, s.reason)
    return list(result.articles)


def evaluate(
    folder: Path,
    settings: Settings,
    systems: Sequence[str] = (BRIEFING, BASELINE, FLOOR),
    days: Sequence[str] | None = None,
) -> list[SystemScore]:
    """Score every system on every labelled day of ``folder`` (or only ``days``)."""
    gold_days = load_days(Path(folder))
    if days:
        wanted = set(days)
        gold_days = [g for g in gold_days if g.day.isoformat() in wanted]
        if not gold_days:
            raise InputError(f"{folder}: none of the days {', '.join(days)} is labelled")
    # The state must be empty and no date filter may hide a day: each day from scratch.
    settings = replace(settings, date=None)
    scores = [SystemScore(name) for name in systems]
    for gold in gold_days:
        articles = ingest_day(gold, settings)
        for sc in scores:
            ranked = SYSTEMS[sc.system](gold.day, articles, settings)
            sc.days.append(score_day(gold, ranked))
    return scores


# ---------------------------------------------------------------- table


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _rank(v: int | None) -> str:
    return "-" if v is None else str(v)


def format_table(scores: Sequence[SystemScore]) -> str:
    """Per day and on average, one row per system."""
    head = (
        f"{'day':<10} {'system':<14} {'gold':>4} {'pred':>4} {'pairP':>6} {'pairR':>6} "
        f"{'pairF1':>6} {'b3P':>6} {'b3R':>6} {'b3F1':>6} {'split':>6} {'famB3':>6} "
        f"{'top5':>5} {'#1':>3} {'#1any':>5}"
    )
    lines = [head, "-" * len(head)]
    if not scores:
        return "\n".join(lines)
    for i in range(len(scores[0].days)):
        for sc in scores:
            d = sc.days[i]
            lines.append(
                f"{d.day:<10} {sc.system:<14} {d.gold_stories:>4} {d.predicted_stories:>4} "
                f"{_fmt(d.pair_p):>6} {_fmt(d.pair_r):>6} {_fmt(d.pair_f1):>6} "
                f"{_fmt(d.b3_p):>6} {_fmt(d.b3_r):>6} {_fmt(d.b3_f1):>6} {_fmt(d.split):>6} "
                f"{_fmt(d.family_b3_f1):>6} {f'{d.top5_hits}/{d.top5_of}':>5} "
                f"{_rank(d.rank1):>3} {_rank(d.rank1_lenient):>5}"
            )
    lines.append("-" * len(head))
    for sc in scores:
        m = sc.to_dict()["mean"]
        first = f"{m['rank1_first']}/{len(sc.days)}"
        hits = f"{m['top5_hits']}/{m['top5_of']}"
        lines.append(
            f"{'mean':<10} {sc.system:<14} {'':>4} {'':>4} "
            f"{_fmt(m['pair_p']):>6} {_fmt(m['pair_r']):>6} {_fmt(m['pair_f1']):>6} "
            f"{_fmt(m['b3_p']):>6} {_fmt(m['b3_r']):>6} {_fmt(m['b3_f1']):>6} "
            f"{_fmt(m['split']):>6} {_fmt(m['family_b3_f1']):>6} "
            f"{hits:>5} {first:>3} "
            f"{'top3 ' + str(m['rank1_top3']):>5}"
        )
    lines.append(
        "mean = average over days (pair P over days where any pair was predicted); top5 = gold "
        "top-5 stories among the first five, summed; #1 = rank of the gold #1 story "
        "(mean row: days where it is first; top3: days where it is among the first three); "
        "#1any = first story holding any of its articles"
    )
    return "\n".join(lines)
