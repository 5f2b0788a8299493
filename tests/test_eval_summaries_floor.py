"""Quality floors on the real dev data (skipped when ../shared/evaldata is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluation.ingest import select_split
from briefing.evaluation.summaries import LEAD3, AlgorithmScore, evaluate, load_records

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "summaries"
DEV_FILE = DEV / "10kgnad-lead-dev.jsonl"
HTML_DE = DEV.parent / "html-de"


def _check_half(source: Path) -> tuple[AlgorithmScore, AlgorithmScore]:
    """Lead-3's and the default's scores on the check half of ``source``."""
    records = select_split(load_records(source), lambda r: str(r.id), "check")
    scores = {s.algorithm: s for s in evaluate(records, ["default"])}
    return scores[LEAD3], scores["default"]


@pytest.mark.skipif(not DEV_FILE.is_file(), reason="../shared/evaldata is absent")
def test_default_holds_lead3_on_the_10kgnad_check_half() -> None:
    lead3, default = _check_half(DEV_FILE)
    # Measured on the check half (152 records) with the shipped whole-dev fit: default
    # 16.5/12.4, Lead-3 16.1/12.0 (R-1/R-L); whole-dev grouped CV (each fold scored by a fit
    # that never saw it): +0.5/+0.5 over Lead-3, from scripts/fit_sentence_scorer.py.
    assert default.rl >= lead3.rl + 0.3
    assert default.r1 >= lead3.r1 + 0.2
    assert default.r1 >= 16.2 and default.rl >= 12.2


@pytest.mark.skipif(not (HTML_DE / "gold.jsonl").is_file(), reason="../shared/evaldata is absent")
def test_default_holds_lead3_on_the_html_de_check_half() -> None:
    lead3, default = _check_half(HTML_DE)
    # Measured on the check half (50 pages with a teaser, read as the pipeline reads them) with
    # the shipped whole-dev fit: default 52.0/50.8, Lead-3 51.3/49.7 (R-1/R-L); the tune-half
    # fit on it (held back): +0.5/+1.0, from scripts/fit_sentence_scorer.py.
    assert default.r1 >= lead3.r1 + 0.3
    assert default.rl >= lead3.rl + 0.7
