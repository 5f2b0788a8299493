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
