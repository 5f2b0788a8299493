"""ROUGE-1/2/L F1 on German stems, checked on hand-computed examples; record loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.evaluation.summaries import (
    LEAD3,
    evaluate,
    format_table,
    lead_sentences,
    load_records,
    rouge,
    rouge_l,
    rouge_n,
    rouge_tokens,
)
from briefing.text import stem

DATA = Path(__file__).parent / "data" / "summarize"


def test_rouge1_and_rougel_hand_computed() -> None:
    cand, ref = ["a", "b", "c", "d"], ["a", "c", "e"]
    # overlap 2: P = 2/4, R = 2/3, F1 = 4/7; LCS "a c" has length 2 as well.
    assert rouge_n(cand, ref, 1) == pytest.approx(4 / 7)
    assert rouge_n(cand, ref, 2) == 0.0  # bigrams ab bc cd vs ac ce
    assert rouge_l(cand, ref) == pytest.approx(4 / 7)


def test_rouge2_and_lcs_hand_computed() -> None:
    cand, ref = ["x", "a", "b"], ["a", "b", "y"]
    assert rouge_n(cand, ref, 2) == pytest.approx(0.5)  # "a b" of 2 and 2 bigrams
    assert rouge_l(cand, ref) == pytest.approx(2 / 3)  # LCS "a b"


def test_counts_are_clipped_and_order_matters_only_for_lcs() -> None:
    assert rouge_n(["a", "a", "a"], ["a", "b"], 1) == pytest.approx(0.4)  # P 1/3, R 1/2
    assert rouge_n(["b", "a"], ["a", "b"], 1) == 1.0
    assert rouge_l(["b", "a"], ["a", "b"]) == pytest.approx(0.5)


def test_empty_inputs_score_zero() -> None:
    assert rouge_n([], ["a"], 1) == 0.0
    assert rouge_n(["a"], [], 2) == 0.0
    assert rouge_l([], []) == 0.0


def test_tokens_are_lowercased_letter_runs_with_german_stems() -> None:
    toks = rouge_tokens("Die Präsidenten, 2025: PRÄSIDENT-Wahl!")
    assert toks == [stem("die"), stem("präsidenten"), stem("präsident"), stem("wahl")]
    assert toks[1] == toks[2]


def test_rouge_on_text_uses_stems() -> None:
    same = rouge("Die Präsidenten sprachen.", "die Präsident sprach")
    assert same.r1 > 0.6
    different = rouge("Ein Hund bellt.", "Die Katze schläft.")
    assert different.r1 == different.r2 == different.rl == 0.0


def test_lead_sentences_are_the_first_sentences_unfiltered() -> None:
    text = "Titel ohne Punkt\nErster Satz am 27. November. Zweiter Satz.\nDritter Satz."
    assert lead_sentences(text, 3) == [
        "Titel ohne Punkt",
        "Erster Satz am 27. November.",
        "Zweiter Satz.",
    ]


def test_load_jsonl_skips_bad_records(caplog: pytest.LogCaptureFixture) -> None:
    records = load_records(DATA / "tiny.jsonl")
    assert [r.id for r in records] == ["1", "2"]
    assert any("tiny.jsonl:3" in m for m in caplog.messages)
    assert any("tiny.jsonl:4" in m for m in caplog.messages)
    assert load_records(DATA / "tiny.jsonl", limit=1)[0].id == "1"


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.jsonl"):
        load_records(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"text": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.jsonl: no usable records"):
        load_records(empty)
    with pytest.raises(InputError, match=r"no gold\.jsonl"):
        load_records(tmp_path)


def test_evaluate_puts_lead3_first_and_scores_in_percent() -> None:
    records = load_records(DATA / "tiny.jsonl")
    scores = evaluate(records, ["default", "lead"])
    assert [s.algorithm for s in scores] == [LEAD3, "default", "lead"]
    for s in scores:
        assert s.records == 2
        assert 0.0 < s.r1 <= 100.0 and 0.0 <= s.r2 <= s.r1 and 0.0 < s.rl <= 100.0
    table = format_table(scores)
    assert table.splitlines()[1].startswith(LEAD3)


def test_load_html_folder_uses_description_and_extracted_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    records = load_records(DATA / "html-de")
    # b has no teaser, the third is missing, c is an imprint: the pipeline skips it as no article
    assert [r.id for r in records] == ["pages/a.html"]
    record = records[0]
    assert record.reference.startswith("Der Bundestag hat das neue Wehrdienstgesetz")
    assert "mit klarer Mehrheit das neue Wehrdienstgesetz beschlossen" in record.text
    assert "Impressum" not in record.text
    assert any("missing.html" in m for m in caplog.messages)
    assert any("c.html" in m and "not an article" in m for m in caplog.messages)
    # the page is summarised as the article the pipeline makes of it (its title is no sentence)
    assert record.article is not None
    assert record.article.title == "Bundestag beschließt Wehrdienst"
    scores = {s.algorithm: s for s in evaluate(records, ["default"])}
    assert scores["default"].records == 1 and scores["default"].r1 > 0


def test_load_html_folder_with_trafilatura_scores_every_page_it_extracts() -> None:
    records = load_records(DATA / "html-de", extractor="trafilatura")
    assert [r.id for r in records] == ["pages/a.html", "pages/c.html"]
    assert all(r.article is None for r in records)
    with pytest.raises(InputError, match="unknown extractor"):
        load_records(DATA / "html-de", extractor="readability")
