"""``briefing ingest``: JSON Lines field by field on the seeds, text output, skipped inputs and
exit codes (typer's CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import cli_runner
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

FIELDS = [
    "id", "path", "title", "title_derived", "date", "published", "date_confidence", "date_method",
    "date_guessed", "source", "credits", "url", "language", "text", "paragraphs", "warnings",
    "duplicates", "outlets", "kicker", "teaser", "author", "opinion",
]  # fmt: skip


@pytest.fixture
def runner() -> CliRunner:
    return cli_runner()


@pytest.fixture(scope="module")
def seed_records() -> dict[str, dict]:  # type: ignore[type-arg]
    seeds = Path(__file__).resolve().parent.parent / "fixtures"
    result = cli_runner().invoke(app, ["ingest", str(seeds), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    return {Path(r["path"]).name[:3]: r for r in records}


def test_json_fields_on_every_seed(seed_records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    for r in seed_records.values():
        assert list(r) == FIELDS
        assert r["language"] == "de"
        assert r["text"] == "\n\n".join(p["text"] for p in r["paragraphs"])
        assert r["duplicates"] == [] and r["outlets"] == []
        assert isinstance(r["date_confidence"], float) and r["date_method"]


def test_json_000(seed_records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    r = seed_records["000"]
    assert r["title"] == "Putin: Kann Angriff auf Europa schriftlich ausschließen"
    assert r["title_derived"] is False
    assert r["date"] == "2025-11-27"
    assert r["published"] == "2025-11-27T19:30:00+01:00"
    assert r["date_method"] == "dateline" and r["date_guessed"] is False
    assert r["credits"] == ["dpa"]
    assert r["source"] is None and r["url"] is None
    assert r["text"].endswith("einen Angriffskrieg gegen das Nachbarland.")
    assert "Suchbegriff" not in r["text"] and "Kommentare" not in r["text"]
    headings = [p["text"] for p in r["paragraphs"] if p["heading"]]
    assert "Besuch von US-Unterhändler Witkoff bestätigt" in headings
    assert r["warnings"] == []


def test_json_001_to_003(seed_records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    for key, day, credits in (
        ("001", "2025-11-27", []),
        ("002", "2025-11-28", []),
        ("003", "2025-12-03", ["APA", "Reuters", "AFP"]),
    ):
        r = seed_records[key]
        assert r["date"] == day and r["published"] is None
        assert r["date_method"] == "header" and r["date_guessed"] is False
        assert r["title_derived"] is True and r["title"]
        assert r["credits"] == credits
        assert "<BR" not in r["text"]


def test_json_004(seed_records: dict[str, dict]) -> None:  # type: ignore[type-arg]
    r = seed_records["004"]
    assert r["title"].startswith("Putin reagiert auf Koalition der Willigen / Westliche Soldaten")
    assert r["date"] == "2025-09-05"
    assert r["date_confidence"] < 0.9
    assert r["credits"] == ["AFP"]
    assert len(r["warnings"]) == 1 and "2025-11-05" in r["warnings"][0]
    assert r["text"].endswith("Unklar blieb auch, in welcher Form sich die USA beteiligen werden.")
    assert "13.19" not in r["text"]


def test_text_format(runner: CliRunner, seeds: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(seeds / "000_093606144557ac8d.txt"), "--format", "text"]
    )
    assert result.exit_code == 0
    out = result.stdout
    assert "title: Putin: Kann Angriff auf Europa schriftlich ausschließen" in out
    assert "date: 2025-11-27T19:30:00+01:00  (dateline, confidence 0.90)" in out
    assert "credits: dpa" in out
    assert "## Besuch von US-Unterhändler Witkoff bestätigt" in out


def test_unknown_format_is_a_usage_error(runner: CliRunner, seeds: Path) -> None:
    result = runner.invoke(app, ["ingest", str(seeds), "--format", "xml"])
    assert result.exit_code == ExitCode.USAGE
    assert "json or text" in result.stderr


def test_skipped_inputs_partial_exit(runner: CliRunner, seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(seeds / "001_e47d82bd2589cb71.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "lines.jsonl").write_text("{kaputt\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == ExitCode.PARTIAL
    assert len(result.stdout.strip().split("\n")) == 1
    assert f"briefing: skipped {folder / 'empty.txt'}: empty file" in result.stderr
    assert f"briefing: skipped {folder / 'lines.jsonl'} line 1: not valid JSON" in result.stderr


def test_missing_path_is_no_input_but_others_are_printed(runner: CliRunner, seeds: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(seeds / "001_e47d82bd2589cb71.txt"), "nope/missing.txt"]
    )
    assert result.exit_code == ExitCode.NO_INPUT
    assert json.loads(result.stdout)["date"] == "2025-11-27"
    assert "briefing: skipped nope/missing.txt: no such file or directory" in result.stderr


def test_nothing_readable_is_no_input(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == ExitCode.NO_INPUT
    assert result.stdout == ""
    assert "no readable article" in result.stderr


def test_dedup_flag_and_max_file_bytes(runner: CliRunner, seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(seeds / "002_8eac7816d47259b9.txt", folder / name)
    plain = runner.invoke(app, ["ingest", str(folder)])
    assert len(plain.stdout.strip().split("\n")) == 2
    folded = runner.invoke(app, ["ingest", str(folder), "--dedup"])
    (record,) = [json.loads(line) for line in folded.stdout.strip().split("\n")]
    # plain text files name no publisher: one text, one copy, no known outlet (not the files)
    assert record["outlets"] == [] and len(record["duplicates"]) == 1
    small = runner.invoke(app, ["ingest", str(folder), "--max-file-bytes", "100"])
    assert small.exit_code == ExitCode.NO_INPUT
    assert "is over the 0.0 MB limit (max_file_bytes)" in small.stderr


def test_help_lists_the_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    assert "--format" in result.stdout and "--dedup" in result.stdout


def test_timezone_and_language_options(runner: CliRunner, seeds: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ingest",
            str(seeds / "000_093606144557ac8d.txt"),
            "--timezone",
            "UTC",
            "--language",
            "fi",  # a real code the text is not in: the option wins over detection
        ],
    )
    assert result.exit_code == 0
    r = json.loads(result.stdout)
    assert r["published"] == "2025-11-27T19:30:00+00:00"
    assert r["language"] == "fi"
