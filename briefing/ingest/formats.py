"""Structured inputs: JSON (an object, a list, or ``{"articles": [...]}``), JSON Lines, and
RSS/Atom feeds (files, or URLs where a network allows). See ``docs/input-formats.md``."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html as htmllib
import json
import logging
import math
import re
from html.parser import HTMLParser
from typing import Any

from ..errors import EmptyRecord, InputError
from ..jsonl import json_lines
from ..models import Article, Skipped
from ..options import IngestOptions
from .dates import flag_future, parse_date_string
from .meta import article_id, detect_language, outlet_from
from .sanitize import (
    LANGUAGE_SHAPE,
    MAX_URL_CHARS,
    cap_title,
    clean_article,
    clean_line,
    clean_text,
)

__all__ = ["read_feed", "read_feed_url", "read_json", "read_jsonl", "record_to_article"]

log = logging.getLogger(__name__)


def _text_of(data: bytes, path: str) -> str:
    from .encoding import decode_text

    return decode_text(data, path)


# A numeric date is Unix seconds (or milliseconds, as JavaScript exports them) between these:
# news from 1900 to 2100. Anything else (1e30, -1e30, Infinity, NaN, 1e400) is not a date.
_MIN_STAMP = dt.datetime(1900, 1, 1, tzinfo=dt.UTC).timestamp()
_MAX_STAMP = dt.datetime(2100, 1, 1, tzinfo=dt.UTC).timestamp()
_MAX_DATE_CHARS = 200  # a date string longer than this is not a date


def _kind(value: Any) -> str:
    """What a JSON value is, for a message ("a number", "a list", ...)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` short enough for a warning line."""
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit] + "…"
    if isinstance(value, list | dict):
        return _kind(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**20:
        return "a huge number"
    text = repr(value)
    return text if len(text) <= limit + 10 else text[:limit] + "…"


def _parse_record_date(
    value: Any, settings: IngestOptions
) -> tuple[dt.date, dt.datetime | None] | None:
    """A record's date (string or number) -> (day, time); None when it is not a sane date."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str):
        if len(value) > _MAX_DATE_CHARS:
            return None
        try:
            return parse_date_string(value, settings.timezone)
        except (ValueError, OverflowError):  # a form the parser matched but cannot build
            return None
    try:
        seconds = float(value)
    except OverflowError:  # an integer with hundreds of digits
        return None
    if not math.isfinite(seconds):
        return None
    if abs(seconds) > 10**11:
        seconds /= 1000
    if not _MIN_STAMP <= seconds < _MAX_STAMP:
        return None
    stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).astimezone(settings.zone)
    return stamp.date(), stamp


_SAVED_KEYS = ("crawled_at", "crawled", "fetched_at", "saved_at", "scraped_at", "retrieved_at")


def _saved_at(record: dict[str, Any], settings: IngestOptions) -> dt.datetime | None:
    """When a record was crawled or saved (its dates may not be later than that)."""
    for key in _SAVED_KEYS:
        got = _parse_record_date(record.get(key), settings)
        if got is not None:
            day, stamp = got
            return stamp or dt.datetime.combine(day, dt.time(23, 59), tzinfo=settings.zone)
    return None


def _string(record: dict[str, Any], names: tuple[str, ...], notes: list[str]) -> str | None:
    """The first of ``names`` holding a non-empty string; a value of another type is ignored
    with a note (the record is kept)."""
    for name in names:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            return clean_text(value)
        notes.append(f"'{name}' is {_kind(value)}, not a string; ignored")
    return None


def _field(record: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` that holds text (a list of names is joined: several authors)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip())
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def record_to_article(record: dict[str, Any], *, path: str, settings: IngestOptions) -> Article:
    """One JSON object (``text`` or ``html``; optional ``title``, ``date``, ``url``, ``source``,
    ``language``, ``kicker``, ``teaser``, ``author``) -> an Article; raises
    ``InputError("path: reason")``.

    Every field is checked for its type and range here, where the record enters: a bad value
    is ignored with a warning on the article (and in the log) naming the record and the reason;
    only a record without usable ``text``/``html`` is skipped.
    """
    from . import _parse_html
    from .textfile import parse_text
    from .titles import clean_title, is_opinion

    notes: list[str] = []
    html = _string(record, ("html",), notes)
    text = _string(record, ("text",), notes)
    url = _string(record, ("url", "link"), notes)
    url = clean_line(url) if url else None
    if url and (" " in url or len(url) > MAX_URL_CHARS):
        notes.append(f"url {_shown(url)} is not a URL; ignored")
        url = None
    raw_title = _string(record, ("title",), notes)
    title = cap_title(clean_line(raw_title)) if raw_title else ""
    raw_lang = _string(record, ("language", "lang"), notes)
    lang = ""
    if raw_lang and raw_lang.strip():
        lang = raw_lang.strip().lower().split("-")[0].split("_")[0]
        if not LANGUAGE_SHAPE.fullmatch(lang):
            notes.append(f"language {_shown(raw_lang)} is not a language code; detected instead")
            lang = ""
    saved = _saved_at(record, settings)
    if html and html.strip():
        article = _parse_html(html, path=path, settings=settings, url=url, saved=saved)
    elif text and text.strip():
        article = parse_text(
            text, path=path, settings=settings, title=title or None, language=lang or None
        )
    else:
        why = "; ".join(n for n in notes if n.startswith(("'text'", "'html'")))
        detail = f" ({why})" if why else ""
        raise EmptyRecord(f"{path}: no 'text' or 'html' field with content{detail}")

    changes: dict[str, Any] = {}
    source = _string(record, ("source", "outlet", "site"), notes)
    if title:
        title = clean_title(title, [source], url) or title
        changes.update(title=title, title_derived=False)
    kicker = _field(record, "kicker", "topline", "overline") or article.kicker
    changes.update(
        kicker=kicker,
        teaser=_field(record, "teaser", "description", "standfirst") or article.teaser,
        author=_field(record, "author", "authors", "byline") or article.author,
        opinion=is_opinion(kicker, title or article.title) or article.opinion,
    )
    if url:
        changes["url"] = url
    if source and source.strip():
        changes["source"] = clean_line(source)
    elif url and not article.source:
        changes["source"] = outlet_from(None, url, path)
    if lang:
        changes["language"] = lang
    date_keys = ("date", "published", "datePublished")
    raw_date = next((record[k] for k in date_keys if record.get(k) not in (None, "")), None)
    warnings = article.warnings
    if raw_date is not None:
        got = _parse_record_date(raw_date, settings)
        if got is None:
            notes.append(f"unreadable date {_shown(raw_date)}; ignored")
        else:
            changes.update(
                date=got[0],
                published=got[1],
                date_confidence=0.95,
                date_method="metadata",
            )
            warnings = tuple(w for w in warnings if "reader comments" not in w)
    for note in notes:
        log.warning("%s: %s", path, note)
    changes["warnings"] = (*warnings, *notes)
    article = flag_future(clean_article(dataclasses.replace(article, **changes)), saved)
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


_RECORD_ERRORS = (ValueError, TypeError, LookupError, RecursionError, OverflowError)


def _read_records(
    records: list[tuple[int, Any]],
    *,
    path: str,
    settings: IngestOptions,
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
            skipped.append(Skipped(shown, str(exc).removeprefix(f"{where}: "), kind=exc.kind))
        except _RECORD_ERRORS as exc:
            # A parser choking on one strange record must not cost the rest of the file.
            log.warning("%s: unexpected error while reading the record", where, exc_info=True)
            skipped.append(Skipped(shown, f"could not be read ({type(exc).__name__}: {exc})"))
    return out


def read_json(
    data: bytes, *, path: str, settings: IngestOptions, skipped: list[Skipped]
) -> list[Article]:
    """A ``.json`` file: one object, a list of objects, or ``{"articles": [...]}``."""
    text = _text_of(data, path)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise InputError(f"{path}: not valid JSON (nested too deeply)") from None
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
    data: bytes, *, path: str, settings: IngestOptions, skipped: list[Skipped]
) -> list[Article]:
    """A ``.jsonl`` file: one object per line; a broken line is skipped, the rest are read."""
    text = _text_of(data, path)
    records: list[tuple[int, Any]] = []
    for lineno, value, problem in json_lines(text):
        if problem:
            skipped.append(Skipped(f"{path} line {lineno}", problem))
        else:
            records.append((lineno, value))
    articles = _read_records(records, path=path, settings=settings, skipped=skipped, label="line")
    if not articles:
        raise InputError(f"{path}: no readable record")
    return articles


class _FragmentText(HTMLParser):
    """HTML fragment -> text with blank lines between blocks (feed entries are fragments)."""

    _BLOCKS = frozenset({
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "section", "article", "tr", "table", "figure", "header", "footer",
    })  # fmt: skip
    _SKIP = frozenset({"script", "style", "figcaption", "noscript", "iframe"})

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


def _entry_date(entry: Any, settings: IngestOptions) -> tuple[dt.date, dt.datetime] | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                y, mo, d, h, mi, sec = (int(v) for v in st[:6])
                stamp = dt.datetime(y, mo, d, h, mi, min(sec, 59), tzinfo=dt.UTC)
                stamp = stamp.astimezone(settings.zone)
            except (ValueError, TypeError, OverflowError):
                continue  # an impossible time: the next field, or the text's own date
            return stamp.date(), stamp
    return None


@dataclasses.dataclass(frozen=True)
class _FeedInfo:
    title: str | None
    link: str | None
    language: str | None
    saved: dt.datetime | None  # lastBuildDate: an entry dated after it is in the future


def _entry_record(entry: Any, where: str, feed: _FeedInfo) -> dict[str, Any] | Skipped:
    """The record of one feed entry (text, url, author, teaser, title, source, language)."""
    from .outlets import feed_publisher

    content = ""
    if entry.get("content"):
        content = max((c.get("value", "") for c in entry.content), key=len)
    summary = entry.get("summary", "") or ""
    body = content if len(content) >= len(summary) else summary
    text = fragment_to_text(body)
    if not text.strip():
        return Skipped(where, "entry has no content or summary", kind="empty")
    record: dict[str, Any] = {"text": text, "url": entry.get("link")}
    if entry.get("author"):
        record["author"] = str(entry.get("author"))
    if content and summary and fragment_to_text(summary).strip() not in text:
        record["teaser"] = fragment_to_text(summary)
    if entry.get("title"):
        record["title"] = htmllib.unescape(entry.title)
    # The outlet is the publisher, not the feed's title ("n-tv.de - Startseite").
    publisher = feed_publisher(feed.title, entry.get("link"), feed.link)
    if publisher:
        record["source"] = publisher
    if feed.language:
        record["language"] = feed.language
    return record


def _feed_entry(
    entry: Any, where: str, settings: IngestOptions, feed: _FeedInfo
) -> Article | Skipped:
    """One feed entry as an article (with its feed date when it has one), or why it is not."""
    record = _entry_record(entry, where, feed)
    if isinstance(record, Skipped):
        return record
    try:
        article = record_to_article(record, path=where, settings=settings)
    except InputError as exc:
        return Skipped(where, str(exc).removeprefix(f"{where}: "))
    got = _entry_date(entry, settings)
    if got:
        article = dataclasses.replace(
            article, date=got[0], published=got[1], date_confidence=0.9, date_method="feed"
        )
        article = flag_future(article, feed.saved)
    if not feed.language and not record.get("language"):
        article = dataclasses.replace(article, language=detect_language(article.text))
    return article


def read_feed(
    data: bytes, *, path: str, settings: IngestOptions, skipped: list[Skipped]
) -> list[Article]:
    """An RSS or Atom feed: one article per entry with content or a summary."""
    import feedparser

    from .encoding import feed_bytes

    parsed = feedparser.parse(feed_bytes(data, path))
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({why})" if why else ""
        if parsed.get("version"):
            raise InputError(f"{path}: feed has no entries")
        raise InputError(f"{path}: not a valid RSS/Atom feed{detail}")
    feed = parsed.get("feed", {})
    feed_title = (feed.get("title") or "").strip() or None
    feed_link = feed.get("link") or (path if path.startswith(("http://", "https://")) else None)
    feed_lang = (feed.get("language") or "").strip().lower().split("-")[0] or None
    built = feed.get("updated_parsed")  # lastBuildDate (RSS) or <updated> (Atom)
    feed_saved = dt.datetime.fromtimestamp(calendar.timegm(built), dt.UTC) if built else None
    info = _FeedInfo(feed_title, feed_link, feed_lang, feed_saved)
    out: list[Article] = []
    entry_skips: list[Skipped] = []
    for n, entry in enumerate(parsed.entries, 1):
        got = _feed_entry(entry, f"{path}#{n}", settings, info)
        if isinstance(got, Skipped):
            entry_skips.append(got)
        else:
            out.append(got)
    if not out:
        why = parsed.get("bozo_exception")
        if parsed.get("bozo") and why:
            raise InputError(f"{path}: not a valid RSS/Atom feed ({why})")
        raise InputError(f"{path}: no feed entry with text ({len(parsed.entries)} entries)")
    skipped.extend(entry_skips)
    return out


def read_feed_url(url: str, settings: IngestOptions, *, skipped: list[Skipped]) -> list[Article]:
    """Fetch a feed over HTTP(S) within ``fetch_deadline`` seconds and read it; ``InputError``
    with the reason when it cannot (offline, HTTP error, too slow, too big)."""
    from .fetch import fetch_url

    data = fetch_url(url, deadline=settings.fetch_deadline, max_bytes=settings.max_file_bytes)
    if len(data) > settings.max_file_bytes:
        raise InputError(f"{url}: feed is over the size limit (max_file_bytes)")
    return read_feed(data, path=url, settings=settings, skipped=skipped)
