"""The one text sanitiser: invisible characters and broken words, in every input format."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.config import Settings
from briefing.ingest import read_file
from briefing.ingest.sanitize import clean_text


def test_soft_hyphens_and_zero_width_characters_are_removed() -> None:
    assert clean_text("Bundes\u00adverfassungs\u00adgericht") == "Bundesverfassungsgericht"
    assert (
        clean_text("Zwei\u200bWörter\ufeff und\u2060 ein\u200e Ende") == "ZweiWörter und ein Ende"
    )
    assert clean_text("Steuer\x07erklärung\x00") == "Steuer erklärung "


def test_words_broken_across_lines_are_joined_but_conjunction_lists_are_not() -> None:
    assert clean_text("Die Landes-\nregierung tagt") == "Die Landesregierung tagt"
    assert clean_text("Ein-\nund Ausgang") == "Ein-\nund Ausgang"
    assert clean_text("Corona-\nRegeln") == "Corona-\nRegeln"  # a capital: a real hyphen


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_input_format_comes_out_without_soft_hyphens(tmp_path: Path) -> None:
    word = "Klima\u00adschutz\u00adgesetz"
    body = f"Der Landtag hat das {word} am Dienstag mit breiter Mehrheit beschlossen."
    html = (
        f"<html><head><title>Das {word}</title></head><body><article><h1>Das {word}</h1>"
        f"<p>{body} Die Opposition kritisierte das Verfahren als überhastet und unvollständig.</p>"
        f"<p>Kli&shy;ma&shy;schutz ist ein Thema, das die Abgeordneten seit Jahren beschäftigt.</p>"
        "</article></body></html>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Landtag</title>'
        f"<item><title>Das {word}</title><description>{body}</description></item>"
        "</channel></rss>"
    )
    files = [
        _write(tmp_path, "a.txt", f"Das {word}\n\n{body}\n"),
        _write(tmp_path, "b.html", html),
        _write(tmp_path, "c.json", json.dumps({"title": f"Das {word}", "text": body})),
        _write(tmp_path, "d.jsonl", json.dumps({"title": f"Das {word}", "text": body}) + "\n"),
        _write(tmp_path, "e.xml", feed),
    ]
    for path in files:
        (article,) = read_file(path, Settings())
        assert "\u00ad" not in article.text and "\u00ad" not in (article.title or ""), path
        assert "Klimaschutzgesetz" in article.text, path
