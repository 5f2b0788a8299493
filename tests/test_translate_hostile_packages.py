"""Crafted model packages (issue 18, cases 1, 2, 6, 12, 13c): nothing outside the packages
folder is touched, nothing installed is replaced by a package that is refused, a zip bomb is
refused from its directory, a killed install leaves nothing argostranslate trips over, and a
model that does not load is refused at install and is a notice (not a crash) when installed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import daily_config
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode
from briefing.translate.packages import MAX_COMPRESSION_RATIO, list_models

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = ""):
    return CliRunner().invoke(app, list(args), input=stdin)


def rezip(
    src: Path,
    dest: Path,
    *,
    meta=None,
    raw_meta: bytes | None = None,
    replace_file: tuple[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Copy an .argosmodel with its metadata edited (``meta(dict) -> object``) or replaced by
    raw bytes, one file's content replaced, or extra entries (full names) added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", compression) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith("/metadata.json") and info.filename.count("/") == 1:
                if raw_meta is not None:
                    data = raw_meta
                elif meta is not None:
                    data = json.dumps(meta(json.loads(data))).encode()
            if replace_file and info.filename.endswith(replace_file[0]):
                data = replace_file[1]
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dest


def snapshot(folder: Path) -> dict[str, int]:
    """Every path below folder with its size (or -1 for folders)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size if p.is_file() else -1)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argos_tiny_files: dict[str, Path]):
    """A packages folder deep inside tmp_path holding a working de->en model, and a sentinel
    file and folder beside it and above it that must survive every attack."""
    base = tmp_path / "a" / "b" / "c"
    packages = base / "packages"
    packages.mkdir(parents=True)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    sentinels = []
    for where in (tmp_path, tmp_path / "a", base):
        (where / "victim").mkdir(exist_ok=True)
        (where / "victim" / "keep.txt").write_text("precious")
        (where / "sentinel.txt").write_text("precious")
        sentinels += [where / "victim" / "keep.txt", where / "sentinel.txt"]
    assert run("models", "install", "--file", str(argos_tiny_files["de-en"])).exit_code == 0
    return {
        "packages": packages,
        "sentinels": sentinels,
        "tmp": tmp_path,
        "before": snapshot(packages),
        "good": argos_tiny_files["de-en"],
    }


def assert_untouched(world: dict) -> None:
    for s in world["sentinels"]:
        assert s.read_text() == "precious", s
    assert snapshot(world["packages"]) == world["before"]
    assert [p.pair for p in list_models()] == ["de-en"]
    ok = run("translate", "--from", "de", "--no-cache", stdin="Guten Morgen.\n")
    assert ok.exit_code == 0 and ok.stdout.strip(), ok.output


@pytest.mark.parametrize(
    "field, value",
    [
        ("to_code", "en/../../../victim"),
        ("to_code", "en/.."),
        ("from_code", "../de"),
        ("from_code", "de\x00"),
        ("to_code", "e" * 300),
        ("to_code", ["en"]),
        ("to_code", "en\n"),
        ("from_code", "/tmp"),
    ],
)
def test_codes_that_are_no_language_codes_are_refused(
    world: dict, tmp_path: Path, field: str, value: object
) -> None:
    bad = rezip(world["good"], tmp_path / "bad.argosmodel", meta=lambda m: {**m, field: value})
    result = run("models", "install", "--file", str(bad))
    assert result.exit_code == ExitCode.MODEL, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert f"metadata.json {field}" in result.output and "not a language code" in result.output
    assert_untouched(world)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize(
    "case, expected",
    [
        ("nested", "nested too deeply"),
        ("not-object", "not a JSON object"),
        ("not-json", "not valid JSON"),
        ("dot-entry", "unsafe path"),
        ("backslash", "unsafe path"),
        ("duplicate", "appears twice"),
        ("bad-version", "package_version"),
        ("bad-prefix", "target_prefix"),
    ],
)
def test_malformed_metadata_and_names_end_with_exit_6(
    world: dict, tmp_path: Path, case: str, expected: str
) -> None:
    bad = tmp_path / f"{case}.argosmodel"
    top = "translate-de_en-1_0"
    if case == "nested":
        rezip(world["good"], bad, raw_meta=b"[" * 100_000 + b"]" * 100_000)
    elif case == "not-object":
        rezip(world["good"], bad, raw_meta=b'["de", "en"]')
    elif case == "not-json":
        rezip(world["good"], bad, raw_meta=b'{"from_code": "de",')
    elif case == "dot-entry":
        rezip(world["good"], bad, extra={"./metadata.json": b'{"from_code":"de","to_code":"en"}'})
    elif case == "backslash":
        rezip(world["good"], bad, extra={f"{top}/..\\..\\x.txt": b"x"})
    elif case == "duplicate":
        rezip(
            world["good"], bad, extra={f"{top}/metadata.json": b'{"from_code":"de","to_code":"en"}'}
        )
    elif case == "bad-version":
        rezip(world["good"], bad, meta=lambda m: {**m, "package_version": "../1"})
    elif case == "bad-prefix":
        rezip(world["good"], bad, meta=lambda m: {**m, "target_prefix": "a b\n"})
    result = run("models", "install", "--file", str(bad))
    assert result.exit_code == ExitCode.MODEL, result.output
    assert expected in result.output and str(bad) in result.output
    assert "Traceback" not in result.output
    assert_untouched(world)


def test_a_package_of_another_type_cannot_replace_the_model(world: dict, tmp_path: Path) -> None:
    bad = rezip(world["good"], tmp_path / "sbd.argosmodel", meta=lambda m: {**m, "type": "sbd"})
    result = run("models", "install", "--file", str(bad))
    assert result.exit_code == ExitCode.MODEL
    assert "cannot be a translation package" in result.output and "'sbd'" in result.output
    assert_untouched(world)


def _write_zip(dest: Path, entries: list[tuple[str, bytes, int, int]]) -> None:
    """A zip from (name, raw deflate data, crc32, uncompressed size) entries, written by hand
    so that a gigabyte of zeros need not be compressed byte by byte."""
    import struct

    local, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        raw = name.encode()
        offset = len(local)
        local += (
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(raw), 0
            )
            + raw
            + data
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    dest.write_bytes(bytes(local + central + end))


def _zip_bomb(dest: Path, good: Path) -> Path:
    """A valid-looking package plus model/extra.bin: 1 GiB of zeros (about 1 MB packed)."""
    import zlib

    def deflate(data: bytes) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush()

    entries = []
    with zipfile.ZipFile(good) as zin:
        for info in zin.infolist():
            data = zin.read(info.filename)
            entries.append((info.filename, deflate(data), zlib.crc32(data), len(data)))
        top = zin.namelist()[0].split("/")[0]
    # 64 identical 16 MiB blocks: after a full flush the compressor emits the same bytes for
    # the same input, so one block is compressed once and repeated.
    block = bytes(1 << 24)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    stream = one * 64 + c.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(64):
        crc = zlib.crc32(block, crc)
    entries.append((f"{top}/model/extra.bin", stream, crc, 64 << 24))
    _write_zip(dest, entries)
    with zipfile.ZipFile(dest) as check:  # a real zip, and it does hold 1 GiB
        assert check.getinfo(f"{top}/model/extra.bin").file_size == 1 << 30
    return dest


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory, argos_tiny_files: dict[str, Path]) -> Path:
    return _zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.argosmodel", argos_tiny_files["de-en"])


def test_a_zip_bomb_is_refused_without_extracting(world: dict, zip_bomb: Path) -> None:
    assert zip_bomb.stat().st_size < 3 << 20
    start = time.monotonic()
    result = run("models", "install", "--file", str(zip_bomb))
    elapsed = time.monotonic() - start
    assert result.exit_code == ExitCode.MODEL
    assert "zip bomb" in result.output and "1,07" in result.output  # 1,073,741,824 bytes
    assert elapsed < 10, elapsed  # a directory check, not an extraction (generous on 2 cores)
    assert_untouched(world)
    staging = [p for p in world["packages"].parent.iterdir() if "staging" in p.name]
    assert all(not any(p.iterdir()) for p in staging if p.is_dir())
    assert MAX_COMPRESSION_RATIO < 1000


def test_a_killed_install_leaves_nothing_argostranslate_trips_over(
    world: dict, tmp_path: Path
) -> None:
    big = rezip(
        world["good"],
        tmp_path / "v2.argosmodel",
        meta=lambda m: {**m, "package_version": "2.0"},
        compression=zipfile.ZIP_STORED,
    )
    env = dict(
        os.environ,
        ARGOS_PACKAGES_DIR=str(world["packages"]),
        _BRIEFING_INSTALL_CRASH_AFTER="3",
        PYTHONPATH=str(ROOT),
    )
    code = "import sys; from briefing.cli import main; sys.argv[0] = 'briefing'; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "models", "install", "--file", str(big)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr)
    staging = world["packages"].parent / f".{world['packages'].name}.briefing-staging"
    assert any(staging.rglob("*")), "the kill happened during extraction, in staging"
    assert_untouched(world)  # the packages folder holds exactly what it held before
    # argostranslate's own listing still works (no half package where it looks)
    check = (
        "import argostranslate.package as p; "
        "print(sorted((x.from_code, x.to_code) for x in p.get_installed_packages()))"
    )
    env.pop("_BRIEFING_INSTALL_CRASH_AFTER")
    listed = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[('de', 'en')]"
    # the next install cleans the stale staging and succeeds
    again = run("models", "install", "--file", str(big))
    assert again.exit_code == 0, again.output
    assert not any(staging.iterdir())
    assert [(p.pair, p.version) for p in list_models()] == [("de-en", "2.0")]


def test_old_install_folders_inside_the_packages_dir_are_cleaned(world: dict) -> None:
    stale = world["packages"] / ".install-abc123"
    (stale / "translate-de_en-1_0" / "model").mkdir(parents=True)
    (stale / "translate-de_en-1_0" / "model" / "model.bin").write_bytes(b"partial")
    assert run("models", "install", "--file", str(world["good"])).exit_code == 0
    assert not stale.exists()


def test_a_model_that_does_not_load_is_refused_at_install(world: dict, tmp_path: Path) -> None:
    bad = rezip(
        world["good"],
        tmp_path / "zeros.argosmodel",
        meta=lambda m: {**m, "package_version": "9.0"},
        replace_file=("model/model.bin", bytes(1024)),
    )
    result = run("models", "install", "--file", str(bad))
    assert result.exit_code == ExitCode.MODEL, result.output
    assert "cannot load the translation model" in result.output and str(bad) in result.output
    assert_untouched(world)


def test_concurrent_installs_are_serialised(world: dict, tmp_path: Path) -> None:
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(world["packages"]), PYTHONPATH=str(ROOT))
    code = "import sys; from briefing.cli import main; sys.argv[0] = 'briefing'; main()"
    for _ in range(2):
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, "models", "install", "--file", str(world["good"])],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outs = [p.communicate(timeout=180) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outs
        assert all("Traceback" not in err for _, err in outs)
    assert_untouched(world)


@pytest.fixture
def broken_installed(world: dict) -> Path:
    """The working de->en model damaged after install: model.bin is 1 KiB of zeros."""
    [pkg] = list_models()
    (pkg.path / "model" / "model.bin").write_bytes(bytes(1024))
    return pkg.path


def test_a_broken_installed_model_fails_translate_clearly(broken_installed: Path) -> None:
    result = run("translate", "--from", "de", "--no-cache", stdin="Guten Morgen.\n")
    assert result.exit_code == ExitCode.MODEL
    assert "cannot load the translation model" in result.stderr
    assert "Traceback" not in result.output and "IndexError:" not in result.output.split("(")[0]


def test_a_broken_installed_model_builds_untranslated_with_a_notice(
    broken_installed: Path, seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("build", str(seeds), "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(next(out.glob("*/briefing.json")).read_text(encoding="utf-8"))
    [notice] = [n for n in data["notices"] if n["code"] == "untranslated"]
    assert (
        "could not be used" in notice["text"]
        and "cannot load the translation model" in notice["text"]
    )
    assert "Install one with" in notice["text"]


@pytest.mark.slow
def test_a_broken_installed_model_daily_still_delivers_untranslated(
    broken_installed: Path, seeds: Path, tmp_path: Path, smtp
) -> None:
    out = tmp_path / "out"
    cfg = daily_config(tmp_path, seeds, smtp.port)
    result = run("daily", "--date", "2025-11-27", "--config", str(cfg))
    assert result.exit_code == ExitCode.OK, result.output
    assert len(smtp.messages) == 1
    data = json.loads((out / "2025-11-27" / "briefing.json").read_text(encoding="utf-8"))
    assert any(n["code"] == "untranslated" and "cannot load" in n["text"] for n in data["notices"])
