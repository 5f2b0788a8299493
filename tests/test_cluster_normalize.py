"""Row normalisation of the clustering's term vectors: sklearn's ``normalize`` without sklearn."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from briefing.cluster import _normalize_rows


def test_rows_get_unit_norm_and_empty_rows_stay_zero() -> None:
    # a made-up matrix: empty rows first, in the middle and last (the edge cases of CSR offsets)
    dense = np.array([[0, 0, 0], [3.0, 4.0, 0], [0, 0, 0], [0, 2.0, 0], [1.0, 1.0, 1.0], [0, 0, 0]])
    m = csr_matrix(dense)
    _normalize_rows(m)
    got = m.toarray()
    norms = np.linalg.norm(dense, axis=1)
    want = np.divide(dense, norms[:, None], out=np.zeros_like(dense), where=norms[:, None] > 0)
    np.testing.assert_allclose(got, want, rtol=1e-15)
    assert got[1].tolist() == [0.6, 0.8, 0.0]


def test_matches_sklearn_on_random_sparse_rows() -> None:
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(7)
    dense = rng.random((40, 30)) * (rng.random((40, 30)) < 0.1)
    m = csr_matrix(dense)
    want = normalize(csr_matrix(dense), norm="l2").toarray()
    _normalize_rows(m)
    np.testing.assert_allclose(m.toarray(), want, rtol=1e-12, atol=1e-15)


def test_an_all_empty_matrix() -> None:
    m = csr_matrix((3, 4))
    _normalize_rows(m)
    assert m.nnz == 0


def test_token_lookups_kept_across_calls_give_the_same_terms() -> None:
    """The token cache (stems, name kinds, Zipf values, compound parts) is pure: a second
    call, served from it, gives the very terms of the first (a made-up two-report day)."""
    from briefing.cluster import _token_info, article_terms
    from briefing.models import Article, Paragraph

    arts = [
        Article(id=f"t{i}", path=f"t{i}.txt", paragraphs=(Paragraph(text),), title=title)
        for i, (title, text) in enumerate(
            [
                ("GDL-Streik legt Bahn lahm", "Die GDL streikt. Pendler warten in Köln auf Züge."),
                ("Streik der GDL", "Der Streik der GDL trifft Pendler und die Deutsche Bahn."),
            ]
        )
    ]
    _token_info.cache_clear()
    first = [article_terms(a) for a in arts]
    assert _token_info.cache_info().misses > 0
    hits = _token_info.cache_info().hits
    assert [article_terms(a) for a in arts] == first
    assert _token_info.cache_info().hits > hits
