"""The output formats, as one table: name -> writer (or template), media type, file name, escaping.

``briefing build --format``, the configuration check, ``templates check``, the index page and
``briefing preview`` all read this table, so a new output format is one ``OutputFormat`` entry
(``register_format``) plus the module of its writer. Nothing heavy is imported here: the CLI
reads the table for its help text, and writers are named as ``"module:function"`` strings that
are imported only when a format is rendered.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Briefing
    from .options import RenderOptions

__all__ = [
    "OUTPUT_FORMATS",
    "OutputFormat",
    "RenderJob",
    "day_formats",
    "format_names",
    "get_format",
    "register_format",
]


@dataclass
class RenderJob:
    """What a writer gets: the briefing, the settings, the day (None for an archive-wide
    output), the days already in the output folder (archive outputs), and a list the PDF
    writer appends refused URLs to."""

    briefing: Briefing
    settings: RenderOptions
    day: dt.date | None = None
    listing: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


Writer = Callable[[RenderJob], "bytes | str"]


@dataclass(frozen=True)
class OutputFormat:
    """One output format of ``briefing build``."""

    name: str  # the --format value
    file_name: str  # "briefing.html": OUT/DAY/file_name (scope "day") or OUT/file_name ("archive")
    media_type: str  # what preview serves it as
    escaping: str  # how article text is made safe in it: html, markdown, json, xml, none
    writer: str | Writer  # "module:function" (imported when used) or the function itself
    template: str | None = None  # the template it renders, when it has one
    scope: str = "day"  # "day": one file per publication day; "archive": one per output folder
    check_days: str = "all"  # templates check renders it for "all" days or the "largest" one
    parallel: bool = False  # slow: the days are rendered in worker processes (render_all)
    doc: str = ""

    def write(self, job: RenderJob) -> bytes:
        """Run the writer; text is encoded as UTF-8."""
        fn = self.writer
        if isinstance(fn, str):
            module, _, name = fn.partition(":")
            fn = getattr(importlib.import_module(module), name)
        data = fn(job)
        return data.encode("utf-8") if isinstance(data, str) else data


_R = "briefing.render.writers:"

OUTPUT_FORMATS: dict[str, OutputFormat] = {}


def register_format(fmt: OutputFormat) -> OutputFormat:
    """Add (or replace) an output format; it is then known to every command that lists formats."""
    if fmt.scope not in ("day", "archive"):
        raise ValueError(f"{fmt.name}: scope must be 'day' or 'archive', not {fmt.scope!r}")
    OUTPUT_FORMATS[fmt.name] = fmt
    return fmt


for _fmt in (
    OutputFormat(
        "html",
        "briefing.html",
        "text/html; charset=utf-8",
        "html",
        _R + "day_html",
        template="briefing.html",
        doc="the screen page of one day",
    ),
    OutputFormat(
        "pdf",
        "briefing.pdf",
        "application/pdf",
        "html",
        _R + "day_pdf",
        template="print.html",
        check_days="largest",
        parallel=True,
        doc="print.html through WeasyPrint (the file that is mailed)",
    ),
    OutputFormat(
        "json",
        "briefing.json",
        "application/json",
        "json",
        _R + "day_json",
        doc="everything the templates see, for other programs",
    ),
    OutputFormat(
        "md",
        "briefing.md",
        "text/markdown; charset=utf-8",
        "markdown",
        _R + "day_md",
        template="briefing.md",
        doc="one day as Markdown",
    ),
    OutputFormat(
        "txt",
        "briefing.txt",
        "text/plain; charset=utf-8",
        "none",
        _R + "day_txt",
        template="briefing.txt",
        doc="one day as plain text",
    ),
    OutputFormat(
        "atom",
        "feed.atom",
        "application/atom+xml",
        "xml",
        "briefing.render.atom:write_atom",
        scope="archive",
        doc="an Atom 1.0 feed, one entry per day of the output folder",
    ),
):
    register_format(_fmt)


def format_names() -> tuple[str, ...]:
    """Every known format name, in table order."""
    return tuple(OUTPUT_FORMATS)


def get_format(name: str) -> OutputFormat | None:
    return OUTPUT_FORMATS.get(name.strip().lower())


def day_formats() -> tuple[OutputFormat, ...]:
    """The formats written once per publication day (what the index page links)."""
    return tuple(f for f in OUTPUT_FORMATS.values() if f.scope == "day")
