"""Structured inputs: JSON (an object, a list, or ``{"articles": [...]}``), JSON Lines, and
RSS/Atom feeds (files, or URLs where a network allows). See ``docs/input-formats.md``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as htmllib
import json
import logging
import re
from html.parser import HTMLParser
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..models import Article, Skipped
from .dates import parse_date_string
from .meta import article_id, detect_language, outlet_from

__all__ = ["read_json", "read_jsonl", "read_feed", "read_feed_url", "record_to_article"]

log = logging.getLogger(__name__)

_FEED_TIMEOUT = 20.0


def _text_of(data: bytes, path: str) -> str:
    from .encoding import decode_text

    return decode_text(data, path)


def _parse_record_date(value: Any, settings: Settings) -> tuple[dt.date, dt.datetime | None] | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Unix seconds (or milliseconds, as JavaScript exports them).
        seconds = value / 1000 if value > 10**11 else value
        stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).astimezone(settings.zone)
        return stamp.date(), stamp
    return parse_date_string(str(value), settings.timezone)


def record_to_article(record: dict[str, Any], *, path: str, settings: Settings) -> Article:
    """One JSON object (``text`` or ``html``; optional ``title``, ``date``, ``url``, ``source``,
    ``language``) -> an Article; raises ``InputError("path: reason")``."""
    from . import _parse_html
    from .textfile import parse_text

    text, html = record.get("text"), record.get("html")
    url = record.get("url") or record.get("link")
    url = str(url) if url else None
    raw_title = record.get("title")
    title = " ".join(raw_title.split()) if isinstance(raw_title, str) else ""
    raw_lang = record.get("language") or record.get("lang")
    lang = ""
    if isinstance(raw_lang, str) and raw_lang.strip():
        lang = raw_lang.strip().lower().split("-")[0].split("_")[0]
    if isinstance(html, str) and html.strip():
        article = _parse_html(html, path=path, settings=settings, url=url)
    elif isinstance(text, str) and text.strip():
        article = parse_text(
            text, path=path, settings=settings, title=title or None, language=lang or None
        )
    else:
        raise InputError(f"{path}: no 'text' or 'html' field with content")

    changes: dict[str, Any] = {}
    if title:
        changes.update(title=title, title_derived=False)
    if url:
        changes["url"] = url
    source = record.get("source") or record.get("outlet") or record.get("site")
    if isinstance(source, str) and source.strip():
        changes["source"] = source.strip()
    elif url and not article.source:
        changes["source"] = outlet_from(None, url, path)
    if lang:
        changes["language"] = lang
    raw_date = record.get("date") or record.get("published") or record.get("datePublished")
    if raw_date not in (None, ""):
        got = _parse_record_date(raw_date, settings)
        if got is None:
            changes["warnings"] = (*article.warnings, f"unreadable date {raw_date!r}; ignored")
        else:
            changes.update(
                date=got[0],
                published=got[1],
                date_confidence=0.95,
                date_method="metadata",
                warnings=tuple(w for w in article.warnings if "reader comments" not in w),
            )
    article = dataclasses.replace(article, **changes)
    # The id covers the record's place and its text, so edits and moves change it predictably.
    return dataclasses.replace(article, id=article_id(path, article.text))


def _records_from(obj: Any) -> list[Any]:
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict):
        for key in ("articles", "items", "entries", "data"):
            if isinstance(obj.get(key), list) and "text" not in obj and "html" not in obj:
                return list(obj[key])
        return [obj]
    return [obj]


def _read_records(
    records: list[tuple[int, Any]],
    *,
    path: str,
    settings: Settings,
    skipped: list[Skipped],
    label: str = "#",
) -> list[Article]:
    """Records -> articles; a bad record is skipped as "file#N" (JSON) or "file line N" (JSONL)."""
    out: list[Article] = []
    for n, record in records:
        where = f"{path}#{n}"
        shown = where if label == "#" else f"{path} line {n}"
        if not isinstance(record, dict):
            skipped.append(Skipped(shown, f"not a JSON object ({type(record).__name__})"))
            continue
        try:
            out.append(record_to_article(record, path=where, settings=settings))
        except InputError as exc:
            skipped.append(Skipped(shown, str(exc).removeprefix(f"{where}: ")))
    return out


def read_json(
    data: bytes, *, path: str, settings: Settings, skipped: list[Skipped]
) -> list[Article]:
    """A ``.json`` file: one object, a list of objects, or ``{"articles": [...]}``."""
    text = _text_of(data, path)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    records = _records_from(obj)
    if not records:
        raise InputError(f"{path}: no records")
    articles = _read_records(
        list(enumerate(records, 1)), path=path, settings=settings, skipped=skipped
    )
    if not articles:
        raise InputError(f"{path}: no readable record")
    return articles


def read_jsonl(
    data: bytes, *, path: str, settings: Settings, skipped: list[Skipped]
) -> list[Article]:
    """A ``.jsonl`` file: one object per line; a broken line is skipped, the rest are read."""
    text = _text_of(data, path)
    records: list[tuple[int, Any]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append((lineno, json.loads(line)))
        except json.JSONDecodeError:
            skipped.append(Skipped(f"{path} line {lineno}", "not valid JSON"))
    articles = _read_records(records, path=path, settings=settings, skipped=skipped, label="line")
    if not articles:
        raise InputError(f"{path}: no readable record")
    return articles


class _FragmentText(HTMLParser):
    """HTML fragment -> text with blank lines between blocks (feed entries are fragments)."""

    _BLOCKS = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "section", "article", "tr", "table", "figure", "header", "footer",
    }  # fmt: skip
    _SKIP = {"script", "style", "figcaption", "noscript", "iframe"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " "))


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment, paragraphs separated by blank lines."""
    if "<" not in fragment:
        return htmllib.unescape(fragment)
    parser = _FragmentText()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _entry_date(entry: Any, settings: Settings) -> tuple[dt.date, dt.datetime] | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            y, mo, d, h, mi, sec = (int(v) for v in st[:6])
            stamp = dt.datetime(y, mo, d, h, mi, min(sec, 59), tzinfo=dt.UTC)
            stamp = stamp.astimezone(settings.zone)
            return stamp.date(), stamp
    return None


def read_feed(
    data: bytes, *, path: str, settings: Settings, skipped: list[Skipped]
) -> list[Article]:
    """An RSS or Atom feed: one article per entry with content or a summary."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({why})" if why else ""
        if parsed.get("version"):
            raise InputError(f"{path}: feed has no entries")
        raise InputError(f"{path}: not a valid RSS/Atom feed{detail}")
    feed = parsed.get("feed", {})
    feed_title = (feed.get("title") or "").strip() or None
    feed_lang = (feed.get("language") or "").strip().lower().split("-")[0] or None
    out: list[Article] = []
    entry_skips: list[Skipped] = []
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{path}#{n}"
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "") or ""
        body = content if len(content) >= len(summary) else summary
        text = fragment_to_text(body)
        if not text.strip():
            entry_skips.append(Skipped(where, "entry has no content or summary"))
            continue
        record: dict[str, Any] = {"text": text, "url": entry.get("link")}
        if entry.get("title"):
            record["title"] = htmllib.unescape(entry.title)
        if feed_title:
            record["source"] = feed_title
        if feed_lang:
            record["language"] = feed_lang
        try:
            article = record_to_article(record, path=where, settings=settings)
        except InputError as exc:
            entry_skips.append(Skipped(where, str(exc).removeprefix(f"{where}: ")))
            continue
        got = _entry_date(entry, settings)
        if got:
            article = dataclasses.replace(
                article, date=got[0], published=got[1], date_confidence=0.9, date_method="feed"
            )
        if not feed_lang and not record.get("language"):
            article = dataclasses.replace(article, language=detect_language(article.text))
        out.append(article)
    if not out:
        why = parsed.get("bozo_exception")
        if parsed.get("bozo") and why:
            raise InputError(f"{path}: not a valid RSS/Atom feed ({why})")
        raise InputError(f"{path}: no feed entry with text ({len(parsed.entries)} entries)")
    skipped.extend(entry_skips)
    return out


def read_feed_url(url: str, settings: Settings, *, skipped: list[Skipped]) -> list[Article]:
    """Fetch a feed over HTTP(S) and read it; ``InputError`` with the reason when offline."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "briefing (feed reader)"})
    try:
        with urllib.request.urlopen(req, timeout=_FEED_TIMEOUT) as resp:  # noqa: S310
            data = resp.read(settings.max_file_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch feed: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"{url}: cannot fetch feed (no network?): {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(f"{url}: cannot fetch feed: {exc}") from None
    if len(data) > settings.max_file_bytes:
        raise InputError(f"{url}: feed is over the size limit (max_file_bytes)")
    return read_feed(data, path=url, settings=settings, skipped=skipped)
