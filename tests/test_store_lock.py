"""``briefing build`` takes the run lock (the one ``daily`` takes) around its writes: a build
started while another run holds the lock waits for it, and two builds into one store and one
output folder at once run one after the other, leaving what one build leaves."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from briefing.config import Settings
from briefing.runlock import holds_run_lock, run_lock

ROOT = Path(__file__).resolve().parent.parent


def _env(home: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")},
        "PYTHONPATH": str(ROOT),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SOURCE_DATE_EPOCH": "1764000000",
    }


def _build(home: Path, out: Path) -> subprocess.Popen[bytes]:
    args = ["build", str(ROOT / "fixtures"), "--out", str(out), "--format", "json"]
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *args],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _jsons(out: Path) -> dict[str, object]:
    return {
        str(p.relative_to(out)): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("briefing.json"))
    }


def test_a_build_waits_while_another_run_holds_the_lock(tmp_path: Path) -> None:
    """Class: a build started during another run (a daily, a build) of the same state."""
    home, out = tmp_path / "home", tmp_path / "out"
    data = home / "data" / "briefing"
    settings = Settings(state_path=data / "state.sqlite")
    with run_lock(settings, wait=0):
        proc = _build(home, out)
        for _ in range(24):  # 12 s: a build that did not wait has opened its store by then
            time.sleep(0.5)
            assert proc.poll() is None  # still waiting
            assert not (data / "articles.sqlite").exists() and not out.exists()  # wrote nothing
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert _jsons(out)


def test_two_builds_at_once_into_one_store_end_as_one_build(tmp_path: Path) -> None:
    """Class: two builds of one store and output folder started together (cron and a user)."""
    home, out = tmp_path / "home", tmp_path / "out"
    a, b = _build(home, out), _build(home, out)
    for proc in (a, b):
        _o, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-2000:]
    alone_home, alone = tmp_path / "alone", tmp_path / "alone-out"
    c = _build(alone_home, alone)
    c.communicate(timeout=300)
    assert _jsons(out) == _jsons(alone)
    with sqlite3.connect(home / "data" / "briefing" / "articles.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # every article once: the second build parsed nothing again
        assert (
            db.execute("SELECT count(*), count(DISTINCT aid) FROM articles").fetchone()
            == (db.execute("SELECT count(*) FROM articles").fetchone()[0],) * 2
        )


def test_the_lock_is_known_held_inside_its_block_only(tmp_path: Path) -> None:
    settings = Settings(state_path=tmp_path / "state.sqlite")
    assert not holds_run_lock(settings)
    with run_lock(settings):
        assert holds_run_lock(settings)
    assert not holds_run_lock(settings)
