"""Publication dates of HTML pages: metadata, headline datelines, labels, URLs, plausibility."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html as lxml_html

from briefing.config import Settings
from briefing.ingest.html import parse_html
from briefing.ingest.html_dates import find_page_date, url_date

NOW = dt.datetime(2025, 12, 1, 12, 0, tzinfo=dt.UTC)
BODY = "".join(
    f"<p>Absatz {n}: Der Gemeinderat hat nach langer Debatte über den Haushalt beraten und "
    f"am Ende mit knapper Mehrheit einen Beschluss gefasst.</p>"
    for n in range(1, 5)
)


def page(head: str = "", header: str = "", body: str = BODY, after: str = "") -> str:
    return (
        f"<html><head><title>Haushalt beschlossen</title>{head}</head><body>"
        f"<nav><a href='/'>Start</a></nav><article><h1>Haushalt beschlossen</h1>{header}"
        f"{body}</article>{after}</body></html>"
    )


def date_of(html: str, url: str | None = None, tz: str = "Europe/Berlin"):
    tree = lxml_html.document_fromstring(html)
    return find_page_date(tree, url=url, tz=tz, now=NOW)


def test_json_ld_date_published() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-11-05T10:00:00+01:00", "dateModified": "2025-11-07T10:00:00+01:00"}'
        "</script>"
    )
    got = date_of(page(head=ld))
    assert got.date == dt.date(2025, 11, 5)
    assert got.published == dt.datetime(2025, 11, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert got.confidence >= 0.8 and got.method == "json-ld"


def test_meta_time_is_read_in_the_configured_zone() -> None:
    meta = '<meta property="article:published_time" content="2025-11-06T23:30:00Z">'
    assert date_of(page(head=meta)).date == dt.date(2025, 11, 7)  # 00:30 in Berlin
    assert date_of(page(head=meta), tz="America/New_York").date == dt.date(2025, 11, 6)


def test_headline_dateline_agreeing_with_metadata_is_most_certain() -> None:
    meta = (
        '<meta property="article:published_time" content="2025-11-03T08:00:00+01:00">'
        '<meta property="article:modified_time" content="2025-11-04T08:00:00+01:00">'
    )
    got = date_of(page(head=meta, header="<p class='date'>Montag, 3. November 2025</p>"))
    assert got.date == dt.date(2025, 11, 3)
    assert got.method.startswith("headline") and got.confidence >= 0.9
    assert not got.warnings  # a later modification stamp is an update, no contradiction


def test_contradicting_metadata_lowers_the_confidence() -> None:
    meta = (
        '<meta property="article:published_time" content="2025-10-01T08:00:00+02:00">'
        '<meta property="article:modified_time" content="2025-11-03T08:00:00+01:00">'
    )
    got = date_of(page(head=meta, header="<p class='date'>Montag, 3. November 2025</p>"))
    assert got.date == dt.date(2025, 11, 3)  # what the reader sees, and a metadata stamp
    assert got.method == "headline+metadata"
    assert got.confidence < 0.8 and any("contradicted by 2025-10-01" in w for w in got.warnings)


def test_headline_dateline_without_metadata() -> None:
    got = date_of(
        page(header="<div class='byline'>Von Anna Beispiel | 27.11.2025, 19:30 Uhr</div>")
    )
    assert got.date == dt.date(2025, 11, 27)
    assert got.published is not None and got.published.hour == 19
    assert got.method == "headline"


def test_date_in_running_text_is_not_a_dateline() -> None:
    body = "<p>Die neue Regel gilt ab dem 1. Januar 2026 für alle Betriebe im Land, sagte der Minister.</p>"
    meta = '<meta property="article:published_time" content="2025-11-20T08:00:00+01:00">'
    assert date_of(page(head=meta, header=body)).date == dt.date(2025, 11, 20)


def test_labelled_publication_date() -> None:
    footer = "<p>Letzte Änderung: 31.10.2025</p><p>Erschienen am: 01.11.2025</p>"
    got = date_of(page(after=footer))
    assert got.date == dt.date(2025, 11, 1)
    assert got.method.startswith("labelled")


def test_url_date() -> None:
    assert url_date("https://example.org/2025/11/05/radweg/") == dt.date(2025, 11, 5)
    assert url_date("https://example.org/news/2025-11-05-radweg") == dt.date(2025, 11, 5)
    assert url_date("https://example.org/artikel/12345.html") is None
    got = date_of(page(), url="https://example.org/2025/11/05/radweg/")
    assert got.date == dt.date(2025, 11, 5) and got.method == "url"


def test_future_dates_are_never_used() -> None:
    meta = '<meta property="article:published_time" content="2030-01-01T08:00:00+01:00">'
    ld = '<script type="application/ld+json">{"@type": "Article", "datePublished": "2025-11-02"}</script>'
    got = date_of(page(head=meta + ld))
    assert got.date == dt.date(2025, 11, 2)
    assert got.date <= NOW.date()


COMMENTS = (
    "<section class='comments'><div class='comment'><span>12.09.2025, 08:00 Uhr</span>"
    "<p>Sehr guter Artikel.</p></div></section>"
)


def test_date_later_than_the_comments_loses_to_an_earlier_candidate() -> None:
    meta = '<meta property="article:published_time" content="2025-09-01T08:00:00+02:00">'
    header = "<p class='date'>05.11.2025</p>"
    assert date_of(page(head=meta, header=header)).date == dt.date(2025, 11, 5)  # headline wins
    got = date_of(page(head=meta, header=header, after=COMMENTS))
    assert got.date == dt.date(2025, 9, 1)  # ... unless it is later than the first comment


def test_a_comment_date_is_never_the_publication_date() -> None:
    got = date_of(page(body=BODY * 3, after="<p>Stand: 05.11.2025</p>" + COMMENTS))
    assert got.date == dt.date(2025, 11, 5)
    assert got.confidence < 0.5 and any("comment" in w for w in got.warnings)


def test_url_date_is_not_overruled_by_comment_stamps() -> None:
    # Comment stamps are found by class names (a sidebar of old comments looks the same):
    # they lower the confidence of a URL date, they do not replace it.
    got = date_of(page(after=COMMENTS), url="https://example.org/2025/11/05/radweg/")
    assert got.date == dt.date(2025, 11, 5) and got.method == "url"
    assert got.confidence < 0.5 and any("comment" in w for w in got.warnings)


def test_no_date_at_all() -> None:
    got = date_of(page())
    assert got.date is None and got.confidence == 0.0
    assert got.warnings


def test_article_carries_date_fields() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-11-05T10:00:00+01:00"}</script>'
    a = parse_html(page(head=ld), path="p.html", settings=Settings())
    assert a.date == dt.date(2025, 11, 5)
    assert a.published is not None
    assert a.date_method == "json-ld" and not a.date_guessed


@pytest.mark.parametrize("tz", ["Europe/Berlin", "Asia/Tokyo"])
def test_article_date_uses_settings_timezone(tz: str) -> None:
    meta = '<meta property="article:published_time" content="2025-11-06T20:00:00Z">'
    a = parse_html(page(head=meta), path="p.html", settings=Settings(timezone=tz))
    assert a.date == (dt.date(2025, 11, 6) if tz == "Europe/Berlin" else dt.date(2025, 11, 7))


def test_date_inside_the_headline_is_the_topic_not_the_publication() -> None:
    html = (
        "<html><body><article><h1>Protokoll der Sitzung vom 10. Oktober 2025</h1>"
        "<p class='date'>26.11.2025</p>" + BODY + "</article></body></html>"
    )
    assert date_of(html).date == dt.date(2025, 11, 26)


def test_member_since_dates_are_not_publication_dates() -> None:
    header = "<div class='author'>Registriert: 18.09.2008</div><div>21.01.2025, 10:12</div>"
    assert date_of(page(header=header)).date == dt.date(2025, 1, 21)
