"""Small things people expect: --to checked, --date without articles names the nearby days,
summarize on several articles prints who is who, the footer time in the briefing's zone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode
from briefing.languages import check_language
from briefing.render.context import local_time, source_line

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
runner = CliRunner()


@pytest.mark.parametrize("code", ["en", "de", "DE", "de-AT", "pt_BR", "uk"])
def test_known_language_codes_pass(code: str) -> None:
    assert check_language(code) is None


@pytest.mark.parametrize("code", ["xx", "eng", "german", "", "e"])
def test_unknown_language_codes_are_named(code: str) -> None:
    problem = check_language(code)
    assert problem and repr(code) in problem and "ISO 639-1" in problem


def test_build_to_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["build", str(FIXTURES), "--to", "xx", "--out", str(out)])
    assert r.exit_code == ExitCode.USAGE
    assert "'--to'" in r.output and "'xx' is not a language code" in r.output
    assert not out.exists()
    r = runner.invoke(app, ["translate", "--from", "deu", "--to", "en"], input="Hallo\n")
    assert r.exit_code == ExitCode.USAGE and "'deu'" in r.output


def test_target_language_in_the_config_is_checked_at_start(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('target_language = "english"\n', encoding="utf-8")
    r = runner.invoke(
        app, ["build", str(FIXTURES), "--config", str(cfg), "--out", str(tmp_path / "o")]
    )
    assert r.exit_code == ExitCode.CONFIG
    assert "target_language" in r.output and "did you mean en?" in r.output


def test_date_without_articles_names_the_nearby_days(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["build", str(FIXTURES), "--date", "2025-11-30", "--out", str(out)])
    assert r.exit_code == ExitCode.NO_INPUT
    assert "no article was published on 2025-11-30" in r.output
    assert "nearest days with articles: 2025-11-27 (2), 2025-11-28 (1), 2025-12-03 (1)" in r.output
    assert not out.exists() or not any(out.iterdir())


def test_summarize_several_articles_prints_a_header_before_each(tmp_path: Path) -> None:
    text = FIXTURES.joinpath("000_093606144557ac8d.txt").read_text(encoding="utf-8")
    other = FIXTURES.joinpath("001_e47d82bd2589cb71.txt").read_text(encoding="utf-8")
    export = tmp_path / "two.jsonl"
    export.write_text(
        json.dumps({"title": "Erster Artikel", "text": text})
        + "\n"
        + json.dumps({"title": "Zweiter Artikel", "text": other})
        + "\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["summarize", str(export), "-s", "2"])
    assert r.exit_code == 0, r.output
    headers = [ln for ln in r.stdout.splitlines() if ln.startswith("== ")]
    assert len(headers) == 2
    assert headers[0].endswith("· Erster Artikel") and headers[1].endswith("· Zweiter Artikel")
    blocks = r.stdout.strip().split("\n\n")
    assert [len(b.splitlines()) for b in blocks] == [3, 3]
    js = runner.invoke(app, ["summarize", str(export), "-s", "2", "--format", "json"])
    records = [json.loads(ln) for ln in js.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Erster Artikel", "Zweiter Artikel"]
    assert all(len(r["summary"]) == 2 and r["id"] for r in records)
    single = runner.invoke(
        app, ["summarize", str(FIXTURES / "000_093606144557ac8d.txt"), "-s", "2"]
    )
    assert not single.stdout.startswith("== ")


def test_footer_time_reads_in_the_briefing_zone() -> None:
    t = dt.datetime(2026, 12, 3, 5, 30, tzinfo=dt.UTC)
    assert local_time(t, Settings(timezone="Europe/Berlin")) == "3 Dec 2026, 06:30 CET"
    summer = dt.datetime(2026, 7, 1, 4, 5, tzinfo=dt.UTC)
    assert local_time(summer, Settings(timezone="Europe/Berlin")) == "1 Jul 2026, 06:05 CEST"
    assert local_time(t, Settings(timezone="America/New_York")) == "3 Dec 2026, 00:30 EST"


def _story(articles: list[tuple[str | None, list[str]]]) -> dict:
    arts = [{"source": s, "credits": [], "outlets": o} for s, o in articles]
    outlets = list(dict.fromkeys(x for _, o in articles for x in (o or [_]) if x))
    return {"original_reports": len(arts), "articles": arts, "outlets": outlets}


def test_source_lines_read_naturally() -> None:
    one = _story([("tagesschau.de", ["tagesschau.de"])])
    assert source_line(one) == "1 report from tagesschau.de"
    wire = _story([("spiegel.de", ["spiegel.de", "taz.de"]), ("zeit.de", ["zeit.de"])])
    assert source_line(wire) == "2 reports from 2 outlets; also carried by taz.de"
    many = _story([("a.de", ["a.de", "b.de", "c.de", "d.de", "e.de"])])
    assert source_line(many) == "1 report from a.de; also carried by b.de, c.de, d.de and 1 more"
    # a report that names no outlet (a page saved without its site) is not credited to the other's
    seeds = _story([(None, []), ("dpa", ["dpa"])])
    assert source_line(seeds) == "2 reports, 1 from dpa"
    mixed = _story([(None, []), ("zeit.de", ["zeit.de"]), ("taz.de", ["taz.de"])])
    assert source_line(mixed) == "3 reports, 2 from 2 outlets"
    assert source_line(_story([(None, []), (None, [])])) == "2 reports"
