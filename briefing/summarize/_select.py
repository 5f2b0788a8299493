"""Ranking strategies that need no sumy (lead, the default news scorer) and the shared selection:
redundancy removal, length by sentences or words, readable order."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from ._candidates import Candidate
from ._facts import same_fact

__all__ = [
    "FEATURES",
    "default_scores",
    "drop_repeats",
    "rank_default",
    "rank_lead",
    "select",
    "sentence_features",
    "similar",
]

# Two sentences "say the same" above these overlaps of their content-word stems.
REPEAT_COSINE = 0.8  # copies (wire text carried twice, quotes with other quote marks)
REDUNDANT_COSINE = 0.5  # too close to sit in one summary
REDUNDANT_CONTAINMENT = 0.75  # one sentence is (almost) inside the other

# How far down each article the default scorer looks for centrality: leads matter most, and
# capping the pool keeps a 200-article story fast.
CENTRALITY_POOL = 12
POSITION_DECAY = 1.5  # exp(-rank / decay): 1.0, 0.51, 0.26, 0.14, ...
_NUMBER_RE = re.compile(r"\d")
_QUOTE_START_RE = re.compile(r"^[«»„“”\"‚‘'‹›]")
# Sentences that lean on the one before them read badly out of context.
_DANGLING = frozenset(
    "er sie es dies dieser diese dieses dabei dazu damit daher deshalb doch aber auch "
    "zudem außerdem ebenfalls jedoch trotzdem dennoch denn hier dort dann".split()
)


def similar(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """Cosine and containment of two stem sets."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / math.sqrt(len(a) * len(b)), common / min(len(a), len(b))


def _redundant(c: Candidate, chosen: Sequence[Candidate], cosine: float) -> bool:
    for other in chosen:
        cos, contain = similar(c.stems, other.stems)
        if cos >= cosine or contain >= REDUNDANT_CONTAINMENT:
            return True
        if same_fact(c.text, other.text, c.language):  # one fact in other words
            return True
    return False


def _stem_matrix(cands: Sequence[Candidate], dtype: Any = None) -> Any:
    """A sparse candidates x stems matrix of ones (at least one column)."""
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, c in enumerate(cands):
        for s in c.stems:
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=dtype or np.float64), (rows, cols)),
        shape=(len(cands), max(len(vocab), 1)),
    )


def _overlaps(cands: Sequence[Candidate]) -> tuple[Any, Any]:
    """Sparse matrix of shared stem counts between candidates, and each one's stem count."""
    import numpy as np

    x = _stem_matrix(cands, np.float32)
    sizes = np.asarray(x.sum(axis=1), dtype=np.float64).ravel()
    return (x @ x.T).tocsr(), sizes


def drop_repeats(cands: Sequence[Candidate]) -> list[Candidate]:
    """Usable candidates with near-copies of an earlier candidate removed (first kept)."""
    import numpy as np

    usable = [c for c in cands if not c.fragment]
    if len(usable) < 2:
        return usable
    shared, sizes = _overlaps(usable)
    kept = np.zeros(len(usable), dtype=bool)
    for i in range(len(usable)):
        start, end = shared.indptr[i], shared.indptr[i + 1]
        cols = shared.indices[start:end]
        vals = shared.data[start:end]
        mask = (cols < i) & kept[cols]
        if mask.any() and sizes[i] > 0:
            common, other = vals[mask], sizes[cols[mask]]
            cosine = common / np.sqrt(sizes[i] * other)
            containment = common / np.minimum(sizes[i], other)
            if (cosine >= REPEAT_COSINE).any() or (containment >= REDUNDANT_CONTAINMENT).any():
                continue
        kept[i] = True
    return [c for c, k in zip(usable, kept, strict=True) if k]


def rank_lead(cands: Sequence[Candidate]) -> list[Candidate]:
    """Lead: the first sentences of each report, round robin over the articles."""
    return sorted(cands, key=lambda c: (c.rank, c.article_index))


def _centrality(cands: Sequence[Candidate]) -> list[float]:
    """LexRank (idf-weighted cosine graph, PageRank with damping), vectorised with numpy."""
    import numpy as np
    from scipy import sparse

    n = len(cands)
    if n == 0:
        return []
    if not any(c.stems for c in cands):
        return [0.0] * n
    x = _stem_matrix(cands)
    df = np.asarray(x.sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    x = x.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    sim = (x @ x.T).tocsr()
    sim.data = (sim.data >= 0.1).astype(np.float64)
    sim.setdiag(0.0)
    sim.eliminate_zeros()
    deg = np.asarray(sim.sum(axis=1)).ravel()
    deg[deg == 0] = 1.0
    trans_t = (sparse.diags(1.0 / deg) @ sim).T.tocsr()
    damping = 0.85
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * (trans_t @ p)
        done = np.abs(nxt - p).sum() < 1e-8
        p = nxt
        if done:
            break
    top = p.max()
    return [float(v / top) if top > 0 else 0.0 for v in p]


# The learned scorer: a ridge regression of each sentence's ROUGE-1 F1 against the reference
# summary on a few features (so that it cannot memorise pages), fitted on the dev sets by
# ``scripts/fit_sentence_scorer.py``, which writes ``_weights.py`` and reports cross-validated
# figures. Features, in order:
FEATURES = (
    "lead",  # the first usable sentence of its report
    "position",  # exp(-rank / POSITION_DECAY)
    "inverse_rank",  # 1 / (1 + rank)
    "log_words",  # log(1 + words)
    "long",  # over 45 words
    "short",  # under 10 words
    "centrality",  # LexRank over the story's leading sentences, 0..1
    "keyword_share",  # share of its content stems repeated elsewhere in its article
    "number",  # a digit: dates, amounts, counts
    "quote",  # opens with a quote mark: the speaker is missing
    "dangling",  # opens with a word that needs the sentence before ("Er", "Dies", "Doch")
    "paragraph_start",  # opens its paragraph
    "names",  # share of capitalised words inside the sentence (names, places, nouns)
)


def _keyword_share(cands: Sequence[Candidate]) -> dict[int, float]:
    """For each candidate, the share of its stems that other sentences of its article use."""
    from collections import Counter

    by_article: dict[int, Counter[str]] = {}
    for c in cands:
        by_article.setdefault(c.article_index, Counter()).update(c.stems)
    out: dict[int, float] = {}
    for c in cands:
        counts = by_article[c.article_index]
        out[id(c)] = sum(1 for s in c.stems if counts[s] > 1) / len(c.stems) if c.stems else 0.0
    return out


def _names_share(text: str) -> float:
    tokens = text.split()[1:]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t[:1].isupper()) / len(tokens)


def sentence_features(cands: Sequence[Candidate]) -> dict[int, list[float]]:
    """The :data:`FEATURES` of every usable candidate, keyed by ``id(candidate)``."""
    usable = [c for c in cands if not c.fragment]
    pool = [c for c in usable if c.rank < CENTRALITY_POOL]
    central = dict(zip((id(c) for c in pool), _centrality(pool), strict=True))
    keywords = _keyword_share(usable)
    out: dict[int, list[float]] = {}
    for c in usable:
        first = c.text.split(" ", 1)[0].strip('„“"«»,').lower()
        out[id(c)] = [
            1.0 if c.rank == 0 else 0.0,
            math.exp(-c.rank / POSITION_DECAY),
            1.0 / (1 + c.rank),
            math.log1p(c.n_words),
            1.0 if c.n_words > 45 else 0.0,
            1.0 if c.n_words < 10 else 0.0,
            central.get(id(c), 0.0),
            keywords[id(c)],
            1.0 if _NUMBER_RE.search(c.text) else 0.0,
            1.0 if _QUOTE_START_RE.match(c.text) else 0.0,
            1.0 if first in _DANGLING and c.rank > 0 else 0.0,
            1.0 if c.paragraph_start else 0.0,
            _names_share(c.text),
        ]
    return out


def default_scores(
    cands: Sequence[Candidate], weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Score usable candidates with the learned linear scorer (``weights``: intercept first,
    then one per feature; the shipped fit when None)."""
    if weights is None:
        from ._weights import WEIGHTS

        weights = WEIGHTS
    bias, coef = weights[0], weights[1:]
    return {
        key: bias + sum(w * x for w, x in zip(coef, row, strict=True))
        for key, row in sentence_features(cands).items()
    }


def rank_default(
    cands: Sequence[Candidate], weights: Sequence[float] | None = None
) -> list[Candidate]:
    """The default news ranking (ties broken by article order, then position)."""
    scores = default_scores(cands, weights)
    usable = [c for c in cands if not c.fragment]
    return sorted(usable, key=lambda c: (-scores[id(c)], c.article_index, c.position))


def select(
    ranked: Sequence[Candidate],
    *,
    sentences: int,
    words: int | None,
) -> list[Candidate]:
    """Take candidates in rank order, skipping redundant ones, until ``sentences`` or ``words``.

    With ``words`` the summary never exceeds that many words, unless no single sentence fits
    (then it is the best sentence alone). The result is in reading order: article (given in
    time order), then position.
    """
    chosen: list[Candidate] = []
    total = 0
    limit = sentences if words is None else len(ranked)
    for c in ranked:
        if len(chosen) >= limit:
            break
        if words is not None and total + c.n_words > words:
            continue
        if _redundant(c, chosen, REDUNDANT_COSINE):
            continue
        chosen.append(c)
        total += c.n_words
    if not chosen and ranked:
        chosen = [ranked[0]]  # nothing fits the word budget: one sentence beats none

    return sorted(chosen, key=lambda c: (c.article_index, c.position))
