"""``--format atom``: a valid Atom 1.0 feed, one entry per day of the output folder, article
text escaped, entries of earlier runs kept."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
A = "{http://www.w3.org/2005/Atom}"
HOSTILE = (
    "Berlin - Der Senat hat am Montag <script>alert('x')</script> neue Regeln für "
    "Mieten & Nebenkosten beschlossen. Die Mieterverbände sprachen von einem ersten Schritt. "
    "Die Opposition kündigte Widerstand an."
)


def _build(*args: str) -> object:
    return CliRunner().invoke(app, ["build", *args])


def _check_atom_10(path: Path) -> list[ET.Element]:
    """The required elements of RFC 4287 (feedparser is lenient, so check them too)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{tag}") is not None, tag
    entries = root.findall(f"{A}entry")
    for e in entries:
        for tag in ("id", "title", "updated", "link", "content"):
            assert e.find(f"{A}{tag}") is not None, tag
        assert e.find(f"{A}id").text.startswith("urn:uuid:")
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    return entries


def test_feed_is_valid_atom_with_one_entry_per_day(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = _build(str(FIXTURES), "--out", str(out), "--format", "html,json,atom")
    assert r.exit_code == ExitCode.OK, r.output
    parsed = feedparser.parse(str(out / "feed.atom"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    days = sorted((p.name for p in out.iterdir() if p.is_dir()), reverse=True)
    assert [e.link for e in parsed.entries] == [f"{d}/briefing.html" for d in days]
    for e, d in zip(parsed.entries, days, strict=True):
        data = json.loads((out / d / "briefing.json").read_text(encoding="utf-8"))
        lead = data["days"][0]["stories"][0]
        assert lead["title"] in e.title
        assert lead["summary"][0]["text"][:40] in e.content[0].value
    assert len(_check_atom_10(out / "feed.atom")) == len(days)


def test_article_text_is_escaped(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "title": "Mieten <b>& Regeln</b>",
                "date": "2025-12-01",
                "text": HOSTILE,
                "source": "Stadtblatt",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = _build(str(src), "--out", str(out), "--format", "json,atom")
    assert r.exit_code == ExitCode.OK, r.output
    (entry,) = _check_atom_10(out / "feed.atom")
    content = entry.find(f"{A}content")
    assert content.get("type") == "html"
    # the HTML inside the entry shows the article's markup as text, never as markup
    assert "<script>" not in content.text
    assert "&lt;script&gt;" in content.text
    assert "Mieten &amp; Nebenkosten" in content.text
    assert entry.find(f"{A}title").text.endswith("Mieten <b>& Regeln</b>")  # plain text title


def test_a_second_run_keeps_the_earlier_days(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES, seeds)
    out = tmp_path / "out"
    assert (
        _build(
            str(seeds), "--out", str(out), "--date", "2025-11-27", "--format", "html,json,atom"
        ).exit_code
        == 0
    )
    assert (
        _build(
            str(seeds), "--out", str(out), "--date", "2025-11-28", "--format", "html,json,atom"
        ).exit_code
        == 0
    )
    parsed = feedparser.parse(str(out / "feed.atom"))
    assert [e.link for e in parsed.entries] == [
        "2025-11-28/briefing.html",
        "2025-11-27/briefing.html",
    ]
