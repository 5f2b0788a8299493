"""Charts: static inline SVG from the briefing's data (no script, no network), with alt text;
drawn in the screen page (headless Chromium) and in the PDF (pdftoppm)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import TimelineEntry
from briefing.render import render_day_html, render_day_markdown, render_day_pdf, render_email
from briefing.render.charts import archive_chart, day_chart, story_chart
from briefing.render.sample import many_stories_briefing, sample_briefing

SVG = "{http://www.w3.org/2000/svg}"
DAY = dt.date(2025, 11, 29)


def _svg(markup: str) -> ET.Element:
    m = re.search(r"<svg.*</svg>", str(markup), re.S)
    assert m, markup
    return ET.fromstring(m.group(0))  # well-formed XML, or this raises


def _story(**kw: object) -> dict:
    base = {
        "number": 1,
        "title": "A story",
        "copies": 4,
        "original_reports": 3,
        "outlets": ["a.de", "b.de"],
        "timeline": [],
        "in_full": True,
    }
    return {**base, **kw}


def test_story_chart_bars_follow_the_reports_per_day() -> None:
    timeline = [{"date": "2025-11-26", "reports": 2}, {"date": "2025-11-28", "reports": 6}]
    svg = _svg(story_chart(_story(timeline=timeline), DAY))
    bars = [r for r in svg.iter(f"{SVG}rect")]
    assert len(bars) == 4  # 26, 27 (no report), 28 and 29 November
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0 and heights[2] == max(heights)
    assert heights[0] == pytest.approx(heights[2] / 3, abs=0.1)
    assert heights[3] == pytest.approx(heights[2] / 2, abs=0.1)
    title = svg.find(f"{SVG}title").text
    assert title == (
        "Reports per day since 26 Nov: 26 Nov: 2, 28 Nov: 6, 29 Nov: 3 (today, from 2 outlets)"
    )
    assert svg.get("role") == "img" and svg.get("aria-label") == title


def test_a_one_day_story_has_no_chart() -> None:
    assert story_chart(_story(), DAY) == ""
    assert story_chart(_story(timeline=[{"date": "2025-11-28", "reports": 0}]), DAY) == ""


def test_day_chart_orders_by_size_and_escapes_titles() -> None:
    stories = [
        _story(number=1, title="Small <script>alert(1)</script> & co", copies=2),
        _story(number=2, title="Large", copies=9),
        _story(number=3, title="Middle", copies=5),
    ]
    markup = str(day_chart(stories))
    assert "<script>" not in markup
    svg = _svg(markup)
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.text and "." in t.text]
    assert labels == ["2. Large", "3. Middle", "1. Small <script>alert(1)</script> & co"]
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == sorted(widths, reverse=True)
    assert "Large: 9" in svg.find(f"{SVG}title").text


def test_archive_chart_fills_the_days_between() -> None:
    days = [
        {"date": "2025-11-24", "articles": 80},
        {"date": "2025-11-27", "articles": 40},
        {"date": "2025-11-25", "articles": 0},
    ]
    svg = _svg(archive_chart(days))
    assert len(list(svg.iter(f"{SVG}rect"))) == 4  # 24..27 November
    assert "120 in all, most on 24 Nov (80)" in svg.find(f"{SVG}title").text
    assert archive_chart(days[:1]) == ""


def _charted_briefing():
    b = sample_briefing()
    day = b.days[1]
    story = dataclasses.replace(
        day.stories[0],
        timeline=(
            TimelineEntry(dt.date(2025, 11, 26), "x", reports=1),
            TimelineEntry(dt.date(2025, 11, 28), "y", reports=5),
        ),
    )
    stories = [_with_kicker(s, f"Kicker {i}") for i, s in enumerate((story, *day.stories[1:]))]
    return dataclasses.replace(
        b, days=(b.days[0], dataclasses.replace(day, stories=tuple(stories)))
    )


def _with_kicker(story, kicker: str):
    """``story`` titled after its first report's headline, which carries ``kicker``."""
    head = dataclasses.replace(story.articles[0], kicker=kicker, title_derived=False)
    return dataclasses.replace(
        story, articles=(head, *story.articles[1:]), title_original=" ".join(head.title.split())
    )


def test_charts_only_where_they_can_be_seen() -> None:
    b = _charted_briefing()
    page = render_day_html(b, DAY, Settings())
    assert page.count("<svg") == 2 and "chart-story" in page and "chart-day" in page
    assert "<script" not in "".join(re.findall(r"<svg.*?</svg>", page, re.S))
    html, text = render_email(b, DAY, Settings())
    assert "<svg" not in html and "<svg" not in text  # mail clients drop inline SVG
    assert "<svg" not in render_day_markdown(b, DAY, Settings())


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_charts_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "briefing.html"
    page.write_text(render_day_html(_charted_briefing(), DAY, Settings()), "utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.read_text("utf-8").replace(
            "</body>",
            """<script>
window.addEventListener("load", function () {
  var r = [].map.call(document.querySelectorAll("svg.chart"), function (s) {
    var b = s.getBoundingClientRect();
    return [s.getAttribute("class"), Math.round(b.width), Math.round(b.height),
            s.querySelectorAll("rect").length];
  });
  var gaps = [].map.call(document.querySelectorAll("figure.chart-figure"), function (f) {
    return Math.round(f.querySelector("figcaption").getBoundingClientRect().top -
                      f.querySelector("svg").getBoundingClientRect().bottom);
  });
  var kickers = [].map.call(document.querySelectorAll(".story > .kicker"), function (k) {
    var story = k.parentNode, prev = story.previousElementSibling;
    var above = prev ? k.getBoundingClientRect().top - prev.getBoundingClientRect().bottom : 99;
    var below = k.nextElementSibling.getBoundingClientRect().top - k.getBoundingClientRect().bottom;
    return [Math.round(above), Math.round(below)];
  });
  document.body.setAttribute("data-probe", JSON.stringify({charts: r, gaps: gaps, kickers: kickers}));
});</script></body>""",
            1,
        ),
        "utf-8",
    )
    base = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    done = subprocess.run(
        [*base, "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
    )
    m = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert m, done.stderr[-2000:]
    import json

    probe = json.loads(m.group(1).replace("&quot;", '"'))
    drawn = probe["charts"]
    # a caption sits right under its chart (the day chart's svg once took the figure's margin)
    assert probe["gaps"] and all(0 <= g <= 6 for g in probe["gaps"]), probe["gaps"]
    # a kicker belongs to the headline under it: closer to it than to the story above
    assert probe["kickers"] and all(below < above for above, below in probe["kickers"])
    assert [d[0] for d in drawn] == ["chart chart-day", "chart chart-story"]
    assert all(w > 100 and h > 20 and n >= 2 for _, w, h, n in drawn), drawn
    shot = tmp_path / "charts.png"
    subprocess.run(
        [
            *base,
            "--window-size=900,1100",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=60,
    )
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_charts_are_drawn_in_the_pdf(tmp_path: Path) -> None:
    from PIL import Image

    big = many_stories_briefing(6, sentences=2)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_day_pdf(big, DAY, Settings()))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    img = Image.open(png).convert("RGB")
    bar = sum(
        1 for px in img.getdata() if abs(px[0] - 31) + abs(px[1] - 78) + abs(px[2] - 140) < 40
    )
    assert bar > 200, bar  # the day chart's bars (#1f4e8c) are on the first page
