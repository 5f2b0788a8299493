"""Quiet, honest success: entries without text are counted, not failures; readers see only
what concerns them; ``build`` prints one summary line (the files with --verbose)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

TEXT = (
    "Hamburg - Die Hafenbehörde hat am Mittwoch neue Regeln für Kreuzfahrtschiffe vorgestellt. "
    "Schiffe sollen im Hafen künftig Landstrom nutzen, sonst drohen hohe Gebühren. "
    "Die Reedereien kritisierten die kurze Frist bis zum Sommer."
)
TEXT2 = (
    "Kiel - Die Landesregierung hat am Mittwoch ein Programm für neue Radwege beschlossen. "
    "Bis 2030 sollen 400 Kilometer entstehen, vor allem zwischen kleineren Orten. "
    "Der Fahrradclub begrüßte den Plan, verlangt aber mehr Geld für die Wartung."
)


def _feed(path: Path, items: list[tuple[str, str]]) -> Path:
    body = "".join(
        f"<item><title>{t}</title><link>https://nord.example/{n}</link>"
        f"<description><![CDATA[{d}]]></description>"
        f"<pubDate>Wed, 03 Dec 2025 07:{n:02d}:00 GMT</pubDate></item>"
        for n, (t, d) in enumerate(items)
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Nordblatt</title><language>de</language>{body}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _image_only_feed(tmp_path: Path) -> Path:
    return _feed(
        tmp_path / "in" / "nord.rss",
        [
            ("Neue Regeln für Kreuzfahrtschiffe", TEXT),
            ("Bildergalerie: Wintersturm", '<img src="https://nord.example/sturm.jpg">'),
            ("Radwege-Programm beschlossen", TEXT2),
            ("Fotostrecke: Weihnachtsmarkt", '<p><img src="https://nord.example/m.jpg"></p>'),
        ],
    )


def test_feed_entries_without_text_are_counted_not_failures(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _image_only_feed(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["build", str(tmp_path / "in"), "--out", str(out), "--format", "json"]
    )
    assert r.exit_code == ExitCode.OK, r.output
    data = json.loads((out / "2025-12-03" / "briefing.json").read_text(encoding="utf-8"))
    skipped = data["report"]["skipped"]
    assert [s["path"].rsplit("#", 1)[1] for s in skipped] == ["2", "4"]
    assert {s["kind"] for s in skipped} == {"empty"}
    assert not [n for n in data["notices"] if n["code"] == "skipped-inputs"]
    # one summary line, no list of files, no warning per entry
    lines = [ln for ln in r.output.splitlines() if ln.strip() and "not translated" not in ln]
    assert len(lines) == 1, lines
    assert "2 entries without text skipped" in lines[0]
    assert "from 2 articles" in lines[0]


def test_unreadable_input_is_exit_3_and_readers_see_no_run_report(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _image_only_feed(tmp_path)
    (tmp_path / "in" / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "in" / "broken.rss").write_text("<rss><channel>", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["build", str(tmp_path / "in"), "--out", str(out), "--format", "html,json,txt"]
    )
    assert r.exit_code == ExitCode.PARTIAL, r.output
    assert "2 inputs could not be read" in r.output
    assert "broken.json" in r.output  # the operator is told which
    page = (out / "2025-12-03" / "briefing.html").read_text(encoding="utf-8")
    text = (out / "2025-12-03" / "briefing.txt").read_text(encoding="utf-8")
    for shown in (page, text):
        assert "2 sources could not be read today." in shown
        assert "run report" not in shown
        assert "broken.json" not in shown


def test_verbose_lists_the_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _image_only_feed(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["--verbose", "build", str(tmp_path / "in"), "--out", str(out), "--format", "json"]
    )
    assert r.exit_code == ExitCode.OK, r.output
    assert str(out / "2025-12-03" / "briefing.json") in r.output
    assert str(out / "index.html") in r.output


def test_templates_check_does_not_warn_about_translation(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    r = CliRunner().invoke(app, ["templates", "check", str(folder)])
    assert r.exit_code == 0, r.output
    assert "not translated" not in r.output
    assert "models install" not in r.output
