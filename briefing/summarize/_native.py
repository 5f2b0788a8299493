"""sumy's Luhn, Edmundson, KL-Sum, SumBasic, Reduction and Random, computed without sumy.

Importing any sumy summarizer imports NLTK (its stemmers module does), about 2 s of CPU on every
build, and sumy's KL-Sum, SumBasic and Reduction compare every pair of sentences in Python
loops. These functions compute the same ratings as sumy 0.11's code, on the same words, with
one stemmer for all of them (``briefing.text.stem``: PyStemmer's Snowball, the stemmer the rest
of briefing uses; NLTK's older Snowball copy stems about 3% of German words differently, e.g.
"verzichtet"). ``tests/test_summarize_native.py`` runs sumy's own classes with that stemmer and
checks that the rankings are the very same. The greedy algorithms (KL-Sum, SumBasic) give
their ratings as -k for the sentence chosen k-th, as sumy does.

A sentence here is its word tokens (sumy's ``Sentence.words``); a document is the sentences in
sumy's document order (report by report), each with its paragraph (report) index.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["NATIVE_ALGORITHMS", "Doc", "rate_native"]

NATIVE_ALGORITHMS = ("luhn", "edmundson", "kl", "sumbasic", "reduction", "random")
Stem = Callable[[str], str]  # a lower-cased word -> its stem
Doc = tuple[Sequence[Sequence[str]], Sequence[int]]  # (each sentence's words, its paragraph)


def _content(
    sentences: Sequence[Sequence[str]], stops: frozenset[str], stem: Stem
) -> list[list[str]]:
    """Each sentence's stems of its non-stop words (sumy's ``_to_words_set``)."""
    return [[stem(w.lower()) for w in s if w.lower() not in stops] for s in sentences]


def _reduction(words: Sequence[Sequence[str]]) -> np.ndarray:
    """Sum of a sentence's edges: words in common (with repeats) / (log len_i + log len_j)."""
    from ._vector import _counts  # sparse: a dense product ran BLAS threads on 2 cores

    c = _counts(words)
    common = (c @ c.T).toarray()
    np.fill_diagonal(common, 0.0)
    logs = np.log(np.maximum([len(w) for w in words], 1))
    norm = logs[:, None] + logs[None, :]
    ok = (common != 0) & (norm != 0.0)
    edges = np.divide(common, norm, out=np.zeros_like(common), where=ok)
    return np.asarray(edges.sum(axis=1))


def _close(values: np.ndarray) -> np.ndarray:
    """``values`` rounded to 12 significant decimal digits: values equal in exact arithmetic
    stay equal whatever order their floats were summed in (so ties go to the first sentence, as
    in sumy's ``min``)."""
    mantissa, exponent = np.frexp(values)
    return np.asarray(np.ldexp(np.round(mantissa, 12), exponent))


def _greedy_ratings(order: list[int], n: int) -> np.ndarray:
    """-k for the sentence chosen k-th (sumy's greedy ratings)."""
    out = np.zeros(n)
    for k, i in enumerate(order):
        out[i] = -k
    return out


def _sumbasic(words: Sequence[Sequence[str]]) -> np.ndarray:
    """Pick the sentence of highest mean word probability, square its words' probabilities.

    The probabilities are squared down to 1e-30 and below, so genuinely different means can
    differ in the 15th digit: each mean is summed word by word in sentence order (a cumulative
    sum along the row), the very floats sumy's ``sum`` gives, not a reordered dot product."""
    vocab: dict[str, int] = {}
    for d in words:
        for w in d:
            vocab.setdefault(w, len(vocab))
    pad = len(vocab)  # a column of probability 0 after each sentence's last word
    width = max((len(d) for d in words), default=0)
    index = np.full((len(words), max(width, 1)), pad)
    for i, d in enumerate(words):
        index[i, : len(d)] = [vocab[w] for w in d]
    total = sum(len(d) for d in words)
    p = np.zeros(pad + 1)
    for d in words:
        for w in d:
            p[vocab[w]] += 1.0
    p[:pad] /= max(total, 1)
    lengths = np.array([max(len(d), 1) for d in words], dtype=np.float64)
    left = list(range(len(words)))
    order: list[int] = []
    while left:
        sums = np.cumsum(p[index[left]], axis=1)[:, -1]
        best = left.pop(int(np.argmax(sums / lengths[left])))
        order.append(best)
        for w in words[best]:  # a word counted twice is squared twice, as in sumy
            p[vocab[w]] *= p[vocab[w]]
    return _greedy_ratings(order, len(words))


def _kl(sentences: Sequence[Sequence[str]], stops: frozenset[str]) -> np.ndarray:
    """KL-Sum as sumy computes it: the document's frequencies count every word not in the stop
    list as written (so "Die" counts, lower-cased), a candidate's words are its lower-cased
    non-stop words, and the summary so far adds its raw words (as written) to each candidate."""
    content = [Counter(w.lower() for w in s if w.lower() not in stops) for s in sentences]
    doc_words = Counter(w.lower() for s in sentences for w in s if w not in stops)
    vocab: dict[str, int] = {}
    for w in [*doc_words, *(w for s in sentences for w in s)]:
        vocab.setdefault(w, len(vocab))
    doc = np.zeros(len(vocab) + 1)
    for w, k in doc_words.items():
        doc[vocab[w]] = k
    doc /= max(sum(doc_words.values()), 1)
    # the candidates' words as (sentence, column, count), only those the document rates
    # (sumy skips a word of zero document frequency)
    entries = [(i, vocab[w], k) for i, c in enumerate(content) for w, k in c.items()]
    rated = [e for e in entries if doc[e[1]] > 0]
    rows = np.array([e[0] for e in rated], dtype=np.int64)
    cols = np.array([e[1] for e in rated], dtype=np.int64)
    counts = np.array([e[2] for e in rated], dtype=np.float64)
    raw = [[vocab[w] for w in s] for s in sentences]
    lengths = np.array([sum(c.values()) for c in content], dtype=np.float64)
    return _kl_greedy(_KlDoc(rows, cols, counts, lengths, doc), raw)


class _KlDoc:
    """The candidates' rated words (COO), their lengths and the document's frequencies."""

    def __init__(
        self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray, lengths: np.ndarray,
        doc: np.ndarray,
    ) -> None:  # fmt: skip
        self.rows, self.cols, self.counts, self.lengths, self.doc = rows, cols, counts, lengths, doc
        d = doc[cols]
        self.d, self.dlogd = d, d * np.log(np.where(d > 0, d, 1.0))

    def divergences(self, summary: np.ndarray, summary_len: float) -> np.ndarray:
        """Each candidate's KL(document || candidate + summary), from its own words only.

        With J = c + u (candidate and summary counts) and T = their lengths, sumy sums
        d log(d T / J) over the words of J the document rates; over the summary's words U
        that is sum_U d (log d - log u) + log T sum_U d - sum_(U, c > 0) d log1p(c / u), and over
        the candidate's other words d (log d - log c) + d log T: a sum over the candidate's
        nonzero counts plus two constants, not over the vocabulary for every candidate."""
        n = len(self.lengths)
        has = summary > 0
        rated = has & (self.doc > 0)
        du = float(self.doc[rated].sum())
        au = float((self.doc[rated] * (np.log(self.doc[rated]) - np.log(summary[rated]))).sum())
        u = summary[self.cols]
        in_u = has[self.cols]
        safe_u = np.where(in_u, u, 1.0)
        own = np.where(
            in_u,
            -self.d * np.log1p(self.counts / safe_u),
            self.dlogd - self.d * np.log(self.counts),
        )
        s = np.bincount(self.rows, weights=own, minlength=n)
        dc = np.bincount(self.rows, weights=np.where(in_u, 0.0, self.d), minlength=n)
        total = self.lengths + summary_len
        log_t = np.log(np.where(total > 0, total, 1.0))
        return np.where(total > 0, log_t * (du + dc) + au + s, 0.0)


def _kl_greedy(doc: _KlDoc, raw: Sequence[Sequence[int]]) -> np.ndarray:
    """Add the candidate whose joint (candidate + summary) frequencies diverge least from the
    document's, until every sentence is in."""
    n = len(raw)
    summary, summary_len = np.zeros(len(doc.doc)), 0.0
    left = list(range(n))
    order: list[int] = []
    while left:
        kl = _close(doc.divergences(summary, summary_len)[left])
        best = left.pop(int(np.argmin(kl)))
        order.append(best)
        for k in raw[best]:  # the summary grows by the sentence's words as written
            summary[k] += 1.0
        summary_len += len(raw[best])
    return _greedy_ratings(order, n)


def _luhn_rating(stems: Sequence[str], significant: frozenset[str], gap: int = 4) -> float:
    """The best chunk of a sentence: significant words^2 / chunk length (sumy's Luhn)."""
    chunks: list[list[int]] = []
    in_chunk = False
    for s in stems:
        if s in significant and not in_chunk:
            in_chunk = True
            chunks.append([1])
        elif in_chunk:
            chunks[-1].append(int(s in significant))
        if chunks and chunks[-1][-gap:] == [0] * gap:
            in_chunk = False
    best = 0.0
    for chunk in chunks:
        while chunk and chunk[-1] == 0:
            chunk.pop()
        hits = sum(chunk)
        best = max(best, 0.0 if hits == 1 else hits**2 / len(chunk))
    return best


def _luhn(sentences: Sequence[Sequence[str]], stops: frozenset[str], stem: Stem) -> np.ndarray:
    counts = Counter(w for s in _content(sentences, stops, stem) for w in s)
    significant = frozenset(t for t, k in counts.items() if k > 1)
    every = [[stem(w.lower()) for w in s] for s in sentences]  # stop words too, as sumy
    return np.array([_luhn_rating(s, significant) for s in every])


def _edmundson(doc: Doc, key_words: Sequence[str], stem: Stem) -> np.ndarray:
    """Key method (bonus words occurring more than half as often as the most frequent one)
    plus location (first report +1, last report +1; a report's first sentence +1, its last
    +1); no headings, so the location method's heading words add nothing."""
    sentences, paragraphs = doc
    every = [[stem(w.lower()) for w in s] for s in sentences]
    bonus = frozenset(stem(w.lower()) for w in (tuple(key_words) or ("_",)))
    counts = Counter(w for s in every for w in s if w in bonus)
    top = max(counts.values(), default=0)
    significant = frozenset(w for w, k in counts.items() if top and k / top > 0.5)
    key = [float(sum(w in significant for w in s)) for s in every]
    first, last = (paragraphs[0], paragraphs[-1]) if paragraphs else (0, 0)
    out = np.zeros(len(sentences))
    for i, p in enumerate(paragraphs):
        starts = i == 0 or paragraphs[i - 1] != p
        ends = i == len(paragraphs) - 1 or paragraphs[i + 1] != p
        out[i] = key[i] + (p in (first, last)) + (starts or ends)
    return out


def _random(n: int) -> np.ndarray:
    """sumy's random ratings under ``random.seed(0)``, without touching the global state."""
    ratings = list(range(n))
    random.Random(0).shuffle(ratings)
    return np.array(ratings, dtype=np.float64)


def rate_native(
    algorithm: str, doc: Doc, stops: frozenset[str], stem: Stem, key_words: Sequence[str] = ()
) -> np.ndarray:
    """One rating per sentence of ``doc`` (higher is better), as sumy's ``algorithm`` gives it."""
    sentences = doc[0]
    if not sentences:
        return np.zeros(0)
    if algorithm == "luhn":
        return _luhn(sentences, stops, stem)
    if algorithm == "edmundson":
        return _edmundson(doc, key_words, stem)
    if algorithm == "kl":
        return _kl(sentences, stops)
    if algorithm == "sumbasic":
        return _sumbasic(_content(sentences, stops, stem))
    if algorithm == "reduction":
        return _reduction(_content(sentences, stops, stem))
    if algorithm == "random":
        return _random(len(sentences))
    raise ValueError(f"no native {algorithm}")
