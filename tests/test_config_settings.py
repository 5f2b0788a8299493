"""Start-up validation of settings: every bad value is named with its source (file and key,
environment variable, flag) and stops the run with exit 5 before any input is read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings, example_toml, load_settings, specs
from briefing.errors import ConfigError, ExitCode

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "config.example.toml"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every call of the ingest entry point (there must be none when the settings are bad)."""
    import briefing.ingest as ingest

    calls: list[object] = []
    real = ingest.read_inputs

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "read_inputs", counting)
    return calls


def _build(tmp_path: Path, *extra: str, config: str | None = None) -> object:
    args = ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    if config is not None:
        cfg = tmp_path / "c.toml"
        cfg.write_text(config, encoding="utf-8")
        args += ["--config", str(cfg)]
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "a.txt").write_text("Berlin, 27.11.2025\n\nEin Satz.\n", encoding="utf-8")
    return CliRunner().invoke(app, [*args, *extra])


def test_misspelt_time_zone_fails_at_start_up(tmp_path: Path, reads: list[object]) -> None:
    r = _build(tmp_path, config='timezone = "Europe/Brlin"\n')
    assert r.exit_code == ExitCode.CONFIG, r.output
    assert f"{tmp_path / 'c.toml'}: timezone: unknown time zone 'Europe/Brlin'" in r.output
    assert reads == [] and not (tmp_path / "out").exists()


def test_unknown_paper_size_on_the_command_line(tmp_path: Path, reads: list[object]) -> None:
    r = _build(tmp_path, "--paper", "B5")
    assert r.exit_code == ExitCode.CONFIG, r.output
    assert "command line: paper: 'B5' is not one of A4, Letter" in r.output
    assert reads == []


def test_negative_threshold_from_the_environment(
    tmp_path: Path, reads: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_CLUSTER_THRESHOLD", "-0.2")
    r = _build(tmp_path)
    assert r.exit_code == ExitCode.CONFIG, r.output
    assert "environment: BRIEFING_CLUSTER_THRESHOLD: -0.2 is out of range (0.0..1.0" in r.output
    assert reads == []


def test_wrong_type_in_the_file(tmp_path: Path, reads: list[object]) -> None:
    r = _build(tmp_path, config='top_stories = "ten"\n[mail]\nport = "25"\n')
    assert r.exit_code == ExitCode.CONFIG, r.output
    assert "top_stories: must be a whole number, not 'ten'" in r.output
    assert "mail.port: must be a whole number, not '25'" in r.output
    assert reads == []


def test_every_problem_of_every_source_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('paper = "B5"\ntop_storys = 3\n[mail]\nretries = -1\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_USE_CACHE", "perhaps")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, timezone="Mars/Olympus")
    text = str(info.value)
    assert "5 configuration problem(s)" in text
    for line in (
        f"{cfg}: paper: 'B5' is not one of A4, Letter",
        f"{cfg}: top_storys: unknown setting (did you mean 'top_stories'?)",
        f"{cfg}: mail.retries: -1 is out of range (0..100)",
        "environment: BRIEFING_USE_CACHE: must be true or false",
        "command line: timezone: unknown time zone 'Mars/Olympus'",
    ):
        assert line in text, line


def test_sources_in_order_and_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        'top_stories = 4\nsentences = 2\nformats = ["md"]\ndate = 2025-11-27\n'
        '[mail]\nhost = "file.example"\ntimeout = 5\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BRIEFING_TOP_STORIES", "6")
    monkeypatch.setenv("BRIEFING_MAIL_HOST", "env.example")
    monkeypatch.setenv("BRIEFING_FORMATS", "html, txt")
    monkeypatch.setenv("BRIEFING_WORDS", "")
    s = load_settings(cfg, top_stories=8, out_dir=tmp_path / "o")
    assert (s.top_stories, s.sentences, s.formats) == (8, 2, ("html", "txt"))
    assert s.mail.host == "env.example" and s.mail.timeout == 5.0
    assert s.date == dt.date(2025, 11, 27) and s.words is None
    assert s.out_dir == tmp_path / "o" and s.config_path == cfg


def test_time_zone_resolved_once_and_never_a_silent_utc() -> None:
    from briefing.ingest.dates import parse_date_string

    assert str(Settings().zone) == "Europe/Berlin"
    assert str(Settings(timezone="America/New_York").zone) == "America/New_York"
    # a zone name that got past validation (built by hand) is an error, not UTC
    with pytest.raises(ConfigError, match="timezone: unknown time zone 'Europe/Brlin'"):
        parse_date_string("27.11.2025, 19:30 Uhr", "Europe/Brlin")
    with pytest.raises(ConfigError):
        _ = Settings(timezone="Nowhere/Land").zone


def test_every_setting_is_declared_with_a_doc() -> None:
    declared = specs()
    assert "mail.port" in declared and "config_path" not in declared
    for key, spec in declared.items():
        assert spec.doc and "\n" not in spec.doc, key
        assert len(spec.doc) <= 100, key


def test_example_is_generated_from_the_declaration() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == example_toml(), (
        "docs/config.example.toml is out of step with briefing/config.py: regenerate it with "
        "`briefing config example > docs/config.example.toml`"
    )
