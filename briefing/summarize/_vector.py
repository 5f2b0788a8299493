"""LexRank, TextRank and LSA as sumy computes them, on matrices (numpy/scipy).

sumy's implementations compare every pair of sentences in Python loops (LexRank, TextRank) or
decompose a dense words x sentences matrix (LSA): 26-102 s and 600 MB for one 58-article day.
These functions compute the same ratings from sparse term-count matrices:

- LexRank: TF (divided by the sentence's largest TF) x IDF (``log(n / (1 + df))``) vectors,
  cosine similarity, edges above 0.1 set to 1 and divided by the row's degree, sumy's power
  method (epsilon 0.1);
- TextRank: edge weight = common words counted with repeats / (log len_i + log len_j), rows
  normalised (+1e-7), damping 0.85, sumy's power method (epsilon 1e-4);
- LSA: sumy keeps every singular dimension (reduction ratio 1), so a sentence's rank
  sqrt(sum_k sigma_k^2 v_kj^2) is exactly the norm of its column of the smoothed term matrix
  (0.4 + 0.6 tf / max tf in every cell of a non-empty column); no SVD is needed.

The words are sumy's own (its tokenizer, ``normalize_word``, stemmer and stop words), so the
ratings equal sumy's up to floating-point rounding; ``tests/test_summarize_vector.py`` compares
the rankings with sumy's on real articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

__all__ = ["rate_sentences"]


def _counts(docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Sentences x terms matrix of term counts."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, words in enumerate(docs):
        for w in words:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    data = np.ones(len(rows), dtype=np.float64)
    m = sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), max(1, len(vocab))))
    m.sum_duplicates()
    return m


def _power(transposed: Any, epsilon: float, normalise: bool) -> np.ndarray:
    """sumy's power method (LexRank normalises each step, TextRank does not)."""
    n = transposed.shape[0]
    p = np.full(n, 1.0 / n)
    lam = 1.0
    while lam > epsilon:
        nxt = transposed @ p
        if normalise:
            size = float(np.linalg.norm(nxt))
            if size == 0.0:
                # No sentence has an edge (every word of every sentence has IDF 0, e.g. two
                # sentences sharing nothing): all are equally central, not NaN (sumy's result).
                return np.zeros(n)
            nxt = nxt / size
        lam = float(np.linalg.norm(nxt - p))
        p = nxt
    return np.asarray(p)


def _lexrank(docs: Sequence[Sequence[str]], threshold: float = 0.1) -> np.ndarray:
    c = _counts(docs)
    n = c.shape[0]
    tf_max = c.max(axis=1).toarray().ravel()
    tf_max[tf_max == 0] = 1.0
    tf = sparse.diags(1.0 / tf_max) @ c
    df = np.asarray((c > 0).sum(axis=0)).ravel()
    idf = np.log(n / (1.0 + df))
    a = (tf @ sparse.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(a.multiply(a).sum(axis=1)).ravel())
    sim = (a @ a.T).toarray()
    ok = norms > 0
    denom = np.outer(norms, norms)
    cos = np.zeros_like(sim)
    both = np.outer(ok, ok)
    cos[both] = sim[both] / denom[both]
    matrix = (cos > threshold).astype(np.float64)
    degrees = matrix.sum(axis=1)
    degrees[degrees == 0] = 1.0
    matrix /= degrees[:, None]
    return _power(matrix.T, 0.1, normalise=True)


def _textrank(docs: Sequence[Sequence[str]], damping: float = 0.85) -> np.ndarray:
    c = _counts(docs)
    n = c.shape[0]
    common = (c @ c.T).toarray()
    lengths = np.array([len(d) for d in docs], dtype=np.float64)
    logs = np.log(np.where(lengths > 0, lengths, 1.0))
    norm = logs[:, None] + logs[None, :]
    weights = np.zeros_like(common)
    nz = common != 0
    small = np.isclose(norm, 0.0)
    weights[nz & small] = common[nz & small]
    big = nz & ~small
    weights[big] = common[big] / norm[big]
    weights /= weights.sum(axis=1)[:, None] + 1e-7
    matrix = np.full((n, n), (1.0 - damping) / n) + damping * weights
    return _power(matrix.T, 1e-4, normalise=False)


def _lsa(docs: Sequence[Sequence[str]], smooth: float = 0.4) -> np.ndarray:
    """``docs`` here: per sentence the stems counted by sumy's LSA (those in its dictionary);
    the dictionary size is the number of distinct stems of the whole document."""
    c = _counts(docs)
    words = len({w for d in docs for w in d})
    col_max = c.max(axis=1).toarray().ravel()  # sentences are rows here
    out = np.zeros(c.shape[0])
    has = col_max > 0
    f = sparse.diags(np.where(has, 1.0 / np.where(has, col_max, 1.0), 0.0)) @ c
    s1 = np.asarray(f.sum(axis=1)).ravel()
    s2 = np.asarray(f.multiply(f).sum(axis=1)).ravel()
    k = 1.0 - smooth
    sq = words * smooth**2 + 2 * smooth * k * s1 + k**2 * s2
    out[has] = np.sqrt(sq[has])
    return out


def rate_sentences(algorithm: str, docs: Sequence[Sequence[str]]) -> np.ndarray:
    """One rating per sentence (higher is better), as sumy's ``algorithm`` would give it."""
    if not docs:
        return np.zeros(0)
    if algorithm == "lexrank":
        return _lexrank(docs)
    if algorithm == "textrank":
        return _textrank(docs)
    if algorithm == "lsa":
        return _lsa(docs)
    raise ValueError(f"no vectorized {algorithm}")
