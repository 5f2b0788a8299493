"""One module converts Article/Briefing to and from JSON: each direction is the other's inverse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from briefing.config import Settings
from briefing.ingest import read_inputs
from briefing.models import Article, Paragraph
from briefing.render.sample import sample_briefing
from briefing.serialize import (
    BRIEF_ARTICLE_KEYS,
    article_from_dict,
    article_to_dict,
    briefing_from_dict,
    briefing_to_dict,
)


def test_articles_survive_a_round_trip_through_json(fixtures_dir: Path) -> None:
    articles = read_inputs([fixtures_dir], Settings()).articles
    assert articles
    for a in articles:
        text = json.dumps(article_to_dict(a), ensure_ascii=False)
        assert article_from_dict(json.loads(text)) == a


def test_a_made_up_article_with_every_field_round_trips() -> None:
    a = Article(
        id="x1",
        path="feed.xml#2",
        paragraphs=(Paragraph("Zwischentitel", heading=True), Paragraph("Ein Absatz.")),
        title="Titel",
        title_derived=True,
        date=dt.date(2024, 2, 29),
        published=dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        date_confidence=0.123456789,
        date_method="metadata",
        source="Beispielblatt",
        credits=("dpa", "AFP"),
        url="https://example.org/a",
        language="de",
        warnings=("page date later than its comments",),
        duplicates=("x2",),
        outlets=("Beispielblatt", "Anderes Blatt"),
    )
    assert article_from_dict(article_to_dict(a)) == a
    assert article_to_dict(a, confidence_digits=3)["date_confidence"] == 0.123
    brief = article_to_dict(a, BRIEF_ARTICLE_KEYS)
    assert list(brief) == list(BRIEF_ARTICLE_KEYS) and "text" not in brief


def test_briefing_json_reads_back_to_the_same_json() -> None:
    b = sample_briefing()
    d = briefing_to_dict(b)
    again = briefing_from_dict(json.loads(json.dumps(d)))
    assert briefing_to_dict(again) == d
    assert again.days[0].stories[0].summary == b.days[0].stories[0].summary
