"""Model management: install from a file (validated), list, remove, the index offline, CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode, ModelError
from briefing.translate.packages import (
    find_route,
    install_from_file,
    list_models,
    remove_model,
    validate_archive,
)

DATA = Path(__file__).parent / "data" / "translate"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def _rezip(src: Path, dest: Path, *, drop: str = "", edit_meta=None, rename_top: str = "") -> Path:
    """Copy an .argosmodel, leaving out entries ending in ``drop`` or editing its metadata."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            name = info.filename
            if drop and name.endswith(drop):
                continue
            data = zin.read(name)
            if edit_meta is not None and name.endswith("/metadata.json"):
                data = json.dumps(edit_meta(json.loads(data))).encode()
            if rename_top:
                name = rename_top + name[name.index("/") :]
            zout.writestr(name, data)
    return dest


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_install_from_file_lists_and_removes(
    argos_dir: Path, argos_tiny_files: dict[str, Path]
) -> None:
    pkg = install_from_file(argos_tiny_files["de-en"])
    assert (pkg.from_code, pkg.to_code, pkg.version) == ("de", "en", "1.0")
    assert (pkg.path / "model" / "model.bin").is_file()
    assert pkg.path.parent == argos_dir
    assert [p.pair for p in list_models()] == ["de-en"]
    assert pkg.size_bytes > 100_000
    removed = remove_model("de", "en")
    assert removed.path == pkg.path
    assert list_models() == [] and _leftovers(argos_dir) == []


def test_reinstall_replaces_the_pair(argos_dir: Path, argos_tiny_files: dict[str, Path]) -> None:
    first = install_from_file(argos_tiny_files["de-en"])
    second = install_from_file(argos_tiny_files["de-en"])
    assert [p.pair for p in list_models()] == ["de-en"]
    assert first.path == second.path


@pytest.mark.parametrize(
    "case, reason",
    [
        ("not-zip", "not a zip archive"),
        ("no-metadata", "no metadata.json"),
        ("no-codes", "from_code/to_code"),
        ("no-model", "model/model.bin"),
        ("no-sentencepiece", "sentencepiece"),
        ("foreign", "not an Argos package"),
        ("truncated", "archive"),
    ],
)
def test_bad_archives_are_refused_and_leave_nothing(
    case: str, reason: str, argos_dir: Path, argos_tiny_files: dict[str, Path], tmp_path: Path
) -> None:
    good = argos_tiny_files["de-en"]
    bad = tmp_path / f"{case}.argosmodel"
    if case == "not-zip":
        bad = DATA / "not_a_zip.argosmodel"
    elif case == "no-metadata":
        _rezip(good, bad, drop="metadata.json")
    elif case == "no-codes":
        _rezip(good, bad, edit_meta=lambda m: {k: v for k, v in m.items() if k != "to_code"})
    elif case == "no-model":
        _rezip(good, bad, drop="model.bin")
    elif case == "no-sentencepiece":
        _rezip(good, bad, drop="sentencepiece.model")
    elif case == "foreign":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("report.docx", b"hello")
            zf.writestr("images/a.png", b"\x89PNG")
    elif case == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ModelError) as info:
        install_from_file(bad)
    assert reason in str(info.value) and str(bad) in str(info.value)
    assert _leftovers(argos_dir) == []
    result = run("models", "install", "--file", str(bad))
    assert result.exit_code == ExitCode.MODEL
    assert reason in result.output
    assert _leftovers(argos_dir) == []


def test_unsafe_paths_are_refused(argos_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "de", "to_code": "en"}))
        zf.writestr("pkg/../../escape.txt", b"x")
    with pytest.raises(ModelError, match="unsafe path"):
        validate_archive(bad)
    assert not (tmp_path / "escape.txt").exists()


def test_route_direct_pivot_and_none(argos_dir: Path, argos_tiny_files: dict[str, Path]) -> None:
    for key in ("fr-en", "en-de"):
        install_from_file(argos_tiny_files[key])
    assert find_route("en", "en") == []
    assert [p.pair for p in find_route("fr", "en") or []] == ["fr-en"]
    assert [p.pair for p in find_route("fr", "de") or []] == ["fr-en", "en-de"]
    assert find_route("de", "en") is None
    assert find_route("it", "de") is None


def test_cli_list_shows_pair_version_size_and_folder(tiny_de_en: Path) -> None:
    result = run("models", "list")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[0]
    assert line.startswith("de->en\t1.0\t") and "KB" in line and str(tiny_de_en) in line


def test_cli_list_empty_says_how_to_install(argos_dir: Path) -> None:
    result = run("models", "list")
    assert result.exit_code == 0
    assert "No translation model installed" in result.output
    assert "briefing models install de en" in result.output


def test_cli_remove(tiny_de_en: Path) -> None:
    assert run("models", "remove", "de", "en").exit_code == 0
    assert not tiny_de_en.exists()
    result = run("models", "remove", "de", "en")
    assert result.exit_code == ExitCode.MODEL and "no de->en translation model" in result.output


def test_available_offline_is_a_clear_model_error(argos_dir: Path) -> None:
    result = run("models", "available")
    assert result.exit_code == ExitCode.MODEL
    assert "cannot reach the Argos package index" in result.output


def test_install_from_index_offline(argos_dir: Path) -> None:
    result = run("models", "install", "de", "en")
    assert result.exit_code == ExitCode.MODEL
    assert "cannot reach the Argos package index" in result.output
    optional = run("models", "install", "de", "en", "--if-missing", "--optional")
    assert optional.exit_code == 0
    warnings = [ln for ln in optional.output.splitlines() if ln.startswith("briefing: warning:")]
    assert len(warnings) == 1
    assert "could not install de->en" in warnings[0]
    assert warnings[0].endswith("the briefing will be built untranslated")
    assert _leftovers(argos_dir) == []


def test_install_if_missing_does_nothing_when_installed(tiny_de_en: Path) -> None:
    before = (tiny_de_en / "model" / "model.bin").stat().st_mtime_ns
    result = run("models", "install", "de", "en", "--if-missing")
    assert result.exit_code == 0 and "already installed" in result.output
    assert (tiny_de_en / "model" / "model.bin").stat().st_mtime_ns == before


def test_install_needs_a_pair_or_a_file(argos_dir: Path) -> None:
    assert run("models", "install").exit_code == ExitCode.USAGE


@pytest.fixture
def local_index(tmp_path: Path, argos_tiny_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """A package index on a local HTTP server (no network): de->en downloadable, fr->en a 404."""
    import functools
    import http.server
    import shutil
    import threading

    root = tmp_path / "index"
    root.mkdir()
    shutil.copy(argos_tiny_files["de-en"], root / "de_en.argosmodel")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = [
        {
            "package_version": "1.0",
            "argos_version": "1.9",
            "from_code": "de",
            "to_code": "en",
            "from_name": "German",
            "to_name": "English",
            "links": [f"{base}/de_en.argosmodel"],
        },
        {
            "package_version": "1.0",
            "argos_version": "1.9",
            "from_code": "fr",
            "to_code": "en",
            "from_name": "French",
            "to_name": "English",
            "links": [f"{base}/missing.argosmodel"],
        },
        # wrong links, as the real index has shipped (en_ca 1.7 pointing to ca_en)
        {
            "package_version": "1.1",
            "from_code": "en",
            "to_code": "de",
            "links": [f"{base}/de_en.argosmodel"],
        },
        {
            "package_version": "1.0",
            "from_code": "it",
            "to_code": "en",
            "size": 1234,
            "links": [f"{base}/de_en.argosmodel"],
        },
        {
            "package_version": "1.0",
            "from_code": "es",
            "to_code": "en",
            "sha256": "0" * 64,
            "links": [f"{base}/de_en.argosmodel"],
        },
        # hostile index entries are left out, not installed
        {"package_version": "1.0", "from_code": "en/..", "to_code": "de", "links": []},
        {"package_version": "1.0", "from_code": "xx", "to_code": "en", "type": "sbd"},
    ]
    (root / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    yield base
    server.shutdown()
    server.server_close()


def test_install_from_a_reachable_index(argos_dir: Path, local_index: str) -> None:
    available = run("models", "available")
    assert available.exit_code == 0, available.output
    lines = available.stdout.splitlines()
    assert lines[0] == "de->en\t1.0\tGerman → English" and "fr->en\t1.0\tFrench → English" in lines
    assert "en->de\t1.1\ten → de" in lines
    assert "en/.." not in available.stdout and "xx->en" not in available.stdout
    result = run("models", "install", "de", "en")
    assert result.exit_code == 0, result.output
    assert [p.pair for p in list_models()] == ["de-en"]
    assert "(installed)" in run("models", "available").stdout.splitlines()[0]
    failed = run("models", "install", "fr", "en")
    assert (
        failed.exit_code == ExitCode.MODEL and "cannot download the fr->en model" in failed.output
    )
    unknown = run("models", "install", "xx", "en")
    assert unknown.exit_code == ExitCode.MODEL and "has no xx->en model" in unknown.output
    assert _leftovers(argos_dir) == ["translate-de_en"]


def test_a_wrong_download_is_refused_and_the_installed_model_kept(
    argos_dir: Path, local_index: str, argos_tiny_files: dict[str, Path]
) -> None:
    install_from_file(argos_tiny_files["en-de"])
    [before] = list_models()
    bin_before = (before.path / "model" / "model.bin").read_bytes()
    wrong = run("models", "install", "en", "de")
    assert wrong.exit_code == ExitCode.MODEL
    assert "it is a de->en package, not en->de" in wrong.output
    assert "the installed model is kept" in wrong.output
    [after] = list_models()
    assert after == before and (after.path / "model" / "model.bin").read_bytes() == bin_before
    size = run("models", "install", "it", "en")
    assert size.exit_code == ExitCode.MODEL and "the index says 1,234" in size.output
    checksum = run("models", "install", "es", "en")
    assert checksum.exit_code == ExitCode.MODEL and "checksum does not match" in checksum.output
    assert [p.pair for p in list_models()] == ["en-de"]
    assert _leftovers(argos_dir) == ["translate-en_de"]


def test_codes_given_on_the_command_line_are_validated(argos_dir: Path) -> None:
    for args in (["install", "en/..", "de"], ["remove", "de", "../en"]):
        result = run("models", *args)
        assert result.exit_code == ExitCode.MODEL
        assert "is not a language code" in result.output
