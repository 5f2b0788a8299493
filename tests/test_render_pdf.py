"""The PDF: table of contents with page numbers, story titles, "Page X of Y", bookmarks, the
first page as an image, and Letter paper. One multi-page PDF is shared by the tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import render_day_pdf
from briefing.render.sample import many_stories_briefing, sample_briefing

pytestmark = pytest.mark.slow
DAY = dt.date(2025, 11, 29)


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    """A 12-story day (several pages) plus the sample's notice, rendered once."""
    many = many_stories_briefing(12)
    b = dataclasses.replace(many, notices=sample_briefing().notices)
    path = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    # every story in full (the compact tail has its own tests)
    path.write_bytes(render_day_pdf(b, DAY, Settings(top_stories=12)))
    return path


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return _run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


def test_several_a4_pages(pdf, pages):
    info = _run("pdfinfo", str(pdf))
    assert "(A4)" in info
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert n >= 3 and len(pages) == n


def test_cover_line_and_notice_on_first_page(pages):
    first = pages[0]
    assert "Saturday, 29 November 2025" in first
    assert "12 stories · 36 articles · 3 outlets" in first
    assert "Not translated: 1 sentence stayed in German" in first


def test_page_x_of_y_on_every_page(pages):
    for i, text in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in text


def test_running_header_with_the_date_after_the_first_page(pages):
    assert all("Saturday, 29 November 2025" in p for p in pages[1:])


def _toc(pages: list[str]) -> dict[str, int]:
    toc = pages[0].split("CONTENTS", 1)[1]
    found = {}
    # leader dots tell contents lines from the day chart's labels (also "N. title  count")
    for m in re.finditer(r"^\s*\d+\.\s+(.+?)\s*\.{2,}\s*(\d+)\s*$", toc, re.M):
        found[m.group(1).strip()] = int(m.group(2))
    return found


def _bookmarks(pdf: Path) -> list[tuple[str, int, int]]:
    """(title, page, level) of every PDF bookmark, read with poppler's pdftohtml."""
    xml = _run("pdftohtml", "-xml", "-stdout", "-i", "-q", str(pdf))
    outline = xml[xml.index("<outline>") :]
    marks, level = [], 0
    for tag in re.finditer(r'<outline>|</outline>|<item page="(\d+)">(.*?)</item>', outline):
        if tag.group(0) == "<outline>":
            level += 1
        elif tag.group(0) == "</outline>":
            level -= 1
        else:
            marks.append((html.unescape(tag.group(2)), int(tag.group(1)), level))
    return marks


def test_contents_list_every_title_with_the_page_it_starts_on(pages):
    toc = _toc(pages)
    for i in range(12):
        title = f"Story number {i}: topic {i}"
        assert title in toc, f"{title} missing from the table of contents"
        page = toc[title]
        pattern = re.compile(re.escape(title) + r"\b")
        # page 1 names every title once before its text, in the contents (the PDF's day chart
        # is labelled by story number, so it does not print each title a second time)
        hits = [len(pattern.findall(p)) - (1 if n == 1 else 0) for n, p in enumerate(pages, 1)]
        body_pages = [n for n, h in enumerate(hits, 1) if h > 0]
        assert body_pages and body_pages[0] == page, (title, page, body_pages)
    assert max(toc.values()) >= 3


def test_bookmarks_for_the_day_and_every_story(pdf, pages):
    marks = _bookmarks(pdf)
    assert marks[0] == ("Saturday, 29 November 2025", 1, 1)
    stories = {t: p for t, p, level in marks if level == 2}
    toc = _toc(pages)
    for i in range(12):
        title = f"Story number {i}: topic {i}"
        assert stories.get(title) == toc[title]


def test_first_page_renders_to_an_image(pdf, tmp_path):
    _run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    png = next(tmp_path.glob("p*.png"))
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 10_000  # a blank page compresses to far less


def test_letter_setting_gives_letter_pages(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_day_pdf(sample_briefing(), DAY, Settings(paper="Letter")))
    info = _run("pdfinfo", str(path))
    assert "612 x 792 pts (letter)" in info
