"""Quality floors on the labelled German pages (skipped when ../shared/evaldata is absent).

Measured when these floors were set (briefing eval ingest ../shared/evaldata/html-de):
date accuracy 0.946, boilerplate P 0.955 R 0.956 F1 0.956, dates of confidence >= 0.8 right
200 of 205 times (0.976); trafilatura+htmldate 0.870 / 0.925. Tune half 0.924 / 0.961, check
half (not tuned on) 0.969 / 0.949. The floors sit a little below, so a change cannot silently
make extraction worse or the confidence less honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluation.ingest import BRIEFING, calibration, evaluate_pages

HTML_DE = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "html-de"

pytestmark = pytest.mark.skipif(
    not (HTML_DE / "gold.jsonl").is_file(), reason="../shared/evaldata/html-de is absent"
)


@pytest.fixture(scope="module")
def run():
    return evaluate_pages(HTML_DE, systems=[BRIEFING], workers=2)  # CI has two cores


@pytest.fixture(scope="module")
def score(run):
    return run[0][0]


def test_date_accuracy_floor(score) -> None:
    assert score.dated_pages >= 250
    assert score.date_accuracy >= 0.94


def test_confident_dates_are_right_at_least_97_percent_of_the_time(run) -> None:
    _, gold, results = run
    sure = [row for row in calibration(gold, results[BRIEFING]) if row.low >= 0.8]
    pages, right = sum(r.pages for r in sure), sum(r.correct for r in sure)
    assert pages >= 180  # most dates are confident ...
    assert right / pages >= 0.97  # ... and those are right


def test_boilerplate_floor(score) -> None:
    assert score.f1 >= 0.95
    assert score.precision >= 0.95
    assert score.recall >= 0.95
