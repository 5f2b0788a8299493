"""The compact tail: the first ``top_stories`` stories in full in every output, the rest one
line each (title, outlets, count) under "Also today"; on the screen page each line links to the
story's full text; the contents list shows the top stories."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import (
    render_day_html,
    render_day_markdown,
    render_day_pdf,
    render_day_text,
    render_email,
)
from briefing.render.sample import many_stories_briefing

DAY = dt.date(2025, 11, 29)
TOP = 3


def _settings(**kw: object) -> Settings:
    return Settings(top_stories=TOP, **kw)  # type: ignore[arg-type]


def _full_text(i: int) -> str:
    return f"Story {i} sentence 0: the committee met again"


@pytest.fixture(scope="module")
def briefing():
    return many_stories_briefing(9, sentences=2)


def _also_today(text: str) -> str:
    at = text.lower().rindex("also today")
    return text[at:].split("Generated", 1)[0]


@pytest.mark.parametrize(
    "render",
    [
        render_day_markdown,
        render_day_text,
        lambda b, d, s: render_email(b, d, s)[1],
        lambda b, d, s: render_email(b, d, s)[0],
    ],
    ids=["md", "txt", "email.txt", "email.html"],
)
def test_short_outputs_show_top_stories_in_full_and_the_rest_in_one_line(briefing, render):
    out = render(briefing, DAY, _settings())
    for i in range(TOP):
        assert _full_text(i) in out
    tail = " ".join(re.sub(r"<[^>]+>", " ", _also_today(out)).split())  # unwrap, untag
    for i in range(TOP, 9):
        assert _full_text(i) not in out
        assert (
            f"{i + 1}. Story number {i}: topic {i} · outlet0.example, outlet1.example, "
            "outlet2.example · 3 articles"
            in tail
            or f"Story number {i}: topic {i} · outlet0.example, outlet1.example, "
            "outlet2.example · 3 articles"
            in tail
        ), tail


def test_screen_page_links_each_tail_line_to_its_full_text(briefing):
    page = render_day_html(briefing, DAY, _settings())
    toc = page[page.index('<nav class="toc"') : page.index("</nav>")]
    assert re.findall(r'<li><a href="#(story-\d+)">', toc) == ["story-1", "story-2", "story-3"]
    assert 'href="#also-today"' in toc
    section = page[
        page.index('id="also-today"') : page.index("</section>", page.index('id="also-today"'))
    ]
    links = re.findall(r'<a href="#(story-\d+)">Story number (\d+)', section)
    assert [n for _, n in links] == [str(i) for i in range(TOP, 9)]
    for anchor, n in links:
        full = page[page.index(f'id="{anchor}"') :]
        assert _full_text(int(n)) in full.split("</article>", 1)[0]


@pytest.mark.slow
def test_pdf_of_a_big_day_is_a_few_pages(tmp_path: Path):
    big = many_stories_briefing(60, sentences=3)
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(render_day_pdf(big, DAY, Settings()))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Also today" in text and "Story number 59: topic 59" in text
    assert _full_text(10) not in text and _full_text(9) in text
    assert pages <= 6, pages
