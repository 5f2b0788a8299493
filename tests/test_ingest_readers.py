"""Input readers are one table (suffix or sniffed type -> reader); CSV exports are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest import read_file, read_inputs
from briefing.ingest import readers as table
from briefing.ingest.readers import Reader, register_reader
from briefing.models import Article, Paragraph

TEXT = (
    "Berlin - Der Bundestag hat am Donnerstag das neue Heizungsgesetz beschlossen. "
    "Die Abgeordneten stimmten nach langer Debatte mit knapper Mehrheit zu.\n\n"
    "Die Opposition kündigte eine Klage vor dem Bundesverfassungsgericht an."
)


def test_every_suffix_belongs_to_one_reader() -> None:
    seen: dict[str, str] = {}
    for r in table.READERS.values():
        for s in r.suffixes:
            assert s.startswith(".") and s == s.lower()
            assert s not in seen, (s, seen.get(s), r.name)
            seen[s] = r.name
    assert {".txt", ".html", ".json", ".jsonl", ".xml", ".csv"} <= set(seen)


@pytest.fixture
def tiny_reader() -> Iterator[Reader]:
    saved = dict(table.READERS)

    def read_lines(data: bytes, *, path: str, settings: Settings, skipped: list) -> list[Article]:
        return [
            Article(id=f"{path}#{n}", path=f"{path}#{n}", paragraphs=(Paragraph(line),))
            for n, line in enumerate(data.decode().splitlines(), 1)
        ]

    yield register_reader(Reader("lines", (".lines",), read_lines))
    table.READERS.clear()
    table.READERS.update(saved)


def test_a_registered_reader_is_used_by_read_inputs(tiny_reader: Reader, tmp_path: Path) -> None:
    (tmp_path / "a.lines").write_text("eins\nzwei\n", encoding="utf-8")
    result = read_inputs([tmp_path], Settings())
    assert [a.text for a in result.articles] == ["eins", "zwei"]
    assert not result.skipped


def test_a_file_without_suffix_is_sniffed(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blatt</title>'
        "<item><title>Gesetz beschlossen</title><description>"
        + TEXT
        + "</description><pubDate>Thu, 04 Dec 2025 08:00:00 GMT</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (a,) = read_file(feed, Settings())
    assert a.title == "Gesetz beschlossen" and a.source == "Blatt"
    page = tmp_path / "saved-page"
    page.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")
    with pytest.raises(InputError):  # recognised as HTML (and then empty), not "unknown type"
        try:
            read_file(page, Settings())
        except InputError as exc:
            assert "unknown file type" not in str(exc)
            raise


def _csv(tmp_path: Path, name: str, content: str) -> Path:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    return p


def test_csv_with_header_row_reads_every_column(tmp_path: Path) -> None:
    p = _csv(
        tmp_path,
        "export.csv",
        "Title,Text,Date,URL,Source,Language,Kicker\n"
        f'Heizungsgesetz beschlossen,"{TEXT}",2025-12-04,https://blatt.example/a/1,Blatt,de,Analyse\n'
        ',"",2025-12-04,https://blatt.example/a/2,Blatt,de,\n',
    )
    skipped: list = []
    (a,) = read_file(p, Settings(), skipped=skipped)
    assert a.title == "Heizungsgesetz beschlossen"
    assert a.date is not None and a.date.isoformat() == "2025-12-04"
    assert a.url == "https://blatt.example/a/1" and a.source == "Blatt" and a.language == "de"
    assert "Opposition" in a.text
    if hasattr(a, "kicker"):
        assert a.kicker == "Analyse"
    assert [s.path for s in skipped] == [f"{p} row 2"]


def test_csv_semicolons_html_column_and_quoted_newlines(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Streik bei der Bahn</title></head><body><article><h1>Streik bei der "
        "Bahn</h1><p>" + TEXT.replace("\n\n", "</p><p>") + "</p></article></body></html>"
    )
    p = _csv(
        tmp_path,
        "scrape.csv",
        'headline;html;published;link\n"Streik; bei der Bahn";"'
        + html.replace('"', '""')
        + '";04.12.2025;https://zeitung.example/streik\n',
    )
    (a,) = read_file(p, Settings())
    assert a.title == "Streik; bei der Bahn"
    assert a.url == "https://zeitung.example/streik"
    assert a.date is not None and a.date.isoformat() == "2025-12-04"
    assert "Bundestag" in a.text


def test_csv_without_text_column_is_refused_with_its_header(tmp_path: Path) -> None:
    p = _csv(tmp_path, "bad.csv", "title,date\nA,2025-12-04\n")
    with pytest.raises(InputError, match=r"no 'text' or 'html' column \(header: title, date\)"):
        read_file(p, Settings())
