"""Quality floors on the labelled German pages (skipped when ../shared/evaldata is absent).

Measured when these floors were set (briefing eval ingest ../shared/evaldata/html-de):
date accuracy 0.943, boilerplate P 0.950 R 0.952 F1 0.951; trafilatura+htmldate 0.870 / 0.923.
The floors sit a little below, so a change cannot silently make extraction worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluation.ingest import BRIEFING, evaluate

HTML_DE = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "html-de"

pytestmark = pytest.mark.skipif(
    not (HTML_DE / "gold.jsonl").is_file(), reason="../shared/evaldata/html-de is absent"
)


@pytest.fixture(scope="module")
def score():
    (result,) = evaluate(HTML_DE, systems=[BRIEFING], workers=2)  # CI has two cores
    return result


def test_date_accuracy_floor(score) -> None:
    assert score.dated_pages >= 250
    assert score.date_accuracy >= 0.93


def test_boilerplate_floor(score) -> None:
    assert score.f1 >= 0.94
    assert score.precision >= 0.94
    assert score.recall >= 0.94
