"""The learned default scorer: shipped weights, the refit script, standfirsts, no glued lines."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

from briefing.summarize import summarize_text
from briefing.summarize._select import FEATURES
from briefing.summarize._weights import WEIGHTS

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fit_sentence_scorer.py"

STORY = (
    "Schwimmbad in Talheim öffnet nach zwei Jahren Umbau wieder\n"
    "Von Jana Beispiel\n"
    "Das Hallenbad in Talheim ist nach zwei Jahren Umbau am Samstag wieder eröffnet worden. "
    "Die Sanierung kostete die Gemeinde rund 4,2 Millionen Euro, mehr als zunächst geplant. "
    "Bürgermeisterin Petra Lang sprach bei der Eröffnung von einem Tag der Freude. "
    "Schon am ersten Tag kamen mehr als 600 Besucher in das neue Bad. "
    "Die Eintrittspreise bleiben nach Angaben der Stadtwerke vorerst unverändert. "
    "Ein neues Kursprogramm für Kinder beginnt im Oktober."
)


def test_shipped_weights_fit_the_features() -> None:
    assert len(WEIGHTS) == len(FEATURES) + 1
    assert all(isinstance(w, float) for w in WEIGHTS)


def test_three_sentences_in_reading_order_and_no_longer_than_the_lead() -> None:
    got = summarize_text(STORY, sentences=3)
    assert len(got) == 3
    assert [STORY.index(s) for s in got] == sorted(STORY.index(s) for s in got)
    body = STORY.split("\n", 2)[2]
    lead3_words = sum(len(s.split()) for s in body.split(". ")[:3])
    assert sum(len(s.split()) for s in got) <= lead3_words + 5


def test_heading_and_byline_are_never_glued_to_a_sentence() -> None:
    for sentence in summarize_text(STORY, sentences=5):
        assert "Umbau wieder Das" not in sentence and "Beispiel Das" not in sentence
        assert not sentence.startswith("Von Jana")  # a byline is never a summary sentence


def test_a_top_standfirst_without_a_full_stop_is_kept() -> None:
    text = (
        "Mehr Geld für die Kitas im Landkreis: Der Kreistag beschließt ein neues Förderprogramm\n"
        "Der Kreistag hat am Montag ein Förderprogramm für Kindertagesstätten beschlossen. "
        "Es umfasst zwölf Millionen Euro über drei Jahre. "
        "Die Träger können ab Januar Anträge stellen. "
        "Kritik kam von der Opposition, die das Programm für zu klein hält."
    )
    got = summarize_text(text, sentences=3)
    assert got[0].startswith("Mehr Geld für die Kitas im Landkreis")


def test_refit_script_fits_and_writes_weights(tmp_path: Path, monkeypatch) -> None:
    records = [
        {"id": i, "text": STORY.split("\n", 2)[2], "reference": "Das Hallenbad ist wieder offen."}
        for i in range(8)
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    out = tmp_path / "_weights.py"
    monkeypatch.setattr(sys, "argv", ["fit", str(data), "--write", str(out)])
    try:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    except SystemExit as exc:
        assert exc.code == 0
    namespace = runpy.run_path(str(out))
    assert len(namespace["WEIGHTS"]) == len(FEATURES) + 1
