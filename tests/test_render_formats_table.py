"""Output formats are one table: a format registered once is known to build, config check and
templates check, with no other change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import outputs as table
from briefing.cli import app
from briefing.errors import ExitCode, TemplateError
from briefing.outputs import OutputFormat, RenderJob, register_format

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _tiny(job: RenderJob) -> str:
    """A tiny writer: the day and its story titles, one per line."""
    day = next(d for d in job.briefing.days if d.date == job.day)
    if job.settings.templates_dir and (Path(job.settings.templates_dir) / "BROKEN").exists():
        raise TemplateError("tiny.tpl:3: the tiny writer is broken on purpose")
    return "\n".join([day.date.isoformat(), *(s.title for s in day.stories)]) + "\n"


@pytest.fixture
def tiny() -> Iterator[OutputFormat]:
    saved = dict(table.OUTPUT_FORMATS)
    fmt = register_format(OutputFormat("tiny", "briefing.tiny", "text/plain", "none", _tiny))
    yield fmt
    table.OUTPUT_FORMATS.clear()
    table.OUTPUT_FORMATS.update(saved)


def test_builtin_table_names_every_format_once() -> None:
    names = table.format_names()
    assert names[:5] == ("html", "pdf", "json", "md", "txt")
    for fmt in table.OUTPUT_FORMATS.values():
        assert fmt.media_type and fmt.escaping and fmt.file_name
        assert fmt.scope in ("day", "archive")


def test_registered_format_is_built_by_build(tiny: OutputFormat, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["build", str(FIXTURES), "--out", str(out), "--format", "tiny,json"]
    )
    assert r.exit_code == ExitCode.OK, r.output
    written = sorted(out.glob("*/briefing.tiny"))
    assert len(written) == 4
    first = written[0].read_text(encoding="utf-8").splitlines()
    assert first[0] == written[0].parent.name
    # the index links the new format beside the others
    assert "briefing.tiny" in (out / "index.html").read_text(encoding="utf-8")


def test_unknown_format_is_refused_and_the_list_comes_from_the_table(tiny: OutputFormat) -> None:
    r = CliRunner().invoke(app, ["build", str(FIXTURES), "--format", "nope"])
    assert r.exit_code == ExitCode.USAGE
    assert "tiny" in r.output and "nope" in r.output


def test_config_check_knows_the_registered_format(tiny: OutputFormat, tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('formats = ["html", "tiny"]\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('formats = ["html", "tinyy"]\n', encoding="utf-8")
    assert CliRunner().invoke(app, ["config", "check", "--config", str(good)]).exit_code == 0
    r = CliRunner().invoke(app, ["config", "check", "--config", str(bad)])
    assert r.exit_code == ExitCode.CONFIG
    assert "tinyy" in r.output and "tiny" in r.output


def test_templates_check_renders_the_registered_format(tiny: OutputFormat, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    r = CliRunner().invoke(app, ["templates", "check", str(folder), "--sample"])
    assert r.exit_code == 0, r.output
    (folder / "BROKEN").write_text("", encoding="utf-8")
    r = CliRunner().invoke(app, ["templates", "check", str(folder), "--sample"])
    assert r.exit_code == ExitCode.TEMPLATE
    assert "tiny.tpl:3" in r.output and "briefing.tiny" in r.output
