"""Outlets are publishers: never a feed's title; section feeds of one site are one outlet; the
same item in several feeds is one report; a config table names outlets (issue #12 item 6)."""

from __future__ import annotations

from pathlib import Path

from briefing.config import Settings
from briefing.dedup import fold_duplicates, item_key
from briefing.ingest import read_inputs
from briefing.ingest.outlets import feed_publisher, unify_outlets
from briefing.models import Article, Paragraph


def _feed(path: Path, title: str, items: list[tuple[str, str, str]]) -> Path:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{text}</description></item>"
        for t, link, text in items
    )
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://www.example.org/</link>{body}</channel></rss>",
        encoding="utf-8",
    )
    return path


def test_feed_titles_are_not_outlets() -> None:
    # the feed titles: the publisher is the segment naming the link's domain
    assert feed_publisher("n-tv.de - Startseite", "https://www.n-tv.de/politik/a.html") == "n-tv.de"
    dlf = "Deutschlandfunk - Fortlaufende Nachrichten vom 21. Dezember 2024"
    assert feed_publisher(dlf, "https://www.deutschlandfunk.de/a-100.html") == "Deutschlandfunk"
    # made up: a feed title that names no publisher gives the registrable domain
    assert (
        feed_publisher("Top-Meldungen am Abend", "https://nachrichten.kreisblatt.example.com/a")
        == "example.com"
    )
    assert feed_publisher("DER SPIEGEL - Schlagzeilen", "https://www.spiegel.de/a") == "DER SPIEGEL"


TEXT = (
    "Der Stadtrat hat am Montag nach langer Debatte den Haushalt für das kommende Jahr beschlossen."
)


def test_section_feeds_of_one_publisher_are_one_outlet_and_cross_posts_one_report(
    tmp_path: Path,
) -> None:
    link = "https://www.kreisblatt.de/lokales/haushalt-100.html"
    _feed(tmp_path / "politik.rss", "Kreisblatt - Politik", [("Haushalt beschlossen", link, TEXT)])
    _feed(
        tmp_path / "lokales.rss",
        "Kreisblatt - Lokales",
        [
            ("Haushalt beschlossen", link + "?utm_source=rss", TEXT),
            (
                "Neue Brücke",
                "https://www.kreisblatt.de/lokales/bruecke-100.html",
                "Die neue Brücke über den Fluss ist nach zwei Jahren Bauzeit am Sonntag eröffnet worden.",
            ),
        ],
    )
    _feed(
        tmp_path / "sport.rss",
        "Sport | kreisblatt.de",
        [
            (
                "Derby gewonnen",
                "https://sport.kreisblatt.de/derby",
                "Der FC hat das Derby am Samstag vor ausverkauftem Haus mit zwei zu eins gewonnen.",
            ),
        ],
    )
    articles = read_inputs([tmp_path], Settings()).articles
    assert {a.source for a in articles} == {"Kreisblatt"}
    folded = fold_duplicates(articles)
    assert len(folded) == 3  # the cross-posted item counts once
    same = [a for a in folded if "haushalt" in (a.url or "")]
    assert (
        len(same) == 1
        and same[0].duplicates == ()
        and len(set(same[0].outlets or (same[0].source,))) == 1
    )


def test_item_key_ignores_tracking_and_fragments() -> None:
    assert item_key("https://www.x.de/a/?utm_medium=rss#top") == item_key("http://x.de/a")
    assert item_key("https://x.de/a?id=2") != item_key("https://x.de/a?id=3")
    assert item_key(None) is None and item_key("not a url") is None


def test_config_table_names_outlets_by_domain_feed_or_name() -> None:
    def art(i: int, url: str, source: str, path: str = "f.rss") -> Article:
        return Article(
            id=str(i), path=f"{path}#{i}", paragraphs=(Paragraph("t"),), url=url, source=source
        )

    arts = [
        art(1, "https://www.deutschlandfunk.de/a", "deutschlandfunk.de"),
        art(2, "https://www.n-tv.de/b", "n-tv.de"),
        art(
            3,
            "https://feeds.example.net/c",
            "Morgenpost Feed",
            path="https://feeds.example.net/all.rss",
        ),
        art(4, "https://www.other.example/d", "Abendblatt"),
    ]
    table = {
        "deutschlandfunk.de": "Deutschlandfunk",
        "https://feeds.example.net/all.rss": "Morgenpost",
        "abendblatt": "Hamburger Abendblatt",
    }
    assert [a.source for a in unify_outlets(arts, table)] == [
        "Deutschlandfunk",
        "n-tv.de",
        "Morgenpost",
        "Hamburger Abendblatt",
    ]


def test_outlets_table_in_the_config_file_and_config_check(tmp_path: Path) -> None:
    from briefing.config import load_settings
    from briefing.config_check import check_config

    cfg = tmp_path / "config.toml"
    cfg.write_text(
        'top_stories = 5\n\n[outlets]\n"kreisblatt.de" = "Kreisblatt Nord"\n', encoding="utf-8"
    )
    settings = load_settings(cfg)
    assert settings.outlets == {"kreisblatt.de": "Kreisblatt Nord"}
    assert check_config(cfg) == []
    (tmp_path / "in").mkdir()
    _feed(
        tmp_path / "in" / "f.rss",
        "Kreisblatt - Politik",
        [("Haushalt beschlossen", "https://www.kreisblatt.de/a", TEXT)],
    )
    assert [a.source for a in read_inputs([tmp_path / "in"], settings).articles] == [
        "Kreisblatt Nord"
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text('outlets = ["kreisblatt.de"]\n', encoding="utf-8")
    assert any("outlets" in line and "table" in line for line in check_config(bad))


def test_outlets_from_the_environment(monkeypatch) -> None:
    from briefing.config import load_settings

    monkeypatch.setenv("BRIEFING_OUTLETS", "n-tv.de=n-tv, deutschlandfunk.de = Deutschlandfunk")
    assert load_settings().outlets == {"n-tv.de": "n-tv", "deutschlandfunk.de": "Deutschlandfunk"}
