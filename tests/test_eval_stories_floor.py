"""Quality floor on the labelled story days (skipped with a message when the data is absent).

Measured when set (`briefing eval stories ../shared/evaldata/stories/`, threshold 0.16):
B-cubed F1 0.973 / 0.953 / 0.961 (mean 0.963; TF-IDF baseline 0.973 / 0.925 / 0.937, floor
0.810 / 0.831 / 0.867), split share 0.000, 11 of 15 gold top-5 stories among the first fives,
gold #1 ranked 1 / 1 / 1 (before this session: 0.949, 0.125, 12 of 15, 1 / 2 / 2; the
live-blog rule gave 2022-07-08's Ukraine live blog back to the war story, and the Lawrow
walk-out, now two reports, ranks sixth). Market reports and roundups kept apart (7 Dec):
B-cubed F1 0.984 / 0.977 / 0.978 (mean 0.980), gold #1 ranked 1 / 1 / 2 (the ECB story without
the Fed market report that had joined it ranks below the Queen's death). On the synthetic
teaser version of the days
(`benchmarks/teaser_days.py`): B-cubed F1 0.809 / 0.931 / 0.890 (mean 0.877; 0.874 before the
market reports, 0.864 before closed compounds' modifiers, 0.850 before the short-text scaling and the compounds' heads), split share
0.388 (0.405, 0.485 before). The held-back variant (`teaser_days.py ... late`, not tuned on, not
pinned): 0.759 (0.753 before the modifiers).
Ranking on the teaser days (depth per outlet, compound cue heads; docs/ranking.md): 9 of 15
gold top-5 stories among the first fives, gold #1 ranked 1 / 9 / 2 (6 of 15, 1 / 18 / 2 before);
late variant, not pinned: 7 of 15, 1 / 6 / 1 (8 of 15, 2 / 14 / 1 before).
Stories of short texts joined by their centroids (7 Dec, evening): teaser days 0.856 / 0.929 /
0.890 (mean 0.891), split share 0.370, 9 of 15, gold #1 ranked 1 / 8 / 2; late variant, not
pinned: 0.773, 9 of 15, 1 / 5 / 1. The labelled days are unchanged.
Ranking, 8 Dec (growth after a story broke, decisions taken, inflected and foreign-policy cue
words; docs/ranking.md): labelled days 11 of 15, gold #1 ranked 1 / 1 / 1 (1 / 1 / 2 before);
teaser days 11 of 15, 1 / 3 / 2 (9 of 15, 1 / 7 / 2 before); late variant, not pinned: 9 of 15,
1 / 3 / 1 (9 of 15, 1 / 5 / 1 before).
The floors sit a little below, so a change cannot silently undo it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.evaluation.stories import BASELINE, BRIEFING, FLOOR, evaluate

_HERE = Path(__file__).resolve().parent.parent
STORIES = next(
    (
        p / "evaldata" / "stories"
        for p in (_HERE.parent / "shared", _HERE.parent.parent / "shared", Path("/work/shared"))
        if (p / "evaldata" / "stories" / "README.md").is_file()
    ),
    None,
)

pytestmark = pytest.mark.skipif(
    STORIES is None, reason="../shared/evaldata/stories is absent: story floors not checked"
)


@pytest.fixture(scope="module")
def scores():
    assert STORIES is not None
    return {s.system: s for s in evaluate(STORIES, Settings())}


def test_bcubed_floor_and_baseline(scores) -> None:
    ours, base, floor = scores[BRIEFING], scores[BASELINE], scores[FLOOR]
    assert ours.mean("b3_f1") >= 0.972
    for d, b, f in zip(ours.days, base.days, floor.days, strict=True):
        assert d.b3_f1 >= f.b3_f1 + 0.05, d.day
        assert d.b3_f1 >= b.b3_f1 - 0.02, d.day
    assert ours.mean("split") <= 0.1


def test_ranking_floor(scores) -> None:
    ours = scores[BRIEFING]
    assert ours.total("top5_hits") >= 11
    assert all(d.rank1 is not None and d.rank1 <= 3 for d in ours.days)
    assert sum(1 for d in ours.days if d.rank1 == 1) >= 2  # first on most days (all 3 on 8 Dec)


def test_teaser_days_floor(tmp_path: Path) -> None:
    """The same days as multi-outlet RSS teasers (headline + a sentence or two per item)."""
    import importlib.util

    assert STORIES is not None
    spec = importlib.util.spec_from_file_location(
        "teaser_days", _HERE / "benchmarks" / "teaser_days.py"
    )
    assert spec is not None and spec.loader is not None
    teaser_days = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(teaser_days)
    teaser_days.make(STORIES, tmp_path)
    ours = next(
        s for s in evaluate(tmp_path, Settings(), systems=(BRIEFING,)) if s.system == BRIEFING
    )
    assert ours.mean("b3_f1") >= 0.885
    assert ours.mean("split") <= 0.38
    # the gold #1 of 2022-07-08 is 3rd as a split-off piece of a larger story: not pinned, so
    # that a clustering change which joins it (and changes which story holds it) is not blocked
    assert ours.total("top5_hits") >= 10
