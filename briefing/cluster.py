"""Days and stories: articles grouped by publication day, then into stories by text similarity.

Features (see ``docs/clustering.md``): Snowball stems of the content words (stop words and pure
numbers left out), names and places weighted up (capitalised tokens inside a sentence that do not
look like German common nouns, and acronyms), the headline weighted up, short chrome-like lines
(menus, teaser headlines, tag lines) and paragraphs an outlet repeats across its articles of the
day (its page template) weighted down; log term frequency times smoothed IDF over
the day, L2-normalised (scikit-learn's ``TfidfTransformer``).

Stories are average-link clusters at cosine ``threshold``. To stay sub-quadratic in memory, the
similarity graph is built from a sparse, chunked product (terms in more than
``max(200, 2 %)`` of the day's articles are dropped first, as with scikit-learn's ``max_df``);
average linkage then runs exactly inside each connected component of that graph.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
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
MAX_COMPONENT = 2000  # larger connected groups use average linkage on the sparse graph
_CHUNK = 500  # rows of the similarity product computed at a time

_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_SENT_END_RE = re.compile(r"[.!?:;»«\"“”„‘’)\]…]\s*$")
# the first word of a line or of a sentence (after . ! ? : and an optional closing quote)
_START_RE = re.compile(r"(?:^|(?<=[.!?:])[«»\"“”„‚‘’]?\s+)[^\w\n]*(\w+(?:[-'’]\w+)*)", re.M)
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


class _Featurizer:
    """Token -> (stem, name kind) with per-call caches (a day has far fewer types than tokens)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.stops = stop_words(lang)
        # kind: 0 ordinary word, 1 name-like inside a sentence, 2 acronym (a name anywhere)
        self.info: dict[str, tuple[str | None, int]] = {}

    def _lookup(self, tok: str) -> tuple[str | None, int]:
        keep = not (tok.isdigit() or len(tok) < 2 or tok.lower() in self.stops)
        stem = stems([tok], self.lang)[0] if keep else None
        kind = 2 if _ACRONYM_RE.match(tok) else 1 if _is_name(tok, False) else 0
        self.info[tok] = (stem, kind)
        return stem, kind

    def add_text(self, text: str, weight: float, out: dict[str, float]) -> None:
        """Add the weighted content stems of ``text`` (lines separated by newlines) to ``out``."""
        info = self.info
        get = out.get
        extra = NAME_WEIGHT - 1.0
        starts = Counter(_START_RE.findall(text))
        for tok, count in Counter(_TOKEN_RE.findall(text)).items():
            stem, kind = info.get(tok) or self._lookup(tok)
            if stem is None:
                continue
            if kind:
                # a capitalised word opening a sentence is no evidence of a name (acronyms are)
                named = count if kind == 2 else count - starts.get(tok, 0)
                out[stem] = get(stem, 0.0) + weight * (count + extra * named)
            else:
                out[stem] = get(stem, 0.0) + weight * count


def _para_key(text: str) -> str:
    return " ".join(text.lower().split())


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


def article_terms(
    article: Article,
    template: frozenset[str] = frozenset(),
    featurizers: dict[str, _Featurizer] | None = None,
) -> dict[str, float]:
    """Weighted stem counts of one article: headline and names up, chrome-like lines down.

    Paragraphs in ``template`` (see ``template_paragraphs``) count ``TEMPLATE_WEIGHT``.
    ``featurizers`` (language -> cache) may be shared by the calls of one clustering run.
    """
    lang = article.language or "de"
    if featurizers is None:
        featurizers = {}
    f = featurizers.get(lang) or featurizers.setdefault(lang, _Featurizer(lang))
    out: dict[str, float] = {}
    if article.title and not article.title_derived:
        f.add_text(article.title, TITLE_WEIGHT, out)
    groups: dict[float, list[str]] = {}
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
        groups.setdefault(weight, []).append(text)
    for weight, texts in groups.items():
        f.add_text("\n".join(texts), weight, out)
    return out


@dataclass
class _Vectors:
    matrix: csr_matrix  # rows L2-normalised
    vocabulary: dict[str, int]
    df: Any  # numpy array of document frequencies


def max_df(n: int) -> int:
    """Terms in more articles than this say nothing about which story an article tells."""
    return max(200, int(0.02 * n))


def term_vectors(docs: Sequence[Mapping[str, float]], prune: bool = False) -> _Vectors:
    """Log-TF x smoothed-IDF vectors (L2-normalised) of weighted term counts, as CSR rows.

    With ``prune``, terms in more than ``max_df(len(docs))`` documents are dropped first.
    """
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
    df = np.bincount(counts_m.indices, minlength=counts_m.shape[1])
    keep = np.flatnonzero(df <= max_df(len(docs)))
    if prune and 0 < len(keep) < len(df):
        counts_m = counts_m[:, keep].tocsr()
        inverse = {i: k for k, i in enumerate(keep.tolist())}
        vocab = {t: inverse[i] for t, i in vocab.items() if i in inverse}
        df = df[keep]
    tfidf = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=False)
    matrix = tfidf.fit_transform(counts_m).tocsr()
    return _Vectors(matrix=matrix, vocabulary=vocab, df=df)


def _similar_pairs(x: csr_matrix, threshold: float) -> tuple[Any, Any, Any]:
    """All pairs (i < j) with cosine >= threshold, from a chunked sparse product.

    Only pairs that share a term are ever materialised, one block of rows at a time, and each
    block is thresholded at once, so memory follows the number of similar pairs, not n².
    """
    import numpy as np

    n = x.shape[0]
    xt = x.T.tocsr()
    rows: list[Any] = []
    cols: list[Any] = []
    sims: list[Any] = []
    for lo in range(0, n, _CHUNK):
        hi = min(n, lo + _CHUNK)
        block = (x[lo:hi] @ xt).tocoo()
        keep = (block.data >= threshold - 1e-12) & (block.col > block.row + lo)
        rows.append(block.row[keep] + lo)
        cols.append(block.col[keep])
        sims.append(block.data[keep])
        del block
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
    if len(comp) <= 2:
        return [[int(i) for i in comp]]
    if len(comp) <= MAX_COMPONENT:
        return _average_link(x, comp, threshold)
    log.debug("average linkage over the similarity graph for a group of %d articles", len(comp))
    return _graph_average_link(comp, rows, cols, sims, threshold)


def _graph_average_link(
    comp: Any, rows: Any, cols: Any, sims: Any, threshold: float
) -> list[list[int]]:
    """Average linkage on the sparse similarity graph (pairs below the threshold count as 0).

    For groups too large for a dense matrix. Counting the missing pairs as 0 (their true value
    is below the threshold) makes it a little stricter than exact average linkage.
    """
    import heapq

    import numpy as np

    inside = np.isin(rows, comp)
    members: dict[int, list[int]] = {int(i): [int(i)] for i in comp}
    links: dict[int, dict[int, float]] = {i: {} for i in members}
    heap: list[tuple[float, int, int]] = []
    for r, c, s in zip(
        rows[inside].tolist(), cols[inside].tolist(), sims[inside].tolist(), strict=True
    ):
        links[r][c] = links[c][r] = s
        heap.append((-s, min(r, c), max(r, c)))
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        total = links.get(a, {}).get(b)
        if total is None:
            continue
        avg = total / (len(members[a]) * len(members[b]))
        if -neg != avg:
            continue  # stale: one of the two grew since this entry was pushed
        if avg < threshold:
            break
        if (len(members[b]), -b) > (len(members[a]), -a):
            a, b = b, a
        for c, s in links.pop(b).items():
            if c == a:
                continue
            del links[c][b]
            links[a][c] = links[c][a] = links[a].get(c, 0.0) + s
        del links[a][b]
        members[a].extend(members.pop(b))
        size = len(members[a])
        for c, s in links[a].items():
            avg = s / (size * len(members[c]))
            if avg >= threshold:  # a pair below it can only rise again after another merge
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return list(members.values())


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
    featurizers: dict[str, _Featurizer] = {}
    terms = [article_terms(a, template.get(a.id, frozenset()), featurizers) for a in docs]
    vec = term_vectors(terms, prune=True)
    rows, cols, sims = _similar_pairs(vec.matrix, threshold)
    groups: list[list[int]] = []
    for comp in _components(len(docs), rows, cols):
        groups.extend(_cluster_component(vec.matrix, comp, rows, cols, sims, threshold))
    clusters = [[docs[i] for i in sorted(g)] for g in groups]
    clusters.sort(key=lambda c: (-len(c), _sort_key(c[0])))
    return clusters
