"""The CLI boundary: unexpected errors in one line (traceback with --debug), --version,
``python -m briefing``, and the library's entry points exported from ``briefing``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefing
from briefing.cli import app
from briefing.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent


def _explode(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("a bug nobody expected")


def test_unexpected_exception_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.pipeline

    monkeypatch.setattr(briefing.pipeline, "run_build", _explode)
    r = CliRunner().invoke(app, ["build", str(ROOT / "fixtures")])
    assert r.exit_code == ExitCode.ERROR
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert lines == [
        "briefing: error: unexpected ZeroDivisionError: a bug nobody expected "
        "(run with --debug for the traceback)"
    ]
    assert "Traceback" not in r.output


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.pipeline

    monkeypatch.setattr(briefing.pipeline, "run_build", _explode)
    r = CliRunner().invoke(app, ["--debug", "build", str(ROOT / "fixtures")])
    assert r.exit_code == 1
    assert isinstance(r.exception, ZeroDivisionError)


def test_version_matches_the_package_metadata() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0
    assert r.output.strip() == f"briefing {meta['project']['version']}"
    assert briefing.__version__ == meta["project"]["version"]


def test_python_dash_m_briefing_runs_the_cli() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, "-m", "briefing", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("briefing ")


def test_main_entry_points_are_exported() -> None:
    from briefing.config import Settings
    from briefing.pipeline import build_briefing

    assert briefing.Settings is Settings
    assert briefing.build_briefing is build_briefing
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None, name
    with pytest.raises(AttributeError):
        briefing.no_such_thing  # noqa: B018
