"""Dates decided by evidence: every class of candidate has its own made-up page here."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from lxml import html as lxml_html

from briefing.config import Settings
from briefing.ingest import read_file
from briefing.ingest.html_dates import find_page_date

SAVED = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.UTC)
TEXT = "".join(
    f"<p>Teil {n}: Die Bürgerinitiative sammelte im Frühjahr Unterschriften gegen die geplante "
    f"Umgehungsstraße und übergab sie dem Landratsamt.</p>"
    for n in range(1, 4)
)


def _page(head: str = "", header: str = "", after: str = "", title: str = "Umgehung") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><main><h1>{title}</h1>{header}"
        f"{TEXT}</main>{after}</body></html>"
    )


def _date(html: str, url: str | None = None, now: dt.datetime = SAVED):
    return find_page_date(lxml_html.document_fromstring(html), url=url, now=now)


def test_url_date_beats_a_lone_date_next_to_the_headline() -> None:
    got = _date(
        _page(header="<p class='meta'>03.02.2021</p>"),
        url="https://blog.example/2023/04/17/umgehung/",
    )
    assert got.date == dt.date(2023, 4, 17) and got.method == "url"
    assert got.confidence < 0.8  # contradicted by what the page shows


def test_url_date_and_metadata_agreeing_are_sure() -> None:
    meta = '<meta property="article:published_time" content="2023-04-17T07:00:00+02:00">'
    got = _date(_page(head=meta), url="https://blog.example/2023/04/17/umgehung/")
    assert got.date == dt.date(2023, 4, 17) and got.confidence >= 0.9


def test_url_month_decides_between_candidates() -> None:
    # /2019/10/ names the month: the headline's date from another year loses to metadata in it
    meta = '<meta name="date" content="2019-10-08">'
    got = _date(
        _page(head=meta, header="<span class='date'>22.10.2018</span>"),
        url="https://www.example.de/kommentar/2019/10/wochenrueckblick/",
    )
    assert got.date == dt.date(2019, 10, 8)


def test_expiry_date_is_never_the_publication_date() -> None:
    # A video page: "Verfügbar bis" is the end of its availability, "Stand:" and JSON-LD agree
    ld = (
        '<script type="application/ld+json">{"@type": "VideoObject", "name": "Bericht", '
        '"uploadDate": "2024-04-22", "datePublished": "2024-04-22T18:00:00+02:00"}</script>'
    )
    header = "<p>Verfügbar bis 06.05.2024</p><p>Stand: 22.04.2024 18:00 Uhr</p>"
    got = _date(_page(head=ld, header=header))
    assert got.date == dt.date(2024, 4, 22)
    only_expiry = _date(_page(header="<div>Online bis: 30.06.2024</div>"))
    assert only_expiry.date != dt.date(2024, 6, 30)


def test_event_dates_are_not_publication_dates() -> None:
    header = "<p>Termin: 14.06.2024</p><p class='byline'>Von Eva Muster, 02.05.2024</p>"
    assert _date(_page(header=header)).date == dt.date(2024, 5, 2)


def test_json_ld_of_a_recipe_is_weaker_than_the_article_date() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "Recipe", "name": "Apfelkuchen", '
        '"datePublished": "2020-04-12"}</script>'
    )
    got = _date(_page(head=ld, header="<p class='date'>07.11.2006</p>"))
    assert got.date == dt.date(2006, 11, 7)


def test_future_means_after_the_page_was_saved() -> None:
    meta = '<meta property="article:published_time" content="2024-05-27T08:00:00+02:00">'
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-13"}</script>'
    # Saved on 20 May: the 27 May stamp is in the page's future, whatever today's date is.
    assert _date(_page(head=meta + ld)).date == dt.date(2024, 5, 13)
    later = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert _date(_page(head=meta + ld), now=later).date in {
        dt.date(2024, 5, 13),
        dt.date(2024, 5, 27),
    }


def _saved_file(path: Path, text: str, saved: dt.datetime) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    return path


def test_html_file_dates_after_its_modification_time_are_not_used(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2024-05-27T08:00:00+02:00">'
    page = _saved_file(tmp_path / "p.html", _page(head=meta), SAVED)
    (article,) = read_file(page, Settings())
    assert article.date != dt.date(2024, 5, 27)


def test_feed_items_later_than_the_feed_build_time_are_flagged(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Kreisblatt</title>'
        "<lastBuildDate>Mon, 20 May 2024 09:00:00 +0000</lastBuildDate>"
        "<item><title>Alt</title><description>Die Gemeinde eröffnete das neue Hallenbad am "
        "Wochenende mit einem Fest.</description><pubDate>Sun, 19 May 2024 10:00:00 +0000</pubDate>"
        "</item><item><title>Neu</title><description>Der Kreistag berät über den Haushalt und die "
        "Schulden des Kreises.</description><pubDate>Mon, 27 May 2024 10:00:00 +0000</pubDate>"
        "</item></channel></rss>"
    )
    path = _saved_file(tmp_path / "f.xml", feed, dt.datetime(2024, 7, 1, tzinfo=dt.UTC))
    old, new = read_file(path, Settings())
    assert old.date_confidence >= 0.8 and not old.warnings
    assert new.date_confidence < 0.5
    assert any("after the input was saved (2024-05-20)" in w for w in new.warnings)


def test_json_record_dates_later_than_crawled_at_are_flagged(tmp_path: Path) -> None:
    record = {
        "title": "Kreistag",
        "text": "Der Kreistag berät über den Haushalt und die Schulden des Kreises.",
        "date": "2024-05-27",
        "crawled_at": "2024-05-20T09:00:00Z",
    }
    path = _saved_file(tmp_path / "r.jsonl", json.dumps(record) + "\n", SAVED)
    (article,) = read_file(path, Settings())
    assert article.date == dt.date(2024, 5, 27) and article.date_confidence < 0.5
    assert any("after the input was saved" in w for w in article.warnings)


def test_dateline_opening_the_lead_paragraph_is_the_page_date() -> None:
    # press releases and club news: the lead paragraph starts with its date
    lead = (
        "<p>(14. März 2023) Der Gemeinderat hat die Umgehungsstraße nach langer Debatte "
        "beschlossen; die Bürgerinitiative kündigte an, dagegen zu klagen.</p>"
    )
    got = _date(_page(header=lead))
    assert got.date == dt.date(2023, 3, 14) and got.method == "headline"
    place = (
        "<p>Augsburg, 02.05.2022 – Die Stadtwerke erhöhen zum Sommer die Preise für Fernwärme "
        "um elf Prozent, wie sie am Montag mitteilten.</p>"
    )
    assert _date(_page(header=place)).date == dt.date(2022, 5, 2)


def test_a_date_inside_the_lead_sentence_is_no_dateline() -> None:
    prose = (
        "<p>Am 3. März 2020 hatte der Gemeinderat die Umgehungsstraße schon einmal beschlossen, "
        "damals aber ohne die Stimmen der Opposition.</p>"
    )
    got = _date(_page(header=prose))
    assert "headline" not in got.method  # at most htmldate's guess, with a low confidence
    assert got.confidence < 0.5


def test_post_metadata_sentence_names_the_publication_date() -> None:
    # WordPress themes: "Dieser Beitrag wurde am ... veröffentlicht und unter ... abgelegt"
    foot = (
        "<p class='postmetadata'>Dieser Artikel wurde am Montag, 4. März 2019 um 10:00 Uhr "
        "veröffentlicht und unter Politik abgelegt. Kommentare sind geschlossen.</p>"
    )
    got = _date(_page(after=foot), url="https://blog.example/2019/03/umgehung/")
    assert got.date == dt.date(2019, 3, 4) and "labelled" in got.method
    # an event in the article's prose ("ist am ... erschienen") is not the page's date
    prose = (
        "<p>Das Buch der Initiative ist am 4. März 2019 erschienen und in jeder Buchhandlung "
        "zu haben, sagte die Sprecherin der Gruppe.</p>"
    )
    assert "labelled" not in _date(_page(after=prose)).method


def test_time_element_shows_the_publishers_day_when_the_stamp_crosses_midnight() -> None:
    # the stamp is 23:30 UTC (00:30 in Berlin); the page shows the 4th, as its publisher meant
    stamp = (
        "<p class='entry-meta'><time itemprop='datePublished' "
        "datetime='2021-03-04T23:30:00+00:00'>04/03/2021</time></p>"
    )
    got = _date(_page(header=stamp))
    assert got.date == dt.date(2021, 3, 4) and got.confidence >= 0.8
    # a shown day that is not next to the stamp's (month-first "12/11/2019") moves nothing
    us = "<p><time datetime='2019-12-11T10:00:00+01:00'>12/11/2019</time></p>"
    assert _date(_page(header=us)).date == dt.date(2019, 12, 11)


def test_without_an_h1_the_heading_above_the_article_is_the_headline() -> None:
    # a club's site: its banner on top, the news item's title in an <h4>, its date line above
    page = (
        "<html><head><title>Schützenverein Oberweiler e.V.</title></head><body>"
        "<div class='banner'><h2>Schützenverein Oberweiler</h2><h3>Termine</h3></div>"
        + "<p>"
        + "Vereinsleben seit 1890. " * 40
        + "</p>"
        + "<div class='news'><p>2021-09-04 | Vereinsnachrichten</p>"
        "<h4>Neuer Schießstand eingeweiht</h4>" + TEXT + "</div></body></html>"
    )
    tree = lxml_html.document_fromstring(page)
    lead = "Teil 1: Die Bürgerinitiative sammelte im Frühjahr Unterschriften gegen die geplante"
    got = find_page_date(tree, url=None, now=SAVED, lead=lead)
    assert got.date == dt.date(2021, 9, 4) and got.method == "headline"
    # without knowing where the article starts there is no headline to measure from
    assert find_page_date(tree, url=None, now=SAVED).method != "headline"


def test_the_end_of_a_date_range_is_no_publication_date() -> None:
    # weekly reports and festivals name a period; its last day is not the page's date
    got = _date(_page(header="<p class='sub'>Rückblick 7. - 13. März 2022</p>"))
    assert "headline" not in got.method and got.confidence < 0.5
    numeric = _date(_page(header="<p class='sub'>Festwoche 3.–9.6.2022</p>"))
    assert "headline" not in numeric.method
