"""Declared charsets are limited to real text encodings (issue #18, case 9): a page or feed
that declares punycode, base64, rot13, utf-7, ... is decoded as if it declared nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli_runner

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode
from briefing.ingest import read_inputs
from briefing.ingest.encoding import decode_html, feed_bytes, html_charset, page_charset

LEAD = (
    "Berlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz abgestimmt und eine "
    "lange Debatte geführt, in der alle Fraktionen zu Wort kamen."
)


@pytest.mark.parametrize(
    "label",
    ["punycode", "idna", "rot13", "rot_13", "base64", "hex", "zlib", "bz2", "uu", "quopri",
     "utf-7", "unicode_escape", "raw_unicode_escape", "undefined", "no-such-codec", "x-user-defined"],
)  # fmt: skip
def test_codecs_that_are_not_text_encodings_are_refused(label: str) -> None:
    assert page_charset(label) is None


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"), ("utf8", "utf-8"), ("iso-8859-1", "cp1252"), ("latin1", "cp1252"),
        ("us-ascii", "cp1252"), ("windows-1251", "cp1251"), ("koi8-r", "koi8-r"),
        ("iso-8859-15", "iso8859-15"), ("Shift_JIS", "cp932"), ("gb2312", "gbk"),
        ("windows-874", "cp874"), ("utf-16", "utf-8"), ("euc-kr", "cp949"), ("big5", "big5"),
    ],
)  # fmt: skip
def test_real_text_encodings_are_read_as_browsers_read_them(label: str, codec: str) -> None:
    assert page_charset(label) == codec


def _punycode_page(size: int) -> bytes:
    """A page declaring punycode whose tail is the codec's worst case (a long run of letters
    after the last hyphen): Python's decoder is quadratic on it."""
    head = (
        f'<html><head><meta charset="punycode"><title>Wehrdienst</title></head><body><p>{LEAD}</p>'
    )
    filler = "-" + "abcdefghij" * ((size - len(head)) // 10)
    return (head + filler + "</body></html>").encode("utf-8")


def test_a_megabyte_page_declaring_punycode_is_detected_instead() -> None:
    page = _punycode_page(1_600_000)
    assert len(page) >= 1_600_000
    assert html_charset(page) is None  # the declaration is ignored ...
    text = decode_html(page, "p.html")  # ... and the bytes are read as UTF-8
    assert text == page.decode("utf-8")


def test_a_real_declaration_is_still_honoured() -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{LEAD} Москва</p>'
    data = page.encode("cp1251", errors="replace")
    assert html_charset(data) == "cp1251"
    assert "Москва" in decode_html(data, "p.html")


def test_feed_declaring_a_non_text_encoding_is_read_as_utf8(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="punycode"?><rss version="2.0"><channel>'
        f"<title>Kanal</title><item><title>Gesetz beschlossen</title><description>{LEAD} Ä"
        "</description></item></channel></rss>\n<!---" + "abcdefghij" * 10_000 + "-->"
    ).encode("utf-8")
    fixed = feed_bytes(feed, "f.xml")
    assert fixed.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    bom = b"\xef\xbb\xbf" + feed
    assert feed_bytes(bom, "b.xml").startswith(
        b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>'
    )
    assert feed_bytes(b'<?xml version="1.0" encoding="iso-8859-1"?><rss/>', "g.xml") == (
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss/>'
    )
    (tmp_path / "f.xml").write_bytes(feed)
    (tmp_path / "p.html").write_bytes(_punycode_page(50_000))
    result = read_inputs([tmp_path], Settings())
    assert [a.title for a in result.articles] == ["Gesetz beschlossen", "Wehrdienst"]
    assert result.articles[0].text.endswith("Ä")
    # and the command reads both, with nothing skipped
    run = cli_runner().invoke(app, ["ingest", str(tmp_path), "--format", "text"])
    assert run.exit_code == ExitCode.OK, run.stderr


def test_strict_utf8_with_icon_font_glyphs_is_utf8(tmp_path: Path) -> None:
    # Scraped pages carry icon-font glyphs (private-use code points: share, clock, camera);
    # in bytes that are strict UTF-8 they do not make the file "undecodable".
    (tmp_path / "icons.txt").write_text(
        "Kurz \ue001\n\nBerlin \uf101\uf102\uf103 - Der Rat tagte am Montag lange.\n",
        encoding="utf-8",
    )
    (tmp_path / "icons.jsonl").write_text(
        '{}\n{"text": "\ue000\ue001 Kurz gemeldet."}\n', encoding="utf-8"
    )
    result = read_inputs([tmp_path], Settings())
    assert sorted(a.path.rsplit("/", 1)[1] for a in result.articles) == [
        "icons.jsonl#2",
        "icons.txt",
    ]
