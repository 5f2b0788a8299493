"""Quality floor on the real dev data (skipped when ../shared/evaldata is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluation.ingest import select_split
from briefing.evaluation.summaries import LEAD3, evaluate, load_records

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "summaries"
DEV_FILE = DEV / "10kgnad-lead-dev.jsonl"


@pytest.mark.skipif(not DEV_FILE.is_file(), reason="../shared/evaldata is absent")
def test_default_holds_lead3_on_the_10kgnad_check_half() -> None:
    records = select_split(load_records(DEV_FILE), lambda r: str(r.id), "check")
    scores = {s.algorithm: s for s in evaluate(records, ["default"])}
    lead3, default = scores[LEAD3], scores["default"]
    # Measured on the check half (152 records) with the shipped whole-dev fit: default
    # 16.5/12.4, Lead-3 16.1/12.0 (R-1/R-L); whole-dev grouped CV (each fold scored by a fit
    # that never saw it): +0.5/+0.5 over Lead-3, from scripts/fit_sentence_scorer.py.
    assert default.rl >= lead3.rl + 0.3
    assert default.r1 >= lead3.r1 + 0.2
    assert default.r1 >= 16.2 and default.rl >= 12.2
