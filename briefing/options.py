"""What each stage reads of the settings: one small frozen record per stage.

``Settings`` (``config.py``) is the user's whole configuration; the orchestrators (the pipeline,
``daily``, the CLI) build these records from it with ``Settings.ingest_options()`` and the like,
so a stage sees only the values it uses, with derived values resolved once (the ``ZoneInfo``).
The field names are the settings' own (their defaults and checks are declared there only),
so a reader of a stage finds the key each value comes from.

``zone`` is the one place a time-zone name is resolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

__all__ = [
    "ExecutorOptions",
    "IngestOptions",
    "RankOptions",
    "RenderOptions",
    "ThreadOptions",
    "TranslateOptions",
    "today",
    "zone",
]


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``; ``ConfigError`` naming ``timezone`` when there is none.

    The one place a zone name is resolved: no stage falls back to UTC silently."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ConfigError(f"timezone: unknown time zone {name!r} (e.g. Europe/Berlin)") from None


def today(timezone: str) -> dt.date:
    """Today's date in ``timezone`` (the briefing's day, not the machine's UTC day)."""
    return dt.datetime.now(zone(timezone)).date()


class _Zoned:
    """A record with a ``timezone``: its ``zone`` is resolved once, when the record is made
    (``ConfigError`` naming ``timezone`` for a zone that does not exist)."""

    timezone: str
    zone: ZoneInfo

    def __post_init__(self) -> None:
        object.__setattr__(self, "zone", zone(self.timezone))


@dataclass(frozen=True)
class IngestOptions(_Zoned):
    """Reading files and feeds: the day's time zone, the size limit, the language, outlets."""

    timezone: str
    max_file_bytes: int
    source_language: str | None
    outlets: Mapping[str, str]
    fetch_deadline: float
    dedup_days: int  # wire copies fold into a report first published within this many days
    zone: ZoneInfo = field(init=False, repr=False, compare=False)  # resolved when made


@dataclass(frozen=True)
class ExecutorOptions:
    """Where the work runs: "local" processes or a Dask cluster (its scheduler, the workers)."""

    executor: str
    scheduler: str | None
    workers: int | None


@dataclass(frozen=True)
class RankOptions:
    """Ordering a day's stories: how many lead, and the day's time zone."""

    top_stories: int
    timezone: str


@dataclass(frozen=True)
class RenderOptions(_Zoned):
    """Writing the outputs: where, which formats, the templates and their time limits, the
    paper, how many stories lead, the language shown, the day's time zone, PDF workers."""

    out_dir: Path
    formats: tuple[str, ...]
    templates_dir: Path | None
    paper: str
    template_timeout: float
    pdf_timeout: float
    top_stories: int
    target_language: str
    timezone: str
    workers: int | None
    zone: ZoneInfo = field(init=False, repr=False, compare=False)  # resolved when made


@dataclass(frozen=True)
class ThreadOptions:
    """Linking a day's stories to earlier days: how far back, and how similar."""

    thread_days: int
    thread_threshold: float


@dataclass(frozen=True)
class TranslateOptions:
    """Translation: the languages, the engine's knobs and the translation memory."""

    target_language: str
    source_language: str | None
    device: str
    compute_type: str
    beam_size: int
    translate_batch_size: int
    use_cache: bool
    state_path: Path
