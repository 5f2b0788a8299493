"""``briefing summarize PATH`` and ``briefing eval summaries FILE`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "summarize"
SEED = ROOT / "fixtures" / "000_093606144557ac8d.txt"
runner = CliRunner()


def test_summarize_prints_sentences_one_per_line() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--sentences", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert all(line.rstrip().endswith((".", "»", "“", "!", "?")) for line in lines)
    text = SEED.read_text(encoding="utf-8")
    assert all(line in " ".join(text.split()) for line in lines)
    assert "Kommentare" not in result.stdout


def test_summarize_words_and_algorithm() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--words", "40", "-a", "lexrank"])
    assert result.exit_code == 0, result.output
    assert 0 < len(result.stdout.split()) <= 40


def test_summarize_plain_text_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summarize", str(DATA / "fragments.txt"), "-s", "2"])
    assert result.exit_code == 0, result.output
    assert "Foto:" not in result.stdout and "[…]" not in result.stdout
    assert len(result.stdout.strip().splitlines()) == 2


def test_summarize_missing_path() -> None:
    result = runner.invoke(app, ["summarize", "no/such/file.txt"])
    assert result.exit_code == ExitCode.NO_INPUT
    assert "no/such/file.txt" in result.stderr


def test_summarize_unknown_algorithm() -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--algorithm", "magic"])
    assert result.exit_code == ExitCode.USAGE
    assert "magic" in result.output


def test_eval_summaries_table_and_json() -> None:
    result = runner.invoke(
        app, ["eval", "summaries", str(DATA / "tiny.jsonl"), "--algorithms", "default,lead"]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:4]]
    assert rows == ["lead-3", "default", "lead"]
    assert "default vs lead-3" in result.stdout
    result = runner.invoke(
        app, ["eval", "summaries", str(DATA / "tiny.jsonl"), "--algorithms", "lexrank", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [s["algorithm"] for s in payload["scores"]] == ["lead-3", "lexrank"]
    assert all(s["records"] == 2 for s in payload["scores"])


def test_eval_summaries_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "summaries", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == ExitCode.NO_INPUT
    assert "nope.jsonl" in result.stderr
