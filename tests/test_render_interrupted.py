"""A build killed (SIGKILL) while writing (#18 case 16a): a day's outputs are replaced as a set,
so after the kill each day holds its complete old set (never a new briefing.html beside an old
briefing.txt), and the next run removes every hidden leftover of ours and writes the new set.

The kill is real: a child process runs ``write_outputs`` and SIGKILLs itself at a chosen point
(after the first staged file, right after the old set was moved aside, inside the atomic write of
index.html)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.fsutil import clean_stale_temps, recover_folder_swaps
from briefing.render import write_outputs
from briefing.render.sample import D1, D2, sample_briefing

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("html", "json", "txt")
OLD = {f"briefing.{f}": f"old {f}".encode() for f in FORMATS}

CHILD = r"""
import os, signal, sys
from pathlib import Path
from briefing import fsutil
from briefing.config import Settings
from briefing.render import write_outputs
from briefing.render.sample import sample_briefing

out, point = Path(sys.argv[1]), sys.argv[2]
die = lambda: os.kill(os.getpid(), signal.SIGKILL)
if point == "staging":
    real_write, count = fsutil._write_file, [0]
    def write(path, data, mode):
        count[0] += 1
        real_write(path, data, mode)
        if count[0] == 2:
            die()
    fsutil._write_file = write
elif point == "swap":
    real_rename = os.rename
    def rename(a, b):
        real_rename(a, b)
        if ".old-" in str(b):
            die()
    fsutil.os.rename = rename
elif point == "index":
    real_replace = os.replace
    def replace(a, b):
        if str(b).endswith("index.html"):
            die()
        real_replace(a, b)
    fsutil.os.replace = replace
write_outputs(sample_briefing(), Settings(out_dir=out, formats=("html", "json", "txt")))
"""


def _old_day(out: Path, day: str) -> Path:
    folder = out / day
    folder.mkdir(parents=True)
    for name, data in OLD.items():
        (folder / name).write_bytes(data)
    (folder / "briefing.eml").write_bytes(b"kept by a dry run")  # not ours to replace
    return folder


def _killed(out: Path, point: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(out), point], env=env, capture_output=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr.decode()


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.mark.parametrize("point", ["staging", "swap", "index"])
def test_a_kill_leaves_complete_old_sets_and_the_next_run_cleans_up(
    tmp_path: Path, point: str
) -> None:
    out = tmp_path / "out"
    day1 = _old_day(out, D1.isoformat())
    day2 = _old_day(out, D2.isoformat())
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("keep", encoding="utf-8")

    _killed(out, point)

    assert _hidden(out), "the kill left nothing behind: it hit the wrong point"
    if point == "swap":  # killed between the two renames: the old set is only moved aside
        assert not day1.exists()
        recover_folder_swaps(out)
    if point == "index":  # both days were swapped before the kill: each is a complete new set
        for day in (day1, day2):
            assert all(_contents(day)[n] != OLD[n] for n in OLD)
    else:  # never a mix: each day is exactly its old set
        for day in (day1, day2):
            assert _contents(day) == {**OLD, "briefing.eml": b"kept by a dry run"}

    written = write_outputs(sample_briefing(), Settings(out_dir=out, formats=FORMATS))

    assert len(written) == 2 * len(FORMATS) + 1
    assert _hidden(out) == [] and _hidden(day1) == [] and _hidden(day2) == []
    for day in (day1, day2):
        got = _contents(day)
        assert got["briefing.eml"] == b"kept by a dry run"
        assert all(got[n] != OLD[n] and got[n] for n in OLD)
    assert sentinel.read_text(encoding="utf-8") == "keep"


def test_only_stale_temporary_files_of_ours_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".briefing.html.{dead_pid}.abc123_x.tmp"
    live = tmp_path / ".briefing.pdf.1.abc123_x.tmp"  # pid 1 always runs
    old_style = tmp_path / ".briefing.json.k2j4h5g6.tmp"  # no pid: removed once an hour old
    fresh_old_style = tmp_path / ".briefing.md.q1w2e3r4.tmp"
    users = tmp_path / ".notes.tmp"
    for p in (stale, live, old_style, fresh_old_style, users):
        p.write_bytes(b"partial")
    hour_ago = time.time() - 7200
    os.utime(old_style, (hour_ago, hour_ago))

    removed = clean_stale_temps(tmp_path, prefixes=(".briefing.",))

    assert sorted(removed) == sorted([stale, old_style])
    assert live.exists() and fresh_old_style.exists() and users.exists()


def test_a_day_folder_that_is_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "briefing.html").write_bytes(b"not yours")
    out = tmp_path / "out"
    out.mkdir()
    (out / D1.isoformat()).symlink_to(elsewhere)

    write_outputs(sample_briefing(), Settings(out_dir=out, formats=("html",)))

    assert not (out / D1.isoformat()).is_symlink() and (out / D1.isoformat()).is_dir()
    assert (elsewhere / "briefing.html").read_bytes() == b"not yours"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["briefing.html"]
