"""End to end: ``briefing build`` on the five seed articles, with and without a translation model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

SEED_DAYS = ["2025-09-05", "2025-11-27", "2025-11-28", "2025-12-03"]
WITKOFF = "Er ist ein amerikanischer Bürger"


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def untranslated_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    """One build of the seeds with no model installed, shared by the tests that read it."""
    root = tmp_path_factory.mktemp("build")
    out = root / "out"
    env = {
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        result = run("build", str(Path(__file__).parent.parent / "fixtures"), "--out", str(out))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return result, out


def load_day(out: Path, day: str) -> dict:
    return json.loads((out / day / "briefing.json").read_text(encoding="utf-8"))


def test_build_writes_one_folder_per_day(untranslated_build: tuple[object, Path]) -> None:
    result, out = untranslated_build
    assert result.exit_code == ExitCode.OK, result.output
    days = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert days == SEED_DAYS
    for day in SEED_DAYS:
        for name in ("briefing.html", "briefing.pdf", "briefing.json"):
            assert (out / day / name).stat().st_size > 0, (day, name)
    index = (out / "index.html").read_text(encoding="utf-8")
    for day in SEED_DAYS:
        assert f"{day}/briefing.html" in index


def test_untranslated_build_says_so_everywhere(untranslated_build: tuple[object, Path]) -> None:
    result, out = untranslated_build
    warnings = [line for line in result.stderr.splitlines() if "models install de en" in line]
    assert len(warnings) == 1, result.stderr
    data = load_day(out, "2025-11-27")
    assert "untranslated" in [n["code"] for n in data["notices"]]
    sentence = data["days"][0]["stories"][0]["summary"][0]
    assert sentence["translated"] is False and sentence["text"] == sentence["original"]
    html = (out / "2025-11-27" / "briefing.html").read_text(encoding="utf-8")
    assert "Not translated" in html


def test_seed_stories_and_threads(untranslated_build: tuple[object, Path]) -> None:
    _, out = untranslated_build
    nov27 = load_day(out, "2025-11-27")["days"][0]["stories"]
    assert len(nov27) == 1
    members = {Path(a["path"]).name[:3] for a in nov27[0]["articles"]}
    assert members == {"000", "001"}
    summary = " ".join(s["original"] for s in nov27[0]["summary"])
    assert summary.count(WITKOFF) <= 1
    for junk in ("Kommentare", "Wehrdienstgesetz", "Sabrina Carpenter", "Foto:", "Suchbegriff"):
        assert junk not in summary
    nov28 = load_day(out, "2025-11-28")["days"][0]["stories"]
    assert nov28[0]["id"] == nov27[0]["id"], "002 continues the 27 Nov story"
    sep5 = load_day(out, "2025-09-05")["days"][0]["stories"]
    assert sep5[0]["id"] != nov27[0]["id"]
    assert {Path(a["path"]).name[:3] for a in sep5[0]["articles"]} == {"004"}
    for s in nov27[0]["summary"]:
        assert s["article_id"] in {a["id"] for a in nov27[0]["articles"]}


@pytest.mark.slow
def test_pdf_has_date_and_titles(untranslated_build: tuple[object, Path]) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, out = untranslated_build
    pdf = out / "2025-11-27" / "briefing.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    data = load_day(out, "2025-11-27")
    assert "2025" in text and ("27 November" in text or "2025-11-27" in text)
    for story in data["days"][0]["stories"]:
        first_words = " ".join(story["title"].split()[:3])
        assert first_words in " ".join(text.split()), first_words


def test_date_option_builds_one_day(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(seeds), "--out", str(out), "--date", "2025-11-28", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["2025-11-28"]
    assert not (out / "2025-11-28" / "briefing.pdf").exists()


def test_separate_runs_keep_the_thread_id(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for day in ("2025-11-27", "2025-11-28"):
        result = run("build", str(seeds), "--out", str(out), "--date", day, "--format", "json")
        assert result.exit_code == ExitCode.OK, result.output
    first = load_day(out, "2025-11-27")["days"][0]["stories"][0]
    second = load_day(out, "2025-11-28")["days"][0]["stories"][0]
    assert first["id"] == second["id"]
    assert second["developing_since"] == "2025-11-27"


def test_missing_input_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("build", str(missing), "--out", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.NO_INPUT
    assert str(missing) in result.stderr and "no such file" in result.stderr


def test_unreadable_file_is_named_and_the_run_goes_on(seeds: Path, tmp_path: Path) -> None:
    bad = seeds / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = tmp_path / "out"
    result = run("build", str(seeds), "--out", str(out), "--format", "json")
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert "broken.txt" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == SEED_DAYS
    report = load_day(out, "2025-11-27")["report"]
    assert [Path(s["path"]).name for s in report["skipped"]] == ["broken.txt"]


def test_bad_format_and_date_are_usage_errors(seeds: Path, tmp_path: Path) -> None:
    result = run("build", str(seeds), "--format", "docx")
    assert result.exit_code == ExitCode.USAGE and "docx" in result.output
    result = run("build", str(seeds), "--date", "27.11.2025")
    assert result.exit_code == ExitCode.USAGE and "YYYY-MM-DD" in result.output


def test_build_does_not_import_torch_or_stanza(seeds: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from briefing.cli import app\n"
        f"r = CliRunner().invoke(app, ['build', {str(seeds)!r}, '--out', {str(tmp_path / 'o')!r},"
        " '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('torch', 'stanza', 'argostranslate.translate') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
