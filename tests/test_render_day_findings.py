"""What a reader found wrong on real days, each fixed for its class of input: reports that name
only an agency, a day of a multi-day run, the tail's numbering in the PDF, the PDF day chart
repeating the contents, a kicker that sat with the story above."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import Article, Briefing, Day, Paragraph, Story, TimelineEntry
from briefing.render import render_day_html, render_day_markdown, render_day_pdf, render_day_text
from briefing.render.charts import day_chart
from briefing.render.context import day_context, outlet_names
from briefing.render.sample import many_stories_briefing, sample_briefing

DAY = dt.date(2025, 11, 29)


def _agency_story(n: int, credits: tuple[str, ...], title: str) -> Story:
    """A story whose reports were fed in without an outlet, only an agency credit (a made-up
    wire feed: the class "report names its agency, not its outlet")."""
    arts = tuple(
        Article(
            id=f"w{n}-{j}",
            path=f"wire/{n}-{j}.txt",
            paragraphs=(Paragraph(f"Meldung {n}.{j} über den Hafen."),),
            title=f"{title} ({j})",
            date=DAY,
            credits=credits,
        )
        for j in range(2)
    )
    return Story(id=f"w{n}", articles=arts, title=title, score=1.0)


def _wire_briefing() -> Briefing:
    lead = many_stories_briefing(2, sentences=1).days[0].stories
    tail = (_agency_story(1, ("dpa",), "Fähre fällt aus"), _agency_story(2, (), "Ohne Namen"))
    return Briefing(
        days=(Day(DAY, (*lead, *tail)),),
        source_languages=("de",),
        generated_at=dt.datetime(2025, 11, 30, 6, 0, tzinfo=dt.UTC),
    )


def _tail_line(text: str, title: str) -> str:
    """The "Also today" line of ``title`` (the section ends where the page's full stories or
    the footer begin)."""
    section = text[text.rindex("Also today") :].split("</section>", 1)[0].split("Generated")[0]
    flat = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    at = flat.index(title)
    return flat[at : at + 80]


@pytest.mark.parametrize("render", [render_day_html, render_day_markdown, render_day_text])
def test_also_today_names_the_agency_of_reports_without_outlet(render) -> None:
    out = render(_wire_briefing(), DAY, Settings(top_stories=2))
    assert _tail_line(out, "Fähre fällt aus").startswith("Fähre fällt aus · dpa · 2 articles")
    # a story whose reports name neither outlet nor agency still says so
    assert "Ohne Namen · unknown outlet" in _tail_line(out, "Ohne Namen")


def test_outlet_names_keep_outlets_first_then_agencies() -> None:
    story = {
        "outlets": ["zeit.de"],
        "articles": [
            {"source": "zeit.de", "credits": ["dpa"]},
            {"source": "", "credits": ["AFP", "dpa"]},
            {"source": "", "credits": []},
        ],
    }
    assert outlet_names(story) == ["zeit.de", "AFP", "dpa"]


def test_story_chart_caption_names_agencies_and_never_unknown_outlets() -> None:
    timeline = (TimelineEntry(DAY - dt.timedelta(days=1), "gestern", reports=3),)
    named = dataclasses.replace(_agency_story(1, ("dpa",), "Fähre"), timeline=timeline)
    bare = dataclasses.replace(_agency_story(2, (), "Hafen"), timeline=timeline)
    b = Briefing(days=(Day(DAY, (named, bare)),), source_languages=("de",))
    ctx = day_context(b, DAY, Settings(), output="html")
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", str(s["chart"])).group(1)
                for s in ctx["day"]["stories"]]  # fmt: skip
    assert captions == ["Reports per day; today 2 from dpa", "Reports per day; today 2"]


def test_day_page_footer_counts_the_days_articles_not_the_runs() -> None:
    b = sample_briefing()  # two days; the run read more articles than either day has
    for day in b.days:
        ctx = day_context(b, day.date, Settings(), output="html")
        page = render_day_html(b, day.date, Settings())
        footer = page[page.index('<footer class="footer">') :]
        n = ctx["stats"]["articles"]
        assert n < b.report.read or len(b.days) == 1
        assert f"from {n} article{'s' if n != 1 else ''}." in footer


def test_pdf_day_chart_is_labelled_by_story_number() -> None:
    stories = [
        {"number": i, "title": f"Titel {i} <b>", "copies": c, "in_full": i < 3}
        for i, c in ((1, 5), (2, 9), (3, 2), (4, 1))
    ]  # fmt: skip
    markup = str(day_chart(stories, by_number=True))
    svg = re.search(r"<svg.*</svg>", markup, re.S).group(0)
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Titel" not in " ".join(drawn)  # the titles are only in the alt text
    assert drawn[1::2] == ["2", "1", "3", "4"]  # numbers under the bars, largest first
    assert drawn[0::2] == ["9", "5", "2", "1"]  # each bar's count above it
    assert "Titel 2 &lt;b&gt;: 9" in svg  # the alt text, escaped
    screen = str(day_chart(stories))
    assert "2. Titel 2 &lt;b&gt;" in screen  # the screen chart keeps its labelled rows


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_tail_numbers_follow_the_contents(tmp_path: Path) -> None:
    big = many_stories_briefing(14, sentences=1)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_day_pdf(big, DAY, Settings(top_stories=4)))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    tail = text[text.rindex("Also today") :]
    for i in (4, 9, 13):  # story i + 1 is numbered i + 1, as in the chart and the HTML
        assert re.search(rf"\b{i + 1}\. Story number {i}: topic {i}\b", tail), tail[:600]
    assert not re.search(r"\b1\. Story number 4\b", tail)


def test_a_short_story_chart_has_narrow_bars() -> None:
    """A story of two days (a made-up one) gets two bars of at most MAX_BAR_STEP, not two
    slabs across the column; a month still fills its width."""
    from briefing.render.charts import MAX_BAR_STEP, story_chart

    def chart(days: int) -> str:
        timeline = [
            {"date": (DAY - dt.timedelta(days=k)).isoformat(), "reports": 2} for k in range(1, days)
        ]
        story = {"timeline": timeline, "original_reports": 3, "outlets": ["a.de"]}
        return str(story_chart(story, DAY))

    short = chart(2)
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', short)]
    width = int(re.search(r'<svg [^>]*width="(\d+)"', short).group(1))
    assert len(widths) == 2 and all(w <= 50 for w in widths), widths
    assert 2 * MAX_BAR_STEP <= width <= 100  # room for "28 Nov" and "29 Nov", no more
    dates = re.findall(r"<text [^>]*>(\d+ \w+)</text>", short)
    assert dates == ["28 Nov", "29 Nov"]  # both dates still under the bars
    month = chart(31)
    assert re.search(r'<svg [^>]*width="260"', month)
