"""Clustering stays bounded whatever the day's shape: components without all pairs, large
groups in slices, and group-to-group average linkage equal to scipy's on made-up vectors."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.preprocessing import normalize

import briefing.cluster as cluster
from briefing.models import Article, Paragraph


def random_rows(n: int, dim: int, seed: int) -> csr_matrix:
    rng = np.random.default_rng(seed)
    centres = rng.random((4, dim)) ** 4
    rows = centres[rng.integers(0, 4, n)] + 0.6 * rng.random((n, dim)) ** 6
    return normalize(csr_matrix(rows))


def partition(groups: list[list[int]]) -> set[frozenset[int]]:
    return {frozenset(g) for g in groups}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_group_linkage_equals_exact_average_linkage(seed: int) -> None:
    x = random_rows(60, 30, seed)
    for threshold in (0.3, 0.5, 0.7):
        exact = cluster._average_link(x, np.arange(60), threshold)
        singles = cluster._merge_groups(x, [[i] for i in range(60)], threshold)
        assert partition(singles) == partition(exact)
        # joining the exact clusters of two halves keeps every row and never adds a group
        halves = cluster._average_link(x, np.arange(30), threshold) + cluster._average_link(
            x, np.arange(30, 60), threshold
        )
        joined = cluster._merge_groups(x, halves, threshold)
        assert sum(len(g) for g in joined) == 60
        assert len(joined) <= len(halves)


def test_components_match_the_full_graph() -> None:
    x = random_rows(300, 20, 5)
    sim = (x @ x.T).toarray()
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(csr_matrix(sim >= 0.8), directed=False)
    expected = {frozenset(np.flatnonzero(labels == k).tolist()) for k in set(labels.tolist())}
    old = cluster._BLOCK_PRODUCTS
    try:
        cluster._BLOCK_PRODUCTS = 500  # many small blocks: the spanning forest carries over
        got = {frozenset(c.tolist()) for c in cluster._components(x, 0.8)}
    finally:
        cluster._BLOCK_PRODUCTS = old
    assert got == expected


def test_a_day_of_template_items_is_cut_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many similar weather items of one feed (one connected group) still cluster, in slices."""
    rng = random.Random(3)
    towns = [f"Ort{chr(65 + i)}{chr(65 + j)}" for i in range(6) for j in range(6)]
    day = dt.date(2024, 1, 9)
    items = []
    for i in range(120):
        a, b = rng.sample(towns, 2)
        text = f"Unwetterwarnung für {a} und {b}: Sturmböen bis {rng.randint(60, 120)} km/h."
        items.append(
            Article(id=f"w{i:03d}", path=f"f.xml#{i}", paragraphs=(Paragraph(text),), date=day)
        )
    monkeypatch.setattr(cluster, "MAX_COMPONENT", 25)
    sliced = cluster.cluster_day(items, 0.16)
    assert sorted(a.id for c in sliced for a in c) == sorted(a.id for a in items)
    assert len(sliced) < len(items)  # items sharing towns were joined across slices
