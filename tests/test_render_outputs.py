"""write_outputs: files per day, the index, formats, notices everywhere, the email body,
and a broken template that leaves earlier outputs untouched."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import RenderError, TemplateError
from briefing.models import Briefing, Day
from briefing.render import (
    briefing_to_dict,
    render_day_markdown,
    render_day_text,
    render_email,
    write_outputs,
)
from briefing.render.sample import sample_briefing

D1, D2 = dt.date(2025, 11, 28), dt.date(2025, 11, 29)
NO_PDF = ("html", "json", "md", "txt")


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(out_dir=tmp_path / "out", formats=kw.pop("formats", NO_PDF), **kw)


def test_one_folder_per_day_and_an_index(tmp_path):
    written = write_outputs(sample_briefing(), _settings(tmp_path))
    out = tmp_path / "out"
    for day in ("2025-11-28", "2025-11-29"):
        for fmt in NO_PDF:
            assert out / day / f"briefing.{fmt}" in written
            assert (out / day / f"briefing.{fmt}").stat().st_size > 0
    index = (out / "index.html").read_text("utf-8")
    assert 'href="2025-11-28/briefing.html"' in index
    assert 'href="2025-11-29/briefing.html"' in index
    assert not list(out.rglob("*.tmp"))


def test_index_keeps_days_written_by_earlier_runs(tmp_path):
    b = sample_briefing()
    write_outputs(Briefing(days=(b.days[0],)), _settings(tmp_path))
    write_outputs(Briefing(days=(b.days[1],)), _settings(tmp_path, formats=("json",)))
    index = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Friday, 28 November 2025" in index and "Saturday, 29 November 2025" in index
    assert 'href="2025-11-28/briefing.html"' in index
    assert 'href="2025-11-29/briefing.json"' in index
    assert "Storm warning for the coast" in index  # title read back from the older JSON


def test_json_holds_the_day_with_provenance(tmp_path):
    write_outputs(sample_briefing(), _settings(tmp_path, formats=("json",)))
    data = json.loads((tmp_path / "out" / "2025-11-29" / "briefing.json").read_text("utf-8"))
    assert [d["date"] for d in data["days"]] == ["2025-11-29"]
    story = data["days"][0]["stories"][0]
    first = story["summary"][0]
    assert first["original"].startswith("Delegationen") and first["translated"] is True
    assert first["article_id"] in {a["id"] for a in story["articles"]}
    assert data["notices"][0]["code"] == "untranslated"


def test_json_is_byte_stable_and_keeps_umlauts(tmp_path):
    s = _settings(tmp_path, formats=("json",))
    write_outputs(sample_briefing(), s)
    first = (tmp_path / "out" / "2025-11-29" / "briefing.json").read_bytes()
    write_outputs(sample_briefing(), s)
    assert (tmp_path / "out" / "2025-11-29" / "briefing.json").read_bytes() == first
    assert "Gespräche".encode() in first


def test_briefing_to_dict_key_order():
    d = briefing_to_dict(sample_briefing())
    assert list(d) == [
        "generated_at",
        "target_language",
        "source_languages",
        "notices",
        "report",
        "days",
    ]
    story = d["days"][1]["stories"][0]
    assert list(story)[:3] == ["id", "title", "title_original"]
    assert list(story["articles"][0]) == [
        "id",
        "path",
        "title",
        "date",
        "date_confidence",
        "date_guessed",
        "source",
        "credits",
        "url",
        "language",
        "duplicates",
        "outlets",
        "kicker",
        "author",
        "opinion",
    ]
    assert list(story["summary"][0]) == [
        "text",
        "original",
        "article_id",
        "position",
        "language",
        "original_language",
        "translated",
        "flags",
        "is_new",
    ]


def test_notice_visible_in_every_output(tmp_path):
    b = sample_briefing()
    s = _settings(tmp_path)
    write_outputs(b, s)
    needle = "Not translated: 1 sentence stayed in German"
    for fmt in NO_PDF:
        text = (tmp_path / "out" / "2025-11-29" / f"briefing.{fmt}").read_text("utf-8")
        assert needle in text, fmt
    html, text = render_email(b, D2, s)
    assert needle in html and needle in text


def test_flagged_and_untranslated_sentences_are_marked():
    b = sample_briefing()
    md = render_day_markdown(b, D2, Settings())
    assert "\\[check: number-lost\\]" in md
    assert "Die Gespräche dauerten sechs Stunden und 20 Minuten." in md  # original beside
    txt = render_day_text(b, D2, Settings())
    assert "[not translated]" in txt


def test_email_has_inlined_css_no_script_and_top_stories_only():
    b = sample_briefing()
    html, text = render_email(b, D2, Settings(top_stories=1))
    assert "<script" not in html
    assert 'style="' in html  # css-inline moved the rules onto the elements
    assert "Ukraine talks resume in Geneva" in html and "Ukraine talks resume" in text
    # the second story is one line under "Also today", without its summary
    assert "Haushaltsausschuss" not in html and "Haushaltsausschuss" not in text
    assert "Budget deal" in html.split("Also today", 1)[1]
    assert "Budget deal" in text.split("ALSO TODAY", 1)[1]


def test_broken_template_raises_file_and_line_and_keeps_old_outputs(tmp_path):
    s = _settings(tmp_path)
    write_outputs(sample_briefing(), s)
    old = {p: p.read_bytes() for p in (tmp_path / "out").rglob("briefing.*")}
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.txt").write_text("line one\n{{ day.date }\n", "utf-8")
    changed = dataclasses.replace(sample_briefing(), notices=())
    with pytest.raises(TemplateError) as info:
        write_outputs(changed, dataclasses.replace(s, templates_dir=tpl))
    assert f"{tpl / 'briefing.txt'}:2:" in str(info.value)
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("briefing.*")} == old


def test_runtime_template_error_names_file_and_line(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.md").write_text("# ok\n\n{{ day.no_such_key }}\n", "utf-8")
    with pytest.raises(TemplateError, match=r"briefing\.md:3: .*no_such_key"):
        render_day_markdown(sample_briefing(), D2, Settings(templates_dir=tpl))


def test_unknown_format_and_paper_are_errors(tmp_path):
    with pytest.raises(RenderError, match="docx"):
        write_outputs(sample_briefing(), _settings(tmp_path, formats=("docx",)))
    with pytest.raises(RenderError, match="A5"):
        write_outputs(sample_briefing(), _settings(tmp_path, paper="A5"))
    assert not (tmp_path / "out").exists()


def test_day_without_stories_renders(tmp_path):
    b = Briefing(days=(Day(D1, ()),))
    write_outputs(b, _settings(tmp_path))
    assert "No stories" in (tmp_path / "out" / "2025-11-28" / "briefing.html").read_text("utf-8")


def test_a_source_number_never_wraps_away_from_its_sentence(tmp_path):
    """HTML and PDF: no line break between a sentence and its source number (else the "1" opens
    the next line and reads as if it belonged to the sentence after it)."""
    write_outputs(sample_briefing(), _settings(tmp_path, formats=("html",)))
    page = (tmp_path / "out" / D2.isoformat() / "briefing.html").read_text("utf-8")
    refs = page.split('<a class="ref"')[1:]
    assert refs, "the sample has cited sentences"
    before = page.split('<a class="ref"')[:-1]
    assert all(b.endswith(("&nbsp;", "\xa0")) for b in before)
