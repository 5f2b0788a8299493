"""Days and stories: articles grouped by publication day, then into stories by text similarity.

Features (see ``docs/clustering.md``): Snowball stems of the content words (stop words and pure
numbers left out), names and places weighted up (capitalised tokens inside a sentence that do not
look like German common nouns, and acronyms), the headline weighted up, short chrome-like lines
(menus, teaser headlines, tag lines) and paragraphs an outlet repeats across its articles of the
day (its page template) weighted down; log term frequency times smoothed IDF over
the day, L2-normalised (scikit-learn's ``TfidfTransformer``).

Stories are average-link clusters at cosine ``threshold``. To stay sub-quadratic in memory, the
similarity graph is built from a sparse, chunked product restricted to pairs that share at least
one distinctive term; average linkage then runs exactly inside each connected component.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .models import Article
from .text import stems, stop_words

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "group_by_day",
    "undated",
    "cluster_day",
    "article_terms",
    "template_paragraphs",
    "term_vectors",
    "DEFAULT_THRESHOLD",
]

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.30
NAME_WEIGHT = 2.0  # a name or place counts twice
TITLE_WEIGHT = 1.5  # the article's own headline (not a derived one)
SHORT_LINE_WEIGHT = 0.4  # a line of fewer than 8 words without a sentence end: chrome-like
TEMPLATE_WEIGHT = 0.1  # a paragraph the same outlet repeats in other articles of the day
MAX_COMPONENT = 2000  # larger components are split by raising the threshold before linkage
_CHUNK = 2000  # rows of the similarity product computed at a time

_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_SENT_END_RE = re.compile(r"[.!?:;»«\"“”„‘’)\]…]\s*$")
_BOUNDARY_RE = re.compile(r"[.!?:]\s*[«»\"“„‚‘]?\s*$")
_ACRONYM_RE = re.compile(r"^[A-ZÄÖÜ]{2,6}\d?$")
# Endings of German common nouns (and of capitalised adjectives at the start of a name):
# a capitalised word ending like this is treated as an ordinary noun, not as a name.
_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "ismus", "ität", "itäten", "nis", "nisse", "tum", "ment", "ling", "chen", "lein", "ei",
    "ik", "ur", "enz", "anz", "ie", "ien", "er", "ern", "en", "e", "es", "em",
)  # fmt: skip


def group_by_day(
    articles: Sequence[Article], tz: str = "Europe/Berlin"
) -> dict[date, list[Article]]:
    """Articles by publication day (``Article.date``, already in ``tz``), days in order.

    Articles without a date are left out; ``undated(articles)`` lists them for the run report.
    Within a day the input order is kept (``cluster_day`` does not depend on it).
    """
    days: dict[date, list[Article]] = {}
    for a in articles:
        if a.date is not None:
            days.setdefault(a.date, []).append(a)
    return {d: days[d] for d in sorted(days)}


def undated(articles: Sequence[Article]) -> list[Article]:
    """The articles ``group_by_day`` leaves out because they have no publication day."""
    return [a for a in articles if a.date is None]


def _is_name(token: str, sentence_start: bool) -> bool:
    if _ACRONYM_RE.match(token):
        return True
    if sentence_start or len(token) < 3 or not token[0].isupper() or token.isupper():
        return False
    low = token.lower()
    return not low.endswith(_NOUN_ENDINGS)


def _line_terms(line: str, weight: float, lang: str, out: Counter[str]) -> None:
    """Add the weighted content stems of one line (paragraph or title) to ``out``."""
    stops = stop_words(lang)
    toks: list[str] = []
    weights: list[float] = []
    prev_end = 0
    start = True
    for m in _TOKEN_RE.finditer(line):
        gap = line[prev_end : m.start()]
        if prev_end and _BOUNDARY_RE.search(gap):
            start = True
        prev_end = m.end()
        tok = m.group()
        name = _is_name(tok, start)
        start = False
        if tok.isdigit() or tok.lower() in stops or len(tok) < 2:
            continue
        toks.append(tok)
        weights.append(weight * (NAME_WEIGHT if name else 1.0))
    for s, w in zip(stems(toks, lang), weights, strict=True):
        out[s] += w


def _para_key(text: str) -> str:
    return " ".join(_TOKEN_RE.findall(text.lower()))


def template_paragraphs(articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """Per article id, the paragraphs its outlet repeats in other articles of the same set.

    A paragraph that one outlet (``Article.source``) prints in two different articles of a day
    is its page template (menus, teasers, cookie banners, comment prompts), not news; the same
    text carried by *different* outlets is wire copy and keeps its full weight.
    """
    seen: dict[tuple[str, str], set[str]] = {}
    for a in articles:
        if not a.source:
            continue
        for p in a.paragraphs:
            key = _para_key(p.text)
            if key:
                seen.setdefault((a.source, key), set()).add(a.id)
    out: dict[str, set[str]] = {}
    for (_, key), ids in seen.items():
        if len(ids) >= 2:
            for aid in ids:
                out.setdefault(aid, set()).add(key)
    return {aid: frozenset(keys) for aid, keys in out.items()}


def article_terms(article: Article, template: frozenset[str] = frozenset()) -> Counter[str]:
    """Weighted stem counts of one article: headline and names up, chrome-like lines down.

    Paragraphs in ``template`` (see ``template_paragraphs``) count ``TEMPLATE_WEIGHT``.
    """
    lang = article.language or "de"
    out: Counter[str] = Counter()
    if article.title and not article.title_derived:
        _line_terms(article.title, TITLE_WEIGHT, lang, out)
    for p in article.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        if template and _para_key(text) in template:
            weight = TEMPLATE_WEIGHT
        elif len(text.split()) < 8 and not _SENT_END_RE.search(text) and not p.heading:
            weight = SHORT_LINE_WEIGHT
        else:
            weight = 1.0
        _line_terms(text, weight, lang, out)
    return out


@dataclass
class _Vectors:
    matrix: csr_matrix  # rows L2-normalised
    vocabulary: dict[str, int]
    df: Any  # numpy array of document frequencies


def term_vectors(docs: Sequence[Counter[str]]) -> _Vectors:
    """Log-TF x smoothed-IDF vectors (L2-normalised) of weighted term counts, as CSR rows."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for counts in docs:
        for term in sorted(counts):
            idx = vocab.setdefault(term, len(vocab))
            indices.append(idx)
            data.append(math.log1p(counts[term]))
        indptr.append(len(indices))
    counts_m = csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(docs), max(len(vocab), 1)),
    )
    counts_m.sort_indices()
    tfidf = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=False)
    matrix = tfidf.fit_transform(counts_m).tocsr()
    df = np.bincount(counts_m.indices, minlength=counts_m.shape[1])
    return _Vectors(matrix=matrix, vocabulary=vocab, df=df)


def _similar_pairs(x: csr_matrix, df: Any, threshold: float) -> tuple[Any, Any, Any]:
    """Pairs (i < j) with cosine >= threshold that share at least one distinctive term.

    A term in more than ``max(200, 2% of the day)`` articles is "common": it still counts in
    the exact similarity, but sharing only common terms does not make two articles candidates.
    This keeps the sparse product (and memory) near-linear on large days.
    """
    import numpy as np

    n = x.shape[0]
    cap = max(200, int(0.02 * n))
    rare = np.flatnonzero(df <= cap)
    common = np.flatnonzero(df > cap)
    xr = x[:, rare].tocsr()
    xc = x[:, common].tocsr() if len(common) else None
    xrt = xr.T.tocsr()
    rows: list[Any] = []
    cols: list[Any] = []
    sims: list[Any] = []
    for lo in range(0, n, _CHUNK):
        hi = min(n, lo + _CHUNK)
        block = (xr[lo:hi] @ xrt).tocoo()
        keep = block.col > block.row + lo
        r = block.row[keep] + lo
        c = block.col[keep]
        s = block.data[keep]
        if xc is not None and len(r):
            # exact: the common-term part is added for the candidate pairs only
            s = s + np.asarray(xc[r].multiply(xc[c]).sum(axis=1)).ravel()
        ok = s >= threshold - 1e-12
        rows.append(r[ok])
        cols.append(c[ok])
        sims.append(s[ok])
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)


def _average_link(x: csr_matrix, members: Any, threshold: float) -> list[list[int]]:
    """Exact average-link clusters of ``members`` (row indices), cut at cosine ``threshold``."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sub = x[members]
    sim = (sub @ sub.T).toarray()
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = {}
    for m, lab in zip(members, labels, strict=True):
        groups.setdefault(int(lab), []).append(int(m))
    return list(groups.values())


def _components(n: int, rows: Any, cols: Any) -> list[Any]:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    splits = np.flatnonzero(np.diff(labels[order])) + 1
    return list(np.split(order, splits))


def _cluster_component(
    x: csr_matrix, comp: Any, rows: Any, cols: Any, sims: Any, threshold: float
) -> list[list[int]]:
    import numpy as np

    if len(comp) <= 2:
        return [[int(i) for i in comp]]
    if len(comp) <= MAX_COMPONENT:
        return _average_link(x, comp, threshold)
    # Too large for an exact dense linkage: split on stronger links first.
    inside = np.isin(rows, comp)
    r, c, s = rows[inside], cols[inside], sims[inside]
    raised = threshold + 0.05
    log.warning(
        "a connected group of %d articles is too large for exact linkage; splitting it at "
        "similarity %.2f first",
        len(comp),
        raised,
    )
    keep = s >= raised
    out: list[list[int]] = []
    for sub in _components(x.shape[0], r[keep], c[keep]):
        sub = sub[np.isin(sub, comp)]
        if len(sub):
            out.extend(_cluster_component(x, sub, r[keep], c[keep], s[keep], raised))
    return out


def _sort_key(a: Article) -> tuple[str, str]:
    return (a.id, a.path)


def cluster_day(
    articles: Sequence[Article], threshold: float = DEFAULT_THRESHOLD
) -> list[list[Article]]:
    """Stories of one day: average-link clusters of TF-IDF vectors at cosine ``threshold``.

    Pure and deterministic: the result does not depend on the input order. Members are sorted
    by article id; clusters by size (largest first), then by their first member's id.
    """
    docs = sorted(articles, key=_sort_key)
    if len(docs) <= 1:
        return [list(docs)] if docs else []
    template = template_paragraphs(docs)
    vec = term_vectors([article_terms(a, template.get(a.id, frozenset())) for a in docs])
    rows, cols, sims = _similar_pairs(vec.matrix, vec.df, threshold)
    groups: list[list[int]] = []
    for comp in _components(len(docs), rows, cols):
        groups.extend(_cluster_component(vec.matrix, comp, rows, cols, sims, threshold))
    clusters = [[docs[i] for i in sorted(g)] for g in groups]
    clusters.sort(key=lambda c: (-len(c), _sort_key(c[0])))
    return clusters


def label_clusters(clusters: Iterable[list[Article]], start: int = 0) -> dict[str, int]:
    """Article id -> integer cluster label, numbered in cluster order from ``start``."""
    labels: dict[str, int] = {}
    for k, members in enumerate(clusters, start):
        for a in members:
            labels[a.id] = k
    return labels
