"""``briefing translate-archive``: whole articles, incremental, resumable after a crash (issue 9).

Uses the tiny random-weight Argos package from ``tests/argos_tiny.py`` (gibberish output: these
tests check the mechanics), installed into the session ``ARGOS_PACKAGES_DIR`` of conftest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import install_tiny_de_en
from typer.testing import CliRunner

from briefing.cli import app

DATA = Path(__file__).parent / "data" / "scale" / "articles"
N_ARTICLES = len(list(DATA.glob("*.txt")))


@pytest.fixture(scope="module")
def de_en_model(argos_tiny_files: dict[str, Path]) -> Path:
    return install_tiny_de_en(argos_tiny_files)


def _cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    code = "import sys; from briefing.cli import main; sys.argv[0] = 'briefing'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _snapshot(articles_dir: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in articles_dir.glob("*.json")}


def test_killed_run_resumes_without_redoing_or_duplicating(
    de_en_model: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [
        "translate-archive",
        str(DATA),
        "--out",
        str(out),
        "--from",
        "de",
        "--to",
        "en",
        "--batch",
        "2",
    ]
    crashed = _cli(args, env={"_BRIEFING_ARCHIVE_CRASH_AFTER": "5"})
    assert crashed.returncode == -9, crashed.stderr  # SIGKILLed in the middle of the run
    first = _snapshot(out / "articles")
    assert len(first) == 5
    assert not list((out / "articles").glob(".*"))  # no half-written temporary file
    assert not (out / "index.jsonl").exists()

    resumed = _cli(args)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{N_ARTICLES - 5} article(s) translated" in resumed.stderr
    assert "5 already done" in resumed.stderr
    after = _snapshot(out / "articles")
    assert len(after) == N_ARTICLES
    # Finished work was not redone: the same files, untouched.
    assert {k: after[k] for k in first} == first

    index = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
    ids = [rec["id"] for rec in index]
    assert len(ids) == len(set(ids)) == N_ARTICLES
    records = [json.loads((out / rec["file"]).read_text(encoding="utf-8")) for rec in index]
    assert sorted(Path(r["path"]).name for r in records) == sorted(
        p.name for p in DATA.glob("*.txt")
    )
    for rec in records:
        assert rec["from"] == "de" and rec["to"] == "en"
        originals = [s["original"] for p in rec["paragraphs"] for s in p["sentences"]]
        assert len(originals) >= 3  # whole articles, sentence by sentence
        assert all(s["text"] for p in rec["paragraphs"] for s in p["sentences"])
    summary = json.loads((out / "archive.json").read_text())
    assert summary["finished"] == N_ARTICLES
    assert summary["translated_this_run"] == N_ARTICLES - 5

    again = _cli(args)
    assert again.returncode == 0
    assert "0 article(s) translated" in again.stderr
    assert _snapshot(out / "articles") == after


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "translate-archive",
            str(DATA),
            "--out",
            str(tmp_path / "o"),
            "--from",
            "de",
            "--to",
            "fi",
        ],
    )
    assert result.exit_code == 6
    assert "no translation model for de->fi" in result.output
    assert "briefing models install de fi" in result.output


def test_unreadable_inputs_are_named_and_the_rest_translated(
    de_en_model: Path, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(DATA, inputs)
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(
        app, ["translate-archive", str(inputs), "--out", str(tmp_path / "o"), "--batch", "4"]
    )
    assert result.exit_code == 3, result.output
    assert "broken.pdf" in result.output
    assert len(list((tmp_path / "o" / "articles").glob("*.json"))) == N_ARTICLES
