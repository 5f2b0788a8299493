"""``--format atom``: an Atom 1.0 feed of the briefing, ``OUT/feed.atom``.

One entry per publication day, newest first, for every day in the output folder (the days of
this run and those earlier runs left there, read back from their ``briefing.json``; at most
``MAX_ENTRIES``). An entry's title names the day and its lead story; its content (HTML, escaped)
holds the day's top stories with their summaries and source lines; it links the day's HTML page
(relative to the feed, so the folder can be published anywhere). Ids are stable ``urn:uuid``
values derived from the day, so a rebuilt day updates its entry instead of adding one.

The XML is built with ElementTree, so every value (titles and sentences come from articles) is
escaped once as XML, and once more as HTML inside the ``content``.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..fsutil import UntrustedJSONError, read_json_untrusted
from ..outputs import RenderJob
from ..serialize import briefing_from_dict
from .context import day_context, local_time

__all__ = ["MAX_ENTRIES", "write_atom"]

log = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 30
_NS = uuid.UUID("6f1c3c2e-3f4e-4f0e-9a53-2b8f0d8c1a11")  # the namespace of briefing's feed ids


def _n(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _stamp(t: dt.datetime) -> str:
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _title(story: dict[str, Any]) -> str:
    """A story's title as the feed shows it: an opinion piece says so, as in every output."""
    return ("Opinion: " if story.get("opinion") else "") + (story["title"] or "Untitled story")


def _content(ctx: dict[str, Any]) -> str:
    """The HTML of one day's entry: each top story's title, summary and source line."""
    e = html.escape
    parts = []
    for story in ctx["stories"]:
        title = e(_title(story))
        sentences = " ".join(e(s["text"]) for s in story["summary"])
        parts.append(
            f"<h3>{title}</h3><p>{sentences}</p><p><small>{e(story['source_line'])}</small></p>"
        )
    if ctx["also_today"]:
        items = "".join(f"<li>{e(_title(s))}</li>" for s in ctx["also_today"])
        parts.append(f"<h3>Also today</h3><ul>{items}</ul>")
    for n in ctx["notices"]:
        parts.append(f"<p><em>{e(n['text'])}</em></p>")
    return "".join(parts) or "<p>No stories for this day.</p>"


def _earlier_day(out_dir: Path, key: str) -> Any:
    """An earlier run's day, read back from its ``briefing.json`` (untrusted: anyone could have
    written it; every value still goes through ElementTree and html.escape)."""
    path = out_dir / key / "briefing.json"
    try:
        data = read_json_untrusted(path, max_bytes=50_000_000)
        return briefing_from_dict(data)
    except (
        UntrustedJSONError, ValueError, KeyError, TypeError, AttributeError, IndexError,
        OverflowError, RecursionError,
    ) as exc:  # fmt: skip
        log.warning("%s: not a briefing.json the feed can read (%s)", path, exc)
        return None


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def write_atom(job: RenderJob) -> bytes:
    """The feed of every day in ``job.listing`` (this run's days come from ``job.briefing``)."""
    settings = job.settings
    out_dir = Path(settings.out_dir)
    ours = {d.date.isoformat() for d in job.briefing.days}
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", "Briefing")
    _sub(feed, "subtitle", "A daily news briefing, machine-summarized and machine-translated.")
    _sub(feed, "id", f"urn:uuid:{uuid.uuid5(_NS, 'feed')}")
    _sub(feed, "link", rel="alternate", type="text/html", href="index.html")
    _sub(feed, "generator", "briefing")
    author = _sub(feed, "author")
    _sub(author, "name", "briefing")
    updated_el = _sub(feed, "updated")
    newest = job.briefing.generated_at
    for entry_day in job.listing[:MAX_ENTRIES]:
        key = entry_day["date"]
        source = job.briefing if key in ours else _earlier_day(out_dir, key)
        if source is None:
            continue
        day = dt.date.fromisoformat(key)
        ctx = day_context(source, day, settings, output="atom")
        generated = source.generated_at
        newest = max(newest, generated)
        entry = _sub(feed, "entry")
        lead = _title(ctx["stories"][0]) if ctx["stories"] else "No stories"
        _sub(entry, "title", f"{day.day} {day:%B %Y}: {lead}")
        _sub(entry, "id", f"urn:uuid:{uuid.uuid5(_NS, key)}")
        _sub(entry, "updated", _stamp(generated))
        _sub(entry, "published", _stamp(dt.datetime.combine(day, dt.time(), settings.zone)))
        page = entry_day["files"].get("html") or entry_day.get("main")
        if page:
            _sub(entry, "link", rel="alternate", type="text/html", href=page)
        if "pdf" in entry_day["files"]:
            _sub(
                entry,
                "link",
                rel="enclosure",
                type="application/pdf",
                href=entry_day["files"]["pdf"],
            )
        st = ctx["stats"]
        _sub(
            entry,
            "summary",
            f"{_n(st['stories'], 'story', 'stories')} from {_n(st['articles'], 'article')}; "
            f"generated {local_time(generated, settings)}",
        )
        _sub(entry, "content", _content(ctx), type="html")
    updated_el.text = _stamp(newest)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
