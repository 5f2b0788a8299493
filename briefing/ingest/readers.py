"""The input readers, as one table: file suffix (or, for a file without one, its sniffed
type) -> reader. ``read_file`` looks a file up here, so a new input format is one ``Reader``
entry (``register_reader``) plus the module that parses it. Readers are named as
``"module:function"`` strings and imported only when a file of their kind is read.

A reader is ``fn(data: bytes, *, path: str, settings, skipped: list[Skipped]) -> list[Article]``;
it raises ``InputError("path: reason")`` when the whole file cannot be read and appends bad
records of an otherwise good file to ``skipped``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Article, Skipped
    from ..options import IngestOptions

__all__ = ["READERS", "Reader", "reader_for_suffix", "register_reader", "sniff_reader", "suffixes"]

ReadFn = Callable[..., "list[Article]"]


@dataclass(frozen=True)
class Reader:
    """One kind of input file."""

    name: str  # "text", "html", ... (shown in docs and errors)
    suffixes: tuple[str, ...]  # lower-case, with the dot
    read: str | ReadFn  # "module:function" or the function itself
    sniff: re.Pattern[bytes] | None = None  # start of a file without suffix that means this kind
    doc: str = ""

    def __call__(
        self, data: bytes, *, path: str, settings: IngestOptions, skipped: list[Skipped]
    ) -> list[Article]:
        fn = self.read
        if isinstance(fn, str):
            module, _, name = fn.partition(":")
            fn = getattr(importlib.import_module(module), name)
        out: list[Article] = fn(data, path=path, settings=settings, skipped=skipped)
        return out


READERS: dict[str, Reader] = {}


def register_reader(reader: Reader) -> Reader:
    """Add (or replace) a reader; its suffixes are then read by every command."""
    READERS[reader.name] = reader
    return reader


def _read_text(data: bytes, *, path: str, settings: IngestOptions, skipped: Any) -> list[Article]:
    from .encoding import decode_text
    from .textfile import parse_text

    return [parse_text(decode_text(data, path), path=path, settings=settings)]


def _read_html(data: bytes, *, path: str, settings: IngestOptions, skipped: Any) -> list[Article]:
    from pathlib import Path

    from . import _parse_html, saved_time
    from .encoding import decode_html

    html = decode_html(data, path)
    return [_parse_html(html, path=path, settings=settings, saved=saved_time(Path(path)))]


_M = "briefing.ingest.readers:"
_F = "briefing.ingest.formats:"
_WS = rb"^(?:\xef\xbb\xbf)?\s*"
for _reader in (
    Reader(
        "text",
        (".txt", ".text"),
        _M + "_read_text",
        doc="a plain-text article (the scraper's seed format)",
    ),
    Reader(
        "html",
        (".html", ".htm", ".xhtml"),
        _M + "_read_html",
        sniff=re.compile(_WS + rb"<(?:!doctype\s+html|html)\b", re.I),
        doc="a saved web page",
    ),
    Reader(
        "json",
        (".json",),
        _F + "read_json",
        sniff=re.compile(_WS + rb"[\[{]"),
        doc='one article object, a list of them, or {"articles": [...]}',
    ),
    Reader("jsonl", (".jsonl", ".ndjson"), _F + "read_jsonl", doc="one article object per line"),
    Reader(
        "feed",
        (".xml", ".rss", ".atom"),
        _F + "read_feed",
        sniff=re.compile(_WS + rb"(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b", re.I),
        doc="an RSS or Atom feed: one article per entry",
    ),
    Reader(
        "csv",
        (".csv", ".tsv"),
        "briefing.ingest.csvfile:read_csv",
        doc="a table with a header row: one article per row",
    ),
):
    register_reader(_reader)


def suffixes() -> tuple[str, ...]:
    """Every suffix some reader takes, sorted."""
    return tuple(sorted({s for r in READERS.values() for s in r.suffixes}))


def reader_for_suffix(suffix: str) -> Reader | None:
    suffix = suffix.lower()
    return next((r for r in READERS.values() if suffix in r.suffixes), None)


def sniff_reader(head: bytes) -> Reader | None:
    """The reader of a file without suffix, from its first bytes (None: not recognised)."""
    for r in READERS.values():
        if r.sniff is not None and r.sniff.match(head[:1024]):
            return r
    return None
