"""Quality floor on a small slice of the real dev data (skipped when ../shared/evaldata is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluation.summaries import LEAD3, evaluate, load_records

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "summaries"
DEV_FILE = DEV / "10kgnad-lead-dev.jsonl"


@pytest.mark.skipif(not DEV_FILE.is_file(), reason="../shared/evaldata is absent")
def test_default_holds_lead3_on_10kgnad_slice() -> None:
    records = load_records(DEV_FILE, limit=60)
    scores = {s.algorithm: s for s in evaluate(records, ["default"])}
    lead3, default = scores[LEAD3], scores["default"]
    # Measured on these 60 records with the learned scorer: default 16.7/12.8, Lead-3 17.4/13.0
    # (R-1/R-L). A slice this small is noisy (on all 323 records the shipped fit scores 16.9/12.9
    # beside Lead-3's 16.7/12.6; cross-validated figures come from scripts/fit_sentence_scorer.py).
    assert default.r1 >= lead3.r1 - 1.0
    assert default.rl >= lead3.rl - 0.5
    assert default.r1 >= 16.0 and default.rl >= 12.3
