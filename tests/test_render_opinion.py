"""An opinion piece is marked as opinion in every output (issue #12 item 5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import Briefing, Day
from briefing.render import render_email, write_outputs
from briefing.render.sample import sample_briefing

D2 = dt.date(2025, 11, 29)


def _opinion_briefing() -> Briefing:
    b = sample_briefing()
    day = next(d for d in b.days if d.date == D2)
    first = day.stories[0]
    head = dataclasses.replace(
        first.articles[0], title=first.title_original, kicker="Kommentar", opinion=True
    )
    story = dataclasses.replace(first, articles=(head, *first.articles[1:]))
    days = tuple(Day(d.date, (story, *d.stories[1:])) if d.date == D2 else d for d in b.days)
    return dataclasses.replace(b, days=days)


def test_opinion_is_marked_in_html_json_markdown_text_and_email(tmp_path: Path) -> None:
    b = _opinion_briefing()
    s = Settings(out_dir=tmp_path / "out", formats=("html", "json", "md", "txt"))
    write_outputs(b, s)
    out = tmp_path / "out" / D2.isoformat()
    data = json.loads((out / "briefing.json").read_text("utf-8"))
    story = data["days"][0]["stories"][0]
    assert story["opinion"] is True and story["kicker"] == "Kommentar"
    assert story["articles"][0]["opinion"] is True
    assert "Opinion · Kommentar" in (out / "briefing.html").read_text("utf-8")
    assert "Opinion: Ukraine talks resume in Geneva" in (out / "briefing.md").read_text("utf-8")
    assert "OPINION: UKRAINE TALKS RESUME IN GENEVA" in (out / "briefing.txt").read_text("utf-8")
    html, text = render_email(b, D2, s)
    assert "Opinion" in html and "OPINION:" in text
    # the news stories of the same page are not marked
    assert (out / "briefing.md").read_text("utf-8").count("Opinion:") == 2  # contents + heading


def test_opinion_is_marked_in_the_atom_feed(tmp_path: Path) -> None:
    """The feed is an output too: its entry title and content name an opinion piece as such."""
    s = Settings(out_dir=tmp_path / "out", formats=("html", "atom"))
    write_outputs(_opinion_briefing(), s)
    feed = (tmp_path / "out" / "feed.atom").read_text("utf-8")
    assert "Opinion: Ukraine talks resume in Geneva" in feed
    assert feed.count("Opinion: ") == 2  # the entry's title and the story's heading


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_opinion_is_marked_in_the_pdf(tmp_path: Path) -> None:
    s = Settings(out_dir=tmp_path / "out", formats=("pdf",))
    write_outputs(_opinion_briefing(), s)
    pdf = tmp_path / "out" / D2.isoformat() / "briefing.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Opinion" in text
