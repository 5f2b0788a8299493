"""Each stage's options record is built from Settings with the settings' own values, derived
values resolved once, and the same field names as the settings they come from."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefing.config import Settings
from briefing.errors import ConfigError
from briefing.options import (
    ExecutorOptions,
    IngestOptions,
    RankOptions,
    RenderOptions,
    ThreadOptions,
    TranslateOptions,
    zone,
)

BUILDERS = {
    IngestOptions: Settings.ingest_options,
    ExecutorOptions: Settings.executor_options,
    RankOptions: Settings.rank_options,
    RenderOptions: Settings.render_options,
    ThreadOptions: Settings.thread_options,
    TranslateOptions: Settings.translate_options,
}


@pytest.mark.parametrize("record", list(BUILDERS))
def test_every_field_is_the_setting_of_the_same_name(record: type) -> None:
    settings = Settings(
        timezone="America/New_York",
        max_file_bytes=1234,
        source_language="fr",
        outlets={"example.org": "Example"},
        top_stories=3,
        thread_days=2,
        thread_threshold=0.5,
        beam_size=4,
        state_path=Path("/tmp/made-up/state.sqlite"),
        executor="dask",
        scheduler="tcp://127.0.0.1:1",
        workers=3,
        out_dir=Path("/tmp/made-up/out"),
        formats=("html", "json"),
        paper="Letter",
        pdf_timeout=12.0,
    )
    options = BUILDERS[record](settings)
    assert isinstance(options, record)
    for f in dataclasses.fields(record):
        if f.init:
            assert getattr(options, f.name) == getattr(settings, f.name), f.name


def test_ingest_and_render_options_resolve_the_zone_once() -> None:
    assert Settings(timezone="Asia/Tokyo").render_options().zone == ZoneInfo("Asia/Tokyo")
    options = Settings(timezone="Asia/Tokyo").ingest_options()
    assert options.zone == ZoneInfo("Asia/Tokyo")
    with pytest.raises(ConfigError, match="timezone: unknown time zone 'Mars/Olympus'"):
        dataclasses.replace(options, timezone="Mars/Olympus")


def test_the_records_are_frozen() -> None:
    options = Settings().rank_options()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.top_stories = 1  # type: ignore[misc]


def test_zone_is_the_one_resolver_and_names_the_key() -> None:
    assert zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    with pytest.raises(ConfigError, match="timezone: unknown time zone 'Europe/Brlin'"):
        zone("Europe/Brlin")
