"""Encodings: UTF-8 with and without BOM, UTF-16, cp1252, latin-1, mojibake repair.

Every variant is made at test time from a seed article, so the expected text is the seed's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest import read_file
from briefing.ingest.encoding import decode_html, decode_text, repair_mojibake

SEED = "000_093606144557ac8d.txt"  # umlauts, ß, « », „ “, · and – in one file


@pytest.fixture(scope="module")
def reference(fixtures_dir_module: Path) -> str:
    return read_file(fixtures_dir_module / SEED, Settings())[0].text


@pytest.fixture(scope="module")
def fixtures_dir_module() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures"


def _seed_text(fixtures_dir_module: Path) -> str:
    return (fixtures_dir_module / SEED).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("label", "encode"),
    [
        ("utf-8", lambda s: s.encode("utf-8")),
        ("utf-8-bom", lambda s: s.encode("utf-8-sig")),
        ("utf-16", lambda s: s.encode("utf-16")),  # with BOM
        ("utf-16-be-bom", lambda s: "\ufeff".encode("utf-16-be") + s.encode("utf-16-be")),
        ("utf-16-le-no-bom", lambda s: s.encode("utf-16-le")),
        ("cp1252", lambda s: s.encode("cp1252")),
        ("crlf", lambda s: s.replace("\n", "\r\n").encode("utf-8")),
        ("mojibake", lambda s: s.encode("utf-8").decode("cp1252", errors="strict").encode("utf-8")),
    ],
)
def test_every_encoding_gives_the_same_article(
    tmp_path: Path, fixtures_dir_module: Path, reference: str, label: str, encode: object
) -> None:
    text = _seed_text(fixtures_dir_module)
    if label == "mojibake":
        # cp1252 cannot represent the bytes 0x81/0x8d/0x8f/0x90/0x9d; this seed has none
        text.encode("utf-8").decode("cp1252")
    f = tmp_path / SEED
    f.write_bytes(encode(text))  # type: ignore[operator]
    (a,) = read_file(f, Settings())
    assert a.text == reference, label
    assert a.title == "Putin: Kann Angriff auf Europa schriftlich ausschließen"
    assert "Ã" not in a.text and "\ufeff" not in a.text and "\r" not in a.text


def test_latin1_german_text(tmp_path: Path) -> None:
    text = (
        "Größere Änderungen im Überblick\n\n"
        "Die Bürger in München äußerten sich über die Straßenbahn. Sie begrüßten die Pläne "
        "für längere Öffnungszeiten und eine Verlängerung der Linie bis zum Südbahnhof.\n"
    )
    f = tmp_path / "latin1.txt"
    f.write_bytes(text.encode("latin-1"))
    (a,) = read_file(f, Settings())
    assert a.title == "Größere Änderungen im Überblick"
    assert "Bürger in München äußerten" in a.text
    assert "Südbahnhof" in a.text


def test_cp1252_quotes_and_euro(tmp_path: Path) -> None:
    text = (
        "„Wir zahlen 0,99 € für den Artikel“, sagte die Leserin – und das sei fair, "
        "meinte sie über das neue Angebot der Zeitung.\n"
    )
    f = tmp_path / "cp.txt"
    f.write_bytes(text.encode("cp1252"))
    (a,) = read_file(f, Settings())
    assert a.text == text.strip()


def test_mojibake_repair_only_touches_mojibake() -> None:
    assert repair_mojibake("FÃ¼r die BÃ¼rger") == "Für die Bürger"
    assert repair_mojibake("â€žZitatâ€œ") == "„Zitat“"
    clean = "Für die Bürger: «Zitat» – „so“."
    assert repair_mojibake(clean) == clean


def test_decode_text_normalises_line_ends() -> None:
    assert decode_text(b"a\r\nb\rc", "x.txt") == "a\nb\nc"


def test_binary_and_undecodable_are_refused() -> None:
    with pytest.raises(InputError, match=r"x\.txt: binary file"):
        decode_text(b"abc\x00\x01\x02\x03def\x00\x00\xff", "x.txt")
    with pytest.raises(InputError, match=r"x\.txt: undecodable bytes"):
        decode_text(bytes(range(1, 32)) * 10 + b"\x81\x8d\x90", "x.txt")


def test_html_meta_charset_is_honoured() -> None:
    page = '<html><head><meta charset="windows-1252"><title>Prüfung</title></head></html>'
    assert "Prüfung" in decode_html(page.encode("cp1252"), "p.html")
    page8 = '<html><head><meta charset="iso-8859-1"><title>Prüfung</title></head></html>'
    # declared latin-1 but really UTF-8: the mojibake is repaired
    assert "Prüfung" in decode_html(page8.encode("utf-8"), "p.html")


def test_non_western_code_page_is_left_to_charset_normalizer() -> None:
    russian = (
        "Президент России Владимир Путин заявил в пятницу во Владивостоке, что западные войска "
        "станут законной целью."
    )
    assert decode_text(russian.encode("cp1251"), "ru.txt") == russian
    german = "Größere Änderungen für die Bürger in München über die Straße."
    assert decode_text(german.encode("cp1252"), "de.txt") == german
