"""Hostile leftovers in the output folder (#18 case 8): an earlier day's ``briefing.json`` is
untrusted. Damaged, deeply nested or wrongly typed, it costs only that day's details in
``index.html`` (with a warning naming it); the build succeeds and the next build too."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from helpers import fixture_day_args
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode
from briefing.render import index_listing

# An earlier day's briefing.json, one per way it can be wrong.
HOSTILE_OLD_JSON = {
    "2025-10-01": "[" * 200_000 + "]" * 200_000,  # RecursionError in json.loads
    "2025-10-02": '{"days": [{"stories": [{"title": {"x": 1}}, {"title": 5}, "x", null]}]}',
    "2025-10-03": '{"days": "not a list"}',
    "2025-10-04": '{"days": [{"stories": {"title": "a dict, not a list"}}]}',
    "2025-10-05": "[1, 2, 3]",
    "2025-10-06": "\xff\xfe not utf-8",
    "2025-10-07": '{"days": [{"stories": [{"title": "' + "x" * 5000 + '"}]}]}',
    # shapes that the feed (feed.atom) reads back in full, not only the titles
    "2025-10-10": '{"days": [{"date": "2025-10-10", "stories": [{"articles": '
    '[{"paragraphs": [[]]}]}]}]}',
    "2025-10-11": '{"days": [{"date": "2025-10-11", "stories": [{"summary": '
    '[{"position": "x"}]}]}]}',
    "2025-10-12": '{"days": [{"date": "2025-10-12", "stories": [5, null, []]}], "notices": [5]}',
    "2025-10-13": '{"days": [{"date": "2025-10-13", "stories": []}], "generated_at": 1e400}',
}


def _plant(out: Path) -> None:
    for day, text in HOSTILE_OLD_JSON.items():
        (out / day).mkdir(parents=True)
        (out / day / "briefing.json").write_bytes(text.encode("latin-1"))
        (out / day / "briefing.html").write_text("<p>old</p>", encoding="utf-8")
    # a day folder whose name only looks like a date, and a good old day
    (out / "2025-99-99").mkdir()
    (out / "2025-99-99" / "briefing.html").write_text("x", encoding="utf-8")
    good = {"days": [{"date": "2025-10-09", "stories": [{"title": "An old good story"}]}]}
    (out / "2025-10-09").mkdir()
    (out / "2025-10-09" / "briefing.json").write_text(json.dumps(good), encoding="utf-8")


def test_index_listing_survives_every_hostile_old_day(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _plant(tmp_path)
    with caplog.at_level(logging.WARNING):
        listing = index_listing(tmp_path)
    by_day = {e["date"]: e for e in listing}
    assert "2025-99-99" not in by_day
    assert by_day["2025-10-09"]["titles"] == ["An old good story"]
    for day in ("2025-10-01", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06"):
        assert by_day[day]["titles"] == [] and by_day[day]["files"], day
        assert any(day in r.getMessage() for r in caplog.records), day
    assert by_day["2025-10-02"]["titles"] == []  # wrong types are left out, not str()-ed
    assert [len(t) for t in by_day["2025-10-07"]["titles"]] == [300]  # capped
    assert "nested too deeply" in caplog.text


def test_build_into_a_folder_with_hostile_old_days_succeeds_twice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _plant(out)
    sentinel = out / "2025-10-01" / "briefing.json"
    before = sentinel.read_bytes()
    args = fixture_day_args(out, "html,json,atom")

    first = CliRunner().invoke(app, args)

    assert first.exit_code == ExitCode.OK, first.output
    assert (
        "2025-10-01/briefing.json" in first.output and "listed without its stories" in first.output
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2025-10-01/briefing.html" in index and "An old good story" in index
    assert sentinel.read_bytes() == before  # an old day is read, never rewritten
    second = CliRunner().invoke(app, args)
    assert second.exit_code == ExitCode.OK, second.output
