"""``briefing translate`` (stdin -> stdout), ``briefing cache stats|clear``, and a full build
with the tiny model that keeps torch and stanza out of the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

DATA = Path(__file__).parent / "data" / "translate"


def run(*args: str, stdin: str = ""):
    return CliRunner().invoke(app, list(args), input=stdin)


def stdout_lines(result) -> list[str]:
    return [ln for ln in result.stdout.splitlines()]


def test_translate_prints_one_line_per_input_line(tiny_de_en: Path, tmp_path: Path) -> None:
    src = (DATA / "sentences_de.txt").read_text(encoding="utf-8")
    state = str(tmp_path / "state.sqlite")
    first = run("translate", "--from", "de", "--to", "en", "--state", state, stdin=src)
    assert first.exit_code == 0, first.output
    out = stdout_lines(first)
    assert len(out) == len(src.splitlines())
    assert out != src.splitlines()
    assert "translated 5, from memory 0" in first.stderr
    again = run("translate", "--from", "de", "--to", "en", "--state", state, stdin=src)
    assert stdout_lines(again) == out, "the memory returns the same translations"
    assert "translated 0, from memory 5" in again.stderr


def test_translate_keeps_empty_lines_in_place(tiny_de_en: Path) -> None:
    result = run("translate", "--from", "de", "--no-cache", stdin="Guten Morgen.\n\nBis morgen.\n")
    assert result.exit_code == 0, result.output
    out = stdout_lines(result)
    assert len(out) == 3 and out[1] == "" and out[0] and out[2]


def test_translate_unknown_pair_is_a_model_error(tiny_de_en: Path) -> None:
    # a real language code without a model (a code that is no language is a usage error)
    result = run("translate", "--from", "fi", "--to", "en", stdin="hello\n")
    assert result.exit_code == ExitCode.MODEL
    assert "no fi->en translation model is installed" in result.stderr
    assert "briefing models install fi en" in result.stderr
    assert result.stdout == ""


def test_translate_same_language_passes_through(argos_dir: Path) -> None:
    result = run("translate", "--from", "en", "--to", "en", stdin="Hello world.\n")
    assert result.exit_code == 0 and result.stdout == "Hello world.\n"


def test_cache_stats_and_clear(tiny_de_en: Path, tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite")
    run("translate", "--from", "de", "--state", state, stdin="Erster Satz.\nZweiter Satz.\n")
    stats = run("cache", "stats", "--state", state)
    assert stats.exit_code == 0
    assert "entries: 2" in stats.stdout and "de-en: 2" in stats.stdout
    cleared = run("cache", "clear", "--state", state)
    assert cleared.exit_code == 0 and "cleared 2" in cleared.stdout
    assert "entries: 0" in run("cache", "stats", "--state", state).stdout


def test_build_with_a_model_translates_without_torch_or_stanza(
    tiny_de_en: Path, seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from briefing.cli import app\n"
        f"r = CliRunner().invoke(app, ['build', {str(seeds)!r}, '--out', {str(out)!r},"
        " '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('torch', 'stanza', 'argostranslate.translate', 'ctranslate2')"
        " if m in sys.modules))\n"
    )
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tiny_de_en.parent))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "['ctranslate2']"
    files = sorted(out.glob("*/briefing.json"))
    assert files
    sentences = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "original" in node and "translated" in node:
                sentences.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        walk(data)
        assert "Not translated" not in json.dumps(data, ensure_ascii=False)
    assert sentences and all(s["translated"] for s in sentences)
    assert all(s["text"] != s["original"] and s["language"] == "en" for s in sentences)
    # gibberish from a random model: the honesty checks must catch some of it
    flags = {f for s in sentences for f in s["flags"]}
    assert flags and flags <= {"number-lost", "too-short", "too-long", "repetition", "untranslated"}
