"""Golden files for the HTML, Markdown and text outputs of the fixed sample briefing.

Rewrite them after an intended change with: BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import render_day_html, render_day_markdown, render_day_text, render_email
from briefing.render.sample import sample_briefing

GOLDEN = Path(__file__).parent / "data" / "render" / "golden"
DAY = dt.date(2025, 11, 29)
# Read at import time: the autouse fixture clears BRIEFING_* variables for each test.
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"{path} missing: run with BRIEFING_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file (BRIEFING_UPDATE_GOLDEN=1 "
        "rewrites it after an intended change)"
    )


@pytest.mark.parametrize(
    "name, render",
    [
        ("briefing.html", render_day_html),
        ("briefing.md", render_day_markdown),
        ("briefing.txt", render_day_text),
    ],
)
def test_output_matches_golden_file(name, render):
    _check(name, render(sample_briefing(), DAY, Settings()))


def test_email_text_matches_golden_file():
    _html, text = render_email(sample_briefing(), DAY, Settings())
    _check("email.txt", text)


@pytest.mark.parametrize(
    "name, render",
    [
        ("tail/briefing.html", render_day_html),
        ("tail/briefing.md", render_day_markdown),
        ("tail/briefing.txt", render_day_text),
        ("tail/email.txt", lambda b, d, s: render_email(b, d, s)[1]),
    ],
)
def test_compact_tail_matches_golden_file(name, render):
    """One top story in full, the other under "Also today"."""
    _check(name, render(sample_briefing(), DAY, Settings(top_stories=1)))


def test_rendering_is_deterministic():
    b = sample_briefing()
    assert render_day_html(b, DAY, Settings()) == render_day_html(b, DAY, Settings())
