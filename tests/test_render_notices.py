"""A day's outputs carry only the notices that concern that day's articles (issue #12 item 8)."""

from __future__ import annotations

import datetime as dt

from briefing.config import Settings
from briefing.models import Article, Briefing, Day, Notice, Paragraph, Story
from briefing.pipeline import _date_notices
from briefing.render.context import briefing_to_dict, day_context, index_context

D1, D2 = dt.date(2024, 12, 20), dt.date(2024, 12, 21)


def _art(i: str, day: dt.date, conf: float) -> Article:
    return Article(
        id=i, path=f"/in/{i}.txt", paragraphs=(Paragraph("Text."),), date=day, date_confidence=conf
    )


def _briefing(days: tuple[dt.date, ...], notices: tuple[Notice, ...]) -> Briefing:
    return Briefing(
        days=tuple(
            Day(d, (Story(id=f"s{d.day}", articles=(_art(f"a{d.day}", d, 0.9),)),)) for d in days
        ),
        notices=notices,
    )


def test_guessed_dates_show_on_their_own_day_only() -> None:
    notices = _date_notices(
        [_art("x", D1, 0.3), _art("y", D2, 0.9), _art("z", D2, 0.2), _art("w", D2, 0.1)]
    )
    assert [(n.days, n.text.split(": ")[1]) for n in notices] == [
        ((D1,), "x.txt."),
        ((D2,), "z.txt, w.txt."),
    ]
    skipped = Notice("warning", "2 input file(s) could not be read.", "skipped-inputs", scope="run")
    untranslated = Notice("warning", "Not translated.", "untranslated")
    b = _briefing((D1, D2), (*notices, skipped, untranslated))
    s = Settings()
    page1 = day_context(b, D1, s, output="html")["notices"]
    page2 = day_context(b, D2, s, output="html")["notices"]
    assert [n["code"] for n in page1] == ["date-guessed", "untranslated"]
    assert "x.txt" in page1[0]["text"] and "z.txt" not in page1[0]["text"]
    assert [n["code"] for n in page2] == ["date-guessed", "untranslated"]
    assert "z.txt" in page2[0]["text"]
    # the day's JSON too; the index page keeps the run's notices
    assert [n["code"] for n in briefing_to_dict(b, D2)["notices"]] == [
        "date-guessed",
        "untranslated",
    ]
    assert [n["code"] for n in index_context([], b, s)["notices"]] == [
        "skipped-inputs",
        "untranslated",
    ]


def test_a_one_day_run_shows_its_skipped_inputs_on_the_page() -> None:
    skipped = Notice("warning", "1 input file(s) could not be read.", "skipped-inputs", scope="run")
    b = _briefing((D1,), (skipped,))
    assert [n["code"] for n in day_context(b, D1, Settings(), output="pdf")["notices"]] == [
        "skipped-inputs"
    ]
