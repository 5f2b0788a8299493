"""docs/templates.md documents exactly the context the code gives the templates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import index_listing
from briefing.render.context import day_context, index_context
from briefing.render.env import TEMPLATE_NAMES
from briefing.render.sample import sample_briefing

DOC = Path(__file__).resolve().parent.parent / "docs" / "templates.md"


def _documented() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text("utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            sections[current] = []
        elif current and (m := re.match(r"- `([a-z_]+)`:", line)):
            sections[current].append(m.group(1))
        elif line.startswith("## "):
            current = None
    return sections


def _actual() -> dict[str, list[str]]:
    b = sample_briefing()
    c = day_context(b, dt.date(2025, 11, 29), Settings(), output="html")
    story = c["stories"][0]
    days = index_listing(
        Path("/nonexistent"),
        {"2025-11-29": {"date": "2025-11-29", "files": {"html": "x"}, "titles": [], "articles": 3}},
    )
    idx = index_context(days, b, Settings())
    return {
        "context": list(c),
        "briefing": list(c["briefing"]),
        "notice": list(c["notices"][0]),
        "report": list(c["report"]),
        "day": list(c["day"]),
        "stats": list(c["stats"]),
        "settings": list(c["settings"]),
        "story": list(story),
        "timeline entry": list(story["timeline"][0]),
        "article": list(story["articles"][0]),
        "sentence": list(story["summary"][0]),
        "index context": list(idx),
        "index day": list(days[0]),
    }


def test_every_context_section_is_documented():
    assert set(_documented()) == set(_actual())


@pytest.mark.parametrize("section", sorted(_actual()))
def test_documented_keys_match_the_code(section):
    assert _documented()[section] == _actual()[section]


def test_every_template_file_is_documented():
    text = DOC.read_text("utf-8")
    for name in TEMPLATE_NAMES:
        assert f"`{name}`" in text
