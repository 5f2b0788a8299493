"""Every package layout the Argos index has published (issue 14), as tiny packages built here
(``argos_tiny.LAYOUTS``): installed with ``briefing models install --file`` and with
argostranslate's ``install_from_path``, the engine's output equals ``argostranslate.translate``'s
for 50 sentences under the same decoding bounds (beam 4, maximum length 256, the package's
compute type), and no tokenizer marker reaches any output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argos_tiny import LAYOUTS, build_package
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings
from briefing.translate import Translator
from briefing.translate import engine as engine_module
from briefing.translate.packages import list_models

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
VERSIONS = ("1.9", "1.10")


def sentences_de(n: int = 50) -> list[str]:
    """n distinct German sentences of the seed articles (30-300 characters)."""
    from briefing.text import split_sentences

    out: dict[str, None] = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        for s in split_sentences(path.read_text(encoding="utf-8"), "de"):
            if 30 <= len(s) <= 300 and "\n" not in s:
                out.setdefault(s.strip(), None)
    assert len(out) >= n
    return list(out)[:n]


@pytest.fixture(scope="session")
def layout_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One de->en package per layout, plus versions 1.9 and 1.10 of the default layout."""
    dest = tmp_path_factory.mktemp("layouts")
    files = {
        lay: build_package(dest, "de", "en", layout=lay, name=lay, eos_bias=4.0) for lay in LAYOUTS
    }
    for v in VERSIONS:
        files[v] = build_package(dest, "de", "en", version=v, eos_bias=4.0)
    return files


@pytest.fixture(scope="session")
def argos_outputs(layout_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """argostranslate's translations of the 50 sentences with each package (one subprocess)."""
    work = tmp_path_factory.mktemp("argos-reference")
    job = {
        "sentences": sentences_de(),
        "packages": [
            {"name": name, "file": str(path), "dir": str(work / name), "from": "de", "to": "en"}
            for name, path in layout_files.items()
        ],
    }
    (work / "job.json").write_text(json.dumps(job), encoding="utf-8")
    env = dict(
        os.environ,
        ARGOS_COMPUTE_TYPE="default",
        ARGOS_BEAM_SIZE="4",
        ARGOS_PACKAGES_DIR=str(work / "unused"),
        PYTHONPATH=str(HERE.parent),
    )
    proc = subprocess.run(
        [sys.executable, str(HERE / "argos_reference.py"), str(work / "job.json")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict = json.loads(proc.stdout)
    return result


def engine_outputs(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The engine over every installed package, with argostranslate's bound of 256 tokens."""
    monkeypatch.setattr(engine_module, "max_decoding_length", lambda chunk: 256)
    translator = Translator(Settings(beam_size=4, compute_type="default", use_cache=False))
    return translator.translate(texts, "de", "en")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_translates_as_argostranslate_does(
    layout: str,
    argos_dir: Path,
    layout_files: dict[str, Path],
    argos_outputs: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = CliRunner().invoke(app, ["models", "install", "--file", str(layout_files[layout])])
    assert result.exit_code == 0, result.output
    [pkg] = list_models()
    assert pkg.tokenizer == ("bpe" if layout == "opus-bpe" else "sentencepiece")
    texts = sentences_de()
    ours = engine_outputs(texts, monkeypatch)
    theirs = argos_outputs[layout]["outputs"]
    assert argos_outputs[layout]["installed"] == [["de", "en", "1.0"]]
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    assert same == len(texts), [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b][:3]
    for out in ours:
        assert "▁" not in out and "@@ " not in out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_package_argostranslate_installed_is_used_as_it_is(
    layout: str, argos_outputs: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder argostranslate's install_from_path made (the zip's top folder, as argospm
    leaves it) is found and translates the same, in place."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", argos_outputs[layout]["dir"])
    [pkg] = list_models()
    assert pkg.path.name == "translate-de_en-1_0" and not pkg.own
    texts = sentences_de()[:10]
    assert engine_outputs(texts, monkeypatch) == argos_outputs[layout]["outputs"][:10]


def test_no_marker_survives_and_one_that_does_is_flagged(
    argos_dir: Path, layout_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.translate.checks import check_translation

    for layout in ("opus-spm", "opus-bpe"):
        CliRunner().invoke(
            app, ["models", "install", "--file", str(layout_files[layout]), "--replace"]
        )
        outs = engine_outputs(sentences_de(), monkeypatch)
        assert not any("▁" in o for o in outs)
    assert "tokenizer-markers" in check_translation("Die Regierung tagt.", "The ▁government meets.")
    assert "tokenizer-markers" in check_translation(
        "Die Regierung tagt.", "The gov@@ ernment meets."
    )
    assert "tokenizer-markers" not in check_translation("a@@b", "a@@b is an address")


def test_the_newest_version_is_used(
    argos_dir: Path,
    layout_files: dict[str, Path],
    argos_outputs: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zipfile

    for v in VERSIONS:  # as argospm installs them: side by side, named by their top folder
        with zipfile.ZipFile(layout_files[v]) as zf:
            zf.extractall(argos_dir)
    pkgs = list_models()
    assert sorted(p.version for p in pkgs) == ["1.10", "1.9"]
    texts = sentences_de()[:10]
    assert engine_outputs(texts, monkeypatch) == argos_outputs["1.10"]["outputs"][:10]
    assert argos_outputs["1.10"]["outputs"] != argos_outputs["1.9"]["outputs"]
    listing = CliRunner().invoke(app, ["models", "list"]).stdout.splitlines()
    used = [ln for ln in listing if ln.endswith("(used)")]
    assert len(used) == 1 and used[0].startswith("de->en\t1.10\t")
    assert any(ln.startswith("de->en\t1.9\t") and "not used" in ln for ln in listing)


def test_install_keeps_other_tools_packages_unless_replace(
    argos_dir: Path, layout_files: dict[str, Path]
) -> None:
    import zipfile

    with zipfile.ZipFile(layout_files["1.10"]) as zf:
        zf.extractall(argos_dir)  # argospm's translate-de_en-1_10
    result = CliRunner().invoke(app, ["models", "install", "--file", str(layout_files["1.9"])])
    assert result.exit_code == 0, result.output
    assert sorted(p.path.name for p in list_models()) == ["translate-de_en", "translate-de_en-1_10"]
    assert "1.10" in result.stderr and "is newer and is used" in result.stderr
    again = CliRunner().invoke(
        app, ["models", "install", "--file", str(layout_files["1.9"]), "--replace"]
    )
    assert again.exit_code == 0, again.output
    assert [(p.path.name, p.version) for p in list_models()] == [("translate-de_en", "1.9")]
