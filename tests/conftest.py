"""Shared test set-up.

argostranslate reads ARGOS_PACKAGES_DIR and the XDG_* variables when it is first imported, so
they are pointed at a session temporary folder here, at import time, before any test imports it.
Every test then gets its own user folders (autouse ``isolated_home``), so no test touches the
real home directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="briefing-tests-"))
for _var, _sub in {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "ARGOS_PACKAGES_DIR": "argos-packages",
}.items():
    os.environ[_var] = str(_SESSION_HOME / _sub)
    (_SESSION_HOME / _sub).mkdir(parents=True, exist_ok=True)
os.environ["HOME"] = str(_SESSION_HOME / "home")
(_SESSION_HOME / "home").mkdir(exist_ok=True)
os.environ.pop("BRIEFING_CONFIG", None)
# No test may reach the network: argostranslate's index lives behind this URL.
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/index.json"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
EVALDATA = SHARED / "evaldata"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point briefing's config, data and cache folders at this test's tmp_path."""
    home = tmp_path / "home"
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_CACHE_HOME": "cache",
    }.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    for var in list(os.environ):
        if var.startswith("BRIEFING_"):
            monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the five seed articles."""
    dest = tmp_path / "seeds"
    shutil.copytree(FIXTURES, dest, ignore=shutil.ignore_patterns("*.md"))
    return dest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


# --- translation: tiny Argos packages (built once per session, installed per test) ---------


@pytest.fixture(scope="session")
def argos_tiny_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny random-weight .argosmodel files (gibberish output): de->en, fr->en, en->de."""
    from argos_tiny import build_package

    dest = tmp_path_factory.mktemp("argos-tiny")
    return {
        f"{a}-{b}": build_package(dest, a, b) for a, b in (("de", "en"), ("fr", "en"), ("en", "de"))
    }


@pytest.fixture
def argos_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Argos packages folder for this test only."""
    path = tmp_path / "argos-packages"
    path.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


@pytest.fixture
def tiny_de_en(argos_dir: Path, argos_tiny_files: dict[str, Path]) -> Path:
    """The tiny de->en package installed into this test's packages folder; returns its folder."""
    from briefing.translate.packages import install_from_file

    return install_from_file(argos_tiny_files["de-en"]).path


def daily_config(tmp_path: Path, inputs: Path, port: int, mail_extra: str = "") -> Path:
    """A config for ``briefing daily`` on ``inputs``: html+pdf+json into tmp_path/out, private
    state and outbox, mail to anna@example.org through 127.0.0.1:port."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'inputs = ["{inputs}"]\nout_dir = "{tmp_path / "out"}"\nformats = ["html", "pdf", "json"]\n'
        f'state_path = "{tmp_path / "state.sqlite"}"\noutbox_dir = "{tmp_path / "outbox"}"\n'
        "[mail]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'to = ["anna@example.org"]\nsender = "briefing@example.org"\nretries = 1\nbackoff = 0.01\n'
        + mail_extra,
        encoding="utf-8",
    )
    return cfg


@pytest.fixture
def smtp() -> Iterator[object]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, for the mail tests."""
    from helpers import running_server

    with running_server() as server:
        yield server


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    """A sample briefing PDF where a build would put it: OUT/2025-11-27/briefing.pdf."""
    dest = tmp_path / "out" / "2025-11-27" / "briefing.pdf"
    dest.parent.mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "data" / "mail" / "sample.pdf", dest)
    return dest
