"""Input formats: JSON, JSON Lines, RSS, Atom, feed URLs, HTML, folders and globs."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import serving

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest import article_to_dict, read_file, read_inputs

DATA = Path(__file__).resolve().parent / "data" / "ingest" / "formats"


def _by_title(articles: list) -> dict:  # type: ignore[type-arg]
    return {a.title: a for a in articles}


def test_json_list_of_objects() -> None:
    articles = read_file(DATA / "articles.json", Settings())
    assert [a.path.rsplit("#", 1)[1] for a in articles] == ["1", "2"]
    first, second = articles
    assert first.title == "Selenskyj kündigt Verhandlungen an" and not first.title_derived
    assert first.date == dt.date(2025, 11, 28)
    assert first.published is not None and first.published.hour == 21
    assert str(first.published.tzinfo) == "Europe/Berlin"  # naive time, configured zone
    assert first.date_method == "metadata" and not first.date_guessed
    assert first.source == "Beispiel-Zeitung"
    assert first.url == "https://www.beispiel-zeitung.de/politik/selenskyj-verhandlungen-100.html"
    assert [p.text for p in first.paragraphs if p.heading] == ["Genf bleibt wichtig"]
    # no title given: derived from the text; German date form; <BR \/> is a break
    assert second.title_derived and second.title.startswith("Der Bundestag hat am Freitag")
    assert second.date == dt.date(2025, 11, 28)
    assert second.credits == ("dpa",)
    assert len(second.paragraphs) == 2 and "<BR" not in second.text
    assert first.id != second.id


def test_json_object_with_articles_list() -> None:
    articles = read_file(DATA / "wrapped.json", Settings())
    assert [a.title for a in articles] == ["Erster Eintrag", "Zweiter Eintrag"]
    assert [a.date for a in articles] == [dt.date(2025, 11, 27), dt.date(2025, 11, 28)]


def test_jsonl_broken_line_skipped_rest_read() -> None:
    result = read_inputs([DATA / "articles.jsonl"], Settings())
    titles = [a.title for a in result.articles]
    assert titles == [
        "Kreml bereit zu weiteren Gesprächen",
        "Starmer nennt Putin den Aggressor",
        "Ohne Datum",
    ]
    assert [(s.path, s.reason) for s in result.skipped] == [
        (f"{DATA / 'articles.jsonl'} line 3", "not valid JSON")
    ]
    by = _by_title(result.articles)
    assert by["Kreml bereit zu weiteren Gesprächen"].source == "Wiener Blatt"
    # Unix seconds: 1764775200 = 2025-12-03 15:20 UTC
    starmer = by["Starmer nennt Putin den Aggressor"]
    assert starmer.published is not None
    assert starmer.published.astimezone(dt.UTC) == dt.datetime(2025, 12, 3, 15, 20, tzinfo=dt.UTC)
    undated = by["Ohne Datum"]
    assert undated.date is None and undated.date_guessed and undated.date_confidence == 0.0


def test_json_records_without_text_are_skipped(tmp_path: Path) -> None:
    f = tmp_path / "mixed.json"
    f.write_text(
        json.dumps(
            [
                {"title": "nur Titel"},
                "ein String",
                {
                    "text": "Berlin - Die Regierung hat am Montag einen neuen Haushaltsentwurf vorgelegt und im Kabinett beschlossen."
                },
                {
                    "text": "Zweiter Text über die Haushaltsdebatte im Bundestag, die am Dienstag begann.",
                    "date": "kein Datum",
                },
            ]
        ),
        encoding="utf-8",
    )
    result = read_inputs([f], Settings())
    assert len(result.articles) == 2
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {
        f"{f}#1": "no 'text' or 'html' field with content",
        f"{f}#2": "not a JSON object (str)",
    }
    assert any("unreadable date" in w for w in result.articles[1].warnings)


def test_json_not_valid(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text('{"text": "abc",', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON"):
        read_file(f, Settings())


def test_rss_feed_entries() -> None:
    result = read_inputs([DATA / "feed.rss"], Settings())
    first, second = result.articles
    assert first.title == "Putin bekräftigt Forderung nach dem Donbass"
    # The feed's title ("Nachrichten Beispiel") names the feed; the outlet is the publisher.
    assert first.source == "example.de"
    assert first.url == "https://nachrichten.example.de/putin-donbass-100.html"
    assert first.language == "de"
    # content:encoded wins over the shorter description; script dropped; <h2> is a heading
    assert "Kurzfassung" not in first.text and "var x" not in first.text
    assert [p.text for p in first.paragraphs if p.heading] == ["Witkoff in Moskau erwartet"]
    assert first.credits == ("dpa",)
    assert first.published == dt.datetime(2025, 11, 27, 18, 30, tzinfo=dt.UTC)
    assert first.date == dt.date(2025, 11, 27) and first.date_method == "feed"
    assert second.date == dt.date(2025, 11, 28)
    assert second.text.startswith("EU-Ratspräsident António Costa")
    assert [s.reason for s in result.skipped] == ["entry has no content or summary"]
    assert result.skipped[0].path.endswith("feed.rss#3")


def test_atom_feed_entry() -> None:
    (a,) = read_file(DATA / "feed.atom", Settings())
    assert a.title == "Ukraine schickt Unterhändler nach Brüssel"
    assert a.url == "https://atom.example.at/umerow-bruessel"
    assert a.source == "example.at"  # the publisher's domain, not the feed's title
    assert a.published is not None
    assert a.published.astimezone(dt.UTC) == dt.datetime(2025, 12, 3, 9, 15, tzinfo=dt.UTC)
    assert len(a.paragraphs) == 2 and "<p>" not in a.text


def test_not_a_feed(tmp_path: Path) -> None:
    f = tmp_path / "sitemap.xml"
    f.write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    with pytest.raises(InputError, match=r"sitemap\.xml: not a valid RSS/Atom feed"):
        read_file(f, Settings())


def test_html_file_goes_through_the_html_extractor() -> None:
    (a,) = read_file(DATA / "page.html", Settings())
    assert "Kreml zu weiteren Gesprächen bereit" in (a.title or "")
    assert "Startseite" not in a.text and "Impressum" not in a.text
    assert "Jared Kushner" in a.text
    assert a.date == dt.date(2025, 12, 3)


def test_json_record_with_html_field(tmp_path: Path) -> None:
    html = (DATA / "page.html").read_text(encoding="utf-8")
    f = tmp_path / "pages.jsonl"
    f.write_text(
        json.dumps(
            {"html": html, "url": "https://www.beispielblatt.de/a/kreml", "title": "Eigener Titel"}
        )
        + "\n",
        encoding="utf-8",
    )
    (a,) = read_file(f, Settings())
    assert a.title == "Eigener Titel"
    assert a.url == "https://www.beispielblatt.de/a/kreml"
    assert "Jared Kushner" in a.text and "<p>" not in a.text


def test_folders_recursive_sorted_hidden_and_unknown_skipped(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copy(DATA / "feed.atom", root / "b" / "deeper" / "z.atom")
    shutil.copy(DATA / "wrapped.json", root / "a.json")
    shutil.copy(DATA / "wrapped.json", root / ".hidden" / "x.json")
    shutil.copy(DATA / "wrapped.json", root / ".dotfile.json")
    (root / "b" / "notes.md").write_text("# Notizen\n", encoding="utf-8")
    (root / "b" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    result = read_inputs([root], Settings())
    assert [a.path for a in result.articles] == [
        f"{root / 'a.json'}#1",
        f"{root / 'a.json'}#2",
        f"{root / 'b' / 'deeper' / 'z.atom'}#1",
    ]
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert set(reasons) == {"notes.md", "scan.pdf"}
    assert reasons["notes.md"].startswith("unknown file type (.md)")
    assert reasons["scan.pdf"].startswith("unknown file type (.pdf)")
    again = read_inputs([root], Settings())
    assert [a.id for a in again.articles] == [a.id for a in result.articles]


def test_globs_and_repeated_paths(tmp_path: Path) -> None:
    for name in ("x1.json", "x2.json", "y.json"):
        shutil.copy(DATA / "wrapped.json", tmp_path / name)
    result = read_inputs([str(tmp_path / "x*.json"), tmp_path / "x1.json"], Settings())
    assert sorted({a.path.split("#")[0] for a in result.articles}) == [
        str(tmp_path / "x1.json"),
        str(tmp_path / "x2.json"),
    ]
    assert len(result.articles) == 4 and not result.skipped
    none = read_inputs([str(tmp_path / "nothing-*.txt")], Settings())
    assert none.articles == [] and none.skipped[0].reason == "no file matches this pattern"


def test_article_to_dict_is_json_ready() -> None:
    (a, _) = read_file(DATA / "articles.json", Settings())
    d = article_to_dict(a)
    assert json.loads(json.dumps(d)) == d
    assert d["date"] == "2025-11-28" and d["published"] == "2025-11-28T21:05:00+01:00"
    assert d["paragraphs"][2] == {"text": "Genf bleibt wichtig", "heading": True}
    assert d["text"] == a.text and d["date_guessed"] is False


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed.rss":
            body = (DATA / "feed.rss").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)) as url:
        yield url


def test_feed_url_on_a_local_server(feed_server: str) -> None:
    result = read_inputs([f"{feed_server}/feed.rss", f"{feed_server}/missing.rss"], Settings())
    assert [a.title for a in result.articles] == [
        "Putin bekräftigt Forderung nach dem Donbass",
        "Costa: USA sprechen nicht für die EU",
    ]
    assert result.articles[0].path == f"{feed_server}/feed.rss#1"
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons[f"{feed_server}/missing.rss"].startswith("cannot fetch feed: HTTP 404")


def test_feed_url_unreachable_gives_a_reason() -> None:
    result = read_inputs(["http://127.0.0.1:9/feed.rss"], Settings())
    assert result.articles == []
    (skip,) = result.skipped
    assert skip.path == "http://127.0.0.1:9/feed.rss"
    assert skip.reason.startswith("cannot fetch feed")


def test_feed_url_that_went_through_path(feed_server: str) -> None:
    # Settings.inputs holds Paths; Path("http://host/x") collapses the double slash
    result = read_inputs([Path(f"{feed_server}/feed.rss")], Settings())
    assert len(result.articles) == 2 and result.articles[0].url
    assert result.articles[0].path == f"{feed_server}/feed.rss#1"
