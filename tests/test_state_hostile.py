"""A damaged state database (#18 case 16) has its own exit code, 10, distinct from 9 ("another
run holds the lock", which a cron wrapper may retry): the message names the file and what to do,
nothing else is touched, and the run after the file is moved aside succeeds."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from helpers import FakeBuild, SmtpServer, hostile_config
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode, LockedError, StateError
from briefing.store import Store


def _malformed(path: Path) -> None:
    """A real SQLite file with its table pages overwritten: the header still parses."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mail_sent (day TEXT, recipient TEXT)")
        conn.executemany("INSERT INTO mail_sent VALUES (?, ?)", [("d", "x" * 500)] * 200)
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["garbage", "malformed"])
def test_damaged_state_database_exits_10_and_the_next_run_succeeds(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setattr("briefing.pipeline.run_build", FakeBuild())
    cfg = hostile_config(
        tmp_path, smtp.port, f'out_dir = "{tmp_path / "out"}"\ninputs = ["{tmp_path}"]\n'
    )
    state = tmp_path / "state" / "state.sqlite"
    state.parent.mkdir()
    if damage == "garbage":
        state.write_bytes(b"this is not a database\n" * 100)
    else:
        _malformed(state)
    damaged_bytes = state.read_bytes()
    sentinel = tmp_path / "state" / "keep.txt"
    sentinel.write_text("keep", encoding="utf-8")
    args = ["daily", "--date", "2025-11-27", "--config", str(cfg)]

    result = CliRunner().invoke(app, args)

    assert result.exit_code == ExitCode.STATE == 10, result.output
    assert str(state) in result.output and "damaged" in result.output
    assert "move it aside" in result.output or "aside" in result.output
    assert "Traceback" not in result.output and smtp.messages == []
    if damage == "garbage":  # never "repaired" behind the user's back
        assert state.read_bytes() == damaged_bytes
    assert sentinel.read_text(encoding="utf-8") == "keep"

    state.rename(state.with_name("state.sqlite.damaged"))
    again = CliRunner().invoke(app, args)
    assert again.exit_code == ExitCode.OK, again.output
    assert len(smtp.messages) == 1


def test_locked_is_still_9_and_a_kind_of_state_error() -> None:
    assert LockedError("x").exit_code == ExitCode.LOCKED == 9
    assert issubclass(LockedError, StateError) and StateError("x").exit_code == 10


def test_new_state_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.sqlite"
    with Store(path) as store:
        store.ensure("CREATE TABLE IF NOT EXISTS t (x)")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_busy_database_is_locked_not_damaged(tmp_path: Path) -> None:
    """SQLite's own 'database is locked' (another process past the 30 s busy timeout) is
    exit 9 like the run lock, where waiting helps; only real damage is 10."""
    from briefing.store import damaged

    path = tmp_path / "state.sqlite"
    busy = damaged(path, sqlite3.OperationalError("database is locked"))
    assert isinstance(busy, LockedError) and busy.exit_code == 9 and str(path) in str(busy)
    bad = damaged(path, sqlite3.DatabaseError("file is not a database"))
    assert type(bad) is StateError and bad.exit_code == 10 and "move" in str(bad)
    assert damaged(None, sqlite3.DatabaseError("malformed")).exit_code == 10


def test_damage_found_mid_run_is_exit_10_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr("briefing.daily.run_daily", broken)
    cfg = tmp_path / "config.toml"
    cfg.write_text('[mail]\nto = ["anna@example.org"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["daily", "--config", str(cfg), str(tmp_path)])
    assert result.exit_code == ExitCode.STATE, result.output
    assert "damaged" in result.output and "state_path" in result.output
    assert "Traceback" not in result.output
