"""A build of many days makes each day's stories one day ahead in a worker process
(``briefing.day_stories``): the same stories, in the same order, and the same output files
as a build that makes them in its own process (``--workers 1``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from test_threads_runs import gnad, teasers

from briefing import summarize
from briefing.day_stories import StoryOptions, make_stories, stories_ahead
from briefing.models import Article, Sentence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OPTIONS = StoryOptions(threshold=0.3, algorithm="lexrank", sentences=2, words=None)


def made_up_days() -> list[tuple[int, list[Article] | None]]:
    """Days of unrelated teasers and news texts, a day not to build between them."""
    t = teasers() + gnad(8, 0)
    return [(0, t[:4]), (1, None), (2, t[4:]), (3, t[1:6]), (4, None), (5, t[:1])]


@pytest.mark.parametrize("workers", [1, 2])
def test_stories_ahead_are_the_stories_made_here(workers: int) -> None:
    got = list(stories_ahead(made_up_days(), OPTIONS, workers))
    assert [k for k, _a, _s in got] == [0, 1, 2, 3, 4, 5]
    for (key, articles), (_k, same, stories) in zip(made_up_days(), got, strict=True):
        if articles is None:
            assert same is None and stories is None
            continue
        assert stories == make_stories(articles, OPTIONS), key
        # the members are this process's articles, not copies sent back by the worker
        assert same is not None and stories is not None
        assert all(any(a is b for b in same) for s in stories for a in s.articles)


def test_on_two_workers_the_summaries_are_made_in_another_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def where(members: list[Article], **_kw: object) -> list[Sentence]:
        pid = str(os.getpid())
        return [Sentence(pid, pid, members[0].id, 0, "de", "de")]

    monkeypatch.setattr(summarize, "summarize_story", where)  # the forked worker has it too
    here = str(os.getpid())
    for workers, elsewhere in ((1, False), (2, True)):
        for _k, _a, stories in stories_ahead(made_up_days(), OPTIONS, workers):
            for s in stories or []:
                assert (s.summary[0].text != here) is elsewhere, workers


def test_a_build_on_two_workers_writes_what_one_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from briefing.cli import app

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    outputs = {}
    for workers in ("1", "2"):
        root = tmp_path / workers
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
            monkeypatch.setenv(var, str(root / sub))
        out = root / "out"
        args = ["build", str(FIXTURES), "--out", str(out), "--format", "json,html,md"]
        result = CliRunner().invoke(app, [*args, "--workers", workers])
        assert result.exit_code == 0, result.output
        outputs[workers] = {
            str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
        }
    days = {k.split("/")[0] for k in outputs["1"] if "/" in k}
    assert len(days) >= 3 and all(dt.date.fromisoformat(d) for d in days)
    assert outputs["2"] == outputs["1"]


def test_a_build_of_one_day_starts_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class: a build of one day (``daily``, ``build --date``) has no next day to make
    ahead, so it makes its stories here rather than send them to a worker and wait."""
    from typer.testing import CliRunner

    from briefing import day_stories
    from briefing.cli import app

    def no_pool(*_a: object, **_kw: object) -> None:
        raise AssertionError("a worker was started for one day")

    monkeypatch.setattr(day_stories, "ProcessPoolExecutor", no_pool)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    out = tmp_path / "out"
    base = ["build", str(FIXTURES), "--format", "json", "--workers", "2"]
    one = CliRunner().invoke(app, [*base, "--out", str(out), "--date", "2025-11-27"])
    assert one.exit_code == 0, one.output
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["2025-11-27"]
    # the same build of every day does start one (the patch above is what it meets)
    every = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "all")])
    assert every.exit_code != 0


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_worker_ends_when_its_build_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, sys, time\n"
        "from test_build_days_ahead import OPTIONS, made_up_days\n"
        "from briefing.day_stories import stories_ahead\n"
        "for _k, _a, _s in stories_ahead(made_up_days(), OPTIONS, 2):\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()  # the first day is made: the worker is running
    workers = [
        int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    ]
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{w}/status").exists() for w in workers)
    # and nothing holds the killed run's output open
    assert proc.stdout.read() == b""
