"""The seed articles per ../shared/seeds/EXPECTED.md: days, stories, determinism."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import seeds

import briefing.cluster as cluster
from briefing.cluster import cluster_day, group_by_day, undated
from briefing.config import Settings
from briefing.models import Article, Paragraph

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "cluster"
GNAD_FILE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared" / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"
)  # fmt: skip


def ids(clusters: list[list[Article]]) -> list[list[str]]:
    return [[a.id for a in c] for c in clusters]


def test_seed_days_and_stories() -> None:
    s = seeds()
    days = group_by_day(list(s.values()))
    assert [d.isoformat() for d in days] == ["2025-09-05", "2025-11-27", "2025-11-28", "2025-12-03"]
    threshold = Settings().cluster_threshold
    assert ids(cluster_day(days[dt.date(2025, 11, 27)], threshold)) == [["000", "001"]]
    assert ids(cluster_day(days[dt.date(2025, 9, 5)], threshold)) == [["004"]]


def test_undated_articles_are_left_out_and_listed() -> None:
    s = seeds()
    loose = replace(s["001"], id="loose", date=None)
    days = group_by_day([s["000"], loose, s["002"]])
    assert sorted(a.id for v in days.values() for a in v) == ["000", "002"]
    assert [a.id for a in undated([s["000"], loose, s["002"]])] == ["loose"]


def background() -> list[Article]:
    if not GNAD_FILE.is_file():
        return []
    recs = [json.loads(x) for x in GNAD_FILE.read_text(encoding="utf-8").splitlines()]
    return [
        Article(id=f"g{r['id']:05d}", path="10kgnad", paragraphs=(Paragraph(r["text"]),))
        for r in recs[:150]
    ]


# Five articles on one topic from three different weeks forced onto one day: a day no outlet
# publishes. At the default threshold (0.16, chosen on the labelled real days, see
# docs/clustering.md) 004 joins 000-003 there; the precision setting an editor would pick for
# a day of one topic (0.30, "How to tune") keeps it apart. On their real days it is apart anyway.
PRECISION_THRESHOLD = 0.30


@pytest.mark.parametrize("with_background", [False, True])
def test_all_seeds_on_one_day_keep_004_apart(with_background: bool) -> None:
    """Put on one day, 004 (coalition of the willing) still does not join the Bischkek story."""
    extra = background() if with_background else []
    if with_background and not extra:
        pytest.skip("../shared/evaldata is not available")
    day = [replace(a, date=dt.date(2025, 11, 27)) for a in seeds().values()] + extra
    clusters = cluster_day(day, PRECISION_THRESHOLD)
    where = {a.id: i for i, c in enumerate(clusters) for a in c}
    assert where["000"] == where["001"]
    assert [a.id for a in clusters[where["004"]]] == ["004"]


def test_result_does_not_depend_on_input_order() -> None:
    day = list(seeds().values()) + background()[:60]
    day = [replace(a, date=dt.date(2025, 11, 27)) for a in day]
    first = ids(cluster_day(day))
    for seed in range(3):
        shuffled = day[:]
        random.Random(seed).shuffle(shuffled)
        assert ids(cluster_day(shuffled)) == first
    for c in first:
        assert c == sorted(c)
    sizes = [len(c) for c in first]
    assert sizes == sorted(sizes, reverse=True)


def test_threshold_is_monotone_and_bounded() -> None:
    day = [replace(a, date=dt.date(2025, 11, 27)) for a in seeds().values()]
    counts = [len(cluster_day(day, t)) for t in (0.05, 0.3, 0.6, 0.99)]
    assert counts == sorted(counts)
    assert counts[-1] == len(day)
    assert counts[0] < len(day)
    assert cluster_day([]) == []
    assert ids(cluster_day(day[:1])) == [["000"]]


def test_large_groups_use_graph_average_linkage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups too large for a dense matrix (average linkage on the sparse graph) stay whole."""
    day = [replace(a, date=dt.date(2025, 11, 27)) for a in seeds().values()]
    copies = [replace(a, id=f"{a.id}-{k}", source=f"o{k}") for a in day for k in range(3)]
    monkeypatch.setattr(cluster, "MAX_COMPONENT", 4)
    clusters = cluster_day(copies, 0.3)
    where = {a.id: i for i, c in enumerate(clusters) for a in c}
    for a in day:
        assert len({where[f"{a.id}-{k}"] for k in range(3)}) == 1
    assert [x.id.split("-")[0] for x in clusters[where["004-0"]]] == ["004"] * 3


def test_articles_without_content_words_stay_single() -> None:
    empty = [
        Article(id=f"e{k}", path="x", paragraphs=(Paragraph(t),), date=dt.date(2025, 11, 27))
        for k, t in enumerate(["", "und oder aber", "12 34 56", "und oder aber"])
    ]
    clusters = cluster_day([*empty, seeds()["000"]], 0.3)
    assert sorted(len(c) for c in clusters) == [1, 1, 1, 1, 1]
