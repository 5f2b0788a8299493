"""The default summarizer's learned sentence scorer: a few features that carry across outlets.

A linear model (ridge regression, fitted by ``scripts/fit_sentence_scorer.py``, weights in
``_weights.py``) over features that mean the same on any news page: where the sentence stands
in its report, how long it is beside the report's own lead sentences, how much it shares with
the headline and with the rest of the story, and whether it names people, places or figures.
Nothing depends on an outlet's markup or words, so that the fit cannot memorise pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from ._candidates import Candidate

__all__ = ["FEATURES", "LEAD_SENTENCES", "scores", "sentence_features"]

POSITION_DECAY = 1.5  # exp(-rank / decay): 1.0, 0.51, 0.26, 0.14, ...
CENTRALITY_POOL = 12  # how far down each report centrality looks (leads matter most)
LEAD_SENTENCES = 3  # the report's own lead, the yardstick of a sentence's length
_NUMBER_RE = re.compile(r"\d")
_QUOTED_RE = re.compile(r"[„“”\"«»‹›][^„“”\"«»‹›]*[„“”\"«»‹›]")
_FINAL_RE = re.compile(r"[.!?…]['\"’”“«»‹›)\]]*$")
FEATURES = (
    "lead",  # the first usable sentence of its report
    "position",  # exp(-rank / POSITION_DECAY)
    "relative_position",  # rank / (usable sentences of the report - 1), 0..1
    "relative_length",  # log(words / mean words of the report's first three sentences)
    "centrality",  # LexRank over the story's leading sentences, 0..1
    "headline_overlap",  # share of its content stems that the report's headline uses
    "keyword_share",  # share of its content stems repeated elsewhere in its report
    "names",  # share of capitalised words inside the sentence (names, places, nouns)
    "number",  # a digit: dates, amounts, counts
    "quote_share",  # share of its characters inside quote marks (speech, not report)
    "dangling",  # opens with a word that needs the sentence before (``dangling_opener``)
    "standfirst",  # a line of its own at the top without a final stop (a teaser line)
)


def _keyword_share(usable: Sequence[Candidate]) -> dict[int, float]:
    """For each candidate, the share of its stems that other sentences of its report use."""
    by_article: dict[int, Counter[str]] = {}
    for c in usable:
        by_article.setdefault(c.article_index, Counter()).update(c.stems)
    out: dict[int, float] = {}
    for c in usable:
        counts = by_article[c.article_index]
        out[id(c)] = sum(1 for s in c.stems if counts[s] > 1) / len(c.stems) if c.stems else 0.0
    return out


def _report_shape(usable: Sequence[Candidate]) -> tuple[dict[int, int], dict[int, float]]:
    """Per report: its number of usable sentences and the mean words of its first three."""
    count: Counter[int] = Counter(c.article_index for c in usable)
    lead_words: dict[int, list[int]] = {}
    for c in usable:
        if c.rank < LEAD_SENTENCES:
            lead_words.setdefault(c.article_index, []).append(c.n_words)
    mean = {k: sum(v) / len(v) for k, v in lead_words.items()}
    return dict(count), mean


def _names_share(text: str) -> float:
    tokens = text.split()[1:]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t[:1].isupper()) / len(tokens)


def _quote_share(text: str) -> float:
    if not text:
        return 0.0
    return min(1.0, sum(len(m.group()) for m in _QUOTED_RE.finditer(text)) / len(text))


def _headline_overlap(c: Candidate) -> float:
    if not c.stems or not c.headline:
        return 0.0
    return len(c.stems & c.headline) / len(c.stems)


def _row(
    c: Candidate, central: float, keywords: float, count: int, lead_mean: float
) -> list[float]:
    from ._select import dangling_opener

    return [
        1.0 if c.rank == 0 else 0.0,
        math.exp(-c.rank / POSITION_DECAY),
        c.rank / (count - 1) if count > 1 else 0.0,
        max(-2.0, min(2.0, math.log(max(c.n_words, 1) / max(lead_mean, 1.0)))),
        central,
        _headline_overlap(c),
        keywords,
        _names_share(c.text),
        1.0 if _NUMBER_RE.search(c.text) else 0.0,
        _quote_share(c.text),
        1.0 if c.rank > 0 and dangling_opener(c.text, c.language) else 0.0,
        1.0 if c.rank == 0 and c.paragraph_start and not _FINAL_RE.search(c.text) else 0.0,
    ]


def sentence_features(cands: Sequence[Candidate]) -> dict[int, list[float]]:
    """The :data:`FEATURES` of every usable candidate, keyed by ``id(candidate)``."""
    from ._select import _centrality as centrality

    usable = [c for c in cands if not c.fragment]
    pool = [c for c in usable if c.rank < CENTRALITY_POOL]
    central = dict(zip((id(c) for c in pool), centrality(pool), strict=True))
    keywords = _keyword_share(usable)
    count, lead_mean = _report_shape(usable)
    return {
        id(c): _row(
            c,
            central.get(id(c), 0.0),
            keywords[id(c)],
            count[c.article_index],
            lead_mean.get(c.article_index, float(c.n_words)),
        )
        for c in usable
    }


def scores(cands: Sequence[Candidate], weights: Sequence[float] | None = None) -> dict[int, float]:
    """Score usable candidates with the linear scorer (``weights``: intercept first, then one
    per feature; the shipped fit when None), keyed by ``id(candidate)``."""
    if weights is None:
        from ._weights import WEIGHTS

        weights = WEIGHTS
    bias, coef = weights[0], weights[1:]
    return {
        key: bias + sum(w * x for w, x in zip(coef, row, strict=True))
        for key, row in sentence_features(cands).items()
    }
